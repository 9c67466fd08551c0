// Account (casper-types v1.5.8 account.rs): account hash, named keys, main purse, associated keys
// (BTreeMap<AccountHash, Weight>, weights are u8) and action thresholds (deployment, key management).
// Accounts are values: every change makes a new object, so tracking copies can share them safely.

import { toHex, fromHex } from "./hex.ts";
import { type Key, type URef, readURef, writeURef } from "./key.ts";
import { type NamedKeys, namedKeysSerializedLength, readNamedKeys, writeNamedKeys } from "./named-keys.ts";
import { ByteReader, decodeAll } from "./reader.ts";
import { ByteWriter, encodeWith } from "./writer.ts";

export interface ActionThresholds {
  readonly deployment: number;
  readonly keyManagement: number;
}

export interface Account {
  readonly accountHash: Uint8Array;
  readonly namedKeys: NamedKeys;
  readonly mainPurse: URef;
  /** account hash (hex) -> weight */
  readonly associatedKeys: ReadonlyMap<string, number>;
  readonly actionThresholds: ActionThresholds;
}

/** Account::create: the account's own key with weight 1, both thresholds 1. */
export function createAccount(accountHash: Uint8Array, mainPurse: URef, namedKeys: NamedKeys = new Map()): Account {
  return {
    accountHash,
    namedKeys,
    mainPurse,
    associatedKeys: new Map([[toHex(accountHash), 1]]),
    actionThresholds: { deployment: 1, keyManagement: 1 },
  };
}

export function readAccount(r: ByteReader): Account {
  const accountHash = r.raw(32, "Account.account_hash");
  const namedKeys = readNamedKeys(r, "Account.named_keys");
  const mainPurse = readURef(r, "Account.main_purse");
  const n = r.u32("Account.associated_keys.length");
  const associatedKeys = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const hash = toHex(r.raw(32, "Account.associated_keys key"));
    associatedKeys.set(hash, r.u8("Account.associated_keys weight"));
  }
  const deployment = r.u8("Account.action_thresholds.deployment");
  const keyManagement = r.u8("Account.action_thresholds.key_management");
  return { accountHash, namedKeys, mainPurse, associatedKeys, actionThresholds: { deployment, keyManagement } };
}

export function writeAccount(w: ByteWriter, a: Account): void {
  w.raw(a.accountHash);
  writeNamedKeys(w, a.namedKeys);
  writeURef(w, a.mainPurse);
  // same-length lowercase hex sorts like the bytes it encodes
  const keys = [...a.associatedKeys.keys()].sort();
  w.u32(keys.length);
  for (const k of keys) w.raw(fromHex(k)).u8(a.associatedKeys.get(k)!);
  w.u8(a.actionThresholds.deployment).u8(a.actionThresholds.keyManagement);
}

/** `serialized_length()` of the account (as writeAccount writes it), counted without encoding it. */
export function accountSerializedLength(a: Account): number {
  let n = a.accountHash.length + namedKeysSerializedLength(a.namedKeys) + a.mainPurse.addr.length + 1 + 4;
  for (const k of a.associatedKeys.keys()) n += k.length / 2 + 1; // hex -> bytes, then the u8 weight
  return n + 2;
}

export const encodeAccount = (a: Account): Uint8Array => encodeWith((w) => writeAccount(w, a), 256);
export const decodeAccount = (bytes: Uint8Array): Account => decodeAll(bytes, "Account", readAccount);

export function withNamedKeys(a: Account, namedKeys: NamedKeys): Account {
  return { ...a, namedKeys };
}

export function withNamedKey(a: Account, name: string, key: Key): Account {
  const nk = new Map(a.namedKeys);
  nk.set(name, key);
  return { ...a, namedKeys: nk };
}
