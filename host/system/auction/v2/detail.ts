// The 2.0 auction's internals (casper-node 2.0 storage/src/system/auction/detail.rs): the snapshot,
// delegation into a bonding purse with the validator's own limits and reserved slots, unbonding
// requests kept per (validator, unbonder) with one entry per era, their payout or redelegation at
// the end of the unbonding delay, reservations, and undelegation that unbonds everything once the
// remainder would fall below the validator's minimum.

import { toHex } from "../../../bytesrepr/hex.ts";
import { AccessRights, type Key, KeyTag, type URef } from "../../../bytesrepr/key.ts";
import { type PublicKeyBytes, SYSTEM_ACCOUNT_HASH, accountHashOf } from "../../../bytesrepr/public-key.ts";
import { SNAPSHOT_CL_TYPE } from "../../../bytesrepr/auction/records.ts";
import { readEraEndTimestampMillis, readEraId, readUnbondingDelay } from "../detail.ts";
import { AUCTION_OFFSET } from "../../../runtime/api-error.ts";
import { AuctionError, AuctionFailure, fail, failMint } from "../failure.ts";
import { SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY } from "../provider.ts";
import { VESTING_SCHEDULE_LENGTH_MILLIS, bidIsLocked, decreaseDelegatorStake, increaseStake, initializeWithSchedule } from "../stake.ts";
import {
  BidAddrTag, type DelegatorKind, type UnbondKind, delegatorAddr, delegatorId, prefixOf, reservationAddr, unbondAddr, unbondKindOf,
  validatorAddr,
} from "../../../bytesrepr/auction/bid-addr.ts";
import type { AuctionRuntimeV2 } from "./provider.ts";
import {
  type DelegatorBid, type Reservation, type SeigniorageRecipientV2, type SeigniorageRecipientsV2, type SnapshotV2, type Unbond,
  type UnbondEra, type ValidatorBid, type ValidatorCredit, decodeSnapshotV2, encodeSnapshotV2,
} from "../../../bytesrepr/auction/records-v2.ts";

/** detail.rs MAX_BRIDGE_CHAIN_LENGTH: how many bridges (changed public keys) are followed. */
const MAX_BRIDGE_CHAIN_LENGTH = 20;

export function readSnapshotV2(a: AuctionRuntimeV2): SnapshotV2 {
  return a.readNamed(SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY, SNAPSHOT_CL_TYPE, (r) => decodeSnapshotV2(r.raw(r.remaining)));
}

export function writeSnapshotV2(a: AuctionRuntimeV2, snapshot: SnapshotV2): void {
  a.writeNamed(SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY, { clType: SNAPSHOT_CL_TYPE, bytes: encodeSnapshotV2(snapshot) });
}

// ---- reading bids --------------------------------------------------------------------------------

/** `read_validator_bid`: the ValidatorBid at the key, or ValidatorNotFound. */
export function readValidatorBid(a: AuctionRuntimeV2, key: Key): ValidatorBid {
  const b = a.readBidKind(key);
  return b?.kind === "Validator" ? b.bid : fail(AuctionError.ValidatorNotFound);
}

/** `read_current_validator_bid`: follows Bridge records left by change_bid_public_key. */
export function readCurrentValidatorBid(a: AuctionRuntimeV2, key: Key): ValidatorBid {
  let k = key;
  for (let i = 0; i < MAX_BRIDGE_CHAIN_LENGTH; i++) {
    const b = a.readBidKind(k);
    if (b?.kind === "Validator") return b.bid;
    if (b?.kind !== "Bridge") break;
    k = validatorAddr(b.bridge.newValidatorPublicKey);
  }
  return fail(AuctionError.ValidatorNotFound);
}

/** `read_delegator_bid`: the DelegatorBid at the key, or DelegatorNotFound. */
export function readDelegatorBid(a: AuctionRuntimeV2, key: Key): DelegatorBid {
  const b = a.readBidKind(key);
  return b?.kind === "Delegator" ? b.bid : fail(AuctionError.DelegatorNotFound);
}

/** `read_delegator_bids` / `delegators`: a validator's delegated accounts, then delegated purses. */
export function readDelegatorBids(a: AuctionRuntimeV2, validator: PublicKeyBytes): DelegatorBid[] {
  const h = accountHashOf(validator);
  const keys = [...a.keysByPrefix(prefixOf(BidAddrTag.DelegatedAccount, h)), ...a.keysByPrefix(prefixOf(BidAddrTag.DelegatedPurse, h))];
  return keys.map((k) => readDelegatorBid(a, k));
}

/** `reservations`: a validator's reservations (accounts, then purses); another record there is ReservationNotFound. */
export function readReservations(a: AuctionRuntimeV2, validator: PublicKeyBytes): Reservation[] {
  return a.reservationKeys(accountHashOf(validator)).map((k) => {
    const b = a.readBidKind(k);
    return b?.kind === "Reservation" ? b.reservation : fail(AuctionError.ReservationNotFound);
  });
}

/** `has_reservation` */
function hasReservation(a: AuctionRuntimeV2, delegator: DelegatorKind, validator: PublicKeyBytes): boolean {
  return a.readBidKind(reservationAddr(accountHashOf(validator), delegator))?.kind === "Reservation";
}

export const delegatorBidAddr = (d: DelegatorBid): Key => delegatorAddr(accountHashOf(d.validatorPublicKey), d.delegatorKind);

// ---- the mint ------------------------------------------------------------------------------------

/** mint_transfer_direct from the auction: a provider failure is `onFailure`, a mint failure ApiError::Mint(n). */
function transferInto(a: AuctionRuntimeV2, source: URef, target: URef, amount: bigint, onFailure: number): void {
  let mintError: number | undefined;
  try {
    mintError = a.mintTransferDirect(SYSTEM_ACCOUNT_HASH, source, target, amount);
  } catch (e) {
    if (e instanceof AuctionFailure) fail(onFailure);
    throw e;
  }
  if (mintError !== undefined) failMint(mintError);
}

export const transferToBidPurse = (a: AuctionRuntimeV2, source: URef, target: URef, amount: bigint): void =>
  transferInto(a, source, target, amount, AuctionError.TransferToBidPurse);

// ---- delegation ----------------------------------------------------------------------------------

/**
 * `handle_delegation`: the validator must exist and the amount lie within its own minimum and
 * maximum; a new delegator needs a free public slot (max_delegators_per_validator - reserved slots)
 * unless it holds a reservation. Returns the delegator's new stake.
 */
export function handleDelegation(a: AuctionRuntimeV2, delegator: DelegatorKind, validator: PublicKeyBytes, source: URef, amount: bigint, maxDelegatorsPerValidator: number): bigint {
  if (amount === 0n) fail(AuctionError.BondTooSmall);
  const validatorHash = accountHashOf(validator);
  const validatorBid = readValidatorBid(a, validatorAddr(validator));
  if (amount < validatorBid.minimumDelegationAmount) fail(AuctionError.DelegationAmountTooSmall);
  if (amount > validatorBid.maximumDelegationAmount) fail(AuctionError.DelegationAmountTooLarge);

  const key = delegatorAddr(validatorHash, delegator);
  const existing = a.readBidKind(key);
  let bid: DelegatorBid;
  if (existing?.kind === "Delegator") {
    bid = existing.bid;
    increaseStake(bid, amount);
  } else {
    const count = a.delegatorCount(validatorHash);
    // u32 arithmetic, as the node's: reserved slots never exceed the cap (add_bid checks it)
    const publicSlots = (maxDelegatorsPerValidator - validatorBid.reservedSlots) >>> 0;
    if (count >= publicSlots && !hasReservation(a, delegator, validator)) fail(AuctionError.ExceededDelegatorSizeLimit);
    const bondingPurse = a.createPurse();
    bid = { delegatorKind: delegator, stakedAmount: amount, bondingPurse, validatorPublicKey: validator, vestingSchedule: undefined };
  }
  transferInto(a, source, bid.bondingPurse, amount, AuctionError.TransferToDelegatorPurse);
  a.writeBidKind(key, { kind: "Delegator", bid });
  return bid.stakedAmount;
}

/** `create_unbonding_purse`: queue `amount` of `bondingPurse` under the (validator, unbonder) Unbond. */
export function createUnbondingPurse(a: AuctionRuntimeV2, validator: PublicKeyBytes, kind: UnbondKind, bondingPurse: URef, amount: bigint, newValidator: PublicKeyBytes | undefined): void {
  if ((a.availableBalance(bondingPurse) ?? 0n) < amount) fail(AuctionError.UnbondTooLarge);
  const eraOfCreation = readEraId(a);
  const key = unbondAddr(accountHashOf(validator), kind);
  const era: UnbondEra = { bondingPurse, eraOfCreation, amount, newValidator };
  const existing = a.readUnbond(key);
  a.writeUnbond(key, { validatorPublicKey: validator, unbondKind: kind, eras: existing ? [...existing.eras, era] : [era] });
}

/**
 * `process_undelegation` (undelegate, redelegate): unbonds min(amount, stake); if what would remain
 * is below the validator's minimum delegation, the whole stake. A redelegation's target must exist.
 */
export function processUndelegation(a: AuctionRuntimeV2, delegator: DelegatorKind, validator: PublicKeyBytes, amount: bigint, newValidator: PublicKeyBytes | undefined): bigint {
  checkDelegatorCaller(a, delegator);
  if (newValidator) {
    try {
      readValidatorBid(a, validatorAddr(newValidator));
    } catch (e) {
      if (e instanceof AuctionFailure && e.apiCode === AUCTION_OFFSET + (AuctionError.ValidatorNotFound)) fail(AuctionError.RedelegationValidatorNotFound);
      throw e;
    }
  }
  const validatorBid = readValidatorBid(a, validatorAddr(validator));
  const key = delegatorAddr(accountHashOf(validator), delegator);
  const bid = readDelegatorBid(a, key);
  const bondingPurse = bid.bondingPurse;
  const initial = bid.stakedAmount;
  const eraEnd = readEraEndTimestampMillis(a);
  let unbonding = amount < initial ? amount : initial;
  let updated = decreaseDelegatorStake(bid, unbonding, eraEnd);
  if (updated < validatorBid.minimumDelegationAmount) {
    // the remainder is below the validator's minimum: unbond everything
    updated = decreaseDelegatorStake(bid, updated, eraEnd);
    unbonding = initial;
  }
  if (updated === 0n) a.pruneBid(key);
  else a.writeBidKind(key, { kind: "Delegator", bid });
  if (unbonding !== 0n) createUnbondingPurse(a, validator, unbondKindOf(delegator), bondingPurse, unbonding, newValidator);
  return updated;
}

/** delegate / undelegate / redelegate: an account delegator's own session code, or a purse the caller holds writeable. */
export function checkDelegatorCaller(a: AuctionRuntimeV2, delegator: DelegatorKind): void {
  if (delegator.kind === "PublicKey") {
    if (!a.isAllowedSessionCaller(accountHashOf(delegator.publicKey))) fail(AuctionError.InvalidContext);
  } else if (!a.isValidURef({ addr: delegator.addr, rights: AccessRights.WRITE })) {
    fail(AuctionError.InvalidContext);
  }
}

// ---- reservations --------------------------------------------------------------------------------

/** `handle_add_reservation`: a new reservation needs a free reserved slot; the rate is checked after. */
export function handleAddReservation(a: AuctionRuntimeV2, reservation: Reservation): void {
  const validator = reservation.validatorPublicKey;
  const validatorHash = accountHashOf(validator);
  const bid = readValidatorBid(a, validatorAddr(validator));
  const key = reservationAddr(validatorHash, reservation.delegatorKind);
  if (a.readBidKind(key) === undefined && a.reservationCount(validatorHash) >= bid.reservedSlots) fail(AuctionError.ExceededReservationsLimit);
  if (reservation.delegationRate > 100) fail(AuctionError.DelegationRateTooLarge);
  a.writeBidKind(key, { kind: "Reservation", reservation });
}

/**
 * `handle_cancel_reservation`: the reservation must exist; a delegator already delegating on it may
 * only lose it if a public slot is free for it.
 */
export function handleCancelReservation(a: AuctionRuntimeV2, validator: PublicKeyBytes, delegator: DelegatorKind, maxDelegatorsPerValidator: number): void {
  const bid = readValidatorBid(a, validatorAddr(validator));
  const validatorHash = accountHashOf(validator);
  const reservationKey = reservationAddr(validatorHash, delegator);
  if (a.readBidKind(reservationKey) === undefined) fail(AuctionError.ReservationNotFound);
  let delegating = false;
  try {
    readDelegatorBid(a, delegatorAddr(validatorHash, delegator));
    delegating = true;
  } catch (e) {
    if (!(e instanceof AuctionFailure)) throw e;
  }
  if (delegating) {
    const count = a.delegatorCount(validatorHash);
    const used = a.usedReservationCount(validatorHash);
    const normalDelegators = Math.max(0, count - used);
    const publicSlots = Math.max(0, maxDelegatorsPerValidator - bid.reservedSlots);
    if (publicSlots === normalDelegators) fail(AuctionError.ExceededDelegatorSizeLimit);
  }
  a.pruneBid(reservationKey);
}

// ---- add_bid's changes to an existing bid -------------------------------------------------------

/**
 * `process_updated_delegator_stake_boundaries`: a raised minimum unbonds the delegators below it, a
 * lowered maximum unbonds what is above it; refused while the bid is vesting (VestingLockout).
 */
export function processUpdatedDelegatorStakeBoundaries(a: AuctionRuntimeV2, bid: ValidatorBid, minimum: bigint, maximum: bigint): void {
  const raisedMin = bid.minimumDelegationAmount < minimum;
  const loweredMax = bid.maximumDelegationAmount > maximum;
  if (!raisedMin && !loweredMax) return;
  const eraEnd = readEraEndTimestampMillis(a);
  // ValidatorBid::is_locked: the vesting schedule with the 91-day release
  if (bidIsLocked(bid, eraEnd, VESTING_SCHEDULE_LENGTH_MILLIS)) fail(AuctionError.VestingLockout);
  bid.minimumDelegationAmount = minimum;
  bid.maximumDelegationAmount = maximum;
  for (const d of readDelegatorBids(a, bid.validatorPublicKey)) {
    const staked = d.stakedAmount;
    const unbond = staked < minimum ? staked : staked > maximum ? staked - maximum : 0n;
    if (unbond === 0n) continue;
    createUnbondingPurse(a, bid.validatorPublicKey, unbondKindOf(d.delegatorKind), d.bondingPurse, unbond, undefined);
    let updated: bigint;
    try {
      updated = decreaseDelegatorStake(d, unbond, eraEnd);
    } catch (e) {
      // the node's work-around: a delegator whose locked amounts are not initialized yet is skipped
      if (e instanceof AuctionFailure && e.apiCode === AUCTION_OFFSET + (AuctionError.DelegatorFundsLocked)) continue;
      throw e;
    }
    const key = delegatorBidAddr(d);
    if (updated === 0n) a.pruneBid(key);
    else a.writeBidKind(key, { kind: "Delegator", bid: d });
  }
}

/**
 * `process_updated_delegator_reservation_slots`: no fewer slots than reservations, no more than the
 * delegator slots not taken by delegators without a reservation.
 */
export function processUpdatedDelegatorReservationSlots(a: AuctionRuntimeV2, bid: ValidatorBid, maxDelegatorsPerValidator: number, reservedSlots: number): void {
  if (reservedSlots === bid.reservedSlots) return;
  const h = accountHashOf(bid.validatorPublicKey);
  if (reservedSlots < a.reservationCount(h)) fail(AuctionError.ReservationSlotsCountTooSmall);
  const normalDelegators = Math.max(0, a.delegatorCount(h) - a.usedReservationCount(h));
  if (reservedSlots > Math.max(0, maxDelegatorsPerValidator - normalDelegators)) fail(AuctionError.ExceededReservationSlotsLimit);
  bid.reservedSlots = reservedSlots;
}

// ---- the era: unbonds, vesting, winners, recipients ----------------------------------------------

/** `get_unbonding_purses`: every Unbond (account unbonders, then purse unbonders), in key order. */
function unbondingPurses(a: AuctionRuntimeV2): [Key, Unbond][] {
  const out: [Key, Unbond][] = [];
  for (const tag of [BidAddrTag.UnbondAccount, BidAddrTag.UnbondPurse]) {
    for (const key of a.keysByPrefix(`${KeyTag.BidAddr.toString(16).padStart(2, "0")}${tag.toString(16).padStart(2, "0")}`)) {
      // a record that fails to read or is not an Unbond is logged and skipped by the node
      try {
        const b = a.readBidKind(key);
        if (b?.kind === "Unbond") out.push([key, b.unbond]);
      } catch (e) {
        if (!(e instanceof AuctionFailure)) throw e;
      }
    }
  }
  return out;
}

type RedelegationOutcome = "Redelegated" | "Withdrawal";

/** `handle_redelegation`: delegate the unbonded era to its new validator (followed through bridges) if it can take it. */
function handleRedelegation(a: AuctionRuntimeV2, kind: UnbondKind, era: UnbondEra, maxDelegatorsPerValidator: number): RedelegationOutcome {
  if (kind.kind === "Validator") fail(AuctionError.UnexpectedUnbondVariant);
  const delegator: DelegatorKind = kind.kind === "DelegatedPublicKey" ? { kind: "PublicKey", publicKey: kind.publicKey } : { kind: "Purse", addr: (kind as { addr: Uint8Array }).addr };
  if (!era.newValidator) return "Withdrawal";
  let target: PublicKeyBytes;
  try {
    target = readCurrentValidatorBid(a, validatorAddr(era.newValidator)).validatorPublicKey;
  } catch (e) {
    if (e instanceof AuctionFailure) return "Withdrawal"; // NonexistantRedelegationTarget
    throw e;
  }
  try {
    handleDelegation(a, delegator, target, era.bondingPurse, era.amount, maxDelegatorsPerValidator);
    return "Redelegated";
  } catch (e) {
    // target unstaked, amount outside its limits, no such validator, no vacancy: paid out instead
    const fallback = [AuctionError.BondTooSmall, AuctionError.DelegationAmountTooSmall, AuctionError.DelegationAmountTooLarge, AuctionError.ValidatorNotFound, AuctionError.ExceededDelegatorSizeLimit];
    if (e instanceof AuctionFailure && fallback.some((n) => e.apiCode === AUCTION_OFFSET + (n))) return "Withdrawal";
    throw e;
  }
}

function payOut(a: AuctionRuntimeV2, kind: UnbondKind, era: UnbondEra): void {
  try {
    a.unbondEra(kind, era);
  } catch (e) {
    if (e instanceof AuctionFailure) fail(AuctionError.TransferToUnbondingPurse);
    throw e;
  }
}

/**
 * `process_unbond_requests` (system only): each unbond era whose delay has passed is paid out to the
 * unbonder (a validator's always; a delegator's unless it redelegates); what is left is rewritten, an
 * empty Unbond pruned.
 */
export function processUnbondRequests(a: AuctionRuntimeV2, maxDelegatorsPerValidator: number): void {
  a.requireSystemCaller();
  const current = readEraId(a);
  const delay = readUnbondingDelay(a);
  for (const [key, unbond] of unbondingPurses(a)) {
    const retained: UnbondEra[] = [];
    const expired: UnbondEra[] = [];
    for (const era of unbond.eras) (current >= era.eraOfCreation + delay ? expired : retained).push(era);
    for (const era of expired) {
      if (unbond.unbondKind.kind === "Validator") {
        payOut(a, unbond.unbondKind, era);
        continue;
      }
      if (handleRedelegation(a, unbond.unbondKind, era, maxDelegatorsPerValidator) === "Withdrawal") payOut(a, unbond.unbondKind, era);
    }
    a.writeUnbond(key, retained.length === 0 ? undefined : { ...unbond, eras: retained });
  }
}

/** ValidatorBidsDetail: every validator bid with its delegators and reservations, and the credits. */
export interface ValidatorBidsDetail {
  /** validator public key hex -> bid, in public key order */
  readonly validatorBids: Map<string, ValidatorBid>;
  readonly delegatorBids: Map<string, DelegatorBid[]>;
  readonly reservations: Map<string, Reservation[]>;
  /** validator hex -> era -> credit */
  readonly credits: Map<string, Map<bigint, ValidatorCredit>>;
}

/** `get_validator_bids`: every Key::BidAddr in key order; a credit is filed under `era` (the era ending), as the node files it. */
export function getValidatorBids(a: AuctionRuntimeV2, era: bigint): ValidatorBidsDetail {
  const detail: ValidatorBidsDetail = { validatorBids: new Map(), delegatorBids: new Map(), reservations: new Map(), credits: new Map() };
  for (const key of a.keysByPrefix(KeyTag.BidAddr.toString(16).padStart(2, "0"))) {
    const b = a.readBidKind(key) ?? fail(AuctionError.ValidatorNotFound);
    if (b.kind === "Validator") {
      const id = toHex(b.bid.validatorPublicKey);
      detail.delegatorBids.set(id, readDelegatorBids(a, b.bid.validatorPublicKey));
      detail.reservations.set(id, readReservations(a, b.bid.validatorPublicKey));
      detail.validatorBids.set(id, b.bid);
    } else if (b.kind === "Credit") {
      const id = toHex(b.credit.validatorPublicKey);
      const byEra = detail.credits.get(id) ?? new Map<bigint, ValidatorCredit>();
      if (!byEra.has(era)) byEra.set(era, b.credit);
      detail.credits.set(id, byEra);
    }
  }
  // BTreeMap<PublicKey, _>: public key order is the byte order of the serialized keys
  const sorted = [...detail.validatorBids].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  detail.validatorBids.clear();
  for (const [id, bid] of sorted) detail.validatorBids.set(id, bid);
  return detail;
}

/**
 * `process_with_vesting_schedule`: initialize the locked amounts of the validator's (and its
 * delegators') vesting schedules once their release time is reached; delegator bids are written here.
 */
export function processWithVestingSchedule(a: AuctionRuntimeV2, bid: ValidatorBid, timestampMillis: bigint, periodMillis: bigint): boolean {
  for (const d of readDelegatorBids(a, bid.validatorPublicKey)) {
    const s = d.vestingSchedule;
    if (!s || timestampMillis < s.initialReleaseTimestampMillis) continue;
    if (initializeWithSchedule(s, d.stakedAmount, periodMillis)) a.writeBidKind(delegatorBidAddr(d), { kind: "Delegator", bid: d });
  }
  const s = bid.vestingSchedule;
  if (!s || timestampMillis < s.initialReleaseTimestampMillis) return false;
  return initializeWithSchedule(s, bid.stakedAmount, periodMillis);
}

export const U512_MAX = (1n << 512n) - 1n;

export interface WinnerRules {
  readonly validatorSlots: number;
  readonly minimumBidAmount: bigint;
  readonly includeCredits: boolean;
  /** validator_credit_cap as [numerator, denominator] */
  readonly creditCap: readonly [bigint, bigint];
  readonly eraEndTimestampMillis: bigint;
  readonly vestingSchedulePeriodMillis: bigint;
}

/**
 * `pick_winners` (detail.rs validator_weights_breakout + auction.rs WeightsBreakout::take): locked
 * bids always win; then the largest weights among bids meeting minimum_bid_amount fill the slots; if
 * that leaves fewer than 3/4 of the slots taken, bids below the minimum fill up to that threshold.
 * Returns validator hex -> weight (own + delegated stake + capped credit), in public key order.
 */
export function pickWinners(detail: ValidatorBidsDetail, era: bigint, rules: WinnerRules): Map<string, bigint> {
  const locked: [string, bigint][] = [];
  const meetsMin: [string, bigint][] = [];
  const belowMin: [string, bigint][] = [];
  for (const [id, bid] of detail.validatorBids) {
    // the node's filter reads `!v.staked_amount() >= U512::one()`: a bitwise NOT, so every active bid
    // short of U512::MAX passes, a zero stake too
    if (bid.inactive || bid.stakedAmount === U512_MAX) continue;
    let staked = bid.stakedAmount;
    const meetsMinimum = staked >= rules.minimumBidAmount;
    for (const d of detail.delegatorBids.get(id) ?? []) staked += d.stakedAmount;
    if (staked > U512_MAX) fail(AuctionError.InvalidAmount);
    let credit = 0n;
    const c = rules.includeCredits ? detail.credits.get(id)?.get(era) : undefined;
    if (c) {
      const capped = (staked * rules.creditCap[0]) / rules.creditCap[1];
      credit = c.amount < capped ? c.amount : capped;
    }
    const total = staked + credit > U512_MAX ? U512_MAX : staked + credit;
    const isLocked = bidIsLocked(bid, rules.eraEndTimestampMillis, rules.vestingSchedulePeriodMillis);
    (isLocked ? locked : meetsMinimum ? meetsMin : belowMin).push([id, total]);
  }
  const slots = rules.validatorSlots;
  const threshold = Math.floor((3 * slots) / 4);
  const winners = new Map<string, bigint>(locked);
  if (locked.length < slots) {
    const remaining = slots - locked.length;
    // a stable sort, largest first: equal weights keep public key order
    const byWeight = (x: [string, bigint], y: [string, bigint]) => (x[1] < y[1] ? 1 : x[1] > y[1] ? -1 : 0);
    const hi = [...meetsMin].sort(byWeight);
    for (const [id, w] of hi.slice(0, remaining)) winners.set(id, w);
    const combined = hi.length + locked.length;
    if (!(belowMin.length === 0 || hi.length >= remaining || combined >= threshold)) {
      const low = [...belowMin].sort(byWeight);
      for (const [id, w] of low.slice(0, threshold - combined)) winners.set(id, w);
    }
  }
  return new Map([...winners].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

/** `seigniorage_recipients`: each winner's own stake (its weight less its delegators'), delegators and reservation rates. */
export function seigniorageRecipients(winners: ReadonlyMap<string, bigint>, detail: ValidatorBidsDetail): SeigniorageRecipientsV2 {
  const out: SeigniorageRecipientsV2 = new Map();
  for (const [id, weight] of winners) {
    const bid = detail.validatorBids.get(id) ?? fail(AuctionError.ValidatorNotFound);
    let delegatorsWeight = 0n;
    const delegatorStake = new Map<string, { kind: DelegatorKind; stake: bigint }>();
    for (const d of detail.delegatorBids.get(id) ?? []) {
      if (d.stakedAmount === 0n) continue;
      delegatorsWeight += d.stakedAmount;
      delegatorStake.set(delegatorId(d.delegatorKind), { kind: d.delegatorKind, stake: d.stakedAmount });
    }
    const reservationDelegationRates = new Map<string, { kind: DelegatorKind; rate: number }>();
    for (const r of detail.reservations.get(id) ?? []) reservationDelegationRates.set(delegatorId(r.delegatorKind), { kind: r.delegatorKind, rate: r.delegationRate });
    const stake = weight > delegatorsWeight ? weight - delegatorsWeight : 0n;
    const recipient: SeigniorageRecipientV2 = { stake, delegationRate: bid.delegationRate, delegatorStake, reservationDelegationRates };
    out.set(id, { publicKey: bid.validatorPublicKey, recipient });
  }
  return out;
}
