// casper-node 2.0's auction records and their byte formats (types/src/system/auction/{bid_kind.rs,
// validator_bid.rs, delegator_bid.rs, delegator_kind.rs, bridge.rs, validator_credit.rs,
// reservation.rs, unbond.rs, seigniorage_recipient.rs (V2), era_info.rs}). Each record is a
// StoredValue::BidKind under its Key::BidAddr (bid-addr.ts); the snapshot of seigniorage recipients is
// a CLValue under the auction's named key, as in 1.5.8 but with V2 recipients.

import { toHex } from "../hex.ts";
import { type URef, readURef, writeURef } from "../key.ts";
import { type PublicKeyBytes, readPublicKey } from "../public-key.ts";
import { ByteReader, decodeAll } from "../reader.ts";
import { BytesreprError } from "../errors.ts";
import { ByteWriter } from "../writer.ts";
import { type Bid, type VestingSchedule, U512, readBid, readOption, readU512, readVesting, sortedByKey, writeBid, writeVesting } from "./records.ts";
import { type DelegatorKind, type UnbondKind, delegatorId } from "./bid-addr.ts";

export interface ValidatorBid {
  validatorPublicKey: PublicKeyBytes;
  bondingPurse: URef;
  stakedAmount: bigint;
  delegationRate: number;
  vestingSchedule: VestingSchedule | undefined;
  inactive: boolean;
  /** u64 motes */
  minimumDelegationAmount: bigint;
  /** u64 motes */
  maximumDelegationAmount: bigint;
  /** u32 */
  reservedSlots: number;
}

export interface DelegatorBid {
  delegatorKind: DelegatorKind;
  stakedAmount: bigint;
  bondingPurse: URef;
  validatorPublicKey: PublicKeyBytes;
  vestingSchedule: VestingSchedule | undefined;
}

export interface Bridge {
  oldValidatorPublicKey: PublicKeyBytes;
  newValidatorPublicKey: PublicKeyBytes;
  eraId: bigint;
}

export interface ValidatorCredit {
  validatorPublicKey: PublicKeyBytes;
  eraId: bigint;
  amount: bigint;
}

export interface Reservation {
  delegatorKind: DelegatorKind;
  validatorPublicKey: PublicKeyBytes;
  delegationRate: number;
}

export interface UnbondEra {
  bondingPurse: URef;
  eraOfCreation: bigint;
  amount: bigint;
  newValidator: PublicKeyBytes | undefined;
}

export interface Unbond {
  validatorPublicKey: PublicKeyBytes;
  unbondKind: UnbondKind;
  eras: UnbondEra[];
}

/** bid_kind.rs BidKind, with its tag order. */
export type BidKind =
  | { readonly kind: "Unified"; readonly bid: Bid }
  | { readonly kind: "Validator"; readonly bid: ValidatorBid }
  | { readonly kind: "Delegator"; readonly bid: DelegatorBid }
  | { readonly kind: "Bridge"; readonly bridge: Bridge }
  | { readonly kind: "Credit"; readonly credit: ValidatorCredit }
  | { readonly kind: "Reservation"; readonly reservation: Reservation }
  | { readonly kind: "Unbond"; readonly unbond: Unbond };

const BID_KIND_TAG = { Unified: 0, Validator: 1, Delegator: 2, Bridge: 3, Credit: 4, Reservation: 5, Unbond: 6 } as const;
const BID_KIND_BY_TAG = Object.keys(BID_KIND_TAG) as BidKind["kind"][];

// ---- DelegatorKind, UnbondKind --------------------------------------------------------------------

export function writeDelegatorKind(w: ByteWriter, d: DelegatorKind): void {
  if (d.kind === "PublicKey") w.u8(0).raw(d.publicKey);
  else w.u8(1).raw(d.addr);
}

export function readDelegatorKind(r: ByteReader): DelegatorKind {
  const tag = r.u8("DelegatorKind tag");
  if (tag === 0) return { kind: "PublicKey", publicKey: readPublicKey(r, "DelegatorKind::PublicKey") };
  if (tag === 1) return { kind: "Purse", addr: r.raw(32, "DelegatorKind::Purse") };
  throw new BytesreprError("Formatting", "DelegatorKind", `invalid tag ${tag}`);
}

function writeUnbondKind(w: ByteWriter, k: UnbondKind): void {
  if (k.kind === "Validator") w.u8(0).raw(k.publicKey);
  else if (k.kind === "DelegatedPublicKey") w.u8(1).raw(k.publicKey);
  else w.u8(2).raw(k.addr);
}

function readUnbondKind(r: ByteReader): UnbondKind {
  const tag = r.u8("UnbondKind tag");
  if (tag === 0) return { kind: "Validator", publicKey: readPublicKey(r, "UnbondKind::Validator") };
  if (tag === 1) return { kind: "DelegatedPublicKey", publicKey: readPublicKey(r, "UnbondKind::DelegatedPublicKey") };
  if (tag === 2) return { kind: "DelegatedPurse", addr: r.raw(32, "UnbondKind::DelegatedPurse") };
  throw new BytesreprError("Formatting", "UnbondKind", `invalid tag ${tag}`);
}

// ---- the BidKind variants -------------------------------------------------------------------------

function writeValidatorBid(w: ByteWriter, b: ValidatorBid): void {
  w.raw(b.validatorPublicKey);
  writeURef(w, b.bondingPurse);
  U512(w, b.stakedAmount);
  w.u8(b.delegationRate);
  writeVesting(w, b.vestingSchedule);
  w.bool(b.inactive).u64(b.minimumDelegationAmount).u64(b.maximumDelegationAmount).u32(b.reservedSlots);
}

function readValidatorBid(r: ByteReader): ValidatorBid {
  const validatorPublicKey = readPublicKey(r, "ValidatorBid.validator_public_key");
  const bondingPurse = readURef(r, "ValidatorBid.bonding_purse");
  const stakedAmount = readU512(r, "ValidatorBid.staked_amount");
  const delegationRate = r.u8("ValidatorBid.delegation_rate");
  const vestingSchedule = readVesting(r);
  const inactive = r.bool("ValidatorBid.inactive");
  const minimumDelegationAmount = r.u64("ValidatorBid.minimum_delegation_amount");
  const maximumDelegationAmount = r.u64("ValidatorBid.maximum_delegation_amount");
  const reservedSlots = r.u32("ValidatorBid.reserved_slots");
  return { validatorPublicKey, bondingPurse, stakedAmount, delegationRate, vestingSchedule, inactive, minimumDelegationAmount, maximumDelegationAmount, reservedSlots };
}

function writeDelegatorBid(w: ByteWriter, d: DelegatorBid): void {
  writeDelegatorKind(w, d.delegatorKind);
  U512(w, d.stakedAmount);
  writeURef(w, d.bondingPurse);
  w.raw(d.validatorPublicKey);
  writeVesting(w, d.vestingSchedule);
}

function readDelegatorBid(r: ByteReader): DelegatorBid {
  const delegatorKind = readDelegatorKind(r);
  const stakedAmount = readU512(r, "DelegatorBid.staked_amount");
  const bondingPurse = readURef(r, "DelegatorBid.bonding_purse");
  const validatorPublicKey = readPublicKey(r, "DelegatorBid.validator_public_key");
  return { delegatorKind, stakedAmount, bondingPurse, validatorPublicKey, vestingSchedule: readVesting(r) };
}

export function writeReservation(w: ByteWriter, x: Reservation): void {
  writeDelegatorKind(w, x.delegatorKind);
  w.raw(x.validatorPublicKey).u8(x.delegationRate);
}

export function readReservation(r: ByteReader): Reservation {
  const delegatorKind = readDelegatorKind(r);
  const validatorPublicKey = readPublicKey(r, "Reservation.validator_public_key");
  return { delegatorKind, validatorPublicKey, delegationRate: r.u8("Reservation.delegation_rate") };
}

function writeUnbond(w: ByteWriter, u: Unbond): void {
  w.raw(u.validatorPublicKey);
  writeUnbondKind(w, u.unbondKind);
  w.u32(u.eras.length);
  for (const e of u.eras) {
    writeURef(w, e.bondingPurse);
    w.u64(e.eraOfCreation);
    U512(w, e.amount);
    if (e.newValidator) w.u8(1).raw(e.newValidator);
    else w.u8(0);
  }
}

function readUnbond(r: ByteReader): Unbond {
  const validatorPublicKey = readPublicKey(r, "Unbond.validator_public_key");
  const unbondKind = readUnbondKind(r);
  const n = r.u32("Unbond.eras.length");
  const eras: UnbondEra[] = [];
  for (let i = 0; i < n; i++) {
    const bondingPurse = readURef(r, "UnbondEra.bonding_purse");
    const eraOfCreation = r.u64("UnbondEra.era_of_creation");
    const amount = readU512(r, "UnbondEra.amount");
    const newValidator = readOption(r, "UnbondEra.new_validator", () => readPublicKey(r, "UnbondEra.new_validator"));
    eras.push({ bondingPurse, eraOfCreation, amount, newValidator });
  }
  return { validatorPublicKey, unbondKind, eras };
}

export function writeBidKind(w: ByteWriter, b: BidKind): void {
  w.u8(BID_KIND_TAG[b.kind]);
  switch (b.kind) {
    case "Unified": return writeBid(w, b.bid);
    case "Validator": return writeValidatorBid(w, b.bid);
    case "Delegator": return writeDelegatorBid(w, b.bid);
    case "Bridge": w.raw(b.bridge.oldValidatorPublicKey).raw(b.bridge.newValidatorPublicKey).u64(b.bridge.eraId); return;
    case "Credit": w.raw(b.credit.validatorPublicKey).u64(b.credit.eraId); U512(w, b.credit.amount); return;
    case "Reservation": return writeReservation(w, b.reservation);
    case "Unbond": return writeUnbond(w, b.unbond);
  }
}

export function readBidKind(r: ByteReader): BidKind {
  const tag = r.u8("BidKind tag");
  switch (BID_KIND_BY_TAG[tag]) {
    case "Unified": return { kind: "Unified", bid: readBid(r) };
    case "Validator": return { kind: "Validator", bid: readValidatorBid(r) };
    case "Delegator": return { kind: "Delegator", bid: readDelegatorBid(r) };
    case "Bridge": {
      const oldValidatorPublicKey = readPublicKey(r, "Bridge.old_validator_public_key");
      const newValidatorPublicKey = readPublicKey(r, "Bridge.new_validator_public_key");
      return { kind: "Bridge", bridge: { oldValidatorPublicKey, newValidatorPublicKey, eraId: r.u64("Bridge.era_id") } };
    }
    case "Credit": {
      const validatorPublicKey = readPublicKey(r, "ValidatorCredit.validator_public_key");
      const eraId = r.u64("ValidatorCredit.era_id");
      return { kind: "Credit", credit: { validatorPublicKey, eraId, amount: readU512(r, "ValidatorCredit.amount") } };
    }
    case "Reservation": return { kind: "Reservation", reservation: readReservation(r) };
    case "Unbond": return { kind: "Unbond", unbond: readUnbond(r) };
    default: throw new BytesreprError("Formatting", "BidKind", `invalid tag ${tag}`);
  }
}

export const encodeBidKind = (b: BidKind): Uint8Array => {
  const w = new ByteWriter(192);
  writeBidKind(w, b);
  return w.toBytes();
};
export const decodeBidKind = (bytes: Uint8Array): BidKind => decodeAll(bytes, "BidKind", readBidKind);

// ---- SeigniorageRecipientV2 and the snapshot -------------------------------------------------------

export interface DelegatorStake {
  readonly kind: DelegatorKind;
  readonly stake: bigint;
}

export interface SeigniorageRecipientV2 {
  /** the validator's own stake */
  stake: bigint;
  delegationRate: number;
  /** delegatorId -> stake (BTreeMap<DelegatorKind, U512>) */
  delegatorStake: Map<string, DelegatorStake>;
  /** delegatorId -> the reservation's delegation rate (BTreeMap<DelegatorKind, DelegationRate>) */
  reservationDelegationRates: Map<string, { readonly kind: DelegatorKind; readonly rate: number }>;
}

/** validator public key hex -> (key, recipient) */
export type SeigniorageRecipientsV2 = Map<string, { publicKey: PublicKeyBytes; recipient: SeigniorageRecipientV2 }>;
/** SeigniorageRecipientsSnapshotV2: era -> recipients */
export type SnapshotV2 = Map<bigint, SeigniorageRecipientsV2>;

/** seigniorage_recipient.rs V2 delegator_total_stake. */
export function delegatorTotalStake(r: SeigniorageRecipientV2): bigint {
  let total = 0n;
  for (const d of r.delegatorStake.values()) total += d.stake;
  return total;
}

/** seigniorage_recipient.rs V2 total_stake: own stake plus every delegator's. */
export const recipientTotal = (r: SeigniorageRecipientV2): bigint => r.stake + delegatorTotalStake(r);

const byId = <T>(m: ReadonlyMap<string, T>): [string, T][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function writeRecipientV2(w: ByteWriter, rec: SeigniorageRecipientV2): void {
  U512(w, rec.stake);
  w.u8(rec.delegationRate);
  const stakes = byId(rec.delegatorStake);
  w.u32(stakes.length);
  for (const [, d] of stakes) {
    writeDelegatorKind(w, d.kind);
    U512(w, d.stake);
  }
  const rates = byId(rec.reservationDelegationRates);
  w.u32(rates.length);
  for (const [, x] of rates) {
    writeDelegatorKind(w, x.kind);
    w.u8(x.rate);
  }
}

function readRecipientV2(r: ByteReader): SeigniorageRecipientV2 {
  const stake = readU512(r, "SeigniorageRecipientV2.stake");
  const delegationRate = r.u8("SeigniorageRecipientV2.delegation_rate");
  const delegatorStake = new Map<string, DelegatorStake>();
  const n = r.u32("SeigniorageRecipientV2.delegator_stake.length");
  for (let i = 0; i < n; i++) {
    const kind = readDelegatorKind(r);
    delegatorStake.set(delegatorId(kind), { kind, stake: readU512(r, "delegator stake") });
  }
  const reservationDelegationRates = new Map<string, { kind: DelegatorKind; rate: number }>();
  const m = r.u32("SeigniorageRecipientV2.reservation_delegation_rates.length");
  for (let i = 0; i < m; i++) {
    const kind = readDelegatorKind(r);
    reservationDelegationRates.set(delegatorId(kind), { kind, rate: r.u8("reservation delegation rate") });
  }
  return { stake, delegationRate, delegatorStake, reservationDelegationRates };
}

/** BTreeMap<EraId, BTreeMap<PublicKey, V>>: eras, then public keys, ascending. */
function encodeEras(snapshot: SnapshotV2, writeValue: (w: ByteWriter, r: SeigniorageRecipientV2) => void): Uint8Array {
  const w = new ByteWriter(512);
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

export const encodeSnapshotV2 = (snapshot: SnapshotV2): Uint8Array => encodeEras(snapshot, writeRecipientV2);

/** EraValidators (detail.rs era_validators_from_snapshot): each era's validators with their total stake. */
export const encodeEraValidatorsV2 = (snapshot: SnapshotV2): Uint8Array => encodeEras(snapshot, (w, rec) => U512(w, recipientTotal(rec)));

export function decodeSnapshotV2(bytes: Uint8Array): SnapshotV2 {
  return decodeAll(bytes, "SeigniorageRecipientsSnapshotV2", (r) => {
    const eras = r.u32("snapshot.length");
    const out: SnapshotV2 = new Map();
    for (let i = 0; i < eras; i++) {
      const era = r.u64("EraId");
      const n = r.u32("SeigniorageRecipientsV2.length");
      const recipients: SeigniorageRecipientsV2 = new Map();
      for (let j = 0; j < n; j++) {
        const publicKey = readPublicKey(r, "validator public key");
        recipients.set(toHex(publicKey), { publicKey, recipient: readRecipientV2(r) });
      }
      out.set(era, recipients);
    }
    return out;
  });
}

// ---- EraInfo (2.0: a delegator's allocation names its DelegatorKind) ------------------------------

export type SeigniorageAllocationV2 =
  | { readonly kind: "Validator"; readonly validatorPublicKey: PublicKeyBytes; readonly amount: bigint }
  | { readonly kind: "Delegator"; readonly delegatorPublicKey: PublicKeyBytes; readonly validatorPublicKey: PublicKeyBytes; readonly amount: bigint }
  | { readonly kind: "DelegatorKind"; readonly delegatorKind: DelegatorKind; readonly validatorPublicKey: PublicKeyBytes; readonly amount: bigint };

export function encodeEraInfoV2(allocations: readonly SeigniorageAllocationV2[]): Uint8Array {
  const w = new ByteWriter(16 + 90 * allocations.length);
  w.u32(allocations.length);
  for (const a of allocations) {
    if (a.kind === "Validator") w.u8(0).raw(a.validatorPublicKey);
    else if (a.kind === "Delegator") w.u8(1).raw(a.delegatorPublicKey).raw(a.validatorPublicKey);
    else {
      w.u8(2);
      writeDelegatorKind(w, a.delegatorKind);
      w.raw(a.validatorPublicKey);
    }
    U512(w, a.amount);
  }
  return w.toBytes();
}

export function decodeEraInfoV2(bytes: Uint8Array): SeigniorageAllocationV2[] {
  return decodeAll(bytes, "EraInfo", readEraInfoV2);
}

/** EraInfo's Vec<SeigniorageAllocation>; 2.0's tags are a superset of 1.5.8's (tag 2 is new). */
export function readEraInfoV2(r: ByteReader): SeigniorageAllocationV2[] {
  {
    const n = r.u32("EraInfo.seigniorage_allocations.length");
    const out: SeigniorageAllocationV2[] = [];
    for (let i = 0; i < n; i++) {
      const tag = r.u8("SeigniorageAllocation tag");
      if (tag === 0) {
        out.push({ kind: "Validator", validatorPublicKey: readPublicKey(r), amount: readU512(r, "amount") });
      } else if (tag === 1) {
        const delegatorPublicKey = readPublicKey(r);
        out.push({ kind: "Delegator", delegatorPublicKey, validatorPublicKey: readPublicKey(r), amount: readU512(r, "amount") });
      } else if (tag === 2) {
        const delegatorKind = readDelegatorKind(r);
        out.push({ kind: "DelegatorKind", delegatorKind, validatorPublicKey: readPublicKey(r), amount: readU512(r, "amount") });
      } else {
        throw new BytesreprError("Formatting", "EraInfo", `unknown SeigniorageAllocation tag ${tag}`);
      }
    }
    return out;
  }
}
