// Reads a Deploy from the JSON a client sends to `account_put_deploy` and rebuilds its exact bytes
// (header, body, approvals), independently of casper-js-sdk, so the node can check the claimed hashes
// and signatures itself. Layouts: casper-node v1.5.8 node/src/types/deploy.rs (`ToBytes for Deploy`),
// deploy/deploy_header.rs, execution_engine/src/core/engine_state/executable_deploy_item.rs.
// Anything malformed is a TypeError whose message names the field; the RPC layer answers it with
// "Invalid params" as the node does when serde cannot read the deploy.
import { ByteWriter, blake2b256, describe, fromHex, toHex } from "./bytes.ts";
import { writeCLType } from "../bytesrepr/cl-type.ts";
import { clTypeFromJson } from "./cl-type-json.ts";
import { parsePublicKeyHex, parseSignatureHex, type Tagged } from "./signatures.ts";
import { parseTimeDiff, parseTimestamp } from "../bytesrepr/time-format.ts";

/** One named runtime argument, kept as the bytes the node hashes. */
export interface WireArg {
  name: string;
  clType: unknown;
  /** The CLValue's own bytes (without the length prefix and type). */
  value: Uint8Array;
  /** The CLType's tag bytes. */
  typeBytes: Uint8Array;
}

export type DeployItemKind =
  | "ModuleBytes"
  | "StoredContractByHash"
  | "StoredContractByName"
  | "StoredVersionedContractByHash"
  | "StoredVersionedContractByName"
  | "Transfer";

export interface WireDeployItem {
  kind: DeployItemKind;
  moduleBytes?: Uint8Array;
  hash?: Uint8Array;
  name?: string;
  version?: number | null;
  entryPoint?: string;
  args: WireArg[];
  /** `ToBytes` of the item (tag first). */
  bytes: Uint8Array;
  /** `serialized_length()` of its RuntimeArgs. */
  argsLength: number;
}

export interface WireApproval {
  signer: Tagged;
  signature: Tagged;
}

export interface WireDeploy {
  hash: Uint8Array;
  header: {
    account: Tagged;
    timestampMs: bigint;
    ttlMs: bigint;
    gasPrice: bigint;
    bodyHash: Uint8Array;
    dependencies: Uint8Array[];
    chainName: string;
  };
  headerBytes: Uint8Array;
  payment: WireDeployItem;
  session: WireDeployItem;
  /** As a BTreeSet<Approval> holds them: sorted and without duplicates. */
  approvals: WireApproval[];
  /** `Deploy::serialized_length()`, what `max_deploy_size` limits. */
  serializedLength: number;
}

const ITEM_TAGS: Record<DeployItemKind, number> = {
  ModuleBytes: 0,
  StoredContractByHash: 1,
  StoredContractByName: 2,
  StoredVersionedContractByHash: 3,
  StoredVersionedContractByName: 4,
  Transfer: 5,
};

export function readDeployJson(json: unknown): WireDeploy {
  const d = onlyFields(record(json, "deploy"), ["hash", "header", "payment", "session", "approvals"], "deploy");
  const header = onlyFields(record(d.header, "deploy.header"), ["account", "timestamp", "ttl", "gas_price", "body_hash", "dependencies", "chain_name"], "deploy.header");
  const account = parsePublicKeyHex(header.account, "deploy.header.account");
  const timestampMs = wrap("deploy.header.timestamp", () => parseTimestamp(header.timestamp));
  const ttlMs = wrap("deploy.header.ttl", () => parseTimeDiff(str(header.ttl, "deploy.header.ttl")));
  const gasPrice = u64(header.gas_price, "deploy.header.gas_price");
  const bodyHash = fromHex(header.body_hash, "deploy.header.body_hash", 32);
  const deps = array(header.dependencies, "deploy.header.dependencies").map((h, i) =>
    fromHex(h, `deploy.header.dependencies[${i}]`, 32),
  );
  const chainName = str(header.chain_name, "deploy.header.chain_name");

  const hw = new ByteWriter().raw(account.bytes).u64(timestampMs).u64(ttlMs).u64(gasPrice).raw(bodyHash);
  hw.u32(deps.length);
  for (const dep of deps) hw.raw(dep);
  hw.string(chainName);
  const headerBytes = hw.toBytes();

  const payment = readDeployItem(d.payment, "deploy.payment");
  const session = readDeployItem(d.session, "deploy.session");
  const approvals = readApprovals(d.approvals, "deploy.approvals");
  const hash = fromHex(d.hash, "deploy.hash", 32);

  const approvalsLength = 4 + approvals.reduce((n, a) => n + a.signer.bytes.length + a.signature.bytes.length, 0);
  const serializedLength = headerBytes.length + 32 + payment.bytes.length + session.bytes.length + approvalsLength;

  return {
    hash,
    header: { account, timestampMs, ttlMs, gasPrice, bodyHash, dependencies: deps, chainName },
    headerBytes,
    payment,
    session,
    approvals,
    serializedLength,
  };
}

/** blake2b256(payment bytes ‖ session bytes): what `header.body_hash` must equal. */
export function deployBodyHash(deploy: WireDeploy): Uint8Array {
  return blake2b256(new ByteWriter().raw(deploy.payment.bytes).raw(deploy.session.bytes).toBytes());
}

/** blake2b256(header bytes): what `hash` must equal. */
export function deployHeaderHash(deploy: WireDeploy): Uint8Array {
  return blake2b256(deploy.headerBytes);
}

/** The fields of each ExecutableDeployItem variant (executable_deploy_item.rs, deny_unknown_fields). */
const ITEM_FIELDS: Record<DeployItemKind, readonly string[]> = {
  ModuleBytes: ["module_bytes", "args"],
  StoredContractByHash: ["hash", "entry_point", "args"],
  StoredContractByName: ["name", "entry_point", "args"],
  StoredVersionedContractByHash: ["hash", "version", "entry_point", "args"],
  StoredVersionedContractByName: ["name", "version", "entry_point", "args"],
  Transfer: ["args"],
};

export function readDeployItem(json: unknown, where: string): WireDeployItem {
  const outer = record(json, where);
  const keys = Object.keys(outer);
  if (keys.length !== 1 || !(keys[0] in ITEM_TAGS)) {
    throw new TypeError(`${where}: expected one of ${Object.keys(ITEM_TAGS).join(", ")}, got ${keys.join(", ") || "nothing"}`);
  }
  const kind = keys[0] as DeployItemKind;
  const at = `${where}.${kind}`;
  const body = onlyFields(record(outer[kind], at), ITEM_FIELDS[kind], at);
  const w = new ByteWriter().u8(ITEM_TAGS[kind]);
  const item: Partial<WireDeployItem> = { kind };
  switch (kind) {
    case "ModuleBytes":
      item.moduleBytes = fromHex(body.module_bytes, `${at}.module_bytes`);
      w.lengthPrefixed(item.moduleBytes);
      break;
    case "StoredContractByHash":
      item.hash = fromHex(body.hash, `${at}.hash`, 32);
      item.entryPoint = str(body.entry_point, `${at}.entry_point`);
      w.raw(item.hash).string(item.entryPoint);
      break;
    case "StoredContractByName":
      item.name = str(body.name, `${at}.name`);
      item.entryPoint = str(body.entry_point, `${at}.entry_point`);
      w.string(item.name).string(item.entryPoint);
      break;
    case "StoredVersionedContractByHash":
    case "StoredVersionedContractByName":
      if (kind === "StoredVersionedContractByHash") {
        item.hash = fromHex(body.hash, `${at}.hash`, 32);
        w.raw(item.hash);
      } else {
        item.name = str(body.name, `${at}.name`);
        w.string(item.name);
      }
      item.version = body.version === undefined || body.version === null ? null : u32(body.version, `${at}.version`);
      if (item.version === null) w.u8(0);
      else w.u8(1).u32(item.version);
      item.entryPoint = str(body.entry_point, `${at}.entry_point`);
      w.string(item.entryPoint);
      break;
    case "Transfer":
      break;
  }
  const { args, bytes: argsBytes } = readRuntimeArgs(body.args, `${at}.args`);
  w.raw(argsBytes);
  return { ...(item as WireDeployItem), args, bytes: w.toBytes(), argsLength: argsBytes.length };
}

/** `RuntimeArgs` JSON ([[name, {cl_type, bytes, parsed}], ...]) and its bytes. */
export function readRuntimeArgs(json: unknown, where: string): { args: WireArg[]; bytes: Uint8Array } {
  const list = array(json, where);
  const w = new ByteWriter().u32(list.length);
  const args = list.map((entry, i) => {
    const at = `${where}[${i}]`;
    if (!Array.isArray(entry) || entry.length !== 2) throw new TypeError(`${at}: expected [name, CLValue]`);
    const name = str(entry[0], `${at}[0]`);
    const clv = record(entry[1], `${at} '${name}'`);
    const value = fromHex(clv.bytes, `${at} '${name}'.bytes`);
    const tw = new ByteWriter();
    writeCLType(tw, clTypeFromJson(clv.cl_type, `${at} '${name}'.cl_type`));
    const typeBytes = tw.toBytes();
    w.string(name).lengthPrefixed(value).raw(typeBytes);
    return { name, clType: clv.cl_type, value, typeBytes };
  });
  return { args, bytes: w.toBytes() };
}

export function readApprovals(json: unknown, where: string): WireApproval[] {
  const list = array(json, where).map((a, i) => {
    const r = onlyFields(record(a, `${where}[${i}]`), ["signer", "signature"], `${where}[${i}]`);
    return {
      signer: parsePublicKeyHex(r.signer, `${where}[${i}].signer`),
      signature: parseSignatureHex(r.signature, `${where}[${i}].signature`),
    };
  });
  // BTreeSet<Approval> orders by (signer, signature) and drops duplicates.
  const keyed = new Map(list.map((a) => [a.signer.hex + a.signature.hex, a]));
  return [...keyed.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, a]) => a);
}

// ---- small typed readers; each error names the field ----

/**
 * casper-types derives Deserialize with `deny_unknown_fields` on Deploy, DeployHeader,
 * ExecutableDeployItem, Approval, the TransactionV1 payload and its pricing mode: a node refuses a
 * field it does not know (serde's words), where a lenient reader would accept and store it.
 */
export function onlyFields(value: Record<string, unknown>, fields: readonly string[], where: string): Record<string, unknown> {
  for (const k of Object.keys(value)) {
    if (fields.includes(k)) continue;
    const expected = fields.length === 1 ? `\`${fields[0]}\`` : fields.length === 2 ? `\`${fields[0]}\` or \`${fields[1]}\`` : `one of ${fields.map((f) => `\`${f}\``).join(", ")}`;
    throw new TypeError(`${where}: unknown field \`${k}\`, expected ${expected}`);
  }
  return value;
}

export function record(value: unknown, where: string): Record<string, unknown> {
  if (value === undefined) throw new TypeError(`${where}: missing`);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${where}: expected an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}

export function array(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${where}: expected an array, got ${describe(value)}`);
  return value;
}

export function str(value: unknown, where: string): string {
  if (typeof value !== "string") throw new TypeError(`${where}: expected a string, got ${describe(value)}`);
  return value;
}

export function u64(value: unknown, where: string): bigint {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === "string" && /^\d+$/.test(value) && BigInt(value) < 2n ** 64n) return BigInt(value);
  throw new TypeError(`${where}: expected a u64, got ${describe(value)}`);
}

export function u32(value: unknown, where: string): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return value;
  throw new TypeError(`${where}: expected a u32, got ${describe(value)}`);
}

export function wrap<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new TypeError(`${where}: ${(e as Error).message}`);
  }
}

export { toHex };
