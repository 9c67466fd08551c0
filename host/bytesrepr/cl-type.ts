// CLType: the type tag tree of a CLValue. Tags and the depth limit follow casper-types v1.5.8
// cl_type.rs (CL_TYPE_TAG_*, CL_TYPE_RECURSION_DEPTH = 50).

import { BytesreprError } from "./errors.ts";
import { ByteReader, decodeAll } from "./reader.ts";
import { ByteWriter, encodeWith } from "./writer.ts";

export type SimpleCLTypeKind =
  | "Bool" | "I32" | "I64" | "U8" | "U32" | "U64" | "U128" | "U256" | "U512"
  | "Unit" | "String" | "Key" | "URef" | "Any" | "PublicKey";

export type CLType =
  | { readonly kind: SimpleCLTypeKind }
  | { readonly kind: "Option"; readonly inner: CLType }
  | { readonly kind: "List"; readonly inner: CLType }
  | { readonly kind: "ByteArray"; readonly size: number }
  | { readonly kind: "Result"; readonly ok: CLType; readonly err: CLType }
  | { readonly kind: "Map"; readonly key: CLType; readonly value: CLType }
  | { readonly kind: "Tuple1"; readonly items: readonly [CLType] }
  | { readonly kind: "Tuple2"; readonly items: readonly [CLType, CLType] }
  | { readonly kind: "Tuple3"; readonly items: readonly [CLType, CLType, CLType] };

export const CL_TYPE_RECURSION_DEPTH = 50;

const TAGS = {
  Bool: 0, I32: 1, I64: 2, U8: 3, U32: 4, U64: 5, U128: 6, U256: 7, U512: 8, Unit: 9, String: 10,
  Key: 11, URef: 12, Option: 13, List: 14, ByteArray: 15, Result: 16, Map: 17, Tuple1: 18,
  Tuple2: 19, Tuple3: 20, Any: 21, PublicKey: 22,
} as const;

const SIMPLE_BY_TAG: (SimpleCLTypeKind | undefined)[] = [];
for (const [name, tag] of Object.entries(TAGS)) {
  if (!["Option", "List", "ByteArray", "Result", "Map", "Tuple1", "Tuple2", "Tuple3"].includes(name)) {
    SIMPLE_BY_TAG[tag] = name as SimpleCLTypeKind;
  }
}

// Shared instances: simple types carry no data, so one object each is enough (and cheap to compare).
export const CLT = {
  Bool: { kind: "Bool" }, I32: { kind: "I32" }, I64: { kind: "I64" }, U8: { kind: "U8" },
  U32: { kind: "U32" }, U64: { kind: "U64" }, U128: { kind: "U128" }, U256: { kind: "U256" },
  U512: { kind: "U512" }, Unit: { kind: "Unit" }, String: { kind: "String" }, Key: { kind: "Key" },
  URef: { kind: "URef" }, Any: { kind: "Any" }, PublicKey: { kind: "PublicKey" },
} as const satisfies Record<SimpleCLTypeKind, CLType>;

export const clOption = (inner: CLType): CLType => ({ kind: "Option", inner });
export const clList = (inner: CLType): CLType => ({ kind: "List", inner });
export const clByteArray = (size: number): CLType => ({ kind: "ByteArray", size });
export const clResult = (ok: CLType, err: CLType): CLType => ({ kind: "Result", ok, err });
export const clMap = (key: CLType, value: CLType): CLType => ({ kind: "Map", key, value });
export const clTuple1 = (a: CLType): CLType => ({ kind: "Tuple1", items: [a] });
export const clTuple2 = (a: CLType, b: CLType): CLType => ({ kind: "Tuple2", items: [a, b] });
export const clTuple3 = (a: CLType, b: CLType, c: CLType): CLType => ({ kind: "Tuple3", items: [a, b, c] });

export function writeCLType(w: ByteWriter, t: CLType): void {
  w.u8(TAGS[t.kind]);
  switch (t.kind) {
    case "Option":
    case "List":
      writeCLType(w, t.inner);
      break;
    case "ByteArray":
      w.u32(t.size);
      break;
    case "Result":
      writeCLType(w, t.ok);
      writeCLType(w, t.err);
      break;
    case "Map":
      writeCLType(w, t.key);
      writeCLType(w, t.value);
      break;
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      for (const item of t.items) writeCLType(w, item);
      break;
    default:
      break;
  }
}

export function readCLType(r: ByteReader, what = "CLType", depth = 0): CLType {
  if (depth >= CL_TYPE_RECURSION_DEPTH) {
    throw new BytesreprError("ExceededRecursionDepth", what, `CLType nested deeper than ${CL_TYPE_RECURSION_DEPTH}`);
  }
  const tag = r.u8(what);
  const simple = SIMPLE_BY_TAG[tag];
  if (simple) return CLT[simple];
  const d = depth + 1;
  switch (tag) {
    case TAGS.Option:
      return clOption(readCLType(r, what, d));
    case TAGS.List:
      return clList(readCLType(r, what, d));
    case TAGS.ByteArray:
      return clByteArray(r.u32(`${what}.ByteArray.length`));
    case TAGS.Result: {
      const ok = readCLType(r, what, d);
      return clResult(ok, readCLType(r, what, d));
    }
    case TAGS.Map: {
      const key = readCLType(r, what, d);
      return clMap(key, readCLType(r, what, d));
    }
    case TAGS.Tuple1:
      return clTuple1(readCLType(r, what, d));
    case TAGS.Tuple2: {
      const a = readCLType(r, what, d);
      return clTuple2(a, readCLType(r, what, d));
    }
    case TAGS.Tuple3: {
      const a = readCLType(r, what, d);
      const b = readCLType(r, what, d);
      return clTuple3(a, b, readCLType(r, what, d));
    }
    default:
      throw new BytesreprError("Formatting", what, `unknown CLType tag ${tag}`);
  }
}

export const encodeCLType = (t: CLType): Uint8Array => encodeWith((w) => writeCLType(w, t), 8);
export const decodeCLType = (bytes: Uint8Array): CLType => decodeAll(bytes, "CLType", (r) => readCLType(r));

export function clTypeEquals(a: CLType, b: CLType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "Option":
    case "List":
      return clTypeEquals(a.inner, (b as typeof a).inner);
    case "ByteArray":
      return a.size === (b as typeof a).size;
    case "Result":
      return clTypeEquals(a.ok, (b as typeof a).ok) && clTypeEquals(a.err, (b as typeof a).err);
    case "Map":
      return clTypeEquals(a.key, (b as typeof a).key) && clTypeEquals(a.value, (b as typeof a).value);
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      return a.items.every((t, i) => clTypeEquals(t, (b as typeof a).items[i]));
    default:
      return true;
  }
}

/** Rust Debug style, as the node prints types in errors: `List(PublicKey)`, `ByteArray(32)`. */
export function clTypeToString(t: CLType): string {
  switch (t.kind) {
    case "Option":
    case "List":
      return `${t.kind}(${clTypeToString(t.inner)})`;
    case "ByteArray":
      return `ByteArray(${t.size})`;
    case "Result":
      return `Result { ok: ${clTypeToString(t.ok)}, err: ${clTypeToString(t.err)} }`;
    case "Map":
      return `Map { key: ${clTypeToString(t.key)}, value: ${clTypeToString(t.value)} }`;
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      return `${t.kind}([${t.items.map(clTypeToString).join(", ")}])`;
    default:
      return t.kind;
  }
}
