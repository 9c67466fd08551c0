// A secp256k1 public key must be a point on the curve: casper-types PublicKey::from_bytes decodes it
// with k256's `from_sec1_bytes`, so a node (and a Rust contract's get_named_arg) refuses 33 bytes
// that are not one — the all-zero key `02 00…00` among them — and the deploy would fail on chain.
// (Ed25519 keys are left to the SDK: ed25519-dalek accepts every 32-byte encoding it can decompress.)
import { secp256k1 } from "@noble/curves/secp256k1";

/** Why `hex` (tag + key bytes) is not a usable public key, or undefined when it is. */
export function publicKeyProblem(hex: string): string | undefined {
  if (!/^02[0-9a-fA-F]{66}$/.test(hex)) return undefined;
  try {
    secp256k1.ProjectivePoint.fromHex(hex.slice(2)).assertValidity();
    return undefined;
  } catch {
    return "it is not a point on the secp256k1 curve (a node refuses it: k256 from_sec1_bytes)";
  }
}
