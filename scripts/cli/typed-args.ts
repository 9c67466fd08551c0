// Typed runtime args on the command line, in the spirit of casper-client's "simple args"
// (casper-client-rs lib/cli/simple_args.rs): NAME:TYPE='VALUE', or NAME:opt_TYPE=null for None.
// casper-client's type names and value formats are kept where it has them (bool i32 i64 u8 u32 u64
// u128 u256 u512 unit string key account_hash uref public_key byte_list byte_array_<N>, the opt_
// prefix, single quotes required); it has no lists, maps, tuples or results, so this adds generic
// types — option<T> list<T> map<K,V> tuple1<A> tuple2<A,B> tuple3<A,B,C> result<T,E> — whose value
// is JSON inside the quotes. Everything is checked before a deploy is built; errors name the arg.
import sdk from "casper-js-sdk";
import type { Args as SdkArgs, CLType as SdkCLType, CLValue as SdkCLValue } from "casper-js-sdk";
import { publicKeyProblem } from "./public-key-check.ts";

const {
  Args, CLValue, Key, URef, PublicKey,
  CLTypeBool, CLTypeInt32, CLTypeInt64, CLTypeUInt8, CLTypeUInt32, CLTypeUInt64, CLTypeUInt128, CLTypeUInt256,
  CLTypeUInt512, CLTypeUnit, CLTypeString, CLTypeKey, CLTypeUref, CLTypePublicKey,
  CLTypeByteArray, CLTypeList, CLTypeMap, CLTypeOption, CLTypeResult, CLTypeTuple1, CLTypeTuple2, CLTypeTuple3,
} = sdk;


export const SIMPLE_TYPES = [
  "bool", "i32", "i64", "u8", "u32", "u64", "u128", "u256", "u512", "unit", "string",
  "key", "account_hash", "uref", "public_key", "byte_list",
] as const;
export type SimpleTypeName = (typeof SIMPLE_TYPES)[number];

export type ArgType =
  | { kind: "simple"; name: SimpleTypeName }
  | { kind: "byte_array"; size: number }
  | { kind: "option"; inner: ArgType }
  | { kind: "list"; inner: ArgType }
  | { kind: "map"; key: ArgType; value: ArgType }
  | { kind: "tuple"; items: ArgType[] }
  | { kind: "result"; ok: ArgType; err: ArgType };

/** A bad arg: the message names the arg and says what was expected. */
export class ArgError extends Error {}

const INT_RANGES: Partial<Record<SimpleTypeName, [bigint, bigint]>> = {
  i32: [-(2n ** 31n), 2n ** 31n - 1n],
  i64: [-(2n ** 63n), 2n ** 63n - 1n],
  u8: [0n, 255n],
  u32: [0n, 2n ** 32n - 1n],
  u64: [0n, 2n ** 64n - 1n],
  u128: [0n, 2n ** 128n - 1n],
  u256: [0n, 2n ** 256n - 1n],
  u512: [0n, 2n ** 512n - 1n],
};

const KEY_PATTERN =
  /^(?:(?:account-hash|hash|dictionary|balance|bid|withdraw|unbond|transfer|deploy|era-summary|system-contract-registry|chainspec-registry|checksum-registry)-[0-9a-fA-F]{64}|uref-[0-9a-fA-F]{64}-00[0-7]|era-\d+)$/;
const UREF_PATTERN = /^uref-[0-9a-fA-F]{64}-00[0-7]$/;
const ACCOUNT_HASH_PATTERN = /^account-hash-[0-9a-fA-F]{64}$/;

// ---------------------------------------------------------------- types

/** Parses a type spelling (case-insensitive): u512, opt_u8, byte_array_32, list<map<string,u64>>, … */
export function parseArgType(text: string): ArgType {
  const src = text.trim().toLowerCase();
  let at = 0;
  const fail = (why: string): never => {
    throw new ArgError(`unknown type '${text}': ${why}. Types: ${SIMPLE_TYPES.join(", ")}, byte_array_<N>, opt_<type>, option<T>, list<T>, map<K,V>, tuple1<A>, tuple2<A,B>, tuple3<A,B,C>, result<T,E>`);
  };
  const word = () => {
    const m = /^[a-z0-9_]+/.exec(src.slice(at));
    if (!m) fail(`expected a type name at '${src.slice(at) || "end"}'`);
    at += m![0].length;
    return m![0];
  };
  const expect = (c: string) => {
    while (src[at] === " ") at++;
    if (src[at] !== c) fail(`expected '${c}' at '${src.slice(at) || "end"}'`);
    at++;
    while (src[at] === " ") at++;
  };
  const params = (n: number): ArgType[] => {
    expect("<");
    const out = [one()];
    for (let i = 1; i < n; i++) {
      expect(",");
      out.push(one());
    }
    expect(">");
    return out;
  };
  const one = (): ArgType => {
    const name = word();
    if ((SIMPLE_TYPES as readonly string[]).includes(name)) return { kind: "simple", name: name as SimpleTypeName };
    const byteArray = /^byte_array_(\d+)$/.exec(name);
    if (byteArray) return { kind: "byte_array", size: Number(byteArray[1]) };
    if (name.startsWith("opt_")) {
      at -= name.length - 4; // re-read what follows "opt_" as the inner type
      return { kind: "option", inner: one() };
    }
    switch (name) {
      case "option":
        return { kind: "option", inner: params(1)[0] };
      case "list":
        return { kind: "list", inner: params(1)[0] };
      case "map": {
        const [key, value] = params(2);
        return { kind: "map", key, value };
      }
      case "tuple1":
      case "tuple2":
      case "tuple3":
        return { kind: "tuple", items: params(Number(name.slice(5))) };
      case "result": {
        const [ok, err] = params(2);
        return { kind: "result", ok, err };
      }
      default:
        return fail(`'${name}' is not a type`);
    }
  };
  const t = one();
  if (at !== src.length) fail(`unexpected '${src.slice(at)}'`);
  return t;
}

/** The canonical spelling of a type, as error messages show it. */
export function typeName(t: ArgType): string {
  switch (t.kind) {
    case "simple": return t.name;
    case "byte_array": return `byte_array_${t.size}`;
    case "option": return `option<${typeName(t.inner)}>`;
    case "list": return `list<${typeName(t.inner)}>`;
    case "map": return `map<${typeName(t.key)},${typeName(t.value)}>`;
    case "tuple": return `tuple${t.items.length}<${t.items.map(typeName).join(",")}>`;
    case "result": return `result<${typeName(t.ok)},${typeName(t.err)}>`;
  }
}

/** The SDK CLType of an arg type. */
export function clTypeOf(t: ArgType): SdkCLType {
  switch (t.kind) {
    case "simple":
      return ({
        bool: CLTypeBool, i32: CLTypeInt32, i64: CLTypeInt64, u8: CLTypeUInt8, u32: CLTypeUInt32, u64: CLTypeUInt64,
        u128: CLTypeUInt128, u256: CLTypeUInt256, u512: CLTypeUInt512, unit: CLTypeUnit, string: CLTypeString,
        key: CLTypeKey, uref: CLTypeUref, public_key: CLTypePublicKey,
        account_hash: new CLTypeByteArray(32), byte_list: new CLTypeList(CLTypeUInt8),
      } as Record<SimpleTypeName, SdkCLType>)[t.name];
    case "byte_array": return new CLTypeByteArray(t.size);
    case "option": return new CLTypeOption(clTypeOf(t.inner));
    case "list": return new CLTypeList(clTypeOf(t.inner));
    case "map": return new CLTypeMap(clTypeOf(t.key), clTypeOf(t.value));
    case "tuple": {
      const [a, b, c] = t.items.map(clTypeOf);
      return t.items.length === 1 ? new CLTypeTuple1(a) : t.items.length === 2 ? new CLTypeTuple2(a, b) : new CLTypeTuple3(a, b, c);
    }
    case "result": return new CLTypeResult(clTypeOf(t.ok), clTypeOf(t.err));
  }
}

// ---------------------------------------------------------------- values

/** A value of a simple type from its text form (what goes between the quotes). */
export function simpleFromText(name: SimpleTypeName, text: string): SdkCLValue {
  if (name in INT_RANGES) {
    const signed = name.startsWith("i");
    if (!(signed ? /^[+-]?\d+$/ : /^\+?\d+$/).test(text)) {
      throw new TypeError(`can't parse '${text}' as ${name}: expected ${signed ? "an integer" : "a non-negative integer"}`);
    }
    const n = BigInt(text);
    const [min, max] = INT_RANGES[name]!;
    if (n < min || n > max) throw new TypeError(`${text} is out of range for ${name} (${min} to ${max})`);
    const s = n.toString();
    switch (name) {
      case "i32": return CLValue.newCLInt32(s);
      case "i64": return CLValue.newCLInt64(s);
      case "u8": return CLValue.newCLUint8(s);
      case "u32": return CLValue.newCLUInt32(s);
      case "u64": return CLValue.newCLUint64(s);
      case "u128": return CLValue.newCLUInt128(s);
      case "u256": return CLValue.newCLUInt256(s);
      default: return CLValue.newCLUInt512(s);
    }
  }
  switch (name) {
    case "bool": {
      const v = text.toLowerCase();
      if (v === "true" || v === "t") return CLValue.newCLValueBool(true);
      if (v === "false" || v === "f") return CLValue.newCLValueBool(false);
      throw new TypeError(`can't parse '${text}' as a bool (should be 'true' or 'false')`);
    }
    case "unit":
      if (text !== "") throw new TypeError(`can't parse '${text}' as unit (should be '')`);
      return CLValue.newCLUnit();
    case "string":
      return utf8StringValue(text);
    case "key":
      if (!KEY_PATTERN.test(text)) {
        throw new TypeError(`can't parse '${text}' as a key: expected e.g. account-hash-<64 hex>, hash-<64 hex>, uref-<64 hex>-007`);
      }
      return CLValue.newCLKey(Key.newKey(text.toLowerCase()));
    case "uref":
      if (!UREF_PATTERN.test(text)) throw new TypeError(`can't parse '${text}' as a uref: expected uref-<64 hex>-<access rights 000..007>`);
      return CLValue.newCLUref(URef.fromString(text.toLowerCase()));
    case "account_hash":
      if (!ACCOUNT_HASH_PATTERN.test(text)) throw new TypeError(`can't parse '${text}' as an account hash: expected account-hash-<64 hex>`);
      return CLValue.newCLByteArray(hexBytes(text.slice("account-hash-".length)));
    case "public_key":
      if (!/^(01[0-9a-fA-F]{64}|02[0-9a-fA-F]{66})$/.test(text)) {
        throw new TypeError(`can't parse '${text}' as a public key: expected 01 + 64 hex (ed25519) or 02 + 66 hex (secp256k1)`);
      }
      {
        const problem = publicKeyProblem(text);
        if (problem) throw new TypeError(`can't use '${text}' as a public key: ${problem}`);
      }
      try {
        return CLValue.newCLPublicKey(PublicKey.fromHex(text));
      } catch (e) {
        throw new TypeError(`can't parse '${text}' as a public key: ${(e as Error).message}`);
      }
    case "byte_list":
      return CLValue.newCLList(CLTypeUInt8, [...hexBytes(text, "byte_list")].map((b) => CLValue.newCLUint8(b)));
    default:
      throw new TypeError(`unsupported type ${name}`);
  }
}

/**
 * casper-js-sdk 5.0.12 writes a String CLValue's length prefix as the JavaScript string length (UTF-16
 * code units), so any non-ASCII text gets a wrong prefix and the node reads garbage. Casper's rule
 * (bytesrepr.rs `String::to_bytes`) is a u32 count of UTF-8 bytes, then the bytes; this value keeps the
 * SDK's CLValue (so hashing and JSON go through the SDK as usual) with a String that encodes right.
 */
class Utf8CLValueString extends sdk.CLValueString {
  override bytes(): Uint8Array {
    const utf8 = new TextEncoder().encode(this.toString());
    const out = new Uint8Array(4 + utf8.length);
    new DataView(out.buffer).setUint32(0, utf8.length, true);
    out.set(utf8, 4);
    return out;
  }
}

export function utf8StringValue(text: string): SdkCLValue {
  const value = CLValue.newCLString(text);
  value.stringVal = new Utf8CLValueString(text);
  return value;
}

function hexBytes(text: string, what = "hex"): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw new TypeError(`can't parse '${text}' as ${what}: expected hex digits`);
  return new Uint8Array(Buffer.from(text, "hex"));
}

function byteArrayFromText(size: number, text: string): SdkCLValue {
  const bytes = hexBytes(text, `byte_array_${size}`);
  if (bytes.length !== size) throw new TypeError(`provided ${bytes.length} bytes but specified a byte_array of ${size} bytes`);
  return CLValue.newCLByteArray(bytes);
}

/** A value from its JSON form, used inside composite values. `at` locates it in error messages. */
export function valueFromJson(t: ArgType, json: unknown, at: string): SdkCLValue {
  const fail = (why: string): never => {
    throw new TypeError(`${at}: ${why}`);
  };
  const wrap = (f: () => SdkCLValue) => {
    try {
      return f();
    } catch (e) {
      return fail((e as Error).message);
    }
  };
  switch (t.kind) {
    case "simple": {
      if (t.name in INT_RANGES) {
        if (typeof json === "number") {
          if (!Number.isSafeInteger(json)) fail(`${json} is not an exact integer; write big numbers as strings, e.g. "${BigInt(Math.trunc(json))}"`);
          return wrap(() => simpleFromText(t.name, String(json)));
        }
        if (typeof json !== "string") fail(`expected a ${t.name} (a number or a decimal string), got ${JSON.stringify(json)}`);
      }
      if (t.name === "bool" && typeof json === "boolean") return CLValue.newCLValueBool(json);
      if (t.name === "unit" && (json === "" || (Array.isArray(json) && json.length === 0))) return CLValue.newCLUnit();
      if (typeof json !== "string") fail(`expected a ${t.name} as a JSON string, got ${JSON.stringify(json)}`);
      return wrap(() => simpleFromText(t.name, json as string));
    }
    case "byte_array":
      if (typeof json !== "string") fail(`expected byte_array_${t.size} as a hex string, got ${JSON.stringify(json)}`);
      return wrap(() => byteArrayFromText(t.size, json as string));
    case "option":
      return json === null
        ? CLValue.newCLOption(null, clTypeOf(t.inner))
        : CLValue.newCLOption(valueFromJson(t.inner, json, at), clTypeOf(t.inner));
    case "list": {
      if (!Array.isArray(json)) fail(`expected a JSON array for ${typeName(t)}, got ${JSON.stringify(json)}`);
      const items = (json as unknown[]).map((v, i) => valueFromJson(t.inner, v, `${at}[${i}]`));
      return CLValue.newCLList(clTypeOf(t.inner), items);
    }
    case "map":
      return mapFromJson(t, json, at);
    case "tuple": {
      const n = t.items.length;
      if (!Array.isArray(json) || json.length !== n) fail(`expected a JSON array of ${n} value${n > 1 ? "s" : ""} for ${typeName(t)}, got ${JSON.stringify(json)}`);
      const [a, b, c] = t.items.map((it, i) => valueFromJson(it, (json as unknown[])[i], `${at}[${i}]`));
      return n === 1 ? CLValue.newCLTuple1(a) : n === 2 ? CLValue.newCLTuple2(a, b) : CLValue.newCLTuple3(a, b, c);
    }
    case "result": {
      const o = json as Record<string, unknown>;
      const keys = o && typeof o === "object" && !Array.isArray(o) ? Object.keys(o) : [];
      if (keys.length !== 1 || (keys[0] !== "ok" && keys[0] !== "err")) fail(`expected {"ok": value} or {"err": value} for ${typeName(t)}, got ${JSON.stringify(json)}`);
      const isOk = keys[0] === "ok";
      const inner = valueFromJson(isOk ? t.ok : t.err, o[keys[0]], `${at}.${keys[0]}`);
      return CLValue.newCLResult(clTypeOf(t.ok), clTypeOf(t.err), inner, isOk);
    }
  }
}

// Casper serializes a map as a BTreeMap: entries in the key type's order, no duplicate keys.
function mapFromJson(t: Extract<ArgType, { kind: "map" }>, json: unknown, at: string): SdkCLValue {
  let pairs: [unknown, unknown][];
  if (Array.isArray(json)) {
    pairs = json.map((p, i) => {
      if (!Array.isArray(p) || p.length !== 2) throw new TypeError(`${at}[${i}]: expected a [key, value] pair`);
      return [p[0], p[1]] as [unknown, unknown];
    });
  } else if (json !== null && typeof json === "object") {
    pairs = Object.entries(json as Record<string, unknown>);
  } else {
    throw new TypeError(`${at}: expected a JSON object or an array of [key, value] pairs for ${typeName(t)}, got ${JSON.stringify(json)}`);
  }
  const entries = pairs.map(([k, v], i) => {
    const key = valueFromJson(t.key, k, `${at} key ${JSON.stringify(k)}`);
    return { key, value: valueFromJson(t.value, v, `${at}[${JSON.stringify(k) ?? i}]`), order: sortKey(t.key, key) };
  });
  entries.sort((a, b) => compareSortKeys(a.order, b.order));
  for (let i = 1; i < entries.length; i++) {
    if (compareSortKeys(entries[i - 1].order, entries[i].order) === 0) throw new TypeError(`${at}: duplicate key ${entries[i].key.toString()}`);
  }
  const keyType = clTypeOf(t.key);
  const valueType = clTypeOf(t.value);
  const map = CLValue.newCLMap(keyType, valueType);
  for (const e of entries) {
    // The SDK's map checks entry types by identity; both are structurally these types.
    e.key.type = keyType;
    e.value.type = valueType;
    const error = map.map!.append(e.key, e.value);
    if (error) throw new TypeError(`${at}: ${error.message}`);
  }
  return map;
}

type SortKey = bigint | Uint8Array;

/** Rust `Ord` of the key: numeric for integers, bytewise for strings, byte order otherwise. */
function sortKey(t: ArgType, v: SdkCLValue): SortKey {
  if (t.kind === "simple" && t.name in INT_RANGES) return BigInt(v.toString());
  if (t.kind === "simple" && t.name === "string") return new TextEncoder().encode(v.toString());
  return v.bytes();
}

function compareSortKeys(a: SortKey, b: SortKey): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  const x = a as Uint8Array;
  const y = b as Uint8Array;
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

/** A top-level value: the text between the quotes, or the bare word null for None. */
export function valueFromArgText(t: ArgType, raw: string, quoted: boolean): SdkCLValue {
  if (t.kind === "option") {
    if (!quoted) return CLValue.newCLOption(null, clTypeOf(t.inner));
    return CLValue.newCLOption(valueFromArgText(t.inner, raw, true), clTypeOf(t.inner));
  }
  if (t.kind === "simple") return simpleFromText(t.name, raw);
  if (t.kind === "byte_array") return byteArrayFromText(t.size, raw);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new TypeError(`the value of a ${typeName(t)} is JSON, e.g. ${exampleFor(t)}: ${(e as Error).message}`);
  }
  return valueFromJson(t, json, "value");
}

function exampleFor(t: ArgType): string {
  switch (t.kind) {
    case "list": return "'[1,2,3]'";
    case "map": return `'{"a":1}' or '[["a",1]]'`;
    case "tuple": return `'[${t.items.map((_, i) => i + 1).join(",")}]'`;
    case "result": return `'{"ok":1}' or '{"err":"x"}'`;
    default: return "'…'";
  }
}

// ---------------------------------------------------------------- whole args

export interface ParsedArg {
  name: string;
  type: ArgType;
  value: SdkCLValue;
}

/** Parses one NAME:TYPE='VALUE' (or NAME:TYPE=null for an option's None). */
export function parseArg(arg: string): ParsedArg {
  const usage = `expected NAME:TYPE='VALUE' or NAME:opt_TYPE=null, got "${arg}"`;
  const colon = arg.indexOf(":");
  const eq = colon < 0 ? -1 : arg.indexOf("=", colon + 1);
  if (colon <= 0 || eq < 0) throw new ArgError(`bad arg: ${usage}`);
  const name = arg.slice(0, colon);
  if (name.includes("=")) throw new ArgError(`bad arg: ${usage}`);
  const typeText = arg.slice(colon + 1, eq);
  const rawValue = arg.slice(eq + 1);
  let type: ArgType;
  try {
    type = parseArgType(typeText);
  } catch (e) {
    throw new ArgError(`arg '${name}': ${(e as Error).message}`);
  }
  const quoted = rawValue.length >= 2 && rawValue.startsWith("'") && rawValue.endsWith("'");
  if (!quoted) {
    if (type.kind === "option" && rawValue.toLowerCase() === "null") {
      return { name, type, value: valueFromArgText(type, "", false) };
    }
    throw new ArgError(
      `arg '${name}' (${typeName(type)}): the value must be in single quotes${type.kind === "option" ? " (or null without quotes for None)" : ""}, e.g. ${name}:${typeText}='…'; got ${rawValue === "" ? "nothing" : rawValue}`,
    );
  }
  try {
    return { name, type, value: valueFromArgText(type, rawValue.slice(1, -1), true) };
  } catch (e) {
    throw new ArgError(`arg '${name}' (${typeName(type)}): ${(e as Error).message}`);
  }
}

/** Parses every --arg into SDK Args, in order; a name given twice is an error. */
export function parseArgs(args: string[]): { args: SdkArgs; parsed: ParsedArg[] } {
  const parsed = args.map(parseArg);
  const seen = new Set<string>();
  for (const p of parsed) {
    if (seen.has(p.name)) throw new ArgError(`arg '${p.name}' is given twice`);
    seen.add(p.name);
  }
  const map: Record<string, SdkCLValue> = {};
  for (const p of parsed) map[p.name] = p.value;
  return { args: Args.fromMap(map), parsed };
}
