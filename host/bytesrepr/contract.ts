// Contract, ContractPackage and ContractWasm (casper-types v1.5.8 contracts.rs, contract_wasm.rs).
// Versions are keyed by (protocol major, contract version); groups map a label to a set of URefs.

import { compareBytes } from "./hex.ts";
import { CONTRACT_ENTRY_POINTS_2_0, type EntryPoint, readEntryPoints, writeEntryPoints } from "./entry-points.ts";
import { type URef, readURef, writeURef } from "./key.ts";
import { type NamedKeys, readNamedKeys, writeNamedKeys } from "./named-keys.ts";
import { ByteReader } from "./reader.ts";
import { compareRustStrings } from "./utf8.ts";
import { ByteWriter } from "./writer.ts";

export interface ProtocolVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export interface Contract {
  readonly contractPackageHash: Uint8Array;
  readonly contractWasmHash: Uint8Array;
  readonly namedKeys: NamedKeys;
  readonly entryPoints: ReadonlyMap<string, EntryPoint>;
  readonly protocolVersion: ProtocolVersion;
}

export interface ContractVersionKey {
  readonly major: number;
  readonly version: number;
}

export interface ContractVersionEntry extends ContractVersionKey {
  readonly contractHash: Uint8Array;
}

export interface ContractPackage {
  /** URef whose holder may add, disable and enable versions and manage groups */
  readonly accessKey: URef;
  /** all versions, sorted by (major, version) */
  readonly versions: readonly ContractVersionEntry[];
  /** disabled version keys, sorted */
  readonly disabledVersions: readonly ContractVersionKey[];
  /** label -> URefs (sorted, unique) */
  readonly groups: ReadonlyMap<string, readonly URef[]>;
  readonly locked: boolean;
}

export const compareVersionKeys = (a: ContractVersionKey, b: ContractVersionKey): number =>
  a.major !== b.major ? a.major - b.major : a.version - b.version;

/** URef Ord: address bytes, then access rights. */
export const compareURefs = (a: URef, b: URef): number => compareBytes(a.addr, b.addr) || a.rights - b.rights;

export function readProtocolVersion(r: ByteReader): ProtocolVersion {
  return { major: r.u32("ProtocolVersion.major"), minor: r.u32("ProtocolVersion.minor"), patch: r.u32("ProtocolVersion.patch") };
}

export function writeProtocolVersion(w: ByteWriter, v: ProtocolVersion): void {
  w.u32(v.major).u32(v.minor).u32(v.patch);
}

export function readContract(r: ByteReader): Contract {
  const contractPackageHash = r.raw(32, "Contract.contract_package_hash");
  const contractWasmHash = r.raw(32, "Contract.contract_wasm_hash");
  const namedKeys = readNamedKeys(r, "Contract.named_keys");
  // a Contract installed on 2.0 may hold its Factory / Template entry points (never written on 1.5.8)
  const entryPoints = readEntryPoints(r, CONTRACT_ENTRY_POINTS_2_0);
  const protocolVersion = readProtocolVersion(r);
  return { contractPackageHash, contractWasmHash, namedKeys, entryPoints, protocolVersion };
}

export function writeContract(w: ByteWriter, c: Contract): void {
  w.raw(c.contractPackageHash).raw(c.contractWasmHash);
  writeNamedKeys(w, c.namedKeys);
  writeEntryPoints(w, c.entryPoints);
  writeProtocolVersion(w, c.protocolVersion);
}

function readVersionKey(r: ByteReader, what: string): ContractVersionKey {
  return { major: r.u32(`${what}.protocol_version_major`), version: r.u32(`${what}.contract_version`) };
}

function sortUniqueURefs(urefs: URef[]): URef[] {
  urefs.sort(compareURefs);
  return urefs.filter((u, i) => i === 0 || compareURefs(urefs[i - 1], u) !== 0);
}

export function readContractPackage(r: ByteReader): ContractPackage {
  const accessKey = readURef(r, "ContractPackage.access_key");
  const byKey = new Map<string, ContractVersionEntry>();
  const nVersions = r.u32("ContractPackage.versions.length");
  for (let i = 0; i < nVersions; i++) {
    const k = readVersionKey(r, "ContractPackage.versions key");
    byKey.set(`${k.major}.${k.version}`, { ...k, contractHash: r.raw(32, "ContractPackage.versions hash") });
  }
  const disabled = new Map<string, ContractVersionKey>();
  const nDisabled = r.u32("ContractPackage.disabled_versions.length");
  for (let i = 0; i < nDisabled; i++) {
    const k = readVersionKey(r, "ContractPackage.disabled_versions");
    disabled.set(`${k.major}.${k.version}`, k);
  }
  const groups = new Map<string, URef[]>();
  const nGroups = r.u32("ContractPackage.groups.length");
  for (let i = 0; i < nGroups; i++) {
    const label = r.string("ContractPackage.groups label");
    const n = r.u32(`ContractPackage.groups[${label}].length`);
    const urefs: URef[] = [];
    for (let j = 0; j < n; j++) urefs.push(readURef(r, `ContractPackage.groups[${label}]`));
    groups.set(label, sortUniqueURefs(urefs));
  }
  const locked = r.bool("ContractPackage.lock_status");
  return {
    accessKey,
    versions: [...byKey.values()].sort(compareVersionKeys),
    disabledVersions: [...disabled.values()].sort(compareVersionKeys),
    groups: new Map([...groups.entries()].sort((a, b) => compareRustStrings(a[0], b[0]))),
    locked,
  };
}

export function writeContractPackage(w: ByteWriter, p: ContractPackage): void {
  writeURef(w, p.accessKey);
  const versions = [...p.versions].sort(compareVersionKeys);
  w.u32(versions.length);
  for (const v of versions) w.u32(v.major).u32(v.version).raw(v.contractHash);
  const disabled = [...p.disabledVersions].sort(compareVersionKeys);
  w.u32(disabled.length);
  for (const v of disabled) w.u32(v.major).u32(v.version);
  const labels = [...p.groups.keys()].sort(compareRustStrings);
  w.u32(labels.length);
  for (const label of labels) {
    const urefs = sortUniqueURefs([...p.groups.get(label)!]);
    w.string(label).u32(urefs.length);
    for (const u of urefs) writeURef(w, u);
  }
  w.bool(p.locked);
}

// ---- package queries, as contracts.rs defines them -------------------------------------------

export function isVersionDisabled(p: ContractPackage, k: ContractVersionKey): boolean {
  return p.disabledVersions.some((d) => d.major === k.major && d.version === k.version);
}

export function findVersionByHash(p: ContractPackage, contractHash: Uint8Array): ContractVersionEntry | undefined {
  return p.versions.find((v) => compareBytes(v.contractHash, contractHash) === 0);
}

/** `is_contract_enabled`: the hash is a version of this package and that version is not disabled. */
export function isContractEnabled(p: ContractPackage, contractHash: Uint8Array): boolean {
  const v = findVersionByHash(p, contractHash);
  return v !== undefined && !isVersionDisabled(p, v);
}

/** `lookup_contract_hash`: the hash of an enabled version. */
export function lookupContractHash(p: ContractPackage, k: ContractVersionKey): Uint8Array | undefined {
  if (isVersionDisabled(p, k)) return undefined;
  return p.versions.find((v) => v.major === k.major && v.version === k.version)?.contractHash;
}

/** `current_contract_version`: the highest enabled version key. */
export function currentContractVersion(p: ContractPackage): ContractVersionEntry | undefined {
  for (let i = p.versions.length - 1; i >= 0; i--) if (!isVersionDisabled(p, p.versions[i])) return p.versions[i];
  return undefined;
}

/** `next_contract_version_for`: one past the highest version under this protocol major. */
export function nextContractVersion(p: ContractPackage, major: number): number {
  let current = 0;
  for (const v of p.versions) if (v.major === major && v.version > current) current = v.version;
  return current + 1;
}
