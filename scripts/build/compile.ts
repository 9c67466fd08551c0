// Compiles one AssemblyScript entry file to wasm bytes with the project's flags (asconfig.json,
// passed explicitly: asc would otherwise pick up whatever asconfig.json sits in the cwd), post-processes
// asc's module as asc emits it (post-process.ts: names pre-encoded, the stub runtime's start function
// folded away), and keeps asc's source map of the result (source-map.ts). Runs asc in-process: many
// modules, one process.
import asc from "assemblyscript/asc";
import path from "node:path";
import { API_DIR, ASCONFIG, ROOT } from "./paths.ts";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { postProcessAtEmit } from "./post-process.ts";
import { callSiteAttribution, finishArtifact, withoutCustomSections } from "./source-map.ts";
import type { CasperSourceMap } from "../../host/debug/source-map.ts";

export type Target = "release" | "debug";

export class CompileError extends Error {}

export interface CompileOptions {
  /** pre-encode literal names (default true; off only to compare in tests) */
  staticNames?: boolean;
  /** the artifact's file name, for the source map's `file` (default: the entry's name + .wasm) */
  file?: string;
  /** ask asc for a source map (default true; off only to show in tests that maps change nothing) */
  sourceMap?: boolean;
}

export interface Compiled {
  /** the module shipped: exactly the bytes of a build without source maps */
  wasm: Uint8Array;
  /** its source map (build/<name>.wasm.map); null when not asked for */
  sourceMap: CasperSourceMap | null;
}

// the contract API's sources are library code for the source map's call-site attribution (imported by
// package name they are `~lib/casper-as/...`, by path relative to the project); the toolkit's own
// contracts are not
const relative = (dir: string) => `${path.relative(ROOT, dir).split(path.sep).join("/")}/`;
const LIBRARY_DIRS = [relative(API_DIR)];
const NOT_LIBRARY = [relative(path.join(API_DIR, "contracts"))];

/** Compiles `entry` (path relative to the repository root, or absolute) for `target`, with its source map. */
export async function compile(entry: string, target: Target, options: CompileOptions = {}): Promise<Compiled> {
  const outputs = new Map<string, Uint8Array | string>();
  let log = "";
  const sink = { write: (chunk: string | Uint8Array) => { log += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(); return true; } };
  const file = path.isAbsolute(entry) ? entry : path.join(ROOT, entry);
  const levels = targetLevels(target);
  const attribution = callSiteAttribution(LIBRARY_DIRS, NOT_LIBRARY);
  const { error } = await asc.main(
    // --debug keeps function names for post-processing and the map; the release variant drops them at the end
    [file, "--config", ASCONFIG, "--target", target, "--debug", ...(options.sourceMap === false ? [] : ["--sourceMap"]), "--baseDir", ROOT, "--outFile", "out.wasm", "--noColors"],
    {
      stdout: sink,
      stderr: sink,
      transforms: [attribution, postProcessAtEmit({ ...levels, staticNames: options.staticNames })] as never[],
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
  if (options.sourceMap === false) return { wasm: withoutCustomSections(wasm, (name) => target === "debug" && name === "name"), sourceMap: null };
  const done = finishArtifact(wasm, map as string, { keepNames: target === "debug", file: options.file ?? `${path.basename(file, ".ts")}.wasm`, attribution });
  return { wasm: done.wasm, sourceMap: done.map };
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
