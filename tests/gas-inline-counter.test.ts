// The engine's inlined gas counter (host/wasm/inline_gas.ts: the wasm counts an allowance down and
// calls env.gas only past it) against the path it replaces, where every metered block calls env.gas —
// casper-wasm-utils' instrumentation, whose figures gas-engine-figures.test.ts and gas-metering.test.ts
// check against the node's. A meter without `wasmAllowance` runs that exact path. The same deploys,
// swept over gas limits from 0 to what they need, must end the same way on both: success or the node's
// error, gas used and its split, cost, the error's wasm position, the state root.
import sdk from "casper-js-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { loadChainspec } from "../host/gas/chainspec.ts";
import { GasMeter } from "../host/gas/gas_meter.ts";
import type { Meter } from "../host/runtime/meter.ts";
import { decodeModule } from "../host/wasm/decode.ts";
import { GAS_LEFT_IMPORT, inlineGasCounter } from "../host/wasm/inline_gas.ts";
import { findSection, moduleImports } from "../host/wasm/module.ts";
import { inlineGasOffsetMap } from "../host/wasm/offset_map.ts";
import { OP } from "../host/wasm/opcodes.ts";
import { prepareModule } from "../host/wasm/prepare.ts";
import { compileModule } from "./helpers/as-build.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { compileWat, imports } from "./helpers/engine-wat.ts";

const { CLValue } = sdk;
const CSPR = 1_000_000_000n;
type Protocol = "1.5.8" | "2.0.0";

/** A session with loops, a br_table, host calls between metered blocks, memory.grow and globals. */
const BURNER = compileWat(`(module
  ${imports("casper_get_blocktime", "casper_get_phase")}
  (memory 1 3)
  (global $acc (mut i32) (i32.const 7))
  (func $work (param $n i32) (result i32) (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (global.set $acc (i32.add (global.get $acc) (i32.mul (local.get $i) (i32.const 3))))
        (block $b (block $a (br_table $a $b (i32.and (local.get $i) (i32.const 1)))) (global.set $acc (i32.add (global.get $acc) (i32.const 1))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.get $acc))
  (func (export "call") (local $k i32)
    (loop $outer
      (call $casper_get_blocktime (i32.const 16))
      (drop (call $work (i32.const 40)))
      (call $casper_get_phase (i32.const 32))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $outer (i32.lt_u (local.get $k) (i32.const 6))))
    (drop (memory.grow (i32.const 1)))
    (drop (call $work (i32.const 10)))))`);

interface Counted {
  meter: Meter;
  /** env.gas calls that reached the meter (each block on the exact path; folds and the exact checks inline) */
  wasmCalls: number;
}

/** The chainspec meter, or the same meter with the allowance hidden (every block calls env.gas). */
function meterOf(protocol: Protocol, limit: bigint, inline: boolean, counts: { wasmCalls: number }): Meter {
  const m = new GasMeter(loadChainspec(protocol), limit);
  const meter: Meter = {
    active: true,
    metersStorage: true,
    get used() {
      return m.used;
    },
    chargeWasm(cost) {
      counts.wasmCalls++;
      m.chargeWasm(cost);
    },
    chargeHost: (name, args, state) => m.chargeHost(name, args, state),
    chargeStorage: (bytes) => m.chargeStorage(bytes),
    chargeSystem: (contract, entryPoint) => m.chargeSystem(contract, entryPoint),
    setUsed: (used) => m.setUsed(used),
    breakdown: () => m.breakdown(),
  };
  if (inline) meter.wasmAllowance = () => m.wasmAllowance();
  return meter;
}

function engineOf(protocol: Protocol, inline: boolean): Engine & { counts: { wasmCalls: number } } {
  const counts = { wasmCalls: 0 };
  const engine = new Engine({
    protocol,
    meter: (_phase, limit) => meterOf(protocol, limit, inline, counts),
    // 2.0 accepts no payment under 2.5 CSPR (deploy.rs is_config_compliant): lowered so small limits can be swept
    chainspec: protocol === "2.0.0" ? { core: { baseline_motes_amount: 0n } } : undefined,
  });
  return Object.assign(engine, { counts });
}

/** What must not differ between the two paths. */
function outcome(r: ExecutionResult) {
  const top = r.errorOrigin?.frames[0];
  return {
    success: r.success,
    error: r.error?.message,
    gas: r.gas,
    split: r.gasBreakdown,
    cost: r.cost,
    at: top && { offset: top.offset, added: top.added, exit: top.exit, depth: top.depth, entryPoint: top.entryPoint },
    site: r.errorSite,
  };
}

/** Limits from 0 to `gas` (evenly spread, plus both sides of the boundary). */
function limits(gas: bigint, steps: number): bigint[] {
  const out = new Set<bigint>([0n, 1n, gas - 1n, gas, gas + 1n]);
  for (let k = 1; k < steps; k++) out.add((gas * BigInt(k)) / BigInt(steps));
  return [...out].sort((a, b) => (a < b ? -1 : 1));
}

describe.each(["2.0.0", "1.5.8"] as const)("the inlined gas counter, Casper %s", (protocol) => {
  it("the running copy: every instruction of the metered module kept in order, a check before each `i32.const; call $gas`, the allowance imported", () => {
    for (const bytes of [BURNER, artifact("keys_manager")]) {
      const metered = prepareModule(bytes, { protocol, metered: true }).bytes;
      const inlined = inlineGasCounter(metered, protocol)!;
      expect(WebAssembly.validate(inlined)).toBe(true);
      const before = decodeModule(metered);
      const after = decodeModule(inlined);
      const gasFn = moduleImports(before).filter((i) => i.desc.kind === "func").findIndex((i) => i.field === "gas");
      expect(moduleImports(after)).toEqual([...moduleImports(before), { module: "env", field: GAS_LEFT_IMPORT, desc: { kind: "global", global: { valType: 0x7c, mutable: true } } }]);

      const map = inlineGasOffsetMap(metered, protocol)!;
      const keptOffsets: number[] = [];
      const originalOffsets: number[] = [];
      decodeModule(metered, { onInstruction: (_b, _ins, offset) => void originalOffsets.push(offset) });
      let pairs = 0;
      let plainCalls = 0;
      const bodies = findSection(after, "code")!.bodies;
      decodeModule(inlined, {
        onInstruction: (_b, _ins, offset) => {
          const m = map.at(offset)!;
          if (m.original !== undefined) keptOffsets.push(m.original);
          else expect(m.added).toBe("gas");
        },
      });
      for (const body of bodies) {
        body.code.forEach((ins, i) => {
          if (ins.opcode !== OP.call || ins.index !== gasFn) return;
          if (body.code[i - 1].opcode !== OP.i32_const) return void plainCalls++;
          pairs++;
          // the exact path sits in the `if` of the check: global.get $left; f64.const C; f64.sub; local.tee; f64.const 0; f64.lt; if
          expect(body.code.slice(i - 8, i - 1).map((x) => x.opcode)).toEqual([OP.global_get, OP.f64_const, 0xa1, OP.local_tee, OP.f64_const, 0x63, OP.if]);
          expect(body.code[i - 8].index).toBe(0);
          expect(new DataView(body.code[i - 7].bytes!.buffer).getFloat64(0, true)).toBe((body.code[i - 1].value as number) >>> 0);
          expect(body.code.slice(i + 1, i + 5).map((x) => x.opcode)).toEqual([OP.else, OP.local_get, OP.global_set, OP.end]);
        });
      }
      // every instruction of the metered module, in order (global indices shifted by the import)
      expect(keptOffsets).toEqual(originalOffsets);
      const gasPairsBefore = findSection(before, "code")!.bodies.flatMap((b) => b.code.filter((ins, i) => ins.opcode === OP.call && ins.index === gasFn && b.code[i - 1].opcode === OP.i32_const)).length;
      expect(pairs).toBe(gasPairsBefore);
      expect(pairs).toBeGreaterThan(5);
      if (bytes === BURNER) expect(plainCalls).toBe(1); // the memory.grow helper's pages x cost
    }
  });

  it("a session swept over gas limits: the same outcome at every limit, out of gas at exactly gas - 1", () => {
    const need = engineOf(protocol, false).runSession("alice", BURNER, undefined, { payment: 100n * CSPR }).expectSuccess().gas;
    let failures = 0;
    for (const limit of limits(need, 40)) {
      const [inline, exact] = [engineOf(protocol, true), engineOf(protocol, false)];
      const a = inline.runSession("alice", BURNER, undefined, { payment: limit });
      const b = exact.runSession("alice", BURNER, undefined, { payment: limit });
      expect(outcome(a), `limit ${limit}`).toEqual(outcome(b));
      expect(inline.stateRootHash()).toBe(exact.stateRootHash());
      if (limit === need) a.expectSuccess();
      if (limit === need - 1n) {
        a.expectError("GasLimit", "Out of gas error");
        expect(a.gas).toBe(need - 1n);
      }
      if (!a.success && a.error?.message === "Out of gas error" && a.errorOrigin?.frames[0]?.exit?.kind === "gas") failures++;
      // the inlined counter called the meter far less often
      if (a.success) expect(inline.counts.wasmCalls * 5).toBeLessThan(exact.counts.wasmCalls);
    }
    expect(failures).toBeGreaterThan(20); // most limits end inside a metered block's charge
  });

  it("a limit above 2^53: the allowance is capped and the result unchanged", () => {
    const payment = 2n ** 60n;
    const [inline, exact] = [engineOf(protocol, true), engineOf(protocol, false)];
    const a = inline.runSession("alice", BURNER, undefined, { payment });
    const b = exact.runSession("alice", BURNER, undefined, { payment });
    expect(outcome(a)).toEqual(outcome(b));
    expect(inline.stateRootHash()).toBe(exact.stateRootHash());
  });
});

describe("across contract calls (an AssemblyScript contract called from a session)", () => {
  let faulty: Uint8Array;
  let caller: Uint8Array;
  beforeAll(async () => {
    [faulty, caller] = await Promise.all([compileModule("tests/contracts/faulty.ts"), compileModule("tests/contracts/faulty_caller.ts")]);
  }, 120_000);

  it.each(["2.0.0", "1.5.8"] as const)("%s: install, a contract call whose contract traps, one whose contract runs out of gas: the same at every limit", (protocol) => {
    const install = engineOf(protocol, false).runSession("alice", faulty, undefined, { payment: 500n * CSPR }).expectSuccess().gas;
    const installed = (inline: boolean) => {
      const e = engineOf(protocol, inline);
      e.runSession("alice", faulty, undefined, { payment: 500n * CSPR }).expectSuccess();
      return e;
    };
    const call = (e: Engine, entry: string, payment: bigint) => e.runSession("alice", caller, { entry: CLValue.newCLString(entry) }, { payment });
    const need = call(installed(false), "trap_memory", 100n * CSPR).gas; // the contract traps: gas up to the trap
    for (const limit of limits(install, 12)) {
      // installing: the stored contract (from the module the node runs, not the inlined copy) is in the state root
      const [inline, exact] = [engineOf(protocol, true), engineOf(protocol, false)];
      const a = inline.runSession("alice", faulty, undefined, { payment: limit });
      expect(outcome(a), `install at ${limit}`).toEqual(outcome(exact.runSession("alice", faulty, undefined, { payment: limit })));
      expect(inline.stateRootHash()).toBe(exact.stateRootHash());
    }
    for (const limit of limits(need, 12)) {
      // the session's instance, then the contract's on the same allowance global, then the session's again
      const [inline, exact] = [installed(true), installed(false)];
      expect(outcome(call(inline, "trap_memory", limit)), `call at ${limit}`).toEqual(outcome(call(exact, "trap_memory", limit)));
      expect(inline.stateRootHash()).toBe(exact.stateRootHash());
    }
    // gas running out inside the called contract's loop: the same gas, and the same block named
    const [i, x] = [installed(true), installed(false)];
    const a = call(i, "burn_gas", 3n * CSPR);
    expect(outcome(a)).toEqual(outcome(call(x, "burn_gas", 3n * CSPR)));
    expect(a.error?.message).toBe("Out of gas error");
    expect(a.errorOrigin!.frames[0]).toMatchObject({ depth: 1, entryPoint: "burn_gas", added: "gas", exit: { kind: "gas" } });
    expect(a.errorOrigin!.frames.find((f) => f.depth === 0)).toMatchObject({ exit: { kind: "host", name: "casper_call_contract" } });
  });
});
