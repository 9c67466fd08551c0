// Errors that point at the source (host/debug): a trap, a revert or gas running out inside a contract
// is reported with the AssemblyScript file, line and function, and the wasm levels it passed through
// (across casper_call_contract), from the build's source maps. The node's error text stays as the node
// words it. Expected lines are found by their `// <- marker` comments in the contract's source.
import sdk from "casper-js-sdk";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { decodeModule } from "../host/wasm/decode.ts";
import { OP } from "../host/wasm/opcodes.ts";
import { compileModule } from "./helpers/as-build.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { compileWat, imports } from "./helpers/engine-wat.ts";

const { CLValue } = sdk;
const PAY = { payment: 5n * 1_000_000_000n };
const FAULTY = "tests/contracts/faulty.ts";
const CALLER = "tests/contracts/faulty_caller.ts";

/** `file:line:column` of the code before `// <- marker` (column of the first non-blank character). */
function marked(file: string, marker: string, code?: string): string {
  const lines = readFileSync(file, "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(`// <- ${marker}`));
  if (i < 0) throw new Error(`no marker ${marker} in ${file}`);
  const column = code ? lines[i].indexOf(code) + 1 : lines[i].search(/\S/) + 1;
  return `${file}:${i + 1}:${column}`;
}

let faulty: Uint8Array;
let caller: Uint8Array;
beforeAll(async () => {
  [faulty, caller] = await Promise.all([compileModule(FAULTY), compileModule(CALLER)]);
});

function installed(options: ConstructorParameters<typeof Engine>[0] = {}): Engine {
  const engine = new Engine(options);
  engine.runSession("alice", faulty).expectSuccess();
  return engine;
}

const CASES = [
  { entry: "trap_unreachable", message: "Interpreter error: trap: Code(Unreachable)", site: () => marked(FAULTY, "unreachable", "unreachable()"), fn: "trap_unreachable", exit: "trap" },
  { entry: "trap_memory", message: "Interpreter error: trap: Code(MemoryAccessOutOfBounds)", site: () => marked(FAULTY, "memory", "load<u32>"), fn: "trap_memory", exit: "trap" },
  { entry: "user_error", message: "User error: 42", site: () => marked(FAULTY, "user error"), fn: "user_error", exit: "host", inlined: "revert" },
  { entry: "needs_arg", message: "ApiError::MissingArgument [2]", site: () => marked(FAULTY, "getNamedArg", "runtime.getNamedArg"), fn: "needs_arg", exit: "host", inlined: "getNamedArg<u32>" },
] as const;

describe("errors inside an AssemblyScript contract name the source line", () => {
  for (const protocol of ["2.0.0", "1.5.8"] as const) {
    for (const metered of [true, false]) {
      it.each(CASES)(`${protocol}${metered ? "" : " unmetered"}: $entry`, (c) => {
        const engine = installed({ protocol, metered });
        const r = engine.callByName("alice", "faulty", c.entry, {}, PAY);
        expect(r.error?.message).toBe(c.message); // the node's words, unchanged
        expect(r.errorSite).toBe(`${c.site()} in ${c.fn}${"inlined" in c ? `, calling ${c.inlined}` : ""}`);
        const top = r.errorOrigin!.frames[0];
        expect(top.exit?.kind).toBe(c.exit);
        if (c.exit === "host") expect(top.exit).toEqual({ kind: "host", name: "casper_revert" });
        expect(top.module).toBe("faulty.wasm");
        expect(top.entryPoint).toBe(c.entry);
      });
    }
  }

  it("a failed deploy's messages and report carry the site and the source line", () => {
    const r = installed().callByName("alice", "faulty", "user_error", {}, PAY);
    expect(() => r.expectSuccess()).toThrow(`expected the deploy to succeed, but it failed: User error: 42 at ${marked(FAULTY, "user error")} in user_error, calling revert`);
    expect(() => r.expectRevert(41, { user: true })).toThrow(`but it failed with: User error: 42 at ${marked(FAULTY, "user error")}`);
    expect(String(r)).toContain("revert(ApiError.User(42)); // <- user error");
    expect(String(r)).toContain("faulty.wasm `user_error` (contract call depth 1): casper_revert ended it");
  });

  it("deep recursion: the stack height limiter's trap is told from an `unreachable` and placed at the call it stopped", () => {
    const r = installed().callByName("alice", "faulty", "deep_recursion", {}, PAY);
    expect(r.error?.message).toBe("Interpreter error: trap: Code(Unreachable)"); // casper-node cannot tell them apart
    const [top, ...rest] = r.errorOrigin!.frames;
    expect(top.added).toBe("stack-limiter");
    expect(top.location.function).toBe("recurse");
    expect(r.errorSite).toBe(`${marked(FAULTY, "recurse", "recurse(n + 1)")} in recurse`);
    expect(rest.length).toBeGreaterThan(3);
    expect(rest.every((f) => f.location.function === "recurse")).toBe(true);
    expect(String(r)).toMatch(/the stack height limit \(max_stack_height\) was passed/);
    expect(String(r)).toMatch(/at recurse \(tests\/contracts\/faulty\.ts:\d+:\d+\) \(×\d+\)/);
  });

  it("gas running out names the metered block whose charge passed the limit", () => {
    const r = installed().callByName("alice", "faulty", "burn_gas", {}, PAY);
    expect(r.error?.message).toBe("Out of gas error");
    expect(r.errorOrigin!.frames[0].exit).toEqual({ kind: "gas" });
    expect(r.errorOrigin!.frames[0].added).toBe("gas");
    expect(r.errorSite).toMatch(new RegExp(`^${marked(FAULTY, "loop").replace(/:\d+$/, "")}:\\d+ in burn_gas$`));
  });

  it("through a contract call: the contract's frame, then the session's call of casper_call_contract", () => {
    const engine = installed();
    const r = engine.runSession("alice", caller, { entry: CLValue.newCLString("trap_unreachable") }, PAY);
    expect(r.error?.message).toBe("Interpreter error: trap: Code(Unreachable)");
    const frames = r.errorOrigin!.frames;
    expect(frames[0]).toMatchObject({ depth: 1, entryPoint: "trap_unreachable", module: "faulty.wasm", exit: { kind: "trap", message: "unreachable" } });
    const outer = frames.find((f) => f.depth === 0)!;
    expect(outer).toMatchObject({ entryPoint: "call", module: "faulty_caller.wasm", exit: { kind: "host", name: "casper_call_contract" } });
    // the optimizer inlined the API's call into `call`: the session's own line is the caller of that code
    const own = outer.location.source && !outer.location.library ? outer.location.source : outer.location.caller!;
    expect(`${own.file}:${own.line}`).toBe(marked(CALLER, "call_contract").replace(/:\d+$/, ""));
    expect(r.errorSite).toBe(`${marked(FAULTY, "unreachable", "unreachable()")} in trap_unreachable`);
    expect(String(r)).toContain("called from faulty_caller.wasm `call`: casper_call_contract ended it");
  });

  it("a revert raised by the API names the contract's call of it (build/delegate.wasm, its map found in build/)", () => {
    const engine = new Engine();
    const r = engine.runSession("alice", artifact("delegate"), { delegator: CLValue.newCLPublicKey(engine.key("alice").publicKey) }, PAY);
    expect(r.error?.message).toBe("ApiError::MissingArgument [2]");
    const line = readFileSync("assembly/contracts/delegate.ts", "utf8").split("\n").findIndex((l) => l.includes('getNamedArg<PublicKey>("validator")')) + 1;
    expect(r.errorSite).toMatch(new RegExp(`^assembly/contracts/delegate\\.ts:${line}:\\d+ in call, calling getNamedArg<PublicKey>$`));
  });

  it("the README's example of a failure message is what the engine says", () => {
    const claimed = readFileSync("README.md", "utf8").replace(/\n/g, " ").match(/throws `(expected the deploy to succeed, but it failed: [^`]+)`/)![1];
    const engine = new Engine();
    engine.runSession("alice", artifact("keys_manager")).expectSuccess();
    expect(() => engine.callByName("alice", "keys_manager", "set_key_weight", {}).expectSuccess()).toThrow(claimed);
  });

  it("a stored keys_manager reverting in an entry point: depth 1, its own file", () => {
    const engine = new Engine();
    engine.runSession("alice", artifact("keys_manager")).expectSuccess();
    const r = engine.callByName("alice", "keys_manager", "set_deployment_threshold", { weight: CLValue.newCLUint8(200) });
    expect(r.error?.message).toBe("User error: 8"); // InsufficientTotalWeight
    expect(r.errorSite).toMatch(/^assembly\/contracts\/keys_manager\.ts:\d+:\d+ in (fail|setThreshold|set_deployment_threshold)/);
    expect(r.errorOrigin!.frames[0]).toMatchObject({ depth: 1, module: "keys_manager.wasm", entryPoint: "set_deployment_threshold" });
  });
});

describe("without a source map", () => {
  // the `unreachable` sits in a helper called from `call`, behind the stack limiter's call sequence
  const wat = compileWat(`(module
    ${imports("casper_revert")}
    (memory 1)
    (func $check (param i32) (if (i32.eqz (local.get 0)) (then unreachable)))
    (func (export "call") (call $check (i32.const 0))))`);
  const instructionOffset = (opcode: number) => {
    let at = -1;
    decodeModule(wat, { onInstruction: (_b, ins, offset) => void (ins.opcode === opcode && at < 0 && (at = offset)) });
    return at;
  };

  it.each([true, false])("metered %s: the frames are offsets in the deployed module, found through the instrumentation", (metered) => {
    const r: ExecutionResult = new Engine({ metered }).runSession("alice", wat, undefined, PAY);
    expect(r.error?.message).toBe("Interpreter error: trap: Code(Unreachable)");
    const frames = r.errorOrigin!.frames;
    expect(frames[0].offset).toBe(instructionOffset(OP.unreachable));
    expect(frames[1].offset).toBe(instructionOffset(OP.call));
    expect(frames[0].location.source).toBeUndefined();
    expect(frames[0].location.function).toBe("function #1");
    expect(r.errorSite).toBeUndefined();
    expect(String(r)).toContain(`wasm offset 0x${instructionOffset(OP.unreachable).toString(16)}`);
  });

  it("an error before any wasm ran has no origin", () => {
    const r = new Engine().runSession("alice", new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), undefined, PAY);
    expect(r.success).toBe(false);
    expect(r.errorOrigin).toBeUndefined();
  });
});
