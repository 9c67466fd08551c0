// Compiles one AssemblyScript entry file to wasm bytes with the project's flags (asconfig.json,
// passed explicitly: asc would otherwise pick up whatever asconfig.json sits in the cwd), running the
// class-form transform (scripts/build/transform), post-processes asc's module as asc emits it
// (post-process.ts), and keeps asc's source map of the result (source-map.ts). Runs asc in-process: many
// modules, one process. asc's own diagnostics (warnings included) come back with the result, so the
// build can show them.
import asc from "assemblyscript/asc";
import path from "node:path";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { API_DIR, ASCONFIG, ROOT, TOOLKIT_ROOT } from "./paths.ts";
import { postProcessAtEmit } from "./post-process.ts";
import { NAME_BYTES_FUNCTION, KEEP_NAME_BYTES_EXPORT, OBSERVED_MEMORY_EXPORT } from "./static-names.ts";
import { callSiteAttribution, finishArtifact, withoutCustomSections } from "./source-map.ts";
import CasperContractTransform, { type ContractOutput } from "./transform/index.ts";
import type { CasperSourceMap } from "../../host/debug/source-map.ts";

export type Target = "release" | "debug";

export class CompileError extends Error {}

export interface CompileOptions {
  /** pre-encode literal names (default true; off only to compare in tests) */
  staticNames?: boolean;
  /** artifact name, for the schema's wasm file name and the source map's `file` (default: the entry's name) */
  name?: string;
  /**
   * the protocol the contract is declared for (casper.build.json): "2.0.0" defines CASPER_PROTOCOL_2X
   * (assembly/protocol.ts CASPER_2X), so 2.x-only code is compiled and a class-form contract installs the
   * 2.x way; otherwise the module is built to run on 1.5.x and 2.x
   */
  protocol?: "1.5.8" | "2.0.0";
  /** ask asc for a source map (default true; off only to show in tests that maps change nothing) */
  sourceMap?: boolean;
}

export interface Compiled {
  /** the module shipped: exactly the bytes of a build without source maps */
  wasm: Uint8Array;
  /** its source map (build/<name>.wasm.map); null when not asked for */
  sourceMap: CasperSourceMap | null;
  /** asc's warnings and infos, as it prints them (empty when it had nothing to say) */
  diagnostics: string;
  /** what the transform made of a class-form contract, or null for hand-written code */
  contract: ContractOutput | null;
  /** the sources the transform rewrote (normalized path -> text) */
  generated: Map<string, string>;
}

let packageVersion: string | undefined;
function toolchain(): string {
  packageVersion ??= (JSON.parse(readFileSync(path.join(TOOLKIT_ROOT, "package.json"), "utf8")) as { version: string }).version;
  return `casper-as ${packageVersion} (AssemblyScript ${asc.version})`;
}

/**
 * Keeps `nameBytes` from being specialized by the optimizer while asc optimizes: when a contract names
 * only one literal, binaryen would fold that constant into the function (dead-argument elimination) and
 * the build could no longer see which literal each call names. An export is never specialized; the
 * post-processing removes it before pre-encoding (static-names.ts).
 */
export const keepNameBytes = {
  afterCompile(module: { getFunction(name: string): number; addFunctionExport(internal: string, external: string): number; addMemoryExport(internal: string, external: string): number; hasMemory(): boolean }): void {
    if (module.getFunction(NAME_BYTES_FUNCTION)) module.addFunctionExport(NAME_BYTES_FUNCTION, KEEP_NAME_BYTES_EXPORT);
    // and data only the host reads stays (static-names.ts OBSERVED_MEMORY_EXPORT)
    if (module.hasMemory()) module.addMemoryExport("0", OBSERVED_MEMORY_EXPORT);
  },
};

// the contract API's sources are library code for the source map's call-site attribution (imported by
// package name they are `~lib/casper-as/...`, by path relative to the project); the toolkit's own
// contracts are not
const relative = (dir: string) => `${path.relative(ROOT, dir).split(path.sep).join("/")}/`;
const LIBRARY_DIRS = [relative(API_DIR)];
const NOT_LIBRARY = [relative(path.join(API_DIR, "contracts"))];

/** Compiles `entry` (path relative to the project root, or absolute) for `target`, with its source map. */
export async function compile(entry: string, target: Target, options: CompileOptions = {}): Promise<Compiled> {
  const outputs = new Map<string, Uint8Array | string>();
  let log = "";
  const sink = { write: (chunk: string | Uint8Array) => { log += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(); return true; } };
  const file = path.isAbsolute(entry) ? entry : path.join(ROOT, entry);
  const name = options.name ?? path.basename(file, ".ts");
  const transform = new CasperContractTransform({ baseDir: ROOT, wasmFileName: `${name}.wasm`, toolchain: toolchain() });
  const levels = targetLevels(target);
  const attribution = callSiteAttribution(LIBRARY_DIRS, NOT_LIBRARY);
  // what the transform found is read when asc emits (after it compiled)
  const postProcess = postProcessAtEmit(() => ({ ...levels, staticNames: options.staticNames, opaqueData: transform.opaqueData, names: transform.names }));
  const { error } = await asc.main(
    // --debug keeps function names for post-processing and the map; the release variant drops them at the end
    [
      file, "--config", ASCONFIG, "--target", target, "--debug", ...(options.sourceMap === false ? [] : ["--sourceMap"]), "--baseDir", ROOT,
      "--outFile", "out.wasm", "--noColors", ...(options.protocol === "2.0.0" ? ["--use", "CASPER_PROTOCOL_2X=1"] : []),
    ],
    {
      stdout: sink,
      stderr: sink,
      transforms: [transform, keepNameBytes, attribution, postProcess] as never[],
      writeFile: (name, contents) => {
        outputs.set(path.basename(name), contents);
      },
    },
  );
  const wasm = outputs.get("out.wasm");
  const map = outputs.get("out.wasm.map");
  if (error || !(wasm instanceof Uint8Array) || (options.sourceMap !== false && typeof map !== "string")) {
    throw new CompileError(`asc failed on ${path.relative(ROOT, file)} (${target}):\n${log.trim() || error?.message}`);
  }
  const rest = { diagnostics: log.trim(), contract: transform.contract, generated: transform.generated };
  if (options.sourceMap === false) return { wasm: withoutCustomSections(wasm, (n) => target === "debug" && n === "name"), sourceMap: null, ...rest };
  const transformed = { generated: transform.generated, model: transform.contract?.model ?? null, original: (p: string) => readSource(path.resolve(ROOT, p)) };
  const done = finishArtifact(wasm, map as string, { keepNames: target === "debug", file: `${name}.wasm`, attribution, transformed });
  return { wasm: done.wasm, sourceMap: done.map, ...rest };
}

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** wasm bytes of `entry` built for `target` (see `compile`). */
export async function compileEntry(entry: string, target: Target, options: CompileOptions = {}): Promise<Uint8Array> {
  return (await compile(entry, target, options)).wasm;
}

/** optimizeLevel / shrinkLevel of a target in asconfig.json, following `extends` as asc does (the nearer config wins). */
function targetLevels(target: Target, file = ASCONFIG, seen = new Set<string>()): { optimizeLevel: number; shrinkLevel: number } {
  const config = JSON.parse(readFileSync(file, "utf8")) as { extends?: string; targets?: Record<string, { optimizeLevel?: number; shrinkLevel?: number }> };
  seen.add(file);
  let inherited = { optimizeLevel: 0, shrinkLevel: 0 };
  if (config.extends) {
    const base = config.extends.startsWith(".") || path.isAbsolute(config.extends)
      ? path.resolve(path.dirname(file), config.extends)
      : createRequire(file).resolve(config.extends);
    if (!seen.has(base)) inherited = targetLevels(target, base, seen);
  }
  const t = config.targets?.[target] ?? {};
  return { optimizeLevel: t.optimizeLevel ?? inherited.optimizeLevel, shrinkLevel: t.shrinkLevel ?? inherited.shrinkLevel };
}
