// The trie global state writes through (live-trie.ts, casper-node's TrieCache with deletes) against
// casper-node's sequential `write` / `prune` (operations.ts, ported and tested in
// state-trie-operations.test.ts) and against an independent reference built from the set of pairs
// (tests/helpers/trie.ts `referenceRoot`): the same root, whatever the order, batching or deletes
// (write.rs batch_write_with_random_keys: compare_random_keys_seq_write_with_batch_cache_write,
// compare_random_keys_write_with_cache_and_readback).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toHex } from "../host/bytesrepr/hex.ts";
import { keyLength } from "../host/state/merkle-proofs.ts";
import { LiveTrie } from "../host/state/trie/live-trie.ts";
import { emptyTrie, keysWithPrefix, prune, read, write } from "../host/state/trie/operations.ts";
import type { TrieNodes } from "../host/state/trie/trie-nodes.ts";
import { checkIntegrity, found, type Leaf, referenceRoot, testContext } from "./helpers/trie.ts";
import { seeded } from "./helpers/seeded.ts";

/** A random Key's bytes (TestRng's `rng.gen::<Key>()` draws every variant; these are the 1.5.8 ones). */
function randomKey(rand: () => number): Uint8Array {
  const bytes = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 256));
  const tag = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12][Math.floor(rand() * 11)];
  if (tag === 2) return Uint8Array.from([2, ...bytes(32), 0]);
  if (tag === 5) return Uint8Array.from([5, ...bytes(8)]);
  return Uint8Array.from([tag, ...bytes(32)]);
}

const u32 = (n: number) => Uint8Array.of(n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24);

function freshStore(): { nodes: TrieNodes; root: Uint8Array } {
  const empty = emptyTrie();
  return { nodes: testContext([{ hash: empty.root, bytes: empty.bytes }], keyLength), root: empty.root };
}

function sequentialRoot(nodes: TrieNodes, root: Uint8Array, pairs: Leaf[]): Uint8Array {
  for (const p of pairs) {
    const r = write(nodes, root, p.key, p.value);
    if (r.status === "Written") root = r.root;
  }
  return root;
}

describe("batch writes give the sequential writes' root", () => {
  it("compare_random_keys_seq_write_with_batch_cache_write (3 x 2,000 random Keys)", () => {
    for (let round = 0; round < 3; round++) {
      const rand = seeded(round + 1);
      const data: Leaf[] = Array.from({ length: 2000 }, (_, i) => ({ key: randomKey(rand), value: u32(i) }));
      const seq = freshStore();
      const seqRoot = sequentialRoot(seq.nodes, seq.root, data);
      const batch = freshStore();
      const trie = LiveTrie.at(batch.nodes, batch.root);
      for (const p of data) trie.write(p.key, p.value);
      const batchRoot = trie.commit();
      expect(toHex(batchRoot), `round ${round}`).toBe(toHex(seqRoot));
      expect(toHex(batchRoot)).toBe(toHex(referenceRoot(data)));
      checkIntegrity(batch.nodes, [batchRoot]);
    }
  });

  it("compare_random_keys_write_with_cache_and_readback: a batch on top of a stored trie", () => {
    const rand = seeded(42);
    const store = freshStore();
    const initial: Leaf[] = Array.from({ length: 1000 }, (_, i) => ({ key: randomKey(rand), value: u32(i) }));
    const root = sequentialRoot(store.nodes, store.root, initial);
    const more: Leaf[] = Array.from({ length: 1000 }, (_, i) => ({ key: randomKey(rand), value: u32(i) }));
    // some of the new writes update initial keys
    for (let i = 0; i < 100; i++) more.push({ key: initial[i * 7].key, value: u32(5000 + i) });
    const trie = LiveTrie.at(store.nodes, root);
    for (const p of more) trie.write(p.key, p.value);
    const cacheRoot = trie.commit();
    expect(toHex(cacheRoot)).toBe(toHex(sequentialRoot(store.nodes, root, more)));
    for (const p of more.slice(-100)) expect(toHex(found(read(store.nodes, cacheRoot, p.key))!)).toBe(toHex(p.value));
    // the root the batch started from is still readable, unchanged
    expect(toHex(found(read(store.nodes, root, initial[0].key))!)).toBe(toHex(initial[0].value));
  });
});

type Op = { kind: "write"; key: Uint8Array; value: Uint8Array } | { kind: "delete"; key: Uint8Array; pick: number };

describe("writes and deletes in any order and batching", () => {
  // keys sharing long prefixes (8 bits of choice after the tag), so that writes split extensions at
  // every position and deletes collapse nodes into extensions and merge them; a delete mostly picks
  // a key written before (`pick`), else its own key
  const key = fc.tuple(fc.constantFrom(0, 9), fc.array(fc.constantFrom(0, 1), { minLength: 8, maxLength: 8 }))
    .map(([tag, b]) => Uint8Array.from([tag, ...b, ...new Array(24).fill(0)]));
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({ kind: fc.constant("write" as const), key, value: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
    fc.record({ kind: fc.constant("delete" as const), key, pick: fc.integer({ min: 0, max: 99 }) }),
  );

  it("property: the root after any ops equals sequential write/prune, the reference, and a fresh build", () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (ops, commitEvery) => {
      const live = freshStore();
      const trie = LiveTrie.at(live.nodes, live.root);
      const seq = freshStore();
      let seqRoot = seq.root;
      const model = new Map<string, Leaf>();
      let liveRoot = live.root;
      ops.forEach((o, i) => {
        if (o.kind === "write") {
          trie.write(o.key, o.value);
          const r = write(seq.nodes, seqRoot, o.key, o.value);
          if (r.status === "Written") seqRoot = r.root;
          model.set(toHex(o.key), { key: o.key, value: o.value });
        } else {
          const present = [...model.values()];
          const k = present.length && o.pick < 80 ? present[o.pick % present.length].key : o.key;
          expect(trie.delete(k)).toBe(model.has(toHex(k)));
          const r = prune(seq.nodes, seqRoot, k);
          if (r.status === "Pruned") seqRoot = r.root;
          model.delete(toHex(k));
        }
        if ((i + 1) % commitEvery === 0) liveRoot = trie.commit();
      });
      liveRoot = trie.commit();
      expect(toHex(liveRoot)).toBe(toHex(seqRoot));
      expect(toHex(liveRoot)).toBe(toHex(referenceRoot(model.values())));
      checkIntegrity(live.nodes, [liveRoot]);
      for (const l of model.values()) expect(toHex(trie.get(l.key)!)).toBe(toHex(l.value));
      // prefix scans: every prefix length of one key, and the same scan over the stored root
      const sample = [...model.values()][0]?.key ?? Uint8Array.of(0, 1);
      for (let n = 0; n <= 10; n++) {
        const prefix = sample.subarray(0, n);
        const expected = [...model.values()].map((l) => toHex(l.key)).filter((k) => k.startsWith(toHex(prefix))).sort();
        expect(trie.keysWithPrefix(prefix).map(toHex)).toEqual(expected);
        expect([...keysWithPrefix(live.nodes, liveRoot, prefix)].map(toHex)).toEqual(expected);
      }
      // the same pairs written in reverse into an empty trie
      const fresh = freshStore();
      const again = LiveTrie.at(fresh.nodes, fresh.root);
      for (const l of [...model.values()].reverse()) again.write(l.key, l.value);
      expect(toHex(again.commit())).toBe(toHex(liveRoot));
    }), { numRuns: 300 });
  });

  it("deleting every key gives back the empty trie's root", () => {
    const store = freshStore();
    const trie = LiveTrie.at(store.nodes, store.root);
    const rand = seeded(7);
    const keys = Array.from({ length: 300 }, () => randomKey(rand));
    keys.forEach((k, i) => trie.write(k, u32(i)));
    expect(toHex(trie.commit())).not.toBe(toHex(store.root));
    for (const k of keys) trie.delete(k);
    expect(toHex(trie.commit())).toBe(toHex(emptyTrie().root));
    expect(trie.delete(keys[0])).toBe(false);
  });

  it("a key that is a prefix of another is refused, and the trie is unchanged", () => {
    const store = freshStore();
    const trie = LiveTrie.at(store.nodes, store.root);
    trie.write(Uint8Array.of(0, 1, 2, 3), Uint8Array.of(1));
    trie.write(Uint8Array.of(0, 1, 9, 9), Uint8Array.of(2));
    const before = toHex(trie.commit());
    expect(() => trie.write(Uint8Array.of(0, 1), Uint8Array.of(3))).toThrow(/prefix/);
    expect(() => trie.write(Uint8Array.of(0, 1, 2), Uint8Array.of(3))).toThrow(/prefix/);
    expect(toHex(trie.commit())).toBe(before);
  });
});

describe("snapshots", () => {
  it("a snapshot is a frozen root: later writes, deletes and restores leave it as it was", () => {
    const store = freshStore();
    const trie = LiveTrie.at(store.nodes, store.root);
    const rand = seeded(3);
    const keys = Array.from({ length: 200 }, () => randomKey(rand));
    keys.forEach((k, i) => trie.write(k, u32(i)));
    const s1 = trie.snapshot(); // not hashed yet: frozen all the same
    const r1 = referenceRoot(keys.map((k, i) => ({ key: k, value: u32(i) })));
    for (let i = 0; i < 50; i++) trie.write(keys[i], u32(1000 + i));
    for (let i = 50; i < 80; i++) trie.delete(keys[i]);
    const r2 = trie.commit();
    const s2 = trie.snapshot();
    trie.restore(s1);
    expect(toHex(trie.commit())).toBe(toHex(r1));
    trie.write(keys[199], u32(7)); // writing after a restore must not reach s1 or s2
    trie.restore(s2);
    expect(toHex(trie.commit())).toBe(toHex(r2));
    trie.restore(s1);
    expect(toHex(trie.commit())).toBe(toHex(r1));
  });
});
