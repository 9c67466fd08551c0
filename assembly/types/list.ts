// List<T>: bytesrepr u32 count + items. A growable array of T that stores items in one heap
// block (no std Array machinery).
import { ApiError } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { encode, decode, writeCLType, equals } from "../bytes/codec";
import { CLTypeTag } from "./cl_type";
import { copyBytes } from "../bytes/memory";

/** The storage of every List, whatever its item type: one growth routine for all of them. */
@unmanaged
export class ListStorage {
  protected data: usize;
  protected capacity: u32;
  length: u32 = 0;

  constructor(capacity: u32, itemSize: usize) {
    this.capacity = capacity > 0 ? capacity : 1;
    this.data = heap.alloc(<usize>this.capacity * itemSize);
  }

  /** Address of item i (i <= length; grows the storage when i == capacity). */
  protected slot(i: u32, itemSize: usize): usize {
    if (i == this.capacity) {
      const data = heap.alloc(<usize>(i << 1) * itemSize);
      copyBytes(data, this.data, <usize>i * itemSize);
      this.data = data;
      this.capacity = i << 1;
    }
    return this.data + <usize>i * itemSize;
  }
}

/**
 * Most bytes of item slots a decoded List or Map may take: a quarter of casper-node's max wasm
 * memory (64 pages of 64 KiB, chainspec wasm.max_memory), since the slots double as they grow (the
 * old copies stay: the heap never frees) and the rest of the module needs room too. Beyond it
 * decoding fails with OutOfMemory (20) rather than trapping when the memory runs out.
 */
export const MAX_DECODED_BYTES: u64 = 16 * 65536;

@unmanaged
export class List<T> extends ListStorage {
  constructor(capacity: u32 = 4) {
    super(capacity, sizeof<T>());
  }

  /** A list of the items of an AssemblyScript array. */
  static from<T>(items: T[]): List<T> {
    const list = new List<T>(items.length);
    for (let i = 0; i < items.length; i++) list.push(items[i]);
    return list;
  }

  push(value: T): List<T> {
    store<T>(this.slot(this.length, sizeof<T>()), value);
    this.length++;
    return this;
  }

  /** Item i; traps when out of range (Rust's indexing panics). */
  @operator("[]") at(i: u32): T {
    if (i >= this.length) unreachable();
    return load<T>(this.data + <usize>i * sizeof<T>());
  }

  @operator("[]=") set(i: u32, value: T): void {
    if (i >= this.length) unreachable();
    store<T>(this.data + <usize>i * sizeof<T>(), value);
  }

  /** Inserts at i (0..=length), moving later items up. */
  insert(i: u32, value: T): void {
    if (i > this.length) unreachable();
    this.push(value);
    // move items i.. up by one, last first
    for (let j = this.length - 1; j > i; j--) this.set(j, this.at(j - 1));
    this.set(i, value);
  }

  /** Removes item i (i < length), moving later items down. */
  removeAt(i: u32): void {
    if (i >= this.length) unreachable();
    for (let j = i + 1; j < this.length; j++) this.set(j - 1, this.at(j));
    this.length--;
  }

  indexOf(value: T): i32 {
    for (let i: u32 = 0; i < this.length; i++) if (equals<T>(this.at(i), value)) return <i32>i;
    return -1;
  }

  includes(value: T): bool {
    return this.indexOf(value) >= 0;
  }

  equals(other: List<T>): bool {
    if (this.length != other.length) return false;
    for (let i: u32 = 0; i < this.length; i++) if (!equals<T>(this.at(i), other.at(i))) return false;
    return true;
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    const n = this.length;
    w.u32(n);
    for (let i: u32 = 0; i < n; i++) encode<T>(w, this.at(i));
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.List);
    writeCLType<T>(w);
  }
  decodeFrom(r: Reader): List<T> {
    const n = r.u32();
    // reserve no more than the bytes left could hold: a forged count must not exhaust memory
    const list = new List<T>(min(n, r.remaining));
    for (let i: u32 = 0; i < n && r.ok; i++) {
      // items that take no bytes (Unit) could still claim billions of slots
      if (<u64>i * sizeof<T>() >= MAX_DECODED_BYTES) {
        r.fail(ApiError.OutOfMemory);
        break;
      }
      list.push(decode<T>(r));
    }
    return list;
  }
}
