// CLValue: a value's bytes with its CLType. bytesrepr: u32 length + value bytes + CLType.
// casper-node v1.5.8 types/src/cl_value.rs (`into_t` fails with CLTypeMismatch on another type).
import { ApiError } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { encode, decode, writeCLType, typeOnly } from "../bytes/codec";
import { CLType } from "./cl_type";
import { ByteArray } from "./byte_array";
import { Option } from "./option";

/** Appends the CLType of value `v`: T's type, or ByteArray(length) for a ByteArray. */
export function writeCLTypeOfValue<T>(w: Writer, v: T): void {
  if (isReference<T>() && !isString<T>()) {
    if (typeOnly<T>() instanceof ByteArray) {
      changetype<ByteArray>(v).writeCLTypeOfValue(w);
      return;
    }
  }
  writeCLType<T>(w);
}

@unmanaged
export class CLValue {
  constructor(public bytes: ByteArray, public type: CLType) {}

  /** The CLValue of `value` (Rust's CLValue::from_t). */
  static from<T>(value: T): CLValue {
    const w = new Writer();
    encode<T>(w, value);
    const t = new Writer();
    writeCLTypeOfValue<T>(t, value);
    return new CLValue(new ByteArray(w.ptr, w.len), changetype<CLType>(t.ptr));
  }

  /**
   * The value as a T: None when the CLType is not T's or the bytes do not decode to exactly one T
   * (`error` then tells which: CLTypeMismatch or the bytesrepr error code).
   */
  to<T>(): Option<T> {
    const expected = new Writer();
    writeCLType<T>(expected);
    if (!this.type.equals(changetype<CLType>(expected.ptr))) {
      this.error = ApiError.CLTypeMismatch;
      return Option.none<T>();
    }
    const r = new Reader(this.bytes.ptr, this.bytes.length);
    const v = decode<T>(r);
    if (!r.finish()) {
      this.error = r.error;
      return Option.none<T>();
    }
    this.error = 0;
    return Option.some<T>(v);
  }

  /** Why the last `to` returned None (0 after a success). */
  error: u32 = 0;

  /** The value as a T, or revert (CLTypeMismatch, or the bytesrepr error). */
  into<T>(): T {
    const v = this.to<T>();
    return v.unwrapOrRevertWith(this.error);
  }

  equals(other: CLValue): bool {
    return this.bytes.equals(other.bytes) && this.type.equals(other.type);
  }

  // ---- CL value protocol (see bytes/codec.ts); a CLValue has no CLType of its own ----
  encode(w: Writer): void {
    w.u32(this.bytes.length);
    this.bytes.encode(w);
    this.type.encode(w);
  }
  decodeFrom(r: Reader): CLValue {
    const n = r.u32();
    const bytes = ByteArray.decode(r, n);
    const type = CLType.decode(r);
    return new CLValue(bytes, type === null ? CLType.Any : type);
  }
}
