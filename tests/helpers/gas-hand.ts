// Hand-count helpers for gas tests, written from the sources rather than from host/gas:
// per-op gas = the chainspec table value (1.5.8), or cycles x the table value (2.0), with the cycles
// of cycles_for_instruction in casper-node 2.0 execution_engine/src/runtime/wasm_prep.rs, written out
// here; host function figures are the formulas of gas.md §1.5 with the weights spelled out.
import { loadChainspec } from "../../host/gas/chainspec.ts";

export type Protocol = "1.5.8" | "2.0.0";

export type Op =
  | "const" | "add" | "mul" | "div" | "bit" | "conversion" | "integer_comparison" | "local" | "global_get" | "global_set"
  | "load" | "store" | "select" | "drop" | "nop" | "block" | "loop" | "if" | "br" | "br_if" | "return" | "call"
  | "call_indirect" | "current_memory" | "grow_memory" | "unreachable" | "sign";

const CYCLES: Record<Op, number> = {
  const: 5, add: 5, mul: 5, div: 5, bit: 5, conversion: 5, integer_comparison: 5, local: 5, global_get: 7, global_set: 5,
  load: 8, store: 4, select: 11, drop: 1, nop: 1, block: 1, loop: 1, if: 3, br: 1, br_if: 3, return: 1, call: 22,
  call_indirect: 27, current_memory: 5, grow_memory: 5, unreachable: 1, sign: 5,
};

export interface HandCosts {
  /** gas of one execution of `op` */
  g(op: Op): bigint;
  /** br_table with `n` targets besides the default */
  brTable(n: number): bigint;
  /** the per-page charge of memory.grow's helper */
  growPage: bigint;
  gasPerByte: bigint;
}

export function handCosts(protocol: Protocol): HandCosts {
  const spec = loadChainspec(protocol);
  const t = spec.wasm.opcode_costs;
  const cf = t.control_flow;
  const cycles = protocol === "2.0.0";
  const table: Record<Op, number> = {
    const: t.const, add: t.add, mul: t.mul, div: t.div, bit: t.bit, conversion: t.conversion,
    integer_comparison: t.integer_comparison, local: t.local, global_get: t.global, global_set: t.global,
    load: t.load, store: t.store, select: cf.select, drop: cf.drop, nop: t.nop, block: cf.block, loop: cf.loop,
    if: cf.if, br: cf.br, br_if: cf.br_if, return: cf.return, call: cf.call, call_indirect: cf.call_indirect,
    current_memory: t.current_memory, grow_memory: t.grow_memory, unreachable: t.unreachable,
    sign: t.sign ?? NaN, // sign-extension ops: priced in 2.0 only (1.5.8 refuses them)
  };
  return {
    g: (op) => BigInt(table[op] * (cycles ? CYCLES[op] : 1)),
    brTable: (n) => BigInt((cf.br_table.cost + n * cf.br_table.size_multiplier) * (cycles ? 5 : 1)),
    growPage: BigInt(t.grow_memory),
    gasPerByte: BigInt(spec.storage_costs.gas_per_byte),
  };
}

/** gas.md §1.4/§1.6 figures the tables must hold (so a wrong table cannot make a hand count agree with itself). */
export const SPOT = {
  "1.5.8": { const: 110n, call: 68_000n, drop: 440n, store: 4_700n, load: 2_500n, brTable1: 35_100n, grow: 240_000n, gasPerByte: 1_117_587n },
  "2.0.0": { const: 525n, call: 4_950n, drop: 105n, store: 420n, load: 840n, brTable1: 1_250n, grow: 4_500n, gasPerByte: 1_117_587n },
} as const;

/** Host function gas (1.5.6+ and 2.0 tables, gas.md §1.5): cost + weight x argument. */
export const HOST = {
  get_named_arg_size: () => 200n,
  get_named_arg: (nameLen: number, destLen: number) => 200n + 120_000n * BigInt(nameLen) + 120_000n * BigInt(destLen),
  new_uref: (valueLen: number) => 17_000n + 590n * BigInt(valueLen),
  write: (valueLen: number) => 14_000n + 980n * BigInt(valueLen),
  put_key: (nameLen: number, keyLen: number) => 100_000_000n + 120_000n * BigInt(nameLen) + 120_000n * BigInt(keyLen),
  get_system_contract: () => 1_100n,
  call_contract: (entryPointLen: number, argsLen: number) => 300_000_000n + 120_000n * BigInt(entryPointLen) + 120_000n * BigInt(argsLen),
  read_host_buffer: (destLen: number) => 3_500n + 310n * BigInt(destLen),
  transfer_to_account: () => 2_500_000_000n,
  ret: (valueLen: number) => 23_000n + 420_000n * BigInt(valueLen),
};
