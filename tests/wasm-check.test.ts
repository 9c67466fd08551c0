// checkCasperWasm against casper-node's rules (v1.5.8 execution_engine/src/shared/wasm_prep.rs, runtime/utils.rs,
// resolvers/v1_resolver.rs; 2.0 runtime/wasm_prep.rs): one hand-written module per rule.

import { describe, expect, it } from "vitest";
import { checkCasperWasm } from "../host/wasm/check.ts";
import { decodeModule } from "../host/wasm/decode.ts";
import { encodeModule } from "../host/wasm/encode.ts";
import { findSection } from "../host/wasm/module.ts";
import { wat } from "./helpers/wasm-helpers.ts";

const REVERT = `(import "env" "casper_revert" (func $revert (param i32)))`;

function module(body: string, extra = "", memory = "(memory 1)", imports = ""): string {
  return `(module ${REVERT} ${imports} ${memory} ${extra} (func (export "call") ${body}))`;
}

function codes(bytes: Uint8Array, protocol?: "1.5.8" | "2.0.0"): string[] {
  return checkCasperWasm(bytes, protocol ? { protocol } : {}).map((i) => i.code);
}

function first(bytes: Uint8Array, protocol?: "1.5.8" | "2.0.0") {
  const issues = checkCasperWasm(bytes, protocol ? { protocol } : {});
  expect(issues.length).toBeGreaterThan(0);
  return issues[0];
}

describe("accepted modules", () => {
  it("a plain session module passes on both protocols", () => {
    const bytes = wat(module("i32.const 1 call $revert"));
    expect(checkCasperWasm(bytes)).toEqual([]);
    expect(checkCasperWasm(bytes, { protocol: "2.0.0" })).toEqual([]);
  });

  it("f32/f64 loads and stores are allowed (casper-node prices them as load/store)", () => {
    const bytes = wat(module("i32.const 0 i32.const 8 f64.load f64.store i32.const 16 f32.load drop"));
    expect(checkCasperWasm(bytes)).toEqual([]);
  });

  it("limits at their maximum pass: 256 br_table targets, 256 globals, 256 params, 4096 table entries, 64 pages", () => {
    const targets = Array(256).fill("0").join(" ");
    expect(codes(wat(module(`block i32.const 0 br_table ${targets} 0 end`)))).toEqual([]);
    // 256 declared globals pass: the stack limiter's own global is added after the check
    const globals = Array.from({ length: 256 }, () => "(global i32 (i32.const 0))").join(" ");
    expect(codes(wat(module("nop", globals)))).toEqual([]);
    const params = Array(256).fill("i32").join(" ");
    expect(codes(wat(module("nop", `(func (param ${params}))`)))).toEqual([]);
    expect(codes(wat(module("nop", "(table 4096 4096 funcref)")))).toEqual([]);
    expect(codes(wat(module("nop", "", "(memory 64)")))).toEqual([]);
    expect(codes(wat(module("nop", "", "(memory 1 64)")))).toEqual([]);
  });
});

describe("wasm_prep rejections, with casper-node's error names", () => {
  it("MissingMemorySection", () => {
    const none = first(wat(`(module ${REVERT} (func (export "call")))`));
    expect(none.code).toBe("MissingMemorySection");
    const imported = first(wat(`(module ${REVERT} (import "env" "memory" (memory 1)) (func (export "call")))`));
    expect(imported.code).toBe("MissingMemorySection");
    expect(imported.message).toMatch(/imports its memory/);
  });

  it("OperationForbiddenByGasRules for every kind of float operation", () => {
    const floatOps = [
      "f32.const 1 drop",
      "f64.const 1 f64.const 2 f64.add drop",
      "f32.const 1 f32.const 2 f32.lt drop",
      "f32.const 1 i32.trunc_f32_s drop",
      "i32.const 1 f64.convert_i32_u drop",
      "i32.const 1 f32.reinterpret_i32 drop",
      "i32.const 0 f32.load f32.abs drop",
    ];
    for (const body of floatOps) {
      const issue = first(wat(module(body)));
      expect(issue.code, body).toBe("OperationForbiddenByGasRules");
      expect(issue.reason).toBe("forbidden-opcode");
    }
    const issue = first(wat(module("f64.const 1 f64.const 2 f64.add drop")));
    expect(issue.message).toMatch(/^f64\.const \(0x44\) in function #1 \(body #0, instruction #0\)/);
    // every forbidden instruction is listed, not only the first
    expect(codes(wat(module("f64.const 1 f64.const 2 f64.add drop")))).toEqual(Array(3).fill("OperationForbiddenByGasRules"));
  });

  it("table limits: InitialTableSizeExceeded, MaxTableSizeExceeded, MoreThanOneTable", () => {
    expect(first(wat(module("nop", "(table 4097 funcref)"))).code).toBe("InitialTableSizeExceeded");
    const max = first(wat(module("nop", "(table 1 5000 funcref)")));
    expect(max.code).toBe("MaxTableSizeExceeded");
    expect(max.message).toBe("maximum table size of 5000 exceeds allowed limit of 4096");
    const two = wat(module("nop", "(table 1 funcref) (table 1 funcref)"), { reference_types: true });
    expect(first(two).code).toBe("MoreThanOneTable");
  });

  it("BrTableSizeExceeded above 256 targets", () => {
    const targets = Array(257).fill("0").join(" ");
    const issue = first(wat(module(`block i32.const 0 br_table ${targets} 0 end`)));
    expect(issue.code).toBe("BrTableSizeExceeded");
    expect(issue.message).toMatch(/^maximum br_table size of 257 exceeds allowed limit of 256/);
  });

  it("TooManyGlobals above 256 declared globals", () => {
    const globals = Array.from({ length: 257 }, () => "(global i32 (i32.const 0))").join(" ");
    const issue = first(wat(module("nop", globals)));
    expect(issue.code).toBe("TooManyGlobals");
    expect(issue.message).toBe("declared number of globals (257) exceeds allowed limit of 256");
  });

  it("TooManyParameters above 256 params in a function type", () => {
    const params = Array(257).fill("i32").join(" ");
    expect(first(wat(module("nop", `(type (func (param ${params})))`))).code).toBe("TooManyParameters");
  });

  it("MissingHostFunction for an env.gas import", () => {
    const issue = first(wat(`(module (import "env" "gas" (func (param i32))) (memory 1) (func (export "call")))`));
    expect(issue.code).toBe("MissingHostFunction");
    expect(issue.reason).toBe("gas-import");
  });

  it("MissingFunctionIndex / MissingFunctionType / IncorrectGlobalOperation (ensure_valid_access)", () => {
    // take a valid module and point its export, then its function type, at nothing
    const m = decodeModule(wat(module("nop")));
    findSection(m, "export")!.exports[0].index = 99;
    const badExport = first(encodeModule(m));
    expect(badExport.code).toBe("MissingFunctionIndex");
    expect(badExport.message).toMatch(/missing function index 99 \(export "call"\)/);

    const m2 = decodeModule(wat(module("nop")));
    findSection(m2, "function")!.typeIndices[0] = 7;
    expect(first(encodeModule(m2)).code).toBe("MissingFunctionType");

    // casper-node counts only the global section: an imported global cannot be read
    const global = first(wat(`(module (import "env" "g" (global i32)) (memory 1) (func (export "call") global.get 0 drop))`));
    expect(global.code).toBe("IncorrectGlobalOperation");
  });
});

describe("deserialisation: MVP in 1.5.8, sign-extension added in 2.0", () => {
  it("sign-extension is refused by 1.5.8 and accepted by 2.0", () => {
    const bytes = wat(module("i32.const 1 i32.extend8_s drop"), { sign_extension: true });
    const issue = first(bytes, "1.5.8");
    expect(issue.code).toBe("Deserialize");
    expect(issue.reason).toBe("unsupported-feature");
    expect(issue.message).toMatch(/i32\.extend8_s \(0xC0\).*Unknown opcode 192/);
    expect(checkCasperWasm(bytes, { protocol: "2.0.0" })).toEqual([]);
  });

  it("bulk memory and saturating truncation: 2.0 says 'Bulk memory operations are not supported'", () => {
    const bulk = wat(module("i32.const 0 i32.const 0 i32.const 1 memory.copy"), { bulk_memory: true });
    expect(first(bulk, "2.0.0").message).toMatch(/memory\.copy \(0xFC 0x0A\).*Bulk memory operations are not supported/);
    const sat = wat(module("f32.const 1 i32.trunc_sat_f32_s drop"), { sat_float_to_int: true });
    expect(first(sat, "2.0.0").code).toBe("Deserialize");
    expect(first(sat, "1.5.8").message).toMatch(/Unknown opcode 252/);
  });

  it("multi-value results", () => {
    const bytes = wat(module("nop", "(func (result i32 i32) i32.const 1 i32.const 2)"), { multi_value: true });
    expect(first(bytes, "2.0.0").message).toMatch(/Multi value extension is not supported/);
  });

  it("malformed bytes", () => {
    const issue = first(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 9, 9]));
    expect(issue.code).toBe("Deserialize");
    expect(issue.reason).toBe("malformed");
    expect(issue.message).toMatch(/at byte offset 8/);
  });

  it("a DataCount section is flagged though casper-node reads it (stored contracts break)", () => {
    // wabt emits DataCount only with bulk instructions: add one to a plain module by hand
    const m = decodeModule(wat(module("nop", `(data (i32.const 0) "abc")`)));
    const codeAt = m.sections.findIndex((s) => s.kind === "code");
    m.sections.splice(codeAt, 0, { id: 12, kind: "datacount", count: 1 });
    const bytes = encodeModule(m);
    expect(WebAssembly.validate(bytes)).toBe(true);
    expect(checkCasperWasm(bytes).map((i) => i.code)).toEqual(["DataCountSection"]);
  });
});

describe("what instantiation rejects", () => {
  it("an import the host does not provide, or not for that protocol", () => {
    const unknown = first(wat(module("nop", "", undefined, `(import "env" "casper_nope" (func))`)));
    expect(unknown).toMatchObject({ code: "Interpreter", reason: "unknown-import" });
    expect(unknown.message).toMatch(/host module doesn't export function with name casper_nope/);
    const emit = wat(module("nop", "", undefined, `(import "env" "casper_emit_message" (func (param i32 i32 i32 i32) (result i32)))`));
    expect(first(emit, "1.5.8").message).toMatch(/exists in Casper 2\.0\.0, not in 1\.5\.8/);
    expect(checkCasperWasm(emit, { protocol: "2.0.0" })).toEqual([]);
    const recordTransfer = wat(module("nop", "", undefined, `(import "env" "casper_record_era_info" (func (param i32 i32 i32 i32) (result i32)))`));
    expect(checkCasperWasm(recordTransfer, { protocol: "1.5.8" })).toEqual([]);
    expect(first(recordTransfer, "2.0.0").reason).toBe("unknown-import");
  });

  it("an import with the wrong signature", () => {
    const issue = first(wat(`(module (import "env" "casper_revert" (func (param i64))) (memory 1) (func (export "call")))`));
    expect(issue).toMatchObject({ code: "Interpreter", reason: "import-signature" });
    expect(issue.message).toBe("Instantiation: Expected function with type (i64) -> (), but actual type is (i32) -> () for entry casper_revert");
    const result = first(wat(`(module (import "env" "casper_get_phase" (func (param i32) (result i32))) (memory 1) (func (export "call")))`));
    expect(result.reason).toBe("import-signature");
  });

  it("imports from another module, of a table or a global", () => {
    expect(first(wat(module("nop", "", undefined, `(import "casper" "casper_revert" (func (param i32)))`))).reason).toBe("unknown-import-module");
    expect(first(wat(module("nop", "", undefined, `(import "env" "table" (table 1 funcref))`))).reason).toBe("table-import");
  });

  it("more memory than max_memory (64 pages)", () => {
    const initial = first(wat(module("nop", "", "(memory 65)")));
    expect(initial).toMatchObject({ code: "Interpreter", reason: "memory-too-large" });
    expect(first(wat(module("nop", "", "(memory 1 65)"))).reason).toBe("memory-too-large");
  });

  it("UnsupportedWasmStart", () => {
    const issue = first(wat(module("nop", "(func $init) (start $init)")));
    expect(issue.code).toBe("UnsupportedWasmStart");
  });

  it("an exported mutable global (not MVP; wasmi refuses it)", () => {
    const issue = first(wat(module("nop", `(global $g (export "g") (mut i32) (i32.const 0))`), { mutable_globals: true }));
    expect(issue).toMatchObject({ code: "Interpreter", reason: "mutable-global-export" });
  });

  it("StackLimiter: the limiter's analysis underflows in unreachable code casper-wasm-utils cannot follow", () => {
    // valid wasm (the stack is polymorphic after unreachable), but max_height.rs pops 2 from a height of 1
    const issue = first(wat(module("unreachable i32.add i32.add drop")));
    expect(issue.code).toBe("StackLimiter");
    expect(issue.message).toMatch(/stack underflow/);
  });

  it("several problems are all listed, in casper-node's order", () => {
    const bytes = wat(`(module (import "env" "casper_nope" (func)) (memory 1 100) (func $s) (start $s)
      (func (export "call") f32.const 1 drop))`);
    expect(codes(bytes)).toEqual(["OperationForbiddenByGasRules", "Interpreter", "Interpreter", "UnsupportedWasmStart"]);
  });
});
