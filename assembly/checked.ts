// Checked and saturating arithmetic on U128, U256 and U512 that reverts with a code the contract picks,
// as Rust contracts write `a.checked_add(b).ok_or(Error::Overflow).unwrap_or_revert()`. as-bignum's own
// u128/u256 operators wrap silently; U512's operators trap. One implementation serves the three widths:
// each is a little-endian number in memory (as-bignum's u128 {lo, hi} and u256 {lo1, lo2, hi1, hi2}
// are laid out that way, and so is U512), walked as u32 limbs.
import { u128, u256 } from "as-bignum/assembly";
import { revert } from "./errors";
import { typeOnly } from "./bytes/codec";
import { U512 } from "./types/u512";

/** Bytes of the number type T (U128 16, U256 32, U512 64); any other type is a compile error. */
// @ts-ignore: decorator
@inline function widthOf<T>(): u32 {
  if (typeOnly<T>() instanceof u128) return 16;
  if (typeOnly<T>() instanceof u256) return 32;
  if (typeOnly<T>() instanceof U512) return 64;
  ERROR("checked arithmetic is for U128, U256 and U512");
  return 0;
}

/** A new zero of type T. */
// @ts-ignore: decorator
@inline function zeroOf<T>(): T {
  if (typeOnly<T>() instanceof u128) return changetype<T>(new u128());
  if (typeOnly<T>() instanceof u256) return changetype<T>(new u256());
  return changetype<T>(U512.zero());
}

/** The largest value of type T (2^128 - 1, 2^256 - 1, 2^512 - 1). */
export function maxOf<T>(): T {
  const r = zeroOf<T>();
  const p = changetype<usize>(r);
  for (let i: u32 = 0; i < widthOf<T>(); i += 4) store<u32>(p + i, u32.MAX_VALUE);
  return r;
}

/** r = a + b over `n` bytes; returns the carry out (1: overflow). */
function addInto(r: usize, a: usize, b: usize, n: u32): u64 {
  let carry: u64 = 0;
  for (let i: u32 = 0; i < n; i += 4) {
    const s = <u64>load<u32>(a + i) + <u64>load<u32>(b + i) + carry;
    store<u32>(r + i, <u32>s);
    carry = s >> 32;
  }
  return carry;
}

/** r = a - b over `n` bytes; returns the borrow out (1: a < b). */
function subInto(r: usize, a: usize, b: usize, n: u32): u64 {
  let borrow: u64 = 0;
  for (let i: u32 = 0; i < n; i += 4) {
    const d = <u64>load<u32>(a + i) - <u64>load<u32>(b + i) - borrow;
    store<u32>(r + i, <u32>d);
    borrow = (d >> 32) & 1;
  }
  return borrow;
}

/** r = a * b over `n` bytes (r zeroed); returns whether the product does not fit. */
function mulInto(r: usize, a: usize, b: usize, n: u32): bool {
  for (let i: u32 = 0; i < n; i += 4) {
    const x = <u64>load<u32>(a + i);
    if (x == 0) continue;
    let carry: u64 = 0;
    // limbs of b that land inside the width
    for (let j: u32 = 0; i + j < n; j += 4) {
      const t = x * <u64>load<u32>(b + j) + <u64>load<u32>(r + i + j) + carry;
      store<u32>(r + i + j, <u32>t);
      carry = t >> 32;
    }
    if (carry != 0) return true;
    // the other limbs of b would land past it
    for (let j = n - i; j < n; j += 4) if (load<u32>(b + j) != 0) return true;
  }
  return false;
}

/** a + b, or revert with `code` when the sum does not fit in T. */
export function checkedAdd<T>(a: T, b: T, code: u32): T {
  const r = zeroOf<T>();
  if (addInto(changetype<usize>(r), changetype<usize>(a), changetype<usize>(b), widthOf<T>()) != 0) revert(code);
  return r;
}

/** a - b, or revert with `code` when b > a. */
export function checkedSub<T>(a: T, b: T, code: u32): T {
  const r = zeroOf<T>();
  if (subInto(changetype<usize>(r), changetype<usize>(a), changetype<usize>(b), widthOf<T>()) != 0) revert(code);
  return r;
}

/** a * b, or revert with `code` when the product does not fit in T. */
export function checkedMul<T>(a: T, b: T, code: u32): T {
  const r = zeroOf<T>();
  if (mulInto(changetype<usize>(r), changetype<usize>(a), changetype<usize>(b), widthOf<T>())) revert(code);
  return r;
}

/** a + b, or the largest T when the sum does not fit (Rust's saturating_add). */
export function saturatingAdd<T>(a: T, b: T): T {
  const r = zeroOf<T>();
  if (addInto(changetype<usize>(r), changetype<usize>(a), changetype<usize>(b), widthOf<T>()) != 0) return maxOf<T>();
  return r;
}

/** a - b, or zero when b > a (Rust's saturating_sub). */
export function saturatingSub<T>(a: T, b: T): T {
  const r = zeroOf<T>();
  if (subInto(changetype<usize>(r), changetype<usize>(a), changetype<usize>(b), widthOf<T>()) != 0) return zeroOf<T>();
  return r;
}

/** Whether the number is zero. */
export function isZero<T>(a: T): bool {
  const p = changetype<usize>(a);
  for (let i: u32 = 0; i < widthOf<T>(); i += 4) if (load<u32>(p + i) != 0) return false;
  return true;
}

/** -1, 0 or 1 as a is below, equal to or above b. */
export function compareNumbers<T>(a: T, b: T): i32 {
  const pa = changetype<usize>(a);
  const pb = changetype<usize>(b);
  for (let i = <i32>widthOf<T>() - 4; i >= 0; i -= 4) {
    const x = load<u32>(pa + i);
    const y = load<u32>(pb + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}
