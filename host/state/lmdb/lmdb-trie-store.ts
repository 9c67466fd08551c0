// Trie nodes in LMDB, keyed by digest, as casper-node keeps them (storage/src/global_state/trie_store/
// lmdb.rs: key = digest, value = the node's bytes), and freed when no kept root needs them.
//
// History as geth keeps it: the state under each of the last `keepStates` blocks stays readable and
// older roots are freed; `"all"` keeps every root (an archive). Freeing works by death rows, as
// Substrate's state-db prunes: a commit tells which stored nodes the new root no longer uses
// (LiveTrie `retired`, checked against full walks in tests/state-trie-retired.test.ts); they are
// recorded under the block that retired them (a row). When a block falls out of the kept window its
// row is processed: its nodes are deleted, but for a node written again since (the same bytes: a
// value set back, a subtree rebuilt the same). Such a rewrite is rare and seen when it happens (the
// node is already stored): the block that took it back is recorded, and a row older than that leaves
// the node alone; a later row that retires it again frees it. So freeing a node costs its delete and
// nothing per node besides (a mark per retired node, kept until its row, cost three random page
// writes per node more, and each dirty page lengthens the disk sync that bounds the node's rate).
// The disk then holds the live state plus what the kept roots need, whatever the chain's length.
//
// Rebirths are recorded by block too (`trie-rebirth-rows`: height -> digests), next to each other on
// disk, and held in memory by node while a row older than them waits (the window's rebirths: about
// one a block under a transfer load; capped). Past the cap, and in directories written before,
// a rebirth is recorded by digest (`trie-reborn`): a write at a random place of the database.
//
// A data directory written with those marks (a `trie-deaths` database: digest -> the block it died
// at) is converted when opened: each waiting row's node that its mark said was alive again, or dead
// again later, gets the `reborn` entry that makes the row leave it alone; then the marks are dropped.
import type { Database, DatabaseOptions, RootDatabase } from "lmdb";
import type { TrieStore } from "../trie/store.ts";
import type { StagedWrites } from "./staged-writes.ts";

export type KeepStates = number | "all";

export interface LmdbTrieStoreOptions {
  /** how many of the latest blocks' states stay readable ("all": every block's, an archive) */
  keepStates: KeepStates;
  /** the chain's height when opened: rows below it are not this opening's to track */
  tipHeight: number;
  /** rebirths held in memory at most (beyond: recorded by digest on disk); default 100,000 */
  rebirthsInMemory?: number;
  /** blocks in a sweep over the nodes waiting to be deleted (1: deleted with their row); default 4,096 */
  freeSlices?: number;
}

/** Rows processed per block at most (a smaller window, set at a restart, is caught up gradually). */
const ROWS_PER_BLOCK = 64;
const DIGEST = 32;
/** about 12 MiB of heap: a hundred thousand nodes written again within the kept window */
const REBIRTHS_IN_MEMORY = 100_000;
/** blocks in a sweep of the key space over the nodes waiting to be deleted */
const FREE_SLICES = 4096;
/** nodes waiting to be deleted past which a block sweeps more than one slice (a window caught up) */
const MOST_WAITING_TO_FREE = 200_000;

export class LmdbTrieStore implements TrieStore {
  /** digest -> node bytes */
  private readonly nodes: Database<Buffer, Buffer>;
  /** height -> the digests that block's root retired, concatenated */
  private readonly rows: Database<Buffer, number>;
  /** height -> the digests of stored nodes that block wrote again, concatenated (while rows before it wait) */
  private readonly rebirthRows: Database<Buffer, number>;
  /** the rebirths of those rows by node: hex -> the latest block that wrote it again; older rows leave it */
  private readonly rebornAtBlock = new Map<string, number>();
  /** the same rebirths by block, in block order (to forget them once no row before them is waiting or freeing) */
  private readonly rebirthsByBlock: { height: number; ids: string[] }[] = [];
  private readonly rebirthsInMemory: number;
  /** digest -> the latest block that wrote the node again: rebirths past the cap, or written before rebirth rows */
  private readonly reborn: Database<number, Buffer>;
  /** whether `reborn` may hold entries (else it is not read) */
  private rebornOnDisk: boolean;
  private readonly meta: Database<number, string>;
  readonly keepStates: KeepStates;
  /** the rows processed so far: every row at or below it is done */
  private prunedThrough: number;
  /** nodes retired since the last sealed block (hex -> digest) */
  private retiredNow = new Map<string, Uint8Array>();
  /** stored nodes written again since the last sealed block (hex -> digest) */
  private rebornNow = new Map<string, Uint8Array>();
  /** nodes deleted so far (reported by the benchmark) */
  freedNodes = 0;
  private readonly freeSlices: number;
  /** nodes a processed row found dead, not deleted yet: hex -> digest */
  private readonly toFree = new Map<string, Buffer>();
  /** the same by slice of the key space (ids no longer waiting are skipped) */
  private readonly toFreeBySlice: (string[] | undefined)[];
  /** every node the freeing rows found dead: hex -> that row (a later write of it is recorded as a rebirth) */
  private readonly foundDead = new Map<string, number>();
  /** processed rows kept until a whole sweep has passed them, oldest first, with the sweeps done when processed */
  private readonly freeingRows: { height: number; sweep: number; ids: string[] }[] = [];
  /** slices swept since opened */
  private sweeps = 0;

  constructor(env: RootDatabase, private readonly writes: StagedWrites, options: LmdbTrieStoreOptions) {
    this.nodes = env.openDB({ name: "trie", encoding: "binary", keyEncoding: "binary" });
    this.rows = env.openDB({ name: "trie-death-rows", encoding: "binary", keyEncoding: "uint32" });
    this.rebirthRows = env.openDB({ name: "trie-rebirth-rows", encoding: "binary", keyEncoding: "uint32" });
    this.reborn = env.openDB({ name: "trie-reborn", encoding: "msgpack", keyEncoding: "binary" });
    this.rebirthsInMemory = options.rebirthsInMemory ?? REBIRTHS_IN_MEMORY;
    this.freeSlices = options.freeSlices ?? FREE_SLICES;
    if (!Number.isSafeInteger(this.freeSlices) || this.freeSlices < 1) throw new Error(`freeSlices must be a whole number, at least 1; got ${this.freeSlices}`);
    this.toFreeBySlice = new Array(this.freeSlices);
    this.meta = env.openDB({ name: "trie-meta", encoding: "msgpack", keyEncoding: "ordered-binary" });
    this.keepStates = options.keepStates;
    if (options.keepStates !== "all" && (!Number.isSafeInteger(options.keepStates) || options.keepStates < 1)) {
      throw new Error(`keep-states must be a whole number of blocks, at least 1, or "all"; got ${options.keepStates}`);
    }
    // the marks of the older format, opened only if there (lmdb-js open.js: `create: false` gives
    // undefined for a database that does not exist; its types do not name the option)
    const legacy: DatabaseOptions & { name: string; create: boolean } = { name: "trie-deaths", encoding: "msgpack", keyEncoding: "binary", create: false };
    const deaths = env.openDB(legacy) as Database<number, Buffer> | undefined;
    this.rebornOnDisk = this.reborn.getCount() > 0;
    const saved = this.meta.get("prunedThrough");
    this.prunedThrough = saved ?? options.tipHeight;
    if (this.keepStates === "all") {
      // an archive frees nothing: no row is waiting, and none is written from now on (the nodes that
      // processed rows found dead are deleted first: no root needs them)
      if (saved !== undefined) this.recoverFreeing();
      writes.synchronously(() => {
        for (const digest of this.toFree.values()) this.nodes.removeSync(digest);
        deaths?.dropSync();
        this.rows.clearSync();
        this.rebirthRows.clearSync();
        this.reborn.clearSync();
        this.meta.removeSync("prunedThrough");
      });
      this.toFree.clear();
      this.foundDead.clear();
      this.freeingRows.length = 0;
      this.rebornAtBlock.clear();
      this.rebirthsByBlock.length = 0;
      this.rebornOnDisk = false;
      this.prunedThrough = options.tipHeight;
    } else {
      if (deaths) writes.synchronously(() => this.convertDeathMarks(deaths, this.prunedThrough));
      // tracking starts now: roots retired while this was an archive stay on disk
      if (saved === undefined) writes.synchronously(() => this.meta.putSync("prunedThrough", this.prunedThrough));
      this.rebornOnDisk = this.reborn.getCount() > 0;
      this.recoverFreeing();
    }
  }

  /**
   * At opening: the rebirths still kept (those the waiting and freeing rows must see), and the nodes
   * the freeing rows (processed, kept until a sweep has passed them) found dead, deleted or not yet:
   * each one that no later block wrote again is dead still, and waits for its slice again if stored.
   */
  private recoverFreeing(): void {
    this.rebornAtBlock.clear();
    this.rebirthsByBlock.length = 0;
    this.foundDead.clear();
    this.freeingRows.length = 0;
    for (const { key: height, value: row } of this.rebirthRows.getRange()) {
      const ids: string[] = [];
      for (let at = 0; at + DIGEST <= row.length; at += DIGEST) ids.push(row.toString("hex", at, at + DIGEST));
      for (const id of ids) this.rebornAtBlock.set(id, height);
      this.rebirthsByBlock.push({ height, ids });
    }
    for (const { key: height, value: row } of this.rows.getRange({ end: this.prunedThrough + 1 })) {
      const ids: string[] = [];
      for (let at = 0; at + DIGEST <= row.length; at += DIGEST) {
        const digest = Buffer.from(row.subarray(at, at + DIGEST));
        const id = digest.toString("hex");
        if (this.rebornAfter(id, digest) > height) continue;
        ids.push(id);
        this.foundDead.set(id, height);
        if (this.nodes.doesExist(digest)) this.waitToFree(id, digest);
      }
      this.freeingRows.push({ height, sweep: this.sweeps, ids });
    }
  }

  /**
   * The older format marked each retired node with the block it died at (removed when it was written
   * again), and a row freed only the nodes still marked with its block. A waiting row's node marked
   * otherwise (alive again, or dead again at a later row) is reborn after that row: `reborn` gets the
   * latest such row + 1, so those rows leave it and the row of its last death (or a later one) frees it.
   */
  private convertDeathMarks(deaths: Database<number, Buffer>, prunedThrough: number): void {
    const bornAfter = new Map<string, { digest: Buffer; after: number }>();
    for (const { key: height, value: row } of this.rows.getRange({ start: prunedThrough + 1 })) {
      for (let at = 0; at + DIGEST <= row.length; at += DIGEST) {
        const digest = Buffer.from(row.subarray(at, at + DIGEST));
        if (deaths.get(digest) === height) continue;
        const id = digest.toString("hex");
        const seen = bornAfter.get(id);
        if (!seen || seen.after < height + 1) bornAfter.set(id, { digest, after: height + 1 });
      }
    }
    for (const { digest, after } of bornAfter.values()) this.reborn.putSync(digest, after);
    deaths.dropSync();
  }

  get(digest: Uint8Array): Uint8Array | undefined {
    const id = hexOf(digest);
    const staged = this.writes.read(this.nodes, id);
    if (staged !== undefined) return (staged as Buffer | null) ?? undefined;
    return this.nodes.getBinary(bufferOf(digest));
  }

  put(nodes: readonly (readonly [Uint8Array, Uint8Array])[], retired: readonly Uint8Array[] = []): void {
    const tracking = this.keepStates !== "all";
    if (tracking) for (const d of retired) this.retiredNow.set(hexOf(d), d);
    for (const [digest, bytes] of nodes) {
      const id = hexOf(digest);
      // written again (a write and a retirement in one commit: the write is the later): in this root
      if (tracking) this.retiredNow.delete(id);
      if (this.rebornNow.has(id)) continue;
      // found dead by a freeing row: alive again, not to be deleted; recorded as a rebirth, so that
      // the rows that found it dead leave it if the directory is opened again before they are dropped
      const foundDead = tracking && this.foundDead.has(id);
      if (foundDead) this.toFree.delete(id);
      if (!this.stored(id, digest)) {
        this.writes.put(this.nodes, bufferOf(digest), id, bytes);
        if (foundDead) this.rebornNow.set(id, digest);
        continue;
      }
      // stored already (the same bytes: a digest names them): nothing to write, a page not dirtied;
      // but a waiting row may hold it, and rows older than this block must leave it (retired again
      // later in this block, it is in this block's row, which frees it: a root asked for mid-block may
      // hold it until then)
      if (tracking) this.rebornNow.set(id, digest);
    }
  }

  /** Whether the node is stored (staged or on disk): a read, no page written. */
  private stored(id: string, digest: Uint8Array): boolean {
    const staged = this.writes.read(this.nodes, id);
    if (staged !== undefined) return staged !== null;
    return this.nodes.doesExist(bufferOf(digest));
  }

  /** The latest block that wrote the node again while it was stored (or found dead), -1 if none is kept. */
  private rebornAfter(id: string, digest: Uint8Array): number {
    return Math.max(this.rebornAtBlock.get(id) ?? -1, this.rebornOnDiskAt(id, digest) ?? -1);
  }

  /** The latest block recorded by digest on disk that wrote the node again (undefined: none). */
  private rebornOnDiskAt(id: string, digest: Uint8Array): number | undefined {
    if (!this.rebornOnDisk) return undefined;
    const staged = this.writes.read(this.reborn, id);
    if (staged !== undefined) return (staged as number | null) ?? undefined;
    return this.reborn.get(bufferOf(digest));
  }

  /**
   * Ends block `height`, whose root is the one just committed: the nodes it took back are recorded,
   * its retired nodes make its row, and the rows of blocks that fell out of the kept window are processed.
   */
  sealBlock(height: number): void {
    if (this.keepStates === "all") return;
    if (this.rebornNow.size > 0) this.recordRebirths(height);
    if (this.retiredNow.size > 0) {
      const row = Buffer.allocUnsafe(this.retiredNow.size * DIGEST);
      let at = 0;
      for (const d of this.retiredNow.values()) {
        row.set(d, at);
        at += DIGEST;
      }
      this.writes.put(this.rows, height, String(height), row);
      this.retiredNow = new Map();
    }
    // roots up to height - keepStates are freed: the rows of blocks up to height - keepStates + 1
    const through = height - this.keepStates + 1;
    let n = 0;
    while (this.prunedThrough < through && n++ < ROWS_PER_BLOCK) this.processRow(++this.prunedThrough);
    if (n > 0) this.writes.put(this.meta, "prunedThrough", "prunedThrough", this.prunedThrough);
    this.sweep();
    while (this.toFree.size > MOST_WAITING_TO_FREE) this.sweep();
  }

  /**
   * Deletes the nodes waiting in the next slice of the key space (their digests' first bits): a
   * freed node's delete is at a random place of the trie database, and dirties a leaf page and the
   * branch page above it; the deletes of one slice land in a few pages together. Then drops the
   * freeing rows a whole sweep has passed (each node they found dead is deleted, or alive again),
   * and the rebirths that no waiting or freeing row needs.
   */
  private sweep(): void {
    const slice = this.sweeps++ % this.freeSlices;
    const ids = this.toFreeBySlice[slice];
    if (ids) {
      this.toFreeBySlice[slice] = undefined;
      for (const id of ids) {
        const digest = this.toFree.get(id);
        if (!digest) continue;
        this.toFree.delete(id);
        this.writes.remove(this.nodes, digest, id);
        this.freedNodes++;
      }
    }
    while (this.freeingRows.length > 0 && this.sweeps - this.freeingRows[0].sweep >= this.freeSlices) {
      const { height, ids: dead } = this.freeingRows.shift()!;
      for (const id of dead) if (this.foundDead.get(id) === height) this.foundDead.delete(id);
      this.writes.remove(this.rows, height, String(height));
    }
    // a row leaves only the nodes written again after it: rebirths at or before the oldest row still
    // waiting or freeing matter to none
    const oldest = Math.min(this.freeingRows[0]?.height ?? Infinity, this.prunedThrough + 1);
    while (this.rebirthsByBlock.length > 0 && this.rebirthsByBlock[0].height <= oldest) {
      const { height: at, ids } = this.rebirthsByBlock.shift()!;
      for (const id of ids) if (this.rebornAtBlock.get(id) === at) this.rebornAtBlock.delete(id);
      this.writes.remove(this.rebirthRows, at, String(at));
    }
  }

  private waitToFree(id: string, digest: Buffer): void {
    if (this.toFree.has(id)) return;
    this.toFree.set(id, digest);
    (this.toFreeBySlice[(digest.readUInt16BE(0) * this.freeSlices) >>> 16] ??= []).push(id);
  }

  /**
   * The nodes block `height` wrote again: in memory and in the block's rebirth row while there is
   * room (a node already there takes no more), else by digest on disk.
   */
  private recordRebirths(height: number): void {
    const ids: string[] = [];
    const row: Uint8Array[] = [];
    for (const [id, d] of this.rebornNow) {
      if (this.rebornAtBlock.has(id) || this.rebornAtBlock.size < this.rebirthsInMemory) {
        this.rebornAtBlock.set(id, height);
        ids.push(id);
        row.push(d);
      } else {
        this.writes.put(this.reborn, bufferOf(d), id, height);
        this.rebornOnDisk = true;
      }
    }
    this.rebornNow = new Map();
    if (ids.length === 0) return;
    this.rebirthsByBlock.push({ height, ids });
    this.writes.put(this.rebirthRows, height, String(height), Buffer.concat(row));
  }

  /**
   * The row of block `height`, whose root is no longer kept: its nodes not written again since are
   * dead, and wait for their slice to be deleted; the row is kept (a freeing row) until a whole sweep
   * has passed it, so that a reopening finds what waited.
   */
  private processRow(height: number): void {
    const staged = this.writes.read(this.rows, String(height));
    const row = staged !== undefined ? (staged as Buffer | null) : this.rows.getBinary(height);
    if (!row) return;
    const ids: string[] = [];
    for (let at = 0; at + DIGEST <= row.length; at += DIGEST) {
      const digest = Buffer.from(row.subarray(at, at + DIGEST));
      const id = digest.toString("hex");
      const onDisk = this.rebornOnDiskAt(id, digest);
      const back = Math.max(this.rebornAtBlock.get(id) ?? -1, onDisk ?? -1);
      // written again after this row retired it: alive, or a later row (its block's, or a later one's) frees it
      if (back > height) continue;
      ids.push(id);
      this.foundDead.set(id, height);
      this.waitToFree(id, digest);
      if (onDisk !== undefined) this.writes.remove(this.reborn, digest, id);
    }
    this.freeingRows.push({ height, sweep: this.sweeps, ids });
  }

  /** Nodes found dead and not deleted yet (they wait for their slice of the key space). */
  get waitingToFree(): number {
    return this.toFree.size;
  }

  /** Whether the root of block `height` is still readable when the tip is at `tip`. */
  keeps(height: number, tip: number): boolean {
    return this.keepStates === "all" || height > tip - this.keepStates;
  }

  /** Nodes stored (LMDB's count of entries). */
  nodeCount(): number {
    return this.nodes.getCount();
  }
}

function bufferOf(d: Uint8Array): Buffer {
  return Buffer.isBuffer(d) ? d : Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

function hexOf(d: Uint8Array): string {
  return bufferOf(d).toString("hex");
}
