// The hooks through which gas is charged. Every host call, metered write and system contract call
// passes through exactly one of these, so metering (issue 5) plugs in here without touching the host
// functions. Until then the engine runs with NO_METER and reports gas 0.

export interface Meter {
  /** false for NO_METER: gas is not measured (and reads 0) */
  readonly active: boolean;
  /** true when the meter wants storage sizes (computing them costs an encode per write) */
  readonly metersStorage: boolean;
  /** gas used so far in this execution phase */
  readonly used: bigint;
  /** opcode gas from an instrumented module's `env.gas(cost)` call (cost is a u32) */
  chargeWasm(cost: number): void;
  /** a host function call with its raw wasm arguments (host_function_costs: cost + sum(weight_i * arg_i)) */
  chargeHost(name: string, args: readonly number[]): void;
  /** a metered global-state write of a StoredValue of `bytes` serialized length (storage_costs) */
  chargeStorage(bytes: number): void;
  /** a system contract entry point (system_costs), e.g. ("mint", "transfer") */
  chargeSystem(contract: string, entryPoint: string): void;
  /**
   * Put the counter back to `used`: the node does this around some calls it makes on the code's
   * behalf (runtime/mod.rs mint_transfer and other mint_* helpers, call_host_standard_payment save the
   * gas counter and set it back afterwards, so what ran inside is not charged).
   */
  setUsed(used: bigint): void;
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
