// Account keys and thresholds from wasm: casper_add/remove/update_associated_key,
// casper_set_action_threshold, plus casper_load_authorization_keys and casper_get_caller
// (runtime/mod.rs). Failures are returned as the account.rs failure numbers, not ApiErrors.

import { CLT, clByteArray, clList } from "../bytesrepr/cl-type.ts";
import { fromHex, toHex } from "../bytesrepr/hex.ts";
import { ByteWriter } from "../bytesrepr/writer.ts";
import { ApiErrorCode } from "./api-error.ts";
import { AddKeyFailure, KeyManagementFailure, RemoveKeyFailure, SetThresholdFailure, UpdateKeyFailure } from "./context.ts";
import { ExecError } from "./errors.ts";
import type { HostFn } from "./dispatch.ts";
import type { Runtime } from "./runtime.ts";
import { ACCOUNT_CONTEXT_RULES } from "./protocol/account-context.ts";
import { rulesFor } from "./protocol/by-protocol.ts";

/** casper-wasmi's FromValue for u8 accepts only 0..=255; anything else traps (UnexpectedSignature, host.rs nth_checked). */
export function u8Arg(v: number): number {
  if (v < 0 || v > 255) throw ExecError.trap("UnexpectedSignature");
  return v;
}

/** The imports with a u8 parameter (its index): externals.rs Args::parse traps on it before the host call is charged. */
const U8_PARAM: Readonly<Record<string, number>> = {
  casper_add_associated_key: 2,
  casper_update_associated_key: 2,
  casper_set_action_threshold: 1,
  // 2.0 externals.rs: `(field_idx, dest_ptr): (u8, u32)`; load_caller_information's action is a u8
  casper_get_block_info: 0,
  casper_load_caller_information: 0,
};

/** Which parameter of an import is a u8 (undefined: none): Args::parse checks it before the call is charged (dispatch does it first). */
export function u8ParamOf(name: string): number | undefined {
  return U8_PARAM[name];
}

function accountHashFromMem(rt: Runtime, ptr: number, size: number): Uint8Array {
  return rt.fromMem(ptr, size, "AccountHash", (r) => r.raw(32, "AccountHash"));
}

function keyOp(fn: () => void): number {
  try {
    fn();
    return 0;
  } catch (e) {
    if (e instanceof KeyManagementFailure) return e.code;
    throw e;
  }
}

export const HOST_ACCOUNT: Record<string, HostFn> = {
  casper_add_associated_key(rt, [ptr, size, weight], t) {
    const w = u8Arg(weight);
    const hash = accountHashFromMem(rt, ptr, size);
    if (t) t.detail = { account: toHex(hash), weight: w };
    if (!rt.context.canManageKeys()) return AddKeyFailure.PermissionDenied;
    return keyOp(() => rt.context.addAssociatedKey(hash, w));
  },

  casper_remove_associated_key(rt, [ptr, size], t) {
    const hash = accountHashFromMem(rt, ptr, size);
    if (t) t.detail = { account: toHex(hash) };
    if (!rt.context.canManageKeys()) return RemoveKeyFailure.PermissionDenied;
    return keyOp(() => rt.context.removeAssociatedKey(hash));
  },

  casper_update_associated_key(rt, [ptr, size, weight], t) {
    const w = u8Arg(weight);
    const hash = accountHashFromMem(rt, ptr, size);
    if (t) t.detail = { account: toHex(hash), weight: w };
    if (!rt.context.canManageKeys()) return UpdateKeyFailure.PermissionDenied;
    return keyOp(() => rt.context.updateAssociatedKey(hash, w));
  },

  casper_set_action_threshold(rt, [action, threshold], t) {
    const th = u8Arg(threshold);
    const a = action >>> 0;
    if (t) t.detail = { action: ["Deployment", "KeyManagement", "UpgradeManagement"][a] ?? a, threshold: th };
    if (!rt.context.canManageKeys()) return SetThresholdFailure.PermissionDeniedError;
    // runtime/mod.rs set_action_threshold: an unknown ActionType is Trap::Code(TrapCode::Unreachable)
    // (which types exist is a protocol rule: account-context.ts)
    if (!rulesFor(ACCOUNT_CONTEXT_RULES, rt.exec.config.protocol).actionTypes.includes(a)) throw ExecError.trap("Unreachable");
    return keyOp(() => rt.context.setActionThreshold(a, th));
  },

  casper_load_authorization_keys(rt, [lenPtr, sizePtr], t) {
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    // a BTreeSet<AccountHash>: sorted (same-length lowercase hex sorts like the bytes)
    const keys = [...rt.exec.authorizationKeys].sort();
    rt.writeU32(lenPtr, keys.length);
    if (t) t.detail = { keys };
    if (keys.length === 0) return 0;
    const w = new ByteWriter(4 + 32 * keys.length);
    w.u32(keys.length);
    for (const k of keys) w.raw(fromHex(k));
    const bytes = w.toBytes();
    rt.hostBuffer = { clType: clList(clByteArray(32)), bytes };
    rt.writeU32(sizePtr, bytes.length);
    return 0;
  },

  casper_get_caller(rt, [sizePtr], t) {
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    const caller = rt.context.caller;
    if (t) t.detail = { caller: toHex(caller) };
    rt.hostBuffer = { clType: clByteArray(32), bytes: caller.slice() };
    rt.writeUsize(sizePtr, 32);
    return 0;
  },
};

export { CLT };
