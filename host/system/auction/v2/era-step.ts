// The end of an era in casper-node 2.0 (node/src/components/contract_runtime/operations.rs
// execute_finalized_block; storage/src/global_state/state/mod.rs `distribute_block_rewards` and
// `step`), both native system runtimes, each committed on its own:
// 1. rewards (switch blocks): `distribute` with each validator's rewards in motes, the runtime seeded
//    by the block time ++ protocol version (an empty map distributes nothing);
// 2. the step: `slash` (when validators are slashed), then `run_auction` with the node's config
//    (include_credits when fee_handling is no_fee, the chainspec's validator_credit_cap), seeded by
//    era_end_timestamp_millis ++ protocol version ++ next era id. Seeds are the raw bytes (Id::Seed).

import { ByteWriter } from "../../../bytesrepr/writer.ts";
import { readEraIdFrom } from "../queries.ts";
import { type CommittedStep, type EraChain, type EraStepOptions, asSystemInAuction } from "../era.ts";
import { reduceTotalSupply } from "../mint-calls.ts";
import { distribute } from "./distribute.ts";
import { type AuctionRulesV2, runAuction, slash } from "./logic.ts";
import { AuctionRuntimeV2 } from "./provider.ts";
import { AuctionFailure, toRevert } from "../failure.ts";

/** runtime_native.rs Config: what the node's own (native) runtime hands the auction. */
function nativeRules(chain: EraChain): AuctionRulesV2 {
  const c = chain.runtime;
  const cap = chain.core.validator_credit_cap ?? [1, 5];
  return {
    allowAuctionBids: c.allowAuctionBids,
    minimumBidAmount: c.minimumBidAmount,
    maxDelegatorsPerValidator: c.maxDelegatorsPerValidator,
    vestingSchedulePeriodMillis: c.vestingSchedulePeriodMillis,
    includeCredits: chain.core.fee_handling.type === "no_fee",
    creditCap: [BigInt(cap[0]), BigInt(cap[1])],
  };
}

function protocolVersionBytes(chain: EraChain, w: ByteWriter): ByteWriter {
  const pv = chain.runtime.protocolVersion;
  return w.u32(pv.major).u32(pv.minor).u32(pv.patch);
}

/** An auction failure inside a native runtime, reported as the node's step failure. */
function native<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AuctionFailure) throw toRevert(e);
    throw e;
  }
}

/** 2.0: distribute the given rewards (if any), then slash and run the auction; `blockTime` is the switch block's. */
export function runEraStepV2(chain: EraChain, eraEndTimestampMillis: bigint, options: EraStepOptions = {}): CommittedStep {
  if (options.rewardFactors) throw new Error("era step: 2.0's distribute takes rewards in motes (rewards), not 1.5.8's reward factors");
  const era = readEraIdFrom(chain.state);
  const rules = nativeRules(chain);
  if (options.rewards && options.rewards.length > 0) {
    const seed = protocolVersionBytes(chain, new ByteWriter(20).u64(eraEndTimestampMillis)).toBytes();
    asSystemInAuction(chain, `distribute rewards, era ${era}`, (newRuntime) => {
      const a = new AuctionRuntimeV2(newRuntime(seed));
      native(() => distribute(a, options.rewards!));
    });
  }
  const seed = protocolVersionBytes(chain, new ByteWriter(28).u64(eraEndTimestampMillis)).u64(era + 1n).toBytes();
  // operations.rs commit_step (slash, run_auction): what the Step event reports; the rewards before it are not part of it
  return asSystemInAuction(chain, `step, era ${era}`, (newRuntime) => {
    const rt = newRuntime(seed);
    const a = new AuctionRuntimeV2(rt);
    if (options.slashed && options.slashed.length > 0) native(() => slash(a, options.slashed!, (amount) => reduceTotalSupply(rt, amount)));
    native(() => runAuction(a, rules, { eraEndTimestampMillis, evicted: options.evicted ?? [] }));
  });
}
