// Thunks for the stack limiter, as casper-wasm-utils v3.0.0 src/stack_height/thunk.rs generates them:
// a function called from outside (an export, a table element, the start function) would not pass through any
// instrumented `call`, so each such function with a non-zero stack cost gets a thunk with its signature —
// `local.get` of every param, then the instrumented call — appended in ascending order of the original
// index, and the export / element / start entries are redirected to it. One builder round trip.

import { ModuleScaffold } from "./builder.ts";
import { type FuncType, type Instruction, type WasmModule, functionType, functionSpaceSize, moduleExports } from "./module.ts";
import { StackLimiterError } from "./max_height.ts";
import { OP } from "./opcodes.ts";
import { instrumentCall, type LimiterContext } from "./stack_limiter.ts";

export function generateThunks(ctx: LimiterContext, module: WasmModule): WasmModule {
  const candidates = new Set<number>();
  for (const e of moduleExports(module)) if (e.kind === "func") candidates.add(e.index);
  for (const s of module.sections) {
    if (s.kind === "element") for (const seg of s.segments) for (const f of seg.functionIndices) candidates.add(f);
    if (s.kind === "start") candidates.add(s.functionIndex);
  }
  const replacement = new Map<number, { signature: FuncType; cost: number; thunkIndex: number }>();
  let nextFuncIndex = functionSpaceSize(module);
  for (const funcIndex of [...candidates].sort((a, b) => a - b)) {
    const cost = ctx.funcStackCosts[funcIndex];
    if (cost === undefined) throw new StackLimiterError(`function with idx ${funcIndex} isn't found`);
    if (cost === 0) continue;
    const signature = functionType(module, funcIndex);
    if (!signature) throw new StackLimiterError(`Function at index ${funcIndex} is not defined`);
    replacement.set(funcIndex, { signature, cost, thunkIndex: -1 });
  }

  const scaffold = ModuleScaffold.from(module);
  for (const [funcIndex, thunk] of replacement) {
    const code: Instruction[] = thunk.signature.params.map((_, i) => ({ opcode: OP.local_get, index: i }));
    code.push(...instrumentCall(ctx, funcIndex, thunk.cost), { opcode: OP.end });
    scaffold.pushFunction({ params: [...thunk.signature.params], results: [...thunk.signature.results] }, { locals: [], code });
    thunk.thunkIndex = nextFuncIndex++;
  }
  const out = scaffold.build();

  const fixup = (f: number) => replacement.get(f)?.thunkIndex ?? f;
  for (const s of out.sections) {
    if (s.kind === "export") for (const e of s.exports) if (e.kind === "func") e.index = fixup(e.index);
    if (s.kind === "element") for (const seg of s.segments) seg.functionIndices = seg.functionIndices.map(fixup);
    if (s.kind === "start") s.functionIndex = fixup(s.functionIndex);
  }
  return out;
}
