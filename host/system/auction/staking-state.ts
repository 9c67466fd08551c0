// The auction's state as both protocols' records give it, in one shape for readers outside the auction
// (the engine's staking test API, the local node): bids with their delegations and reservations,
// pending unbonds and the validator sets of the snapshot. 1.5.8 fills it from Key::Bid / Key::Unbond
// records (queries.ts), 2.0 from the BidKind records under Key::BidAddr (v2/queries.ts).

import type { URef } from "../../bytesrepr/key.ts";
import type { PublicKeyBytes } from "../../bytesrepr/public-key.ts";
import type { VestingSchedule } from "../../bytesrepr/auction/records.ts";

/** A delegator: an account's public key, or (2.0) a purse delegating by itself. */
export type StakerId =
  | { readonly kind: "PublicKey"; readonly publicKey: PublicKeyBytes }
  | { readonly kind: "Purse"; readonly addr: Uint8Array };

export interface DelegationRecord {
  readonly delegator: StakerId;
  readonly stakedAmount: bigint;
  readonly bondingPurse: URef;
  readonly vestingSchedule: VestingSchedule | undefined;
}

export interface ReservationRecord {
  readonly delegator: StakerId;
  readonly delegationRate: number;
}

export interface BidRecord {
  readonly validatorPublicKey: PublicKeyBytes;
  readonly bondingPurse: URef;
  readonly stakedAmount: bigint;
  readonly delegationRate: number;
  readonly inactive: boolean;
  readonly vestingSchedule: VestingSchedule | undefined;
  /** 2.0: the validator's own delegation limits and reserved slots (1.5.8: the chainspec's minimum applies to all) */
  readonly delegationLimits?: { readonly minimum: bigint; readonly maximum: bigint; readonly reservedSlots: number };
  readonly delegators: readonly DelegationRecord[];
  readonly reservations: readonly ReservationRecord[];
}

export interface UnbondRecord {
  readonly validatorPublicKey: PublicKeyBytes;
  /** the validator itself, or a delegator */
  readonly unbonder: StakerId;
  readonly isValidator: boolean;
  readonly bondingPurse: URef;
  readonly eraOfCreation: bigint;
  readonly amount: bigint;
  readonly newValidator: PublicKeyBytes | undefined;
}

export interface RecipientRecord {
  readonly publicKey: PublicKeyBytes;
  /** the validator's own stake */
  readonly stake: bigint;
  readonly delegationRate: number;
  readonly delegators: readonly { readonly delegator: StakerId; readonly stake: bigint }[];
  /** own stake plus every delegator's: the validator's weight */
  readonly weight: bigint;
}

/** 2.0 change_bid_public_key: a bid that moved to another key. */
export interface BridgeRecord {
  readonly oldValidatorPublicKey: PublicKeyBytes;
  readonly newValidatorPublicKey: PublicKeyBytes;
  readonly eraId: bigint;
}

export interface StakingState {
  readonly eraId: bigint;
  readonly eraEndTimestampMillis: bigint;
  /** in validator public key order */
  readonly bids: readonly BidRecord[];
  /** in record key order */
  readonly unbonds: readonly UnbondRecord[];
  readonly bridges: readonly BridgeRecord[];
  /** era -> that era's validators (in public key order) */
  readonly validatorSets: ReadonlyMap<bigint, readonly RecipientRecord[]>;
}
