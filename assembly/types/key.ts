// Key: where a value lives in global state. casper-node v1.5.8 types/src/key.rs: a tag byte, then
// 32 bytes for every variant except URef (33: address + rights) and EraInfo (8: u64 era id).
// SystemContractRegistry, EraSummary, ChainspecRegistry and ChecksumRegistry carry 32 padding
// bytes (zeros when written, ignored when read).
import { ApiError } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { CLTypeTag } from "./cl_type";
import { AccountHash, ContractHash, ContractPackageHash } from "./byte_array";
import { URef, UREF_SERIALIZED_LENGTH } from "./uref";
import { copyBytes, equalBytes, cloneBytes } from "../bytes/memory";

export namespace KeyTag {
  export const Account: u8 = 0;
  export const Hash: u8 = 1;
  export const URef: u8 = 2;
  export const Transfer: u8 = 3;
  export const DeployInfo: u8 = 4;
  export const EraInfo: u8 = 5;
  export const Balance: u8 = 6;
  export const Bid: u8 = 7;
  export const Withdraw: u8 = 8;
  export const Dictionary: u8 = 9;
  export const SystemContractRegistry: u8 = 10;
  export const EraSummary: u8 = 11;
  export const Unbond: u8 = 12;
  export const ChainspecRegistry: u8 = 13;
  export const ChecksumRegistry: u8 = 14;
}

/** Payload bytes after the tag of a Key with this (valid) tag. */
export function keyPayloadLength(tag: u8): u32 {
  if (tag == KeyTag.URef) return UREF_SERIALIZED_LENGTH;
  if (tag == KeyTag.EraInfo) return 8;
  return 32;
}

function isSingleton(tag: u8): bool {
  return (
    tag == KeyTag.SystemContractRegistry ||
    tag == KeyTag.EraSummary ||
    tag == KeyTag.ChainspecRegistry ||
    tag == KeyTag.ChecksumRegistry
  );
}

function isZero32(p: usize): bool {
  for (let i: usize = 0; i < 32; i += 8) if (load<u64>(p + i) != 0) return false;
  return true;
}

/** The longest serialized Key (URef): 34 bytes. */
export const KEY_MAX_SERIALIZED_LENGTH: u32 = 34;

/** A view on a serialized Key (tag, payload). */
@unmanaged
export class Key {
  /** A Key with tag `tag` and a copy of its payload from `payload`. */
  static fromPayload(tag: u8, payload: usize): Key {
    const n = keyPayloadLength(tag);
    const p = heap.alloc(1 + n);
    store<u8>(p, tag);
    copyBytes(p + 1, payload, n);
    return changetype<Key>(p);
  }

  static account(hash: AccountHash): Key {
    return Key.fromPayload(KeyTag.Account, hash.ptr);
  }
  /** Key::Hash of a stored contract, as Rust's `Key::from(ContractHash)`. */
  static hash(hash: ContractHash): Key {
    return Key.fromPayload(KeyTag.Hash, hash.ptr);
  }
  /** Key::Hash of a contract package. */
  static packageHash(hash: ContractPackageHash): Key {
    return Key.fromPayload(KeyTag.Hash, hash.ptr);
  }
  static uref(uref: URef): Key {
    return Key.fromPayload(KeyTag.URef, uref.ptr);
  }
  static eraInfo(era: u64): Key {
    const p = heap.alloc(9);
    store<u8>(p, KeyTag.EraInfo);
    store<u64>(p + 1, era);
    return changetype<Key>(p);
  }
  /** A variant without meaningful payload (registries, era summary): 32 zero bytes follow. */
  static singleton(tag: u8): Key {
    const p = heap.alloc(33); // zeroed (assembly/rt/casper_heap.ts)
    store<u8>(p, tag);
    return changetype<Key>(p);
  }

  // @ts-ignore: decorator
  @inline get ptr(): usize {
    return changetype<usize>(this);
  }

  get tag(): u8 {
    return load<u8>(this.ptr);
  }

  /** Serialized length (tag + payload). */
  get length(): u32 {
    return 1 + keyPayloadLength(this.tag);
  }

  /** Address of the payload bytes. */
  get payload(): usize {
    return this.ptr + 1;
  }

  isURef(): bool {
    return this.tag == KeyTag.URef;
  }

  /** The account hash of Key::Account, else null. */
  intoAccount(): AccountHash | null {
    return this.tag == KeyTag.Account ? changetype<AccountHash>(this.payload) : null;
  }
  /** The contract hash of Key::Hash, else null. */
  intoHash(): ContractHash | null {
    return this.tag == KeyTag.Hash ? changetype<ContractHash>(this.payload) : null;
  }
  /** The package hash of Key::Hash, else null. */
  intoPackageHash(): ContractPackageHash | null {
    return this.tag == KeyTag.Hash ? changetype<ContractPackageHash>(this.payload) : null;
  }
  /** The URef of Key::URef, else null. */
  intoURef(): URef | null {
    return this.tag == KeyTag.URef ? changetype<URef>(this.payload) : null;
  }

  equals(other: Key): bool {
    const n = this.length;
    return n == other.length && equalBytes(this.ptr, other.ptr, n);
  }

  /**
   * -1, 0 or 1: Rust's derived `Ord` for Key (casper-node v1.5.8 key.rs), which BTreeMap<Key, _> and
   * sorted lists use: the variant (its tag) first, then the payload: EraInfo's u64 by value, the others
   * byte by byte (a URef's address, then its access rights); the payload-less variants are equal.
   */
  compare(other: Key): i32 {
    const a = this.tag;
    const b = other.tag;
    if (a != b) return a < b ? -1 : 1;
    if (a == KeyTag.EraInfo) {
      const x = load<u64>(this.payload);
      const y = load<u64>(other.payload);
      return x == y ? 0 : x < y ? -1 : 1;
    }
    if (isSingleton(a)) return 0;
    const n = keyPayloadLength(a);
    for (let i: u32 = 1; i <= n; i++) {
      const x = load<u8>(this.ptr + i);
      const y = load<u8>(other.ptr + i);
      if (x != y) return x < y ? -1 : 1;
    }
    return 0;
  }

  /** A copy that does not share memory with the bytes it was decoded from. */
  clone(): Key {
    return changetype<Key>(cloneBytes(this.ptr, this.length));
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    w.bytes(this.ptr, this.length);
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.Key);
  }
  decodeFrom(r: Reader): Key {
    const start = r.take(1);
    const tag = load<u8>(start);
    if (r.ok && tag > KeyTag.ChecksumRegistry) {
      r.fail(ApiError.Formatting);
      return changetype<Key>(start);
    }
    const payload = r.take(keyPayloadLength(tag));
    if (r.ok && tag == KeyTag.URef && load<u8>(payload + 32) > 7) r.fail(ApiError.Formatting);
    // Rust drops the padding of payload-less variants: re-encoding writes zeros
    if (isSingleton(tag) && !isZero32(payload)) return Key.singleton(tag);
    return changetype<Key>(start);
  }
}
