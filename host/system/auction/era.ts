// The end of an era (casper-node v1.5.8 core/engine_state/mod.rs `commit_step`): the system account
// calls the auction's `distribute` (when rewards are given), `slash` (when validators are slashed)
// and `run_auction`, each as a direct system contract call in the Session phase with a fresh address
// generator seeded by blake2b(era_end_timestamp_millis ++ next_era_id). All of an era's writes are
// committed together, or none if a call fails.

import { createAccount } from "../../bytesrepr/account.ts";
import { CLT, clList, clMap } from "../../bytesrepr/cl-type.ts";
import { type CLValue, clv } from "../../bytesrepr/cl-value.ts";
import { AccessRights, hashKey } from "../../bytesrepr/key.ts";
import { SYSTEM_ACCOUNT_HASH, type PublicKeyBytes } from "../../bytesrepr/public-key.ts";
import type { NamedArg } from "../../bytesrepr/runtime-args.ts";
import { toHex } from "../../bytesrepr/hex.ts";
import { ByteWriter } from "../../bytesrepr/writer.ts";
import { blake2b256 } from "../../crypto/hash.ts";
import type { EngineConfig } from "../../engine/config.ts";
import { durationMillis } from "../../bytesrepr/time-format.ts";
import { RuntimeStack } from "../../runtime/call-stack.ts";
import { RuntimeContext } from "../../runtime/context.ts";
import { ExecError, toExecError } from "../../runtime/errors.ts";
import { Execution, readSystemRegistry } from "../../runtime/execution.ts";
import { NO_METER } from "../../runtime/meter.ts";
import type { ModuleLoader } from "../../runtime/modules.ts";
import { Runtime, contractAccessRights } from "../../runtime/runtime.ts";
import type { SystemContracts } from "../../runtime/system-api.ts";
import { AddressGenerator, Phase } from "../../state/address-generator.ts";
import type { GlobalState } from "../../state/global-state.ts";
import { TrackingCopy } from "../../state/tracking-copy.ts";
import { readEraIdFrom } from "./queries.ts";
import { sortedByKey } from "./records.ts";

/** What an era step needs from the engine. */
export interface EraChain {
  readonly state: GlobalState;
  readonly config: EngineConfig;
  readonly system: SystemContracts;
  readonly modules: ModuleLoader;
}

export interface EraStepOptions {
  /** reward factors per validator (consensus' output; BLOCK_REWARD = 10^12 is a full share) for `distribute` */
  readonly rewards?: readonly { readonly validator: PublicKeyBytes; readonly factor: bigint }[];
  /** validators to slash (`slash`) */
  readonly slashed?: readonly PublicKeyBytes[];
  /** validators to evict (run_auction's evicted_validators: their bids are deactivated) */
  readonly evicted?: readonly PublicKeyBytes[];
}

/** The chainspec's era duration in ms (core.era_duration). */
export const eraDurationMillis = (config: EngineConfig): bigint => durationMillis("core.era_duration", config.chainspec.core.era_duration);

const publicKeyList = (keys: readonly PublicKeyBytes[]): CLValue => {
  const w = new ByteWriter(4 + 34 * keys.length);
  w.u32(keys.length);
  for (const k of keys) w.raw(k);
  return { clType: clList(CLT.PublicKey), bytes: w.toBytes() };
};

const rewardFactors = (rewards: NonNullable<EraStepOptions["rewards"]>): CLValue => {
  const w = new ByteWriter(4 + 42 * rewards.length);
  const sorted = sortedByKey(rewards, (r) => r.validator);
  w.u32(sorted.length);
  for (const r of sorted) w.raw(r.validator).u64(r.factor);
  return { clType: clMap(CLT.PublicKey, CLT.U64), bytes: w.toBytes() };
};

/** End the current era at `eraEndTimestampMillis`: distribute, slash, run the auction; commit. */
export function runEraStep(chain: EraChain, eraEndTimestampMillis: bigint, options: EraStepOptions = {}): void {
  const state = new TrackingCopy(chain.state);
  const registry = readSystemRegistry(state);
  const auctionHash = registry.get("auction");
  if (!auctionHash) throw new Error("era step: the system contract registry has no auction");
  const nextEra = readEraIdFrom(chain.state) + 1n;
  const seed = blake2b256(new ByteWriter(16).u64(eraEndTimestampMillis).u64(nextEra).toBytes());
  // commit_step's virtual system account: the system account hash with an all-zero purse
  const system = createAccount(SYSTEM_ACCOUNT_HASH, { addr: new Uint8Array(32), rights: AccessRights.READ_ADD_WRITE });
  const authorization = new Set([toHex(SYSTEM_ACCOUNT_HASH)]);
  const cfg = chain.config.runtime;

  const call = (entryPoint: string, args: NamedArg[]) => {
    const exec = new Execution(
      cfg, state, system, authorization, seed, 0n, Phase.Session, new AddressGenerator(seed, Phase.Session),
      NO_METER, chain.modules, chain.system, undefined, [],
    );
    const v = state.read(hashKey(auctionHash));
    if (!v || v.kind !== "Contract") throw new Error("era step: the auction contract is missing");
    const access = contractAccessRights(auctionHash, v.contract.namedKeys);
    const ctx = new RuntimeContext(exec, hashKey(auctionHash), "Contract", new Map(v.contract.namedKeys), access, args, 0n);
    const rt = new Runtime(ctx, RuntimeStack.fromAccount(SYSTEM_ACCOUNT_HASH, cfg.maxRuntimeCallStackHeight), 0);
    try {
      rt.callContract(auctionHash, entryPoint, args);
    } catch (e) {
      const err = toExecError(e);
      throw new ExecError(err.kind, `era step (${entryPoint}, era ${nextEra - 1n}): ${err.message}`, err.api);
    }
  };

  if (options.rewards && options.rewards.length > 0) call("distribute", [{ name: "reward_factors", value: rewardFactors(options.rewards) }]);
  if (options.slashed && options.slashed.length > 0) call("slash", [{ name: "validator_public_keys", value: publicKeyList(options.slashed) }]);
  call("run_auction", [
    { name: "era_end_timestamp_millis", value: clv.u64(eraEndTimestampMillis) },
    { name: "evicted_validators", value: publicKeyList(options.evicted ?? []) },
  ]);
  state.commitTo(chain.state);
}
