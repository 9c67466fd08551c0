// The types of a Casper Contract Schema (casper-contract-schema src/ty.rs NamedCLType, as JSON: "U8",
// {"Option": T}, {"Map": {"key": K, "value": V}}, {"Tuple2": [A, B]}, {"ByteArray": 32}, ...) turned into
// what the client and the CLI work with: the CLI's arg types (scripts/cli/typed-args.ts, whose
// conversions and checks the client reuses), TypeScript type text for generated clients, and JS values
// decoded from bytesrepr.
import { ByteReader } from "../../host/bytesrepr/reader.ts";
import { formatKey, formatURef, readKey, readURef } from "../../host/bytesrepr/key.ts";
import { readPublicKey } from "../../host/bytesrepr/public-key.ts";
import type { ArgType, SimpleTypeName } from "../cli/typed-args.ts";
import { CLT, clByteArray, clList, clMap, clOption, clResult, clTuple1, clTuple2, clTuple3, type CLType, type SimpleCLTypeKind } from "../../host/bytesrepr/cl-type.ts";

export type SchemaType = string | { [variant: string]: unknown };

export class SchemaTypeError extends Error {}

const SIMPLE: Record<string, SimpleTypeName> = {
  Bool: "bool", I32: "i32", I64: "i64", U8: "u8", U32: "u32", U64: "u64", U128: "u128", U256: "u256", U512: "u512",
  Unit: "unit", String: "string", Key: "key", URef: "uref", PublicKey: "public_key",
};

function variant(t: SchemaType): [string, unknown] {
  if (typeof t === "string") return [t, undefined];
  const keys = Object.keys(t ?? {});
  if (keys.length !== 1) throw new SchemaTypeError(`not a schema type: ${JSON.stringify(t)}`);
  return [keys[0], t[keys[0]]];
}

/** The CLI arg type of a schema type (custom types have none: they are not CL types). */
export function argTypeOf(t: SchemaType): ArgType {
  const [name, inner] = variant(t);
  if (typeof t === "string") {
    if (name in SIMPLE) return { kind: "simple", name: SIMPLE[name] };
    throw new SchemaTypeError(`schema type '${name}' is not a CL type`);
  }
  switch (name) {
    case "Option":
      return { kind: "option", inner: argTypeOf(inner as SchemaType) };
    case "List":
      return { kind: "list", inner: argTypeOf(inner as SchemaType) };
    case "ByteArray":
      return { kind: "byte_array", size: inner as number };
    case "Map": {
      const m = inner as { key: SchemaType; value: SchemaType };
      return { kind: "map", key: argTypeOf(m.key), value: argTypeOf(m.value) };
    }
    case "Result": {
      const r = inner as { ok: SchemaType; err: SchemaType };
      return { kind: "result", ok: argTypeOf(r.ok), err: argTypeOf(r.err) };
    }
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      return { kind: "tuple", items: (inner as SchemaType[]).map(argTypeOf) };
    default:
      throw new SchemaTypeError(`schema type '${name}' is not a CL type`);
  }
}

/** The CL type (host/bytesrepr's model) of a schema type. */
export function clTypeOfSchema(t: SchemaType): CLType {
  const [name, inner] = variant(t);
  if (typeof t === "string") {
    if (name in SIMPLE) return CLT[name as SimpleCLTypeKind];
    throw new SchemaTypeError(`schema type '${name}' is not a CL type`);
  }
  switch (name) {
    case "Option":
      return clOption(clTypeOfSchema(inner as SchemaType));
    case "List":
      return clList(clTypeOfSchema(inner as SchemaType));
    case "ByteArray":
      return clByteArray(inner as number);
    case "Map": {
      const m = inner as { key: SchemaType; value: SchemaType };
      return clMap(clTypeOfSchema(m.key), clTypeOfSchema(m.value));
    }
    case "Result": {
      const r = inner as { ok: SchemaType; err: SchemaType };
      return clResult(clTypeOfSchema(r.ok), clTypeOfSchema(r.err));
    }
    case "Tuple1":
    case "Tuple2":
    case "Tuple3": {
      const items = (inner as SchemaType[]).map(clTypeOfSchema);
      return name === "Tuple1" ? clTuple1(items[0]) : name === "Tuple2" ? clTuple2(items[0], items[1]) : clTuple3(items[0], items[1], items[2]);
    }
    default:
      throw new SchemaTypeError(`schema type '${name}' is not a CL type`);
  }
}

/** The schema type's text as Casper writes CL types (for messages): U8, List<PublicKey>, Map<String, U64>... */
export function schemaTypeText(t: SchemaType): string {
  const [name, inner] = variant(t);
  if (typeof t === "string") return name;
  switch (name) {
    case "ByteArray":
      return `ByteArray(${inner})`;
    case "Map": {
      const m = inner as { key: SchemaType; value: SchemaType };
      return `Map<${schemaTypeText(m.key)}, ${schemaTypeText(m.value)}>`;
    }
    case "Result": {
      const r = inner as { ok: SchemaType; err: SchemaType };
      return `Result<${schemaTypeText(r.ok)}, ${schemaTypeText(r.err)}>`;
    }
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      return `${name}<${(inner as SchemaType[]).map(schemaTypeText).join(", ")}>`;
    default:
      return `${name}<${schemaTypeText(inner as SchemaType)}>`;
  }
}

/** TypeScript type of a value a client accepts for `t`. */
export function inputTypeText(t: SchemaType): string {
  const [name, inner] = variant(t);
  switch (name) {
    case "Bool":
      return "boolean";
    case "I32":
    case "U8":
    case "U32":
      return "number";
    case "I64":
    case "U64":
    case "U128":
    case "U256":
    case "U512":
      return "BigNumberInput";
    case "String":
      return "string";
    case "Unit":
      return "null";
    case "Key":
      return "KeyInput";
    case "URef":
      return "string";
    case "PublicKey":
      return "PublicKeyInput";
    case "ByteArray":
      return "BytesInput";
    case "Option":
      return `${inputTypeText(inner as SchemaType)} | null`;
    case "List":
      return `Array<${inputTypeText(inner as SchemaType)}>`;
    case "Map": {
      const m = inner as { key: SchemaType; value: SchemaType };
      const k = inputTypeText(m.key);
      const v = inputTypeText(m.value);
      return `Array<[${k}, ${v}]> | Map<${k}, ${v}>`;
    }
    case "Result": {
      const r = inner as { ok: SchemaType; err: SchemaType };
      return `{ ok: ${inputTypeText(r.ok)} } | { err: ${inputTypeText(r.err)} }`;
    }
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      return `[${(inner as SchemaType[]).map(inputTypeText).join(", ")}]`;
    default:
      return "unknown";
  }
}

/** TypeScript type of a value `decodeValue` returns for `t`. */
export function outputTypeText(t: SchemaType): string {
  const [name, inner] = variant(t);
  switch (name) {
    case "Bool":
      return "boolean";
    case "I32":
    case "U8":
    case "U32":
      return "number";
    case "I64":
    case "U64":
    case "U128":
    case "U256":
    case "U512":
      return "bigint";
    case "Unit":
      return "null";
    case "String":
    case "Key":
    case "URef":
    case "PublicKey":
    case "ByteArray":
      return "string";
    case "Option":
      return `${outputTypeText(inner as SchemaType)} | null`;
    case "List":
      return `Array<${outputTypeText(inner as SchemaType)}>`;
    case "Map": {
      const m = inner as { key: SchemaType; value: SchemaType };
      return `Array<[${outputTypeText(m.key)}, ${outputTypeText(m.value)}]>`;
    }
    case "Result": {
      const r = inner as { ok: SchemaType; err: SchemaType };
      return `{ ok: ${outputTypeText(r.ok)} } | { err: ${outputTypeText(r.err)} }`;
    }
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      return `[${(inner as SchemaType[]).map(outputTypeText).join(", ")}]`;
    default:
      return "unknown";
  }
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/**
 * Reads one value of type `t` (bytesrepr, casper-types v1.5.8): integers up to 32 bits as numbers,
 * wider ones as bigints, keys and URefs in their formatted-string form, public keys and byte arrays in hex.
 */
export function readValue(r: ByteReader, t: SchemaType, what = "value"): unknown {
  const [name, inner] = variant(t);
  switch (name) {
    case "Bool":
      return r.bool(what);
    case "I32":
      return r.i32(what);
    case "I64":
      return r.i64(what);
    case "U8":
      return r.u8(what);
    case "U32":
      return r.u32(what);
    case "U64":
      return r.u64(what);
    case "U128":
      return r.bigUint(16, what);
    case "U256":
      return r.bigUint(32, what);
    case "U512":
      return r.bigUint(64, what);
    case "Unit":
      return null;
    case "String":
      return r.string(what);
    case "Key":
      return formatKey(readKey(r, what));
    case "URef":
      return formatURef(readURef(r, what));
    case "PublicKey":
      return hex(readPublicKey(r, what));
    case "ByteArray":
      return hex(r.raw(inner as number, what));
    case "Option":
      return r.u8(what) === 1 ? readValue(r, inner as SchemaType, what) : null;
    case "List": {
      const n = r.u32(`${what}.length`);
      return Array.from({ length: n }, (_, i) => readValue(r, inner as SchemaType, `${what}[${i}]`));
    }
    case "Map": {
      const m = inner as { key: SchemaType; value: SchemaType };
      const n = r.u32(`${what}.length`);
      return Array.from({ length: n }, (_, i) => [readValue(r, m.key, `${what} key ${i}`), readValue(r, m.value, `${what} value ${i}`)]);
    }
    case "Result": {
      const res = inner as { ok: SchemaType; err: SchemaType };
      return r.u8(what) === 1 ? { ok: readValue(r, res.ok, `${what}.ok`) } : { err: readValue(r, res.err, `${what}.err`) };
    }
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      return (inner as SchemaType[]).map((it, i) => readValue(r, it, `${what}.${i}`));
    default:
      throw new SchemaTypeError(`${what}: schema type '${name}' is not a CL type`);
  }
}
