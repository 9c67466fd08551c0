// Gas through the ENGINE, figure by figure: small hand-written sessions run as deploys, and each
// result's gas (wasm opcodes, host calls, storage, system calls) equals the count made by hand from
// the cost tables (gas.md; casper-node v1.5.8 and 2.0.0 production chainspecs). The opcode rules are
// casper-wasm-utils' (a metered block is charged on entry; `end`/`else` never; each branch target
// starts a block). Fees are derived from the rules in tests/helpers/gas-fee.ts.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { cat, u32le } from "./helpers/engine-bytes.ts";
import { Data, compileWat, imports } from "./helpers/engine-wat.ts";
import { feeFor } from "./helpers/gas-fee.ts";
import { HOST, SPOT, handCosts } from "./helpers/gas-hand.ts";

const { CLValue } = sdk;
const CSPR = 1_000_000_000n;

/** A session module: the given host imports, memory `pages` (max `max`), data and the body of `call`. */
function session(opts: { imports?: string[]; data?: Data; body: string; memory?: string; extra?: string }): Uint8Array {
  return compileWat(`(module
  ${imports(...(opts.imports ?? []))}
  (memory ${opts.memory ?? "1"})
  ${opts.data?.wat() ?? ""}
  ${opts.extra ?? ""}
  (func (export "call") ${opts.body}))`);
}

/** A serialized CLValue U64: u32 length 8, the u64 LE, type tag 5 (13 bytes). */
function clU64(v: number): Uint8Array {
  const n = new Uint8Array(8);
  new DataView(n.buffer).setBigUint64(0, BigInt(v), true);
  return cat(u32le(8), n, new Uint8Array([5]));
}

/** new_uref(U64 5) -> Key::URef at 100; write(that key, U64 6); put_key("counter", that key). */
function storageSession(): { wasm: Uint8Array; valueLen: number; nameLen: number } {
  const d = new Data();
  const v5 = d.bytes(clU64(5));
  const v6 = d.bytes(clU64(6));
  const name = d.string("counter"); // put_key takes the name serialized as a String: 4 + 7 bytes
  const wasm = session({
    imports: ["casper_new_uref", "casper_write", "casper_put_key"],
    data: d,
    body: `
    (call $casper_new_uref (i32.const 101) (i32.const ${v5.ptr}) (i32.const ${v5.len}))
    (i32.store8 (i32.const 100) (i32.const 2))
    (call $casper_write (i32.const 100) (i32.const 34) (i32.const ${v6.ptr}) (i32.const ${v6.len}))
    (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 100) (i32.const 34))`,
  });
  return { wasm, valueLen: v5.len, nameLen: name.len };
}

describe.each(["1.5.8", "2.0.0"] as const)("gas through the engine, Casper %s", (protocol) => {
  const { g, brTable, growPage, gasPerByte } = handCosts(protocol);
  const spot = SPOT[protocol];
  const fresh = () => new Engine({ protocol, metered: true });

  it("the cost tables hold gas.md's figures", () => {
    expect([g("const"), g("call"), g("drop"), g("store"), g("load"), brTable(1), g("grow_memory"), gasPerByte])
      .toEqual([spot.const, spot.call, spot.drop, spot.store, spot.load, spot.brTable1, spot.grow, spot.gasPerByte]);
  });

  it("opcodes: arithmetic, loads/stores, br_table and memory.grow in a session", () => {
    const wasm = session({
      memory: "1 4",
      body: `(local i32)
    i32.const 8 i32.const 42 i32.store
    i32.const 8 i32.load i32.const 3 i32.mul local.set 0
    block $b1
      block $b0
        local.get 0
        br_table $b0 $b1
      end
      i32.const 1 drop
    end
    i32.const 2 memory.grow drop`,
    });
    const r = fresh().runSession("alice", wasm).expectSuccess();
    // entry block: 4 consts, store, load, mul, local.set, 2 blocks, local.get, br_table with 1 target
    const entry = 4n * g("const") + g("store") + g("load") + g("mul") + 2n * g("local") + 2n * g("block") + brTable(1);
    // 126 takes the default target ($b1): the `i32.const 1 drop` block never runs; after $b1: const,
    // memory.grow (static), drop, then the grow helper charges 2 pages
    const tail = g("const") + g("grow_memory") + g("drop") + 2n * growPage;
    expect(r.gasBreakdown).toEqual({ wasm: entry + tail, host: 0n, storage: 0n, system: 0n });
    expect(r.gas).toBe(entry + tail);
  });

  it("a host call with arguments: get_named_arg_size, then get_named_arg of a 33-byte public key", () => {
    const d = new Data();
    const name = d.utf8("owner"); // get_named_arg takes the raw name bytes
    const wasm = session({
      imports: ["casper_get_named_arg_size", "casper_get_named_arg"],
      data: d,
      body: `
    (drop (call $casper_get_named_arg_size (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 200)))
    (drop (call $casper_get_named_arg (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 300) (i32.const 33)))`,
    });
    const engine = fresh();
    const r = engine.runSession("alice", wasm, { owner: CLValue.newCLPublicKey(engine.key("bob").publicKey) }).expectSuccess();
    const host = HOST.get_named_arg_size() + HOST.get_named_arg(5, 33);
    expect(host).toBe(200n + 200n + 120_000n * 38n); // 4_560_400
    expect(r.gasBreakdown).toEqual({ wasm: 7n * g("const") + 2n * g("call") + 2n * g("drop"), host, storage: 0n, system: 0n });
  });

  it("storage writes: new_uref, write and put_key, each charged gas_per_byte x the StoredValue's serialized length", () => {
    const { wasm, valueLen, nameLen } = storageSession();
    const engine = fresh();
    const r = engine.runSession("alice", wasm).expectSuccess();
    expect(valueLen).toBe(13);
    // StoredValue::CLValue(U64): tag 1 + (4 + 8 + 1) = 14 bytes, twice (new_uref, write);
    // put_key adds CLValue((String, Key)): tag 1 + (4 + (11 + 34) + 3 type bytes [19, 10, 11]) = 53 bytes
    const bytes = 14n + 14n + 53n;
    expect(r.gasBreakdown.storage).toBe(bytes * gasPerByte);
    expect(r.gasBreakdown.host).toBe(HOST.new_uref(13) + HOST.write(13) + HOST.put_key(nameLen, 34));
    // 13 consts, 3 calls and the store8 of the Key::URef tag
    expect(r.gasBreakdown.wasm).toBe(13n * g("const") + 3n * g("call") + g("store"));
    expect(r.gasBreakdown.system).toBe(0n);
    expect(String(engine.value(engine.account("alice").namedKeys.counter))).toBe("6");
  });

  it("one whole deploy: gas is the hand count, the account pays payment minus the refund, the proposer gets it", () => {
    const { wasm, nameLen } = storageSession();
    const engine = fresh();
    const [alice, proposer] = [engine.balance("alice"), engine.balance("proposer")];
    const payment = 3n * CSPR;
    const r = engine.runSession("alice", wasm, undefined, { payment }).expectSuccess();
    const gas = 13n * g("const") + 3n * g("call") + g("store")
      + HOST.new_uref(13) + HOST.write(13) + HOST.put_key(nameLen, 34)
      + 81n * gasPerByte;
    expect(r.gas).toBe(gas);
    expect(r.gasLimit).toBe(payment);
    const fee = feeFor(payment, gas, protocol);
    expect(r.cost).toBe(fee);
    expect(r.refund).toBe(payment - fee);
    expect(engine.balance("alice")).toBe(alice - fee);
    expect(engine.balance("proposer")).toBe(proposer + fee);
    expect(String(r)).toContain(`gas ${gas} (wasm ${r.gasBreakdown.wasm}, host ${r.gasBreakdown.host}, storage ${81n * gasPerByte}, system 0)`);
  });

  it("out of gas at the exact boundary: payment = gas passes, payment = gas - 1 fails and keeps only the payment", () => {
    const { wasm } = storageSession();
    const gas = fresh().runSession("alice", wasm).expectSuccess().gas;
    // on 2.0 the acceptor refuses any payment under 2.5 CSPR (deploy.rs is_config_compliant) ...
    if (protocol === "2.0.0") fresh().runSession("alice", wasm, undefined, { payment: gas }).expectError("InvalidDeploy", "invalid payment amount");
    // ... so the boundary is checked on a chain whose baseline is lowered to 0 (a 2.0 chainspec value)
    const lowBaseline = () => new Engine({ protocol, metered: true, chainspec: protocol === "2.0.0" ? { core: { baseline_motes_amount: 0n } } : undefined });

    const ok = lowBaseline();
    ok.runSession("alice", wasm, undefined, { payment: gas }).expectSuccess();
    expect(ok.account("alice").namedKeys.counter).toMatch(/^uref-/);

    const short = lowBaseline();
    const [alice, proposer] = [short.balance("alice"), short.balance("proposer")];
    const r = short.runSession("alice", wasm, undefined, { payment: gas - 1n });
    r.expectError("GasLimit", "Out of gas error");
    // the node sets the counter to the limit: all of the payment is gas used
    expect(r.gas).toBe(gas - 1n);
    expect(r.gasBreakdown.wasm + r.gasBreakdown.host + r.gasBreakdown.storage + r.gasBreakdown.system).toBe(gas - 1n);
    expect(r.cost).toBe(gas - 1n);
    expect(short.account("alice").namedKeys).toEqual({});
    expect(short.balance("alice")).toBe(alice - (gas - 1n));
    expect(short.balance("proposer")).toBe(proposer + (gas - 1n));
    // the session's writes are gone; what is left is the payment's movement and the deploy record
    const written = r.effects.writes.map((w) => w.value);
    expect(written).not.toContain("Account");
    expect(r.effects.namedKeys).toEqual([]);
  });

  it("a system contract call from session code: the mint's `create` costs system_costs.mint_costs.create", () => {
    const d = new Data();
    const ep = d.string("create"); // call_contract takes the entry point serialized: 4 + 6 bytes
    const noArgs = d.bytes(u32le(0));
    const wasm = session({
      imports: ["casper_get_system_contract", "casper_call_contract"],
      data: d,
      body: `
    (drop (call $casper_get_system_contract (i32.const 0) (i32.const 100) (i32.const 32)))
    (drop (call $casper_call_contract (i32.const 100) (i32.const 32) (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 200)))`,
    });
    const r = fresh().runSession("alice", wasm, undefined, { payment: 5n * CSPR }).expectSuccess();
    expect(r.gasBreakdown).toEqual({
      wasm: 10n * g("const") + 2n * g("call") + 2n * g("drop"),
      host: HOST.get_system_contract() + HOST.call_contract(10, 4),
      storage: 0n, // the mint writes in its own context: system contracts store for free
      system: 2_500_000_000n,
    });
  });

  it("calling a system contract entry point that does not exist: 2.0 charges no_such_entrypoint, 1.5.8 nothing", () => {
    const d = new Data();
    const ep = d.string("no_such");
    const noArgs = d.bytes(u32le(0));
    const wasm = session({
      imports: ["casper_get_system_contract", "casper_call_contract"],
      data: d,
      body: `
    (drop (call $casper_get_system_contract (i32.const 0) (i32.const 100) (i32.const 32)))
    (drop (call $casper_call_contract (i32.const 100) (i32.const 32) (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 200)))`,
    });
    const r = fresh().runSession("alice", wasm, undefined, { payment: 5n * CSPR });
    r.expectError("NoSuchMethod", "No such method: no_such");
    expect(r.gasBreakdown.system).toBe(protocol === "2.0.0" ? 2_500_000_000n : 0n);
    expect(r.gasBreakdown.host).toBe(HOST.get_system_contract() + HOST.call_contract(11, 4));
  });

  it("a transfer from session code costs its host function only: the node sets the counter back around mint.transfer", () => {
    const engine = fresh();
    const d = new Data();
    const target = d.bytes(engine.key("bob").accountHash);
    const amount = d.bytes(CLValue.newCLUInt512("1000").bytes());
    const id = d.bytes(new Uint8Array([0]));
    const wasm = session({
      imports: ["casper_transfer_to_account"],
      data: d,
      body: `(drop (call $casper_transfer_to_account (i32.const ${target.ptr}) (i32.const 32) (i32.const ${amount.ptr}) (i32.const ${amount.len}) (i32.const ${id.ptr}) (i32.const 1) (i32.const 700)))`,
    });
    const bob = engine.balance("bob");
    const r = engine.runSession("alice", wasm, { amount: CLValue.newCLUInt512("1000") }, { payment: 5n * CSPR }).expectSuccess();
    expect(engine.balance("bob")).toBe(bob + 1000n);
    expect(r.gasBreakdown).toEqual({ wasm: 7n * g("const") + g("call") + g("drop"), host: HOST.transfer_to_account(), storage: 0n, system: 0n });
  });

  it("a native transfer's fixed cost is reported as system gas", () => {
    const r = fresh().transfer("alice", "bob", 10n * CSPR).expectSuccess();
    expect(r.gas).toBe(100_000_000n);
    expect(r.gasBreakdown).toEqual({ wasm: 0n, host: 0n, storage: 0n, system: 100_000_000n });
    expect(r.cost).toBe(100_000_000n);
  });

  it("the stack height limit (500 slots) ends deep recursion as the node does: an Unreachable trap", () => {
    const recursive = (depth: number) => session({
      extra: `(func $down (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (call $down (i32.sub (local.get 0) (i32.const 1))))
        (else (i32.const 0))))`,
      body: `(drop (call $down (i32.const ${depth})))`,
    });
    const engine = fresh();
    engine.runSession("alice", recursive(10)).expectSuccess();
    const deep = engine.runSession("alice", recursive(1_000));
    deep.expectError("Interpreter", /unreachable/i);
    expect(deep.gas).toBeGreaterThan(0n); // what ran before the trap is paid for
    // unmetered, there is no limiter: the same module recurses fine, and only V8's own stack ends a deeper one
    const unmetered = new Engine({ protocol, metered: false });
    unmetered.runSession("alice", recursive(1_000)).expectSuccess();
    unmetered.runSession("alice", recursive(10_000_000)).expectError("Interpreter", /StackOverflow/);
  });

  it("a user's chainspec overrides change the figures (opcode, host, storage and system costs)", () => {
    const engine = new Engine({
      protocol,
      metered: true,
      chainspec: {
        wasm: { opcode_costs: { const: 1_000 }, host_function_costs: { new_uref: { cost: 7, arguments: [0, 0, 2] } } },
        storage_costs: { gas_per_byte: 3 },
      },
    });
    const d = new Data();
    const v = d.bytes(clU64(1));
    const r = engine.runSession("alice", session({
      imports: ["casper_new_uref"],
      data: d,
      body: `(call $casper_new_uref (i32.const 100) (i32.const ${v.ptr}) (i32.const ${v.len}))`,
    })).expectSuccess();
    const constGas = protocol === "2.0.0" ? 5_000n : 1_000n; // 2.0: 5 cycles x the table value
    expect(r.gasBreakdown).toEqual({ wasm: 3n * constGas + g("call"), host: 7n + 2n * 13n, storage: 3n * 14n, system: 0n });
  });

  it("unmetered: no gas, same results", () => {
    const { wasm } = storageSession();
    const engine = new Engine({ protocol, metered: false });
    const r = engine.runSession("alice", wasm).expectSuccess();
    expect(r.gas).toBe(0n);
    expect(r.gasBreakdown).toEqual({ wasm: 0n, host: 0n, storage: 0n, system: 0n });
    expect(String(engine.value(engine.account("alice").namedKeys.counter))).toBe("6");
  });
});

describe("what the protocols charge around the session", () => {
  const empty = session({ body: "" });
  const revert = session({ imports: ["casper_revert"], body: "(call $casper_revert (i32.const 1))" });

  it("1.5.8: a session that used no gas with a payment under 2.5 CSPR costs the 2.5 CSPR penalty; with more it is refunded 99%", () => {
    const engine = new Engine({ protocol: "1.5.8", metered: true });
    const a = engine.balance("alice");
    engine.runSession("alice", empty, undefined, { payment: CSPR }).expectError("InsufficientPayment");
    expect(engine.balance("alice")).toBe(a - 2_500_000_000n);
    const b = engine.balance("alice");
    const r = engine.runSession("alice", empty, undefined, { payment: 3n * CSPR }).expectSuccess();
    expect(r.gas).toBe(0n);
    expect(engine.balance("alice")).toBe(b - feeFor(3n * CSPR, 0n, "1.5.8"));
  });

  it("2.0.0: a session that used no gas fails (\"Wasm consumed 0 gas\") and pays the whole payment", () => {
    const engine = new Engine({ protocol: "2.0.0", metered: true });
    const a = engine.balance("alice");
    const r = engine.runSession("alice", empty, undefined, { payment: 3n * CSPR });
    r.expectError("Deploy", "Wasm consumed 0 gas");
    expect(engine.balance("alice")).toBe(a - 3n * CSPR);
  });

  it("a failed session: 1.5.8 refunds 99% of the unused payment, 2.0.0 refunds nothing", () => {
    const payment = 4n * CSPR;
    const v1 = new Engine({ protocol: "1.5.8", metered: true });
    const r1 = v1.runSession("alice", revert, undefined, { payment }).expectRevert(1);
    expect(r1.gasBreakdown.host).toBe(500n); // revert's cost
    expect(r1.cost).toBe(feeFor(payment, r1.gas, "1.5.8", false));
    expect(r1.cost).toBeLessThan(payment / 50n);
    const v2 = new Engine({ protocol: "2.0.0", metered: true });
    const r2 = v2.runSession("alice", revert, undefined, { payment }).expectRevert(1);
    expect(r2.cost).toBe(payment);
    expect(r2.refund).toBe(0n);
  });

  it("2.0.0 charges at the block's gas price (1): the deploy's gas_price is only a tolerance", () => {
    const { wasm } = storageSession();
    const engine = new Engine({ protocol: "2.0.0", metered: true });
    const r = engine.runSession("alice", wasm, undefined, { payment: 3n * CSPR, gasPrice: 3 }).expectSuccess();
    expect(r.gasLimit).toBe(3n * CSPR);
    expect(r.cost).toBe(feeFor(3n * CSPR, r.gas, "2.0.0"));
  });

  it("1.5.8 charges gas x the deploy's gas price, and the payment buys payment / price gas", () => {
    const { wasm } = storageSession();
    const engine = new Engine({ protocol: "1.5.8", metered: true });
    const payment = 3n * CSPR;
    const r = engine.runSession("alice", wasm, undefined, { payment, gasPrice: 3 }).expectSuccess();
    expect(r.gasLimit).toBe(payment / 3n);
    expect(r.cost).toBe(payment - ((payment - 3n * r.gas) * 99n) / 100n);
  });
});
