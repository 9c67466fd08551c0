// Writes to an LMDB environment, grouped into as few transactions as the disk allows. Writes are staged
// here (and read back from here until committed); `seal()` closes a unit (a block: its trie nodes,
// records and tip) and returns the promise that the unit is on disk. One LMDB transaction is in flight
// at a time: when it is committed and synced, every unit sealed meanwhile goes into the next one, all
// its operations issued in one go (lmdb-js commits the writes of one event turn in one transaction), so
// a unit lands whole or not at all, and under load one sync covers many blocks (group commit). The
// last write of a key among the units of one transaction is the one written (the tip is written once).
//
// A long synchronous job (converting a data directory) writes inside `synchronously`: one LMDB
// transaction on this thread, nothing staged.
import type { Database, RootDatabase } from "lmdb";
import type { TailPrefill } from "./tail-prefill.ts";

/** a value as the database's encoding takes it (bytes, a string, a number, an object for msgpack) */
type Value = NonNullable<unknown>;
type AnyDb = Database<any, any>;

/** One staged write: the value (null: removed); told apart by identity from later writes of the key. */
interface Box {
  readonly db: AnyDb;
  readonly key: unknown;
  readonly id: string;
  readonly value: Value | null;
}

interface Unit {
  readonly writes: Box[];
  readonly done: Promise<void>;
  resolve(): void;
  reject(e: unknown): void;
}

export interface StagedWritesOptions {
  /** commit without syncing to disk (faster; a power cut may lose the last commits) */
  noSync?: boolean;
  /** the data file's growth, written ahead between transactions (tail-prefill.ts) */
  prefill?: TailPrefill;
}

export class StagedWrites {
  /** the latest staged write of each key not yet committed: db -> key id -> box */
  private readonly staged = new Map<AnyDb, Map<string, Box>>();
  /** writes staged since the last seal */
  private open: Box[] = [];
  /** sealed units waiting for the next transaction */
  private sealed: Unit[] = [];
  private inFlight = false;
  private direct = 0;
  private failure: unknown;
  /** transactions committed (the benchmark's count of syncs) */
  transactions = 0;
  readonly noSync: boolean;
  private readonly prefill: TailPrefill | undefined;

  constructor(readonly env: RootDatabase, options: StagedWritesOptions = {}) {
    this.noSync = options.noSync ?? false;
    this.prefill = options.prefill;
  }

  /** Stages `db[key] = value`; `id` names the key here (hex of a binary key, digits of a number). */
  put(db: AnyDb, key: unknown, id: string, value: Value): void {
    if (this.direct) db.putSync(key, value);
    else this.stage({ db, key, id, value });
  }

  /** Stages the removal of `db[key]`. */
  remove(db: AnyDb, key: unknown, id: string): void {
    if (this.direct) db.removeSync(key);
    else this.stage({ db, key, id, value: null });
  }

  private stage(box: Box): void {
    let m = this.staged.get(box.db);
    if (!m) this.staged.set(box.db, (m = new Map()));
    m.set(box.id, box);
    this.open.push(box);
  }

  /** A staged value not committed yet: the value, null when removed, undefined when nothing is staged. */
  read(db: AnyDb, id: string): Value | null | undefined {
    return this.staged.get(db)?.get(id)?.value;
  }

  /** Writes staged and not yet committed (a bounded lag: the node's memory). */
  get backlog(): number {
    let n = 0;
    for (const m of this.staged.values()) n += m.size;
    return n;
  }

  /** Closes the unit of writes staged since the last seal; resolves once it is committed and (unless noSync) synced. */
  seal(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.open.length === 0 && this.sealed.length === 0 && !this.inFlight) return Promise.resolve();
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.sealed.push({ writes: this.open, done, resolve, reject });
    this.open = [];
    this.flush();
    return done;
  }

  /** Starts the next transaction with every sealed unit, unless one is in flight. */
  private flush(): void {
    if (this.inFlight || this.sealed.length === 0) return;
    const units = this.sealed;
    this.sealed = [];
    // the last write of each key among these units
    const last = new Map<AnyDb, Map<string, Box>>();
    for (const u of units) {
      for (const box of u.writes) {
        let m = last.get(box.db);
        if (!m) last.set(box.db, (m = new Map()));
        m.delete(box.id); // keep write order for the key's newest value
        m.set(box.id, box);
      }
    }
    let promise: Promise<boolean> | undefined;
    for (const m of last.values()) {
      for (const box of m.values()) promise = box.value === null ? box.db.remove(box.key) : box.db.put(box.key, box.value);
    }
    if (!promise) {
      for (const u of units) u.resolve();
      return;
    }
    this.inFlight = true;
    const flushed = this.noSync ? promise : Promise.all([promise, (promise as Promise<boolean> & { flushed?: Promise<unknown> }).flushed ?? this.env.flushed]);
    flushed.then(
      () => {
        this.transactions++;
        for (const m of last.values()) {
          for (const box of m.values()) {
            const staged = this.staged.get(box.db)!;
            if (staged.get(box.id) === box) staged.delete(box.id);
          }
        }
        this.inFlight = false;
        for (const u of units) u.resolve();
        // no transaction runs until the next flush: the moment to write past LMDB's last page
        this.prefill?.fill();
        this.flush();
      },
      (e: unknown) => {
        // nothing more is written: what was acknowledged is on disk, what follows is refused
        this.failure = e;
        this.inFlight = false;
        for (const u of [...units, ...this.sealed]) u.reject(e);
        this.sealed = [];
      },
    );
  }

  /** Runs `job` in one synchronous write transaction: writes made in it go straight to LMDB. */
  synchronously<T>(job: () => T): T {
    if (this.open.length || this.sealed.length || this.inFlight) throw new Error("a synchronous transaction cannot start while staged writes wait");
    return this.env.transactionSync(() => {
      this.direct++;
      try {
        return job();
      } finally {
        this.direct--;
      }
    });
  }

  /** Waits for every staged write, then closes the environment. */
  async close(): Promise<void> {
    await this.seal();
    await this.env.close();
    this.prefill?.close();
  }
}
