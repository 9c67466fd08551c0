// Finding the URefs inside a CLValue, as casper-node v1.5.8 runtime/utils.rs `rewrite_urefs` does:
// it looks one level deep only, into the shapes it lists (Key, URef, Option/List of Key|URef,
// Tuple1 of Key|URef, and Result/Tuple2/Map pairs where one side is Key|URef and the other a
// simple type). Anything else is treated as holding no URef. Used for forged-reference checks on
// call args and return values, and to attenuate the main purse passed in args.

import type { CLType } from "./cl-type.ts";
import { clTypeToString } from "./cl-type.ts";
import type { CLValue } from "./cl-value.ts";
import { BytesreprError } from "./errors.ts";
import { type URef, readAccessRights, readKey, KeyTag } from "./key.ts";
import { readPublicKey } from "./public-key.ts";
import { ByteReader } from "./reader.ts";

const SIMPLE = new Set(["Bool", "I32", "I64", "U8", "U32", "U64", "U128", "U256", "U512", "Unit", "String"]);
const isRef = (t: CLType) => t.kind === "Key" || t.kind === "URef";

/** Offsets (in `bytes`) of the access-rights byte of each URef found. */
type Hit = number;

function readRef(r: ByteReader, t: CLType, hits: Hit[]): void {
  if (t.kind === "URef") {
    r.raw(32, "URef.addr");
    hits.push(r.offset);
    readAccessRights(r);
  } else {
    const start = r.offset;
    const key = readKey(r);
    if (key.tag === KeyTag.URef) hits.push(start + 33);
  }
}

function skipSimple(r: ByteReader, t: CLType): void {
  switch (t.kind) {
    case "Bool": r.bool(); break;
    case "I32": case "U32": r.raw(4, t.kind); break;
    case "I64": case "U64": r.raw(8, t.kind); break;
    case "U8": r.u8(); break;
    case "U128": r.bigUint(16, "U128"); break;
    case "U256": r.bigUint(32, "U256"); break;
    case "U512": r.bigUint(64, "U512"); break;
    case "Unit": break;
    case "String": r.string(); break;
    case "PublicKey": readPublicKey(r); break;
    default: throw new Error(`unreachable: ${t.kind}`);
  }
}

function readEither(r: ByteReader, t: CLType, hits: Hit[]): void {
  if (isRef(t)) readRef(r, t, hits);
  else skipSimple(r, t);
}

/** Does the pair (a, b) match one of the shapes rewrite_urefs handles? */
function pairHandled(a: CLType, b: CLType, allowPublicKeyFirst: boolean): boolean {
  const side = (t: CLType) => SIMPLE.has(t.kind) || isRef(t);
  if (isRef(a)) return side(b);
  if (isRef(b)) return SIMPLE.has(a.kind) || (allowPublicKeyFirst && a.kind === "PublicKey");
  return false;
}

function optionTag(r: ByteReader, what: string): number {
  const tag = r.u8(what);
  if (tag > 1) throw new BytesreprError("Formatting", what, `tag must be 0 or 1, got ${tag}`);
  return tag;
}

function findURefOffsets(v: CLValue): Hit[] {
  const t = v.clType;
  const hits: Hit[] = [];
  const r = new ByteReader(v.bytes);
  switch (t.kind) {
    case "Key":
    case "URef":
      readRef(r, t, hits);
      break;
    case "Option":
      if (!isRef(t.inner)) return hits;
      if (optionTag(r, "Option tag") === 1) readRef(r, t.inner, hits);
      break;
    case "List": {
      if (!isRef(t.inner)) return hits;
      const n = r.u32("List length");
      for (let i = 0; i < n; i++) readRef(r, t.inner, hits);
      break;
    }
    case "Tuple1":
      if (!isRef(t.items[0])) return hits;
      readRef(r, t.items[0], hits);
      break;
    case "Tuple2":
      if (!pairHandled(t.items[0], t.items[1], false)) return hits;
      readEither(r, t.items[0], hits);
      readEither(r, t.items[1], hits);
      break;
    case "Result": {
      if (!pairHandled(t.ok, t.err, false)) return hits;
      const isOk = optionTag(r, "Result tag") === 1;
      readEither(r, isOk ? t.ok : t.err, hits);
      break;
    }
    case "Map": {
      if (!pairHandled(t.key, t.value, true)) return hits;
      const n = r.u32("Map length");
      for (let i = 0; i < n; i++) {
        readEither(r, t.key, hits);
        readEither(r, t.value, hits);
      }
      break;
    }
    default:
      return hits;
  }
  r.expectEnd(clTypeToString(t));
  return hits;
}

/** Every URef the engine recognises in the value (throws BytesreprError if those parts do not decode). */
export function extractURefs(v: CLValue): URef[] {
  return findURefOffsets(v).map((rightsAt) => ({ addr: v.bytes.subarray(rightsAt - 32, rightsAt), rights: v.bytes[rightsAt] }));
}

/** A copy of `v` where every URef with address `addr` has `rightsToRemove` cleared (utils.rs attenuate_uref_in_args). */
export function attenuateURefs(v: CLValue, addr: Uint8Array, rightsToRemove: number): CLValue {
  const hits = findURefOffsets(v);
  let out: Uint8Array | undefined;
  for (const at of hits) {
    let same = true;
    for (let i = 0; i < 32; i++) if (v.bytes[at - 32 + i] !== addr[i]) { same = false; break; }
    if (!same) continue;
    out ??= v.bytes.slice();
    out[at] &= ~rightsToRemove;
  }
  return out ? { clType: v.clType, bytes: out } : v;
}
