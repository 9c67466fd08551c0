// A switch block on the engine (casper-node 2.0 node/src/components/contract_runtime/operations.rs):
// the era's rewards, computed from its blocks (era-rewards.ts) when the protocol's distribute takes
// them in motes, then the auction's era step of the engine's protocol at the switch block's time, and
// the era end the block records: the next era's validator weights (from the auction's snapshot) and
// the rewards. The local node has one validator proposing every block: no equivocators and no
// inactive validators are reported (their eviction is a consensus output the local node has none of).
import { accountHashOf, publicKeyFromHex } from "../bytesrepr/public-key.ts";
import { toHex } from "../bytesrepr/hex.ts";
import type { Engine } from "../engine/engine.ts";
import { eraChainOf } from "../engine/staking.ts";
import type { CommittedStep } from "../system/auction/era.ts";
import { auctionModel } from "../system/auction/models.ts";
import type { EraEndData } from "./chain.ts";
import type { BlockContext } from "./engine-backend.ts";
import { rewardsForEra } from "./era-rewards.ts";

/** The era's end as the switch block records it, and what the auction's step committed (the Step event's effects). */
export function endEngineEra(engine: Engine, block: BlockContext, blocksByProposer: ReadonlyMap<string, number>): { eraEnd: EraEndData; step: CommittedStep } {
  engine.blocktime = block.timestampMs;
  engine.proposer = accountHashOf(publicKeyFromHex(block.proposer));
  const model = auctionModel(engine.protocol);
  const before = model.read(engine.state);
  const era = before.eraId;
  const core = engine.config.chainspec.core;
  let rewards: { validator: string; amounts: bigint[] }[] = [];
  if (model.rewardsAre === "motes") {
    const [rn, rd] = core.round_seigniorage_rate;
    const [fn, fd] = core.finality_signature_proportion ?? [95, 100];
    const computed = rewardsForEra({
      validators: (before.validatorSets.get(era) ?? []).map((r) => toHex(r.publicKey)),
      blocksByProposer,
      totalSupply: BigInt(engine.value(engine.systemContract("mint"), ["total_supply"]).toString()),
      roundSeigniorageRate: [BigInt(rn), BigInt(rd)],
      finalitySignatureProportion: [BigInt(fn), BigInt(fd)],
    });
    // compute_rewards = false: consensus hands every validator zero
    rewards = core.compute_rewards ? computed : computed.map((r) => ({ validator: r.validator, amounts: r.amounts.map(() => 0n) }));
  }
  const step = model.eraStep(eraChainOf(engine), block.timestampMs, model.rewardsAre === "motes"
    ? { rewards: rewards.map((r) => ({ validator: publicKeyFromHex(r.validator), amounts: r.amounts })) }
    : {});
  const next = model.read(engine.state).validatorSets.get(BigInt(era) + 1n) ?? [];
  const eraEnd: EraEndData = {
    equivocators: [],
    inactiveValidators: [],
    nextEraValidatorWeights: next.map((r) => ({ validator: toHex(r.publicKey), weight: r.weight })),
    rewards,
    nextEraGasPrice: 1,
  };
  return { eraEnd, step };
}
