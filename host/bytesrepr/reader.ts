// A cursor over bytesrepr input. Every read names what it was reading so a failure says where
// the bytes went wrong (casper-types v1.5.8 bytesrepr.rs: safe_split_at -> EarlyEndOfStream, ...).

import { BytesreprError } from "./errors.ts";
import { utf8DecodeStrict } from "./utf8.ts";

export class ByteReader {
  readonly bytes: Uint8Array;
  offset: number;

  constructor(bytes: Uint8Array, offset = 0) {
    this.bytes = bytes;
    this.offset = offset;
  }

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  private need(n: number, what: string): void {
    if (n > this.bytes.length - this.offset) {
      throw new BytesreprError("EarlyEndOfStream", what, `need ${n} byte(s), ${this.remaining} left`);
    }
  }

  // Integers are assembled from the bytes, not read through a DataView: V8 keeps a small typed array's
  // bytes on its heap, and asking for its `.buffer` moves them to a new external ArrayBuffer (a
  // costly allocation the GC then tracks), which made each small read cost microseconds.
  private u32At(o: number): number {
    const b = this.bytes;
    return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  }

  u8(what = "u8"): number {
    this.need(1, what);
    return this.bytes[this.offset++];
  }

  bool(what = "bool"): boolean {
    const b = this.u8(what);
    if (b === 1) return true;
    if (b === 0) return false;
    throw new BytesreprError("Formatting", what, `bool byte must be 0 or 1, got ${b}`);
  }

  u32(what = "u32"): number {
    this.need(4, what);
    const v = this.u32At(this.offset);
    this.offset += 4;
    return v;
  }

  i32(what = "i32"): number {
    this.need(4, what);
    const v = this.u32At(this.offset) | 0;
    this.offset += 4;
    return v;
  }

  u64(what = "u64"): bigint {
    this.need(8, what);
    const lo = this.u32At(this.offset);
    const hi = this.u32At(this.offset + 4);
    const v = hi === 0 ? BigInt(lo) : (BigInt(hi) << 32n) | BigInt(lo);
    this.offset += 8;
    return v;
  }

  i64(what = "i64"): bigint {
    this.need(8, what);
    const lo = this.u32At(this.offset);
    const hi = this.u32At(this.offset + 4) | 0;
    const v = (BigInt(hi) << 32n) | BigInt(lo);
    this.offset += 8;
    return v;
  }

  /** U128/U256/U512: a length byte then that many little-endian bytes (uint.rs). */
  bigUint(maxBytes: number, what: string): bigint {
    const n = this.u8(what);
    if (n > maxBytes) throw new BytesreprError("Formatting", what, `length byte ${n} exceeds ${maxBytes}`);
    this.need(n, what);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.bytes[this.offset + i]);
    this.offset += n;
    return v;
  }

  /**
   * Raw bytes without a length prefix: a view into the input, or a copy when the input is small
   * (V8 keeps arrays of up to 64 bytes on its heap, and a view into one costs it an external
   * ArrayBuffer: a microsecond, where a copy costs a few tens of nanoseconds).
   */
  raw(n: number, what = "bytes"): Uint8Array {
    this.need(n, what);
    const out = this.bytes.length <= 64 ? this.bytes.slice(this.offset, this.offset + n) : this.bytes.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  /** `Bytes` / `Vec<u8>`: u32 length then the bytes. */
  lengthPrefixed(what = "bytes"): Uint8Array {
    const n = this.u32(`${what}.length`);
    return this.raw(n, what);
  }

  string(what = "string"): string {
    const bytes = this.lengthPrefixed(what);
    const s = utf8DecodeStrict(bytes);
    if (s === undefined) throw new BytesreprError("Formatting", what, "invalid UTF-8");
    return s;
  }

  /** bytesrepr::deserialize requires the input to be fully consumed. */
  expectEnd(what: string): void {
    if (this.offset !== this.bytes.length) {
      throw new BytesreprError("LeftOverBytes", what, `${this.remaining} byte(s) left over`);
    }
  }
}

/** Decode a whole buffer with `read`, failing with LeftOverBytes if anything is left. */
export function decodeAll<T>(bytes: Uint8Array, what: string, read: (r: ByteReader) => T): T {
  const r = new ByteReader(bytes);
  const value = read(r);
  r.expectEnd(what);
  return value;
}
