// StoredValue: what global state holds under a Key (casper-types v1.5.8 stored_value.rs, tags
// CLValue 0 .. Unbonding 10; Casper 2.0's BidKind 11, MessageTopic 15 and Message 16). The auction's values
// (EraInfo, Bid, Withdraw, Unbonding, BidKind) are kept as their raw serialized bytes (auction/: their codecs,
// which also tell where one ends); the auction decodes them.

import { type Account, accountSerializedLength, readAccount, writeAccount } from "./account.ts";
import { type CLValue, clValueSerializedLength, readCLValue, writeCLValue } from "./cl-value.ts";
import { type Contract, type ContractPackage, readContract, readContractPackage, writeContract, writeContractPackage } from "./contract.ts";
import { readAuctionValueBytes } from "./auction/stored-values.ts";
import { BytesreprError } from "./errors.ts";
import { type MessageTopicSummary, readMessageTopicSummary, writeMessageTopicSummary } from "./messages.ts";
import { ByteReader, decodeAll } from "./reader.ts";
import { type DeployInfo, type TransferRecord, readDeployInfo, readTransfer, writeDeployInfo, writeTransfer } from "./records.ts";
import { utf8Length } from "./utf8.ts";
import { ByteWriter, encodeWith } from "./writer.ts";

/** kept as raw bytes here, decoded by the auction (host/system/auction): 1.5.8's records and 2.0's BidKind */
export type RawStoredValueKind = "EraInfo" | "Bid" | "Withdraw" | "Unbonding" | "BidKind";

export type StoredValue =
  | { readonly kind: "CLValue"; readonly value: CLValue }
  | { readonly kind: "Account"; readonly account: Account }
  | { readonly kind: "ContractWasm"; readonly wasm: Uint8Array }
  | { readonly kind: "Contract"; readonly contract: Contract }
  | { readonly kind: "ContractPackage"; readonly pkg: ContractPackage }
  | { readonly kind: "Transfer"; readonly transfer: TransferRecord }
  | { readonly kind: "DeployInfo"; readonly info: DeployInfo }
  | { readonly kind: "MessageTopic"; readonly summary: MessageTopicSummary }
  /** MessageChecksum: blake2b of the message's block index and payload */
  | { readonly kind: "Message"; readonly checksum: Uint8Array }
  | { readonly kind: RawStoredValueKind; readonly bytes: Uint8Array };

export type StoredValueKind = StoredValue["kind"];

const TAG: Record<StoredValueKind, number> = {
  CLValue: 0, Account: 1, ContractWasm: 2, Contract: 3, ContractPackage: 4, Transfer: 5,
  DeployInfo: 6, EraInfo: 7, Bid: 8, Withdraw: 9, Unbonding: 10,
  // casper-node 2.0 stored_value.rs StoredValueTag
  BidKind: 11, MessageTopic: 15, Message: 16,
};
const KIND_BY_TAG: Record<number, StoredValueKind> = Object.fromEntries(Object.entries(TAG).map(([k, t]) => [t, k as StoredValueKind]));

export function storedValueTag(v: StoredValue): number {
  return TAG[v.kind];
}

export function writeStoredValue(w: ByteWriter, v: StoredValue): void {
  w.u8(TAG[v.kind]);
  switch (v.kind) {
    case "CLValue": return writeCLValue(w, v.value);
    case "Account": return writeAccount(w, v.account);
    case "ContractWasm": w.lengthPrefixed(v.wasm); return;
    case "Contract": return writeContract(w, v.contract);
    case "ContractPackage": return writeContractPackage(w, v.pkg);
    case "Transfer": return writeTransfer(w, v.transfer);
    case "DeployInfo": return writeDeployInfo(w, v.info);
    case "MessageTopic": return writeMessageTopicSummary(w, v.summary);
    case "Message": w.raw(v.checksum); return;
    default: w.raw(v.bytes); return;
  }
}

/** Reads one StoredValue. Raw (auction) variants take the rest of the input. */
export function readStoredValue(r: ByteReader): StoredValue {
  const tag = r.u8("StoredValue tag");
  const kind = KIND_BY_TAG[tag];
  switch (kind) {
    case "CLValue": return { kind, value: readCLValue(r) };
    case "Account": return { kind, account: readAccount(r) };
    case "ContractWasm": return { kind, wasm: r.lengthPrefixed("ContractWasm.bytes") };
    case "Contract": return { kind, contract: readContract(r) };
    case "ContractPackage": return { kind, pkg: readContractPackage(r) };
    case "Transfer": return { kind, transfer: readTransfer(r) };
    case "DeployInfo": return { kind, info: readDeployInfo(r) };
    case "MessageTopic": return { kind, summary: readMessageTopicSummary(r) };
    case "Message": return { kind, checksum: r.raw(32, "MessageChecksum") };
    case "EraInfo": case "Bid": case "Withdraw": case "Unbonding": case "BidKind":
      // exactly one value: it may be followed by more bytes (a Merkle proof's steps)
      return { kind, bytes: readAuctionValueBytes(kind, r).slice() };
    default:
      throw new BytesreprError("Formatting", "StoredValue", `unknown StoredValue tag ${tag}`);
  }
}

export const encodeStoredValue = (v: StoredValue): Uint8Array => encodeWith((w) => writeStoredValue(w, v), 128);
export const decodeStoredValue = (bytes: Uint8Array): StoredValue => decodeAll(bytes, "StoredValue", readStoredValue);

/** `serialized_length()` of the value: what storage gas is charged on (runtime_context/mod.rs). */
export function storedValueSerializedLength(v: StoredValue): number {
  if (v.kind === "ContractWasm") return 1 + 4 + v.wasm.length;
  // the records every emitted message writes: tag + 32-byte checksum; tag + u32 + u64 + String
  if (v.kind === "Message") return 1 + 32;
  if (v.kind === "MessageTopic") return 1 + 4 + 8 + 4 + utf8Length(v.summary.topicName);
  if (v.kind === "CLValue") return 1 + clValueSerializedLength(v.value);
  // every associated-key change and named-key write rewrites the account: counted, not encoded
  if (v.kind === "Account") return 1 + accountSerializedLength(v.account);
  return encodeStoredValue(v).length;
}

/** The type name the node uses in TypeMismatch errors (stored_value.rs `type_name`). */
export function storedValueTypeName(v: StoredValue): string {
  return v.kind === "CLValue" ? "CLValue" : v.kind;
}
