// CLValues as the node writes them in JSON: {"cl_type": <CLType JSON>, "bytes": <hex>, "parsed": <value>}.
// CLType JSON is serde's default enum form (casper-node 2.0 types/src/cl_type.rs): "U512",
// {"Option": T}, {"ByteArray": 32}, {"Map": {"key": K, "value": V}}, {"Tuple2": [A, B]}, ...
// `parsed` is the best-effort reading of types/src/cl_value/jsonrepr.rs: integers up to 64 bits are
// JSON numbers (bigint here, written as exact digits by the RPC server), U128/U256/U512 decimal
// strings, Unit null, keys and URefs formatted strings, public keys hex, byte arrays hex, options null
// or the value, results {"Ok": v} / {"Err": e}, maps [{"key": k, "value": v}], tuples arrays; bytes
// that do not read as the type, or leave a remainder, give null.
import type { CLType } from "../bytesrepr/cl-type.ts";
import type { CLValue } from "../bytesrepr/cl-value.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { formatKeyFor2x, formatURef, readKey, readURef } from "../bytesrepr/key.ts";
import { readPublicKey } from "../bytesrepr/public-key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { utf8DecodeStrict } from "../bytesrepr/utf8.ts";

/** A JSON value; bigints stand for integers the RPC server writes as exact JSON numbers. */
export type Json = null | boolean | number | bigint | string | Json[] | { [key: string]: Json };

export function clTypeJson(t: CLType): Json {
  switch (t.kind) {
    case "Option":
    case "List":
      return { [t.kind]: clTypeJson(t.inner) };
    case "ByteArray":
      return { ByteArray: t.size };
    case "Result":
      return { Result: { ok: clTypeJson(t.ok), err: clTypeJson(t.err) } };
    case "Map":
      return { Map: { key: clTypeJson(t.key), value: clTypeJson(t.value) } };
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      return { [t.kind]: t.items.map(clTypeJson) };
    default:
      return t.kind;
  }
}

export function clValueJson(v: CLValue): { cl_type: Json; bytes: string; parsed: Json } {
  return { cl_type: clTypeJson(v.clType), bytes: toHex(v.bytes), parsed: parsedJson(v) };
}

/** jsonrepr.rs `cl_value_to_json`, null when the bytes do not read as the type. */
export function parsedJson(v: CLValue): Json {
  const r = new ByteReader(v.bytes);
  try {
    const value = readJson(r, v.clType, 0);
    return r.remaining === 0 ? value : null;
  } catch {
    return null;
  }
}

/** cl_type.rs CL_TYPE_RECURSION_DEPTH */
const MAX_DEPTH = 50;

function readJson(r: ByteReader, t: CLType, depth: number): Json {
  if (depth >= MAX_DEPTH) throw new Error("too deep");
  const d = depth + 1;
  switch (t.kind) {
    case "Bool":
      return r.bool();
    case "I32":
      return r.i32();
    case "I64":
      return small(r.i64());
    case "U8":
      return r.u8();
    case "U32":
      return r.u32();
    case "U64":
      return small(r.u64());
    case "U128":
      return r.bigUint(16, "U128").toString();
    case "U256":
      return r.bigUint(32, "U256").toString();
    case "U512":
      return r.bigUint(64, "U512").toString();
    case "Unit":
      return null;
    case "String": {
      const s = utf8DecodeStrict(r.lengthPrefixed());
      if (s === undefined) throw new Error("invalid UTF-8");
      return s;
    }
    case "Key":
      return formatKeyFor2x(readKey(r));
    case "URef":
      return formatURef(readURef(r));
    case "PublicKey":
      return toHex(readPublicKey(r));
    case "Any":
      throw new Error("Any has no JSON form");
    case "Option": {
      const tag = r.u8();
      if (tag === 0) return null;
      if (tag === 1) return readJson(r, t.inner, d);
      throw new Error("bad Option tag");
    }
    case "List": {
      const n = r.u32();
      const out: Json[] = [];
      for (let i = 0; i < n; i++) out.push(readJson(r, t.inner, d));
      return out;
    }
    case "ByteArray":
      return toHex(r.raw(t.size));
    case "Result": {
      const tag = r.u8();
      if (tag === 0) return { Err: readJson(r, t.err, d) };
      if (tag === 1) return { Ok: readJson(r, t.ok, d) };
      throw new Error("bad Result tag");
    }
    case "Map": {
      const n = r.u32();
      const out: Json[] = [];
      for (let i = 0; i < n; i++) {
        const key = readJson(r, t.key, d);
        out.push({ key, value: readJson(r, t.value, d) });
      }
      return out;
    }
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      return t.items.map((item) => readJson(r, item, d));
  }
}

/** A number when it is exact as a JavaScript number, else a bigint (written as exact digits). */
export function small(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}
