// Mapping<K, V, D>: a dictionary of the contract, named after its field, keyed by any CL type K. The item
// key of `key` (what the host and a client's state_get_dictionary_item see) is made by D, one of:
//
//   TextItemKey     a string as it is (UTF-8); an integer in decimal ("42")
//   Base64ItemKey   base64 (standard alphabet, '=' padded) of the key's bytesrepr: cep18 balances.rs
//                   make_dictionary_item_key(owner: Key) and its security_badges
//   HexItemKey      lowercase hex of the key's bytesrepr
//   HashItemKey     lowercase hex of blake2b-256 of the key's bytesrepr: cep18 allowances.rs, with
//                   K = Tuple2<Key, Key> (a tuple's bytesrepr is its fields' one after the other)
//   AutoItemKey     (the default) TextItemKey for strings and integers, Base64ItemKey for the rest
//
// The derivations are fixed: a client computes the same item key from the same key (tests check them
// against casper-js-sdk's bytes and node's base64 / hex / blake2b). An item key longer than 128 bytes
// reverts with DictionaryItemKeyExceedsLength (36): base64 fits keys of up to 96 bytes, hex up to 64,
// HashItemKey any.
import { Writer } from "../bytes/writer";
import { encode } from "../bytes/codec";
import { writeHex, writeBase64, writeDecimal, writeText } from "../bytes/text";
import { readUtf8 } from "../bytes/utf8";
import { Key } from "../types/key";
import { URef } from "../types/uref";
import { Option } from "../types/option";
import { dictionaryGetAt, dictionaryPutAt, dictionaryKey } from "../storage_bytes";
import { NamedSlot, requireURef } from "./state";
import * as env from "../env";

/** The bytesrepr of `key` in a fresh Writer. */
function bytesOf<K>(key: K): Writer {
  const w = new Writer();
  encode<K>(w, key);
  return w;
}

/** A string's UTF-8, an integer's decimal digits. */
function writeTextKey<K>(w: Writer, key: K): void {
  if (isString<K>()) {
    writeText(w, changetype<string>(key));
  } else if (isInteger<K>() && !isBoolean<K>()) {
    if (isSigned<K>() && <i64>key < 0) {
      w.u8(45); // '-'
      writeDecimal(w, <u64>(-<i64>key));
    } else writeDecimal(w, <u64>key);
  } else {
    ERROR("TextItemKey is for strings and integers: pick Base64ItemKey, HexItemKey or HashItemKey");
  }
}

function writeBase64Of<K>(w: Writer, key: K): void {
  const b = bytesOf<K>(key);
  writeBase64(w, b.ptr, b.len);
}

/** Strings as they are, integers in decimal. */
export class TextItemKey {
  write<K>(w: Writer, key: K): void {
    writeTextKey<K>(w, key);
  }
}

/** base64 of the key's bytesrepr. */
export class Base64ItemKey {
  write<K>(w: Writer, key: K): void {
    writeBase64Of<K>(w, key);
  }
}

/** Lowercase hex of the key's bytesrepr. */
export class HexItemKey {
  write<K>(w: Writer, key: K): void {
    const b = bytesOf<K>(key);
    writeHex(w, b.ptr, b.len);
  }
}

/** Lowercase hex of blake2b-256 of the key's bytesrepr (computed by the host). */
export class HashItemKey {
  write<K>(w: Writer, key: K): void {
    const b = bytesOf<K>(key);
    const digest = heap.alloc(32);
    env.casper_blake2b(b.ptr, b.len, digest, 32);
    writeHex(w, digest, 32);
  }
}

/** TextItemKey for strings and integers, Base64ItemKey for any other key type. */
export class AutoItemKey {
  write<K>(w: Writer, key: K): void {
    if (isString<K>() || (isInteger<K>() && !isBoolean<K>())) writeTextKey<K>(w, key);
    else writeBase64Of<K>(w, key);
  }
}

/**
 * A dictionary field. The object is the field's static slot (see state.ts): the dictionary's name and
 * its seed URef once looked up. Reading or writing a Mapping whose dictionary does not exist reverts
 * with MissingKey (24); the installer creates every Mapping field's dictionary.
 */
@unmanaged
export class Mapping<K, V, D> {
  private name: usize;
  private uref: usize;

  /** The seed URef of the dictionary. */
  get seed(): URef {
    return requireURef(changetype<NamedSlot>(this));
  }

  /** The item key of `key` (UTF-8 bytes in a Writer). */
  itemKeyBytes(key: K): Writer {
    const w = new Writer();
    changetype<D>(0).write<K>(w, key);
    return w;
  }

  /** The item key of `key`, as text. */
  itemKey(key: K): string {
    const w = this.itemKeyBytes(key);
    return readUtf8(w.ptr, w.len)!;
  }

  /** The value under `key`, or None. */
  get(key: K): Option<V> {
    const seed = this.seed;
    const k = this.itemKeyBytes(key);
    return dictionaryGetAt<V>(seed, k.ptr, k.len);
  }

  /** The value under `key`, or `fallback` when there is none (Rust's unwrap_or_default with fallback = 0). */
  getOr(key: K, fallback: V): V {
    return this.get(key).unwrapOr(fallback);
  }

  /** The value under `key`; reverts with `code` when there is none. */
  getOrRevert(key: K, code: u32): V {
    return this.get(key).unwrapOrRevertWith(code);
  }

  /** Whether `key` has a value. */
  has(key: K): bool {
    return this.get(key).isSome;
  }

  /** Writes `value` under `key`. */
  set(key: K, value: V): void {
    const seed = this.seed;
    const k = this.itemKeyBytes(key);
    dictionaryPutAt<V>(seed, k.ptr, k.len, value);
  }

  /** Key::Dictionary of `key`'s item: where a client reads it (state_get_dictionary_item, or a query of this key). */
  dictionaryKey(key: K): Key {
    const k = this.itemKeyBytes(key);
    return dictionaryKey(this.seed, k.ptr, k.len);
  }
}

