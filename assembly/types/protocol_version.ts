// ProtocolVersion: major, minor, patch as three u32 (casper-node 2.0 types/src/protocol_version.rs,
// SemVer bytesrepr). Not a CL type in Rust (no CLTyped): no cltype here either.
import { Writer } from "../bytes/writer";
import { Reader } from "../bytes/reader";
import { equalBytes } from "../bytes/memory";

export const PROTOCOL_VERSION_SERIALIZED_LENGTH: u32 = 12;

/** A view on 12 serialized bytes. */
@unmanaged
export class ProtocolVersion {
  // @ts-ignore: decorator
  @inline get ptr(): usize {
    return changetype<usize>(this);
  }

  get major(): u32 {
    return load<u32>(this.ptr);
  }

  get minor(): u32 {
    return load<u32>(this.ptr, 4);
  }

  get patch(): u32 {
    return load<u32>(this.ptr, 8);
  }

  equals(other: ProtocolVersion): bool {
    return equalBytes(this.ptr, other.ptr, PROTOCOL_VERSION_SERIALIZED_LENGTH);
  }

  encode(w: Writer): void {
    w.bytes(this.ptr, PROTOCOL_VERSION_SERIALIZED_LENGTH);
  }
  decodeFrom(r: Reader): ProtocolVersion {
    return changetype<ProtocolVersion>(r.take(PROTOCOL_VERSION_SERIALIZED_LENGTH));
  }
}
