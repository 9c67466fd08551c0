// Key files as Casper tools write them: a directory holding secret_key.pem, public_key.pem and
// public_key_hex (the tagged hex: 01… for ed25519, 02… for secp256k1). The algorithm of a secret key
// is read from its PEM label: "PRIVATE KEY" (PKCS#8) is ed25519, "EC PRIVATE KEY" (SEC1) secp256k1.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import sdk from "casper-js-sdk";
import type { PrivateKey as SdkPrivateKey } from "casper-js-sdk";

const { PrivateKey, KeyAlgorithm } = sdk;

export type KeyAlgorithmName = "ed25519" | "secp256k1";

export class KeyFileError extends Error {}

export function algorithmOf(name: string): KeyAlgorithmName {
  const n = name.toLowerCase();
  if (n === "ed25519" || n === "secp256k1") return n;
  throw new KeyFileError(`unknown key algorithm '${name}': use ed25519 or secp256k1`);
}

/** Loads a secret key PEM; `path` may be the file or a directory holding secret_key.pem. */
export function loadSecretKey(path: string): SdkPrivateKey {
  let file = resolve(path);
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "secret_key.pem");
  if (!existsSync(file)) {
    throw new KeyFileError(`key file not found: ${file} (create a key pair with: npm run keygen -- --out <dir>)`);
  }
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (e) {
    throw new KeyFileError(`cannot read key file ${file}: ${(e as Error).message}`);
  }
  const label = /-----BEGIN ([A-Z ]+)-----/.exec(pem)?.[1];
  const algorithm = label === "PRIVATE KEY" ? KeyAlgorithm.ED25519 : label === "EC PRIVATE KEY" ? KeyAlgorithm.SECP256K1 : undefined;
  if (algorithm === undefined) {
    const what = label === "PUBLIC KEY" ? "a public key; pass the secret_key.pem" : label ? `a '${label}' PEM` : "not a PEM file";
    throw new KeyFileError(`${file} is ${what}: expected a Casper secret key (BEGIN PRIVATE KEY for ed25519, BEGIN EC PRIVATE KEY for secp256k1)`);
  }
  try {
    return PrivateKey.fromPem(pem, algorithm);
  } catch (e) {
    throw new KeyFileError(`${file} is not a valid ${algorithm === KeyAlgorithm.ED25519 ? "ed25519" : "secp256k1"} secret key: ${(e as Error).message}`);
  }
}

export interface KeyFiles {
  dir: string;
  secretKeyPath: string;
  publicKeyPath: string;
  publicKeyHexPath: string;
  publicKeyHex: string;
  accountHash: string;
}

/** Writes a key's three files into `dir` (created if needed); refuses to overwrite unless `force`. */
export function writeKeyFiles(key: SdkPrivateKey, dir: string, force = false): KeyFiles {
  const out = resolve(dir);
  const files = {
    secretKeyPath: join(out, "secret_key.pem"),
    publicKeyPath: join(out, "public_key.pem"),
    publicKeyHexPath: join(out, "public_key_hex"),
  };
  if (!force) {
    const present = Object.values(files).filter((f) => existsSync(f));
    if (present.length > 0) throw new KeyFileError(`refusing to overwrite ${present.join(", ")} (pass --force to replace them)`);
  }
  mkdirSync(out, { recursive: true });
  const publicKeyHex = key.publicKey.toHex();
  writeFileSync(files.secretKeyPath, key.toPem(), { mode: 0o600 });
  chmodSync(files.secretKeyPath, 0o600);
  writeFileSync(files.publicKeyPath, key.publicKey.toPem());
  writeFileSync(files.publicKeyHexPath, publicKeyHex);
  return { dir: out, ...files, publicKeyHex, accountHash: key.publicKey.accountHash().toPrefixedString() };
}

export function generateKey(algorithm: KeyAlgorithmName): SdkPrivateKey {
  return PrivateKey.generate(algorithm === "ed25519" ? KeyAlgorithm.ED25519 : KeyAlgorithm.SECP256K1);
}
