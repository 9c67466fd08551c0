// What a deploy costs, as each protocol charges it (host/runtime/protocol/deploy-payment.ts), side by side.
// 1.5.8: execution_engine/src/core/engine_state/mod.rs `deploy`: standard payment moves `amount` into
//   handle payment's purse before the session, finalize_payment refunds (amount - gas) x 99/100 and pays
//   the rest to the proposer; a balance under 2.5 CSPR is refused; a failed payment costs 2.5 CSPR.
// 2.0: node/src/components/contract_runtime/operations.rs `execute_finalized_block`: gas limit = the
//   payment amount (gas price 1), a processing hold of the cost on the main purse while the session
//   runs, refund floor((limit - consumed) x 75/100) only on success (ExecutionArtifactBuilder
//   cost_to_use after an error), the fee paid from the main purse; a balance under the baseline is an
//   error in the block, not a refusal; custom payment runs with 5 x native_transfer_minimum_motes and
//   must deposit exactly the cost (wasm_v1.rs balance_increased_by_amount) or the account pays the
//   baseline into the payment purse; the acceptor refuses a payment under the baseline
//   (types/src/transaction/deploy.rs is_config_compliant).
// The expected figures are computed here from those rules and the results' gas.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { Engine, meteredByDefault } from "../host/engine/engine.ts";
import { makeDeploy, sessionItems } from "../host/engine/deploys.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { argsBytes, keyBytes, u32le } from "./helpers/engine-bytes.ts";
import { Data, RET_HELPERS, module } from "./helpers/engine-wat.ts";

const { CLValue } = sdk;
const CSPR = 1_000_000_000n;
const BASELINE = 2_500_000_000n;
const PROTOCOLS = ["1.5.8", "2.0.0"] as const;
const RATIO = { "1.5.8": [99n, 100n], "2.0.0": [75n, 100n] } as const;
const metered = meteredByDefault();

/** Session code that stores a named key (some gas, a visible effect). */
function putKeySession(): Uint8Array {
  const d = new Data();
  const name = d.string("paid_for");
  const key = d.bytes(keyBytes("hash-" + "cd".repeat(32)));
  return module({ imports: ["casper_put_key"], data: d, body: `(func (export "call") (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const ${key.ptr}) (i32.const 33)))` });
}

const revertSession = () => module({ imports: ["casper_revert"], data: new Data(), body: `(func (export "call") (call $casper_revert (i32.const 7)))` });

function paymentPurse(engine: Engine): string {
  const k = engine.namedKeys(engine.systemContract("handle payment")).get("payment_purse")!;
  return `uref-${Buffer.from(k.data.subarray(0, 32)).toString("hex")}-007`;
}

function balances(engine: Engine, who: string) {
  return { account: engine.balance(who), proposer: engine.balance("proposer"), payment: engine.balance(paymentPurse(engine)) };
}

describe.each(PROTOCOLS)("standard payment on %s", (protocol) => {
  const [num, den] = RATIO[protocol];

  it("success: the refund is the protocol's ratio of what the gas limit did not use; the proposer gets the rest", () => {
    const engine = new Engine({ protocol });
    const payment = 10n * CSPR;
    const before = balances(engine, "alice");
    const r = engine.runSession("alice", putKeySession(), undefined, { payment }).expectSuccess();
    expect(r.gasLimit).toBe(payment);
    const refund = ((payment - r.gas) * num) / den;
    expect(r.refund).toBe(refund);
    expect(r.cost).toBe(payment - refund);
    const after = balances(engine, "alice");
    expect(after.account).toBe(before.account - (payment - refund));
    expect(after.proposer).toBe(before.proposer + (payment - refund));
    expect(after.payment).toBe(before.payment);
    // 1.5.8 moves the payment through the payment purse and records a DeployInfo; 2.0 only moves the fee
    const paymentPurseBalanceKey = `balance-${paymentPurse(engine).slice(5, 69)}`;
    expect(r.effects.writes.some((w) => w.key === paymentPurseBalanceKey)).toBe(protocol === "1.5.8");
    expect(r.effects.writes.some((w) => w.key.startsWith("deploy-"))).toBe(protocol === "1.5.8");
  });

  it("a failed session: 1.5.8 still refunds 99% of the unused payment; 2.0 refunds nothing", () => {
    const engine = new Engine({ protocol });
    const payment = 4n * CSPR;
    const alice = engine.balance("alice");
    const r = engine.runSession("alice", revertSession(), undefined, { payment }).expectRevert(7);
    const refund = protocol === "1.5.8" ? ((payment - r.gas) * num) / den : 0n;
    expect([r.refund, r.cost]).toEqual([refund, payment - refund]);
    expect(engine.balance("alice")).toBe(alice - (payment - refund));
  });

  it("a session naming a missing contract: refused on 1.5.8 (ExecutionKind::new precondition), an error charged in full on 2.0", () => {
    const engine = new Engine({ protocol });
    const alice = engine.balance("alice");
    const r = engine.callByName("alice", "no_such_contract", "x", undefined, { payment: 3n * CSPR });
    r.expectError("NamedKeyNotFound", "Named key no_such_contract not found");
    expect(r.precondition).toBe(protocol === "1.5.8");
    expect(engine.balance("alice")).toBe(alice - (protocol === "1.5.8" ? 0n : 3n * CSPR));
  });

  it("a balance under 2.5 CSPR: refused on 1.5.8; on 2.0 an error in the block, and a fee the purse cannot pay is not taken", () => {
    const engine = new Engine({ protocol, accounts: [{ name: "default", balance: 10n ** 17n }, { name: "proposer", balance: 0n }, { name: "poor", balance: 2n * CSPR }] });
    const root = engine.stateRootHash();
    const r = engine.runSession(engine.key("poor"), putKeySession(), undefined, { payment: BASELINE });
    if (protocol === "1.5.8") {
      r.expectError("InsufficientPayment", "Insufficient payment");
      expect(r.precondition).toBe(true);
    } else {
      r.expectError("InsufficientPayment", `Purse ${engine.account(engine.key("poor")).mainPurse.slice(5, 69)} has less than ${BASELINE}`);
      expect(r.precondition).toBe(false);
      expect(r.cost).toBe(0n);
    }
    expect(engine.stateRootHash()).toBe(root);
  });

  it("a payment larger than the balance: 1.5.8 standard payment fails (the 2.5 CSPR penalty); 2.0 does not execute and takes nothing", () => {
    const engine = new Engine({ protocol, accounts: [{ name: "default", balance: 10n ** 17n }, { name: "proposer", balance: 0n }, { name: "modest", balance: 4n * CSPR }] });
    const modest = engine.key("modest");
    const r = engine.runSession(modest, putKeySession(), undefined, { payment: 5n * CSPR });
    if (protocol === "1.5.8") {
      r.expectRevert(65024); // Mint(InsufficientFunds) from standard payment
      expect(engine.balance(modest)).toBe(4n * CSPR - BASELINE);
    } else {
      r.expectError("InsufficientPayment", "penalized: false, sufficient balance: false, allowed by chainspec: true");
      expect(engine.balance(modest)).toBe(4n * CSPR);
    }
    expect(engine.account(modest).namedKeys.paid_for).toBeUndefined();
  });

  it("the acceptor: 2.0 refuses a payment under 2.5 CSPR before anything runs; 1.5.8 runs it", () => {
    const engine = new Engine({ protocol });
    const r = engine.runSession("alice", putKeySession(), undefined, { payment: BASELINE - 1n });
    if (protocol === "2.0.0") {
      r.expectError("InvalidDeploy", "invalid payment amount");
      expect(r.precondition).toBe(true);
    } else {
      r.expectSuccess();
    }
  });

  it("the balance the session sees: the main purse less the payment on both (2.0: a hold, 1.5.8: moved); the payment purse holds it only on 1.5.8", () => {
    const engine = new Engine({ protocol, accounts: [{ name: "default", balance: 10n ** 17n }, { name: "proposer", balance: 0n }, { name: "rich", balance: 100n * CSPR }] });
    const rich = engine.key("rich");
    const d = new Data();
    const hp = d.string("get_payment_purse");
    const noArgs = d.bytes(u32le(0));
    // returns [main purse balance U512 bytes ++ payment purse balance U512 bytes] as a List<U8>
    const wasm = module({
      imports: ["casper_get_main_purse", "casper_get_balance", "casper_read_host_buffer", "casper_get_system_contract", "casper_call_contract", "casper_ret"],
      data: d,
      body: `${RET_HELPERS}
  (func (export "call") (local $n i32)
    (call $casper_get_main_purse (i32.const 300))
    (if (call $casper_get_balance (i32.const 300) (i32.const 33) (i32.const 400)) (then unreachable))
    (if (call $casper_read_host_buffer (i32.const 2000) (i32.load (i32.const 400)) (i32.const 404)) (then unreachable))
    (local.set $n (i32.load (i32.const 400)))
    (if (call $casper_get_system_contract (i32.const 1) (i32.const 500) (i32.const 32)) (then unreachable))
    (if (call $casper_call_contract (i32.const 500) (i32.const 32) (i32.const ${hp.ptr}) (i32.const ${hp.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 540))
      (then unreachable))
    (if (call $casper_read_host_buffer (i32.const 600) (i32.const 33) (i32.const 544)) (then unreachable))
    (if (call $casper_get_balance (i32.const 600) (i32.const 33) (i32.const 400)) (then unreachable))
    (if (call $casper_read_host_buffer (i32.add (i32.const 2000) (local.get $n)) (i32.load (i32.const 400)) (i32.const 404)) (then unreachable))
    (call $ret_bytes (i32.const 2000) (i32.add (local.get $n) (i32.load (i32.const 400)))))`,
    });
    const payment = 10n * CSPR;
    const r = engine.runSession(rich, wasm, undefined, { payment }).expectSuccess();
    const b = r.returned!.bytes.subarray(4);
    const readU512 = (at: number) => {
      const n = b[at];
      let v = 0n;
      for (let i = n; i >= 1; i--) v = (v << 8n) + BigInt(b[at + i]);
      return { value: v, next: at + 1 + n };
    };
    const main = readU512(0);
    const purse = readU512(main.next);
    expect(main.value).toBe(100n * CSPR - payment);
    expect(purse.value).toBe(protocol === "1.5.8" ? payment : 0n);
  });

  it("2.0's hold: the session may spend all of the available balance, and not a mote more", () => {
    if (protocol === "1.5.8") return; // 1.5.8 has moved the payment away: the same limit, shown by the test above
    const engine = new Engine({ protocol, accounts: [{ name: "default", balance: 10n ** 17n }, { name: "proposer", balance: 0n }, { name: "rich", balance: 100n * CSPR }] });
    const rich = engine.key("rich");
    const bob = engine.key("bob").accountHash;
    const transfer = (amount: bigint) => {
      const d = new Data();
      const to = d.bytes(bob);
      const a = d.bytes(CLValue.newCLUInt512(amount.toString()).bytes());
      const id = d.bytes(new Uint8Array([0]));
      return engine.runSession(rich, module({
        imports: ["casper_transfer_to_account", "casper_revert"],
        data: d,
        body: `(func (export "call") (local $r i32)
    (local.set $r (call $casper_transfer_to_account (i32.const ${to.ptr}) (i32.const 32) (i32.const ${a.ptr}) (i32.const ${a.len}) (i32.const ${id.ptr}) (i32.const 1) (i32.const 300)))
    (if (local.get $r) (then (call $casper_revert (local.get $r)))))`,
      }), { amount: CLValue.newCLUInt512(amount.toString()) }, { payment: 10n * CSPR });
    };
    const available = 90n * CSPR;
    transfer(available + 1n).expectRevert(65024); // Mint(InsufficientFunds): the hold counts
    const after = engine.balance(rich);
    const r = transfer(after - 10n * CSPR).expectSuccess();
    expect(engine.balance(rich)).toBe(10n * CSPR - r.cost);
  });
});

/**
 * Custom payment code: moves `deposit` motes (one transfer per element when an array) into the payment
 * purse from the main purse, or from the account's named purse `extra`; optionally sets the refund
 * purse to the account's named purse `refunds` first.
 */
function customPayment(deposit: bigint | bigint[], refundPurse = false, from: "main" | "extra" = "main"): Uint8Array {
  const d = new Data();
  const extra = d.string("extra");
  const deposits = (Array.isArray(deposit) ? deposit : [deposit]).map((x) => d.bytes(CLValue.newCLUInt512(x.toString()).bytes()));
  const hp = d.string("get_payment_purse");
  const setRefund = d.string("set_refund_purse");
  const refunds = d.string("refunds");
  const noArgs = d.bytes(u32le(0));
  const purseArgs = d.bytes(argsBytes({ purse: CLValue.newCLUref(sdk.URef.fromString(`uref-${"00".repeat(32)}-007`)) }));
  return module({
    imports: ["casper_get_main_purse", "casper_get_system_contract", "casper_call_contract", "casper_read_host_buffer", "casper_transfer_from_purse_to_purse", "casper_revert", "casper_get_key"],
    data: d,
    body: `(func $copy (param $from i32) (param $to i32) (param $n i32) (local $i i32)
    (block $d (loop $l (br_if $d (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store8 (i32.add (local.get $to) (local.get $i)) (i32.load8_u (i32.add (local.get $from) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l))))
  (func (export "call") (local $r i32)
    ${from === "main" ? "(call $casper_get_main_purse (i32.const 300))" : `(if (call $casper_get_key (i32.const ${extra.ptr}) (i32.const ${extra.len}) (i32.const 299) (i32.const 40) (i32.const 340)) (then unreachable))`}
    (if (call $casper_get_system_contract (i32.const 1) (i32.const 400) (i32.const 32)) (then unreachable))
    ${refundPurse ? `(if (call $casper_get_key (i32.const ${refunds.ptr}) (i32.const ${refunds.len}) (i32.const 700) (i32.const 40) (i32.const 740)) (then unreachable))
    (call $copy (i32.const 701) (i32.const ${purseArgs.ptr + 17}) (i32.const 33))
    (if (call $casper_call_contract (i32.const 400) (i32.const 32) (i32.const ${setRefund.ptr}) (i32.const ${setRefund.len}) (i32.const ${purseArgs.ptr}) (i32.const ${purseArgs.len}) (i32.const 440))
      (then unreachable))` : ""}
    (if (call $casper_call_contract (i32.const 400) (i32.const 32) (i32.const ${hp.ptr}) (i32.const ${hp.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 440))
      (then unreachable))
    (if (call $casper_read_host_buffer (i32.const 500) (i32.const 33) (i32.const 444)) (then unreachable))
    ${deposits.map((a) => `(local.set $r (call $casper_transfer_from_purse_to_purse (i32.const 300) (i32.const 33) (i32.const 500) (i32.const 33) (i32.const ${a.ptr}) (i32.const ${a.len}) (i32.const 600) (i32.const 1)))
    (if (local.get $r) (then (call $casper_revert (local.get $r))))`).join("\n    ")})`,
  });
}

function runCustom(engine: Engine, payment: Uint8Array, amount: bigint, session = putKeySession()): ExecutionResult {
  return engine.execute(makeDeploy(
    { ...engine.params("alice"), payment: sessionItems.moduleBytes(payment, { amount: CLValue.newCLUInt512(amount.toString()) }) },
    sessionItems.moduleBytes(session),
  ));
}

describe("custom payment, side by side", () => {
  const amount = 5n * CSPR;

  it("a payment that deposits exactly the `amount`: the session runs on both; 2.0 counts the payment's gas in `consumed`", () => {
    for (const protocol of PROTOCOLS) {
      const engine = new Engine({ protocol });
      const before = balances(engine, "alice");
      const r = runCustom(engine, customPayment(amount), amount).expectSuccess();
      expect(engine.account("alice").namedKeys.paid_for).toBe("hash-" + "cd".repeat(32));
      const [num, den] = RATIO[protocol];
      // 1.5.8: the gas limit is what the payment purse holds; 2.0: the `amount` (the cost at price 1)
      const refund = ((amount - r.gas) * num) / den;
      expect(r.refund).toBe(refund);
      expect(engine.balance("alice")).toBe(before.account - (amount - refund));
      expect(engine.balance(paymentPurse(engine))).toBe(before.payment);
      expect(engine.balance("proposer")).toBe(before.proposer + (amount - refund));
      if (metered) {
        const { wasm, host, storage, system } = r.gasBreakdown;
        expect(wasm + host + storage + system).toBe(r.gas);
        // the payment's host calls (get_main_purse, call_contract, transfer...) are in the figure on both
        const sessionOnly = engine.runSession("alice", putKeySession(), undefined, { payment: amount }).expectSuccess();
        expect(r.gas).toBeGreaterThan(sessionOnly.gas + 300_000_000n); // call_contract alone costs 3e8
      }
    }
  });

  it("a payment that deposits one mote less or more: 1.5.8 runs with what was paid (more is refused by the spending limit); 2.0 takes the 2.5 CSPR penalty and runs nothing", () => {
    for (const protocol of PROTOCOLS) {
      for (const deposit of [amount - 1n, amount + 1n]) {
        const engine = new Engine({ protocol });
        const before = balances(engine, "alice");
        const r = runCustom(engine, customPayment(deposit), amount);
        if (protocol === "1.5.8") {
          if (deposit < amount) {
            r.expectSuccess();
            expect(r.gasLimit).toBe(deposit);
          } else {
            r.expectRevert(65024 + 21); // UnapprovedSpendingAmount: a failed payment, the 2.5 CSPR penalty
            expect(engine.balance("alice")).toBe(before.account - BASELINE);
          }
          continue;
        }
        // 2.0: the payment's effects are dropped; the baseline moves into the payment purse, where it stays
        // (the fee of the whole cost cannot be paid out of it: operations.rs handle_fee)
        if (deposit < amount) r.expectError("InsufficientPayment", "Insufficient custom payment");
        else r.expectRevert(65024 + 21);
        expect(engine.account("alice").namedKeys.paid_for).toBeUndefined();
        expect(r.cost).toBe(BASELINE);
        expect(engine.balance("alice")).toBe(before.account - BASELINE);
        expect(engine.balance(paymentPurse(engine))).toBe(before.payment + BASELINE);
        expect(engine.balance("proposer")).toBe(before.proposer);
      }
    }
  });

  it("a penalty equal to the cost is paid out to the proposer (2.0, amount = 2.5 CSPR)", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    const before = balances(engine, "alice");
    runCustom(engine, customPayment(BASELINE - 1n), BASELINE).expectError("InsufficientPayment", "Insufficient custom payment");
    expect(engine.balance("alice")).toBe(before.account - BASELINE);
    expect(engine.balance("proposer")).toBe(before.proposer + BASELINE);
    expect(engine.balance(paymentPurse(engine))).toBe(before.payment);
  });

  it("2.0 wants one deposit of exactly the cost (the first change to the payment purse): two halves, or one mote more from another purse, are penalized; 1.5.8 takes them", () => {
    for (const protocol of PROTOCOLS) {
      const engine = new Engine({ protocol });
      // a second purse of alice's, `extra`, with 10 CSPR (no spending limit applies to it)
      const d = new Data();
      const name = d.string("extra");
      const ten = d.bytes(CLValue.newCLUInt512((10n * CSPR).toString()).bytes());
      engine.runSession("alice", module({
        imports: ["casper_create_purse", "casper_put_key", "casper_get_main_purse", "casper_transfer_from_purse_to_purse"],
        data: d,
        body: `(func (export "call")
    (if (call $casper_create_purse (i32.const 301) (i32.const 33)) (then unreachable))
    (i32.store8 (i32.const 300) (i32.const 2))
    (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 300) (i32.const 34))
    (call $casper_get_main_purse (i32.const 400))
    (if (call $casper_transfer_from_purse_to_purse (i32.const 400) (i32.const 33) (i32.const 301) (i32.const 33) (i32.const ${ten.ptr}) (i32.const ${ten.len}) (i32.const 500) (i32.const 1))
      (then unreachable)))`,
      }), { amount: CLValue.newCLUInt512((10n * CSPR).toString()) }).expectSuccess();
      const halves = runCustom(engine, customPayment([amount / 2n, amount / 2n]), amount);
      const more = runCustom(engine, customPayment(amount + 1n, false, "extra"), amount);
      if (protocol === "1.5.8") {
        halves.expectSuccess();
        more.expectSuccess();
        expect(more.gasLimit).toBe(amount + 1n);
      } else {
        halves.expectError("InsufficientPayment", "Insufficient custom payment");
        more.expectError("InsufficientPayment", "Insufficient custom payment");
        for (const r of [halves, more]) expect(r.cost).toBe(BASELINE);
      }
    }
  });

  it("the refund goes to the refund purse the payment code sets (set_refund_purse), on both", () => {
    for (const protocol of PROTOCOLS) {
      const engine = new Engine({ protocol });
      const d = new Data();
      const name = d.string("refunds");
      engine.runSession("alice", module({
        imports: ["casper_create_purse", "casper_put_key"],
        data: d,
        body: `(func (export "call")
    (if (call $casper_create_purse (i32.const 301) (i32.const 33)) (then unreachable))
    (i32.store8 (i32.const 300) (i32.const 2))
    (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 300) (i32.const 34)))`,
      })).expectSuccess();
      const refunds = engine.account("alice").namedKeys.refunds;
      const alice = engine.balance("alice");
      const r = runCustom(engine, customPayment(amount, true), amount).expectSuccess();
      expect(r.refund).toBeGreaterThan(0n);
      expect(engine.balance(refunds)).toBe(r.refund);
      expect(engine.balance("alice")).toBe(alice - amount);
      // 2.0 clears the refund purse afterwards (HandleRefundMode::ClearRefundPurse); so does 1.5.8's finalize
      expect(engine.namedKeys(engine.systemContract("handle payment")).has("refund_purse")).toBe(false);
    }
  });

  it("bad input: 2.0 needs the payment's U512 `amount` (the gas limit): without it nothing runs or is charged", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    const root = engine.stateRootHash();
    const noAmount = engine.execute(makeDeploy({ ...engine.params("alice"), payment: sessionItems.moduleBytes(customPayment(amount)) }, sessionItems.moduleBytes(putKeySession())));
    noAmount.expectError("InvalidDeploy", "missing payment 'amount' runtime argument");
    const wrongType = engine.execute(makeDeploy(
      { ...engine.params("alice"), payment: sessionItems.moduleBytes(customPayment(amount), { amount: CLValue.newCLUint64(5) }) },
      sessionItems.moduleBytes(putKeySession()),
    ));
    wrongType.expectError("InvalidDeploy", "failed to parse payment 'amount' as U512");
    expect([noAmount.precondition, wrongType.precondition]).toEqual([true, true]);
    expect(engine.stateRootHash()).toBe(root);
  });
});
