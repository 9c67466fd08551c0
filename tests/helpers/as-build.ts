// Compiles AssemblyScript modules for tests with the project's own build path (asconfig.json flags,
// start folded), so tests exercise exactly what `npm run build` ships. Results are cached per file.
import { compileEntry, type Target } from "../../scripts/build/compile.ts";
import { CONTRACTS } from "../../scripts/build/contracts.ts";

const cache = new Map<string, Promise<Uint8Array>>();

/** Compiled module of an entry file (repository-relative path). */
export function compileModule(entry: string, target: Target = "release", options: { staticNames?: boolean } = {}): Promise<Uint8Array> {
  const key = `${target}:${options.staticNames ?? true}:${entry}`;
  let p = cache.get(key);
  if (!p) {
    p = compileEntry(entry, target, options);
    cache.set(key, p);
  }
  return p;
}

/** Release module of a contract from scripts/build/contracts.ts. */
export function compileContract(name: string, target: Target = "release"): Promise<Uint8Array> {
  const c = CONTRACTS.find((x) => x.name === name);
  if (!c) throw new Error(`no contract named ${name}`);
  return compileModule(c.entry, target);
}
