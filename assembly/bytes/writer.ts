// Writer: appends bytesrepr bytes to one growable heap block (the stub runtime's bump heap).
// Every encoder in this library writes through a Writer; host calls get `ptr`/`len` directly.
import { utf8Length, writeUtf8 } from "./utf8";

export class Writer {
  /** start of the bytes written so far (moves when the block has to be copied to grow) */
  ptr: usize;
  /** number of bytes written */
  len: u32 = 0;
  private cap: u32;

  constructor(capacity: u32 = 64) {
    this.cap = capacity;
    this.ptr = heap.alloc(capacity);
  }

  /** Makes room for `n` more bytes, counts them as written and returns where they go. */
  reserve(n: u32): usize {
    const at = this.len;
    const needed = at + n;
    if (needed > this.cap) {
      let cap = this.cap << 1;
      if (cap < needed) cap = needed;
      // the stub heap grows the last block in place, otherwise copies it to a new one
      this.ptr = heap.realloc(this.ptr, cap);
      this.cap = cap;
    }
    this.len = needed;
    return this.ptr + at;
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

  /** Raw bytes, no length prefix (ByteArray, hashes, payloads). */
  bytes(src: usize, n: u32): Writer {
    memory.copy(this.reserve(n), src, n);
    return this;
  }

  /** bytesrepr String: u32 byte length, then UTF-8. */
  string(s: string): Writer {
    const n = utf8Length(s);
    this.u32(n);
    writeUtf8(s, this.reserve(n));
    return this;
  }

  /** Current length, to patch a count or size written later with `patchU32`. */
  // @ts-ignore: decorator
  @inline mark(): u32 {
    return this.len;
  }

  patchU32(at: u32, v: u32): void {
    store<u32>(this.ptr + at, v);
  }
}

/** UTF-8 bytes of `s` (no length prefix) in a fresh block: names passed to host functions. */
export function utf8(s: string): Writer {
  const n = utf8Length(s);
  const w = new Writer(n);
  writeUtf8(s, w.reserve(n));
  return w;
}
