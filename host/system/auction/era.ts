// The end of an era: what the node's era step hands the auction, run as the system account in the
// auction's context on a fresh tracking copy whose writes are committed together, or none if a call
// fails. 1.5.8 (core/engine_state/mod.rs `commit_step`): `distribute` (when reward factors are
// given), `slash` (when validators are slashed), then `run_auction`, each a direct system contract
// call with an address generator seeded by blake2b(era_end_timestamp_millis ++ next_era_id). 2.0's
// step is v2/era-step.ts.

import { createAccount } from "../../bytesrepr/account.ts";
import { CLT, clList, clMap } from "../../bytesrepr/cl-type.ts";
import { type CLValue, clv } from "../../bytesrepr/cl-value.ts";
import { AccessRights, type Key, hashKey, keyId } from "../../bytesrepr/key.ts";
import type { StoredValue } from "../../bytesrepr/stored-value.ts";
import { SYSTEM_ACCOUNT_HASH, type PublicKeyBytes } from "../../bytesrepr/public-key.ts";
import type { NamedArg } from "../../bytesrepr/runtime-args.ts";
import { toHex } from "../../bytesrepr/hex.ts";
import { ByteWriter } from "../../bytesrepr/writer.ts";
import { blake2b256 } from "../../crypto/hash.ts";
import { durationMillis } from "../../bytesrepr/time-format.ts";
import { RuntimeStack } from "../../runtime/call-stack.ts";
import { RuntimeContext } from "../../runtime/context.ts";
import { ExecError, toExecError } from "../../runtime/errors.ts";
import { Execution, type RuntimeConfig, readSystemRegistry } from "../../runtime/execution.ts";
import { NO_METER } from "../../runtime/meter.ts";
import type { ModuleLoader } from "../../runtime/modules.ts";
import { Runtime, contractAccessRights } from "../../runtime/runtime.ts";
import type { SystemContracts } from "../../runtime/system-api.ts";
import { AddressGenerator, Phase } from "../../state/address-generator.ts";
import type { GlobalState } from "../../state/global-state.ts";
import { type JournalEntry, TrackingCopy } from "../../state/tracking-copy.ts";
import { readEraIdFrom } from "./queries.ts";
import { sortedByKey } from "../../bytesrepr/auction/records.ts";

/** The chainspec [core] values the auction's genesis and era step read (host/gas/chainspec.ts CoreConfig). */
export interface AuctionCoreConfig {
  readonly era_duration: string;
  readonly validator_slots: number;
  readonly auction_delay: number;
  readonly locked_funds_period: string;
  readonly unbonding_delay: number;
  readonly fee_handling: { readonly type: string };
  readonly validator_credit_cap?: readonly [number, number];
}

/** What an era step needs of the chain it runs on. */
export interface EraChain {
  readonly state: GlobalState;
  readonly runtime: RuntimeConfig;
  readonly core: AuctionCoreConfig;
  readonly system: SystemContracts;
  readonly modules: ModuleLoader;
}

export interface EraStepOptions {
  /** 1.5.8 `distribute`: reward factors per validator (consensus' output; BLOCK_REWARD = 10^12 is a full share) */
  readonly rewardFactors?: readonly { readonly validator: PublicKeyBytes; readonly factor: bigint }[];
  /** 2.0 `distribute`: each validator's rewards in motes, per era back (index 0: the ending era) */
  readonly rewards?: readonly { readonly validator: PublicKeyBytes; readonly amounts: readonly bigint[] }[];
  /** validators to slash (`slash`) */
  readonly slashed?: readonly PublicKeyBytes[];
  /** validators to evict (run_auction's evicted_validators: their bids are deactivated) */
  readonly evicted?: readonly PublicKeyBytes[];
}

/** The chainspec's era duration in ms (core.era_duration). */
export const eraDurationMillis = (core: Pick<AuctionCoreConfig, "era_duration">): bigint => durationMillis("core.era_duration", core.era_duration);

export const publicKeyList = (keys: readonly PublicKeyBytes[]): CLValue => {
  const w = new ByteWriter(4 + 34 * keys.length);
  w.u32(keys.length);
  for (const k of keys) w.raw(k);
  return { clType: clList(CLT.PublicKey), bytes: w.toBytes() };
};

/** A runtime of the system account inside the auction's context, with an address generator seeded by `seed`. */
export type SystemRuntimeFactory = (seed: Uint8Array) => Runtime;

/**
 * Run `fn` on a tracking copy over the chain's state, where `newRuntime(seed)` gives a runtime of the
 * system account in the auction's context (the node's system runtime); commit the writes if `fn`
 * returns, drop them if it throws (the error names the step).
 */
/**
 * What one system call of the era step committed: its writes in order, and each key's value before it
 * (what the node's Step event reports: commit_step's effects).
 */
export interface CommittedStep {
  readonly journal: readonly JournalEntry[];
  readonly before: (key: Key) => StoredValue | undefined;
}

export function asSystemInAuction(chain: EraChain, what: string, fn: (newRuntime: SystemRuntimeFactory, auctionHash: Uint8Array) => void): CommittedStep {
  const state = new TrackingCopy(chain.state);
  const registry = readSystemRegistry(state);
  const auctionHash = registry.get("auction");
  if (!auctionHash) throw new Error("era step: the system contract registry has no auction");
  // the virtual system account of the node's step: the system account hash with an all-zero purse
  const system = createAccount(SYSTEM_ACCOUNT_HASH, { addr: new Uint8Array(32), rights: AccessRights.READ_ADD_WRITE });
  const authorization = new Set([toHex(SYSTEM_ACCOUNT_HASH)]);
  const cfg = chain.runtime;
  const newRuntime = (seed: Uint8Array): Runtime => {
    const exec = new Execution(
      cfg, state, system, authorization, seed, 0n, Phase.Session, new AddressGenerator(seed, Phase.Session),
      NO_METER, chain.modules, chain.system, undefined, [],
    );
    const v = state.read(hashKey(auctionHash));
    if (!v || v.kind !== "Contract") throw new Error("era step: the auction contract is missing");
    const access = contractAccessRights(auctionHash, v.contract.namedKeys);
    const ctx = new RuntimeContext(exec, hashKey(auctionHash), "Contract", new Map(v.contract.namedKeys), access, [], 0n);
    return new Runtime(ctx, RuntimeStack.fromAccount(SYSTEM_ACCOUNT_HASH, cfg.maxRuntimeCallStackHeight), 0);
  };
  try {
    fn(newRuntime, auctionHash);
  } catch (e) {
    const err = toExecError(e);
    throw new ExecError(err.kind, `era step (${what}): ${err.message}`, err.api);
  }
  const prior = new Map<string, StoredValue | undefined>();
  for (const j of state.journal) {
    const id = keyId(j.key);
    if (!prior.has(id)) prior.set(id, chain.state.readById(id));
  }
  state.commitTo(chain.state);
  return { journal: state.journal, before: (key) => prior.get(keyId(key)) };
}

const rewardFactors = (rewards: NonNullable<EraStepOptions["rewardFactors"]>): CLValue => {
  const w = new ByteWriter(4 + 42 * rewards.length);
  const sorted = sortedByKey(rewards, (r) => r.validator);
  w.u32(sorted.length);
  for (const r of sorted) w.raw(r.validator).u64(r.factor);
  return { clType: clMap(CLT.PublicKey, CLT.U64), bytes: w.toBytes() };
};

/** 1.5.8: end the current era at `eraEndTimestampMillis`: distribute, slash, run the auction; commit. */
export function runEraStepV1(chain: EraChain, eraEndTimestampMillis: bigint, options: EraStepOptions = {}): CommittedStep {
  if (options.rewards) throw new Error("era step: 1.5.8's distribute takes reward factors (rewardFactors), not rewards in motes");
  const nextEra = readEraIdFrom(chain.state) + 1n;
  const seed = blake2b256(new ByteWriter(16).u64(eraEndTimestampMillis).u64(nextEra).toBytes());
  return asSystemInAuction(chain, `era ${nextEra - 1n}`, (newRuntime, auctionHash) => {
    // each of commit_step's calls gets its own executor call (and address generator) from the same seed
    const call = (entryPoint: string, args: NamedArg[]) => {
      try {
        newRuntime(seed).callContract(auctionHash, entryPoint, args);
      } catch (e) {
        const err = toExecError(e);
        throw new ExecError(err.kind, `${entryPoint}: ${err.message}`, err.api);
      }
    };
    if (options.rewardFactors && options.rewardFactors.length > 0) call("distribute", [{ name: "reward_factors", value: rewardFactors(options.rewardFactors) }]);
    if (options.slashed && options.slashed.length > 0) call("slash", [{ name: "validator_public_keys", value: publicKeyList(options.slashed) }]);
    call("run_auction", [
      { name: "era_end_timestamp_millis", value: clv.u64(eraEndTimestampMillis) },
      { name: "evicted_validators", value: publicKeyList(options.evicted ?? []) },
    ]);
  });
}
