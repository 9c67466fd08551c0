// Records the engine writes for every deploy: Transfer (transfer.rs) under Key::Transfer and
// DeployInfo (deploy_info.rs) under Key::DeployInfo.

import { type URef, readURef, writeURef } from "./key.ts";
import { ByteReader } from "./reader.ts";
import { ByteWriter } from "./writer.ts";

export interface TransferRecord {
  readonly deployHash: Uint8Array;
  readonly from: Uint8Array;
  readonly to: Uint8Array | undefined;
  readonly source: URef;
  readonly target: URef;
  readonly amount: bigint;
  readonly gas: bigint;
  readonly id: bigint | undefined;
}

export interface DeployInfo {
  readonly deployHash: Uint8Array;
  /** transfer addresses (Key::Transfer payloads) */
  readonly transfers: readonly Uint8Array[];
  readonly from: Uint8Array;
  readonly source: URef;
  readonly gas: bigint;
}

function readOption<T>(r: ByteReader, what: string, read: () => T): T | undefined {
  const tag = r.u8(`${what} tag`);
  if (tag === 0) return undefined;
  if (tag === 1) return read();
  throw new Error(`${what}: invalid Option tag ${tag}`);
}

export function readTransfer(r: ByteReader): TransferRecord {
  const deployHash = r.raw(32, "Transfer.deploy_hash");
  const from = r.raw(32, "Transfer.from");
  const to = readOption(r, "Transfer.to", () => r.raw(32, "Transfer.to"));
  const source = readURef(r, "Transfer.source");
  const target = readURef(r, "Transfer.target");
  const amount = r.bigUint(64, "Transfer.amount");
  const gas = r.bigUint(64, "Transfer.gas");
  const id = readOption(r, "Transfer.id", () => r.u64("Transfer.id"));
  return { deployHash, from, to, source, target, amount, gas, id };
}

export function writeTransfer(w: ByteWriter, t: TransferRecord): void {
  w.raw(t.deployHash).raw(t.from);
  if (t.to) w.u8(1).raw(t.to);
  else w.u8(0);
  writeURef(w, t.source);
  writeURef(w, t.target);
  w.bigUint(t.amount, 64, "Transfer.amount").bigUint(t.gas, 64, "Transfer.gas");
  if (t.id !== undefined) w.u8(1).u64(t.id);
  else w.u8(0);
}

export function readDeployInfo(r: ByteReader): DeployInfo {
  const deployHash = r.raw(32, "DeployInfo.deploy_hash");
  const n = r.u32("DeployInfo.transfers.length");
  const transfers: Uint8Array[] = [];
  for (let i = 0; i < n; i++) transfers.push(r.raw(32, "DeployInfo.transfers"));
  const from = r.raw(32, "DeployInfo.from");
  const source = readURef(r, "DeployInfo.source");
  return { deployHash, transfers, from, source, gas: r.bigUint(64, "DeployInfo.gas") };
}

export function writeDeployInfo(w: ByteWriter, d: DeployInfo): void {
  w.raw(d.deployHash).u32(d.transfers.length);
  for (const t of d.transfers) w.raw(t);
  w.raw(d.from);
  writeURef(w, d.source);
  w.bigUint(d.gas, 64, "DeployInfo.gas");
}
