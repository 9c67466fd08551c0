// The module's one heap: a bump allocator. A contract call is short-lived and its instance is thrown
// away afterwards, so nothing is ever freed. asconfig.json loads this file as a library file ("lib":
// its exports are globals) and aliases the runtime functions AssemblyScript's compiler and standard
// library call ("use": __alloc, __realloc, __free, __new, __renew, __reset) to the ones below, so
// `new` of a class, strings, arrays and this contract API all bump one pointer and the stub runtime's
// own allocator is never linked.
//
// Memory handed out is zeroed: wasm memory starts zeroed (fresh instance, grown pages too) and the
// pointer only moves up. Library code relies on it (a new U512 is 0 without a fill loop).
// Blocks from `__heap_alloc` carry no header; objects from `__heap_new` carry the two header words
// the standard library reads (std/assembly/rt/common.ts OBJECT: rtId at -8, rtSize at -4).
//
// Do not import this file: it would make a second heap. Use `heap.alloc` and the globals below.

/** First free byte. The start function AssemblyScript emits for this initializer is folded into the
 * global's initial value by the build (scripts/build/fold-start.ts). */
let top: usize = __heap_base;

/**
 * `size` zeroed bytes, growing the memory when they do not fit. When the memory cannot grow (Casper
 * caps it at 64 pages), the block lies past its end and the first access to it traps; a size past
 * the address space traps at once.
 */
export function __heap_alloc(size: usize): usize {
  const p = top;
  const end = p + size;
  if (end < p) unreachable();
  const missing = <i32>((end + 0xffff) >>> 16) - memory.size(); // pages
  if (missing > 0) memory.grow(missing);
  top = end;
  return p;
}

/** The address the next `__heap_alloc` returns. */
// @ts-ignore: decorator
@inline export function __heap_top(): usize {
  return top;
}

/**
 * Gives back the tail of the LAST block allocated, from `end` on. The caller must not have written
 * to that tail (it must still be zero: memory handed out stays zeroed). Writer does this after
 * encoding text into room reserved for its longest UTF-8.
 */
export function __heap_trim(end: usize): void {
  if (end < top) top = end;
}

/** A copy of the block at `ptr` grown (or shrunk) to `size` bytes: the bytes up to the smaller size are kept. */
export function __heap_realloc(ptr: usize, size: usize): usize {
  const had = top - ptr; // the block lies below the top: never copy past it
  const p = __heap_alloc(size);
  copy(p, ptr, min(size, had));
  return p;
}

/** Nothing: blocks are never reused. */
export function __heap_free(ptr: usize): void {}

/** Forgets every allocation (AssemblyScript's heap.reset); what they held is zeroed again. */
export function __heap_reset(): void {
  for (let p = __heap_base; p < top; p++) store<u8>(p, 0);
  top = __heap_base;
}

/** A managed object of `size` payload bytes with runtime type `id` (AssemblyScript's __new). */
export function __heap_new(size: usize, id: u32): usize {
  const p = __heap_alloc(8 + size) + 8;
  store<u32>(p - 8, id);
  store<u32>(p - 4, <u32>size);
  return p;
}

/** The object at `ptr` resized to `size` payload bytes (AssemblyScript's __renew). */
export function __heap_renew(ptr: usize, size: usize): usize {
  const p = __heap_new(size, load<u32>(ptr - 8));
  copy(p, ptr, min(size, <usize>load<u32>(ptr - 4)));
  return p;
}

function copy(dst: usize, src: usize, n: usize): void {
  for (let i: usize = 0; i < n; i++) store<u8>(dst + i, load<u8>(src + i));
}
