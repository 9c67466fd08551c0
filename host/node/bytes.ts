// Casper `bytesrepr` writing, as the node needs it to recompute deploy and transaction hashes from the
// JSON a client sends. Little-endian integers, u32 length prefixes, blake2b-256 digests
// (casper-node v1.5.8 types/src/bytesrepr.rs, hashing/src/lib.rs).
import { blake2b } from "@noble/hashes/blake2b";

/** Appends Casper byte encodings to a growing buffer. */
export class ByteWriter {
  private parts: Uint8Array[] = [];
  private size = 0;

  raw(bytes: Uint8Array): this {
    this.parts.push(bytes);
    this.size += bytes.length;
    return this;
  }

  u8(value: number): this {
    return this.raw(Uint8Array.of(value & 0xff));
  }

  bool(value: boolean): this {
    return this.u8(value ? 1 : 0);
  }

  u16(value: number): this {
    const b = new Uint8Array(2);
    new DataView(b.buffer).setUint16(0, value, true);
    return this.raw(b);
  }

  u32(value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value, true);
    return this.raw(b);
  }

  u64(value: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, value, true);
    return this.raw(b);
  }

  /** `Bytes` / `Vec<u8>`: u32 length then the bytes. */
  bytes(value: Uint8Array): this {
    return this.u32(value.length).raw(value);
  }

  /** `String`: u32 byte length then UTF-8. */
  string(value: string): this {
    return this.bytes(new TextEncoder().encode(value));
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

export function blake2b256(data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: 32 });
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** Strict lower/upper-case hex decoding; `what` names the field in the error. */
export function fromHex(hex: unknown, what: string, expectedLength?: number): Uint8Array {
  if (typeof hex !== "string") throw new TypeError(`${what}: expected a hex string, got ${describe(hex)}`);
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new TypeError(`${what}: '${shorten(hex)}' is not valid hex`);
  }
  const bytes = new Uint8Array(Buffer.from(hex, "hex"));
  if (expectedLength !== undefined && bytes.length !== expectedLength) {
    throw new TypeError(`${what}: expected ${expectedLength} bytes, got ${bytes.length}`);
  }
  return bytes;
}

export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string '${shorten(value)}'`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

export function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  for (const p of parts) w.raw(p);
  return w.toBytes();
}
