// Writer: appends bytesrepr bytes to one contiguous run of heap memory. Every encoder in this library
// writes through a Writer; host calls get `ptr`/`len` directly.
// The bytes live at the top of the heap (assembly/rt/casper_heap.ts): while nothing else is allocated
// the run simply grows there, with no capacity to track and nothing to copy. When something else was
// allocated in between (another writer, a decoded value), the next write first moves the run to the
// top once. Text is encoded in place, so encoding never allocates behind a writer's back.
import { copyBytes } from "./memory";
import { nameSerializedLength } from "./names";
import { writeUtf8, MAX_UTF8_PER_UNIT } from "./utf8";

@final @unmanaged
export class Writer {
  /** start of the bytes written so far (moves when the run has to move to the heap top) */
  ptr: usize;
  /** number of bytes written */
  len: u32;

  constructor() {
    // allocated here rather than by `new`, which would store zeros in fields the heap hands out
    // zeroed already (len stays 0)
    const w = changetype<Writer>(heap.alloc(offsetof<Writer>()));
    w.ptr = __heap_top();
    return w;
  }

  /** Makes room for `n` more bytes, counts them as written and returns where they go (they are zero: fresh heap). */
  reserve(n: u32): usize {
    const len = this.len;
    if (this.ptr + len != __heap_top()) this.ptr = copyBytes(heap.alloc(len), this.ptr, len);
    this.len = len + n;
    return heap.alloc(n); // right after the bytes written so far
  }

  u8(v: u8): Writer {
    store<u8>(this.reserve(1), v);
    return this;
  }

  bool(v: bool): Writer {
    store<u8>(this.reserve(1), v ? 1 : 0);
    return this;
  }

  u32(v: u32): Writer {
    store<u32>(this.reserve(4), v); // wasm memory is little-endian, like bytesrepr
    return this;
  }

  u64(v: u64): Writer {
    store<u64>(this.reserve(8), v);
    return this;
  }

  /** `n` zero bytes: room for a count or length written later with `patchU32`. */
  // @ts-ignore: decorator
  @inline zeros(n: u32): Writer {
    this.reserve(n);
    return this;
  }

  /** Raw bytes, no length prefix (ByteArray, hashes, payloads). */
  bytes(src: usize, n: u32): Writer {
    copyBytes(this.reserve(n), src, n);
    return this;
  }

  /** bytesrepr String: u32 byte length, then UTF-8 (encoded in place). */
  string(s: string): Writer {
    const room = <u32>s.length * MAX_UTF8_PER_UNIT;
    const at = this.reserve(4 + room);
    const n = writeUtf8(s, at + 4);
    store<u32>(at, n);
    // give back the room the text did not use: the run is the last block of the heap
    this.len -= room - n;
    __heap_trim(at + 4 + n);
    return this;
  }

  /** A name made by `nameBytes`, as bytesrepr String. */
  name(name: usize): Writer {
    return this.bytes(name, nameSerializedLength(name));
  }

  /** Current length, to patch a count or size written later with `patchU32`. */
  // @ts-ignore: decorator
  @inline mark(): u32 {
    return this.len;
  }

  // @ts-ignore: decorator
  @inline patchU32(at: u32, v: u32): void {
    store<u32>(this.ptr + at, v);
  }
}
