// casper_load_caller_information (Casper 2.0; execution_engine/src/runtime/mod.rs
// `load_caller_information`, types/src/system/caller.rs of the 2.0.0 release). Action 0: the
// initiator; 1: the immediate caller (the frame below the current one, Unhandled when there is none);
// 2: the whole call stack; anything else: InvalidCallerInfoRequest. The answer is a Vec<CallerInfo>
// (CLType List(Any)) left in the host buffer, its length and byte size written to the two pointers.
//
// CallerInfo = kind (u8) + BTreeMap<u8, CLValue>, always the five fields 0 account hash, 1 package
// hash, 2 contract package hash, 3 entity addr, 4 contract hash, each an Option: an account's session
// is kind 0 (Initiator) with Some(account hash); a stored contract is kind 4 (SmartContract) with
// Some(contract package hash) and Some(contract hash). A legacy node's stack holds no Entity frames.

import { CLT, type CLType, clByteArray, clList, clOption, writeCLType } from "../bytesrepr/cl-type.ts";
import type { CLValue } from "../bytesrepr/cl-value.ts";
import { ByteWriter } from "../bytesrepr/writer.ts";
import { ApiErrorCode } from "./api-error.ts";
import type { CallStackElement } from "./call-stack.ts";
import type { HostFn } from "./dispatch.ts";

const HASH_OPTION = clOption(clByteArray(32));
const ENTITY_OPTION = clOption(CLT.Any); // EntityAddr's CLType is Any
const FIELD_TYPES: readonly CLType[] = [HASH_OPTION, HASH_OPTION, HASH_OPTION, ENTITY_OPTION, HASH_OPTION];
const KIND = { Initiator: 0, SmartContract: 4 } as const;

function writeOptionField(w: ByteWriter, field: number, value: Uint8Array | undefined): void {
  w.u8(field);
  const inner = value ? new ByteWriter(33).u8(1).raw(value).toBytes() : new Uint8Array([0]);
  w.lengthPrefixed(inner);
  writeCLType(w, FIELD_TYPES[field]);
}

/** caller.rs `TryFrom<Caller> for CallerInfo`, serialized. */
export function writeCallerInfo(w: ByteWriter, frame: CallStackElement): void {
  // 2.0 has no StoredSession: a stored entry point's frame is Caller::SmartContract whatever its type
  const fields: (Uint8Array | undefined)[] = frame.kind === "Session"
    ? [frame.accountHash, undefined, undefined, undefined, undefined]
    : [undefined, undefined, frame.packageHash, undefined, frame.contractHash];
  w.u8(frame.kind === "Session" ? KIND.Initiator : KIND.SmartContract).u32(5);
  fields.forEach((value, i) => writeOptionField(w, i, value));
}

function callerInfoList(frames: readonly CallStackElement[]): CLValue {
  const w = new ByteWriter(256);
  w.u32(frames.length);
  for (const f of frames) writeCallerInfo(w, f);
  return { clType: clList(CLT.Any), bytes: w.toBytes() };
}

export const HOST_CALLER: Record<string, HostFn> = {
  casper_load_caller_information(rt, [action, lenPtr, sizePtr], t) {
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    let frames: CallStackElement[];
    switch (action) {
      case 0:
        frames = [{ kind: "Session", accountHash: rt.context.caller }];
        break;
      case 1: {
        const previous = rt.stack.previous();
        if (!previous) return ApiErrorCode.Unhandled;
        frames = [previous];
        break;
      }
      case 2:
        frames = [...rt.stack.frames];
        break;
      default:
        return ApiErrorCode.InvalidCallerInfoRequest;
    }
    if (t) t.detail = { action: ["initiator", "immediate", "full call stack"][action], frames: frames.map((f) => f.kind) };
    rt.writeU32(lenPtr, frames.length);
    if (frames.length === 0) return 0;
    const value = callerInfoList(frames);
    rt.hostBuffer = value;
    rt.writeU32(sizePtr, value.bytes.length);
    return 0;
  },
};
