// Compiles one AssemblyScript entry file to wasm bytes with the project's flags (asconfig.json,
// passed explicitly: asc would otherwise pick up whatever asconfig.json sits in the cwd), running the
// class-form transform (scripts/build/transform), then post-processes it (post-process.ts). Runs asc
// in-process: many modules, one process. asc's own diagnostics (warnings included) come back with the
// result, so the build can show them.
import asc from "assemblyscript/asc";
import path from "node:path";
import { readFileSync } from "node:fs";
import { ASCONFIG, ROOT } from "./paths.ts";
import { postProcess } from "./post-process.ts";
import { NAME_BYTES_FUNCTION, KEEP_NAME_BYTES_EXPORT, OBSERVED_MEMORY_EXPORT } from "./static-names.ts";
import CasperContractTransform, { type ContractOutput } from "./transform/index.ts";

export type Target = "release" | "debug";

export class CompileError extends Error {}

export interface CompileOptions {
  /** pre-encode literal names (default true; off only to compare in tests) */
  staticNames?: boolean;
  /** artifact name, for the schema's wasm file name */
  name?: string;
  /**
   * the protocol the contract is declared for (casper.build.json): "2.0.0" defines CASPER_PROTOCOL_2X
   * (assembly/protocol.ts CASPER_2X), so 2.x-only code is compiled and a class-form contract installs the
   * 2.x way; otherwise the module is built to run on 1.5.x and 2.x
   */
  protocol?: "1.5.8" | "2.0.0";
}

export interface Compiled {
  wasm: Uint8Array;
  /** asc's warnings and infos, as it prints them (empty when it had nothing to say) */
  diagnostics: string;
  /** what the transform made of a class-form contract, or null for hand-written code */
  contract: ContractOutput | null;
  /** the sources the transform rewrote (normalized path -> text) */
  generated: Map<string, string>;
}

let packageVersion: string | undefined;
function toolchain(): string {
  packageVersion ??= (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
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

/** Compiles `entry` (path relative to the repository root, or absolute) for `target`. */
export async function compile(entry: string, target: Target, options: CompileOptions = {}): Promise<Compiled> {
  const outputs = new Map<string, Uint8Array>();
  let log = "";
  const sink = { write: (chunk: string | Uint8Array) => { log += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString(); return true; } };
  const file = path.isAbsolute(entry) ? entry : path.join(ROOT, entry);
  const name = options.name ?? path.basename(file, ".ts");
  const transform = new CasperContractTransform({ baseDir: process.cwd(), wasmFileName: `${name}.wasm`, toolchain: toolchain() });
  const { error } = await asc.main(
    // --debug keeps function names for post-processing; the release variant drops them at the end
    [file, "--config", ASCONFIG, "--target", target, "--debug", "--outFile", "out.wasm", "--noColors", ...(options.protocol === "2.0.0" ? ["--use", "CASPER_PROTOCOL_2X=1"] : [])],
    {
      stdout: sink,
      stderr: sink,
      transforms: [transform, keepNameBytes] as never[],
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
  return {
    wasm: postProcess(wasm, { ...levels, keepNames: target === "debug", staticNames: options.staticNames, opaqueData: transform.opaqueData, names: transform.names }),
    diagnostics: log.trim(),
    contract: transform.contract,
    generated: transform.generated,
  };
}

/** wasm bytes of `entry` built for `target` (see `compile`). */
export async function compileEntry(entry: string, target: Target, options: CompileOptions = {}): Promise<Uint8Array> {
  return (await compile(entry, target, options)).wasm;
}

/** optimizeLevel / shrinkLevel of a target in asconfig.json. */
function targetLevels(target: Target): { optimizeLevel: number; shrinkLevel: number } {
  const config = JSON.parse(readFileSync(ASCONFIG, "utf8")) as { targets: Record<string, { optimizeLevel?: number; shrinkLevel?: number }> };
  const t = config.targets[target] ?? {};
  return { optimizeLevel: t.optimizeLevel ?? 0, shrinkLevel: t.shrinkLevel ?? 0 };
}
