// The hooks through which gas is charged. Every host call, metered write and system contract call
// passes through exactly one of these, so the host functions never compute gas themselves. The
// engine's meter is host/gas/gas_meter.ts (GasMeter, the chainspec's tables); NO_METER is the
// unmetered mode (gas reads 0).

import type { HostGasState } from "./execution.ts";
import type { LoadedModule } from "./modules.ts";

/** Gas of one execution split by what it paid for (the four sum to the total). */
export interface GasBreakdown {
  /** instrumented wasm: the opcodes of the metered blocks that ran (env.gas) */
  readonly wasm: bigint;
  /** host function calls (host_function_costs) */
  readonly host: bigint;
  /** bytes written to global state (storage_costs.gas_per_byte) */
  readonly storage: bigint;
  /** system contract entry points (system_costs), e.g. the auction's delegate */
  readonly system: bigint;
}

/** The entry point a meter is charged for when code calls a system contract entry point that does not exist (2.0 system_costs.no_such_entrypoint). */
export const NO_SUCH_ENTRY_POINT = "<no such entry point>";

export const ZERO_GAS: GasBreakdown = Object.freeze({ wasm: 0n, host: 0n, storage: 0n, system: 0n });

export interface Meter {
  /** false for NO_METER: gas is not measured (and reads 0) */
  readonly active: boolean;
  /** true when the meter wants storage sizes (computing them costs an encode per write) */
  readonly metersStorage: boolean;
  /** gas used so far in this execution phase */
  readonly used: bigint;
  /** opcode gas from an instrumented module's `env.gas(cost)` call (cost is a u32) */
  chargeWasm(cost: number): void;
  /**
   * How much wasm gas chargeWasm accepts from here without a limit check that could fail (an integer
   * below 2^53): the inlined gas counter (host/wasm/inline_gas.ts) counts that much down in the wasm
   * and calls `env.gas` only past it. Absent: every block is charged through `env.gas`.
   */
  wasmAllowance?(): number;
  /**
   * a host function call with its raw wasm arguments (host_function_costs: cost + sum(weight_i * arg_i));
   * `state` carries what a charge depends on besides the args (2.0 casper_emit_message's growing base)
   */
  chargeHost(name: string, args: readonly number[], state?: HostGasState): void;
  /**
   * chargeHost for one import, resolved once (an instance's import functions call it on every host
   * call, without looking the import's cost up again). Absent: dispatch calls chargeHost.
   */
  hostCharge?(name: string): (args: readonly number[], state?: HostGasState) => void;
  /** a metered global-state write of a StoredValue of `bytes` serialized length (storage_costs) */
  chargeStorage(bytes: number): void;
  /** a system contract entry point (system_costs), e.g. ("mint", "transfer") */
  chargeSystem(contract: string, entryPoint: string): void;
  /**
   * Put the counter back to `used` (a value read from `used` earlier): the node does this around some
   * calls it makes on the code's behalf (runtime/mod.rs mint_transfer and other mint_* helpers,
   * call_host_standard_payment save the gas counter and set it back afterwards, so what ran inside is
   * not charged).
   */
  setUsed(used: bigint): void;
  /** the gas used so far, split by class (a meter that does not split reports it all as wasm) */
  breakdown?(): GasBreakdown;
  /**
   * A profiling meter (host/debug/gas-profile.ts): called instead of chargeWasm, with the module whose
   * metered block is charged (it finds the block from the calling wasm frame). Absent on the normal path.
   */
  chargeWasmIn?(cost: number, module: LoadedModule): void;
}

export const NO_METER: Meter = {
  active: false,
  metersStorage: false,
  used: 0n,
  chargeWasm() {},
  chargeHost() {},
  chargeStorage() {},
  chargeSystem() {},
  setUsed() {},
};

/** The split of a meter's gas (all of it as wasm when the meter does not split). */
export function breakdownOf(meter: Meter): GasBreakdown {
  if (meter.breakdown) return meter.breakdown();
  const used = meter.used;
  return used === 0n ? ZERO_GAS : { ...ZERO_GAS, wasm: used };
}

export function addBreakdowns(a: GasBreakdown, b: GasBreakdown): GasBreakdown {
  return { wasm: a.wasm + b.wasm, host: a.host + b.host, storage: a.storage + b.storage, system: a.system + b.system };
}
