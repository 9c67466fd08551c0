// PublicKey bytes (tag 0 System, 1 Ed25519 + 32, 2 Secp256k1 + 33) and the account hash derived
// from it: blake2b-256(lowercase algorithm name ++ 0x00 ++ raw key bytes) (account_hash.rs
// `from_public_key`). Keys are kept as their serialized bytes; the SDK does key arithmetic.

import { blake2b256 } from "../crypto/hash.ts";
import { BytesreprError } from "./errors.ts";
import { fromHex, toHex } from "./hex.ts";
import { ByteReader } from "./reader.ts";
import { utf8Encode } from "./utf8.ts";

export const PUBLIC_KEY_TAG = { System: 0, Ed25519: 1, Secp256k1: 2 } as const;
const RAW_LENGTH = [0, 32, 33];
const ALGORITHM = ["system", "ed25519", "secp256k1"];

/** Serialized public key bytes: tag byte then the raw key. */
export type PublicKeyBytes = Uint8Array;

export const SYSTEM_PUBLIC_KEY: PublicKeyBytes = new Uint8Array([0]);

export function readPublicKey(r: ByteReader, what = "PublicKey"): PublicKeyBytes {
  const start = r.offset;
  const tag = r.u8(`${what}.tag`);
  const n = RAW_LENGTH[tag];
  if (n === undefined) throw new BytesreprError("Formatting", what, `unknown PublicKey tag ${tag}`);
  r.raw(n, what);
  // secp256k1 keys are compressed points: the first byte must be 02 or 03
  if (tag === PUBLIC_KEY_TAG.Secp256k1) {
    const prefix = r.bytes[start + 1];
    if (prefix !== 2 && prefix !== 3) throw new BytesreprError("Formatting", what, "secp256k1 key is not a compressed point");
  }
  return r.bytes.slice(start, r.offset);
}

const hashCache = new Map<string, Uint8Array>();

/** Account hash of a serialized public key (memoised: tests derive the same few keys constantly). */
export function accountHashOf(publicKey: PublicKeyBytes): Uint8Array {
  const id = toHex(publicKey);
  let h = hashCache.get(id);
  if (!h) {
    const tag = publicKey[0];
    h = blake2b256(utf8Encode(ALGORITHM[tag]), new Uint8Array([0]), publicKey.subarray(1));
    if (hashCache.size > 10_000) hashCache.clear();
    hashCache.set(id, h);
  }
  return h;
}

/** The system account (PublicKey::System) hash, which runs finalization and genesis. */
export const SYSTEM_ACCOUNT_HASH: Uint8Array = accountHashOf(SYSTEM_PUBLIC_KEY);

export function publicKeyFromHex(hex: string): PublicKeyBytes {
  const bytes = fromHex(hex, "public key");
  const r = new ByteReader(bytes);
  const pk = readPublicKey(r);
  r.expectEnd("PublicKey");
  return pk;
}
