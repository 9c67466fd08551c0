// The 2.0 auction's entry points (casper-node 2.0 storage/src/system/auction.rs `Auction`): bids with
// per-validator delegation limits and reserved slots, delegation by public key or purse, undelegation
// and redelegation, reservations, changing a bid's public key, the era's auction and slashing. Each
// check fails with the node's auction error in the node's order, so the first rule broken is the one
// reported.

import { type CLValue, clv } from "../../../bytesrepr/cl-value.ts";
import { bytesEqual } from "../../../bytesrepr/hex.ts";
import { AccessRights } from "../../../bytesrepr/key.ts";
import { type PublicKeyBytes, accountHashOf } from "../../../bytesrepr/public-key.ts";
import { ERA_VALIDATORS_CL_TYPE } from "../../../bytesrepr/auction/records.ts";
import {
  readAuctionDelay, readEraEndTimestampMillis, readEraId, readValidatorSlots, writeEraEndTimestampMillis, writeEraId,
} from "../detail.ts";
import { AuctionError, fail } from "../failure.ts";
import { decreaseBidStake, decreaseDelegatorStake, increaseStake } from "../stake.ts";
import { BidAddrTag, type DelegatorKind, creditAddr, delegatorAddr, prefixOf, unbondAddr, unbondKindOf, validatorAddr, validatorRevAddr } from "../../../bytesrepr/auction/bid-addr.ts";
import {
  checkDelegatorCaller, createUnbondingPurse, delegatorBidAddr, getValidatorBids, handleAddReservation, handleCancelReservation, handleDelegation,
  pickWinners, processUndelegation, processUnbondRequests, processUpdatedDelegatorReservationSlots, processUpdatedDelegatorStakeBoundaries,
  processWithVestingSchedule, readDelegatorBids, readSnapshotV2, readValidatorBid, seigniorageRecipients, transferToBidPurse, writeSnapshotV2,
} from "./detail.ts";
import type { AuctionRuntimeV2 } from "./provider.ts";
import { type Reservation, type ValidatorBid, encodeEraValidatorsV2 } from "../../../bytesrepr/auction/records-v2.ts";

/** DELEGATION_RATE_DENOMINATOR */
const DELEGATION_RATE_DENOMINATOR = 100;

/** The engine config values the 2.0 entry points take (runtime/mod.rs call_host_auction, step). */
export interface AuctionRulesV2 {
  readonly allowAuctionBids: boolean;
  readonly minimumBidAmount: bigint;
  /** u32; 0 means no delegator may join (2.0 has no "unlimited") */
  readonly maxDelegatorsPerValidator: number;
  readonly vestingSchedulePeriodMillis: bigint;
  /** run_auction: count validator credits (fee_handling = no_fee on a node; always on VM1's call) */
  readonly includeCredits: boolean;
  readonly creditCap: readonly [bigint, bigint];
}

export interface AddBidArgs {
  readonly publicKey: PublicKeyBytes;
  readonly delegationRate: number;
  readonly amount: bigint;
  readonly minimumDelegationAmount: bigint;
  readonly maximumDelegationAmount: bigint;
  readonly reservedSlots: number;
}

/**
 * add_bid: a new bid needs minimum_bid_amount; topping up an existing bid also sets its rate, its
 * delegation limits (delegators outside the new limits are unbonded) and its reserved slots.
 */
export function addBid(a: AuctionRuntimeV2, rules: AuctionRulesV2, args: AddBidArgs): bigint {
  if (!rules.allowAuctionBids) fail(AuctionError.AuctionBidsDisabled);
  if (args.amount === 0n) fail(AuctionError.BondTooSmall);
  if (args.delegationRate > DELEGATION_RATE_DENOMINATOR) fail(AuctionError.DelegationRateTooLarge);
  if (args.reservedSlots > rules.maxDelegatorsPerValidator) fail(AuctionError.ExceededReservationSlotsLimit);
  if (!a.isAllowedSessionCaller(accountHashOf(args.publicKey))) fail(AuctionError.InvalidContext);
  const key = validatorAddr(args.publicKey);
  const existing = a.readBidKind(key);
  let bid: ValidatorBid;
  if (existing?.kind === "Validator") {
    bid = existing.bid;
    const updated = increaseStake(bid, args.amount);
    if (updated < rules.minimumBidAmount) fail(AuctionError.BondTooSmall);
    bid.inactive = false;
    bid.delegationRate = args.delegationRate;
    processUpdatedDelegatorStakeBoundaries(a, bid, args.minimumDelegationAmount, args.maximumDelegationAmount);
    processUpdatedDelegatorReservationSlots(a, bid, rules.maxDelegatorsPerValidator, args.reservedSlots);
  } else {
    if (args.amount < rules.minimumBidAmount) fail(AuctionError.BondTooSmall);
    bid = {
      validatorPublicKey: args.publicKey, bondingPurse: a.createPurse(), stakedAmount: args.amount, delegationRate: args.delegationRate,
      vestingSchedule: undefined, inactive: false, minimumDelegationAmount: args.minimumDelegationAmount,
      maximumDelegationAmount: args.maximumDelegationAmount, reservedSlots: args.reservedSlots,
    };
  }
  transferToBidPurse(a, a.mainPurse(), bid.bondingPurse, args.amount);
  a.writeBidKind(key, { kind: "Validator", bid });
  return bid.stakedAmount;
}

/**
 * withdraw_bid: unbonds min(amount, stake); below minimum_bid_amount the whole bid is unbonded with
 * all its delegators, and the bid and delegations pruned. Returns the stake left after the decrease.
 */
export function withdrawBid(a: AuctionRuntimeV2, publicKey: PublicKeyBytes, amount: bigint, minimumBidAmount: bigint): bigint {
  if (!a.isAllowedSessionCaller(accountHashOf(publicKey))) fail(AuctionError.InvalidContext);
  const key = validatorAddr(publicKey);
  const bid = readValidatorBid(a, key);
  const staked = bid.stakedAmount;
  const unbonding = amount < staked ? amount : staked;
  const eraEnd = readEraEndTimestampMillis(a);
  const updated = decreaseBidStake(bid, unbonding, eraEnd);
  const self = { kind: "Validator", publicKey } as const;
  if (updated < minimumBidAmount) {
    createUnbondingPurse(a, publicKey, self, bid.bondingPurse, staked, undefined);
    for (const d of readDelegatorBids(a, publicKey)) {
      createUnbondingPurse(a, publicKey, unbondKindOf(d.delegatorKind), d.bondingPurse, d.stakedAmount, undefined);
      decreaseDelegatorStake(d, d.stakedAmount, eraEnd);
      a.pruneBid(delegatorBidAddr(d));
    }
    a.pruneBid(key);
  } else {
    createUnbondingPurse(a, publicKey, self, bid.bondingPurse, unbonding, undefined);
    a.writeBidKind(key, { kind: "Validator", bid });
  }
  return updated;
}

/** delegate: by an account (its own session code, from its main purse) or from a purse the caller holds. */
export function delegate(a: AuctionRuntimeV2, rules: AuctionRulesV2, delegator: DelegatorKind, validator: PublicKeyBytes, amount: bigint): bigint {
  if (!rules.allowAuctionBids) fail(AuctionError.AuctionBidsDisabled);
  checkDelegatorCaller(a, delegator);
  const source = delegator.kind === "PublicKey" ? a.mainPurse() : { addr: delegator.addr, rights: AccessRights.WRITE };
  return handleDelegation(a, delegator, validator, source, amount, rules.maxDelegatorsPerValidator);
}

export const undelegate = (a: AuctionRuntimeV2, delegator: DelegatorKind, validator: PublicKeyBytes, amount: bigint): bigint =>
  processUndelegation(a, delegator, validator, amount, undefined);

export const redelegate = (a: AuctionRuntimeV2, delegator: DelegatorKind, validator: PublicKeyBytes, amount: bigint, newValidator: PublicKeyBytes): bigint =>
  processUndelegation(a, delegator, validator, amount, newValidator);

/** add_reservations: each by the validator's own session code, within its reserved slots. */
export function addReservations(a: AuctionRuntimeV2, rules: AuctionRulesV2, reservations: readonly Reservation[]): void {
  if (!rules.allowAuctionBids) fail(AuctionError.AuctionBidsDisabled);
  for (const r of reservations) {
    if (!a.isAllowedSessionCaller(accountHashOf(r.validatorPublicKey))) fail(AuctionError.InvalidContext);
    handleAddReservation(a, r);
  }
}

/** cancel_reservations: by the validator's own session code; each reservation must exist. */
export function cancelReservations(a: AuctionRuntimeV2, rules: AuctionRulesV2, validator: PublicKeyBytes, delegators: readonly DelegatorKind[]): void {
  if (!a.isAllowedSessionCaller(accountHashOf(validator))) fail(AuctionError.InvalidContext);
  for (const d of delegators) handleCancelReservation(a, validator, d, rules.maxDelegatorsPerValidator);
}

/** activate_bid: the validator's own session code; its stake must meet minimum_bid_amount. */
export function activateBid(a: AuctionRuntimeV2, validator: PublicKeyBytes, minimumBidAmount: bigint): void {
  if (!a.isAllowedSessionCaller(accountHashOf(validator))) fail(AuctionError.InvalidContext);
  const key = validatorAddr(validator);
  const b = a.readBidKind(key);
  if (b?.kind !== "Validator") fail(AuctionError.ValidatorNotFound);
  const bid = (b as { bid: ValidatorBid }).bid;
  if (bid.stakedAmount < minimumBidAmount) fail(AuctionError.BondTooSmall);
  bid.inactive = false;
  a.writeBidKind(key, { kind: "Validator", bid });
}

/**
 * change_bid_public_key: the bid and its delegations move to the new key; Bridge records under the
 * old key (forward) and ValidatorRev of the new key (backward) keep the history. Reservations and
 * unbonds stay where they are, as the node leaves them.
 */
export function changeBidPublicKey(a: AuctionRuntimeV2, publicKey: PublicKeyBytes, newPublicKey: PublicKeyBytes): void {
  if (!a.isAllowedSessionCaller(accountHashOf(publicKey))) fail(AuctionError.InvalidContext);
  const oldKey = validatorAddr(publicKey);
  const bid = readValidatorBid(a, oldKey);
  const newKey = validatorAddr(newPublicKey);
  if (a.readBidKind(newKey) !== undefined) fail(AuctionError.ValidatorBidExistsAlready);
  bid.validatorPublicKey = newPublicKey;
  a.writeBidKind(newKey, { kind: "Validator", bid });
  const bridge = { oldValidatorPublicKey: publicKey, newValidatorPublicKey: newPublicKey, eraId: readEraId(a) };
  a.writeBidKind(oldKey, { kind: "Bridge", bridge });
  a.writeBidKind(validatorRevAddr(newPublicKey), { kind: "Bridge", bridge });
  const newHash = accountHashOf(newPublicKey);
  for (const d of readDelegatorBids(a, publicKey)) {
    const old = delegatorBidAddr(d);
    d.validatorPublicKey = newPublicKey;
    a.writeBidKind(delegatorAddr(newHash, d.delegatorKind), { kind: "Delegator", bid: d });
    a.pruneBid(old);
  }
}

/**
 * slash (system only): burn each validator's stake, its delegators' stakes and every unbond of theirs
 * (the validator's own and its delegators') from the total supply; the bids are pruned.
 */
export function slash(a: AuctionRuntimeV2, validators: readonly PublicKeyBytes[], reduceTotalSupply: (amount: bigint) => void): void {
  a.requireSystemCaller();
  let burned = 0n;
  const sum = (eras: readonly { amount: bigint }[]) => eras.reduce((s, e) => s + e.amount, 0n);
  for (const validator of validators) {
    const h = accountHashOf(validator);
    const key = validatorAddr(validator);
    const b = a.readBidKind(key);
    if (b?.kind === "Validator") {
      burned += b.bid.stakedAmount;
      a.pruneBid(key);
      const delegatorKeys = [...a.keysByPrefix(prefixOf(BidAddrTag.DelegatedAccount, h)), ...a.keysByPrefix(prefixOf(BidAddrTag.DelegatedPurse, h))];
      for (const dk of delegatorKeys) {
        const d = a.readBidKind(dk);
        if (d?.kind !== "Delegator") continue;
        burned += d.bid.stakedAmount;
        a.pruneBid(delegatorBidAddr(d.bid));
        const ub = unbondAddr(h, unbondKindOf(d.bid.delegatorKind));
        const unbond = a.readUnbond(ub);
        if (!unbond) continue;
        burned += sum(unbond.eras);
        a.writeUnbond(ub, undefined);
      }
    }
    const own = unbondAddr(h, { kind: "Validator", publicKey: validator });
    const unbond = a.readUnbond(own);
    if (!unbond) continue;
    burned += sum(unbond.eras);
    a.writeUnbond(own, undefined);
  }
  reduceTotalSupply(burned);
}

export interface RunAuctionArgs {
  readonly eraEndTimestampMillis: bigint;
  readonly evicted: readonly PublicKeyBytes[];
}

/**
 * run_auction (system only, once per era): pay out due unbonds, process vesting and evictions, pick
 * the winners, prune the ending era's credits, record the recipients of era current + 1 +
 * auction_delay (keeping auction_delay + 2 eras: one past, the current and the future ones), and
 * advance the era.
 */
export function runAuction(a: AuctionRuntimeV2, rules: AuctionRulesV2, args: RunAuctionArgs): void {
  a.requireSystemCaller();
  const period = rules.vestingSchedulePeriodMillis;
  const slots = readValidatorSlots(a);
  const delay = readAuctionDelay(a);
  const snapshotSize = Number(delay) + 2;
  let era = readEraId(a);

  processUnbondRequests(a, rules.maxDelegatorsPerValidator);

  const detail = getValidatorBids(a, era);
  let modified = false;
  for (const [, bid] of detail.validatorBids) {
    if (processWithVestingSchedule(a, bid, args.eraEndTimestampMillis, period)) modified = true;
    if (args.evicted.some((pk) => bytesEqual(pk, bid.validatorPublicKey))) {
      bid.inactive = true;
      modified = true;
    }
  }

  const winners = pickWinners(detail, era, {
    validatorSlots: slots, minimumBidAmount: rules.minimumBidAmount, includeCredits: rules.includeCredits, creditCap: rules.creditCap,
    eraEndTimestampMillis: args.eraEndTimestampMillis, vestingSchedulePeriodMillis: period,
  });

  // prune_validator_credits, before the era moves on
  for (const [, byEra] of detail.credits) {
    const credit = byEra.get(era);
    if (credit) a.pruneBid(creditAddr(credit.validatorPublicKey, era));
  }

  era += 1n;
  const delayedEra = era + delay;
  const snapshot = readSnapshotV2(a);
  if (snapshot.has(delayedEra)) throw new Error(`run_auction: era ${delayedEra} already has seigniorage recipients`);
  snapshot.set(delayedEra, seigniorageRecipients(winners, detail));
  const keep = [...snapshot.keys()].sort((x, y) => (x < y ? 1 : x > y ? -1 : 0)).slice(0, snapshotSize);
  writeSnapshotV2(a, new Map(keep.map((e) => [e, snapshot.get(e)!])));

  writeEraId(a, era);
  writeEraEndTimestampMillis(a, args.eraEndTimestampMillis);
  if (modified) for (const bid of detail.validatorBids.values()) a.writeBidKind(validatorAddr(bid.validatorPublicKey), { kind: "Validator", bid });
}

export const readEraIdValue = (a: AuctionRuntimeV2): CLValue => clv.u64(readEraId(a));

/** get_era_validators: each snapshot era's validators and their total stake. */
export function getEraValidators(a: AuctionRuntimeV2): CLValue {
  return { clType: ERA_VALIDATORS_CL_TYPE, bytes: encodeEraValidatorsV2(readSnapshotV2(a)) };
}
