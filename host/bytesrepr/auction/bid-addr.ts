// Where casper-node 2.0 keeps each auction record: Key::BidAddr (types/src/system/auction/bid_addr.rs).
// A BidAddr is its tag byte, the validator's account hash, then the delegator's account hash or purse
// address (delegations, reservations, unbonds) or an EraId (credits). Keys of one validator's
// delegators, reservations or unbonds share a prefix (`*_prefix`), which is how the auction finds them.

import { toHex } from "../hex.ts";
import { type Key, KeyTag } from "../key.ts";
import { type PublicKeyBytes, accountHashOf } from "../public-key.ts";
import { ByteWriter } from "../writer.ts";

/** bid_addr.rs BidAddrTag */
export const BidAddrTag = {
  Unified: 0,
  Validator: 1,
  DelegatedAccount: 2,
  DelegatedPurse: 3,
  Credit: 4,
  ReservedDelegationAccount: 5,
  ReservedDelegationPurse: 6,
  UnbondAccount: 7,
  UnbondPurse: 8,
  ValidatorRev: 9,
} as const;

/** delegator_kind.rs DelegatorKind: a public key (tag 0) or a purse address (tag 1). */
export type DelegatorKind =
  | { readonly kind: "PublicKey"; readonly publicKey: PublicKeyBytes }
  | { readonly kind: "Purse"; readonly addr: Uint8Array };

/** unbond.rs UnbondKind: Validator (0), DelegatedPublicKey (1), DelegatedPurse (2). */
export type UnbondKind =
  | { readonly kind: "Validator"; readonly publicKey: PublicKeyBytes }
  | { readonly kind: "DelegatedPublicKey"; readonly publicKey: PublicKeyBytes }
  | { readonly kind: "DelegatedPurse"; readonly addr: Uint8Array };

const bidAddr = (tag: number, ...parts: Uint8Array[]): Key => {
  const w = new ByteWriter(1 + 32 * parts.length).u8(tag);
  for (const p of parts) w.raw(p);
  return { tag: KeyTag.BidAddr, data: w.toBytes() };
};

/** BidAddr::Validator: the validator's bid. */
export const validatorAddr = (validator: PublicKeyBytes): Key => bidAddr(BidAddrTag.Validator, accountHashOf(validator));
/** BidAddr::ValidatorRev: the bridge back from a changed public key (change_bid_public_key). */
export const validatorRevAddr = (validator: PublicKeyBytes): Key => bidAddr(BidAddrTag.ValidatorRev, accountHashOf(validator));

/** BidAddr::new_delegator_kind_relaxed: DelegatedAccount or DelegatedPurse. */
export function delegatorAddr(validatorHash: Uint8Array, delegator: DelegatorKind): Key {
  return delegator.kind === "PublicKey"
    ? bidAddr(BidAddrTag.DelegatedAccount, validatorHash, accountHashOf(delegator.publicKey))
    : bidAddr(BidAddrTag.DelegatedPurse, validatorHash, delegator.addr);
}

/** ReservedDelegationAccount or ReservedDelegationPurse. */
export function reservationAddr(validatorHash: Uint8Array, delegator: DelegatorKind): Key {
  return delegator.kind === "PublicKey"
    ? bidAddr(BidAddrTag.ReservedDelegationAccount, validatorHash, accountHashOf(delegator.publicKey))
    : bidAddr(BidAddrTag.ReservedDelegationPurse, validatorHash, delegator.addr);
}

/** detail.rs create_unbonding_purse: UnbondAccount (a validator's own, or an account delegator's) or UnbondPurse. */
export function unbondAddr(validatorHash: Uint8Array, kind: UnbondKind): Key {
  switch (kind.kind) {
    case "Validator": return bidAddr(BidAddrTag.UnbondAccount, validatorHash, validatorHash);
    case "DelegatedPublicKey": return bidAddr(BidAddrTag.UnbondAccount, validatorHash, accountHashOf(kind.publicKey));
    case "DelegatedPurse": return bidAddr(BidAddrTag.UnbondPurse, validatorHash, kind.addr);
  }
}

/** BidAddr::new_credit: a validator's credit for an era. */
export const creditAddr = (validator: PublicKeyBytes, era: bigint): Key =>
  bidAddr(BidAddrTag.Credit, accountHashOf(validator), new ByteWriter(8).u64(era).toBytes());

/** The hex prefix (key tag, BidAddr tag, validator account hash) of a validator's records of one kind. */
export const prefixOf = (tag: number, validatorHash: Uint8Array): string =>
  `${KeyTag.BidAddr.toString(16).padStart(2, "0")}${tag.toString(16).padStart(2, "0")}${toHex(validatorHash)}`;

/** The prefix of every record of one BidAddr tag. */
export const tagPrefix = (tag: number): string => `${KeyTag.BidAddr.toString(16).padStart(2, "0")}${tag.toString(16).padStart(2, "0")}`;

/** DelegatorKind -> UnbondKind (`From<DelegatorKind> for UnbondKind`). */
export const unbondKindOf = (d: DelegatorKind): UnbondKind =>
  d.kind === "PublicKey" ? { kind: "DelegatedPublicKey", publicKey: d.publicKey } : { kind: "DelegatedPurse", addr: d.addr };

/** A stable id for maps keyed by DelegatorKind: the hex of its bytes (which orders as the BTreeMap does). */
export const delegatorId = (d: DelegatorKind): string => (d.kind === "PublicKey" ? `00${toHex(d.publicKey)}` : `01${toHex(d.addr)}`);

export function sameDelegator(a: DelegatorKind, b: DelegatorKind): boolean {
  return delegatorId(a) === delegatorId(b);
}
