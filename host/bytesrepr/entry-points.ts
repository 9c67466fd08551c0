// EntryPoints, EntryPoint, Parameter, EntryPointAccess, EntryPointType: the byte format of
// casper-types v1.5.8 contracts.rs. EntryPoints is a BTreeMap<String, EntryPoint>: on the wire a u32
// count then (name, entry point) pairs; the node sorts by name when it writes, and on reading a later
// duplicate replaces an earlier one (BTreeMap::insert).

import { type CLType, readCLType, writeCLType } from "./cl-type.ts";
import { BytesreprError } from "./errors.ts";
import { ByteReader, decodeAll } from "./reader.ts";
import { compareRustStrings } from "./utf8.ts";
import { ByteWriter, encodeWith } from "./writer.ts";

/**
 * Session / Contract are casper-types 1.5.8's names (2.0 calls them Caller / Called, same bytes 0 / 1).
 * Factory (0b1000_0000) exists only in 2.0 (types/src/addressable_entity/entry_points.rs).
 */
export type EntryPointType = "Session" | "Contract" | "Factory";

/** Template (tag 3) exists only in 2.0: kept in the wasm, never callable (TemplateMethod). */
export type EntryPointAccess =
  | { readonly kind: "Public" }
  | { readonly kind: "Groups"; readonly groups: readonly string[] }
  | { readonly kind: "Template" };

export interface Parameter {
  readonly name: string;
  readonly clType: CLType;
}

export interface EntryPoint {
  readonly name: string;
  readonly args: readonly Parameter[];
  readonly ret: CLType;
  readonly access: EntryPointAccess;
  readonly entryPointType: EntryPointType;
}

/** Keyed by the map key on the wire (normally equal to the entry point's own name). */
export type EntryPoints = ReadonlyMap<string, EntryPoint>;

const ACCESS_PUBLIC_TAG = 1;
const ACCESS_GROUPS_TAG = 2;
const ACCESS_TEMPLATE_TAG = 3;
/** EntryPointType bytes (2.0 entry_points.rs: Caller 0, Called 1, Factory 0b1000_0000) */
export const ENTRY_POINT_TYPE_TAG: Readonly<Record<EntryPointType, number>> = { Session: 0, Contract: 1, Factory: 0x80 };

export function readParameter(r: ByteReader): Parameter {
  const name = r.string("Parameter.name");
  return { name, clType: readCLType(r, `Parameter(${name}).cl_type`) };
}

export function writeParameter(w: ByteWriter, p: Parameter): void {
  w.string(p.name);
  writeCLType(w, p.clType);
}

export function readEntryPointAccess(r: ByteReader): EntryPointAccess {
  const tag = r.u8("EntryPointAccess tag");
  if (tag === ACCESS_PUBLIC_TAG) return { kind: "Public" };
  if (tag === ACCESS_GROUPS_TAG) {
    const n = r.u32("EntryPointAccess.groups.length");
    const groups: string[] = [];
    for (let i = 0; i < n; i++) groups.push(r.string("EntryPointAccess.group"));
    return { kind: "Groups", groups };
  }
  throw new BytesreprError("Formatting", "EntryPointAccess", `unknown tag ${tag} (1 = Public, 2 = Groups)`);
}

export function writeEntryPointAccess(w: ByteWriter, a: EntryPointAccess): void {
  if (a.kind === "Public") {
    w.u8(ACCESS_PUBLIC_TAG);
  } else if (a.kind === "Template") {
    w.u8(ACCESS_TEMPLATE_TAG);
  } else {
    w.u8(ACCESS_GROUPS_TAG).u32(a.groups.length);
    for (const g of a.groups) w.string(g);
  }
}

export function readEntryPoint(r: ByteReader): EntryPoint {
  const name = r.string("EntryPoint.name");
  const what = `EntryPoint(${name})`;
  const n = r.u32(`${what}.args.length`);
  const args: Parameter[] = [];
  for (let i = 0; i < n; i++) args.push(readParameter(r));
  const ret = readCLType(r, `${what}.ret`);
  const access = readEntryPointAccess(r);
  const typeTag = r.u8(`${what}.entry_point_type`);
  if (typeTag !== 0 && typeTag !== 1) {
    throw new BytesreprError("Formatting", `${what}.entry_point_type`, `unknown tag ${typeTag} (0 = Session, 1 = Contract)`);
  }
  return { name, args, ret, access, entryPointType: typeTag === 0 ? "Session" : "Contract" };
}

export function writeEntryPoint(w: ByteWriter, ep: EntryPoint): void {
  w.string(ep.name).u32(ep.args.length);
  for (const p of ep.args) writeParameter(w, p);
  writeCLType(w, ep.ret);
  writeEntryPointAccess(w, ep.access);
  w.u8(ENTRY_POINT_TYPE_TAG[ep.entryPointType]);
}

export function readEntryPoints(r: ByteReader): Map<string, EntryPoint> {
  const count = r.u32("EntryPoints.length");
  const map = new Map<string, EntryPoint>();
  for (let i = 0; i < count; i++) {
    const key = r.string("EntryPoints key");
    map.set(key, readEntryPoint(r));
  }
  return sortedEntryPoints(map);
}

export function writeEntryPoints(w: ByteWriter, eps: EntryPoints | readonly EntryPoint[]): void {
  const map = toEntryPointsMap(eps);
  w.u32(map.size);
  for (const key of [...map.keys()].sort(compareRustStrings)) {
    w.string(key);
    writeEntryPoint(w, map.get(key)!);
  }
}

/** Decode the bytes a contract passes to `casper_add_contract_version` (the whole buffer must be used). */
export function decodeEntryPoints(bytes: Uint8Array): Map<string, EntryPoint> {
  return decodeAll(bytes, "EntryPoints", readEntryPoints);
}

/** Encode entry points the way the node stores them (sorted by name). */
export function encodeEntryPoints(eps: EntryPoints | readonly EntryPoint[]): Uint8Array {
  return encodeWith((w) => writeEntryPoints(w, eps), 256);
}

export function toEntryPointsMap(eps: EntryPoints | readonly EntryPoint[]): ReadonlyMap<string, EntryPoint> {
  if (eps instanceof Map) return eps;
  const map = new Map<string, EntryPoint>();
  for (const ep of eps as readonly EntryPoint[]) map.set(ep.name, ep);
  return map;
}

function sortedEntryPoints(map: Map<string, EntryPoint>): Map<string, EntryPoint> {
  const keys = [...map.keys()];
  const sorted = [...keys].sort(compareRustStrings);
  if (keys.every((k, i) => k === sorted[i])) return map;
  return new Map(sorted.map((k) => [k, map.get(k)!]));
}
