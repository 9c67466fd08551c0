// Eras on the local engine's auction, on both protocols: undelegation paid out after the unbonding
// delay, redelegation moving stake at its end, bids entering and leaving the validator set after the
// auction delay. Where the protocols differ, each test asserts each protocol's outcome side by side.
// Rules: casper-node v1.5.8 execution_engine/src/system/auction.rs (undelegate, redelegate, add_bid,
// withdraw_bid, run_auction), detail.rs (create_unbonding_purse, process_unbond_requests); 2.0
// storage/src/system/auction.rs and auction/detail.rs (process_undelegation, handle_redelegation,
// withdraw_bid's full unbond below minimum_bid_amount, pruned records); delays from the production
// chainspecs (unbonding_delay 7, auction_delay 1, validator_slots 100).
import { describe, expect, it } from "vitest";
import { Engine, type EngineOptions } from "../host/engine/engine.ts";
import { CSPR, auctionState, expectOnlyPaymentCharged } from "./helpers/auction-state.ts";
import { feeOf } from "./helpers/gas-fee.ts";

const AUCTION = 64512;
const PAYMENT = 5n * CSPR;
const opts = { payment: PAYMENT };

describe.each(["1.5.8", "2.0.0"] as const)("protocol %s", (protocol) => {
const v2 = protocol === "2.0.0";
const newEngine = (options: EngineOptions = {}) => new Engine({ protocol, ...options });
// add_bid's system cost: 5,000 CSPR in the 1.5.8 chainspec, 2.5 CSPR in 2.0's
const BID_PAYMENT = v2 ? PAYMENT : 5_010n * CSPR;
const bidOpts = { payment: BID_PAYMENT };

function delegated(amount: bigint, validator = "validator-1", engine = newEngine()): Engine {
  engine.delegate("alice", validator, amount, opts).expectSuccess();
  return engine;
}

describe("undelegate", () => {
  it("queues an unbonding purse, paid to the delegator's main purse at the end of era creation + unbonding_delay", () => {
    const engine = delegated(1000n * CSPR);
    const delay = BigInt(engine.config.chainspec.core.unbonding_delay);
    expect(delay).toBe(7n);
    const purse = engine.bid("validator-1")!.delegators[0].bondingPurse;
    const r = engine.undelegate("alice", "validator-1", 400n * CSPR, opts).expectSuccess();
    expect(r.returnValue!.toString()).toBe((600n * CSPR).toString()); // the remaining stake
    expect(engine.stakeOf("alice", "validator-1")).toBe(600n * CSPR);
    expect(engine.unbonds()).toEqual([
      expect.objectContaining({ unbonderName: "alice", amount: 400n * CSPR, eraOfCreation: 0n, payableInEra: delay, newValidator: undefined, bondingPurse: purse }),
    ]);
    // the motes stay in the bonding purse until the payout
    expect(engine.balance(purse)).toBe(1000n * CSPR);
    const balance = engine.balance("alice");

    engine.advanceEras(Number(delay));
    expect(engine.eraId()).toBe(delay);
    expect(engine.balance("alice")).toBe(balance);
    expect(engine.unbonds()).toHaveLength(1);

    // run_auction at the end of era 7 sees era 7 >= 0 + 7
    engine.advanceEras(1);
    expect(engine.balance("alice")).toBe(balance + 400n * CSPR);
    expect(engine.balance(purse)).toBe(600n * CSPR);
    expect(engine.unbonds()).toEqual([]);
    expect(engine.stakeOf("alice", "validator-1")).toBe(600n * CSPR);
  });

  it("undelegating everything removes the delegation; the rest comes back after the delay", () => {
    const engine = delegated(700n * CSPR);
    const r = engine.undelegate("alice", "validator-1", 700n * CSPR, opts).expectSuccess();
    expect(r.returnValue!.toString()).toBe("0");
    expect(engine.bid("validator-1")!.delegators).toEqual([]);
    const balance = engine.balance("alice");
    engine.advanceEras(8);
    expect(engine.balance("alice")).toBe(balance + 700n * CSPR);
  });

  it("two undelegations in different eras are paid in their own eras", () => {
    const engine = delegated(2000n * CSPR);
    engine.undelegate("alice", "validator-1", 100n * CSPR, opts).expectSuccess();
    engine.advanceEras(3);
    engine.undelegate("alice", "validator-1", 200n * CSPR, opts).expectSuccess();
    expect(engine.unbonds().map((u) => [u.eraOfCreation, u.amount])).toEqual([[0n, 100n * CSPR], [3n, 200n * CSPR]]);
    const balance = engine.balance("alice");
    engine.advanceEras(5); // era 8: the first is paid
    expect(engine.balance("alice")).toBe(balance + 100n * CSPR);
    engine.advanceEras(2); // era 10 (paid at the end of era 10 >= 3 + 7)
    expect(engine.balance("alice")).toBe(balance + 100n * CSPR);
    engine.advanceEras(1);
    expect(engine.balance("alice")).toBe(balance + 300n * CSPR);
    expect(engine.stakeOf("alice", "validator-1")).toBe(1700n * CSPR);
  });

  it("more than the stake: 1.5.8 fails (UnbondTooLarge: the bonding purse holds less); 2.0 unbonds min(amount, stake)", () => {
    const engine = delegated(1000n * CSPR);
    const before = auctionState(engine);
    const r = engine.undelegate("alice", "validator-1", 1000n * CSPR + 1n, opts);
    if (!v2) {
      r.expectRevert(AUCTION + 20);
      expectOnlyPaymentCharged(engine, before, r, "alice", PAYMENT);
      return;
    }
    expect(r.expectSuccess().returnValue!.toString()).toBe("0");
    expect(engine.bid("validator-1")!.delegators).toEqual([]);
    expect(engine.unbonds().map((u) => [u.unbonderName, u.amount])).toEqual([["alice", 1000n * CSPR]]);
  });

  const failures: [string, string, bigint, string, number][] = [
    ["from a validator it has not delegated to (DelegatorNotFound)", "validator-2", 1n, "alice", AUCTION + 8],
    ["from an unknown validator (ValidatorNotFound)", "bob", 1n, "alice", AUCTION + 7],
    ["someone else's delegation (InvalidContext)", "validator-1", 1n, "bob", AUCTION + 14],
  ];
  it.each(failures)("%s fails, changing nothing but the payment", (_what, validator, amount, from, code) => {
    const engine = delegated(1000n * CSPR);
    const before = auctionState(engine);
    const r = engine.undelegate("alice", validator, amount, { ...opts, from }).expectRevert(code);
    expectOnlyPaymentCharged(engine, before, r, from, PAYMENT);
  });
});

describe("redelegate", () => {
  it("moves the stake to the new validator at the end of the unbonding delay, through a new bonding purse", () => {
    const engine = delegated(1500n * CSPR);
    const oldPurse = engine.bid("validator-1")!.delegators[0].bondingPurse;
    const r = engine.redelegate("alice", "validator-1", "validator-2", 600n * CSPR, opts).expectSuccess();
    expect(r.returnValue!.toString()).toBe((900n * CSPR).toString());
    expect(engine.unbonds()).toEqual([expect.objectContaining({ amount: 600n * CSPR, newValidator: engine.key("validator-2").publicKeyHex })]);
    expect([engine.stakeOf("alice", "validator-1"), engine.stakeOf("alice", "validator-2")]).toEqual([900n * CSPR, 0n]);
    const balance = engine.balance("alice");

    engine.advanceEras(7);
    expect(engine.stakeOf("alice", "validator-2")).toBe(0n);
    engine.advanceEras(1);
    expect([engine.stakeOf("alice", "validator-1"), engine.stakeOf("alice", "validator-2")]).toEqual([900n * CSPR, 600n * CSPR]);
    expect(engine.balance("alice")).toBe(balance); // nothing paid out
    const newPurse = engine.bid("validator-2")!.delegators[0].bondingPurse;
    expect(newPurse).not.toBe(oldPurse);
    expect([engine.balance(oldPurse), engine.balance(newPurse)]).toEqual([900n * CSPR, 600n * CSPR]);
    expect(engine.unbonds()).toEqual([]);
  });

  it("adds to an existing delegation with the new validator", () => {
    const engine = delegated(1000n * CSPR);
    engine.delegate("alice", "validator-2", 500n * CSPR, opts).expectSuccess();
    engine.redelegate("alice", "validator-1", "validator-2", 1000n * CSPR, opts).expectSuccess();
    engine.advanceEras(8);
    expect([engine.stakeOf("alice", "validator-1"), engine.stakeOf("alice", "validator-2")]).toEqual([0n, 1500n * CSPR]);
    expect(engine.bid("validator-2")!.delegators).toHaveLength(1);
  });

  it("to a validator that is gone or has no stake left, the motes are paid out instead", () => {
    const engine = newEngine();
    // carol becomes a validator, then withdraws everything
    engine.addBid("carol", 20_000n * CSPR, 3, bidOpts).expectSuccess();
    delegated(1000n * CSPR, "validator-1", engine);
    engine.redelegate("alice", "validator-1", "carol", 500n * CSPR, opts).expectSuccess();
    // dave never bid: 1.5.8 accepts the request; 2.0 checks the target first (RedelegationValidatorNotFound)
    const toDave = engine.redelegate("alice", "validator-1", "dave", 500n * CSPR, opts);
    if (v2) toDave.expectRevert(AUCTION + 62);
    else toDave.expectSuccess();
    engine.withdrawBid("carol", 20_000n * CSPR, opts).expectSuccess();
    const balance = engine.balance("alice");
    engine.advanceEras(8);
    expect(engine.stakeOf("alice", "carol")).toBe(0n);
    expect(engine.balance("alice")).toBe(balance + (v2 ? 500n : 1000n) * CSPR);
  });

  it("to a validator at max_delegators_per_validator, the motes are paid out instead", () => {
    const engine = newEngine({ chainspec: { core: { max_delegators_per_validator: 1 } } });
    engine.delegate("bob", "validator-2", 500n * CSPR, opts).expectSuccess();
    delegated(800n * CSPR, "validator-1", engine);
    engine.redelegate("alice", "validator-1", "validator-2", 800n * CSPR, opts).expectSuccess();
    const balance = engine.balance("alice");
    engine.advanceEras(8);
    expect(engine.stakeOf("alice", "validator-2")).toBe(0n);
    expect(engine.balance("alice")).toBe(balance + 800n * CSPR);
  });

  it("below the minimum delegation: 1.5.8 fails up front (DelegationAmountTooSmall); 2.0 has no such check (the target's own minimum applies at the payout)", () => {
    const engine = delegated(1000n * CSPR);
    const before = auctionState(engine);
    const r = engine.redelegate("alice", "validator-1", "validator-2", 499n * CSPR, opts);
    if (!v2) {
      r.expectRevert(AUCTION + 45);
      expectOnlyPaymentCharged(engine, before, r, "alice", PAYMENT);
      return;
    }
    r.expectSuccess();
    engine.advanceEras(8); // genesis validators take any positive amount (minimum 0)
    expect([engine.stakeOf("alice", "validator-1"), engine.stakeOf("alice", "validator-2")]).toEqual([501n * CSPR, 499n * CSPR]);
  });
});

describe("bids and the validator set", () => {
  it("a new bid joins the validator set auction_delay + 1 eras later, weighted with its delegations", () => {
    const engine = newEngine();
    const names = (era?: bigint) => engine.validators(era).map((v) => v.name);
    expect(names()).toEqual(["validator-1", "validator-2"]);
    const r = engine.addBid("carol", 50_000n * CSPR, 7, bidOpts).expectSuccess();
    expect(r.returnValue!.toString()).toBe((50_000n * CSPR).toString());
    engine.delegate("alice", "carol", 1000n * CSPR, opts).expectSuccess();

    engine.advanceEras(1); // run_auction at the end of era 0 picks the set of era 2
    expect(names()).toEqual(["validator-1", "validator-2"]);
    expect(engine.validators(2n).find((v) => v.name === "carol")!.weight).toBe(51_000n * CSPR);
    engine.advanceEras(1);
    expect(names()).toContain("carol");
    expect(engine.bid("carol")).toMatchObject({ stakedAmount: 50_000n * CSPR, totalStake: 51_000n * CSPR, delegationRate: 7, inactive: false });
  });

  it("adding to a bid raises the stake and sets the new delegation rate", () => {
    const engine = newEngine();
    engine.addBid("carol", 20_000n * CSPR, 7, bidOpts).expectSuccess();
    const before = engine.balance("carol");
    const r = engine.addBid("carol", 15_000n * CSPR, 12, bidOpts).expectSuccess();
    expect(r.returnValue!.toString()).toBe((35_000n * CSPR).toString());
    expect(engine.bid("carol")).toMatchObject({ stakedAmount: 35_000n * CSPR, delegationRate: 12 });
    expect(engine.balance("carol")).toBe(before - 15_000n * CSPR - feeOf(r, BID_PAYMENT, engine.protocol));
  });

  it("validator_slots: only the largest total stakes win", () => {
    const engine = newEngine({ chainspec: { core: { validator_slots: 2 } } });
    engine.addBid("carol", 1_500_000n * CSPR, 5, bidOpts).expectSuccess();
    engine.delegate("alice", "validator-2", 1000n * CSPR, opts).expectSuccess();
    engine.advanceEras(2);
    expect(engine.validators().map((v) => [v.name, v.weight])).toEqual(
      [["carol", 1_500_000n * CSPR], ["validator-2", 1_001_000n * CSPR]].sort((a, b) => (engine.key(a[0] as string).publicKeyHex < engine.key(b[0] as string).publicKeyHex ? -1 : 1)),
    );
  });

  it("withdraw_bid: locked until the first auction initializes the genesis vesting; then unbonded after the delay", () => {
    const engine = newEngine();
    // genesis bids are locked (vesting schedule not yet initialized): ValidatorFundsLocked
    engine.withdrawBid("validator-2", 1000n * CSPR, opts).expectRevert(AUCTION + 15);
    engine.advanceEras(1);
    const r = engine.withdrawBid("validator-2", 1000n * CSPR, opts).expectSuccess();
    expect(r.returnValue!.toString()).toBe((999_000n * CSPR).toString());
    const balance = engine.balance("validator-2");
    engine.advanceEras(8);
    expect(engine.balance("validator-2")).toBe(balance + 1000n * CSPR);
  });

  it("withdrawing the whole bid unbonds its delegators too (1.5.8: the bid stays, inactive; 2.0: it is pruned); it leaves the set", () => {
    const engine = newEngine();
    engine.addBid("carol", 20_000n * CSPR, 5, bidOpts).expectSuccess();
    engine.delegate("alice", "carol", 900n * CSPR, opts).expectSuccess();
    engine.advanceEras(2);
    expect(engine.validators().map((v) => v.name)).toContain("carol");
    engine.withdrawBid("carol", 20_000n * CSPR, opts).expectSuccess();
    if (v2) expect(engine.bid("carol")).toBeUndefined();
    else expect(engine.bid("carol")).toMatchObject({ stakedAmount: 0n, inactive: true, delegators: [] });
    // 1.5.8 keeps one list per validator in creation order; 2.0 one Unbond per (validator, unbonder), in key order
    const unbonds = engine.unbonds().map((u) => [u.unbonderName, u.amount]);
    expect(unbonds).toHaveLength(2);
    expect(unbonds).toEqual(expect.arrayContaining([["carol", 20_000n * CSPR], ["alice", 900n * CSPR]]));
    if (!v2) expect(unbonds[0][0]).toBe("carol");
    engine.advanceEras(2);
    expect(engine.validators().map((v) => v.name)).not.toContain("carol");
    const alice = engine.balance("alice");
    engine.advanceEras(6);
    expect(engine.balance("alice")).toBe(alice + 900n * CSPR);
  });

  it("an evicted validator leaves the set until it activates its bid again", () => {
    const engine = newEngine();
    engine.advanceEras(1, { evicted: ["validator-1"] });
    expect(engine.bid("validator-1")!.inactive).toBe(true);
    engine.advanceEras(1);
    expect(engine.validators().map((v) => v.name)).toEqual(["validator-2"]);
    engine.activateBid("validator-1", { ...opts, from: "validator-2" }).expectRevert(AUCTION + 14);
    engine.activateBid("validator-1", opts).expectSuccess();
    engine.advanceEras(2);
    expect(engine.validators().map((v) => v.name)).toEqual(["validator-1", "validator-2"]);
  });

  it("an inactive bid still takes delegations, as in 1.5.8 (read_bid_for_validator has no activity check); add_bid reactivates it", () => {
    const engine = newEngine({ validators: [{ name: "validator-1", delegationRate: 10, balance: 100_000n * CSPR }, { name: "validator-2", delegationRate: 5 }] });
    engine.advanceEras(1, { evicted: ["validator-1"] });
    engine.delegate("alice", "validator-1", 600n * CSPR, opts).expectSuccess();
    engine.advanceEras(2);
    expect(engine.validators().map((v) => v.name)).toEqual(["validator-2"]);
    engine.addBid("validator-1", 10_000n * CSPR, 10, bidOpts).expectSuccess();
    expect(engine.bid("validator-1")).toMatchObject({ inactive: false, stakedAmount: 1_010_000n * CSPR, totalStake: 1_010_600n * CSPR });
    engine.advanceEras(2);
    expect(engine.validators().find((v) => v.name === "validator-1")!.weight).toBe(1_010_600n * CSPR);
  });

  const bidFailures: [string, bigint, number, string, number][] = [
    ["below minimum_bid_amount (BondTooSmall)", 9_999n * CSPR, 5, "carol", AUCTION + 21],
    ["a delegation rate over 100 (DelegationRateTooLarge)", 20_000n * CSPR, 101, "carol", AUCTION + 37],
    ["someone else's key (InvalidContext)", 20_000n * CSPR, 5, "dave", AUCTION + 14],
    ["more than the account holds (the mint's InsufficientFunds)", 20_000_000n * CSPR, 5, "carol", 65024],
  ];
  it.each(bidFailures)("add_bid %s fails, changing nothing but the payment", (_what, amount, rate, from, code) => {
    const engine = newEngine();
    const before = auctionState(engine);
    const r = engine.addBid("carol", amount, rate, { ...bidOpts, from }).expectRevert(code);
    expectOnlyPaymentCharged(engine, before, r, from, BID_PAYMENT);
  });

  it("advancing eras moves block time by the chainspec's era duration and keeps era ids", () => {
    const engine = newEngine();
    const t0 = engine.blocktime;
    engine.advanceEras(3);
    expect(engine.eraId()).toBe(3n);
    expect(engine.blocktime - t0).toBe(3n * 120n * 60_000n);
    expect(() => engine.advanceEras(-1)).toThrow(/whole number/);
  });
});
});
