// host/wasm/offset_map.ts: offsets in the module the engine runs (instrumented; a stored contract pruned
// too) back to the module that was deployed. Checked instruction by instruction against both modules
// decoded independently: every original instruction is found once, with its opcode, and everything
// else is code the instrumentation added (gas charges, the stack limiter, thunks).
import { describe, expect, it } from "vitest";
import { decodeModule } from "../host/wasm/decode.ts";
import { functionAt, storedOffsetMap } from "../host/wasm/offset_map.ts";
import { OP } from "../host/wasm/opcodes.ts";
import { prepareModule, prepareOffsetMap, type PrepareOptions } from "../host/wasm/prepare.ts";
import { compileWat, imports } from "./helpers/engine-wat.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { compileModule } from "./helpers/as-build.ts";

/** offset -> opcode of every instruction of every body, with its body index */
function instructions(bytes: Uint8Array): Map<number, { opcode: number; body: number; index?: number }> {
  const out = new Map<number, { opcode: number; body: number; index?: number }>();
  decodeModule(bytes, { onInstruction: (body, ins, offset) => out.set(offset, { opcode: ins.opcode, body, index: ins.index }) });
  return out;
}

function gasFunctionIndex(bytes: Uint8Array): number {
  const imports = decodeModule(bytes).sections.find((s) => s.kind === "import");
  const list = imports?.kind === "import" ? imports.imports.filter((i) => i.desc.kind === "func") : [];
  return list.findIndex((i) => i.module === "env" && i.field === "gas");
}

const GROWS = compileWat(`(module
  ${imports("casper_revert")}
  (memory 1)
  (func $helper (param i32) (result i32) (if (i32.eqz (local.get 0)) (then unreachable)) (local.get 0))
  (func (export "call")
    (drop (memory.grow (i32.const 1)))
    (drop (call $helper (i32.const 1)))
    (call $casper_revert (i32.const 7))))`);

describe("offset map of a prepared module", () => {
  const cases: [string, () => Promise<Uint8Array> | Uint8Array, PrepareOptions][] = [
    ["keys_manager, metered 2.0.0", () => artifact("keys_manager"), { protocol: "2.0.0", metered: true }],
    ["keys_manager, metered 1.5.8", () => artifact("keys_manager"), { protocol: "1.5.8", metered: true }],
    ["keys_manager, unmetered", () => artifact("keys_manager"), { protocol: "2.0.0", metered: false }],
    ["faulty (recursion, traps), metered", () => compileModule("tests/contracts/faulty.ts"), { protocol: "2.0.0", metered: true }],
    ["a WAT module with memory.grow, metered", () => GROWS, { protocol: "1.5.8", metered: true }],
  ];

  it.each(cases)("%s: every original instruction is found once with its opcode; the rest is instrumentation", async (_name, bytes, options) => {
    const original = await bytes();
    const prepared = prepareModule(original, options);
    const map = prepareOffsetMap(original, options);
    const before = instructions(original);
    const after = instructions(prepared.bytes);
    const gas = gasFunctionIndex(prepared.bytes);
    const seen = new Set<number>();
    let added = 0;
    for (const [offset, ins] of after) {
      const m = map.at(offset)!;
      expect(m, `0x${offset.toString(16)}`).toBeDefined();
      if (m.original === undefined) {
        added++;
        expect(["gas", "stack-limiter", "thunk", "memory-grow-helper"]).toContain(m.added);
        if (m.added === "gas") expect([OP.i32_const, OP.call]).toContain(ins.opcode);
        continue;
      }
      expect(seen.has(m.original), `original 0x${m.original.toString(16)} mapped twice`).toBe(false);
      seen.add(m.original);
      const was = before.get(m.original)!;
      expect(was, `0x${m.original.toString(16)} is not an instruction of the original`).toBeDefined();
      // the gas injector turns memory.grow into a call of its helper; everything else keeps its opcode
      if (was.opcode === OP.memory_grow && options.metered) expect(ins.opcode).toBe(OP.call);
      else expect(ins.opcode).toBe(was.opcode);
    }
    expect(seen.size).toBe(before.size);
    if (options.metered) {
      expect(added).toBeGreaterThan(0);
      // every call of env.gas is listed, and charges for a block that starts at an original instruction of the same function
      const gasCalls = [...after].filter(([, i]) => i.opcode === OP.call && i.index === gas);
      const listed = map.gasCalls();
      expect(listed.map((g) => g.offset).sort()).toEqual(gasCalls.map(([o]) => o).filter((o) => map.at(o)!.added === "gas").sort());
      for (const g of listed) {
        expect(before.has(g.block!)).toBe(true);
        expect(functionAt(original, g.block!)!.body).toBe(after.get(g.offset)!.body);
      }
    } else {
      expect(added).toBe(0);
      expect(map.gasCalls()).toEqual([]);
    }
  });

  it("a stored contract's wasm (pruned to its entry points) maps through the prepared module to the original", () => {
    const original = artifact("keys_manager");
    const options: PrepareOptions = { protocol: "2.0.0", metered: true };
    const prepared = prepareModule(original, options);
    const names = ["set_key_weight", "set_all"];
    const stored = storedOffsetMap(prepared.bytes, names);
    const map = stored.map.then(prepareOffsetMap(original, options));
    const before = instructions(original);
    const after = instructions(stored.bytes);
    let mapped = 0;
    for (const [offset, ins] of after) {
      const m = map.at(offset)!;
      if (m.original === undefined) continue;
      mapped++;
      const was = before.get(m.original)!.opcode;
      expect(was === OP.memory_grow ? OP.call : was).toBe(ins.opcode);
    }
    // pruned: fewer instructions than the original, each of the kept original ones found
    expect(mapped).toBeGreaterThan(0);
    expect(mapped).toBeLessThan(before.size);
    expect(map.gasCalls().length).toBeGreaterThan(0);
  });

  it("an offset where no instruction starts, and a module the node refuses, are told apart", () => {
    const map = prepareOffsetMap(GROWS, { protocol: "1.5.8", metered: true });
    expect(map.at(0)).toBeUndefined();
    expect(() => prepareOffsetMap(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), { protocol: "1.5.8", metered: true })).toThrow(/memory/i);
  });
});
