// Hex helpers used everywhere keys are printed or used as map ids; a lookup table keeps them fast.

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

// Node's Buffer writes hex natively as one flat string: about twice as fast as the table once the
// string is used as a map id, and none of the 2-character pieces a JavaScript loop concatenates (a
// few hundred bytes of garbage per 32-byte key, on every state read and write). Very short arrays and
// hosts without Buffer use the table; both give the same lowercase text.
const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

export function toHex(bytes: Uint8Array): string {
  if (NodeBuffer !== undefined && bytes.length >= 8) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]];
  return out;
}

const memo = new WeakMap<Uint8Array, string>();

/** toHex, remembered per array: for byte arrays that are values in state and get compared often. */
export function hexOf(bytes: Uint8Array): string {
  let h = memo.get(bytes);
  if (h === undefined) {
    h = toHex(bytes);
    memo.set(bytes, h);
  }
  return h;
}

export function fromHex(hex: string, what = "hex"): Uint8Array {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new Error(`invalid ${what}: expected an even number of hex digits, got "${hex}"`);
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lexicographic byte order, the order of Rust's `Ord` for byte arrays and BTreeMap keys. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
