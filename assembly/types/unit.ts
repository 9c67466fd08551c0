// Unit: the CL type `()` (no bytes). Use `Unit.value` where a Unit value is needed.
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { CLTypeTag } from "./cl_type";

const UNIT: usize = memory.data(4);

@unmanaged
export class Unit {
  static get value(): Unit {
    return changetype<Unit>(UNIT);
  }

  equals(other: Unit): bool {
    return true;
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {}
  cltype(w: Writer): void {
    w.u8(CLTypeTag.Unit);
  }
  decodeFrom(r: Reader): Unit {
    return changetype<Unit>(UNIT);
  }
}
