// The JSON form of a CLType (serde's default enum encoding in casper-node v1.5.8 types/src/cl_type.rs:
// "U64", {"Option":T}, {"ByteArray":32}, {"Map":{"key":K,"value":V}}, {"Tuple2":[A,B]}, ...) read into the
// engine's CLType model: the inverse of `clTypeJson` (cl-value-json.ts). The node needs it to rebuild a
// deploy's `RuntimeArgs` bytes from its JSON (`writeCLType` then gives the tags).
import {
  CLT, CL_TYPE_RECURSION_DEPTH, type CLType, type SimpleCLTypeKind, clByteArray, clList, clMap, clOption, clResult, clTuple1, clTuple2, clTuple3,
} from "../bytesrepr/cl-type.ts";
import { describe } from "./bytes.ts";

/** Reads a JSON CLType; throws a TypeError naming `where` on anything malformed. */
export function clTypeFromJson(json: unknown, where: string, depth = 0): CLType {
  // casper-types v1.5.8 cl_type.rs: CL_TYPE_RECURSION_DEPTH bounds nesting (and keeps a hostile deploy off our stack)
  if (depth > CL_TYPE_RECURSION_DEPTH) throw new TypeError(`${where}: CLType nested deeper than ${CL_TYPE_RECURSION_DEPTH}`);
  if (typeof json === "string") {
    if (!Object.hasOwn(CLT, json)) throw new TypeError(`${where}: unknown CLType '${json}'`);
    return CLT[json as SimpleCLTypeKind];
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new TypeError(`${where}: expected a CLType, got ${describe(json)}`);
  }
  const entries = Object.entries(json as Record<string, unknown>);
  if (entries.length !== 1) throw new TypeError(`${where}: a CLType object has exactly one variant key`);
  const [variant, inner] = entries[0];
  switch (variant) {
    case "Option":
      return clOption(clTypeFromJson(inner, `${where}.Option`, depth + 1));
    case "List":
      return clList(clTypeFromJson(inner, `${where}.List`, depth + 1));
    case "ByteArray":
      if (typeof inner !== "number" || !Number.isInteger(inner) || inner < 0 || inner > 0xffffffff) {
        throw new TypeError(`${where}.ByteArray: expected a u32 length, got ${describe(inner)}`);
      }
      return clByteArray(inner);
    case "Result": {
      const r = objectWith(inner, ["ok", "err"], `${where}.Result`);
      return clResult(clTypeFromJson(r.ok, `${where}.Result.ok`, depth + 1), clTypeFromJson(r.err, `${where}.Result.err`, depth + 1));
    }
    case "Map": {
      const m = objectWith(inner, ["key", "value"], `${where}.Map`);
      return clMap(clTypeFromJson(m.key, `${where}.Map.key`, depth + 1), clTypeFromJson(m.value, `${where}.Map.value`, depth + 1));
    }
    case "Tuple1":
    case "Tuple2":
    case "Tuple3": {
      const arity = Number(variant.slice(5));
      if (!Array.isArray(inner) || inner.length !== arity) {
        throw new TypeError(`${where}.${variant}: expected an array of ${arity} CLTypes`);
      }
      const items = inner.map((t, i) => clTypeFromJson(t, `${where}.${variant}[${i}]`, depth + 1));
      return arity === 1 ? clTuple1(items[0]) : arity === 2 ? clTuple2(items[0], items[1]) : clTuple3(items[0], items[1], items[2]);
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
