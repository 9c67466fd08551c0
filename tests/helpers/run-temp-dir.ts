// vitest's globalSetup: the whole run's temporary files go under one directory of their own (TMPDIR,
// which the test workers and every process they start inherit), removed when the run ends, so that a
// process a test killed, or a file a test forgot, does not pile up in the machine's temp directory
// from run to run. What a test file left there is named at the end: it should clean up after itself.
// vitest runs a globalSetup once per project: the first one makes the directory, the others keep it
// (a directory in a directory would lengthen paths past the 108 bytes of a Unix socket's, Chromium's).
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const MARK = "CASPER_AS_TEST_RUN_DIR";

export default function setup(): () => void {
  if (process.env[MARK]) return () => {};
  const outer = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), "casper-as-run-"));
  process.env.TMPDIR = dir;
  process.env[MARK] = dir;
  return () => {
    if (existsSync(dir)) {
      // tsx keeps its compile cache there (tsx-<uid>): not a test's leftover
      const left = readdirSync(dir).filter((name) => name.startsWith("casper-as-"));
      if (left.length > 0) console.warn(`tests left ${left.length} temporary director${left.length === 1 ? "y" : "ies"} behind (removed now): ${left.join(", ")}`);
      rmSync(dir, { recursive: true, force: true });
    }
    delete process.env[MARK];
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
  };
}
