// Eras as the 2.0 JSON-RPC reports them, over the local node's switch blocks (one ends each era, with
// its `era_end`: the next era's validators and the era's rewards):
// - chain_get_era_summary, chain_get_era_info_by_switch_block: casper-sidecar feat-2.0 rpcs/chain.rs
//   (`get_era_summary_by_block`: the EraInfo under Key::EraSummary at the block's state, else under
//   Key::EraInfo(era); no params: the latest switch block; by_switch_block answers null for a block that
//   ends no era);
// - info_get_reward: casper-node 2.0 binary_port.rs `InformationRequest::Reward` (the switch block
//   ending the era asked for, the seigniorage snapshot of its parent's state, storage
//   system/auction/detail.rs `reward`: the validator's or a delegator's part of the era's rewards);
// - info_get_validator_changes: consensus era_supervisor.rs `get_validator_changes` over the eras the
//   node keeps open (the current one and PAST_OPEN_ERAS = 2 before it), validator_change.rs: a
//   validator of an era not in the one before is Added, the other way Removed. The local node has one
//   proposer and no consensus faults, so nothing is ever Banned, CannotPropose or SeenAsFaulty.
import { eraSummaryKey, formatKey } from "../../bytesrepr/key.ts";
import { fromHex } from "../../bytesrepr/hex.ts";
import { AUCTION_OFFSET, AuctionError } from "../../runtime/api-error.ts";
import { AuctionFailure } from "../../system/auction/failure.ts";
import { type DelegatorKind, delegatorId } from "../../bytesrepr/auction/bid-addr.ts";
import { rewardsPerValidator } from "../../system/auction/v2/distribute.ts";
import type { Chain, ChainBlock } from "../chain.ts";
import { small } from "../cl-value-json.ts";
import { isQueryMiss } from "../engine-backend.ts";
import { RpcFailure } from "../rpc-errors.ts";
import { expectNoParams, invalid, oneVariant, readParams } from "../rpc-params.ts";
import { auctionAt } from "./auction-methods.ts";
import type { NodeRpcContext, RpcHandler } from "./context.ts";
import { nodeRequestFailure } from "./sidecar-errors.ts";
import { u64 } from "./state-root.ts";
import sdk from "casper-js-sdk";

/** era_supervisor.rs PAST_OPEN_ERAS: eras kept besides the current one. */
const PAST_OPEN_ERAS = 2;

/** The switch block that ended `era` (storage: switch block header by era id), if it has ended. */
function switchBlockOf(chain: Chain, era: number): ChainBlock | undefined {
  for (let h = chain.height; h >= 0; h--) {
    const b = chain.atHeight(h)!;
    if (b.eraEnd && b.eraId === era) return b;
    if (b.eraId < era) return undefined;
  }
  return undefined;
}

/** `get_era_summary_by_block`. */
async function eraSummary(ctx: NodeRpcContext, block: ChainBlock) {
  let found = await ctx.backend.query(block.stateRootHash, formatKey(eraSummaryKey), []);
  if (isQueryMiss(found) && found.miss === "ValueNotFound") found = await ctx.backend.query(block.stateRootHash, `era-${block.eraId}`, []);
  if (isQueryMiss(found)) {
    if (found.miss === "ValueNotFound") throw new RpcFailure("QueryFailed", "value was not found in the global state");
    throw nodeRequestFailure("era summary", found.miss === "RootNotFound" ? "UnknownStateRootHash" : "QueryFailedToExecute");
  }
  return {
    block_hash: block.hash,
    era_id: block.eraId,
    stored_value: found.storedValue,
    state_root_hash: block.stateRootHash,
    merkle_proof: found.merkleProof,
  };
}

function summaryBlock(ctx: NodeRpcContext, params: unknown): ChainBlock {
  const p = readParams(params, [{ name: "block_identifier", required: true }], true);
  return p.block_identifier === undefined ? ctx.chain.lastSwitchBlock() : ctx.blockFor(p.block_identifier);
}

/** binary_port.rs `resolve_era_switch_block_header`. */
function rewardSwitchBlock(ctx: NodeRpcContext, identifier: unknown): ChainBlock | undefined {
  if (identifier === undefined || identifier === null) return ctx.chain.lastSwitchBlock();
  const [kind, value] = oneVariant(identifier, ["Era", "Block"], "era_identifier");
  if (kind === "Era") return switchBlockOf(ctx.chain, u64(value, "era_identifier.Era"));
  let block: ChainBlock;
  try {
    block = ctx.blockFor(value);
  } catch (e) {
    if (e instanceof RpcFailure && e.code === -32001) return undefined;
    throw e;
  }
  return block.eraEnd ? block : switchBlockOf(ctx.chain, block.eraId);
}

function publicKeyHex(value: unknown, where: string): string {
  try {
    return sdk.PublicKey.fromHex(String(value)).toHex();
  } catch {
    throw invalid(`${where}: expected a public key hex, got ${JSON.stringify(value)}`);
  }
}

async function reward(ctx: NodeRpcContext, params: unknown) {
  const p = readParams(params, [
    { name: "validator", required: true },
    { name: "era_identifier", required: false },
    { name: "delegator", required: false },
  ]);
  const validator = publicKeyHex(p.validator, "validator");
  const delegator = p.delegator === undefined || p.delegator === null ? undefined : publicKeyHex(p.delegator, "delegator");
  const notFound = () => new RpcFailure("NoRewardsFound", "the requested reward was not found");
  const header = rewardSwitchBlock(ctx, p.era_identifier);
  if (!header) throw nodeRequestFailure("rewards", "SwitchBlockNotFound");
  // no rewards in the genesis block
  if (header.height === 0) throw notFound();
  const parent = ctx.chain.atHeight(header.height - 1)!;
  const { snapshot } = await auctionAt(ctx, parent, "rewards");
  const amounts = header.eraEnd?.rewards.find((r) => r.validator === validator)?.amounts;
  if (!amounts) throw notFound();
  const era = BigInt(header.eraId);
  const recipient = snapshot.get(era)?.get(validator);
  let total = 0n;
  try {
    const key = fromHex(validator, "validator");
    const delegatorKind: DelegatorKind | undefined = delegator ? { kind: "PublicKey", publicKey: fromHex(delegator, "delegator") } : undefined;
    for (const info of rewardsPerValidator(key, era, amounts, snapshot)) {
      total += delegatorKind ? info.delegatorRewards.get(delegatorId(delegatorKind))?.reward ?? 0n : info.validatorReward;
    }
  } catch (e) {
    // detail.rs `reward`: ValidatorNotFound / MissingSeigniorageRecipients are no reward; anything else
    // is the node's InternalError
    const noReward = [AuctionError.ValidatorNotFound, AuctionError.MissingSeigniorageRecipients].map((n) => AUCTION_OFFSET + n);
    if (e instanceof AuctionFailure && noReward.includes(e.apiCode)) throw notFound();
    if (e instanceof AuctionFailure) throw nodeRequestFailure("rewards", "InternalNodeError");
    throw e;
  }
  if (!recipient) throw notFound();
  return {
    api_version: ctx.apiVersion,
    reward_amount: String(total),
    era_id: header.eraId,
    delegation_rate: recipient.recipient.delegationRate,
    switch_block_hash: header.hash,
  };
}

/** The validators of `era`: the era's entry in the genesis snapshot for era 0, else the switch block before it says. */
async function validatorsOf(ctx: NodeRpcContext, era: number): Promise<Set<string>> {
  if (era === 0) {
    const { snapshot } = await auctionAt(ctx, ctx.chain.genesis(), "validator changes");
    return new Set([...(snapshot.get(0n)?.keys() ?? [])]);
  }
  const previous = switchBlockOf(ctx.chain, era - 1);
  return new Set(previous?.eraEnd?.nextEraValidatorWeights.map((w) => w.validator) ?? []);
}

const CHANGE_ORDER = ["Added", "Removed", "Banned", "CannotPropose", "SeenAsFaulty"];

async function validatorChanges(ctx: NodeRpcContext, params: unknown) {
  expectNoParams(params);
  const current = ctx.chain.currentEra;
  const changes = new Map<string, [number, string][]>();
  const add = (key: string, era: number, change: string) => changes.set(key, [...(changes.get(key) ?? []), [era, change]]);
  let before = await validatorsOf(ctx, Math.max(0, current - PAST_OPEN_ERAS));
  for (let era = Math.max(0, current - PAST_OPEN_ERAS) + 1; era <= current; era++) {
    const now = await validatorsOf(ctx, era);
    for (const v of before) if (!now.has(v)) add(v, era, "Removed");
    for (const v of now) if (!before.has(v)) add(v, era, "Added");
    before = now;
  }
  return {
    api_version: ctx.apiVersion,
    changes: [...changes.keys()].sort().map((publicKey) => ({
      public_key: publicKey,
      status_changes: changes.get(publicKey)!
        .sort(([ea, ca], [eb, cb]) => ea - eb || CHANGE_ORDER.indexOf(ca) - CHANGE_ORDER.indexOf(cb))
        .map(([era, change]) => ({ era_id: small(BigInt(era)), validator_change: change })),
    })),
  };
}

export function eraMethods(ctx: NodeRpcContext): [string, RpcHandler][] {
  return [
    ["chain_get_era_summary", async (params) => ({ api_version: ctx.apiVersion, era_summary: await eraSummary(ctx, summaryBlock(ctx, params)) })],
    ["chain_get_era_info_by_switch_block", async (params) => {
      const block = summaryBlock(ctx, params);
      return { api_version: ctx.apiVersion, era_summary: block.eraEnd ? await eraSummary(ctx, block) : null };
    }],
    ["info_get_reward", (params) => reward(ctx, params)],
    ["info_get_validator_changes", (params) => validatorChanges(ctx, params)],
  ];
}
