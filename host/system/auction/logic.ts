// The auction's entry points (casper-node v1.5.8 execution_engine/src/system/auction.rs `Auction`):
// bids, delegation, undelegation and redelegation into unbonding purses, the era's auction
// (run_auction), slashing, and the queries. Each check fails with the node's auction error, in the
// node's order, so the first rule broken is the one reported.

import { clv } from "../../bytesrepr/cl-value.ts";
import { bytesEqual, compareBytes, toHex } from "../../bytesrepr/hex.ts";
import { type PublicKeyBytes, accountHashOf } from "../../bytesrepr/public-key.ts";
import type { CLValue } from "../../bytesrepr/cl-value.ts";
import { AuctionError, fail } from "./failure.ts";
import { type AuctionRuntime } from "./provider.ts";
import { type Bid, ERA_VALIDATORS_CL_TYPE, type SeigniorageRecipients, encodeEraValidators, recipientOf } from "../../bytesrepr/auction/records.ts";
import {
  createUnbondingPurse, getBids, handleDelegation, processUnbondRequests, readAuctionDelay, readBidForValidator, readEraEndTimestampMillis,
  readEraId, readSnapshot, readValidatorSlots, setBids, transferToBid, writeEraEndTimestampMillis, writeEraId, writeSnapshot,
} from "./detail.ts";
import { bidIsLocked, decreaseBidStake, decreaseDelegatorStake, increaseStake, processVesting, totalStakedAmount } from "./stake.ts";

/** DELEGATION_RATE_DENOMINATOR: rates are percent. */
export const DELEGATION_RATE_DENOMINATOR = 100;

/** The chainspec values the entry points take (EngineConfig in the node). */
export interface AuctionRules {
  readonly allowAuctionBids: boolean;
  readonly minimumBidAmount: bigint;
  readonly minimumDelegationAmount: bigint;
  /** 0: no cap (main_reactor.rs maps 0 to None) */
  readonly maxDelegatorsPerValidator: number;
  readonly vestingSchedulePeriodMillis: bigint;
}

export function addBid(a: AuctionRuntime, rules: AuctionRules, publicKey: PublicKeyBytes, delegationRate: number, amount: bigint): bigint {
  if (!rules.allowAuctionBids) fail(AuctionError.AuctionBidsDisabled);
  const accountHash = accountHashOf(publicKey);
  if (amount < rules.minimumBidAmount) fail(AuctionError.BondTooSmall);
  if (delegationRate > DELEGATION_RATE_DENOMINATOR) fail(AuctionError.DelegationRateTooLarge);
  if (!a.isAllowedSessionCaller(accountHash)) fail(AuctionError.InvalidContext);
  const source = a.mainPurse();
  const bid = a.readBid(accountHash);
  if (bid) {
    if (bid.inactive) bid.inactive = false;
    transferToBid(a, source, bid.bondingPurse, amount);
    bid.delegationRate = delegationRate;
    const updated = increaseStake(bid, amount);
    a.writeBid(accountHash, bid);
    return updated;
  }
  const bondingPurse = a.createPurse();
  transferToBid(a, source, bondingPurse, amount);
  a.writeBid(accountHash, {
    validatorPublicKey: publicKey, bondingPurse, stakedAmount: amount, delegationRate,
    vestingSchedule: undefined, delegators: new Map(), inactive: false,
  });
  return amount;
}

/**
 * withdraw_bid: queue `amount` of the validator's stake for unbonding; at zero stake every delegator
 * is unbonded too and the bid deactivated.
 */
export function withdrawBid(a: AuctionRuntime, publicKey: PublicKeyBytes, amount: bigint): bigint {
  const accountHash = accountHashOf(publicKey);
  if (!a.isAllowedSessionCaller(accountHash)) fail(AuctionError.InvalidContext);
  const bid = a.readBid(accountHash) ?? fail(AuctionError.ValidatorNotFound);
  const eraEnd = readEraEndTimestampMillis(a);
  const updated = decreaseBidStake(bid, amount, eraEnd);
  createUnbondingPurse(a, publicKey, publicKey, bid.bondingPurse, amount, undefined);
  if (updated === 0n) {
    for (const d of sortedDelegators(bid)) createUnbondingPurse(a, publicKey, d.delegatorPublicKey, d.bondingPurse, d.stakedAmount, undefined);
    bid.delegators = new Map();
    bid.inactive = true;
  }
  a.writeBid(accountHash, bid);
  return updated;
}

export function delegate(a: AuctionRuntime, rules: AuctionRules, delegator: PublicKeyBytes, validator: PublicKeyBytes, amount: bigint): bigint {
  if (!rules.allowAuctionBids) fail(AuctionError.AuctionBidsDisabled);
  if (amount === 0n) fail(AuctionError.BondTooSmall);
  if (!a.isAllowedSessionCaller(accountHashOf(delegator))) fail(AuctionError.InvalidContext);
  const source = a.mainPurse();
  const bid = readBidForValidator(a, validator);
  const known = bid.delegators.has(toHex(delegator));
  if (rules.maxDelegatorsPerValidator !== 0 && bid.delegators.size >= rules.maxDelegatorsPerValidator && !known) {
    fail(AuctionError.ExceededDelegatorSizeLimit);
  }
  if (amount < rules.minimumDelegationAmount) fail(AuctionError.DelegationAmountTooSmall);
  return handleDelegation(a, bid, delegator, validator, source, amount);
}

/** undelegate and redelegate: take `amount` off the delegation into an unbonding purse. */
function unbondDelegation(a: AuctionRuntime, delegator: PublicKeyBytes, validator: PublicKeyBytes, amount: bigint, newValidator: PublicKeyBytes | undefined): bigint {
  const validatorHash = accountHashOf(validator);
  const bid = a.readBid(validatorHash) ?? fail(AuctionError.ValidatorNotFound);
  const id = toHex(delegator);
  const d = bid.delegators.get(id) ?? fail(AuctionError.DelegatorNotFound);
  createUnbondingPurse(a, validator, delegator, d.bondingPurse, amount, newValidator);
  const eraEnd = readEraEndTimestampMillis(a);
  const updated = decreaseDelegatorStake(d, amount, eraEnd);
  if (updated === 0n) bid.delegators.delete(id);
  a.writeBid(validatorHash, bid);
  return updated;
}

export function undelegate(a: AuctionRuntime, delegator: PublicKeyBytes, validator: PublicKeyBytes, amount: bigint): bigint {
  if (!a.isAllowedSessionCaller(accountHashOf(delegator))) fail(AuctionError.InvalidContext);
  return unbondDelegation(a, delegator, validator, amount, undefined);
}

export function redelegate(a: AuctionRuntime, rules: AuctionRules, delegator: PublicKeyBytes, validator: PublicKeyBytes, amount: bigint, newValidator: PublicKeyBytes): bigint {
  if (!a.isAllowedSessionCaller(accountHashOf(delegator))) fail(AuctionError.InvalidContext);
  if (amount < rules.minimumDelegationAmount) fail(AuctionError.DelegationAmountTooSmall);
  return unbondDelegation(a, delegator, validator, amount, newValidator);
}

/** activate_bid: a validator marks its own (evicted) bid active again. */
export function activateBid(a: AuctionRuntime, validator: PublicKeyBytes): void {
  const accountHash = accountHashOf(validator);
  if (!a.isAllowedSessionCaller(accountHash)) fail(AuctionError.InvalidContext);
  const bid = a.readBid(accountHash) ?? fail(AuctionError.ValidatorNotFound);
  bid.inactive = false;
  a.writeBid(accountHash, bid);
}

export const readEraIdValue = (a: AuctionRuntime): CLValue => clv.u64(readEraId(a));

/** get_era_validators: each snapshot era's validators and their total stake. */
export function getEraValidators(a: AuctionRuntime): CLValue {
  return { clType: ERA_VALIDATORS_CL_TYPE, bytes: encodeEraValidators(readSnapshot(a)) };
}

/**
 * run_auction (system only, once per era): pay out due unbonds, process vesting and evictions, pick
 * the next validator set (locked genesis validators first, then the largest total stakes up to the
 * validator slots), record it for era + 1 + auction_delay, and advance the era.
 */
export function runAuction(a: AuctionRuntime, rules: AuctionRules, eraEndTimestampMillis: bigint, evicted: readonly PublicKeyBytes[]): void {
  a.requireSystemCaller();
  const period = rules.vestingSchedulePeriodMillis;
  const slots = readValidatorSlots(a);
  const delay = readAuctionDelay(a);
  const snapshotSize = Number(delay) + 1;
  let era = readEraId(a);

  processUnbondRequests(a, rules.maxDelegatorsPerValidator);

  const bids = sortedBids(getBids(a));
  let modified = false;
  for (const bid of bids) {
    if (processVesting(bid, eraEndTimestampMillis, period)) modified = true;
    if (evicted.some((pk) => bytesEqual(pk, bid.validatorPublicKey))) {
      bid.inactive = true;
      modified = true;
    }
  }

  const locked = bids.filter((b) => bidIsLocked(b, eraEndTimestampMillis, period) && !b.inactive);
  const unlocked = bids
    .filter((b) => !bidIsLocked(b, eraEndTimestampMillis, period) && !b.inactive)
    .map((b) => ({ b, total: totalStakedAmount(b) }));
  for (const b of locked) totalStakedAmount(b);
  // a stable sort, largest first: equal stakes keep public-key order, as Vec::sort_by does
  unlocked.sort((x, y) => (x.total < y.total ? 1 : x.total > y.total ? -1 : 0));
  const remaining = Math.max(0, slots - locked.length);
  const winners = [...locked, ...unlocked.slice(0, remaining).map((x) => x.b)];

  era += 1n;
  const delayedEra = era + delay;
  const snapshot = readSnapshot(a);
  const recipients: SeigniorageRecipients = new Map();
  for (const b of winners) recipients.set(toHex(b.validatorPublicKey), { publicKey: b.validatorPublicKey, recipient: recipientOf(b) });
  if (snapshot.has(delayedEra)) throw new Error(`run_auction: era ${delayedEra} already has seigniorage recipients`);
  snapshot.set(delayedEra, recipients);
  const keep = [...snapshot.keys()].sort((x, y) => (x < y ? 1 : x > y ? -1 : 0)).slice(0, snapshotSize);
  writeSnapshot(a, new Map(keep.map((e) => [e, snapshot.get(e)!])));

  writeEraId(a, era);
  writeEraEndTimestampMillis(a, eraEndTimestampMillis);
  if (modified) setBids(a, new Map(bids.map((b) => [toHex(b.validatorPublicKey), b])));
}

/**
 * slash (system only): burn each validator's stake, its delegators' and its unbonding purses' amounts
 * from the total supply, and deactivate the bid.
 */
export function slash(a: AuctionRuntime, validators: readonly PublicKeyBytes[], reduceTotalSupply: (amount: bigint) => void): void {
  a.requireSystemCaller();
  let burned = 0n;
  for (const validator of validators) {
    const accountHash = accountHashOf(validator);
    const bid = a.readBid(accountHash);
    if (bid) {
      burned += bid.stakedAmount;
      bid.stakedAmount = 0n;
      bid.inactive = true;
      for (const d of bid.delegators.values()) d.stakedAmount = 0n;
      a.writeBid(accountHash, bid);
    }
    const unbonds = a.readUnbonds(accountHash);
    if (unbonds.length > 0) {
      for (const u of unbonds) burned += u.amount;
      a.writeUnbonds(accountHash, []);
    }
  }
  reduceTotalSupply(burned);
}

function sortedBids(bids: Map<string, Bid>): Bid[] {
  return [...bids.values()].sort((x, y) => compareBytes(x.validatorPublicKey, y.validatorPublicKey));
}

function sortedDelegators(bid: Bid) {
  return [...bid.delegators.values()].sort((x, y) => compareBytes(x.delegatorPublicKey, y.delegatorPublicKey));
}
