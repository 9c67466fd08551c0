// Engine fix found with the Rust-built contracts: a wasm trap (a Rust panic is an `unreachable`) and a
// host-side memory or signature fault fail with the node's exact error message. casper-node v1.5.8
// (core/execution/error.rs) wraps casper-wasmi's error in Interpreter(String), and casper-wasmi v0.13.2
// (src/lib.rs `From<Error> for String`) renders a trap as `trap: {trap:?}` ("trap: Code(Unreachable)") and
// a memory/function error as its bare message. Checked metered and unmetered.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { Data, module } from "./helpers/engine-wat.ts";
import { cep78Wasm } from "./helpers/rust-contracts.ts";

const { CLValue, Key } = sdk;
const CSPR = 1_000_000_000n;

const session = (body: string, extra = "", imports: string[] = [], data = new Data()) =>
  module({ imports, data, body: `${extra}\n(func (export "call") ${body})` });

describe.each([true, false])("wasm traps read as the node's (metered: %s)", (metered) => {
  const engine = new Engine({ protocol: "1.5.8", metered });
  const run = (wasm: Uint8Array, args = {}) => engine.runSession("alice", wasm, args, { payment: 5n * CSPR });

  it("a Rust panic: balance_of_call given a Key::Account for the contract hash (`.into_hash().unwrap()`)", () => {
    const account = CLValue.newCLKey(Key.newKey(engine.account("bob").accountHash));
    const r = run(cep78Wasm("balance_of_call"), { nft_contract_hash: account, token_owner: account, key_name: CLValue.newCLString("x") });
    r.expectError("Interpreter");
    expect(r.error!.message).toBe("Interpreter error: trap: Code(Unreachable)");
    expect(engine.account("alice").namedKeys.x).toBeUndefined();
  });

  it.each([
    ["unreachable", "unreachable", "Unreachable"],
    ["an out-of-bounds load", "(drop (i32.load (i32.const 70000)))", "MemoryAccessOutOfBounds"],
    ["a division by zero", "(drop (i32.div_u (i32.const 1) (i32.const 0)))", "DivisionByZero"],
    ["a remainder by zero", "(drop (i64.rem_s (i64.const 1) (i64.const 0)))", "DivisionByZero"],
    ["a signed division overflow", "(drop (i32.div_s (i32.const 0x80000000) (i32.const -1)))", "IntegerOverflow"],
    ["call_indirect past the table", "(call_indirect (type $v) (i32.const 9))", "TableAccessOutOfBounds"],
    ["call_indirect with the wrong signature", "(call_indirect (type $v) (i32.const 0))", "UnexpectedSignature"],
  ])("%s -> trap: Code(%s)", (_, body, code) => {
    const extra = `(type $v (func)) (table 1 funcref) (elem (i32.const 0) $takes_i32) (func $takes_i32 (param i32))`;
    const r = run(session(body, extra));
    expect(r.error?.message).toBe(`Interpreter error: trap: Code(${code})`);
  });

  it("deep recursion: the stack height limiter's unreachable when metered; without the limiter, StackOverflow", () => {
    const extra = `(func $down (param i32) (result i32) (if (result i32) (local.get 0) (then (call $down (i32.sub (local.get 0) (i32.const 1)))) (else (i32.const 0))))`;
    const r = run(session(`(drop (call $down (i32.const ${metered ? 1_000 : 10_000_000})))`, extra));
    expect(r.error?.message).toBe(`Interpreter error: trap: Code(${metered ? "Unreachable" : "StackOverflow"})`);
  });

  it("host functions: a weight that is not a u8 (Args::parse), an unknown action type, memory out of range, no `call`", () => {
    const d = new Data();
    const name = d.string("k");
    const hash = d.bytes(new Uint8Array(32).fill(7));
    const key = d.bytes(new Uint8Array(33));
    expect(run(session(`(drop (call $casper_add_associated_key (i32.const ${hash.ptr}) (i32.const 32) (i32.const 256)))`, "", ["casper_add_associated_key"], d)).error?.message)
      .toBe("Interpreter error: trap: Code(UnexpectedSignature)");
    expect(run(session(`(drop (call $casper_set_action_threshold (i32.const 7) (i32.const 1)))`, "", ["casper_set_action_threshold"], d)).error?.message)
      .toBe("Interpreter error: trap: Code(Unreachable)");
    expect(run(session(`(call $casper_put_key (i32.const 70000) (i32.const 5) (i32.const ${key.ptr}) (i32.const 33))`, "", ["casper_put_key"], d)).error?.message)
      .toBe("Interpreter error: trying to access region [70000..70005] in memory [0..65536]");
    expect(run(session(`(call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 65530) (i32.const 33))`, "", ["casper_put_key"], d)).error?.message)
      .toBe("Interpreter error: trying to access region [65530..65563] in memory [0..65536]");
    expect(run(module({ imports: [], data: new Data(), body: `(func (export "main"))` })).error?.message).toBe("Interpreter error: Module doesn't have export call");
  });
});

describe("a u8 host argument out of range traps before the host call is charged (externals.rs: Args::parse, then charge)", () => {
  it.each([
    ["casper_add_associated_key", "(i32.const 1024) (i32.const 32) (i32.const 256)"],
    ["casper_update_associated_key", "(i32.const 1024) (i32.const 32) (i32.const -1)"],
    ["casper_set_action_threshold", "(i32.const 0) (i32.const 300)"],
  ])("%s", (name, args) => {
    const charged: string[] = [];
    const engine = new Engine({
      protocol: "1.5.8",
      meter: () => ({
        active: true, metersStorage: false, used: 0n,
        chargeWasm() {}, chargeHost(n: string) { charged.push(n); }, chargeStorage() {}, chargeSystem() {}, setUsed() {},
      }),
    });
    const d = new Data();
    d.bytes(new Uint8Array(32).fill(7));
    const r = engine.runSession("alice", session(`(drop (call $${name} ${args}))`, "", [name], d), {}, { payment: 5n * CSPR });
    expect(r.error?.message).toBe("Interpreter error: trap: Code(UnexpectedSignature)");
    expect(charged).not.toContain(name);
    // in range, the same call is charged
    engine.runSession("alice", session(`(drop (call $${name} ${args.replace(/\(i32\.const (256|-1|300)\)$/, "(i32.const 1)")}))`, "", [name], d), {}, { payment: 5n * CSPR });
    expect(charged).toContain(name);
  });
});
