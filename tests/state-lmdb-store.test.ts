// Trie nodes in LMDB (host/state/lmdb): what the node's data directory holds of global state. Blocks
// of random writes and deletes (values often set back as they were, so nodes die and come back) are
// committed through the store as the node commits them; after each block, every kept root is whole
// (each node there, hashing to its digest: tests/helpers/trie.ts checkIntegrity), a root older than
// the window is gone, and the store holds exactly the nodes the kept roots reach: the disk is the live
// state plus the kept history. Reopening the directory goes on from there; an archive frees nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open, type RootDatabase } from "lmdb";
import { afterEach, describe, expect, it } from "vitest";
import { toHex } from "../host/bytesrepr/hex.ts";
import { keyLength } from "../host/state/merkle-proofs.ts";
import { type KeepStates, LmdbTrieStore } from "../host/state/lmdb/lmdb-trie-store.ts";
import { StagedWrites } from "../host/state/lmdb/staged-writes.ts";
import { LiveTrie } from "../host/state/trie/live-trie.ts";
import { emptyTrie, read } from "../host/state/trie/operations.ts";
import { TrieNodes } from "../host/state/trie/trie-nodes.ts";
import { indexedPointers, TrieTag } from "../host/state/trie/trie-node.ts";
import { checkIntegrity } from "./helpers/trie.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Opened {
  env: RootDatabase;
  writes: StagedWrites;
  store: LmdbTrieStore;
  nodes: TrieNodes;
}

function openStore(dir: string, keepStates: KeepStates, tipHeight: number): Opened {
  const env = open({ path: dir, separateFlushed: true, maxDbs: 16 });
  const writes = new StagedWrites(env);
  const store = new LmdbTrieStore(env, writes, { keepStates, tipHeight });
  // no decoded cache: every read goes to LMDB
  return { env, writes, store, nodes: new TrieNodes(store, keyLength, 0) };
}

function reachable(nodes: TrieNodes, root: Uint8Array, into: Set<string>): void {
  const todo = [root];
  let d: Uint8Array | undefined;
  while ((d = todo.pop())) {
    const id = toHex(d);
    if (into.has(id)) continue;
    into.add(id);
    const node = nodes.get(d)!;
    if (node.tag === TrieTag.Node) for (const [, p] of indexedPointers(node)) todo.push(p.hash);
    else if (node.tag === TrieTag.Extension) todo.push(node.pointer.hash);
  }
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
 * root asked for mid-block), recording each block's root and those mid-block roots.
 */
async function runBlocks(o: Opened, trie: LiveTrie, rand: () => number, from: number, blocks: number, roots: Map<number, Uint8Array>, keep: KeepStates, midRoots = new Map<number, Uint8Array>()): Promise<void> {
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
        midRoots.set(h, trie.commit());
        // set the last change back after the mid-block root: its nodes come back in the same block
        if (rand() < 0.6) undo();
      }
    }
    roots.set(h, trie.commit());
    o.store.sealBlock(h);
    await o.writes.seal();
    // kept: the roots of the last `keep` blocks, and the mid-block roots of the blocks after the first
    // of them (a node only a mid-block root had dies with that block's row)
    const kept = [...roots.entries()].filter(([height]) => keep === "all" || height > h - keep);
    const keptMid = [...midRoots.entries()].filter(([height]) => keep === "all" || height > h - keep + 1);
    // every kept root is whole; the store holds exactly what they reach
    checkIntegrity(o.nodes, kept.map(([, r]) => r));
    const needed = new Set<string>();
    for (const [, r] of [...kept, ...keptMid]) reachable(o.nodes, r, needed);
    // the empty trie's root node (written at start) is needed by no root after the first block
    expect(o.store.nodeCount(), `block ${h}`).toBe(needed.size + (keep === "all" ? (needed.has(toHex(emptyTrie().root)) ? 0 : 1) : 0));
  }
}

describe("trie nodes in LMDB, with the last N roots kept", () => {
  it("frees every node no kept root needs, keeps every kept root whole, across a reopening", async () => {
    const dir = mkdtempSync(join(tmpdir(), "casper-as-trie-"));
    dirs.push(dir);
    const keep = 5;
    const rand = seeded(11);
    const roots = new Map<number, Uint8Array>();
    const midRoots = new Map<number, Uint8Array>();
    let o = openStore(dir, keep, 0);
    const empty = emptyTrie();
    o.nodes.put([[empty.root, empty.bytes]]);
    roots.set(0, empty.root);
    let trie = LiveTrie.at(o.nodes, empty.root, { liveDepth: 1 });
    await runBlocks(o, trie, rand, 1, 60, roots, keep, midRoots);
    expect(o.store.freedNodes).toBeGreaterThan(50);
    // an old root is gone: its node was freed
    expect(read(o.nodes, roots.get(10)!, randomKey(rand)).status).toBe("RootNotFound");
    await o.writes.close();

    // reopened: the same window, going on from the last root
    o = openStore(dir, keep, 60);
    trie = LiveTrie.at(o.nodes, roots.get(60)!, { liveDepth: 1 });
    await runBlocks(o, trie, rand, 61, 30, roots, keep, midRoots);
    await o.writes.close();
  }, 60_000);

  it("an archive (keep all) frees nothing: every root stays whole", async () => {
    const dir = mkdtempSync(join(tmpdir(), "casper-as-trie-"));
    dirs.push(dir);
    const rand = seeded(5);
    const roots = new Map<number, Uint8Array>();
    const o = openStore(dir, "all", 0);
    const empty = emptyTrie();
    o.nodes.put([[empty.root, empty.bytes]]);
    roots.set(0, empty.root);
    const trie = LiveTrie.at(o.nodes, empty.root);
    await runBlocks(o, trie, rand, 1, 40, roots, "all");
    expect(o.store.freedNodes).toBe(0);
    await o.writes.close();
  }, 60_000);

  it("refuses a window that is not a whole number of blocks", () => {
    const dir = mkdtempSync(join(tmpdir(), "casper-as-trie-"));
    dirs.push(dir);
    expect(() => openStore(dir, 0, 0)).toThrow('keep-states must be a whole number of blocks, at least 1, or "all"; got 0');
  });
});
