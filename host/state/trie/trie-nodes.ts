// Decoded access to a TrieStore: nodes by digest, decoded once and kept in a bounded cache (the
// upper levels of the trie are read on every lookup; decoding a 256-slot node each time would cost
// more than the lookup itself). Writes go straight to the store.

import { digestId, type TrieStore } from "./store.ts";
import { decodeTrie, type KeyLength, type TrieNode } from "./trie-node.ts";

// a decoded 256-slot node holds 256 pointer objects (tens of KB): the cache stays small
const DEFAULT_CACHE = 512;

/** The bytes a decoded node was read from (its pointers are views into them). */
const bytesOfNode = new WeakMap<TrieNode, Uint8Array>();

/** The stored bytes of a node `TrieNodes.get` returned. */
export function storedBytesOf(node: TrieNode): Uint8Array | undefined {
  return bytesOfNode.get(node);
}

export class TrieNodes {
  private readonly cache = new Map<string, TrieNode>();

  constructor(
    readonly store: TrieStore,
    readonly keyLength: KeyLength,
    private readonly cacheSize = DEFAULT_CACHE,
  ) {}

  /** The node under `digest`, or undefined when the store does not have it. */
  get(digest: Uint8Array): TrieNode | undefined {
    const id = digestId(digest);
    const cached = this.cache.get(id);
    if (cached) return cached;
    const bytes = this.store.get(digest);
    if (!bytes) return undefined;
    const node = decodeTrie(bytes, this.keyLength);
    bytesOfNode.set(node, bytes);
    if (this.cache.size >= this.cacheSize) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(id, node);
    return node;
  }

  getRaw(digest: Uint8Array): Uint8Array | undefined {
    return this.store.get(digest);
  }

  put(nodes: readonly (readonly [Uint8Array, Uint8Array])[], retired: readonly Uint8Array[] = []): void {
    if (nodes.length || retired.length) this.store.put(nodes, retired);
  }
}
