// Strict UTF-8 (Rust's String::from_utf8 rejects invalid sequences with bytesrepr::Error::Formatting)
// and Rust's String ordering (byte-wise on UTF-8), which BTreeMap<String, _> uses when it serializes.

const encoder = new TextEncoder();
// ignoreBOM: keep a leading U+FEFF as Rust does (TextDecoder drops it by default, and the string would
// re-encode 3 bytes short)
const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lossyDecoder = new TextDecoder("utf-8", { ignoreBOM: true });

export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Bytes of the string's UTF-8 encoding (without encoding ASCII). */
export function utf8Length(s: string): number {
  return isAscii(s) ? s.length : encoder.encode(s).length;
}

/** Returns undefined when the bytes are not valid UTF-8. */
export function utf8DecodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * utf8DecodeStrict of `length` bytes of `memory` from `start`, without a view into the memory. Short
 * ASCII (a contract's message payloads, names) is read as Latin-1, the same characters, a quarter
 * faster than the decoder; other short strings are copied into a kept array of their length first
 * (decoding a small array of its own takes a third less time than decoding a view into a wasm memory).
 */
export function utf8DecodeStrictAt(memory: Uint8Array, start: number, length: number): string | undefined {
  if (length > SCRATCH_MAX) return utf8DecodeStrict(memory.subarray(start, start + length));
  let high = 0;
  for (let i = 0; i < length; i++) high |= memory[start + i];
  if (high < 0x80 && latin1Slice !== undefined) return latin1Slice.call(memory, start, start + length);
  const scratch = (scratchBySize[length] ??= new Uint8Array(length));
  for (let i = 0; i < length; i++) scratch[i] = memory[start + i];
  return utf8DecodeStrict(scratch);
}
const SCRATCH_MAX = 64;
// Node's own Latin-1 reader (what buf.toString("latin1") runs), applied to a plain Uint8Array; hosts
// without Buffer decode every string
const latin1Slice = (globalThis as { Buffer?: { prototype: { latin1Slice?(this: Uint8Array, start: number, end: number): string } } }).Buffer?.prototype.latin1Slice;
const scratchBySize: Uint8Array[] = [];

/** Like Rust's String::from_utf8_lossy (invalid sequences become U+FFFD). */
export function utf8DecodeLossy(bytes: Uint8Array): string {
  return lossyDecoder.decode(bytes);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Rust `String` Ord: compare the UTF-8 bytes. JS `<` compares UTF-16 units, which differs above U+FFFF. */
export function compareRustStrings(a: string, b: string): number {
  if (isAscii(a) && isAscii(b)) return a < b ? -1 : a > b ? 1 : 0;
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/**
 * Rust's `core::str::Utf8Error` Display for bytes that are not UTF-8 (undefined when they are):
 * "invalid utf-8 sequence of N bytes from index I", or "incomplete utf-8 byte sequence from index I"
 * when the input ends inside a sequence (core/src/str/validations.rs run_utf8_validation).
 */
export function rustUtf8Error(bytes: Uint8Array): string | undefined {
  const cont = (i: number) => i < bytes.length && (bytes[i] & 0xc0) === 0x80;
  let i = 0;
  while (i < bytes.length) {
    const first = bytes[i];
    if (first < 0x80) {
      i++;
      continue;
    }
    const width = first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
    const invalid = (n: number) => `invalid utf-8 sequence of ${n} bytes from index ${i}`;
    const incomplete = `incomplete utf-8 byte sequence from index ${i}`;
    if (width === 0) return invalid(1);
    // the second byte's range depends on the first (overlongs, surrogates, > U+10FFFF)
    const second = bytes[i + 1];
    if (i + 1 >= bytes.length) return incomplete;
    const [lo, hi] = first === 0xe0 ? [0xa0, 0xbf] : first === 0xed ? [0x80, 0x9f] : first === 0xf0 ? [0x90, 0xbf] : first === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (second < lo || second > hi) return invalid(1);
    for (let k = 2; k < width; k++) {
      if (i + k >= bytes.length) return incomplete;
      if (!cont(i + k)) return invalid(k);
    }
    i += width;
  }
  return undefined;
}
