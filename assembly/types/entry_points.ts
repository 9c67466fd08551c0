// Entry points a stored contract offers. casper-node v1.5.8 types/src/contracts.rs:
//   EntryPoints       BTreeMap<String, EntryPoint>: u32 count + (name, EntryPoint) pairs
//   EntryPoint        name String, args List<Parameter>, ret CLType, access, entry_point_type u8
//   Parameter         name String, CLType
//   EntryPointAccess  1 = Public | 2 + List<String> group names
//   EntryPointType    0 = Session, 1 = Contract
// Builders write straight into their byte buffers: an entry point costs no objects per parameter.
// Entry points go out in the order they were added; the host reads them into a BTreeMap (sorted by
// name, a repeated name replacing the earlier entry point), so the stored contract is the same as
// Rust's, whose EntryPoints sorts and replaces on insert.
import { ApiError } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { CLType } from "./cl_type";
import { List } from "./list";
import { nameBytes, nameLength, nameText, nameSerializedLength } from "../bytes/names";
import { readUtf8 } from "../bytes/utf8";

export namespace EntryPointType {
  /** runs in the caller's context (session) */
  export const Session: u8 = 0;
  /** runs in the contract's own context */
  export const Contract: u8 = 1;
}

const ACCESS_PUBLIC: u8 = 1;
const ACCESS_GROUPS: u8 = 2;

/** Who may call an entry point. A view on its bytes: tag 1 (Public) or 2 + group names. */
@unmanaged
export class EntryPointAccess {
  static get Public(): EntryPointAccess {
    return changetype<EntryPointAccess>(memory.data<u8>([ACCESS_PUBLIC]));
  }

  /** Only callers holding a URef of one of these groups (an empty list: nobody outside). */
  static groups(names: List<string>): EntryPointAccess {
    const w = new Writer();
    w.u8(ACCESS_GROUPS);
    names.encode(w);
    return changetype<EntryPointAccess>(w.ptr);
  }

  get isPublic(): bool {
    return load<u8>(changetype<usize>(this)) == ACCESS_PUBLIC;
  }

  /** The group names (empty for Public). */
  get groupNames(): List<string> {
    if (this.isPublic) return new List<string>();
    const r = new Reader(changetype<usize>(this) + 1, this.length - 1);
    return changetype<List<string>>(0).decodeFrom(r);
  }

  /** Serialized length. */
  get length(): u32 {
    const p = changetype<usize>(this);
    if (load<u8>(p) == ACCESS_PUBLIC) return 1;
    let at = p + 5;
    for (let n = load<u32>(p + 1); n > 0; n--) at += 4 + <usize>load<u32>(at);
    return <u32>(at - p);
  }

  encode(w: Writer): void {
    w.bytes(changetype<usize>(this), this.length);
  }

  decodeFrom(r: Reader): EntryPointAccess {
    const start = r.pos;
    const tag = r.u8();
    if (tag == ACCESS_GROUPS) {
      for (let n = r.u32(); n > 0 && r.ok; n--) r.string();
    } else if (tag != ACCESS_PUBLIC) r.fail(ApiError.Formatting);
    return changetype<EntryPointAccess>(start);
  }
}

/** A parameter of an entry point. */
@unmanaged
export class Parameter {
  constructor(public name: string, public type: CLType) {}

  encode(w: Writer): void {
    w.string(this.name);
    this.type.encode(w);
  }
}

/**
 * One entry point. Parameters are added with `param` (chainable); return type, access and type
 * are given up front:
 *   new EntryPoint("transfer", CLType.Unit, EntryPointAccess.Public, EntryPointType.Contract)
 *     .param("to", CLType.Key)
 *     .param("amount", CLType.U512)
 */
@unmanaged
export class EntryPoint {
  /** name String, u32 parameter count, then the parameters */
  private head: Writer;
  private count: u32 = 0;

  /** the name, as made by nameBytes */
  private nameBytes: usize;

  // inlined (with `param`) so that literal names are pre-encoded by the build (bytes/names.ts)
  // @ts-ignore: decorator
  @inline constructor(
    name: string,
    public ret: CLType = CLType.Unit,
    public access: EntryPointAccess = EntryPointAccess.Public,
    public entryPointType: u8 = EntryPointType.Contract,
  ) {
    const n = nameBytes(name);
    this.head = new Writer().name(n).zeros(4);
    this.nameBytes = n;
  }

  /** Adds a parameter; returns this entry point. */
  // @ts-ignore: decorator
  @inline param(name: string, type: CLType): EntryPoint {
    return this.paramNamed(nameBytes(name), type);
  }

  paramNamed(name: usize, type: CLType): EntryPoint {
    const w = this.head;
    w.name(name);
    type.encode(w);
    this.count++;
    // the count sits right after the entry point's name
    w.patchU32(nameSerializedLength(this.nameBytes), this.count);
    return this;
  }

  addParameter(p: Parameter): EntryPoint {
    return this.paramNamed(nameBytes(p.name), p.type);
  }

  /** The entry point's name (decoded from its UTF-8). */
  get name(): string {
    return readUtf8(nameText(this.nameBytes), nameLength(this.nameBytes))!;
  }

  /** The name as made by nameBytes (the map key of EntryPoints). */
  nameBytesOf(): usize {
    return this.nameBytes;
  }

  get parameterCount(): u32 {
    return this.count;
  }

  encode(w: Writer): void {
    const head = this.head;
    w.bytes(head.ptr, head.len);
    this.ret.encode(w);
    this.access.encode(w);
    w.u8(this.entryPointType);
  }
}

/** A contract's entry points, serialized as they are added. */
@unmanaged
export class EntryPoints {
  /** u32 count, then (name, EntryPoint) pairs */
  readonly bytes: Writer;
  length: u32 = 0;

  constructor() {
    const w = new Writer();
    w.zeros(4);
    this.bytes = w;
  }

  addEntryPoint(ep: EntryPoint): EntryPoints {
    const w = this.bytes;
    w.name(ep.nameBytesOf()); // the map key
    ep.encode(w);
    this.length++;
    w.patchU32(0, this.length);
    return this;
  }

  /** The entry point names, in the order they were added. */
  names(): List<string> {
    const names = new List<string>(this.length);
    const r = new Reader(this.bytes.ptr, this.bytes.len);
    const n = r.u32();
    for (let i: u32 = 0; i < n; i++) {
      r.string(); // map key
      names.push(r.string());
      skipEntryPointTail(r);
    }
    return names;
  }

  // ---- CL value protocol (see bytes/codec.ts); EntryPoints has no CLType ----
  encode(w: Writer): void {
    w.bytes(this.bytes.ptr, this.bytes.len);
  }

  /** Reads and checks serialized entry points (a copy of their bytes is kept). */
  decodeFrom(r: Reader): EntryPoints {
    const start = r.pos;
    const n = r.u32();
    for (let i: u32 = 0; i < n && r.ok; i++) {
      r.string(); // map key
      r.string(); // name
      skipEntryPointTail(r);
    }
    const eps = new EntryPoints();
    if (r.ok) {
      eps.bytes.len = 0;
      eps.bytes.bytes(start, <u32>(r.pos - start));
      eps.length = n;
    }
    return eps;
  }
}

/** Checks what follows an entry point's name: parameters, return type, access, type. */
function skipEntryPointTail(r: Reader): void {
  for (let n = r.u32(); n > 0 && r.ok; n--) {
    r.string();
    CLType.decode(r);
  }
  CLType.decode(r);
  changetype<EntryPointAccess>(0).decodeFrom(r);
  if (r.u8() > EntryPointType.Contract) r.fail(ApiError.Formatting);
}
