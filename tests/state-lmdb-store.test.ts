// Trie nodes in LMDB (host/state/lmdb): what the node's data directory holds of global state. Blocks
// of random writes and deletes (values often set back as they were, so nodes die and come back) are
// committed through the store as the node commits them; after each block, every kept root is whole
// (each node there, hashing to its digest: tests/helpers/trie.ts checkIntegrity), a root older than
// the window is gone, and the store holds exactly the nodes the kept roots reach: the disk is the live
// state plus the kept history. Reopening the directory goes on from there; an archive frees nothing.
import { open, type RootDatabase } from "lmdb";
import { describe, expect, it } from "vitest";
import { toHex } from "../host/bytesrepr/hex.ts";
import { keyLength } from "../host/state/merkle-proofs.ts";
import { type KeepStates, LmdbTrieStore } from "../host/state/lmdb/lmdb-trie-store.ts";
import type { TrieStore } from "../host/state/trie/store.ts";
import { StagedWrites } from "../host/state/lmdb/staged-writes.ts";
import { LiveTrie } from "../host/state/trie/live-trie.ts";
import { emptyTrie, read } from "../host/state/trie/operations.ts";
import { TrieNodes } from "../host/state/trie/trie-nodes.ts";
import { encodeLeaf, indexedPointers, TrieTag } from "../host/state/trie/trie-node.ts";
import { LegacyDeathMarkStore } from "./helpers/legacy-death-marks.ts";
import { checkIntegrity, hash } from "./helpers/trie.ts";
import { tempDirsRemovedAfterEach } from "./helpers/temp-dirs.ts";
import { seeded } from "./helpers/seeded.ts";

const tempDir = tempDirsRemovedAfterEach("casper-as-trie-");

/** A store that frees old roots: the node's, or the earlier format's writer (tests/helpers/legacy-death-marks.ts). */
interface FreeingStore extends TrieStore {
  sealBlock(height: number): void;
  nodeCount(): number;
  freedNodes: number;
}

interface Opened {
  env: RootDatabase;
  store: FreeingStore;
  nodes: TrieNodes;
  /** resolves once the block's writes are committed */
  seal(): Promise<void>;
  close(): Promise<void>;
}

function openStore(dir: string, keepStates: KeepStates, tipHeight: number, rebirthsInMemory?: number, youngBlocks?: number): Opened & { store: LmdbTrieStore } {
  const env = open({ path: dir, separateFlushed: true, maxDbs: 16 });
  const writes = new StagedWrites(env);
  const store = new LmdbTrieStore(env, writes, { keepStates, tipHeight, rebirthsInMemory, youngBlocks });
  // no decoded cache: every read goes to LMDB
  return { env, store, nodes: new TrieNodes(store, keyLength, 0), seal: () => writes.seal(), close: () => writes.close() };
}

function openLegacyStore(dir: string, keepStates: number): Opened & { store: LegacyDeathMarkStore } {
  const env = open({ path: dir, separateFlushed: true, maxDbs: 16 });
  const store = new LegacyDeathMarkStore(env, keepStates);
  return { env, store, nodes: new TrieNodes(store, keyLength, 0), seal: async () => {}, close: () => env.close() };
}

function reachable(nodes: TrieNodes, root: Uint8Array, into: Set<string>): void {
  const todo = [root];
  let d: Uint8Array | undefined;
  while ((d = todo.pop())) {
    const id = toHex(d);
    if (into.has(id)) continue;
    into.add(id);
    const node = nodes.get(d);
    if (!node) throw new Error(`node ${id} of a kept root is not in the store`);
    if (node.tag === TrieTag.Node) for (const [, p] of indexedPointers(node)) todo.push(p.hash);
    else if (node.tag === TrieTag.Extension) todo.push(node.pointer.hash);
  }
}

/** The roots a chain made: each block's, and those asked for mid-block (a block may have several). */
interface Roots {
  blocks: Map<number, Uint8Array>;
  mid: [height: number, root: Uint8Array][];
}

/**
 * After block `h` is sealed and committed: the roots of the last `keep` blocks are kept, and the
 * mid-block roots of the blocks after the first of them (a node only a mid-block root had dies with
 * that block's row). Every kept root is whole; the store holds exactly what they reach.
 */
function checkKept(o: Opened, h: number, roots: Roots, keep: KeepStates): void {
  const kept = [...roots.blocks.entries()].filter(([height]) => keep === "all" || height > h - keep);
  const keptMid = roots.mid.filter(([height]) => keep === "all" || height > h - keep + 1);
  checkIntegrity(o.nodes, kept.map(([, r]) => r));
  const needed = new Set<string>();
  for (const [, r] of [...kept, ...keptMid]) reachable(o.nodes, r, needed);
  // the empty trie's root node (written at start) is needed by no root after the first block
  expect(o.store.nodeCount(), `block ${h}`).toBe(needed.size + (keep === "all" ? (needed.has(toHex(emptyTrie().root)) ? 0 : 1) : 0));
}

/**
 * Account / Hash keys' bytes (tag, 32 bytes: leaves are read back with Key's length) sharing prefixes
 * (so nodes split and merge), from a small set (so they are set back).
 */
function randomKey(rand: () => number): Uint8Array {
  return Uint8Array.from([Math.floor(rand() * 2), Math.floor(rand() * 4), Math.floor(rand() * 4), Math.floor(rand() * 3), ...new Array(29).fill(7)]);
}

/**
 * Runs `blocks` blocks of random writes and deletes from `height`, some committed twice in a block (a
 * root asked for mid-block), recording each block's root and those mid-block roots; after each block,
 * `check` (by default checkKept: the kept roots whole, the store exactly what they reach).
 */
async function runBlocks(
  o: Opened, trie: LiveTrie, rand: () => number, from: number, blocks: number, roots: Roots, keep: KeepStates, afterBlock?: () => void,
  check: (h: number) => void = (h) => checkKept(o, h, roots, keep),
): Promise<void> {
  for (let h = from; h < from + blocks; h++) {
    const ops = 1 + Math.floor(rand() * 6);
    const midAt = rand() < 0.4 ? Math.floor(rand() * ops) : -1;
    for (let i = 0; i < ops; i++) {
      const k = randomKey(rand);
      const before = trie.get(k);
      if (rand() < 0.25) trie.delete(k);
      else trie.write(k, Uint8Array.of(Math.floor(rand() * 3)));
      const undo = () => (before ? trie.write(k, before) : trie.delete(k));
      if (i === midAt) {
        roots.mid.push([h, trie.commit()]);
        // set the last change back after the mid-block root: its nodes come back in the same block
        if (rand() < 0.6) undo();
      }
    }
    roots.blocks.set(h, trie.commit());
    o.store.sealBlock(h);
    await o.seal();
    check(h);
    afterBlock?.();
  }
}

/** A new chain in `o`: the empty trie stored, its root the root of block 0. */
function startChain(o: Opened, liveDepth?: number): { trie: LiveTrie; roots: Roots } {
  const empty = emptyTrie();
  o.nodes.put([[empty.root, empty.bytes]]);
  const roots: Roots = { blocks: new Map([[0, empty.root]]), mid: [] };
  return { trie: LiveTrie.at(o.nodes, empty.root, liveDepth === undefined ? {} : { liveDepth }), roots };
}

/** The scripted rebirths' window: sealing block h processes row h - 3. */
const REBIRTHS_KEEP = 4;
const keyOf = (n: number) => Uint8Array.from([0, n, ...new Array(31).fill(7)]);
const [A, B, C, D, E, F, FILLER] = [1, 2, 3, 4, 5, 9, 6].map(keyOf);
/** Each block: its commits in order (all but the last give mid-block roots), each a list of writes. */
const REBIRTHS: [Uint8Array, number][][][] = [
  /* 1 */ [[[A, 1], [B, 1], [C, 1], [D, 1], [E, 1], [F, 1], [keyOf(7), 1], [keyOf(8), 1]]],
  // the leaves a1 b1 c1 d1 e1 f1 are retired: each in row 2
  /* 2 */ [[[A, 2], [B, 2], [C, 2], [D, 2], [E, 2], [F, 2]]],
  // a1 written back (in roots 3..): row 2 must leave it
  // b1 written back and retired again in the block: only a mid-block root holds it; row 2 leaves it, row 3 frees it
  // c1 written back: in root 3; block 4 writes it again between two retirements (row 4): row 2 must leave it
  // d1 written back, retired and written back again within the block: alive, row 2 leaves it
  // f1 written back and retired again (row 3, as b1), then written back for good in block 4: rows 2 and 3 leave it
  /* 3 */ [[[A, 1], [B, 1], [C, 1], [D, 1], [F, 1]], [[B, 2], [D, 2], [F, 2]], [[D, 1], [FILLER, 3]]],
  /* 4 */ [[[C, 2]], [[C, 1]], [[C, 2], [F, 1], [FILLER, 4]]],
  /* 5 */ [[[FILLER, 5]]], // row 2: a1 c1 d1 kept (b1 too: a mid-block root of block 3 holds it), e1 freed
  /* 6 */ [[[FILLER, 6]]], // row 3: b1 freed
  // e1 written anew after its row freed it (nothing to leave alone), retired again in block 8
  /* 7 */ [[[E, 1], [FILLER, 7]]], // row 4: c1 freed
  /* 8 */ [[[E, 2], [FILLER, 8]]],
  /* 9 */ [[[FILLER, 9]]], [[[FILLER, 10]]], [[[FILLER, 11]]], // row 8 (sealing block 11): e1 freed again
];
/** Which of the leaves a1..f1 the store holds after each block ("+": held). */
const REBIRTHS_HELD = { a: "+++++++++++", b: "+++++------", c: "++++++-----", d: "+++++++++++", e: "++++--++++-", f: "+++++++++++" };

/** Runs the scripted blocks `from`..`to`, checking the store after each; which leaves it held after each. */
async function runRebirths(o: Opened, chain: { trie: LiveTrie; roots: Roots }, from: number, to: number): Promise<Record<string, string>> {
  // a leaf's digest, hashed here (@noble/hashes) from the format's bytes
  const leaf = (k: Uint8Array, v: number) => hash(encodeLeaf(k, Uint8Array.of(v)));
  const held: Record<string, string> = { a: "", b: "", c: "", d: "", e: "", f: "" };
  for (let h = from; h <= to; h++) {
    const commits = REBIRTHS[h - 1];
    for (const [j, writes] of commits.entries()) {
      for (const [k, v] of writes) chain.trie.write(k, Uint8Array.of(v));
      const root = chain.trie.commit();
      if (j < commits.length - 1) chain.roots.mid.push([h, root]);
      else chain.roots.blocks.set(h, root);
    }
    o.store.sealBlock(h);
    await o.seal();
    checkKept(o, h, chain.roots, REBIRTHS_KEEP);
    for (const [name, k] of Object.entries({ a: A, b: B, c: C, d: D, e: E, f: F })) held[name] += o.store.get(leaf(k, 1)) ? "+" : "-";
  }
  return held;
}


describe("trie nodes in LMDB, with the last N roots kept", () => {
  it("frees every node no kept root needs, keeps every kept root whole, across a reopening", async () => {
    const dir = tempDir();
    const keep = 5;
    const rand = seeded(11);
    let o = openStore(dir, keep, 0);
    const { trie, roots } = startChain(o, 1);
    await runBlocks(o, trie, rand, 1, 60, roots, keep);
    expect(o.store.freedNodes).toBeGreaterThan(50);
    // an old root is gone: its node was freed
    expect(read(o.nodes, roots.blocks.get(10)!, randomKey(rand)).status).toBe("RootNotFound");
    await o.close();

    // reopened: the same window, going on from the last root
    o = openStore(dir, keep, 60);
    await runBlocks(o, LiveTrie.at(o.nodes, roots.blocks.get(60)!, { liveDepth: 1 }), rand, 61, 30, roots, keep);
    await o.close();
  }, 60_000);

  it("a node written again while a row holds it: in every order within and across blocks, freed exactly when no kept root needs it", async () => {
    const o = openStore(tempDir(), REBIRTHS_KEEP, 0);
    const chain = startChain(o, 1);
    const held = await runRebirths(o, chain, 1, REBIRTHS.length);
    expect(held).toEqual(REBIRTHS_HELD);
    await o.close();
  }, 60_000);

  it("rebirths past the in-memory cap are recorded by digest, in every order of the scripted blocks", async () => {
    for (const cap of [0, 1]) {
      const o = openStore(tempDir(), REBIRTHS_KEEP, 0, cap);
      const held = await runRebirths(o, startChain(o, 1), 1, REBIRTHS.length);
      expect(held, `at most ${cap} in memory`).toEqual(REBIRTHS_HELD);
      await o.close();
    }
  }, 60_000);

  it("goes on exact across reopenings whatever the cap: rebirths by digest only (as written before rebirth rows), mixed, in memory", async () => {
    const dir = tempDir();
    const keep = 6;
    const rand = seeded(31);
    const byDigest = (o: Opened) => o.env.openDB({ name: "trie-reborn", encoding: "msgpack", keyEncoding: "binary" }).getCount();
    const rebirthRows = (o: Opened) => o.env.openDB({ name: "trie-rebirth-rows", encoding: "binary", keyEncoding: "uint32" }).getCount();
    // cap 0: every rebirth by digest, as the store wrote them before rebirth rows
    let o = openStore(dir, keep, 0, 0);
    const { trie, roots } = startChain(o, 1);
    await runBlocks(o, trie, rand, 1, 40, roots, keep);
    expect(byDigest(o)).toBeGreaterThan(0);
    expect(rebirthRows(o)).toBe(0);
    await o.close();
    // a cap of 3: some in memory (and rows), the rest by digest; the rebirths already by digest still count
    o = openStore(dir, keep, 40, 3);
    let most = 0;
    const digestsBefore = byDigest(o);
    await runBlocks(o, LiveTrie.at(o.nodes, roots.blocks.get(40)!, { liveDepth: 1 }), rand, 41, 30, roots, keep, () => (most = Math.max(most, rebirthRows(o))));
    expect(most).toBeGreaterThan(0);
    expect(byDigest(o)).not.toBe(digestsBefore);
    await o.close();
    // reopened with the default cap: the waiting rebirth rows are read back into memory
    o = openStore(dir, keep, 70);
    most = 0;
    // rebirth rows are dropped once no waiting row is older: at most the window's
    await runBlocks(o, LiveTrie.at(o.nodes, roots.blocks.get(70)!, { liveDepth: 1 }), rand, 71, 40, roots, keep, () => (most = Math.max(most, rebirthRows(o))));
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(keep);
    expect(o.store.freedNodes).toBeGreaterThan(20);
    await o.close();
  }, 60_000);

  it("converts a directory written with a death mark per node (the earlier format) when opened: its waiting rows free what they meant to", async () => {
    // the scripted rebirths: blocks 1-4 in the earlier format (rows 2, 3 and 4 wait), the rest after the conversion
    const dir = tempDir();
    const legacy = openLegacyStore(dir, REBIRTHS_KEEP);
    const chain = startChain(legacy, 1);
    const before = await runRebirths(legacy, chain, 1, 4);
    // rows 2, 3, 4 wait; marked: b1 (row 3), c1 (row 4), e1 (row 2) and branches; a1, d1, f1 not (written back)
    expect(legacy.store.waiting().rows).toBe(3);
    expect(legacy.store.waiting().marks).toBeGreaterThan(3);
    await legacy.close();
    const o = openStore(dir, REBIRTHS_KEEP, 4);
    expect(o.env.openDB({ name: "trie-deaths", create: false } as { name: string })).toBeUndefined();
    const after = await runRebirths(o, { trie: LiveTrie.at(o.nodes, chain.roots.blocks.get(4)!, { liveDepth: 1 }), roots: chain.roots }, 5, REBIRTHS.length);
    expect(Object.fromEntries(Object.keys(before).map((k) => [k, before[k] + after[k]]))).toEqual(REBIRTHS_HELD);
    await o.close();
  }, 60_000);

  it("converts a directory of random blocks written in the earlier format", async () => {
    const dir = tempDir();
    const keep = 6;
    const rand = seeded(23);
    const legacy = openLegacyStore(dir, keep);
    const { trie, roots } = startChain(legacy, 1);
    await runBlocks(legacy, trie, rand, 1, 40, roots, keep);
    expect(legacy.store.waiting().rows).toBeGreaterThanOrEqual(keep - 1);
    await legacy.close();
    const o = openStore(dir, keep, 40);
    // every block after the reopening checks that the store holds exactly what the kept roots reach
    await runBlocks(o, LiveTrie.at(o.nodes, roots.blocks.get(40)!, { liveDepth: 1 }), rand, 41, 30, roots, keep);
    expect(o.store.freedNodes).toBeGreaterThan(20);
    await o.close();
  }, 60_000);

  it("young nodes: written under their block, next to each other; moved by digest when they outlive the young window; exact across reopenings", async () => {
    const dir = tempDir();
    const keep = 8;
    const rand = seeded(47);
    const byDigest = (o: Opened) => o.env.openDB({ name: "trie", encoding: "binary", keyEncoding: "binary" });
    const young = (o: Opened) => o.env.openDB({ name: "trie-young", encoding: "binary", keyEncoding: "binary" });
    // by default nodes stay young for the kept window and 1,024 blocks more: a node retired a few blocks
    // after its birth is freed young, never written by digest (a window just as long as the kept one
    // moved every node not retired by the very next block)
    let o = openStore(dir, keep, 0);
    const { trie, roots } = startChain(o, 1);
    await runBlocks(o, trie, rand, 1, 12, roots, keep);
    expect(o.store.freedNodes).toBeGreaterThan(5);
    expect(o.store.youngCount().nodes).toBe(young(o).getCount());
    expect(byDigest(o).getCount()).toBe(0);
    // keys in block order: each young block's nodes are a run of keys
    const heights = [...young(o).getKeys()].map((k) => (k as Buffer).readUInt32BE(0));
    expect(heights).toEqual([...heights].sort((a, b) => a - b));
    await o.close();
    // reopened with a young window of 3 blocks (the kept window stays 8): the older young blocks move
    // (64 blocks a seal at most: here at once), and what a kept root still needs is read by digest
    o = openStore(dir, keep, 12, undefined, 3);
    expect(o.store.youngCount().blocks).toBeGreaterThan(3);
    const movedBefore = byDigest(o).getCount();
    await runBlocks(o, LiveTrie.at(o.nodes, roots.blocks.get(12)!, { liveDepth: 1 }), rand, 13, 30, roots, keep, () => {
      expect(o.store.youngCount().blocks).toBeLessThanOrEqual(3);
      expect(o.store.youngCount().nodes).toBe(young(o).getCount());
    });
    expect(byDigest(o).getCount()).toBeGreaterThan(movedBefore);
    expect(o.store.freedNodes).toBeGreaterThan(20);
    await o.close();
    // reopened as an archive: young nodes move by digest, nothing is freed from now on
    o = openStore(dir, "all", 42);
    const since = new Map([...roots.blocks].filter(([h]) => h > 42 - keep));
    const kept: Roots = { blocks: since, mid: [] };
    // every root since the reopening's window whole (an archive's count is not the kept roots' reach:
    // roots freed before it stay freed)
    await runBlocks(o, LiveTrie.at(o.nodes, roots.blocks.get(42)!, { liveDepth: 1 }), rand, 43, 10, kept, "all", undefined, () => checkIntegrity(o.nodes, [...kept.blocks.values()]));
    expect(o.store.youngCount().nodes).toBe(0);
    expect(young(o).getCount()).toBe(0);
    await o.close();
  }, 60_000);

  it("an archive (keep all) frees nothing: every root stays whole", async () => {
    const rand = seeded(5);
    const o = openStore(tempDir(), "all", 0);
    const { trie, roots } = startChain(o);
    await runBlocks(o, trie, rand, 1, 40, roots, "all");
    expect(o.store.freedNodes).toBe(0);
    await o.close();
  }, 60_000);

  it("refuses a window that is not a whole number of blocks", () => {
    expect(() => openStore(tempDir(), 0, 0)).toThrow('keep-states must be a whole number of blocks, at least 1, or "all"; got 0');
  });
});
