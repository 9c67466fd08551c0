// Is a compressed secp256k1 key (0x02/0x03 ++ x, 33 bytes) a point on the curve? casper-types decodes a
// Secp256k1 PublicKey with k256's `from_sec1_bytes`, which refuses one that is not, so a Rust contract's
// get_named_arg reverts InvalidArgument (3) for it. The same test here: x < p and x^3 + 7 a square mod
// p (Euler's criterion: (x^3 + 7)^((p - 1) / 2) == 1; x^3 + 7 is never 0, the curve having no point
// of order 2). p = 2^256 - 2^32 - 977; numbers are 8 little-endian u32 limbs in linear memory.

const LIMBS: u32 = 8;

// the constants are static data inside functions, so a module that never checks a key carries none of them
/** p, little-endian limbs */
function prime(): usize {
  return memory.data<u32>([0xfffffc2f, 0xfffffffe, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]);
}
/** (p - 1) / 2 */
function halfPrime(): usize {
  return memory.data<u32>([0x7ffffe17, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0x7fffffff]);
}

/** a >= p (both 8 limbs) */
function atLeastP(a: usize): bool {
  const P = prime();
  for (let i: i32 = <i32>LIMBS - 1; i >= 0; i--) {
    const x = load<u32>(a + (<usize>i << 2));
    const y = load<u32>(P + (<usize>i << 2));
    if (x != y) return x > y;
  }
  return true;
}

/** a -= p (a >= p) */
function subtractP(a: usize): void {
  const P = prime();
  let borrow: i64 = 0;
  for (let i: u32 = 0; i < LIMBS; i++) {
    const v = <i64>load<u32>(a + (<usize>i << 2)) - <i64>load<u32>(P + (<usize>i << 2)) - borrow;
    store<u32>(a + (<usize>i << 2), <u32>v);
    borrow = v < 0 ? 1 : 0;
  }
}

/** t (18 limbs) mod p, into its first 8 limbs: 2^256 = 2^32 + 977 (mod p), so the limbs above the 8th
 * are folded down (h: 10 limbs of scratch) until none is left, then p is subtracted while it fits */
function reduce(t: usize, h: usize): void {
  for (;;) {
    let any = false;
    for (let i: u32 = LIMBS; i < 18; i++) {
      const v = load<u32>(t + (<usize>i << 2));
      store<u32>(h + (<usize>(i - LIMBS) << 2), v);
      store<u32>(t + (<usize>i << 2), 0);
      if (v != 0) any = true;
    }
    if (!any) break;
    let carry: u64 = 0;
    for (let i: u32 = 0; i < 18; i++) {
      let v = <u64>load<u32>(t + (<usize>i << 2)) + carry;
      if (i < 10) v += <u64>load<u32>(h + (<usize>i << 2)) * 977;
      if (i >= 1 && i <= 10) v += <u64>load<u32>(h + (<usize>(i - 1) << 2));
      store<u32>(t + (<usize>i << 2), <u32>v);
      carry = v >> 32;
    }
  }
  while (atLeastP(t)) subtractP(t);
}

/** out = a * b mod p (out may be a or b); `t` is 28 limbs of scratch */
function mulMod(a: usize, b: usize, out: usize, t: usize): void {
  memory.fill(t, 0, 18 << 2);
  for (let i: u32 = 0; i < LIMBS; i++) {
    let carry: u64 = 0;
    const ai = <u64>load<u32>(a + (<usize>i << 2));
    for (let j: u32 = 0; j < LIMBS; j++) {
      const at = t + (<usize>(i + j) << 2);
      const v = <u64>load<u32>(at) + ai * <u64>load<u32>(b + (<usize>j << 2)) + carry;
      store<u32>(at, <u32>v);
      carry = v >> 32;
    }
    store<u32>(t + (<usize>(i + LIMBS) << 2), <u32>carry);
  }
  reduce(t, t + (18 << 2));
  memory.copy(out, t, LIMBS << 2);
}

/**
 * true when the 33 bytes at `key` (0x02 or 0x03, then x big-endian) are a compressed point of
 * secp256k1, as k256's `from_sec1_bytes` accepts them.
 */
export function isSecp256k1Point(key: usize): bool {
  const prefix = load<u8>(key);
  if (prefix != 2 && prefix != 3) return false;
  // x as little-endian limbs, then x < p
  const x = heap.alloc((3 * LIMBS + 28) << 2);
  const a = x + (LIMBS << 2);
  const r = a + (LIMBS << 2);
  const t = r + (LIMBS << 2);
  for (let i: u32 = 0; i < LIMBS; i++) store<u32>(x + (<usize>i << 2), bswap<u32>(load<u32>(key + 1 + (<usize>(LIMBS - 1 - i) << 2))));
  if (atLeastP(x)) return false;
  // a = x^3 + 7
  mulMod(x, x, a, t);
  mulMod(a, x, a, t);
  memory.fill(t, 0, 18 << 2);
  memory.copy(t, a, LIMBS << 2);
  let carry: u64 = 7;
  for (let i: u32 = 0; i < LIMBS + 1 && carry != 0; i++) {
    const v = <u64>load<u32>(t + (<usize>i << 2)) + carry;
    store<u32>(t + (<usize>i << 2), <u32>v);
    carry = v >> 32;
  }
  reduce(t, t + (18 << 2));
  memory.copy(a, t, LIMBS << 2);
  // r = a^((p - 1) / 2), square and multiply from the top bit
  const HALF = halfPrime();
  memory.fill(r, 0, LIMBS << 2);
  store<u32>(r, 1);
  for (let bit: i32 = 255; bit >= 0; bit--) {
    mulMod(r, r, r, t);
    if ((load<u32>(HALF + (<usize>(bit >> 5) << 2)) >> (<u32>bit & 31)) & 1) mulMod(r, a, r, t);
  }
  if (load<u32>(r) != 1) return false;
  for (let i: u32 = 1; i < LIMBS; i++) if (load<u32>(r + (<usize>i << 2)) != 0) return false;
  return true;
}
