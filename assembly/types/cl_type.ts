// CLType descriptors: the bytes that follow a CLValue's value bytes and describe entry point
// parameters. casper-node v1.5.8 types/src/cl_type.rs (tags, and the 50-level nesting limit).
import { ApiError } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { equalBytes } from "../bytes/memory";

export namespace CLTypeTag {
  export const Bool: u8 = 0;
  export const I32: u8 = 1;
  export const I64: u8 = 2;
  export const U8: u8 = 3;
  export const U32: u8 = 4;
  export const U64: u8 = 5;
  export const U128: u8 = 6;
  export const U256: u8 = 7;
  export const U512: u8 = 8;
  export const Unit: u8 = 9;
  export const String: u8 = 10;
  export const Key: u8 = 11;
  export const URef: u8 = 12;
  export const Option: u8 = 13;
  export const List: u8 = 14;
  export const ByteArray: u8 = 15;
  export const Result: u8 = 16;
  export const Map: u8 = 17;
  export const Tuple1: u8 = 18;
  export const Tuple2: u8 = 19;
  export const Tuple3: u8 = 20;
  export const Any: u8 = 21;
  export const PublicKey: u8 = 22;
}

/** casper-node v1.5.8 cl_type.rs CL_TYPE_RECURSION_DEPTH */
const MAX_DEPTH: i32 = 50;

/** How many descriptors follow a compound tag (ByteArray is followed by a u32 instead). */
// @ts-ignore: decorator
@inline function arity(tag: u8): i32 {
  // Option, List: 1; Result, Map: 2; Tuple1: 1, Tuple2: 2, Tuple3: 3; others 0
  const ARITY = memory.data<u8>([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 2, 2, 1, 2, 3, 0, 0]);
  return <i32>load<u8>(ARITY + <usize>tag);
}

/** Bytes taken by the (well-formed) descriptor at `p`. */
export function clTypeLength(p: usize): u32 {
  const start = p;
  // descriptors still to walk: a compound tag adds its inner ones
  for (let pending = 1; pending > 0; pending--) {
    const tag = load<u8>(p++);
    if (tag == CLTypeTag.ByteArray) p += 4;
    else pending += arity(tag);
  }
  return <u32>(p - start);
}

/** Checks one descriptor from untrusted bytes, as Rust's depth-limited CLType::from_bytes. */
function skipCLType(r: Reader, depth: i32): void {
  if (depth >= MAX_DEPTH) {
    r.fail(ApiError.ExceededRecursionDepth);
    return;
  }
  const tag = r.u8();
  if (!r.ok) return;
  if (tag > CLTypeTag.PublicKey) {
    r.fail(ApiError.Formatting);
    return;
  }
  if (tag == CLTypeTag.ByteArray) r.u32();
  for (let i = arity(tag); i > 0; i--) skipCLType(r, depth + 1);
}

/**
 * A CLType descriptor. The object is a view: its address is the first descriptor byte.
 * Constants live in static data; compound types are built with `option`, `list`, `map`, ...
 * or from an AssemblyScript type with `CLType.of<T>()`.
 */
@unmanaged
export class CLType {
  // @ts-ignore: decorator
  @inline get tag(): u8 {
    return load<u8>(changetype<usize>(this));
  }

  /** Number of descriptor bytes. */
  get length(): u32 {
    return clTypeLength(changetype<usize>(this));
  }

  encode(w: Writer): void {
    w.bytes(changetype<usize>(this), this.length);
  }

  equals(other: CLType): bool {
    const n = this.length;
    return n == other.length && equalBytes(changetype<usize>(this), changetype<usize>(other), n);
  }

  /** Reads and checks one descriptor; null (and an error recorded in `r`) when malformed. */
  static decode(r: Reader): CLType | null {
    const start = r.pos;
    skipCLType(r, 0);
    return r.ok ? changetype<CLType>(start) : null;
  }

  static get Bool(): CLType { return changetype<CLType>(memory.data<u8>([0])); }
  static get I32(): CLType { return changetype<CLType>(memory.data<u8>([1])); }
  static get I64(): CLType { return changetype<CLType>(memory.data<u8>([2])); }
  static get U8(): CLType { return changetype<CLType>(memory.data<u8>([3])); }
  static get U32(): CLType { return changetype<CLType>(memory.data<u8>([4])); }
  static get U64(): CLType { return changetype<CLType>(memory.data<u8>([5])); }
  static get U128(): CLType { return changetype<CLType>(memory.data<u8>([6])); }
  static get U256(): CLType { return changetype<CLType>(memory.data<u8>([7])); }
  static get U512(): CLType { return changetype<CLType>(memory.data<u8>([8])); }
  static get Unit(): CLType { return changetype<CLType>(memory.data<u8>([9])); }
  static get String(): CLType { return changetype<CLType>(memory.data<u8>([10])); }
  static get Key(): CLType { return changetype<CLType>(memory.data<u8>([11])); }
  static get URef(): CLType { return changetype<CLType>(memory.data<u8>([12])); }
  static get Any(): CLType { return changetype<CLType>(memory.data<u8>([21])); }
  static get PublicKey(): CLType { return changetype<CLType>(memory.data<u8>([22])); }

  static option(inner: CLType): CLType {
    return compose1(CLTypeTag.Option, inner);
  }
  static list(inner: CLType): CLType {
    return compose1(CLTypeTag.List, inner);
  }
  static tuple1(a: CLType): CLType {
    return compose1(CLTypeTag.Tuple1, a);
  }
  static byteArray(length: u32): CLType {
    const w = new Writer();
    w.u8(CLTypeTag.ByteArray).u32(length);
    return changetype<CLType>(w.ptr);
  }
  static result(ok: CLType, err: CLType): CLType {
    const w = new Writer();
    w.u8(CLTypeTag.Result);
    ok.encode(w);
    err.encode(w);
    return changetype<CLType>(w.ptr);
  }
  static map(key: CLType, value: CLType): CLType {
    const w = new Writer();
    w.u8(CLTypeTag.Map);
    key.encode(w);
    value.encode(w);
    return changetype<CLType>(w.ptr);
  }
  static tuple2(a: CLType, b: CLType): CLType {
    const w = new Writer();
    w.u8(CLTypeTag.Tuple2);
    a.encode(w);
    b.encode(w);
    return changetype<CLType>(w.ptr);
  }
  static tuple3(a: CLType, b: CLType, c: CLType): CLType {
    const w = new Writer();
    w.u8(CLTypeTag.Tuple3);
    a.encode(w);
    b.encode(w);
    c.encode(w);
    return changetype<CLType>(w.ptr);
  }
}

function compose1(tag: u8, inner: CLType): CLType {
  const w = new Writer();
  w.u8(tag);
  inner.encode(w);
  return changetype<CLType>(w.ptr);
}
