// An index from hashes (block hashes, state roots, deploy hashes) to where their records are, in
// LMDB, written late and a slice of the key space at a time. Hashes are random: an entry written at
// once dirties a random leaf page of the index and the branch page above it, and at a million entries
// nearly every entry costs those two page writes (each one lengthening the disk sync that bounds the
// node's rate). So entries wait in memory, grouped by the slice of the key space their key falls in,
// and block h writes the waiting entries of slice h mod SLICES: over SLICES blocks the whole key
// space is swept once, and the entries that fall in one page's range land in it together.
//
// Nothing waiting is lost in a crash: the records the entries point to are written at once, by
// height (next to each other on disk), and the entries still waiting are found again from the
// records of the last SLICES blocks when the directory is opened (`recover`): an entry a block made
// was written by the first block at or after it whose sweep was its slice, so whether it waits
// follows from the two heights and its key, without reading the index. A block of many items
// (block mode) writes its entries at once: waiting them would bound neither memory nor that search.
import type { Database } from "lmdb";
import type { StagedWrites } from "../../state/lmdb/staged-writes.ts";

/** Blocks in a sweep of the whole key space: how long an entry may wait, and how far back `recover` looks. */
export const SLICES = 4096;
/** A block with more entries than this in one index writes them at once. */
export const MOST_WAITING_PER_BLOCK = 16;

type Value = NonNullable<unknown>;

interface Waiting<V> {
  key: Buffer;
  value: V;
}

export class SweptIndex<V extends Value> {
  /** entries not written yet: hex of the key -> key and value */
  private readonly waiting = new Map<string, Waiting<V>>();
  /** the waiting keys by slice */
  private readonly slices: (string[] | undefined)[] = new Array(SLICES);

  constructor(
    private readonly db: Database<V, Buffer>,
    private readonly writes: StagedWrites,
  ) {}

  /** The slice a key falls in: its first 12 bits. */
  static sliceOf(key: Buffer): number {
    return key.readUInt16BE(0) >> 4;
  }

  /** Queues `hex -> value` for its slice (a later value of the same key replaces a waiting one). */
  add(hex: string, value: V): void {
    const id = hex.toLowerCase();
    const waiting = this.waiting.get(id);
    if (waiting) {
      waiting.value = value;
      return;
    }
    const key = Buffer.from(id, "hex");
    this.waiting.set(id, { key, value });
    const slice = SweptIndex.sliceOf(key);
    (this.slices[slice] ??= []).push(id);
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
    if (waiting) return waiting.value;
    const staged = this.writes.read(this.db, id);
    if (staged !== undefined) return (staged ?? undefined) as V | undefined;
    if (!/^[0-9a-f]{64}$/.test(id)) return undefined;
    return this.db.get(Buffer.from(id, "hex"));
  }

  /** Writes the waiting entries of block `height`'s slice. */
  sweep(height: number): void {
    const slice = height % SLICES;
    const ids = this.slices[slice];
    if (!ids) return;
    this.slices[slice] = undefined;
    for (const id of ids) {
      const waiting = this.waiting.get(id);
      if (!waiting) continue; // written at once since
      this.waiting.delete(id);
      this.writes.put(this.db, waiting.key, id, waiting.value);
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
    if (!SweptIndex.sweptBetween(SweptIndex.sliceOf(Buffer.from(id, "hex")), addedAt, tip)) this.add(id, value);
  }

  /** Whether a block from `from` to `to` swept `slice` (block h sweeps slice h mod SLICES, after its own adds). */
  static sweptBetween(slice: number, from: number, to: number): boolean {
    return (((slice - from) % SLICES) + SLICES) % SLICES <= to - from;
  }

  /** The entries waiting, by key (hex), in key order. */
  waitingEntries(): [string, V][] {
    return [...this.waiting].map(([id, w]): [string, V] => [id, w.value]).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }
}
