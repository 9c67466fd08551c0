// Source maps of the build. asc writes a map of the module it emits (the post-processing runs inside
// asc's emit, post-process.ts postProcessAtEmit, so the map describes the shipped bytes); this file
// turns it into the map written beside each artifact (build/<name>.wasm.map) and strips what asc put
// in the module to emit it: the deployed wasm is byte for byte what it is without maps.
//
// Two additions the engine's error reports read (host/debug/source-map.ts), under `x_casper_as`:
//  - the wasm's function names (asc emits them with --debug; the release module drops them);
//  - the call sites of inlined library code. asc inlines `@inline` functions of the contract API
//    (runtime.getNamedArg, revert, ...) while compiling, and their code keeps the API's own lines, so a
//    revert inside getNamedArg would point into assembly/runtime.ts. `callSiteAttribution` re-points
//    the library code inlined into a contract's own code at the contract's call (file, line and column
//    of `runtime.getNamedArg<PublicKey>("delegator")`) and records which function was inlined there.
import * as assemblyscript from "assemblyscript";
import { createHash } from "node:crypto";
import path from "node:path";
import { decodeFunctionNames, decodeModule, ALL_FEATURES } from "../../host/wasm/decode.ts";
import type { CasperSourceMap, GeneratedSourceInfo } from "../../host/debug/source-map.ts";
import type { ContractModel } from "./transform/model.ts";

/** What asc's compiler objects look like to the attribution (asc 0.28 internals). */
interface AscRange {
  source: { normalizedPath: string; lineAt(pos: number): number; columnAt(): number };
  start: number;
}
interface AscCompiler {
  program: object;
  currentFlow?: { targetFunction?: { debugLocations?: Map<number, AscRange> } };
}
type CallMethod = (this: AscCompiler, instance: { internalName: string }, args: unknown, reportNode: { range?: AscRange } | null, ...rest: unknown[]) => number;

interface Attribution {
  isLibrary(normalizedPath: string): boolean;
  /** `<file>:<line>:<column>` of a call site -> the library function inlined there */
  readonly inlined: Map<string, string>;
}

const attributions = new WeakMap<object, Attribution>();
let patched: boolean | undefined;

/**
 * Wraps asc's two call compilers (compileCallDirect, makeCallDirect) once per process. While a call
 * written in non-library code is compiled, every debug location the compiler adds with a library file
 * (inlined code) is replaced by the call's own; the function then knows nothing else changed. Only
 * programs registered by `callSiteAttribution` are touched. Returns false when asc's internals are not
 * what this expects (the maps are still written, without the attribution).
 */
function patchCompiler(): boolean {
  if (patched !== undefined) return patched;
  const proto = (assemblyscript as unknown as { Compiler?: { prototype: Record<string, unknown> } }).Compiler?.prototype;
  const methods = ["compileCallDirect", "makeCallDirect"];
  patched = !!proto && methods.every((m) => typeof proto[m] === "function");
  if (!patched) return false;
  for (const method of methods) {
    const original = proto![method] as CallMethod;
    proto![method] = function (this: AscCompiler, instance, args, reportNode, ...rest) {
      const context = attributions.get(this.program);
      const site = reportNode?.range;
      const locations = this.currentFlow?.targetFunction?.debugLocations;
      if (!context || !site || !locations || context.isLibrary(site.source.normalizedPath)) {
        return original.call(this, instance, args, reportNode, ...rest);
      }
      const before = locations.size;
      const result = original.call(this, instance, args, reportNode, ...rest);
      let index = 0;
      let moved = false;
      for (const [expr, range] of locations) {
        if (index++ < before) continue;
        if (context.isLibrary(range.source.normalizedPath)) {
          locations.set(expr, site);
          moved = true;
        }
      }
      if (moved) context.inlined.set(siteKey(site), instance.internalName);
      return result;
    } satisfies CallMethod;
  }
  return true;
}

function siteKey(range: AscRange): string {
  const line = range.source.lineAt(range.start);
  const column = range.source.columnAt() - 1; // as asc writes it (0-based)
  return `${range.source.normalizedPath}:${line}:${column}`;
}

export interface AttributionTransform {
  afterInitialize(program: object): void;
  /** whether a source (as asc names it) is library code */
  isLibrary(normalizedPath: string): boolean;
  /** call site -> inlined function (internal names), filled while asc compiles */
  readonly inlined: Map<string, string>;
}

/**
 * An asc transform that turns on the call-site attribution for one compilation. `libraryDirs`:
 * normalized path prefixes of library code besides `~lib/` (asc's name for the standard library and
 * packages), e.g. "assembly/" for the contract API when it is compiled from this repository.
 */
export function callSiteAttribution(libraryDirs: readonly string[], except: readonly string[] = []): AttributionTransform {
  const inlined = new Map<string, string>();
  const isLibrary = (p: string) => p.startsWith("~lib/") || (libraryDirs.some((d) => p.startsWith(d)) && !except.some((d) => p.startsWith(d)));
  return {
    inlined,
    isLibrary,
    afterInitialize(program) {
      if (patchCompiler()) attributions.set(program, { isLibrary, inlined });
    },
  };
}

/** The custom sections of `wasm` removed, except those `keep` names (code offsets do not move: custom sections the build removes come after the code). */
export function withoutCustomSections(wasm: Uint8Array, keep: (name: string) => boolean = () => false): Uint8Array {
  const parts: Uint8Array[] = [wasm.subarray(0, 8)];
  let pos = 8;
  while (pos < wasm.length) {
    const start = pos;
    const id = wasm[pos++];
    let size = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = wasm[pos++];
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    const end = pos + size;
    if (id !== 0) {
      parts.push(wasm.subarray(start, end));
    } else {
      let at = pos;
      let nameLength = 0;
      let nameShift = 0;
      do {
        byte = wasm[at++];
        nameLength += (byte & 0x7f) * 2 ** nameShift;
        nameShift += 7;
      } while (byte & 0x80);
      const name = new TextDecoder().decode(wasm.subarray(at, at + nameLength));
      if (keep(name)) parts.push(wasm.subarray(start, end));
    }
    pos = end;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface AscSourceMap {
  version: number;
  sources: string[];
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

/**
 * The artifact and its map from what asc emitted (`emitted`: with names and a sourceMappingURL
 * section). `keepNames`: the debug variant keeps its name section. `file`: the artifact's file name.
 */
/** The class form's generated code, for the map (see generatedSource). */
export interface TransformedSources {
  /** normalized path -> the text asc compiled */
  readonly generated: ReadonlyMap<string, string>;
  readonly model: ContractModel | null;
  /** reads a source as written (the project's file) */
  readonly original: (normalizedPath: string) => string | undefined;
}

/** 1-based line and column of `offset` in `text`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Where the code the class-form transform appended to a contract's source comes from: each appended line
 * points at the declaration it was generated for (an entry point's method, the argument one of its lines
 * decodes, the class for the installer). The transform keeps the lines of the source it edits in place.
 */
export function generatedSource(generated: string, original: string, model: ContractModel | null): GeneratedSourceInfo {
  const lines = original.split("\n").length;
  const what: string[] = [];
  const whatIndex = (w: string) => (what.includes(w) ? what.indexOf(w) : what.push(w) - 1);
  const at = (node: { range: { start: number } } | undefined) => lineColumn(original, node?.range.start ?? 0);
  const appended: [number, number, number][] = [];
  let current = { ...at(model?.node), what: whatIndex(`code generated for class ${model?.className ?? "?"}`) };
  let entryPoint: ContractModel["entryPoints"][number] | undefined;
  for (const text of generated.split("\n").slice(lines)) {
    const fn = /^export function (\w+)\(/.exec(text);
    if (fn) {
      entryPoint = model?.entryPoints.find((e) => e.name === fn[1]);
      current = entryPoint
        ? { ...at(entryPoint.node), what: whatIndex(`entry point ${entryPoint.name}`) }
        : { ...at(model?.constructorNode ?? model?.node), what: whatIndex(fn[1] === "call" ? "the installer `call`" : `generated ${fn[1]}`) };
    }
    const arg = /^\s*const __casper_a(\d+) = /.exec(text);
    const argModel = arg && entryPoint ? entryPoint.args[Number(arg[1])] : undefined;
    if (argModel && entryPoint) {
      const p = at(argModel.node);
      appended.push([p.line, p.column, whatIndex(`reading argument ${argModel.name} of entry point ${entryPoint.name}`)]);
    } else appended.push([current.line, current.column, current.what]);
  }
  return { lines, appended, what };
}

export function finishArtifact(emitted: Uint8Array, ascMap: string, options: { keepNames: boolean; file: string; attribution: AttributionTransform; transformed?: TransformedSources }): { wasm: Uint8Array; map: CasperSourceMap } {
  const wasm = withoutCustomSections(emitted, (name) => options.keepNames && name === "name");
  const parsed = JSON.parse(ascMap) as AscSourceMap;
  const functions: Record<string, string> = {};
  for (const [index, name] of decodeFunctionNames(decodeModule(emitted, { features: ALL_FEATURES }))) functions[index] = name;
  const generated: Record<string, GeneratedSourceInfo> = {};
  const sourcesContent = parsed.sourcesContent ? [...parsed.sourcesContent] : undefined;
  for (const [normalized, text] of options.transformed?.generated ?? []) {
    const index = parsed.sources.findIndex((s) => s === normalized || s === `${normalized}.ts` || s.replace(/\.ts$/, "") === normalized.replace(/\.ts$/, ""));
    const original = options.transformed!.original(parsed.sources[index] ?? normalized);
    if (index < 0 || original === undefined) continue;
    generated[parsed.sources[index]] = generatedSource(text, original, options.transformed!.model);
    // the map shows the source as written, not as the transform rewrote it
    if (sourcesContent) sourcesContent[index] = original;
  }
  const inlinedCalls: Record<string, string> = {};
  for (const [site, name] of options.attribution.inlined) inlinedCalls[site] = name;
  const map: CasperSourceMap = {
    version: 3,
    file: path.basename(options.file),
    sources: parsed.sources,
    // the contract's own sources only (the text of a line to show); library text is left out (size)
    sourcesContent: sourcesContent?.map((text, i) => (options.attribution.isLibrary(parsed.sources[i]) ? null : text)),
    names: parsed.names ?? [],
    mappings: parsed.mappings,
    x_casper_as: {
      wasmSha256: createHash("sha256").update(wasm).digest("hex"),
      functions,
      inlinedCalls,
      librarySources: parsed.sources.flatMap((s, i) => (options.attribution.isLibrary(s) ? [i] : [])),
      generated,
    },
  };
  return { wasm, map };
}
