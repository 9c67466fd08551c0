// The auction's internals (casper-node v1.5.8 execution_engine/src/system/auction/detail.rs): named
// values, all bids and unbonds, delegation into a bonding purse, unbonding requests and their payout
// at the end of the unbonding delay (or redelegation to the new validator).

import { CLT } from "../../bytesrepr/cl-type.ts";
import { clv } from "../../bytesrepr/cl-value.ts";
import { toHex } from "../../bytesrepr/hex.ts";
import { KeyTag, type URef } from "../../bytesrepr/key.ts";
import { SYSTEM_ACCOUNT_HASH, type PublicKeyBytes, accountHashOf } from "../../bytesrepr/public-key.ts";
import { type Bid, type SeigniorageRecipientsSnapshot, type UnbondingPurse, SNAPSHOT_CL_TYPE, decodeSnapshot, encodeSnapshot } from "../../bytesrepr/auction/records.ts";
import { AuctionError, AuctionFailure, fail, failMint } from "./failure.ts";
import {
  type AuctionRuntime, AUCTION_DELAY_KEY, ERA_END_TIMESTAMP_MILLIS_KEY, ERA_ID_KEY, SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY,
  UNBONDING_DELAY_KEY, VALIDATOR_SLOTS_KEY,
} from "./provider.ts";
import { increaseStake } from "./stake.ts";

export const readEraId = (a: AuctionRuntime): bigint => a.readNamed(ERA_ID_KEY, CLT.U64, (r) => r.u64());
export const writeEraId = (a: AuctionRuntime, era: bigint): void => a.writeNamed(ERA_ID_KEY, clv.u64(era));
export const readEraEndTimestampMillis = (a: AuctionRuntime): bigint => a.readNamed(ERA_END_TIMESTAMP_MILLIS_KEY, CLT.U64, (r) => r.u64());
export const writeEraEndTimestampMillis = (a: AuctionRuntime, ms: bigint): void => a.writeNamed(ERA_END_TIMESTAMP_MILLIS_KEY, clv.u64(ms));
export const readValidatorSlots = (a: AuctionRuntime): number => a.readNamed(VALIDATOR_SLOTS_KEY, CLT.U32, (r) => r.u32());
export const readAuctionDelay = (a: AuctionRuntime): bigint => a.readNamed(AUCTION_DELAY_KEY, CLT.U64, (r) => r.u64());
export const readUnbondingDelay = (a: AuctionRuntime): bigint => a.readNamed(UNBONDING_DELAY_KEY, CLT.U64, (r) => r.u64());

export function readSnapshot(a: AuctionRuntime): SeigniorageRecipientsSnapshot {
  return a.readNamed(SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY, SNAPSHOT_CL_TYPE, (r) => decodeSnapshot(r.raw(r.remaining)));
}

export function writeSnapshot(a: AuctionRuntime, snapshot: SeigniorageRecipientsSnapshot): void {
  a.writeNamed(SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY, { clType: SNAPSHOT_CL_TYPE, bytes: encodeSnapshot(snapshot) });
}

/** get_bids: every Key::Bid, keyed by the validator's public key hex. */
export function getBids(a: AuctionRuntime): Map<string, Bid> {
  const out = new Map<string, Bid>();
  for (const key of a.keys(KeyTag.Bid)) {
    const bid = a.readBid(key.data) ?? fail(AuctionError.ValidatorNotFound);
    out.set(toHex(bid.validatorPublicKey), bid);
  }
  return out;
}

export function setBids(a: AuctionRuntime, bids: ReadonlyMap<string, Bid>): void {
  for (const bid of bids.values()) a.writeBid(accountHashOf(bid.validatorPublicKey), bid);
}

/** read_bid_for_validator: ValidatorNotFound if there is no bid. */
export function readBidForValidator(a: AuctionRuntime, validator: PublicKeyBytes): Bid {
  return a.readBid(accountHashOf(validator)) ?? fail(AuctionError.ValidatorNotFound);
}

/** Mint failure from a transfer into a bonding purse: passed through as ApiError::Mint(n). */
function transferInto(a: AuctionRuntime, source: URef, target: URef, amount: bigint, onFailure: number): void {
  let mintError: number | undefined;
  try {
    mintError = a.mintTransferDirect(SYSTEM_ACCOUNT_HASH, source, target, amount);
  } catch (e) {
    if (e instanceof AuctionFailure) fail(onFailure);
    throw e;
  }
  if (mintError !== undefined) failMint(mintError);
}

/** handle_delegation: top up the delegator's bonding purse, or create it; returns the new stake. */
export function handleDelegation(a: AuctionRuntime, bid: Bid, delegator: PublicKeyBytes, validator: PublicKeyBytes, source: URef, amount: bigint): bigint {
  const id = toHex(delegator);
  const existing = bid.delegators.get(id);
  let stake: bigint;
  if (existing) {
    transferInto(a, source, existing.bondingPurse, amount, AuctionError.TransferToDelegatorPurse);
    stake = increaseStake(existing, amount);
  } else {
    const bondingPurse = a.createPurse();
    transferInto(a, source, bondingPurse, amount, AuctionError.TransferToDelegatorPurse);
    bid.delegators.set(id, { delegatorPublicKey: delegator, stakedAmount: amount, bondingPurse, validatorPublicKey: validator, vestingSchedule: undefined });
    stake = amount;
  }
  a.writeBid(accountHashOf(validator), bid);
  return stake;
}

/** add_bid's transfer into the validator's own bonding purse. */
export function transferToBid(a: AuctionRuntime, source: URef, bondingPurse: URef, amount: bigint): void {
  transferInto(a, source, bondingPurse, amount, AuctionError.TransferToBidPurse);
}

/** create_unbonding_purse: queue `amount` of `bondingPurse` for payout after the unbonding delay. */
export function createUnbondingPurse(a: AuctionRuntime, validator: PublicKeyBytes, unbonder: PublicKeyBytes, bondingPurse: URef, amount: bigint, newValidator: PublicKeyBytes | undefined): void {
  if ((a.balance(bondingPurse) ?? 0n) < amount) fail(AuctionError.UnbondTooLarge);
  const validatorHash = accountHashOf(validator);
  const list = a.readUnbonds(validatorHash);
  const eraOfCreation = readEraId(a);
  list.push({ bondingPurse, validatorPublicKey: validator, unbonderPublicKey: unbonder, eraOfCreation, amount, newValidator });
  a.writeUnbonds(validatorHash, list);
}

const underDelegatorCap = (max: number, count: number) => max === 0 || count < max;

/** unbond, with any failure reported as TransferToUnbondingPurse (detail.rs process_unbond_requests). */
function payOut(a: AuctionRuntime, u: UnbondingPurse): void {
  try {
    a.unbond(u);
  } catch (e) {
    if (e instanceof AuctionFailure) fail(AuctionError.TransferToUnbondingPurse);
    throw e;
  }
}

/**
 * process_unbond_requests (system only): every unbonding purse whose delay has passed is paid out to
 * its unbonder, or, for a redelegation, delegated to the new validator if it still has stake and
 * room for another delegator.
 */
export function processUnbondRequests(a: AuctionRuntime, maxDelegatorsPerValidator: number): void {
  a.requireSystemCaller();
  const currentEra = readEraId(a);
  const delay = readUnbondingDelay(a);
  for (const key of a.keys(KeyTag.Unbond)) {
    const list = a.readUnbonds(key.data);
    const kept: UnbondingPurse[] = [];
    for (const u of list) {
      if (currentEra < u.eraOfCreation + delay) {
        kept.push(u);
        continue;
      }
      const target = u.newValidator ? tryReadBid(a, u.newValidator) : undefined;
      if (u.newValidator && target && target.stakedAmount !== 0n && underDelegatorCap(maxDelegatorsPerValidator, target.delegators.size)) {
        handleDelegation(a, target, u.unbonderPublicKey, u.newValidator, u.bondingPurse, u.amount);
      } else {
        payOut(a, u);
      }
    }
    a.writeUnbonds(key.data, kept);
  }
}

/** `provider.read_bid(..)` where a read error counts as "no bid" (the redelegation fallback). */
function tryReadBid(a: AuctionRuntime, validator: PublicKeyBytes): Bid | undefined {
  try {
    return a.readBid(accountHashOf(validator));
  } catch (e) {
    if (e instanceof AuctionFailure) return undefined;
    throw e;
  }
}
