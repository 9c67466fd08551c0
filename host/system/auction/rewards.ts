// distribute (casper-node v1.5.8 system/auction.rs `distribute`, detail.rs reinvest_*): mint the
// era's rewards into bonding purses. A validator's reward is reward_factor / BLOCK_REWARD of the base
// round reward; its delegators share (1 - delegation rate) of the part their stake earns, each in
// proportion to its stake, rounded down; the validator keeps the rest. Rewards are reinvested as
// stake. Rational arithmetic is exact here, as num_rational's is on the node.

import { eraSummaryKey } from "../../bytesrepr/key.ts";
import { Phase } from "../../state/address-generator.ts";
import { type PublicKeyBytes, accountHashOf } from "../../bytesrepr/public-key.ts";
import { toHex } from "../../bytesrepr/hex.ts";
import type { URef } from "../../bytesrepr/key.ts";
import { AuctionError, fail } from "./failure.ts";
import type { AuctionRuntime } from "./provider.ts";
import { type SeigniorageAllocation, encodeEraInfo, recipientTotalStake, sortedByKey } from "../../bytesrepr/auction/records.ts";
import { readEraId, readSnapshot } from "./detail.ts";
import { increaseStake } from "./stake.ts";
import { mintIntoExistingPurse, readBaseRoundReward } from "./mint-calls.ts";
import { DELEGATION_RATE_DENOMINATOR } from "./logic.ts";

/** constants.rs BLOCK_REWARD: the unit reward factors are expressed in. */
export const BLOCK_REWARD = 1_000_000_000_000n;

export interface RewardFactor {
  readonly validator: PublicKeyBytes;
  readonly factor: bigint;
}

export function distribute(a: AuctionRuntime, rewardFactors: readonly RewardFactor[]): SeigniorageAllocation[] {
  a.requireSystemCaller();
  const era = readEraId(a);
  const recipients = readSnapshot(a).get(era) ?? fail(AuctionError.MissingSeigniorageRecipients);
  const base = readBaseRoundReward(a.rt);
  const allocations: SeigniorageAllocation[] = [];

  for (const { validator, factor } of sortedByKey(rewardFactors, (f) => f.validator)) {
    if (factor === 0n) {
      allocations.push({ kind: "Validator", validatorPublicKey: validator, amount: 0n });
      continue;
    }
    const recipient = recipients.get(toHex(validator))?.recipient ?? fail(AuctionError.ValidatorNotFound);
    const currentStake = recipientTotalStake(recipient);
    if (currentStake === 0n) continue;
    let delegatorTotal = 0n;
    for (const d of recipient.delegatorStake.values()) delegatorTotal += d.stake;
    // total_reward = factor / BLOCK_REWARD * base, kept as the fraction rewardNum / rewardDen
    const rewardNum = factor * base;
    const rewardDen = BLOCK_REWARD;
    const keep = BigInt(DELEGATION_RATE_DENOMINATOR - recipient.delegationRate);

    const validatorHash = accountHashOf(validator);
    const bid = a.readBid(validatorHash) ?? fail(AuctionError.ValidatorNotFound);
    const payouts: { amount: bigint; purse: URef }[] = [];
    for (const { publicKey, stake } of sortedByKey(recipient.delegatorStake.values(), (d) => d.publicKey)) {
      // total_reward * (delegatorTotal / currentStake) * (1 - rate) * (stake / delegatorTotal), rounded down
      const reward = delegatorTotal === 0n ? 0n : (rewardNum * delegatorTotal * keep * stake) / (rewardDen * currentStake * BigInt(DELEGATION_RATE_DENOMINATOR) * delegatorTotal);
      const d = bid.delegators.get(toHex(publicKey));
      if (!d) continue;
      increaseStake(d, reward);
      payouts.push({ amount: reward, purse: d.bondingPurse });
      allocations.push({ kind: "Delegator", delegatorPublicKey: publicKey, validatorPublicKey: validator, amount: reward });
    }
    a.writeBid(validatorHash, bid);

    const delegatorPayout = payouts.reduce((s, p) => s + p.amount, 0n);
    const validatorReward = (rewardNum - delegatorPayout * rewardDen) / rewardDen;
    const vbid = a.readBid(validatorHash) ?? fail(AuctionError.ValidatorNotFound);
    increaseStake(vbid, validatorReward);
    allocations.push({ kind: "Validator", validatorPublicKey: validator, amount: validatorReward });
    a.writeBid(validatorHash, vbid);

    mintIntoExistingPurse(a.rt, validatorReward, vbid.bondingPurse);
    for (const p of payouts) mintIntoExistingPurse(a.rt, p.amount, p.purse);
  }

  // record_era_info(EraId::MAX): the latest era's allocations under Key::EraSummary (session phase only)
  if (a.rt.exec.phase === Phase.Session) a.rt.exec.state.write(eraSummaryKey, { kind: "EraInfo", bytes: encodeEraInfo(allocations) });
  return allocations;
}
