// Standard payment (casper-node v1.5.8 system/standard_payment.rs, runtime/standard_payment_internal.rs):
// the `amount` arg moves from the account's main purse into handle payment's payment purse, run
// natively in the account's context. It has no callable wasm: calling its contract fails like the node.

import { CLT, clResult } from "../bytesrepr/cl-type.ts";
import { type CLValue, clValueInto } from "../bytesrepr/cl-value.ts";
import type { EntryPoint } from "../bytesrepr/entry-points.ts";
import { type Key, readURef } from "../bytesrepr/key.ts";
import { SYSTEM_ACCOUNT_HASH } from "../bytesrepr/public-key.ts";
import { createAccount } from "../bytesrepr/account.ts";
import type { NamedArg } from "../bytesrepr/runtime-args.ts";
import { ApiErrorCode, HandlePaymentError, apiError } from "../runtime/api-error.ts";
import { ExecError } from "../runtime/errors.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { SystemContract } from "../runtime/system-api.ts";
import { HANDLE_PAYMENT, transferFromPurseToAccount } from "../runtime/transfers.ts";
import { arg } from "./args.ts";

/** `call_host_standard_payment`: runs in the account's own runtime (no wasm, no new frame). */
export function standardPayment(rt: Runtime): void {
  // call_host_standard_payment sets the gas counter back afterwards: standard payment costs no gas
  const meter = rt.exec.meter;
  const used = meter.used;
  try {
    pay(rt);
  } finally {
    meter.setUsed(used);
  }
}

function pay(rt: Runtime): void {
  const amount = arg.u512(rt.context.args, "amount");
  let mainPurse;
  try {
    mainPurse = rt.context.getMainPurse();
  } catch (e) {
    if (e instanceof ExecError && e.kind === "GasLimit") throw e;
    throw ExecError.revert(ApiErrorCode.InvalidPurse);
  }
  let paymentPurse;
  try {
    const ret = rt.callContract(rt.exec.systemContractHash(HANDLE_PAYMENT), "get_payment_purse", []);
    paymentPurse = clValueInto(ret, CLT.URef, (r) => readURef(r));
  } catch (e) {
    if (e instanceof ExecError && (e.kind === "GasLimit" || e.kind === "Revert")) throw e;
    throw ExecError.revert(apiError.handlePayment(HandlePaymentError.PaymentPurseNotFound));
  }
  // a virtual system account whose main purse is the payment purse (standard_payment.rs `pay`)
  const virtualSystemAccount = createAccount(SYSTEM_ACCOUNT_HASH, paymentPurse);
  let outcome;
  try {
    outcome = transferFromPurseToAccount(rt, mainPurse, virtualSystemAccount, amount, undefined);
  } catch (e) {
    if (e instanceof ExecError && e.kind === "GasLimit") throw e;
    throw ExecError.revert(ApiErrorCode.Transfer);
  }
  if ("err" in outcome) throw ExecError.revert(outcome.err);
}

export const standardPaymentContract: SystemContract = {
  name: "standard payment",
  index: 2,

  entryPoints: (): EntryPoint[] => [
    {
      name: "pay",
      args: [{ name: "amount", clType: CLT.U512 }],
      ret: clResult(CLT.Unit, CLT.U32),
      access: { kind: "Public" },
      entryPointType: "Session",
    },
  ],

  install: () => new Map<string, Key>(),

  call(): CLValue {
    // never reached: the runtime only dispatches mint, handle payment and auction natively
    throw ExecError.interpreter("standard payment has no callable code");
  },
};

export { ExecError as _ExecError };
export type { NamedArg };
