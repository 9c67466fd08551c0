// Maximum value-stack height of a function body, computed exactly as casper-wasm-utils v3.0.0
// src/stack_height/max_height.rs does it, quirks included:
//  - the height is sampled BEFORE each instruction, and not inside unreachable (polymorphic) code;
//  - `else` does not reset the height, so an if/else counts both arms' values on top of each other;
//  - popping in polymorphic code stops at the frame's start height only when exactly there.
// The stack limiter (stack_limiter.ts) charges this plus the declared locals per call.

import { type FuncType, type Instruction, type WasmModule, functionType, moduleBodies, moduleFunctionTypeIndices, moduleTypes } from "./module.ts";
import { OP } from "./opcodes.ts";

export class StackLimiterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackLimiterError";
  }
}

interface Frame {
  isPolymorphic: boolean;
  endArity: number;
  branchArity: number;
  startHeight: number;
}

class Stack {
  height = 0;
  readonly control: Frame[] = [];

  frame(relDepth: number): Frame {
    const idx = this.control.length - 1 - relDepth;
    if (this.control.length === 0) throw new StackLimiterError("control stack is empty");
    if (idx < 0) throw new StackLimiterError("control stack out-of-bounds");
    return this.control[idx];
  }

  markUnreachable(): void {
    const top = this.control[this.control.length - 1];
    if (!top) throw new StackLimiterError("stack must be non-empty");
    top.isPolymorphic = true;
  }

  popFrame(): Frame {
    const f = this.control.pop();
    if (!f) throw new StackLimiterError("stack must be non-empty");
    return f;
  }

  push(count: number): void {
    this.height += count;
    if (this.height > 0xffffffff) throw new StackLimiterError("stack overflow");
  }

  pop(count: number): void {
    if (count === 0) return;
    const top = this.frame(0);
    if (this.height === top.startHeight) {
      if (top.isPolymorphic) return;
      throw new StackLimiterError("trying to pop more values than pushed");
    }
    if (count > this.height) throw new StackLimiterError("stack underflow");
    this.height -= count;
  }
}

// [pops, pushes] of the instructions with a fixed stack effect (all but control flow and calls)
const EFFECT = new Map<number, [number, number]>();
function effect(from: number, to: number, pops: number, pushes: number): void {
  for (let op = from; op <= to; op++) EFFECT.set(op, [pops, pushes]);
}
effect(0x1a, 0x1a, 1, 0); // drop
effect(0x20, 0x20, 0, 1); // local.get
effect(0x21, 0x21, 1, 0); // local.set
effect(0x22, 0x22, 1, 1); // local.tee
effect(0x23, 0x23, 0, 1); // global.get
effect(0x24, 0x24, 1, 0); // global.set
effect(0x28, 0x35, 1, 1); // loads
effect(0x36, 0x3e, 2, 0); // stores
effect(0x3f, 0x3f, 0, 1); // memory.size
effect(0x40, 0x40, 1, 1); // memory.grow
effect(0x41, 0x44, 0, 1); // consts
effect(0x45, 0x45, 1, 1); // i32.eqz
effect(0x46, 0x4f, 2, 1);
effect(0x50, 0x50, 1, 1); // i64.eqz
effect(0x51, 0x66, 2, 1); // comparisons
effect(0x67, 0x69, 1, 1); // i32 clz/ctz/popcnt
effect(0x6a, 0x78, 2, 1);
effect(0x79, 0x7b, 1, 1); // i64 clz/ctz/popcnt
effect(0x7c, 0x8a, 2, 1);
effect(0x8b, 0x91, 1, 1); // f32 unary
effect(0x92, 0x98, 2, 1);
effect(0x99, 0x9f, 1, 1); // f64 unary
effect(0xa0, 0xa6, 2, 1);
effect(0xa7, 0xbf, 1, 1); // conversions and reinterprets
effect(0xc0, 0xc4, 1, 1); // sign extension

function blockArity(ins: Instruction): number {
  return ins.blockType!.kind === "empty" ? 0 : 1;
}

/** Max stack height of defined function `definedIndex` (0 = first body). */
export function computeMaxHeight(module: WasmModule, definedIndex: number, funcTypes?: (FuncType | undefined)[]): number {
  const typeIndices = moduleFunctionTypeIndices(module);
  const types = moduleTypes(module);
  const bodies = moduleBodies(module);
  const sigIndex = typeIndices[definedIndex];
  if (sigIndex === undefined) throw new StackLimiterError("Function is not found in func section");
  const signature = types[sigIndex];
  if (!signature) throw new StackLimiterError("Function is not found in func section");
  const body = bodies[definedIndex];
  if (!body) throw new StackLimiterError("Function body for the index isn't found");
  const code = body.code;
  const typeOf = (funcIndex: number): FuncType => {
    const t = funcTypes ? funcTypes[funcIndex] : functionType(module, funcIndex);
    if (!t) throw new StackLimiterError(`Function at index ${funcIndex} is not defined`);
    return t;
  };

  const stack = new Stack();
  let maxHeight = 0;
  const funcArity = signature.results.length;
  stack.control.push({ isPolymorphic: false, endArity: funcArity, branchArity: funcArity, startHeight: 0 });

  for (let pc = 0; pc < code.length; pc++) {
    if (stack.height > maxHeight && !stack.frame(0).isPolymorphic) maxHeight = stack.height;
    const ins = code[pc];
    const op = ins.opcode;
    switch (op) {
      case OP.nop:
      case OP.else:
        break;
      case OP.block:
      case OP.loop:
      case OP.if: {
        const endArity = blockArity(ins);
        const branchArity = op === OP.loop ? 0 : endArity;
        if (op === OP.if) stack.pop(1);
        stack.control.push({ isPolymorphic: false, endArity, branchArity, startHeight: stack.height });
        break;
      }
      case OP.end: {
        const frame = stack.popFrame();
        stack.height = frame.startHeight;
        stack.push(frame.endArity);
        break;
      }
      case OP.unreachable:
        stack.markUnreachable();
        break;
      case OP.br: {
        stack.pop(stack.frame(ins.index!).branchArity);
        stack.markUnreachable();
        break;
      }
      case OP.br_if: {
        const arity = stack.frame(ins.index!).branchArity;
        stack.pop(arity);
        stack.pop(1);
        stack.push(arity);
        break;
      }
      case OP.br_table: {
        const arity = stack.frame(ins.defaultTarget!).branchArity;
        for (const t of ins.targets!) {
          if (stack.frame(t).branchArity !== arity) throw new StackLimiterError("Arity of all jump-targets must be equal");
        }
        stack.pop(arity);
        stack.markUnreachable();
        break;
      }
      case OP.return:
        stack.pop(funcArity);
        stack.markUnreachable();
        break;
      case OP.call: {
        const t = typeOf(ins.index!);
        stack.pop(t.params.length);
        stack.push(t.results.length);
        break;
      }
      case OP.call_indirect: {
        const t = types[ins.index!];
        if (!t) throw new StackLimiterError("Type not found");
        stack.pop(1);
        stack.pop(t.params.length);
        stack.push(t.results.length);
        break;
      }
      case OP.select:
        stack.pop(2);
        stack.pop(1);
        stack.push(1);
        break;
      default: {
        const e = EFFECT.get(op);
        if (!e) throw new StackLimiterError(`unsupported instruction 0x${op.toString(16)}`);
        stack.pop(e[0]);
        stack.push(e[1]);
      }
    }
  }
  return maxHeight;
}
