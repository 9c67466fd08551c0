// The engine's staking test API: deploys that call the auction (as a stored contract by its hash,
// the way wallets send undelegate, or through session wasm such as delegate.wasm), era advance, and
// readable views of bids, delegations, unbonding purses and validator sets.

import sdk from "casper-js-sdk";
import { toHex } from "../../bytesrepr/hex.ts";
import { formatURef } from "../../bytesrepr/key.ts";
import { type PublicKeyBytes, publicKeyFromHex } from "../../bytesrepr/public-key.ts";
import type { Engine, RunOptions, Signer } from "../../engine/engine.ts";
import type { ExecutionResult } from "../../engine/result.ts";
import type { ArgsInput } from "../../engine/deploys.ts";
import type { TestKey } from "../../engine/keys.ts";
import { eraDurationMillis, runEraStep } from "./era.ts";
import { readBidFrom, readBidsFrom, readEraIdFrom, readSnapshotFrom, readUnbondsFrom } from "./queries.ts";
import { type Bid, recipientTotalStake, sortedByKey } from "./records.ts";

const { CLValue } = sdk;

/** A validator or delegator: an account name ("alice", "validator-1"), a TestKey, or a public key hex. */
export type Staker = string | TestKey;

export interface StakingOptions extends RunOptions {
  /** the deploy's account (default: the delegator, or the validator for bids) */
  readonly from?: Signer;
  /** run this session wasm with the entry point's args instead of calling the auction by hash */
  readonly wasm?: Uint8Array;
}

export interface EraOptions {
  /** reward factors by validator for `distribute` each era (10^12 = BLOCK_REWARD is a full share of the base reward) */
  readonly rewards?: Readonly<Record<string, bigint>>;
  /** validators slashed at the end of each era advanced */
  readonly slashed?: readonly Staker[];
  /** validators evicted (bids deactivated) at the end of each era advanced */
  readonly evicted?: readonly Staker[];
}

export interface DelegationView {
  readonly delegator: string;
  readonly name?: string;
  readonly stakedAmount: bigint;
  readonly bondingPurse: string;
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
  readonly delegators: readonly DelegationView[];
}

export interface UnbondView {
  readonly validator: string;
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

export function publicKeyOf(engine: Engine, who: Staker): PublicKeyBytes {
  if (typeof who !== "string") return who.publicKeyBytes;
  if (/^(01[0-9a-fA-F]{64}|02[0-9a-fA-F]{66})$/.test(who)) return publicKeyFromHex(who);
  if (/^0[0-9a-fA-F]{9,}$/.test(who)) {
    throw new Error(`"${who}" is neither an account name nor a public key (01 + 64 hex digits for ed25519, 02 + 66 for secp256k1)`);
  }
  return engine.key(who).publicKeyBytes;
}

const sdkKey = (pk: PublicKeyBytes) => CLValue.newCLPublicKey(sdk.PublicKey.fromHex(toHex(pk)));
const motes = (n: bigint) => CLValue.newCLUInt512(n.toString());

function signerOf(who: Staker, options: StakingOptions): Signer {
  if (options.from !== undefined) return options.from;
  if (typeof who !== "string" || !/^0[12][0-9a-fA-F]+$/.test(who)) return who;
  throw new Error(`a public key (${who}) cannot sign: pass options.from, the deploy's account`);
}

function callAuction(engine: Engine, from: Signer, entryPoint: string, args: ArgsInput, options: StakingOptions): ExecutionResult {
  if (options.wasm) return engine.runSession(from, options.wasm, args, options);
  return engine.callByHash(from, engine.systemContract("auction"), entryPoint, args, options);
}

export function delegate(engine: Engine, delegator: Staker, validator: Staker, amount: bigint, options: StakingOptions = {}): ExecutionResult {
  const args = { delegator: sdkKey(publicKeyOf(engine, delegator)), validator: sdkKey(publicKeyOf(engine, validator)), amount: motes(amount) };
  return callAuction(engine, signerOf(delegator, options), "delegate", args, options);
}

export function undelegate(engine: Engine, delegator: Staker, validator: Staker, amount: bigint, options: StakingOptions = {}): ExecutionResult {
  const args = { delegator: sdkKey(publicKeyOf(engine, delegator)), validator: sdkKey(publicKeyOf(engine, validator)), amount: motes(amount) };
  return callAuction(engine, signerOf(delegator, options), "undelegate", args, options);
}

export function redelegate(engine: Engine, delegator: Staker, validator: Staker, newValidator: Staker, amount: bigint, options: StakingOptions = {}): ExecutionResult {
  const args = {
    delegator: sdkKey(publicKeyOf(engine, delegator)), validator: sdkKey(publicKeyOf(engine, validator)),
    amount: motes(amount), new_validator: sdkKey(publicKeyOf(engine, newValidator)),
  };
  return callAuction(engine, signerOf(delegator, options), "redelegate", args, options);
}

export function addBid(engine: Engine, validator: Staker, amount: bigint, delegationRate: number, options: StakingOptions = {}): ExecutionResult {
  const args = { public_key: sdkKey(publicKeyOf(engine, validator)), delegation_rate: CLValue.newCLUint8(delegationRate), amount: motes(amount) };
  return callAuction(engine, signerOf(validator, options), "add_bid", args, options);
}

export function withdrawBid(engine: Engine, validator: Staker, amount: bigint, options: StakingOptions = {}): ExecutionResult {
  const args = { public_key: sdkKey(publicKeyOf(engine, validator)), amount: motes(amount) };
  return callAuction(engine, signerOf(validator, options), "withdraw_bid", args, options);
}

export function activateBid(engine: Engine, validator: Staker, options: StakingOptions = {}): ExecutionResult {
  const args = { validator_public_key: sdkKey(publicKeyOf(engine, validator)) };
  return callAuction(engine, signerOf(validator, options), "activate_bid", args, options);
}

/** End `n` eras: each moves block time on by the chainspec's era duration and runs the era step. */
export function advanceEras(engine: Engine, n: number, options: EraOptions = {}): void {
  if (!Number.isInteger(n) || n < 0) throw new Error(`advanceEras: n must be a whole number of eras, got ${n}`);
  const duration = eraDurationMillis(engine.config);
  const step = {
    rewards: Object.entries(options.rewards ?? {}).map(([who, factor]) => ({ validator: publicKeyOf(engine, who), factor })),
    slashed: (options.slashed ?? []).map((v) => publicKeyOf(engine, v)),
    evicted: (options.evicted ?? []).map((v) => publicKeyOf(engine, v)),
  };
  for (let i = 0; i < n; i++) {
    const before = engine.blocktime;
    engine.advanceTime(duration);
    try {
      // the step commits all of its writes at its end, or none
      runEraStep(engine, engine.blocktime, step);
    } catch (e) {
      engine.blocktime = before;
      throw e;
    }
  }
}

export const eraId = (engine: Engine): bigint => readEraIdFrom(engine.state);

/** The delegator's stake with the validator (the validator's own stake when both are the same key); 0 if none. */
export function stakeOf(engine: Engine, delegator: Staker, validator: Staker): bigint {
  const v = publicKeyOf(engine, validator);
  const bid = readBidFrom(engine.state, v);
  if (!bid) return 0n;
  const d = publicKeyOf(engine, delegator);
  if (toHex(d) === toHex(v)) return bid.stakedAmount;
  return bid.delegators.get(toHex(d))?.stakedAmount ?? 0n;
}

function bidView(engine: Engine, bid: Bid): BidView {
  const delegators = sortedByKey(bid.delegators.values(), (d) => d.delegatorPublicKey).map((d) => ({
    delegator: toHex(d.delegatorPublicKey),
    name: engine.nameOfKey(toHex(d.delegatorPublicKey)),
    stakedAmount: d.stakedAmount,
    bondingPurse: formatURef(d.bondingPurse),
  }));
  return {
    validator: toHex(bid.validatorPublicKey),
    name: engine.nameOfKey(toHex(bid.validatorPublicKey)),
    stakedAmount: bid.stakedAmount,
    totalStake: delegators.reduce((s, d) => s + d.stakedAmount, bid.stakedAmount),
    delegationRate: bid.delegationRate,
    inactive: bid.inactive,
    bondingPurse: formatURef(bid.bondingPurse),
    releaseTimestampMillis: bid.vestingSchedule?.initialReleaseTimestampMillis,
    delegators,
  };
}

export const bids = (engine: Engine): BidView[] =>
  sortedByKey(readBidsFrom(engine.state), (b) => b.validatorPublicKey).map((b) => bidView(engine, b));

export function bid(engine: Engine, validator: Staker): BidView | undefined {
  const b = readBidFrom(engine.state, publicKeyOf(engine, validator));
  return b && bidView(engine, b);
}

export function unbonds(engine: Engine): UnbondView[] {
  const delay = BigInt(engine.config.chainspec.core.unbonding_delay);
  return readUnbondsFrom(engine.state).map((u) => ({
    validator: toHex(u.validatorPublicKey),
    unbonder: toHex(u.unbonderPublicKey),
    unbonderName: engine.nameOfKey(toHex(u.unbonderPublicKey)),
    amount: u.amount,
    eraOfCreation: u.eraOfCreation,
    payableInEra: u.eraOfCreation + delay,
    newValidator: u.newValidator && toHex(u.newValidator),
    bondingPurse: formatURef(u.bondingPurse),
  }));
}

/** The validator set of `era` (default: the current era) with each validator's weight, in public key order. */
export function validators(engine: Engine, era?: bigint): ValidatorWeight[] {
  const snapshot = readSnapshotFrom(engine.state);
  const which = era ?? readEraIdFrom(engine.state);
  const recipients = snapshot.get(which);
  if (!recipients) {
    throw new Error(`no validator set for era ${which}: the auction knows eras ${[...snapshot.keys()].join(", ")}`);
  }
  return sortedByKey(recipients.values(), (r) => r.publicKey).map(({ publicKey, recipient }) => ({
    publicKey: toHex(publicKey),
    name: engine.nameOfKey(toHex(publicKey)),
    weight: recipientTotalStake(recipient),
  }));
}
