// The auction's stored values (EraInfo, Bid, Withdraw, Unbonding, 2.0's BidKind), which the engine
// keeps as raw bytes, in the node's JSON. Byte layouts: casper-node v1.5.8 types/src/system/auction/
// {bid.rs, bid/vesting.rs, delegator.rs, withdraw_purse.rs, unbonding_purse.rs, era_info.rs} and 2.0's
// BidKind records (host/system/auction/v2/records.ts); JSON field names: the 2.0 schema (Bid with
// `delegators: [{delegator_public_key, delegator}]`, Withdraw and Unbonding as arrays; BidKind variants
// with serde's field names, DelegatorKind/UnbondKind as {"PublicKey": hex} / {"Purse": hex}; EraInfo's
// DelegatorKind allocation). Bytes that do not decode are answered as the raw hex, never as a guess.
import { toHex } from "../bytesrepr/hex.ts";
import { formatURef, readURef } from "../bytesrepr/key.ts";
import { readPublicKey } from "../bytesrepr/public-key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import type { RawStoredValueKind } from "../bytesrepr/stored-value.ts";
import { small, type Json } from "./cl-value-json.ts";
import { type DelegatorKind, type UnbondKind } from "../bytesrepr/auction/bid-addr.ts";
import { type BidKind, readBidKind, readDelegatorKind } from "../bytesrepr/auction/records-v2.ts";
import type { VestingSchedule } from "../bytesrepr/auction/records.ts";

/** vesting.rs LOCKED_AMOUNTS_MAX_LENGTH */
const LOCKED_AMOUNTS = 14;

export function auctionValueJson(kind: RawStoredValueKind, bytes: Uint8Array): { [variant: string]: Json } {
  const r = new ByteReader(bytes);
  try {
    const value = READERS[kind](r);
    r.expectEnd(kind);
    return { [kind]: value };
  } catch (e) {
    return { [kind]: { undecoded_bytes: toHex(bytes), error: (e as Error).message } };
  }
}

const READERS: Record<RawStoredValueKind, (r: ByteReader) => Json> = {
  Bid: readBid,
  Withdraw: (r) => vec(r, readWithdrawPurse),
  Unbonding: (r) => vec(r, readUnbondingPurse),
  EraInfo: (r) => ({ seigniorage_allocations: vec(r, readSeigniorageAllocation) }),
  BidKind: (r) => bidKindJson(readBidKind(r)),
};

function vec(r: ByteReader, read: (r: ByteReader) => Json): Json[] {
  const n = r.u32("length");
  const out: Json[] = [];
  for (let i = 0; i < n; i++) out.push(read(r));
  return out;
}

function option(r: ByteReader, read: (r: ByteReader) => Json): Json {
  const tag = r.u8("Option tag");
  if (tag === 0) return null;
  if (tag === 1) return read(r);
  throw new Error(`invalid Option tag ${tag}`);
}

const publicKey = (r: ByteReader) => toHex(readPublicKey(r));
const u512 = (r: ByteReader) => r.bigUint(64, "U512").toString();

function vestingSchedule(r: ByteReader): Json {
  const initial = r.u64("initial_release_timestamp_millis");
  const locked = option(r, (rr) => Array.from({ length: LOCKED_AMOUNTS }, () => u512(rr)));
  return { initial_release_timestamp_millis: small(initial), locked_amounts: locked };
}

function readDelegator(r: ByteReader): Json {
  const delegator_public_key = publicKey(r);
  const staked_amount = u512(r);
  const bonding_purse = formatURef(readURef(r));
  const validator_public_key = publicKey(r);
  return { delegator_public_key, staked_amount, bonding_purse, validator_public_key, vesting_schedule: option(r, vestingSchedule) };
}

function readBid(r: ByteReader): Json {
  const validator_public_key = publicKey(r);
  const bonding_purse = formatURef(readURef(r));
  const staked_amount = u512(r);
  const delegation_rate = r.u8("delegation_rate");
  const vesting_schedule = option(r, vestingSchedule);
  // BTreeMap<PublicKey, Delegator>: written in key order already
  const delegators = vec(r, (rr) => ({ delegator_public_key: publicKey(rr), delegator: readDelegator(rr) }));
  const inactive = r.bool("inactive");
  return { validator_public_key, bonding_purse, staked_amount, delegation_rate, vesting_schedule, delegators, inactive };
}

function readWithdrawPurse(r: ByteReader): Json {
  return {
    bonding_purse: formatURef(readURef(r)),
    validator_public_key: publicKey(r),
    unbonder_public_key: publicKey(r),
    era_of_creation: small(r.u64("era_of_creation")),
    amount: u512(r),
  };
}

function readUnbondingPurse(r: ByteReader): Json {
  const purse = readWithdrawPurse(r) as Record<string, Json>;
  return { ...purse, new_validator: option(r, publicKey) };
}

function readSeigniorageAllocation(r: ByteReader): Json {
  const tag = r.u8("SeigniorageAllocation tag");
  if (tag === 0) return { Validator: { validator_public_key: publicKey(r), amount: u512(r) } };
  if (tag === 1) return { Delegator: { delegator_public_key: publicKey(r), validator_public_key: publicKey(r), amount: u512(r) } };
  // 2.0 era_info.rs SeigniorageAllocation::DelegatorKind
  if (tag === 2) return { DelegatorKind: { delegator_kind: delegatorKindJson(readDelegatorKind(r)), validator_public_key: publicKey(r), amount: u512(r) } };
  throw new Error(`invalid SeigniorageAllocation tag ${tag}`);
}

// ---- 2.0 BidKind (serde's JSON of types/src/system/auction/bid_kind.rs and its variants) ----------

export function delegatorKindJson(d: DelegatorKind): Json {
  return d.kind === "PublicKey" ? { PublicKey: toHex(d.publicKey) } : { Purse: toHex(d.addr) };
}

function unbondKindJson(k: UnbondKind): Json {
  if (k.kind === "Validator") return { Validator: toHex(k.publicKey) };
  if (k.kind === "DelegatedPublicKey") return { DelegatedPublicKey: toHex(k.publicKey) };
  return { DelegatedPurse: toHex(k.addr) };
}

export function vestingJson(v: VestingSchedule | undefined): Json {
  if (!v) return null;
  return { initial_release_timestamp_millis: small(v.initialReleaseTimestampMillis), locked_amounts: v.lockedAmounts ? v.lockedAmounts.map(String) : null };
}

export function bidKindJson(b: BidKind): Json {
  switch (b.kind) {
    case "Unified": {
      const u = b.bid;
      return {
        Unified: {
          validator_public_key: toHex(u.validatorPublicKey), bonding_purse: formatURef(u.bondingPurse), staked_amount: String(u.stakedAmount),
          delegation_rate: u.delegationRate, vesting_schedule: vestingJson(u.vestingSchedule),
          delegators: [...u.delegators.values()].map((d) => ({
            delegator_public_key: toHex(d.delegatorPublicKey),
            delegator: {
              delegator_public_key: toHex(d.delegatorPublicKey), staked_amount: String(d.stakedAmount), bonding_purse: formatURef(d.bondingPurse),
              validator_public_key: toHex(d.validatorPublicKey), vesting_schedule: vestingJson(d.vestingSchedule),
            },
          })),
          inactive: u.inactive,
        },
      };
    }
    case "Validator": {
      const v = b.bid;
      return {
        Validator: {
          validator_public_key: toHex(v.validatorPublicKey), bonding_purse: formatURef(v.bondingPurse), staked_amount: String(v.stakedAmount),
          delegation_rate: v.delegationRate, vesting_schedule: vestingJson(v.vestingSchedule), inactive: v.inactive,
          minimum_delegation_amount: small(v.minimumDelegationAmount), maximum_delegation_amount: small(v.maximumDelegationAmount),
          reserved_slots: v.reservedSlots,
        },
      };
    }
    case "Delegator": {
      const d = b.bid;
      return {
        Delegator: {
          delegator_kind: delegatorKindJson(d.delegatorKind), staked_amount: String(d.stakedAmount), bonding_purse: formatURef(d.bondingPurse),
          validator_public_key: toHex(d.validatorPublicKey), vesting_schedule: vestingJson(d.vestingSchedule),
        },
      };
    }
    case "Bridge":
      return {
        Bridge: {
          old_validator_public_key: toHex(b.bridge.oldValidatorPublicKey), new_validator_public_key: toHex(b.bridge.newValidatorPublicKey),
          era_id: small(b.bridge.eraId),
        },
      };
    case "Credit":
      return { Credit: { validator_public_key: toHex(b.credit.validatorPublicKey), era_id: small(b.credit.eraId), amount: String(b.credit.amount) } };
    case "Reservation":
      return {
        Reservation: {
          delegator_kind: delegatorKindJson(b.reservation.delegatorKind), validator_public_key: toHex(b.reservation.validatorPublicKey),
          delegation_rate: b.reservation.delegationRate,
        },
      };
    case "Unbond":
      return {
        Unbond: {
          validator_public_key: toHex(b.unbond.validatorPublicKey), unbond_kind: unbondKindJson(b.unbond.unbondKind),
          eras: b.unbond.eras.map((e) => ({
            bonding_purse: formatURef(e.bondingPurse), era_of_creation: small(e.eraOfCreation), amount: String(e.amount),
            new_validator: e.newValidator ? toHex(e.newValidator) : null,
          })),
        },
      };
  }
}
