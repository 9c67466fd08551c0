// `npm run gas -- --profile <deploy>` (host/debug/gas-profile.ts, scripts/gas/profile.ts): one deploy's
// gas per AssemblyScript function and per host function. The profile adds up to the deploy's gas and
// its split exactly; per-function figures are checked on a hand-written module against the chainspec's
// opcode table; the host function calls against the engine's own trace.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { loadChainspec, PROTOCOLS } from "../host/gas/chainspec.ts";
import { GasMeter } from "../host/gas/gas_meter.ts";
import { GasProfiler } from "../host/debug/gas-profile.ts";
import { findScenario, profileScenario, ProfileError } from "../scripts/gas/profile.ts";
import { readReport } from "../scripts/gas/report.ts";
import { artifactReader, RUST_CEP18, SCENARIOS } from "../scripts/gas/scenarios.ts";
import { compileWat } from "./helpers/engine-wat.ts";

const wasm = artifactReader();
const tsx = "node_modules/.bin/tsx";

describe("gas profile", () => {
  const runs = PROTOCOLS.flatMap((p) => SCENARIOS.filter((s) => !s.protocols || s.protocols.includes(p)).map((s) => [p, s.key] as const));
  it.each(runs)("%s %s: adds up to the deploy's gas, split and report figure", (protocol, key) => {
    const run = profileScenario(findScenario(key), wasm, protocol);
    const p = run.profile;
    expect(p.total).toBe(run.result.gas);
    expect(p.split).toEqual(run.result.gasBreakdown);
    expect(p.functions.reduce((n, f) => n + f.gas, 0n)).toBe(p.split.wasm);
    expect(p.hostFunctions.reduce((n, h) => n + h.gas, 0n)).toBe(p.split.host);
    expect(p.hostFunctions.reduce((n, h) => n + h.storage, 0n)).toBe(p.split.storage);
    expect(p.system.reduce((n, s) => n + s.gas, 0n)).toBe(p.split.system);
    const section = readReport()[protocol] as Record<string, { gas: number }>;
    expect(Number(p.total)).toBe(section[key].gas);
    // every function is named from the contract's source map; a Rust build (no map) by its index
    const rust = run.scenario.contract === RUST_CEP18;
    for (const f of p.functions) {
      if (f.function.startsWith("memory.grow")) continue; // the injector's helper (pages x grow_memory)
      if (rust) {
        expect(f.function).toMatch(/^function #\d+$/);
        expect(f.module).toMatch(/^wasm sha256:[0-9a-f]{12}$/);
      } else {
        expect(f.function).not.toMatch(/^function #|^\?$/);
        expect(f.module).toBe(`${run.scenario.contract}.wasm`);
      }
    }
  });

  it("set_key_weight: its own function at its file, the host calls as the trace has them, storage the largest share", () => {
    const run = profileScenario(findScenario("set_key_weight"), wasm, "2.0.0");
    const own = run.profile.functions.find((f) => f.function === "set_key_weight")!;
    expect(own.file).toBe("assembly/contracts/keys_manager.ts");
    expect(own.blocks).toBeGreaterThan(0);
    // the same deploy traced: each host function's call count (those that cost gas)
    const traced = findScenario("set_key_weight").run(new Engine({ protocol: "2.0.0", trace: true }), wasm).trace;
    for (const h of run.profile.hostFunctions) expect(h.calls, h.name).toBe(traced.filter((t) => t.name === h.name).length);
    const top = run.profile.hostFunctions[0];
    expect(top.name).toBe("casper_add_associated_key");
    expect(top.storage).toBe(run.profile.split.storage);
    expect(top.bytesWritten).toBeGreaterThan(0);
  });

  it("per function on a hand-written module: each metered block's charge lands in its function (1.5.8 opcode table)", () => {
    // $work: i32.const, drop (one block); call: 3 x call $work, 1 block. `end` is never charged.
    const module = compileWat(`(module
      (memory 1)
      (func $work (drop (i32.const 1)))
      (func (export "call") (call $work) (call $work) (call $work)))`);
    const costs = loadChainspec("1.5.8").wasm.opcode_costs;
    const profiler = new GasProfiler();
    const engine = new Engine({ protocol: "1.5.8", meter: (_p, limit) => profiler.wrap(new GasMeter(loadChainspec("1.5.8"), limit)), onDeploy: () => profiler.reset() });
    const r = engine.runSession("alice", module).expectSuccess();
    const p = profiler.profile((m) => engine.originOf(m));
    const work = p.functions.find((f) => f.function === "function #0")!;
    const call = p.functions.find((f) => f.function === "function #1")!;
    expect(work).toMatchObject({ gas: 3n * BigInt(costs.const + costs.control_flow.drop), blocks: 3, module: expect.stringMatching(/^wasm sha256:[0-9a-f]{12}$/) });
    expect(call).toMatchObject({ gas: 3n * BigInt(costs.control_flow.call), blocks: 1 });
    // the standard payment's own wasm-less charges are not in the session's functions; the total is the deploy's
    expect(p.total).toBe(r.gas);
  });

  it("names a deploy by key, entry point or contract, and refuses what names none or several", () => {
    expect(findScenario("keys_manager:set_all").key).toBe("keys_manager:set_all");
    expect(findScenario("set_all").key).toBe("keys_manager:set_all");
    expect(findScenario("delegate").key).toBe("delegate:call");
    expect(() => findScenario("keys_manager")).toThrow(ProfileError);
    expect(() => findScenario("keys_manager")).toThrow(/names 5 deploys/);
    expect(() => findScenario("nope")).toThrow(/no deploy named "nope" \(the deploys measured: keys_manager:install, /);
  });

  it("the command: text, --json, and usage errors", () => {
    const text = spawnSync(tsx, ["scripts/gas.ts", "--profile", "set_key_weight"], { encoding: "utf8" });
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^gas profile of keys_manager:set_key_weight on Casper 2\.0\.0/);
    expect(text.stdout).toContain("by AssemblyScript function");
    expect(text.stdout).toMatch(/casper_add_associated_key/);
    const json = spawnSync(tsx, ["scripts/gas.ts", "--profile", "delegate", "--protocol", "1.5.8", "--json"], { encoding: "utf8" });
    expect(json.status, json.stderr).toBe(0);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({ deploy: "delegate:call", protocol: "1.5.8" });
    expect(parsed.profile.total).toBe(String((readReport()["1.5.8"] as Record<string, { gas: number }>)["delegate:call"].gas));
    expect(parsed.profile.system[0]).toMatchObject({ name: "auction.delegate", calls: 1 });
    expect(typeof parsed.profile.storageShare).toBe("number");
    for (const [argv, message] of [
      [["--profile"], /--profile needs a value/],
      [["--profile", "nope"], /no deploy named "nope"/],
      [["--profile", "delegate", "--protocol", "3.0"], /--protocol must be 1\.5\.8 or 2\.0\.0/],
      [["--profile", "delegate", "--update"], /does not go with --update/],
    ] as const) {
      const bad = spawnSync(tsx, ["scripts/gas.ts", ...argv], { encoding: "utf8" });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(message);
    }
  });
});
