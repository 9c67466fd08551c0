// U512: Casper's 512-bit unsigned integer (motes). as-bignum stops at 256 bits, so this is ours.
// The object is a view on 64 bytes, a little-endian number (16 u32 limbs): bytesrepr can copy it
// as is. Arithmetic traps on overflow and division by zero, like Rust's `uint` crate panics;
// the `checked*` forms return null instead.
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { encodeBigUint, decodeBigUint, decodeBigUintOrRevert, significantBytes } from "../bytes/codec";
import { CLTypeTag } from "./cl_type";
import { copyBytes, equalBytes } from "../bytes/memory";

const BYTES: u32 = 64;
const LIMBS: i32 = 16;

// @ts-ignore: decorator
@inline function limb(p: usize, i: i32): u32 {
  return load<u32>(p + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline function setLimb(p: usize, i: i32, v: u32): void {
  store<u32>(p + (<usize>i << 2), v);
}

/** A zero U512 (the heap hands out zeroed memory: assembly/rt/casper_heap.ts). */
// @ts-ignore: decorator
@inline function alloc(): usize {
  return heap.alloc(BYTES);
}

@unmanaged
export class U512 {
  static zero(): U512 {
    return changetype<U512>(alloc());
  }

  /** 2^512 - 1, the largest U512 (Rust's U512::MAX). */
  static max(): U512 {
    const p = alloc();
    for (let i: usize = 0; i < BYTES; i += 8) store<u64>(p + i, u64.MAX_VALUE);
    return changetype<U512>(p);
  }

  static fromU64(v: u64): U512 {
    const p = alloc();
    store<u64>(p, v);
    return changetype<U512>(p);
  }

  /** Parses decimal digits; null for an empty string, another character, or a value over 2^512-1. */
  static fromString(s: string): U512 | null {
    const n = s.length;
    if (n == 0) return null;
    const r = alloc();
    for (let i = 0; i < n; i++) {
      const d = <u32>s.charCodeAt(i) - 48;
      if (d > 9) return null;
      if (mulAddSmall(r, 10, d) != 0) return null;
    }
    return changetype<U512>(r);
  }

  /** Copies `len` (<= 64) little-endian bytes from `src`. */
  static fromBytesLE(src: usize, len: u32): U512 {
    const p = alloc();
    copyBytes(p, src, min(len, BYTES));
    return changetype<U512>(p);
  }

  // @ts-ignore: decorator
  @inline get ptr(): usize {
    return changetype<usize>(this);
  }

  isZero(): bool {
    const p = this.ptr;
    for (let i: usize = 0; i < BYTES; i += 8) if (load<u64>(p + i) != 0) return false;
    return true;
  }

  /** The low 64 bits (the whole value when it fits, see `fitsU64`). */
  toU64(): u64 {
    return load<u64>(this.ptr);
  }

  fitsU64(): bool {
    const p = this.ptr;
    for (let i: usize = 8; i < BYTES; i += 8) if (load<u64>(p + i) != 0) return false;
    return true;
  }

  clone(): U512 {
    const p = heap.alloc(BYTES);
    copyBytes(p, this.ptr, BYTES);
    return changetype<U512>(p);
  }

  /** -1, 0 or 1. */
  cmp(other: U512): i32 {
    const a = this.ptr;
    const b = other.ptr;
    for (let i = LIMBS - 1; i >= 0; i--) {
      const x = limb(a, i);
      const y = limb(b, i);
      if (x != y) return x < y ? -1 : 1;
    }
    return 0;
  }

  equals(other: U512): bool {
    return equalBytes(this.ptr, other.ptr, BYTES);
  }

  checkedAdd(other: U512): U512 | null {
    const r = alloc();
    const a = this.ptr;
    const b = other.ptr;
    let carry: u64 = 0;
    for (let i = 0; i < LIMBS; i++) {
      const s = <u64>limb(a, i) + <u64>limb(b, i) + carry;
      setLimb(r, i, <u32>s);
      carry = s >> 32;
    }
    return carry != 0 ? null : changetype<U512>(r);
  }

  checkedSub(other: U512): U512 | null {
    const r = alloc();
    const a = this.ptr;
    const b = other.ptr;
    let borrow: u64 = 0;
    for (let i = 0; i < LIMBS; i++) {
      const d = <u64>limb(a, i) - <u64>limb(b, i) - borrow;
      setLimb(r, i, <u32>d);
      borrow = (d >> 32) & 1;
    }
    return borrow != 0 ? null : changetype<U512>(r);
  }

  checkedMul(other: U512): U512 | null {
    const r = alloc();
    const a = this.ptr;
    const b = other.ptr;
    for (let i = 0; i < LIMBS; i++) {
      const x = <u64>limb(a, i);
      if (x == 0) continue;
      let carry: u64 = 0;
      for (let j = 0; j < LIMBS; j++) {
        const y = <u64>limb(b, j);
        if (i + j >= LIMBS) {
          if (y != 0) return null;
          continue;
        }
        const t = x * y + <u64>limb(r, i + j) + carry;
        setLimb(r, i + j, <u32>t);
        carry = t >> 32;
      }
      if (carry != 0) return null;
    }
    return changetype<U512>(r);
  }

  /** Quotient, or null when dividing by zero. */
  checkedDiv(divisor: U512): U512 | null {
    if (divisor.isZero()) return null;
    const q = alloc();
    divRem(this, divisor, q);
    return changetype<U512>(q);
  }

  /** Remainder, or null when dividing by zero. */
  checkedRem(divisor: U512): U512 | null {
    if (divisor.isZero()) return null;
    return divRem(this, divisor, 0);
  }

  @operator("+") static add(a: U512, b: U512): U512 {
    const r = a.checkedAdd(b);
    if (r === null) unreachable(); // overflow
    return r!;
  }

  @operator("-") static sub(a: U512, b: U512): U512 {
    const r = a.checkedSub(b);
    if (r === null) unreachable(); // underflow
    return r!;
  }

  @operator("*") static mul(a: U512, b: U512): U512 {
    const r = a.checkedMul(b);
    if (r === null) unreachable(); // overflow
    return r!;
  }

  @operator("/") static div(a: U512, b: U512): U512 {
    const r = a.checkedDiv(b);
    if (r === null) unreachable(); // division by zero
    return r!;
  }

  @operator("%") static rem(a: U512, b: U512): U512 {
    const r = a.checkedRem(b);
    if (r === null) unreachable(); // division by zero
    return r!;
  }

  // null-safe, so that `x === null` still tests for null
  @operator("==") static eq(a: U512 | null, b: U512 | null): bool {
    if (changetype<usize>(a) == 0 || changetype<usize>(b) == 0) return changetype<usize>(a) == changetype<usize>(b);
    return changetype<U512>(a).equals(changetype<U512>(b));
  }
  @operator("!=") static ne(a: U512 | null, b: U512 | null): bool {
    return !U512.eq(a, b);
  }
  @operator("<") static lt(a: U512, b: U512): bool {
    return a.cmp(b) < 0;
  }
  @operator("<=") static le(a: U512, b: U512): bool {
    return a.cmp(b) <= 0;
  }
  @operator(">") static gt(a: U512, b: U512): bool {
    return a.cmp(b) > 0;
  }
  @operator(">=") static ge(a: U512, b: U512): bool {
    return a.cmp(b) >= 0;
  }

  /** Decimal digits. */
  toString(): string {
    const t = this.clone().ptr;
    // 2^512 has 155 decimal digits
    const buf = heap.alloc(160 << 1);
    let n = 0;
    do {
      const d = divSmall(t, 10);
      store<u16>(buf + (<usize>(159 - n) << 1), <u16>(48 + d));
      n++;
    } while (!changetype<U512>(t).isZero());
    const s = __new(<usize>n << 1, idof<string>());
    copyBytes(s, buf + (<usize>(160 - n) << 1), <usize>n << 1);
    return changetype<string>(s);
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    encodeBigUint(w, this.ptr, BYTES);
  }
  /** Bytes `encode` writes. */
  encodedLength(): u32 {
    return 1 + significantBytes(this.ptr, BYTES);
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.U512);
  }
  decodeFrom(r: Reader): U512 {
    const p = alloc();
    decodeBigUint(r, p, BYTES);
    return changetype<U512>(p);
  }
  decodeOrRevert(ptr: usize, len: u32, failCode: u32): U512 {
    const p = alloc();
    decodeBigUintOrRevert(ptr, len, p, BYTES, failCode);
    return changetype<U512>(p);
  }
}

/** r = r * m + a in place; returns the carry out (non-zero means overflow). */
function mulAddSmall(r: usize, m: u32, a: u32): u32 {
  let carry = <u64>a;
  for (let i = 0; i < LIMBS; i++) {
    const t = <u64>limb(r, i) * <u64>m + carry;
    setLimb(r, i, <u32>t);
    carry = t >> 32;
  }
  return <u32>carry;
}

/** t = t / d in place; returns t % d. */
function divSmall(t: usize, d: u32): u32 {
  let rem: u64 = 0;
  for (let i = LIMBS - 1; i >= 0; i--) {
    const cur = (rem << 32) | <u64>limb(t, i);
    setLimb(t, i, <u32>(cur / <u64>d));
    rem = cur % <u64>d;
  }
  return <u32>rem;
}

/**
 * Binary long division of a by b (b != 0): writes the quotient into `q` when q != 0 and returns
 * the remainder.
 */
function divRem(a: U512, b: U512, q: usize): U512 {
  const rem = alloc();
  const bp = b.ptr;
  const ap = a.ptr;
  let top = LIMBS - 1;
  while (top > 0 && limb(ap, top) == 0) top--;
  for (let bit = (top << 5) + 31; bit >= 0; bit--) {
    // rem = (rem << 1) | bit of a
    let carry: u32 = (limb(ap, bit >> 5) >> (<u32>bit & 31)) & 1;
    for (let i = 0; i < LIMBS; i++) {
      const x = limb(rem, i);
      setLimb(rem, i, (x << 1) | carry);
      carry = x >> 31;
    }
    // a remainder that overflowed 512 bits is certainly >= b
    if (carry != 0 || changetype<U512>(rem).cmp(b) >= 0) {
      let borrow: u64 = 0;
      for (let i = 0; i < LIMBS; i++) {
        const d = <u64>limb(rem, i) - <u64>limb(bp, i) - borrow;
        setLimb(rem, i, <u32>d);
        borrow = (d >> 32) & 1;
      }
      if (q != 0) setLimb(q, bit >> 5, limb(q, bit >> 5) | (<u32>1 << (<u32>bit & 31)));
    }
  }
  return changetype<U512>(rem);
}
