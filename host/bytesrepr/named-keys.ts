// NamedKeys = BTreeMap<String, Key> (contracts.rs): u32 count then (name, key) pairs, sorted by name
// when written; a later duplicate replaces an earlier one when read.

import { type Key, readKey, writeKey } from "./key.ts";
import { ByteReader, decodeAll } from "./reader.ts";
import { compareRustStrings, utf8Length } from "./utf8.ts";
import { ByteWriter, encodeWith } from "./writer.ts";

export type NamedKeys = ReadonlyMap<string, Key>;

export function readNamedKeys(r: ByteReader, what = "NamedKeys"): Map<string, Key> {
  const n = r.u32(`${what}.length`);
  const out = new Map<string, Key>();
  for (let i = 0; i < n; i++) {
    const name = r.string(`${what} name`);
    out.set(name, readKey(r, `${what}[${name}]`));
  }
  return out;
}

export function sortedNames(nk: NamedKeys): string[] {
  return [...nk.keys()].sort(compareRustStrings);
}

export function writeNamedKeys(w: ByteWriter, nk: NamedKeys): void {
  w.u32(nk.size);
  for (const name of sortedNames(nk)) {
    w.string(name);
    writeKey(w, nk.get(name)!);
  }
}

/** `serialized_length()` of the named keys, counted without encoding them (the storage gas of an account write). */
export function namedKeysSerializedLength(nk: NamedKeys): number {
  let n = 4;
  for (const [name, key] of nk) n += 4 + utf8Length(name) + 1 + key.data.length; // writeKey: tag + data
  return n;
}

export const encodeNamedKeys = (nk: NamedKeys): Uint8Array => encodeWith((w) => writeNamedKeys(w, nk), 64 * (nk.size + 1));
export const decodeNamedKeys = (bytes: Uint8Array): Map<string, Key> => decodeAll(bytes, "NamedKeys", (r) => readNamedKeys(r));
