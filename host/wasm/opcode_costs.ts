// The per-instruction gas the injector charges, from a chainspec opcode table.
//  - "flat" (1.5.x): the table value of the instruction's class
//    (casper-node v1.5.8 execution_engine/src/shared/opcode_costs.rs, `impl Rules for OpcodeCosts`);
//  - "cycles" (2.0): cycles_for_instruction(op) x the table value, as a checked u32 product
//    (EdHastings casper-node 2.0.0 execution_engine/src/runtime/wasm_prep.rs, `impl Rules for RuledOpcodeCosts`).
// `null` = forbidden: the module is rejected with OperationForbiddenByGasRules. Float opcodes are forbidden,
// except f32/f64 loads and stores, which both engines price as plain loads/stores.

import type { Instruction } from "./module.ts";
import type { OpcodeCostModel, OpcodeCosts } from "../gas/chainspec.ts";

export interface GasRules {
  /** gas for one execution of `ins`, or null when the instruction is forbidden */
  instructionCost(ins: Instruction): number | null;
  /** per-page cost charged by the memory.grow helper, or null when grow_memory is 0 (no helper) */
  readonly memoryGrowCost: number | null;
}

type CostClass =
  | "bit" | "add" | "mul" | "div" | "load" | "store" | "const" | "local" | "global_get" | "global_set"
  | "integer_comparison" | "conversion" | "unreachable" | "nop" | "current_memory" | "grow_memory" | "sign"
  | "block" | "loop" | "if" | "else" | "end" | "br" | "br_if" | "br_table" | "return" | "call" | "call_indirect"
  | "drop" | "select" | "forbidden";

// opcode -> [class, 2.0 cycles]; classes from opcode_costs.rs / wasm_prep.rs, cycles from cycles_for_instruction.
const CLASS = new Map<number, [CostClass, number]>();
function set(from: number, to: number, cls: CostClass, cycles: number): void {
  for (let op = from; op <= to; op++) CLASS.set(op, [cls, cycles]);
}
set(0x00, 0x00, "unreachable", 1);
set(0x01, 0x01, "nop", 1);
set(0x02, 0x02, "block", 1);
set(0x03, 0x03, "loop", 1);
set(0x04, 0x04, "if", 3);
set(0x05, 0x05, "else", 1);
set(0x0b, 0x0b, "end", 1);
set(0x0c, 0x0c, "br", 1);
set(0x0d, 0x0d, "br_if", 3);
set(0x0e, 0x0e, "br_table", 5);
set(0x0f, 0x0f, "return", 1);
set(0x10, 0x10, "call", 22);
set(0x11, 0x11, "call_indirect", 27);
set(0x1a, 0x1a, "drop", 1);
set(0x1b, 0x1b, "select", 11);
set(0x20, 0x22, "local", 5);
set(0x23, 0x23, "global_get", 7);
set(0x24, 0x24, "global_set", 5);
set(0x28, 0x35, "load", 8); // includes f32.load / f64.load (the quirk)
set(0x36, 0x3e, "store", 4); // includes f32.store / f64.store
set(0x3f, 0x3f, "current_memory", 5);
set(0x40, 0x40, "grow_memory", 5);
set(0x41, 0x42, "const", 5);
set(0x43, 0x44, "forbidden", 5); // f32.const, f64.const
set(0x45, 0x5a, "integer_comparison", 5);
set(0x5b, 0x66, "forbidden", 5); // float comparisons
set(0x67, 0x69, "bit", 5); // i32 clz/ctz/popcnt
set(0x6a, 0x6b, "add", 5);
set(0x6c, 0x6c, "mul", 5);
set(0x6d, 0x70, "div", 5);
set(0x71, 0x78, "bit", 5);
set(0x79, 0x7b, "bit", 5); // i64 clz/ctz/popcnt
set(0x7c, 0x7d, "add", 5);
set(0x7e, 0x7e, "mul", 5);
set(0x7f, 0x82, "div", 5);
set(0x83, 0x8a, "bit", 5);
set(0x8b, 0xa6, "forbidden", 5); // float arithmetic
set(0xa7, 0xa7, "conversion", 5); // i32.wrap_i64
set(0xa8, 0xab, "forbidden", 40); // i32.trunc_f*: cycles irrelevant, forbidden
set(0xac, 0xad, "conversion", 5); // i64.extend_i32_s/u
set(0xae, 0xbf, "forbidden", 5); // i64.trunc_f*, converts, demote/promote, reinterprets
set(0xc0, 0xc4, "sign", 5);

const U32_MAX = 0xffffffff;

function classMultiplier(c: OpcodeCosts, cls: CostClass, ins: Instruction): number | null {
  const cf = c.control_flow;
  switch (cls) {
    case "bit": return c.bit;
    case "add": return c.add;
    case "mul": return c.mul;
    case "div": return c.div;
    case "load": return c.load;
    case "store": return c.store;
    case "const": return c.const;
    case "local": return c.local;
    case "global_get":
    case "global_set": return c.global;
    case "integer_comparison": return c.integer_comparison;
    case "conversion": return c.conversion;
    case "unreachable": return c.unreachable;
    case "nop": return c.nop;
    case "current_memory": return c.current_memory;
    case "grow_memory": return c.grow_memory;
    case "sign": return c.sign ?? null;
    case "block": return cf.block;
    case "loop": return cf.loop;
    case "if": return cf.if;
    case "else": return cf.else;
    case "end": return cf.end;
    case "br": return cf.br;
    case "br_if": return cf.br_if;
    case "br_table": {
      // cost + targets x size_multiplier, checked u32; the default target is not counted
      const size = ins.targets!.length * cf.br_table.size_multiplier;
      const total = cf.br_table.cost + size;
      return total > U32_MAX ? null : total;
    }
    case "return": return cf.return;
    case "call": return cf.call;
    case "call_indirect": return cf.call_indirect;
    case "drop": return cf.drop;
    case "select": return cf.select;
    case "forbidden": return null;
  }
}

export function opcodeGasRules(costs: OpcodeCosts, model: OpcodeCostModel): GasRules {
  const cache = new Map<number, number | null>();
  return {
    memoryGrowCost: costs.grow_memory === 0 ? null : costs.grow_memory,
    instructionCost(ins: Instruction): number | null {
      const op = ins.opcode;
      if (op !== 0x0e) {
        const hit = cache.get(op);
        if (hit !== undefined) return hit;
      }
      const entry = CLASS.get(op);
      let cost: number | null = null;
      if (entry) {
        const multiplier = classMultiplier(costs, entry[0], ins);
        if (multiplier !== null) {
          cost = model === "flat" ? multiplier : entry[1] * multiplier;
          if (cost > U32_MAX) cost = null;
        }
      }
      if (op !== 0x0e) cache.set(op, cost);
      return cost;
    },
  };
}

/** True when the opcode is rejected whatever the table says (floats, and anything post-MVP but sign-ext). */
export function isAlwaysForbidden(opcode: number): boolean {
  const entry = CLASS.get(opcode);
  return !entry || entry[0] === "forbidden";
}
