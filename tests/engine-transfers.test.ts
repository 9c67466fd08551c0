// Motes: native transfers, standard payment and refunds, transfers from session code, and
// insufficient funds. Costs and ratios are the chainspecs' (casper-node v1.5.8 production chainspec
// and the 2.0.0 release): refund 99/100 vs 75/100, native transfer 100_000_000 motes.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { testKey } from "../host/engine/keys.ts";
import { Data, module } from "./helpers/engine-wat.ts";
import { feeOf } from "./helpers/gas-fee.ts";

const { CLValue } = sdk;
const CSPR = 1_000_000_000n;
const MAX_PAYMENT = 2_500_000_000n; // engine_state MAX_PAYMENT_AMOUNT
const TRANSFER_COST = 100_000_000n; // 1.5.8 wasmless_transfer_cost; 2.0.0 mint_costs.transfer
const MINT_ERROR = 65024; // ApiError::Mint(n) = 65024 + n
const INSUFFICIENT_FUNDS = 0;
const UNAPPROVED_SPENDING_AMOUNT = 21;

// one nop: Casper 2.0 fails a deploy whose wasm consumed no gas at all
const noop = () => module({ imports: [], data: new Data(), body: `(func (export "call") nop)` });

/** Session code: casper_transfer_to_account(target, amount) then revert User(100 + result code or TransferredTo). */
function transferSession(target: Uint8Array, amount: bigint, report = true): Uint8Array {
  const d = new Data();
  const t = d.bytes(target);
  const a = d.bytes(CLValue.newCLUInt512(amount.toString()).bytes());
  const id = d.bytes(new Uint8Array([0]));
  return module({
    imports: ["casper_transfer_to_account", "casper_revert"],
    data: d,
    body: `
  (func (export "call") (local $r i32)
    (local.set $r (call $casper_transfer_to_account (i32.const ${t.ptr}) (i32.const 32) (i32.const ${a.ptr}) (i32.const ${a.len}) (i32.const ${id.ptr}) (i32.const 1) (i32.const 700)))
    (if (local.get $r) (then (call $casper_revert (local.get $r))))
    ${report ? `(call $casper_revert (i32.add (i32.const 65636) (i32.load (i32.const 700))))` : ""})`,
  });
}

describe.each(["1.5.8", "2.0.0"] as const)("payments and transfers (protocol %s)", (protocol) => {
  it("standard payment: the account pays the payment minus the refund, the proposer gets exactly that", () => {
    const engine = new Engine({ protocol });
    const alice = engine.balance("alice");
    const proposer = engine.balance("proposer");
    const payment = 3n * CSPR;
    const r = engine.runSession("alice", noop(), undefined, { payment }).expectSuccess();
    const fee = feeOf(r, payment, protocol);
    expect(r.cost).toBe(fee);
    expect(engine.balance("alice")).toBe(alice - fee);
    expect(engine.balance("proposer")).toBe(proposer + fee);
    // the payment purse is emptied by finalize
    const hp = engine.contract(engine.systemContract("handle payment"));
    expect(engine.balance(hp.namedKeys.get("payment_purse")!)).toBe(0n);
  });

  it("native transfer: the amount moves, the sender pays the fixed cost to the proposer", () => {
    const engine = new Engine({ protocol });
    const [alice, bob, proposer] = [engine.balance("alice"), engine.balance("bob"), engine.balance("proposer")];
    const amount = 1_000n * CSPR;
    const r = engine.transfer("alice", "bob", amount, { id: 42n }).expectSuccess();
    expect(engine.balance("alice")).toBe(alice - amount - TRANSFER_COST);
    expect(engine.balance("bob")).toBe(bob + amount);
    expect(engine.balance("proposer")).toBe(proposer + TRANSFER_COST);
    expect(r.cost).toBe(TRANSFER_COST);
    expect(r.transfers.length).toBe(1);
    const t = r.transfers[0];
    expect(t).toMatchObject({ amount, id: 42n, to: `account-hash-${engine.key("bob").publicKey.accountHash().toHex()}`, from: engine.account("alice").accountHash });
    const written = r.journal.map((j) => j.key.tag);
    if (protocol === "1.5.8") {
      // transfer.rs Transfer under Key::Transfer (gas 0), listed by the DeployInfo
      expect(t.gas).toBe(0n);
      const record = engine.query(t.key!);
      expect(record.kind === "Transfer" && record.transfer.amount).toBe(amount);
      expect(engine.query(`deploy-${r.deployHash}`).kind).toBe("DeployInfo");
      expect(r.reportedCost).toBe(TRANSFER_COST); // execution_result.rs cost: the gas
    } else {
      // 2.0: a TransferV2 in the result only (gas = mint_costs.transfer), no Transfer nor DeployInfo
      // record; the processing hold of the cost is written, then pruned (Key::BalanceHold = 22)
      expect(t.key).toBeUndefined();
      expect(t.gas).toBe(TRANSFER_COST);
      expect(written).not.toContain(3); // Key::Transfer
      expect(written).not.toContain(4); // Key::DeployInfo
      expect(r.journal.filter((j) => j.key.tag === 22).map((j) => j.transform)).toEqual(["Write", "Prune"]);
      expect(() => engine.query(`deploy-${r.deployHash}`)).toThrow(/no value/);
      // ExecutionResultV2: cost = the mint lane's gas limit (its minimum cost), consumed = the limit, refund 0
      expect([r.reportedCost, r.gas, r.gasLimit, r.refund]).toEqual([TRANSFER_COST, TRANSFER_COST, TRANSFER_COST, 0n]);
    }
  });

  it("the transfer cost is held while the amount moves: all but the cost can be sent, not one mote more on 2.0", () => {
    const engine = new Engine({ protocol });
    const before = engine.balance("alice");
    const tooMuch = engine.transfer("alice", "bob", before - TRANSFER_COST + 1n);
    if (protocol === "1.5.8") {
      // engine_state transfer: the source must cover cost + amount (new_payment_code_error: the cost is taken)
      tooMuch.expectError("InsufficientPayment");
    } else {
      // 2.0: the processing hold leaves `balance - cost` available; the mint refuses the rest
      // (storage mint.rs transfer: AVAILABLE balance) and the lane's cost is charged
      tooMuch.expectError("Transfer", "Insufficient funds");
      expect(tooMuch.journal.filter((j) => j.key.tag === 22).map((j) => j.transform)).toEqual(["Write", "Prune"]);
    }
    expect(engine.balance("alice")).toBe(before - TRANSFER_COST);
    const all = engine.balance("alice") - TRANSFER_COST;
    engine.transfer("alice", "bob", all).expectSuccess();
    expect(engine.balance("alice")).toBe(0n);
  });

  it("native transfer to a new key creates its account", () => {
    const engine = new Engine({ protocol });
    const newcomer = testKey("newcomer", "secp256k1");
    expect(engine.readAccount(newcomer)).toBeUndefined();
    engine.transfer("alice", newcomer, 500n * CSPR).expectSuccess();
    const view = engine.account(newcomer);
    expect(view.accountHash).toBe(`account-hash-${newcomer.publicKey.accountHash().toHex()}`);
    expect(view.associatedKeys).toEqual({ [newcomer.publicKey.accountHash().toHex()]: 1 });
    expect(engine.balance(newcomer)).toBe(500n * CSPR);
  });

  it("insufficient funds: below the minimum balance nothing runs and nothing changes", () => {
    const poor = testKey("poor");
    const engine = new Engine({ protocol, accounts: [{ name: "default", balance: 10n ** 17n }, { name: "proposer", balance: 0n }, { name: "poor", balance: MAX_PAYMENT - 1n }] });
    const root = engine.stateRootHash();
    const r = engine.runSession(poor, noop());
    if (protocol === "1.5.8") {
      // engine_state deploy: a balance under MAX_PAYMENT is refused before anything runs
      r.expectError("InsufficientPayment", "Insufficient payment");
      expect(r.precondition).toBe(true);
    } else {
      // 2.0 operations.rs: an execution error in the block, not a refusal (with_initial_balance_result);
      // the session does not run, and the fee cannot be taken from a purse holding less than the cost
      r.expectError("InsufficientPayment", `Purse ${engine.account(poor).mainPurse.slice(5, 69)} has less than ${MAX_PAYMENT}`);
      expect(r.precondition).toBe(false);
      expect([r.cost, r.refund, r.gas]).toEqual([0n, 0n, 0n]);
    }
    expect(engine.stateRootHash()).toBe(root);

    const engine2 = new Engine({ protocol, accounts: [{ name: "default", balance: 10n ** 17n }, { name: "proposer", balance: 0n }, { name: "poor", balance: TRANSFER_COST - 1n }] });
    const root2 = engine2.stateRootHash();
    const t = engine2.transfer(poor, "default", 3n * CSPR);
    if (protocol === "1.5.8") t.expectError("InsufficientPayment");
    else {
      // 2.0: under the baseline is an error, the lane does not run, and the fee cannot be taken;
      // the reported cost is the minimum cost (the baseline: the lane's own minimum never applied)
      t.expectError("InsufficientPayment", `Purse ${engine2.account(poor).mainPurse.slice(5, 69)} has less than ${MAX_PAYMENT}`);
      expect([t.cost, t.reportedCost]).toEqual([0n, MAX_PAYMENT]);
      // and the acceptor refuses a transfer under native_transfer_minimum_motes before any of that
      const small = engine2.transfer(poor, "default", MAX_PAYMENT - 1n);
      small.expectError("InvalidDeploy", `insufficient transfer amount; minimum: ${MAX_PAYMENT} attempted: ${MAX_PAYMENT - 1n}`);
      expect(small.precondition).toBe(true);
    }
    expect(engine2.stateRootHash()).toBe(root2);
  });

  it("insufficient funds for the amount: the transfer fails, only the node's charge is taken", () => {
    const engine = new Engine({ protocol });
    const [alice, bob, proposer] = [engine.balance("alice"), engine.balance("bob"), engine.balance("proposer")];
    // native transfer of more than the balance: fails with the transfer cost charged (1.5.8
    // new_payment_code_error; 2.0 the mint's InsufficientFunds in the mint lane)
    if (protocol === "1.5.8") engine.transfer("alice", "bob", alice).expectError("InsufficientPayment");
    else engine.transfer("alice", "bob", alice).expectError("Transfer", "Insufficient funds");
    expect(engine.balance("bob")).toBe(bob);
    expect(engine.balance("alice")).toBe(alice - TRANSFER_COST);
    expect(engine.balance("proposer")).toBe(proposer + TRANSFER_COST);
    const a2 = engine.balance("alice");
    if (protocol === "1.5.8") {
      // standard payment of more than the balance: the payment fails; the node takes MAX_PAYMENT
      engine.runSession("alice", noop(), undefined, { payment: a2 + 1n }).expectRevert(MINT_ERROR + INSUFFICIENT_FUNDS);
      expect(engine.balance("alice")).toBe(a2 - MAX_PAYMENT);
    } else {
      // 2.0: the main purse does not cover the cost: no execution; the fee transfer of the whole cost
      // fails too, so nothing is taken (operations.rs allow_execution, handle_fee)
      engine.runSession("alice", noop(), undefined, { payment: a2 + 1n })
        .expectError("InsufficientPayment", "penalized: false, sufficient balance: false, allowed by chainspec: true");
      expect(engine.balance("alice")).toBe(a2);
    }
  });

  it("session code moves motes within its `amount` arg (the spending limit), creating accounts as needed", () => {
    const engine = new Engine({ protocol });
    // casper_transfer_to_account alone costs 2.5 CSPR of gas (host_function_costs.transfer_to_account)
    const payment = 5n * CSPR;
    const [alice, bob] = [engine.balance("alice"), engine.balance("bob")];
    const bobHash = engine.key("bob").accountHash;
    const amount = 7n * CSPR;
    // no `amount` arg: the main purse may not be spent (mint UnapprovedSpendingAmount)
    const r1 = engine.runSession("alice", transferSession(bobHash, amount), undefined, { payment }).expectRevert(MINT_ERROR + UNAPPROVED_SPENDING_AMOUNT);
    expect(engine.balance("bob")).toBe(bob);
    expect(engine.balance("alice")).toBe(alice - feeOf(r1, payment, protocol));
    // with it: TransferredTo::ExistingAccount = 0, reported as User(100)
    const r2 = engine.runSession("alice", transferSession(bobHash, amount), { amount: CLValue.newCLUInt512(amount.toString()) }, { payment }).expectRevert(100, { user: true });
    expect(engine.balance("bob")).toBe(bob); // ... and the revert undid it
    const r3 = engine.runSession("alice", transferSession(bobHash, amount, false), { amount: CLValue.newCLUInt512(amount.toString()) }, { payment }).expectSuccess();
    expect(engine.balance("bob")).toBe(bob + amount);
    const fees = [r1, r2, r3].reduce((sum, r) => sum + feeOf(r, payment, protocol), 0n);
    expect(engine.balance("alice")).toBe(alice - fees - amount);
    // to a key with no account: TransferredTo::NewAccount = 1
    const fresh = testKey("fresh-from-session");
    engine.runSession("alice", transferSession(fresh.accountHash, amount), { amount: CLValue.newCLUInt512(amount.toString()) }).expectRevert(101, { user: true });
    engine.runSession("alice", transferSession(fresh.accountHash, amount, false), { amount: CLValue.newCLUInt512(amount.toString()) }).expectSuccess();
    expect(engine.balance(fresh)).toBe(amount);
    // more than the balance: the mint's InsufficientFunds comes back to the wasm
    const all = engine.balance("alice") + 1n;
    engine.runSession("alice", transferSession(bobHash, all), { amount: CLValue.newCLUInt512(all.toString()) }).expectRevert(MINT_ERROR + INSUFFICIENT_FUNDS);
  });
});
