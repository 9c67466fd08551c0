// Reading the 2.0 auction's records outside any execution (the engine's test API and the node): every
// BidKind under Key::BidAddr in key order (what the node's `get_bids` and state_get_auction_info_v2
// list), and the same assembled as a StakingState (staking-state.ts).

import { toHex } from "../../../bytesrepr/hex.ts";
import { type Key, KeyTag, formatKey } from "../../../bytesrepr/key.ts";
import type { GlobalState } from "../../../state/global-state.ts";
import { keysWithPrefix } from "../../../state/keys-with-prefix.ts";
import { SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY } from "../provider.ts";
import { namedValue, readEraEndFrom, readEraIdFrom } from "../queries.ts";
import { SNAPSHOT_CL_TYPE, sortedByKey } from "../../../bytesrepr/auction/records.ts";
import type { BidRecord, BridgeRecord, DelegationRecord, RecipientRecord, ReservationRecord, StakerId, StakingState, UnbondRecord } from "../staking-state.ts";
import { type DelegatorKind, type UnbondKind, delegatorId } from "../../../bytesrepr/auction/bid-addr.ts";
import { type BidKind, type SnapshotV2, decodeBidKind, decodeSnapshotV2, recipientTotal } from "../../../bytesrepr/auction/records-v2.ts";

/** Every auction record: (Key::BidAddr, BidKind), in key order. */
export function readBidKindsFrom(state: GlobalState): { key: Key; bid: BidKind }[] {
  return keysWithPrefix(state, KeyTag.BidAddr.toString(16).padStart(2, "0")).map((key) => {
    const v = state.read(key);
    if (!v || v.kind !== "BidKind") throw new Error(`a ${v?.kind ?? "missing value"} is stored under ${formatKey(key)}`);
    return { key, bid: decodeBidKind(v.bytes) };
  });
}

export function readSnapshotV2From(state: GlobalState): SnapshotV2 {
  return namedValue(state, SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY, SNAPSHOT_CL_TYPE, (r) => decodeSnapshotV2(r.raw(r.remaining)));
}

const staker = (d: DelegatorKind): StakerId => d;

function unbonder(kind: UnbondKind): StakerId {
  return kind.kind === "DelegatedPurse" ? { kind: "Purse", addr: kind.addr } : { kind: "PublicKey", publicKey: kind.publicKey };
}

/** The 2.0 records as a StakingState. */
export function readStakingStateV2(state: GlobalState): StakingState {
  const records = readBidKindsFrom(state);
  const delegators = new Map<string, DelegationRecord[]>();
  const reservations = new Map<string, ReservationRecord[]>();
  const unbonds: UnbondRecord[] = [];
  const bridges: BridgeRecord[] = [];
  const validators: BidRecord[] = [];
  for (const { key, bid: b } of records) {
    if (b.kind === "Delegator") {
      const id = toHex(b.bid.validatorPublicKey);
      delegators.set(id, [...(delegators.get(id) ?? []), {
        delegator: staker(b.bid.delegatorKind), stakedAmount: b.bid.stakedAmount, bondingPurse: b.bid.bondingPurse, vestingSchedule: b.bid.vestingSchedule,
      }]);
    } else if (b.kind === "Reservation") {
      const id = toHex(b.reservation.validatorPublicKey);
      reservations.set(id, [...(reservations.get(id) ?? []), { delegator: staker(b.reservation.delegatorKind), delegationRate: b.reservation.delegationRate }]);
    } else if (b.kind === "Unbond") {
      const u = b.unbond;
      for (const era of u.eras) {
        unbonds.push({
          validatorPublicKey: u.validatorPublicKey, unbonder: unbonder(u.unbondKind), isValidator: u.unbondKind.kind === "Validator",
          bondingPurse: era.bondingPurse, eraOfCreation: era.eraOfCreation, amount: era.amount, newValidator: era.newValidator,
        });
      }
    } else if (b.kind === "Bridge" && key.data[0] !== 9 /* the ValidatorRev copy */) {
      bridges.push(b.bridge);
    }
  }
  for (const { bid: b } of records) {
    if (b.kind !== "Validator") continue;
    const v = b.bid;
    const id = toHex(v.validatorPublicKey);
    const byKind = (list: readonly { delegator: StakerId }[] | undefined) => [...(list ?? [])].sort((x, y) => (delegatorId(x.delegator) < delegatorId(y.delegator) ? -1 : 1));
    validators.push({
      validatorPublicKey: v.validatorPublicKey, bondingPurse: v.bondingPurse, stakedAmount: v.stakedAmount, delegationRate: v.delegationRate,
      inactive: v.inactive, vestingSchedule: v.vestingSchedule,
      delegationLimits: { minimum: v.minimumDelegationAmount, maximum: v.maximumDelegationAmount, reservedSlots: v.reservedSlots },
      delegators: byKind(delegators.get(id)) as DelegationRecord[],
      reservations: byKind(reservations.get(id)) as ReservationRecord[],
    });
  }
  const validatorSets = new Map<bigint, RecipientRecord[]>();
  for (const [era, recipients] of readSnapshotV2From(state)) {
    validatorSets.set(era, sortedByKey(recipients.values(), (r) => r.publicKey).map(({ publicKey, recipient }) => ({
      publicKey,
      stake: recipient.stake,
      delegationRate: recipient.delegationRate,
      delegators: [...recipient.delegatorStake].sort(([x], [y]) => (x < y ? -1 : 1)).map(([, d]) => ({ delegator: staker(d.kind), stake: d.stake })),
      weight: recipientTotal(recipient),
    })));
  }
  return {
    eraId: readEraIdFrom(state),
    eraEndTimestampMillis: readEraEndFrom(state),
    bids: sortedByKey(validators, (b) => b.validatorPublicKey),
    unbonds,
    bridges,
    validatorSets,
  };
}
