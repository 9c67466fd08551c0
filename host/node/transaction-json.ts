// Reads a Casper 2.0 TransactionV1 from the JSON a client sends to `account_put_transaction` and
// rebuilds the bytes of its payload, independently of casper-js-sdk, so the node can check the hash
// (blake2b256 of the payload bytes) and the approvals itself.
// Layouts (casper-node 2.0, types/src/transaction/): every enum and the payload use the "calltable"
// envelope of serialization/mod.rs: u32 field count, (u16 index, u32 offset) per field, u32 payload
// length, then the fields' own bytes. Field indexes: transaction_v1/transaction_v1_payload.rs,
// initiator_addr.rs, pricing_mode.rs, transaction_target.rs, transaction_invocation_target.rs,
// transaction_entry_point.rs, transaction_scheduling.rs; args: transaction_v1/transaction_args.rs.
import { ByteWriter, blake2b256, fromHex } from "./bytes.ts";
import { array, onlyFields, readApprovals, readRuntimeArgs, record, str, u64, wrap, type WireApproval, type WireArg } from "./deploy-json.ts";
import { parsePublicKeyHex, type Tagged } from "./signatures.ts";
import { parseTimeDiff, parseTimestamp } from "../bytesrepr/time-format.ts";

export type WireEntryPoint = { name: string; custom?: string };

export interface WireTransactionV1 {
  hash: Uint8Array;
  initiator: { publicKey?: Tagged; accountHash?: Uint8Array };
  timestampMs: bigint;
  ttlMs: bigint;
  chainName: string;
  pricing:
    | { mode: "PaymentLimited"; paymentAmount: bigint; gasPriceTolerance: number; standardPayment: boolean }
    | { mode: "Fixed"; additionalComputationFactor: number; gasPriceTolerance: number }
    | { mode: "Prepaid"; receipt: Uint8Array };
  args: { kind: "Named"; named: WireArg[] } | { kind: "Bytesrepr"; bytes: Uint8Array };
  /** `serialized_length()` of the TransactionArgs. */
  argsLength: number;
  target:
    | { kind: "Native" }
    | { kind: "Stored"; id: unknown; runtime: "VmCasperV1" | "VmCasperV2" }
    | { kind: "Session"; moduleBytes: Uint8Array; isInstallUpgrade: boolean; runtime: "VmCasperV1" | "VmCasperV2" };
  entryPoint: WireEntryPoint;
  scheduling: "Standard";
  approvals: WireApproval[];
  payloadBytes: Uint8Array;
  /** `TransactionV1::serialized_length()`, what the lane size limit bounds. */
  serializedLength: number;
}

/** Builds one calltable envelope from its fields, in index order. */
export function calltable(fields: Uint8Array[]): Uint8Array {
  const w = new ByteWriter().u32(fields.length);
  let offset = 0;
  fields.forEach((f, index) => {
    w.u16(index).u32(offset);
    offset += f.length;
  });
  w.u32(offset);
  for (const f of fields) w.raw(f);
  return w.toBytes();
}

const u8b = (n: number) => new ByteWriter().u8(n).toBytes();
const u64b = (n: bigint) => new ByteWriter().u64(n).toBytes();
const boolb = (b: boolean) => new ByteWriter().bool(b).toBytes();
const strb = (s: string) => new ByteWriter().string(s).toBytes();

// casper-node 2.0 transaction_entry_point.rs: *_VARIANT_TAG
const ENTRY_POINT_TAGS: Record<string, number> = {
  Call: 0, Custom: 1, Transfer: 2, AddBid: 3, WithdrawBid: 4, Delegate: 5, Undelegate: 6, Redelegate: 7,
  ActivateBid: 8, ChangeBidPublicKey: 9, AddReservations: 10, CancelReservations: 11, Burn: 12,
};

export function readTransactionV1Json(json: unknown): WireTransactionV1 {
  const t = record(json, "transaction");
  const payload = onlyFields(record(t.payload, "transaction.payload"), ["initiator_addr", "timestamp", "ttl", "chain_name", "pricing_mode", "fields"], "transaction.payload");
  const hash = fromHex(t.hash, "transaction.hash", 32);

  const initiatorJson = record(payload.initiator_addr, "transaction.payload.initiator_addr");
  const initiator: WireTransactionV1["initiator"] = {};
  let initiatorBytes: Uint8Array;
  if ("PublicKey" in initiatorJson) {
    initiator.publicKey = parsePublicKeyHex(initiatorJson.PublicKey, "transaction.payload.initiator_addr.PublicKey");
    initiatorBytes = calltable([u8b(0), initiator.publicKey.bytes]);
  } else if ("AccountHash" in initiatorJson) {
    const text = str(initiatorJson.AccountHash, "transaction.payload.initiator_addr.AccountHash");
    initiator.accountHash = fromHex(text.replace(/^account-hash-/, ""), "transaction.payload.initiator_addr.AccountHash", 32);
    initiatorBytes = calltable([u8b(1), initiator.accountHash]);
  } else {
    throw new TypeError("transaction.payload.initiator_addr: expected PublicKey or AccountHash");
  }

  const timestampMs = wrap("transaction.payload.timestamp", () => parseTimestamp(payload.timestamp));
  const ttlMs = wrap("transaction.payload.ttl", () => parseTimeDiff(str(payload.ttl, "transaction.payload.ttl")));
  const chainName = str(payload.chain_name, "transaction.payload.chain_name");
  const { pricing, bytes: pricingBytes } = readPricingMode(payload.pricing_mode);

  const fields = record(payload.fields, "transaction.payload.fields");
  const known = ["args", "target", "entry_point", "scheduling"];
  for (const k of Object.keys(fields)) {
    if (!known.includes(k)) throw new TypeError(`transaction.payload.fields: unknown field '${k}'`);
  }
  const argsRead = readTransactionArgs(fields.args);
  const targetRead = readTarget(fields.target);
  const entryRead = readEntryPoint(fields.entry_point);
  if (fields.scheduling !== "Standard") {
    throw new TypeError(`transaction.payload.fields.scheduling: only "Standard" is supported, got ${JSON.stringify(fields.scheduling)}`);
  }
  const schedulingBytes = calltable([u8b(0)]);

  // fields: BTreeMap<u16, Bytes> with keys 0 args, 1 target, 2 entry_point, 3 scheduling.
  const fieldsMap = new ByteWriter().u32(4);
  [argsRead.bytes, targetRead.bytes, entryRead.bytes, schedulingBytes].forEach((b, key) => fieldsMap.u16(key).lengthPrefixed(b));

  const payloadBytes = calltable([
    initiatorBytes,
    u64b(timestampMs),
    u64b(ttlMs),
    strb(chainName),
    pricingBytes,
    fieldsMap.toBytes(),
  ]);
  const approvals = readApprovals(t.approvals, "transaction.approvals");
  const approvalsBytes = new ByteWriter().u32(approvals.length);
  for (const a of approvals) approvalsBytes.raw(a.signer.bytes).raw(a.signature.bytes);
  const serializedLength = calltable([hash, payloadBytes, approvalsBytes.toBytes()]).length;

  return {
    hash,
    initiator,
    timestampMs,
    ttlMs,
    chainName,
    pricing,
    args: argsRead.args,
    argsLength: argsRead.bytes.length,
    target: targetRead.target,
    entryPoint: entryRead.entryPoint,
    scheduling: "Standard",
    approvals,
    payloadBytes,
    serializedLength,
  };
}

export function transactionV1PayloadHash(tx: WireTransactionV1): Uint8Array {
  return blake2b256(tx.payloadBytes);
}

function readPricingMode(json: unknown): { pricing: WireTransactionV1["pricing"]; bytes: Uint8Array } {
  const where = "transaction.payload.pricing_mode";
  const outer = record(json, where);
  if ("PaymentLimited" in outer) {
    const p = onlyFields(record(outer.PaymentLimited, `${where}.PaymentLimited`), ["payment_amount", "gas_price_tolerance", "standard_payment"], `${where}.PaymentLimited`);
    const paymentAmount = u64(p.payment_amount, `${where}.PaymentLimited.payment_amount`);
    const gasPriceTolerance = u8(p.gas_price_tolerance, `${where}.PaymentLimited.gas_price_tolerance`);
    const standardPayment = bool(p.standard_payment, `${where}.PaymentLimited.standard_payment`);
    return {
      pricing: { mode: "PaymentLimited", paymentAmount, gasPriceTolerance, standardPayment },
      bytes: calltable([u8b(0), u64b(paymentAmount), u8b(gasPriceTolerance), boolb(standardPayment)]),
    };
  }
  if ("Fixed" in outer) {
    const p = onlyFields(record(outer.Fixed, `${where}.Fixed`), ["gas_price_tolerance", "additional_computation_factor"], `${where}.Fixed`);
    const gasPriceTolerance = u8(p.gas_price_tolerance, `${where}.Fixed.gas_price_tolerance`);
    const additionalComputationFactor = u8(p.additional_computation_factor ?? 0, `${where}.Fixed.additional_computation_factor`);
    return {
      pricing: { mode: "Fixed", gasPriceTolerance, additionalComputationFactor },
      bytes: calltable([u8b(1), u8b(gasPriceTolerance), u8b(additionalComputationFactor)]),
    };
  }
  if ("Prepaid" in outer) {
    const p = onlyFields(record(outer.Prepaid, `${where}.Prepaid`), ["receipt"], `${where}.Prepaid`);
    const receipt = fromHex(p.receipt, `${where}.Prepaid.receipt`, 32);
    return { pricing: { mode: "Prepaid", receipt }, bytes: calltable([u8b(2), receipt]) };
  }
  throw new TypeError(`${where}: expected PaymentLimited, Fixed or Prepaid`);
}

function readTransactionArgs(json: unknown): { args: WireTransactionV1["args"]; bytes: Uint8Array } {
  const where = "transaction.payload.fields.args";
  const outer = record(json, where);
  if ("Named" in outer) {
    const { args, bytes } = readRuntimeArgs(outer.Named, `${where}.Named`);
    return { args: { kind: "Named", named: args }, bytes: new ByteWriter().u8(0).raw(bytes).toBytes() };
  }
  if ("Bytesrepr" in outer) {
    const raw = fromHex(outer.Bytesrepr, `${where}.Bytesrepr`);
    return { args: { kind: "Bytesrepr", bytes: raw }, bytes: new ByteWriter().u8(1).lengthPrefixed(raw).toBytes() };
  }
  throw new TypeError(`${where}: expected Named or Bytesrepr`);
}

function readRuntime(json: unknown, where: string): { runtime: "VmCasperV1" | "VmCasperV2"; bytes: Uint8Array } {
  if (json === "VmCasperV1") return { runtime: "VmCasperV1", bytes: calltable([u8b(0)]) };
  const outer = json !== null && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  if ("VmCasperV2" in outer) {
    const v = record(outer.VmCasperV2, `${where}.VmCasperV2`);
    const transferred = u64(v.transferred_value ?? 0, `${where}.VmCasperV2.transferred_value`);
    const seed = v.seed === null || v.seed === undefined ? null : fromHex(v.seed, `${where}.VmCasperV2.seed`, 32);
    const seedBytes = seed ? new ByteWriter().u8(1).raw(seed).toBytes() : u8b(0);
    return { runtime: "VmCasperV2", bytes: calltable([u8b(1), u64b(transferred), seedBytes]) };
  }
  throw new TypeError(`${where}: expected "VmCasperV1" or VmCasperV2, got ${JSON.stringify(json)}`);
}

function readTarget(json: unknown): { target: WireTransactionV1["target"]; bytes: Uint8Array } {
  const where = "transaction.payload.fields.target";
  if (json === "Native") return { target: { kind: "Native" }, bytes: calltable([u8b(0)]) };
  const outer = record(json, where);
  if ("Stored" in outer) {
    const s = record(outer.Stored, `${where}.Stored`);
    const id = readInvocationTarget(s.id, `${where}.Stored.id`);
    const rt = readRuntime(s.runtime, `${where}.Stored.runtime`);
    return { target: { kind: "Stored", id: s.id, runtime: rt.runtime }, bytes: calltable([u8b(1), id, rt.bytes]) };
  }
  if ("Session" in outer) {
    const s = record(outer.Session, `${where}.Session`);
    const moduleBytes = fromHex(s.module_bytes, `${where}.Session.module_bytes`);
    const isInstallUpgrade = bool(s.is_install_upgrade, `${where}.Session.is_install_upgrade`);
    const rt = readRuntime(s.runtime, `${where}.Session.runtime`);
    return {
      target: { kind: "Session", moduleBytes, isInstallUpgrade, runtime: rt.runtime },
      bytes: calltable([u8b(2), boolb(isInstallUpgrade), rt.bytes, new ByteWriter().lengthPrefixed(moduleBytes).toBytes()]),
    };
  }
  throw new TypeError(`${where}: expected "Native", Stored or Session`);
}

function readInvocationTarget(json: unknown, where: string): Uint8Array {
  const outer = record(json, where);
  const optionU32 = (v: unknown, at: string) =>
    v === null || v === undefined ? u8b(0) : new ByteWriter().u8(1).u32(u32(v, at)).toBytes();
  const rejectVersionKey = (p: Record<string, unknown>, at: string) => {
    for (const k of ["protocol_version_major", "version_key"]) {
      if (p[k] !== null && p[k] !== undefined) throw new TypeError(`${at}.${k}: not supported by this node`);
    }
  };
  if ("ByHash" in outer) return calltable([u8b(0), fromHex(outer.ByHash, `${where}.ByHash`, 32)]);
  if ("ByName" in outer) return calltable([u8b(1), strb(str(outer.ByName, `${where}.ByName`))]);
  if ("ByPackageHash" in outer) {
    const p = record(outer.ByPackageHash, `${where}.ByPackageHash`);
    rejectVersionKey(p, `${where}.ByPackageHash`);
    return calltable([u8b(2), fromHex(p.addr, `${where}.ByPackageHash.addr`, 32), optionU32(p.version, `${where}.ByPackageHash.version`)]);
  }
  if ("ByPackageName" in outer) {
    const p = record(outer.ByPackageName, `${where}.ByPackageName`);
    rejectVersionKey(p, `${where}.ByPackageName`);
    return calltable([u8b(3), strb(str(p.name, `${where}.ByPackageName.name`)), optionU32(p.version, `${where}.ByPackageName.version`)]);
  }
  throw new TypeError(`${where}: expected ByHash, ByName, ByPackageHash or ByPackageName`);
}

function readEntryPoint(json: unknown): { entryPoint: WireEntryPoint; bytes: Uint8Array } {
  const where = "transaction.payload.fields.entry_point";
  if (typeof json === "string" && json !== "Custom" && json in ENTRY_POINT_TAGS) {
    return { entryPoint: { name: json }, bytes: calltable([u8b(ENTRY_POINT_TAGS[json])]) };
  }
  const outer = record(json, where);
  if ("Custom" in outer) {
    const name = str(outer.Custom, `${where}.Custom`);
    return { entryPoint: { name: "Custom", custom: name }, bytes: calltable([u8b(1), strb(name)]) };
  }
  throw new TypeError(`${where}: unknown entry point ${JSON.stringify(json)}`);
}

function u8(value: unknown, where: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 255) return value;
  throw new TypeError(`${where}: expected a u8, got ${JSON.stringify(value)}`);
}

function u32(value: unknown, where: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return value;
  throw new TypeError(`${where}: expected a u32, got ${JSON.stringify(value)}`);
}

function bool(value: unknown, where: string): boolean {
  if (typeof value === "boolean") return value;
  throw new TypeError(`${where}: expected true or false, got ${JSON.stringify(value)}`);
}

export { array };
