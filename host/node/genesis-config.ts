// The local network's genesis as the node's --config file describes it (JSON), with defaults that
// give a usable network without any file: a faucet, a validator and four users, like a local Casper
// network (nctl) provides. Accounts without a public_key get a key derived from the network seed and
// their name, so the same config always yields the same accounts (and --keys can write them out).
// These keys are for a local network only: anyone who knows the seed can derive them.
import sdk from "casper-js-sdk";
import type { PrivateKey as SdkPrivateKey } from "casper-js-sdk";
import { blake2b256, toHex } from "./bytes.ts";
import { chainspecWith, type NodeChainspec } from "./chainspec.ts";
import { parseTimeDiff } from "../bytesrepr/time-format.ts";

const { PrivateKey, PublicKey, KeyAlgorithm } = sdk;

export interface GenesisAccount {
  name: string;
  publicKeyHex: string;
  /** Present when the key was derived here (and so can be written out); absent for a given public_key. */
  secretKey?: SdkPrivateKey;
  balanceMotes: bigint;
  validator?: { bondedMotes: bigint; delegationRate: number };
}

export interface GenesisConfig {
  chainspec: NodeChainspec;
  seed: string;
  accounts: GenesisAccount[];
  /** The config JSON this was read from ({} for the defaults): what a data directory records. */
  source: unknown;
}

const CSPR = 1_000_000_000n;

/** The accounts when the config names none. */
export const DEFAULT_ACCOUNTS = [
  { name: "faucet", balance: `${1_000_000_000n * CSPR}` },
  { name: "validator-1", balance: `${1_000_000n * CSPR}`, validator: { bonded_amount: `${500_000n * CSPR}`, delegation_rate: 10 } },
  { name: "user-1", balance: `${1_000_000n * CSPR}` },
  { name: "user-2", balance: `${1_000_000n * CSPR}` },
  { name: "user-3", balance: `${1_000_000n * CSPR}` },
  { name: "user-4", balance: `${1_000_000n * CSPR}` },
];

export class GenesisConfigError extends Error {}

/**
 * Reads a config object (the parsed JSON file, or {} for defaults):
 * { "chain_name"?, "seed"?, "chainspec"?: { "max_ttl"?, "max_deploy_size"?, ... },
 *   "accounts"?: [{ "name", "balance", "algorithm"?, "public_key"?, "validator"?: { "bonded_amount", "delegation_rate" } }] }
 * Balances are motes as strings (or numbers); errors name the entry and field.
 */
export function readGenesisConfig(json: unknown): GenesisConfig {
  const c = objectOf(json, "config");
  const known = ["chain_name", "seed", "chainspec", "accounts"];
  for (const k of Object.keys(c)) if (!known.includes(k)) throw new GenesisConfigError(`config: unknown field '${k}' (expected ${known.join(", ")})`);
  const seed = c.seed === undefined ? "casper-as" : stringOf(c.seed, "config.seed");
  const chainspec = chainspecWith({
    ...(c.chain_name === undefined ? {} : { chainName: stringOf(c.chain_name, "config.chain_name") }),
    ...chainspecOverrides(c.chainspec),
  });
  if (chainspec.chainName === "") throw new GenesisConfigError("config.chain_name is empty");
  const entries = c.accounts === undefined ? DEFAULT_ACCOUNTS : arrayOf(c.accounts, "config.accounts");
  const accounts = entries.map((e, i) => readAccount(e, i, seed));
  const names = new Set<string>();
  const keys = new Set<string>();
  for (const a of accounts) {
    if (names.has(a.name)) throw new GenesisConfigError(`config.accounts: the name '${a.name}' is used twice`);
    if (keys.has(a.publicKeyHex)) throw new GenesisConfigError(`config.accounts: the public key of '${a.name}' is used twice`);
    names.add(a.name);
    keys.add(a.publicKeyHex);
  }
  // A network without validators makes no blocks; the first one proposes the local node's blocks.
  if (!accounts.some((a) => a.validator)) {
    throw new GenesisConfigError("config.accounts: no account has a 'validator' entry; at least one validator is needed to propose blocks");
  }
  return { chainspec, seed, accounts, source: json };
}

function readAccount(json: unknown, index: number, seed: string): GenesisAccount {
  const where = `config.accounts[${index}]`;
  const a = objectOf(json, where);
  const name = stringOf(a.name, `${where}.name`);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
    throw new GenesisConfigError(`${where}.name '${name}' must be letters, digits, '-', '_' or '.' (it names a directory under --keys)`);
  }
  const balanceMotes = motesOf(a.balance, `${where}.balance`);
  let publicKeyHex: string;
  let secretKey: SdkPrivateKey | undefined;
  if (a.public_key !== undefined) {
    if (a.algorithm !== undefined) throw new GenesisConfigError(`${where}: give either public_key or algorithm, not both`);
    const hex = stringOf(a.public_key, `${where}.public_key`);
    try {
      publicKeyHex = PublicKey.fromHex(hex).toHex();
    } catch (e) {
      throw new GenesisConfigError(`${where}.public_key: '${hex}' is not a public key: ${(e as Error).message}`);
    }
  } else {
    const algorithm = a.algorithm === undefined ? "ed25519" : stringOf(a.algorithm, `${where}.algorithm`);
    if (algorithm !== "ed25519" && algorithm !== "secp256k1") throw new GenesisConfigError(`${where}.algorithm: '${algorithm}' (use ed25519 or secp256k1)`);
    secretKey = deriveKey(seed, name, algorithm);
    publicKeyHex = secretKey.publicKey.toHex();
  }
  let validator: GenesisAccount["validator"];
  if (a.validator !== undefined) {
    const v = objectOf(a.validator, `${where}.validator`);
    const rate = v.delegation_rate;
    if (typeof rate !== "number" || !Number.isInteger(rate) || rate < 0 || rate > 100) {
      throw new GenesisConfigError(`${where}.validator.delegation_rate: expected a whole percentage 0..100, got ${JSON.stringify(rate)}`);
    }
    validator = { bondedMotes: motesOf(v.bonded_amount, `${where}.validator.bonded_amount`), delegationRate: rate };
    if (validator.bondedMotes === 0n) throw new GenesisConfigError(`${where}.validator.bonded_amount must be more than 0`);
  }
  return { name, publicKeyHex, secretKey, balanceMotes, validator };
}

/** secret = blake2b256("casper-as genesis key|<seed>|<name>|<algorithm>[|n]"), rehashed until valid. */
export function deriveKey(seed: string, name: string, algorithm: "ed25519" | "secp256k1"): SdkPrivateKey {
  for (let attempt = 0; attempt < 16; attempt++) {
    const label = `casper-as genesis key|${seed}|${name}|${algorithm}${attempt ? `|${attempt}` : ""}`;
    const secret = toHex(blake2b256(new TextEncoder().encode(label)));
    try {
      return PrivateKey.fromHex(secret, algorithm === "ed25519" ? KeyAlgorithm.ED25519 : KeyAlgorithm.SECP256K1);
    } catch {
      // Not a valid secp256k1 scalar (probability ~2^-128): try the next label.
    }
  }
  throw new GenesisConfigError(`cannot derive a ${algorithm} key for '${name}'`);
}

const CHAINSPEC_FIELDS: Record<string, (v: unknown, at: string) => Partial<NodeChainspec>> = {
  max_ttl: (v, at) => ({ maxTtlMs: durationOf(v, at) }),
  timestamp_leeway: (v, at) => ({ timestampLeewayMs: durationOf(v, at) }),
  max_deploy_size: (v, at) => ({ maxDeploySize: intOf(v, at) }),
  max_dependencies: (v, at) => ({ maxDependencies: intOf(v, at) }),
  max_associated_keys: (v, at) => ({ maxAssociatedKeys: intOf(v, at) }),
  block_gas_limit: (v, at) => ({ blockGasLimit: motesOf(v, at) }),
  payment_args_max_length: (v, at) => ({ paymentArgsMaxLength: intOf(v, at) }),
  session_args_max_length: (v, at) => ({ sessionArgsMaxLength: intOf(v, at) }),
  native_transfer_minimum_motes: (v, at) => ({ nativeTransferMinimumMotes: motesOf(v, at) }),
};

function chainspecOverrides(json: unknown): Partial<NodeChainspec> {
  if (json === undefined) return {};
  const c = objectOf(json, "config.chainspec");
  let out: Partial<NodeChainspec> = {};
  for (const [k, v] of Object.entries(c)) {
    const read = CHAINSPEC_FIELDS[k];
    if (!read) throw new GenesisConfigError(`config.chainspec: unknown field '${k}' (expected ${Object.keys(CHAINSPEC_FIELDS).join(", ")})`);
    out = { ...out, ...read(v, `config.chainspec.${k}`) };
  }
  return out;
}

function objectOf(v: unknown, at: string): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new GenesisConfigError(`${at}: expected an object`);
  return v as Record<string, unknown>;
}

function arrayOf(v: unknown, at: string): unknown[] {
  if (!Array.isArray(v)) throw new GenesisConfigError(`${at}: expected an array`);
  return v;
}

function stringOf(v: unknown, at: string): string {
  if (typeof v !== "string") throw new GenesisConfigError(`${at}: expected a string, got ${JSON.stringify(v)}`);
  return v;
}

function intOf(v: unknown, at: string): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) throw new GenesisConfigError(`${at}: expected a whole number, got ${JSON.stringify(v)}`);
  return v;
}

function motesOf(v: unknown, at: string): bigint {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v);
  throw new GenesisConfigError(`${at}: expected motes as a whole number (a string for big amounts), got ${JSON.stringify(v)}`);
}

function durationOf(v: unknown, at: string): bigint {
  try {
    return parseTimeDiff(stringOf(v, at));
  } catch (e) {
    throw new GenesisConfigError(`${at}: ${(e as Error).message}`);
  }
}
