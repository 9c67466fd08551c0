// Byte-level reading and writing for the wasm binary format: LEB128 integers, names, raw bytes.
// The reader reports the offset of whatever it could not read.

import { WasmDecodeError } from "./errors.ts";

// ignoreBOM: a name keeps a leading U+FEFF (wasm names are their UTF-8 bytes, BOM included)
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

export class ByteReader {
  readonly bytes: Uint8Array;
  pos: number;
  /** reading past `end` is an error (a section or body boundary) */
  end: number;

  constructor(bytes: Uint8Array, pos = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = pos;
    this.end = end;
  }

  fail(message: string, at = this.pos): never {
    throw new WasmDecodeError(at, message);
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  u8(what = "byte"): number {
    if (this.pos >= this.end) this.fail(`unexpected end of ${this.endName()} while reading ${what}`);
    return this.bytes[this.pos++];
  }

  private endName(): string {
    return this.end === this.bytes.length ? "input" : "section or function body";
  }

  /** Unsigned LEB128, at most 32 bits (5 bytes, unused high bits zero). */
  u32(what = "u32"): number {
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8(what);
      if (i === 4 && (b & 0xf0) !== 0) this.fail(`${what}: LEB128 value does not fit in 32 bits`, start);
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
    return this.fail(`${what}: LEB128 longer than 5 bytes`, start);
  }

  /** Signed LEB128, 32 bits. */
  s32(what = "i32"): number {
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.u8(what);
      if (i === 4) {
        // the unused bits of the last byte must all equal the sign bit
        const high = b & 0x70;
        const signBit = b & 0x08;
        if ((b & 0x80) !== 0 || (signBit ? high !== 0x70 : high !== 0)) this.fail(`${what}: LEB128 value does not fit in 32 bits`, start);
      }
      result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) {
        if (shift < 32 && (b & 0x40) !== 0) result |= -1 << shift;
        return result | 0;
      }
    }
    return this.fail(`${what}: LEB128 longer than 5 bytes`, start);
  }

  /** Signed LEB128, 33 bits (block types); returned as a JS number. */
  s33(what = "block type"): number {
    const start = this.pos;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.u8(what);
      result += (b & 0x7f) * mul;
      mul *= 128;
      if ((b & 0x80) === 0) {
        if ((b & 0x40) !== 0) result -= mul;
        if (result < -(2 ** 32) || result >= 2 ** 32) this.fail(`${what}: value out of range`, start);
        return result;
      }
    }
    return this.fail(`${what}: LEB128 longer than 5 bytes`, start);
  }

  /** Signed LEB128, 64 bits. */
  s64(what = "i64"): bigint {
    const start = this.pos;
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const b = this.u8(what);
      if (i === 9) {
        // only the lowest bit is significant; the rest must be a sign extension of it
        if ((b & 0x80) !== 0 || (b !== 0x00 && b !== 0x7f)) this.fail(`${what}: LEB128 value does not fit in 64 bits`, start);
      }
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) {
        if (shift < 64n && (b & 0x40) !== 0) result |= -1n << shift;
        return BigInt.asIntN(64, result);
      }
    }
    return this.fail(`${what}: LEB128 longer than 10 bytes`, start);
  }

  take(n: number, what = "bytes"): Uint8Array {
    if (n > this.end - this.pos) this.fail(`unexpected end of ${this.endName()} while reading ${n} ${what}`);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  name(what = "name"): string {
    const start = this.pos;
    const len = this.u32(`${what} length`);
    const raw = this.take(len, what);
    try {
      return utf8.decode(raw);
    } catch {
      return this.fail(`${what} is not valid UTF-8`, start);
    }
  }
}

export class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(initial = 1024) {
    this.buf = new Uint8Array(initial);
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  u8(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  u32(value: number): void {
    let v = value >>> 0;
    this.reserve(5);
    do {
      let b = v & 0x7f;
      v >>>= 7;
      if (v !== 0) b |= 0x80;
      this.buf[this.length++] = b;
    } while (v !== 0);
  }

  s32(value: number): void {
    let v = value | 0;
    this.reserve(5);
    for (;;) {
      const b = v & 0x7f;
      v >>= 7;
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.buf[this.length++] = done ? b : b | 0x80;
      if (done) return;
    }
  }

  /** Signed LEB128 of a value in the 33-bit range (block type indices). */
  s33(value: number): void {
    let v = value;
    for (;;) {
      const b = ((v % 128) + 128) % 128;
      v = Math.floor(v / 128);
      const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return;
    }
  }

  s64(value: bigint): void {
    let v = BigInt.asIntN(64, value);
    for (;;) {
      const b = Number(v & 0x7fn);
      v >>= 7n;
      const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
      this.u8(done ? b : b | 0x80);
      if (done) return;
    }
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  name(text: string): void {
    const raw = utf8Encoder.encode(text);
    this.u32(raw.length);
    this.bytes(raw);
  }

  finish(): Uint8Array<ArrayBuffer> {
    return this.buf.slice(0, this.length);
  }
}
