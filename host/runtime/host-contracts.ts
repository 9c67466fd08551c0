// Contracts from wasm: packages and versions (casper_create_contract_package_at_hash,
// casper_add_contract_version, casper_disable/enable_contract_version), user groups, and calls
// (casper_call_contract, casper_call_versioned_contract, casper_load_call_stack) (runtime/mod.rs).

import { CLT, clList } from "../bytesrepr/cl-type.ts";
import type { CLValue } from "../bytesrepr/cl-value.ts";
import {
  type ContractPackage, type ContractVersionEntry, compareURefs, compareVersionKeys, currentContractVersion,
  findVersionByHash, isVersionDisabled, nextContractVersion,
} from "../bytesrepr/contract.ts";
import { ENTITY_ENTRY_POINTS_2_0, type EntryPoint, entryPointsByName, readEntryPoints } from "../bytesrepr/entry-points.ts";
import { readTopicOperations } from "../bytesrepr/messages.ts";
import { utf8Encode } from "../bytesrepr/utf8.ts";
import type { TraceEntry } from "./trace.ts";
import { BytesreprError } from "../bytesrepr/errors.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { AccessRights, type Key, type URef, encodeURef, formatKey, hashKey, readURef } from "../bytesrepr/key.ts";
import { readNamedKeys } from "../bytesrepr/named-keys.ts";
import { readRuntimeArgs } from "../bytesrepr/runtime-args.ts";
import { ByteWriter } from "../bytesrepr/writer.ts";
import { ApiErrorCode, apiError } from "./api-error.ts";
import { execErrors } from "./errors.ts";
import type { HostFn } from "./dispatch.ts";
import { carryForwardTopics } from "./host-messages.ts";
import { ADD_CONTRACT_VERSION } from "./protocol/add-contract-version.ts";
import { rulesFor } from "./protocol/by-protocol.ts";
import { INSTALL_UPGRADE_RULES } from "./protocol/install-upgrade.ts";
import { type Runtime, extractURefsChecked } from "./runtime.ts";

export const MAX_GROUPS = 10;
export const MAX_TOTAL_UREFS = 100;
/** contracts.rs Error, returned as ApiError::ContractHeader(n) */
const ContractHeader = { PreviouslyUsedVersion: 1, ContractNotFound: 2, GroupAlreadyExists: 3, MaxGroupsExceeded: 4, MaxTotalURefsExceeded: 5, GroupDoesNotExist: 6, UnableToRemoveURef: 7, GroupInUse: 8, URefAlreadyExists: 9 } as const;
const header = (n: number) => apiError.contractHeader(n);

const hash32 = (rt: Runtime, ptr: number, size: number, what: string) => rt.fromMem(ptr, size, what, (r) => r.raw(32, what));

function writePackage(rt: Runtime, packageHash: Uint8Array, pkg: ContractPackage): void {
  rt.context.writeGsUnsafe(hashKey(packageHash), { kind: "ContractPackage", pkg });
}

function readURefSet(rt: Runtime, ptr: number, size: number): URef[] {
  return rt.fromMem(ptr, size, "BTreeSet<URef>", (r) => {
    const n = r.u32("BTreeSet<URef>.length");
    const out: URef[] = [];
    for (let i = 0; i < n; i++) out.push(readURef(r));
    return out;
  });
}

function uniqueSorted(urefs: URef[]): URef[] {
  urefs.sort(compareURefs);
  return urefs.filter((u, i) => i === 0 || compareURefs(urefs[i - 1], u) !== 0);
}

/**
 * `add_contract_version` (runtime/mod.rs; 2.0: add_contract_version_by_contract_package): a new version
 * of a package whose access key the caller holds. `pruneTo` names the entry points the stored wasm
 * keeps (2.0's topic variants prune by the map keys on the wire, store by name); `topics` are the
 * message topics to register (2.0), which may end it with an ApiError code before anything is stored;
 * so may an execution that may not add versions (install-upgrade.ts).
 */
function addContractVersion(
  rt: Runtime,
  packageHash: Uint8Array,
  entryPoints: Map<string, EntryPoint>,
  namedKeys: Map<string, Key>,
  t: TraceEntry | undefined,
  options: { pruneTo?: readonly string[]; topics?: readonly string[] } = {},
): { contractHash: Uint8Array; version: number } | number {
  const ctx = rt.context;
  if (t) t.detail = { package: formatKey(hashKey(packageHash)), entryPoints: [...entryPoints.keys()], namedKeys: [...namedKeys.keys()] };
  if (!rulesFor(INSTALL_UPGRADE_RULES, rt.exec.config.protocol).mayAddContractVersion(rt.exec.executionKind)) {
    return ApiErrorCode.NotAllowedToAddContractVersion;
  }
  const pkg = ctx.getValidatedContractPackage(packageHash);
  if (pkg.locked && currentContractVersion(pkg)) throw execErrors.lockedContract();
  for (const k of namedKeys.values()) ctx.validateKey(k);

  const wasmHash = ctx.newHashAddress();
  const loaded = rt.loaded;
  if (!loaded) throw execErrors.wasmPreprocessing("Missing module");
  const wasm = rt.exec.modules.storedBytesFor(loaded, options.pruneTo ?? [...entryPoints.keys()]);
  const contractHash = ctx.newHashAddress();

  const pv = rt.exec.config.protocolVersion;
  // contracts carry the current version's named keys forward; on a clash the previous value wins
  // (BTreeMap::append in runtime/mod.rs add_contract_version)
  const current = currentContractVersion(pkg);
  if (current) {
    const previous = ctx.readContract(current.contractHash);
    for (const [name, key] of previous.namedKeys) namedKeys.set(name, key);
  }
  if (options.topics) {
    const status = carryForwardTopics(rt, current?.contractHash, contractHash, options.topics);
    if (status !== 0) return status;
  }
  const version = nextContractVersion(pkg, pv.major);
  const entry: ContractVersionEntry = { major: pv.major, version, contractHash };
  const nextPkg: ContractPackage = { ...pkg, versions: [...pkg.versions, entry].sort(compareVersionKeys) };

  ctx.writeGsUnsafe(hashKey(wasmHash), { kind: "ContractWasm", wasm });
  ctx.writeGsUnsafe(hashKey(contractHash), {
    kind: "Contract",
    contract: { contractPackageHash: packageHash, contractWasmHash: wasmHash, namedKeys, entryPoints, protocolVersion: pv },
  });
  writePackage(rt, packageHash, nextPkg);
  if (t) Object.assign(t.detail, { contract: formatKey(hashKey(contractHash)), version });
  return { contractHash, version };
}

/**
 * Casper 2.0 add_contract_version_with_message_topics / add_package_version_with_message_topics
 * (runtime/externals.rs): no bytes_written; output_size < 32 is refused before anything is read;
 * entry points in the EntityEntryPoint format; topic names over messages_limits.max_topic_name_size
 * bytes refused; the topics registered for the new version (legacy mode: the same ContractPackage /
 * Contract records as add_contract_version).
 */
function addVersionWithTopics(rt: Runtime, [pkgPtr, pkgSize, versionPtr, epPtr, epSize, nkPtr, nkSize, topicsPtr, topicsSize, outPtr, outSize]: readonly number[], t: TraceEntry | undefined): number {
  if ((outSize >>> 0) < 32) return ApiErrorCode.BufferTooSmall;
  const packageHash = hash32(rt, pkgPtr, pkgSize, "PackageHash");
  const wireEntryPoints = rt.fromMem(epPtr, epSize, "EntryPoints", (r) => readEntryPoints(r, ENTITY_ENTRY_POINTS_2_0));
  const namedKeys = rt.fromMem(nkPtr, nkSize, "NamedKeys", (r) => readNamedKeys(r));
  const topics = rt.fromMem(topicsPtr, topicsSize, "BTreeMap<String, MessageTopicOperation>", (r) => readTopicOperations(r));
  const maxName = rt.exec.config.maxTopicNameSize;
  if (topics.some((name) => utf8Encode(name).length > maxName)) return ApiErrorCode.MaxTopicNameSizeExceeded;
  const added = addContractVersion(rt, packageHash, entryPointsByName(wireEntryPoints), namedKeys, t, { pruneTo: [...wireEntryPoints.keys()], topics });
  if (typeof added === "number") return added;
  if (t) t.detail.messageTopics = topics;
  rt.setMem(outPtr, added.contractHash);
  rt.writeU32(versionPtr, added.version);
  return 0;
}

/** What call_contract leaves behind: the result in the host buffer (unless empty) and its size. */
function manageCallResult(rt: Runtime, result: CLValue, sizePtr: number): number {
  if (result.bytes.length !== 0) rt.hostBuffer = result;
  rt.writeU32(sizePtr, result.bytes.length);
  return 0;
}

export const HOST_CONTRACTS: Record<string, HostFn> = {
  casper_create_contract_package_at_hash(rt, [hashPtr, accessPtr, isLocked], t) {
    const ctx = rt.context;
    const addr = ctx.newHashAddress();
    const accessKey = ctx.newUnitURef();
    const pkg: ContractPackage = { accessKey, versions: [], disabledVersions: [], groups: new Map(), locked: isLocked !== 0 };
    ctx.writeGsUnsafe(hashKey(addr), { kind: "ContractPackage", pkg });
    if (t) t.detail = { package: formatKey(hashKey(addr)), locked: isLocked !== 0 };
    rt.setMem(hashPtr, addr);
    rt.setMem(accessPtr, accessKey.addr);
  },

  casper_add_contract_version(rt, [pkgPtr, pkgSize, versionPtr, epPtr, epSize, nkPtr, nkSize, outPtr, outSize, writtenPtr], t) {
    const rules = rulesFor(ADD_CONTRACT_VERSION, rt.exec.config.protocol);
    const packageHash = hash32(rt, pkgPtr, pkgSize, "ContractPackageHash");
    const decoded = rt.fromMem(epPtr, epSize, "EntryPoints", (r) => readEntryPoints(r, rules.entryPoints));
    const entryPoints = rules.entryPointsByName ? entryPointsByName(decoded) : decoded;
    const namedKeys = rt.fromMem(nkPtr, nkSize, "NamedKeys", (r) => readNamedKeys(r));
    const added = addContractVersion(rt, packageHash, entryPoints, namedKeys, t);
    if (typeof added === "number") return added;
    if (rules.writesBytesWritten) {
      if ((outSize >>> 0) < 32) return ApiErrorCode.BufferTooSmall;
      rt.setMem(outPtr, added.contractHash);
      rt.writeU32(writtenPtr, 32);
    } else {
      rt.setMem(outPtr, added.contractHash);
    }
    rt.writeU32(versionPtr, added.version);
    return 0;
  },

  casper_add_contract_version_with_message_topics(rt, a, t) {
    return addVersionWithTopics(rt, a, t);
  },
  casper_add_package_version_with_message_topics(rt, a, t) {
    return addVersionWithTopics(rt, a, t);
  },

  casper_disable_contract_version(rt, a, t) {
    const found = versionToToggle(rt, a, t);
    if (typeof found === "number") return found;
    const { packageHash, pkg, v } = found;
    if (!isVersionDisabled(pkg, v)) {
      const disabledVersions = [...pkg.disabledVersions, { major: v.major, version: v.version }].sort(compareVersionKeys);
      writePackage(rt, packageHash, { ...pkg, disabledVersions });
    } else {
      writePackage(rt, packageHash, pkg);
    }
    return 0;
  },

  casper_enable_contract_version(rt, a, t) {
    const found = versionToToggle(rt, a, t);
    if (typeof found === "number") return found;
    const { packageHash, pkg, v } = found;
    const disabledVersions = pkg.disabledVersions.filter((d) => d.major !== v.major || d.version !== v.version);
    writePackage(rt, packageHash, { ...pkg, disabledVersions });
    return 0;
  },

  casper_create_contract_user_group(rt, [pkgPtr, pkgSize, labelPtr, labelSize, numNew, existingPtr, existingSize, sizePtr], t) {
    const ctx = rt.context;
    const packageHash = hash32(rt, pkgPtr, pkgSize, "ContractPackageHash");
    const label = rt.stringFromMem(labelPtr, labelSize, "label");
    const existing = readURefSet(rt, existingPtr, existingSize);
    const n = numNew >>> 0;
    if (t) t.detail = { package: toHex(packageHash), label, newURefs: n, existing: existing.length };
    const pkg = ctx.getValidatedContractPackage(packageHash);
    if (pkg.groups.has(label)) return header(ContractHeader.GroupAlreadyExists);
    if (pkg.groups.size >= MAX_GROUPS) return header(ContractHeader.MaxGroupsExceeded);
    let total = existing.length + n;
    for (const us of pkg.groups.values()) total += us.length;
    if (total > MAX_TOTAL_UREFS) return header(ContractHeader.MaxTotalURefsExceeded);
    const fresh: URef[] = [];
    for (let i = 0; i < n; i++) fresh.push(ctx.newUnitURef());
    const groups = new Map(pkg.groups);
    groups.set(label, uniqueSorted([...existing, ...fresh]));
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    const w = new ByteWriter(4 + 33 * fresh.length);
    w.u32(fresh.length);
    for (const u of fresh) w.raw(encodeURef(u));
    const bytes = w.toBytes();
    rt.hostBuffer = { clType: clList(CLT.URef), bytes };
    rt.writeUsize(sizePtr, bytes.length);
    writePackage(rt, packageHash, { ...pkg, groups });
    return 0;
  },

  casper_provision_contract_user_group_uref(rt, [pkgPtr, pkgSize, labelPtr, labelSize, sizePtr], t) {
    const ctx = rt.context;
    const packageHash = hash32(rt, pkgPtr, pkgSize, "ContractPackageHash");
    const label = rt.stringFromMem(labelPtr, labelSize, "label");
    if (t) t.detail = { package: toHex(packageHash), label };
    const pkg = ctx.getValidatedContractPackage(packageHash);
    let total = 0;
    for (const us of pkg.groups.values()) total += us.length;
    if (total + 1 > MAX_TOTAL_UREFS) return header(ContractHeader.MaxTotalURefsExceeded);
    const group = pkg.groups.get(label);
    if (!group) return header(ContractHeader.GroupDoesNotExist);
    // runtime/mod.rs compares the group's size with MAX_GROUPS here (sic)
    if (group.length + 1 > MAX_GROUPS) return header(ContractHeader.MaxTotalURefsExceeded);
    const u = ctx.newUnitURef();
    if (group.some((g) => compareURefs(g, u) === 0)) return header(ContractHeader.URefAlreadyExists);
    const groups = new Map(pkg.groups);
    groups.set(label, uniqueSorted([...group, u]));
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    rt.hostBuffer = { clType: CLT.URef, bytes: encodeURef(u) };
    rt.writeUsize(sizePtr, 33);
    writePackage(rt, packageHash, { ...pkg, groups });
    return 0;
  },

  casper_remove_contract_user_group(rt, [pkgPtr, pkgSize, labelPtr, labelSize], t) {
    const ctx = rt.context;
    const packageHash = hash32(rt, pkgPtr, pkgSize, "ContractPackageHash");
    const label = rt.stringFromMem(labelPtr, labelSize, "label");
    if (t) t.detail = { package: toHex(packageHash), label };
    const pkg = ctx.getValidatedContractPackage(packageHash);
    if (!pkg.groups.has(label)) return header(ContractHeader.GroupDoesNotExist);
    for (const v of pkg.versions) {
      const c = ctx.readContract(v.contractHash);
      for (const ep of c.entryPoints.values()) {
        if (ep.access.kind === "Groups" && ep.access.groups.includes(label)) return header(ContractHeader.GroupInUse);
      }
    }
    const groups = new Map(pkg.groups);
    groups.delete(label);
    writePackage(rt, packageHash, { ...pkg, groups });
    return 0;
  },

  casper_remove_contract_user_group_urefs(rt, [pkgPtr, pkgSize, labelPtr, labelSize, urefsPtr, urefsSize], t) {
    const ctx = rt.context;
    const packageHash = hash32(rt, pkgPtr, pkgSize, "ContractPackageHash");
    const label = rt.stringFromMem(labelPtr, labelSize, "label");
    const urefs = readURefSet(rt, urefsPtr, urefsSize);
    if (t) t.detail = { package: toHex(packageHash), label, urefs: urefs.length };
    const pkg = ctx.getValidatedContractPackage(packageHash);
    const group = pkg.groups.get(label);
    if (!group) return header(ContractHeader.GroupDoesNotExist);
    if (urefs.length === 0) return 0;
    let remaining = [...group];
    for (const u of uniqueSorted(urefs)) {
      const i = remaining.findIndex((g) => compareURefs(g, u) === 0);
      if (i < 0) return header(ContractHeader.UnableToRemoveURef);
      remaining.splice(i, 1);
    }
    const groups = new Map(pkg.groups);
    groups.set(label, remaining);
    writePackage(rt, packageHash, { ...pkg, groups });
    return 0;
  },

  casper_call_contract(rt, [hashPtr, hashSize, epPtr, epSize, argsPtr, argsSize, sizePtr], t) {
    const contractHash = hash32(rt, hashPtr, hashSize, "ContractHash");
    const entryPoint = rt.stringFromMem(epPtr, epSize, "entry point name");
    const argsBytes = rt.bytesFromMem(argsPtr, argsSize);
    if (t) t.detail = { contract: formatKey(hashKey(contractHash)), entryPoint };
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    const args = rt.fromBytes(argsBytes, "RuntimeArgs", readRuntimeArgs);
    if (t) t.detail.args = args.map((a) => a.name);
    rt.guardPaymentPurse(args.flatMap((a) => extractURefsChecked(a.value)));
    const result = rt.callContract(contractHash, entryPoint, args);
    return manageCallResult(rt, result, sizePtr);
  },

  casper_call_versioned_contract(rt, [pkgPtr, pkgSize, verPtr, verSize, epPtr, epSize, argsPtr, argsSize, sizePtr], t) {
    const packageHash = hash32(rt, pkgPtr, pkgSize, "ContractPackageHash");
    const version = rt.fromMem(verPtr, verSize, "Option<ContractVersion>", (r) => {
      const tag = r.u8("Option tag");
      if (tag === 0) return undefined;
      if (tag === 1) return r.u32("ContractVersion");
      throw new BytesreprError("Formatting", "Option<ContractVersion>", `invalid Option tag ${tag}`);
    });
    const entryPoint = rt.stringFromMem(epPtr, epSize, "entry point name");
    const argsBytes = rt.bytesFromMem(argsPtr, argsSize);
    if (t) t.detail = { package: formatKey(hashKey(packageHash)), version, entryPoint };
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    const args = rt.fromBytes(argsBytes, "RuntimeArgs", readRuntimeArgs);
    rt.guardPaymentPurse(args.flatMap((a) => extractURefsChecked(a.value)));
    const result = rt.callVersionedContract(packageHash, version, entryPoint, args);
    return manageCallResult(rt, result, sizePtr);
  },

  // Casper 2.0 (runtime/externals.rs CallPackageVersion): major version and contract version are plain u32s
  casper_call_package_version(rt, [pkgPtr, pkgSize, majorPtr, majorSize, verPtr, verSize, epPtr, epSize, argsPtr, argsSize, sizePtr], t) {
    const packageHash = hash32(rt, pkgPtr, pkgSize, "PackageHash");
    const major = rt.fromMem(majorPtr, majorSize, "u32", (r) => r.u32("major version"));
    const version = rt.fromMem(verPtr, verSize, "EntityVersion", (r) => r.u32("EntityVersion"));
    const entryPoint = rt.stringFromMem(epPtr, epSize, "entry point name");
    const argsBytes = rt.bytesFromMem(argsPtr, argsSize);
    if (t) t.detail = { package: formatKey(hashKey(packageHash)), version: `${major}.${version}`, entryPoint };
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    const args = rt.fromBytes(argsBytes, "RuntimeArgs", readRuntimeArgs);
    const result = rt.callPackageVersion(packageHash, major, version, entryPoint, args);
    return manageCallResult(rt, result, sizePtr);
  },

  casper_load_call_stack(rt, [lenPtr, sizePtr], t) {
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    rt.writeU32(lenPtr, rt.stack.length);
    if (t) t.detail = { frames: rt.stack.frames.map((f) => f.kind) };
    if (rt.stack.length === 0) return 0;
    const v = rt.stack.toCLValue();
    rt.hostBuffer = v;
    rt.writeU32(sizePtr, v.bytes.length);
    return 0;
  },
};

export { AccessRights };

/**
 * What disable/enable_contract_version share (runtime/mod.rs): the package (validated, not locked) and the
 * version of the given contract hash, or the ContractNotFound status when the package has no such version.
 */
function versionToToggle(rt: Runtime, [pkgPtr, pkgSize, chPtr, chSize]: readonly number[], t: TraceEntry | undefined) {
    const packageHash = hash32(rt, pkgPtr, pkgSize, "ContractPackageHash");
    const contractHash = hash32(rt, chPtr, chSize, "ContractHash");
    if (t) t.detail = { package: toHex(packageHash), contract: toHex(contractHash) };
    const pkg = rt.context.getValidatedContractPackage(packageHash);
    if (pkg.locked) throw execErrors.lockedContract();
    const v = findVersionByHash(pkg, contractHash);
    if (!v) return header(ContractHeader.ContractNotFound);
    return { packageHash, pkg, v };
}
