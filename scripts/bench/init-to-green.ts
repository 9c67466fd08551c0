// Issue 13's budget: from `casper-as init` to a green test of the new project, under 30 s on this
// machine once the toolkit's own dependencies are installed (npm's cache holds them). The toolkit is
// packed first (not timed: a user installs a package that was packed once), then, timed: the packed
// `init` of the default template in a temporary folder, `npm ci --offline` from the tarball and the
// project's lock, and the project's `npm test` (build, then its vitest tests on the engine). The folder is
// removed afterwards. `npm run bench -- init` runs only this section.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { TOOLKIT_ROOT } from "../build/paths.ts";
import type { BenchSection } from "./harness.ts";

const BUDGET_S = 30;

function timed(cmd: string, args: string[], cwd: string): number {
  const start = performance.now();
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", npm_config_offline: "true", npm_config_audit: "false", npm_config_fund: "false" } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return (performance.now() - start) / 1000;
}

export const initToGreen: BenchSection = {
  name: "init",
  run() {
    const work = mkdtempSync(path.join(os.tmpdir(), "casper-as-bench-init-"));
    try {
      const packStart = performance.now();
      const tarball = path.join(work, execFileSync("npm", ["pack", "--pack-destination", work, "--silent"], { cwd: TOOLKIT_ROOT, encoding: "utf8" }).trim().split("\n").pop()!);
      const packS = (performance.now() - packStart) / 1000;
      const packed = path.join(work, "package");
      mkdirSync(packed);
      execFileSync("tar", ["xzf", tarball, "-C", packed, "--strip-components", "1"]);
      const project = path.join(work, "my-contract");
      const init = timed(process.execPath, [path.join(packed, "bin", "casper-as.js"), "init", project, "--from", tarball], work);
      const install = timed("npm", ["ci", "--offline"], project);
      const test = timed("npm", ["test"], project);
      const total = init + install + test;
      const s = (v: number) => `${v.toFixed(1)} s`;
      return {
        title: "init to green: a new project from the packed toolkit, installed offline, its tests passing (issue 13)",
        lines: [
          { label: "casper-as init (default template)", value: s(init), data: { seconds: init } },
          { label: "npm ci --offline (the tarball, npm's cache)", value: s(install), data: { seconds: install } },
          { label: "npm test (build + vitest on the engine)", value: s(test), data: { seconds: test } },
          { label: "init to green", value: s(total), data: { seconds: total, budget: BUDGET_S } },
          { label: "npm pack (before, not counted)", value: s(packS), data: { seconds: packS } },
        ],
        goals: [{ goal: `init to green under ${BUDGET_S} s`, met: total < BUDGET_S }],
      };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
};
