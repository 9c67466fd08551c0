// The build's artifact checks (scripts/build/checks.ts) and start folding (scripts/build/fold-start.ts)
// on crafted modules: each kind of invalid module is rejected with a message naming the problem.
import { describe, expect, it } from "vitest";
import { wat } from "./helpers/wasm-helpers.ts";
import { checkArtifact, type Problem } from "../scripts/build/checks.ts";
import { foldStart, StartNotFoldableError } from "../scripts/build/fold-start.ts";
import { readSections } from "../scripts/build/wasm-sections.ts";
import { encodeEntryPoints } from "../host/bytesrepr/entry-points.ts";
import { CLT } from "../host/bytesrepr/cl-type.ts";

const REVERT = `(import "env" "casper_revert" (func $revert (param i32)))`;

/** A session module: memory, `call`, and whatever else is given. */
function session(extra = "", body = "", { memory = true, exportCall = true } = {}): Uint8Array {
  return wat(`(module
    ${REVERT}
    ${extra}
    ${memory ? `(memory (export "memory") 1)` : ""}
    (func $call ${body})
    ${exportCall ? `(export "call" (func $call))` : ""})`);
}

/** An installer whose `call` adds a contract version offering `names`, exporting `exported`. */
function installer(names: string[], exported: string[]): Uint8Array {
  const eps = encodeEntryPoints(
    names.map((name) => ({ name, args: [], ret: CLT.Unit, access: { kind: "Public" as const }, entryPointType: "Contract" as const })),
  );
  const data = [...eps].map((b) => `\\${b.toString(16).padStart(2, "0")}`).join("");
  return wat(`(module
    (import "env" "casper_create_contract_package_at_hash" (func $create (param i32 i32 i32)))
    (import "env" "casper_add_contract_version" (func $add (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 1024) "${data}")
    (data (i32.const 2048) "\\00\\00\\00\\00")
    (func $call
      (call $create (i32.const 0) (i32.const 32) (i32.const 1))
      (drop (call $add (i32.const 0) (i32.const 32) (i32.const 64) (i32.const 1024) (i32.const ${eps.length})
        (i32.const 2048) (i32.const 4) (i32.const 128) (i32.const 34) (i32.const 96))))
    ${exported.map((n) => `(func (export "${n}"))`).join("\n")}
    (export "call" (func $call)))`);
}

const codes = (problems: Problem[]) => problems.map((p) => p.code);

describe("checkArtifact", () => {
  it("accepts a minimal session module and a contract exporting what it installs", async () => {
    expect((await checkArtifact(session("", "(call $revert (i32.const 1))"))).problems).toEqual([]);
    const report = await checkArtifact(installer(["transfer", "balance"], ["transfer", "balance"]));
    expect(report.problems).toEqual([]);
    expect(report.entryPoints.sort()).toEqual(["balance", "transfer"]);
  });

  it("rejects a start section", async () => {
    const { problems } = await checkArtifact(session("(func $init) (start $init)"));
    expect(codes(problems)).toContain("UnsupportedWasmStart");
  });

  it("rejects casper_print, which only casper-node's test-support build serves", async () => {
    const { problems } = await checkArtifact(session(`(import "env" "casper_print" (func $print (param i32 i32)))`, "(call $print (i32.const 0) (i32.const 0))"));
    expect(problems).toEqual([expect.objectContaining({ code: "TestSupportOnlyImport", message: expect.stringMatching(/casper_print.*a network refuses this module/) })]);
  });

  it("rejects an f64 instruction", async () => {
    const { problems } = await checkArtifact(session("", "(drop (f64.add (f64.const 1) (f64.const 2)))"));
    expect(codes(problems)).toContain("OperationForbiddenByGasRules");
    const messages = problems.filter((p) => p.code === "OperationForbiddenByGasRules").map((p) => p.message).join("\n");
    expect(messages).toMatch(/f64\.const/);
    expect(messages).toMatch(/f64\.add/);
  });

  it("rejects a module without a memory section", async () => {
    const { problems } = await checkArtifact(session("", "", { memory: false }));
    expect(codes(problems)).toContain("MissingMemorySection");
  });

  it("rejects an import Casper does not provide", async () => {
    const { problems } = await checkArtifact(session(`(import "env" "casper_no_such_thing" (func (param i32)))`));
    expect(problems.some((p) => /casper_no_such_thing/.test(p.message))).toBe(true);
  });

  it("rejects an import from another module than env", async () => {
    const { problems } = await checkArtifact(session(`(import "wasi" "fd_write" (func (param i32)))`));
    expect(problems.some((p) => /wasi/.test(p.message))).toBe(true);
  });

  it("rejects a host function imported with the wrong signature", async () => {
    const bytes = wat(`(module
      (import "env" "casper_revert" (func $revert (param i32 i32)))
      (memory (export "memory") 1)
      (func $call (call $revert (i32.const 1) (i32.const 2)))
      (export "call" (func $call)))`);
    const { problems } = await checkArtifact(bytes);
    expect(problems.some((p) => p.code === "Interpreter" && /casper_revert/.test(p.message))).toBe(true);
  });

  it("rejects a module without `call`", async () => {
    const { problems } = await checkArtifact(session("", "", { exportCall: false }));
    expect(problems).toEqual([{ code: "MissingCall", message: expect.stringMatching(/no `call` function/) }]);
  });

  it("rejects a contract that installs an entry point it does not export", async () => {
    const { problems } = await checkArtifact(installer(["transfer", "balance"], ["transfer"]));
    expect(problems).toEqual([{ code: "MissingEntryPointExport", message: expect.stringMatching(/"balance"/) }]);
  });

  it("accepts sign-extension opcodes only as Casper 2.x (1.5.8 cannot decode them); other post-MVP features stay refused", async () => {
    const bytes = wat(`(module ${REVERT} (memory (export "memory") 1)
      (func $call (call $revert (i32.extend8_s (i32.const 255)))) (export "call" (func $call)))`, { sign_extension: true });
    const report = await checkArtifact(bytes);
    expect(report.problems).toEqual([]);
    expect(report.needs?.target).toBe("2.x only");
    const bulk = wat(`(module ${REVERT} (memory (export "memory") 1)
      (func $call (memory.fill (i32.const 0) (i32.const 0) (i32.const 1)) (call $revert (i32.extend8_s (i32.const 255)))) (export "call" (func $call)))`,
    { sign_extension: true, bulk_memory: true });
    const { problems } = await checkArtifact(bulk);
    expect(codes(problems)).toContain("NotMvpWasm");
    expect(codes(problems)).toContain("Deserialize");
  });

  it("rejects bytes that are not a wasm module", async () => {
    const { problems } = await checkArtifact(Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0));
    expect(problems.length).toBeGreaterThan(0);
    expect(codes(problems)).toContain("NotMvpWasm");
  });

  it("reports a dry install whose entry points are malformed", async () => {
    const bytes = wat(`(module
      (import "env" "casper_add_contract_version" (func $add (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
      (memory (export "memory") 1)
      (data (i32.const 1024) "\\05\\00\\00\\00")
      (func $call (drop (call $add (i32.const 0) (i32.const 32) (i32.const 64) (i32.const 1024) (i32.const 4)
        (i32.const 2048) (i32.const 4) (i32.const 128) (i32.const 34) (i32.const 96))))
      (export "call" (func $call)))`);
    const { problems } = await checkArtifact(bytes);
    expect(codes(problems)).toEqual(["DryInstallFailed"]);
  });
});

describe("foldStart", () => {
  it("turns a start that sets globals to constants into initial values, and removes it", () => {
    const bytes = wat(`(module
      (global $offset (mut i32) (i32.const 0))
      (global $base (mut i32) (i32.const 0))
      (memory (export "memory") 1)
      (func $init (global.set $offset (i32.const 1036)) (global.set $base (i32.const 16)))
      (start $init)
      (func (export "call") (result i32) (i32.add (global.get $offset) (global.get $base))))`);
    const folded = foldStart(bytes, false);
    expect(readSections(folded).hasStartSection).toBe(false);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(folded as BufferSource));
    expect((instance.exports.call as () => number)()).toBe(1052);
  });

  it("leaves a module without start untouched", () => {
    const bytes = session();
    expect(foldStart(bytes, false)).toBe(bytes);
  });

  it("refuses a start that does anything else", () => {
    const calls = wat(`(module (global $g (mut i32) (i32.const 0)) (memory 1)
      (func $f (result i32) (i32.const 5))
      (func $init (global.set $g (call $f)))
      (start $init))`);
    expect(() => foldStart(calls, false)).toThrow(StartNotFoldableError);
    const stores = wat(`(module (memory 1) (func $init (i32.store (i32.const 0) (i32.const 1))) (start $init))`);
    expect(() => foldStart(stores, false)).toThrow(/more than set globals/);
  });
});
