// What the node needs to rebuild deploy and transaction bytes from a client's JSON: the engine's bytesrepr
// writer, blake2b-256 and hex (re-exported), plus strict hex parsing whose errors name the JSON field.

export { ByteWriter } from "../bytesrepr/writer.ts";
export { blake2b256 } from "../crypto/hash.ts";
export { concatBytes, toHex } from "../bytesrepr/hex.ts";

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
