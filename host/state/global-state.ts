// Global state: Key -> StoredValue, as casper-node's Merkle trie (trie/: the same nodes, bytes and
// hashes), so the state root hash is the node's for the same set of (key, value). Reads go to a map
// index by the normalized key (hex of its bytes), as fast as before; commits are also kept as the
// last change of each key since the trie last caught up, and the trie takes those in when a root is
// asked for, hashing only what changed, and puts its new nodes in a TrieStore (in memory by default:
// the engine needs no disk). Snapshots are O(1): both maps are shared copy-on-write (the first commit
// after a snapshot copies them) and the trie is persistent (a snapshot freezes its root).

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

export interface GlobalStateOptions {
  /** where trie nodes are kept (default: in memory) */
  store?: TrieStore;
}

export type CommitListener = (writes: ReadonlyMap<string, StateEntry>, prunes?: ReadonlyMap<string, Key>) => void;

export class GlobalState implements StateReader {
  /** the trie's nodes: read them at any state root hash this state had (operations.ts) */
  readonly trieNodes: TrieNodes;
  private entries = new Map<string, StateEntry>();
  /** the trie's changes not taken in yet, by key id */
  private pending = new Map<string, Change>();
  /** `entries` / `pending` belong to a snapshot too: copy them before changing them */
  private entriesShared = false;
  private pendingShared = false;
  private readonly trie: LiveTrie;
  /** the root digest, while the trie has not changed since */
  private root: Uint8Array | undefined;
  /**
   * told of every batch `commit` applies, in order, just before it is applied, so they may read what
   * it replaces (the local node persists batches to replay its chain, and reports amounts added)
   */
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

  /** Applies the pending changes to the trie. */
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

  /**
   * Every entry whose key id (hex of the normalized key bytes) starts with `idPrefix`, in no particular
   * order: what the layered prefix scans (keys-with-prefix.ts, prefix-scan.ts) take from global state.
   * A forked state (host/fork) adds the remote's keys under the prefix.
   */
  entriesWithIdPrefix(idPrefix: string): Iterable<StateEntry> {
    const out: StateEntry[] = [];
    for (const [id, e] of this.entries) if (id.startsWith(idPrefix)) out.push(e);
    return out;
  }

  /** The keys whose trie key (normalized bytes) starts with `prefix`, in key order (a prefix scan of the trie). */
  keysWithPrefix(prefix: Uint8Array): Key[] {
    this.fold();
    return this.trie.keysWithPrefix(prefix).map((bytes) => decodeKey(bytes));
  }

  /** Apply a batch of writes and deletions (keys by id; or changes without a value) atomically. */
  commit(changes: ReadonlyMap<string, StateWrite>, prunes?: ReadonlyMap<string, Key>): void {
    if (changes.size === 0 && (prunes === undefined || prunes.size === 0)) return;
    if (this.commitListeners.size > 0) {
      // listeners are told the writes and the deletions apart (a tracking copy's prune has no value)
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
    }
    if (this.entriesShared) {
      this.entries = new Map(this.entries);
      this.entriesShared = false;
    }
    if (this.pendingShared) {
      this.pending = new Map(this.pending);
      this.pendingShared = false;
    }
    // one pass: a change with a value is written, one without (a tracking copy's prune) deleted
    for (const [id, change] of changes) {
      if (change.value !== undefined) {
        this.entries.set(id, change as StateEntry);
        this.pending.set(id, change as StateEntry);
      } else {
        this.entries.delete(id);
        this.pending.set(id, change.key);
      }
    }
    if (prunes) {
      for (const [id, key] of prunes) {
        this.entries.delete(id);
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
    this.entriesShared = true;
    this.pendingShared = true;
    return { entries: this.entries, trie: this.trie.snapshot(), pending: this.pending };
  }

  restore(s: StateSnapshot): void {
    this.entries = s.entries as Map<string, StateEntry>;
    this.pending = s.pending as Map<string, Change>;
    this.entriesShared = true;
    this.pendingShared = true;
    this.trie.restore(s.trie);
    this.root = undefined;
  }
}

// Values are immutable, so their encoding can be remembered (contract wasm is re-committed rarely,
// accounts often; the trie's leaves hold the encoding).
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
