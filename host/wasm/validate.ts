// Function body validation as casper-wasmi's validation crate does it (validation/src/func.rs,
// context.rs, util.rs, stack.rs), with its error texts: the node validates the instrumented module
// when it instantiates it and reports `Interpreter error: Validation: <text>`, e.g.
// `Function #3 reading/validation error: At instruction GetLocal(5)(@2): Trying to access local with
// index 5 when there are only 2 locals`. Instructions are named as casper-wasm's `Instruction` Debug
// prints them. Only what reaches validation in Casper is covered: MVP integer instructions and
// sign-extension (floats, and every post-MVP feature, are refused earlier by preprocessing); anything
// else is named by its text name.

import { type BlockType, type FuncType, F32, F64, I32, I64, type Instruction, type ValType, findSection, moduleBodies, moduleFunctionTypeIndices, moduleGlobals, moduleImports, moduleTypes } from "./module.ts";
import { opcodeName } from "./opcodes.ts";

const STACK_LIMIT = 16384; // func.rs DEFAULT_VALUE_STACK_LIMIT, DEFAULT_FRAME_STACK_LIMIT

class ValidationError extends Error {}

const TYPE_NAME: Record<number, string> = { [I32]: "I32", [I64]: "I64", [F32]: "F32", [F64]: "F64" };
const typeName = (t: ValType) => TYPE_NAME[t] ?? `0x${t.toString(16)}`;

/** StackValueType: a value type, or Any (below an unreachable point). */
type StackType = ValType | "Any";
const stackTypeDebug = (t: StackType) => (t === "Any" ? "Any" : `Specific(${typeName(t)})`);

type Started = "Block" | "Loop" | "If" | "Else";
/** BlockType::NoResult | Value(t) */
type Result_ = ValType | undefined;
const blockDebug = (r: Result_) => (r === undefined ? "NoResult" : `Value(${typeName(r)})`);

interface Frame {
  started: Started;
  result: Result_;
  height: number;
  polymorphic: boolean;
}

// casper-wasm Instruction names by opcode (the ones validation can meet; others print their text name)
const NAMES: Record<number, string> = {
  0x00: "Unreachable", 0x01: "Nop", 0x05: "Else", 0x0b: "End", 0x0f: "Return", 0x1a: "Drop", 0x1b: "Select",
  0x45: "I32Eqz", 0x46: "I32Eq", 0x47: "I32Ne", 0x48: "I32LtS", 0x49: "I32LtU", 0x4a: "I32GtS", 0x4b: "I32GtU", 0x4c: "I32LeS", 0x4d: "I32LeU", 0x4e: "I32GeS", 0x4f: "I32GeU",
  0x50: "I64Eqz", 0x51: "I64Eq", 0x52: "I64Ne", 0x53: "I64LtS", 0x54: "I64LtU", 0x55: "I64GtS", 0x56: "I64GtU", 0x57: "I64LeS", 0x58: "I64LeU", 0x59: "I64GeS", 0x5a: "I64GeU",
  0x67: "I32Clz", 0x68: "I32Ctz", 0x69: "I32Popcnt", 0x6a: "I32Add", 0x6b: "I32Sub", 0x6c: "I32Mul", 0x6d: "I32DivS", 0x6e: "I32DivU", 0x6f: "I32RemS", 0x70: "I32RemU",
  0x71: "I32And", 0x72: "I32Or", 0x73: "I32Xor", 0x74: "I32Shl", 0x75: "I32ShrS", 0x76: "I32ShrU", 0x77: "I32Rotl", 0x78: "I32Rotr",
  0x79: "I64Clz", 0x7a: "I64Ctz", 0x7b: "I64Popcnt", 0x7c: "I64Add", 0x7d: "I64Sub", 0x7e: "I64Mul", 0x7f: "I64DivS", 0x80: "I64DivU", 0x81: "I64RemS", 0x82: "I64RemU",
  0x83: "I64And", 0x84: "I64Or", 0x85: "I64Xor", 0x86: "I64Shl", 0x87: "I64ShrS", 0x88: "I64ShrU", 0x89: "I64Rotl", 0x8a: "I64Rotr",
  0xa7: "I32WrapI64", 0xac: "I64ExtendSI32", 0xad: "I64ExtendUI32",
  0xc0: "SignExt(I32Extend8S)", 0xc1: "SignExt(I32Extend16S)", 0xc2: "SignExt(I64Extend8S)", 0xc3: "SignExt(I64Extend16S)", 0xc4: "SignExt(I64Extend32S)",
};
const MEMORY_NAMES: Record<number, [string, number, ValType, "load" | "store"]> = {
  0x28: ["I32Load", 4, I32, "load"], 0x29: ["I64Load", 8, I64, "load"], 0x2a: ["F32Load", 4, F32, "load"], 0x2b: ["F64Load", 8, F64, "load"],
  0x2c: ["I32Load8S", 1, I32, "load"], 0x2d: ["I32Load8U", 1, I32, "load"], 0x2e: ["I32Load16S", 2, I32, "load"], 0x2f: ["I32Load16U", 2, I32, "load"],
  0x30: ["I64Load8S", 1, I64, "load"], 0x31: ["I64Load8U", 1, I64, "load"], 0x32: ["I64Load16S", 2, I64, "load"], 0x33: ["I64Load16U", 2, I64, "load"],
  0x34: ["I64Load32S", 4, I64, "load"], 0x35: ["I64Load32U", 4, I64, "load"],
  0x36: ["I32Store", 4, I32, "store"], 0x37: ["I64Store", 8, I64, "store"], 0x38: ["F32Store", 4, F32, "store"], 0x39: ["F64Store", 8, F64, "store"],
  0x3a: ["I32Store8", 1, I32, "store"], 0x3b: ["I32Store16", 2, I32, "store"], 0x3c: ["I64Store8", 1, I64, "store"], 0x3d: ["I64Store16", 2, I64, "store"], 0x3e: ["I64Store32", 4, I64, "store"],
};

/** casper-wasm's `{:?}` of an instruction. */
export function instructionDebug(ins: Instruction): string {
  const op = ins.opcode;
  const bt = (b: BlockType | undefined) => (b?.kind === "value" ? `Value(${typeName(b.type)})` : "NoResult");
  switch (op) {
    case 0x02: return `Block(${bt(ins.blockType)})`;
    case 0x03: return `Loop(${bt(ins.blockType)})`;
    case 0x04: return `If(${bt(ins.blockType)})`;
    case 0x0c: return `Br(${ins.index})`;
    case 0x0d: return `BrIf(${ins.index})`;
    case 0x0e: return `BrTable(BrTableData { table: [${(ins.targets ?? []).join(", ")}], default: ${ins.defaultTarget} })`;
    case 0x10: return `Call(${ins.index})`;
    case 0x11: return `CallIndirect(${ins.index}, ${ins.index2 ?? 0})`;
    case 0x20: return `GetLocal(${ins.index})`;
    case 0x21: return `SetLocal(${ins.index})`;
    case 0x22: return `TeeLocal(${ins.index})`;
    case 0x23: return `GetGlobal(${ins.index})`;
    case 0x24: return `SetGlobal(${ins.index})`;
    case 0x3f: return "CurrentMemory(0)";
    case 0x40: return "GrowMemory(0)";
    case 0x41: return `I32Const(${ins.value})`;
    case 0x42: return `I64Const(${ins.value})`;
  }
  const mem = MEMORY_NAMES[op];
  if (mem) return `${mem[0]}(${ins.align}, ${ins.offset})`;
  return NAMES[op] ?? opcodeName(op);
}

/** unop/binop/testop/relop/cvtop of the integer instructions: [pops, push] */
function numericShape(op: number): [ValType[], ValType] | undefined {
  if (op === 0x45) return [[I32], I32];
  if (op >= 0x46 && op <= 0x4f) return [[I32, I32], I32];
  if (op === 0x50) return [[I64], I32];
  if (op >= 0x51 && op <= 0x5a) return [[I64, I64], I32];
  if (op >= 0x67 && op <= 0x69) return [[I32], I32];
  if (op >= 0x6a && op <= 0x78) return [[I32, I32], I32];
  if (op >= 0x79 && op <= 0x7b) return [[I64], I64];
  if (op >= 0x7c && op <= 0x8a) return [[I64, I64], I64];
  if (op === 0xa7) return [[I64], I32];
  if (op === 0xac || op === 0xad) return [[I32], I64];
  if (op === 0xc0 || op === 0xc1) return [[I32], I32];
  if (op >= 0xc2 && op <= 0xc4) return [[I64], I64];
  return undefined;
}

interface Context {
  types: FuncType[];
  /** type of each function in the function space (imports first) */
  functions: number[];
  globals: { type: ValType; mutable: boolean }[];
  hasMemory: boolean;
  hasTable: boolean;
}

function contextOf(module: Parameters<typeof moduleTypes>[0]): Context {
  const imports = moduleImports(module);
  const functions: number[] = [];
  const globals: Context["globals"] = [];
  let hasMemory = (findSection(module, "memory")?.memories.length ?? 0) > 0;
  let hasTable = (findSection(module, "table")?.tables.length ?? 0) > 0;
  for (const i of imports) {
    if (i.desc.kind === "func") functions.push(i.desc.typeIndex);
    else if (i.desc.kind === "global") globals.push({ type: i.desc.global.valType, mutable: i.desc.global.mutable });
    else if (i.desc.kind === "memory") hasMemory = true;
    else if (i.desc.kind === "table") hasTable = true;
  }
  functions.push(...moduleFunctionTypeIndices(module));
  for (const g of moduleGlobals(module)) globals.push({ type: g.type.valType, mutable: g.type.mutable });
  return { types: moduleTypes(module), functions, globals, hasMemory, hasTable };
}

/**
 * The validation error casper-wasmi reports for the first function body that does not validate, in
 * its words, or undefined when every body validates.
 */
export function functionValidationError(module: Parameters<typeof moduleTypes>[0]): string | undefined {
  const ctx = contextOf(module);
  const typeIndices = moduleFunctionTypeIndices(module);
  const bodies = moduleBodies(module);
  for (let index = 0; index < bodies.length; index++) {
    const type = ctx.types[typeIndices[index]];
    if (!type) continue; // refused earlier (a missing type index is a preprocessing error)
    try {
      validateBody(ctx, type, bodies[index].locals.flatMap((g) => Array<ValType>(g.count).fill(g.type)), bodies[index].code);
    } catch (e) {
      if (e instanceof ValidationError) return `Function #${index} reading/validation error: ${e.message}`;
      throw e;
    }
  }
  return undefined;
}

function validateBody(ctx: Context, type: FuncType, declared: ValType[], code: readonly Instruction[]): void {
  if (code.length === 0) throw new ValidationError("Non-empty function body expected");
  const locals = [...type.params, ...declared];
  const result: Result_ = type.results[0];
  const values: StackType[] = [];
  const frames: Frame[] = [];
  const fail = (m: string): never => {
    throw new Error(m);
  };
  const push = (t: StackType) => {
    if (values.length >= STACK_LIMIT) fail(`Stack: exceeded stack limit ${STACK_LIMIT}`);
    values.push(t);
  };
  const top = () => frames[frames.length - 1];
  const pushLabel = (started: Started, r: Result_) => {
    if (frames.length >= STACK_LIMIT) fail(`Stack: exceeded stack limit ${STACK_LIMIT}`);
    frames.push({ started, result: r, height: values.length, polymorphic: false });
  };
  const pop = (expected: StackType): StackType => {
    const frame = top();
    let actual: StackType;
    if (values.length === frame.height && frame.polymorphic) actual = "Any";
    else {
      if (values.length <= frame.height) fail("Trying to access parent frame stack values.");
      actual = values.pop()!;
    }
    if (actual === "Any" || expected === "Any" || actual === expected) return actual;
    return fail(`Expected value of type ${stackTypeDebug(expected)} on top of stack. Got ${stackTypeDebug(actual)}`);
  };
  const tee = (t: StackType) => {
    pop(t);
    push(t);
  };
  const popLabel = () => {
    const frame = top();
    if (frame.result !== undefined) pop(frame.result);
    frames.pop();
    if (values.length !== frame.height) fail(`Unexpected stack height ${values.length}, expected ${frame.height}`);
  };
  const polymorphic = () => {
    const frame = top();
    values.length = frame.height;
    frame.polymorphic = true;
  };
  const label = (depth: number): Frame => {
    if (depth >= frames.length) fail(`Stack: trying to get value at position ${depth} on stack of size ${frames.length}`);
    return frames[frames.length - 1 - depth];
  };
  const local = (i: number): ValType => {
    if (i >= locals.length) fail(`Trying to access local with index ${i} when there are only ${locals.length} locals`);
    return locals[i];
  };
  const global = (i: number, mutable?: boolean) => {
    const g = ctx.globals[i];
    if (!g) fail(`Global at index ${i} doesn't exists`);
    if (mutable === true && !g!.mutable) fail(`Expected global ${i} to be mutable`);
    return g!;
  };
  const funcType = (typeIndex: number): FuncType => ctx.types[typeIndex] ?? fail(`Type at index ${typeIndex} doesn't exists`);
  const memory = () => {
    if (!ctx.hasMemory) fail("Memory at index 0 doesn't exists");
  };
  const call = (t: FuncType) => {
    for (const p of [...t.params].reverse()) pop(p);
    if (t.results[0] !== undefined) push(t.results[0]);
  };
  const blockResult = (b: BlockType | undefined): Result_ => (b?.kind === "value" ? b.type : undefined);

  pushLabel("Block", result);
  code.forEach((ins, position) => {
    try {
      const op = ins.opcode;
      const shape = numericShape(op);
      if (shape) {
        for (const t of [...shape[0]].reverse()) pop(t);
        push(shape[1]);
        return;
      }
      const mem = MEMORY_NAMES[op];
      if (mem) {
        const [, max, t, kind] = mem;
        const align = ins.align ?? 0;
        if (align >= 32 || 2 ** align > max) fail(`Too large memory alignment 2^${align} (expected at most ${max})`);
        if (kind === "load") {
          pop(I32);
          memory();
          push(t);
        } else {
          memory();
          pop(t);
          pop(I32);
        }
        return;
      }
      switch (op) {
        case 0x00: polymorphic(); break;
        case 0x01: break;
        case 0x02: pushLabel("Block", blockResult(ins.blockType)); break;
        case 0x03: pushLabel("Loop", blockResult(ins.blockType)); break;
        case 0x04: pop(I32); pushLabel("If", blockResult(ins.blockType)); break;
        case 0x05: {
          const f = top();
          if (f.started !== "If") fail("Misplaced else instruction");
          popLabel();
          pushLabel("Else", f.result);
          break;
        }
        case 0x0b: {
          const f = top();
          if (f.started === "If" && f.result !== undefined) fail(`If block without else required to have NoResult block type. But it has ${blockDebug(f.result)} type`);
          if (frames.length === 1) {
            if (result !== undefined) tee(result);
            popLabel();
          } else {
            popLabel();
            if (f.result !== undefined) push(f.result);
          }
          break;
        }
        case 0x0c: case 0x0d: {
          if (op === 0x0d) pop(I32);
          const f = label(ins.index ?? 0);
          if (f.started !== "Loop" && f.result !== undefined) tee(f.result);
          if (op === 0x0c) polymorphic();
          break;
        }
        case 0x0e: {
          const resultOf = (f: Frame) => (f.started === "Loop" ? undefined : f.result);
          const required = resultOf(label(ins.defaultTarget ?? 0));
          for (const t of ins.targets ?? []) {
            const f = label(t);
            if (resultOf(f) !== required) fail(`Labels in br_table points to block of different types: ${blockDebug(required)} and ${blockDebug(f.result)}`);
          }
          pop(I32);
          if (required !== undefined) tee(required);
          polymorphic();
          break;
        }
        case 0x0f: if (result !== undefined) tee(result); polymorphic(); break;
        case 0x10: {
          const t = ctx.functions[ins.index ?? 0];
          if (t === undefined) fail(`Function at index ${ins.index} doesn't exists`);
          call(funcType(t!));
          break;
        }
        case 0x11: {
          if (!ctx.hasTable) fail("Table at index 0 doesn't exists");
          pop(I32);
          call(funcType(ins.index ?? 0));
          break;
        }
        case 0x1a: pop("Any"); break;
        case 0x1b: {
          pop(I32);
          const t = pop("Any");
          pop(t);
          push(t);
          break;
        }
        case 0x20: push(local(ins.index ?? 0)); break;
        case 0x21: {
          const t = local(ins.index ?? 0);
          const v = pop("Any");
          if (v !== "Any" && v !== t) fail(`Trying to update local ${ins.index} of type ${typeName(t)} with value of type ${stackTypeDebug(v)}`);
          break;
        }
        case 0x22: tee(local(ins.index ?? 0)); break;
        case 0x23: push(global(ins.index ?? 0).type); break;
        case 0x24: {
          const g = global(ins.index ?? 0, true);
          const v = pop("Any");
          if (v !== "Any" && v !== g.type) fail(`Trying to update global ${ins.index} of type ${stackTypeDebug(g.type)} with value of type ${stackTypeDebug(v)}`);
          break;
        }
        case 0x3f: memory(); push(I32); break;
        case 0x40: memory(); pop(I32); push(I32); break;
        case 0x41: push(I32); break;
        case 0x42: push(I64); break;
        case 0x43: push(F32); break;
        case 0x44: push(F64); break;
        default: break; // floats and post-MVP instructions never get here (preprocessing refuses them)
      }
    } catch (e) {
      throw new ValidationError(`At instruction ${instructionDebug(ins)}(@${position}): ${(e as Error).message}`);
    }
  });
}

/** validation/src/lib.rs expr_const_type: the type of an init expression, or its error. */
function constExprType(expr: readonly Instruction[], globals: readonly { type: ValType; mutable: boolean }[]): ValType {
  if (expr.length !== 2) throw new ValidationError("Init expression should always be with length 2");
  let type: ValType;
  const first = expr[0];
  switch (first.opcode) {
    case 0x41: type = I32; break;
    case 0x42: type = I64; break;
    case 0x43: type = F32; break;
    case 0x44: type = F64; break;
    case 0x23: {
      const g = globals[first.index ?? 0];
      if (!g) throw new ValidationError(`Global ${first.index} doesn't exists or not yet defined`);
      if (g.mutable) throw new ValidationError(`Global ${first.index} is mutable`);
      type = g.type;
      break;
    }
    default:
      throw new ValidationError("Non constant opcode in init expr");
  }
  if (expr[1].opcode !== 0x0b) throw new ValidationError("Expression doesn't ends with `end` opcode");
  return type;
}

/**
 * casper-wasmi's validation of a module, in its order (validation/src/lib.rs validate_module): global
 * initializers (against the imported globals), function bodies, then data and element segment
 * offsets. Undefined when it all validates.
 */
export function moduleValidationError(module: Parameters<typeof moduleTypes>[0]): string | undefined {
  const imported = moduleImports(module).flatMap((i) => (i.desc.kind === "global" ? [{ type: i.desc.global.valType, mutable: i.desc.global.mutable }] : []));
  try {
    for (const g of moduleGlobals(module)) {
      const t = constExprType(g.init, imported);
      if (t !== g.type.valType) throw new ValidationError(`Trying to initialize variable of type ${typeName(g.type.valType)} with value of type ${typeName(t)}`);
    }
  } catch (e) {
    if (e instanceof ValidationError) return e.message;
    throw e;
  }
  const body = functionValidationError(module);
  if (body) return body;
  const globals = contextOf(module).globals;
  try {
    for (const d of findSection(module, "data")?.segments ?? []) {
      if (!d.offset) throw new ValidationError("passive memory segments are not supported");
      if (constExprType(d.offset, globals) !== I32) throw new ValidationError("segment offset should return I32");
    }
    for (const el of findSection(module, "element")?.segments ?? []) {
      if (constExprType(el.offset, globals) !== I32) throw new ValidationError("segment offset should return I32");
    }
  } catch (e) {
    if (e instanceof ValidationError) return e.message;
    throw e;
  }
  return undefined;
}

/**
 * casper-wasmi module.rs instantiation: element segments must fit the table (`elements segment does
 * not fit`), then each data segment the memory of `memoryPages` pages (memory/mod.rs checked_region:
 * `trying to access region [a..b] in memory [0..n]`). Offsets are i32.const here (Casper modules
 * import no globals).
 */
export function segmentFitError(module: Parameters<typeof moduleTypes>[0], memoryPages: number): string | undefined {
  const offsetOf = (expr: readonly Instruction[]) => (expr[0]?.opcode === 0x41 ? Number(expr[0].value) >>> 0 : undefined);
  const tableImport = moduleImports(module).find((i) => i.desc.kind === "table");
  const tableSize = tableImport?.desc.kind === "table" ? tableImport.desc.table.limits.min : findSection(module, "table")?.tables[0]?.limits.min ?? 0;
  for (const el of findSection(module, "element")?.segments ?? []) {
    const offset = offsetOf(el.offset);
    if (offset !== undefined && offset + el.functionIndices.length > tableSize) return "elements segment does not fit";
  }
  const bytes = memoryPages * 65536;
  for (const d of findSection(module, "data")?.segments ?? []) {
    const offset = d.offset ? offsetOf(d.offset) : undefined;
    if (offset === undefined) continue;
    const end = offset + d.bytes.length;
    if (end > bytes) return `trying to access region [${offset}..${end}] in memory [0..${bytes}]`;
  }
  return undefined;
}
