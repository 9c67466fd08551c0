// The engine's staking test API: deploys that call the auction (as a stored contract by its hash, the
// way wallets send undelegate, or through session wasm such as delegate.wasm), era advance, and
// readable views of bids, delegations, reservations, unbonds and validator sets. The protocol's
// auction model (host/system/auction/models.ts) decides the records read and the era step run; the
// views are the same for both protocols (2.0's extra fields are optional).

import sdk from "casper-js-sdk";
import { toHex } from "../bytesrepr/hex.ts";
import { formatURef, parseURef } from "../bytesrepr/key.ts";
import { type PublicKeyBytes, publicKeyFromHex } from "../bytesrepr/public-key.ts";
import { ByteWriter } from "../bytesrepr/writer.ts";
import { type EraChain, eraDurationMillis } from "../system/auction/era.ts";
import { auctionModel } from "../system/auction/models.ts";
import type { BidRecord, StakerId, StakingState } from "../system/auction/staking-state.ts";
import { METHOD_CHANGE_BID_PUBLIC_KEY } from "../system/auction/v2/contract.ts";
import { writeDelegatorKind, writeReservation } from "../bytesrepr/auction/records-v2.ts";
import type { ArgsInput } from "./deploys.ts";
import type { Engine, RunOptions, Signer } from "./engine.ts";
import type { TestKey } from "./keys.ts";
import type { ExecutionResult } from "./result.ts";

const { CLValue, CLTypeAny } = sdk;

/**
 * A validator or delegator: an account name ("alice", "validator-1"), a TestKey, a public key hex, or
 * (2.0, delegators) a purse "uref-…-007" that delegates by itself.
 */
export type Staker = string | TestKey;

export interface StakingOptions extends RunOptions {
  /** the deploy's account (default: the delegator, or the validator for bids) */
  readonly from?: Signer;
  /** run this session wasm with the entry point's args instead of calling the auction by hash */
  readonly wasm?: Uint8Array;
}

/** 2.0 add_bid's optional args (absent: the chainspec's minimum/maximum delegation amounts, no reserved slots). */
export interface BidOptions extends StakingOptions {
  readonly minimumDelegationAmount?: bigint;
  readonly maximumDelegationAmount?: bigint;
  readonly reservedSlots?: number;
}

export interface EraOptions {
  /**
   * Rewards distributed at the end of each era advanced, by validator. 1.5.8: reward factors
   * (10^12 = BLOCK_REWARD is a full share of the base round reward). 2.0: motes (an array: one amount
   * per era back, the ending era first), as the node hands them to `distribute`.
   */
  readonly rewards?: Readonly<Record<string, bigint | readonly bigint[]>>;
  /** validators slashed at the end of each era advanced */
  readonly slashed?: readonly Staker[];
  /** validators evicted (bids deactivated) at the end of each era advanced */
  readonly evicted?: readonly Staker[];
}

export interface DelegationView {
  /** the delegator's public key hex, or (2.0) its purse address hex */
  readonly delegator: string;
  readonly kind: "PublicKey" | "Purse";
  readonly name?: string;
  readonly stakedAmount: bigint;
  readonly bondingPurse: string;
}

export interface ReservationView {
  readonly delegator: string;
  readonly kind: "PublicKey" | "Purse";
  readonly name?: string;
  readonly delegationRate: number;
}

export interface BidView {
  readonly validator: string;
  readonly name?: string;
  /** the validator's own stake */
  readonly stakedAmount: bigint;
  /** own stake plus every delegation */
  readonly totalStake: bigint;
  readonly delegationRate: number;
  readonly inactive: boolean;
  readonly bondingPurse: string;
  /** genesis validators: stake locked (vesting) until this time, ms since the epoch */
  readonly releaseTimestampMillis?: bigint;
  /** 2.0: the validator's delegation limits (u64 motes) and reserved delegator slots */
  readonly minimumDelegationAmount?: bigint;
  readonly maximumDelegationAmount?: bigint;
  readonly reservedSlots?: number;
  readonly delegators: readonly DelegationView[];
  /** 2.0: delegator slot reservations */
  readonly reservations: readonly ReservationView[];
}

export interface UnbondView {
  readonly validator: string;
  /** public key hex, or (2.0) a delegating purse's address hex */
  readonly unbonder: string;
  readonly unbonderName?: string;
  readonly amount: bigint;
  readonly eraOfCreation: bigint;
  /** paid out at the end of this era (era_of_creation + unbonding_delay) */
  readonly payableInEra: bigint;
  /** redelegate: the validator the stake moves to */
  readonly newValidator?: string;
  readonly bondingPurse: string;
}

export interface ValidatorWeight {
  readonly publicKey: string;
  readonly name?: string;
  /** total stake: the validator's own plus its delegators' */
  readonly weight: bigint;
}

const PUBLIC_KEY_HEX = /^(01[0-9a-fA-F]{64}|02[0-9a-fA-F]{66})$/;

export function publicKeyOf(engine: Engine, who: Staker): PublicKeyBytes {
  if (typeof who !== "string") return who.publicKeyBytes;
  if (PUBLIC_KEY_HEX.test(who)) return publicKeyFromHex(who);
  if (who.startsWith("uref-")) throw new Error(`"${who}" is a purse: only a delegator may be a purse (2.0), not a validator`);
  if (/^0[0-9a-fA-F]{9,}$/.test(who)) {
    throw new Error(`"${who}" is neither an account name nor a public key (01 + 64 hex digits for ed25519, 02 + 66 for secp256k1)`);
  }
  return engine.key(who).publicKeyBytes;
}

/** A delegator: a purse ("uref-…") or an account. */
function stakerOf(engine: Engine, who: Staker): StakerId {
  if (typeof who === "string" && who.startsWith("uref-")) return { kind: "Purse", addr: parseURef(who).addr };
  return { kind: "PublicKey", publicKey: publicKeyOf(engine, who) };
}

const sdkKey = (pk: PublicKeyBytes) => CLValue.newCLPublicKey(sdk.PublicKey.fromHex(toHex(pk)));
const motes = (n: bigint) => CLValue.newCLUInt512(n.toString());

/** A `List<Any>` arg whose elements are `bytes` (casper-js-sdk writes no length for a list of Any, so it is part of `bytes`). */
const listOfAny = (count: number, write: (w: ByteWriter) => void) => {
  const w = new ByteWriter(64).u32(count);
  write(w);
  return CLValue.newCLList(CLTypeAny, [CLValue.newCLAny(w.toBytes())]);
};

function signerOf(who: Staker, options: StakingOptions): Signer {
  if (options.from !== undefined) return options.from;
  if (typeof who !== "string" || !/^(0[12][0-9a-fA-F]+|uref-.*)$/.test(who)) return who;
  throw new Error(`${who.startsWith("uref-") ? "a purse" : `a public key (${who})`} cannot sign: pass options.from, the deploy's account`);
}

function callAuction(engine: Engine, from: Signer, entryPoint: string, args: ArgsInput, options: StakingOptions): ExecutionResult {
  if (options.wasm) return engine.runSession(from, options.wasm, args, options);
  return engine.callByHash(from, engine.systemContract("auction"), entryPoint, args, options);
}

/** `delegator` (a PublicKey), or in 2.0 `delegator_purse` (a URef with its rights) for a purse. */
function delegatorArgs(engine: Engine, delegator: Staker): Record<string, InstanceType<typeof CLValue>> {
  if (typeof delegator === "string" && delegator.startsWith("uref-")) {
    if (engine.protocol === "1.5.8") throw new Error(`a purse cannot delegate on 1.5.8 (DelegatorKind::Purse is 2.0's)`);
    return { delegator_purse: CLValue.newCLUref(sdk.URef.fromString(delegator)) };
  }
  return { delegator: sdkKey(publicKeyOf(engine, delegator)) };
}

export function delegate(engine: Engine, delegator: Staker, validator: Staker, amount: bigint, options: StakingOptions = {}): ExecutionResult {
  const args = { ...delegatorArgs(engine, delegator), validator: sdkKey(publicKeyOf(engine, validator)), amount: motes(amount) };
  return callAuction(engine, signerOf(delegator, options), "delegate", args, options);
}

export function undelegate(engine: Engine, delegator: Staker, validator: Staker, amount: bigint, options: StakingOptions = {}): ExecutionResult {
  const args = { ...delegatorArgs(engine, delegator), validator: sdkKey(publicKeyOf(engine, validator)), amount: motes(amount) };
  return callAuction(engine, signerOf(delegator, options), "undelegate", args, options);
}

export function redelegate(engine: Engine, delegator: Staker, validator: Staker, newValidator: Staker, amount: bigint, options: StakingOptions = {}): ExecutionResult {
  const args = {
    ...delegatorArgs(engine, delegator), validator: sdkKey(publicKeyOf(engine, validator)),
    amount: motes(amount), new_validator: sdkKey(publicKeyOf(engine, newValidator)),
  };
  return callAuction(engine, signerOf(delegator, options), "redelegate", args, options);
}

export function addBid(engine: Engine, validator: Staker, amount: bigint, delegationRate: number, options: BidOptions = {}): ExecutionResult {
  const args: Record<string, InstanceType<typeof CLValue>> = {
    public_key: sdkKey(publicKeyOf(engine, validator)), delegation_rate: CLValue.newCLUint8(delegationRate), amount: motes(amount),
  };
  const v2 = options.minimumDelegationAmount !== undefined || options.maximumDelegationAmount !== undefined || options.reservedSlots !== undefined;
  if (v2 && engine.protocol === "1.5.8") throw new Error("add_bid's delegation limits and reserved slots are 2.0's: 1.5.8 has no such args");
  if (options.minimumDelegationAmount !== undefined) args.minimum_delegation_amount = CLValue.newCLUint64(options.minimumDelegationAmount);
  if (options.maximumDelegationAmount !== undefined) args.maximum_delegation_amount = CLValue.newCLUint64(options.maximumDelegationAmount);
  if (options.reservedSlots !== undefined) args.reserved_slots = CLValue.newCLUInt32(options.reservedSlots);
  return callAuction(engine, signerOf(validator, options), "add_bid", args, options);
}

export function withdrawBid(engine: Engine, validator: Staker, amount: bigint, options: StakingOptions = {}): ExecutionResult {
  const args = { public_key: sdkKey(publicKeyOf(engine, validator)), amount: motes(amount) };
  return callAuction(engine, signerOf(validator, options), "withdraw_bid", args, options);
}

export function activateBid(engine: Engine, validator: Staker, options: StakingOptions = {}): ExecutionResult {
  // the arg is `validator_public_key` in 1.5.8, `validator` in 2.0 (entry_points.rs of each)
  const name = engine.protocol === "1.5.8" ? "validator_public_key" : "validator";
  return callAuction(engine, signerOf(validator, options), "activate_bid", { [name]: sdkKey(publicKeyOf(engine, validator)) }, options);
}

function require2(engine: Engine, what: string): void {
  if (engine.protocol === "1.5.8") throw new Error(`${what} is a Casper 2.0 auction entry point: 1.5.8 has none`);
}

/** 2.0 change_bid_public_key (the entry point is named " change_bid_public_key", leading space included). */
export function changeBidPublicKey(engine: Engine, validator: Staker, newPublicKey: Staker, options: StakingOptions = {}): ExecutionResult {
  require2(engine, "change_bid_public_key");
  const args = { public_key: sdkKey(publicKeyOf(engine, validator)), new_public_key: sdkKey(publicKeyOf(engine, newPublicKey)) };
  return callAuction(engine, signerOf(validator, options), METHOD_CHANGE_BID_PUBLIC_KEY, args, options);
}

/** 2.0 add_reservations: reserve delegator slots of `validator`, each with its own delegation rate. */
export function addReservations(engine: Engine, validator: Staker, reservations: readonly { delegator: Staker; delegationRate: number }[], options: StakingOptions = {}): ExecutionResult {
  require2(engine, "add_reservations");
  const v = publicKeyOf(engine, validator);
  const list = listOfAny(reservations.length, (w) => {
    for (const r of reservations) writeReservation(w, { delegatorKind: stakerOf(engine, r.delegator), validatorPublicKey: v, delegationRate: r.delegationRate });
  });
  return callAuction(engine, signerOf(validator, options), "add_reservations", { reservations: list }, options);
}

/** 2.0 cancel_reservations */
export function cancelReservations(engine: Engine, validator: Staker, delegators: readonly Staker[], options: StakingOptions = {}): ExecutionResult {
  require2(engine, "cancel_reservations");
  const list = listOfAny(delegators.length, (w) => {
    for (const d of delegators) writeDelegatorKind(w, stakerOf(engine, d));
  });
  return callAuction(engine, signerOf(validator, options), "cancel_reservations", { validator: sdkKey(publicKeyOf(engine, validator)), delegators: list }, options);
}

export const eraChainOf = (engine: Engine): EraChain => ({
  state: engine.state, runtime: engine.config.runtime, core: engine.config.chainspec.core, system: engine.system, modules: engine.modules,
});

/** End `n` eras: each moves block time on by the chainspec's era duration and runs the protocol's era step. */
export function advanceEras(engine: Engine, n: number, options: EraOptions = {}): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`advanceEras: n must be a whole number of eras, got ${n}`);
  const model = auctionModel(engine.protocol);
  const duration = eraDurationMillis(engine.config.chainspec.core);
  const rewards = Object.entries(options.rewards ?? {}).map(([who, r]) => ({ validator: publicKeyOf(engine, who), value: r }));
  if (model.rewardsAre === "factors" && rewards.some((r) => typeof r.value !== "bigint")) {
    throw new Error("advanceEras: 1.5.8 rewards are one reward factor per validator (10^12 = a full share), not a list");
  }
  const step = {
    rewardFactors: model.rewardsAre === "factors" && rewards.length > 0 ? rewards.map((r) => ({ validator: r.validator, factor: r.value as bigint })) : undefined,
    rewards: model.rewardsAre === "motes" && rewards.length > 0
      ? rewards.map((r) => ({ validator: r.validator, amounts: typeof r.value === "bigint" ? [r.value] : [...r.value] }))
      : undefined,
    slashed: (options.slashed ?? []).map((v) => publicKeyOf(engine, v)),
    evicted: (options.evicted ?? []).map((v) => publicKeyOf(engine, v)),
  };
  for (let i = 0; i < n; i++) {
    const before = engine.blocktime;
    engine.advanceTime(duration);
    try {
      // the step commits all of its writes at its end, or none
      model.eraStep(eraChainOf(engine), engine.blocktime, step);
    } catch (e) {
      engine.blocktime = before;
      throw e;
    }
  }
}

export const stakingState = (engine: Engine): StakingState => auctionModel(engine.protocol).read(engine.state);

export const eraId = (engine: Engine): bigint => stakingState(engine).eraId;

const sameStaker = (a: StakerId, b: StakerId) => stakerHex(a) === stakerHex(b) && a.kind === b.kind;
const stakerHex = (s: StakerId) => toHex(s.kind === "PublicKey" ? s.publicKey : s.addr);

/** The delegator's stake with the validator (the validator's own stake when both are the same key); 0 if none. */
export function stakeOf(engine: Engine, delegator: Staker, validator: Staker): bigint {
  const v = toHex(publicKeyOf(engine, validator));
  const bid = stakingState(engine).bids.find((b) => toHex(b.validatorPublicKey) === v);
  if (!bid) return 0n;
  const d = stakerOf(engine, delegator);
  if (d.kind === "PublicKey" && toHex(d.publicKey) === v) return bid.stakedAmount;
  return bid.delegators.find((x) => sameStaker(x.delegator, d))?.stakedAmount ?? 0n;
}

function stakerView(engine: Engine, s: StakerId): { delegator: string; kind: "PublicKey" | "Purse"; name?: string } {
  const hex = stakerHex(s);
  return { delegator: hex, kind: s.kind, name: s.kind === "PublicKey" ? engine.nameOfKey(hex) : undefined };
}

function bidView(engine: Engine, bid: BidRecord): BidView {
  const delegators = bid.delegators.map((d) => ({ ...stakerView(engine, d.delegator), stakedAmount: d.stakedAmount, bondingPurse: formatURef(d.bondingPurse) }));
  const limits = bid.delegationLimits;
  return {
    validator: toHex(bid.validatorPublicKey),
    name: engine.nameOfKey(toHex(bid.validatorPublicKey)),
    stakedAmount: bid.stakedAmount,
    totalStake: delegators.reduce((s, d) => s + d.stakedAmount, bid.stakedAmount),
    delegationRate: bid.delegationRate,
    inactive: bid.inactive,
    bondingPurse: formatURef(bid.bondingPurse),
    releaseTimestampMillis: bid.vestingSchedule?.initialReleaseTimestampMillis,
    ...(limits ? { minimumDelegationAmount: limits.minimum, maximumDelegationAmount: limits.maximum, reservedSlots: limits.reservedSlots } : {}),
    delegators,
    reservations: bid.reservations.map((r) => ({ ...stakerView(engine, r.delegator), delegationRate: r.delegationRate })),
  };
}

export const bids = (engine: Engine): BidView[] => stakingState(engine).bids.map((b) => bidView(engine, b));

export function bid(engine: Engine, validator: Staker): BidView | undefined {
  const v = toHex(publicKeyOf(engine, validator));
  const b = stakingState(engine).bids.find((x) => toHex(x.validatorPublicKey) === v);
  return b && bidView(engine, b);
}

export function unbonds(engine: Engine): UnbondView[] {
  const delay = BigInt(engine.config.chainspec.core.unbonding_delay);
  return stakingState(engine).unbonds.map((u) => {
    const who = stakerView(engine, u.unbonder);
    return {
      validator: toHex(u.validatorPublicKey),
      unbonder: who.delegator,
      unbonderName: who.name,
      amount: u.amount,
      eraOfCreation: u.eraOfCreation,
      payableInEra: u.eraOfCreation + delay,
      newValidator: u.newValidator && toHex(u.newValidator),
      bondingPurse: formatURef(u.bondingPurse),
    };
  });
}

/** The validator set of `era` (default: the current era) with each validator's weight, in public key order. */
export function validators(engine: Engine, era?: bigint): ValidatorWeight[] {
  const state = stakingState(engine);
  const which = era ?? state.eraId;
  const set = state.validatorSets.get(which);
  if (!set) throw new Error(`no validator set for era ${which}: the auction knows eras ${[...state.validatorSets.keys()].join(", ")}`);
  return set.map((r) => ({ publicKey: toHex(r.publicKey), name: engine.nameOfKey(toHex(r.publicKey)), weight: r.weight }));
}

