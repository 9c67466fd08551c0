// Strict UTF-8 (Rust's String::from_utf8 rejects invalid sequences with bytesrepr::Error::Formatting)
// and Rust's String ordering (byte-wise on UTF-8), which BTreeMap<String, _> uses when it serializes.

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder("utf-8", { fatal: true });
const lossyDecoder = new TextDecoder("utf-8");

export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Returns undefined when the bytes are not valid UTF-8. */
export function utf8DecodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

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
