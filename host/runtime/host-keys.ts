// Named keys and URefs: casper_get_key, casper_has_key, casper_put_key, casper_remove_key,
// casper_load_named_keys, casper_is_valid_uref, casper_get_main_purse (runtime/mod.rs). Names here
// are serialized Strings (u32 length + UTF-8), as casper-contract passes them.

import { CLT, clMap } from "../bytesrepr/cl-type.ts";
import { encodeKey, encodeURef, formatKey, formatURef, keyAsURef, readKey, readURef } from "../bytesrepr/key.ts";
import { writeNamedKeys } from "../bytesrepr/named-keys.ts";
import { ByteWriter } from "../bytesrepr/writer.ts";
import { ApiErrorCode } from "./api-error.ts";
import type { HostFn } from "./dispatch.ts";

export const HOST_KEYS: Record<string, HostFn> = {
  casper_get_key(rt, [namePtr, nameSize, outPtr, outSize, writtenPtr], t) {
    const name = rt.stringFromMem(namePtr, nameSize, "name");
    const key = rt.context.namedKeys.get(name);
    if (t) t.detail = { name, key: key ? formatKey(key) : undefined };
    if (!key) return ApiErrorCode.MissingKey;
    const bytes = encodeKey(key);
    if ((outSize >>> 0) < bytes.length) return ApiErrorCode.BufferTooSmall;
    rt.setMem(outPtr, bytes);
    rt.writeU32(writtenPtr, bytes.length);
    return 0;
  },

  casper_has_key(rt, [namePtr, nameSize], t) {
    const name = rt.stringFromMem(namePtr, nameSize, "name");
    const has = rt.context.namedKeys.has(name);
    if (t) t.detail = { name };
    return has ? 0 : 1;
  },

  casper_put_key(rt, [namePtr, nameSize, keyPtr, keySize], t) {
    const name = rt.stringFromMem(namePtr, nameSize, "name");
    const key = rt.fromMem(keyPtr, keySize, "Key", (r) => readKey(r));
    if (t) t.detail = { name, key: formatKey(key) };
    // 2.0: a frame holding the payment purse may not persist it (contract-calls.ts guardPaymentPurse)
    const u = keyAsURef(key);
    if (u) rt.guardPaymentPurse([u]);
    rt.context.putKey(name, key);
  },

  casper_remove_key(rt, [namePtr, nameSize], t) {
    const name = rt.stringFromMem(namePtr, nameSize, "name");
    if (t) t.detail = { name };
    rt.context.removeKey(name);
  },

  casper_load_named_keys(rt, [totalPtr, sizePtr], t) {
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    const nk = rt.context.namedKeys;
    rt.writeU32(totalPtr, nk.size);
    if (t) t.detail = { count: nk.size };
    if (nk.size === 0) return 0;
    const w = new ByteWriter(64 * nk.size);
    writeNamedKeys(w, nk);
    const bytes = w.toBytes();
    rt.hostBuffer = { clType: clMap(CLT.String, CLT.Key), bytes };
    rt.writeU32(sizePtr, bytes.length);
    return 0;
  },

  casper_is_valid_uref(rt, [ptr, size], t) {
    const u = rt.fromMem(ptr, size, "URef", (r) => readURef(r));
    const valid = rt.context.accessRights.has(u);
    if (t) t.detail = { uref: formatURef(u), valid };
    return valid ? 1 : 0;
  },

  casper_get_main_purse(rt, [destPtr], t) {
    const purse = rt.context.getMainPurse();
    if (t) t.detail = { purse: formatURef(purse) };
    rt.setMem(destPtr, encodeURef(purse));
  },
};
