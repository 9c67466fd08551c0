// System contracts and motes from wasm: casper_get_system_contract, casper_create_purse,
// casper_transfer_to_account, casper_transfer_from_purse_to_account,
// casper_transfer_from_purse_to_purse, casper_get_balance, and the mint/auction-only
// casper_record_transfer / casper_record_era_info (runtime/externals.rs, runtime/mod.rs).

import { CLT } from "../bytesrepr/cl-type.ts";
import { clv } from "../bytesrepr/cl-value.ts";
import { BytesreprError } from "../bytesrepr/errors.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { type URef, encodeURef, formatURef, readURef } from "../bytesrepr/key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { ApiErrorCode } from "./api-error.ts";
import { execErrors } from "./errors.ts";
import type { HostFn } from "./dispatch.ts";
import type { Runtime } from "./runtime.ts";
import { type TransferOutcome, createPurse, getBalance, transferFromPurseToAccountHash, transferFromPurseToPurse, transferToAccount } from "./transfers.ts";
import { apiError } from "./api-error.ts";

const BYTESREPR_API_ERROR: Record<string, number> = {
  EarlyEndOfStream: ApiErrorCode.EarlyEndOfStream,
  Formatting: ApiErrorCode.Formatting,
  LeftOverBytes: ApiErrorCode.LeftOverBytes,
  OutOfMemory: ApiErrorCode.OutOfMemory,
  NotRepresentable: ApiErrorCode.NonRepresentableSerialization,
  ExceededRecursionDepth: ApiErrorCode.ExceededRecursionDepth,
};

const accountHash = (rt: Runtime, p: number, s: number) => rt.fromMem(p, s, "AccountHash", (r) => r.raw(32, "AccountHash"));
const u512 = (rt: Runtime, p: number, s: number) => rt.fromMem(p, s, "U512", (r) => r.bigUint(64, "U512"));
const optionU64 = (rt: Runtime, p: number, s: number) =>
  rt.fromMem(p, s, "Option<u64>", (r) => {
    const tag = r.u8("Option tag");
    if (tag === 0) return undefined;
    if (tag === 1) return r.u64("id");
    throw new BytesreprError("Formatting", "Option<u64>", `invalid Option tag ${tag}`);
  });
const urefArg = (rt: Runtime, p: number, s: number) => rt.fromMem(p, s, "URef", (r) => readURef(r));

function finishTransfer(rt: Runtime, outcome: TransferOutcome, resultPtr: number): number {
  if ("err" in outcome) return outcome.err;
  rt.writeU32(resultPtr, outcome.ok);
  return 0;
}

export const HOST_SYSTEM: Record<string, HostFn> = {
  casper_get_system_contract(rt, [index, destPtr], t) {
    const sys = rt.exec.system.byIndex(index >>> 0);
    if (t) t.detail = { index: index >>> 0, contract: sys?.name };
    if (!sys) return ApiErrorCode.InvalidSystemContract;
    rt.setMem(destPtr, rt.exec.systemContractHash(sys.name));
    return 0;
  },

  casper_create_purse(rt, [destPtr, destSize], t) {
    if ((destSize >>> 0) < 33) return ApiErrorCode.PurseNotCreated;
    const purse = createPurse(rt);
    if (t) t.detail = { purse: formatURef(purse) };
    rt.setMem(destPtr, encodeURef(purse));
    return 0;
  },

  casper_transfer_to_account(rt, [keyPtr, keySize, amountPtr, amountSize, idPtr, idSize, resultPtr], t) {
    const target = accountHash(rt, keyPtr, keySize);
    const amount = u512(rt, amountPtr, amountSize);
    const id = optionU64(rt, idPtr, idSize);
    if (t) t.detail = { target: toHex(target), amount, id };
    return finishTransfer(rt, transferToAccount(rt, target, amount, id), resultPtr);
  },

  casper_transfer_from_purse_to_account(rt, [srcPtr, srcSize, keyPtr, keySize, amountPtr, amountSize, idPtr, idSize, resultPtr], t) {
    const source = urefArg(rt, srcPtr, srcSize);
    const target = accountHash(rt, keyPtr, keySize);
    const amount = u512(rt, amountPtr, amountSize);
    const id = optionU64(rt, idPtr, idSize);
    if (t) t.detail = { source: formatURef(source), target: toHex(target), amount, id };
    return finishTransfer(rt, transferFromPurseToAccountHash(rt, source, target, amount, id), resultPtr);
  },

  casper_transfer_from_purse_to_purse(rt, [srcPtr, srcSize, tgtPtr, tgtSize, amountPtr, amountSize, idPtr, idSize], t) {
    const source = urefArg(rt, srcPtr, srcSize);
    const target = urefArg(rt, tgtPtr, tgtSize);
    const amount = u512(rt, amountPtr, amountSize);
    const id = optionU64(rt, idPtr, idSize);
    if (t) t.detail = { source: formatURef(source), target: formatURef(target), amount, id };
    const err = transferFromPurseToPurse(rt, source, target, amount, id);
    return err === undefined ? 0 : apiError.mint(err);
  },

  casper_get_balance(rt, [purseP, purseS, sizePtr], t) {
    if (!rt.canWriteHostBuffer()) return ApiErrorCode.HostBufferFull;
    let purse: URef;
    try {
      const r = new ByteReader(rt.bytesFromMem(purseP, purseS));
      purse = readURef(r);
      r.expectEnd("URef");
    } catch (e) {
      // a purse that does not decode is reported to the wasm, not trapped (get_balance_host_buffer)
      if (e instanceof BytesreprError) return BYTESREPR_API_ERROR[e.kind];
      throw e;
    }
    const balance = getBalance(rt, purse);
    if (t) t.detail = { purse: formatURef(purse), balance };
    if (balance === undefined) return ApiErrorCode.InvalidPurse;
    const v = clv.u512(balance);
    rt.hostBuffer = v;
    rt.writeU32(sizePtr, v.bytes.length);
    return 0;
  },

  // Only the mint (record_transfer) and the auction (record_era_info) may call these; they are
  // native here, so from wasm they always fail as the node fails them: InvalidContext.
  casper_record_transfer(rt, [toP, toS, srcP, srcS, tgtP, tgtS, amtP, amtS, idP, idS]) {
    rt.fromMem(toP, toS, "Option<AccountHash>", (r) => (r.u8() === 1 ? r.raw(32) : undefined));
    urefArg(rt, srcP, srcS);
    urefArg(rt, tgtP, tgtS);
    u512(rt, amtP, amtS);
    optionU64(rt, idP, idS);
    throw execErrors.invalidContext();
  },

  casper_record_era_info(rt, [eraP, eraS]) {
    rt.fromMem(eraP, eraS, "EraId", (r) => r.u64());
    throw execErrors.invalidContext();
  },
};

export { CLT };
