// The rest of the VM1 host: casper_revert, casper_ret, casper_read_host_buffer, casper_print,
// casper_blake2b, casper_random_bytes, casper_get_blocktime, casper_get_phase (runtime/mod.rs,
// externals.rs).

import { readCLValue } from "../bytesrepr/cl-value.ts";
import { extractURefs } from "../bytesrepr/cl-value-urefs.ts";
import { clTypeToString } from "../bytesrepr/cl-type.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { utf8DecodeStrict } from "../bytesrepr/utf8.ts";
import { blake2b256 } from "../crypto/hash.ts";
import { ApiErrorCode } from "./api-error.ts";
import { ExecError } from "./errors.ts";
import type { HostFn } from "./dispatch.ts";
import { RetSignal } from "./runtime.ts";
import { execErrors } from "./errors.ts";

export const HOST_MISC: Record<string, HostFn> = {
  casper_revert(rt, [status], t) {
    const err = ExecError.revert(status, rt.exec.config.protocol);
    if (t) t.detail = { status: status >>> 0, error: err.message };
    throw err;
  },

  casper_ret(rt, [ptr, size], t) {
    rt.hostBuffer = undefined;
    const bytes = rt.bytesFromMem(ptr, size);
    try {
      // a value that does not decode leaves the host buffer empty (-> ExpectedReturnValue)
      const r = new ByteReader(bytes);
      const v = readCLValue(r);
      r.expectEnd("CLValue");
      rt.hostBuffer = v;
    } catch {
      rt.hostBuffer = undefined;
    }
    const urefs = rt.hostBuffer ? extractURefs(rt.hostBuffer) : [];
    for (const u of urefs) rt.context.validateURef(u);
    if (t) t.detail = rt.hostBuffer ? { type: clTypeToString(rt.hostBuffer.clType), value: rt.hostBuffer } : { value: "(not a CLValue)" };
    throw new RetSignal(urefs);
  },

  casper_read_host_buffer(rt, [destPtr, destSize, writtenPtr], t) {
    const v = rt.takeHostBuffer();
    if (!v) return ApiErrorCode.HostBufferEmpty;
    if (t) t.detail = { size: v.bytes.length, type: clTypeToString(v.clType) };
    if (v.bytes.length > (destSize >>> 0)) return ApiErrorCode.BufferTooSmall;
    rt.setMem(destPtr, v.bytes);
    rt.writeU32(writtenPtr, v.bytes.length);
    return 0;
  },

  casper_print(rt, [ptr, size], t) {
    const text = rt.stringFromMem(ptr, size, "text");
    rt.exec.prints.push(text);
    if (t) t.detail = { text };
  },

  casper_blake2b(rt, [inPtr, inSize, outPtr, outSize], t) {
    const digest = blake2b256(rt.region(inPtr, inSize));
    if (t) t.detail = { inputSize: inSize >>> 0 };
    if ((outSize >>> 0) !== digest.length) return ApiErrorCode.BufferTooSmall;
    rt.setMem(outPtr, digest);
    return 0;
  },

  casper_random_bytes(rt, [outPtr, outSize]) {
    const bytes = rt.exec.addressGenerator.createAddress();
    if ((outSize >>> 0) !== bytes.length) return ApiErrorCode.BufferTooSmall;
    rt.setMem(outPtr, bytes);
    return 0;
  },

  casper_get_blocktime(rt, [destPtr], t) {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, rt.exec.blocktime, true);
    if (t) t.detail = { blocktime: rt.exec.blocktime };
    rt.setMem(destPtr, b);
  },

  casper_get_phase(rt, [destPtr], t) {
    if (t) t.detail = { phase: ["System", "Payment", "Session", "FinalizePayment"][rt.exec.phase] };
    rt.setMem(destPtr, new Uint8Array([rt.exec.phase]));
  },
};

export { utf8DecodeStrict, execErrors };
