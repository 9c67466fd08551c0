// Global state: Key -> StoredValue, as casper-node's Merkle trie (trie/: the same nodes, bytes and
// hashes), so the state root hash is the node's for the same set of (key, value). Its trie nodes live
// in a TrieStore (in memory by default: the engine needs no disk; the local node's is on disk).
//
// Two ways to read it:
// - indexed (the default, the engine's): a map of every entry by normalized key, as fast as a map;
//   commits are also kept as the last change of each key since the trie last caught up, and the trie
//   takes those in when a root is asked for, hashing only what changed. Snapshots are O(1): both maps
//   are shared copy-on-write and the trie is persistent (a snapshot freezes its root).
// - bounded (the local node's): no map of every entry; reads go through the trie (its upper levels in
//   memory, the rest read from the store as casper-node reads LMDB) behind a capped cache of decoded
//   values, and commits write straight into the trie. Memory stays the same however large the state.

import { decodeKey, type Key, keyId } from "../bytesrepr/key.ts";
import { encodeKey } from "../bytesrepr/key.ts";
import { decodeStoredValue, type StoredValue, encodeStoredValue } from "../bytesrepr/stored-value.ts";
import { keyLength, trieKeyOf } from "./merkle-proofs.ts";
import { type Child, LiveTrie } from "./trie/live-trie.ts";
import { emptyTrie } from "./trie/operations.ts";
import { MemoryTrieStore, type TrieStore } from "./trie/store.ts";
import { TrieNodes } from "./trie/trie-nodes.ts";
import { RecentValues } from "./recent-values.ts";

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

/** The last change of a key: the entry written, or the key deleted (2.0 prunes keys). */
type Change = StateEntry | Key;

export interface StateSnapshot {
  readonly entries: ReadonlyMap<string, StateEntry>;
  readonly trie: Child;
  readonly pending: ReadonlyMap<string, Change>;
}

export interface BoundedStateOptions {
  /** decoded values kept (default 20,000) */
  cachedValues?: number;
  /** trie levels kept in memory once committed (default 2: the root and the nodes under it) */
  liveDepth?: number;
}

export interface GlobalStateOptions {
  /** where trie nodes are kept (default: in memory) */
  store?: TrieStore;
  /** read through the trie with bounded memory instead of indexing every entry (the local node) */
  bounded?: BoundedStateOptions | boolean;
}

export type CommitListener = (writes: ReadonlyMap<string, StateEntry>, prunes?: ReadonlyMap<string, Key>) => void;

const DEFAULT_CACHED_VALUES = 20_000;
const DEFAULT_LIVE_DEPTH = 2;
const NO_ENTRIES: ReadonlyMap<string, never> = new Map<string, never>();

export class GlobalState implements StateReader {
  private nodes: TrieNodes;
  /** every entry by key id; undefined when bounded (reads go through the trie) */
  private entries: Map<string, StateEntry> | undefined;
  /** indexed: the trie's changes not taken in yet, by key id */
  private pending = new Map<string, Change>();
  /** `entries` / `pending` belong to a snapshot too: copy them before changing them */
  private entriesShared = false;
  private pendingShared = false;
  private trie: LiveTrie;
  /** bounded: decoded values (null: known absent) by key id, the least used dropped past the cap */
  private readonly values: RecentValues;
  private readonly liveDepth: number | undefined;
  /** the root digest, while the trie has not changed since */
  private root: Uint8Array | undefined;
  /**
   * told of every batch `commit` applies, in order, just before it is applied, so they may read what
   * it replaces (the local node reports amounts added against the values they replace)
   */
  private readonly commitListeners = new Set<CommitListener>();

  constructor(options: GlobalStateOptions = {}) {
    this.nodes = new TrieNodes(options.store ?? new MemoryTrieStore(), keyLength);
    const empty = emptyTrie();
    this.nodes.put([[empty.root, empty.bytes]]);
    const bounded = options.bounded === true ? {} : options.bounded || undefined;
    this.entries = bounded ? undefined : new Map();
    this.values = new RecentValues(bounded?.cachedValues ?? DEFAULT_CACHED_VALUES);
    this.liveDepth = bounded ? (bounded.liveDepth ?? DEFAULT_LIVE_DEPTH) : undefined;
    this.trie = LiveTrie.empty(this.nodes, { liveDepth: this.liveDepth });
  }

  /** the trie's nodes: read them at any state root hash this state had (operations.ts) */
  get trieNodes(): TrieNodes {
    return this.nodes;
  }

  /** Whether reads go through the trie (no index of every entry in memory). */
  get bounded(): boolean {
    return this.entries === undefined;
  }

  /**
   * Continues from the state under `root` in `store` (a bounded state only): a restarted node rebuilds
   * genesis in memory to check it, then goes on from its chain's latest state on disk.
   */
  moveTo(store: TrieStore, root: Uint8Array): void {
    if (!this.bounded) throw new Error("only a bounded global state can move to a stored root: an indexed one would have to load every entry");
    this.nodes = new TrieNodes(store, keyLength);
    this.trie = LiveTrie.at(this.nodes, root, { liveDepth: this.liveDepth });
    this.values.clear();
    this.root = root;
  }

  /** The state root hash: the root digest of the trie holding every (key, value). */
  get rootHash(): Uint8Array {
    this.fold();
    this.root ??= this.trie.commit();
    return this.root;
  }

  /** Applies the pending changes to the trie (indexed state). */
  private fold(): void {
    if (this.pending.size === 0) return;
    this.root = undefined;
    for (const change of this.pending.values()) {
      if ("value" in change) this.trie.write(trieKeyOf(change.key), encodeStoredValueCached(change.value));
      else this.trie.delete(trieKeyOf(change));
    }
    this.pending = new Map();
    this.pendingShared = false;
  }

  readById(id: string): StoredValue | undefined {
    if (this.entries) return this.entries.get(id)?.value;
    const cached = this.values.get(id);
    if (cached !== undefined) return cached ?? undefined;
    const bytes = this.trie.get(trieKeyOfId(id));
    const value = bytes ? decodeStoredValue(bytes) : undefined;
    this.values.set(id, value);
    return value;
  }

  read(key: Key): StoredValue | undefined {
    return this.readById(keyId(key));
  }

  get size(): number {
    return this.index("size").size;
  }

  /** Every entry (the map itself: callers must not keep it across commits). Indexed state only. */
  all(): ReadonlyMap<string, StateEntry> {
    return this.index("all()");
  }

  private index(what: string): Map<string, StateEntry> {
    if (!this.entries) throw new Error(`GlobalState.${what}: a bounded global state keeps no index of every entry; scan its trie by prefix (entriesWithIdPrefix)`);
    return this.entries;
  }

  /** The keys whose trie key (normalized bytes) starts with `prefix`, in key order (a prefix scan of the trie). */
  keysWithPrefix(prefix: Uint8Array): Key[] {
    this.fold();
    return this.trie.keysWithPrefix(prefix).map((bytes) => decodeKey(bytes));
  }

  /**
   * Every entry whose key id (normalized key bytes in hex) starts with `idPrefix`, in key byte order:
   * a scan of the map when indexed, of the trie under that prefix when bounded. What the layered prefix
   * scans (keys-with-prefix.ts, prefix-scan.ts) take from global state; a forked state (host/fork) adds
   * the remote's keys under the prefix.
   */
  entriesWithIdPrefix(idPrefix: string): StateEntry[] {
    if (this.entries) {
      const out: [string, StateEntry][] = [];
      for (const [id, e] of this.entries) if (id.startsWith(idPrefix)) out.push([id, e]);
      out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return out.map(([, e]) => e);
    }
    const whole = idPrefix.length & ~1;
    const out: StateEntry[] = [];
    for (const [keyBytes, valueBytes] of this.trie.leavesWithPrefix(Buffer.from(idPrefix.slice(0, whole), "hex"))) {
      const key = decodeKey(keyBytes);
      const id = keyId(key);
      if (!id.startsWith(idPrefix)) continue;
      const cached = this.values.get(id);
      out.push({ key, value: cached ?? decodeStoredValue(valueBytes) });
    }
    return out;
  }

  /** Apply a batch of writes and deletions (keys by id; or changes without a value) atomically. */
  commit(changes: ReadonlyMap<string, StateWrite>, prunes?: ReadonlyMap<string, Key>): void {
    if (changes.size === 0 && (prunes === undefined || prunes.size === 0)) return;
    if (this.commitListeners.size > 0 || !this.entries) {
      // listeners and the bounded trie take the writes and the deletions apart (a tracking copy's prune has no value)
      let writes = changes as ReadonlyMap<string, StateEntry>;
      let deleted = prunes;
      for (const change of changes.values()) {
        if (change.value !== undefined) continue;
        const kept = new Map<string, StateEntry>();
        const pruned = new Map<string, Key>(prunes ?? []);
        for (const [i, c] of changes) {
          if (c.value === undefined) pruned.set(i, c.key);
          else kept.set(i, c as StateEntry);
        }
        writes = kept;
        deleted = pruned;
        break;
      }
      const anyPrune = deleted !== undefined && deleted.size > 0;
      for (const listener of this.commitListeners) listener(writes, anyPrune ? deleted : undefined);
      if (!this.entries) {
        this.root = undefined;
        for (const [id, entry] of writes) {
          this.trie.write(trieKeyOf(entry.key), encodeStoredValueCached(entry.value));
          this.values.set(id, entry.value);
        }
        if (anyPrune && deleted) {
          for (const [id, key] of deleted) {
            this.trie.delete(trieKeyOf(key));
            this.values.set(id, undefined);
          }
        }
        return;
      }
    }
    if (this.entriesShared) {
      this.entries = new Map(this.entries);
      this.entriesShared = false;
    }
    if (this.pendingShared) {
      this.pending = new Map(this.pending);
      this.pendingShared = false;
    }
    const entries = this.entries!;
    const pending = this.pending;
    // one pass: a change with a value is written, one without (a tracking copy's prune) deleted
    // (forEach: no [id, change] array per change, as for-of over entries makes)
    changes.forEach((change, id) => {
      if (change.value !== undefined) {
        entries.set(id, change as StateEntry);
        pending.set(id, change as StateEntry);
      } else {
        entries.delete(id);
        pending.set(id, change.key);
      }
    });
    if (prunes) {
      for (const [id, key] of prunes) {
        entries.delete(id);
        this.pending.set(id, key);
      }
    }
  }


  /** Calls `listener` with each batch committed from now on, before it applies; returns the function that stops it. */
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
    if (!this.entries) return { entries: NO_ENTRIES, trie: this.trie.snapshot(), pending: NO_ENTRIES };
    this.entriesShared = true;
    this.pendingShared = true;
    return { entries: this.entries, trie: this.trie.snapshot(), pending: this.pending };
  }

  restore(s: StateSnapshot): void {
    if (!this.entries) {
      this.values.clear();
    } else {
      this.entries = s.entries as Map<string, StateEntry>;
      this.pending = s.pending as Map<string, Change>;
      this.entriesShared = true;
      this.pendingShared = true;
    }
    this.trie.restore(s.trie);
    this.root = undefined;
  }
}

/**
 * The trie key of a key id: the id is the hex of the normalized key bytes (bytesrepr/key.ts keyId),
 * except that a URef's id leaves out its access rights, which the trie key holds as 0.
 */
function trieKeyOfId(id: string): Uint8Array {
  return Buffer.from(id.length === 66 && id.startsWith("02") ? `${id}00` : id, "hex");
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
