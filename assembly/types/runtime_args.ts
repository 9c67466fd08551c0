// RuntimeArgs: named arguments of a contract call. bytesrepr: u32 count + (String name, CLValue)
// pairs, in insertion order (casper-node v1.5.8 types/src/runtime_args.rs keeps a Vec).
// The builder writes straight into its byte buffer: nothing is kept per argument.
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { encode } from "../bytes/codec";
import { nameBytes } from "../bytes/names";
import { CLValue, writeCLTypeOfValue } from "./cl_value";

@unmanaged
export class RuntimeArgs {
  /** the serialized args: count, then the pairs */
  readonly bytes: Writer = new Writer();
  length: u32 = 0;

  constructor() {
    this.bytes.u32(0);
  }

  /** Adds `name` => CLValue of `value` (Rust's `runtime_args!` / `RuntimeArgs::insert`). */
  // @ts-ignore: decorator (inlined: a literal name is pre-encoded by the build, see bytes/names.ts)
  @inline insert<T>(name: string, value: T): RuntimeArgs {
    return this.insertNamed<T>(nameBytes(name), value);
  }

  insertNamed<T>(name: usize, value: T): RuntimeArgs {
    const w = this.bytes;
    w.name(name);
    const sizeAt = w.mark();
    w.u32(0);
    encode<T>(w, value);
    w.patchU32(sizeAt, w.len - sizeAt - 4);
    writeCLTypeOfValue<T>(w, value);
    this.bump();
    return this;
  }

  // @ts-ignore: decorator
  @inline insertCLValue(name: string, value: CLValue): RuntimeArgs {
    return this.insertCLValueNamed(nameBytes(name), value);
  }

  insertCLValueNamed(name: usize, value: CLValue): RuntimeArgs {
    this.bytes.name(name);
    value.encode(this.bytes);
    this.bump();
    return this;
  }

  private bump(): void {
    this.length++;
    this.bytes.patchU32(0, this.length);
  }

  /** The CLValue named `name`, or null. */
  get(name: string): CLValue | null {
    const r = new Reader(this.bytes.ptr, this.bytes.len);
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
    w.bytes(this.bytes.ptr, this.bytes.len);
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
