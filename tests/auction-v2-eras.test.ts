// The 2.0 auction's era step and records: distribute with rewards in motes (delegators' share by
// stake less the validator's commission or their reservation's rate, minted into bonding purses,
// EraInfo with DelegatorKind allocations), slash (stakes, delegations and unbonds burned, records
// pruned), run_auction's winners (locked bids, then the largest weights meeting minimum_bid_amount,
// backfilled to 3/4 of the slots below it), and the record bytes against casper-js-sdk's encodings of
// their fields. Sources: casper-node 2.0 storage/src/system/auction.rs (distribute, slash,
// run_auction), auction/detail.rs (rewards_per_validator, pick_winners), types/src/system/auction.rs
// (WeightsBreakout::take), types/src/system/auction/{bid_kind,validator_bid,delegator_bid,unbond,
// reservation,era_info}.rs.
import { describe, expect, it } from "vitest";
import sdk from "casper-js-sdk";
import { Engine } from "../host/engine/engine.ts";
import { toHex } from "../host/bytesrepr/hex.ts";
import { KeyTag, eraSummaryKey, formatKey, encodeKey } from "../host/bytesrepr/key.ts";
import { accountHashOf } from "../host/bytesrepr/public-key.ts";
import { encodeStoredValue } from "../host/bytesrepr/stored-value.ts";
import { delegatorAddr, reservationAddr, validatorAddr } from "../host/bytesrepr/auction/bid-addr.ts";
import { decodeBidKind, decodeEraInfoV2, encodeBidKind } from "../host/bytesrepr/auction/records-v2.ts";
import { CSPR, withValidator } from "./helpers/auction-state.ts";

const { CLValue, URef } = sdk;
const opts = { payment: 5n * CSPR };
const v2 = (options: ConstructorParameters<typeof Engine>[0] = {}) => new Engine({ protocol: "2.0.0", ...options });
const totalSupply = (e: Engine) => BigInt(e.value(e.systemContract("mint"), ["total_supply"]).toString());
const cat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));
const pkBytes = (e: Engine, who: string) => CLValue.newCLPublicKey(e.key(who).publicKey).bytes();
const u512 = (n: bigint) => CLValue.newCLUInt512(n.toString()).bytes();
const u64 = (n: bigint) => CLValue.newCLUint64(n.toString()).bytes();
const u32 = (n: number) => CLValue.newCLUInt32(n).bytes();
const urefBytes = (formatted: string) => URef.fromString(formatted).bytes();
const storedBytes = (e: Engine, key: { tag: number; data: Uint8Array }) => {
  const v = e.state.read(key);
  if (!v || v.kind !== "BidKind") throw new Error(`no BidKind under ${formatKey(key)}`);
  return v.bytes;
};

describe("distribute (2.0: rewards in motes)", () => {
  it("delegators get their share by stake less the commission (or their reservation's rate); the validator the rest; minted into the bonding purses", () => {
    const engine = v2();
    const dave = withValidator(engine, "dave", 10);
    dave.addBid("dave", 1n, 10, { ...opts, reservedSlots: 1 }).expectSuccess();
    engine.addReservations("dave", [{ delegator: "bob", delegationRate: 2 }], opts).expectSuccess();
    engine.delegate("alice", "dave", 1000n * CSPR, opts).expectSuccess();
    engine.delegate("bob", "dave", 3000n * CSPR, opts).expectSuccess();
    engine.advanceEras(2); // the set of era 2 has the delegations
    const supply = totalSupply(engine);
    const reward = 1_000_000n * CSPR + 7n; // motes, as the node hands them over
    const total = 10_000n * CSPR + 1n + 4000n * CSPR;
    const aliceReward = (reward * 1000n * CSPR * 90n) / (total * 100n); // 10% commission
    const bobReward = (reward * 3000n * CSPR * 98n) / (total * 100n); // his reservation: 2%
    const validatorReward = reward - aliceReward - bobReward;

    engine.advanceEras(1, { rewards: { dave: reward } });
    expect(engine.stakeOf("alice", "dave")).toBe(1000n * CSPR + aliceReward);
    expect(engine.stakeOf("bob", "dave")).toBe(3000n * CSPR + bobReward);
    expect(engine.stakeOf("dave", "dave")).toBe(10_000n * CSPR + 1n + validatorReward);
    expect(totalSupply(engine)).toBe(supply + reward);
    expect(engine.balance(engine.bid("dave")!.bondingPurse)).toBe(10_000n * CSPR + 1n + validatorReward);
    // EraInfo under Key::EraSummary: the validator first, then each delegator by DelegatorKind (tag 2)
    const info = engine.state.read(eraSummaryKey) as { kind: string; bytes: Uint8Array };
    const allocations = decodeEraInfoV2(info.bytes);
    expect(allocations[0]).toMatchObject({ kind: "Validator", amount: validatorReward });
    const byDelegator = new Map(allocations.slice(1).map((a) => [a.kind === "DelegatorKind" && a.delegatorKind.kind === "PublicKey" ? toHex(a.delegatorKind.publicKey) : "?", a.amount]));
    expect(byDelegator).toEqual(new Map([[engine.key("alice").publicKeyHex, aliceReward], [engine.key("bob").publicKeyHex, bobReward]]));
  });

  it("a validator whose bid is gone: the reward goes into its last unbond's bonding purse", () => {
    const engine = withValidator(v2(), "dave");
    engine.advanceEras(2);
    engine.withdrawBid("dave", 10_000n * CSPR, opts).expectSuccess(); // below the minimum: all unbonded, bid pruned
    const purse = engine.unbonds()[0].bondingPurse;
    engine.advanceEras(1, { rewards: { dave: 5n * CSPR } });
    expect(engine.balance(purse)).toBe(10_005n * CSPR);
  });

  it("amounts per era back need that era's recipients (MissingSeigniorageRecipients before it); 1.5.8 takes one factor per validator", () => {
    const engine = v2();
    expect(() => engine.advanceEras(1, { rewards: { "validator-1": [1n, 2n] } })).toThrow(/MissingSeigniorageRecipients/);
    expect(engine.eraId()).toBe(0n); // nothing of the failed era end stayed
    engine.advanceEras(1);
    const stake = engine.stakeOf("validator-1", "validator-1");
    engine.advanceEras(1, { rewards: { "validator-1": [1n, 2n] } }); // era 1, and era 0 one back
    expect(engine.stakeOf("validator-1", "validator-1")).toBe(stake + 3n);
    expect(() => new Engine({ protocol: "1.5.8" }).advanceEras(1, { rewards: { "validator-1": [1n] } })).toThrow(/one reward factor per validator/);
  });
});

describe("slash and run_auction (2.0)", () => {
  it("slash burns the stake, the delegations and the unbonds of delegators still delegating, and prunes the records", () => {
    const engine = withValidator(v2(), "dave");
    engine.delegate("alice", "dave", 800n * CSPR, opts).expectSuccess();
    engine.undelegate("alice", "dave", 300n * CSPR, opts).expectSuccess();
    engine.delegate("bob", "dave", 900n * CSPR, opts).expectSuccess();
    engine.undelegate("bob", "dave", 900n * CSPR, opts).expectSuccess();
    const supply = totalSupply(engine);
    engine.advanceEras(1, { slashed: ["dave"] });
    // auction.rs slash finds unbonds through the delegation records: bob's bid is gone (he left), so
    // his unbond is not burned and is paid out after the delay as usual
    expect(totalSupply(engine)).toBe(supply - 10_000n * CSPR - 500n * CSPR - 300n * CSPR);
    expect(engine.bid("dave")).toBeUndefined();
    expect(engine.unbonds().map((u) => [u.unbonderName, u.amount])).toEqual([["bob", 900n * CSPR]]);
    const bob = engine.balance("bob");
    engine.advanceEras(7);
    expect(engine.balance("bob")).toBe(bob + 900n * CSPR);
    const dh = accountHashOf(engine.key("dave").publicKeyBytes);
    expect(engine.state.read(delegatorAddr(dh, { kind: "PublicKey", publicKey: engine.key("alice").publicKeyBytes }))).toBeUndefined();
  });

  it("winners: bids below minimum_bid_amount fill up to 3/4 of the slots when too few meet it; the snapshot keeps auction_delay + 2 eras", () => {
    // genesis validators are not locked here (no vesting period), and one of them stakes less than the minimum
    const engine = v2({
      chainspec: { core: { validator_slots: 4 } },
      validators: [
        { name: "validator-1", delegationRate: 10, stake: 5_000n * CSPR },
        { name: "validator-2", delegationRate: 5, stake: 4_000n * CSPR },
        { name: "validator-3", delegationRate: 5, stake: 3_000n * CSPR },
      ],
    });
    withValidator(engine, "dave");
    engine.advanceEras(2);
    // one bid meets 10,000 CSPR (dave); 3/4 of 4 slots is 3: the two largest below it fill in
    expect(engine.validators().map((v) => v.name).sort()).toEqual(["dave", "validator-1", "validator-2"]);
    expect(engine.bids()).toHaveLength(4);
    const known = [0n, 1n, 2n, 3n].filter((e) => {
      try {
        engine.validators(e);
        return true;
      } catch {
        return false;
      }
    });
    expect(known).toEqual([1n, 2n, 3n]);
  });
});

describe("record bytes (2.0), each field as casper-js-sdk encodes it", () => {
  it("a ValidatorBid (BidKind tag 1) and a DelegatorBid (tag 2, DelegatorKind::PublicKey) under their BidAddr keys", () => {
    const engine = withValidator(v2(), "dave");
    engine.delegate("alice", "dave", 700n * CSPR, opts).expectSuccess();
    const bid = engine.bid("dave")!;
    const validatorBytes = storedBytes(engine, validatorAddr(engine.key("dave").publicKeyBytes));
    expect(toHex(validatorBytes)).toBe(toHex(cat(
      Uint8Array.of(1), pkBytes(engine, "dave"), urefBytes(bid.bondingPurse), u512(10_000n * CSPR), Uint8Array.of(5),
      Uint8Array.of(0), // vesting_schedule: None (not a genesis bid)
      Uint8Array.of(0), // inactive
      u64(500n * CSPR), u64(1_000_000_000n * CSPR), u32(0),
    )));
    const dh = accountHashOf(engine.key("dave").publicKeyBytes);
    const key = delegatorAddr(dh, { kind: "PublicKey", publicKey: engine.key("alice").publicKeyBytes });
    // the key: casper-js-sdk parses the formatted BidAddr and writes the same bytes
    expect(toHex(sdk.Key.newKey(formatKey(key)).bytes())).toBe(toHex(encodeKey(key)));
    expect(formatKey(key)).toBe(`bid-addr-02${toHex(dh)}${engine.key("alice").accountHashHex}`);
    const delegatorBytes = storedBytes(engine, key);
    expect(toHex(delegatorBytes)).toBe(toHex(cat(
      Uint8Array.of(2), Uint8Array.of(0), pkBytes(engine, "alice"), u512(700n * CSPR), urefBytes(bid.delegators[0].bondingPurse), pkBytes(engine, "dave"), Uint8Array.of(0),
    )));
    // decode and re-encode is the identity; the StoredValue tag is 11
    for (const b of [validatorBytes, delegatorBytes]) expect(toHex(encodeBidKind(decodeBidKind(b)))).toBe(toHex(b));
    expect(encodeStoredValue({ kind: "BidKind", bytes: validatorBytes })[0]).toBe(11);
  });

  it("an Unbond (tag 6: validator, UnbondKind, eras) and a Reservation (tag 5)", () => {
    const engine = withValidator(v2(), "dave");
    engine.addBid("dave", 1n, 5, { ...opts, reservedSlots: 1 }).expectSuccess();
    engine.addReservations("dave", [{ delegator: "carol", delegationRate: 7 }], opts).expectSuccess();
    engine.delegate("alice", "dave", 1000n * CSPR, opts).expectSuccess();
    engine.redelegate("alice", "dave", "validator-2", 400n * CSPR, opts).expectSuccess();
    const dh = accountHashOf(engine.key("dave").publicKeyBytes);
    const unbondKey = { tag: KeyTag.BidAddr, data: Uint8Array.from([7, ...dh, ...accountHashOf(engine.key("alice").publicKeyBytes)]) };
    expect(toHex(storedBytes(engine, unbondKey))).toBe(toHex(cat(
      Uint8Array.of(6), pkBytes(engine, "dave"), Uint8Array.of(1), pkBytes(engine, "alice"), u32(1),
      urefBytes(engine.unbonds()[0].bondingPurse), u64(0n), u512(400n * CSPR), Uint8Array.of(1), pkBytes(engine, "validator-2"),
    )));
    const reservation = storedBytes(engine, reservationAddr(dh, { kind: "PublicKey", publicKey: engine.key("carol").publicKeyBytes }));
    expect(toHex(reservation)).toBe(toHex(cat(Uint8Array.of(5), Uint8Array.of(0), pkBytes(engine, "carol"), pkBytes(engine, "dave"), Uint8Array.of(7))));
  });
});
