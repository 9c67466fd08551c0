// Fixtures of casper-node's own trie tests (storage/src/global_state/trie_store/operations/tests/mod.rs):
// the 7-byte TestKey / 6-byte TestValue leaves and the hand-built 0..6-leaf tries with their hashes.
// The tries' bytes are written here by hand from the format (not by the code under test) and hashed
// with @noble/hashes' blake2b, as the Rust tests hash `Trie::to_bytes` with `Digest::hash`.

import { blake2b } from "@noble/hashes/blake2";
import { expect } from "vitest";
import { bytesEqual } from "../../host/bytesrepr/hex.ts";
import { type ReadResult, keysWithPrefix, read, readWithProof } from "../../host/state/trie/operations.ts";
import { computeStateHash } from "../../host/state/trie/merkle-proof.ts";
import { MemoryTrieStore } from "../../host/state/trie/store.ts";
import { TrieNodes } from "../../host/state/trie/trie-nodes.ts";
import { decodeTrie, indexedPointers, type KeyLength, type TrieNode, TrieTag } from "../../host/state/trie/trie-node.ts";

export const TEST_KEY_LENGTH = 7;
export const TEST_VAL_LENGTH = 6;

export const hash = (bytes: Uint8Array): Uint8Array => blake2b(bytes, { dkLen: 32 });
const utf8 = (s: string) => new TextEncoder().encode(s);

export interface Leaf {
  key: Uint8Array;
  value: Uint8Array;
}
const leaf = (key: number[], value: string): Leaf => ({ key: Uint8Array.from(key), value: utf8(value) });

/** Keys chosen deliberately: the create_* tries below depend on them. */
export const TEST_LEAVES: Leaf[] = [
  leaf([0, 0, 0, 0, 0, 0, 0], "value0"),
  leaf([0, 0, 0, 0, 0, 0, 1], "value1"),
  leaf([0, 0, 0, 2, 0, 0, 0], "value2"),
  leaf([0, 0, 0, 0, 0, 255, 0], "value3"),
  leaf([0, 1, 0, 0, 0, 0, 0], "value4"),
  leaf([0, 0, 2, 0, 0, 0, 0], "value5"),
];
export const TEST_LEAVES_UPDATED: Leaf[] = TEST_LEAVES.map((l, i) => ({ key: l.key, value: utf8(`value${"ABCDEF"[i]}`) }));
export const TEST_LEAVES_NON_COLLIDING: Leaf[] = [0, 1, 2, 3, 4, 5].map((i) => leaf([i, 0, 0, 0, 0, 0, 0], `value${"ABCDEF"[i]}`));
export const TEST_LEAVES_ADJACENTS: Leaf[] = [
  leaf([0, 0, 0, 0, 0, 0, 2], "valueA"),
  leaf([0, 0, 0, 0, 0, 0, 3], "valueB"),
  leaf([0, 0, 0, 3, 0, 0, 0], "valueC"),
  leaf([0, 0, 0, 0, 0, 1, 0], "valueD"),
  leaf([0, 2, 0, 0, 0, 0, 0], "valueE"),
  leaf([0, 0, 3, 0, 0, 0, 0], "valueF"),
];

// ---- the format, written out by hand ---------------------------------------------------------

export type TestPointer = ["leaf" | "node", Uint8Array];

export function leafBytes(l: Leaf): Uint8Array {
  return Uint8Array.from([0, ...l.key, ...l.value]);
}

/** Trie::Node: tag 1, then all 256 slots as Option<Pointer> (0 = None; 1, pointer tag, digest). */
export function nodeBytes(indexed: [number, TestPointer][]): Uint8Array {
  const slots = new Map(indexed);
  const out: number[] = [1];
  for (let i = 0; i < 256; i++) {
    const p = slots.get(i);
    if (!p) out.push(0);
    else out.push(1, p[0] === "leaf" ? 0 : 1, ...p[1]);
  }
  return Uint8Array.from(out);
}

/** Trie::Extension: tag 2, affix as Bytes (u32 LE length), pointer. */
export function extensionBytes(affix: number[], pointer: TestPointer): Uint8Array {
  const n = affix.length;
  return Uint8Array.from([2, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24, ...affix, pointer[0] === "leaf" ? 0 : 1, ...pointer[1]]);
}

export interface HashedTrie {
  hash: Uint8Array;
  bytes: Uint8Array;
}
const hashed = (bytes: Uint8Array): HashedTrie => ({ hash: hash(bytes), bytes });
const L = (h: HashedTrie): TestPointer => ["leaf", h.hash];
const N = (h: HashedTrie): TestPointer => ["node", h.hash];

export type TrieGenerator = () => { root: Uint8Array; tries: HashedTrie[] };

function leaves(n: number): HashedTrie[] {
  return TEST_LEAVES.slice(0, n).map((l) => hashed(leafBytes(l)));
}

export const create0LeafTrie: TrieGenerator = () => {
  const root = hashed(nodeBytes([]));
  return { root: root.hash, tries: [root] };
};

export const create1LeafTrie: TrieGenerator = () => {
  const ls = leaves(1);
  const root = hashed(nodeBytes([[0, L(ls[0])]]));
  return { root: root.hash, tries: [...ls, root] };
};

export const create2LeafTrie: TrieGenerator = () => {
  const ls = leaves(2);
  const node = hashed(nodeBytes([[0, L(ls[0])], [1, L(ls[1])]]));
  const ext = hashed(extensionBytes([0, 0, 0, 0, 0], N(node)));
  const root = hashed(nodeBytes([[0, N(ext)]]));
  return { root: root.hash, tries: [...ls, root, ext, node] };
};

export const create3LeafTrie: TrieGenerator = () => {
  const ls = leaves(3);
  const node1 = hashed(nodeBytes([[0, L(ls[0])], [1, L(ls[1])]]));
  const ext1 = hashed(extensionBytes([0, 0], N(node1)));
  const node2 = hashed(nodeBytes([[0, N(ext1)], [2, L(ls[2])]]));
  const ext2 = hashed(extensionBytes([0, 0], N(node2)));
  const root = hashed(nodeBytes([[0, N(ext2)]]));
  return { root: root.hash, tries: [...ls, root, ext2, node2, ext1, node1] };
};

export const create4LeafTrie: TrieGenerator = () => {
  const ls = leaves(4);
  const node1 = hashed(nodeBytes([[0, L(ls[0])], [1, L(ls[1])]]));
  const node2 = hashed(nodeBytes([[0, N(node1)], [255, L(ls[3])]]));
  const ext1 = hashed(extensionBytes([0], N(node2)));
  const node3 = hashed(nodeBytes([[0, N(ext1)], [2, L(ls[2])]]));
  const ext2 = hashed(extensionBytes([0, 0], N(node3)));
  const root = hashed(nodeBytes([[0, N(ext2)]]));
  return { root: root.hash, tries: [...ls, root, ext2, node3, ext1, node2, node1] };
};

export const create5LeafTrie: TrieGenerator = () => {
  const ls = leaves(5);
  const node1 = hashed(nodeBytes([[0, L(ls[0])], [1, L(ls[1])]]));
  const node2 = hashed(nodeBytes([[0, N(node1)], [255, L(ls[3])]]));
  const ext1 = hashed(extensionBytes([0], N(node2)));
  const node3 = hashed(nodeBytes([[0, N(ext1)], [2, L(ls[2])]]));
  const ext2 = hashed(extensionBytes([0], N(node3)));
  const node4 = hashed(nodeBytes([[0, N(ext2)], [1, L(ls[4])]]));
  const root = hashed(nodeBytes([[0, N(node4)]]));
  return { root: root.hash, tries: [...ls, root, node4, ext2, node3, ext1, node2, node1] };
};

export const create6LeafTrie: TrieGenerator = () => {
  const ls = leaves(6);
  const node1 = hashed(nodeBytes([[0, L(ls[0])], [1, L(ls[1])]]));
  const node2 = hashed(nodeBytes([[0, N(node1)], [255, L(ls[3])]]));
  const ext = hashed(extensionBytes([0], N(node2)));
  const node3 = hashed(nodeBytes([[0, N(ext)], [2, L(ls[2])]]));
  const node4 = hashed(nodeBytes([[0, N(node3)], [2, L(ls[5])]]));
  const node5 = hashed(nodeBytes([[0, N(node4)], [1, L(ls[4])]]));
  const root = hashed(nodeBytes([[0, N(node5)]]));
  return { root: root.hash, tries: [...ls, root, node5, node4, node3, ext, node2, node1] };
};

export const TEST_TRIE_GENERATORS: TrieGenerator[] = [
  create0LeafTrie, create1LeafTrie, create2LeafTrie, create3LeafTrie, create4LeafTrie, create5LeafTrie, create6LeafTrie,
];

// ---- a store of test tries (the Rust tests' LmdbTestContext) ---------------------------------------

export const testKeyLength = () => TEST_KEY_LENGTH;

export function testContext(tries: HashedTrie[] = [], keyLength: KeyLength = testKeyLength): TrieNodes {
  const nodes = new TrieNodes(new MemoryTrieStore(), keyLength);
  nodes.put(tries.map((t) => [t.hash, t.bytes] as const));
  return nodes;
}

/** `check_leaves`: present leaves read back with valid proofs, absent ones do not, `keys` lists the present. */
export function checkLeaves(nodes: TrieNodes, root: Uint8Array, present: Leaf[], absent: Leaf[]): void {
  for (const l of present) {
    expect(found(read(nodes, root, l.key)), `read ${l.key}`).toEqual(l.value);
    const proof = found(readWithProof(nodes, root, l.key));
    expect(proof, `proof of ${l.key}`).toBeDefined();
    expect(bytesEqual(computeStateHash(proof!), root) && bytesEqual(proof!.value, l.value)).toBe(true);
  }
  for (const l of absent) {
    const v = found(read(nodes, root, l.key));
    expect(v === undefined || !bytesEqual(v, l.value), `absent ${l.key}`).toBe(true);
    const proof = found(readWithProof(nodes, root, l.key));
    expect(proof === undefined || !(bytesEqual(computeStateHash(proof), root) && bytesEqual(proof.value, l.value))).toBe(true);
  }
  expect(sortedHex([...keysWithPrefix(nodes, root, new Uint8Array())])).toEqual(sortedHex(present.map((l) => l.key)));
}

export function found<T>(r: ReadResult<T>): T | undefined {
  if (r.status === "RootNotFound") throw new Error("Root not found!");
  return r.status === "Found" ? r.value : undefined;
}

export function sortedHex(keys: Uint8Array[]): string[] {
  return keys.map((k) => Buffer.from(k).toString("hex")).sort();
}

/**
 * `check_integrity`: every node reachable from the roots is stored under the hash of its bytes, a
 * root is a node, and every leaf's key starts with the path that leads to it.
 */
export function checkIntegrity(nodes: TrieNodes, roots: Uint8Array[]): void {
  for (const r of roots) expect(nodes.get(r)?.tag, "a state root must be a pointer block node").toBe(TrieTag.Node);
  const toVisit: [number[], Uint8Array][] = roots.map((r) => [[], r]);
  const seen = new Set<string>();
  let item: [number[], Uint8Array] | undefined;
  while ((item = toVisit.pop())) {
    const [path, digest] = item;
    const id = Buffer.from(digest).toString("hex");
    if (seen.has(id)) continue;
    seen.add(id);
    const bytes = nodes.getRaw(digest);
    if (!bytes) throw new Error(`Missing trie key: ${id}`);
    expect(Buffer.from(hash(bytes)).toString("hex"), `trie key ${id} has corrupted value`).toBe(id);
    const node: TrieNode = decodeTrie(bytes, nodes.keyLength);
    if (node.tag === TrieTag.Leaf) {
      expect(Array.from(node.key.subarray(0, path.length)), "leaf with a corrupted affix").toEqual(path);
    } else if (node.tag === TrieTag.Node) {
      for (const [i, p] of indexedPointers(node)) toVisit.push([[...path, i], p.hash]);
    } else {
      toVisit.push([[...path, ...node.affix], node.pointer.hash]);
    }
  }
}

// ---- an independent reference: the canonical trie of a set of pairs, built from the definition ----

/**
 * The root hash casper-node's trie has for exactly these (key, value) pairs, computed from what the
 * trie is rather than by inserting: the root is a node over the keys' first bytes; below it, a group
 * of one key is a leaf, and a larger group is a node at the first byte where its keys differ, behind
 * an extension for the bytes they share before it. Hashed with @noble/hashes.
 */
export function referenceRoot(pairs: Iterable<Leaf>): Uint8Array {
  const byKey = new Map<string, Leaf>();
  for (const p of pairs) byKey.set(Buffer.from(p.key).toString("hex"), p);
  const all = [...byKey.values()];
  const group = (ls: Leaf[], depth: number) => {
    const out = new Map<number, Leaf[]>();
    for (const l of ls) {
      if (depth >= l.key.length) throw new Error("a key is a prefix of another");
      out.set(l.key[depth], [...(out.get(l.key[depth]) ?? []), l]);
    }
    return out;
  };
  const branch = (ls: Leaf[], depth: number): Uint8Array => {
    const children: [number, TestPointer][] = [];
    for (const [b, g] of group(ls, depth)) children.push([b, below(g, depth + 1)]);
    return hash(nodeBytes(children));
  };
  const below = (ls: Leaf[], depth: number): TestPointer => {
    if (ls.length === 1) return ["leaf", hash(leafBytes(ls[0]))];
    let d = depth;
    while (ls.every((l) => l.key[d] === ls[0].key[d])) d++;
    const node = branch(ls, d);
    if (d === depth) return ["node", node];
    return ["node", hash(extensionBytes(Array.from(ls[0].key.subarray(depth, d)), ["node", node]))];
  };
  return branch(all, 0);
}
