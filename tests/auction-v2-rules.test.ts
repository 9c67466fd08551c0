// The auction of Casper 2.0, rule by rule, each beside 1.5.8's where 1.5.8 has one: add_bid's
// per-validator delegation limits and reserved slots (InvalidDelegationAmountLimits), the order of
// delegate's and add_bid's errors, undelegate unbonding min(amount, stake) and everything once the
// remainder falls below the validator's minimum, withdraw_bid below minimum_bid_amount, reservations,
// change_bid_public_key, purse delegators and genesis validators' limits.
// Sources: casper-node 2.0 storage/src/system/auction.rs, auction/detail.rs (handle_delegation,
// process_undelegation, handle_add_reservation, handle_cancel_reservation,
// process_updated_delegator_stake_boundaries, process_updated_delegator_reservation_slots),
// execution_engine/src/runtime/mod.rs call_host_auction (args, InvalidDelegationAmountLimits),
// storage/src/system/genesis/account_contract_installer.rs (ValidatorBid::locked(.., 0, u64::MAX, 0));
// 1.5.8 execution_engine/src/system/auction.rs. Codes: types/src/system/auction/error.rs (64512 + n),
// types/src/api_error.rs (InvalidDelegationAmountLimits = 49).
import { beforeAll, describe, expect, it } from "vitest";
import sdk from "casper-js-sdk";
import { Engine, type EngineOptions } from "../host/engine/engine.ts";
import { KeyTag, formatKey } from "../host/bytesrepr/key.ts";
import { accountHashOf } from "../host/bytesrepr/public-key.ts";
import { delegatorAddr, reservationAddr, validatorAddr, validatorRevAddr } from "../host/bytesrepr/auction/bid-addr.ts";
import { decodeBidKind } from "../host/bytesrepr/auction/records-v2.ts";
import { CSPR, auctionState, bidPayment, expectOnlyPaymentCharged, withValidator } from "./helpers/auction-state.ts";
import { delegateWasm, purseMakerWasm } from "./helpers/auction-fixtures.ts";

const { CLValue, CLTypePublicKey } = sdk;
const AUCTION = 64512;
const E = {
  ValidatorNotFound: AUCTION + 7, DelegatorNotFound: AUCTION + 8, InvalidContext: AUCTION + 14, ValidatorFundsLocked: AUCTION + 15,
  UnbondTooLarge: AUCTION + 20, BondTooSmall: AUCTION + 21, DelegationRateTooLarge: AUCTION + 37, ExceededDelegatorSizeLimit: AUCTION + 43,
  DelegationAmountTooSmall: AUCTION + 45, AuctionBidsDisabled: AUCTION + 47, ValidatorBidExistsAlready: AUCTION + 52,
  DelegationAmountTooLarge: AUCTION + 55, ReservationNotFound: AUCTION + 56, ExceededReservationSlotsLimit: AUCTION + 57,
  ExceededReservationsLimit: AUCTION + 58, ReservationSlotsCountTooSmall: AUCTION + 59, RedelegationValidatorNotFound: AUCTION + 62,
  VestingLockout: AUCTION + 63, InvalidDelegationAmountLimits: 49, MintInsufficientFunds: 65024, MissingArgument: 2, InvalidArgument: 3,
};
const PAYMENT = 5n * CSPR;
const opts = { payment: PAYMENT };
const U64_MAX = (1n << 64n) - 1n;
/** the 2.0 production chainspec's minimum_delegation_amount and maximum_delegation_amount */
const MIN = 500n * CSPR;
const MAX = 1_000_000_000n * CSPR;

const v2 = (options: EngineOptions = {}) => new Engine({ protocol: "2.0.0", ...options });
const pk = (engine: Engine, who: string) => CLValue.newCLPublicKey(engine.key(who).publicKey);
const motes = (n: bigint) => CLValue.newCLUInt512(n.toString());
const stored = (engine: Engine, key: { tag: number; data: Uint8Array }) => {
  const v = engine.state.read(key);
  return v && v.kind === "BidKind" ? decodeBidKind(v.bytes) : v;
};

/** add_bid by hash with raw args (what a wallet sends), the optional 2.0 ones when given. */
function addBidRaw(engine: Engine, who: string, amount: bigint, extra: Record<string, InstanceType<typeof CLValue>> = {}, rate = 5, from = who) {
  return engine.callByHash(from, engine.systemContract("auction"), "add_bid", {
    public_key: pk(engine, who), delegation_rate: CLValue.newCLUint8(rate), amount: motes(amount), ...extra,
  }, { payment: bidPayment(engine) });
}

describe("genesis validators (2.0: limits 0 and u64::MAX; 1.5.8: the chainspec's minimum in delegate)", () => {
  it("a genesis bid takes any positive delegation on 2.0; 1.5.8 refuses one below 500 CSPR", () => {
    const engine = v2();
    expect(engine.bid("validator-1")).toMatchObject({ minimumDelegationAmount: 0n, maximumDelegationAmount: U64_MAX, reservedSlots: 0 });
    engine.delegate("alice", "validator-1", 1n, opts).expectSuccess();
    expect(engine.stakeOf("alice", "validator-1")).toBe(1n);
    new Engine({ protocol: "1.5.8" }).delegate("alice", "validator-1", 1n, opts).expectRevert(E.DelegationAmountTooSmall);
  });

  it("the auction's named keys gain seigniorage_recipients_snapshot_version = 2 on 2.0", () => {
    const names = (e: Engine) => [...e.namedKeys(e.systemContract("auction")).keys()].sort();
    expect(names(v2())).toEqual([...names(new Engine({ protocol: "1.5.8" })), "seigniorage_recipients_snapshot_version"].sort());
    const engine = v2();
    expect(engine.value(engine.systemContract("auction"), ["seigniorage_recipients_snapshot_version"]).toString()).toBe("2");
  });
});

describe("add_bid's delegation limits and reserved slots (2.0)", () => {
  it("a new bid takes the chainspec's limits when none are given, and its own when they are", () => {
    const engine = v2();
    addBidRaw(engine, "carol", 10_000n * CSPR).expectSuccess();
    expect(engine.bid("carol")).toMatchObject({ minimumDelegationAmount: MIN, maximumDelegationAmount: MAX, reservedSlots: 0 });
    addBidRaw(engine, "dave", 12_000n * CSPR, {
      minimum_delegation_amount: CLValue.newCLUint64(1000n * CSPR), maximum_delegation_amount: CLValue.newCLUint64(5000n * CSPR),
      reserved_slots: CLValue.newCLUInt32(2),
    }).expectSuccess();
    expect(engine.bid("dave")).toMatchObject({ stakedAmount: 12_000n * CSPR, minimumDelegationAmount: 1000n * CSPR, maximumDelegationAmount: 5000n * CSPR, reservedSlots: 2 });
    engine.delegate("alice", "dave", 999n * CSPR, opts).expectRevert(E.DelegationAmountTooSmall);
    engine.delegate("alice", "dave", 5001n * CSPR, opts).expectRevert(E.DelegationAmountTooLarge);
    engine.delegate("alice", "dave", 5000n * CSPR, opts).expectSuccess();
  });

  it.each([
    ["a minimum below the chainspec's", { minimum_delegation_amount: CLValue.newCLUint64(MIN - 1n) }],
    ["a maximum above the chainspec's", { maximum_delegation_amount: CLValue.newCLUint64(MAX + 1n) }],
    ["a minimum above the maximum", { minimum_delegation_amount: CLValue.newCLUint64(2000n * CSPR), maximum_delegation_amount: CLValue.newCLUint64(1000n * CSPR) }],
  ])("%s: InvalidDelegationAmountLimits (ApiError 49), checked before any auction rule", (_what, extra) => {
    const engine = v2();
    const before = auctionState(engine);
    // a zero amount would be BondTooSmall: the limits are checked first, by the runtime
    const r = addBidRaw(engine, "carol", 0n, extra).expectRevert(E.InvalidDelegationAmountLimits);
    expect(r.error!.message).toBe("ApiError::InvalidDelegationAmountLimits [49]");
    expectOnlyPaymentCharged(engine, before, r, "carol", bidPayment(engine));
  });

  it("1.5.8 has no such args: the same deploy's extra args are ignored and the bid is made", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    addBidRaw(engine, "carol", 10_000n * CSPR, { minimum_delegation_amount: CLValue.newCLUint64(MIN - 1n) }).expectSuccess();
    expect(engine.bid("carol")).not.toHaveProperty("minimumDelegationAmount");
  });

  it("mistyped optional args are InvalidArgument (try_get_named_argument); absent ones take the defaults", () => {
    const engine = v2();
    addBidRaw(engine, "carol", 10_000n * CSPR, { minimum_delegation_amount: motes(MIN) }).expectRevert(E.InvalidArgument);
    addBidRaw(engine, "carol", 10_000n * CSPR, { reserved_slots: CLValue.newCLUint64(1n) }).expectRevert(E.InvalidArgument);
  });

  // each row breaks two rules; the first in the node's order is the one reported
  const order2: [string, () => [Engine, ReturnType<typeof addBidRaw>], number][] = [
    ["AuctionBidsDisabled before BondTooSmall", () => { const e = v2({ chainspec: { core: { allow_auction_bids: false } } }); return [e, addBidRaw(e, "carol", 0n)]; }, E.AuctionBidsDisabled],
    ["BondTooSmall (zero) before DelegationRateTooLarge", () => { const e = v2(); return [e, addBidRaw(e, "carol", 0n, {}, 101)]; }, E.BondTooSmall],
    ["DelegationRateTooLarge before ExceededReservationSlotsLimit", () => { const e = v2(); return [e, addBidRaw(e, "carol", 10_000n * CSPR, { reserved_slots: CLValue.newCLUInt32(1201) }, 101)]; }, E.DelegationRateTooLarge],
    ["ExceededReservationSlotsLimit (over max_delegators_per_validator) before InvalidContext", () => { const e = v2(); return [e, addBidRaw(e, "carol", 10_000n * CSPR, { reserved_slots: CLValue.newCLUInt32(1201) }, 5, "dave")]; }, E.ExceededReservationSlotsLimit],
    ["InvalidContext before BondTooSmall (below minimum_bid_amount)", () => { const e = v2(); return [e, addBidRaw(e, "carol", 9_999n * CSPR, {}, 5, "dave")]; }, E.InvalidContext],
    ["BondTooSmall (below minimum_bid_amount) before the mint's InsufficientFunds", () => { const e = v2(); return [e, addBidRaw(e, "carol", 9_999n * CSPR)]; }, E.BondTooSmall],
  ];
  it.each(order2)("2.0 order: %s", (_what, run, code) => {
    const [engine, r] = run();
    r.expectRevert(code);
    expect(engine.bid("carol")).toBeUndefined();
  });

  it("1.5.8's order differs: BondTooSmall (below minimum_bid_amount) comes before DelegationRateTooLarge and InvalidContext", () => {
    const e = new Engine({ protocol: "1.5.8" });
    addBidRaw(e, "carol", 9_999n * CSPR, {}, 101, "dave").expectRevert(E.BondTooSmall);
    addBidRaw(v2(), "carol", 9_999n * CSPR, {}, 101, "dave").expectRevert(E.DelegationRateTooLarge);
  });

  it("raising the minimum unbonds the delegators below it; lowering the maximum unbonds what is above it", () => {
    const engine = withValidator(v2(), "dave");
    engine.delegate("alice", "dave", 600n * CSPR, opts).expectSuccess();
    engine.delegate("bob", "dave", 3000n * CSPR, opts).expectSuccess();
    engine.delegate("carol", "dave", 1500n * CSPR, opts).expectSuccess();
    addBidRaw(engine, "dave", 1n, { minimum_delegation_amount: CLValue.newCLUint64(1000n * CSPR), maximum_delegation_amount: CLValue.newCLUint64(2000n * CSPR) }).expectSuccess();
    expect(engine.bid("dave")).toMatchObject({ stakedAmount: 10_000n * CSPR + 1n, minimumDelegationAmount: 1000n * CSPR, maximumDelegationAmount: 2000n * CSPR });
    expect([engine.stakeOf("alice", "dave"), engine.stakeOf("bob", "dave"), engine.stakeOf("carol", "dave")]).toEqual([0n, 2000n * CSPR, 1500n * CSPR]);
    expect(engine.unbonds().map((u) => [u.unbonderName, u.amount]).sort()).toEqual([["alice", 600n * CSPR], ["bob", 1000n * CSPR]]);
    // alice's delegation record is pruned, not left at zero
    expect(engine.state.read(delegatorAddr(accountHashOf(engine.key("dave").publicKeyBytes), { kind: "PublicKey", publicKey: engine.key("alice").publicKeyBytes }))).toBeUndefined();
  });

  it("a genesis validator cannot change its limits while its stake vests (VestingLockout); after the first auction it can", () => {
    const engine = v2({ validators: [{ name: "validator-1", delegationRate: 10, balance: 100_000n * CSPR }] });
    // no limits given: the chainspec's (500 CSPR .. 1e9 CSPR) replace the genesis 0 .. u64::MAX, a change
    addBidRaw(engine, "validator-1", 10_000n * CSPR).expectRevert(E.VestingLockout);
    engine.advanceEras(1); // the vesting schedule is initialized (vesting_schedule_period 0: vested)
    addBidRaw(engine, "validator-1", 10_000n * CSPR).expectSuccess();
    expect(engine.bid("validator-1")).toMatchObject({ minimumDelegationAmount: MIN, maximumDelegationAmount: MAX });
  });

  it("reserved slots: no fewer than the reservations held, no more than the slots free of unreserved delegators", () => {
    const engine = v2({ chainspec: { core: { max_delegators_per_validator: 3 } } });
    addBidRaw(engine, "dave", 10_000n * CSPR, { reserved_slots: CLValue.newCLUInt32(2) }).expectSuccess();
    engine.addReservations("dave", [{ delegator: "alice", delegationRate: 2 }, { delegator: "bob", delegationRate: 3 }], opts).expectSuccess();
    addBidRaw(engine, "dave", 1n, { reserved_slots: CLValue.newCLUInt32(1) }).expectRevert(E.ReservationSlotsCountTooSmall);
    engine.delegate("carol", "dave", MIN, opts).expectSuccess(); // the one public slot
    addBidRaw(engine, "dave", 1n, { reserved_slots: CLValue.newCLUInt32(3) }).expectRevert(E.ExceededReservationSlotsLimit);
    engine.delegate("alice", "dave", MIN, opts).expectSuccess(); // a reserved delegator
    addBidRaw(engine, "dave", 1n, { reserved_slots: CLValue.newCLUInt32(2) }).expectSuccess(); // unchanged: no check
  });
});

describe("delegate: the order of its errors", () => {
  function order(protocol: "1.5.8" | "2.0.0", setup: Partial<{ bidsDisabled: boolean; cap: number }> = {}) {
    const core: Record<string, unknown> = {};
    if (setup.bidsDisabled) core.allow_auction_bids = false;
    if (setup.cap !== undefined) core.max_delegators_per_validator = setup.cap;
    const engine = new Engine({ protocol, chainspec: { core } });
    if (!setup.bidsDisabled) withValidator(engine, "dave");
    return engine;
  }
  // [what, rules broken, 1.5.8's answer, 2.0's answer]; "dave" bid after genesis (minimum 500 CSPR on both)
  const cases: [string, (e: Engine) => ReturnType<Engine["delegate"]>, Partial<{ bidsDisabled: boolean; cap: number }>, number, number][] = [
    ["bids disabled + a zero amount", (e) => e.delegate("alice", "validator-1", 0n, opts), { bidsDisabled: true }, E.AuctionBidsDisabled, E.AuctionBidsDisabled],
    ["a zero amount + someone else's delegator", (e) => e.delegate("bob", "dave", 0n, { ...opts, from: "alice" }), {}, E.BondTooSmall, E.InvalidContext],
    ["a zero amount + an unknown validator", (e) => e.delegate("alice", "carol", 0n, opts), {}, E.BondTooSmall, E.BondTooSmall],
    ["an unknown validator + below any minimum", (e) => e.delegate("alice", "carol", 1n, opts), {}, E.ValidatorNotFound, E.ValidatorNotFound],
    ["below the minimum + no delegator slot left", (e) => e.delegate("alice", "dave", 1n, opts), { cap: 1 }, E.ExceededDelegatorSizeLimit, E.DelegationAmountTooSmall],
    ["above the maximum + no delegator slot left", (e) => e.delegate("alice", "dave", MAX + 1n, opts), { cap: 1 }, E.ExceededDelegatorSizeLimit, E.DelegationAmountTooLarge],
    ["no slot left + more than the account holds", (e) => e.delegate("alice", "dave", 20_000_000n * CSPR, opts), { cap: 1 }, E.ExceededDelegatorSizeLimit, E.ExceededDelegatorSizeLimit],
    ["more than the account holds", (e) => e.delegate("alice", "dave", 20_000_000n * CSPR, opts), {}, E.MintInsufficientFunds, E.MintInsufficientFunds],
  ];
  it.each(cases)("%s: 1.5.8 and 2.0 each report their first rule broken", (_what, run, setup, v158, v200) => {
    for (const [protocol, code] of [["1.5.8", v158], ["2.0.0", v200]] as const) {
      const engine = order(protocol, setup);
      // a full validator: one delegator already there (cap 1)
      if (setup.cap === 1) engine.delegate("carol", "dave", MIN, opts).expectSuccess();
      const before = auctionState(engine);
      const r = run(engine).expectRevert(code);
      expectOnlyPaymentCharged(engine, before, r, "alice", PAYMENT);
    }
  });

  it("2.0 checks the amount alone against the limits: a top-up below the minimum fails, one that takes the total past the maximum passes", () => {
    const engine = v2();
    addBidRaw(engine, "dave", 10_000n * CSPR, { maximum_delegation_amount: CLValue.newCLUint64(1000n * CSPR) }).expectSuccess();
    engine.delegate("alice", "dave", 1000n * CSPR, opts).expectSuccess();
    engine.delegate("alice", "dave", 499n * CSPR, opts).expectRevert(E.DelegationAmountTooSmall);
    engine.delegate("alice", "dave", 600n * CSPR, opts).expectSuccess();
    expect(engine.stakeOf("alice", "dave")).toBe(1600n * CSPR);
  });

  it("reserved slots: the public slots are max_delegators_per_validator - reserved_slots; a reservation holder joins past them", () => {
    const engine = v2({ chainspec: { core: { max_delegators_per_validator: 2 } } });
    addBidRaw(engine, "dave", 10_000n * CSPR, { reserved_slots: CLValue.newCLUInt32(1) }).expectSuccess();
    engine.addReservations("dave", [{ delegator: "carol", delegationRate: 1 }], opts).expectSuccess();
    engine.delegate("alice", "dave", MIN, opts).expectSuccess();
    engine.delegate("bob", "dave", MIN, opts).expectRevert(E.ExceededDelegatorSizeLimit);
    engine.delegate("carol", "dave", MIN, opts).expectSuccess();
    engine.delegate("alice", "dave", MIN, opts).expectSuccess(); // a top-up needs no slot
  });

  it("max_delegators_per_validator = 0: 1.5.8 reads it as no cap, 2.0 as no delegator at all", () => {
    const core = { core: { max_delegators_per_validator: 0 } };
    new Engine({ protocol: "1.5.8", chainspec: core }).delegate("alice", "validator-1", MIN, opts).expectSuccess();
    v2({ chainspec: core }).delegate("alice", "validator-1", MIN, opts).expectRevert(E.ExceededDelegatorSizeLimit);
  });

  it("a `delegator` that is not a PublicKey: 1.5.8 InvalidArgument; 2.0 falls back to `delegator_purse`, absent: MissingArgument", () => {
    const args = (e: Engine) => ({ delegator: motes(1n), validator: pk(e, "validator-1"), amount: motes(MIN) });
    const e158 = new Engine({ protocol: "1.5.8" });
    e158.callByHash("alice", e158.systemContract("auction"), "delegate", args(e158), opts).expectRevert(E.InvalidArgument);
    const e200 = v2();
    e200.callByHash("alice", e200.systemContract("auction"), "delegate", args(e200), opts).expectRevert(E.MissingArgument);
  });
});

describe("undelegate (2.0: min(amount, stake); a remainder below the validator's minimum unbonds everything)", () => {
  it.each([
    ["a remainder at the minimum stays", 1500n, 1000n, 500n, 1000n],
    ["a remainder below the minimum: everything is unbonded", 1500n, 1001n, 0n, 1500n],
    ["more than the stake: the stake", 1500n, 9999n, 0n, 1500n],
  ])("%s", (_what, staked, asked, left, unbonded) => {
    const engine = withValidator(v2(), "dave");
    engine.delegate("alice", "dave", staked * CSPR, opts).expectSuccess();
    const r = engine.undelegate("alice", "dave", asked * CSPR, opts).expectSuccess();
    expect(r.returnValue!.toString()).toBe((left * CSPR).toString());
    expect(engine.stakeOf("alice", "dave")).toBe(left * CSPR);
    expect(engine.unbonds().map((u) => u.amount)).toEqual([unbonded * CSPR]);
    const record = stored(engine, delegatorAddr(accountHashOf(engine.key("dave").publicKeyBytes), { kind: "PublicKey", publicKey: engine.key("alice").publicKeyBytes }));
    if (left === 0n) expect(record).toBeUndefined();
    else expect(record).toMatchObject({ kind: "Delegator", bid: { stakedAmount: left * CSPR } });
  });

  it("1.5.8 unbonds exactly what is asked, leaving a remainder below the minimum in place, and refuses more than the stake", () => {
    const engine = withValidator(new Engine({ protocol: "1.5.8" }), "dave");
    engine.delegate("alice", "dave", 1500n * CSPR, opts).expectSuccess();
    engine.undelegate("alice", "dave", 1500n * CSPR + 1n, opts).expectRevert(E.UnbondTooLarge);
    expect(engine.undelegate("alice", "dave", 1001n * CSPR, opts).expectSuccess().returnValue!.toString()).toBe((499n * CSPR).toString());
    expect(engine.stakeOf("alice", "dave")).toBe(499n * CSPR);
  });

  it("one Unbond per (validator, delegator), one entry per era of creation, each paid after its own delay", () => {
    const engine = withValidator(v2(), "dave");
    engine.delegate("alice", "dave", 3000n * CSPR, opts).expectSuccess();
    engine.undelegate("alice", "dave", 500n * CSPR, opts).expectSuccess();
    engine.advanceEras(2);
    engine.undelegate("alice", "dave", 700n * CSPR, opts).expectSuccess();
    const daveHash = accountHashOf(engine.key("dave").publicKeyBytes);
    const key = { tag: KeyTag.BidAddr, data: Uint8Array.from([7, ...daveHash, ...accountHashOf(engine.key("alice").publicKeyBytes)]) };
    const unbond = stored(engine, key) as { kind: "Unbond"; unbond: { eras: { eraOfCreation: bigint; amount: bigint }[] } };
    expect(unbond.unbond.eras.map((e) => [e.eraOfCreation, e.amount])).toEqual([[0n, 500n * CSPR], [2n, 700n * CSPR]]);
    const balance = engine.balance("alice");
    engine.advanceEras(6); // era 8: the era-0 entry is paid, the era-2 one kept
    expect(engine.balance("alice")).toBe(balance + 500n * CSPR);
    expect((stored(engine, key) as typeof unbond).unbond.eras.map((e) => e.eraOfCreation)).toEqual([2n]);
    engine.advanceEras(2);
    expect(engine.balance("alice")).toBe(balance + 1200n * CSPR);
    expect(engine.state.read(key)).toBeUndefined(); // an empty Unbond is pruned
  });

  it("a redelegation's target must exist when it is asked (RedelegationValidatorNotFound); 1.5.8 accepts it and pays out later", () => {
    const engine = withValidator(v2(), "dave");
    engine.delegate("alice", "dave", 1000n * CSPR, opts).expectSuccess();
    const before = auctionState(engine);
    const r = engine.redelegate("alice", "dave", "carol", 600n * CSPR, opts).expectRevert(E.RedelegationValidatorNotFound);
    expectOnlyPaymentCharged(engine, before, r, "alice", PAYMENT);
  });
});

describe("withdraw_bid (2.0: below minimum_bid_amount, the whole bid and its delegations are unbonded and pruned)", () => {
  it("withdrawing to below 10,000 CSPR unbonds the full stake and every delegator, and returns the stake the decrease left", () => {
    const engine = v2();
    addBidRaw(engine, "dave", 15_000n * CSPR).expectSuccess();
    engine.delegate("alice", "dave", 800n * CSPR, opts).expectSuccess();
    const r = engine.withdrawBid("dave", 6_000n * CSPR, opts).expectSuccess();
    expect(r.returnValue!.toString()).toBe((9_000n * CSPR).toString());
    expect(engine.bid("dave")).toBeUndefined();
    expect(engine.state.read(validatorAddr(engine.key("dave").publicKeyBytes))).toBeUndefined();
    expect(engine.unbonds().map((u) => [u.unbonderName, u.amount]).sort()).toEqual([["alice", 800n * CSPR], ["dave", 15_000n * CSPR]]);
    const [dave, alice] = [engine.balance("dave"), engine.balance("alice")];
    engine.advanceEras(8);
    expect([engine.balance("dave") - dave, engine.balance("alice") - alice]).toEqual([15_000n * CSPR, 800n * CSPR]);
  });

  it("withdrawing to at least the minimum unbonds just that; more than the stake is the whole stake (no UnbondTooLarge)", () => {
    const engine = v2();
    addBidRaw(engine, "dave", 15_000n * CSPR).expectSuccess();
    engine.withdrawBid("dave", 5_000n * CSPR, opts).expectSuccess();
    expect(engine.bid("dave")!.stakedAmount).toBe(10_000n * CSPR);
    expect(engine.withdrawBid("dave", 99_000n * CSPR, opts).expectSuccess().returnValue!.toString()).toBe("0");
    expect(engine.bid("dave")).toBeUndefined();
  });

  it("1.5.8 keeps a bid below the minimum and refuses more than the stake (UnbondTooLarge)", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    addBidRaw(engine, "dave", 15_000n * CSPR).expectSuccess();
    engine.withdrawBid("dave", 99_000n * CSPR, { payment: bidPayment(engine) }).expectRevert(E.UnbondTooLarge);
    engine.withdrawBid("dave", 6_000n * CSPR, { payment: bidPayment(engine) }).expectSuccess();
    expect(engine.bid("dave")).toMatchObject({ stakedAmount: 9_000n * CSPR, inactive: false });
  });
});

describe("reservations (2.0 add_reservations / cancel_reservations)", () => {
  function reserved(slots = 2, cap = 1200) {
    const engine = v2({ chainspec: { core: { max_delegators_per_validator: cap } } });
    addBidRaw(engine, "dave", 10_000n * CSPR, { reserved_slots: CLValue.newCLUInt32(slots) }).expectSuccess();
    return engine;
  }

  it("stores each reservation as a BidKind::Reservation under ReservedDelegationAccount; a second call updates the rate in place", () => {
    const engine = reserved();
    engine.addReservations("dave", [{ delegator: "alice", delegationRate: 3 }], opts).expectSuccess();
    const key = reservationAddr(accountHashOf(engine.key("dave").publicKeyBytes), { kind: "PublicKey", publicKey: engine.key("alice").publicKeyBytes });
    expect(formatKey(key)).toMatch(/^bid-addr-05[0-9a-f]{128}$/);
    expect(stored(engine, key)).toMatchObject({ kind: "Reservation", reservation: { delegationRate: 3 } });
    engine.addReservations("dave", [{ delegator: "bob", delegationRate: 4 }], opts).expectSuccess();
    // both slots taken: a third is refused, changing alice's rate is not (no new slot)
    engine.addReservations("dave", [{ delegator: "carol", delegationRate: 4 }], opts).expectRevert(E.ExceededReservationsLimit);
    engine.addReservations("dave", [{ delegator: "alice", delegationRate: 9 }], opts).expectSuccess();
    expect(engine.bid("dave")!.reservations.map((r) => [r.name, r.delegationRate]).sort()).toEqual([["alice", 9], ["bob", 4]]);
  });

  it.each([
    ["a rate over 100", "dave", (e: Engine) => e.addReservations("dave", [{ delegator: "alice", delegationRate: 101 }], opts), E.DelegationRateTooLarge],
    ["another validator's slots", "alice", (e: Engine) => e.addReservations("dave", [{ delegator: "alice", delegationRate: 1 }], { ...opts, from: "alice" }), E.InvalidContext],
    ["a validator with no bid", "carol", (e: Engine) => e.addReservations("carol", [{ delegator: "alice", delegationRate: 1 }], opts), E.ValidatorNotFound],
    ["a cancel of a reservation there is none of", "dave", (e: Engine) => e.cancelReservations("dave", ["alice"], opts), E.ReservationNotFound],
    ["a cancel of another validator's", "alice", (e: Engine) => e.cancelReservations("dave", ["alice"], { ...opts, from: "alice" }), E.InvalidContext],
  ] as const)("%s fails, changing nothing but the payment", (_what, sender, run, code) => {
    const engine = reserved();
    const before = auctionState(engine);
    const r = run(engine).expectRevert(code);
    expectOnlyPaymentCharged(engine, before, r, sender, PAYMENT);
  });

  it("AuctionBidsDisabled stops add_reservations but not cancel_reservations", () => {
    const engine = v2({ chainspec: { core: { allow_auction_bids: false } } });
    engine.addReservations("validator-1", [{ delegator: "alice", delegationRate: 1 }], opts).expectRevert(E.AuctionBidsDisabled);
    engine.cancelReservations("validator-1", ["alice"], opts).expectRevert(E.ReservationNotFound);
  });

  it("cancelling prunes the reservation; a delegator on it keeps its stake only if a public slot is free", () => {
    const engine = reserved(1, 2);
    engine.addReservations("dave", [{ delegator: "alice", delegationRate: 1 }], opts).expectSuccess();
    // the public slots (max 2 - 1 reserved) count every delegator: bob first, then alice on her reservation
    engine.delegate("bob", "dave", MIN, opts).expectSuccess();
    engine.delegate("alice", "dave", MIN, opts).expectSuccess();
    engine.delegate("carol", "dave", MIN, opts).expectRevert(E.ExceededDelegatorSizeLimit);
    engine.cancelReservations("dave", ["alice"], opts).expectRevert(E.ExceededDelegatorSizeLimit);
    engine.undelegate("bob", "dave", MIN, opts).expectSuccess();
    engine.cancelReservations("dave", ["alice"], opts).expectSuccess();
    expect(engine.bid("dave")!.reservations).toEqual([]);
    expect(engine.stakeOf("alice", "dave")).toBe(MIN);
  });

  it("1.5.8 has no reservation entry points (NoSuchMethod)", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    engine.callByHash("validator-1", engine.systemContract("auction"), "add_reservations", {}, opts).expectError("NoSuchMethod");
    expect(() => engine.addReservations("validator-1", [])).toThrow(/Casper 2.0 auction entry point/);
  });
});

describe("change_bid_public_key (2.0)", () => {
  it("moves the bid and its delegations to the new key, leaving Bridge records at the old key and the new key's ValidatorRev", () => {
    const engine = withValidator(v2(), "dave");
    engine.delegate("alice", "dave", 800n * CSPR, opts).expectSuccess();
    const purse = engine.bid("dave")!.bondingPurse;
    engine.advanceEras(1);
    engine.changeBidPublicKey("dave", "erin", opts).expectSuccess();
    expect(engine.bid("dave")).toBeUndefined();
    expect(engine.bid("erin")).toMatchObject({ stakedAmount: 10_000n * CSPR, bondingPurse: purse, delegators: [expect.objectContaining({ name: "alice", stakedAmount: 800n * CSPR })] });
    const bridge = { kind: "Bridge", bridge: { oldValidatorPublicKey: engine.key("dave").publicKeyBytes, newValidatorPublicKey: engine.key("erin").publicKeyBytes, eraId: 1n } };
    expect(stored(engine, validatorAddr(engine.key("dave").publicKeyBytes))).toEqual(bridge);
    expect(stored(engine, validatorRevAddr(engine.key("erin").publicKeyBytes))).toEqual(bridge);
    expect(engine.state.read(delegatorAddr(accountHashOf(engine.key("dave").publicKeyBytes), { kind: "PublicKey", publicKey: engine.key("alice").publicKeyBytes }))).toBeUndefined();
    // the old key is no validator any more; the new one is, after the auction delay
    engine.delegate("bob", "dave", MIN, opts).expectRevert(E.ValidatorNotFound);
    engine.advanceEras(2);
    expect(engine.validators().map((v) => v.name)).toContain("erin");
    expect(engine.validators().map((v) => v.name)).not.toContain("dave");
  });

  it("a redelegation to the old key follows the bridge when it is paid", () => {
    const engine = withValidator(withValidator(v2(), "dave"), "carol");
    engine.delegate("alice", "carol", 1500n * CSPR, opts).expectSuccess();
    engine.redelegate("alice", "carol", "dave", 600n * CSPR, opts).expectSuccess();
    engine.changeBidPublicKey("dave", "erin", opts).expectSuccess();
    engine.advanceEras(8);
    expect([engine.stakeOf("alice", "carol"), engine.stakeOf("alice", "erin"), engine.stakeOf("alice", "dave")]).toEqual([900n * CSPR, 600n * CSPR, 0n]);
  });

  it("a redelegation that would leave less than the validator's minimum moves the whole stake", () => {
    const engine = withValidator(withValidator(v2(), "dave"), "carol");
    engine.delegate("alice", "carol", 1000n * CSPR, opts).expectSuccess();
    expect(engine.redelegate("alice", "carol", "dave", 600n * CSPR, opts).expectSuccess().returnValue!.toString()).toBe("0");
    engine.advanceEras(8);
    expect([engine.stakeOf("alice", "carol"), engine.stakeOf("alice", "dave")]).toEqual([0n, 1000n * CSPR]);
  });

  it.each([
    ["a new key that already has a bid", "validator-2", "validator-1", E.ValidatorBidExistsAlready, "validator-2"],
    ["a key with no bid", "carol", "erin", E.ValidatorNotFound, "carol"],
    ["someone else's bid", "validator-1", "erin", E.InvalidContext, "alice"],
  ] as const)("%s fails", (_what, from, to, code, sender) => {
    const engine = v2();
    engine.changeBidPublicKey(from, to, { ...opts, from: sender }).expectRevert(code);
  });

  it("the entry point is named \" change_bid_public_key\" (constants.rs, leading space): without it wasm finds no such method; 1.5.8 has none", () => {
    const engine = v2();
    const args = { public_key: pk(engine, "validator-1"), new_public_key: pk(engine, "erin") };
    engine.callByHash("validator-1", engine.systemContract("auction"), "change_bid_public_key", args, opts).expectError("NoSuchMethod");
    const r = engine.callByHash("validator-1", engine.systemContract("auction"), " change_bid_public_key", args, opts).expectSuccess();
    if (engine.metered) expect(r.gasBreakdown.system).toBe(5_000_000_000n); // auction_costs.change_bid_public_key
    expect(engine.bid("erin")).toBeDefined();
    expect(() => new Engine({ protocol: "1.5.8" }).changeBidPublicKey("validator-1", "erin")).toThrow(/Casper 2.0 auction entry point/);
  });
});

describe("purse delegators (2.0 DelegatorKind::Purse, from VM1: the `delegator_purse` arg)", () => {
  let makePurse: Uint8Array;
  beforeAll(() => {
    makePurse = purseMakerWasm("staking_purse", 2000n * CSPR);
  });
  function withPurse(engine: Engine): string {
    engine.runSession("alice", makePurse, { amount: motes(2000n * CSPR) }, { payment: 10n * CSPR }).expectSuccess();
    return engine.account("alice").namedKeys.staking_purse;
  }

  it("a purse the account holds writeable delegates by itself; the unbond pays back into it after the delay", () => {
    const engine = withValidator(v2(), "dave");
    const purse = withPurse(engine);
    expect(engine.balance(purse)).toBe(2000n * CSPR);
    const r = engine.delegate(purse, "dave", 1500n * CSPR, { ...opts, from: "alice" }).expectSuccess();
    expect(r.returnValue!.toString()).toBe((1500n * CSPR).toString());
    expect(engine.balance(purse)).toBe(500n * CSPR);
    expect(engine.bid("dave")!.delegators).toEqual([expect.objectContaining({ kind: "Purse", stakedAmount: 1500n * CSPR })]);
    expect(engine.stakeOf(purse, "dave")).toBe(1500n * CSPR);
    expect(engine.stakeOf("alice", "dave")).toBe(0n);
    const key = delegatorAddr(accountHashOf(engine.key("dave").publicKeyBytes), { kind: "Purse", addr: sdk.URef.fromString(purse).data });
    expect(formatKey(key)).toMatch(/^bid-addr-03/);
    engine.undelegate(purse, "dave", 1500n * CSPR, { ...opts, from: "alice" }).expectSuccess();
    expect(engine.unbonds()).toEqual([expect.objectContaining({ unbonder: purse.slice(5, 69), amount: 1500n * CSPR })]);
    const mainBalance = engine.balance("alice");
    engine.advanceEras(8);
    expect(engine.balance(purse)).toBe(2000n * CSPR);
    expect(engine.balance("alice")).toBe(mainBalance);
  });

  it("a purse URef the caller does not hold is a forged reference; one held without WRITE is InvalidContext", () => {
    const engine = withValidator(v2(), "dave");
    const purse = withPurse(engine);
    engine.delegate(purse, "dave", 1000n * CSPR, { ...opts, from: "bob" }).expectError("ForgedReference");
    const readOnly = purse.replace(/-007$/, "-001");
    engine.delegate(readOnly, "dave", 1000n * CSPR, { ...opts, from: "alice" }).expectRevert(E.InvalidContext);
    expect(engine.stakeOf(purse, "dave")).toBe(0n);
  });

  it("through session code: delegate.wasm cannot (it reads `delegator` as a PublicKey), a purse arg by hash can; 1.5.8 takes no purse", () => {
    const engine = withValidator(v2(), "dave");
    const purse = withPurse(engine);
    engine.runSession("alice", delegateWasm(), { delegator_purse: CLValue.newCLUref(sdk.URef.fromString(purse)), validator: pk(engine, "dave"), amount: motes(MIN) }, opts)
      .expectRevert(E.MissingArgument);
    expect(() => new Engine({ protocol: "1.5.8" }).delegate(purse, "validator-1", MIN, { from: "alice" })).toThrow(/purse cannot delegate on 1.5.8/);
  });
});

describe("activate_bid", () => {
  it("takes `validator` on 2.0 and `validator_public_key` on 1.5.8 (entry_points.rs of each)", () => {
    for (const protocol of ["1.5.8", "2.0.0"] as const) {
      const engine = new Engine({ protocol });
      engine.advanceEras(1, { evicted: ["validator-1"] });
      const auction = engine.systemContract("auction");
      const [wrong, right] = protocol === "2.0.0" ? ["validator_public_key", "validator"] : ["validator", "validator_public_key"];
      engine.callByHash("validator-1", auction, "activate_bid", { [wrong]: pk(engine, "validator-1") }, opts).expectRevert(E.MissingArgument);
      engine.callByHash("validator-1", auction, "activate_bid", { [right]: pk(engine, "validator-1") }, opts).expectSuccess();
      expect(engine.bid("validator-1")!.inactive).toBe(false);
    }
  });

  it("2.0 refuses a stake under minimum_bid_amount (BondTooSmall); 1.5.8 does not look", () => {
    const small = [{ name: "validator-1", stake: 42n * CSPR, delegationRate: 10 }, { name: "validator-2", delegationRate: 5 }];
    for (const protocol of ["1.5.8", "2.0.0"] as const) {
      const engine = new Engine({ protocol, validators: small });
      engine.advanceEras(1, { evicted: ["validator-1"] });
      const r = engine.activateBid("validator-1", opts);
      if (protocol === "2.0.0") r.expectRevert(E.BondTooSmall);
      else r.expectSuccess();
    }
  });
});

describe("list args of 2.0's entry points", () => {
  it("add_reservations takes List<Any> (Vec<Reservation>); another list type is InvalidArgument", () => {
    const engine = v2();
    engine.callByHash("validator-1", engine.systemContract("auction"), "add_reservations", { reservations: CLValue.newCLList(CLTypePublicKey, []) }, opts)
      .expectRevert(E.InvalidArgument);
  });
});
