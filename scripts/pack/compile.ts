// `npm pack` (prepack): the package ships host/ and scripts/ compiled to dist/ (JavaScript and .d.ts, so
// a project's tests import the engine with its types and the casper-as command runs on plain Node), with
// the data files they read beside them. Types are checked by `npm run typecheck`, not here (--noCheck:
// the emit takes seconds). `postpack` removes dist/ again (bin/casper-as.js runs the sources in a checkout).
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { writePackedLock } from "../init/lockfile.ts";
import { templatesDevDependencies } from "../init.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DIST = path.join(ROOT, "dist");

/** Data files the compiled code reads next to itself (new URL("./x.json", import.meta.url)). */
const DATA = ["host/gas/chainspecs", "host/node/rpc/openrpc", "scripts/gas-report.json"];

export function compile(): void {
  rmSync(DIST, { recursive: true, force: true });
  const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "scripts", "pack", "tsconfig.json")], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`tsc failed (exit ${r.status})`);
  mkdirSync(DIST, { recursive: true });
  // the lock entries `casper-as init` gives a new project (init/lockfile.ts)
  writePackedLock(ROOT, templatesDevDependencies());
  for (const item of DATA) {
    const from = path.join(ROOT, item);
    const to = path.join(DIST, item);
    if (statSync(from).isDirectory()) {
      for (const f of readdirSync(from)) if (f.endsWith(".json")) cpSync(path.join(from, f), path.join(to, f));
    } else cpSync(from, to);
  }
}

if (process.argv[2] === "clean") rmSync(DIST, { recursive: true, force: true });
else compile();
