// The bounded global state's cache of decoded values (by key id), in two generations: values read or
// written go into `recent`; when it holds half the cap, it becomes `older` and the generation before
// is dropped whole; a value found in `older` moves back to `recent`. So what is used stays, at most
// `cap` entries are held, and no entry is ever deleted one by one: V8's Map keeps a deleted entry in
// its bucket's chain until the table is rebuilt, so deleting and setting the same hot keys again
// (each block writes the same balances) made their lookups walk ever longer chains (a 20,000-entry
// map: ~400 ns per delete-and-set, against ~20 ns for a set; 20-34 µs per transfer on the local node).
import type { StoredValue } from "../bytesrepr/stored-value.ts";

/** a value, null when the key is known to hold nothing, undefined when not cached */
export type CachedValue = StoredValue | null | undefined;

export class RecentValues {
  private recent = new Map<string, StoredValue | null>();
  private older = new Map<string, StoredValue | null>();
  private readonly half: number;

  constructor(cap: number) {
    this.half = Math.max(1, cap >> 1);
  }

  get(id: string): CachedValue {
    const v = this.recent.get(id);
    if (v !== undefined) return v;
    const o = this.older.get(id);
    if (o !== undefined) this.set(id, o);
    return o;
  }

  /** `value` undefined: the key holds nothing. */
  set(id: string, value: StoredValue | undefined | null): void {
    if (this.recent.size >= this.half && !this.recent.has(id)) {
      this.older = this.recent;
      this.recent = new Map();
    }
    this.recent.set(id, value ?? null);
  }

  clear(): void {
    this.recent = new Map();
    this.older = new Map();
  }

  /** entries held (a key in both generations counts twice) */
  get size(): number {
    return this.recent.size + this.older.size;
  }
}
