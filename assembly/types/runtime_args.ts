// RuntimeArgs: named arguments of a contract call. bytesrepr: u32 count + (String name, CLValue)
// pairs, in insertion order (casper-node v1.5.8 types/src/runtime_args.rs keeps a Vec).
// The builder is the Writer of those bytes: nothing is kept per argument.
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { encode } from "../bytes/codec";
import { nameBytes } from "../bytes/names";
import { CLValue, writeCLTypeOfValue } from "./cl_value";

@final @unmanaged
export class RuntimeArgs {
  // the fields of a Writer, in a Writer's order: `bytes` is this object seen as the Writer of its bytes
  private ptr: usize;
  private len: u32;

  constructor() {
    // a Writer seen as RuntimeArgs; the u32 is the count, kept up to date as arguments are added
    return changetype<RuntimeArgs>(new Writer().zeros(4));
  }

  /** The serialized args: the count, then the pairs. */
  get bytes(): Writer {
    return changetype<Writer>(this);
  }

  /** Number of arguments. */
  get length(): u32 {
    return load<u32>(this.ptr);
  }

  /** Adds `name` => CLValue of `value` (Rust's `runtime_args!` / `RuntimeArgs::insert`). */
  // @ts-ignore: decorator (inlined: a literal name is pre-encoded by the build, see bytes/names.ts)
  @inline insert<T>(name: string, value: T): RuntimeArgs {
    return this.insertNamed<T>(nameBytes(name), value);
  }

  insertNamed<T>(name: usize, value: T): RuntimeArgs {
    // @ts-ignore: duck-typed CL value
    if (isReference<T>() && isDefined(value.encodedLength)) {
      // the value's length is known before it is written: no length to patch afterwards
      // @ts-ignore: duck-typed CL value
      const n: u32 = value.encodedLength();
      const w = this.beginValue(name, n);
      // @ts-ignore: duck-typed CL value (a value that is its own bytesrepr, e.g. PublicKey: copied as is)
      if (isDefined(value.encodedBytes)) writeCLTypeOfValue<T>(w.bytes(value.encodedBytes(), n), value);
      else {
        encode<T>(w, value);
        writeCLTypeOfValue<T>(this.bytes, value);
      }
    } else {
      const start = this.beginValue(name, 0).len;
      encode<T>(this.bytes, value);
      writeCLTypeOfValue<T>(this.endValue(start), value);
    }
    return this;
  }

  /** Writes the byte length of the value that began at `start` before it; returns the writer, for the CLType. */
  private endValue(start: u32): Writer {
    store<u32>(this.ptr + start - 4, this.len - start);
    return this.bytes;
  }

  /** Counts a new argument and writes its name and its value's byte length (0: patched by endValue); returns the writer, for the value. */
  private beginValue(name: usize, length: u32): Writer {
    store<u32>(this.ptr, load<u32>(this.ptr) + 1);
    return this.bytes.name(name).u32(length);
  }

  // @ts-ignore: decorator
  @inline insertCLValue(name: string, value: CLValue): RuntimeArgs {
    return this.insertCLValueNamed(nameBytes(name), value);
  }

  insertCLValueNamed(name: usize, value: CLValue): RuntimeArgs {
    store<u32>(this.ptr, load<u32>(this.ptr) + 1);
    value.encode(this.bytes.name(name));
    return this;
  }

  /** The CLValue named `name`, or null. */
  get(name: string): CLValue | null {
    const r = new Reader(this.ptr, this.len);
    const n = r.u32();
    for (let i: u32 = 0; i < n; i++) {
      const argName = r.string();
      const value = changetype<CLValue>(0).decodeFrom(r);
      if (!r.ok) return null;
      if (argName == name) return value;
    }
    return null;
  }

  // ---- CL value protocol (see bytes/codec.ts); RuntimeArgs has no CLType ----
  encode(w: Writer): void {
    w.bytes(this.ptr, this.len);
  }
  decodeFrom(r: Reader): RuntimeArgs {
    const args = new RuntimeArgs();
    const n = r.u32();
    for (let i: u32 = 0; i < n && r.ok; i++) {
      const name = r.string();
      const value = changetype<CLValue>(0).decodeFrom(r);
      if (r.ok) args.insertCLValueNamed(nameBytes(name), value);
    }
    return args;
  }
}
