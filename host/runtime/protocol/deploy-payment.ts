// How a deploy is paid for and which stored contract its session names.
// 1.5.8: execution_engine/src/core/engine_state/mod.rs `deploy` (payment code: standard payment moves
//        `amount` into the payment purse; `finalize_payment` refunds and pays the proposer),
//        executable_deploy_item.rs / ExecutionKind (a versioned item's version is looked up).
// 2.0.0: node/src/components/contract_runtime/operations.rs `execute_finalized_block` (payment
//        limited: a processing hold, refunds computed by handle payment, the fee paid from the
//        paying purse), types/.../execution_artifact_builder (node/.../contract_runtime/types.rs),
//        execution_engine/src/engine_state/execution_kind.rs ("version is defunct").

import type { ByProtocol } from "./by-protocol.ts";

export interface DeployPaymentRules {
  /**
   * "payment-code": 1.5.8. The payment runs first (standard payment or custom payment code, gas limit
   * 2.5 CSPR / price), a balance under 2.5 CSPR is refused before execution, a failed payment costs
   * the 2.5 CSPR penalty, finalize refunds `(payment - gas) * ratio` whatever the outcome.
   * "payment-limited": 2.0. The payment amount is the gas limit at the block's gas price; standard
   * payment runs no code: a processing hold of the cost covers the session, then the fee (cost -
   * refund) moves from the main purse to the proposer, the refund `(limit - consumed) * ratio` only
   * on success; custom payment code runs with its own limit and must deposit exactly the cost.
   */
  readonly model: "payment-code" | "payment-limited";
  /** a deploy's StoredVersionedContractByHash/ByName `version`: looked up, or ignored (the current version runs) */
  readonly deployItemVersion: "honoured" | "ignored";
  /**
   * What the node's acceptor refuses before a deploy can reach a block (the engine refuses it too,
   * so nothing passes here that testnet would reject): a payment `amount` under the baseline
   * (types/src/transaction/deploy.rs is_config_compliant: InvalidPaymentAmount), and an explicit
   * version in a versioned payment or session item (node/src/components/transaction_acceptor.rs:
   * TargetingPackageVersionNotSupported).
   */
  readonly acceptance: { readonly minimumPaymentIsBaseline: boolean; readonly refuseExplicitVersion: boolean };
}

export const DEPLOY_PAYMENT_RULES: ByProtocol<DeployPaymentRules> = {
  "1.5.8": {
    model: "payment-code",
    deployItemVersion: "honoured",
    acceptance: { minimumPaymentIsBaseline: false, refuseExplicitVersion: false },
  },
  "2.0.0": {
    model: "payment-limited",
    deployItemVersion: "ignored",
    acceptance: { minimumPaymentIsBaseline: true, refuseExplicitVersion: true },
  },
};
