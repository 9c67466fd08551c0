// Byte copies and comparisons as plain loops: far smaller than the std memory.copy/compare that
// AssemblyScript links when bulk-memory is off (Casper accepts MVP wasm only), and the copies a
// contract makes are tens of bytes.

/** Copies `n` bytes from `src` to `dst` (last byte first: `dst` must not overlap `src` from below); returns `dst`. */
export function copyBytes(dst: usize, src: usize, n: usize): usize {
  while (n > 0) {
    n--;
    store<u8>(dst + n, load<u8>(src + n));
  }
  return dst;
}

/** Whether the `n` bytes at `a` and `b` are equal. */
export function equalBytes(a: usize, b: usize, n: usize): bool {
  for (let i: usize = 0; i < n; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

/** A copy of `n` bytes from `src` in a new heap block. */
export function cloneBytes(src: usize, n: usize): usize {
  return copyBytes(heap.alloc(n), src, n);
}
