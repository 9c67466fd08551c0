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
// Young nodes. Almost every node dies within the window (the root's path is rewritten by the next block),
// so a node is first written to `trie-young`, keyed by the block that wrote it then its digest: the
// nodes of one block sit next to each other at the end of that database, and when a row frees them,
// their block is at its front. Writes and frees then dirty the same few pages per block, where keyed by
// digest alone each put and each delete dirtied a page at a random place (and each dirty page lengthens
// the sync that bounds the node's rate). A node still alive when its block leaves the young window is
// moved to `trie`, keyed by digest as casper-node keeps it. Where a node sits is only placement: which
// nodes are freed, and when, is the rows' business alone. The young nodes' blocks are held in memory
// (a map by digest, the window's nodes: read back from the keys when opened).
//
// A data directory written with those marks (a `trie-deaths` database: digest -> the block it died
// at) is converted when opened: each waiting row's node that its mark said was alive again, or dead
// again later, gets the `reborn` entry that makes the row leave it alone; then the marks are dropped.
import Denque from "denque";
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
  /** blocks whose nodes stay young at most (default: the kept window, 10,000 at most, and YOUNG_SLACK more) */
  youngBlocks?: number;
}

/** Rows processed per block at most (a smaller window, set at a restart, is caught up gradually). */
const ROWS_PER_BLOCK = 64;
/** Blocks whose nodes stay young at most (a larger window moves them to `trie` after this many blocks: the memory of the map by digest) */
const YOUNG_BLOCKS = 10_000;
/**
 * Blocks a node stays young beyond the kept window. A node born at block b and retired at r is freed
 * when r leaves the kept window; with a young window just as long, only nodes retired at b + 1 (the
 * root's path) were freed young, and every other one (a sender's balance, retired at its next
 * transfer) was moved to `trie` first, then deleted there a few blocks later: two writes at random
 * places of `trie` per node. With this slack, a node retired within this many blocks of its birth is
 * freed young.
 */
const YOUNG_SLACK = 1_024;
/** Young blocks moved per sealed block at most (as rows) */
const MOVES_PER_BLOCK = 64;
const DIGEST = 32;
/** about 12 MiB of heap: a hundred thousand nodes written again within the kept window */
const REBIRTHS_IN_MEMORY = 100_000;

export class LmdbTrieStore implements TrieStore {
  /** digest -> node bytes (nodes that outlived the young window, and an archive's) */
  private readonly nodes: Database<Buffer, Buffer>;
  /** (block that wrote it: u32 big-endian, digest) -> node bytes: nodes written in the young window */
  private readonly young: Database<Buffer, Buffer>;
  /** the young nodes: hex -> the block under which `young` holds them */
  private readonly youngAt = new Map<string, number>();
  /** the young nodes by block, in block order (an id whose `youngAt` names another block was freed or moved) */
  private readonly youngByBlock = new Denque<{ height: number; ids: string[] }>();
  /** how many blocks nodes stay young (0: none; an archive writes to `trie` at once) */
  private readonly youngBlocks: number;
  /** the block being built: nodes put now are young under it */
  private building: number;
  /** height -> the digests that block's root retired, concatenated */
  private readonly rows: Database<Buffer, number>;
  /** height -> the digests of stored nodes that block wrote again, concatenated (while rows before it wait) */
  private readonly rebirthRows: Database<Buffer, number>;
  /** the rebirths of those rows by node: hex -> the latest block that wrote it again; older rows leave it */
  private readonly rebornAtBlock = new Map<string, number>();
  /** the same rebirths by block, in block order (to forget them when their block's row is processed) */
  // (a deque: Array.prototype.shift on a long array moves every entry, 5% of the node's CPU samples)
  private readonly rebirthsByBlock = new Denque<{ height: number; ids: string[] }>();
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

  constructor(env: RootDatabase, private readonly writes: StagedWrites, options: LmdbTrieStoreOptions) {
    this.nodes = env.openDB({ name: "trie", encoding: "binary", keyEncoding: "binary" });
    this.young = env.openDB({ name: "trie-young", encoding: "binary", keyEncoding: "binary" });
    this.rows = env.openDB({ name: "trie-death-rows", encoding: "binary", keyEncoding: "uint32" });
    this.rebirthRows = env.openDB({ name: "trie-rebirth-rows", encoding: "binary", keyEncoding: "uint32" });
    this.reborn = env.openDB({ name: "trie-reborn", encoding: "msgpack", keyEncoding: "binary" });
    this.rebirthsInMemory = options.rebirthsInMemory ?? REBIRTHS_IN_MEMORY;
    this.meta = env.openDB({ name: "trie-meta", encoding: "msgpack", keyEncoding: "ordered-binary" });
    this.keepStates = options.keepStates;
    if (options.keepStates !== "all" && (!Number.isSafeInteger(options.keepStates) || options.keepStates < 1)) {
      throw new Error(`keep-states must be a whole number of blocks, at least 1, or "all"; got ${options.keepStates}`);
    }
    // the marks of the older format, opened only if there (lmdb-js open.js: `create: false` gives
    // undefined for a database that does not exist; its types do not name the option)
    const legacy: DatabaseOptions & { name: string; create: boolean } = { name: "trie-deaths", encoding: "msgpack", keyEncoding: "binary", create: false };
    const deaths = env.openDB(legacy) as Database<number, Buffer> | undefined;
    if (this.keepStates === "all") {
      // an archive frees nothing: no row is waiting, and none is written from now on
      writes.synchronously(() => {
        deaths?.dropSync();
        this.rows.clearSync();
        this.rebirthRows.clearSync();
        this.reborn.clearSync();
        this.meta.removeSync("prunedThrough");
      });
      this.prunedThrough = options.tipHeight;
    } else {
      const saved = this.meta.get("prunedThrough");
      if (deaths) writes.synchronously(() => this.convertDeathMarks(deaths, saved ?? options.tipHeight));
      // tracking starts now: roots retired while this was an archive stay on disk
      this.prunedThrough = saved ?? options.tipHeight;
      if (saved === undefined) writes.synchronously(() => this.meta.putSync("prunedThrough", this.prunedThrough));
      // the rebirths rows still waiting must see (rows up to prunedThrough are done)
      for (const { key: height, value: row } of this.rebirthRows.getRange({ start: this.prunedThrough + 1 })) {
        const ids: string[] = [];
        for (let at = 0; at + DIGEST <= row.length; at += DIGEST) ids.push(row.toString("hex", at, at + DIGEST));
        for (const id of ids) this.rebornAtBlock.set(id, height);
        this.rebirthsByBlock.push({ height, ids });
      }
    }
    this.rebornOnDisk = this.reborn.getCount() > 0;
    this.youngBlocks = this.keepStates === "all" ? 0 : (options.youngBlocks ?? Math.min(this.keepStates, YOUNG_BLOCKS) + YOUNG_SLACK);
    this.building = options.tipHeight + 1;
    // the young nodes, by block (keys in order: block, then digest)
    let last: { height: number; ids: string[] } | undefined;
    for (const key of this.young.getKeys()) {
      const height = key.readUInt32BE(0);
      const id = key.toString("hex", 4, 4 + DIGEST);
      if (!last || last.height !== height) this.youngByBlock.push((last = { height, ids: [] }));
      last.ids.push(id);
      this.youngAt.set(id, height);
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
    const born = this.youngAt.get(id);
    if (born !== undefined) return this.youngBytes(born, id, digest);
    const staged = this.writes.read(this.nodes, id);
    if (staged !== undefined) return (staged as Buffer | null) ?? undefined;
    return this.nodes.getBinary(bufferOf(digest));
  }

  /** A young node's bytes (staged, or on disk). */
  private youngBytes(born: number, id: string, digest: Uint8Array): Uint8Array | undefined {
    const staged = this.writes.read(this.young, youngId(born, id));
    if (staged !== undefined) return (staged as Buffer | null) ?? undefined;
    return this.young.getBinary(youngKey(born, digest));
  }

  /** Removes a young node (freed, or moved to `trie`); its block's id list keeps the id, which moveYoung skips. */
  private dropYoung(born: number, id: string, digest: Uint8Array): void {
    this.writes.remove(this.young, youngKey(born, digest), youngId(born, id));
    this.youngAt.delete(id);
  }

  /** Writes a node not stored: young under the block being built, or (no young window) by digest. */
  private writeNew(id: string, digest: Uint8Array, bytes: Uint8Array): void {
    if (this.youngBlocks === 0) {
      this.writes.put(this.nodes, bufferOf(digest), id, bytes);
      return;
    }
    const born = this.building;
    this.writes.put(this.young, youngKey(born, digest), youngId(born, id), bytes);
    this.youngAt.set(id, born);
    let block = this.youngByBlock.peekBack();
    if (!block || block.height !== born) this.youngByBlock.push((block = { height: born, ids: [] }));
    block.ids.push(id);
  }

  put(nodes: readonly (readonly [Uint8Array, Uint8Array])[], retired: readonly Uint8Array[] = []): void {
    const tracking = this.keepStates !== "all";
    if (tracking) for (const d of retired) this.retiredNow.set(hexOf(d), d);
    for (const [digest, bytes] of nodes) {
      const id = hexOf(digest);
      // written again (a write and a retirement in one commit: the write is the later): in this root
      if (tracking) this.retiredNow.delete(id);
      if (this.rebornNow.has(id)) continue;
      if (!this.stored(id, digest)) {
        this.writeNew(id, digest, bytes);
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
    if (this.youngAt.has(id)) return true;
    const staged = this.writes.read(this.nodes, id);
    if (staged !== undefined) return staged !== null;
    return this.nodes.doesExist(bufferOf(digest));
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
    this.building = height + 1;
    if (this.keepStates !== "all") this.processRows(height, this.keepStates);
    // after the rows: a node freed now is not moved first
    this.moveYoung(height);
  }

  private processRows(height: number, keepStates: number): void {
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
    const through = height - keepStates + 1;
    let n = 0;
    while (this.prunedThrough < through && n++ < ROWS_PER_BLOCK) this.processRow(++this.prunedThrough);
    if (n > 0) this.writes.put(this.meta, "prunedThrough", "prunedThrough", this.prunedThrough);
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

  private processRow(height: number): void {
    // rebirths up to this block matter to no row from this one on (a row leaves only nodes written again after it)
    while (this.rebirthsByBlock.length > 0 && this.rebirthsByBlock.peekFront()!.height <= height) {
      const { height: at, ids } = this.rebirthsByBlock.shift()!;
      for (const id of ids) if (this.rebornAtBlock.get(id) === at) this.rebornAtBlock.delete(id);
      this.writes.remove(this.rebirthRows, at, String(at));
    }
    const staged = this.writes.read(this.rows, String(height));
    const row = staged !== undefined ? (staged as Buffer | null) : this.rows.getBinary(height);
    if (!row) return;
    for (let at = 0; at + DIGEST <= row.length; at += DIGEST) {
      const digest = Buffer.from(row.subarray(at, at + DIGEST));
      const id = digest.toString("hex");
      const onDisk = this.rebornOnDiskAt(id, digest);
      const back = Math.max(this.rebornAtBlock.get(id) ?? -1, onDisk ?? -1);
      // written again after this row retired it: alive, or a later row (its block's, or a later one's) frees it
      if (back > height) continue;
      const born = this.youngAt.get(id);
      if (born !== undefined) this.dropYoung(born, id, digest);
      else this.writes.remove(this.nodes, digest, id);
      if (onDisk !== undefined) this.writes.remove(this.reborn, digest, id);
      this.freedNodes++;
    }
    this.writes.remove(this.rows, height, String(height));
  }

  /**
   * The nodes of blocks that left the young window (every block up to `height` when there is none, as
   * an archive) and are still stored move to `trie`, keyed by digest; the rows free the others.
   */
  private moveYoung(height: number): void {
    const through = height - this.youngBlocks;
    let n = 0;
    while (this.youngByBlock.length > 0 && this.youngByBlock.peekFront()!.height <= through && n++ < MOVES_PER_BLOCK) {
      const { height: born, ids } = this.youngByBlock.shift()!;
      for (const id of ids) {
        if (this.youngAt.get(id) !== born) continue; // freed already
        const digest = Buffer.from(id, "hex");
        const bytes = this.youngBytes(born, id, digest)!;
        this.dropYoung(born, id, digest);
        this.writes.put(this.nodes, digest, id, bytes);
      }
    }
  }

  /** Whether the root of block `height` is still readable when the tip is at `tip`. */
  keeps(height: number, tip: number): boolean {
    return this.keepStates === "all" || height > tip - this.keepStates;
  }

  /** Nodes stored (LMDB's count of entries, young and by digest). */
  nodeCount(): number {
    return this.nodes.getCount() + this.young.getCount();
  }

  /** Nodes held young, and in how many blocks (what tests check the placement by). */
  youngCount(): { nodes: number; blocks: number } {
    return { nodes: this.youngAt.size, blocks: this.youngByBlock.length };
  }
}

function bufferOf(d: Uint8Array): Buffer {
  return Buffer.isBuffer(d) ? d : Buffer.from(d.buffer, d.byteOffset, d.byteLength);
}

/** `trie-young`'s key: the block (u32 big-endian: blocks in order) then the digest. */
function youngKey(born: number, digest: Uint8Array): Buffer {
  const key = Buffer.allocUnsafe(4 + DIGEST);
  key.writeUInt32BE(born, 0);
  key.set(digest, 4);
  return key;
}

function youngId(born: number, id: string): string {
  return `${born}:${id}`;
}

function hexOf(d: Uint8Array): string {
  return bufferOf(d).toString("hex");
}
