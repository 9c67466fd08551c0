// casper-types digest.rs: the 32-byte blake2b digest of global state, and the chunked hash of data
// longer than ChunkWithProof::CHUNK_SIZE_BYTES (8 MiB): a Merkle tree over the chunks' hashes, folded
// as itertools' `tree_fold1` folds (left subtrees are perfect), then hashed with the leaf count behind
// a zeroed chunk (`hash_merkle_root`). Hashing is crypto/hash.ts's (hash-wasm's blake2b: trie nodes are up
// to 8.7 KB and the state root is rehashed on every block, where it is about 15 times faster than pure JS).

import { blake2b256, fastHashReady } from "../../crypto/hash.ts";

export { blake2b256, fastHashReady };

export const DIGEST_LENGTH = 32;
/** chunk_with_proof.rs CHUNK_SIZE_BYTES (production value; its tests use 10) */
export const CHUNK_SIZE_BYTES = 8 * 1024 * 1024;
/** digest.rs SENTINEL_MERKLE_TREE: the Merkle root of no leaves */
export const SENTINEL_MERKLE_TREE = new Uint8Array(DIGEST_LENGTH).fill(2);

/** `Digest::hash_pair` */
export function hashPair(a: Uint8Array, b: Uint8Array): Uint8Array {
  return blake2b256(a, b);
}

/** `Digest::hash_merkle_tree`: pairs folded as `tree_fold1`, then `hash_merkle_root(count, root)`. */
export function hashMerkleTree(leaves: readonly Uint8Array[], chunkSize = CHUNK_SIZE_BYTES): Uint8Array {
  if (leaves.length === 0) return SENTINEL_MERKLE_TREE.slice();
  const root = treeFold(leaves, 0, leaves.length);
  const count = new Uint8Array(8);
  new DataView(count.buffer).setBigUint64(0, BigInt(leaves.length), true);
  return blake2b256(new Uint8Array(chunkSize), count, root);
}

/**
 * itertools `tree_fold1` over leaves[from..to): the largest power of two below the count goes
 * left, the rest right (its recursion combines equal-sized subtrees left to right).
 */
function treeFold(leaves: readonly Uint8Array[], from: number, to: number): Uint8Array {
  const n = to - from;
  if (n === 1) return leaves[from];
  let left = 1;
  while (left * 2 < n) left *= 2;
  return hashPair(treeFold(leaves, from, from + left), treeFold(leaves, from + left, to));
}

/** `Digest::hash_into_chunks_if_necessary`: what a trie node's hash is (trie/mod.rs `trie_hash`). */
export function hashIntoChunksIfNecessary(bytes: Uint8Array, chunkSize = CHUNK_SIZE_BYTES): Uint8Array {
  if (bytes.length <= chunkSize) return blake2b256(bytes);
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(blake2b256(bytes.subarray(at, at + chunkSize)));
  return hashMerkleTree(chunks, chunkSize);
}
