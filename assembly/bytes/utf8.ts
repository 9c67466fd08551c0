// UTF-16 (AssemblyScript strings) <-> UTF-8 (bytesrepr strings), without the std String.UTF8
// machinery. Decoding is strict like Rust's String::from_utf8: overlong forms, surrogates and
// code points above U+10FFFF are errors. A lone surrogate in an AS string encodes as U+FFFD.

/** Most UTF-8 bytes one UTF-16 unit can need (a surrogate pair: 2 units, 4 bytes). */
export const MAX_UTF8_PER_UNIT: u32 = 3;

/** Writes `s` as UTF-8 at `dst` (room for MAX_UTF8_PER_UNIT bytes per unit); returns the byte count. */
// @ts-ignore: decorator (inlined into names.ts nameBytes, its one caller)
@inline export function writeUtf8(s: string, dst: usize): u32 {
  const p = changetype<usize>(s);
  const units = <usize>s.length << 1;
  let o = dst;
  for (let i: usize = 0; i < units; i += 2) {
    let c = <u32>load<u16>(p + i);
    if (c < 0x80) {
      store<u8>(o++, <u8>c);
      continue;
    }
    if ((c & 0xf800) == 0xd800) {
      // a lead surrogate followed by a trail one is a pair; any other surrogate is replaced
      const t = i + 2 < units ? <u32>load<u16>(p + i + 2) : 0;
      if (c < 0xdc00 && (t & 0xfc00) == 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + (t - 0xdc00);
        i += 2;
      } else c = 0xfffd;
    }
    // continuation bytes after the lead byte: 1, 2 or 3
    const extra: u32 = c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
    store<u8>(o, <u8>((0xff00 >> (extra + 1)) | (c >> (6 * extra))));
    for (let k = extra; k > 0; k--) {
      store<u8>(o + k, <u8>(0x80 | (c & 0x3f)));
      c >>= 6;
    }
    o += extra + 1;
  }
  return <u32>(o - dst);
}

/**
 * Decodes `n` UTF-8 bytes at `src` into a new string, or returns null when they are not valid
 * UTF-8 (the caller reports bytesrepr Formatting, as Rust does).
 */
export function readUtf8(src: usize, n: u32): string | null {
  const units = utf16Length(src, n);
  if (units < 0) return null;
  const out = __new(<usize>units << 1, idof<string>());
  let o = out;
  const end = src + n;
  while (src < end) {
    let c = <u32>load<u8>(src++);
    if (c >= 0x80) {
      const extra: u32 = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : 1;
      c &= 0x3f >> extra;
      for (let k: u32 = 0; k < extra; k++) c = (c << 6) | (<u32>load<u8>(src++) & 0x3f);
      if (c >= 0x10000) {
        c -= 0x10000;
        store<u16>(o, <u16>(0xd800 | (c >> 10)));
        o += 2;
        c = 0xdc00 | (c & 0x3ff);
      }
    }
    store<u16>(o, <u16>c);
    o += 2;
  }
  return changetype<string>(out);
}

/** UTF-16 units of the valid UTF-8 at (src, n), or -1 when it is not valid. */
function utf16Length(src: usize, n: u32): i32 {
  const end = src + n;
  let units = 0;
  while (src < end) {
    let c = <u32>load<u8>(src++);
    units++;
    if (c < 0x80) continue;
    let extra: u32;
    let min: u32;
    if ((c & 0xe0) == 0xc0) {
      extra = 1;
      min = 0x80;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      min = 0x800;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      min = 0x10000;
    } else return -1;
    c &= 0x3f >> extra;
    if (<usize>extra > end - src) return -1;
    for (let k: u32 = 0; k < extra; k++) {
      const b = <u32>load<u8>(src++);
      if ((b & 0xc0) != 0x80) return -1;
      c = (c << 6) | (b & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c & 0xfffff800) == 0xd800) return -1;
    if (c >= 0x10000) units++;
  }
  return units;
}
