// Compiles AssemblyScript modules for tests with the project's own build path (asconfig.json flags,
// start folded), so tests exercise exactly what `npm run build` ships. Results are cached per file.
import { compile, type Compiled, type Target } from "../../scripts/build/compile.ts";
import { CONTRACTS } from "../../scripts/build/contracts.ts";
import { registerSourceMap } from "../../host/debug/registry.ts";

const cache = new Map<string, Promise<Compiled>>();

/** Compiled module of an entry file (repository-relative path), with its source map. */
export function compileWithSourceMap(entry: string, target: Target = "release", options: { staticNames?: boolean } = {}): Promise<Compiled> {
  const key = `${target}:${options.staticNames ?? true}:${entry}`;
  let p = cache.get(key);
  if (!p) {
    p = compile(entry, target, options);
    cache.set(key, p);
  }
  return p;
}

/** Compiled module of an entry file (repository-relative path); its source map is registered with the engine's error locations. */
export async function compileModule(entry: string, target: Target = "release", options: { staticNames?: boolean } = {}): Promise<Uint8Array> {
  const compiled = await compileWithSourceMap(entry, target, options);
  if (compiled.sourceMap) registerSourceMap(compiled.sourceMap);
  return compiled.wasm;
}

/** Release module of a contract from scripts/build/contracts.ts. */
export function compileContract(name: string, target: Target = "release"): Promise<Uint8Array> {
  const c = CONTRACTS.find((x) => x.name === name);
  if (!c) throw new Error(`no contract named ${name}`);
  return compileModule(c.entry, target);
}
