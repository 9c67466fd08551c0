// Metered modules run with a counting env.gas; each figure must equal the hand count from the cost table.
// Hand counts follow casper-wasm-utils v3.0.0 src/gas.rs: a body is split into metered blocks charged on
// entry; `end`/`else` are never charged; code after a block/if that no branch leaves is merged into the
// enclosing block (charged up front). Per-op gas: 1.5.8 = the table value; 2.0 = cycles x the table value,
// cycles from cycles_for_instruction in EdHastings casper-node 2.0 execution_engine/src/runtime/wasm_prep.rs.

import { describe, expect, it } from "vitest";
import { loadChainspec } from "../host/gas/chainspec.ts";
import { prepareModule } from "../host/wasm/prepare.ts";
import { handCosts } from "./helpers/gas-hand.ts";
import { run, wat } from "./helpers/wasm-helpers.ts";

describe.each(["1.5.8", "2.0.0"] as const)("opcode gas, Casper %s table", (protocol) => {
  const cycles = protocol === "2.0.0";
  const { g, brTable, growPage } = handCosts(protocol);
  const prepare = (src: string) => prepareModule(wat(src), { protocol, metered: true });

  it("spot-checks the table against gas.md", () => {
    if (cycles) {
      expect([g("const"), g("load"), g("store"), g("global_get"), g("call"), g("br"), g("br_if"), brTable(1)]).toEqual([525n, 840n, 420n, 735n, 4950n, 1665n, 1530n, 1250n]);
    } else {
      expect([g("const"), g("load"), g("store"), g("call"), g("br"), g("br_if"), brTable(1), g("grow_memory")]).toEqual([110n, 2500n, 4700n, 68000n, 35000n, 35000n, 35100n, 240000n]);
    }
  });

  it("arithmetic: one straight-line block", () => {
    const p = prepare(`(module (memory 1) (func (export "call") (result i32)
      i32.const 7 i32.const 5 i32.add i32.const 3 i32.mul i32.const 2 i32.div_u i32.const 1 i32.and
      i64.const 1 i64.const 40 i64.shl i64.const 40 i64.shr_u i32.wrap_i64 i32.add i32.eqz))`);
    const r = run(p);
    expect(r.exports.call()).toBe(0); // ((7+5)*3/2 & 1) + 1 = 1, eqz -> 0
    // 5 i32.const + 3 i64.const, 2 adds, mul, div, and+shl+shr_u (bit), wrap (conversion), eqz (comparison)
    expect(r.gas()).toBe(8n * g("const") + 2n * g("add") + g("mul") + g("div") + 3n * g("bit") + g("conversion") + g("integer_comparison"));
    expect(r.gasCalls()).toBe(1);
  });

  it("loads and stores, f32.load/f32.store priced as load/store", () => {
    const p = prepare(`(module (memory 1) (func (export "call") (result i32)
      i32.const 0 i32.const 42 i32.store
      i32.const 4 i64.const 7 i64.store8
      i32.const 8 i32.const 0 f32.load f32.store
      i32.const 0 i32.load
      i32.const 4 i64.load8_u i32.wrap_i64 i32.add
      i32.const 8 i32.load i32.add))`);
    const r = run(p);
    expect(r.exports.call()).toBe(42 + 7 + 42); // the f32 copy moved the bits of 42 to address 8
    // consts: 2 + 2 + 2 + 1 + 1 + 1 = 9; stores: i32.store, i64.store8, f32.store = 3;
    // loads: f32.load, i32.load, i64.load8_u, i32.load = 4; wrap; 2 adds
    expect(r.gas()).toBe(9n * g("const") + 3n * g("store") + 4n * g("load") + g("conversion") + 2n * g("add"));
  });

  it("locals, globals, select, drop, nop, memory.size", () => {
    const p = prepare(`(module (memory 2) (global $g (mut i32) (i32.const 5))
      (func (export "call") (param i32) (result i32) (local i32)
        global.get $g local.get 0 i32.add local.tee 1 global.set $g
        nop
        i32.const 1 i32.const 2 local.get 1 select drop
        memory.size global.get $g i32.add))`);
    const r = run(p);
    expect(r.exports.call(10)).toBe(2 + 15);
    // global.get x2, global.set x1, local.get x2, local.tee x1, add x2, 2 consts, select, drop, nop, memory.size
    expect(r.gas()).toBe(2n * g("global_get") + g("global_set") + 3n * g("local") + 2n * g("add") + 2n * g("const") + g("select") + g("drop") + g("nop") + g("current_memory"));
  });

  it("if/else: each arm is its own block; code after `end` is charged with the code before `if`", () => {
    const p = prepare(`(module (memory 1) (func (export "call") (param i32) (result i32)
      local.get 0
      if (result i32)
        i32.const 1
      else
        i32.const 2 i32.const 3 i32.add
      end
      i32.const 10 i32.add))`);
    // block A (entry): local.get, if, and the trailing i32.const 10 + i32.add (no branch leaves the if)
    const a = g("local") + g("if") + g("const") + g("add");
    const r = run(p);
    expect(r.exports.call(1)).toBe(11);
    expect(r.gas()).toBe(a + g("const")); // then-arm: one const
    const r2 = run(p);
    expect(r2.exports.call(0)).toBe(15);
    expect(r2.gas()).toBe(a + 2n * g("const") + g("add")); // else-arm
    expect(r2.gasCalls()).toBe(2);
  });

  it("nested blocks: a br_if out of both ends the entry block at the branch", () => {
    const p = prepare(`(module (memory 1) (func (export "call") (param i32) (result i32) (local i32)
      block $outer
        block $inner
          local.get 0
          br_if $outer
          i32.const 1 local.set 1
        end
        i32.const 2 local.set 1
      end
      local.get 1))`);
    // entry block: block, block, local.get 0, br_if, + the final local.get 1 (merged: no branch skips it)
    const entry = 2n * g("block") + 2n * g("local") + g("br_if");
    const r = run(p);
    expect(r.exports.call(1)).toBe(0);
    expect(r.gas()).toBe(entry);
    const r2 = run(p);
    expect(r2.exports.call(0)).toBe(2);
    // + the rest of $inner (const, local.set) + the rest of $outer (const, local.set)
    expect(r2.gas()).toBe(entry + 2n * (g("const") + g("local")));
  });

  it("br_table: per-entry cost, each target's code charged when reached", () => {
    const p = prepare(`(module (memory 1) (func (export "call") (param i32) (result i32)
      block $b2
        block $b1
          block $b0
            local.get 0
            br_table $b0 $b1 $b2
          end
          i32.const 100
          return
        end
        i32.const 200
        return
      end
      i32.const 300))`);
    // entry: 3 blocks + local.get + br_table with 2 targets (the default is not counted)
    const entry = 3n * g("block") + g("local") + brTable(2);
    const cases: [number, number, bigint][] = [
      [0, 100, entry + g("const") + g("return")],
      [1, 200, entry + g("const") + g("return")],
      [2, 300, entry + g("const")],
      [7, 300, entry + g("const")],
    ];
    for (const [arg, result, gas] of cases) {
      const r = run(p);
      expect(r.exports.call(arg)).toBe(result);
      expect(r.gas()).toBe(gas);
    }
  });

  it("loop: the body is charged per iteration", () => {
    const p = prepare(`(module (memory 1) (func (export "call") (param i32) (result i32) (local i32)
      loop $l
        local.get 1 i32.const 1 i32.add local.set 1
        local.get 1 local.get 0 i32.lt_u
        br_if $l
      end
      local.get 1))`);
    const once = g("loop") + g("local"); // entry: loop + the final local.get 1
    const body = 4n * g("local") + g("const") + g("add") + g("integer_comparison") + g("br_if");
    for (const n of [1, 5, 40]) {
      const r = run(p);
      expect(r.exports.call(n)).toBe(n);
      expect(r.gas()).toBe(once + BigInt(n) * body);
    }
  });

  it("a call: caller's block + callee's block; the stack limiter's code is free", () => {
    const p = prepare(`(module (memory 1)
      (func $add (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
      (func (export "call") (result i32) i32.const 2 i32.const 3 call $add))`);
    const r = run(p);
    expect(r.exports.call()).toBe(5);
    expect(r.gas()).toBe(2n * g("const") + g("call") + 2n * g("local") + g("add"));
  });

  it("call_indirect and return", () => {
    const p = prepare(`(module (memory 1) (type $t (func (result i32))) (table 1 funcref) (elem (i32.const 0) $seven)
      (func $seven (result i32) i32.const 7 return)
      (func (export "call") (result i32) i32.const 0 call_indirect (type $t)))`);
    const r = run(p);
    expect(r.exports.call()).toBe(7);
    expect(r.gas()).toBe(g("const") + g("call_indirect") + g("const") + g("return"));
  });

  it("memory.grow: static cost in its block, plus pages x grow_memory charged by the helper", () => {
    const p = prepare(`(module (memory 1 10) (func (export "call") (param i32) (result i32) local.get 0 memory.grow))`);
    for (const [pages, result] of [[0, 1], [1, 1], [3, 1], [20, -1]] as const) {
      const r = run(p);
      expect(r.exports.call(pages)).toBe(result); // old size, or -1 past the maximum (still charged)
      expect(r.gas()).toBe(g("local") + g("grow_memory") + BigInt(pages) * growPage);
    }
  });

  it("unreachable is charged before it traps", () => {
    const p = prepare(`(module (memory 1) (func (export "call") i32.const 1 drop unreachable))`);
    const r = run(p);
    expect(() => r.exports.call()).toThrow(WebAssembly.RuntimeError);
    expect(r.gas()).toBe(g("const") + g("drop") + g("unreachable"));
  });

  if (cycles) {
    it("sign-extension operators (2.0 only): sign x 5 cycles", () => {
      const p = prepareModule(wat(`(module (memory 1) (func (export "call") (result i32) i32.const 255 i32.extend8_s))`, { sign_extension: true }), { protocol, metered: true });
      const r = run(p);
      expect(r.exports.call()).toBe(-1);
      expect(r.gas()).toBe(g("const") + g("sign"));
    });
  }
});

describe("custom cost tables", () => {
  it("a user's overridden table changes the figures, and the cache keeps the two apart", () => {
    const bytes = wat(`(module (memory 1) (func (export "call") (result i32) i32.const 1 i32.const 2 i32.add))`);
    const base = loadChainspec("1.5.8");
    const custom = loadChainspec("1.5.8", { wasm: { opcode_costs: { const: 1000, add: 7 } } });
    const a = run(prepareModule(bytes, { protocol: "1.5.8", metered: true, costs: base }));
    const b = run(prepareModule(bytes, { protocol: "1.5.8", metered: true, costs: custom }));
    a.exports.call();
    b.exports.call();
    expect(a.gas()).toBe(2n * 110n + 210n);
    expect(b.gas()).toBe(2n * 1000n + 7n);
  });

  it("a block costing more than u32::MAX is OperationForbiddenByGasRules", () => {
    const bytes = wat(`(module (memory 1) (func (export "call") (result i32) i32.const 1 i32.const 2 i32.add))`);
    const huge = loadChainspec("1.5.8", { wasm: { opcode_costs: { const: 0xffffffff } } });
    expect(() => prepareModule(bytes, { protocol: "1.5.8", metered: true, costs: huge })).toThrow(
      expect.objectContaining({ code: "OperationForbiddenByGasRules" }),
    );
  });

  it("grow_memory = 0: no helper, memory.grow costs nothing per page", () => {
    const bytes = wat(`(module (memory 1 10) (func (export "call") (param i32) (result i32) local.get 0 memory.grow))`);
    const spec = loadChainspec("1.5.8", { wasm: { opcode_costs: { grow_memory: 0 } } });
    const r = run(prepareModule(bytes, { protocol: "1.5.8", metered: true, costs: spec }));
    expect(r.exports.call(3)).toBe(1);
    expect(r.gas()).toBe(390n); // local.get only: grow's static cost is 0 too
  });
});
