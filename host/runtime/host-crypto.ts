// Casper 2.0's cryptography host functions (1.5.8 serves none of them): casper_generic_hash,
// casper_verify_signature, casper_recover_secp256k1 (execution_engine/src/runtime/externals.rs of the
// 2.0.0 release; types/src/crypto/asymmetric_key.rs `verify`, `recover_secp256k1`, and the FromBytes
// of Signature / PublicKey). Curves and hashes come from @noble/curves and @noble/hashes.
//
// What the node does, and so the engine:
// - Signature bytes: tag 0 System, 1 Ed25519 + 64, 2 Secp256k1 + 64 whose r and s must be in 1..n-1
//   (k256 Signature::try_from); PublicKey: 0 System, 1 Ed25519 + 32 that must decompress, 2 Secp256k1 +
//   33 SEC1 compressed that must be on the curve. Bytes that do not decode trap (Serialization error).
// - verify: ed25519 `verify_strict` (s < L, neither R nor A of small order, [s]B = R + [k]A exactly);
//   secp256k1 ECDSA over SHA-256 of the message, low-S only (k256). A failure, a System key or
//   signature, or mixed algorithms return InvalidArgument.
// - recover: a secp256k1 signature and recovery id 0..3 (4+ is InvalidArgument before anything is
//   read); the key must recover and verify (so a high-S signature fails): InvalidArgument otherwise;
//   the key is written as PublicKey bytes (34: tag 2 + compressed point).

import { ed25519 } from "@noble/curves/ed25519";
import { secp256k1 } from "@noble/curves/secp256k1";
import { blake3 } from "@noble/hashes/blake3";
import { sha256, sha512 } from "@noble/hashes/sha2";
import { BytesreprError } from "../bytesrepr/errors.ts";
import type { ByteReader } from "../bytesrepr/reader.ts";
import { blake2b256 } from "../crypto/hash.ts";
import { ApiErrorCode } from "./api-error.ts";
import type { HostFn } from "./dispatch.ts";

/** HashAlgorithm (types/src/crypto.rs): Blake2b 0, Blake3 1, Sha256 2. */
const GENERIC_HASHES: readonly ((input: Uint8Array) => Uint8Array)[] = [
  (input) => blake2b256(input),
  (input) => blake3(input),
  (input) => sha256(input),
];
const HASH_NAMES = ["blake2b", "blake3", "sha256"];

type Algorithm = "System" | "Ed25519" | "Secp256k1";
const ALGORITHMS: readonly Algorithm[] = ["System", "Ed25519", "Secp256k1"];

interface Sig {
  readonly algorithm: Algorithm;
  readonly bytes: Uint8Array;
}

interface Key {
  readonly algorithm: Algorithm;
  readonly bytes: Uint8Array;
}

const SECP_N = secp256k1.CURVE.n;
const ED_L = ed25519.CURVE.n;

function leNumber(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]);
  return n;
}

function beNumber(b: Uint8Array): bigint {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

function algorithmTag(r: ByteReader, what: string): Algorithm {
  const tag = r.u8(`${what} tag`);
  const algorithm = ALGORITHMS[tag];
  if (!algorithm) throw new BytesreprError("Formatting", what, `unknown tag ${tag} (0 = System, 1 = Ed25519, 2 = Secp256k1)`);
  return algorithm;
}

/** Signature::from_bytes. */
function readSignature(r: ByteReader): Sig {
  const algorithm = algorithmTag(r, "Signature");
  if (algorithm === "System") return { algorithm, bytes: new Uint8Array(0) };
  const bytes = r.raw(64, `${algorithm} signature`);
  if (algorithm === "Secp256k1") {
    const rr = beNumber(bytes.subarray(0, 32));
    const s = beNumber(bytes.subarray(32));
    if (rr === 0n || rr >= SECP_N || s === 0n || s >= SECP_N) {
      throw new BytesreprError("Formatting", "Secp256k1 signature", "r and s must be in 1..n-1");
    }
  }
  return { algorithm, bytes };
}

/** PublicKey::from_bytes. */
function readVerifyingKey(r: ByteReader): Key {
  const algorithm = algorithmTag(r, "PublicKey");
  if (algorithm === "System") return { algorithm, bytes: new Uint8Array(0) };
  const bytes = r.raw(algorithm === "Ed25519" ? 32 : 33, `${algorithm} public key`);
  try {
    if (algorithm === "Ed25519") ed25519.ExtendedPoint.fromHex(bytes, true);
    else secp256k1.ProjectivePoint.fromHex(bytes).assertValidity();
  } catch {
    throw new BytesreprError("Formatting", `${algorithm} public key`, "not a point of the curve");
  }
  return { algorithm, bytes };
}

/** ed25519-dalek `VerifyingKey::verify_strict`. */
function ed25519VerifyStrict(sig: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  const P = ed25519.ExtendedPoint;
  const s = leNumber(sig.subarray(32));
  if (s >= ED_L) return false;
  let A: InstanceType<typeof P>;
  let R: InstanceType<typeof P>;
  try {
    A = P.fromHex(publicKey, true);
    R = P.fromHex(sig.subarray(0, 32), true);
  } catch {
    return false;
  }
  if (A.isSmallOrder() || R.isSmallOrder()) return false;
  const h = sha512.create().update(sig.subarray(0, 32)).update(publicKey).update(message).digest();
  const k = leNumber(h) % ED_L;
  // cofactorless: R == [s]B - [k]A
  return P.BASE.multiplyUnsafe(s).subtract(A.multiplyUnsafe(k)).equals(R);
}

/** asymmetric_key.rs `verify`. */
function verify(message: Uint8Array, sig: Sig, key: Key): boolean {
  if (sig.algorithm !== key.algorithm || sig.algorithm === "System") return false;
  if (sig.algorithm === "Ed25519") return ed25519VerifyStrict(sig.bytes, message, key.bytes);
  try {
    return secp256k1.verify(sig.bytes, sha256(message), key.bytes, { lowS: true, prehash: false });
  } catch {
    return false;
  }
}

/** asymmetric_key.rs `recover_secp256k1`: the compressed key, or undefined. */
function recoverSecp256k1(message: Uint8Array, sig: Sig, recoveryId: number): Uint8Array | undefined {
  if (sig.algorithm !== "Secp256k1") return undefined;
  try {
    const s = secp256k1.Signature.fromCompact(sig.bytes);
    // k256 recover_from_prehash verifies the recovered key, which rejects a high S
    if (s.hasHighS()) return undefined;
    const digest = sha256(message);
    const point = s.addRecoveryBit(recoveryId).recoverPublicKey(digest);
    const key = point.toRawBytes(true);
    return secp256k1.verify(sig.bytes, digest, key, { lowS: true, prehash: false }) ? key : undefined;
  } catch {
    return undefined;
  }
}

export const HOST_CRYPTO: Record<string, HostFn> = {
  casper_generic_hash(rt, [inPtr, inSize, algo, outPtr, outSize], t) {
    // externals.rs: `hash_algo_type as u8` (the u32 is truncated), then HashAlgorithm::try_from
    const hash = GENERIC_HASHES[algo & 0xff];
    if (t) t.detail = { algorithm: HASH_NAMES[algo & 0xff] ?? algo >>> 0, inputSize: inSize >>> 0 };
    if (!hash) return ApiErrorCode.InvalidArgument;
    const digest = hash(rt.region(inPtr, inSize));
    if (digest.length > (outSize >>> 0)) return ApiErrorCode.BufferTooSmall;
    if ((outPtr >>> 0) + digest.length > rt.mem().length) return ApiErrorCode.HostBufferEmpty;
    rt.setMem(outPtr, digest);
    return 0;
  },

  casper_verify_signature(rt, [msgPtr, msgSize, sigPtr, sigSize, keyPtr, keySize], t) {
    const message = rt.bytesFromMem(msgPtr, msgSize);
    const sig = rt.fromMem(sigPtr, sigSize, "Signature", readSignature);
    const key = rt.fromMem(keyPtr, keySize, "PublicKey", readVerifyingKey);
    const ok = verify(message, sig, key);
    if (t) t.detail = { algorithm: sig.algorithm, keyAlgorithm: key.algorithm, messageSize: message.length, valid: ok };
    return ok ? 0 : ApiErrorCode.InvalidArgument;
  },

  casper_recover_secp256k1(rt, [msgPtr, msgSize, sigPtr, sigSize, outPtr, recoveryId], t) {
    if ((recoveryId >>> 0) >= 4) return ApiErrorCode.InvalidArgument;
    const message = rt.bytesFromMem(msgPtr, msgSize);
    const sig = rt.fromMem(sigPtr, sigSize, "Signature", readSignature);
    const key = recoverSecp256k1(message, sig, recoveryId);
    if (t) t.detail = { recoveryId, recovered: key !== undefined };
    if (!key) return ApiErrorCode.InvalidArgument;
    const out = new Uint8Array(34);
    out[0] = 2;
    out.set(key, 1);
    if ((outPtr >>> 0) + out.length > rt.mem().length) return ApiErrorCode.HostBufferEmpty;
    rt.setMem(outPtr, out);
    return 0;
  },
};
