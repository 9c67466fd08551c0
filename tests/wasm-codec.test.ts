import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_FEATURES, decodeFunctionNames, decodeModule, type FeatureUse } from "../host/wasm/decode.ts";
import { encodeModule } from "../host/wasm/encode.ts";
import { WasmDecodeError } from "../host/wasm/errors.ts";
import { findSection, I32, I64 } from "../host/wasm/module.ts";
import { opcodeName } from "../host/wasm/opcodes.ts";
import { wasmText, wat } from "./helpers/wasm-helpers.ts";

const MVP_ONLY = new Set(["mvp"] as const);

function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

// A module exercising every MVP section and most immediate kinds.
const EVERYTHING = `
(module
  (type $t (func (param i32) (result i32)))
  (import "env" "casper_revert" (func $revert (param i32)))
  (import "env" "casper_get_phase" (func $phase (param i32)))
  (table 2 4 funcref)
  (memory 1 8)
  (global $g (mut i32) (i32.const -7))
  (global $h i64 (i64.const -9007199254740993))
  (export "call" (func $main))
  (export "mem" (memory 0))
  (elem (i32.const 0) $main $helper)
  (func $helper (param i64 i32) (result i64) (local f32 f64 i32 i32)
    local.get 0 local.get 1 i64.extend_i32_u i64.add)
  (func $main (param i32) (result i32) (local i64)
    block $b1
      block $b0
        local.get 0
        br_table $b0 $b1 $b0
      end
    end
    loop $again
      i32.const 0
      br_if $again
    end
    i64.const 0x7fffffffffffffff i32.const -1 call $helper drop
    f64.const nan:0x4000000000001 drop
    f32.const -0x1.8p-3 drop
    i32.const 16 i64.load32_u offset=8 align=4 drop
    i32.const 4 f32.load drop
    i32.const 4 i32.const 255 i32.store8 offset=3
    memory.size drop
    i32.const 0 memory.grow drop
    global.get $g i32.const 1 i32.add global.set $g
    local.get 0 i32.const 1 call_indirect (type $t)
    i32.const 1 i32.const 2 local.get 0 select
    i32.add
    if (result i32) i32.const 1 else i32.const 2 end
    return)
  (data (i32.const 8) "hello \\00\\ff world"))`;

describe("module codec", () => {
  it("round-trips a wabt-built MVP module byte for byte, with and without a name section", () => {
    for (const names of [false, true]) {
      const bytes = wat(EVERYTHING, {}, { names });
      const m = decodeModule(bytes, { features: MVP_ONLY });
      expect(hexOf(encodeModule(m))).toBe(hexOf(bytes));
    }
  });

  it("decodes sections into plain data", () => {
    const m = decodeModule(wat(EVERYTHING, {}, { names: true }));
    expect(m.sections.map((s) => s.kind)).toEqual([
      "type", "import", "function", "table", "memory", "global", "export", "element", "code", "data", "custom",
    ]);
    expect(findSection(m, "import")!.imports.map((i) => `${i.module}.${i.field}`)).toEqual(["env.casper_revert", "env.casper_get_phase"]);
    expect(findSection(m, "memory")!.memories).toEqual([{ min: 1, max: 8 }]);
    expect(findSection(m, "table")!.tables[0].limits).toEqual({ min: 2, max: 4 });
    const globals = findSection(m, "global")!.globals;
    expect(globals[0].type).toEqual({ valType: I32, mutable: true });
    expect(globals[0].init[0].value).toBe(-7);
    expect(globals[1].init[0].value).toBe(-9007199254740993n);
    expect(findSection(m, "export")!.exports).toEqual([
      { name: "call", kind: "func", index: 3 },
      { name: "mem", kind: "memory", index: 0 },
    ]);
    expect(findSection(m, "element")!.segments[0].functionIndices).toEqual([3, 2]);
    const helper = findSection(m, "code")!.bodies[0];
    expect(helper.locals.map((l) => l.count)).toEqual([1, 1, 2]);
    const main = findSection(m, "code")!.bodies[1].code;
    const brTable = main.find((i) => opcodeName(i.opcode) === "br_table")!;
    expect(brTable.targets).toEqual([0, 1]);
    expect(brTable.defaultTarget).toBe(0);
    const load = main.find((i) => opcodeName(i.opcode) === "i64.load32_u")!;
    expect([load.align, load.offset]).toEqual([2, 8]);
    expect(main.find((i) => opcodeName(i.opcode) === "i64.const")!.value).toBe(0x7fffffffffffffffn);
    expect(main[main.length - 1].opcode).toBe(0x0b);
    expect(findSection(m, "data")!.segments[0].bytes).toEqual(new Uint8Array([...Buffer.from("hello "), 0, 0xff, ...Buffer.from(" world")]));
    expect(decodeFunctionNames(m).get(3)).toBe("main");
    expect(findSection(m, "type")!.types[1]).toEqual({ params: [I32], results: [] });
    expect(findSection(m, "type")!.types.some((t) => t.params[0] === I64)).toBe(true);
  });

  it("keeps f32/f64 constants bit-exact (NaN payloads included)", () => {
    const bytes = wat(`(module (func (result f64) f64.const nan:0x4000000000001))`);
    const m = decodeModule(bytes);
    const c = findSection(m, "code")!.bodies[0].code[0];
    // sign 0, exponent 0x7ff, mantissa 0x4000000000001 -> 0x7ff4000000000001, little-endian
    expect(hexOf(c.bytes!)).toBe("010000000000f47f");
    expect(hexOf(encodeModule(m))).toBe(hexOf(bytes));
  });

  it("round-trips the AssemblyScript builds in build/ when present", () => {
    const dir = new URL("../build/", import.meta.url).pathname;
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".wasm")) : [];
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(dir + f));
      const m = decodeModule(bytes);
      const again = encodeModule(m);
      // exact unless the producer used non-minimal LEB128s; then the re-encoding is the same module
      if (hexOf(again) !== hexOf(bytes)) expect(wasmText(again)).toBe(wasmText(bytes));
      expect(hexOf(encodeModule(decodeModule(again)))).toBe(hexOf(again));
    }
  });

  it("re-encodes non-minimal LEB128 as the same module in canonical form", () => {
    // (module (func (result i32) i32.const 5)) with the code-section size padded to 5 bytes
    const canonical = wat(`(module (func (result i32) i32.const 5))`);
    const codeAt = canonical.indexOf(0x0a, 8 + 5 + 4); // after the type and function sections
    const size = canonical[codeAt + 1];
    const padded = new Uint8Array([...canonical.subarray(0, codeAt + 1), 0x80 | size, 0x80, 0x80, 0x80, 0x00, ...canonical.subarray(codeAt + 2)]);
    expect(hexOf(encodeModule(decodeModule(padded)))).toBe(hexOf(canonical));
  });
});

describe("malformed input", () => {
  function decodeError(bytes: Uint8Array, features?: ReadonlySet<string>): WasmDecodeError {
    try {
      decodeModule(bytes, features ? { features: features as never } : {});
    } catch (e) {
      expect(e).toBeInstanceOf(WasmDecodeError);
      return e as WasmDecodeError;
    }
    throw new Error("expected a decode error");
  }

  it("names the offset and the problem", () => {
    expect(decodeError(new Uint8Array([1, 2, 3])).message).toMatch(/magic bytes/);
    expect(decodeError(new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0])).message).toMatch(/unsupported wasm version 2/);
    // truncated: a type section announcing 10 bytes with 2 present
    const e = decodeError(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 10, 1, 0x60]));
    expect(e.offset).toBe(8);
    expect(e.message).toMatch(/type section size 10 runs past the end/);
    // unknown section id 13
    expect(decodeError(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 13, 0])).message).toMatch(/invalid section id 13/);
  });

  it("rejects sections out of order, duplicated, or with trailing bytes", () => {
    const mem = [5, 3, 1, 0, 1]; // memory section: 1 memory, min 1
    const typ = [1, 1, 0]; // empty type section
    const head = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
    expect(decodeError(new Uint8Array([...head, ...mem, ...typ])).message).toMatch(/type section out of order/);
    expect(decodeError(new Uint8Array([...head, ...mem, ...mem])).message).toMatch(/duplicate memory section/);
    expect(decodeError(new Uint8Array([...head, 5, 4, 1, 0, 1, 0xaa])).message).toMatch(/memory section has 1 unread bytes/);
  });

  it("rejects a body without its final end, an unknown opcode, and a function/code count mismatch", () => {
    const head = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0];
    // body: size 3, no locals, nop, nop (no end)
    expect(decodeError(new Uint8Array([...head, 10, 5, 1, 3, 0, 1, 1])).message).toMatch(/ends without a final end/);
    // body: size 3, no locals, 0xd5 (unassigned), end
    const unknown = decodeError(new Uint8Array([...head, 10, 5, 1, 3, 0, 0xd5, 0x0b]));
    expect(unknown.message).toMatch(/unknown opcode 0xD5 in function body #0/);
    expect(unknown.offset).toBe(head.length + 5); // section id, size, count, body size, locals, then the opcode
    // function section says 1, no code section
    expect(decodeError(new Uint8Array(head)).message).toMatch(/declares 1 functions but the code section has 0 bodies/);
  });

  it("rejects an over-long LEB128", () => {
    const head = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
    expect(decodeError(new Uint8Array([...head, 5, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])).message).toMatch(/longer than 5 bytes|does not fit/);
  });
});

describe("post-MVP constructs are recognised and named", () => {
  function uses(bytes: Uint8Array): FeatureUse[] {
    const out: FeatureUse[] = [];
    decodeModule(bytes, { features: ALL_FEATURES, onFeature: (u) => out.push(u) });
    return out;
  }

  it("sign-extension 0xC0-0xC4", () => {
    const bytes = wat(`(module (func (param i32 i64) (result i64) local.get 0 i32.extend8_s drop local.get 1 i64.extend32_s))`, { sign_extension: true });
    expect(uses(bytes).map((u) => u.what)).toEqual(["i32.extend8_s (0xC0)", "i64.extend32_s (0xC4)"]);
    expect(() => decodeModule(bytes, { features: MVP_ONLY })).toThrow(/i32\.extend8_s \(0xC0\) in function body #0 needs sign-extension operators/);
    const m = decodeModule(bytes, { features: new Set(["mvp", "sign-extension"]) });
    expect(hexOf(encodeModule(m))).toBe(hexOf(bytes));
  });

  it("0xFC: saturating truncation and bulk memory, and the DataCount section", () => {
    const bytes = wat(
      `(module (memory 1) (data "x") (func (param f32) (result i32)
         i32.const 0 i32.const 0 i32.const 1 memory.copy
         i32.const 0 i32.const 0 i32.const 1 memory.init 0
         local.get 0 i32.trunc_sat_f32_s))`,
      { bulk_memory: true, sat_float_to_int: true },
    );
    const found = uses(bytes).map((u) => `${u.feature}: ${u.what}`);
    expect(found).toContain("bulk-memory: DataCount section (id 12)");
    expect(found).toContain("bulk-memory: memory.copy (0xFC 0x0A)");
    expect(found).toContain("bulk-memory: memory.init (0xFC 0x08)");
    expect(found).toContain("nontrapping-f2i: i32.trunc_sat_f32_s (0xFC 0x00)");
    expect(hexOf(encodeModule(decodeModule(bytes)))).toBe(hexOf(bytes));
  });

  it("SIMD 0xFD and atomics 0xFE", () => {
    const simd = wat(`(module (func (result v128) v128.const i32x4 1 2 3 4 v128.const i32x4 0 0 0 0 v128.and))`, { simd: true });
    const simdUses = uses(simd);
    expect(simdUses.some((u) => u.feature === "simd" && u.what.startsWith("v128.const (0xFD 0x0C)"))).toBe(true);
    expect(hexOf(encodeModule(decodeModule(simd)))).toBe(hexOf(simd));
    // wabt.js will not validate shared memories, so by hand: (func (result i32) i32.const 0 i32.atomic.load)
    const atomics = new Uint8Array([
      0, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
      1, 5, 1, 0x60, 0, 1, 0x7f, // type () -> i32
      3, 2, 1, 0, // one function
      5, 3, 1, 0, 1, // memory 1
      10, 10, 1, 8, 0, 0x41, 0, 0xfe, 0x10, 2, 0, 0x0b, // body
    ]);
    expect(uses(atomics).map((u) => u.what)).toEqual(["atomic.0x10 (0xFE 0x10)"]);
    expect(() => decodeModule(atomics, { features: MVP_ONLY })).toThrow(/\(0xFE 0x10\) in function body #0 needs atomics \(threads\)/);
    expect(hexOf(encodeModule(decodeModule(atomics)))).toBe(hexOf(atomics));
    // a shared memory is a threads feature too
    const shared = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 4, 1, 3, 1, 1]);
    expect(() => decodeModule(shared, { features: MVP_ONLY })).toThrow(/shared memory needs atomics/);
  });

  it("multi-value function types", () => {
    const bytes = wat(`(module (func (result i32 i64) i32.const 1 i64.const 2))`, { multi_value: true });
    expect(() => decodeModule(bytes, { features: MVP_ONLY })).toThrow(/function type with 2 results needs multi-value/);
  });
});
