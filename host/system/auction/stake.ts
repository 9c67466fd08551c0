// Stake arithmetic on bids and delegators, and the genesis vesting schedule (casper-types v1.5.8
// system/auction/bid.rs, delegator.rs, bid/vesting.rs). A genesis validator's stake is locked until
// genesis + locked_funds_period, then released weekly over vesting_schedule_period.

import { type Bid, LOCKED_AMOUNTS_MAX_LENGTH, type VestingSchedule } from "../../bytesrepr/auction/records.ts";
import { AuctionError, fail } from "./failure.ts";

const DAY_MILLIS = 24n * 60n * 60n * 1000n;
export const WEEK_MILLIS = 7n * DAY_MILLIS;
/** vesting.rs VESTING_SCHEDULE_LENGTH_MILLIS: the longest vesting_schedule_period allowed (91 days). */
export const VESTING_SCHEDULE_LENGTH_MILLIS = 91n * DAY_MILLIS;
export const U512_MAX = (1n << 512n) - 1n;

export const newVestingSchedule = (initialReleaseTimestampMillis: bigint): VestingSchedule => ({ initialReleaseTimestampMillis, lockedAmounts: undefined });

/** `initialize_with_schedule`: fix the weekly locked amounts once; true if it did. */
export function initializeWithSchedule(v: VestingSchedule, stakedAmount: bigint, periodMillis: bigint): boolean {
  if (v.lockedAmounts) return false;
  const weeks = Number(periodMillis / DAY_MILLIS / 7n);
  if (weeks >= LOCKED_AMOUNTS_MAX_LENGTH) {
    throw new Error(`vesting schedule period must be less than ${LOCKED_AMOUNTS_MAX_LENGTH} weeks`);
  }
  const locked = new Array<bigint>(LOCKED_AMOUNTS_MAX_LENGTH).fill(0n);
  if (weeks === 0 || periodMillis === 0n) {
    v.lockedAmounts = locked;
    return true;
  }
  const weekly = stakedAmount / BigInt(weeks + 1);
  let remaining = stakedAmount;
  for (let i = 0; i < weeks; i++) {
    remaining -= weekly;
    locked[i] = remaining;
  }
  v.lockedAmounts = locked;
  return true;
}

/** `locked_amount`: what is still locked at `timestamp`; undefined before initialization or before the release time. */
export function lockedAmount(v: VestingSchedule, timestampMillis: bigint): bigint | undefined {
  if (!v.lockedAmounts) return undefined;
  const since = timestampMillis - v.initialReleaseTimestampMillis;
  if (since < 0n) return undefined;
  const index = since / WEEK_MILLIS;
  return index < BigInt(v.lockedAmounts.length) ? v.lockedAmounts[Number(index)] : 0n;
}

/** `is_vesting`: still inside the lock-up or the weekly release. */
export function isVesting(v: VestingSchedule, timestampMillis: bigint, periodMillis: bigint): boolean {
  let vestedAt: bigint;
  if (v.lockedAmounts) {
    const weeks = v.lockedAmounts.findIndex((a) => a === 0n);
    vestedAt = v.initialReleaseTimestampMillis + BigInt(weeks) * WEEK_MILLIS;
  } else {
    vestedAt = v.initialReleaseTimestampMillis + periodMillis;
  }
  return timestampMillis < vestedAt;
}

/** What the stake arithmetic needs of a bid or a delegation (1.5.8's Bid/Delegator, 2.0's ValidatorBid/DelegatorBid). */
export interface Staked {
  stakedAmount: bigint;
  vestingSchedule: VestingSchedule | undefined;
}

export function bidIsLocked(bid: Pick<Staked, "vestingSchedule">, timestampMillis: bigint, periodMillis: bigint): boolean {
  return bid.vestingSchedule ? isVesting(bid.vestingSchedule, timestampMillis, periodMillis) : false;
}

/** Bid::decrease_stake: UnbondTooLarge past the stake, ValidatorFundsLocked below the vested floor. */
export function decreaseBidStake(bid: Staked, amount: bigint, eraEndTimestampMillis: bigint): bigint {
  const updated = bid.stakedAmount - amount;
  if (updated < 0n) return fail(AuctionError.UnbondTooLarge);
  if (bid.vestingSchedule) {
    const locked = lockedAmount(bid.vestingSchedule, eraEndTimestampMillis);
    if (locked === undefined || updated < locked) return fail(AuctionError.ValidatorFundsLocked);
  }
  bid.stakedAmount = updated;
  return updated;
}

/** Delegator::decrease_stake: InvalidAmount past the stake, DelegatorFundsLocked below the vested floor. */
export function decreaseDelegatorStake(d: Staked, amount: bigint, eraEndTimestampMillis: bigint): bigint {
  const updated = d.stakedAmount - amount;
  if (updated < 0n) return fail(AuctionError.InvalidAmount);
  if (d.vestingSchedule) {
    const locked = lockedAmount(d.vestingSchedule, eraEndTimestampMillis);
    if (locked === undefined || updated < locked) return fail(AuctionError.DelegatorFundsLocked);
  }
  d.stakedAmount = updated;
  return updated;
}

/** increase_stake (Bid and Delegator): InvalidAmount on U512 overflow. */
export function increaseStake(holder: { stakedAmount: bigint }, amount: bigint): bigint {
  const updated = holder.stakedAmount + amount;
  if (updated > U512_MAX) return fail(AuctionError.InvalidAmount);
  holder.stakedAmount = updated;
  return updated;
}

/** Bid::total_staked_amount: own stake plus every delegator's. */
export function totalStakedAmount(bid: Bid): bigint {
  let total = bid.stakedAmount;
  for (const d of bid.delegators.values()) total += d.stakedAmount;
  if (total > U512_MAX) return fail(AuctionError.InvalidAmount);
  return total;
}

/** Bid::process_with_vesting_schedule: initialize the schedules once the release time is reached. */
export function processVesting(bid: Bid, timestampMillis: bigint, periodMillis: bigint): boolean {
  const schedule = bid.vestingSchedule;
  if (!schedule || timestampMillis < schedule.initialReleaseTimestampMillis) return false;
  let initialized = initializeWithSchedule(schedule, bid.stakedAmount, periodMillis);
  for (const d of bid.delegators.values()) {
    const s = d.vestingSchedule;
    if (s && timestampMillis >= s.initialReleaseTimestampMillis && initializeWithSchedule(s, d.stakedAmount, periodMillis)) initialized = true;
  }
  return initialized;
}
