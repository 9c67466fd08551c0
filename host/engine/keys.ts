// Deterministic keys for tests: the default and proposer accounts of casper-engine-test-support
// (ed25519 secret keys [199; 32] and [198; 32]), and named accounts whose secret key is
// blake2b-256("casper-as test account:<name>:<algorithm>"), so every run and every machine gets the
// same keys. Keys are made by casper-js-sdk, so what signs here signs the same on a real network.

import sdk from "casper-js-sdk";
import { blake2b256 } from "../crypto/hash.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { accountHashOf } from "../bytesrepr/public-key.ts";
import { utf8Encode } from "../bytesrepr/utf8.ts";

export type KeyAlgorithmName = "ed25519" | "secp256k1";
export type SdkPrivateKey = InstanceType<typeof sdk.PrivateKey>;
export type SdkPublicKey = InstanceType<typeof sdk.PublicKey>;

export interface TestKey {
  readonly name: string;
  readonly algorithm: KeyAlgorithmName;
  readonly privateKey: SdkPrivateKey;
  readonly publicKey: SdkPublicKey;
  /** serialized public key: tag byte + raw key */
  readonly publicKeyBytes: Uint8Array;
  readonly publicKeyHex: string;
  readonly accountHash: Uint8Array;
  readonly accountHashHex: string;
}

/** Named test accounts with ed25519 keys, then secp256k1 ones. */
export const ED25519_TEST_ACCOUNTS = ["alice", "bob", "carol", "dave"] as const;
export const SECP256K1_TEST_ACCOUNTS = ["erin", "frank"] as const;

export const DEFAULT_ACCOUNT_NAME = "default";
export const PROPOSER_ACCOUNT_NAME = "proposer";

const cache = new Map<string, TestKey>();

function fromSecret(name: string, algorithm: KeyAlgorithmName, secret: Uint8Array): TestKey {
  const alg = algorithm === "ed25519" ? sdk.KeyAlgorithm.ED25519 : sdk.KeyAlgorithm.SECP256K1;
  const privateKey = sdk.PrivateKey.fromHex(toHex(secret), alg);
  const publicKey = privateKey.publicKey;
  const publicKeyBytes = publicKey.bytes();
  const accountHash = accountHashOf(publicKeyBytes);
  return { name, algorithm, privateKey, publicKey, publicKeyBytes, publicKeyHex: toHex(publicKeyBytes), accountHash, accountHashHex: toHex(accountHash) };
}

/** The key of a named test account ("default", "proposer", or any name; algorithm by the lists above unless given). */
export function testKey(name: string, algorithm?: KeyAlgorithmName): TestKey {
  const alg = algorithm ?? ((SECP256K1_TEST_ACCOUNTS as readonly string[]).includes(name) ? "secp256k1" : "ed25519");
  const id = `${name}:${alg}`;
  let k = cache.get(id);
  if (!k) {
    if (name === DEFAULT_ACCOUNT_NAME && alg === "ed25519") k = fromSecret(name, alg, new Uint8Array(32).fill(199));
    else if (name === PROPOSER_ACCOUNT_NAME && alg === "ed25519") k = fromSecret(name, alg, new Uint8Array(32).fill(198));
    else k = fromSecret(name, alg, blake2b256(utf8Encode(`casper-as test account:${name}:${alg}`)));
    cache.set(id, k);
  }
  return k;
}
