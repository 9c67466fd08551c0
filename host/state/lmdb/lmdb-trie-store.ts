// Trie nodes in LMDB, keyed by digest, as casper-node keeps them (storage/src/global_state/trie_store/
// lmdb.rs: key = digest, value = the node's bytes), and freed when no kept root needs them.
//
// History as geth keeps it: the state under each of the last `keepStates` blocks stays readable and
// older roots are freed; `"all"` keeps every root (an archive). Freeing works by death rows, as
// Substrate's state-db prunes: a commit tells which stored nodes the new root no longer uses
// (LiveTrie `retired`, checked against full walks in tests/state-trie-retired.test.ts); they are
// recorded under the block that retired them (a row) with, per node, the block it died at. When a
// block falls out of the kept window its row is processed: a node still marked dead at that block is
// deleted. A node written again later (the same bytes: a value set back, a subtree rebuilt the same)
// is alive again: its mark is removed, so the old row leaves it alone. The disk then holds the live
// state plus what the kept roots need, whatever the chain's length.
import type { Database, RootDatabase } from "lmdb";
import type { TrieStore } from "../trie/store.ts";
import type { StagedWrites } from "./staged-writes.ts";

export type KeepStates = number | "all";

export interface LmdbTrieStoreOptions {
  /** how many of the latest blocks' states stay readable ("all": every block's, an archive) */
  keepStates: KeepStates;
  /** the chain's height when opened: rows below it are not this opening's to track */
  tipHeight: number;
}

/** Rows processed per block at most (a smaller window, set at a restart, is caught up gradually). */
const ROWS_PER_BLOCK = 64;
const DIGEST = 32;

export class LmdbTrieStore implements TrieStore {
  /** digest -> node bytes */
  private readonly nodes: Database<Buffer, Buffer>;
  /** digest -> the height of the block whose root first lacked it */
  private readonly deaths: Database<number, Buffer>;
  /** height -> the digests that block's root retired, concatenated */
  private readonly rows: Database<Buffer, number>;
  private readonly meta: Database<number, string>;
  readonly keepStates: KeepStates;
  /** the rows processed so far: every row at or below it is done */
  private prunedThrough: number;
  /** nodes retired since the last sealed block (hex -> digest) */
  private retiredNow = new Map<string, Uint8Array>();
  /** nodes deleted so far (reported by the benchmark) */
  freedNodes = 0;

  constructor(env: RootDatabase, private readonly writes: StagedWrites, options: LmdbTrieStoreOptions) {
    this.nodes = env.openDB({ name: "trie", encoding: "binary", keyEncoding: "binary" });
    this.deaths = env.openDB({ name: "trie-deaths", encoding: "msgpack", keyEncoding: "binary" });
    this.rows = env.openDB({ name: "trie-death-rows", encoding: "binary", keyEncoding: "uint32" });
    this.meta = env.openDB({ name: "trie-meta", encoding: "msgpack", keyEncoding: "ordered-binary" });
    this.keepStates = options.keepStates;
    if (options.keepStates !== "all" && (!Number.isSafeInteger(options.keepStates) || options.keepStates < 1)) {
      throw new Error(`keep-states must be a whole number of blocks, at least 1, or "all"; got ${options.keepStates}`);
    }
    if (this.keepStates === "all") {
      // an archive frees nothing: no row is waiting, and none is written from now on
      writes.synchronously(() => {
        this.deaths.clearSync();
        this.rows.clearSync();
        this.meta.removeSync("prunedThrough");
      });
      this.prunedThrough = options.tipHeight;
    } else {
      const saved = this.meta.get("prunedThrough");
      // tracking starts now: roots retired while this was an archive stay on disk
      this.prunedThrough = saved ?? options.tipHeight;
      if (saved === undefined) writes.synchronously(() => this.meta.putSync("prunedThrough", this.prunedThrough));
    }
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
      this.writes.put(this.nodes, bufferOf(digest), id, bytes);
      if (!tracking) continue;
      // written again: alive, whatever row it was in
      this.retiredNow.delete(id);
      if (this.deathOf(id, digest) !== undefined) this.writes.remove(this.deaths, bufferOf(digest), id);
    }
  }

  /** The block at which the node died (undefined: alive, or never tracked). */
  private deathOf(id: string, digest: Uint8Array): number | undefined {
    const staged = this.writes.read(this.deaths, id);
    if (staged !== undefined) return (staged as number | null) ?? undefined;
    return this.deaths.get(bufferOf(digest));
  }

  /**
   * Ends block `height`, whose root is the one just committed: its retired nodes make its row, and the
   * rows of blocks that fell out of the kept window are processed.
   */
  sealBlock(height: number): void {
    if (this.keepStates === "all") return;
    if (this.retiredNow.size > 0) {
      const row = Buffer.allocUnsafe(this.retiredNow.size * DIGEST);
      let at = 0;
      for (const [id, d] of this.retiredNow) {
        row.set(d, at);
        at += DIGEST;
        this.writes.put(this.deaths, bufferOf(d), id, height);
      }
      this.writes.put(this.rows, height, String(height), row);
      this.retiredNow = new Map();
    }
    // roots up to height - keepStates are freed: the rows of blocks up to height - keepStates + 1
    const through = height - this.keepStates + 1;
    let n = 0;
    while (this.prunedThrough < through && n++ < ROWS_PER_BLOCK) this.processRow(++this.prunedThrough);
    if (n > 0) this.writes.put(this.meta, "prunedThrough", "prunedThrough", this.prunedThrough);
  }

  private processRow(height: number): void {
    const staged = this.writes.read(this.rows, String(height));
    const row = staged !== undefined ? (staged as Buffer | null) : this.rows.getBinary(height);
    if (!row) return;
    for (let at = 0; at + DIGEST <= row.length; at += DIGEST) {
      const digest = row.subarray(at, at + DIGEST);
      const id = hexOf(digest);
      if (this.deathOf(id, digest) !== height) continue; // alive again, or died again later
      this.writes.remove(this.nodes, Buffer.from(digest), id);
      this.writes.remove(this.deaths, Buffer.from(digest), id);
      this.freedNodes++;
    }
    this.writes.remove(this.rows, height, String(height));
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
