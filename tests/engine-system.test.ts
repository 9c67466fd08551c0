// System contracts reached as wasm reaches them (get_system_contract + call_contract): mint and
// handle payment entry points, custom payment code, and the auction's place for issue 4.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { makeDeploy, sessionItems } from "../host/engine/deploys.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { argsBytes } from "./helpers/engine-bytes.ts";
import { Data, RET_HELPERS, module } from "./helpers/engine-wat.ts";
import { feeOf } from "./helpers/gas-fee.ts";

const { CLValue } = sdk;
const SYSTEM = { mint: 0, handlePayment: 1, standardPayment: 2, auction: 3 };
const HP_ERROR = 65280; // ApiError::HandlePayment(n)
const MINT_ERROR = 65024;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Session code: call system contract `index`'s `entryPoint` with `args` (bytes built at run time by `prep`), return what it returns. */
function callSystem(index: number, entryPoint: string, args: Uint8Array, prep = ""): Uint8Array {
  const d = new Data();
  const ep = d.string(entryPoint);
  const a = d.bytes(args);
  return module({
    imports: ["casper_get_system_contract", "casper_call_contract", "casper_read_host_buffer", "casper_get_main_purse", "casper_ret"],
    data: d,
    body: `${RET_HELPERS}
  (func (export "call") (local $r i32)
    (if (call $casper_get_system_contract (i32.const ${index}) (i32.const 100) (i32.const 32)) (then unreachable))
    ${prep.replaceAll("$ARGS", String(a.ptr))}
    (if (call $casper_call_contract (i32.const 100) (i32.const 32) (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const ${a.ptr}) (i32.const ${a.len}) (i32.const 200)) (then unreachable))
    (if (i32.eqz (i32.load (i32.const 200))) (then (return)))
    (if (call $casper_read_host_buffer (i32.const 300) (i32.load (i32.const 200)) (i32.const 204)) (then unreachable))
    (call $ret_bytes (i32.const 300) (i32.load (i32.const 204))))`,
  });
}

const returnedHex = (r: ExecutionResult) => hex(r.returned!.bytes.subarray(4));

describe("system contracts from wasm", () => {
  it("mint: balance of the session's own purse; create; non-zero mint is refused to users", () => {
    const engine = new Engine();
    // { purse: <main purse> }: the main purse URef is written into the args at run time
    const purseArgs = argsBytes({ purse: CLValue.newCLUref(sdk.URef.fromString(`uref-${"00".repeat(32)}-007`)) });
    const urefAt = purseArgs.length - 34; // the URef value bytes start 33 + 1 (type) from the end
    const before = engine.balance("alice");
    const balance = engine.runSession("alice", callSystem(SYSTEM.mint, "balance", purseArgs, `(call $casper_get_main_purse (i32.add (i32.const $ARGS) (i32.const ${urefAt})))`)).expectSuccess();
    // Option<U512>: Some(the balance during the session: the standard payment has left it, the refund has not come back)
    expect(returnedHex(balance)).toBe("01" + hex(CLValue.newCLUInt512((before - engine.defaultPayment).toString()).bytes()));

    const created = engine.runSession("alice", callSystem(SYSTEM.mint, "create", argsBytes({}))).expectSuccess();
    expect(returnedHex(created)).toMatch(/^[0-9a-f]{64}07$/);

    const minted = engine.runSession("alice", callSystem(SYSTEM.mint, "mint", argsBytes({ amount: CLValue.newCLUInt512("5") }))).expectSuccess();
    // Result<URef, u8>: Err(InvalidNonEmptyPurseCreation = 5)
    expect(returnedHex(minted)).toBe("0005");
    engine.runSession("alice", callSystem(SYSTEM.mint, "balance", argsBytes({}))).expectRevert(2); // MissingArgument
    engine.runSession("alice", callSystem(SYSTEM.mint, "balance", argsBytes({ purse: CLValue.newCLUint8(1) }))).expectRevert(3); // InvalidArgument
  });

  it("mint.transfer into a purse the session does not hold is a forged reference", () => {
    const engine = new Engine();
    const bobPurse = engine.account("bob").mainPurse;
    const args = argsBytes({
      to: CLValue.newCLOption(null, new sdk.CLTypeByteArray(32)),
      source: CLValue.newCLUref(sdk.URef.fromString(`uref-${"00".repeat(32)}-007`)),
      target: CLValue.newCLUref(sdk.URef.fromString(bobPurse.replace(/-007$/, "-004"))),
      amount: CLValue.newCLUInt512("1"),
      id: CLValue.newCLOption(null, sdk.CLTypeUInt64),
    });
    engine.runSession("alice", callSystem(SYSTEM.mint, "transfer", args)).expectError("ForgedReference");
  });

  it("handle payment: the payment purse (READ_ADD); refund purse only in the payment phase; finalize only by the system", () => {
    const engine = new Engine();
    const pp = engine.runSession("alice", callSystem(SYSTEM.handlePayment, "get_payment_purse", argsBytes({}))).expectSuccess();
    const hpHash = hex(engine.systemContracts.get("handle payment")!);
    const stored = engine.contract(`hash-${hpHash}`).namedKeys.get("payment_purse")!;
    expect(returnedHex(pp)).toBe(hex(stored.data.subarray(0, 32)) + "05");
    const refund = argsBytes({ purse: CLValue.newCLUref(sdk.URef.fromString(`uref-${"00".repeat(32)}-007`)) });
    engine.runSession("alice", callSystem(SYSTEM.handlePayment, "set_refund_purse", refund, `(call $casper_get_main_purse (i32.add (i32.const $ARGS) (i32.const ${refund.length - 34})))`))
      .expectRevert(HP_ERROR + 26); // SetRefundPurseCalledOutsidePayment
    const finalize = argsBytes({ amount: CLValue.newCLUInt512("0"), account: CLValue.newCLByteArray(new Uint8Array(32)), target: CLValue.newCLUref(sdk.URef.fromString(`uref-${"00".repeat(32)}-007`)) });
    engine.runSession("alice", callSystem(SYSTEM.handlePayment, "finalize_payment", finalize, `(call $casper_get_main_purse (i32.add (i32.const $ARGS) (i32.const ${finalize.length - 34})))`))
      .expectRevert(HP_ERROR + 22); // SystemFunctionCalledByUserAccount
  });

  it("custom payment code pays into the payment purse; a failing one costs the fixed penalty", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    const payment = 3_000_000_000n;
    const d = new Data();
    const amount = d.bytes(CLValue.newCLUInt512(payment.toString()).bytes());
    const none = d.bytes(new Uint8Array([0]));
    const pay = d.string("get_payment_purse");
    const noArgs = d.bytes(argsBytes({}));
    const paymentWasm = module({
      imports: ["casper_get_system_contract", "casper_call_contract", "casper_read_host_buffer", "casper_get_main_purse", "casper_transfer_from_purse_to_purse", "casper_revert"],
      data: d,
      body: `(func (export "call") (local $r i32)
        (if (call $casper_get_system_contract (i32.const 1) (i32.const 100) (i32.const 32)) (then unreachable))
        (if (call $casper_call_contract (i32.const 100) (i32.const 32) (i32.const ${pay.ptr}) (i32.const ${pay.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 200)) (then unreachable))
        (if (call $casper_read_host_buffer (i32.const 300) (i32.const 33) (i32.const 204)) (then unreachable))
        (call $casper_get_main_purse (i32.const 400))
        (local.set $r (call $casper_transfer_from_purse_to_purse (i32.const 400) (i32.const 33) (i32.const 300) (i32.const 33) (i32.const ${amount.ptr}) (i32.const ${amount.len}) (i32.const ${none.ptr}) (i32.const 1)))
        (if (local.get $r) (then (call $casper_revert (local.get $r)))))`,
    });
    const custom = (amountArg: bigint) => {
      const params = engine.params("alice");
      return makeDeploy({ ...params, payment: sessionItems.moduleBytes(paymentWasm, { amount: CLValue.newCLUInt512(amountArg.toString()) }) }, sessionItems.moduleBytes(module({ imports: [], data: new Data(), body: `(func (export "call"))` })));
    };
    const before = engine.balance("alice");
    const r = engine.execute(custom(payment)).expectSuccess();
    // the gas of payment and session both count (1.5.8 finalize: refund 99/100 of the rest)
    const fee = feeOf(r, payment, "1.5.8");
    expect(r.cost).toBe(fee);
    expect(engine.balance("alice")).toBe(before - fee);
    // the payment's `amount` arg is its spending limit: asking for less makes the transfer fail
    const b2 = engine.balance("alice");
    engine.execute(custom(payment - 1n)).expectRevert(MINT_ERROR + 21);
    expect(engine.balance("alice")).toBe(b2 - 2_500_000_000n);
  });

  it("1.5.8: payment that cannot be resolved is refused before anything runs", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    const before = engine.stateRootHash();
    const session = sessionItems.moduleBytes(module({ imports: [], data: new Data(), body: `(func (export "call"))` }));
    const byName = engine.execute(makeDeploy({ ...engine.params("alice"), payment: sessionItems.byName("no_such_payment", "pay") }, session));
    byName.expectError("NamedKeyNotFound", "Named key no_such_payment not found");
    expect(byName.precondition).toBe(true);
    const transfer = engine.execute(makeDeploy({ ...engine.params("alice"), payment: sessionItems.transfer(engine.key("bob").publicKey, 1n) }, session));
    transfer.expectError("InvalidDeployItemVariant", "Unsupported deploy item variant: Transfer");
    expect(engine.stateRootHash()).toBe(before);
  });

  it("2.0.0: custom payment without an `amount` is an invalid transaction (nothing charged); one that cannot be resolved costs the penalty", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    const before = engine.stateRootHash();
    const alice = engine.balance("alice");
    const session = sessionItems.moduleBytes(module({ imports: [], data: new Data(), body: `(func (export "call") nop)` }));
    // types/src/transaction/deploy.rs gas_limit: the payment's `amount` is the gas limit
    const noAmount = engine.execute(makeDeploy({ ...engine.params("alice"), payment: sessionItems.byName("no_such_payment", "pay") }, session));
    noAmount.expectError("InvalidDeploy", "missing payment 'amount' runtime argument");
    expect(noAmount.precondition).toBe(true);
    expect(engine.stateRootHash()).toBe(before);
    // with an amount it runs: the payment fails inside the engine (ExecutionKind::new), the account pays
    // the 2.5 CSPR baseline into the payment purse (operations.rs custom payment), the session never runs
    const amount = { amount: CLValue.newCLUInt512("2500000000") };
    const byName = engine.execute(makeDeploy({ ...engine.params("alice"), payment: sessionItems.byName("no_such_payment", "pay", amount) }, session));
    byName.expectError("NamedKeyNotFound", "Named key no_such_payment not found");
    expect(byName.precondition).toBe(false);
    expect(byName.cost).toBe(2_500_000_000n);
    expect(engine.balance("alice")).toBe(alice - 2_500_000_000n);
    const transfer = engine.execute(makeDeploy({ ...engine.params("alice"), payment: sessionItems.transfer(engine.key("bob").publicKey, 2_500_000_000n) }, session));
    transfer.expectError("InvalidExecutableItem", /^Invalid executable item: unexpected variant for deploy-hash\([0-9a-f]{4}\.\.[0-9a-f]{4}\) attempting payment item$/);
    expect(engine.balance("alice")).toBe(alice - 5_000_000_000n);
  });

  it("the auction's hash is served; delegate.wasm reaches its `delegate` entry point with the node's args", () => {
    const engine = new Engine();
    const auction = hex(engine.systemContracts.get("auction")!);
    expect([...engine.entryPoints(`hash-${auction}`).keys()]).toEqual(expect.arrayContaining(["delegate", "undelegate", "redelegate", "add_bid", "withdraw_bid", "activate_bid"]));
    const r = engine.runSession("alice", artifact("delegate"), {
      delegator: CLValue.newCLPublicKey(engine.key("alice").publicKey),
      validator: CLValue.newCLPublicKey(engine.key("validator-1").publicKey),
      amount: CLValue.newCLUInt512((500n * 10n ** 9n).toString()),
    });
    r.expectSuccess(); // the auction's own rules are tested in tests/auction-*.test.ts
    const call = r.trace.find((t) => t.name === "casper_call_contract")!;
    expect(call.detail).toMatchObject({ contract: `hash-${auction}`, entryPoint: "delegate", args: ["delegator", "validator", "amount"] });
  });
});
