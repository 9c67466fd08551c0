// UTF-16 (AssemblyScript strings) <-> UTF-8 (bytesrepr strings), without the std String.UTF8
// machinery. Decoding is strict like Rust's String::from_utf8: overlong forms, surrogates and
// code points above U+10FFFF are errors. A lone surrogate in an AS string encodes as U+FFFD.

// @ts-ignore: decorator
@inline function isLead(c: u32): bool {
  return (c & 0xfc00) == 0xd800;
}
// @ts-ignore: decorator
@inline function isTrail(c: u32): bool {
  return (c & 0xfc00) == 0xdc00;
}

/** Bytes `s` takes in UTF-8. */
export function utf8Length(s: string): u32 {
  const p = changetype<usize>(s);
  const units = <u32>s.length;
  let n: u32 = 0;
  for (let i: u32 = 0; i < units; i++) {
    const c = <u32>load<u16>(p + (<usize>i << 1));
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (isLead(c) && i + 1 < units && isTrail(<u32>load<u16>(p + (<usize>(i + 1) << 1)))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/** Writes `s` as UTF-8 at `dst` (exactly utf8Length(s) bytes). */
export function writeUtf8(s: string, dst: usize): void {
  const p = changetype<usize>(s);
  const units = <u32>s.length;
  for (let i: u32 = 0; i < units; i++) {
    let c = <u32>load<u16>(p + (<usize>i << 1));
    if (c < 0x80) {
      store<u8>(dst++, <u8>c);
      continue;
    }
    if (c < 0x800) {
      store<u8>(dst++, <u8>(0xc0 | (c >> 6)));
    } else {
      if (isLead(c) && i + 1 < units) {
        const t = <u32>load<u16>(p + (<usize>(i + 1) << 1));
        if (isTrail(t)) {
          c = 0x10000 + ((c - 0xd800) << 10) + (t - 0xdc00);
          store<u8>(dst++, <u8>(0xf0 | (c >> 18)));
          store<u8>(dst++, <u8>(0x80 | ((c >> 12) & 0x3f)));
          store<u8>(dst++, <u8>(0x80 | ((c >> 6) & 0x3f)));
          store<u8>(dst++, <u8>(0x80 | (c & 0x3f)));
          i++;
          continue;
        }
      }
      if ((c & 0xf800) == 0xd800) c = 0xfffd; // lone surrogate: not encodable in UTF-8
      store<u8>(dst++, <u8>(0xe0 | (c >> 12)));
      store<u8>(dst++, <u8>(0x80 | ((c >> 6) & 0x3f)));
    }
    store<u8>(dst++, <u8>(0x80 | (c & 0x3f)));
  }
}

/**
 * Decodes `n` UTF-8 bytes at `src` into a new string, or returns null when they are not valid
 * UTF-8 (the caller reports bytesrepr Formatting, as Rust does).
 */
export function readUtf8(src: usize, n: u32): string | null {
  // at most one UTF-16 unit per byte
  const out = __new(<usize>n << 1, idof<string>());
  let o = out;
  const end = src + n;
  while (src < end) {
    let c = <u32>load<u8>(src++);
    if (c >= 0x80) {
      let extra: u32;
      let min: u32;
      if ((c & 0xe0) == 0xc0) {
        extra = 1;
        min = 0x80;
        c &= 0x1f;
      } else if ((c & 0xf0) == 0xe0) {
        extra = 2;
        min = 0x800;
        c &= 0x0f;
      } else if ((c & 0xf8) == 0xf0) {
        extra = 3;
        min = 0x10000;
        c &= 0x07;
      } else return null;
      if (<usize>extra > end - src) return null;
      for (let k: u32 = 0; k < extra; k++) {
        const b = <u32>load<u8>(src++);
        if ((b & 0xc0) != 0x80) return null;
        c = (c << 6) | (b & 0x3f);
      }
      if (c < min || c > 0x10ffff || (c & 0xfffff800) == 0xd800) return null;
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
  // shrink the string to the units actually written (the block is the heap's last one)
  return changetype<string>(__renew(out, o - out));
}
