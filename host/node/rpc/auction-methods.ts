// state_get_auction_info and state_get_auction_info_v2, as the 2.0 sidecar answers them (casper-sidecar
// feat-2.0 rpcs/state.rs `GetAuctionInfo`, state/auction_state.rs; rpcs/state_get_auction_info_v2.rs),
// from the auction's records at the block's state: every BidKind under Key::BidAddr in key order, and
// the seigniorage recipients snapshot (each era's validators; a weight is the validator's total stake,
// its own plus its delegators', `SeigniorageRecipientV2::total_stake`).
//
// v2 lists every record as {public_key: BidKind::validator_public_key, bid}. The 1.x shape keeps one
// `Bid` per validator (types bid.rs `Bid::from_non_unified`): the validator's bid with its delegators
// that are public keys (a purse delegator has no place in it, and a delegator of a validator without a
// bid is dropped), each delegator unlocked (no vesting schedule); the other records do not appear.
import { toHex } from "../../bytesrepr/hex.ts";
import { formatURef } from "../../bytesrepr/key.ts";
import type { PublicKeyBytes } from "../../bytesrepr/public-key.ts";
import { sortedByKey } from "../../bytesrepr/auction/records.ts";
import { type BidKind, type SnapshotV2, recipientTotal } from "../../bytesrepr/auction/records-v2.ts";
import { bidKindJson, vestingJson } from "../auction-json.ts";
import type { ChainBlock } from "../chain.ts";
import { small } from "../cl-value-json.ts";
import { isQueryMiss } from "../engine-backend.ts";
import type { AuctionRecords } from "../engine-auction-state.ts";
import { readParams } from "../rpc-params.ts";
import type { NodeRpcContext, RpcHandler } from "./context.ts";
import { nodeRequestFailure } from "./sidecar-errors.ts";

/** bid_kind.rs `BidKind::validator_public_key`. */
function validatorOf(b: BidKind): PublicKeyBytes {
  switch (b.kind) {
    case "Unified":
    case "Validator":
    case "Delegator":
      return b.bid.validatorPublicKey;
    case "Bridge":
      return b.bridge.oldValidatorPublicKey;
    case "Credit":
      return b.credit.validatorPublicKey;
    case "Reservation":
      return b.reservation.validatorPublicKey;
    case "Unbond":
      return b.unbond.validatorPublicKey;
  }
}

/** auction_state.rs JsonEraValidators, eras ascending, validators in public key order. */
export function eraValidatorsJson(snapshot: SnapshotV2) {
  return [...snapshot.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((era) => ({
    era_id: small(era),
    validator_weights: sortedByKey(snapshot.get(era)!.values(), (e) => e.publicKey).map(({ publicKey, recipient }) => ({
      public_key: toHex(publicKey),
      weight: String(recipientTotal(recipient)),
    })),
  }));
}

interface DelegatorEntry { key: PublicKeyBytes; json: unknown }
interface ValidatorEntry { key: PublicKeyBytes; bid: Record<string, unknown>; delegators: DelegatorEntry[] }

/** auction_state.rs `AuctionState::new`: the records folded into one 1.x `Bid` per validator, in public key order. */
function bidsV1(bids: readonly BidKind[]) {
  const validators = new Map<string, ValidatorEntry>();
  const delegator = (publicKey: PublicKeyBytes, stakedAmount: bigint, bondingPurse: string, validator: PublicKeyBytes): DelegatorEntry => ({
    key: publicKey,
    json: {
      delegator_public_key: toHex(publicKey), staked_amount: String(stakedAmount), bonding_purse: bondingPurse,
      validator_public_key: toHex(validator), vesting_schedule: null,
    },
  });
  const base = (key: PublicKeyBytes, purse: string, staked: bigint, rate: number, vesting: unknown, inactive: boolean) => ({
    validator_public_key: toHex(key), bonding_purse: purse, staked_amount: String(staked), delegation_rate: rate, vesting_schedule: vesting, inactive,
  });
  for (const b of bids) {
    if (b.kind !== "Unified") continue;
    const u = b.bid;
    // a unified bid becomes ValidatorBid::unlocked: no vesting schedule
    validators.set(toHex(u.validatorPublicKey), {
      key: u.validatorPublicKey,
      bid: base(u.validatorPublicKey, formatURef(u.bondingPurse), u.stakedAmount, u.delegationRate, null, u.inactive),
      delegators: [...u.delegators.values()].map((d) => delegator(d.delegatorPublicKey, d.stakedAmount, formatURef(d.bondingPurse), d.validatorPublicKey)),
    });
  }
  for (const b of bids) {
    if (b.kind !== "Validator") continue;
    const v = b.bid;
    validators.set(toHex(v.validatorPublicKey), {
      key: v.validatorPublicKey,
      bid: base(v.validatorPublicKey, formatURef(v.bondingPurse), v.stakedAmount, v.delegationRate, vestingJson(v.vestingSchedule), v.inactive),
      delegators: [],
    });
  }
  for (const b of bids) {
    if (b.kind !== "Delegator" || b.bid.delegatorKind.kind !== "PublicKey") continue;
    const entry = validators.get(toHex(b.bid.validatorPublicKey));
    if (!entry) continue;
    const d = b.bid;
    const key = (d.delegatorKind as { publicKey: PublicKeyBytes }).publicKey;
    entry.delegators = [...entry.delegators.filter((x) => toHex(x.key) !== toHex(key)), delegator(key, d.stakedAmount, formatURef(d.bondingPurse), d.validatorPublicKey)];
  }
  return sortedByKey(validators.values(), (e) => e.key).map((e) => ({
    public_key: toHex(e.key),
    bid: {
      ...e.bid,
      delegators: sortedByKey(e.delegators, (d) => d.key).map((d) => ({ delegator_public_key: toHex(d.key), delegator: d.json })),
    },
  }));
}

/** The auction's records at a block, with the sidecar's error when the node cannot read them. */
export async function auctionAt(ctx: NodeRpcContext, block: ChainBlock, what: string): Promise<AuctionRecords> {
  if (!ctx.backend.auctionAt) throw nodeRequestFailure(what, "FunctionIsDisabled");
  const records = await ctx.backend.auctionAt(block.stateRootHash);
  if (isQueryMiss(records)) throw nodeRequestFailure(what, records.miss === "RootNotFound" ? "UnknownStateRootHash" : "QueryFailedToExecute");
  return records;
}

async function auctionInfo(ctx: NodeRpcContext, params: unknown, shape: "1.x" | "2.0") {
  const p = readParams(params, [{ name: "block_identifier", required: true }], true);
  const block = ctx.blockFor(p.block_identifier);
  const records = await auctionAt(ctx, block, "auction bids");
  return {
    api_version: ctx.apiVersion,
    auction_state: {
      state_root_hash: block.stateRootHash,
      block_height: block.height,
      era_validators: eraValidatorsJson(records.snapshot),
      bids: shape === "2.0"
        ? records.bids.map((b) => ({ public_key: toHex(validatorOf(b)), bid: bidKindJson(b) }))
        : bidsV1(records.bids),
    },
  };
}

export function auctionMethods(ctx: NodeRpcContext): [string, RpcHandler][] {
  return [
    ["state_get_auction_info", (params) => auctionInfo(ctx, params, "1.x")],
    ["state_get_auction_info_v2", (params) => auctionInfo(ctx, params, "2.0")],
  ];
}
