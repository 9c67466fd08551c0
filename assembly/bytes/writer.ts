// Writer: appends bytesrepr bytes to one growable heap block. Every encoder in this library writes
// through a Writer; host calls get `ptr`/`len` directly.
import { copyBytes } from "./memory";
import { nameBytes, nameSerializedLength } from "./names";

@unmanaged
export class Writer {
  /** start of the bytes written so far (moves when the block has to grow) */
  ptr: usize;
  /** number of bytes written */
  len: u32;
  private cap: u32;

  constructor(capacity: u32 = 64) {
    this.cap = capacity;
    this.len = 0;
    this.ptr = heap.alloc(capacity);
  }

  /** Makes room for `n` more bytes, counts them as written and returns where they go. */
  reserve(n: u32): usize {
    const at = this.len;
    const needed = at + n;
    if (needed > this.cap) {
      const cap = max(this.cap << 1, needed);
      const p = heap.alloc(cap);
      copyBytes(p, this.ptr, at);
      this.ptr = p;
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
    copyBytes(this.reserve(n), src, n);
    return this;
  }

  /** bytesrepr String: u32 byte length, then UTF-8. */
  string(s: string): Writer {
    return this.name(nameBytes(s));
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

  patchU32(at: u32, v: u32): void {
    store<u32>(this.ptr + at, v);
  }
}

