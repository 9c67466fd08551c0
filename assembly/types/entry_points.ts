// Entry points a stored contract offers. casper-node v1.5.8 types/src/contracts.rs:
//   EntryPoints       BTreeMap<String, EntryPoint>: u32 count + (name, EntryPoint), sorted by name
//   EntryPoint        name String, args List<Parameter>, ret CLType, access, entry_point_type u8
//   Parameter         name String, CLType
//   EntryPointAccess  1 = Public | 2 + List<String> group names
//   EntryPointType    0 = Session, 1 = Contract
import { ApiError } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { compare } from "../bytes/codec";
import { CLType } from "./cl_type";
import { List } from "./list";

export namespace EntryPointType {
  /** runs in the caller's context (session) */
  export const Session: u8 = 0;
  /** runs in the contract's own context */
  export const Contract: u8 = 1;
}

const ACCESS_PUBLIC: u8 = 1;
const ACCESS_GROUPS: u8 = 2;

export class EntryPointAccess {
  /** null for Public, else the user groups allowed to call */
  constructor(public groups: List<string> | null) {}

  static get Public(): EntryPointAccess {
    return new EntryPointAccess(null);
  }

  /** Only callers holding a URef of one of these groups (an empty list: nobody outside). */
  static groups(names: List<string>): EntryPointAccess {
    return new EntryPointAccess(names);
  }

  get isPublic(): bool {
    return this.groups === null;
  }

  encode(w: Writer): void {
    const groups = this.groups;
    if (groups === null) w.u8(ACCESS_PUBLIC);
    else {
      w.u8(ACCESS_GROUPS);
      groups.encode(w);
    }
  }

  decodeFrom(r: Reader): EntryPointAccess {
    const tag = r.u8();
    if (tag == ACCESS_GROUPS) return new EntryPointAccess(changetype<List<string>>(0).decodeFrom(r));
    if (tag != ACCESS_PUBLIC) r.fail(ApiError.Formatting);
    return EntryPointAccess.Public;
  }
}

export class Parameter {
  constructor(public name: string, public type: CLType) {}

  encode(w: Writer): void {
    w.string(this.name);
    this.type.encode(w);
  }

  decodeFrom(r: Reader): Parameter {
    const name = r.string();
    const type = CLType.decode(r);
    return new Parameter(name, type === null ? CLType.Unit : type);
  }
}

export class EntryPoint {
  params: List<Parameter> = new List<Parameter>();

  constructor(
    public name: string,
    public ret: CLType = CLType.Unit,
    public access: EntryPointAccess = EntryPointAccess.Public,
    public entryPointType: u8 = EntryPointType.Contract,
  ) {}

  /** Adds a parameter; returns this entry point to chain calls. */
  param(name: string, type: CLType): EntryPoint {
    this.params.push(new Parameter(name, type));
    return this;
  }

  encode(w: Writer): void {
    w.string(this.name);
    const params = this.params;
    const n = params.length;
    w.u32(n);
    for (let i: u32 = 0; i < n; i++) params.at(i).encode(w);
    this.ret.encode(w);
    this.access.encode(w);
    w.u8(this.entryPointType);
  }

  decodeFrom(r: Reader): EntryPoint {
    const name = r.string();
    const params = changetype<List<Parameter>>(0).decodeFrom(r);
    const ret = CLType.decode(r);
    const access = changetype<EntryPointAccess>(0).decodeFrom(r);
    const type = r.u8();
    if (type > EntryPointType.Contract) r.fail(ApiError.Formatting);
    const ep = new EntryPoint(name, ret === null ? CLType.Unit : ret, access, type);
    ep.params = params;
    return ep;
  }
}

/** A contract's entry points, kept sorted by name; adding a name again replaces its entry point. */
export class EntryPoints {
  list: List<EntryPoint> = new List<EntryPoint>();

  addEntryPoint(ep: EntryPoint): EntryPoints {
    const list = this.list;
    let i: u32 = 0;
    while (i < list.length) {
      const c = compare<string>(list.at(i).name, ep.name);
      if (c == 0) {
        list.set(i, ep);
        return this;
      }
      if (c > 0) break;
      i++;
    }
    list.insert(i, ep);
    return this;
  }

  get length(): u32 {
    return this.list.length;
  }

  get(name: string): EntryPoint | null {
    const list = this.list;
    for (let i: u32 = 0; i < list.length; i++) if (list.at(i).name == name) return list.at(i);
    return null;
  }

  encode(w: Writer): void {
    const list = this.list;
    const n = list.length;
    w.u32(n);
    for (let i: u32 = 0; i < n; i++) {
      const ep = list.at(i);
      w.string(ep.name); // the map key, then the entry point (which repeats its name)
      ep.encode(w);
    }
  }

  decodeFrom(r: Reader): EntryPoints {
    const eps = new EntryPoints();
    const n = r.u32();
    for (let i: u32 = 0; i < n && r.ok; i++) {
      r.string(); // map key: the entry point's own name follows
      const ep = changetype<EntryPoint>(0).decodeFrom(r);
      if (r.ok) eps.addEntryPoint(ep);
    }
    return eps;
  }
}
