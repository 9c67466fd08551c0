// CLValue = (serialized value bytes, CLType), on the wire u32 length + bytes + CLType (cl_value.rs).
// The engine moves values around as bytes, exactly as the Rust engine does (it never re-checks that
// the bytes match the type unless something converts them with `into_t`).

import sdk from "casper-js-sdk";
import { CLT, type CLType, clOption, clResult, clTypeEquals, clTypeToString, encodeCLType, readCLType, writeCLType } from "./cl-type.ts";
import { BytesreprError } from "./errors.ts";
import { type Key, type URef, readKey, readURef, writeKey, writeURef } from "./key.ts";
import { ByteReader, decodeAll } from "./reader.ts";
import { ByteWriter, encodeWith } from "./writer.ts";

export interface CLValue {
  readonly clType: CLType;
  readonly bytes: Uint8Array;
}

/** CLValueError::Type (cl_value.rs): the value has a different CLType than asked for. */
export class CLTypeMismatchError extends Error {
  constructor(readonly expected: CLType, readonly found: CLType) {
    super(`CLValue error: type mismatch: expected ${clTypeToString(expected)}, found ${clTypeToString(found)}`);
    this.name = "CLTypeMismatchError";
  }
}

export function readCLValue(r: ByteReader, what = "CLValue"): CLValue {
  const bytes = r.lengthPrefixed(`${what}.bytes`);
  return { bytes, clType: readCLType(r, `${what}.cl_type`) };
}

export function writeCLValue(w: ByteWriter, v: CLValue): void {
  w.lengthPrefixed(v.bytes);
  writeCLType(w, v.clType);
}

export const encodeCLValue = (v: CLValue): Uint8Array => encodeWith((w) => writeCLValue(w, v), v.bytes.length + 8);
export const decodeCLValue = (bytes: Uint8Array, what = "CLValue"): CLValue => decodeAll(bytes, what, (r) => readCLValue(r, what));

export function clValueSerializedLength(v: CLValue): number {
  let typeLength = typeLengths.get(v.clType);
  if (typeLength === undefined) typeLengths.set(v.clType, (typeLength = encodeCLType(v.clType).length));
  return 4 + v.bytes.length + typeLength;
}
// CLType objects are immutable and mostly shared constants: their encoded length is remembered
const typeLengths = new WeakMap<CLType, number>();

/** `CLValue::into_t`: type check, then decode the whole value with `read`. */
export function clValueInto<T>(v: CLValue, expected: CLType, read: (r: ByteReader) => T): T {
  if (!clTypeEquals(v.clType, expected)) throw new CLTypeMismatchError(expected, v.clType);
  return decodeAll(v.bytes, clTypeToString(expected), read);
}

// ---- builders for the values the engine itself creates -------------------------------------

const val = (clType: CLType, write: (w: ByteWriter) => void, size = 16): CLValue => ({ clType, bytes: encodeWith(write, size) });

export const clv = {
  unit: (): CLValue => ({ clType: CLT.Unit, bytes: new Uint8Array(0) }),
  bool: (b: boolean) => val(CLT.Bool, (w) => w.bool(b), 1),
  u8: (n: number) => val(CLT.U8, (w) => w.u8(n), 1),
  u32: (n: number) => val(CLT.U32, (w) => w.u32(n), 4),
  i32: (n: number) => val(CLT.I32, (w) => w.i32(n), 4),
  u64: (n: bigint) => val(CLT.U64, (w) => w.u64(n), 8),
  u512: (n: bigint) => val(CLT.U512, (w) => w.bigUint(n, 64, "U512"), 9),
  string: (s: string) => val(CLT.String, (w) => w.string(s), 4 + s.length),
  key: (k: Key) => val(CLT.Key, (w) => writeKey(w, k), 34),
  uref: (u: URef) => val(CLT.URef, (w) => writeURef(w, u), 33),
  byteArray: (b: Uint8Array) => ({ clType: { kind: "ByteArray", size: b.length } as CLType, bytes: b.slice() }),
  /** Option<T> from already-encoded inner bytes (or None). */
  option: (inner: CLType, encoded: Uint8Array | undefined): CLValue => ({
    clType: clOption(inner),
    bytes: encoded ? encodeWith((w) => w.u8(1).raw(encoded), encoded.length + 1) : new Uint8Array([0]),
  }),
  /** Result<T, E>: Ok is tag 1, Err is tag 0 (bytesrepr.rs RESULT_OK_TAG / RESULT_ERR_TAG). */
  resultOk: (ok: CLType, err: CLType, encoded: Uint8Array): CLValue => ({
    clType: clResult(ok, err),
    bytes: encodeWith((w) => w.u8(1).raw(encoded), encoded.length + 1),
  }),
  resultErr: (ok: CLType, err: CLType, encoded: Uint8Array): CLValue => ({
    clType: clResult(ok, err),
    bytes: encodeWith((w) => w.u8(0).raw(encoded), encoded.length + 1),
  }),
};

// ---- typed readers (each requires the exact CLType, like `into_t`) ---------------------------

export const clvAs = {
  u512: (v: CLValue): bigint => clValueInto(v, CLT.U512, (r) => r.bigUint(64, "U512")),
  u64: (v: CLValue): bigint => clValueInto(v, CLT.U64, (r) => r.u64()),
  u32: (v: CLValue): number => clValueInto(v, CLT.U32, (r) => r.u32()),
  u8: (v: CLValue): number => clValueInto(v, CLT.U8, (r) => r.u8()),
  string: (v: CLValue): string => clValueInto(v, CLT.String, (r) => r.string()),
  key: (v: CLValue): Key => clValueInto(v, CLT.Key, (r) => readKey(r)),
  uref: (v: CLValue): URef => clValueInto(v, CLT.URef, (r) => readURef(r)),
};

// ---- casper-js-sdk interop -------------------------------------------------------------------

export type SdkCLValue = InstanceType<typeof sdk.CLValue>;

/** Convert to the SDK's CLValue (parsed by the SDK from the exact bytes). */
export function toSdkCLValue(v: CLValue): SdkCLValue {
  // casper-js-sdk 5.0.12 measures a parsed String in UTF-16 units: build non-ASCII strings ourselves
  if (v.clType.kind === "String") return sdk.CLValue.newCLString(clvAs.string(v));
  const type = sdk.CLTypeParser.matchBytesToCLType(encodeCLType(v.clType)).result;
  const parsed = sdk.CLValueParser.fromBytesByType(v.bytes, type);
  if (parsed.bytes.length !== 0) {
    throw new BytesreprError("LeftOverBytes", `CLValue(${clTypeToString(v.clType)})`, "the SDK left bytes unparsed");
  }
  return parsed.result;
}

export function fromSdkCLValue(v: SdkCLValue): CLValue {
  return decodeCLValue(sdk.CLValueParser.toBytesWithType(v));
}
