// casper_get_named_arg_size, casper_get_named_arg (runtime/mod.rs). The name is raw UTF-8 bytes
// (lossy), not a serialized String.

import { utf8DecodeLossy } from "../bytesrepr/utf8.ts";
import { clTypeToString } from "../bytesrepr/cl-type.ts";
import { ApiErrorCode } from "./api-error.ts";
import { ExecError } from "./errors.ts";
import type { HostFn } from "./dispatch.ts";

export const HOST_ARGS: Record<string, HostFn> = {
  casper_get_named_arg_size(rt, [namePtr, nameSize, sizePtr], t) {
    const name = utf8DecodeLossy(rt.region(namePtr, nameSize));
    const arg = rt.context.args.find((a) => a.name === name);
    if (t) t.detail = { name, found: arg !== undefined };
    if (!arg) return ApiErrorCode.MissingArgument;
    rt.writeU32(sizePtr, arg.value.bytes.length);
    return 0;
  },

  casper_get_named_arg(rt, [namePtr, nameSize, destPtr, destSize], t) {
    const name = utf8DecodeLossy(rt.region(namePtr, nameSize));
    const arg = rt.context.args.find((a) => a.name === name);
    if (t) t.detail = { name, type: arg ? clTypeToString(arg.value.clType) : undefined, size: arg?.value.bytes.length };
    if (!arg) return ApiErrorCode.MissingArgument;
    const size = destSize >>> 0;
    if (arg.value.bytes.length > size) return ApiErrorCode.OutOfMemory;
    if (arg.value.bytes.length < size) {
      // the node slices the arg bytes to dest_size (`inner_bytes()[..output_size]`), which panics
      // when the destination is larger than the arg: refuse it rather than guess
      throw ExecError.interpreter(`casper_get_named_arg: dest_size ${size} is larger than arg "${name}" (${arg.value.bytes.length} bytes); the node panics on this`);
    }
    rt.setMem(destPtr, arg.value.bytes);
    return 0;
  },
};
