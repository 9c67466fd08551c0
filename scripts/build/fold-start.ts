// Removes the start function AssemblyScript emits for module-level initializers (Casper rejects a
// start section: casper-node v1.5.8 wasm_prep.rs UnsupportedWasmStart). In a contract it only sets
// globals to constants (the heap's first free address: assembly/rt/casper_heap.ts; static data
// addresses); each such constant becomes the global's initial value. A start doing anything else
// is an error: it cannot be folded safely.
import binaryen from "assemblyscript/binaryen";

export class StartNotFoldableError extends Error {}

/** Folds the start function of `module` in place (nothing to do without one). */
export function foldStartIn(module: binaryen.Module): void {
  const start = module.getStart();
  if (!start) return;
  const fn = binaryen.getFunctionInfo(start);
  const constants = new Map<string, number>();
  for (const expr of flattenStatements(fn.body)) {
    const info = binaryen.getExpressionInfo(expr);
    if (info.id === binaryen.NopId) continue;
    // re-optimizing can leave a dropped constant where an unused global was set
    if (info.id === binaryen.DropId && binaryen.getExpressionId((info as binaryen.DropInfo).value) === binaryen.ConstId) continue;
    if (info.id !== binaryen.GlobalSetId) {
      throw new StartNotFoldableError(`start function ${fn.name} does more than set globals to constants (expression id ${info.id})`);
    }
    const set = info as binaryen.GlobalSetInfo;
    const value = binaryen.getExpressionInfo(set.value);
    if (value.id !== binaryen.ConstId || value.type !== binaryen.i32) {
      throw new StartNotFoldableError(`start function ${fn.name} sets global ${set.name} to a computed value`);
    }
    constants.set(set.name, (value as binaryen.ConstInfo).value as number);
  }
  for (const [name, value] of constants) {
    const g = binaryen.getGlobalInfo(module.getGlobal(name));
    if (g.module) throw new StartNotFoldableError(`start function sets imported global ${name}`);
    module.removeGlobal(name);
    module.addGlobal(name, g.type, g.mutable, module.i32.const(value));
  }
  module.setStart(0);
  module.removeFunction(fn.name);
}

/** Bytes in, bytes out: `wasm` without its start function. */
export function foldStart(wasm: Uint8Array, keepNames: boolean): Uint8Array {
  const module = binaryen.readBinary(wasm);
  try {
    module.setFeatures(binaryen.Features.MVP);
    if (!module.getStart()) return wasm;
    foldStartIn(module);
    if (!module.validate()) throw new StartNotFoldableError("module is invalid after folding its start function");
    binaryen.setDebugInfo(keepNames);
    return module.emitBinary();
  } finally {
    binaryen.setDebugInfo(false);
    module.dispose();
  }
}

function flattenStatements(expr: number): number[] {
  const info = binaryen.getExpressionInfo(expr);
  if (info.id !== binaryen.BlockId) return [expr];
  return (info as binaryen.BlockInfo).children.flatMap(flattenStatements);
}
