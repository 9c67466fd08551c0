// Public keys and signatures as they appear in deploy and transaction JSON (tag byte + key bytes, hex),
// and the approval check the node runs. Encodings and error texts: casper-node v1.5.8
// types/src/crypto/asymmetric_key.rs (`verify`), types/src/crypto/error.rs.
import sdk from "casper-js-sdk";
import { fromHex, toHex } from "./bytes.ts";
import { verifyEd25519OffThread, verifyInThisThread } from "./ed25519-worker.ts";

const { PublicKey } = sdk;

export const SYSTEM_TAG = 0;
export const ED25519_TAG = 1;
export const SECP256K1_TAG = 2;
const KEY_LENGTH: Record<number, number> = { [SYSTEM_TAG]: 0, [ED25519_TAG]: 32, [SECP256K1_TAG]: 33 };
const SIGNATURE_LENGTH: Record<number, number> = { [SYSTEM_TAG]: 0, [ED25519_TAG]: 64, [SECP256K1_TAG]: 64 };
const ALGORITHM_NAME: Record<number, string> = { [SYSTEM_TAG]: "System", [ED25519_TAG]: "Ed25519", [SECP256K1_TAG]: "Secp256k1" };

/** A tagged key or signature: `bytes` includes the tag byte, as `ToBytes` writes it. */
export interface Tagged {
  tag: number;
  bytes: Uint8Array;
  hex: string;
}

export function parsePublicKeyHex(value: unknown, what: string): Tagged {
  return parseTagged(value, what, KEY_LENGTH, "public key");
}

export function parseSignatureHex(value: unknown, what: string): Tagged {
  return parseTagged(value, what, SIGNATURE_LENGTH, "signature");
}

function parseTagged(value: unknown, what: string, lengths: Record<number, number>, noun: string): Tagged {
  const bytes = fromHex(value, what);
  if (bytes.length === 0) throw new TypeError(`${what}: empty ${noun}`);
  const tag = bytes[0];
  const expected = lengths[tag];
  if (expected === undefined) throw new TypeError(`${what}: invalid ${noun} tag ${tag}`);
  if (bytes.length !== expected + 1) {
    throw new TypeError(`${what}: ${ALGORITHM_NAME[tag]} ${noun} must be ${expected} bytes after the tag, got ${bytes.length - 1}`);
  }
  return { tag, bytes, hex: toHex(bytes) };
}

/** Account hash of a public key: blake2b256(algorithm name lowercased ‖ 0x00 ‖ key bytes). */
export function accountHashOf(key: Tagged): Uint8Array {
  return PublicKey.fromHex(key.hex).accountHash().toBytes();
}

/**
 * Verifies `signature` over `message` by `signer`; returns null when valid, else casper-node's
 * `crypto::Error` text for it (v1.5.8 asymmetric_key.rs `verify`).
 */
export function verifySignature(message: Uint8Array, signature: Tagged, signer: Tagged): string | null {
  const mismatch = kindProblem(signature, signer);
  if (mismatch) return mismatch;
  const valid = signer.tag === ED25519_TAG ? verifyInThisThread(signer.bytes.subarray(1), message, signature.bytes.subarray(1)) : verifySecp256k1(message, signature, signer);
  return valid ? null : failure(signer);
}

/** `verifySignature` with the Ed25519 check made on a worker thread (ed25519-worker.ts): the same answers. */
export async function verifySignatureOffThread(message: Uint8Array, signature: Tagged, signer: Tagged): Promise<string | null> {
  const mismatch = kindProblem(signature, signer);
  if (mismatch) return mismatch;
  const valid = signer.tag === ED25519_TAG ? await verifyEd25519OffThread(signer.bytes.subarray(1), message, signature.bytes.subarray(1)) : verifySecp256k1(message, signature, signer);
  return valid ? null : failure(signer);
}

function kindProblem(signature: Tagged, signer: Tagged): string | null {
  if (signature.tag === SYSTEM_TAG) {
    return "asymmetric key error: signatures based on the system key cannot be verified";
  }
  if (signature.tag !== signer.tag) {
    return `asymmetric key error: type mismatch between ${describeTagged(signature, "Sig")} and ${describeTagged(signer, "PubKey")}`;
  }
  return null;
}

function failure(signer: Tagged): string {
  return signer.tag === ED25519_TAG
    ? "asymmetric key error: failed to verify Ed25519 signature"
    : "asymmetric key error: failed to verify secp256k1 signature: signature error";
}

// Ed25519 goes through Node's crypto (OpenSSL, RFC 8032: ed25519-worker.ts), about twenty times faster
// than the SDK's JavaScript verification; secp256k1 stays with the SDK (k256's rules on the signature's
// form are the SDK's too).
function verifySecp256k1(message: Uint8Array, signature: Tagged, signer: Tagged): boolean {
  try {
    return PublicKey.fromHex(signer.hex).verifySignature(message, signature.bytes);
  } catch {
    return false;
  }
}

// casper-node's Display for PublicKey/Signature: e.g. "PubKey::Ed25519(01ab..cd)" (10 hex chars kept).
function describeTagged(t: Tagged, kind: string): string {
  const body = toHex(t.bytes.subarray(1));
  const short = body.length > 10 ? `${body.slice(0, 5)}..${body.slice(-5)}` : body;
  return `${kind}::${ALGORITHM_NAME[t.tag]}(${short})`;
}
