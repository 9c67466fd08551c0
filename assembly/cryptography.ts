// Hashes and signatures computed by the host: casper-node 2.0 contract_api/cryptography.rs, host side
// execution_engine/src/runtime/externals.rs (GenericHash, VerifySignature, RecoverSecp256k1). 2.x only
// (runtime.blake2b is the 1.5-compatible blake2b).
import * as env from "./env";
import { ApiError, unwrapOrRevert } from "./errors";
import { ByteArray } from "./types/byte_array";
import { PublicKey, SECP256K1_LENGTH } from "./types/public_key";
import { Result } from "./types/result";
import { Signature } from "./types/signature";

/** casper-node 2.0 types/src/crypto.rs HashAlgorithm. */
export namespace HashAlgorithm {
  export const Blake2b: u8 = 0;
  export const Blake3: u8 = 1;
  export const Sha256: u8 = 2;
}

/**
 * The 32-byte digest of `len` bytes at `ptr` with `algorithm` (a HashAlgorithm). Reverts with the host's
 * error as Rust's generic_hash: InvalidArgument (3) for an unknown algorithm.
 */
export function genericHash(ptr: usize, len: u32, algorithm: u8): ByteArray {
  const out = heap.alloc(32);
  unwrapOrRevert(env.casper_generic_hash(ptr, len, algorithm, out, 32));
  return new ByteArray(out, 32);
}

/**
 * Whether `signature` signs the `len` bytes at `ptr` for `publicKey`: 0 when it does, InvalidArgument (3)
 * when it does not (or the signature and key are of different kinds), as Rust's verify_signature.
 */
export function verifySignature(ptr: usize, len: u32, signature: Signature, publicKey: PublicKey): u32 {
  const status = env.casper_verify_signature(ptr, len, signature.ptr, signature.length, publicKey.ptr, publicKey.length);
  return status == 0 ? 0 : ApiError.fromHost(<u32>status);
}

/**
 * The secp256k1 key that made `signature` over the `len` bytes at `ptr` (recovery id 0..3): Ok(key), or
 * Err(InvalidArgument) for a recovery id above 3 or a signature that recovers no key. Rust's
 * recover_secp256k1 decodes the output buffer whatever the status (a failure then reads as
 * PublicKey::System); this returns the host's error instead.
 */
export function recoverSecp256k1(ptr: usize, len: u32, signature: Signature, recoveryId: u8): Result<PublicKey, u32> {
  const out = heap.alloc(1 + SECP256K1_LENGTH);
  const status = env.casper_recover_secp256k1(ptr, len, signature.ptr, signature.length, out, recoveryId);
  if (status != 0) return Result.err<PublicKey, u32>(ApiError.fromHost(<u32>status));
  return Result.ok<PublicKey, u32>(changetype<PublicKey>(out));
}
