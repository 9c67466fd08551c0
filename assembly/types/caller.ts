// Who called: the call stack's elements and 2.0's caller information.
// - CallStackElement (casper-node v1.5.8 types/src/system/call_stack_element.rs; 2.0
//   types/src/system/caller/call_stack_elements.rs, unchanged): tag 0 Session { account_hash },
//   1 StoredSession { account_hash, contract_package_hash, contract_hash }, 2 StoredContract
//   { contract_package_hash, contract_hash }; CLType Any. What `casper_load_call_stack` returns.
// - CallerInfo (casper-node 2.0 types/src/system/caller.rs): kind u8 + BTreeMap<u8, CLValue> of
//   fields; CLType Any. What the 2.x-only `casper_load_caller_information` returns.
import { ApiError, revert } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { equalBytes } from "../bytes/memory";
import { CLType, CLTypeTag, clTypeLength } from "./cl_type";
import { CLValue } from "./cl_value";
import { ByteArray, AccountHash, ContractHash, ContractPackageHash } from "./byte_array";

export namespace CallStackElementTag {
  export const Session: u8 = 0;
  export const StoredSession: u8 = 1;
  export const StoredContract: u8 = 2;
}

/** A view on a serialized CallStackElement. */
@unmanaged
export class CallStackElement {
  // @ts-ignore: decorator
  @inline get ptr(): usize {
    return changetype<usize>(this);
  }

  get tag(): u8 {
    return load<u8>(this.ptr);
  }

  /** Serialized length: 33 (Session), 97 (StoredSession), 65 (StoredContract). */
  get length(): u32 {
    const tag = this.tag;
    return tag == CallStackElementTag.Session ? 33 : tag == CallStackElementTag.StoredSession ? 97 : 65;
  }

  /** The account of a Session or StoredSession element; null for StoredContract. */
  get accountHash(): AccountHash | null {
    return this.tag == CallStackElementTag.StoredContract ? null : changetype<AccountHash>(this.ptr + 1);
  }

  /** The package of a StoredSession or StoredContract element; null for Session. */
  get contractPackageHash(): ContractPackageHash | null {
    const tag = this.tag;
    if (tag == CallStackElementTag.Session) return null;
    return changetype<ContractPackageHash>(this.ptr + (tag == CallStackElementTag.StoredSession ? 33 : 1));
  }

  /** The contract of a StoredSession or StoredContract element; null for Session. */
  get contractHash(): ContractHash | null {
    const tag = this.tag;
    if (tag == CallStackElementTag.Session) return null;
    return changetype<ContractHash>(this.ptr + (tag == CallStackElementTag.StoredSession ? 65 : 33));
  }

  equals(other: CallStackElement): bool {
    const n = this.length;
    return n == other.length && equalBytes(this.ptr, other.ptr, n);
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    w.bytes(this.ptr, this.length);
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.Any);
  }
  decodeFrom(r: Reader): CallStackElement {
    const start = r.take(1);
    const tag = load<u8>(start);
    if (tag > CallStackElementTag.StoredContract) r.fail(ApiError.Formatting);
    else r.take(changetype<CallStackElement>(start).length - 1);
    return changetype<CallStackElement>(start);
  }
}

/** CallerInfo kinds (casper-node 2.0 caller.rs: the kind is the index of the field that identifies it). */
export namespace CallerInfoKind {
  /** Caller::Initiator: an account */
  export const Account: u8 = 0;
  /** Caller::Entity (addressable entities: not on networks in legacy mode) */
  export const Entity: u8 = 3;
  /** Caller::SmartContract: a stored contract */
  export const Contract: u8 = 4;
}

/** CallerInfo field indices and their values' types (casper-node 2.0 caller.rs). */
export namespace CallerInfoField {
  /** Option<AccountHash> */
  export const Account: u8 = 0;
  /** Option<PackageHash> (ByteArray(32)) */
  export const Package: u8 = 1;
  /** Option<ContractPackageHash> */
  export const ContractPackage: u8 = 2;
  /** Option<EntityAddr> (tag + 32 bytes, CLType Any) */
  export const Entity: u8 = 3;
  /** Option<ContractHash> */
  export const Contract: u8 = 4;
}

/** CLType Option(ByteArray(32)): the type of the hash fields (Option<AccountHash>, Option<ContractHash>, ...). */
// @ts-ignore: decorator
@lazy const OPTION_HASH_TYPE = memory.data<u8>([CLTypeTag.Option, CLTypeTag.ByteArray, 32, 0, 0, 0]);

/** What `optionalHash` found: no such field, a field of another type, None, or Some (the hash's address). */
export namespace FieldHash {
  export const Absent: usize = 0;
  export const Mismatch: usize = 1;
  export const None: usize = 2;
}

/** A view on a serialized CallerInfo: kind, then its fields. */
@unmanaged
export class CallerInfo {
  constructor(private at: usize, private size: u32) {}

  get kind(): u8 {
    return load<u8>(this.at);
  }

  /** Address of field `index`'s serialized CLValue (u32 length, bytes, CLType), or 0. */
  private fieldAt(index: u8): usize {
    // decodeFrom checked the bytes: the walk can trust the lengths and types
    let p = this.at + 5;
    for (let n = load<u32>(this.at + 1); n > 0; n--) {
      const value = p + 1;
      if (load<u8>(p) == index) return value;
      const end = value + 4 + <usize>load<u32>(value);
      p = end + clTypeLength(end);
    }
    return 0;
  }

  /** Field `index` (a CallerInfoField), or null when the caller info has none. */
  field(index: u8): CLValue | null {
    const p = this.fieldAt(index);
    if (p == 0) return null;
    const n = load<u32>(p);
    return new CLValue(new ByteArray(p + 4, n), changetype<CLType>(p + 4 + <usize>n));
  }

  /**
   * A hash field as Rust's `to_t::<Option<…Hash>>()` reads it: FieldHash.Absent, .Mismatch (not an
   * Option<ByteArray(32)>), .None, or the address of the 32 bytes.
   */
  optionalHash(index: u8): usize {
    const p = this.fieldAt(index);
    if (p == 0) return FieldHash.Absent;
    const n = load<u32>(p);
    const tag = load<u8>(p + 4);
    if (!equalBytes(p + 4 + <usize>n, OPTION_HASH_TYPE, 6)) return FieldHash.Mismatch;
    if (n == 1 && tag == 0) return FieldHash.None;
    if (n == 33 && tag == 1) return p + 5;
    return FieldHash.Mismatch;
  }

  /** The account (Initiator); null when the field is None or absent. Reverts with CLTypeMismatch (16) on another type. */
  get accountHash(): AccountHash | null {
    return changetype<AccountHash | null>(hashOrNull(this.optionalHash(CallerInfoField.Account)));
  }

  /** The contract package (SmartContract); null when None or absent. */
  get contractPackageHash(): ContractPackageHash | null {
    return changetype<ContractPackageHash | null>(hashOrNull(this.optionalHash(CallerInfoField.ContractPackage)));
  }

  /** The contract (SmartContract); null when None or absent. */
  get contractHash(): ContractHash | null {
    return changetype<ContractHash | null>(hashOrNull(this.optionalHash(CallerInfoField.Contract)));
  }

  /** The package (Entity: addressable entities), as a 32-byte hash; null when None or absent. */
  get packageHash(): ContractPackageHash | null {
    return changetype<ContractPackageHash | null>(hashOrNull(this.optionalHash(CallerInfoField.Package)));
  }

  equals(other: CallerInfo): bool {
    return this.size == other.size && equalBytes(this.at, other.at, this.size);
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    w.bytes(this.at, this.size);
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.Any);
  }
  decodeFrom(r: Reader): CallerInfo {
    const start = r.pos;
    r.u8(); // kind: any u8 (Rust reads a plain u8)
    for (let n = r.u32(); n > 0 && r.ok; n--) {
      r.u8();
      r.take(r.u32());
      CLType.decode(r);
    }
    return new CallerInfo(start, <u32>(r.pos - start));
  }
}

function hashOrNull(found: usize): usize {
  if (found == FieldHash.Mismatch) revert(ApiError.CLTypeMismatch);
  return found <= FieldHash.None ? 0 : found;
}
