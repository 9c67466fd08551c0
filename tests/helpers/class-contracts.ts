// Class-form contracts of tests/contracts, compiled with the build's own path (the transform, asconfig.json,
// post-processing) and checked as `npm run build` checks them. Cached per file and target.
import { compile, type Compiled, type Target } from "../../scripts/build/compile.ts";
import { checkArtifact } from "../../scripts/build/checks.ts";
import { sampleInstallArgs } from "../../scripts/build/sample-args.ts";

const cache = new Map<string, Promise<Compiled>>();

/**
 * The compiled contract (release unless asked), after the artifact checks passed: built for `protocol` as
 * casper.build.json would declare it, or (undefined) for 1.5.x and 2.x, its imports deciding.
 */
export function classContract(entry: string, target: Target = "release", protocol?: "1.5.8" | "2.0.0"): Promise<Compiled> {
  const key = `${target}:${protocol}:${entry}`;
  let p = cache.get(key);
  if (!p) {
    p = (async () => {
      const c = await compile(entry, target, { protocol });
      const report = await checkArtifact(c.wasm, { kind: "contract", protocol, installArgs: c.contract ? sampleInstallArgs(c.contract.model.installArgs) : undefined });
      if (report.problems.length > 0) throw new Error(`${entry}: ${report.problems.map((x) => `${x.code}: ${x.message}`).join("; ")}`);
      return c;
    })();
    cache.set(key, p);
  }
  return p;
}
