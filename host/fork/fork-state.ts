// Global state forked from a remote network at one state root: the keys written here (deploys run
// locally) are kept here, as in any GlobalState; a key never written nor deleted here is read from
// what the remote answered for that root (RemoteValues, checked against the root before it got
// there). A key the remote has not been asked about yet is recorded as a miss and reads as absent:
// the engine is synchronous, so the run that read it is dropped, the misses are fetched, and the run
// is repeated (engine/fork-session.ts). A run that completes with no miss read only real values.

import { decodeKey, type Key, keyId } from "../bytesrepr/key.ts";
import { fromHex, toHex } from "../bytesrepr/hex.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import { GlobalState, type StateEntry, type StateSnapshot, type StateWrite } from "../state/global-state.ts";

/** What a fork knows of the remote state at its root, synchronously (filled by fetches). */
export interface RemoteValues {
  /** the remote's value under `id` (a keyId); null: the remote has no value there; undefined: not asked yet */
  value(id: string): StoredValue | null | undefined;
  /** the remote's keys under the key-id prefix; undefined: not asked yet */
  keysWithPrefix(idPrefix: string): readonly Key[] | undefined;
}

/** The key a keyId names: its bytes, but a URef's id leaves out the access rights byte (read as none). */
function keyOfId(id: string): Key {
  return decodeKey(fromHex(id.startsWith("02") && id.length === 66 ? `${id}00` : id));
}

export interface ForkSnapshot extends StateSnapshot {
  readonly deleted: ReadonlySet<string>;
  readonly written: boolean;
}

/** Reads the engine made of remote state it did not hold yet. */
export interface ForkMisses {
  readonly keys: ReadonlyMap<string, Key>;
  readonly prefixes: ReadonlySet<string>;
}

export class ForkState extends GlobalState {
  private readonly missedKeys = new Map<string, Key>();
  private readonly missedPrefixes = new Set<string>();
  /** keys deleted here (2.0 prunes): they no longer fall through to the remote */
  private deleted: ReadonlySet<string> = new Set();
  /** anything committed here since the fork (then the state root is no longer the remote's) */
  private written = false;

  constructor(
    /** the remote state root this state starts from */
    readonly forkRoot: Uint8Array,
    readonly remote: RemoteValues,
  ) {
    super();
  }

  get misses(): ForkMisses {
    return { keys: this.missedKeys, prefixes: this.missedPrefixes };
  }

  get hasMisses(): boolean {
    return this.missedKeys.size > 0 || this.missedPrefixes.size > 0;
  }

  clearMisses(): void {
    this.missedKeys.clear();
    this.missedPrefixes.clear();
  }

  override read(key: Key): StoredValue | undefined {
    return this.lookUp(keyId(key), key);
  }

  override readById(id: string): StoredValue | undefined {
    return this.lookUp(id);
  }

  private lookUp(id: string, key?: Key): StoredValue | undefined {
    const own = super.readById(id);
    if (own !== undefined || this.deleted.has(id)) return own;
    const remote = this.remote.value(id);
    if (remote === undefined) {
      this.missedKeys.set(id, key ?? keyOfId(id));
      return undefined;
    }
    return remote ?? undefined;
  }

  override entriesWithIdPrefix(idPrefix: string): StateEntry[] {
    const local = new Map<string, StateEntry>();
    for (const e of super.entriesWithIdPrefix(idPrefix)) local.set(keyId(e.key), e);
    const remoteKeys = this.remote.keysWithPrefix(idPrefix);
    if (remoteKeys === undefined) {
      this.missedPrefixes.add(idPrefix);
      return [...local.values()];
    }
    for (const key of remoteKeys) {
      const id = keyId(key);
      if (local.has(id) || this.deleted.has(id)) continue;
      const value = this.lookUp(id, key);
      if (value !== undefined) local.set(id, { key, value });
    }
    return [...local.values()];
  }

  override commit(changes: ReadonlyMap<string, StateWrite>, prunes?: ReadonlyMap<string, Key>): void {
    let deleted: Set<string> | undefined;
    const edit = () => (deleted ??= new Set(this.deleted));
    for (const [id, change] of changes) {
      if (change.value === undefined) edit().add(id);
      else if (this.deleted.has(id)) edit().delete(id);
    }
    for (const id of prunes?.keys() ?? []) edit().add(id);
    super.commit(changes, prunes);
    if (deleted) this.deleted = deleted;
    if (changes.size > 0 || (prunes?.size ?? 0) > 0) this.written = true;
  }

  /**
   * The remote's state root while nothing was committed here. After local commits the root is not
   * known: the fork holds only the keys it read, not the whole trie a root is hashed from.
   */
  override get rootHash(): Uint8Array {
    if (!this.written) return this.forkRoot;
    throw new Error(
      `the state root hash of a forked state after local changes is unknown (the fork holds only the keys it read from the remote, not the trie); the fork started from ${toHex(this.forkRoot)}`,
    );
  }

  override snapshot(): ForkSnapshot {
    return { ...super.snapshot(), deleted: this.deleted, written: this.written };
  }

  override restore(s: StateSnapshot): void {
    super.restore(s);
    const f = s as Partial<ForkSnapshot>;
    this.deleted = f.deleted ?? new Set();
    this.written = f.written ?? false;
  }
}
