// The node's chain records in LMDB (host/node/storage/chain-records.ts): blocks and their executed
// items by height, and the indexes by hash (block hash, state root, item hash), whose entries wait in
// memory for their slice of the key space (swept-index.ts). Each lookup answers the same whether its
// entry waits, is staged or is stored; the entries waiting when the directory is closed (or the node
// killed: nothing else is written for them) are found again from the blocks when it is opened; after
// a whole sweep every entry is stored. A block of many items writes its entries at once. A directory
// of format 3 (executed items by hash) is read where it kept them.
import { open, type RootDatabase } from "lmdb";
import { describe, expect, it } from "vitest";
import type { ChainBlock, ExecutedItem } from "../host/node/chain.ts";
import { ChainRecords, type ChainTip } from "../host/node/storage/chain-records.ts";
import { MOST_WAITING_PER_BLOCK, SLICES_BEFORE } from "../host/node/storage/swept-index.ts";
import { StagedWrites } from "../host/state/lmdb/staged-writes.ts";
import { hash } from "./helpers/trie.ts";
import { tempDirsRemovedAfterEach } from "./helpers/temp-dirs.ts";

const tempDir = tempDirsRemovedAfterEach("casper-as-records-");

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const digest = (text: string) => hex(hash(new TextEncoder().encode(text)));
/** the state root of block h: every third block repeats the one before it (a block that changed nothing) */
const rootOf = (h: number) => digest(`root ${h % 3 === 2 ? h - 1 : h}`);

interface Opened {
  env: RootDatabase;
  writes: StagedWrites;
  records: ChainRecords;
}

/** the sweep these tests use: 4,096 slices (the node's 65,536 would take a sweep of 65,536 blocks a test) */
const SLICES = 4096;

function openRecords(dir: string, indexSlices = SLICES): Opened {
  const env = open({ path: dir, separateFlushed: true, maxDbs: 16 });
  const writes = new StagedWrites(env);
  return { env, writes, records: new ChainRecords(env, writes, { indexSlices }) };
}

/** Block `h` with `n` deploys, the first half in lane 3 and the rest in lane 0 (listed lane after lane). */
function makeBlock(h: number, n: number): { block: ChainBlock; items: ExecutedItem[] } {
  const blockHash = digest(`block ${h}`);
  const items: ExecutedItem[] = Array.from({ length: n }, (_, i) => ({
    kind: "deploy",
    hash: digest(`deploy ${h}.${i}`),
    json: { hash: digest(`deploy ${h}.${i}`), payment: { amount: String(h * 1000 + i) } },
    blockHash,
    blockHeight: h,
    executionResult: { Version2: { cost: String(i) } },
  }));
  // in execution order, lane 0 items interleaved: the block's body lists them lane after lane
  const lanes = new Map<number, { Deploy: string }[]>();
  items.forEach((item, i) => {
    const lane = i % 2 === 0 ? 3 : 0;
    lanes.set(lane, [...(lanes.get(lane) ?? []), { Deploy: item.hash }]);
  });
  const block: ChainBlock = {
    hash: blockHash,
    height: h,
    parentHash: h === 0 ? "00".repeat(32) : digest(`block ${h - 1}`),
    stateRootHash: rootOf(h),
    bodyHash: digest(`body ${h}`),
    randomBit: false,
    accumulatedSeed: digest(`seed ${h}`),
    timestampMs: 1_700_000_000_000n + BigInt(h),
    eraId: 0,
    protocolVersion: "2.0.0",
    proposer: `01${"ab".repeat(32)}`,
    currentGasPrice: 1,
    lastSwitchBlockHash: "00".repeat(32),
    transactions: lanes,
    eraEnd: null,
  };
  return { block, items };
}

const tipAt = (height: number): ChainTip => ({ height, era: 0, lastSwitchHeight: 0, eraProposers: [] });
/** items per block: one (instant blocks), but a few blocks of many (block mode) */
const itemsIn = (h: number) => (h === 0 ? 0 : h % 97 === 0 ? MOST_WAITING_PER_BLOCK + 5 : 1);

async function append(o: Opened, from: number, to: number): Promise<void> {
  for (let h = from; h <= to; h++) {
    const { block, items } = makeBlock(h, itemsIn(h));
    o.records.appendBlock(block, items, tipAt(h));
    if (h % 256 === 0) await o.writes.seal();
  }
  await o.writes.seal();
}

/** Every lookup of blocks from..to answers as written (the latest block of a repeated root). */
function checkLookups(records: ChainRecords, from: number, to: number, tip: number): void {
  for (let h = from; h <= to; h++) {
    expect(records.heightOfBlock(digest(`block ${h}`)), `block ${h}`).toBe(h);
    const latestWithRoot = h % 3 === 1 && h + 1 <= tip ? h + 1 : h;
    expect(records.heightOfRoot(rootOf(h)), `root of ${h}`).toBe(latestWithRoot);
    for (let i = 0; i < itemsIn(h); i++) {
      const item = records.item(digest(`deploy ${h}.${i}`));
      expect(item, `deploy ${h}.${i}`).toMatchObject({ blockHeight: h, json: { payment: { amount: String(h * 1000 + i) } } });
    }
  }
}

/** How many of blocks from..to have their block hash entry stored (not waiting). */
function storedBlockEntries(env: RootDatabase, from: number, to: number): number {
  const db = env.openDB({ name: "block-heights", encoding: "msgpack", keyEncoding: "binary" });
  let n = 0;
  for (let h = from; h <= to; h++) if (db.get(Buffer.from(digest(`block ${h}`), "hex")) === h) n++;
  return n;
}

describe("chain records: by height, indexed by hash a slice at a time", () => {
  it("finds every block, root and item whether its index entry waits or is stored; a reopening finds the waiting ones again; a sweep stores them all", async () => {
    const dir = tempDir();
    let o = openRecords(dir);
    await append(o, 0, 600);
    checkLookups(o.records, 0, 600, 600);
    // most entries wait: a slice a block; the blocks of many items wrote theirs at once
    const stored = storedBlockEntries(o.env, 0, 600);
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(100);
    await o.writes.close();

    // reopened as after a kill: nothing but the blocks tells what waited
    o = openRecords(dir);
    checkLookups(o.records, 0, 600, 600);
    expect(storedBlockEntries(o.env, 0, 600)).toBe(stored);
    // the blocks of many items: their item entries were stored at once
    const itemIndex = o.env.openDB({ name: "item-index", encoding: "binary", keyEncoding: "binary" });
    expect(itemIndex.get(Buffer.from(digest("deploy 97.20"), "hex"))).toBeDefined();
    expect(itemIndex.get(Buffer.from(digest("deploy 98.0"), "hex"))).toBeUndefined();

    // a whole sweep later, every entry of those blocks is stored
    await append(o, 601, 600 + SLICES);
    expect(storedBlockEntries(o.env, 0, 600)).toBe(601);
    for (let h = 1; h <= 600; h++) expect(itemIndex.get(Buffer.from(digest(`deploy ${h}.0`), "hex")), `deploy ${h}.0`).toBeDefined();
    checkLookups(o.records, 0, 600 + SLICES, 600 + SLICES);
    await o.writes.close();
  }, 120_000);

  it("reopened at tips past a whole sweep, what waited is found again from the heights alone, and nothing stored is written twice", async () => {
    const dir = tempDir();
    let o = openRecords(dir);
    let tip = 0;
    await append(o, 0, 0);
    // reopened at each of these tips (as after a kill): the same lookups, the same entries stored
    for (const next of [SLICES + 300, SLICES + 301, SLICES + 1000, 2 * SLICES - 1, 2 * SLICES + 50]) {
      await append(o, tip + 1, next);
      tip = next;
      checkLookups(o.records, 0, tip, tip);
      const stored = storedBlockEntries(o.env, 0, tip);
      const waitingBefore = o.records.waitingEntries();
      expect(waitingBefore.blocks.length).toBeGreaterThan(0);
      await o.writes.close();
      o = openRecords(dir);
      expect(o.records.waitingEntries(), `waiting at ${tip}`).toEqual(waitingBefore);
      checkLookups(o.records, 0, tip, tip);
      expect(storedBlockEntries(o.env, 0, tip)).toBe(stored);
    }
    // a whole sweep after the last tip, every block's entry is stored
    await append(o, tip + 1, tip + SLICES);
    expect(storedBlockEntries(o.env, 0, tip)).toBe(tip + 1);
    await o.writes.close();
  }, 240_000);

  it("a directory written with another sweep (or before the sweep was recorded: 4,096 slices) writes what waited at once when opened, then sweeps the new way", async () => {
    const dir = tempDir();
    let o = openRecords(dir, SLICES_BEFORE);
    await append(o, 0, 700);
    const waitingBefore = o.records.waitingEntries();
    expect(waitingBefore.blocks.length).toBeGreaterThan(500);
    await o.writes.close();
    // as a directory written before the record of its sweep
    const env = open({ path: dir, maxDbs: 16 });
    const meta = env.openDB({ name: "chain-meta", encoding: "msgpack", keyEncoding: "ordered-binary" });
    expect(meta.get("index-sweep")).toEqual({ slices: SLICES_BEFORE, since: 0 });
    await meta.remove("index-sweep");
    await env.close();

    // opened with 256 slices: nothing waits any more, every entry is stored, and the new sweep recorded
    o = openRecords(dir, 256);
    expect(o.records.waitingEntries()).toEqual({ blocks: [], roots: [], items: [] });
    expect(storedBlockEntries(o.env, 0, 700)).toBe(701);
    checkLookups(o.records, 0, 700, 700);
    expect(o.env.openDB({ name: "chain-meta", encoding: "msgpack", keyEncoding: "ordered-binary" }).get("index-sweep")).toEqual({ slices: 256, since: 701 });
    // new blocks wait for their slice of 256, and a reopening finds the same ones waiting
    await append(o, 701, 900);
    const waiting = o.records.waitingEntries();
    expect(waiting.blocks.length).toBeGreaterThan(100);
    expect(waiting.blocks.length).toBeLessThan(200);
    await o.writes.close();
    o = openRecords(dir, 256);
    expect(o.records.waitingEntries()).toEqual(waiting);
    checkLookups(o.records, 0, 900, 900);
    // a whole sweep of 256 blocks later, every block's entry is stored
    await append(o, 901, 900 + 256);
    expect(storedBlockEntries(o.env, 0, 900)).toBe(901);
    await o.writes.close();
  }, 120_000);

  it("a pooled deploy (block mode) is found pending, then executed in its block, and leaves the pending items", async () => {
    const dir = tempDir();
    const o = openRecords(dir);
    await append(o, 0, 3);
    const { block, items } = makeBlock(4, 2);
    o.records.addPending(1, { kind: "deploy", hash: items[0].hash, json: items[0].json });
    o.records.addPending(2, { kind: "deploy", hash: items[1].hash, json: items[1].json });
    await o.writes.seal();
    const pooled = o.records.item(items[0].hash);
    expect(pooled).toMatchObject({ hash: items[0].hash, json: items[0].json });
    expect(pooled?.blockHash).toBeUndefined();
    o.records.appendBlock(block, items, tipAt(4));
    o.records.removePending([1, 2]);
    await o.writes.seal();
    expect(o.records.item(items[1].hash)).toMatchObject({ blockHeight: 4, executionResult: { Version2: { cost: "1" } } });
    const pending = o.env.openDB({ name: "items", encoding: "string", keyEncoding: "binary" });
    expect(pending.getCount()).toBe(0);
    expect(o.records.pending()).toEqual([]);
    await o.writes.close();
  });

  it("a block listing a deploy it did not execute is refused (nothing is written for it)", async () => {
    const dir = tempDir();
    const o = openRecords(dir);
    const { block, items } = makeBlock(1, 2);
    expect(() => o.records.appendBlock(block, items.slice(1), tipAt(1))).toThrow(`block 1 lists ${items[0].hash}, which it did not execute`);
    await o.writes.close();
  });

  it("a directory of format 3 (executed items by hash, indexes written at once) is read where it kept them, and goes on", async () => {
    const dir = tempDir();
    // as chain-records.ts wrote them up to commit 3f61377: items by hash, block-heights and state-roots at once
    const env = open({ path: dir, maxDbs: 16 });
    const blocks = env.openDB({ name: "blocks", encoding: "string", keyEncoding: "uint32" });
    const items = env.openDB({ name: "items", encoding: "string", keyEncoding: "binary" });
    const heights = env.openDB({ name: "block-heights", encoding: "msgpack", keyEncoding: "binary" });
    const roots = env.openDB({ name: "state-roots", encoding: "msgpack", keyEncoding: "binary" });
    const meta = env.openDB({ name: "chain-meta", encoding: "msgpack", keyEncoding: "ordered-binary" });
    env.transactionSync(() => {
      for (let h = 0; h <= 50; h++) {
        const made = makeBlock(h, itemsIn(h));
        const b = made.block;
        blocks.putSync(h, JSON.stringify({ ...b, timestampMs: b.timestampMs.toString(), transactions: [...b.transactions.entries()] }));
        heights.putSync(Buffer.from(b.hash, "hex"), h);
        roots.putSync(Buffer.from(b.stateRootHash, "hex"), h);
        for (const item of made.items) items.putSync(Buffer.from(item.hash, "hex"), JSON.stringify(item));
      }
      meta.putSync("tip", tipAt(50));
    });
    await env.close();
    const o = openRecords(dir);
    checkLookups(o.records, 0, 50, 50);
    await append(o, 51, 120);
    checkLookups(o.records, 0, 120, 120);
    await o.writes.close();
    // reopened: the items of blocks 51-120 (by height) whose entries waited are found again, the older by hash
    const again = openRecords(dir);
    checkLookups(again.records, 0, 120, 120);
    expect(again.records.waitingEntries().items.length).toBeGreaterThan(0);
    await again.writes.close();
  });
});
