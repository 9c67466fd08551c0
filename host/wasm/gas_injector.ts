// Gas metering exactly as casper-wasm-utils v3.0.0 src/gas.rs `inject_gas_counter` does it:
//  - import `env.gas (param i32)` after the existing imports; every function index >= it shifts up by one
//    (calls, exports, element segments, start);
//  - split each body into metered blocks and put `i32.const <block cost>; call $gas` at each block's start;
//  - `end` and `else` are looked up (so they must be allowed) but never charged;
//  - with a memory.grow cost, replace each `memory.grow` with a call to an appended helper that charges
//    pages x cost before growing (the helper itself is not metered).
// Passes mutate the module they are given.

import { ModuleScaffold } from "./builder.ts";
import { I32, type Instruction, importedFunctionCount, functionSpaceSize, type WasmModule } from "./module.ts";
import { OP } from "./opcodes.ts";

/** The cost oracle the injector needs (host/gas/opcode_costs.ts builds one from a chainspec table). */
export interface InjectionRules {
  instructionCost(ins: Instruction): number | null;
  readonly memoryGrowCost: number | null;
}

export class GasInjectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GasInjectionError";
  }
}

interface MeteredBlock {
  /** index of the first instruction of the block */
  startPos: number;
  /** u32 sum of the costs of the block's instructions */
  cost: number;
}

interface ControlBlock {
  /** lowest control-stack index of a forward branch target seen inside this block */
  lowestForwardBrTarget: number;
  activeMeteredBlock: MeteredBlock;
  isLoop: boolean;
}

const U32_MAX = 0xffffffff;

class Counter {
  readonly stack: ControlBlock[] = [];
  readonly finalizedBlocks: MeteredBlock[] = [];

  beginControlBlock(cursor: number, isLoop: boolean): void {
    this.stack.push({ lowestForwardBrTarget: this.stack.length, activeMeteredBlock: { startPos: cursor, cost: 0 }, isLoop });
  }

  finalizeControlBlock(cursor: number): void {
    this.finalizeMeteredBlock(cursor);
    const closing = this.stack.pop();
    if (!closing) throw new GasInjectionError("unbalanced end");
    const closingIndex = this.stack.length;
    if (this.stack.length === 0) return;
    const top = this.stack[this.stack.length - 1];
    top.lowestForwardBrTarget = Math.min(top.lowestForwardBrTarget, closing.lowestForwardBrTarget);
    // a branch out of the closed block may skip the rest of the parent's block: finalize that too
    if (closing.lowestForwardBrTarget < closingIndex) this.finalizeMeteredBlock(cursor);
  }

  finalizeMeteredBlock(cursor: number): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) throw new GasInjectionError("empty control stack");
    const closing = top.activeMeteredBlock;
    top.activeMeteredBlock = { startPos: cursor + 1, cost: 0 };
    const lastIndex = this.stack.length - 1;
    if (lastIndex > 0) {
      // a `block` shares its start with the parent's active metered block: merge instead of emitting
      const prev = this.stack[lastIndex - 1].activeMeteredBlock;
      if (closing.startPos === prev.startPos) {
        prev.cost = (prev.cost + closing.cost) >>> 0; // u32 `+=` (wrapping in a release build)
        return;
      }
    }
    if (closing.cost > 0) this.finalizedBlocks.push(closing);
  }

  branch(cursor: number, targetIndices: number[]): void {
    this.finalizeMeteredBlock(cursor);
    const top = this.stack[this.stack.length - 1];
    for (const index of targetIndices) {
      const target = this.stack[index];
      if (!target) throw new GasInjectionError(`branch target ${index} is outside the control stack`);
      if (target.isLoop) continue;
      top.lowestForwardBrTarget = Math.min(top.lowestForwardBrTarget, index);
    }
  }

  increment(cost: number): void {
    const top = this.stack[this.stack.length - 1];
    if (!top) throw new GasInjectionError("empty control stack");
    const sum = top.activeMeteredBlock.cost + cost;
    if (sum > U32_MAX) throw new GasInjectionError("a metered block costs more than u32::MAX");
    top.activeMeteredBlock.cost = sum;
  }

  activeIndex(): number {
    return this.stack.length - 1;
  }
}

export interface ForbiddenInstruction {
  instructionIndex: number;
  opcode: number;
}

/** The metered blocks of one body, sorted by start; throws GasInjectionError on a forbidden instruction. */
export function determineMeteredBlocks(code: readonly Instruction[], rules: InjectionRules): MeteredBlock[] {
  const counter = new Counter();
  counter.beginControlBlock(0, false); // the function body itself
  for (let cursor = 0; cursor < code.length; cursor++) {
    const ins = code[cursor];
    const cost = rules.instructionCost(ins);
    if (cost === null) {
      const err = new GasInjectionError(`instruction #${cursor} is forbidden by the gas rules`);
      (err as GasInjectionError & { forbidden?: ForbiddenInstruction }).forbidden = { instructionIndex: cursor, opcode: ins.opcode };
      throw err;
    }
    switch (ins.opcode) {
      case OP.block: {
        counter.increment(cost);
        const topStart = counter.stack[counter.stack.length - 1].activeMeteredBlock.startPos;
        counter.beginControlBlock(topStart, false);
        break;
      }
      case OP.if:
        counter.increment(cost);
        counter.beginControlBlock(cursor + 1, false);
        break;
      case OP.loop:
        counter.increment(cost);
        counter.beginControlBlock(cursor + 1, true);
        break;
      case OP.end:
        counter.finalizeControlBlock(cursor);
        break;
      case OP.else:
        counter.finalizeMeteredBlock(cursor);
        break;
      case OP.br:
      case OP.br_if: {
        counter.increment(cost);
        const target = counter.activeIndex() - ins.index!;
        if (target < 0) throw new GasInjectionError(`branch label ${ins.index} is too deep`);
        counter.branch(cursor, [target]);
        break;
      }
      case OP.br_table: {
        counter.increment(cost);
        const active = counter.activeIndex();
        const targets = [ins.defaultTarget!, ...ins.targets!].map((label) => active - label);
        if (targets.some((t) => t < 0)) throw new GasInjectionError("br_table label is too deep");
        counter.branch(cursor, targets);
        break;
      }
      case OP.return:
        counter.increment(cost);
        counter.branch(cursor, [0]);
        break;
      default:
        counter.increment(cost);
    }
  }
  return counter.finalizedBlocks.sort((a, b) => a.startPos - b.startPos);
}

function insertMeteringCalls(code: Instruction[], blocks: MeteredBlock[], gasFunc: number): Instruction[] {
  const out: Instruction[] = new Array(code.length + 2 * blocks.length);
  let n = 0;
  let next = 0;
  for (let pos = 0; pos < code.length; pos++) {
    if (next < blocks.length && blocks[next].startPos === pos) {
      out[n++] = { opcode: OP.i32_const, value: blocks[next].cost | 0 }; // `cost as i32`
      out[n++] = { opcode: OP.call, index: gasFunc };
      next++;
    }
    out[n++] = code[pos];
  }
  if (next < blocks.length) throw new GasInjectionError("a metered block starts outside the function body");
  out.length = n;
  return out;
}

/**
 * Instruments `module` (mutated). Throws GasInjectionError when an instruction is forbidden or a block's
 * cost overflows a u32 (casper-node maps both to OperationForbiddenByGasRules).
 */
export function injectGasCounter(input: WasmModule, rules: InjectionRules, gasModuleName = "env"): WasmModule {
  const scaffold = ModuleScaffold.from(input);
  const gasType = scaffold.pushType({ params: [I32], results: [] });
  scaffold.pushImport({ module: gasModuleName, field: "gas", desc: { kind: "func", typeIndex: gasType } });
  const module = scaffold.build();

  const gasFunc = importedFunctionCount(module) - 1;
  const totalFunc = functionSpaceSize(module);
  let needGrowCounter = false;
  let failure: Error | undefined;
  const shift = (index: number) => (index >= gasFunc ? index + 1 : index);

  for (const section of module.sections) {
    switch (section.kind) {
      case "code":
        for (let b = 0; b < section.bodies.length; b++) {
          const body = section.bodies[b];
          for (const ins of body.code) if (ins.opcode === OP.call) ins.index = shift(ins.index!);
          try {
            body.code = insertMeteringCalls(body.code, determineMeteredBlocks(body.code, rules), gasFunc);
          } catch (e) {
            failure = e instanceof GasInjectionError ? new GasInjectionError(`function body #${b}: ${e.message}`) : (e as Error);
            Object.assign(failure, { bodyIndex: b, forbidden: (e as { forbidden?: ForbiddenInstruction }).forbidden });
            break;
          }
          if (rules.memoryGrowCost !== null) {
            for (let i = 0; i < body.code.length; i++) {
              const ins = body.code[i];
              if (ins.opcode === OP.memory_grow) {
                // rewritten in place: the instruction keeps its identity (offset_map.ts follows it)
                ins.opcode = OP.call;
                ins.index = totalFunc;
                needGrowCounter = true;
              }
            }
          }
        }
        break;
      case "export":
        for (const e of section.exports) if (e.kind === "func") e.index = shift(e.index);
        break;
      case "element":
        for (const seg of section.segments) seg.functionIndices = seg.functionIndices.map(shift);
        break;
      case "start":
        section.functionIndex = shift(section.functionIndex);
        break;
    }
  }
  if (failure) throw failure;
  if (!needGrowCounter || rules.memoryGrowCost === null) return module;

  // the memory.grow helper: charge pages x cost, then grow
  const withHelper = ModuleScaffold.from(module);
  withHelper.pushFunction(
    { params: [I32], results: [I32] },
    {
      locals: [],
      code: [
        { opcode: OP.local_get, index: 0 },
        { opcode: OP.local_get, index: 0 },
        { opcode: OP.i32_const, value: rules.memoryGrowCost | 0 },
        { opcode: OP.i32_mul },
        { opcode: OP.call, index: gasFunc },
        { opcode: OP.memory_grow, index: 0 },
        { opcode: OP.end },
      ],
    },
  );
  return withHelper.build();
}
