// The installer of a class-form contract (the `call` the build generates), and the install mode the
// contract's state follows while it runs. While the constructor runs the contract does not exist yet:
// the state it creates (fields it sets, dictionaries, event keys) becomes the named keys handed to
// casper_add_contract_version, as Rust installers pass `Some(named_keys)` to `storage::new_contract`.
// Afterwards the same code runs in entry points, where those keys are the contract's own.
// casper-node v1.5.8 contract_api/storage.rs (new_contract, add_contract_version) and cep18 main.rs
// (install_contract, upgrade) are the models.
import * as env from "../env";
import { ApiError, revert, unwrapOrRevert } from "../errors";
import { Writer } from "../bytes/writer";
import { writeText } from "../bytes/text";
import { HOST_OUT } from "../bytes/scratch";
import { ContractHash, ContractPackageHash } from "../types/byte_array";
import { Key, KeyTag } from "../types/key";
import { URef, AccessRights } from "../types/uref";
import { List } from "../types/list";
import { getKeyNamed, putKeyNamed } from "../runtime";
import { newURef, createContractUserGroupNamed, disableContractVersion } from "../storage";
import { MessageTopicOperation } from "../types/message_topics";
import { CASPER_2X } from "../protocol";

const OUT = HOST_OUT;

/** True while the installer runs the contract's constructor. */
let installing: bool = false;
/** The named keys the constructor created: u32 count, then (String name, Key) pairs. */
let pending: Writer | null = null;
/** The message topics the constructor registered (2.x builds): u32 count, then (String name, u8 Add) pairs. */
let pendingTopics: Writer | null = null;

// @ts-ignore: decorator
@inline export function isInstalling(): bool {
  return installing;
}

/** Enters install mode: state created from now on is collected for the new contract. */
export function beginInstall(): void {
  installing = true;
}

/**
 * Leaves install mode; returns the collected named keys, serialized as casper-types' NamedKeys
 * (a BTreeMap<String, Key>: the host sorts it when reading, so their order here does not matter).
 */
export function endInstall(): Writer {
  installing = false;
  let w = pending;
  if (w === null) w = new Writer().zeros(4);
  pending = null;
  return w;
}

/**
 * Puts `key` under `name` in the named keys of the contract: collected for the new contract while
 * installing, the current context's (put_key) otherwise.
 */
export function putContractKey(name: usize, key: Key): void {
  if (!installing) {
    putKeyNamed(name, key);
    return;
  }
  let w = pending;
  if (w === null) {
    w = new Writer().zeros(4);
    pending = w;
  }
  w.name(name);
  key.encode(w);
  w.patchU32(0, load<u32>(w.ptr) + 1);
}

/**
 * Collects message topic `name` (made by nameBytes) for the install: the BTreeMap<String,
 * MessageTopicOperation> add_contract_version_with_message_topics takes (casper-node 2.0
 * contract_messages/topics.rs; the host reads it into a map, so the order does not matter).
 */
export function collectTopic(name: usize): void {
  let w = pendingTopics;
  if (w === null) {
    w = new Writer().zeros(4);
    pendingTopics = w;
  }
  w.name(name).u8(MessageTopicOperation.Add);
  w.patchU32(0, load<u32>(w.ptr) + 1);
}

/** The topics collected while installing (none: an empty map), and forgets them. */
export function endTopics(): Writer {
  let w = pendingTopics;
  if (w === null) w = new Writer().zeros(4);
  pendingTopics = null;
  return w;
}

/** A new package (hash and access URef at `at`, 64 bytes), locked or not. */
export function createPackage(locked: bool): usize {
  const at = heap.alloc(64);
  env.casper_create_contract_package_at_hash(at, at + 32, locked ? 1 : 0);
  return at;
}

// @ts-ignore: decorator
@inline export function packageHashOf(pkg: usize): ContractPackageHash {
  return changetype<ContractPackageHash>(pkg);
}

/** The access URef of a package made by createPackage. */
export function accessURefOf(pkg: usize): URef {
  return URef.new(pkg + 32, AccessRights.READ_ADD_WRITE);
}

/**
 * Adds a version with the entry points serialized at `entryPoints` (`length` bytes, made by the build)
 * and `namedKeys`; returns where the new contract hash is, followed by the version (u32), or reverts
 * with the host's error. The hash is read as the 32 bytes the host writes at the output: casper-node
 * 2.0 leaves `bytes_written` unset (casper-2x.md), 1.5.8 sets it to 32; casper-contract 5.x reads 32.
 */
export function addVersion(packageHash: ContractPackageHash, entryPoints: usize, length: u32, namedKeys: Writer): usize {
  const out = heap.alloc(36);
  unwrapOrRevert(
    env.casper_add_contract_version(packageHash.ptr, 32, out + 32, entryPoints, length, namedKeys.ptr, namedKeys.len, out, 32, OUT),
  );
  return out;
}

/**
 * addVersion for a 2.x build: casper_add_contract_version_with_message_topics (casper-node 2.0
 * runtime/externals.rs), the entry points in 2.0's EntityEntryPoints encoding (each ends with its
 * EntryPointPayment byte, made by the build), `topics` registered for the new version (an upgrade
 * passes none: the host carries the previous version's topics forward, runtime/mod.rs
 * carry_forward_message_topics). The host writes the hash at the output (BufferTooSmall below 32 bytes)
 * and the version at its version pointer. Same result layout as addVersion.
 */
export function addEntityVersion(packageHash: ContractPackageHash, entryPoints: usize, length: u32, namedKeys: Writer, topics: Writer): usize {
  if (!CASPER_2X) ERROR("addEntityVersion is for contracts built for Casper 2.x (casper.build.json protocol 2.0.0)");
  const out = heap.alloc(36);
  unwrapOrRevert(
    env.casper_add_contract_version_with_message_topics(
      packageHash.ptr, 32, out + 32, entryPoints, length, namedKeys.ptr, namedKeys.len, topics.ptr, topics.len, out, 32,
    ),
  );
  return out;
}

// @ts-ignore: decorator
@inline export function contractHashOf(added: usize): ContractHash {
  return changetype<ContractHash>(added);
}

// @ts-ignore: decorator
@inline export function versionOf(added: usize): u32 {
  return load<u32>(added + 32);
}

/** Creates user group `label` in the package with one new URef, and names that URef `keyName` in the current context. */
export function createGroup(packageHash: ContractPackageHash, label: usize, keyName: usize): void {
  const urefs = createContractUserGroupNamed(packageHash, label, 1, new List<URef>());
  putKeyNamed(keyName, Key.uref(urefs.at(0)));
}

/** The hash in the named key `name` (Key::Hash), as cep18's upgrade reads it: missing reverts with None (1), another variant with `code`. */
export function namedHash(name: usize, code: u32): usize {
  const key = getKeyNamed(name);
  if (key === null) revert(ApiError.None);
  if (key!.tag != KeyTag.Hash) revert(code);
  return key!.payload;
}

/**
 * The upgrade path of an upgradable contract whose access key the caller holds: a new version of the
 * same package with the same entry points and no new named keys (the host carries the previous
 * version's named keys over: casper-node v1.5.8 runtime/mod.rs add_contract_version), the previous
 * version disabled when its hash is named, then the named contract hash and version updated, as
 * cep18 main.rs `upgrade`. `contractKey` / `versionKey` are 0 when the contract does not name them.
 */
export function upgrade(packageKey: usize, contractKey: usize, versionKey: usize, hashURefKey: usize, entryPoints: usize, length: u32, code: u32): void {
  const packageHash = changetype<ContractPackageHash>(namedHash(packageKey, code));
  const previous = contractKey != 0 ? namedHash(contractKey, code) : 0;
  // a 2.x build adds its versions as it installs them (entry points in the 2.0 encoding); the topics
  // of the previous version are carried forward by the host
  const added = CASPER_2X
    ? addEntityVersion(packageHash, entryPoints, length, new Writer().zeros(4), new Writer().zeros(4))
    : addVersion(packageHash, entryPoints, length, new Writer().zeros(4));
  if (previous != 0) unwrapOrRevert(<i32>disableContractVersion(packageHash, changetype<ContractHash>(previous)));
  nameInstalled(added, contractKey, versionKey, hashURefKey);
}

/** Names the contract just added in the current context: its hash, its version in a URef, its hash in a URef. */
export function nameInstalled(added: usize, contractKey: usize, versionKey: usize, hashURefKey: usize): void {
  if (contractKey != 0) putKeyNamed(contractKey, Key.hash(contractHashOf(added)));
  if (versionKey != 0) putKeyNamed(versionKey, Key.uref(newURef<u32>(versionOf(added))));
  // Rust's storage::new_uref(contract_hash): CLType ByteArray(32)
  if (hashURefKey != 0) putKeyNamed(hashURefKey, Key.uref(newURef<ContractHash>(contractHashOf(added))));
}

// Named-key names made of literal text and install args ("cep18_contract_package_{name}"), in the form
// nameBytes makes ([u32 length][UTF-8]) without AssemblyScript's string concatenation: the literal parts
// are pre-encoded by the build, the args encoded in place.

/** Starts a name. */
export function nameStart(): Writer {
  return new Writer().zeros(4);
}

/** Appends the text of a name made by nameBytes (a literal part). */
export function nameText(w: Writer, name: usize): Writer {
  return w.bytes(name + 4, load<u32>(name));
}

/** Appends the UTF-8 of `s` (an install arg). */
export function nameArg(w: Writer, s: string): Writer {
  writeText(w, s);
  return w;
}

/** The finished name (as nameBytes makes them). */
export function nameEnd(w: Writer): usize {
  w.patchU32(0, w.len - 4);
  return w.ptr;
}
