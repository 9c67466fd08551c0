// Where trie nodes live: bytes by digest, as casper-node's TrieStore keeps them in LMDB
// (storage/src/global_state/trie_store/lmdb.rs: key = the node's digest, value = its bytesrepr bytes).
// A store only gets and puts; the trie algorithms are over it (operations.ts, live-trie.ts). Nodes are
// content-addressed, so a put of a digest already there is harmless, and nothing is ever overwritten
// with different bytes. `put` takes a whole commit: an LMDB store writes it in one write transaction.


/** A digest as a map key (native hex: the stores and caches look digests up on every read). */
export function digestId(digest: Uint8Array): string {
  return Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength).toString("hex");
}

export interface TrieStore {
  /** The bytes of the node whose digest is `digest`, or undefined when the store does not have it. */
  get(digest: Uint8Array): Uint8Array | undefined;
  /**
   * Stores every (digest, bytes) pair atomically: all of them or none. `retired`: the digests of
   * stored nodes that the trie committing these no longer uses (the nodes its writes replaced); a
   * store that frees the nodes of old roots takes note of them, others ignore them.
   */
  put(nodes: readonly (readonly [digest: Uint8Array, bytes: Uint8Array])[], retired?: readonly Uint8Array[]): void;
}

/** A TrieStore in memory: what `new Engine()` uses, so the engine needs no disk. */
export class MemoryTrieStore implements TrieStore {
  private readonly nodes = new Map<string, Uint8Array>();

  get(digest: Uint8Array): Uint8Array | undefined {
    return this.nodes.get(digestId(digest));
  }

  put(nodes: readonly (readonly [Uint8Array, Uint8Array])[]): void {
    for (const [digest, bytes] of nodes) this.nodes.set(digestId(digest), bytes);
  }

  /** Nodes held, and the bytes they take. */
  stats(): { nodes: number; bytes: number } {
    let bytes = 0;
    for (const b of this.nodes.values()) bytes += b.length;
    return { nodes: this.nodes.size, bytes };
  }
}
