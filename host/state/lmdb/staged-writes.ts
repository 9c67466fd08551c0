// Writes to an LMDB environment as lmdb-js makes them: queued, then committed by its write thread in
// one transaction per event turn (every write queued in one turn is in the same transaction, so what
// one block writes lands whole or not at all), and synced to disk after. Until a write is committed a
// read would not see it, so every queued value is also kept here and read first. `seal` returns the
// promise that what was queued so far is on disk (the node answers a client only then); commits of
// blocks built while a sync runs are grouped into the next transaction.
//
// A long synchronous job (converting a data directory) writes inside `synchronously`: one LMDB
// transaction on this thread, nothing kept here.
import type { Database, RootDatabase } from "lmdb";

/** a value as the database's encoding takes it (bytes, a string, a number, an object for msgpack) */
type Value = NonNullable<unknown>;
type AnyDb = Database<any, any>;

/** What a queued write leaves behind: the value (null: removed); a box per write, told apart by identity. */
type Staged = Value | null;
interface Box {
  readonly value: Staged;
}

export interface StagedWritesOptions {
  /** commit without syncing to disk (faster; a power cut may lose the last commits) */
  noSync?: boolean;
}

export class StagedWrites {
  /** queued writes not known to be committed yet: db -> key id -> value */
  private readonly staged = new Map<AnyDb, Map<string, Box>>();
  /** the writes queued since the last seal, to forget once committed */
  private queued: [AnyDb, string, Box][] = [];
  /** the promise of the last write queued (lmdb-js: resolved when its transaction commits) */
  private last: Promise<boolean> | undefined;
  private direct = 0;
  readonly noSync: boolean;

  constructor(readonly env: RootDatabase, options: StagedWritesOptions = {}) {
    this.noSync = options.noSync ?? false;
  }

  /** Queues `db[key] = value`; `id` names the key in this overlay (hex of a binary key, digits of a number). */
  put(db: AnyDb, key: unknown, id: string, value: Value): void {
    if (this.direct) {
      db.putSync(key, value);
      return;
    }
    this.last = db.put(key, value);
    this.stage(db, id, value);
  }

  /** Queues the removal of `db[key]`. */
  remove(db: AnyDb, key: unknown, id: string): void {
    if (this.direct) {
      db.removeSync(key);
      return;
    }
    this.last = db.remove(key);
    this.stage(db, id, null);
  }

  private stage(db: AnyDb, id: string, value: Staged): void {
    let m = this.staged.get(db);
    if (!m) this.staged.set(db, (m = new Map()));
    const box = { value };
    m.set(id, box);
    this.queued.push([db, id, box]);
  }

  /** A queued value not committed yet: the value, null when removed, undefined when nothing is queued. */
  read(db: AnyDb, id: string): Staged | undefined {
    return this.staged.get(db)?.get(id)?.value;
  }

  /** How many writes are queued and not known to be committed (a bounded lag: the node's memory). */
  get backlog(): number {
    let n = 0;
    for (const m of this.staged.values()) n += m.size;
    return n;
  }

  /**
   * Resolves once every write queued so far is committed and (unless noSync) synced to disk. Writes
   * queued after this call are not waited for.
   */
  seal(): Promise<void> {
    const last = this.last;
    const queued = this.queued;
    this.last = undefined;
    this.queued = [];
    if (!last) return Promise.resolve();
    const forget = () => {
      for (const [db, id, box] of queued) {
        const m = this.staged.get(db)!;
        if (m.get(id) === box) m.delete(id);
      }
    };
    const committed = last.then(forget);
    if (this.noSync) return committed;
    // separateFlushed: the commit promise carries the flush's
    const flushed = (last as Promise<boolean> & { flushed?: Promise<unknown> }).flushed;
    return Promise.all([committed, flushed ?? this.env.flushed]).then(() => undefined);
  }

  /** Runs `job` in one synchronous write transaction: writes made in it go straight to LMDB. */
  synchronously<T>(job: () => T): T {
    return this.env.transactionSync(() => {
      this.direct++;
      try {
        return job();
      } finally {
        this.direct--;
      }
    });
  }

  /** Waits for every queued write, then closes the environment. */
  async close(): Promise<void> {
    await this.seal();
    await this.env.close();
  }
}
