// A growable output buffer producing bytesrepr encodings (little-endian, u32 length prefixes).

import { utf8Encode } from "./utf8.ts";

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initial = 64) {
    this.buf = new Uint8Array(initial);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  bool(v: boolean): this {
    return this.u8(v ? 1 : 0);
  }

  u32(v: number): this {
    this.ensure(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
    return this;
  }

  i32(v: number): this {
    this.ensure(4);
    this.view.setInt32(this.length, v | 0, true);
    this.length += 4;
    return this;
  }

  u64(v: bigint): this {
    this.ensure(8);
    this.view.setBigUint64(this.length, BigInt.asUintN(64, v), true);
    this.length += 8;
    return this;
  }

  i64(v: bigint): this {
    this.ensure(8);
    this.view.setBigInt64(this.length, BigInt.asIntN(64, v), true);
    this.length += 8;
    return this;
  }

  /** U128/U256/U512 as the node writes them: trailing zero bytes dropped, length byte first. */
  bigUint(v: bigint, maxBytes: number, what = "uint"): this {
    if (v < 0n || v >> BigInt(maxBytes * 8) !== 0n) {
      throw new RangeError(`${what} ${v} does not fit in ${maxBytes * 8} bits`);
    }
    const bytes: number[] = [];
    while (v > 0n) {
      bytes.push(Number(v & 0xffn));
      v >>= 8n;
    }
    this.u8(bytes.length);
    this.ensure(bytes.length);
    for (const b of bytes) this.buf[this.length++] = b;
    return this;
  }

  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
    return this;
  }

  lengthPrefixed(bytes: Uint8Array): this {
    return this.u32(bytes.length).raw(bytes);
  }

  string(s: string): this {
    return this.lengthPrefixed(utf8Encode(s));
  }

  /** A copy of the bytes written so far. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export function encodeWith(write: (w: ByteWriter) => void, initial = 64): Uint8Array {
  const w = new ByteWriter(initial);
  write(w);
  return w.toBytes();
}
