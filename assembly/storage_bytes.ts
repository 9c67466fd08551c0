// storage, continued: values given as bytes with a CLType of the caller's choice (a prebuilt CLValue,
// or bytes the contract serialized itself), dictionaries keyed by bytes rather than by a string, the
// address of a dictionary item as a Key, and a typed value read by named key in one call.
// casper-node v1.5.8 smart_contracts/contract/src/contract_api/storage.rs and types/src/key.rs.
import * as env from "./env";
import { ApiError, revert, unwrapOrRevert } from "./errors";
import { Writer } from "./bytes/writer";
import { HOST_OUT } from "./bytes/scratch";
import { nameBytes } from "./bytes/names";
import { decodeOrRevert } from "./bytes/codec";
import { CLType } from "./types/cl_type";
import { CLValue } from "./types/cl_value";
import { Key, KeyTag } from "./types/key";
import { URef, UREF_ADDR_LENGTH, UREF_SERIALIZED_LENGTH } from "./types/uref";
import { Option } from "./types/option";
import { clValueBytes, decodeHostBuffer, getKeyNamed } from "./runtime";
import { DICTIONARY_ITEM_KEY_MAX_LENGTH } from "./storage";

const OUT = HOST_OUT;

/** The serialized CLValue of `len` value bytes at `bytes` typed `type`: u32 length, bytes, CLType. */
export function clValueOfBytes(bytes: usize, len: u32, type: CLType): Writer {
  const w = new Writer();
  w.u32(len).bytes(bytes, len);
  type.encode(w);
  return w;
}

/** A new URef (READ_ADD_WRITE) holding the `len` bytes at `bytes` as a value of type `type`. */
export function newURefBytes(bytes: usize, len: u32, type: CLType): URef {
  return newURefFrom(clValueOfBytes(bytes, len, type));
}

/** A new URef holding `value` as it is (its bytes and its CLType). */
export function newURefCLValue(value: CLValue): URef {
  return newURefFrom(clValueOfBytes(value.bytes.ptr, value.bytes.length, value.type));
}

function newURefFrom(v: Writer): URef {
  const out = heap.alloc(UREF_SERIALIZED_LENGTH);
  env.casper_new_uref(out, v.ptr, v.len);
  return decodeOrRevert<URef>(out, UREF_SERIALIZED_LENGTH);
}

/** Writes the `len` bytes at `bytes`, typed `type`, under `uref`. */
export function writeBytes(uref: URef, bytes: usize, len: u32, type: CLType): void {
  writeFrom(uref, clValueOfBytes(bytes, len, type));
}

/** Writes `value` (its bytes and CLType) under `uref`. */
export function writeCLValue(uref: URef, value: CLValue): void {
  writeFrom(uref, clValueOfBytes(value.bytes.ptr, value.bytes.length, value.type));
}

function writeFrom(uref: URef, v: Writer): void {
  const k = Key.uref(uref);
  env.casper_write(k.ptr, k.length, v.ptr, v.len);
}

/**
 * Item keys go to the host as raw UTF-8 of at most 128 bytes: longer reverts with
 * DictionaryItemKeyExceedsLength (36), as Rust's dictionary_get/put do before calling the host; bytes
 * that are not UTF-8 are refused by the host (InvalidDictionaryItemKey, 37).
 */
function checkItemKeyLength(len: u32): void {
  if (len > DICTIONARY_ITEM_KEY_MAX_LENGTH) revert(ApiError.DictionaryItemKeyExceedsLength);
}

/** The value under the item key made of the `keyLength` bytes at `key` in dictionary `seed`, or None. */
export function dictionaryGetAt<V>(seed: URef, key: usize, keyLength: u32): Option<V> {
  checkItemKeyLength(keyLength);
  const status = env.casper_dictionary_get(seed.ptr, UREF_SERIALIZED_LENGTH, key, keyLength, OUT);
  if (status == <i32>ApiError.ValueNotFound) return Option.none<V>();
  unwrapOrRevert(status);
  return Option.some<V>(decodeHostBuffer<V>(load<u32>(OUT)));
}

/** Writes `value` under the item key made of the `keyLength` bytes at `key` in dictionary `seed`. */
export function dictionaryPutAt<V>(seed: URef, key: usize, keyLength: u32, value: V): void {
  dictionaryPutFrom(seed, key, keyLength, clValueBytes<V>(value));
}

/** Writes the `len` bytes at `bytes`, typed `type`, under an item key given as bytes. */
export function dictionaryPutBytesAt(seed: URef, key: usize, keyLength: u32, bytes: usize, len: u32, type: CLType): void {
  dictionaryPutFrom(seed, key, keyLength, clValueOfBytes(bytes, len, type));
}

function dictionaryPutFrom(seed: URef, key: usize, keyLength: u32, v: Writer): void {
  checkItemKeyLength(keyLength);
  unwrapOrRevert(env.casper_dictionary_put(seed.ptr, UREF_SERIALIZED_LENGTH, key, keyLength, v.ptr, v.len));
}

/**
 * Key::Dictionary of an item: blake2b-256 of the seed URef's address followed by the item key's bytes
 * (casper-node v1.5.8 key.rs `Key::dictionary`). What a caller passes to `storage.dictionaryRead`, or a
 * client to state_get_dictionary_item's `Dictionary` identifier.
 */
export function dictionaryKey(seed: URef, key: usize, keyLength: u32): Key {
  const preimage = heap.alloc(UREF_ADDR_LENGTH + keyLength);
  for (let i: u32 = 0; i < UREF_ADDR_LENGTH; i++) store<u8>(preimage + i, load<u8>(seed.ptr + i));
  for (let i: u32 = 0; i < keyLength; i++) store<u8>(preimage + UREF_ADDR_LENGTH + i, load<u8>(key + i));
  const out = heap.alloc(33);
  store<u8>(out, KeyTag.Dictionary);
  env.casper_blake2b(preimage, UREF_ADDR_LENGTH + keyLength, out + 1, 32);
  return changetype<Key>(out);
}

/**
 * The value of type T in the URef named `name` in the current context, as the CEP-18 and
 * casper-event-standard contracts read their state: a missing key reverts with MissingKey (24), a key
 * that is not a URef with UnexpectedKeyVariant (9), no value with None (1), and bytes that are not one T
 * with their bytesrepr error.
 */
// @ts-ignore: decorator
@inline export function readNamed<T>(name: string): T {
  return readNamedAt<T>(nameBytes(name));
}

export function readNamedAt<T>(name: usize): T {
  return readURef<T>(namedURefAt(name));
}

/** The URef named `name` in the current context; reverts with MissingKey (24) or UnexpectedKeyVariant (9). */
export function namedURefAt(name: usize): URef {
  const key = getKeyNamed(name);
  if (key === null) revert(ApiError.MissingKey);
  const uref = key!.intoURef();
  if (uref === null) revert(ApiError.UnexpectedKeyVariant);
  return uref!;
}

/** The value under `uref`: no value reverts with None (1), bytes that are not one T with their bytesrepr error. */
export function readURef<T>(uref: URef): T {
  const k = Key.uref(uref);
  const status = env.casper_read_value(k.ptr, k.length, OUT);
  if (status == <i32>ApiError.ValueNotFound) revert(ApiError.None);
  unwrapOrRevert(status);
  return decodeHostBuffer<T>(load<u32>(OUT));
}
