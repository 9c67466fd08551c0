// A contract's source map (the build writes build/<name>.wasm.map beside build/<name>.wasm) and the
// lookup of a byte offset of that wasm: AssemblyScript file, line, column, the function, and for code
// the contract API inlined into the contract, which API function was called there.
//
// The format is a standard source map v3 for wasm (one generated line; the column is the byte offset in
// the module, as binaryen and browsers use it) with the `x_casper_as` extension the build adds
// (scripts/build/source-map.ts): the function names the release module does not carry, the inlined
// call sites, and the sha256 of the wasm it describes.

import { decodedMappings, TraceMap, traceSegment } from "@jridgewell/trace-mapping";

export interface CasperSourceMapExtension {
  /** sha256 (hex) of the wasm the map describes */
  readonly wasmSha256: string;
  /** function index (imports counted) -> the compiler's internal name */
  readonly functions: Readonly<Record<string, string>>;
  /** `<file>:<line>:<column>` of a call in contract code -> the library function inlined there (internal name) */
  readonly inlinedCalls: Readonly<Record<string, string>>;
  /** indices in `sources` of library code (the standard library, the contract API) */
  readonly librarySources?: readonly number[];
  /** sources the class-form transform appended code to: where each appended line comes from */
  readonly generated?: Readonly<Record<string, GeneratedSourceInfo>>;
}

/**
 * A contract source the build's class-form transform rewrote: the first `lines` lines are the source as
 * written (edited in place, line for line); each line after them was generated, and `appended[i]` is
 * [line, column, index in `what`] of the declaration line `lines + 1 + i` was generated for.
 */
export interface GeneratedSourceInfo {
  readonly lines: number;
  readonly appended: readonly (readonly [number, number, number])[];
  readonly what: readonly string[];
}

export interface CasperSourceMap {
  readonly version: 3;
  readonly file: string;
  readonly sourceRoot?: string;
  readonly sources: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
  readonly names: readonly string[];
  readonly mappings: string;
  readonly x_casper_as: CasperSourceMapExtension;
}

export class SourceMapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SourceMapError";
  }
}

/** Checks the shape of a parsed map file (what the lookup relies on); `where` names it in errors. */
export function checkSourceMap(value: unknown, where: string): CasperSourceMap {
  const m = value as Partial<CasperSourceMap> | null;
  const fail = (why: string): never => {
    throw new SourceMapError(`${where}: ${why}`);
  };
  if (typeof m !== "object" || m === null) fail("not a JSON object");
  if (m!.version !== 3) fail(`version ${JSON.stringify(m!.version)}, expected 3`);
  if (!Array.isArray(m!.sources) || !m!.sources.every((s) => typeof s === "string")) fail("sources must be a list of paths");
  if (typeof m!.mappings !== "string") fail("mappings must be a string");
  const x = m!.x_casper_as;
  if (typeof x !== "object" || x === null || typeof x.wasmSha256 !== "string" || !/^[0-9a-f]{64}$/.test(x.wasmSha256)) {
    fail("x_casper_as.wasmSha256 is missing: not a map written by the casper-as build");
  }
  return m as CasperSourceMap;
}

export interface SourcePosition {
  /** the source's path as the compiler names it: relative to the project root, `~lib/...` for libraries */
  readonly file: string;
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly column: number;
}

/** What a byte offset of a module is in its sources. */
export interface SourceLocation {
  /** true when the source is library code (the standard library, the contract API), not the contract's own */
  readonly library?: boolean;
  /** the function (readable form of the compiler's name), when the map names it */
  readonly function?: string;
  /** file, line and column; undefined for code the map does not cover */
  readonly source?: SourcePosition;
  /** the library function inlined at `source` (e.g. `getNamedArg<PublicKey>`): `source` is the call */
  readonly inlined?: string;
  /** for code the build generated (the class form): what it does there, e.g. "reading argument weight of entry point set_key_weight" */
  readonly generated?: string;
  /** the text of the source line, trimmed */
  readonly text?: string;
  /**
   * For library code the optimizer inlined into a function of the contract's own code: the nearest
   * position of that function's own code before it (the call that brought the library code in)
   */
  readonly caller?: SourcePosition & { readonly text?: string; readonly inlined?: string; readonly generated?: string };
}

/**
 * The readable form of a compiler name: paths dropped from every qualified name, so
 * `assembly/runtime/getNamedArg<assembly/types/public_key/PublicKey>` reads `getNamedArg<PublicKey>`,
 * `assembly/types/u512/U512#add` reads `U512#add`.
 */
export function readableName(internal: string): string {
  return internal.replace(/(?:[~\w.@$-]+\/)+/g, "");
}

export class SourceMapIndex {
  private readonly trace: TraceMap;
  private readonly lines = new Map<number, string[]>();
  private readonly library: ReadonlySet<number>;

  constructor(readonly map: CasperSourceMap) {
    // the build's sourceRoot points from the map's folder to the project root (for other tools); the
    // lookup reports sources as the compiler names them
    this.library = new Set(map.x_casper_as.librarySources ?? map.sources.flatMap((s, i) => (s.startsWith("~lib/") ? [i] : [])));
    this.trace = new TraceMap({ ...map, sourceRoot: undefined, sources: [...map.sources], names: [...map.names], sourcesContent: map.sourcesContent ? [...map.sourcesContent] : undefined });
  }

  /** sha256 of the wasm this map describes */
  get wasmSha256(): string {
    return this.map.x_casper_as.wasmSha256;
  }

  /** The function name of function `index` of the module (readable form), if the map has it. */
  functionName(index: number): string | undefined {
    const name = this.map.x_casper_as.functions[String(index)];
    return name === undefined ? undefined : readableName(name);
  }

  /**
   * The source of byte `offset` of the module. `fn` (when known) is the function holding it: its index
   * names it, and its code range bounds the search for the contract's own line around inlined library code.
   */
  locate(offset: number, fn?: { functionIndex: number; start: number; end: number }): SourceLocation {
    const name = fn === undefined ? undefined : this.functionName(fn.functionIndex);
    let segment: readonly number[] | null | undefined = traceSegment(this.trace, 0, offset);
    // the optimizer leaves some instructions it made without a location: they belong to the line before
    if ((!segment || segment.length < 4) && fn) segment = this.segmentBefore(offset, fn.start, () => true);
    if (!segment || segment.length < 4) return { function: name };
    const [, sourceIndex, line0, column0] = segment as [number, number, number, number];
    const here = this.position(sourceIndex, line0, column0);
    const library = this.library.has(sourceIndex);
    const caller = library && fn && !this.isLibraryFunction(fn.functionIndex) ? this.ownCodeBefore(offset, fn.start) : undefined;
    return { library, function: name, source: { file: here.file, line: here.line, column: here.column }, inlined: here.inlined, generated: here.generated, text: here.text, caller };
  }

  private position(sourceIndex: number, line0: number, column0: number): SourcePosition & { text?: string; inlined?: string; generated?: string } {
    const file = this.map.sources[sourceIndex];
    const line = line0 + 1;
    const inlinedName = this.map.x_casper_as.inlinedCalls[`${file}:${line}:${column0}`];
    const inlined = inlinedName === undefined ? undefined : readableName(inlinedName);
    // code the class form appended: the declaration it was generated for
    const gen = this.map.x_casper_as.generated?.[file];
    const from = gen && line > gen.lines ? gen.appended[line - gen.lines - 1] : undefined;
    if (from) return { file, line: from[0], column: from[1], text: this.sourceLine(sourceIndex, from[0]), inlined, generated: gen!.what[from[2]] };
    return { file, line, column: column0 + 1, text: this.sourceLine(sourceIndex, line), inlined };
  }

  /**
   * Where a function is defined: the first position in its code [start, end) in the file its compiler
   * name says it comes from (`assembly/contracts/keys_manager/call` -> assembly/contracts/keys_manager.ts).
   */
  definedAt(fn: { functionIndex: number; start: number; end: number }): SourcePosition | undefined {
    const internal = this.map.x_casper_as.functions[String(fn.functionIndex)];
    if (internal === undefined) return undefined;
    const files = new Set<number>();
    this.map.sources.forEach((file, i) => {
      const stem = file.replace(/(\/index)?\.ts$/, "");
      if (internal.startsWith(`${stem}/`) && !internal.slice(stem.length + 1).split(/[<#]/)[0].includes("/")) files.add(i);
    });
    const segments = decodedMappings(this.trace)[0] ?? [];
    for (const s of segments) {
      if (s[0] < fn.start || s.length < 4) continue;
      if (s[0] >= fn.end) break;
      if (files.has(s[1]!)) return this.position(s[1]!, s[2]!, s[3]!);
    }
    return undefined;
  }

  /** A function whose compiler name says it is defined in a library source. */
  private isLibraryFunction(functionIndex: number): boolean {
    const internal = this.map.x_casper_as.functions[String(functionIndex)];
    if (internal === undefined) return true;
    if (internal.startsWith("~lib/")) return true;
    return [...this.library].some((i) => internal.startsWith(`${this.map.sources[i].replace(/\.ts$/, "")}/`));
  }

  /** The last mapping of the contract's own code in [start, offset) (the line whose call brought library code in). */
  private ownCodeBefore(offset: number, start: number): (SourcePosition & { text?: string; inlined?: string; generated?: string }) | undefined {
    const s = this.segmentBefore(offset, start, (source) => !this.library.has(source));
    return s ? this.position(s[1]!, s[2]!, s[3]!) : undefined;
  }

  /** The last mapping with a source that `wanted` accepts, at or before `offset` and not before `start`. */
  private segmentBefore(offset: number, start: number, wanted: (sourceIndex: number) => boolean): readonly number[] | undefined {
    const segments = decodedMappings(this.trace)[0] ?? [];
    let lo = 0;
    let hi = segments.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segments[mid][0] <= offset) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = at; i >= 0 && segments[i][0] >= start; i--) {
      const s = segments[i];
      if (s.length >= 4 && wanted(s[1]!)) return s;
    }
    return undefined;
  }

  private sourceLine(sourceIndex: number, line: number): string | undefined {
    let lines = this.lines.get(sourceIndex);
    if (!lines) {
      const content = this.map.sourcesContent?.[sourceIndex];
      if (typeof content !== "string") return undefined;
      lines = content.split(/\r?\n/);
      this.lines.set(sourceIndex, lines);
    }
    return lines[line - 1]?.trim();
  }
}
