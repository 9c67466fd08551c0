// Reading the auction's state outside any execution (the engine's test API and the node's queries):
// the auction's named values, bids, unbonding purses and the validator snapshot, straight from global
// state (engine_state/mod.rs get_era_validators / get_bids read state the same way).

import { CLT } from "../../bytesrepr/cl-type.ts";
import { clValueInto } from "../../bytesrepr/cl-value.ts";
import { toHex } from "../../bytesrepr/hex.ts";
import { type Key, KeyTag, bidKey, hashKey, keyAsURef, urefKey } from "../../bytesrepr/key.ts";
import { type PublicKeyBytes, accountHashOf } from "../../bytesrepr/public-key.ts";
import type { ByteReader } from "../../bytesrepr/reader.ts";
import type { CLType } from "../../bytesrepr/cl-type.ts";
import { readSystemRegistry } from "../../runtime/execution.ts";
import type { GlobalState } from "../../state/global-state.ts";
import { keysWithTag, ERA_END_TIMESTAMP_MILLIS_KEY, ERA_ID_KEY, SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY } from "./provider.ts";
import {
  type Bid, type SeigniorageRecipientsSnapshot, type UnbondingPurse, SNAPSHOT_CL_TYPE, decodeBid, decodeSnapshot, decodeUnbonds,
  recipientTotalStake, sortedByKey,
} from "../../bytesrepr/auction/records.ts";
import type { BidRecord, RecipientRecord, StakingState, UnbondRecord } from "./staking-state.ts";

export function auctionNamedKeys(state: GlobalState): ReadonlyMap<string, Key> {
  const hash = readSystemRegistry(state).get("auction");
  if (!hash) throw new Error("no auction in the system contract registry");
  const v = state.read(hashKey(hash));
  if (!v || v.kind !== "Contract") throw new Error(`no auction contract under hash-${toHex(hash)}`);
  return v.contract.namedKeys;
}

export function namedValue<T>(state: GlobalState, name: string, clType: CLType, read: (r: ByteReader) => T): T {
  const key = auctionNamedKeys(state).get(name);
  const uref = key && keyAsURef(key);
  if (!uref) throw new Error(`the auction has no named URef "${name}"`);
  const v = state.read(urefKey(uref));
  if (!v || v.kind !== "CLValue") throw new Error(`the auction's "${name}" holds no CLValue`);
  return clValueInto(v.value, clType, read);
}

export const readEraIdFrom = (state: GlobalState): bigint => namedValue(state, ERA_ID_KEY, CLT.U64, (r) => r.u64());
export const readEraEndFrom = (state: GlobalState): bigint => namedValue(state, ERA_END_TIMESTAMP_MILLIS_KEY, CLT.U64, (r) => r.u64());

export function readSnapshotFrom(state: GlobalState): SeigniorageRecipientsSnapshot {
  return namedValue(state, SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY, SNAPSHOT_CL_TYPE, (r) => decodeSnapshot(r.raw(r.remaining)));
}

export function readBidFrom(state: GlobalState, validator: PublicKeyBytes): Bid | undefined {
  const v = state.read(bidKey(accountHashOf(validator)));
  if (!v) return undefined;
  if (v.kind !== "Bid") throw new Error(`a ${v.kind} is stored under a bid key`);
  return decodeBid(v.bytes);
}

/** Every bid, in Key::Bid order (by the validator's account hash). */
export function readBidsFrom(state: GlobalState): Bid[] {
  return keysWithTag(state, KeyTag.Bid).map((k) => {
    const v = state.read(k);
    if (!v || v.kind !== "Bid") throw new Error(`a ${v?.kind ?? "missing value"} is stored under a bid key`);
    return decodeBid(v.bytes);
  });
}

/** Every pending unbonding purse, grouped under its validator's account hash, in key order. */
export function readUnbondsFrom(state: GlobalState): UnbondingPurse[] {
  const out: UnbondingPurse[] = [];
  for (const k of keysWithTag(state, KeyTag.Unbond)) {
    const v = state.read(k);
    if (!v || v.kind !== "Unbonding") throw new Error(`a ${v?.kind ?? "missing value"} is stored under an unbond key`);
    out.push(...decodeUnbonds(v.bytes));
  }
  return out;
}

/** The 1.5.8 records as a StakingState (staking-state.ts). */
export function readStakingStateV1(state: GlobalState): StakingState {
  const pk = (publicKey: PublicKeyBytes) => ({ kind: "PublicKey", publicKey }) as const;
  const bids: BidRecord[] = sortedByKey(readBidsFrom(state), (b) => b.validatorPublicKey).map((b) => ({
    validatorPublicKey: b.validatorPublicKey,
    bondingPurse: b.bondingPurse,
    stakedAmount: b.stakedAmount,
    delegationRate: b.delegationRate,
    inactive: b.inactive,
    vestingSchedule: b.vestingSchedule,
    delegators: sortedByKey(b.delegators.values(), (d) => d.delegatorPublicKey).map((d) => ({
      delegator: pk(d.delegatorPublicKey), stakedAmount: d.stakedAmount, bondingPurse: d.bondingPurse, vestingSchedule: d.vestingSchedule,
    })),
    reservations: [],
  }));
  const unbonds: UnbondRecord[] = readUnbondsFrom(state).map((u) => ({
    validatorPublicKey: u.validatorPublicKey,
    unbonder: pk(u.unbonderPublicKey),
    isValidator: toHex(u.unbonderPublicKey) === toHex(u.validatorPublicKey),
    bondingPurse: u.bondingPurse,
    eraOfCreation: u.eraOfCreation,
    amount: u.amount,
    newValidator: u.newValidator,
  }));
  const validatorSets = new Map<bigint, RecipientRecord[]>();
  for (const [era, recipients] of readSnapshotFrom(state)) {
    validatorSets.set(era, sortedByKey(recipients.values(), (r) => r.publicKey).map(({ publicKey, recipient }) => ({
      publicKey,
      stake: recipient.stake,
      delegationRate: recipient.delegationRate,
      delegators: sortedByKey(recipient.delegatorStake.values(), (d) => d.publicKey).map((d) => ({ delegator: pk(d.publicKey), stake: d.stake })),
      weight: recipientTotalStake(recipient),
    })));
  }
  return { eraId: readEraIdFrom(state), eraEndTimestampMillis: readEraEndFrom(state), bids, unbonds, bridges: [], validatorSets };
}
