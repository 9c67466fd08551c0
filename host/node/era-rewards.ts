// The rewards a switch block hands the auction's `distribute`, computed as casper-node 2.0 computes
// them (node/src/components/contract_runtime/rewards.rs `rewards_for_era`) from the era's blocks:
// every validator of the era gets an entry (zero if it earned nothing); each block of the era earns
// its proposer production_rewards_proportion (1 - finality_signature_proportion) of the reward per
// round, round_seigniorage_rate x total supply. The local node's blocks cite no finality signatures
// (their `rewarded_signatures` are empty: one node signs nothing for another), so the signature
// contribution and collection shares are zero, as the same computation gives for such blocks. Sums
// are exact rationals, rounded down once per validator (Ratio::to_integer).

export interface EraRewardsInput {
  /** the era's validators (public key hex), from the snapshot */
  readonly validators: readonly string[];
  /** how many blocks of the era each proposer (public key hex) proposed, the switch block included */
  readonly blocksByProposer: ReadonlyMap<string, number>;
  /** the mint's total supply */
  readonly totalSupply: bigint;
  /** core.round_seigniorage_rate */
  readonly roundSeigniorageRate: readonly [bigint, bigint];
  /** core.finality_signature_proportion */
  readonly finalitySignatureProportion: readonly [bigint, bigint];
}

/** validator hex -> its rewards per era back (index 0: this era), in public key order. */
export function rewardsForEra(input: EraRewardsInput): { validator: string; amounts: bigint[] }[] {
  const [rn, rd] = input.roundSeigniorageRate;
  const [fn, fd] = input.finalitySignatureProportion;
  // production reward per block = (1 - fn/fd) * (rn/rd) * supply: numerator over PRODUCTION_DEN
  const numerator = (fd - fn) * rn * input.totalSupply;
  const denominator = fd * rd;
  const blocks = new Map<string, bigint>(input.validators.map((v) => [v.toLowerCase(), 0n]));
  for (const [p, n] of input.blocksByProposer) blocks.set(p.toLowerCase(), (blocks.get(p.toLowerCase()) ?? 0n) + BigInt(n));
  return [...blocks]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([validator, count]) => ({ validator, amounts: [(count * numerator) / denominator] }));
}
