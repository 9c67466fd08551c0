// Installing the 2.0 auction at genesis (casper-node 2.0 storage/src/system/genesis/
// account_contract_installer.rs `create_auction`): per genesis validator a locked ValidatorBid
// (delegation limits 0 and u64::MAX, no reserved slots: `ValidatorBid::locked(.., 0, u64::MAX, 0)`)
// with a funded bonding purse, the founding validators as the V2 recipients of eras
// 0..=auction_delay, and the auction's named values in the node's order (2.0 adds the snapshot
// version after the snapshot), so addresses come out of the address generator in the same sequence.

import { clv } from "../../../bytesrepr/cl-value.ts";
import { toHex } from "../../../bytesrepr/hex.ts";
import { type Key, urefKey } from "../../../bytesrepr/key.ts";
import type { GenesisInstaller } from "../../../runtime/system-api.ts";
import { SNAPSHOT_CL_TYPE } from "../../../bytesrepr/auction/records.ts";
import { newVestingSchedule } from "../stake.ts";
import {
  AUCTION_DELAY_KEY, ERA_END_TIMESTAMP_MILLIS_KEY, ERA_ID_KEY, LOCKED_FUNDS_PERIOD_KEY, SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY,
  UNBONDING_DELAY_KEY, VALIDATOR_SLOTS_KEY,
} from "../provider.ts";
import { validatorAddr } from "../../../bytesrepr/auction/bid-addr.ts";
import { type SeigniorageRecipientsV2, type SnapshotV2, type ValidatorBid, encodeBidKind, encodeSnapshotV2 } from "../../../bytesrepr/auction/records-v2.ts";

/** constants.rs: the named key of the snapshot's format version, and the version genesis writes. */
export const SEIGNIORAGE_RECIPIENTS_SNAPSHOT_VERSION_KEY = "seigniorage_recipients_snapshot_version";
export const DEFAULT_SEIGNIORAGE_RECIPIENTS_SNAPSHOT_VERSION = 2;

export const U64_MAX = (1n << 64n) - 1n;

export function installAuctionV2(genesis: GenesisInstaller): Map<string, Key> {
  const cfg = genesis.auction;
  const validators = genesis.validators;
  if (cfg.validatorSlots < validators.length) {
    throw new Error(`genesis: ${validators.length} validators but only ${cfg.validatorSlots} validator slots (core.validator_slots)`);
  }
  const releaseTimestamp = genesis.timestamp + cfg.lockedFundsPeriodMillis;
  const bids = new Map<string, ValidatorBid>();
  for (const v of validators) {
    const id = toHex(v.publicKey);
    if (v.stake === 0n) throw new Error(`genesis: validator ${id} has a zero stake (InvalidBondAmount)`);
    if (!Number.isInteger(v.delegationRate) || v.delegationRate < 0 || v.delegationRate > 100) {
      throw new Error(`genesis: validator ${id} has delegation rate ${v.delegationRate}, outside 0..=100 (InvalidDelegationRate)`);
    }
    if (bids.has(id)) throw new Error(`genesis: validator ${id} is listed twice`);
    bids.set(id, {
      validatorPublicKey: v.publicKey, bondingPurse: genesis.createPurse(v.stake), stakedAmount: v.stake, delegationRate: v.delegationRate,
      vestingSchedule: newVestingSchedule(releaseTimestamp), inactive: false,
      minimumDelegationAmount: 0n, maximumDelegationAmount: U64_MAX, reservedSlots: 0,
    });
  }

  // initial_seigniorage_recipients: the founding validators for eras 0..=auction_delay
  const recipients: SeigniorageRecipientsV2 = new Map();
  for (const [id, bid] of bids) {
    recipients.set(id, {
      publicKey: bid.validatorPublicKey,
      recipient: { stake: bid.stakedAmount, delegationRate: bid.delegationRate, delegatorStake: new Map(), reservationDelegationRates: new Map() },
    });
  }
  const snapshot: SnapshotV2 = new Map();
  for (let era = 0n; era <= cfg.auctionDelay; era++) snapshot.set(era, recipients);

  const named = new Map<string, Key>();
  named.set(ERA_ID_KEY, urefKey(genesis.newURef(clv.u64(0n))));
  named.set(ERA_END_TIMESTAMP_MILLIS_KEY, urefKey(genesis.newURef(clv.u64(0n))));
  named.set(SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY, urefKey(genesis.newURef({ clType: SNAPSHOT_CL_TYPE, bytes: encodeSnapshotV2(snapshot) })));
  named.set(SEIGNIORAGE_RECIPIENTS_SNAPSHOT_VERSION_KEY, urefKey(genesis.newURef(clv.u8(DEFAULT_SEIGNIORAGE_RECIPIENTS_SNAPSHOT_VERSION))));
  for (const bid of bids.values()) genesis.write(validatorAddr(bid.validatorPublicKey), { kind: "BidKind", bytes: encodeBidKind({ kind: "Validator", bid }) });
  named.set(VALIDATOR_SLOTS_KEY, urefKey(genesis.newURef(clv.u32(cfg.validatorSlots))));
  named.set(AUCTION_DELAY_KEY, urefKey(genesis.newURef(clv.u64(cfg.auctionDelay))));
  named.set(LOCKED_FUNDS_PERIOD_KEY, urefKey(genesis.newURef(clv.u64(cfg.lockedFundsPeriodMillis))));
  named.set(UNBONDING_DELAY_KEY, urefKey(genesis.newURef(clv.u64(cfg.unbondingDelay))));
  return named;
}
