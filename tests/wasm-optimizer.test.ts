// storedContractWasm / prepareStoredModule: the bytes casper-node stores for a contract version
// (casper-wasm-utils v3.0.0 src/optimizer.rs applied to the preprocessed module), and running them.

import { beforeEach, describe, expect, it } from "vitest";
import { decodeFunctionNames, decodeModule } from "../host/wasm/decode.ts";
import { encodeModule } from "../host/wasm/encode.ts";
import { FunctionNotFoundError, storedContractWasm } from "../host/wasm/optimizer.ts";
import { clearPreparedModuleCache, prepareModule, prepareStoredModule } from "../host/wasm/prepare.ts";
import { run, wat } from "./helpers/wasm-helpers.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const CONTRACT = `(module
  (import "env" "casper_revert" (func $revert (param i32)))
  (import "env" "casper_ret" (func $ret (param i32 i32)))
  (memory 1)
  (func $a (export "a") (result i32) i32.const 1)
  (func $b (export "b") (param i32) (result i32) local.get 0 call $helper)
  (func $helper (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
  (func (export "call") i32.const 0 call $revert))`;

beforeEach(() => clearPreparedModuleCache());

describe("storedContractWasm", () => {
  it("keeps what the entry points reach, renumbered (hand-derived from optimizer.rs)", () => {
    const prepared = prepareModule(wat(CONTRACT), { protocol: "1.5.8", metered: true });
    // Preprocessed: imports revert f0 (type 0), ret f1 (type 1), memory, gas f2 (type 0); a f3, b f4, helper f5,
    // call f6; thunks a f7, b f8, call f9; types 0 (i32)->(), 1 (i32 i32)->(), 2 ()->i32, 3 (i32)->i32, 4 ()->().
    // Entry points a, b reach: thunks f7 f8, a, b, helper, gas (and its type 0), the stack global.
    // Removed: types 1 and 4, imports revert and ret, call f6 and its thunk f9, the "call" export.
    // Renumbered: gas 2->0, a 3->1, b 4->2, helper 5->3, thunks 7->4, 8->5; types 2->1, 3->2.
    const expected = wat(`(module
      (type (;0;) (func (param i32)))
      (type (;1;) (func (result i32)))
      (type (;2;) (func (param i32) (result i32)))
      (import "env" "memory" (memory (;0;) 1 64))
      (import "env" "gas" (func (;0;) (type 0)))
      (func (;1;) (type 1) (result i32) i32.const 110 call 0 i32.const 1)
      (func (;2;) (type 2) (param i32) (result i32)
        i32.const 68390 call 0
        local.get 0
        global.get 0 i32.const 2 i32.add global.set 0
        global.get 0 i32.const 500 i32.gt_u if unreachable end
        call 3
        global.get 0 i32.const 2 i32.sub global.set 0)
      (func (;3;) (type 2) (param i32) (result i32) i32.const 740 call 0 local.get 0 i32.const 2 i32.mul)
      (func (;4;) (type 1) (result i32)
        global.get 0 i32.const 1 i32.add global.set 0
        global.get 0 i32.const 500 i32.gt_u if unreachable end
        call 1
        global.get 0 i32.const 1 i32.sub global.set 0)
      (func (;5;) (type 2) (param i32) (result i32)
        local.get 0
        global.get 0 i32.const 1 i32.add global.set 0
        global.get 0 i32.const 500 i32.gt_u if unreachable end
        call 2
        global.get 0 i32.const 1 i32.sub global.set 0)
      (global (;0;) (mut i32) (i32.const 0))
      (export "a" (func 4))
      (export "b" (func 5)))`);
    expect(hex(storedContractWasm(prepared.bytes, ["a", "b"]))).toBe(hex(expected));
  });

  it("drops custom sections but keeps a parsable name section, its (stale) indices renumbered", () => {
    const prepared = prepareModule(wat(CONTRACT, {}, { names: true }), { protocol: "1.5.8", metered: true });
    const m = decodeModule(prepared.bytes);
    m.sections.push({ id: 0, kind: "custom", name: "producers", payload: new Uint8Array([0]) });
    const stored = decodeModule(storedContractWasm(encodeModule(m), ["a", "b"]));
    expect(stored.sections.filter((s) => s.kind === "custom").map((s) => (s as { name: string }).name)).toEqual(["name"]);
    // names keep the ORIGINAL indices (preprocessing does not update them): revert 0, ret 1, a 2, b 3, helper 4;
    // removing functions 0 and 1 (the imports) shifts the rest down by 2
    expect([...decodeFunctionNames(stored)]).toEqual([[0, "a"], [1, "b"], [2, "helper"]]);
  });

  it("an entry point the module does not export is FunctionNotFound", () => {
    const prepared = prepareModule(wat(CONTRACT), { protocol: "1.5.8", metered: true });
    expect(() => storedContractWasm(prepared.bytes, ["a", "nope"])).toThrow(FunctionNotFoundError);
    expect(() => storedContractWasm(prepared.bytes, ["a", "nope"])).toThrow(/FunctionNotFound: nope/);
    const noExports = prepareModule(wat(`(module (memory 1) (func))`), { protocol: "1.5.8", metered: true });
    expect(() => storedContractWasm(noExports.bytes, ["a"])).toThrow(/Missing Export Section/);
  });
});

describe("prepareStoredModule: running the stored bytes as they are", () => {
  it("computes and charges exactly what the entry point charged before storing", () => {
    const prepared = prepareModule(wat(CONTRACT), { protocol: "2.0.0", metered: true });
    const stored = prepareStoredModule(storedContractWasm(prepared.bytes, ["a", "b"]), { protocol: "2.0.0" });
    expect(stored.metered).toBe(true);
    expect(stored.exports).toEqual(["a", "b"]);
    expect(stored.hostImports).toEqual([]);
    expect(stored.memory).toEqual({ initial: 1, maximum: 64 });
    const host = { casper_revert: () => undefined, casper_ret: () => undefined };
    const full = run(prepared, host);
    const s = run(stored);
    expect(s.exports.b(21)).toBe(full.exports.b(21));
    expect(s.gas()).toBe(full.gas());
    expect(s.gas()).toBeGreaterThan(0n);
    // the stored bytes are not instrumented again: preparing them twice gives the same module
    expect(prepareStoredModule(stored.bytes, { protocol: "2.0.0" })).toBe(stored);
  });

  it("recognises the stack limiter's trap in stored bytes", () => {
    const src = `(module (memory 1)
      (func $rec (param i32) (result i32) (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
        (else (i32.add (call $rec (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
      (func (export "go") (param i32) (result i32) (call $rec (local.get 0))))`;
    const prepared = prepareModule(wat(src), { protocol: "1.5.8", metered: true });
    const stored = prepareStoredModule(storedContractWasm(prepared.bytes, ["go"]), { protocol: "1.5.8" });
    expect(stored.stackLimitTrapOffsets.size).toBe(prepared.stackLimitTrapOffsets.size);
    let err: unknown;
    try {
      run(stored).exports.go(100_000);
    } catch (e) {
      err = e;
    }
    expect(stored.isStackLimitTrap(err)).toBe(true);
  });

  it("refuses what instantiation refuses (imports, start) and bad bytes", () => {
    expect(() => prepareStoredModule(wat(`(module (import "env" "casper_nope" (func)) (import "env" "memory" (memory 1)))`), { protocol: "1.5.8" })).toThrow(
      expect.objectContaining({ code: "Interpreter", reason: "unknown-import" }),
    );
    expect(() => prepareStoredModule(wat(`(module (import "env" "memory" (memory 1)) (func $s) (start $s))`), { protocol: "1.5.8" })).toThrow(
      expect.objectContaining({ code: "UnsupportedWasmStart" }),
    );
    expect(() => prepareStoredModule(new Uint8Array([0, 1, 2]), { protocol: "1.5.8" })).toThrow(expect.objectContaining({ code: "Deserialize" }));
    // a module with its own memory was never preprocessed: not a stored contract
    expect(() => prepareStoredModule(wat(`(module (memory 1) (func (export "a")))`), { protocol: "1.5.8" })).toThrow(/must import env\.memory/);
  });
});
