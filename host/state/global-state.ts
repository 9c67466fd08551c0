// Global state: Key -> StoredValue, keyed by the normalized key's bytes (hex). Snapshots are O(1):
// the map is shared copy-on-write, and the first commit after a snapshot copies it.
// The state root hash is a blake2b chain over committed writes, folded in when asked for
// (deterministic and cheap; it is not the node's Merkle trie root).

import { blake2b256 } from "../crypto/hash.ts";
import { type Key, keyId } from "../bytesrepr/key.ts";
import { encodeKey } from "../bytesrepr/key.ts";
import { type StoredValue, encodeStoredValue } from "../bytesrepr/stored-value.ts";

export interface StateEntry {
  readonly key: Key;
  readonly value: StoredValue;
}

/**
 * One key's change in a committed batch: a value written, or `undefined` when the key is pruned
 * (casper-node 2.0 TransformKindV2::Prune: the auction deletes spent bids and unbonds).
 */
export interface StateWrite {
  readonly key: Key;
  readonly value: StoredValue | undefined;
}

export interface StateReader {
  readById(id: string): StoredValue | undefined;
}

export interface StateSnapshot {
  readonly entries: ReadonlyMap<string, StateEntry>;
  readonly root: Uint8Array;
  readonly pending: readonly ReadonlyMap<string, StateWrite>[];
}

export class GlobalState implements StateReader {
  private entries: Map<string, StateEntry>;
  private shared = false;
  private root: Uint8Array;
  /** commits not yet folded into the root hash (it is computed when asked for) */
  private pending: ReadonlyMap<string, StateWrite>[];
  /** told of every batch `commit` applies, in order (the local node persists them to replay its chain) */
  private readonly commitListeners = new Set<(writes: ReadonlyMap<string, StateWrite>) => void>();

  constructor(snapshot?: StateSnapshot) {
    this.entries = snapshot ? (snapshot.entries as Map<string, StateEntry>) : new Map();
    this.shared = snapshot !== undefined;
    this.root = snapshot ? snapshot.root : new Uint8Array(32);
    this.pending = snapshot ? [...snapshot.pending] : [];
  }

  /** blake2b chain over every committed batch: root' = blake2b(root ++ (key ++ value)*) */
  get rootHash(): Uint8Array {
    for (const writes of this.pending) {
      const parts: Uint8Array[] = [this.root];
      // a pruned key is folded in as its key and PRUNED (no StoredValue encoding starts with 0xff)
      for (const entry of writes.values()) parts.push(encodeKey(entry.key), entry.value ? encodeStoredValueCached(entry.value) : PRUNED);
      this.root = blake2b256(...parts);
    }
    this.pending = [];
    return this.root;
  }

  readById(id: string): StoredValue | undefined {
    return this.entries.get(id)?.value;
  }

  read(key: Key): StoredValue | undefined {
    return this.entries.get(keyId(key))?.value;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Every entry (the map itself: callers must not keep it across commits). */
  all(): ReadonlyMap<string, StateEntry> {
    return this.entries;
  }

  /** Apply a batch of writes (and prunes) atomically and advance the state root hash. */
  commit(writes: ReadonlyMap<string, StateWrite>): void {
    if (writes.size === 0) return;
    if (this.shared) {
      this.entries = new Map(this.entries);
      this.shared = false;
    }
    for (const [id, entry] of writes) {
      if (entry.value === undefined) this.entries.delete(id);
      else this.entries.set(id, entry as StateEntry);
    }
    this.pending.push(writes);
    for (const listener of this.commitListeners) listener(writes);
  }

  /** Calls `listener` with each batch committed from now on; returns the function that stops it. */
  onCommit(listener: (writes: ReadonlyMap<string, StateWrite>) => void): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Write one value outside any deploy (genesis, test setup). */
  put(key: Key, value: StoredValue): void {
    this.commit(new Map([[keyId(key), { key, value }]]));
  }

  snapshot(): StateSnapshot {
    this.shared = true;
    return { entries: this.entries, root: this.root, pending: [...this.pending] };
  }

  restore(s: StateSnapshot): void {
    this.entries = s.entries as Map<string, StateEntry>;
    this.root = s.root;
    this.pending = [...s.pending];
    this.shared = true;
  }
}

// Values are immutable, so their encoding can be remembered (contract wasm is re-committed rarely,
// accounts often; encoding is what the root hash chain needs).
const encodedCache = new WeakMap<StoredValue, Uint8Array>();
const PRUNED = new Uint8Array([0xff]);
function encodeStoredValueCached(v: StoredValue): Uint8Array {
  let b = encodedCache.get(v);
  if (!b) {
    b = encodeStoredValue(v);
    encodedCache.set(v, b);
  }
  return b;
}

export { encodeKey };
