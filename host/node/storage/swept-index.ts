// An index from hashes (block hashes, state roots, deploy hashes) to where their records are, in
// LMDB, written late and a slice of the key space at a time. Hashes are random: an entry written at
// once dirties a random leaf page of the index and the branch page above it, and at a million entries
// nearly every entry costs those two page writes (each one lengthening the disk sync that bounds the
// node's rate). So entries wait in memory, grouped by the slice of the key space their key falls in,
// and block h writes the waiting entries of slice h mod `slices`: over `slices` blocks the whole key
// space is swept once, and the entries that fall in one page's range land in it together. The blocks
// one transaction commits sweep adjacent slices, so with S slices over P leaf pages a transaction writes
// about min(1, P / S) leaf pages per entry: one from about 250k blocks on with the default 4,096; a
// sweep of 65,536 blocks (`--index-sweep`) writes fewer pages and holds ~30 MiB more in memory
// (host/node/storage/README.md).
//
// Nothing waiting is lost in a crash: the records the entries point to are written at once, by
// height (next to each other on disk), and the entries still waiting are found again from the
// records of the last `slices` blocks when the directory is opened (`recover`): an entry a block made
// was written by the first block at or after it whose sweep was its slice, so whether it waits
// follows from the two heights and its key, without reading the index. A block of many items
// (block mode) writes its entries at once: waiting them would bound neither memory nor that search.
import type { Database } from "lmdb";
import type { StagedWrites } from "../../state/lmdb/staged-writes.ts";

/** Blocks in a sweep of the whole key space: how long an entry may wait, and how far back `recover` looks. */
export const SLICES = 4096;
/** The sweep of directories written before the slice count was recorded. */
export const SLICES_BEFORE = 4096;
/** A block with more entries than this in one index writes them at once. */
export const MOST_WAITING_PER_BLOCK = 16;

type Value = NonNullable<unknown>;

/** Whether `blocks` can be a sweep: a power of two from 2 to 65,536 (a key's slice is its first bits, 16 at most). */
export function isIndexSweep(blocks: number): boolean {
  return Number.isInteger(blocks) && blocks >= 2 && blocks <= 65_536 && (blocks & (blocks - 1)) === 0;
}

export class SweptIndex<V extends Value> {
  /** entries not written yet: hex of the key -> value (the key's bytes are made again when written: less memory) */
  private readonly waiting = new Map<string, V>();
  /** the waiting keys by slice */
  private readonly bySlice: (string[] | undefined)[];
  /** the slice of a key is its first 16 - shift bits */
  private readonly shift: number;

  constructor(
    private readonly db: Database<V, Buffer>,
    private readonly writes: StagedWrites,
    /** slices in a sweep: a power of two from 2 to 65,536 */
    readonly slices: number = SLICES,
  ) {
    if (!isIndexSweep(slices)) throw new Error(`an index sweep has a power of two from 2 to 65536 slices, not ${slices}`);
    this.shift = 16 - Math.log2(slices);
    this.bySlice = new Array(slices);
  }

  /** The slice a key (lowercase hex) falls in: its first bits. */
  private sliceOf(id: string): number {
    return Number.parseInt(id.slice(0, 4), 16) >> this.shift;
  }

  /** Queues `hex -> value` for its slice (a later value of the same key replaces a waiting one). */
  add(hex: string, value: V): void {
    const id = hex.toLowerCase();
    const waits = this.waiting.has(id);
    this.waiting.set(id, value);
    if (waits) return;
    const slice = this.sliceOf(id);
    (this.bySlice[slice] ??= []).push(id);
  }

  /** Writes `hex -> value` now. */
  put(hex: string, value: V): void {
    const id = hex.toLowerCase();
    // its slice list keeps the id: sweep skips ids no longer waiting
    this.waiting.delete(id);
    this.writes.put(this.db, Buffer.from(id, "hex"), id, value);
  }

  /** The value of a key: waiting, staged or stored. */
  get(hex: string): V | undefined {
    const id = hex.toLowerCase();
    const waiting = this.waiting.get(id);
    if (waiting !== undefined) return waiting;
    const staged = this.writes.read(this.db, id);
    if (staged !== undefined) return (staged ?? undefined) as V | undefined;
    if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
    return this.db.get(Buffer.from(id, "hex"));
  }

  /** Writes the waiting entries of block `height`'s slice. */
  sweep(height: number): void {
    const slice = height % this.slices;
    const ids = this.bySlice[slice];
    if (!ids) return;
    this.bySlice[slice] = undefined;
    for (const id of ids) {
      const value = this.waiting.get(id);
      if (value === undefined) continue; // written at once since
      this.waiting.delete(id);
      this.writes.put(this.db, Buffer.from(id, "hex"), id, value);
    }
  }

  /**
   * At opening, for each entry block `addedAt` made (`add`), in block order, the tip being `tip`: an
   * entry whose slice no block from `addedAt` to the tip swept was waiting when the node stopped, and
   * waits again (a later block's value of the same key replaces it, as `add` did: if the earlier one
   * waits, so does the later).
   */
  recover(hex: string, value: V, addedAt: number, tip: number): void {
    const id = hex.toLowerCase();
    if (!this.sweptBetween(this.sliceOf(id), addedAt, tip)) this.add(id, value);
  }

  /** Whether a block from `from` to `to` swept `slice` (block h sweeps slice h mod slices, after its own adds). */
  private sweptBetween(slice: number, from: number, to: number): boolean {
    return (((slice - from) % this.slices) + this.slices) % this.slices <= to - from;
  }

  /** Writes every waiting entry now (the sweep is about to change). */
  putAllWaiting(): void {
    for (const [id, value] of this.waiting) this.writes.put(this.db, Buffer.from(id, "hex"), id, value);
    this.waiting.clear();
    this.bySlice.fill(undefined);
  }

  /** The entries waiting, by key (hex), in key order. */
  waitingEntries(): [string, V][] {
    return [...this.waiting].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }
}
