// List<T>: bytesrepr u32 count + items. A growable array of T that stores items in one heap
// block (no std Array machinery).
import { ApiError } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { encode, decode, writeCLType, equals } from "../bytes/codec";
import { CLTypeTag } from "./cl_type";

export class List<T> {
  private data: usize;
  private capacity: u32;
  length: u32 = 0;

  constructor(capacity: u32 = 4) {
    this.capacity = capacity > 0 ? capacity : 1;
    this.data = heap.alloc(<usize>this.capacity * sizeof<T>());
  }

  /** A list of the items of an AssemblyScript array. */
  static from<T>(items: T[]): List<T> {
    const list = new List<T>(items.length);
    for (let i = 0; i < items.length; i++) list.push(items[i]);
    return list;
  }

  push(value: T): List<T> {
    if (this.length == this.capacity) {
      this.capacity <<= 1;
      this.data = heap.realloc(this.data, <usize>this.capacity * sizeof<T>());
    }
    store<T>(this.data + <usize>this.length * sizeof<T>(), value);
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
    const at = this.data + <usize>i * sizeof<T>();
    memory.copy(at + sizeof<T>(), at, <usize>(this.length - 1 - i) * sizeof<T>());
    store<T>(at, value);
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
    // never reserve more than the bytes left could hold (a forged count must not exhaust memory)
    const list = new List<T>(min(n, r.remaining));
    for (let i: u32 = 0; i < n && r.ok; i++) list.push(decode<T>(r));
    return list;
  }
}
