// casper-node's trie operation tests, ported (storage/src/global_state/trie_store/operations/tests/:
// read.rs, scan.rs, write.rs, prune.rs, keys.rs, ee_699.rs, proptests.rs). The hand-built tries and
// their hashes come from tests/helpers/trie.ts (bytes written by hand, hashed with @noble/hashes).
// The Rust tests run on LMDB; these run on the in-memory store behind the same TrieStore interface.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesEqual, toHex } from "../host/bytesrepr/hex.ts";
import { keyLength } from "../host/state/merkle-proofs.ts";
import { computeStateHash } from "../host/state/trie/merkle-proof.ts";
import { keysWithPrefix, prune, read, readWithProof, scan, TrieError, write, type WriteResult } from "../host/state/trie/operations.ts";
import { encodeTrie, type KeyLength, trieHash, TrieTag, type TrieNode } from "../host/state/trie/trie-node.ts";
import type { TrieNodes } from "../host/state/trie/trie-nodes.ts";
import {
  checkIntegrity, checkLeaves, create0LeafTrie, create6LeafTrie, found, hash, type HashedTrie, type Leaf, leafBytes, nodeBytes, extensionBytes,
  sortedHex, testKeyLength, TEST_LEAVES, TEST_LEAVES_ADJACENTS, TEST_LEAVES_NON_COLLIDING, TEST_LEAVES_UPDATED, TEST_TRIE_GENERATORS, testContext,
} from "./helpers/trie.ts";

const N_LEAVES = TEST_LEAVES.length;

/** `write_leaves`: writes each leaf in turn from `root`, returning every result. */
function writeLeaves(nodes: TrieNodes, root: Uint8Array, leaves: Leaf[]): WriteResult[] {
  const results: WriteResult[] = [];
  for (const l of leaves) {
    const r = write(nodes, root, l.key, l.value);
    if (r.status === "Written") root = r.root;
    if (r.status === "RootNotFound") throw new Error("write_leaves given an invalid root");
    results.push(r);
  }
  return results;
}

function writtenRoots(results: WriteResult[]): Uint8Array[] {
  return results.map((r) => {
    if (r.status !== "Written") throw new Error("write_leaves resulted in non-write");
    return r.root;
  });
}

describe("the hand-built tries (operations/tests/mod.rs)", () => {
  it("have the shapes the Rust generators build: sizes and distinct roots", () => {
    const roots = TEST_TRIE_GENERATORS.map((g) => toHex(g().root));
    expect(new Set(roots).size).toBe(7);
    expect(TEST_TRIE_GENERATORS.map((g) => g().tries.length)).toEqual([1, 2, 5, 8, 10, 12, 13]);
    expect(TEST_LEAVES.length).toBe(6);
  });
});

describe("read (read.rs)", () => {
  it("reads from n-leaf partial tries exactly their leaves, with proofs", () => {
    TEST_TRIE_GENERATORS.forEach((generator, n) => {
      const { root, tries } = generator();
      checkLeaves(testContext(tries), root, TEST_LEAVES.slice(0, n), TEST_LEAVES.slice(n));
    });
  });

  it("reads every past root of a full trie holding the history", () => {
    const nodes = testContext();
    const states: Uint8Array[] = [];
    TEST_TRIE_GENERATORS.forEach((generator, stateIndex) => {
      const { root, tries } = generator();
      nodes.put(tries.map((t) => [t.hash, t.bytes] as const));
      states.push(root);
      states.slice(0, stateIndex).forEach((state, n) => checkLeaves(nodes, state, TEST_LEAVES.slice(0, n), TEST_LEAVES.slice(n)));
    });
  });

  it("a root the store does not have is RootNotFound", () => {
    expect(read(testContext(), hash(new Uint8Array([1])), TEST_LEAVES[0].key).status).toBe("RootNotFound");
    expect(readWithProof(testContext(), hash(new Uint8Array([1])), TEST_LEAVES[0].key).status).toBe("RootNotFound");
  });
});

/** `check_scan`: the scan's parents re-point, hash by hash, from the tip back up to the root. */
function checkScan(nodes: TrieNodes, rootHash: Uint8Array, key: Uint8Array): void {
  const root = nodes.get(rootHash)!;
  const { tip, parents } = scan(nodes, root, key);
  let current: TrieNode = tip;
  for (let i = parents.length - 1; i >= 0; i--) {
    const [index, parent] = parents[i];
    const expected = hash(encodeTrie(current));
    const pointed = parent.tag === TrieTag.Node ? parent.pointers[index]?.hash : parent.pointer.hash;
    expect(pointed && toHex(pointed)).toBe(toHex(expected));
    current = parent;
  }
  expect(current.tag).not.toBe(TrieTag.Leaf);
  expect(toHex(encodeTrie(current))).toBe(toHex(encodeTrie(root)));
}

describe("scan (scan.rs)", () => {
  it("scans n-leaf partial tries along every test leaf's bytes", () => {
    for (const generator of TEST_TRIE_GENERATORS) {
      const { root, tries } = generator();
      const nodes = testContext(tries);
      for (const l of TEST_LEAVES) checkScan(nodes, root, leafBytes(l));
    }
  });

  it("scans every past root of a full trie", () => {
    const nodes = testContext();
    const states: Uint8Array[] = [];
    TEST_TRIE_GENERATORS.forEach((generator, stateIndex) => {
      const { root, tries } = generator();
      nodes.put(tries.map((t) => [t.hash, t.bytes] as const));
      states.push(root);
      for (const state of states.slice(0, stateIndex)) for (const l of TEST_LEAVES) checkScan(nodes, state, leafBytes(l));
    });
  });
});

/** `writes_to_n_leaf_empty_trie_had_expected_results` */
function writesToEmptyTrie(leaves: Leaf[]): Uint8Array[] {
  const { root, tries } = create0LeafTrie();
  const nodes = testContext(tries);
  const states = [root, ...writtenRoots(writeLeaves(nodes, root, leaves))];
  states.forEach((state, n) => checkLeaves(nodes, state, leaves.slice(0, n), leaves.slice(n)));
  return states;
}

describe("write (write.rs)", () => {
  it("non-colliding writes to an empty trie", () => {
    for (let n = 1; n <= N_LEAVES; n++) writesToEmptyTrie(TEST_LEAVES_NON_COLLIDING.slice(0, n));
  });

  it("writes to an empty trie give the hand-built tries, root by root", () => {
    for (let n = 1; n <= N_LEAVES; n++) {
      const states = writesToEmptyTrie(TEST_LEAVES.slice(0, n));
      expect(states.map(toHex)).toEqual(TEST_TRIE_GENERATORS.slice(0, n + 1).map((g) => toHex(g().root)));
    }
  });

  it("no-op writes to n-leaf partial tries: AlreadyExists, nothing changes", () => {
    TEST_TRIE_GENERATORS.forEach((generator, n) => {
      const { root, tries } = generator();
      const nodes = testContext(tries);
      checkLeaves(nodes, root, TEST_LEAVES.slice(0, n), []);
      const results = writeLeaves(nodes, root, TEST_LEAVES.slice(0, n));
      expect(results.every((r) => r.status === "AlreadyExists")).toBe(true);
      checkLeaves(nodes, root, TEST_LEAVES.slice(0, n), []);
    });
  });

  it("update writes to n-leaf partial tries", () => {
    TEST_TRIE_GENERATORS.forEach((generator, n) => {
      const { root, tries } = generator();
      const nodes = testContext(tries);
      const states = [root];
      checkLeaves(nodes, root, TEST_LEAVES.slice(0, n), []);
      TEST_LEAVES_UPDATED.slice(0, n).forEach((l, i) => {
        const expected = [...TEST_LEAVES_UPDATED.slice(0, i + 1), ...TEST_LEAVES.slice(i + 1, n)];
        const [r] = writeLeaves(nodes, states[states.length - 1], [l]);
        if (r.status !== "Written") throw new Error("value not written");
        states.push(r.root);
        checkLeaves(nodes, r.root, expected, []);
      });
    });
  });

  it("no-op writes to n-leaf full tries keep every past root readable", () => {
    const nodes = testContext();
    const states: Uint8Array[] = [];
    TEST_TRIE_GENERATORS.forEach((generator, index) => {
      const { root, tries } = generator();
      nodes.put(tries.map((t) => [t.hash, t.bytes] as const));
      states.push(root);
      states.slice(0, index).forEach((s, n) => checkLeaves(nodes, s, TEST_LEAVES.slice(0, n), []));
      expect(writeLeaves(nodes, states[states.length - 1], TEST_LEAVES.slice(0, index)).every((r) => r.status === "AlreadyExists")).toBe(true);
      states.slice(0, index).forEach((s, n) => checkLeaves(nodes, s, TEST_LEAVES.slice(0, n), []));
    });
  });

  it("update writes to n-leaf full tries", () => {
    const nodes = testContext();
    const initial: Uint8Array[] = [];
    TEST_TRIE_GENERATORS.forEach((generator, numLeaves) => {
      const { root, tries } = generator();
      nodes.put(tries.map((t) => [t.hash, t.bytes] as const));
      initial.push(root);
      const states = [...initial];
      states.forEach((s, i) => checkLeaves(nodes, s, TEST_LEAVES.slice(0, i), []));
      states.push(...writtenRoots(writeLeaves(nodes, states[states.length - 1], TEST_LEAVES_UPDATED.slice(0, numLeaves))));
      const expected: Leaf[][] = [[]];
      for (let i = 1; i <= numLeaves; i++) expected.push(TEST_LEAVES.slice(0, i));
      for (let i = 1; i <= numLeaves; i++) expected.push([...TEST_LEAVES.slice(i, numLeaves), ...TEST_LEAVES_UPDATED.slice(0, i)]);
      expect(states.length).toBe(expected.length);
      states.forEach((s, i) => checkLeaves(nodes, s, expected[i], []));
    });
  });

  it("node writes (adjacent keys) to the 5-leaf full trie", () => {
    const nodes = testContext();
    const states: Uint8Array[] = [];
    for (const generator of TEST_TRIE_GENERATORS) {
      const { root, tries } = generator();
      nodes.put(tries.map((t) => [t.hash, t.bytes] as const));
      states.push(root);
    }
    states.forEach((s, i) => checkLeaves(nodes, s, TEST_LEAVES.slice(0, i), []));
    states.push(...writtenRoots(writeLeaves(nodes, states[states.length - 1], TEST_LEAVES_ADJACENTS)));
    const expected: Leaf[][] = [[]];
    for (let i = 1; i <= N_LEAVES; i++) expected.push(TEST_LEAVES.slice(0, i));
    for (let i = 1; i <= N_LEAVES; i++) expected.push([...TEST_LEAVES, ...TEST_LEAVES_ADJACENTS.slice(0, i)]);
    expect(states.length).toBe(expected.length);
    states.forEach((s, i) => checkLeaves(nodes, s, expected[i], []));
  });

  it("variable sized keys (MultiVariantTestKey): a shorter key beside longer ones", () => {
    // MultiVariantTestKey::VariableSizedKey: tag 1, then VariableAddr (Empty = [0] | LegacyAddr = [1, 7 bytes])
    const keyLength = (bytes: Uint8Array, offset: number) => (bytes[offset + 1] === 0 ? 2 : 9);
    const empty = { root: hash(nodeBytes([])), bytes: nodeBytes([]) };
    const nodes = testContext([{ hash: empty.root, bytes: empty.bytes }], keyLength);
    const u32 = (n: number) => Uint8Array.of(n, 0, 0, 0);
    const ascii = (s: string) => Array.from(new TextEncoder().encode(s));
    const k1 = Uint8Array.from([1, 1, ...ascii("caab6ff")]);
    const k2 = Uint8Array.from([1, 1, ...ascii("caabb74")]);
    const k3 = Uint8Array.of(1, 0);
    let root = empty.root;
    for (const [k, v] of [[k1, 1], [k2, 2], [k3, 3]] as const) {
      const r = write(nodes, root, k, u32(v));
      expect(r.status).toBe("Written");
      root = (r as { root: Uint8Array }).root;
    }
    expect([k1, k2, k3].map((k) => found(read(nodes, root, k))?.[0])).toEqual([1, 2, 3]);
    checkIntegrity(nodes, [root]);
  });

  it("a key that is a prefix of a stored key is refused with a clear error, not stored", () => {
    const { root, tries } = create6LeafTrie();
    const nodes = testContext(tries);
    expect(() => write(nodes, root, Uint8Array.of(0, 0, 0), Uint8Array.of(1))).toThrow(TrieError);
  });
});

describe("prune (prune.rs)", () => {
  it("pruning leaf i from the (i+1)-leaf partial trie gives the i-leaf trie, node for node", () => {
    for (let i = 0; i < N_LEAVES; i++) {
      const initial = TEST_TRIE_GENERATORS[i + 1]();
      const updated = TEST_TRIE_GENERATORS[i]();
      const nodes = testContext(initial.tries);
      expect(nodes.get(updated.root)).toBeUndefined(); // partial tries: the result is not there yet
      const r = prune(nodes, initial.root, TEST_LEAVES[i].key);
      if (r.status !== "Pruned") throw new Error(`prune: ${r.status}`);
      checkIntegrity(nodes, [r.root]);
      expect(toHex(r.root)).toBe(toHex(updated.root));
      for (const t of updated.tries) expect(toHex(nodes.getRaw(t.hash)!)).toBe(toHex(t.bytes));
    }
  });

  it("pruning a key that is not there is MissingKey", () => {
    for (let i = 0; i < N_LEAVES; i++) {
      const { root, tries } = TEST_TRIE_GENERATORS[i]();
      expect(prune(testContext(tries), root, TEST_LEAVES_ADJACENTS[i].key).status).toBe("MissingKey");
    }
  });

  it("pruning under a root the store does not have is RootNotFound", () => {
    expect(prune(testContext(), hash(new Uint8Array([9])), TEST_LEAVES[0].key).status).toBe("RootNotFound");
  });

  it("serially inserting then pruning gives back every earlier root", () => {
    seriallyInsertAndPrune([
      [[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]],
      [[0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]],
      [[0, 1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2]],
      [[2, 2, 2, 2, 2, 2, 2], [2, 2, 2, 2, 2, 2]],
    ].map(([k, v]) => ({ key: Uint8Array.from(k), value: Uint8Array.from(v) })));
  });

  it("interleaved insert and prune equals inserting only what stays", () => {
    const leaves = [
      [[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1]],
      [[0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]],
      [[0, 1, 1, 1, 1, 1, 1], [2, 2, 2, 2, 2, 2]],
    ].map(([k, v]) => ({ key: Uint8Array.from(k), value: Uint8Array.from(v) }));
    interleavedInsertAndPrune(leaves, [leaves[0].key]);
  });

  it("property: interleaved insert and prune of colliding keys (prop_lmdb_interleaved_insert_and_prune)", () => {
    // gens.rs colliding_key_arb: Account, Hash, URef (rights NONE), Transfer or Dictionary keys whose 32
    // bytes are each 0..3 (u2_slice_32), so nodes and extensions split and collapse; any value bytes
    const tagged = fc.tuple(fc.constantFrom(0, 1, 2, 3, 9), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 32, maxLength: 32 }))
      .map(([tag, bytes]) => Uint8Array.from(tag === 2 ? [2, ...bytes, 0] : [tag, ...bytes]));
    const value = fc.uint8Array({ minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ key: tagged, value }), { minLength: 1, maxLength: 6, selector: (l) => toHex(l.key) }), (pairs) => {
        interleavedInsertAndPrune(pairs, pairs.filter((_, i) => i % 2 === 0).map((p) => p.key), keyLength);
      }),
      { numRuns: 300 },
    );
  });

  it("pruning any one key of a 12-leaf trie equals never writing it (nodes of 2, 3 and 4 children)", () => {
    const all = [...TEST_LEAVES, ...TEST_LEAVES_ADJACENTS];
    for (const gone of all) {
      interleavedInsertAndPrune(all, [gone.key]);
    }
  });
});

function seriallyInsertAndPrune(pairs: Leaf[]): void {
  const { root, tries } = create0LeafTrie();
  const nodes = testContext(tries);
  const roots: Uint8Array[] = [];
  for (const p of pairs) {
    const r = write(nodes, roots[roots.length - 1] ?? root, p.key, p.value);
    if (r.status !== "Written") throw new Error("Could not write pair");
    roots.push(r.root);
  }
  let current = roots.pop() ?? root;
  for (const p of [...pairs].reverse()) {
    const r = prune(nodes, current, p.key);
    if (r.status !== "Pruned") throw new Error("Could not prune");
    checkIntegrity(nodes, [r.root]);
    current = roots.pop() ?? root;
    expect(toHex(r.root)).toBe(toHex(current));
  }
}

function interleavedInsertAndPrune(toInsert: Leaf[], toPrune: Uint8Array[], keyLengthOf: KeyLength = testKeyLength): void {
  const { root, tries } = create0LeafTrie();
  const nodes = testContext(tries, keyLengthOf);
  let expected = root;
  for (const p of toInsert) {
    const r = write(nodes, expected, p.key, p.value);
    if (r.status !== "Written") throw new Error("Could not write pair");
    expected = r.root;
  }
  for (const k of toPrune) {
    const r = prune(nodes, expected, k);
    if (r.status === "Pruned") {
      checkIntegrity(nodes, [r.root]);
      expected = r.root;
    } else if (r.status === "RootNotFound") throw new Error("should find root");
  }
  let actual = root;
  for (const p of [...toInsert].reverse().filter((p) => !toPrune.some((k) => bytesEqual(k, p.key)))) {
    const r = write(nodes, actual, p.key, p.value);
    if (r.status !== "Written") throw new Error("Could not write pair");
    actual = r.root;
  }
  expect(toHex(expected), "Expected did not match actual").toBe(toHex(actual));
}

describe("keys (keys.rs)", () => {
  it("keys of n-leaf partial and full tries", () => {
    const full = testContext();
    const states: Uint8Array[] = [];
    TEST_TRIE_GENERATORS.forEach((generator, n) => {
      const { root, tries } = generator();
      expect(sortedHex([...keysWithPrefix(testContext(tries), root, new Uint8Array())])).toEqual(sortedHex(TEST_LEAVES.slice(0, n).map((l) => l.key)));
      full.put(tries.map((t) => [t.hash, t.bytes] as const));
      states.push(root);
      states.slice(0, n).forEach((s, m) => {
        expect(sortedHex([...keysWithPrefix(full, s, new Uint8Array())])).toEqual(sortedHex(TEST_LEAVES.slice(0, m).map((l) => l.key)));
      });
    });
  });

  const keysOf = (root: Uint8Array, tries: HashedTrie[]) => () => [...keysWithPrefix(testContext(tries), root, new Uint8Array())];

  it("panics on a leaf after an extension", () => {
    const l = { hash: hash(leafBytes(TEST_LEAVES[2])), bytes: leafBytes(TEST_LEAVES[2]) };
    const ext = { hash: hash(extensionBytes([0, 0], ["node", l.hash])), bytes: extensionBytes([0, 0], ["node", l.hash]) };
    const root = { hash: hash(nodeBytes([[0, ["node", ext.hash]]])), bytes: nodeBytes([[0, ["node", ext.hash]]]) };
    expect(keysOf(root.hash, [root, ext, l])).toThrow("Expected a LazilyDeserializedTrie::Node but received");
  });

  it("panics when a key does not match its path", () => {
    const l = { hash: hash(leafBytes(TEST_LEAVES[0])), bytes: leafBytes(TEST_LEAVES[0]) };
    const root = { hash: hash(nodeBytes([[1, ["node", l.hash]]])), bytes: nodeBytes([[1, ["node", l.hash]]]) };
    expect(keysOf(root.hash, [root, l])).toThrow("Expected key bytes to start with the current path");
  });

  it("panics on a pointer to a node the store does not have", () => {
    const l0 = { hash: hash(leafBytes(TEST_LEAVES[0])), bytes: leafBytes(TEST_LEAVES[0]) };
    const l1 = hash(leafBytes(TEST_LEAVES[1]));
    const root = { hash: hash(nodeBytes([[0, ["node", l1]]])), bytes: nodeBytes([[0, ["node", l1]]]) };
    expect(keysOf(root.hash, [root, l0])).toThrow("Trie at the pointer is expected to exist");
  });

  it("keys_with_prefix over the 6-leaf trie", () => {
    const { root, tries } = create6LeafTrie();
    const nodes = testContext(tries);
    const cases: [number[], number][] = [
      [[], 6], [[0], 6], [[0, 1], 1], [[0, 1, 0], 1], [[0, 1, 1], 0], [[0, 0], 5], [[0, 0, 1], 0], [[0, 0, 2], 1],
      [[0, 0, 0, 0], 3], [[0, 0, 0, 0, 0], 3], [[0, 0, 0, 0, 0, 0], 2], [[0, 0, 0, 0, 0, 0, 1], 1],
    ];
    for (const [prefix, count] of cases) {
      const expected = TEST_LEAVES.filter((l) => prefix.every((b, i) => l.key[i] === b)).map((l) => l.key);
      expect(expected.length, `prefix ${prefix}`).toBe(count);
      expect(sortedHex([...keysWithPrefix(nodes, root, Uint8Array.from(prefix))]), `prefix ${prefix}`).toEqual(sortedHex(expected));
    }
  });

  it("keys come out in key order", () => {
    const { root, tries } = create6LeafTrie();
    const keys = [...keysWithPrefix(testContext(tries), root, new Uint8Array())].map(toHex);
    expect(keys).toEqual([...keys].sort());
  });
});

describe("variable-length keys (ee_699.rs)", () => {
  // TestKey::Account(PublicKey::{Basic 4, Similar 4, Fancy 5, Long 8 bytes}) | Hash([u8; 32]) | URef
  const ee699KeyLength = (bytes: Uint8Array, offset: number) => {
    if (bytes[offset] === 0) return 2 + [4, 4, 5, 8][bytes[offset + 1]];
    return bytes[offset] === 1 ? 33 : 34;
  };
  const account = (variant: number, bytes: number[]) => Uint8Array.from([0, variant, ...bytes]);
  const EE_699_LEAVES: Leaf[] = [
    { key: account(0, [0, 0, 0, 0]), value: new TextEncoder().encode("value0") },
    { key: account(0, [0, 0, 0, 1]), value: new TextEncoder().encode("value1") },
    { key: account(1, [0, 0, 0, 1]), value: new TextEncoder().encode("value3") },
    { key: account(2, [0, 0, 0, 1, 0]), value: new TextEncoder().encode("value4") },
    { key: account(3, [0, 0, 0, 1, 0, 0, 0, 0]), value: new TextEncoder().encode("value5") },
    { key: Uint8Array.from([1, ...new Array(32).fill(0)]), value: new TextEncoder().encode("value6") },
  ];

  it("writes to an empty trie (empty_tries)", () => {
    const empty = { hash: hash(nodeBytes([])), bytes: nodeBytes([]) };
    const nodes = testContext([empty], ee699KeyLength);
    const states = [empty.hash, ...writtenRoots(writeLeaves(nodes, empty.hash, EE_699_LEAVES))];
    states.forEach((s, n) => checkLeaves(nodes, s, EE_699_LEAVES.slice(0, n), EE_699_LEAVES.slice(n)));
  });

  it("property: every root of a sequence of writes reads back its pairs (proptests)", () => {
    const key = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 3 }), fc.uint8Array({ minLength: 8, maxLength: 8 })).map(([v, b]) => account(v, Array.from(b.subarray(0, [4, 4, 5, 8][v])))),
      fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Uint8Array.from([1, ...b])),
      fc.tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: 7 })).map(([b, r]) => Uint8Array.from([2, ...b, r])),
    );
    fc.assert(fc.property(fc.array(fc.record({ key, value: fc.uint8Array({ minLength: 6, maxLength: 6 }) }), { maxLength: 40 }), (pairs) => {
      const empty = { hash: hash(nodeBytes([])), bytes: nodeBytes([]) };
      const nodes = testContext([empty], ee699KeyLength);
      roundtrip(nodes, empty.hash, pairs, false);
    }), { numRuns: 60 });
  });
});

/** `write_pairs` then `check_pairs` (and `check_pairs_proofs`): root i holds pairs[..=i], last write wins. */
function roundtrip(nodes: TrieNodes, root: Uint8Array, pairs: Leaf[], proofs: boolean): void {
  const roots: Uint8Array[] = [];
  for (const p of pairs) {
    const r = write(nodes, root, p.key, p.value);
    if (r.status === "Written") root = r.root;
    roots.push(root);
  }
  roots.forEach((state, index) => {
    const current = new Map<string, Uint8Array>();
    for (const p of pairs.slice(0, index + 1)) current.set(toHex(p.key), p.value);
    for (const [k, v] of current) {
      const key = Uint8Array.from(Buffer.from(k, "hex"));
      expect(toHex(found(read(nodes, state, key))!)).toBe(toHex(v));
      if (proofs) {
        const proof = found(readWithProof(nodes, state, key))!;
        expect(toHex(computeStateHash(proof))).toBe(toHex(state));
        expect(toHex(proof.value)).toBe(toHex(v));
      }
    }
    expect(sortedHex([...keysWithPrefix(nodes, state, new Uint8Array())])).toEqual([...current.keys()].sort());
  });
}

describe("property tests (proptests.rs)", () => {
  it("prop_lmdb_roundtrip_succeeds: random 7-byte keys, 6-byte values, 0..100 pairs", () => {
    const pair = fc.record({ key: fc.uint8Array({ minLength: 7, maxLength: 7 }), value: fc.uint8Array({ minLength: 6, maxLength: 6 }) });
    fc.assert(fc.property(fc.array(pair, { maxLength: 100 }), (pairs) => {
      const { root, tries } = create0LeafTrie();
      roundtrip(testContext(tries), root, pairs, true);
    }), { numRuns: 40 });
  });

  it("keys sharing long prefixes (small alphabet) still round-trip with proofs", () => {
    const pair = fc.record({ key: fc.array(fc.constantFrom(0, 1), { minLength: 7, maxLength: 7 }).map((a) => Uint8Array.from(a)), value: fc.uint8Array({ minLength: 6, maxLength: 6 }) });
    fc.assert(fc.property(fc.array(pair, { maxLength: 60 }), (pairs) => {
      const { root, tries } = create0LeafTrie();
      roundtrip(testContext(tries), root, pairs, true);
    }), { numRuns: 40 });
  });
});

describe("nodes written by `write` are the format's bytes", () => {
  it("every node reachable from a written root hashes to its digest (check_integrity)", () => {
    const { root, tries } = create0LeafTrie();
    const nodes = testContext(tries);
    const results = writeLeaves(nodes, root, [...TEST_LEAVES, ...TEST_LEAVES_ADJACENTS]);
    checkIntegrity(nodes, writtenRoots(results));
    const last = writtenRoots(results).pop()!;
    expect(toHex(trieHash(nodes.get(last)!))).toBe(toHex(last));
  });
});
