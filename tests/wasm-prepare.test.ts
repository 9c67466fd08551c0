// prepareModule: the exact instrumented output (hand-derived from casper-wasm-utils v3.0.0 gas.rs,
// stack_height.rs, max_height.rs, thunk.rs and casper-wasm's builder), memory externalization, the cache,
// results unchanged by instrumentation, and the stack limit at its exact boundary.

import { beforeEach, describe, expect, it } from "vitest";
import { decodeModule } from "../host/wasm/decode.ts";
import { encodeModule } from "../host/wasm/encode.ts";
import { findSection } from "../host/wasm/module.ts";
import { clearPreparedModuleCache, prepareModule, preparedModuleCacheSize, WasmPreprocessError } from "../host/wasm/prepare.ts";
import { run, wasmText, wat } from "./helpers/wasm-helpers.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

beforeEach(() => clearPreparedModuleCache());

describe("exact output of the metered pipeline (1.5.8 costs)", () => {
  it("imports, gas blocks, stack limiter wrappers and the export thunk", () => {
    const input = wat(`(module
      (import "env" "casper_revert" (func $revert (param i32)))
      (memory 1)
      (func $double (param i32) (result i32) local.get 0 i32.const 2 i32.mul)
      (func (export "call") (param i32) (result i32) local.get 0 call $double memory.size drop))`);
    // - externalize: env.memory (1, max 64) imported after casper_revert
    // - gas: type (i32)->() already exists (type 0); env.gas appended as function 1, so $double 1->2, call 2->3
    //   $double: local 390 + const 110 + mul 240 = 740; call: local 390 + call 68000 + memory.size 290 + drop 440 = 69120
    // - limiter: new global 0; stack cost $double = 0 locals + max height 2, call = 0 + 2
    //   `call 2` in function 3 is wrapped (cost 2); calls to gas (cost 0) are not
    // - thunk for the export (function 3, cost 2) appended as function 4
    const expected = wat(`(module
      (type (;0;) (func (param i32)))
      (type (;1;) (func (param i32) (result i32)))
      (import "env" "casper_revert" (func (;0;) (type 0)))
      (import "env" "memory" (memory (;0;) 1 64))
      (import "env" "gas" (func (;1;) (type 0)))
      (func (;2;) (type 1) (param i32) (result i32)
        i32.const 740 call 1
        local.get 0 i32.const 2 i32.mul)
      (func (;3;) (type 1) (param i32) (result i32)
        i32.const 69120 call 1
        local.get 0
        global.get 0 i32.const 2 i32.add global.set 0
        global.get 0 i32.const 500 i32.gt_u if unreachable end
        call 2
        global.get 0 i32.const 2 i32.sub global.set 0
        memory.size drop)
      (func (;4;) (type 1) (param i32) (result i32)
        local.get 0
        global.get 0 i32.const 2 i32.add global.set 0
        global.get 0 i32.const 500 i32.gt_u if unreachable end
        call 3
        global.get 0 i32.const 2 i32.sub global.set 0)
      (global (;0;) (mut i32) (i32.const 0))
      (export "call" (func 4)))`);
    const p = prepareModule(input, { protocol: "1.5.8", metered: true });
    expect(wasmText(p.bytes)).toBe(wasmText(expected));
    expect(hex(p.bytes)).toBe(hex(expected));
    expect(p.stackLimitTrapOffsets.size).toBe(2);
  });

  it("memory.grow: the appended helper charges pages x grow_memory", () => {
    const input = wat(`(module (memory 1) (func (export "call") (param i32) (result i32) local.get 0 memory.grow))`);
    // gas: new type 1 = (i32)->(), env.gas = function 0, call 0->1; block = local 390 + grow 240000 = 240390;
    // memory.grow -> call 2 (helper, type 0); helper max height 3, call's 1; thunk = function 3
    const expected = wat(`(module
      (type (;0;) (func (param i32) (result i32)))
      (type (;1;) (func (param i32)))
      (import "env" "memory" (memory (;0;) 1 64))
      (import "env" "gas" (func (;0;) (type 1)))
      (func (;1;) (type 0) (param i32) (result i32)
        i32.const 240390 call 0
        local.get 0
        global.get 0 i32.const 3 i32.add global.set 0
        global.get 0 i32.const 500 i32.gt_u if unreachable end
        call 2
        global.get 0 i32.const 3 i32.sub global.set 0)
      (func (;2;) (type 0) (param i32) (result i32)
        local.get 0 local.get 0 i32.const 240000 i32.mul call 0 memory.grow)
      (func (;3;) (type 0) (param i32) (result i32)
        local.get 0
        global.get 0 i32.const 1 i32.add global.set 0
        global.get 0 i32.const 500 i32.gt_u if unreachable end
        call 1
        global.get 0 i32.const 1 i32.sub global.set 0)
      (global (;0;) (mut i32) (i32.const 0))
      (export "call" (func 3)))`);
    const p = prepareModule(input, { protocol: "1.5.8", metered: true });
    expect(hex(p.bytes)).toBe(hex(expected));
  });

  it("custom sections move to the end, reversed once per builder round trip", () => {
    const m = decodeModule(wat(`(module (memory 1) (func (export "call") (param i32) (result i32) local.get 0))`));
    m.sections.splice(1, 0, { id: 0, kind: "custom", name: "first", payload: new Uint8Array([1]) });
    m.sections.push({ id: 0, kind: "custom", name: "second", payload: new Uint8Array([2]) });
    const customs = (bytes: Uint8Array) => decodeModule(bytes).sections.filter((s) => s.kind === "custom").map((s) => (s as { name: string }).name);
    const bytes = encodeModule(m);
    // externalize + gas + thunks = 3 round trips: reversed
    const metered = prepareModule(bytes, { protocol: "1.5.8", metered: true });
    expect(customs(metered.bytes)).toEqual(["second", "first"]);
    expect(decodeModule(metered.bytes).sections.at(-1)!.kind).toBe("custom");
    // with a memory.grow the grow helper adds a 4th: original order
    const g = decodeModule(wat(`(module (memory 1) (func (export "call") (param i32) (result i32) local.get 0 memory.grow))`));
    g.sections.unshift({ id: 0, kind: "custom", name: "first", payload: new Uint8Array([1]) });
    g.sections.push({ id: 0, kind: "custom", name: "second", payload: new Uint8Array([2]) });
    expect(customs(prepareModule(encodeModule(g), { protocol: "1.5.8", metered: true }).bytes)).toEqual(["first", "second"]);
  });
});

describe("memory externalization and module facts", () => {
  it("unmetered: the memory becomes env.memory (maximum defaulted to max_memory), nothing else changes", () => {
    const src = `(module (import "env" "casper_revert" (func (param i32))) (memory 2) (export "mem" (memory 0))
      (func (export "call") (result i32) i32.const 0 i32.const 9 i32.store i32.const 0 i32.load))`;
    const p = prepareModule(wat(src), { protocol: "1.5.8", metered: false });
    expect(p.memory).toEqual({ initial: 2, maximum: 64 });
    expect(p.exports).toEqual(["call"]);
    expect(p.hostImports).toEqual(["casper_revert"]);
    const m = decodeModule(p.bytes);
    expect(findSection(m, "memory")).toBeUndefined();
    expect(findSection(m, "import")!.imports.map((i) => `${i.module}.${i.field}:${i.desc.kind}`)).toEqual(["env.casper_revert:func", "env.memory:memory"]);
    expect(findSection(m, "global")).toBeUndefined();
    const r = run(p, { casper_revert: () => { throw new Error("revert"); } });
    expect(r.exports.call()).toBe(9);
    expect(new Uint32Array(r.memory.buffer)[0]).toBe(9);
  });

  it("a declared maximum is kept; a table without maximum gets 4096", () => {
    const p = prepareModule(wat(`(module (memory 1 3) (table 2 funcref) (func (export "call")))`), { protocol: "2.0.0", metered: true });
    expect(p.memory).toEqual({ initial: 1, maximum: 3 });
    expect(findSection(decodeModule(p.bytes), "table")!.tables[0].limits).toEqual({ min: 2, max: 4096 });
  });

  it("rejections are WasmPreprocessError with casper-node's code, and are cached too", () => {
    const noMemory = wat(`(module (func (export "call")))`);
    let first: unknown;
    try {
      prepareModule(noMemory, { protocol: "1.5.8", metered: false });
    } catch (e) {
      first = e;
    }
    expect(first).toBeInstanceOf(WasmPreprocessError);
    expect((first as WasmPreprocessError).code).toBe("MissingMemorySection");
    expect(() => prepareModule(noMemory, { protocol: "1.5.8", metered: false })).toThrow(first as Error);
    const start = wat(`(module (memory 1) (func $s) (start $s) (func (export "call")))`);
    expect(() => prepareModule(start, { protocol: "2.0.0", metered: true })).toThrow(expect.objectContaining({ code: "UnsupportedWasmStart" }));
    // unmetered runs reject what metered runs reject
    const float = wat(`(module (memory 1) (func (export "call") f32.const 1 drop))`);
    expect(() => prepareModule(float, { protocol: "1.5.8", metered: false })).toThrow(expect.objectContaining({ code: "OperationForbiddenByGasRules" }));
    const signExt = wat(`(module (memory 1) (func (export "call") (result i32) i32.const 1 i32.extend8_s))`, { sign_extension: true });
    expect(() => prepareModule(signExt, { protocol: "1.5.8", metered: true })).toThrow(expect.objectContaining({ code: "Deserialize" }));
    expect(run(prepareModule(signExt, { protocol: "2.0.0", metered: true })).exports.call()).toBe(1);
    expect(() => prepareModule(new Uint8Array([1, 2, 3]), { protocol: "1.5.8", metered: true })).toThrow(/Deserialize: not a wasm module/);
  });

  it("bad options are reported", () => {
    const ok = wat(`(module (memory 1) (func (export "call")))`);
    expect(() => prepareModule(ok, { protocol: "3.0" as never, metered: true })).toThrow(/unknown protocol "3.0"/);
    expect(() => prepareModule([0, 97] as never, { protocol: "1.5.8", metered: true })).toThrow(/Uint8Array/);
  });
});

describe("the cache", () => {
  it("returns the same prepared module for the same bytes and options, another one otherwise", () => {
    const bytes = wat(`(module (memory 1) (func (export "call") (result i32) i32.const 4))`);
    const a = prepareModule(bytes, { protocol: "1.5.8", metered: true });
    expect(prepareModule(new Uint8Array(bytes), { protocol: "1.5.8", metered: true })).toBe(a);
    const b = prepareModule(bytes, { protocol: "2.0.0", metered: true });
    const c = prepareModule(bytes, { protocol: "1.5.8", metered: false });
    const d = prepareModule(bytes, { protocol: "1.5.8", metered: true, maxStackHeight: 100 });
    expect(new Set([a, b, c, d]).size).toBe(4);
    expect(preparedModuleCacheSize()).toBe(4);
    clearPreparedModuleCache();
    expect(prepareModule(bytes, { protocol: "1.5.8", metered: true })).not.toBe(a);
  });
});

describe("instrumentation does not change what a module computes", () => {
  const modules: [string, string, number[][]][] = [
    [
      "recursive fibonacci",
      `(module (memory 1)
        (func $fib (param i32) (result i32)
          (if (result i32) (i32.lt_u (local.get 0) (i32.const 2)) (then (local.get 0))
            (else (i32.add (call $fib (i32.sub (local.get 0) (i32.const 1))) (call $fib (i32.sub (local.get 0) (i32.const 2)))))))
        (func (export "call") (param i32) (result i32) (call $fib (local.get 0))))`,
      [[0], [1], [2], [10], [20]],
    ],
    [
      "loop over memory with br_table dispatch",
      `(module (memory 1 2)
        (func (export "call") (param i32 i32) (result i32) (local i32 i32)
          (loop $l
            (block $b2 (block $b1 (block $b0
              (br_table $b0 $b1 $b2 (i32.rem_u (local.get 2) (i32.const 3))))
              (local.set 3 (i32.add (local.get 3) (local.get 2))) (br $b2))
              (local.set 3 (i32.mul (local.get 3) (i32.const 3))) (br $b2))
            (i32.store8 (local.get 2) (local.get 3))
            (local.set 2 (i32.add (local.get 2) (i32.const 1)))
            (br_if $l (i32.lt_u (local.get 2) (local.get 0))))
          (i32.add (local.get 3) (i32.load (local.get 1)))))`,
      [[1, 0], [7, 2], [100, 50], [1000, 999]],
    ],
    [
      "call_indirect, globals, i64 and memory.grow",
      `(module (memory 1 4) (type $t (func (param i64) (result i64))) (table 2 funcref) (elem (i32.const 0) $sq $neg)
        (global $acc (mut i64) (i64.const 3))
        (func $sq (param i64) (result i64) (i64.mul (local.get 0) (local.get 0)))
        (func $neg (param i64) (result i64) (i64.sub (i64.const 0) (local.get 0)))
        (func (export "call") (param i32 i32) (result i32)
          (global.set $acc (call_indirect (type $t) (i64.add (global.get $acc) (i64.extend_i32_u (local.get 0))) (i32.and (local.get 1) (i32.const 1))))
          (i32.add (i32.wrap_i64 (i64.shr_u (global.get $acc) (i64.const 3))) (memory.grow (local.get 1)))))`,
      [[5, 0], [9, 1], [1000000, 2], [7, 5]],
    ],
  ];

  it.each(modules)("%s", (_name, src, inputs) => {
    const bytes = wat(src);
    for (const protocol of ["1.5.8", "2.0.0"] as const) {
      for (const args of inputs) {
        const plain = run(prepareModule(bytes, { protocol, metered: false }));
        const metered = run(prepareModule(bytes, { protocol, metered: true }));
        const a = plain.exports.call(...args);
        const b = metered.exports.call(...args);
        expect(b).toBe(a);
        expect(hex(new Uint8Array(metered.memory.buffer))).toBe(hex(new Uint8Array(plain.memory.buffer)));
        expect(metered.gas()).toBeGreaterThan(0n);
        expect(plain.gasCalls()).toBe(0);
      }
    }
  });
});

describe("stack height limit", () => {
  // $rec: stack cost 3 (no locals; max height 3 = the else arm's values counted on top of the then arm's
  // leftover, max_height.rs does not reset at `else`); the exported `call`: cost 1. Entering through the
  // export thunk adds 1, each $rec frame adds 3: rec(n) makes n + 1 frames, so the height peaks at
  // 1 + 3(n + 1) and traps when that exceeds the limit: n >= 166 for 500, n >= 33 for 100.
  const src = `(module (memory 1)
    (func $rec (param i32) (result i32)
      local.get 0
      i32.eqz
      if (result i32)
        i32.const 0
      else
        local.get 0 i32.const 1 i32.sub call $rec i32.const 1 i32.add
      end)
    (func (export "call") (param i32) (result i32) local.get 0 call $rec))`;

  it("a recursion at the limit runs; one frame deeper traps, and the trap is recognised", () => {
    const p = prepareModule(wat(src), { protocol: "1.5.8", metered: true });
    expect(run(p).exports.call(165)).toBe(165); // 1 + 3 * 166 = 499 <= 500
    const r = run(p);
    let err: unknown;
    try {
      r.exports.call(166); // 1 + 3 * 167 = 502 > 500
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(p.isStackLimitTrap(err)).toBe(true);
    // a fresh instance starts from height 0 again
    expect(run(p).exports.call(100)).toBe(100);
  });

  it("the limit is configurable (max_stack_height)", () => {
    const p = prepareModule(wat(src), { protocol: "2.0.0", metered: true, maxStackHeight: 100 });
    expect(run(p).exports.call(32)).toBe(32); // 1 + 3 * 33 = 100 <= 100
    expect(() => run(p).exports.call(33)).toThrow(/unreachable/);
  });

  it("a plain unreachable, and an unmetered module's native stack overflow, are not stack-limit traps", () => {
    const p = prepareModule(wat(`(module (memory 1) (func (export "call") unreachable))`), { protocol: "1.5.8", metered: true });
    let err: unknown;
    try {
      run(p).exports.call();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(p.isStackLimitTrap(err)).toBe(false);
    const unmetered = prepareModule(wat(src), { protocol: "1.5.8", metered: false });
    expect(run(unmetered).exports.call(1000)).toBe(1000); // no limiter without metering
    expect(unmetered.isStackLimitTrap(new WebAssembly.RuntimeError("unreachable"))).toBe(false);
  });
});
