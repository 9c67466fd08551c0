// Stack height limiter exactly as casper-wasm-utils v3.0.0 src/stack_height.rs `inject_limiter`:
//  - a new mutable i32 global (initial 0) counts the stack height;
//  - each defined function costs (declared locals, params excluded) + max value-stack height (max_height.ts);
//    imported functions cost 0;
//  - every `call f` with cost(f) > 0 becomes the 15-instruction sequence of `instrumentCall`: add the cost,
//    trap with `unreachable` if the height exceeds the limit, call, subtract the cost;
//  - exported functions, table elements and the start function are reached through thunks (thunks.ts).
// It runs after gas injection, so none of this is metered. Passes mutate the module they are given.

import { I32, type FuncType, type Instruction, type WasmModule, functionType, functionSpaceSize, importedFunctionCount, moduleBodies } from "./module.ts";
import { computeMaxHeight, StackLimiterError } from "./max_height.ts";
import { OP } from "./opcodes.ts";
import { generateThunks } from "./thunks.ts";

export { StackLimiterError } from "./max_height.ts";

export interface LimiterContext {
  stackHeightGlobal: number;
  /** stack cost per function index (imports included, as 0) */
  funcStackCosts: number[];
  stackLimit: number;
  /** the `unreachable` instructions the limiter inserted, so a trap there can be recognised */
  trapInstructions: Set<Instruction>;
}

/**
 * The preamble + call + postamble that replaces `call callee` (and forms a thunk's body). `call` is the
 * original call instruction, reused so it keeps its identity (offset_map.ts follows it).
 */
export function instrumentCall(ctx: LimiterContext, callee: number, cost: number, call: Instruction = { opcode: OP.call, index: callee }): Instruction[] {
  const g = ctx.stackHeightGlobal;
  const trap: Instruction = { opcode: OP.unreachable };
  ctx.trapInstructions.add(trap);
  return [
    { opcode: OP.global_get, index: g },
    { opcode: OP.i32_const, value: cost | 0 },
    { opcode: OP.i32_add },
    { opcode: OP.global_set, index: g },
    { opcode: OP.global_get, index: g },
    { opcode: OP.i32_const, value: ctx.stackLimit | 0 },
    { opcode: OP.i32_gt_u },
    { opcode: OP.if, blockType: { kind: "empty" } },
    trap,
    { opcode: OP.end },
    call,
    { opcode: OP.global_get, index: g },
    { opcode: OP.i32_const, value: cost | 0 },
    { opcode: OP.i32_sub },
    { opcode: OP.global_set, index: g },
  ];
}

/** Appends the stack-height global to the first global section, or a new global section at the END of the list. */
function generateStackHeightGlobal(module: WasmModule): number {
  const entry = { type: { valType: I32, mutable: true }, init: [{ opcode: OP.i32_const, value: 0 }, { opcode: OP.end }] };
  for (const s of module.sections) {
    if (s.kind === "global") {
      s.globals.push(entry);
      // the index within the global SECTION (imported globals are not counted, as in the original)
      return s.globals.length - 1;
    }
  }
  module.sections.push({ id: 6, kind: "global", globals: [entry] });
  return 0;
}

function computeStackCosts(module: WasmModule, funcTypes: (FuncType | undefined)[]): number[] {
  const imports = importedFunctionCount(module);
  const bodies = moduleBodies(module);
  const total = functionSpaceSize(module);
  const costs = new Array<number>(total);
  for (let f = 0; f < total; f++) {
    if (f < imports) {
      costs[f] = 0;
      continue;
    }
    const body = bodies[f - imports];
    if (!body) throw new StackLimiterError("Function body is out of bounds");
    let locals = 0;
    for (const group of body.locals) locals += group.count;
    if (locals > 0xffffffff) throw new StackLimiterError("Overflow in local count");
    const cost = locals + computeMaxHeight(module, f - imports, funcTypes);
    if (cost > 0xffffffff) throw new StackLimiterError("Overflow in adding locals_count and max_stack_height");
    costs[f] = cost;
  }
  return costs;
}

function instrumentFunctions(ctx: LimiterContext, module: WasmModule): void {
  for (const s of module.sections) {
    if (s.kind !== "code") continue;
    for (const body of s.bodies) {
      let calls = 0;
      for (const ins of body.code) if (ins.opcode === OP.call && (ctx.funcStackCosts[ins.index!] ?? 0) > 0) calls++;
      if (calls === 0) continue;
      const out: Instruction[] = [];
      for (const ins of body.code) {
        const cost = ins.opcode === OP.call ? ctx.funcStackCosts[ins.index!] ?? 0 : 0;
        if (cost > 0) out.push(...instrumentCall(ctx, ins.index!, cost, ins));
        else out.push(ins);
      }
      body.code = out;
    }
  }
}

export interface LimitedModule {
  module: WasmModule;
  /** the limiter's trap instructions (see LimiterContext.trapInstructions) */
  trapInstructions: Set<Instruction>;
  /** stack cost per function index, before thunks were added */
  funcStackCosts: number[];
}

export function injectStackLimiter(module: WasmModule, stackLimit: number): LimitedModule {
  const stackHeightGlobal = generateStackHeightGlobal(module);
  const total = functionSpaceSize(module);
  const funcTypes = Array.from({ length: total }, (_, f) => functionType(module, f));
  const ctx: LimiterContext = {
    stackHeightGlobal,
    funcStackCosts: computeStackCosts(module, funcTypes),
    stackLimit,
    trapInstructions: new Set(),
  };
  instrumentFunctions(ctx, module);
  const out = generateThunks(ctx, module);
  return { module: out, trapInstructions: ctx.trapInstructions, funcStackCosts: ctx.funcStackCosts };
}
