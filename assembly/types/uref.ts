// URef: an unforgeable reference, 32-byte address + access rights byte.
// casper-node v1.5.8 types/src/uref.rs and access_rights.rs (bits READ 1, WRITE 2, ADD 4; any
// other bit set is a Formatting error when decoding).
import { ApiError } from "../errors";
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { CLTypeTag } from "./cl_type";
import { copyBytes, equalBytes } from "../bytes/memory";

export namespace AccessRights {
  export const NONE: u8 = 0;
  export const READ: u8 = 1;
  export const WRITE: u8 = 2;
  export const READ_WRITE: u8 = 3;
  export const ADD: u8 = 4;
  export const READ_ADD: u8 = 5;
  export const ADD_WRITE: u8 = 6;
  export const READ_ADD_WRITE: u8 = 7;
}

export const UREF_ADDR_LENGTH: u32 = 32;
export const UREF_SERIALIZED_LENGTH: u32 = 33;

/** A view on the 33 bytes of a URef (address, then access rights). */
@unmanaged
export class URef {
  /** A new URef with a copy of the 32-byte address at `addr`. */
  static new(addr: usize, rights: u8): URef {
    const p = heap.alloc(UREF_SERIALIZED_LENGTH);
    copyBytes(p, addr, UREF_ADDR_LENGTH);
    store<u8>(p + UREF_ADDR_LENGTH, rights);
    return changetype<URef>(p);
  }

  // @ts-ignore: decorator
  @inline get ptr(): usize {
    return changetype<usize>(this);
  }

  /** Address of the 32 address bytes. */
  // @ts-ignore: decorator
  @inline get addr(): usize {
    return changetype<usize>(this);
  }

  get accessRights(): u8 {
    return load<u8>(this.ptr + UREF_ADDR_LENGTH);
  }

  /** Same address, other rights (a new URef). */
  withAccessRights(rights: u8): URef {
    return URef.new(this.ptr, rights);
  }

  intoRead(): URef {
    return this.withAccessRights(AccessRights.READ);
  }
  intoWrite(): URef {
    return this.withAccessRights(AccessRights.WRITE);
  }
  intoAdd(): URef {
    return this.withAccessRights(AccessRights.ADD);
  }
  intoReadAddWrite(): URef {
    return this.withAccessRights(AccessRights.READ_ADD_WRITE);
  }
  removeAccessRights(): URef {
    return this.withAccessRights(AccessRights.NONE);
  }

  isReadable(): bool {
    return (this.accessRights & AccessRights.READ) != 0;
  }
  isWriteable(): bool {
    return (this.accessRights & AccessRights.WRITE) != 0;
  }
  isAddable(): bool {
    return (this.accessRights & AccessRights.ADD) != 0;
  }

  equals(other: URef): bool {
    return equalBytes(this.ptr, other.ptr, UREF_SERIALIZED_LENGTH);
  }

  // ---- CL value protocol (see bytes/codec.ts) ----
  encode(w: Writer): void {
    w.bytes(this.ptr, UREF_SERIALIZED_LENGTH);
  }
  cltype(w: Writer): void {
    w.u8(CLTypeTag.URef);
  }
  decodeFrom(r: Reader): URef {
    const p = r.take(UREF_SERIALIZED_LENGTH);
    if (load<u8>(p + UREF_ADDR_LENGTH) > AccessRights.READ_ADD_WRITE) r.fail(ApiError.Formatting);
    return changetype<URef>(p);
  }
}
