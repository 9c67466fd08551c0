// Global state: Key -> StoredValue, as casper-node's Merkle trie (trie/: the same nodes, bytes and
// hashes), so the state root hash is the node's for the same set of (key, value). Reads go to a map
// index by the normalized key (hex of its bytes), as fast as before; the trie catches up with the
// commits when a root is asked for (or every FOLD_EVERY commits), hashing only what changed, and puts
// its new nodes in a TrieStore (in memory by default: the engine needs no disk). Snapshots are O(1):
// the map is shared copy-on-write (the first commit after a snapshot copies it) and the trie is
// persistent (a snapshot freezes its root).

import { decodeKey, type Key, keyId } from "../bytesrepr/key.ts";
import { encodeKey } from "../bytesrepr/key.ts";
import { type StoredValue, encodeStoredValue } from "../bytesrepr/stored-value.ts";
import { keyLength, trieKeyOf } from "./merkle-proofs.ts";
import { type Child, LiveTrie } from "./trie/live-trie.ts";
import { emptyTrie } from "./trie/operations.ts";
import { MemoryTrieStore, type TrieStore } from "./trie/store.ts";
import { TrieNodes } from "./trie/trie-nodes.ts";

export interface StateEntry {
  readonly key: Key;
  readonly value: StoredValue;
}

export interface StateReader {
  readById(id: string): StoredValue | undefined;
}

/** One commit: the values written, and the keys deleted (2.0 prunes keys), by key id. */
interface Commit {
  readonly writes: ReadonlyMap<string, StateEntry>;
  readonly prunes: ReadonlyMap<string, Key> | undefined;
}

export interface StateSnapshot {
  readonly entries: ReadonlyMap<string, StateEntry>;
  readonly trie: Child;
  readonly pending: readonly Commit[];
}

export interface GlobalStateOptions {
  /** where trie nodes are kept (default: in memory) */
  store?: TrieStore;
}

/** commits held back before the trie takes them in (bounds what pending commits keep alive) */
const FOLD_EVERY = 256;

export type CommitListener = (writes: ReadonlyMap<string, StateEntry>, prunes?: ReadonlyMap<string, Key>) => void;

export class GlobalState implements StateReader {
  /** the trie's nodes: read them at any state root hash this state had (operations.ts) */
  readonly trieNodes: TrieNodes;
  private entries = new Map<string, StateEntry>();
  private shared = false;
  private readonly trie: LiveTrie;
  /** commits the trie has not taken in yet */
  private pending: Commit[] = [];
  /** the root digest, while the trie has not changed since */
  private root: Uint8Array | undefined;
  /** told of every batch `commit` applies, in order (the local node persists them to replay its chain) */
  private readonly commitListeners = new Set<CommitListener>();

  constructor(options: GlobalStateOptions = {}) {
    this.trieNodes = new TrieNodes(options.store ?? new MemoryTrieStore(), keyLength);
    const empty = emptyTrie();
    this.trieNodes.put([[empty.root, empty.bytes]]);
    this.trie = LiveTrie.empty(this.trieNodes);
  }

  /** The state root hash: the root digest of the trie holding every (key, value). */
  get rootHash(): Uint8Array {
    this.fold();
    this.root ??= this.trie.commit();
    return this.root;
  }

  /** Applies the pending commits to the trie, each key once with its last value. */
  private fold(): void {
    if (this.pending.length === 0) return;
    this.root = undefined;
    const last = new Map<string, StateEntry | Key>();
    for (const c of this.pending) {
      for (const [id, entry] of c.writes) last.set(id, entry);
      if (c.prunes) for (const [id, key] of c.prunes) last.set(id, key);
    }
    this.pending = [];
    for (const change of last.values()) {
      if ("value" in change) this.trie.write(trieKeyOf(change.key), encodeStoredValueCached(change.value));
      else this.trie.delete(trieKeyOf(change));
    }
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

  /** The keys whose trie key (normalized bytes) starts with `prefix`, in key order (a prefix scan of the trie). */
  keysWithPrefix(prefix: Uint8Array): Key[] {
    this.fold();
    return this.trie.keysWithPrefix(prefix).map((bytes) => decodeKey(bytes));
  }

  /** Apply a batch of writes and deletions (keys by id) atomically. */
  commit(writes: ReadonlyMap<string, StateEntry>, prunes?: ReadonlyMap<string, Key>): void {
    const anyPrune = prunes !== undefined && prunes.size > 0;
    if (writes.size === 0 && !anyPrune) return;
    if (this.shared) {
      this.entries = new Map(this.entries);
      this.shared = false;
    }
    for (const [id, entry] of writes) this.entries.set(id, entry);
    if (anyPrune) for (const id of prunes.keys()) this.entries.delete(id);
    this.pending.push({ writes, prunes: anyPrune ? prunes : undefined });
    if (this.pending.length >= FOLD_EVERY) this.fold();
    for (const listener of this.commitListeners) listener(writes, anyPrune ? prunes : undefined);
  }

  /** Calls `listener` with each batch committed from now on; returns the function that stops it. */
  onCommit(listener: CommitListener): () => void {
    this.commitListeners.add(listener);
    return () => this.commitListeners.delete(listener);
  }

  /** Write one value outside any deploy (genesis, test setup). */
  put(key: Key, value: StoredValue): void {
    this.commit(new Map([[keyId(key), { key, value }]]));
  }

  /** Delete keys outside any deploy. */
  prune(...keys: Key[]): void {
    this.commit(new Map(), new Map(keys.map((k) => [keyId(k), k])));
  }

  snapshot(): StateSnapshot {
    this.shared = true;
    return { entries: this.entries, trie: this.trie.snapshot(), pending: [...this.pending] };
  }

  restore(s: StateSnapshot): void {
    this.entries = s.entries as Map<string, StateEntry>;
    this.shared = true;
    this.trie.restore(s.trie);
    this.pending = [...s.pending];
    this.root = undefined;
  }
}

// Values are immutable, so their encoding can be remembered (contract wasm is re-committed rarely,
// accounts often; the trie's leaves hold the encoding).
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
