// Global state from wasm: casper_read_value, casper_write, casper_add, casper_new_uref, and the
// dictionaries (casper_new_dictionary, casper_dictionary_get/put/read) (runtime/mod.rs).

import { clTypeToString } from "../bytesrepr/cl-type.ts";
import type { CLValue } from "../bytesrepr/cl-value.ts";
import { encodeURef, formatKey, formatURef, readKey, readURef } from "../bytesrepr/key.ts";
import { writeContractPackage } from "../bytesrepr/contract.ts";
import { type StoredValue, storedValueTypeName } from "../bytesrepr/stored-value.ts";
import { encodeWith } from "../bytesrepr/writer.ts";
import { READ_VALUE } from "./protocol/read-value.ts";
import { rulesFor } from "./protocol/by-protocol.ts";
import { utf8DecodeStrict } from "../bytesrepr/utf8.ts";
import { CLT } from "../bytesrepr/cl-type.ts";
import { ApiErrorCode } from "./api-error.ts";
import { DICTIONARY_ITEM_KEY_MAX_LENGTH } from "./context.ts";
import { ExecError } from "./errors.ts";
import type { HostFn } from "./dispatch.ts";
import type { Runtime } from "./runtime.ts";

/** stored_value.rs `TryFrom<StoredValue> for CLValue`: a ContractPackage becomes a CLValue of type Any. */
function asCLValue(v: StoredValue, mismatchExpected: string): CLValue {
  if (v.kind === "CLValue") return v.value;
  if (v.kind === "ContractPackage") return { clType: CLT.Any, bytes: encodeWith((w) => writeContractPackage(w, v.pkg), 128) };
  throw new ExecError("TypeMismatch", `Type mismatch. Expected ${mismatchExpected} but found ${storedValueTypeName(v)}.`);
}

function putInHostBuffer(rt: Runtime, value: CLValue, sizePtr: number): number {
  rt.hostBuffer = value;
  rt.writeU32(sizePtr, value.bytes.length);
  return 0;
}

export const HOST_STORAGE: Record<string, HostFn> = {
  casper_read_value(rt, [keyPtr, keySize, sizePtr], t) {
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    const key = rt.fromMem(keyPtr, keySize, "Key", (r) => readKey(r));
    if (t) t.detail = { key: formatKey(key) };
    const v = rt.context.readGs(key);
    if (!v) return ApiErrorCode.ValueNotFound;
    const value = asCLValue(v, rulesFor(READ_VALUE, rt.exec.config.protocol).mismatchExpected);
    if (t) t.detail.type = clTypeToString(value.clType);
    return putInHostBuffer(rt, value, sizePtr);
  },

  casper_write(rt, [keyPtr, keySize, valuePtr, valueSize], t) {
    const key = rt.fromMem(keyPtr, keySize, "Key", (r) => readKey(r));
    const value = rt.clValueFromMem(valuePtr, valueSize);
    if (t) t.detail = { key: formatKey(key), type: clTypeToString(value.clType), value };
    rt.context.writeGs(key, { kind: "CLValue", value });
  },

  casper_add(rt, [keyPtr, keySize, valuePtr, valueSize], t) {
    const key = rt.fromMem(keyPtr, keySize, "Key", (r) => readKey(r));
    const value = rt.clValueFromMem(valuePtr, valueSize);
    if (t) t.detail = { key: formatKey(key), type: clTypeToString(value.clType), value };
    rt.context.addGs(key, { kind: "CLValue", value });
  },

  casper_new_uref(rt, [urefPtr, valuePtr, valueSize], t) {
    const value = rt.clValueFromMem(valuePtr, valueSize);
    const u = rt.context.newURef({ kind: "CLValue", value });
    if (t) t.detail = { uref: formatURef(u), type: clTypeToString(value.clType), value };
    rt.setMem(urefPtr, encodeURef(u));
  },

  casper_new_dictionary(rt, [sizePtr], t) {
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    const u = rt.context.newUnitURef();
    if (t) t.detail = { seed: formatURef(u) };
    const bytes = encodeURef(u);
    rt.hostBuffer = { clType: CLT.URef, bytes };
    rt.writeUsize(sizePtr, bytes.length);
    return 0;
  },

  casper_dictionary_get(rt, [urefPtr, urefSize, keyPtr, keySize, sizePtr], t) {
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    const seed = rt.fromMem(urefPtr, urefSize, "URef", (r) => readURef(r));
    const item = utf8DecodeStrict(rt.region(keyPtr, keySize));
    if (t) t.detail = { seed: formatURef(seed), item };
    if (item === undefined) return ApiErrorCode.InvalidDictionaryItemKey;
    const v = rt.context.dictionaryGet(seed, item);
    if (!v) return ApiErrorCode.ValueNotFound;
    return putInHostBuffer(rt, v, sizePtr);
  },

  casper_dictionary_put(rt, [urefPtr, urefSize, keyPtr, keySize, valuePtr, valueSize], t) {
    const seed = rt.fromMem(urefPtr, urefSize, "URef", (r) => readURef(r));
    if ((keySize >>> 0) > DICTIONARY_ITEM_KEY_MAX_LENGTH) return ApiErrorCode.DictionaryItemKeyExceedsLength;
    const item = utf8DecodeStrict(rt.region(keyPtr, keySize));
    if (item === undefined) return ApiErrorCode.InvalidDictionaryItemKey;
    const value = rt.clValueFromMem(valuePtr, valueSize);
    if (t) t.detail = { seed: formatURef(seed), item, type: clTypeToString(value.clType), value };
    rt.context.dictionaryPut(seed, item, value);
    return 0;
  },

  casper_dictionary_read(rt, [keyPtr, keySize, sizePtr], t) {
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    const key = rt.fromMem(keyPtr, keySize, "Key", (r) => readKey(r));
    if (t) t.detail = { key: formatKey(key) };
    const v = rt.context.dictionaryRead(key);
    if (!v) return ApiErrorCode.ValueNotFound;
    return putInHostBuffer(rt, v, sizePtr);
  },
};
