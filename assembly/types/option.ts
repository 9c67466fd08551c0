// Option<T>: bytesrepr 0 (None) | 1 + value (Some). casper-node v1.5.8 bytesrepr.rs.
import { ApiError, revert } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { encode, decode, writeCLType, equals } from "../bytes/codec";
import { CLTypeTag } from "./cl_type";

/** A placeholder T for an absent value (never handed out). */
// @ts-ignore: decorator
@inline export function placeholder<T>(): T {
  if (isReference<T>()) return changetype<T>(0);
  // @ts-ignore: integer or bool
  return <T>0;
}

@unmanaged
export class Option<T> {
  constructor(public isSome: bool, private value: T) {}

  static some<T>(value: T): Option<T> {
    return new Option<T>(true, value);
  }

  static none<T>(): Option<T> {
    return new Option<T>(false, placeholder<T>());
  }

  /** Some(value) for a non-null reference, None for null. */
  static fromNullable<T>(value: T | null): Option<T> {
    return changetype<usize>(value) == 0 ? Option.none<T>() : Option.some<T>(changetype<T>(value));
  }

  get isNone(): bool {
    return !this.isSome;
  }

  /** The value; traps on None (Rust's `unwrap` panics). */
  unwrap(): T {
    if (!this.isSome) unreachable();
    return this.value;
  }

  unwrapOr(fallback: T): T {
    return this.isSome ? this.value : fallback;
  }

  /** The value, or revert with ApiError::None (1) like casper-contract's `unwrap_or_revert`. */
  unwrapOrRevert(): T {
    return this.unwrapOrRevertWith(ApiError.None);
  }

  unwrapOrRevertWith(code: u32): T {
    if (!this.isSome) revert(code);
    return this.value;
  }

  equals(other: Option<T>): bool {
    if (this.isSome != other.isSome) return false;
    return !this.isSome || equals<T>(this.value, other.value);
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    if (this.isSome) {
      w.u8(1);
      encode<T>(w, this.value);
    } else w.u8(0);
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.Option);
    writeCLType<T>(w);
  }
  decodeFrom(r: Reader): Option<T> {
    const tag = r.u8();
    if (tag == 1) return Option.some<T>(decode<T>(r));
    if (tag != 0) r.fail(ApiError.Formatting);
    return Option.none<T>();
  }
}
