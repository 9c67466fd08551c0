// delegate.wasm (the real `npm run build` output) on the local engine's native auction, and the same
// session hand-written in WAT, on both protocols: stake and balances after a delegation, a second
// delegation, each failure with the auction's (or the mint's) ApiError and nothing changed but the
// payment, and the two builds giving the same outcome. The validator delegated to bid after genesis
// ("dave", 10,000 CSPR), as every validator of today's networks did, and every amount that should
// succeed is at least 500 CSPR, the minimum such a validator takes on 2.0 (its bid's default).
// Rules: casper-node v1.5.8 execution_engine/src/system/auction.rs `delegate`, detail.rs
// `handle_delegation`; 2.0 storage/src/system/auction.rs `delegate`, auction/detail.rs
// `handle_delegation`; codes: types/src/system/auction/error.rs (64512 + n), mint error.rs (65024 + n).
import { beforeAll, describe, expect, it } from "vitest";
import sdk from "casper-js-sdk";
import { Engine, type EngineOptions, meteredByDefault } from "../host/engine/engine.ts";
import { toHex } from "../host/bytesrepr/hex.ts";
import { KeyTag, parseKey } from "../host/bytesrepr/key.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { CSPR, auctionState, expectOnlyPaymentCharged, withValidator } from "./helpers/auction-state.ts";
import { delegateWasm, delegateWat } from "./helpers/auction-fixtures.ts";
import { feeOf } from "./helpers/gas-fee.ts";

const { CLValue } = sdk;
const AUCTION = 64512;
const MINT = 65024;
const PAYMENT = 5n * CSPR;
/** the production chainspecs' minimum_delegation_amount (1.5.8 and 2.0.0): 500 CSPR */
const MIN_DELEGATION = 500n * CSPR;
/** the validator delegated to: bid after genesis */
const V = "dave";
const staking = (options: EngineOptions = {}) => withValidator(new Engine(options), V);

let builds: { name: string; wasm: Uint8Array }[];
beforeAll(() => {
  builds = [
    { name: "AssemblyScript build/delegate.wasm", wasm: delegateWasm() },
    { name: "hand-written tests/fixtures/delegate.wat", wasm: delegateWat() },
  ];
});

/** The session deploy, as a wallet sends it: from `from`, with the three named args. */
function runDelegate(engine: Engine, wasm: Uint8Array, from: string, delegator: string, validator: string, amount: bigint, payment = PAYMENT): ExecutionResult {
  return engine.runSession(from, wasm, {
    delegator: CLValue.newCLPublicKey(engine.key(delegator).publicKey),
    validator: CLValue.newCLPublicKey(engine.key(validator).publicKey),
    amount: CLValue.newCLUInt512(amount.toString()),
  }, { payment });
}

describe.each(["2.0.0", "1.5.8"] as const)("delegate.wasm on protocol %s", (protocol) => {
  it("the delegator's stake grows by the amount; its balance drops by amount + the fee the refund rule gives", () => {
    const engine = staking({ protocol });
    const wasm = builds[0].wasm;
    const before = engine.balance("alice");
    const proposerBefore = engine.balance("proposer");
    expect(engine.stakeOf("alice", V)).toBe(0n);
    const r = runDelegate(engine, wasm, "alice", "alice", V, 1000n * CSPR).expectSuccess();

    expect(engine.stakeOf("alice", V)).toBe(1000n * CSPR);
    if (engine.metered) expect(r.gas).toBeGreaterThan(0n);
    const fee = feeOf(r, PAYMENT, protocol);
    expect(r.cost).toBe(fee);
    expect(engine.balance("alice")).toBe(before - 1000n * CSPR - fee);
    expect(engine.balance("proposer")).toBe(proposerBefore + fee);
    // the stake sits in a new bonding purse of the delegator's
    const delegation = engine.bid(V)!.delegators[0];
    expect(delegation).toMatchObject({ name: "alice", stakedAmount: 1000n * CSPR });
    expect(engine.balance(delegation.bondingPurse)).toBe(1000n * CSPR);
    // the session called the auction's delegate and read back its U512 (1000 CSPR = 6 bytes)
    const call = r.trace.find((t) => t.name === "casper_call_contract")!;
    expect(call.detail).toMatchObject({ contract: engine.systemContract("auction"), entryPoint: "delegate", args: ["delegator", "validator", "amount"] });
    expect(r.trace.find((t) => t.name === "casper_read_host_buffer")!.detail).toMatchObject({ size: 6 });
    // the mint recorded the delegator's transfer into the bonding purse: 1.5.8 under Key::Transfer
    // (gas 0), 2.0 in the result only (TransferV2, gas = mint_costs.transfer)
    expect(r.transfers).toHaveLength(1);
    expect(r.transfers[0]).toMatchObject({ amount: 1000n * CSPR, target: expect.stringContaining(delegation.bondingPurse.slice(0, 69)) });
    if (protocol === "1.5.8") {
      const t = engine.query(r.transfers[0].key!);
      expect(t.kind === "Transfer" && t.transfer.amount).toBe(1000n * CSPR);
    } else {
      expect(r.transfers[0].key).toBeUndefined();
      expect(r.transfers[0].gas).toBe(engine.config.chainspec.system_costs.mint_costs.transfer);
    }
  });

  it("a second delegation adds to the first, in the same bonding purse", () => {
    const engine = staking({ protocol });
    const wasm = builds[0].wasm;
    runDelegate(engine, wasm, "alice", "alice", V, 600n * CSPR).expectSuccess();
    const purse = engine.bid(V)!.delegators[0].bondingPurse;
    const before = engine.balance("alice");
    const r = runDelegate(engine, wasm, "alice", "alice", V, 700n * CSPR).expectSuccess();
    expect(engine.stakeOf("alice", V)).toBe(1300n * CSPR);
    expect(engine.bid(V)!.delegators).toEqual([expect.objectContaining({ name: "alice", stakedAmount: 1300n * CSPR, bondingPurse: purse })]);
    expect(engine.balance(purse)).toBe(1300n * CSPR);
    expect(engine.balance("alice")).toBe(before - 700n * CSPR - feeOf(r, PAYMENT, protocol));
    // other delegators and validators are untouched
    expect(engine.stakeOf("alice", "validator-2")).toBe(0n);
    expect(engine.bid(V)!.stakedAmount).toBe(10_000n * CSPR);
  });
});

describe.each(["2.0.0", "1.5.8"] as const)("delegate.wasm failures on protocol %s: the auction's code, nothing changed but the payment", (protocol) => {
  const cases: [string, { from?: string; delegator?: string; validator?: string; amount: bigint }, number][] = [
    ["below the minimum delegation (DelegationAmountTooSmall)", { amount: MIN_DELEGATION - 1n }, AUCTION + 45],
    ["a zero amount (BondTooSmall)", { amount: 0n }, AUCTION + 21],
    ["an unknown validator (ValidatorNotFound)", { validator: "bob", amount: MIN_DELEGATION }, AUCTION + 7],
    ["more than the delegator holds (the mint's InsufficientFunds)", { amount: 20_000_000n * CSPR }, MINT + 0],
    ["a delegator that is not the deploy's account (InvalidContext)", { from: "alice", delegator: "bob", amount: MIN_DELEGATION }, AUCTION + 14],
  ];

  it.each(cases)("%s", (_what, c, code) => {
    for (const { wasm } of builds) {
      const engine = staking({ protocol });
      const before = auctionState(engine);
      const from = c.from ?? "alice";
      const r = runDelegate(engine, wasm, from, c.delegator ?? "alice", c.validator ?? V, c.amount);
      r.expectRevert(code);
      expectOnlyPaymentCharged(engine, before, r, from, PAYMENT);
      expect(engine.stakeOf(c.delegator ?? "alice", V)).toBe(0n);
    }
  });

  it("exactly the minimum is accepted", () => {
    const engine = staking({ protocol });
    runDelegate(engine, builds[0].wasm, "alice", "alice", V, MIN_DELEGATION).expectSuccess();
    expect(engine.stakeOf("alice", V)).toBe(MIN_DELEGATION);
  });

  it("the chainspec's minimum applies (1.5.8: in delegate; 2.0: as the default of the bid's own minimum)", () => {
    const engine = staking({ protocol, minimumDelegationAmount: 10n * CSPR });
    runDelegate(engine, builds[0].wasm, "alice", "alice", V, 10n * CSPR).expectSuccess();
    runDelegate(engine, builds[0].wasm, "alice", "alice", V, 10n * CSPR - 1n).expectRevert(AUCTION + 45);
  });

  it("max_delegators_per_validator: a new delegator past the cap fails; one already there can add", () => {
    const engine = staking({ protocol, chainspec: { core: { max_delegators_per_validator: 1 } } });
    const wasm = builds[0].wasm;
    runDelegate(engine, wasm, "alice", "alice", V, MIN_DELEGATION).expectSuccess();
    const before = auctionState(engine);
    const r = runDelegate(engine, wasm, "bob", "bob", V, MIN_DELEGATION);
    r.expectRevert(AUCTION + 43); // ExceededDelegatorSizeLimit
    expectOnlyPaymentCharged(engine, before, r, "bob", PAYMENT);
    runDelegate(engine, wasm, "alice", "alice", V, MIN_DELEGATION).expectSuccess();
    runDelegate(engine, wasm, "bob", "bob", "validator-2", MIN_DELEGATION).expectSuccess();
    expect([engine.stakeOf("alice", V), engine.stakeOf("bob", "validator-2")]).toEqual([2n * MIN_DELEGATION, MIN_DELEGATION]);
  });

  it("allow_auction_bids = false refuses delegation (AuctionBidsDisabled)", () => {
    // no bid can be added on such a chain: a genesis validator it is
    const engine = new Engine({ protocol, chainspec: { core: { allow_auction_bids: false } } });
    runDelegate(engine, builds[0].wasm, "alice", "alice", "validator-1", MIN_DELEGATION).expectRevert(AUCTION + 47);
  });

  it.runIf(meteredByDefault())("a payment too small for the auction's system cost runs out of gas; the delegation is discarded", () => {
    const engine = staking({ protocol });
    const before = auctionState(engine);
    // 2.5 CSPR: the 2.0 acceptor's smallest payment (baseline_motes_amount), less than the delegate cost alone
    const r = runDelegate(engine, builds[0].wasm, "alice", "alice", V, MIN_DELEGATION, 5n * CSPR / 2n);
    r.expectError("GasLimit");
    expect(engine.bids()).toEqual(before.bids);
  });
});

describe("the hand-written WAT session and the AssemblyScript build give the same outcome", () => {
  /** A deploy's effect on the auction, with the address-dependent parts (bonding purses) left out. */
  function outcome(engine: Engine, r: ExecutionResult, feesSoFar: bigint) {
    const bidsWritten = r.journal.filter((j) => j.key.tag === KeyTag.Bid).map((j) => toHex(j.key.data));
    return {
      success: r.success,
      error: r.error?.message,
      returned: r.returnValue?.toString(),
      bids: engine.bids().map((b) => ({ ...b, delegators: b.delegators.map(({ bondingPurse, ...d }) => ({ ...d, bonded: engine.balance(bondingPurse) })) })),
      bidsWritten,
      unbonds: engine.unbonds().length,
      // alice's balance with every fee paid so far added back (the two builds use different gas)
      aliceBeforeFees: engine.balance("alice") + feesSoFar,
      transfers: r.transfers.map((t) => t.amount),
    };
  }

  function scenario(wasm: Uint8Array) {
    const engine = staking();
    const steps: [string, string, string, bigint][] = [
      ["alice", "alice", V, 800n * CSPR],
      ["alice", "alice", V, 200n * CSPR],
      ["alice", "alice", "validator-2", MIN_DELEGATION],
      ["alice", "alice", V, MIN_DELEGATION - 1n],
      ["alice", "alice", "bob", MIN_DELEGATION],
      ["alice", "alice", V, 20_000_000n * CSPR],
      ["alice", "carol", V, MIN_DELEGATION],
      ["erin", "erin", "validator-2", 900n * CSPR],
    ];
    const fees = new Map<string, bigint>();
    return steps.map(([from, delegator, validator, amount]) => {
      const r = runDelegate(engine, wasm, from, delegator, validator, amount);
      fees.set(from, (fees.get(from) ?? 0n) + feeOf(r, PAYMENT, engine.protocol));
      return outcome(engine, r, fees.get("alice") ?? 0n);
    });
  }

  it("same state changes, same (absent) return, same errors, step by step", () => {
    const [as, wat] = builds.map((b) => scenario(b.wasm));
    expect(wat).toEqual(as);
    // and the scenario did exercise success and every failure
    expect(as.map((o) => o.error ?? "ok")).toEqual([
      "ok",
      // the minimum applies to every delegation, a top-up too (auction.rs delegate)
      "ApiError::AuctionError(DelegationAmountTooSmall) [64557]",
      "ok",
      "ApiError::AuctionError(DelegationAmountTooSmall) [64557]",
      "ApiError::AuctionError(ValidatorNotFound) [64519]",
      "Mint error: 0",
      "ApiError::AuctionError(InvalidContext) [64526]",
      "ok",
    ]);
  });

  it.each([
    ["a missing amount", { amount: undefined }, 2],
    ["a delegator of the wrong type", { delegator: CLValue.newCLUInt512("5") }, 3],
    ["a truncated validator key", { validator: "truncated" }, 3],
  ] as const)("%s: the same ApiError from both", (_what, change, code) => {
    for (const { wasm } of builds) {
      const engine = staking();
      const args: Record<string, InstanceType<typeof CLValue>> = {
        delegator: CLValue.newCLPublicKey(engine.key("alice").publicKey),
        validator: CLValue.newCLPublicKey(engine.key(V).publicKey),
        amount: CLValue.newCLUInt512(MIN_DELEGATION.toString()),
      };
      for (const [k, v] of Object.entries(change)) {
        if (v === undefined) delete args[k];
        else if (v === "truncated") args[k] = CLValue.newCLByteArray(CLValue.newCLPublicKey(engine.key(V).publicKey).bytes().subarray(0, 20));
        else args[k] = v as InstanceType<typeof CLValue>;
      }
      engine.runSession("alice", wasm, args, { payment: PAYMENT }).expectRevert(code);
    }
  });
});

describe("the auction called by hash (StoredContractByHash), as wallets send it", () => {
  it("delegate returns the new stake as a U512", () => {
    const engine = new Engine();
    const first = engine.delegate("alice", "validator-2", 600n * CSPR, { payment: PAYMENT }).expectSuccess();
    expect(first.returnValue!.toString()).toBe((600n * CSPR).toString());
    const second = engine.delegate("alice", "validator-2", 900n * CSPR, { payment: PAYMENT }).expectSuccess();
    expect(second.returnValue!.toString()).toBe((1500n * CSPR).toString());
    expect(engine.stakeOf("alice", "validator-2")).toBe(1500n * CSPR);
  });

  it("a delegator other than the deploy's account fails the same way (InvalidContext)", () => {
    const engine = new Engine();
    engine.delegate("bob", "validator-2", 600n * CSPR, { from: "alice", payment: PAYMENT }).expectRevert(AUCTION + 14);
  });

  it("missing or mistyped args revert with MissingArgument (2) / InvalidArgument (3) before any rule", () => {
    const engine = new Engine();
    const auction = engine.systemContract("auction");
    const alice = CLValue.newCLPublicKey(engine.key("alice").publicKey);
    const v1 = CLValue.newCLPublicKey(engine.key(V).publicKey);
    engine.callByHash("alice", auction, "delegate", { delegator: alice, validator: v1 }, { payment: PAYMENT }).expectRevert(2);
    engine.callByHash("alice", auction, "delegate", { delegator: alice, validator: v1, amount: CLValue.newCLUint64(MIN_DELEGATION) }, { payment: PAYMENT }).expectRevert(3);
    engine.callByHash("alice", auction, "no_such_entry_point", {}, { payment: PAYMENT }).expectError("NoSuchMethod");
    expect(parseKey(auction).tag).toBe(KeyTag.Hash);
  });
});
