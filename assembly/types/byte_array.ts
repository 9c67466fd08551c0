// Fixed-length byte strings: ByteArray(N) of any length, and the 32-byte hashes Casper types as
// ByteArray(32) (AccountHash, ContractHash, ContractPackageHash; casper-node v1.5.8
// types/src/account/account_hash.rs, contracts.rs). The hashes are views: the object's address
// is the first of its 32 bytes, so decoding one from an argument copies nothing.
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { CLTypeTag } from "./cl_type";
import { equalBytes, cloneBytes } from "../bytes/memory";


/** bytesrepr of ByteArray(N): the N bytes, no length. Its CLType carries N. */
@unmanaged
export class ByteArray {
  constructor(public ptr: usize, public length: u32) {}

  /** A copy of `length` bytes at `src`. */
  static copyOf(src: usize, length: u32): ByteArray {
    return new ByteArray(cloneBytes(src, length), length);
  }

  /** Reads exactly `length` bytes (ByteArray(length)) from `r`. */
  static decode(r: Reader, length: u32): ByteArray {
    return new ByteArray(r.take(length), length);
  }

  at(i: u32): u8 {
    if (i >= this.length) unreachable(); // index out of range
    return load<u8>(this.ptr + i);
  }

  equals(other: ByteArray): bool {
    return this.length == other.length && equalBytes(this.ptr, other.ptr, this.length);
  }

  encode(w: Writer): void {
    w.bytes(this.ptr, this.length);
  }

  /** Its CLType: ByteArray(length). A ByteArray's type depends on the value, so it has no
   * type-level descriptor: put it in a CLValue, not inside Option/List/Map (use a hash type there). */
  writeCLTypeOfValue(w: Writer): void {
    w.u8(CLTypeTag.ByteArray).u32(this.length);
  }
}

/** Shared behaviour of the 32-byte hash views. */
@unmanaged
export class Bytes32 {
  // @ts-ignore: decorator
  @inline get ptr(): usize {
    return changetype<usize>(this);
  }

  at(i: u32): u8 {
    if (i >= 32) unreachable(); // index out of range
    return load<u8>(this.ptr + i);
  }

  /** Every 32-byte hash is a ByteArray(32) to the host. */
  cltype(w: Writer): void {
    w.u8(CLTypeTag.ByteArray).u32(32);
  }

  equals(other: Bytes32): bool {
    return equalBytes(this.ptr, other.ptr, 32);
  }

  encode(w: Writer): void {
    w.bytes(this.ptr, 32);
  }

  toByteArray(): ByteArray {
    return new ByteArray(this.ptr, 32);
  }
}

/** Hash of an account's public key (or of a deploy's signer set): ByteArray(32). */
@unmanaged
export class AccountHash extends Bytes32 {
  /** A copy of the 32 bytes at `src`. */
  static fromPtr(src: usize): AccountHash {
    return changetype<AccountHash>(cloneBytes(src, 32));
  }
  // ---- CL value protocol (see bytes/codec.ts; cltype from Bytes32) ----
  decodeFrom(r: Reader): AccountHash {
    return changetype<AccountHash>(r.take(32));
  }
}

/** Address of a stored contract (Key::Hash of it): ByteArray(32). */
@unmanaged
export class ContractHash extends Bytes32 {
  static fromPtr(src: usize): ContractHash {
    return changetype<ContractHash>(cloneBytes(src, 32));
  }
  // ---- CL value protocol (see bytes/codec.ts; cltype from Bytes32) ----
  decodeFrom(r: Reader): ContractHash {
    return changetype<ContractHash>(r.take(32));
  }
}

/** Address of a contract package (its versions): ByteArray(32). */
@unmanaged
export class ContractPackageHash extends Bytes32 {
  static fromPtr(src: usize): ContractPackageHash {
    return changetype<ContractPackageHash>(cloneBytes(src, 32));
  }
  // ---- CL value protocol (see bytes/codec.ts; cltype from Bytes32) ----
  decodeFrom(r: Reader): ContractPackageHash {
    return changetype<ContractPackageHash>(r.take(32));
  }
}

/** A 32-byte blake2b digest (casper-node 2.0 types/src/digest.rs, CLType ByteArray(32)): block and state hashes. */
@unmanaged
export class Digest extends Bytes32 {
  static fromPtr(src: usize): Digest {
    return changetype<Digest>(cloneBytes(src, 32));
  }
  // ---- CL value protocol (see bytes/codec.ts; cltype from Bytes32) ----
  decodeFrom(r: Reader): Digest {
    return changetype<Digest>(r.take(32));
  }
}
