// EntryPoints, EntryPoint, Parameter, EntryPointAccess, EntryPointType: the byte format of
// casper-types v1.5.8 contracts.rs. EntryPoints is a BTreeMap<String, EntryPoint>: on the wire a u32
// count then (name, entry point) pairs; the node sorts by name when it writes, and on reading a later
// duplicate replaces an earlier one (BTreeMap::insert).
//
// Casper 2.0 (types/src/addressable_entity/entry_points.rs, contracts.rs of the 2.0.0 release) keeps
// the layout and widens it: EntryPointType Caller 0 / Called 1 / Factory 0x80 (1.x's Session and
// Contract are the same bytes, kept under their 1.x names here), EntryPointAccess Template (tag 3),
// and the `EntityEntryPoint` format that add_*_version_with_message_topics take ends every entry
// point with an EntryPointPayment byte (Caller 0, DirectInvocationOnly 1, SelfOnward 2), which a
// legacy Contract record does not keep. `EntryPointFormat` says which of these a decoder accepts.

import { type CLType, readCLType, writeCLType } from "./cl-type.ts";
import { BytesreprError } from "./errors.ts";
import { ByteReader, decodeAll } from "./reader.ts";
import { compareRustStrings } from "./utf8.ts";
import { ByteWriter, encodeWith } from "./writer.ts";

/** "Session" / "Contract" are 2.0's Caller / Called (tags 0 / 1); "Factory" (0x80) exists from 2.0 on. */
export type EntryPointType = "Session" | "Contract" | "Factory";

export type EntryPointAccess =
  | { readonly kind: "Public" }
  | { readonly kind: "Groups"; readonly groups: readonly string[] }
  /** 2.0 only: callable by no one (runtime/mod.rs validate_entry_point_access -> TemplateMethod) */
  | { readonly kind: "Template" };

/** What a decoder of entry point bytes accepts. */
export interface EntryPointFormat {
  /** 2.0's EntryPointType (adds Factory 0x80) and EntryPointAccess (adds Template 3) tags */
  readonly v2Tags: boolean;
  /** every entry point ends with an EntryPointPayment byte (2.0 EntityEntryPoint) */
  readonly payment: boolean;
}

/** casper-types v1.5.8 contracts.rs EntryPoints */
export const ENTRY_POINTS_1_5: EntryPointFormat = { v2Tags: false, payment: false };
/** 2.0 contracts.rs EntryPoints (the legacy `ContractEntryPoints` casper_add_contract_version takes, and a Contract stores) */
export const CONTRACT_ENTRY_POINTS_2_0: EntryPointFormat = { v2Tags: true, payment: false };
/** 2.0 addressable_entity/entry_points.rs EntryPoints (BTreeMap<String, EntityEntryPoint>) */
export const ENTITY_ENTRY_POINTS_2_0: EntryPointFormat = { v2Tags: true, payment: true };

/** EntryPointType bytes (2.0 entry_points.rs: Caller 0, Called 1, Factory 0b1000_0000) */
export const ENTRY_POINT_TYPE_TAG: Readonly<Record<EntryPointType, number>> = { Session: 0, Contract: 1, Factory: 0x80 };
const PAYMENT_TAGS = ["Caller", "DirectInvocationOnly", "SelfOnward"];

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

export function readParameter(r: ByteReader): Parameter {
  const name = r.string("Parameter.name");
  return { name, clType: readCLType(r, `Parameter(${name}).cl_type`) };
}

export function writeParameter(w: ByteWriter, p: Parameter): void {
  w.string(p.name);
  writeCLType(w, p.clType);
}

export function readEntryPointAccess(r: ByteReader, format: EntryPointFormat = ENTRY_POINTS_1_5): EntryPointAccess {
  const tag = r.u8("EntryPointAccess tag");
  if (tag === ACCESS_PUBLIC_TAG) return { kind: "Public" };
  if (tag === ACCESS_GROUPS_TAG) {
    const n = r.u32("EntryPointAccess.groups.length");
    const groups: string[] = [];
    for (let i = 0; i < n; i++) groups.push(r.string("EntryPointAccess.group"));
    return { kind: "Groups", groups };
  }
  if (tag === ACCESS_TEMPLATE_TAG && format.v2Tags) return { kind: "Template" };
  const known = format.v2Tags ? "1 = Public, 2 = Groups, 3 = Template" : "1 = Public, 2 = Groups";
  throw new BytesreprError("Formatting", "EntryPointAccess", `unknown tag ${tag} (${known})`);
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

function readEntryPointType(r: ByteReader, what: string, format: EntryPointFormat): EntryPointType {
  const tag = r.u8(`${what}.entry_point_type`);
  if (tag === 0) return "Session";
  if (tag === 1) return "Contract";
  if (tag === ENTRY_POINT_TYPE_TAG.Factory && format.v2Tags) return "Factory";
  const known = format.v2Tags ? "0 = Caller, 1 = Called, 128 = Factory" : "0 = Session, 1 = Contract";
  throw new BytesreprError("Formatting", `${what}.entry_point_type`, `unknown tag ${tag} (${known})`);
}

export function readEntryPoint(r: ByteReader, format: EntryPointFormat = ENTRY_POINTS_1_5): EntryPoint {
  const name = r.string("EntryPoint.name");
  const what = `EntryPoint(${name})`;
  const n = r.u32(`${what}.args.length`);
  const args: Parameter[] = [];
  for (let i = 0; i < n; i++) args.push(readParameter(r));
  const ret = readCLType(r, `${what}.ret`);
  const access = readEntryPointAccess(r, format);
  const entryPointType = readEntryPointType(r, what, format);
  if (format.payment) {
    // EntryPointPayment: read and checked, then dropped (a legacy Contract does not store it)
    const payment = r.u8(`${what}.entry_point_payment`);
    if (PAYMENT_TAGS[payment] === undefined) {
      throw new BytesreprError("Formatting", `${what}.entry_point_payment`, `unknown tag ${payment} (0 = Caller, 1 = DirectInvocationOnly, 2 = SelfOnward)`);
    }
  }
  return { name, args, ret, access, entryPointType };
}

export function writeEntryPoint(w: ByteWriter, ep: EntryPoint): void {
  w.string(ep.name).u32(ep.args.length);
  for (const p of ep.args) writeParameter(w, p);
  writeCLType(w, ep.ret);
  writeEntryPointAccess(w, ep.access);
  w.u8(ENTRY_POINT_TYPE_TAG[ep.entryPointType]);
}

/** EntryPoints in `format`, keyed by the map keys on the wire (sorted, a later duplicate winning). */
export function readEntryPoints(r: ByteReader, format: EntryPointFormat = ENTRY_POINTS_1_5): Map<string, EntryPoint> {
  const count = r.u32("EntryPoints.length");
  const map = new Map<string, EntryPoint>();
  for (let i = 0; i < count; i++) {
    const key = r.string("EntryPoints key");
    map.set(key, readEntryPoint(r, format));
  }
  return sortedEntryPoints(map);
}

/**
 * 2.0's conversions between its entry point maps rebuild them from the values, each keyed by its own
 * name, in key order, a later one winning (contracts.rs `From<EntityEntryPoints> for EntryPoints`,
 * `add_entry_point`): what a Contract installed on 2.0 stores.
 */
export function entryPointsByName(eps: ReadonlyMap<string, EntryPoint>): Map<string, EntryPoint> {
  const map = new Map<string, EntryPoint>();
  for (const ep of eps.values()) map.set(ep.name, ep);
  return sortedEntryPoints(map);
}

/**
 * `format.payment`: each entry point ends with EntryPointPayment::Caller (0), what casper-contract 5.x's
 * EntityEntryPoint::new sets unless told otherwise (2.0 EntityEntryPoints).
 */
export function writeEntryPoints(w: ByteWriter, eps: EntryPoints | readonly EntryPoint[], format: EntryPointFormat = ENTRY_POINTS_1_5): void {
  const map = toEntryPointsMap(eps);
  w.u32(map.size);
  for (const key of [...map.keys()].sort(compareRustStrings)) {
    w.string(key);
    writeEntryPoint(w, map.get(key)!);
    if (format.payment) w.u8(0);
  }
}

/** Decode the bytes a contract passes to `casper_add_contract_version` (the whole buffer must be used). */
export function decodeEntryPoints(bytes: Uint8Array, format: EntryPointFormat = ENTRY_POINTS_1_5): Map<string, EntryPoint> {
  return decodeAll(bytes, "EntryPoints", (r) => readEntryPoints(r, format));
}

/** Encode entry points the way the node stores them (sorted by name), or in `format` (see writeEntryPoints). */
export function encodeEntryPoints(eps: EntryPoints | readonly EntryPoint[], format: EntryPointFormat = ENTRY_POINTS_1_5): Uint8Array {
  return encodeWith((w) => writeEntryPoints(w, eps, format), 256);
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
