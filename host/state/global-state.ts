// Global state: Key -> StoredValue, keyed by the normalized key's bytes (hex). Snapshots are O(1):
// the map is shared copy-on-write, and the first commit after a snapshot copies it.
// The state root hash is a running blake2b chain over committed writes (deterministic, cheap; it is
// not the node's Merkle trie root).

import { blake2b256 } from "../crypto/hash.ts";
import { fromHex } from "../bytesrepr/hex.ts";
import { type Key, keyId } from "../bytesrepr/key.ts";
import { encodeKey } from "../bytesrepr/key.ts";
import { type StoredValue, encodeStoredValue } from "../bytesrepr/stored-value.ts";

export interface StateEntry {
  readonly key: Key;
  readonly value: StoredValue;
}

export interface StateReader {
  readById(id: string): StoredValue | undefined;
}

export interface StateSnapshot {
  readonly entries: ReadonlyMap<string, StateEntry>;
  readonly rootHash: Uint8Array;
}

export class GlobalState implements StateReader {
  private entries: Map<string, StateEntry>;
  private shared = false;
  rootHash: Uint8Array;

  constructor(snapshot?: StateSnapshot) {
    this.entries = snapshot ? (snapshot.entries as Map<string, StateEntry>) : new Map();
    this.shared = snapshot !== undefined;
    this.rootHash = snapshot ? snapshot.rootHash : new Uint8Array(32);
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

  /** Apply a batch of writes atomically and advance the state root hash. */
  commit(writes: ReadonlyMap<string, StateEntry>): void {
    if (writes.size === 0) return;
    if (this.shared) {
      this.entries = new Map(this.entries);
      this.shared = false;
    }
    const parts: Uint8Array[] = [this.rootHash];
    for (const [id, entry] of writes) {
      this.entries.set(id, entry);
      parts.push(fromHex(id), encodeStoredValueCached(entry.value));
    }
    this.rootHash = blake2b256(...parts);
  }

  /** Write one value outside any deploy (genesis, test setup). */
  put(key: Key, value: StoredValue): void {
    this.commit(new Map([[keyId(key), { key, value }]]));
  }

  snapshot(): StateSnapshot {
    this.shared = true;
    return { entries: this.entries, rootHash: this.rootHash };
  }

  restore(s: StateSnapshot): void {
    this.entries = s.entries as Map<string, StateEntry>;
    this.rootHash = s.rootHash;
    this.shared = true;
  }
}

// Values are immutable, so their encoding can be remembered (contract wasm is re-committed rarely,
// accounts often; encoding is what the root hash chain needs).
const encodedCache = new WeakMap<StoredValue, Uint8Array>();
function encodeStoredValueCached(v: StoredValue): Uint8Array {
  let b = encodedCache.get(v);
  if (!b) {
    b = encodeStoredValue(v);
    encodedCache.set(v, b);
  }
  return b;
}

export { encodeKey };
