// The auction's stored values (EraInfo, Bid, Withdraw, Unbonding), which the engine keeps as raw
// bytes, in the node's JSON. Byte layouts: casper-node v1.5.8 types/src/system/auction/{bid.rs,
// bid/vesting.rs, delegator.rs, withdraw_purse.rs, unbonding_purse.rs, era_info.rs}; JSON field names:
// the 2.0 schema (Bid with `delegators: [{delegator_public_key, delegator}]`, Withdraw and Unbonding as
// arrays). Bytes that do not decode are answered as the raw hex, never as a guess.
import { toHex } from "../bytesrepr/hex.ts";
import { formatURef, readURef } from "../bytesrepr/key.ts";
import { readPublicKey } from "../bytesrepr/public-key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import type { RawStoredValueKind } from "../bytesrepr/stored-value.ts";
import { small, type Json } from "./cl-value-json.ts";

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
  throw new Error(`invalid SeigniorageAllocation tag ${tag}`);
}
