// The call stack (casper-types v1.5.8 system/call_stack_element.rs, runtime/stack.rs): Session (an
// account's session code), StoredSession (a stored Session-type entry point, run by an account) and
// StoredContract. Its height is capped by the chainspec's max_runtime_call_stack_height.

import { CLT, clList, type CLType } from "../bytesrepr/cl-type.ts";
import type { CLValue } from "../bytesrepr/cl-value.ts";
import { ByteWriter } from "../bytesrepr/writer.ts";
import { execErrors } from "./errors.ts";

export type CallStackElement =
  | { readonly kind: "Session"; readonly accountHash: Uint8Array }
  | { readonly kind: "StoredSession"; readonly accountHash: Uint8Array; readonly packageHash: Uint8Array; readonly contractHash: Uint8Array }
  | { readonly kind: "StoredContract"; readonly packageHash: Uint8Array; readonly contractHash: Uint8Array };

/** CallStackElement's CLType is Any (call_stack_element.rs `CLTyped`). */
export const CALL_STACK_CL_TYPE: CLType = clList(CLT.Any);

export function writeCallStackElement(w: ByteWriter, e: CallStackElement): void {
  switch (e.kind) {
    case "Session":
      w.u8(0).raw(e.accountHash);
      break;
    case "StoredSession":
      w.u8(1).raw(e.accountHash).raw(e.packageHash).raw(e.contractHash);
      break;
    case "StoredContract":
      w.u8(2).raw(e.packageHash).raw(e.contractHash);
      break;
  }
}

export class RuntimeStack {
  constructor(readonly maxHeight: number, readonly frames: readonly CallStackElement[]) {}

  static fromAccount(accountHash: Uint8Array, maxHeight: number): RuntimeStack {
    return new RuntimeStack(maxHeight, [{ kind: "Session", accountHash }]);
  }

  get length(): number {
    return this.frames.length;
  }

  /** The immediate caller: the frame below the current one. */
  previous(): CallStackElement | undefined {
    return this.frames.length >= 2 ? this.frames[this.frames.length - 2] : undefined;
  }

  current(): CallStackElement | undefined {
    return this.frames[this.frames.length - 1];
  }

  /** A new stack with `e` pushed; RuntimeStackOverflow past the chainspec limit (stack.rs `push`). */
  push(e: CallStackElement): RuntimeStack {
    if (this.frames.length >= this.maxHeight) throw execErrors.runtimeStackOverflow();
    return new RuntimeStack(this.maxHeight, [...this.frames, e]);
  }

  /** Vec<CallStackElement> as a CLValue, what casper_load_call_stack leaves in the host buffer. */
  toCLValue(): CLValue {
    const w = new ByteWriter(128);
    w.u32(this.frames.length);
    for (const f of this.frames) writeCallStackElement(w, f);
    return { clType: CALL_STACK_CL_TYPE, bytes: w.toBytes() };
  }
}
