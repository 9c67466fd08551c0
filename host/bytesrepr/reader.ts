// A cursor over bytesrepr input. Every read names what it was reading so a failure says where
// the bytes went wrong (casper-types v1.5.8 bytesrepr.rs: safe_split_at -> EarlyEndOfStream, ...).

import { BytesreprError } from "./errors.ts";
import { utf8DecodeStrict } from "./utf8.ts";

export class ByteReader {
  readonly bytes: Uint8Array;
  offset: number;
  private view: DataView | undefined;

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

  private dv(): DataView {
    return (this.view ??= new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength));
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
    const v = this.dv().getUint32(this.offset, true);
    this.offset += 4;
    return v;
  }

  i32(what = "i32"): number {
    this.need(4, what);
    const v = this.dv().getInt32(this.offset, true);
    this.offset += 4;
    return v;
  }

  u64(what = "u64"): bigint {
    this.need(8, what);
    const v = this.dv().getBigUint64(this.offset, true);
    this.offset += 8;
    return v;
  }

  i64(what = "i64"): bigint {
    this.need(8, what);
    const v = this.dv().getBigInt64(this.offset, true);
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

  /** Raw bytes without a length prefix (a view into the input, not a copy). */
  raw(n: number, what = "bytes"): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.offset, this.offset + n);
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
