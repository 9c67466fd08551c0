// distribute (casper-node 2.0 storage/src/system/auction.rs `distribute`, detail.rs
// rewards_per_validator / get_distribution_target): the node hands the auction each validator's
// rewards in motes, one amount per era back (index 0: the current era). A validator's delegators get
// their share of it by stake, less the validator's commission (or their reservation's rate); the
// validator keeps the rest. Rewards are minted into the bonding purses and added to the stakes, or
// to the latest unbond when the bid is gone; bridges (changed public keys) are followed. Rational
// arithmetic is exact here, as num_rational's is on the node.

import { toHex } from "../../../bytesrepr/hex.ts";
import { type Key, KeyTag, type URef } from "../../../bytesrepr/key.ts";
import { type PublicKeyBytes, SYSTEM_PUBLIC_KEY, accountHashOf } from "../../../bytesrepr/public-key.ts";
import { AUCTION_OFFSET } from "../../../runtime/api-error.ts";
import { readEraId } from "../detail.ts";
import { AuctionError, AuctionFailure, fail } from "../failure.ts";
import { mintIntoExistingPurse } from "../mint-calls.ts";
import { sortedByKey } from "../../../bytesrepr/auction/records.ts";
import { U512_MAX, increaseStake } from "../stake.ts";
import { BidAddrTag, type DelegatorKind, delegatorAddr, unbondAddr, unbondKindOf, validatorAddr } from "../../../bytesrepr/auction/bid-addr.ts";
import { readSnapshotV2 } from "./detail.ts";
import { undelegate } from "./logic.ts";
import type { AuctionRuntimeV2 } from "./provider.ts";
import {
  type DelegatorBid, type SeigniorageAllocationV2, type SnapshotV2, type Unbond, type ValidatorBid, encodeEraInfoV2, recipientTotal,
} from "../../../bytesrepr/auction/records-v2.ts";

/** One validator's rewards, as the node passes them: motes per era back, the current era first. */
export interface ValidatorRewards {
  readonly validator: PublicKeyBytes;
  readonly amounts: readonly bigint[];
}

export interface RewardsPerValidator {
  readonly validatorReward: bigint;
  /** delegator id -> (kind, reward), in DelegatorKind order */
  readonly delegatorRewards: Map<string, { readonly kind: DelegatorKind; readonly reward: bigint }>;
}

/** detail.rs `rewards_per_validator`: split each era's reward between the validator and its delegators. */
export function rewardsPerValidator(validator: PublicKeyBytes, era: bigint, rewards: readonly bigint[], snapshot: SnapshotV2): RewardsPerValidator[] {
  const out: RewardsPerValidator[] = [];
  rewards.forEach((amount, erasBack) => {
    // zero amounts are skipped, except the current era's (EraInfo records zero allocations too)
    if (amount === 0n && erasBack !== 0) return;
    const rewardedEra = era - BigInt(erasBack);
    if (rewardedEra < 0n) fail(AuctionError.MissingSeigniorageRecipients);
    const recipients = snapshot.get(rewardedEra) ?? fail(AuctionError.MissingSeigniorageRecipients);
    const recipient = recipients.get(toHex(validator))?.recipient;
    if (!recipient) {
      if (amount === 0n) return;
      fail(AuctionError.ValidatorNotFound);
    }
    const total = recipientTotal(recipient!);
    if (total > U512_MAX) fail(AuctionError.ArithmeticOverflow);
    if (total === 0n) {
      // fully unbonded: the whole reward is the validator's
      out.push({ validatorReward: amount, delegatorRewards: new Map() });
      return;
    }
    const delegatorRewards = new Map<string, { kind: DelegatorKind; reward: bigint }>();
    const sortedDelegators = [...recipient!.delegatorStake].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    for (const [id, { kind, stake }] of sortedDelegators) {
      const rate = BigInt(recipient!.reservationDelegationRates.get(id)?.rate ?? recipient!.delegationRate);
      // amount * (delegators / total) * (stake / delegators) * (1 - rate / 100), rounded down
      delegatorRewards.set(id, { kind, reward: (amount * stake * (100n - rate)) / (total * 100n) });
    }
    let paid = 0n;
    for (const d of delegatorRewards.values()) paid += d.reward;
    out.push({ validatorReward: amount - paid, delegatorRewards });
  });
  return out;
}

/** get_distribution_target's answer. */
type Target =
  | { readonly kind: "Validator"; readonly bid: ValidatorBid; readonly key: Key; readonly bridged: Key[] }
  | { readonly kind: "Delegator"; readonly bid: DelegatorBid }
  | { readonly kind: "Unbond"; readonly unbond: Unbond };

const MAX_BRIDGE_CHAIN_LENGTH = 20;
const errorIs = (e: unknown, n: number) => e instanceof AuctionFailure && e.apiCode === AUCTION_OFFSET + n;

/** detail.rs `get_distribution_target`: the bid now holding a reward (through bridges), or the unbond left. */
function distributionTarget(a: AuctionRuntimeV2, requested: Key): Target {
  const bridged: Key[] = [];
  let current = requested;
  for (let i = 0; i < MAX_BRIDGE_CHAIN_LENGTH; i++) {
    const b = a.readBidKind(current);
    if (b?.kind === "Validator") return { kind: "Validator", bid: b.bid, key: current, bridged };
    if (b?.kind === "Delegator") return { kind: "Delegator", bid: b.bid };
    if (b?.kind === "Unbond") return { kind: "Unbond", unbond: b.unbond };
    if (b?.kind === "Bridge") {
      current = validatorAddr(b.bridge.newValidatorPublicKey);
      bridged.push(current);
      continue;
    }
    if (b === undefined) {
      // no bid: look for the unbond the requested record left behind
      const tag = requested.data[0];
      const validatorHash = requested.data.subarray(1, 33);
      const other = requested.data.subarray(33, 65);
      if (tag === BidAddrTag.Validator) {
        const u = a.readBidKind(unbondKeyOf(BidAddrTag.UnbondAccount, validatorHash, validatorHash));
        return u?.kind === "Unbond" ? { kind: "Unbond", unbond: u.unbond } : fail(AuctionError.ValidatorNotFound);
      }
      if (tag === BidAddrTag.DelegatedAccount || tag === BidAddrTag.DelegatedPurse) {
        const unbondTag = tag === BidAddrTag.DelegatedAccount ? BidAddrTag.UnbondAccount : BidAddrTag.UnbondPurse;
        const u = a.readBidKind(unbondKeyOf(unbondTag, validatorHash, other));
        return u?.kind === "Unbond" ? { kind: "Unbond", unbond: u.unbond } : fail(AuctionError.DelegatorNotFound);
      }
    }
    break;
  }
  return fail(AuctionError.BridgeRecordChainTooLong);
}

function unbondKeyOf(tag: number, validatorHash: Uint8Array, other: Uint8Array): Key {
  const data = new Uint8Array(65);
  data[0] = tag;
  data.set(validatorHash, 1);
  data.set(other, 33);
  return { tag: KeyTag.BidAddr, data };
}

/** The unbond era a reward is added to: the latest created (Unbond::target_unbond_era, the last of equal eras). */
function targetEraIndex(u: Unbond): number {
  let best = -1;
  u.eras.forEach((e, i) => {
    if (best < 0 || e.eraOfCreation >= u.eras[best].eraOfCreation) best = i;
  });
  return best;
}

/** distribute (system only): mint each validator's rewards into its and its delegators' bonding purses. */
export function distribute(a: AuctionRuntimeV2, rewards: readonly ValidatorRewards[]): SeigniorageAllocationV2[] {
  a.requireSystemCaller();
  const snapshot = readSnapshotV2(a);
  const era = readEraId(a);
  const allocations: SeigniorageAllocationV2[] = [];
  const items: { validator: PublicKeyBytes; info: RewardsPerValidator }[] = [];
  for (const { validator, amounts } of sortedByKey(rewards, (r) => r.validator)) {
    if (toHex(validator) === toHex(SYSTEM_PUBLIC_KEY)) continue;
    for (const info of rewardsPerValidator(validator, era, amounts, snapshot)) items.push({ validator, info });
  }

  for (const { validator, info } of items) {
    const validatorHash = accountHashOf(validator);
    const reward = info.validatorReward;
    let bridged: Key[] | undefined;
    let purse: URef;
    let minDel: bigint;
    let maxDel: bigint;
    let target: Target;
    try {
      target = distributionTarget(a, validatorAddr(validator));
    } catch (e) {
      if (errorIs(e, AuctionError.BridgeRecordChainTooLong)) continue;
      throw e;
    }
    if (target.kind === "Validator") {
      if (target.bridged.length > 0) bridged = target.bridged;
      purse = target.bid.bondingPurse;
      increaseStake(target.bid, reward);
      a.writeBidKind(target.key, { kind: "Validator", bid: target.bid });
      minDel = target.bid.minimumDelegationAmount;
      maxDel = target.bid.maximumDelegationAmount;
    } else if (target.kind === "Unbond") {
      const i = targetEraIndex(target.unbond);
      if (i < 0) continue; // neither bid nor unbond era: nothing to pay into
      purse = target.unbond.eras[i].bondingPurse;
      // the node raises the amount of a copy of the era and writes the unbond back unchanged
      a.writeUnbond(unbondAddr(validatorHash, { kind: "Validator", publicKey: validator }), target.unbond);
      minDel = U512_MAX;
      maxDel = U512_MAX;
    } else {
      return fail(AuctionError.UnexpectedBidVariant);
    }
    mintIntoExistingPurse(a.rt, reward, purse);
    allocations.push({ kind: "Validator", validatorPublicKey: validator, amount: reward });

    const undelegates: { kind: DelegatorKind; amount: bigint }[] = [];
    const prunes: Key[] = [];
    for (const { kind, reward: delegatorReward } of info.delegatorRewards.values()) {
      const addrs = [...(bridged ?? []).map((k) => delegatorAddr(k.data.subarray(1, 33), kind)), delegatorAddr(validatorHash, kind)];
      let delegatorPurse: URef | undefined;
      for (const addr of addrs) {
        if (delegatorReward === 0n) {
          delegatorPurse = undefined;
          break;
        }
        let t: Target;
        try {
          t = distributionTarget(a, addr);
        } catch (e) {
          if (errorIs(e, AuctionError.DelegatorNotFound)) continue;
          throw e;
        }
        if (t.kind === "Delegator") {
          const increased = increaseStake(t.bid, delegatorReward);
          if (increased < minDel) {
            undelegates.push({ kind, amount: increased });
            prunes.push(addr);
          } else if (increased > maxDel) {
            const over = increased - maxDel;
            if (over !== 0n) undelegates.push({ kind, amount: over });
          }
          a.writeBidKind(addr, { kind: "Delegator", bid: t.bid });
          delegatorPurse = t.bid.bondingPurse;
          break;
        }
        if (t.kind === "Unbond") {
          const i = targetEraIndex(t.unbond);
          if (i < 0) continue;
          const eraEntry = t.unbond.eras[i];
          delegatorPurse = eraEntry.bondingPurse;
          eraEntry.amount += delegatorReward;
          a.writeUnbond(unbondAddr(addr.data.subarray(1, 33), unbondKindOf(kind)), t.unbond);
          break;
        }
        return fail(AuctionError.UnexpectedBidVariant);
      }
      // zero allocations are recorded too
      allocations.push({ kind: "DelegatorKind", delegatorKind: kind, validatorPublicKey: validator, amount: delegatorReward });
      if (delegatorPurse) mintIntoExistingPurse(a.rt, delegatorReward, delegatorPurse);
    }
    for (const u of undelegates) undelegate(a, u.kind, validator, u.amount);
    for (const k of prunes) a.pruneBid(k);
  }

  a.recordEraInfo(encodeEraInfoV2(allocations));
  return allocations;
}
