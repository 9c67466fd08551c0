// Bad input: malformed wasm, no `call`, unknown or mistyped imports, out-of-bounds pointers, garbage
// args. Each gives a clear error; the engine keeps working; state changes only by what the node charges.
import sdk from "casper-js-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { clv } from "../host/bytesrepr/cl-value.ts";
import { CLT } from "../host/bytesrepr/cl-type.ts";
import type { DeployItem } from "../host/engine/deploy-item.ts";
import { Engine } from "../host/engine/engine.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { argsBytes } from "./helpers/engine-bytes.ts";
import { balanceKeyOf, changedKeys, image } from "./helpers/engine-state.ts";
import { Data, compileWat, module } from "./helpers/engine-wat.ts";

const { CLValue } = sdk;
const MAX_PAYMENT = 2_500_000_000n;

describe("bad input", () => {
  let engine: Engine;
  let touched: string[];
  const payOnly = () => [balanceKeyOf(engine, "alice"), balanceKeyOf(engine, "proposer")].sort();
  const putKeySession = () => {
    const d = new Data();
    const name = d.string("touched");
    const key = d.bytes(new Uint8Array([1, ...new Uint8Array(32).fill(7)]));
    return { d, name, key };
  };

  beforeAll(() => {
    engine = new Engine({ protocol: "1.5.8" });
  });

  /** Run, then check the engine still works and only the expected keys changed. */
  function expectOnly(run: () => void, expected: () => string[]) {
    const before = image(engine);
    run();
    touched = changedKeys(before, image(engine));
    expect(touched).toEqual(expected());
    const d = new Data();
    engine.runSession("bob", module({ imports: [], data: d, body: `(func (export "call"))` })).expectSuccess();
  }

  it("malformed wasm: a preprocessing error, charged the node's fixed penalty, nothing else", () => {
    const alice = engine.balance("alice");
    expectOnly(() => {
      engine.runSession("alice", new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0xff, 0xff])).expectError("WasmPreprocessing", /Wasm preprocessing error: Deserialize/);
    }, payOnly);
    expect(engine.balance("alice")).toBe(alice - MAX_PAYMENT);
    expectOnly(() => {
      engine.runSession("alice", new TextEncoder().encode("not wasm at all")).expectError("WasmPreprocessing");
    }, payOnly);
    // floats are forbidden by the gas rules
    const floats = compileWat(`(module (memory 1) (func (export "call") (drop (f32.add (f32.const 1) (f32.const 2)))))`);
    engine.runSession("alice", floats).expectError("WasmPreprocessing", /OperationForbiddenByGasRules/);
  });

  it("no `call` export: the session fails, only the payment stays", () => {
    const d = new Data();
    expectOnly(() => {
      engine.runSession("alice", module({ imports: [], data: d, body: `(func (export "main"))` })).expectError("Interpreter", "Module doesn't have export call");
    }, payOnly);
  });

  it("an unknown import, or a host function with the wrong signature, is rejected before the code runs", () => {
    const { d, name, key } = putKeySession();
    const unknown = compileWat(`(module
      (import "env" "casper_put_key" (func $put_key (param i32 i32 i32 i32)))
      (import "env" "casper_no_such_function" (func $nope))
      (memory 1) ${d.wat()}
      (func (export "call") (call $put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const ${key.ptr}) (i32.const 33)) (call $nope)))`);
    expectOnly(() => {
      engine.runSession("alice", unknown).expectError("Interpreter", /casper_no_such_function/);
    }, payOnly);
    const wrongSig = compileWat(`(module
      (import "env" "casper_put_key" (func $put_key (param i32 i32 i32)))
      (memory 1) ${d.wat()}
      (func (export "call") (call $put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const ${key.ptr}))))`);
    expectOnly(() => {
      engine.runSession("alice", wrongSig).expectError("Interpreter", /casper_put_key/);
    }, payOnly);
    expect(engine.account("alice").namedKeys.touched).toBeUndefined();
  });

  it("out-of-bounds pointers passed to host functions: an interpreter (memory) error", () => {
    const { d, name, key } = putKeySession();
    const t = d.utf8("t");
    const cases = [
      // name beyond the single page of memory
      `(call $casper_put_key (i32.const 70000) (i32.const 5) (i32.const ${key.ptr}) (i32.const 33))`,
      // key straddling the end of memory
      `(call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 65530) (i32.const 33))`,
      // an output pointer outside memory (the arg exists, so the size is written)
      `(drop (call $casper_get_named_arg_size (i32.const ${t.ptr}) (i32.const 1) (i32.const 65535)))`,
    ];
    const run = (body: string) => {
      const wasm = module({ imports: ["casper_put_key", "casper_get_named_arg_size"], data: d, body: `(func (export "call") ${body})` });
      return engine.runSession("alice", wasm, { t: CLValue.newCLUint8(1) });
    };
    for (const body of cases) {
      expectOnly(() => {
        run(body).expectError("Interpreter", /^Interpreter error: trying to access region \[\d+\.\.\d+\] in memory \[0\.\.65536\]$/);
      }, payOnly);
    }
    // a negative (huge unsigned) size: metered, the node charges put_key's 120_000 gas per name byte
    // before it reads memory, so that runs out of gas first
    const huge = `(call $casper_put_key (i32.const ${name.ptr}) (i32.const -1) (i32.const ${key.ptr}) (i32.const 33))`;
    expectOnly(() => {
      if (engine.metered) run(huge).expectError("GasLimit", "Out of gas error");
      else run(huge).expectError("Interpreter", /^Interpreter error: trying to access region /);
    }, payOnly);
  });

  it("garbage arg bytes: the contract's InvalidArgument, or the engine's error when the engine reads them", () => {
    engine.runSession("alice", artifact("keys_manager")).expectSuccess();
    const base = (session: DeployItem["session"]): DeployItem => ({
      address: engine.key("alice").accountHash,
      authorizationKeys: new Set([engine.key("alice").accountHashHex]),
      payment: { kind: "ModuleBytes", moduleBytes: new Uint8Array(0), args: [{ name: "amount", value: clv.u512(MAX_PAYMENT) }] },
      session,
      deployHash: new Uint8Array(32).fill(0x5a),
      gasPrice: 1n,
    });
    // a PublicKey whose bytes are not a public key: the contract cannot decode it
    const garbageKey = { clType: CLT.PublicKey, bytes: new Uint8Array([9, 1, 2, 3]) };
    expectOnly(() => {
      engine.execute(base({ kind: "StoredContractByName", name: "keys_manager", entryPoint: "set_key_weight", args: [{ name: "account", value: garbageKey }, { name: "weight", value: clv.u8(1) }] }))
        .expectRevert(3); // ApiError::InvalidArgument
    }, payOnly);
    // a Key arg that does not decode: the engine rejects it when it checks the args' URefs
    const garbageKeyArg = { clType: CLT.Key, bytes: new Uint8Array([77, 1]) };
    expectOnly(() => {
      engine.execute(base({ kind: "StoredContractByName", name: "keys_manager", entryPoint: "set_key_weight", args: [{ name: "k", value: garbageKeyArg }] }))
        .expectError("CLValue", /unknown Key tag 77/);
    }, payOnly);
    // RuntimeArgs bytes passed to call_contract that do not decode
    const d = new Data();
    const km = d.string("keys_manager");
    const ep = d.string("set_key_weight");
    const bad = d.bytes(new Uint8Array([5, 0, 0, 0, 1]));
    const session = module({
      imports: ["casper_get_key", "casper_call_contract"],
      data: d,
      body: `(func (export "call")
        (drop (call $casper_get_key (i32.const ${km.ptr}) (i32.const ${km.len}) (i32.const 600) (i32.const 40) (i32.const 640)))
        (drop (call $casper_call_contract (i32.const 601) (i32.const 32) (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const ${bad.ptr}) (i32.const ${bad.len}) (i32.const 644))))`,
    });
    expectOnly(() => {
      engine.runSession("alice", session).expectError("BytesRepr", /early end of stream/);
    }, payOnly);
    expect(argsBytes({}).length).toBe(4);
  });
});
