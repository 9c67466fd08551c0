// Map<K, V>: bytesrepr u32 count + (key, value) pairs. Rust's BTreeMap writes its pairs sorted by
// key and, when reading, keeps the last value of a repeated key. This Map does the same for keys
// with an order (integers, bool, strings, Key: see `compare` in bytes/codec.ts); other key types
// (PublicKey, ...) keep the order they were inserted in (insert them sorted for Rust-identical bytes).
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { encode, decode, writeCLType, equals, compare, isOrdered } from "../bytes/codec";
import { CLTypeTag } from "./cl_type";
import { List, MAX_DECODED_BYTES } from "./list";
import { ApiError } from "../errors";
import { Option } from "./option";

@unmanaged
export class Map<K, V> {
  keys: List<K>;
  values: List<V>;

  constructor(capacity: u32 = 4) {
    this.keys = new List<K>(capacity);
    this.values = new List<V>(capacity);
  }

  get size(): u32 {
    return this.keys.length;
  }

  /** Index of `key`, or -1. */
  indexOf(key: K): i32 {
    return this.keys.indexOf(key);
  }

  has(key: K): bool {
    return this.indexOf(key) >= 0;
  }

  get(key: K): Option<V> {
    const i = this.indexOf(key);
    return i < 0 ? Option.none<V>() : Option.some<V>(this.values.at(<u32>i));
  }

  /** Adds or replaces the value of `key`. */
  set(key: K, value: V): Map<K, V> {
    const found = this.indexOf(key);
    if (found >= 0) {
      this.values.set(<u32>found, value);
      return this;
    }
    let at = this.keys.length;
    if (isOrdered<K>()) {
      while (at > 0 && compare<K>(this.keys.at(at - 1), key) > 0) at--;
    }
    this.keys.insert(at, key);
    this.values.insert(at, value);
    return this;
  }

  /** Removes `key` and its value; returns whether it was there. Later pairs keep their order. */
  remove(key: K): bool {
    const found = this.indexOf(key);
    if (found < 0) return false;
    this.keys.removeAt(<u32>found);
    this.values.removeAt(<u32>found);
    return true;
  }

  keyAt(i: u32): K {
    return this.keys.at(i);
  }

  valueAt(i: u32): V {
    return this.values.at(i);
  }

  equals(other: Map<K, V>): bool {
    return this.keys.equals(other.keys) && this.values.equals(other.values);
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    const n = this.keys.length;
    w.u32(n);
    for (let i: u32 = 0; i < n; i++) {
      encode<K>(w, this.keys.at(i));
      encode<V>(w, this.values.at(i));
    }
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.Map);
    writeCLType<K>(w);
    writeCLType<V>(w);
  }
  decodeFrom(r: Reader): Map<K, V> {
    const n = r.u32();
    const map = new Map<K, V>(min(n, r.remaining));
    for (let i: u32 = 0; i < n && r.ok; i++) {
      if (<u64>i * (sizeof<K>() + sizeof<V>()) >= MAX_DECODED_BYTES) {
        r.fail(ApiError.OutOfMemory);
        break;
      }
      const k = decode<K>(r);
      const v = decode<V>(r);
      if (r.ok) map.set(k, v);
    }
    return map;
  }
}
