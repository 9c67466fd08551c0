// The auction of each protocol, in ONE table: casper-node 1.5.8's (Key::Bid records, reward factors;
// host/system/auction.ts and this folder) and 2.0's (BidKind records under Key::BidAddr, rewards in
// motes, reservations, per-validator delegation limits; v2/). Each model is the system contract the
// engine installs, the era step the node runs at a switch block, and a reader of its records.

import { type ByProtocol, type Protocol, rulesFor } from "../../runtime/protocol/by-protocol.ts";
import type { SystemContract } from "../../runtime/system-api.ts";
import type { GlobalState } from "../../state/global-state.ts";
import { auctionContract } from "../auction.ts";
import { type CommittedStep, type EraChain, type EraStepOptions, runEraStepV1 } from "./era.ts";
import { readStakingStateV1 } from "./queries.ts";
import type { StakingState } from "./staking-state.ts";
import { auctionContractV2 } from "./v2/contract.ts";
import { runEraStepV2 } from "./v2/era-step.ts";
import { readStakingStateV2 } from "./v2/queries.ts";

export interface AuctionModel {
  /** the native system contract genesis installs */
  readonly contract: SystemContract;
  /** end the current era at `eraEndTimestampMillis` (the switch block's time), as the node does; returns what its step committed */
  eraStep(chain: EraChain, eraEndTimestampMillis: bigint, options?: EraStepOptions): CommittedStep;
  /** the auction's records, read from global state */
  read(state: GlobalState): StakingState;
  /** what `advanceEras`' `rewards` mean: 1.5.8 reward factors (10^12 a full share), 2.0 motes */
  readonly rewardsAre: "factors" | "motes";
}

export const AUCTION_MODELS: ByProtocol<AuctionModel> = {
  // v1.5.8 execution_engine/src/system/auction.rs, core/engine_state/mod.rs commit_step
  "1.5.8": { contract: auctionContract, eraStep: runEraStepV1, read: readStakingStateV1, rewardsAre: "factors" },
  // 2.0 storage/src/system/auction.rs, contract_runtime/operations.rs (rewards, then step)
  "2.0.0": { contract: auctionContractV2, eraStep: runEraStepV2, read: readStakingStateV2, rewardsAre: "motes" },
};

export const auctionModel = (protocol: Protocol): AuctionModel => rulesFor(AUCTION_MODELS, protocol);
