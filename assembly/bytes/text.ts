// Bytes as text, for dictionary item keys: lowercase hex, standard base64 (with padding) and decimal.
// Item keys reach the host as raw UTF-8 (at most 128 bytes), so these write plain ASCII into a Writer,
// with no length prefix. The forms are the ones Rust contracts use: hex::encode (the hex crate),
// base64::encode (base64 0.20, STANDARD alphabet, padded) and u64::to_string.
import { Writer } from "./writer";

/**
 * Appends the UTF-8 of `s`, no length prefix. Through Writer.string (the one UTF-8 encoder a module
 * carries), then copied without the prefix.
 */
export function writeText(w: Writer, s: string): void {
  const t = new Writer().string(s);
  w.bytes(t.ptr + 4, t.len - 4);
}

/** Appends the lowercase hex of the `n` bytes at `src` (2n characters). */
export function writeHex(w: Writer, src: usize, n: u32): void {
  const out = w.reserve(n << 1);
  for (let i: u32 = 0; i < n; i++) {
    const b = <u32>load<u8>(src + i);
    store<u8>(out + (i << 1), hexDigit(b >> 4));
    store<u8>(out + (i << 1) + 1, hexDigit(b & 15));
  }
}

// Digits come from tables: fewer constants in the code (the build's static-names pass keeps a literal's
// encoder when a number in the code equals the literal's address).
// @ts-ignore: decorator
@inline function hexDigit(d: u32): u8 {
  return load<u8>(memory.data<u8>([48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]) + d);
}

/** Appends the base64 (RFC 4648 standard alphabet, '=' padding) of the `n` bytes at `src`. */
export function writeBase64(w: Writer, src: usize, n: u32): void {
  const out = w.reserve(((n + 2) / 3) << 2);
  let o = out;
  for (let i: u32 = 0; i < n; i += 3) {
    const left = n - i;
    const b0 = <u32>load<u8>(src + i);
    const b1 = left > 1 ? <u32>load<u8>(src + i + 1) : 0;
    const b2 = left > 2 ? <u32>load<u8>(src + i + 2) : 0;
    const triple = (b0 << 16) | (b1 << 8) | b2;
    store<u8>(o, base64Digit(triple >> 18));
    store<u8>(o + 1, base64Digit((triple >> 12) & 63));
    store<u8>(o + 2, left > 1 ? base64Digit((triple >> 6) & 63) : 61); // '='
    store<u8>(o + 3, left > 2 ? base64Digit(triple & 63) : 61);
    o += 4;
  }
}

// @ts-ignore: decorator
@inline function base64Digit(d: u32): u8 {
  // A-Z a-z 0-9 + /
  return load<u8>(memory.data<u8>([
    65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90,
    97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,
    48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 43, 47,
  ]) + d);
}

/** Appends the decimal digits of `v` (no sign, no leading zeros; "0" for 0). */
export function writeDecimal(w: Writer, v: u64): void {
  let digits: u32 = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  const out = w.reserve(digits);
  for (let i = digits; i > 0; i--) {
    store<u8>(out + i - 1, <u8>(0x30 | <u32>(v % 10))); // '0' | digit (an or: a number to the build's static-names pass)
    v /= 10;
  }
}
