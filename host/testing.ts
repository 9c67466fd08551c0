// What a contract's tests import: `import { Engine, readContract } from "casper-as"`. The local engine,
// its results and their expectations, the built contracts with their source maps (so a failure names
// its source line), and the gas profiler.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { registerSourceMap } from "./debug/registry.ts";

export { Engine, type EngineOptions } from "./engine/engine.ts";
export { ExecutionResult, DeployFailedError, type ResultError, type Effects } from "./engine/result.ts";
export { CSPR } from "./engine/genesis.ts";
export { testKey, type TestKey } from "./engine/keys.ts";
export { registerSourceMap, addSourceMapDirectory, sourceMapFor } from "./debug/registry.ts";
export { formatErrorOrigin, type ErrorOrigin, type ErrorFrame } from "./debug/error-origin.ts";
export { GasProfiler, formatGasProfile, type GasProfile } from "./debug/gas-profile.ts";
export { checkCasperWasm } from "./wasm/check.ts";

/**
 * The release wasm the build wrote for contract `name` (`build/<name>.wasm` of the project, or of
 * `dir`), its source map registered so that errors name their source line.
 */
export function readContract(name: string, dir = path.resolve("build")): Uint8Array {
  const file = path.join(dir, `${name}.wasm`);
  if (!existsSync(file)) throw new Error(`${file} is missing: build the project first (npx casper-as build)`);
  if (existsSync(`${file}.map`)) registerSourceMap(`${file}.map`);
  return new Uint8Array(readFileSync(file));
}
