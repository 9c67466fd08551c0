// runtime: arguments, named keys, calling other contracts, returning and reverting.
// Mirrors casper-node v1.5.8 smart_contracts/contract/src/contract_api/runtime.rs, including which
// failures revert with which ApiError, and casper-node 2.0's for what 2.x adds: callPackageVersion here;
// messages (messages.ts), block info (block_info.ts) and caller information (caller.ts), re-exported below.
import * as env from "./env";
import { ApiError, revert, unwrapOrRevert } from "./errors";
import { Writer } from "./bytes/writer";
import { nameBytes, nameLength, nameText, nameSerializedLength } from "./bytes/names";
import { Reader } from "./bytes/reader";
import { HOST_OUT } from "./bytes/scratch";
import { encode, decodeOrRevert } from "./bytes/codec";
import { ByteArray, AccountHash, ContractHash, ContractPackageHash } from "./types/byte_array";
import { Key, KEY_MAX_SERIALIZED_LENGTH } from "./types/key";
import { URef } from "./types/uref";
import { List } from "./types/list";
import { Map } from "./types/map";
import { NamedKeys } from "./types/named_keys";
import { Option } from "./types/option";
import { CLValue, writeCLTypeOfValue } from "./types/cl_value";
import { RuntimeArgs } from "./types/runtime_args";

export { revert };

/** Execution phase (casper-node v1.5.8 types/src/phase.rs). */
export namespace Phase {
  export const System: u8 = 0;
  export const Payment: u8 = 1;
  export const Session: u8 = 2;
  export const FinalizePayment: u8 = 3;
}

/** Scratch for the u32 sizes host functions write back (single-threaded, used right away). */
const OUT = HOST_OUT;


export { decodeOrRevert };

// 2.x additions that Rust keeps in contract_api/runtime.rs, each in its own file
export { emitMessage, emitMessageNamed, manageMessageTopic, manageMessageTopicNamed } from "./messages";
export { BlockInfoField, getBlockHeight, getParentBlockHash, getStateHash, getProtocolVersion, getAddressableEntity } from "./block_info";
export {
  CallerAction,
  getCallStack,
  getImmediateCaller,
  getImmediateCallerKey,
  loadCallerInformation,
  getCallStackInfo,
  getImmediateCallerInfo,
  getCallInitiator,
} from "./caller";

// Names: host functions take a bytesrepr String (length + UTF-8), except the argument functions,
// which take the raw UTF-8 (casper-node v1.5.8 runtime/externals.rs). Functions with a name
// parameter are inlined wrappers, so that a literal name reaches `nameBytes` as a constant the
// build can pre-encode (bytes/names.ts); the work is in the `...Named` functions they call.

/** Copies `size` bytes out of the host buffer (what the previous host call left there). */
export function readHostBuffer(size: u32): ByteArray {
  return new ByteArray(readHostBufferAt(size), size);
}

function readHostBufferAt(size: u32): usize {
  const dest = heap.alloc(size);
  unwrapOrRevert(env.casper_read_host_buffer(dest, size, OUT));
  return dest;
}

/** The `size` bytes the previous host call left in the host buffer, decoded as T (decodeOrRevert). */
export function decodeHostBuffer<T>(size: u32, failCode: u32 = 0): T {
  return decodeOrRevert<T>(readHostBufferAt(size), size, failCode);
}

/** Size of argument `name`, or -1 when the caller did not pass it. */
// @ts-ignore: decorator
@inline export function getNamedArgSize(name: string): i32 {
  return namedArgSize(nameBytes(name));
}

export function namedArgSize(name: usize): i32 {
  const status = env.casper_get_named_arg_size(nameText(name), nameLength(name), OUT);
  if (status == <i32>ApiError.MissingArgument) return -1;
  unwrapOrRevert(status);
  return load<i32>(OUT);
}

/**
 * Reads argument `name` into a new block (its size left in OUT); reverts when absent with
 * MissingArgument (2): the host's status for it, which unwrapOrRevert keeps.
 */
// @ts-ignore: decorator (inlined around readNamedArgText: a literal name's text and length are then constants)
@inline function readNamedArg(name: usize): usize {
  return readNamedArgText(nameText(name), nameLength(name));
}

function readNamedArgText(text: usize, length: u32): usize {
  unwrapOrRevert(env.casper_get_named_arg_size(text, length, OUT));
  const size = load<u32>(OUT);
  const dest = heap.alloc(size);
  // Rust skips the host call for an empty argument
  if (size > 0) unwrapOrRevert(env.casper_get_named_arg(text, length, dest, size));
  return dest;
}

/** The raw bytes of argument `name`; reverts with MissingArgument (2) when absent. */
// @ts-ignore: decorator
@inline export function getNamedArgBytes(name: string): ByteArray {
  return namedArgBytes(nameBytes(name));
}

export function namedArgBytes(name: usize): ByteArray {
  const p = readNamedArg(name);
  return new ByteArray(p, load<u32>(OUT));
}

/**
 * Argument `name` decoded as T, like Rust's `runtime::get_named_arg`: reverts with
 * MissingArgument (2) when absent and InvalidArgument (3) when the bytes are not exactly one T.
 */
// @ts-ignore: decorator
@inline export function getNamedArg<T>(name: string): T {
  return namedArg<T>(nameBytes(name));
}

// @ts-ignore: decorator
@inline export function namedArg<T>(name: usize): T {
  const p = readNamedArg(name);
  return decodeOrRevert<T>(p, load<u32>(OUT), ApiError.InvalidArgument);
}

/** The serialized CLValue of `value` (u32 length, bytes, CLType) in a fresh Writer. */
export function clValueBytes<T>(value: T): Writer {
  const w = new Writer();
  w.zeros(4);
  encode<T>(w, value);
  w.patchU32(0, w.len - 4);
  writeCLTypeOfValue<T>(w, value);
  return w;
}

/** Ends this entry point returning `value` to the caller (a stored contract's result). */
export function ret<T>(value: T): void {
  const w = clValueBytes<T>(value);
  env.casper_ret(w.ptr, w.len);
  unreachable();
}

export function retCLValue(value: CLValue): void {
  const w = new Writer();
  value.encode(w);
  env.casper_ret(w.ptr, w.len);
  unreachable();
}

/** Decodes a called contract's result of `size` bytes (none: empty), as Rust does. */
function contractResult<T>(size: u32): T {
  // nothing returned: the host buffer stays empty and must not be read (Rust decodes no bytes)
  return decodeOrRevert<T>(size == 0 ? 0 : readHostBufferAt(size), size);
}

/**
 * Calls `entryPoint` of the stored contract `hash` and returns its result as a T (use `Unit` when
 * it returns nothing). Reverts when the call fails or the result is not a T.
 */
// @ts-ignore: decorator
@inline export function callContract<T>(hash: ContractHash, entryPoint: string, args: RuntimeArgs): T {
  return callContractNamed<T>(hash, nameBytes(entryPoint), args);
}

export function callContractNamed<T>(hash: ContractHash, entryPoint: usize, args: RuntimeArgs): T {
  const a = args.bytes;
  unwrapOrRevert(env.casper_call_contract(hash.ptr, 32, entryPoint, nameSerializedLength(entryPoint), a.ptr, a.len, OUT));
  return contractResult<T>(load<u32>(OUT));
}

/** Like callContract, through a package: its latest enabled version, or `version` when Some. */
// @ts-ignore: decorator
@inline export function callVersionedContract<T>(
  packageHash: ContractPackageHash,
  version: Option<u32>,
  entryPoint: string,
  args: RuntimeArgs,
): T {
  return callVersionedContractNamed<T>(packageHash, version, nameBytes(entryPoint), args);
}

export function callVersionedContractNamed<T>(
  packageHash: ContractPackageHash,
  version: Option<u32>,
  entryPoint: usize,
  args: RuntimeArgs,
): T {
  const v = new Writer();
  version.encode(v);
  const a = args.bytes;
  unwrapOrRevert(
    env.casper_call_versioned_contract(
      packageHash.ptr, 32, v.ptr, v.len, entryPoint, nameSerializedLength(entryPoint), a.ptr, a.len, OUT,
    ),
  );
  return contractResult<T>(load<u32>(OUT));
}

/**
 * Like callVersionedContract, for version `contractVersion` of protocol major version `majorVersion`
 * (casper-node 2.0 `call_package_version`: the 2.0 way to call a given version; 2.0 refuses an explicit
 * version in callVersionedContract with UnexpectedContractRefVariant, 10). 2.x only.
 */
// @ts-ignore: decorator
@inline export function callPackageVersion<T>(
  packageHash: ContractPackageHash,
  majorVersion: u32,
  contractVersion: u32,
  entryPoint: string,
  args: RuntimeArgs,
): T {
  return callPackageVersionNamed<T>(packageHash, majorVersion, contractVersion, nameBytes(entryPoint), args);
}

export function callPackageVersionNamed<T>(
  packageHash: ContractPackageHash,
  majorVersion: u32,
  contractVersion: u32,
  entryPoint: usize,
  args: RuntimeArgs,
): T {
  // both versions as bytesrepr u32, as Rust's `to_ptr(major_version)` / `to_ptr(contract_version)`
  const versions = heap.alloc(8);
  store<u32>(versions, majorVersion);
  store<u32>(versions, contractVersion, 4);
  const a = args.bytes;
  unwrapOrRevert(
    env.casper_call_package_version(
      packageHash.ptr, 32, versions, 4, versions + 4, 4, entryPoint, nameSerializedLength(entryPoint), a.ptr, a.len, OUT,
    ),
  );
  return contractResult<T>(load<u32>(OUT));
}

/** The account that signed the deploy (the caller of the current context). */
export function getCaller(): AccountHash {
  unwrapOrRevert(env.casper_get_caller(OUT));
  return decodeHostBuffer<AccountHash>(load<u32>(OUT));
}

/** Block time in milliseconds since the Unix epoch. */
export function getBlocktime(): u64 {
  const p = heap.alloc(8);
  env.casper_get_blocktime(p);
  return load<u64>(p);
}

/** The current Phase. */
export function getPhase(): u8 {
  const p = heap.alloc(1);
  env.casper_get_phase(p);
  const phase = load<u8>(p);
  if (phase > Phase.FinalizePayment) revert(ApiError.Formatting);
  return phase;
}

/** The named key `name` of the current context, or null. */
// @ts-ignore: decorator
@inline export function getKey(name: string): Key | null {
  return getKeyNamed(nameBytes(name));
}

export function getKeyNamed(name: usize): Key | null {
  const buf = heap.alloc(KEY_MAX_SERIALIZED_LENGTH);
  const status = env.casper_get_key(name, nameSerializedLength(name), buf, KEY_MAX_SERIALIZED_LENGTH, OUT);
  if (status == <i32>ApiError.MissingKey) return null;
  unwrapOrRevert(status);
  return decodeOrRevert<Key>(buf, load<u32>(OUT));
}

// @ts-ignore: decorator
@inline export function hasKey(name: string): bool {
  return hasKeyNamed(nameBytes(name));
}

export function hasKeyNamed(name: usize): bool {
  return env.casper_has_key(name, nameSerializedLength(name)) == 0;
}

/** Stores `key` under `name` in the current context's named keys (the account's, in session code). */
// @ts-ignore: decorator
@inline export function putKey(name: string, key: Key): void {
  putKeyNamed(nameBytes(name), key);
}

export function putKeyNamed(name: usize, key: Key): void {
  env.casper_put_key(name, nameSerializedLength(name), key.ptr, key.length);
}

// @ts-ignore: decorator
@inline export function removeKey(name: string): void {
  removeKeyNamed(nameBytes(name));
}

export function removeKeyNamed(name: usize): void {
  env.casper_remove_key(name, nameSerializedLength(name));
}

/** The account hashes that signed the deploy. */
export function listAuthorizationKeys(): List<AccountHash> {
  unwrapOrRevert(env.casper_load_authorization_keys(OUT, OUT + 4));
  if (load<u32>(OUT) == 0) return new List<AccountHash>();
  return decodeHostBuffer<List<AccountHash>>(load<u32>(OUT + 4));
}

/** The current context's named keys, sorted by name. */
export function listNamedKeys(): NamedKeys {
  unwrapOrRevert(env.casper_load_named_keys(OUT, OUT + 4));
  if (load<u32>(OUT) == 0) return new Map<string, Key>();
  return decodeHostBuffer<Map<string, Key>>(load<u32>(OUT + 4));
}

/** Whether the current context holds `uref` with at least its access rights. */
export function isValidURef(uref: URef): bool {
  return env.casper_is_valid_uref(uref.ptr, 33) != 0;
}

/** blake2b-256 of `len` bytes at `ptr`, computed by the host. */
export function blake2b(ptr: usize, len: u32): ByteArray {
  const out = heap.alloc(32);
  unwrapOrRevert(env.casper_blake2b(ptr, len, out, 32));
  return new ByteArray(out, 32);
}

/** 32 pseudo-random bytes from the host. */
export function randomBytes(): ByteArray {
  const out = heap.alloc(32);
  unwrapOrRevert(env.casper_random_bytes(out, 32));
  return new ByteArray(out, 32);
}

/**
 * Prints `text` (captured by the local engine in `result.prints`). For tests only: casper_print is served by
 * casper-node's test-support build alone, so a network refuses a module importing it and `npm run build` does too.
 */
// @ts-ignore: decorator
@inline export function print(text: string): void {
  printNamed(nameBytes(text));
}

export function printNamed(text: usize): void {
  env.casper_print(text, nameSerializedLength(text));
}

