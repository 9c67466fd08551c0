// The trie's node bytes and hashes against casper-node's own tests: types/src/digest.rs (the
// blake2b vectors, Merkle trees over chunks, with the test build's 10-byte chunks as the Rust tests
// use), storage/src/global_state/trie/tests.rs (pointer blocks, descendants, bytesrepr round trips as
// property tests) and the format itself, written out by hand in tests/helpers/trie.ts.
import { blake2b } from "@noble/hashes/blake2";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BytesreprError } from "../host/bytesrepr/errors.ts";
import { toHex } from "../host/bytesrepr/hex.ts";
import { keyLength } from "../host/state/merkle-proofs.ts";
import { blake2b256, hashIntoChunksIfNecessary, hashMerkleTree, hashPair, SENTINEL_MERKLE_TREE } from "../host/state/trie/digest.ts";
import { emptyTrie } from "../host/state/trie/operations.ts";
import {
  decodeTrie, encodeTrie, indexedPointers, leafPointer, nodePointer, type Pointer, RADIX, trieExtension, trieHash, trieLeaf, trieNode,
} from "../host/state/trie/trie-node.ts";
import { extensionBytes, leafBytes, nodeBytes, TEST_LEAVES, testKeyLength } from "./helpers/trie.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);
const filled = (b: number) => new Uint8Array(32).fill(b);

describe("digest (types/src/digest.rs)", () => {
  it("hash_known: blake2b-256 vectors", () => {
    const vectors: [string, string][] = [
      ["", "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"],
      ["abc", "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"],
      ["0123456789", "7b6cb8d374484e221785288b035dc53fc9ddf000607f473fc2a3258d89a70398"],
      ["01234567890", "3d199478c18b7fe3ca1f4f2a9b3e07f708ff66ed52eb345db258abe8a812ed5c"],
      ["The quick brown fox jumps over the lazy dog", "01718cec35cd3d796dd00020e0bfecb473ad23457d063b75eff29c0ffa2e58a9"],
    ];
    for (const [input, digest] of vectors) expect(toHex(blake2b256(utf8(input)))).toBe(digest);
  });

  it("test_hash_pair", () => {
    expect(toHex(hashPair(filled(1), filled(2)))).toBe("30b600fb1f0cc0b3f0fc28cdcb7389405a6659be81c7d5c5905725aa3a5119ce");
  });

  // the Rust tests run with CHUNK_SIZE_BYTES = 10: hash_merkle_root's zeroed prefix is one such chunk
  it("test_hash_merkle_odd and test_hash_merkle_even (chunk size 10)", () => {
    expect(toHex(hashMerkleTree([1, 2, 3, 4, 5].map(filled), 10))).toBe("775cec8133b97b0e8d4e97659025d5bac4ed7c8927d1bd99cf62114df57f3e74");
    expect(toHex(hashMerkleTree([1, 2, 3, 4, 5, 6].map(filled), 10))).toBe("4bd50b08a8366b28c35bc831b95d147123bad01c29ffbf854b659c4b3ea4086c");
    expect(toHex(hashMerkleTree([], 10))).toBe(toHex(SENTINEL_MERKLE_TREE));
  });

  it("merkle_roots_are_preimage_resistent: two 10-byte chunks", () => {
    const longData = utf8("1234567890abcdefghij");
    // h(1..0), h(a..j) and their pair, as the Rust test's comment gives them
    expect(toHex(blake2b256(longData.subarray(0, 10)))).toBe("807f1ba73147c3a96c2d63b38dd5a5f514f66290a1436bb9821e9f2a72eff263");
    expect(toHex(blake2b256(longData.subarray(10)))).toBe("499e1cdb476523fedafc9d9db31125e2744f271578ea95b16ab4bd1905f05fea");
    const expectedFinalInput = Uint8Array.from([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 19, 25, 57, 74, 152, 208, 203, 25, 79, 150, 14, 55, 72, 186, 235, 32, 69, 169, 236, 40, 170,
      81, 224, 212, 32, 17, 190, 67, 244, 169, 31, 95,
    ]);
    const longHash = hashIntoChunksIfNecessary(longData, 10);
    expect(toHex(longHash)).toBe(toHex(blake2b(expectedFinalInput, { dkLen: 32 })));
    expect(toHex(longHash)).not.toBe(toHex(blake2b256(expectedFinalInput.subarray(10))));
  });

  it("data up to one chunk is hashed whole; longer data by its chunks", () => {
    const data = utf8("01234567890");
    expect(toHex(hashIntoChunksIfNecessary(data.subarray(0, 10), 10))).toBe(toHex(blake2b256(data.subarray(0, 10))));
    const chunked = hashIntoChunksIfNecessary(data, 10);
    expect(toHex(chunked)).toBe(toHex(hashMerkleTree([blake2b256(data.subarray(0, 10)), blake2b256(data.subarray(10))], 10)));
    expect(toHex(chunked)).not.toBe(toHex(blake2b256(data)));
    // three chunks: itertools tree_fold1 pairs the first two, then folds in the third
    const three = utf8("0123456789abcdefghijXYZ");
    const leaves = [three.subarray(0, 10), three.subarray(10, 20), three.subarray(20)].map((c) => blake2b(c, { dkLen: 32 }));
    const count = Uint8Array.of(3, 0, 0, 0, 0, 0, 0, 0);
    const root = blake2b(Uint8Array.from([...blake2b(Uint8Array.from([...leaves[0], ...leaves[1]]), { dkLen: 32 }), ...leaves[2]]), { dkLen: 32 });
    expect(toHex(hashIntoChunksIfNecessary(three, 10))).toBe(toHex(blake2b(Uint8Array.from([...new Uint8Array(10), ...count, ...root]), { dkLen: 32 })));
  });

  it("a trie leaf over 8 MiB is hashed in 8 MiB chunks", () => {
    const MiB8 = 8 * 1024 * 1024;
    // two chunks, by hand: h(h(chunk 0) ++ h(chunk 1)), then h(8 MiB of zeros ++ 2u64 LE ++ that root)
    const chunked = (bytes: Uint8Array) => {
      const root = blake2b(Uint8Array.from([...blake2b(bytes.subarray(0, MiB8), { dkLen: 32 }), ...blake2b(bytes.subarray(MiB8), { dkLen: 32 })]), { dkLen: 32 });
      const input = new Uint8Array(MiB8 + 8 + 32);
      input[MiB8] = 2;
      input.set(root, MiB8 + 8);
      return blake2b(input, { dkLen: 32 });
    };
    const big = new Uint8Array(MiB8 + 5).fill(7);
    expect(toHex(hashIntoChunksIfNecessary(big))).toBe(toHex(chunked(big)));
    // a ContractWasm-sized leaf: tag ++ 33-byte key ++ value past 8 MiB
    const leaf = trieLeaf(Uint8Array.of(1, ...new Array(32).fill(0)), big);
    const bytes = encodeTrie(leaf);
    expect(bytes.length).toBe(1 + 33 + big.length);
    expect(toHex(trieHash(leaf))).toBe(toHex(chunked(bytes)));
    expect(toHex(trieHash(leaf))).not.toBe(toHex(blake2b(bytes, { dkLen: 32 })));
  }, 20_000);
});

describe("node bytes (storage/src/global_state/trie/mod.rs)", () => {
  it("radix_is_256", () => expect(RADIX).toBe(256));

  it("the empty trie: a node of 256 empty slots, 257 bytes (create_hashed_empty_trie)", () => {
    const { root, bytes } = emptyTrie();
    expect(Array.from(bytes)).toEqual([1, ...new Array(256).fill(0)]);
    expect(toHex(root)).toBe(toHex(blake2b(bytes, { dkLen: 32 })));
  });

  it("the pointer block is all 256 Option<Pointer> slots, not sparse", () => {
    const a = blake2b(utf8("TrieTrieAgain"), { dkLen: 32 });
    const node = trieNode([[0, leafPointer(a)], [255, nodePointer(a)]]);
    const bytes = encodeTrie(node);
    expect(bytes.length).toBe(1 + 256 + 2 * 33);
    expect(toHex(bytes)).toBe(toHex(nodeBytes([[0, ["leaf", a]], [255, ["node", a]]])));
    expect(node.pointers[0]).toEqual(leafPointer(a));
    expect(node.pointers[255]).toEqual(nodePointer(a));
    expect(node.pointers[1]).toBeUndefined();
    expect(node.pointers[254]).toBeUndefined();
  });

  it("leaf and extension bytes", () => {
    expect(toHex(encodeTrie(trieLeaf(TEST_LEAVES[3].key, TEST_LEAVES[3].value)))).toBe(toHex(leafBytes(TEST_LEAVES[3])));
    const h = filled(9);
    expect(toHex(encodeTrie(trieExtension(Uint8Array.of(0, 0, 7), nodePointer(h))))).toBe(toHex(extensionBytes([0, 0, 7], ["node", h])));
  });

  it("trie_node_descendants_iterator: occupied slots in index order", () => {
    const digestOf = (i: number) => {
      const d = new Uint8Array(32);
      d[31] = i; // U256 big-endian
      return d;
    };
    const pointers: [number, Pointer][] = [];
    for (let index = 255; index >= 0; index--) {
      if (index % 3 === 0) pointers.push([index, nodePointer(digestOf(index))]);
      else if (index % 3 === 1) pointers.push([index, leafPointer(digestOf(index))]);
    }
    const node = trieNode(pointers);
    expect(indexedPointers(node).map(([, p]) => toHex(p.hash))).toEqual([...pointers].reverse().map(([, p]) => toHex(p.hash)));
  });

  it("a malformed node is refused with the bytesrepr error, never a crash", () => {
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /early end of stream/],
      [Uint8Array.of(3), /formatting.*unknown Trie tag 3/],
      [Uint8Array.of(1, 2, ...new Array(255).fill(0)), /formatting.*Option tag/],
      [Uint8Array.of(1, 1, 5, ...new Array(32 + 255).fill(0)), /formatting.*unknown Pointer tag 5/],
      [Uint8Array.of(1, ...new Array(255).fill(0)), /early end of stream/],
      [Uint8Array.of(1, ...new Array(256).fill(0), 0), /left-over bytes/],
      [Uint8Array.of(2, 9, 0, 0, 0, 1), /early end of stream/],
      [Uint8Array.of(0, 1, 2), /early end of stream/],
    ];
    for (const [bytes, message] of cases) {
      expect(() => decodeTrie(bytes, keyLength), toHex(bytes)).toThrow(BytesreprError);
      expect(() => decodeTrie(bytes, keyLength), toHex(bytes)).toThrow(message);
    }
  });
});

describe("bytesrepr round trips (trie/tests.rs proptests)", () => {
  const digest = fc.uint8Array({ minLength: 32, maxLength: 32 });
  const pointer = fc.tuple(fc.boolean(), digest).map(([leaf, h]) => (leaf ? leafPointer(h) : nodePointer(h)));
  // Key bytes of the 1.5.8 variants (tag then payload), values any bytes: the trie takes any StoredValue
  const key = fc.oneof(
    fc.tuple(fc.constantFrom(0, 1, 3, 4, 6, 7, 8, 9, 12), digest).map(([tag, d]) => Uint8Array.from([tag, ...d])),
    fc.tuple(digest, fc.integer({ min: 0, max: 7 })).map(([d, r]) => Uint8Array.from([2, ...d, r])),
    fc.uint8Array({ minLength: 8, maxLength: 8 }).map((d) => Uint8Array.from([5, ...d])),
  );
  const leaf = fc.tuple(key, fc.uint8Array({ maxLength: 200 })).map(([k, v]) => trieLeaf(k, v));
  const extension = fc.tuple(fc.uint8Array({ maxLength: 32 }), pointer).map(([a, p]) => trieExtension(a, p));
  const node = fc.array(fc.option(pointer, { nil: undefined }), { minLength: 256, maxLength: 256 }).map((slots) => trieNode(slots.flatMap((p, i) => (p ? [[i, p] as const] : []))));

  it("leaf, extension and node bytes decode to the same node and encode back to the same bytes", () => {
    fc.assert(fc.property(fc.oneof(leaf, extension, node), (t) => {
      const bytes = encodeTrie(t);
      const back = decodeTrie(bytes, keyLength);
      expect(toHex(encodeTrie(back))).toBe(toHex(bytes));
      expect(back.tag).toBe(t.tag);
      if (t.tag === 0 && back.tag === 0) {
        expect(toHex(back.key)).toBe(toHex(t.key));
        expect(toHex(back.value)).toBe(toHex(t.value));
      }
      if (t.tag === 1 && back.tag === 1) expect(indexedPointers(back).map(([i]) => i)).toEqual(indexedPointers(t).map(([i]) => i));
    }), { numRuns: 300 });
  });

  it("a node's hash is blake2b-256 of its bytes", () => {
    fc.assert(fc.property(fc.oneof(leaf, extension, node), (t) => {
      expect(toHex(trieHash(t))).toBe(toHex(blake2b(encodeTrie(t), { dkLen: 32 })));
    }), { numRuns: 100 });
  });

  it("a test leaf splits at its 7-byte key", () => {
    const t = decodeTrie(leafBytes(TEST_LEAVES[1]), testKeyLength);
    expect(t.tag === 0 && [toHex(t.key), toHex(t.value)]).toEqual([toHex(TEST_LEAVES[1].key), toHex(TEST_LEAVES[1].value)]);
  });
});
