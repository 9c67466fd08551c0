// Bytes as text, for dictionary item keys: lowercase hex, standard base64 (with padding) and decimal.
// Item keys reach the host as raw UTF-8 (at most 128 bytes), so these write plain ASCII into a Writer,
// with no length prefix. The forms are the ones Rust contracts use: hex::encode (the hex crate),
// base64::encode (base64 0.20, STANDARD alphabet, padded) and u64::to_string.
import { Writer } from "./writer";

/** Appends the lowercase hex of the `n` bytes at `src` (2n characters). */
export function writeHex(w: Writer, src: usize, n: u32): void {
  const out = w.reserve(n << 1);
  for (let i: u32 = 0; i < n; i++) {
    const b = <u32>load<u8>(src + i);
    store<u8>(out + (i << 1), hexDigit(b >> 4));
    store<u8>(out + (i << 1) + 1, hexDigit(b & 15));
  }
}

// @ts-ignore: decorator
@inline function hexDigit(d: u32): u8 {
  return <u8>(d < 10 ? 48 + d : 87 + d);
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

function base64Digit(d: u32): u8 {
  // A-Z a-z 0-9 + /
  return <u8>(d < 26 ? 65 + d : d < 52 ? 71 + d : d < 62 ? d - 4 : d == 62 ? 43 : 47);
}

/** Appends the decimal digits of `v` (no sign, no leading zeros; "0" for 0). */
export function writeDecimal(w: Writer, v: u64): void {
  let digits: u32 = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  const out = w.reserve(digits);
  for (let i = digits; i > 0; i--) {
    store<u8>(out + i - 1, <u8>(48 + <u32>(v % 10)));
    v /= 10;
  }
}
