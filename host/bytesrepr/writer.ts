// A growable output buffer producing bytesrepr encodings (little-endian, u32 length prefixes).
// Writers are created for every small value the engine encodes, so this one allocates only its byte
// array and writes integers byte by byte.

import { utf8Encode } from "./utf8.ts";

export class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(initial = 64) {
    this.buf = new Uint8Array(initial > 0 ? initial : 8);
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.length + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(v: number): this {
    this.ensure(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }

  bool(v: boolean): this {
    return this.u8(v ? 1 : 0);
  }

  u16(v: number): this {
    this.ensure(2);
    this.buf[this.length++] = v & 0xff;
    this.buf[this.length++] = (v >>> 8) & 0xff;
    return this;
  }

  u32(v: number): this {
    this.ensure(4);
    const b = this.buf;
    let i = this.length;
    b[i++] = v & 0xff;
    b[i++] = (v >>> 8) & 0xff;
    b[i++] = (v >>> 16) & 0xff;
    b[i++] = (v >>> 24) & 0xff;
    this.length = i;
    return this;
  }

  i32(v: number): this {
    return this.u32(v >>> 0);
  }

  u64(v: bigint): this {
    const u = BigInt.asUintN(64, v);
    this.u32(Number(u & 0xffffffffn));
    return this.u32(Number(u >> 32n));
  }

  i64(v: bigint): this {
    return this.u64(v);
  }

  /** U128/U256/U512 as the node writes them: trailing zero bytes dropped, length byte first. */
  bigUint(v: bigint, maxBytes: number, what = "uint"): this {
    if (v < 0n || v >> BigInt(maxBytes * 8) !== 0n) {
      throw new RangeError(`${what} ${v} does not fit in ${maxBytes * 8} bits`);
    }
    const start = this.length;
    this.ensure(1 + maxBytes);
    let n = 0;
    // numbers below 2^53 avoid BigInt arithmetic
    if (v <= 0x1fffffffffffffn) {
      let x = Number(v);
      while (x > 0) {
        this.buf[start + 1 + n++] = x % 256;
        x = Math.floor(x / 256);
      }
    } else {
      while (v > 0n) {
        this.buf[start + 1 + n++] = Number(v & 0xffn);
        v >>= 8n;
      }
    }
    this.buf[start] = n;
    this.length = start + 1 + n;
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
