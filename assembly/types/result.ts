// Result<T, E>: bytesrepr 1 + ok value | 0 + error value. casper-node v1.5.8 bytesrepr.rs
// (RESULT_OK_TAG 1, RESULT_ERR_TAG 0).
import { ApiError, revert } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { encode, decode, writeCLType, equals } from "../bytes/codec";
import { CLTypeTag } from "./cl_type";
import { placeholder } from "./option";

@unmanaged
export class Result<T, E> {
  constructor(public isOk: bool, private okValue: T, private errValue: E) {}

  static ok<T, E>(value: T): Result<T, E> {
    return new Result<T, E>(true, value, placeholder<E>());
  }

  static err<T, E>(error: E): Result<T, E> {
    return new Result<T, E>(false, placeholder<T>(), error);
  }

  get isErr(): bool {
    return !this.isOk;
  }

  /** The Ok value; traps on Err. */
  unwrap(): T {
    if (!this.isOk) unreachable();
    return this.okValue;
  }

  /** The Err value; traps on Ok. */
  unwrapErr(): E {
    if (this.isOk) unreachable();
    return this.errValue;
  }

  /** The Ok value, or revert with `code`. */
  unwrapOrRevertWith(code: u32): T {
    if (!this.isOk) revert(code);
    return this.okValue;
  }

  /** The Ok value, or revert with the error when E is an ApiError code (u32), else Unhandled. */
  unwrapOrRevert(): T {
    if (!this.isOk) {
      if (isInteger<E>() && !isBoolean<E>()) revert(<u32>this.errValue);
      else revert(ApiError.Unhandled);
    }
    return this.okValue;
  }

  equals(other: Result<T, E>): bool {
    if (this.isOk != other.isOk) return false;
    return this.isOk ? equals<T>(this.okValue, other.okValue) : equals<E>(this.errValue, other.errValue);
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    if (this.isOk) {
      w.u8(1);
      encode<T>(w, this.okValue);
    } else {
      w.u8(0);
      encode<E>(w, this.errValue);
    }
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.Result);
    writeCLType<T>(w);
    writeCLType<E>(w);
  }
  decodeFrom(r: Reader): Result<T, E> {
    const tag = r.u8();
    if (tag == 1) return Result.ok<T, E>(decode<T>(r));
    if (tag == 0) return Result.err<T, E>(decode<E>(r));
    r.fail(ApiError.Formatting);
    return Result.err<T, E>(placeholder<E>());
  }
}
