// Handle payment, native (casper-node v1.5.8 system/handle_payment*.rs): the payment purse every
// deploy pays into, the optional refund purse, and `finalize_payment`, which splits what was paid
// into a refund (refund_handling.refund_ratio of the unspent part) and a fee for the proposer.

import { CLT, clOption } from "../bytesrepr/cl-type.ts";
import { type CLValue, clv } from "../bytesrepr/cl-value.ts";
import type { EntryPoint } from "../bytesrepr/entry-points.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { AccessRights, type Key, type URef, encodeURef, keyAsURef, urefKey, withRights } from "../bytesrepr/key.ts";
import { SYSTEM_ACCOUNT_HASH } from "../bytesrepr/public-key.ts";
import type { NamedArg } from "../bytesrepr/runtime-args.ts";
import { Phase } from "../state/address-generator.ts";
import { HandlePaymentError, apiError } from "../runtime/api-error.ts";
import { ExecError, execErrors } from "../runtime/errors.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { GenesisInstaller, SystemContract } from "../runtime/system-api.ts";
import { transferFromPurseToAccountHash, transferFromPurseToPurse } from "../runtime/transfers.ts";
import { arg } from "./args.ts";
import { clByteArray } from "../bytesrepr/cl-type.ts";

export const PAYMENT_PURSE_KEY = "payment_purse";
export const REFUND_PURSE_KEY = "refund_purse";
export const ACCUMULATION_PURSE_KEY = "accumulation_purse";

class HPFailure extends Error {
  constructor(readonly code: number) {
    super(`handle payment error ${code}`);
  }
}
const fail = (code: number): never => {
  throw new HPFailure(code);
};

function paymentPurse(rt: Runtime): URef {
  const k = rt.context.namedKeys.get(PAYMENT_PURSE_KEY);
  if (!k) fail(HandlePaymentError.PaymentPurseNotFound);
  return keyAsURef(k!) ?? fail(HandlePaymentError.PaymentPurseKeyUnexpectedType);
}

function refundPurse(rt: Runtime): URef | undefined {
  const k = rt.context.namedKeys.get(REFUND_PURSE_KEY);
  if (!k) return undefined;
  return keyAsURef(k) ?? fail(HandlePaymentError.RefundPurseKeyUnexpectedType);
}

/** Map an execution error inside a provider call to the handle payment error the node uses. */
function provider<T>(fn: () => T, otherwise: number): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof HPFailure) throw e;
    if (e instanceof ExecError && e.kind === "GasLimit") return fail(HandlePaymentError.GasLimit);
    if (e instanceof ExecError) return fail(otherwise);
    throw e;
  }
}

/** handle_payment/internal.rs calculate_refund_and_fee: refund = floor(unspent * ratio), fee = rest. */
export function refundAndFee(gasSpent: bigint, paid: bigint, ratio: readonly [bigint, bigint]): { refund: bigint; fee: bigint } {
  if (paid < gasSpent) fail(HandlePaymentError.ArithmeticOverflow);
  const refund = ((paid - gasSpent) * ratio[0]) / ratio[1];
  return { refund, fee: paid - refund };
}

function finalizePayment(rt: Runtime, gasSpent: bigint, account: Uint8Array, target: URef): void {
  if (toHex(rt.context.caller) !== toHex(SYSTEM_ACCOUNT_HASH)) fail(HandlePaymentError.SystemFunctionCalledByUserAccount);
  const payment = paymentPurse(rt);
  const paid = provider(() => rt.context.readBalance(payment), HandlePaymentError.GetBalance);
  if (paid === undefined) return fail(HandlePaymentError.PaymentPurseBalanceNotFound);
  if (paid < gasSpent) fail(HandlePaymentError.InsufficientPaymentForAmountSpent);
  const cfg = rt.exec.config;
  const { refund, fee } = refundAndFee(gasSpent, paid, cfg.refundRatio);

  const refundTo = refundPurse(rt);
  if (refundTo && toHex(refundTo.addr) === toHex(payment.addr)) fail(HandlePaymentError.RefundPurseIsPaymentPurse);
  provider(() => rt.context.removeKey(REFUND_PURSE_KEY), HandlePaymentError.RemoveKey);
  if (refund !== 0n) {
    let refunded = false;
    if (refundTo) {
      // a refund purse that cannot take it falls back to the account's main purse
      try {
        refunded = transferFromPurseToPurse(rt, payment, refundTo, refund, undefined) === undefined;
      } catch (e) {
        if (e instanceof ExecError && e.kind === "GasLimit") throw e;
        refunded = false;
      }
    }
    if (!refunded) {
      const outcome = provider(() => transferFromPurseToAccountHash(rt, payment, account, refund, undefined), HandlePaymentError.FailedTransferToAccountPurse);
      if ("err" in outcome) fail(HandlePaymentError.FailedTransferToAccountPurse);
    }
  }
  const err = provider(() => transferFromPurseToPurse(rt, payment, target, fee, undefined), HandlePaymentError.FailedTransferToRewardsPurse);
  if (err !== undefined) fail(HandlePaymentError.FailedTransferToRewardsPurse);
}

function orRevert<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof HPFailure) {
      if (e.code === HandlePaymentError.GasLimit) throw execErrors.gasLimit();
      throw ExecError.revert(apiError.handlePayment(e.code));
    }
    throw e;
  }
}

const ep = (name: string, args: { name: string; clType: EntryPoint["ret"] }[], ret: EntryPoint["ret"]): EntryPoint => ({
  name, args, ret, access: { kind: "Public" }, entryPointType: "Contract",
});

export const handlePaymentContract: SystemContract = {
  name: "handle payment",
  index: 1,

  entryPoints: () => [
    ep("get_payment_purse", [], CLT.URef),
    ep("set_refund_purse", [{ name: "purse", clType: CLT.URef }], CLT.Unit),
    ep("get_refund_purse", [], clOption(CLT.URef)),
    ep("finalize_payment", [{ name: "amount", clType: CLT.U512 }, { name: "account", clType: clByteArray(32) }], CLT.Unit),
    ep("distribute_accumulated_fees", [], CLT.Unit),
  ],

  install(genesis: GenesisInstaller): Map<string, Key> {
    const payment = genesis.paymentPurse;
    const accumulation = genesis.createPurse(0n);
    return new Map<string, Key>([
      [PAYMENT_PURSE_KEY, urefKey(payment)],
      [ACCUMULATION_PURSE_KEY, urefKey(accumulation)],
    ]);
  },

  call(rt: Runtime, entryPoint: string, args: readonly NamedArg[]): CLValue {
    switch (entryPoint) {
      case "get_payment_purse":
        // only balance queries and deposits: READ_ADD
        return clv.uref(orRevert(() => withRights(paymentPurse(rt), AccessRights.READ_ADD)));
      case "set_refund_purse": {
        const purse = arg.uref(args, "purse");
        orRevert(() => {
          if (rt.exec.phase !== Phase.Payment) fail(HandlePaymentError.SetRefundPurseCalledOutsidePayment);
          provider(() => rt.context.putKey(REFUND_PURSE_KEY, urefKey(purse)), HandlePaymentError.PutKey);
        });
        return clv.unit();
      }
      case "get_refund_purse": {
        const purse = orRevert(() => refundPurse(rt));
        return clv.option(CLT.URef, purse ? encodeURef(withRights(purse, AccessRights.NONE)) : undefined);
      }
      case "finalize_payment": {
        const amount = arg.u512(args, "amount");
        const account = arg.accountHash(args, "account");
        const target = arg.uref(args, "target");
        orRevert(() => finalizePayment(rt, amount, account, target));
        return clv.unit();
      }
      case "distribute_accumulated_fees":
        orRevert(() => {
          if (toHex(rt.context.caller) !== toHex(SYSTEM_ACCOUNT_HASH)) fail(HandlePaymentError.SystemFunctionCalledByUserAccount);
        });
        return clv.unit();
      default:
        return clv.unit();
    }
  },
};
