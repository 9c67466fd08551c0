// Entry points a stored contract offers, in the two encodings casper-node reads:
// - `EntryPoints`: casper-node v1.5.8 types/src/contracts.rs, what `casper_add_contract_version` takes on
//   1.5.x and 2.x (2.0 reads it as contracts.rs `EntryPoints` and gives each entry point payment Caller):
//     EntryPoints       BTreeMap<String, EntryPoint>: u32 count + (name, EntryPoint) pairs
//     EntryPoint        name String, args List<Parameter>, ret CLType, access, entry_point_type u8
//     Parameter         name String, CLType
//     EntryPointAccess  1 = Public | 2 + List<String> group names | 3 = Template (2.x only)
//     EntryPointType    0 = Session (2.0: Caller), 1 = Contract (2.0: Called), 0x80 = Factory (2.x only)
// - `EntityEntryPoints`: casper-node 2.0 types/src/addressable_entity/entry_points.rs, what the 2.x-only
//   `casper_add_{contract,package}_version_with_message_topics` take: each EntityEntryPoint ends with an
//   EntryPointPayment byte (0 Caller, 1 DirectInvocationOnly, 2 SelfOnward).
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
  /** 2.0's name for Session (runs in the calling account's context) */
  export const Caller: u8 = 0;
  /** 2.0's name for Contract (runs in the contract's context) */
  export const Called: u8 = 1;
  /** 2.x only: installs a new contract from this one's code (casper-node 2.0 EntryPointType::Factory, 0b1000_0000) */
  export const Factory: u8 = 0x80;
}

/** Who pays for an entry point's execution (casper-node 2.0 addressable_entity/entry_points.rs; EntityEntryPoints only). */
export namespace EntryPointPayment {
  /** the caller pays (what every 1.5-encoded entry point gets on 2.0) */
  export const Caller: u8 = 0;
  /** the contract pays when it is called directly */
  export const DirectInvocationOnly: u8 = 1;
  /** the contract pays for itself and what it calls */
  export const SelfOnward: u8 = 2;
}

const ACCESS_PUBLIC: u8 = 1;
const ACCESS_GROUPS: u8 = 2;
const ACCESS_TEMPLATE: u8 = 3;

/** Who may call an entry point. A view on its bytes: tag 1 (Public), 2 + group names, or 3 (Template). */
@unmanaged
export class EntryPointAccess {
  static get Public(): EntryPointAccess {
    return changetype<EntryPointAccess>(memory.data<u8>([ACCESS_PUBLIC]));
  }

  /**
   * 2.x only: not callable, kept in the code a Factory entry point installs from (casper-node 2.0
   * EntryPointAccess::Template; calling it fails with TemplateMethod). A 1.5.x node refuses the tag.
   */
  static get Template(): EntryPointAccess {
    return changetype<EntryPointAccess>(memory.data<u8>([ACCESS_TEMPLATE]));
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

  get isTemplate(): bool {
    return load<u8>(changetype<usize>(this)) == ACCESS_TEMPLATE;
  }

  /** The group names (empty for Public and Template). */
  get groupNames(): List<string> {
    if (load<u8>(changetype<usize>(this)) != ACCESS_GROUPS) return new List<string>();
    const r = new Reader(changetype<usize>(this) + 1, this.length - 1);
    return changetype<List<string>>(0).decodeFrom(r);
  }

  /** Serialized length. */
  get length(): u32 {
    const p = changetype<usize>(this);
    if (load<u8>(p) != ACCESS_GROUPS) return 1;
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
    } else if (tag != ACCESS_PUBLIC && tag != ACCESS_TEMPLATE) r.fail(ApiError.Formatting);
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
 * One entry point. Parameters are added with `param` (chainable); return type, access, type and (for
 * EntityEntryPoints) payment are given up front:
 *   new EntryPoint("transfer", CLType.Unit, EntryPointAccess.Public, EntryPointType.Contract)
 *     .param("to", CLType.Key)
 *     .param("amount", CLType.U512)
 */
@final @unmanaged
export class EntryPoint {
  // Fields hold addresses rather than references: the constructor allocates the object itself (see
  // there), and reference fields it assigns would get null checks on every read.
  /** Writer: name String, u32 parameter count, then the parameters */
  private headPtr: usize;
  private count: u32;
  /** the name, as made by nameBytes */
  private nameBytes: usize;
  /** CLType */
  private retPtr: usize;
  /** EntryPointAccess */
  private accessPtr: usize;
  /**
   * EntryPointType in the low byte, EntryPointPayment (written by EntityEntryPoints only: the 1.5
   * encoding has none) in the high byte: one store for both.
   */
  private typeAndPayment: u16;

  // inlined (with `param`) so that literal names are pre-encoded by the build (bytes/names.ts);
  // allocated here rather than by `new`, which would first store zeros in fields the heap hands out
  // zeroed already (as Writer does)
  // @ts-ignore: decorator
  @inline constructor(
    name: string,
    ret: CLType = CLType.Unit,
    access: EntryPointAccess = EntryPointAccess.Public,
    entryPointType: u8 = EntryPointType.Contract,
    payment: u8 = EntryPointPayment.Caller,
  ) {
    const ep = changetype<EntryPoint>(heap.alloc(offsetof<EntryPoint>()));
    const n = nameBytes(name);
    ep.headPtr = changetype<usize>(new Writer().name(n).zeros(4));
    ep.nameBytes = n;
    ep.retPtr = changetype<usize>(ret);
    ep.accessPtr = changetype<usize>(access);
    ep.typeAndPayment = <u16>entryPointType | (<u16>payment << 8);
    return ep;
  }

  /** The return type. */
  get ret(): CLType {
    return changetype<CLType>(this.retPtr);
  }

  /** Who may call it. */
  get access(): EntryPointAccess {
    return changetype<EntryPointAccess>(this.accessPtr);
  }

  /** An EntryPointType. */
  get entryPointType(): u8 {
    return <u8>this.typeAndPayment;
  }

  /** An EntryPointPayment. */
  get payment(): u8 {
    return <u8>(this.typeAndPayment >> 8);
  }

  /** Adds a parameter; returns this entry point. */
  // @ts-ignore: decorator
  @inline param(name: string, type: CLType): EntryPoint {
    return this.paramNamed(nameBytes(name), type);
  }

  paramNamed(name: usize, type: CLType): EntryPoint {
    const w = changetype<Writer>(this.headPtr);
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
    const head = changetype<Writer>(this.headPtr);
    w.bytes(head.ptr, head.len);
    this.ret.encode(w);
    this.access.encode(w);
    w.u8(<u8>this.typeAndPayment);
  }
}

/** A contract's entry points, serialized as they are added. */
@final @unmanaged
export class EntryPoints {
  /** Writer: u32 count, then (name, EntryPoint) pairs (an address: see EntryPoint's fields) */
  private bytesPtr: usize;
  length: u32;

  constructor() {
    const eps = changetype<EntryPoints>(heap.alloc(offsetof<EntryPoints>()));
    eps.bytesPtr = changetype<usize>(new Writer().zeros(4));
    return eps;
  }

  /** u32 count, then (name, EntryPoint) pairs */
  get bytes(): Writer {
    return changetype<Writer>(this.bytesPtr);
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

/**
 * Entry points in casper-node 2.0's encoding (types/src/addressable_entity/entry_points.rs
 * `EntityEntryPoint`): the 1.5 encoding plus an EntryPointPayment byte after each entry point's type.
 * For `storage.*WithMessageTopics` (2.x only); build them as EntryPoints, with a payment per entry point:
 *   new EntityEntryPoints().addEntryPoint(
 *     new EntryPoint("transfer", CLType.Unit, EntryPointAccess.Public, EntryPointType.Called, EntryPointPayment.Caller))
 */
@final @unmanaged
export class EntityEntryPoints {
  /** Writer: u32 count, then (name, EntityEntryPoint) pairs */
  private bytesPtr: usize;
  length: u32;

  constructor() {
    const eps = changetype<EntityEntryPoints>(heap.alloc(offsetof<EntityEntryPoints>()));
    eps.bytesPtr = changetype<usize>(new Writer().zeros(4));
    return eps;
  }

  /** u32 count, then (name, EntityEntryPoint) pairs */
  get bytes(): Writer {
    return changetype<Writer>(this.bytesPtr);
  }

  addEntryPoint(ep: EntryPoint): EntityEntryPoints {
    const w = this.bytes;
    w.name(ep.nameBytesOf()); // the map key
    ep.encode(w);
    w.u8(ep.payment);
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
      skipEntryPointTail(r, true);
    }
    return names;
  }

  // ---- CL value protocol (see bytes/codec.ts); EntryPoints has no CLType ----
  encode(w: Writer): void {
    w.bytes(this.bytes.ptr, this.bytes.len);
  }

  /** Reads and checks serialized entry points (a copy of their bytes is kept). */
  decodeFrom(r: Reader): EntityEntryPoints {
    const start = r.pos;
    const n = r.u32();
    for (let i: u32 = 0; i < n && r.ok; i++) {
      r.string(); // map key
      r.string(); // name
      skipEntryPointTail(r, true);
    }
    const eps = new EntityEntryPoints();
    if (r.ok) {
      eps.bytes.len = 0;
      eps.bytes.bytes(start, <u32>(r.pos - start));
      eps.length = n;
    }
    return eps;
  }
}

/**
 * Checks what follows an entry point's name: parameters, return type, access, type and, for an
 * EntityEntryPoint, payment. Types and accesses are 2.0's (contracts.rs and entry_points.rs share
 * them there): Factory and Template decode, as a 2.0 node reads them; a 1.5.x node refuses them.
 */
function skipEntryPointTail(r: Reader, entity: bool = false): void {
  for (let n = r.u32(); n > 0 && r.ok; n--) {
    r.string();
    CLType.decode(r);
  }
  CLType.decode(r);
  changetype<EntryPointAccess>(0).decodeFrom(r);
  const type = r.u8();
  if (type > EntryPointType.Contract && type != EntryPointType.Factory) r.fail(ApiError.Formatting);
  if (entity && r.u8() > EntryPointPayment.SelfOnward) r.fail(ApiError.Formatting);
}
