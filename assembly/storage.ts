// storage: values in global state, dictionaries, and installing contracts.
// Mirrors casper-node v1.5.8 smart_contracts/contract/src/contract_api/storage.rs, and casper-node 2.0's
// (casper-contract 5.x) for the installs with message topics. Where Rust
// returns `Result<_, ApiError>` these functions return the ApiError code (0 = success) or a
// nullable value; where Rust reverts, they revert with the same code.
import * as env from "./env";
import { ApiError, revert, unwrapOrRevert } from "./errors";
import { Writer } from "./bytes/writer";
import { HOST_OUT } from "./bytes/scratch";
import { nameBytes, nameLength, nameText, nameSerializedLength } from "./bytes/names";
import { ContractHash, ContractPackageHash } from "./types/byte_array";
import { Key, KeyTag } from "./types/key";
import { URef, AccessRights, UREF_SERIALIZED_LENGTH } from "./types/uref";
import { List } from "./types/list";
import { Map } from "./types/map";
import { NamedKeys } from "./types/named_keys";
import { Option } from "./types/option";
import { Result } from "./types/result";
import { EntryPoints, EntityEntryPoints } from "./types/entry_points";
import { MessageTopics } from "./types/message_topics";
import { clValueBytes, decodeOrRevert, decodeHostBuffer, hasKeyNamed, putKeyNamed, getKeyNamed } from "./runtime";

/** Longest dictionary item key, in bytes (casper-node v1.5.8 key.rs DICTIONARY_ITEM_KEY_MAX_LENGTH). */
export const DICTIONARY_ITEM_KEY_MAX_LENGTH: u32 = 128;

const OUT = HOST_OUT;

/** A contract just stored: its hash and its version number in the package. */
@unmanaged
export class NewContract {
  constructor(public contractHash: ContractHash, public contractVersion: u32) {}
}

/** A package just created: its hash and the URef that grants the right to add versions. */
@unmanaged
export class NewPackage {
  constructor(public packageHash: ContractPackageHash, public accessURef: URef) {}
}

function keyBytes(key: Key): Writer {
  const w = new Writer();
  key.encode(w);
  return w;
}

/**
 * Reads the value under `key`: None when there is none. `failCode` 0 reverts a value that is not
 * a T with its bytesrepr error; otherwise with failCode.
 */
function readFromKeyOr<T>(key: Key, failCode: u32): Option<T> {
  const status = env.casper_read_value(key.ptr, key.length, OUT);
  if (status == <i32>ApiError.ValueNotFound) return Option.none<T>();
  unwrapOrRevert(status);
  return Option.some<T>(decodeHostBuffer<T>(load<u32>(OUT), failCode));
}

/** The value under `key`; reverts (bytesrepr error) when it is not a T. */
export function readFromKey<T>(key: Key): Option<T> {
  return readFromKeyOr<T>(key, 0);
}

/** The value under `uref`; reverts (bytesrepr error) when it is not a T. */
export function read<T>(uref: URef): Option<T> {
  return readFromKeyOr<T>(Key.uref(uref), 0);
}

/** The value under `uref`: reverts with Read (5) when it is not a T, ValueNotFound (6) when absent. */
export function readOrRevert<T>(uref: URef): T {
  return readFromKeyOr<T>(Key.uref(uref), ApiError.Read).unwrapOrRevertWith(ApiError.ValueNotFound);
}

/** Writes `value` under `uref`. */
export function write<T>(uref: URef, value: T): void {
  const k = Key.uref(uref);
  const v = clValueBytes<T>(value);
  env.casper_write(k.ptr, k.length, v.ptr, v.len);
}

/** Adds `value` to the value under `uref` (numbers add, named keys merge). */
export function add<T>(uref: URef, value: T): void {
  const k = Key.uref(uref);
  const v = clValueBytes<T>(value);
  env.casper_add(k.ptr, k.length, v.ptr, v.len);
}

/** A new URef (READ_ADD_WRITE) holding `init`. */
export function newURef<T>(init: T): URef {
  const v = clValueBytes<T>(init);
  const out = heap.alloc(UREF_SERIALIZED_LENGTH);
  env.casper_new_uref(out, v.ptr, v.len);
  return decodeOrRevert<URef>(out, UREF_SERIALIZED_LENGTH);
}

/** A new, empty contract package (unlocked: versions can be added later). */
export function createContractPackageAtHash(): NewPackage {
  return createContractPackage(false);
}

function createContractPackage(locked: bool): NewPackage {
  const hash = heap.alloc(64);
  const access = hash + 32;
  env.casper_create_contract_package_at_hash(hash, access, locked ? 1 : 0);
  return new NewPackage(changetype<ContractPackageHash>(hash), URef.new(access, AccessRights.READ_ADD_WRITE));
}

/** Adds a contract version with `entryPoints` and `namedKeys` to the package; reverts on failure. */
export function addContractVersion(
  packageHash: ContractPackageHash,
  entryPoints: EntryPoints,
  namedKeys: NamedKeys,
): NewContract {
  const nks = new Writer();
  namedKeys.encode(nks);
  return addContractVersionBytes(packageHash, entryPoints, nks);
}

function addContractVersionBytes(packageHash: ContractPackageHash, entryPoints: EntryPoints, namedKeys: Writer): NewContract {
  const eps = entryPoints.bytes;
  const hash = heap.alloc(32);
  // OUT: the new version (u32). The hash is the 32 bytes at `hash`, whatever `bytes_written` (OUT + 4)
  // says: casper-node 2.0 never writes it (runtime/mod.rs add_contract_version_by_contract_package;
  // 1.5.8 writes 32), so casper-contract 5.x reads a fixed 32 bytes too (contract_api/storage.rs).
  unwrapOrRevert(
    env.casper_add_contract_version(packageHash.ptr, 32, OUT, eps.ptr, eps.len, namedKeys.ptr, namedKeys.len, hash, 32, OUT + 4),
  );
  return new NewContract(changetype<ContractHash>(hash), load<u32>(OUT));
}

function createContract(namedKeys: Writer, hashName: usize, urefName: usize, entryPoints: EntryPoints, locked: bool): NewContract {
  const pkg = createContractPackage(locked);
  if (hashName != 0) putKeyNamed(hashName, Key.packageHash(pkg.packageHash));
  if (urefName != 0) putKeyNamed(urefName, Key.uref(pkg.accessURef));
  return addContractVersionBytes(pkg.packageHash, entryPoints, namedKeys);
}

function createPackageNamed(locked: bool, hashName: usize, urefName: usize): NewPackage {
  const pkg = createContractPackage(locked);
  if (hashName != 0) putKeyNamed(hashName, Key.packageHash(pkg.packageHash));
  if (urefName != 0) putKeyNamed(urefName, Key.uref(pkg.accessURef));
  return pkg;
}

// ---- 2.x only: installs with message topics (casper-contract 5.x storage.rs add_contract_version) ----

/**
 * Adds a contract version with 2.0-encoded `entryPoints` and registers `messageTopics` (none when null),
 * through `casper_add_contract_version_with_message_topics`; reverts on failure, as Rust does. 2.x only.
 */
export function addContractVersionWithMessageTopics(
  packageHash: ContractPackageHash,
  entryPoints: EntityEntryPoints,
  namedKeys: NamedKeys,
  messageTopics: MessageTopics | null = null,
): NewContract {
  const nks = new Writer();
  namedKeys.encode(nks);
  return addEntityVersion(packageHash, entryPoints, nks, messageTopics, false);
}

/**
 * addContractVersionWithMessageTopics through `casper_add_package_version_with_message_topics`, the
 * import casper-node 2.0 offers for the same install (the same handler in runtime/externals.rs). 2.x only.
 */
export function addPackageVersionWithMessageTopics(
  packageHash: ContractPackageHash,
  entryPoints: EntityEntryPoints,
  namedKeys: NamedKeys,
  messageTopics: MessageTopics | null = null,
): NewContract {
  const nks = new Writer();
  namedKeys.encode(nks);
  return addEntityVersion(packageHash, entryPoints, nks, messageTopics, true);
}

function addEntityVersion(
  packageHash: ContractPackageHash,
  entryPoints: EntityEntryPoints,
  namedKeys: Writer,
  messageTopics: MessageTopics | null,
  viaPackage: bool,
): NewContract {
  const eps = entryPoints.bytes;
  let topics: Writer;
  if (messageTopics === null) topics = new Writer().u32(0);
  else topics = messageTopics.bytes;
  const hash = heap.alloc(32);
  // the host writes the 32-byte hash (BufferTooSmall below 32) and the version at OUT (runtime/externals.rs)
  const status = viaPackage
    ? env.casper_add_package_version_with_message_topics(packageHash.ptr, 32, OUT, eps.ptr, eps.len, namedKeys.ptr, namedKeys.len, topics.ptr, topics.len, hash, 32)
    : env.casper_add_contract_version_with_message_topics(packageHash.ptr, 32, OUT, eps.ptr, eps.len, namedKeys.ptr, namedKeys.len, topics.ptr, topics.len, hash, 32);
  unwrapOrRevert(status);
  return new NewContract(changetype<ContractHash>(hash), load<u32>(OUT));
}

function createEntityContract(
  namedKeys: Writer,
  hashName: usize,
  urefName: usize,
  entryPoints: EntityEntryPoints,
  messageTopics: MessageTopics | null,
  locked: bool,
): NewContract {
  const pkg = createPackageNamed(locked, hashName, urefName);
  return addEntityVersion(pkg.packageHash, entryPoints, namedKeys, messageTopics, false);
}

/**
 * newContract with 2.0-encoded entry points and `messageTopics` registered (casper-contract 5.x
 * `new_contract`): version 1 of a new package that can be upgraded. 2.x only.
 */
// @ts-ignore: decorator
@inline export function newContractWithMessageTopics(
  entryPoints: EntityEntryPoints,
  namedKeys: NamedKeys | null = null,
  hashName: string | null = null,
  urefName: string | null = null,
  messageTopics: MessageTopics | null = null,
): NewContract {
  return createEntityContract(namedKeysBytes(namedKeys), optionalName(hashName), optionalName(urefName), entryPoints, messageTopics, false);
}

/** newLockedContract with 2.0-encoded entry points and `messageTopics` registered. 2.x only. */
// @ts-ignore: decorator
@inline export function newLockedContractWithMessageTopics(
  entryPoints: EntityEntryPoints,
  namedKeys: NamedKeys | null = null,
  hashName: string | null = null,
  urefName: string | null = null,
  messageTopics: MessageTopics | null = null,
): NewContract {
  return createEntityContract(namedKeysBytes(namedKeys), optionalName(hashName), optionalName(urefName), entryPoints, messageTopics, true);
}

// The public forms are inlined so that arguments left out cost no code in the contract.

/**
 * Stores a new contract (version 1 of a new package that can be upgraded). `hashName` names the
 * package hash and `urefName` its access URef in the current context, when given.
 */
// @ts-ignore: decorator
@inline export function newContract(
  entryPoints: EntryPoints,
  namedKeys: NamedKeys | null = null,
  hashName: string | null = null,
  urefName: string | null = null,
): NewContract {
  return createContract(namedKeysBytes(namedKeys), optionalName(hashName), optionalName(urefName), entryPoints, false);
}

/** Stores a new contract in a locked package: it can never be upgraded. */
// @ts-ignore: decorator
@inline export function newLockedContract(
  entryPoints: EntryPoints,
  namedKeys: NamedKeys | null = null,
  hashName: string | null = null,
  urefName: string | null = null,
): NewContract {
  return createContract(namedKeysBytes(namedKeys), optionalName(hashName), optionalName(urefName), entryPoints, true);
}

// @ts-ignore: decorator
@inline function namedKeysBytes(namedKeys: NamedKeys | null): Writer {
  const w = new Writer();
  if (namedKeys === null) w.zeros(4);
  else namedKeys.encode(w);
  return w;
}

// @ts-ignore: decorator
@inline function optionalName(name: string | null): usize {
  return name === null ? 0 : nameBytes(name);
}

/** Disables a version; returns the ApiError code (0 = done). */
export function disableContractVersion(packageHash: ContractPackageHash, contractHash: ContractHash): u32 {
  return <u32>env.casper_disable_contract_version(packageHash.ptr, 32, contractHash.ptr, 32);
}

/** Enables a disabled version again; returns the ApiError code (0 = done). */
export function enableContractVersion(packageHash: ContractPackageHash, contractHash: ContractHash): u32 {
  return <u32>env.casper_enable_contract_version(packageHash.ptr, 32, contractHash.ptr, 32);
}

/** Creates user group `label` with `numNewURefs` new URefs plus `existing`; returns the new URefs. */
// @ts-ignore: decorator
@inline export function createContractUserGroup(
  packageHash: ContractPackageHash,
  label: string,
  numNewURefs: u8,
  existing: List<URef>,
): List<URef> {
  return createContractUserGroupNamed(packageHash, nameBytes(label), numNewURefs, existing);
}

export function createContractUserGroupNamed(
  packageHash: ContractPackageHash,
  label: usize,
  numNewURefs: u8,
  existing: List<URef>,
): List<URef> {
  const ex = new Writer();
  existing.encode(ex);
  unwrapOrRevert(
    env.casper_create_contract_user_group(packageHash.ptr, 32, label, nameSerializedLength(label), numNewURefs, ex.ptr, ex.len, OUT),
  );
  return decodeHostBuffer<List<URef>>(load<u32>(OUT));
}

/** A new URef in group `label`: Ok(URef), or Err(ApiError code) when the host refuses. */
// @ts-ignore: decorator
@inline export function provisionContractUserGroupURef(packageHash: ContractPackageHash, label: string): Result<URef, u32> {
  return provisionContractUserGroupURefNamed(packageHash, nameBytes(label));
}

export function provisionContractUserGroupURefNamed(packageHash: ContractPackageHash, label: usize): Result<URef, u32> {
  const status = env.casper_provision_contract_user_group_uref(packageHash.ptr, 32, label, nameSerializedLength(label), OUT);
  if (status != 0) return Result.err<URef, u32>(ApiError.fromHost(<u32>status));
  return Result.ok<URef, u32>(decodeHostBuffer<URef>(load<u32>(OUT)));
}

/** Removes `urefs` from group `label`; returns the ApiError code (0 = done). */
// @ts-ignore: decorator
@inline export function removeContractUserGroupURefs(packageHash: ContractPackageHash, label: string, urefs: List<URef>): u32 {
  return removeContractUserGroupURefsNamed(packageHash, nameBytes(label), urefs);
}

export function removeContractUserGroupURefsNamed(packageHash: ContractPackageHash, label: usize, urefs: List<URef>): u32 {
  const u = new Writer();
  urefs.encode(u);
  const status = env.casper_remove_contract_user_group_urefs(packageHash.ptr, 32, label, nameSerializedLength(label), u.ptr, u.len);
  return status == 0 ? 0 : ApiError.fromHost(<u32>status);
}

/** Removes group `label`; returns the ApiError code (0 = done). */
// @ts-ignore: decorator
@inline export function removeContractUserGroup(packageHash: ContractPackageHash, label: string): u32 {
  return removeContractUserGroupNamed(packageHash, nameBytes(label));
}

export function removeContractUserGroupNamed(packageHash: ContractPackageHash, label: usize): u32 {
  const status = env.casper_remove_contract_user_group(packageHash.ptr, 32, label, nameSerializedLength(label));
  return status == 0 ? 0 : ApiError.fromHost(<u32>status);
}

/**
 * A new dictionary, its seed URef stored under `name` in the current context: Ok(URef), or
 * Err(InvalidArgument) when `name` is empty or already taken, as Rust; Err(host error) otherwise.
 */
// @ts-ignore: decorator
@inline export function newDictionary(name: string): Result<URef, u32> {
  return newDictionaryNamed(nameBytes(name));
}

export function newDictionaryNamed(name: usize): Result<URef, u32> {
  if (nameLength(name) == 0 || hasKeyNamed(name)) return Result.err<URef, u32>(ApiError.InvalidArgument);
  const status = env.casper_new_dictionary(OUT);
  if (status != 0) return Result.err<URef, u32>(ApiError.fromHost(<u32>status));
  const uref = decodeHostBuffer<URef>(load<u32>(OUT));
  putKeyNamed(name, Key.uref(uref));
  return Result.ok<URef, u32>(uref);
}

/** Dictionary item keys go to the host as raw UTF-8, at most 128 bytes. */
function checkItemKey(key: usize): void {
  if (nameLength(key) > DICTIONARY_ITEM_KEY_MAX_LENGTH) revert(ApiError.DictionaryItemKeyExceedsLength);
}

/** The value under `key` in the dictionary `seed`, or None; reverts when it is not a V. */
// @ts-ignore: decorator
@inline export function dictionaryGet<V>(seed: URef, key: string): Option<V> {
  return dictionaryGetNamed<V>(seed, nameBytes(key));
}

export function dictionaryGetNamed<V>(seed: URef, key: usize): Option<V> {
  checkItemKey(key);
  const status = env.casper_dictionary_get(seed.ptr, UREF_SERIALIZED_LENGTH, nameText(key), nameLength(key), OUT);
  if (status == <i32>ApiError.ValueNotFound) return Option.none<V>();
  unwrapOrRevert(status);
  return Option.some<V>(decodeHostBuffer<V>(load<u32>(OUT)));
}

/** Writes `value` under `key` in the dictionary `seed`; reverts on failure. */
// @ts-ignore: decorator
@inline export function dictionaryPut<V>(seed: URef, key: string, value: V): void {
  dictionaryPutNamed<V>(seed, nameBytes(key), value);
}

export function dictionaryPutNamed<V>(seed: URef, key: usize, value: V): void {
  checkItemKey(key);
  const v = clValueBytes<V>(value);
  unwrapOrRevert(env.casper_dictionary_put(seed.ptr, UREF_SERIALIZED_LENGTH, nameText(key), nameLength(key), v.ptr, v.len));
}

/** The value under a Key::Dictionary; reverts with UnexpectedKeyVariant (9) for other keys. */
export function dictionaryRead<T>(key: Key): Option<T> {
  if (key.tag != KeyTag.Dictionary) revert(ApiError.UnexpectedKeyVariant);
  const status = env.casper_dictionary_read(key.ptr, key.length, OUT);
  if (status == <i32>ApiError.ValueNotFound) return Option.none<T>();
  unwrapOrRevert(status);
  return Option.some<T>(decodeHostBuffer<T>(load<u32>(OUT)));
}

function namedURef(name: usize): URef {
  const key = getKeyNamed(name);
  if (key === null) revert(ApiError.GetKey);
  const uref = key!.intoURef();
  if (uref === null) revert(ApiError.UnexpectedKeyVariant);
  return uref!;
}

/** dictionaryGet on the dictionary named `dictionaryName` in the current context. */
// @ts-ignore: decorator
@inline export function namedDictionaryGet<V>(dictionaryName: string, key: string): Option<V> {
  return dictionaryGetNamed<V>(namedURef(nameBytes(dictionaryName)), nameBytes(key));
}

/** dictionaryPut on the dictionary named `dictionaryName` in the current context. */
// @ts-ignore: decorator
@inline export function namedDictionaryPut<V>(dictionaryName: string, key: string, value: V): void {
  dictionaryPutNamed<V>(namedURef(nameBytes(dictionaryName)), nameBytes(key), value);
}
