// The auction's records and their byte formats (casper-types v1.5.8 system/auction/{bid.rs,
// bid/vesting.rs, delegator.rs, unbonding_purse.rs, seigniorage_recipient.rs}). Public keys are kept
// as their serialized bytes; maps keyed by a public key are BTreeMaps on chain, so they are written
// in PublicKey order (tag, then raw bytes: asymmetric_key.rs `impl Ord`), which is the byte order of
// the serialized keys.

import { CLT, type CLType, clMap } from "../cl-type.ts";
import { compareBytes, toHex } from "../hex.ts";
import { type URef, readURef, writeURef } from "../key.ts";
import { type PublicKeyBytes, readPublicKey } from "../public-key.ts";
import { ByteReader, decodeAll } from "../reader.ts";
import { BytesreprError } from "../errors.ts";
import { ByteWriter } from "../writer.ts";

/** vesting.rs: 91 days of weekly releases -> 13 locked amounts + a terminating zero. */
export const LOCKED_AMOUNTS_MAX_LENGTH = 14;

export interface VestingSchedule {
  initialReleaseTimestampMillis: bigint;
  /** None until the schedule is initialized at the first auction after the release time */
  lockedAmounts: bigint[] | undefined;
}

export interface Delegator {
  delegatorPublicKey: PublicKeyBytes;
  stakedAmount: bigint;
  bondingPurse: URef;
  validatorPublicKey: PublicKeyBytes;
  vestingSchedule: VestingSchedule | undefined;
}

export interface Bid {
  validatorPublicKey: PublicKeyBytes;
  bondingPurse: URef;
  stakedAmount: bigint;
  /** percent, 0..=100 (DELEGATION_RATE_DENOMINATOR) */
  delegationRate: number;
  vestingSchedule: VestingSchedule | undefined;
  /** keyed by the delegator's public key hex */
  delegators: Map<string, Delegator>;
  inactive: boolean;
}

export interface UnbondingPurse {
  bondingPurse: URef;
  validatorPublicKey: PublicKeyBytes;
  unbonderPublicKey: PublicKeyBytes;
  eraOfCreation: bigint;
  amount: bigint;
  /** set by redelegate: where the stake goes at the end of the unbonding delay */
  newValidator: PublicKeyBytes | undefined;
}

export interface SeigniorageRecipient {
  stake: bigint;
  delegationRate: number;
  /** delegator public key hex -> (key, stake) */
  delegatorStake: Map<string, { publicKey: PublicKeyBytes; stake: bigint }>;
}

/** SeigniorageRecipients: validator public key hex -> (key, recipient). */
export type SeigniorageRecipients = Map<string, { publicKey: PublicKeyBytes; recipient: SeigniorageRecipient }>;
/** SeigniorageRecipientsSnapshot: era id -> recipients. */
export type SeigniorageRecipientsSnapshot = Map<bigint, SeigniorageRecipients>;

/** CLType of the snapshot named value: BTreeMap<EraId, BTreeMap<PublicKey, SeigniorageRecipient(Any)>>. */
export const SNAPSHOT_CL_TYPE: CLType = clMap(CLT.U64, clMap(CLT.PublicKey, CLT.Any));
/** CLType of EraValidators (get_era_validators' value): BTreeMap<EraId, BTreeMap<PublicKey, U512>>. */
export const ERA_VALIDATORS_CL_TYPE: CLType = clMap(CLT.U64, clMap(CLT.PublicKey, CLT.U512));

export const U512 = (w: ByteWriter, v: bigint) => w.bigUint(v, 64, "U512");
export const readU512 = (r: ByteReader, what: string) => r.bigUint(64, what);

export function readOption<T>(r: ByteReader, what: string, read: () => T): T | undefined {
  const tag = r.u8(`${what} Option tag`);
  if (tag === 0) return undefined;
  if (tag === 1) return read();
  throw new BytesreprError("Formatting", what, `invalid Option tag ${tag}`);
}

/** Entries of a public-key map in BTreeMap order. */
export function sortedByKey<T>(entries: Iterable<T>, keyOf: (e: T) => PublicKeyBytes): T[] {
  return [...entries].sort((a, b) => compareBytes(keyOf(a), keyOf(b)));
}

// ---- VestingSchedule ----------------------------------------------------------------------------

export function writeVesting(w: ByteWriter, v: VestingSchedule | undefined): void {
  if (!v) {
    w.u8(0);
    return;
  }
  w.u8(1).u64(v.initialReleaseTimestampMillis);
  if (!v.lockedAmounts) {
    w.u8(0);
    return;
  }
  w.u8(1);
  for (const a of v.lockedAmounts) U512(w, a);
}

export function readVesting(r: ByteReader): VestingSchedule | undefined {
  return readOption(r, "vesting_schedule", () => {
    const initialReleaseTimestampMillis = r.u64("initial_release_timestamp_millis");
    const lockedAmounts = readOption(r, "locked_amounts", () => {
      const out: bigint[] = [];
      for (let i = 0; i < LOCKED_AMOUNTS_MAX_LENGTH; i++) out.push(readU512(r, "locked_amount"));
      return out;
    });
    return { initialReleaseTimestampMillis, lockedAmounts };
  });
}

// ---- Delegator, Bid -----------------------------------------------------------------------------

function writeDelegator(w: ByteWriter, d: Delegator): void {
  w.raw(d.delegatorPublicKey);
  U512(w, d.stakedAmount);
  writeURef(w, d.bondingPurse);
  w.raw(d.validatorPublicKey);
  writeVesting(w, d.vestingSchedule);
}

function readDelegator(r: ByteReader): Delegator {
  const delegatorPublicKey = readPublicKey(r, "Delegator.delegator_public_key");
  const stakedAmount = readU512(r, "Delegator.staked_amount");
  const bondingPurse = readURef(r, "Delegator.bonding_purse");
  const validatorPublicKey = readPublicKey(r, "Delegator.validator_public_key");
  const vestingSchedule = readVesting(r);
  return { delegatorPublicKey, stakedAmount, bondingPurse, validatorPublicKey, vestingSchedule };
}

export function writeBid(w: ByteWriter, b: Bid): void {
  w.raw(b.validatorPublicKey);
  writeURef(w, b.bondingPurse);
  U512(w, b.stakedAmount);
  w.u8(b.delegationRate);
  writeVesting(w, b.vestingSchedule);
  const delegators = sortedByKey(b.delegators.values(), (d) => d.delegatorPublicKey);
  w.u32(delegators.length);
  for (const d of delegators) {
    w.raw(d.delegatorPublicKey);
    writeDelegator(w, d);
  }
  w.bool(b.inactive);
}

export function readBid(r: ByteReader): Bid {
  const validatorPublicKey = readPublicKey(r, "Bid.validator_public_key");
  const bondingPurse = readURef(r, "Bid.bonding_purse");
  const stakedAmount = readU512(r, "Bid.staked_amount");
  const delegationRate = r.u8("Bid.delegation_rate");
  const vestingSchedule = readVesting(r);
  const n = r.u32("Bid.delegators.length");
  const delegators = new Map<string, Delegator>();
  for (let i = 0; i < n; i++) {
    const key = readPublicKey(r, "Bid.delegators key");
    delegators.set(toHex(key), readDelegator(r));
  }
  const inactive = r.bool("Bid.inactive");
  return { validatorPublicKey, bondingPurse, stakedAmount, delegationRate, vestingSchedule, delegators, inactive };
}

export const encodeBid = (b: Bid): Uint8Array => {
  const w = new ByteWriter(160 + 160 * b.delegators.size);
  writeBid(w, b);
  return w.toBytes();
};
export const decodeBid = (bytes: Uint8Array): Bid => decodeAll(bytes, "Bid", readBid);

// ---- UnbondingPurse -----------------------------------------------------------------------------

function writeUnbondingPurse(w: ByteWriter, u: UnbondingPurse): void {
  writeURef(w, u.bondingPurse);
  w.raw(u.validatorPublicKey).raw(u.unbonderPublicKey).u64(u.eraOfCreation);
  U512(w, u.amount);
  if (u.newValidator) w.u8(1).raw(u.newValidator);
  else w.u8(0);
}

export function readUnbondingPurse(r: ByteReader): UnbondingPurse {
  const bondingPurse = readURef(r, "UnbondingPurse.bonding_purse");
  const validatorPublicKey = readPublicKey(r, "UnbondingPurse.validator_public_key");
  const unbonderPublicKey = readPublicKey(r, "UnbondingPurse.unbonder_public_key");
  const eraOfCreation = r.u64("UnbondingPurse.era_of_creation");
  const amount = readU512(r, "UnbondingPurse.amount");
  const newValidator = readOption(r, "UnbondingPurse.new_validator", () => readPublicKey(r, "UnbondingPurse.new_validator"));
  return { bondingPurse, validatorPublicKey, unbonderPublicKey, eraOfCreation, amount, newValidator };
}

/** StoredValue::Unbonding: Vec<UnbondingPurse>. */
export function encodeUnbonds(list: readonly UnbondingPurse[]): Uint8Array {
  const w = new ByteWriter(8 + 180 * list.length);
  w.u32(list.length);
  for (const u of list) writeUnbondingPurse(w, u);
  return w.toBytes();
}

export function decodeUnbonds(bytes: Uint8Array): UnbondingPurse[] {
  return decodeAll(bytes, "Vec<UnbondingPurse>", (r) => {
    const n = r.u32("Vec<UnbondingPurse>.length");
    const out: UnbondingPurse[] = [];
    for (let i = 0; i < n; i++) out.push(readUnbondingPurse(r));
    return out;
  });
}

// ---- SeigniorageRecipient, snapshot -------------------------------------------------------------

/** seigniorage_recipient.rs `From<&Bid>` */
export function recipientOf(bid: Bid): SeigniorageRecipient {
  const delegatorStake = new Map<string, { publicKey: PublicKeyBytes; stake: bigint }>();
  for (const [id, d] of bid.delegators) delegatorStake.set(id, { publicKey: d.delegatorPublicKey, stake: d.stakedAmount });
  return { stake: bid.stakedAmount, delegationRate: bid.delegationRate, delegatorStake };
}

/** SeigniorageRecipient::total_stake: own stake plus every delegator's. */
export function recipientTotalStake(r: SeigniorageRecipient): bigint {
  let total = r.stake;
  for (const d of r.delegatorStake.values()) total += d.stake;
  return total;
}

function writeRecipient(w: ByteWriter, rec: SeigniorageRecipient): void {
  U512(w, rec.stake);
  w.u8(rec.delegationRate);
  const entries = sortedByKey(rec.delegatorStake.values(), (d) => d.publicKey);
  w.u32(entries.length);
  for (const d of entries) {
    w.raw(d.publicKey);
    U512(w, d.stake);
  }
}

function readRecipient(r: ByteReader): SeigniorageRecipient {
  const stake = readU512(r, "SeigniorageRecipient.stake");
  const delegationRate = r.u8("SeigniorageRecipient.delegation_rate");
  const n = r.u32("SeigniorageRecipient.delegator_stake.length");
  const delegatorStake = new Map<string, { publicKey: PublicKeyBytes; stake: bigint }>();
  for (let i = 0; i < n; i++) {
    const publicKey = readPublicKey(r, "delegator public key");
    delegatorStake.set(toHex(publicKey), { publicKey, stake: readU512(r, "delegator stake") });
  }
  return { stake, delegationRate, delegatorStake };
}

export function encodeSnapshot(snapshot: SeigniorageRecipientsSnapshot): Uint8Array {
  return encodeByEra(snapshot, 512, writeRecipient);
}

/**
 * The shared layout of a snapshot and of EraValidators: BTreeMap<EraId, BTreeMap<PublicKey, V>>, eras and
 * public keys in ascending order; `writeValue` writes each validator's V.
 */
function encodeByEra(snapshot: SeigniorageRecipientsSnapshot, initial: number, writeValue: (w: ByteWriter, recipient: SeigniorageRecipient) => void): Uint8Array {
  const w = new ByteWriter(initial);
  const eras = [...snapshot.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  w.u32(eras.length);
  for (const era of eras) {
    w.u64(era);
    const recipients = sortedByKey(snapshot.get(era)!.values(), (e) => e.publicKey);
    w.u32(recipients.length);
    for (const { publicKey, recipient } of recipients) {
      w.raw(publicKey);
      writeValue(w, recipient);
    }
  }
  return w.toBytes();
}

export function decodeSnapshot(bytes: Uint8Array): SeigniorageRecipientsSnapshot {
  return decodeAll(bytes, "SeigniorageRecipientsSnapshot", (r) => {
    const eras = r.u32("snapshot.length");
    const out: SeigniorageRecipientsSnapshot = new Map();
    for (let i = 0; i < eras; i++) {
      const era = r.u64("EraId");
      const n = r.u32("SeigniorageRecipients.length");
      const recipients: SeigniorageRecipients = new Map();
      for (let j = 0; j < n; j++) {
        const publicKey = readPublicKey(r, "validator public key");
        recipients.set(toHex(publicKey), { publicKey, recipient: readRecipient(r) });
      }
      out.set(era, recipients);
    }
    return out;
  });
}

/** EraValidators (detail.rs era_validators_from_snapshot): each era's validators with their total stake. */
export function encodeEraValidators(snapshot: SeigniorageRecipientsSnapshot): Uint8Array {
  return encodeByEra(snapshot, 256, (w, recipient) => U512(w, recipientTotalStake(recipient)));
}

// ---- EraInfo ------------------------------------------------------------------------------------

/** era_info.rs SeigniorageAllocation: a validator's (tag 0) or a delegator's (tag 1) reward. */
export type SeigniorageAllocation =
  | { readonly kind: "Validator"; readonly validatorPublicKey: PublicKeyBytes; readonly amount: bigint }
  | { readonly kind: "Delegator"; readonly delegatorPublicKey: PublicKeyBytes; readonly validatorPublicKey: PublicKeyBytes; readonly amount: bigint };

/** StoredValue::EraInfo: Vec<SeigniorageAllocation>. */
export function encodeEraInfo(allocations: readonly SeigniorageAllocation[]): Uint8Array {
  const w = new ByteWriter(16 + 80 * allocations.length);
  w.u32(allocations.length);
  for (const a of allocations) {
    if (a.kind === "Validator") w.u8(0).raw(a.validatorPublicKey);
    else w.u8(1).raw(a.delegatorPublicKey).raw(a.validatorPublicKey);
    U512(w, a.amount);
  }
  return w.toBytes();
}

export function decodeEraInfo(bytes: Uint8Array): SeigniorageAllocation[] {
  return decodeAll(bytes, "EraInfo", (r) => {
    const n = r.u32("EraInfo.seigniorage_allocations.length");
    const out: SeigniorageAllocation[] = [];
    for (let i = 0; i < n; i++) {
      const tag = r.u8("SeigniorageAllocation tag");
      if (tag === 0) {
        out.push({ kind: "Validator", validatorPublicKey: readPublicKey(r), amount: readU512(r, "amount") });
      } else if (tag === 1) {
        const delegatorPublicKey = readPublicKey(r);
        out.push({ kind: "Delegator", delegatorPublicKey, validatorPublicKey: readPublicKey(r), amount: readU512(r, "amount") });
      } else {
        throw new BytesreprError("Formatting", "EraInfo", `unknown SeigniorageAllocation tag ${tag}`);
      }
    }
    return out;
  });
}
