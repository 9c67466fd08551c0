// Installing the auction at genesis (casper-node v1.5.8 core/engine_state/genesis.rs
// `create_auction`): a locked bid with a funded bonding purse per genesis validator, the initial
// validator set for eras 0..=auction_delay, and the auction's named values, created in the node's
// order so addresses come out of the address generator in the same sequence.

import { clv } from "../../bytesrepr/cl-value.ts";
import { toHex } from "../../bytesrepr/hex.ts";
import { type Key, bidKey, urefKey } from "../../bytesrepr/key.ts";
import { accountHashOf } from "../../bytesrepr/public-key.ts";
import { durationMillis } from "../../bytesrepr/time-format.ts";
import type { AuctionGenesisConfig, GenesisInstaller } from "../../runtime/system-api.ts";
import { type Bid, SNAPSHOT_CL_TYPE, type SeigniorageRecipients, encodeBid, encodeSnapshot, recipientOf } from "../../bytesrepr/auction/records.ts";
import { newVestingSchedule } from "./stake.ts";
import {
  AUCTION_DELAY_KEY, ERA_END_TIMESTAMP_MILLIS_KEY, ERA_ID_KEY, LOCKED_FUNDS_PERIOD_KEY, SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY,
  UNBONDING_DELAY_KEY, VALIDATOR_SLOTS_KEY,
} from "./provider.ts";
import { DELEGATION_RATE_DENOMINATOR } from "./logic.ts";
import type { AuctionCoreConfig } from "./era.ts";

/** The auction's genesis values from the chainspec's [core]. */
export function auctionGenesisConfig(core: Pick<AuctionCoreConfig, "validator_slots" | "auction_delay" | "locked_funds_period" | "unbonding_delay">): AuctionGenesisConfig {
  return {
    validatorSlots: core.validator_slots,
    auctionDelay: BigInt(core.auction_delay),
    lockedFundsPeriodMillis: durationMillis("core.locked_funds_period", core.locked_funds_period),
    unbondingDelay: BigInt(core.unbonding_delay),
  };
}

export function installAuction(genesis: GenesisInstaller): Map<string, Key> {
  const cfg = genesis.auction;
  const validators = genesis.validators;
  if (cfg.validatorSlots < validators.length) {
    throw new Error(`genesis: ${validators.length} validators but only ${cfg.validatorSlots} validator slots (core.validator_slots)`);
  }
  const releaseTimestamp = genesis.timestamp + cfg.lockedFundsPeriodMillis;
  const bids = new Map<string, Bid>();
  for (const v of validators) {
    const id = toHex(v.publicKey);
    if (v.stake === 0n) throw new Error(`genesis: validator ${id} has a zero stake (InvalidBondAmount)`);
    if (!Number.isInteger(v.delegationRate) || v.delegationRate < 0 || v.delegationRate > DELEGATION_RATE_DENOMINATOR) {
      throw new Error(`genesis: validator ${id} has delegation rate ${v.delegationRate}, outside 0..=${DELEGATION_RATE_DENOMINATOR} (InvalidDelegationRate)`);
    }
    if (bids.has(id)) throw new Error(`genesis: validator ${id} is listed twice`);
    // the bonding purse holds the stake; createPurse counts it into the total supply
    const bondingPurse = genesis.createPurse(v.stake);
    bids.set(id, {
      validatorPublicKey: v.publicKey, bondingPurse, stakedAmount: v.stake, delegationRate: v.delegationRate,
      vestingSchedule: newVestingSchedule(releaseTimestamp), delegators: new Map(), inactive: false,
    });
  }

  // initial_seigniorage_recipients: the founding validators for eras 0..=auction_delay
  const recipients: SeigniorageRecipients = new Map();
  for (const [id, bid] of bids) recipients.set(id, { publicKey: bid.validatorPublicKey, recipient: recipientOf(bid) });
  const snapshot = new Map<bigint, SeigniorageRecipients>();
  for (let era = 0n; era <= cfg.auctionDelay; era++) snapshot.set(era, recipients);

  const named = new Map<string, Key>();
  named.set(ERA_ID_KEY, urefKey(genesis.newURef(clv.u64(0n))));
  named.set(ERA_END_TIMESTAMP_MILLIS_KEY, urefKey(genesis.newURef(clv.u64(0n))));
  named.set(SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY, urefKey(genesis.newURef({ clType: SNAPSHOT_CL_TYPE, bytes: encodeSnapshot(snapshot) })));
  for (const bid of bids.values()) genesis.write(bidKey(accountHashOf(bid.validatorPublicKey)), { kind: "Bid", bytes: encodeBid(bid) });
  named.set(VALIDATOR_SLOTS_KEY, urefKey(genesis.newURef(clv.u32(cfg.validatorSlots))));
  named.set(AUCTION_DELAY_KEY, urefKey(genesis.newURef(clv.u64(cfg.auctionDelay))));
  named.set(LOCKED_FUNDS_PERIOD_KEY, urefKey(genesis.newURef(clv.u64(cfg.lockedFundsPeriodMillis))));
  named.set(UNBONDING_DELAY_KEY, urefKey(genesis.newURef(clv.u64(cfg.unbondingDelay))));
  return named;
}
