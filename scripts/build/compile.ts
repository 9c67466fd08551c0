// Compiles one AssemblyScript entry file to wasm bytes with the project's flags (asconfig.json,
// passed explicitly: asc would otherwise pick up whatever asconfig.json sits in the cwd), then
// folds the stub runtime's start function away. Runs asc in-process: many modules, one process.
import asc from "assemblyscript/asc";
import path from "node:path";
import { ASCONFIG, ROOT } from "./paths.ts";
import { readFileSync } from "node:fs";
import { postProcess } from "./post-process.ts";

export type Target = "release" | "debug";

export class CompileError extends Error {}

/** wasm bytes of `entry` (path relative to the repository root, or absolute) built for `target`. */
export async function compileEntry(entry: string, target: Target, options: { staticNames?: boolean } = {}): Promise<Uint8Array> {
  const outputs = new Map<string, Uint8Array>();
  let log = "";
  const sink = { write: (chunk: string | Uint8Array) => { log += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(); return true; } };
  const file = path.isAbsolute(entry) ? entry : path.join(ROOT, entry);
  const { error } = await asc.main(
    // --debug keeps function names for post-processing; the release variant drops them at the end
    [file, "--config", ASCONFIG, "--target", target, "--debug", "--outFile", "out.wasm", "--noColors"],
    {
      stdout: sink,
      stderr: sink,
      writeFile: (name, contents) => {
        outputs.set(path.basename(name), typeof contents === "string" ? new TextEncoder().encode(contents) : contents);
      },
    },
  );
  const wasm = outputs.get("out.wasm");
  if (error || !wasm) {
    throw new CompileError(`asc failed on ${path.relative(ROOT, file)} (${target}):\n${log.trim() || error?.message}`);
  }
  const levels = targetLevels(target);
  return postProcess(wasm, { ...levels, keepNames: target === "debug", staticNames: options.staticNames });
}

/** optimizeLevel / shrinkLevel of a target in asconfig.json. */
function targetLevels(target: Target): { optimizeLevel: number; shrinkLevel: number } {
  const config = JSON.parse(readFileSync(ASCONFIG, "utf8")) as { targets: Record<string, { optimizeLevel?: number; shrinkLevel?: number }> };
  const t = config.targets[target] ?? {};
  return { optimizeLevel: t.optimizeLevel ?? 0, shrinkLevel: t.shrinkLevel ?? 0 };
}
