// Generic bytesrepr for any CL-typed AssemblyScript value, resolved at compile time per type:
//   bool, i32, i64, u8, u32, u64      natives
//   string                            String
//   u128, u256 (as-bignum)            U128, U256
//   classes of this library           their own `encode` plus the type-level methods below
// A class takes part by providing
//   encode(w: Writer): void             the value's bytes
//   cltype(w: Writer): void             its CLType descriptor          (type-level)
//   decodeFrom(r: Reader): <itself>     a new value read from `r`      (type-level)
// and, optionally, shortcuts that make contracts smaller where a type allows them:
//   decodeOrRevert(ptr, len, failCode): <itself>   exactly `len` bytes, or a revert like
//                                       decodeOrRevert below, without a Reader (type-level)
//   encodedLength(): u32                the number of bytes `encode` writes (RuntimeArgs then
//                                       writes a CLValue's length before its bytes, no patching)
//   encodedBytes(): usize               where those bytes already are (a view: copied as they are)
// "Type-level" methods are called on a null stand-in of the type (`changetype<T>(0)`), since
// AssemblyScript cannot call static methods through a type parameter: they must not use `this`.
import { u128, u256 } from "as-bignum/assembly";
import { ApiError, revert } from "../errors";
import { Writer } from "./writer";
import { Reader } from "./reader";
import { CLType, CLTypeTag } from "../types/cl_type";
import { copyBytes } from "./memory";
import { DECODE_READER } from "./scratch";

/** Bytes of the little-endian unsigned number of `size` bytes at `p` without its high zero bytes. */
export function significantBytes(p: usize, size: u32): u32 {
  let n = size;
  while (n > 0) {
    if (load<u8>(p + n - 1) != 0) break;
    n--;
  }
  return n;
}

/** Writes a little-endian unsigned number of `size` bytes at `p` as bytesrepr U128/U256/U512. */
export function encodeBigUint(w: Writer, p: usize, size: u32): void {
  const n = significantBytes(p, size);
  w.u8(<u8>n).bytes(p, n);
}

/** Reads bytesrepr U128/U256/U512 into the zeroed `size`-byte little-endian number at `p`. */
export function decodeBigUint(r: Reader, p: usize, size: u32): void {
  const n = <u32>r.u8();
  if (n > size) {
    r.fail(ApiError.Formatting); // casper-node v1.5.8 uint.rs: more bytes than the type holds
    return;
  }
  // on a short read take() hands out zeros (at least 64 bytes of them), which leave the number 0
  copyBytes(p, r.take(n), n);
}

/**
 * Reverts unless `error` is 0: with `failCode`, or (0) with the bytesrepr error itself, as Rust's
 * `bytesrepr::deserialize(..).unwrap_or_revert()` does.
 */
function revertOnDecodeError(error: u32, failCode: u32): void {
  if (error != 0) revert(failCode != 0 ? failCode : error);
}

/**
 * Checks `len` bytes holding a value made of a first byte, valid or not, and then `following`
 * bytes, reverting like revertOnDecodeError (casper-node v1.5.8 bytesrepr: the first byte missing or
 * too few bytes: EarlyEndOfStream; an invalid first byte: Formatting; bytes left: LeftOverBytes).
 * When there is no first byte (len 0) callers pass what a 0 would mean, which is valid for every
 * such type: the length check then gives EarlyEndOfStream. Returns `following`.
 */
export function checkPrefixedOrRevert(len: u32, valid: bool, following: u32, failCode: u32): u32 {
  const expected: u32 = 1 + following;
  if (!valid || len != expected) {
    revert(failCode != 0 ? failCode : !valid ? ApiError.Formatting : len < expected ? ApiError.EarlyEndOfStream : ApiError.LeftOverBytes);
  }
  return following;
}

/**
 * Address 0: below all static data and the heap, never written, so it reads 0 (a first byte read
 * from it when a buffer is empty is 0 without reading past the buffer).
 */
export const NULL_PAGE: usize = 0;

/** Reads U128/U256/U512 from exactly the `len` bytes at `ptr` into the zeroed number at `p`, or reverts (decodeOrRevert). */
export function decodeBigUintOrRevert(ptr: usize, len: u32, p: usize, size: u32, failCode: u32): void {
  const n: u32 = load<u8>(len != 0 ? ptr : NULL_PAGE);
  copyBytes(p, ptr + 1, checkPrefixedOrRevert(len, n <= size, n, failCode));
}

// The reader of decodeOrRevert for types decoded through a Reader: decoding runs no user code that
// could start another decodeOrRevert, so one is enough.
// @ts-ignore: decorator (static data is laid out as it is first used: see bytes/scratch.ts)
@lazy const READER = changetype<Reader>(DECODE_READER);

/**
 * Exactly one T from the `len` bytes at `ptr`, or a revert: with `failCode`, or (0) with the
 * bytesrepr error itself, as Rust's `bytesrepr::deserialize(..).unwrap_or_revert()`.
 * A type whose first byte fixes its length (PublicKey, U128/U256/U512) checks the length up front
 * (type-level `decodeOrRevert(ptr, len, failCode)`), with the same errors as through a Reader
 * (tests compare them); the others are decoded by `decode<T>` on a Reader.
 */
export function decodeOrRevert<T>(ptr: usize, len: u32, failCode: u32 = 0): T {
  if (isReference<T>() && !isString<T>()) {
    if (typeOnly<T>() instanceof u128) {
      const v = new u128();
      decodeBigUintOrRevert(ptr, len, changetype<usize>(v), 16, failCode);
      return changetype<T>(v);
    } else if (typeOnly<T>() instanceof u256) {
      const v = new u256();
      decodeBigUintOrRevert(ptr, len, changetype<usize>(v), 32, failCode);
      return changetype<T>(v);
      // @ts-ignore: duck-typed CL value
    } else if (isDefined(typeOnly<T>().decodeOrRevert)) {
      // @ts-ignore: duck-typed CL value
      return typeOnly<T>().decodeOrRevert(ptr, len, failCode);
    }
  }
  const v = decode<T>(READER.reset(ptr, len));
  READER.finish();
  revertOnDecodeError(READER.error, failCode);
  return v;
}

/** A stand-in of type T for type-level methods (never dereferenced). */
// @ts-ignore: decorator
@inline export function typeOnly<T>(): T {
  return changetype<T>(0);
}

/** Appends the bytesrepr of `v`. */
export function encode<T>(w: Writer, v: T): void {
  if (isBoolean<T>()) {
    w.bool(<bool>v);
  } else if (isInteger<T>()) {
    if (sizeof<T>() == 1 && !isSigned<T>()) w.u8(<u8>v);
    else if (sizeof<T>() == 4) w.u32(<u32>v);
    else if (sizeof<T>() == 8) w.u64(<u64>v);
    else ERROR("this integer type is not a CL type (use bool, i32, i64, u8, u32 or u64)");
  } else if (isString<T>()) {
    w.string(changetype<string>(v));
  } else if (isReference<T>()) {
    if (typeOnly<T>() instanceof u128) encodeBigUint(w, changetype<usize>(v), 16);
    else if (typeOnly<T>() instanceof u256) encodeBigUint(w, changetype<usize>(v), 32);
    // @ts-ignore: duck-typed CL value
    else v.encode(w);
  } else {
    ERROR("not a CL type");
  }
}

/** Reads a T; on malformed bytes records the error in `r` and returns a placeholder. */
export function decode<T>(r: Reader): T {
  if (isBoolean<T>()) {
    return <T>r.bool();
  } else if (isInteger<T>()) {
    if (sizeof<T>() == 1 && !isSigned<T>()) return <T>r.u8();
    else if (sizeof<T>() == 4) return <T>r.u32();
    else if (sizeof<T>() == 8) return <T>r.u64();
    else ERROR("this integer type is not a CL type (use bool, i32, i64, u8, u32 or u64)");
  } else if (isString<T>()) {
    return changetype<T>(r.string());
  } else if (isReference<T>()) {
    if (typeOnly<T>() instanceof u128) {
      const v = new u128();
      decodeBigUint(r, changetype<usize>(v), 16);
      return changetype<T>(v);
    } else if (typeOnly<T>() instanceof u256) {
      const v = new u256();
      decodeBigUint(r, changetype<usize>(v), 32);
      return changetype<T>(v);
    }
    // @ts-ignore: duck-typed CL value
    return typeOnly<T>().decodeFrom(r);
  }
  ERROR("not a CL type");
  return unreachable();
}

/** Appends the CLType descriptor of T. */
export function writeCLType<T>(w: Writer): void {
  if (isBoolean<T>()) w.u8(CLTypeTag.Bool);
  else if (isInteger<T>()) {
    if (sizeof<T>() == 1 && !isSigned<T>()) w.u8(CLTypeTag.U8);
    else if (sizeof<T>() == 4) w.u8(isSigned<T>() ? CLTypeTag.I32 : CLTypeTag.U32);
    else if (sizeof<T>() == 8) w.u8(isSigned<T>() ? CLTypeTag.I64 : CLTypeTag.U64);
    else ERROR("this integer type is not a CL type (use bool, i32, i64, u8, u32 or u64)");
  } else if (isString<T>()) w.u8(CLTypeTag.String);
  else if (isReference<T>()) {
    if (typeOnly<T>() instanceof u128) w.u8(CLTypeTag.U128);
    else if (typeOnly<T>() instanceof u256) w.u8(CLTypeTag.U256);
    // @ts-ignore: duck-typed CL value
    else typeOnly<T>().cltype(w);
  } else ERROR("not a CL type");
}

/** The CLType descriptor of T as a value (e.g. for entry point parameters). */
export function clTypeOf<T>(): CLType {
  const w = new Writer();
  writeCLType<T>(w);
  return changetype<CLType>(w.ptr);
}

/** Value equality: natives by value, strings by content, library classes by their `equals`. */
export function equals<T>(a: T, b: T): bool {
  if (isString<T>()) return changetype<string>(a) == changetype<string>(b);
  if (isReference<T>()) {
    if (typeOnly<T>() instanceof u128) return changetype<u128>(a) == changetype<u128>(b);
    if (typeOnly<T>() instanceof u256) return changetype<u256>(a) == changetype<u256>(b);
    // @ts-ignore: duck-typed CL value
    return a.equals(b);
  }
  return a == b;
}

/**
 * Whether T has the order Rust's BTreeMap would use: numbers, bool, strings, and classes with a
 * `compare(other): i32` method (Key).
 */
// @ts-ignore: decorator
@inline export function isOrdered<T>(): bool {
  // @ts-ignore: duck-typed CL value
  return isInteger<T>() || isString<T>() || (isReference<T>() && isDefined(typeOnly<T>().compare));
}

/**
 * Order of two values of an ordered type, as Rust's BTreeMap sorts them: numbers numerically,
 * classes by their `compare`, strings by UTF-8 bytes (code point order, which differs from UTF-16 unit order only when a
 * surrogate pair meets a unit in U+E000..U+FFFF).
 */
export function compare<T>(a: T, b: T): i32 {
  if (isString<T>()) return compareStrings(changetype<string>(a), changetype<string>(b));
  if (isReference<T>()) {
    // @ts-ignore: duck-typed CL value
    if (isDefined(typeOnly<T>().compare)) return a.compare(b);
    ERROR("this type has no order");
  }
  return a == b ? 0 : a < b ? -1 : 1;
}

function compareStrings(a: string, b: string): i32 {
  const pa = changetype<usize>(a);
  const pb = changetype<usize>(b);
  const na = <usize>a.length << 1;
  const nb = <usize>b.length << 1;
  for (let i: usize = 0; i < na && i < nb; i += 2) {
    let x = <i32>load<u16>(pa + i);
    let y = <i32>load<u16>(pb + i);
    if (x != y) {
      // move surrogates above U+E000..U+FFFF so units compare in code point order
      if (x >= 0xd800 && y >= 0xd800) {
        x += x >= 0xe000 ? -0x800 : 0x2000;
        y += y >= 0xe000 ? -0x800 : 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return na == nb ? 0 : na < nb ? -1 : 1;
}
