// Reader: bounds-checked bytesrepr decoding over (ptr, len). It never reads past the end: a read
// that does not fit records EarlyEndOfStream and returns zeros. The first error sticks (`error`),
// so a decoder can run to the end and the caller checks once, like Rust's `?` chain.
// Error numbers are the ApiError codes Rust maps bytesrepr::Error to (api_error.rs).
import { ApiError } from "../errors";
import { ZEROS } from "./scratch";
import { readUtf8 } from "./utf8";

@unmanaged
export class Reader {
  pos: usize;
  end: usize;
  /** 0 while decoding succeeds, else the ApiError code of the first failure */
  error: u32;

  constructor(ptr: usize, len: u32) {
    this.reset(ptr, len);
  }

  /** Starts over on other bytes. */
  reset(ptr: usize, len: u32): Reader {
    this.pos = ptr;
    this.end = ptr + len;
    this.error = 0;
    return this;
  }

  // @ts-ignore: decorator
  @inline get ok(): bool {
    return this.error == 0;
  }

  // @ts-ignore: decorator
  @inline get remaining(): u32 {
    return <u32>(this.end - this.pos);
  }

  /** Records `code` unless an earlier error is already recorded. */
  fail(code: u32): void {
    if (this.error == 0) this.error = code;
  }

  /**
   * Consumes `n` bytes and returns their address, or (when they are not all there) records
   * EarlyEndOfStream and returns a zeroed scratch address valid for up to 64 bytes. Once an error
   * is recorded, what later reads return is meaningless (but always inside the buffer or scratch).
   */
  take(n: u32): usize {
    const at = this.pos;
    if (<usize>n > this.end - at) {
      this.fail(ApiError.EarlyEndOfStream);
      return ZEROS;
    }
    this.pos = at + n;
    return at;
  }

  u8(): u8 {
    return load<u8>(this.take(1));
  }

  u32(): u32 {
    return load<u32>(this.take(4));
  }

  u64(): u64 {
    return load<u64>(this.take(8));
  }

  /** bool: 0 or 1, anything else is Formatting. */
  bool(): bool {
    const b = this.u8();
    if (b > 1) this.fail(ApiError.Formatting);
    return b == 1;
  }

  /** bytesrepr String: u32 length + valid UTF-8. */
  string(): string {
    const n = this.u32();
    if (<usize>n > this.end - this.pos) {
      this.fail(ApiError.EarlyEndOfStream);
      return "";
    }
    const s = readUtf8(this.take(n), n);
    if (s === null) {
      this.fail(ApiError.Formatting);
      return "";
    }
    return s;
  }

  /** Records LeftOverBytes when bytes remain after a complete value. Returns `ok`. */
  finish(): bool {
    if (this.error == 0 && this.pos != this.end) this.error = ApiError.LeftOverBytes;
    return this.error == 0;
  }
}
