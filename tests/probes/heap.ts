// Test probe (not a contract) for the module heap (assembly/rt/casper_heap.ts) and the Writer that
// grows at its top (assembly/bytes/writer.ts); driven by tests/as-heap.test.ts. Results go out as
// bytes through the `probe` import module.
import { Writer, RuntimeArgs, U512 } from "../../assembly/index";

@external("probe", "out")
declare function out(ptr: usize, len: u32): void;

/** A string object of `units` UTF-16 units, for the test to fill. */
export function newString(units: u32): usize {
  return __new(<usize>units << 1, idof<string>());
}

function emitU32(v: u32): void {
  const p = heap.alloc(4);
  store<u32>(p, v);
  out(p, 4);
}

function emit(w: Writer): void {
  out(w.ptr, w.len);
}

/** Two blocks, the second right after the first; the pages of memory (1 at the start). */
export function consecutive(): void {
  const a = heap.alloc(3);
  const b = heap.alloc(5);
  emitU32(<u32>(b - a));
  emitU32(<u32>memory.size());
}

/**
 * A block larger than the memory left: the memory grows and the whole block is zero; writing its
 * last byte works. Then the number of pages.
 */
export function growsZeroed(size: u32): void {
  const p = heap.alloc(size);
  let nonZero: u32 = 0;
  for (let i: u32 = 0; i < size; i++) if (load<u8>(p + i) != 0) nonZero++;
  store<u8>(p + size - 1, 1);
  emitU32(nonZero);
  emitU32(<u32>memory.size());
}

/** A size past the address space (a negative size, say) traps instead of wrapping the heap around. */
export function wrapsAround(): void {
  heap.alloc(<usize>-16);
  emitU32(1); // not reached
}

/** More than Casper's 64 pages: the block lies past the memory's end and touching it traps. */
export function pastTheMaximum(): void {
  const p = heap.alloc(65 * 65536);
  store<u8>(p + 65 * 65536 - 1, 1);
  emitU32(1); // not reached
}

/** heap.reset: the next block is where the first one was, zeroed again. */
export function resets(): void {
  const a = heap.alloc(16);
  store<u64>(a, 0x0102030405060708);
  store<u64>(a + 8, -1);
  heap.reset();
  const b = heap.alloc(16);
  emitU32(<u32>(b == a));
  emitU32(<u32>(load<u64>(b) == 0 && load<u64>(b + 8) == 0));
}

/**
 * Two writers written in turn, with a block allocated between writes: each keeps its own bytes
 * (the one written after another allocation moves to the heap top first).
 */
export function interleaved(): void {
  const a = new Writer();
  const b = new Writer();
  a.u8(1);
  b.u8(0xb1);
  a.u32(0x05040302);
  const other = heap.alloc(3);
  store<u8>(other, 0xee);
  store<u8>(other + 1, 0xee);
  store<u8>(other + 2, 0xee);
  b.u8(0xb2).u64(0x0d0c0b0a09080706);
  a.bytes(other, 3).u8(6);
  emit(a);
  emit(b);
  out(other, 3);
}

/** A string encoded in place: its bytes, then how far the heap top is past them (0: nothing reserved is left). */
export function stringInPlace(s: string): void {
  const w = new Writer();
  w.u8(0x55).string(s);
  const next = heap.alloc(0);
  emit(w);
  emitU32(<u32>(next - (w.ptr + w.len)));
}

/** RuntimeArgs whose values are made between inserts (each insert finds the args away from the heap top). */
export function argsWithAllocations(): void {
  const args = new RuntimeArgs().insert<U512>("a", U512.fromU64(1)).insert<U512>("b", U512.fromU64(0x1234));
  const c = U512.fromU64(7);
  heap.alloc(100);
  args.insert<U512>("c", c).insert<string>("d", "text");
  emit(args.bytes);
}

/** The standard library on this heap: an Array grown by push, strings concatenated. */
export function standardLibrary(): void {
  const a = new Array<u32>();
  for (let i: u32 = 0; i < 1000; i++) a.push(i);
  let sum: u32 = 0;
  for (let i = 0; i < a.length; i++) sum += a[i];
  let s = "";
  for (let i = 0; i < 50; i++) s += String.fromCharCode(65 + (i % 26));
  emitU32(<u32>a.length);
  emitU32(sum);
  emitU32(<u32>s.length);
  out(changetype<usize>(s), 8); // "ABCD" in UTF-16
}
