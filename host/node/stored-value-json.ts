// The engine's StoredValues in the JSON form casper-node 2.0 answers queries with
// (types/src/stored_value.rs `HumanReadableSerHelper`, serde_helpers.rs for Contract and
// ContractPackage): {"CLValue": {...}}, {"Account": {...}}, {"Contract": {...}}, ... Collections that
// are BTreeMaps in the node (named keys, associated keys, entry points, groups) come out sorted the
// way the node sorts them. Auction records are decoded by auction-json.ts.
import type { Account } from "../bytesrepr/account.ts";
import type { Contract, ContractPackage } from "../bytesrepr/contract.ts";
import type { EntryPoint } from "../bytesrepr/entry-points.ts";
import { compareBytes, toHex } from "../bytesrepr/hex.ts";
import { formatKeyFor2x, formatURef } from "../bytesrepr/key.ts";
import type { NamedKeys } from "../bytesrepr/named-keys.ts";
import { formatMessageChecksum } from "../bytesrepr/messages.ts";
import type { DeployInfo, TransferRecord } from "../bytesrepr/records.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import { compareRustStrings } from "../bytesrepr/utf8.ts";
import { auctionValueJson } from "./auction-json.ts";
import { clTypeJson, clValueJson, small, type Json } from "./cl-value-json.ts";

export function storedValueJson(v: StoredValue): { [variant: string]: Json } {
  switch (v.kind) {
    case "CLValue":
      return { CLValue: clValueJson(v.value) };
    case "Account":
      return { Account: accountJson(v.account) };
    case "ContractWasm":
      return { ContractWasm: { bytes: toHex(v.wasm) } };
    case "Contract":
      return { Contract: contractJson(v.contract) };
    case "ContractPackage":
      return { ContractPackage: contractPackageJson(v.pkg) };
    case "Transfer":
      return { Transfer: transferV1Json(v.transfer) };
    case "DeployInfo":
      return { DeployInfo: deployInfoJson(v.info) };
    // contract_messages/topics.rs MessageTopicSummary (BlockTime is a plain number), messages.rs MessageChecksum
    case "MessageTopic":
      return { MessageTopic: { message_count: v.summary.messageCount, blocktime: small(v.summary.blocktime), topic_name: v.summary.topicName } };
    case "Message":
      return { Message: formatMessageChecksum(v.checksum) };
    default:
      return auctionValueJson(v.kind, v.bytes);
  }
}

export const accountHashString = (hash: Uint8Array): string => `account-hash-${toHex(hash)}`;

/** NamedKeys: a BTreeMap<String, Key>, so sorted by name as Rust orders strings. */
export function namedKeysJson(namedKeys: NamedKeys): Json[] {
  return [...namedKeys.keys()].sort(compareRustStrings).map((name) => ({ name, key: formatKeyFor2x(namedKeys.get(name)!) }));
}

export function accountJson(a: Account): Json {
  return {
    account_hash: accountHashString(a.accountHash),
    named_keys: namedKeysJson(a.namedKeys),
    main_purse: formatURef(a.mainPurse),
    // same-length lowercase hex sorts like the bytes (BTreeMap<AccountHash, Weight>)
    associated_keys: [...a.associatedKeys.keys()].sort().map((hex) => ({ account_hash: `account-hash-${hex}`, weight: a.associatedKeys.get(hex)! })),
    action_thresholds: { deployment: a.actionThresholds.deployment, key_management: a.actionThresholds.keyManagement },
  };
}

const protocolVersionString = (v: { major: number; minor: number; patch: number }) => `${v.major}.${v.minor}.${v.patch}`;

export function contractJson(c: Contract): Json {
  return {
    contract_package_hash: `contract-package-${toHex(c.contractPackageHash)}`,
    contract_wasm_hash: `contract-wasm-${toHex(c.contractWasmHash)}`,
    named_keys: namedKeysJson(c.namedKeys),
    entry_points: [...c.entryPoints.values()].sort((a, b) => compareRustStrings(a.name, b.name)).map(entryPointJson),
    protocol_version: protocolVersionString(c.protocolVersion),
  };
}

/** 2.0 names the 1.x entry point types by what they run as: Session -> "Caller", Contract -> "Called" (same byte tags); Factory is 2.0's own. */
export function entryPointJson(ep: EntryPoint): Json {
  return {
    name: ep.name,
    args: ep.args.map((p) => ({ name: p.name, cl_type: clTypeJson(p.clType) })),
    ret: clTypeJson(ep.ret),
    access: ep.access.kind === "Groups" ? { Groups: [...ep.access.groups] } : ep.access.kind,
    entry_point_type: ep.entryPointType === "Session" ? "Caller" : ep.entryPointType === "Contract" ? "Called" : "Factory",
  };
}

export function contractPackageJson(p: ContractPackage): Json {
  return {
    access_key: formatURef(p.accessKey),
    versions: p.versions.map((v) => ({ protocol_version_major: v.major, contract_version: v.version, contract_hash: `contract-${toHex(v.contractHash)}` })),
    disabled_versions: p.disabledVersions.map((v) => [v.major, v.version]),
    groups: [...p.groups.keys()].sort(compareRustStrings).map((label) => ({
      group_name: label,
      group_users: [...p.groups.get(label)!].sort((a, b) => compareBytes(a.addr, b.addr) || a.rights - b.rights).map(formatURef),
    })),
    lock_status: p.locked ? "Locked" : "Unlocked",
  };
}

export function transferV1Json(t: TransferRecord): Json {
  return {
    deploy_hash: toHex(t.deployHash),
    from: accountHashString(t.from),
    to: t.to ? accountHashString(t.to) : null,
    source: formatURef(t.source),
    target: formatURef(t.target),
    amount: t.amount.toString(),
    gas: t.gas.toString(),
    id: t.id === undefined ? null : small(t.id),
  };
}

export function deployInfoJson(d: DeployInfo): Json {
  return {
    deploy_hash: toHex(d.deployHash),
    transfers: d.transfers.map((t) => `transfer-${toHex(t)}`),
    from: accountHashString(d.from),
    source: formatURef(d.source),
    gas: d.gas.toString(),
  };
}

