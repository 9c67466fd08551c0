// Signature: tag 0 System (no bytes), 1 Ed25519 (64 bytes), 2 Secp256k1 (64 bytes, r || s).
// casper-node 2.0 types/src/crypto/asymmetric_key.rs (`impl ToBytes for Signature`); tags as PublicKey's.
// Not a CL type in Rust (no CLTyped): contracts take a signature's bytes as an argument (e.g. a
// List<u8> or ByteArray) and view them with `Signature.fromBytes`. Like PublicKey, decoding checks tag and
// length; whether the bytes are a valid signature is the host's to say (verifySignature).
import { ApiError } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { checkPrefixedOrRevert, NULL_PAGE } from "../bytes/codec";
import { copyBytes, equalBytes } from "../bytes/memory";
import { PublicKeyTag } from "./public_key";

export const SIGNATURE_LENGTH: u32 = 64;

/** Raw signature bytes after a valid tag: System (0) 0, Ed25519 (1) and Secp256k1 (2) 64. */
export function signatureRawLength(tag: u32): u32 {
  return tag != 0 ? SIGNATURE_LENGTH : 0;
}

/** A view on a serialized Signature (tag, raw signature). */
@unmanaged
export class Signature {
  /** A new signature: `tag` (a PublicKeyTag) plus a copy of the 64 raw bytes at `raw` (none for System). */
  static fromRaw(tag: u8, raw: usize): Signature {
    if (tag > PublicKeyTag.Secp256k1) unreachable(); // not a signature tag
    const n = signatureRawLength(tag);
    const p = heap.alloc(1 + n);
    store<u8>(p, tag);
    copyBytes(p + 1, raw, n);
    return changetype<Signature>(p);
  }

  /** A view on exactly one serialized Signature in the `len` bytes at `ptr`, or a revert (bytesrepr error). */
  static fromBytes(ptr: usize, len: u32): Signature {
    return changetype<Signature>(0).decodeOrRevert(ptr, len, 0);
  }

  // @ts-ignore: decorator
  @inline get ptr(): usize {
    return changetype<usize>(this);
  }

  get tag(): u8 {
    return load<u8>(this.ptr);
  }

  /** Serialized length (tag + raw signature). */
  // @ts-ignore: decorator
  @inline get length(): u32 {
    return 1 + signatureRawLength(this.tag);
  }

  /** Address of the raw signature bytes. */
  get raw(): usize {
    return this.ptr + 1;
  }

  equals(other: Signature): bool {
    const n = this.length;
    return n == other.length && equalBytes(this.ptr, other.ptr, n);
  }

  encode(w: Writer): void {
    w.bytes(this.ptr, this.length);
  }
  decodeFrom(r: Reader): Signature {
    const start = r.take(1);
    const tag = load<u8>(start);
    if (tag > PublicKeyTag.Secp256k1) r.fail(ApiError.Formatting);
    else r.take(signatureRawLength(tag));
    return changetype<Signature>(start);
  }
  /** A view on exactly the `len` bytes at `ptr`, or a revert (decodeOrRevert in bytes/codec.ts). */
  decodeOrRevert(ptr: usize, len: u32, failCode: u32): Signature {
    const tag: u32 = load<u8>(len != 0 ? ptr : NULL_PAGE);
    checkPrefixedOrRevert(len, tag <= PublicKeyTag.Secp256k1, signatureRawLength(tag), failCode);
    return changetype<Signature>(ptr);
  }
}
