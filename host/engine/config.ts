// Engine configuration: the chainspec of the selected protocol (host/gas/chainspecs, plus the user's
// overrides) resolved into the values the runtime reads. Behaviour follows casper-node 1.5.8; a
// "2.0.0" engine uses the 2.0.0 chainspec values (refund ratio 75/100, the native transfer cost from
// mint_costs.transfer, protocol major 2 for installed contracts) in the same 1.5 data model.

import { type Chainspec, type ChainspecOverrides, loadChainspec } from "../gas/chainspec.ts";
import type { RuntimeConfig } from "../runtime/execution.ts";
import { accountHashOf, publicKeyFromHex } from "../bytesrepr/public-key.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { durationMillis } from "../bytesrepr/time-format.ts";

export type Protocol = "1.5.8" | "2.0.0";

/** casper-node engine_state MAX_PAYMENT_AMOUNT: the balance a deploy's account must hold to be run, and the penalty for malformed wasm. */
export const MAX_PAYMENT_AMOUNT = 2_500_000_000n;

export interface EngineConfig {
  readonly chainspec: Chainspec;
  readonly runtime: RuntimeConfig;
  /** motes charged for a native transfer (1.5: system_costs.wasmless_transfer_cost; 2.0: mint_costs.transfer) */
  readonly nativeTransferCost: bigint;
  /** the balance a deploy's main purse must hold before it runs (engine_state MAX_PAYMENT) */
  readonly maxPaymentCost: bigint;
}

export function resolveConfig(protocol: Protocol, overrides?: ChainspecOverrides): EngineConfig {
  const spec = loadChainspec(protocol, overrides);
  const core = spec.core;
  if (core.refund_handling.type !== "refund" && core.refund_handling.type !== "no_refund") {
    throw new Error(`core.refund_handling.type "${core.refund_handling.type}" is not supported by the local engine (refund, no_refund)`);
  }
  if (core.fee_handling.type !== "pay_to_proposer" && core.fee_handling.type !== "accumulate") {
    throw new Error(`core.fee_handling.type "${core.fee_handling.type}" is not supported by the local engine (pay_to_proposer, accumulate)`);
  }
  const [major, minor, patch] = spec.protocol.version.split(".").map(Number);
  const ratio = core.refund_handling.type === "no_refund" ? [0, 1] : core.refund_handling.refund_ratio ?? [0, 1];
  const sys = spec.system_costs;
  const nativeTransferCost = sys.wasmless_transfer_cost ?? sys.mint_costs.transfer;
  const runtime: RuntimeConfig = {
    protocol,
    protocolVersion: { major, minor, patch },
    maxAssociatedKeys: core.max_associated_keys,
    maxRuntimeCallStackHeight: core.max_runtime_call_stack_height,
    strictArgumentChecking: core.strict_argument_checking,
    allowUnrestrictedTransfers: core.allow_unrestricted_transfers,
    administrators: new Set(core.administrators.map((pk) => toHex(accountHashOf(publicKeyFromHex(pk))))),
    minimumDelegationAmount: core.minimum_delegation_amount,
    maximumDelegationAmount: core.maximum_delegation_amount,
    minimumBidAmount: core.minimum_bid_amount,
    maxDelegatorsPerValidator: core.max_delegators_per_validator,
    allowAuctionBids: core.allow_auction_bids,
    vestingSchedulePeriodMillis: durationMillis("core.vesting_schedule_period", core.vesting_schedule_period),
    refundRatio: [BigInt(ratio[0]), BigInt(ratio[1])],
    feeHandling: core.fee_handling.type as RuntimeConfig["feeHandling"],
    wasmlessTransferCost: nativeTransferCost,
    maxMemoryPages: spec.wasm.max_memory,
    maxTopicNameSize: spec.wasm.messages_limits?.max_topic_name_size ?? 0,
    maxTopicsPerContract: spec.wasm.messages_limits?.max_topics_per_contract ?? 0,
    maxMessageSize: spec.wasm.messages_limits?.max_message_size ?? 0,
    enableAddressableEntity: core.enable_addressable_entity ?? false,
  };
  return { chainspec: spec, runtime, nativeTransferCost, maxPaymentCost: MAX_PAYMENT_AMOUNT };
}
