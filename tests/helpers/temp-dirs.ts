// Temporary directories a test file makes, removed when the tests that use them are done (a test
// run leaves nothing in the OS temp directory).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach } from "vitest";

/** A maker of new directories `<os temp>/<prefix>…`; call it at the top of a test file. */
export function tempDirsRemovedAfterEach(prefix: string): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** A new directory `<os temp>/<prefix>…` for the whole file (or describe block), removed after its last test. */
export function tempDirRemovedAfterAll(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
