// The JSON form of a CLType (serde's default enum encoding in casper-node v1.5.8 types/src/cl_type.rs:
// "U64", {"Option":T}, {"ByteArray":32}, {"Map":{"key":K,"value":V}}, {"Tuple2":[A,B]}, ...) turned
// into its byte tag encoding, needed to rebuild `RuntimeArgs` bytes from a deploy's JSON.
import { ByteWriter, describe } from "./bytes.ts";

// casper-node v1.5.8 types/src/cl_type.rs: CL_TYPE_TAG_*
const SIMPLE_TAGS: Record<string, number> = {
  Bool: 0, I32: 1, I64: 2, U8: 3, U32: 4, U64: 5, U128: 6, U256: 7, U512: 8, Unit: 9, String: 10,
  Key: 11, URef: 12, Any: 21, PublicKey: 22,
};
const TAG_OPTION = 13;
const TAG_LIST = 14;
const TAG_BYTE_ARRAY = 15;
const TAG_RESULT = 16;
const TAG_MAP = 17;
const TAG_TUPLE1 = 18;

/** Writes the bytes of a JSON CLType; throws a TypeError naming `where` on anything malformed. */
export function writeClTypeJson(w: ByteWriter, json: unknown, where: string): void {
  if (typeof json === "string") {
    const tag = SIMPLE_TAGS[json];
    if (tag === undefined) throw new TypeError(`${where}: unknown CLType '${json}'`);
    w.u8(tag);
    return;
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new TypeError(`${where}: expected a CLType, got ${describe(json)}`);
  }
  const entries = Object.entries(json as Record<string, unknown>);
  if (entries.length !== 1) throw new TypeError(`${where}: a CLType object has exactly one variant key`);
  const [variant, inner] = entries[0];
  switch (variant) {
    case "Option":
      w.u8(TAG_OPTION);
      writeClTypeJson(w, inner, `${where}.Option`);
      return;
    case "List":
      w.u8(TAG_LIST);
      writeClTypeJson(w, inner, `${where}.List`);
      return;
    case "ByteArray":
      if (typeof inner !== "number" || !Number.isInteger(inner) || inner < 0 || inner > 0xffffffff) {
        throw new TypeError(`${where}.ByteArray: expected a u32 length, got ${describe(inner)}`);
      }
      w.u8(TAG_BYTE_ARRAY).u32(inner);
      return;
    case "Result": {
      const r = objectWith(inner, ["ok", "err"], `${where}.Result`);
      w.u8(TAG_RESULT);
      writeClTypeJson(w, r.ok, `${where}.Result.ok`);
      writeClTypeJson(w, r.err, `${where}.Result.err`);
      return;
    }
    case "Map": {
      const m = objectWith(inner, ["key", "value"], `${where}.Map`);
      w.u8(TAG_MAP);
      writeClTypeJson(w, m.key, `${where}.Map.key`);
      writeClTypeJson(w, m.value, `${where}.Map.value`);
      return;
    }
    case "Tuple1":
    case "Tuple2":
    case "Tuple3": {
      const arity = Number(variant.slice(5));
      if (!Array.isArray(inner) || inner.length !== arity) {
        throw new TypeError(`${where}.${variant}: expected an array of ${arity} CLTypes`);
      }
      w.u8(TAG_TUPLE1 + arity - 1);
      inner.forEach((t, i) => writeClTypeJson(w, t, `${where}.${variant}[${i}]`));
      return;
    }
    default:
      throw new TypeError(`${where}: unknown CLType variant '${variant}'`);
  }
}

function objectWith(value: unknown, keys: string[], where: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${where}: expected an object with ${keys.join(" and ")}`);
  }
  const o = value as Record<string, unknown>;
  for (const k of keys) if (!(k in o)) throw new TypeError(`${where}: missing '${k}'`);
  return o;
}
