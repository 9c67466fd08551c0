// What a deploy with standard payment costs its account, from the rules (not from observed numbers):
// finalize keeps the gas used and refunds a ratio of the rest of the payment.
//   1.5.8 (engine_state deploy + handle_payment finalize_payment): fee = payment - floor((payment - gas) x 99/100),
//         success or failure alike;
//   2.0.0 (contract_runtime/operations.rs, payment_limited): fee = payment - floor((payment - gas) x 75/100)
//         on success; a failed session gets no refund (fee = payment).
// `gas` is the result's gas figure, itself checked against hand counts in tests/gas-engine-*.test.ts.
import type { ExecutionResult } from "../../host/engine/result.ts";

export const REFUND_RATIO = { "1.5.8": [99n, 100n], "2.0.0": [75n, 100n] } as const;

export function feeFor(payment: bigint, gas: bigint, protocol: "1.5.8" | "2.0.0", success = true): bigint {
  if (protocol === "2.0.0" && !success) return payment;
  const [num, den] = REFUND_RATIO[protocol];
  return payment - ((payment - gas) * num) / den;
}

/** The fee of an executed deploy (standard payment `payment`, gas price 1). */
export function feeOf(r: ExecutionResult, payment: bigint, protocol: "1.5.8" | "2.0.0"): bigint {
  return feeFor(payment, r.gas, protocol, r.success);
}
