// PublicKey: tag 0 System (no bytes), 1 Ed25519 (32 bytes), 2 Secp256k1 (33 bytes, compressed).
// casper-node v1.5.8 types/src/crypto/asymmetric_key.rs. Rust also checks that the bytes are a
// valid curve point when decoding (a Rust contract's get_named_arg then reverts InvalidArgument (3));
// decoding here checks tag and length only, because the curve check costs what few contracts want to
// pay (assembly/README.md "PublicKey and the curve": +1,208 B for keys_manager, +2.3 CSPR to install
// it, +2.1 CSPR of gas per Secp256k1 key checked). `isOnCurve()` is that check, for a contract that
// wants it (a key that is no point can never sign, yet its weight would count toward thresholds).
import { ApiError } from "../errors";
import { casper_blake2b } from "../env";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { CLTypeTag } from "./cl_type";
import { checkPrefixedOrRevert, NULL_PAGE } from "../bytes/codec";
import { AccountHash } from "./byte_array";
import { copyBytes, equalBytes } from "../bytes/memory";
import { isSecp256k1Point } from "./secp256k1_point";

export namespace PublicKeyTag {
  export const System: u8 = 0;
  export const Ed25519: u8 = 1;
  export const Secp256k1: u8 = 2;
}

export const ED25519_LENGTH: u32 = 32;
export const SECP256K1_LENGTH: u32 = 33;

/** Raw key bytes after a valid tag: System (0) 0, Ed25519 (1) 32, Secp256k1 (2) 33. */
export function publicKeyRawLength(tag: u32): u32 {
  return tag != 0 ? 31 + tag : 0;
}

/** A view on a serialized PublicKey (tag, raw key). */
@unmanaged
export class PublicKey {
  /** A new key: `tag` (a PublicKeyTag) plus a copy of the raw bytes at `raw`. */
  static fromRaw(tag: u8, raw: usize): PublicKey {
    if (tag > PublicKeyTag.Secp256k1) unreachable(); // not a PublicKeyTag
    const n = publicKeyRawLength(tag);
    const p = heap.alloc(1 + n);
    store<u8>(p, tag);
    copyBytes(p + 1, raw, n);
    return changetype<PublicKey>(p);
  }

  // @ts-ignore: decorator
  @inline get ptr(): usize {
    return changetype<usize>(this);
  }

  get tag(): u8 {
    return load<u8>(this.ptr);
  }

  /** Serialized length (tag + raw key). */
  // @ts-ignore: decorator
  @inline get length(): u32 {
    return 1 + publicKeyRawLength(this.tag);
  }

  /** Address of the raw key bytes. */
  get raw(): usize {
    return this.ptr + 1;
  }

  /**
   * blake2b-256("ed25519" | "secp256k1" | "system", 0x00, raw key): casper-node v1.5.8
   * account_hash.rs `from_public_key`. Hashed by the host (`casper_blake2b`) to keep blake2b out
   * of the module.
   */
  toAccountHash(): AccountHash {
    const tag = this.tag;
    // "system", "ed25519", "secp256k1" followed by the 0 separator of the preimage
    const SYSTEM_PREFIX = memory.data<u8>([0x73, 0x79, 0x73, 0x74, 0x65, 0x6d, 0]);
    const ED25519_PREFIX = memory.data<u8>([0x65, 0x64, 0x32, 0x35, 0x35, 0x31, 0x39, 0]);
    const SECP256K1_PREFIX = memory.data<u8>([0x73, 0x65, 0x63, 0x70, 0x32, 0x35, 0x36, 0x6b, 0x31, 0]);
    const prefix = tag == PublicKeyTag.Ed25519 ? ED25519_PREFIX : tag == PublicKeyTag.Secp256k1 ? SECP256K1_PREFIX : SYSTEM_PREFIX;
    const prefixLength: u32 = tag == PublicKeyTag.Ed25519 ? 8 : tag == PublicKeyTag.Secp256k1 ? 10 : 7;
    const rawLength = publicKeyRawLength(tag);
    const preimage = heap.alloc(prefixLength + rawLength + 32);
    copyBytes(preimage, prefix, prefixLength);
    copyBytes(preimage + prefixLength, this.raw, rawLength);
    const out = preimage + prefixLength + rawLength;
    // casper_blake2b only fails for an output size other than 32
    casper_blake2b(preimage, prefixLength + rawLength, out, 32);
    return changetype<AccountHash>(out);
  }

  /**
   * k256 `from_sec1_bytes`'s test for a Secp256k1 key: a point on the curve (x < p, x^3 + 7 a square).
   * Ed25519 and System keys: true (their length is all decoding checks). Costs about 2.1 CSPR of gas
   * per Secp256k1 key (a 256-bit modular exponentiation in metered wasm) and ~1.2 KB of code.
   */
  isOnCurve(): bool {
    return this.tag != PublicKeyTag.Secp256k1 || isSecp256k1Point(this.raw);
  }

  equals(other: PublicKey): bool {
    const n = this.length;
    return n == other.length && equalBytes(this.ptr, other.ptr, n);
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    w.bytes(this.ptr, this.length);
  }
  /** Bytes `encode` writes. */
  encodedLength(): u32 {
    return this.length;
  }
  /** Where they are: a PublicKey is a view on its bytesrepr. */
  encodedBytes(): usize {
    return this.ptr;
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.PublicKey);
  }
  decodeFrom(r: Reader): PublicKey {
    const start = r.take(1);
    const tag = load<u8>(start); // 0 when the byte is missing (take's scratch is zeroed)
    if (tag > PublicKeyTag.Secp256k1) r.fail(ApiError.Formatting);
    else r.take(publicKeyRawLength(tag));
    return changetype<PublicKey>(start);
  }
  /** A view on exactly the `len` bytes at `ptr`, or a revert (decodeOrRevert in bytes/codec.ts). */
  decodeOrRevert(ptr: usize, len: u32, failCode: u32): PublicKey {
    const tag: u32 = load<u8>(len != 0 ? ptr : NULL_PAGE);
    checkPrefixedOrRevert(len, tag <= PublicKeyTag.Secp256k1, publicKeyRawLength(tag), failCode);
    return changetype<PublicKey>(ptr);
  }
}
