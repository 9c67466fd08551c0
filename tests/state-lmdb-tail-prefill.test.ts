// LMDB's data file written ahead of its last page (host/state/lmdb/tail-prefill.ts): between the
// transactions StagedWrites commits, zero pages are written past the last page of the latest commit.
// Blocks of random puts and removes, some values spanning several pages (overflow pages), commit
// through StagedWrites with a small `ahead`, so that the prefill refills after nearly every
// transaction and LMDB often outgrows it. After each block the bytes past LMDB's last page are zeros
// (the prefill wrote there, and LMDB wrote nothing past its last page), and reopened without the
// prefill, the database holds exactly what was written: the prefill never wrote where LMDB had.
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { open, type RootDatabase } from "lmdb";
import { describe, expect, it } from "vitest";
import { StagedWrites } from "../host/state/lmdb/staged-writes.ts";
import { TailPrefill } from "../host/state/lmdb/tail-prefill.ts";
import { tempDirsRemovedAfterEach } from "./helpers/temp-dirs.ts";
import { seeded } from "./helpers/seeded.ts";

const tempDir = tempDirsRemovedAfterEach("casper-as-prefill-");

function lastPage(env: RootDatabase): { end: number; pageSize: number } {
  const stats = env.getStats() as { lastPageNumber: number; pageSize: number };
  return { end: (stats.lastPageNumber + 1) * stats.pageSize, pageSize: stats.pageSize };
}

/** The file's bytes in [from, to). */
function bytesOf(file: string, from: number, to: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const out = Buffer.alloc(to - from);
    let got = 0;
    while (got < out.length) {
      const n = readSync(fd, out, got, out.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    return out.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** A new environment in a temporary directory, its writes staged with a prefill `ahead` bytes ahead. */
function openPrefilled(ahead: number) {
  const dir = tempDir();
  const file = join(dir, "data.mdb");
  const env = open({ path: dir, separateFlushed: true, maxDbs: 4 });
  const prefill = new TailPrefill(env, file, ahead);
  const writes = new StagedWrites(env, { prefill });
  const db = env.openDB<Buffer, string>({ name: "values", encoding: "binary" });
  return { dir, file, env, prefill, writes, db };
}

describe("LMDB's data file written ahead of its last page", () => {
  it("keeps zero pages past LMDB's last page and leaves LMDB's pages as LMDB wrote them", async () => {
    const ahead = 64 * 1024;
    const { dir, file, env, prefill, writes, db } = openPrefilled(ahead);
    const expected = new Map<string, Buffer>();
    const random = seeded(7);
    for (let block = 0; block < 120; block++) {
      for (let i = 0; i < 12; i++) {
        const key = `k${Math.floor(random() * 400)}`;
        if (random() < 0.2) {
          writes.remove(db, key, key);
          expected.delete(key);
          continue;
        }
        // up to 5 pages: overflow pages, written by LMDB in runs of adjacent pages
        const value = Buffer.alloc(1 + Math.floor(random() * 5 * 4096), block * 31 + i + 1);
        writes.put(db, key, key, value);
        expected.set(key, value);
      }
      await writes.seal();
      const { end } = lastPage(env);
      // the fill after this block's transaction: zeros from LMDB's end to at least `ahead - step` past it
      const size = statSync(file).size;
      expect(size - end).toBeGreaterThan(ahead - prefill.step);
      const tail = bytesOf(file, end, size);
      expect(tail.equals(Buffer.alloc(tail.length))).toBe(true);
    }
    expect(prefill.pagesWritten).toBeGreaterThan(ahead / 4096);
    expect(prefill.stopped).toBeUndefined();
    await writes.close();

    // reopened without the prefill
    const again = open({ path: dir, maxDbs: 4 });
    const reopened = again.openDB<Buffer, string>({ name: "values", encoding: "binary" });
    const found = new Map<string, Buffer>();
    for (const { key, value } of reopened.getRange()) found.set(key, Buffer.from(value));
    expect([...found.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, value] of expected) expect(found.get(key)!.equals(value), key).toBe(true);
    await again.close();
  });

  it("goes on from LMDB's end when one transaction outgrows what was written ahead", async () => {
    const ahead = 16 * 1024;
    const { file, env, prefill, writes, db } = openPrefilled(ahead);
    writes.put(db, "small", "small", Buffer.from("x"));
    await writes.seal();
    const first = lastPage(env).end;
    // 64 pages in one transaction: four times what is kept ahead
    const big = Buffer.alloc(64 * 4096, 9);
    writes.put(db, "big", "big", big);
    await writes.seal();
    const { end } = lastPage(env);
    expect(end).toBeGreaterThan(first + ahead);
    const size = statSync(file).size;
    expect(size - end).toBeGreaterThan(ahead - prefill.step);
    expect(bytesOf(file, end, size).equals(Buffer.alloc(size - end))).toBe(true);
    expect(Buffer.from(db.getBinary("big")!).equals(big)).toBe(true);
    await writes.close();
  });

  // /dev/full: every write fails with ENOSPC, as on a full disk
  it.skipIf(!existsSync("/dev/full"))("stops prefilling when a write fails (a full disk), and the commits go on", async () => {
    const dir = tempDir();
    const env = open({ path: dir, separateFlushed: true, maxDbs: 4 });
    const prefill = new TailPrefill(env, "/dev/full", 16 * 1024);
    const writes = new StagedWrites(env, { prefill });
    const db = env.openDB<Buffer, string>({ name: "values", encoding: "binary" });
    for (let i = 0; i < 5; i++) {
      writes.put(db, `k${i}`, `k${i}`, Buffer.alloc(3000, i));
      await writes.seal();
    }
    expect((prefill.stopped as NodeJS.ErrnoException | undefined)?.code).toBe("ENOSPC");
    expect(prefill.pagesWritten).toBe(0);
    for (let i = 0; i < 5; i++) expect(Buffer.from(db.getBinary(`k${i}`)!).equals(Buffer.alloc(3000, i))).toBe(true);
    await writes.close();
  });
});
