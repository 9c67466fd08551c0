// What the build does to asc's output before checking it: literal names pre-encoded to UTF-8
// (static-names.ts, then the optimizer folds them at the levels of the target, and their lengths
// are folded into the code), the start function AssemblyScript emits for constant global
// initializers (the heap's first address) folded away (fold-start.ts), neighbouring data segments
// merged, a memory given to a module that has none, names kept for the debug variant only.
import binaryen from "assemblyscript/binaryen";
import { preEncodeStaticNames, foldNameLengths, locateNames, packDataSegments, KEEP_NAME_BYTES_EXPORT, OBSERVED_MEMORY_EXPORT } from "./static-names.ts";
import { foldStartIn } from "./fold-start.ts";

export class PostProcessError extends Error {}

export interface PostProcessOptions {
  /** binaryen levels for the re-optimization after pre-encoding names (asconfig.json's target values) */
  optimizeLevel: number;
  shrinkLevel: number;
  /** keep the name section (debug variant) */
  keepNames: boolean;
  /** pre-encode literal names (default true; off only to compare in tests) */
  staticNames?: boolean;
  /** static data known to hold no pointers (see preEncodeStaticNames) */
  opaqueData?: readonly Uint8Array[];
  /** pre-encoded names in static data (the class form's; see locateNames) */
  names?: readonly Uint8Array[];
}

/** `wasm` as asc built it (with names, --debug) -> the module the build ships. */
export function postProcess(wasm: Uint8Array, options: PostProcessOptions): Uint8Array {
  const module = binaryen.readBinary(wasm);
  const levels = [binaryen.getOptimizeLevel(), binaryen.getShrinkLevel()];
  try {
    module.setFeatures(binaryen.Features.MVP);
    if (removeExport(module, KEEP_NAME_BYTES_EXPORT)) module.runPasses(["remove-unused-module-elements"]);
    // The host reads the memory (names, args, entry points it is handed), which binaryen cannot see when
    // the memory is not exported: while re-optimizing, export it, so that data only the host reads stays.
    // (compile.ts exports it already while asc optimizes; asc output from elsewhere gets it here)
    const observed = hasExport(module, OBSERVED_MEMORY_EXPORT) || (!hasMemoryExport(module) && module.hasMemory());
    if (observed && !hasExport(module, OBSERVED_MEMORY_EXPORT)) module.addMemoryExport("0", OBSERVED_MEMORY_EXPORT);
    const names = options.staticNames === false ? { folded: 0, names: new Map<number, number>() } : preEncodeStaticNames(module, { opaqueData: options.opaqueData });
    // the names the class form's generated code holds as static data are read-only names too
    const generated = options.staticNames === false ? new Map<number, number>() : locateNames(module, options.names ?? []);
    if (names.folded > 0 || generated.size > 0) {
      binaryen.setOptimizeLevel(options.optimizeLevel);
      binaryen.setShrinkLevel(options.shrinkLevel);
      if (names.folded > 0) module.optimize();
      // the optimizer has folded the names' addresses into the code: now their lengths can be too
      if (foldNameLengths(module, new Map([...names.names, ...generated])) > 0) module.optimize();
    }
    foldStartIn(module);
    packDataSegments(module);
    if (observed) removeExport(module, OBSERVED_MEMORY_EXPORT);
    ensureMemory(module);
    if (!module.validate()) throw new PostProcessError("module is invalid after post-processing");
    if (hasMemoryExport(module) && hasExport(module, OBSERVED_MEMORY_EXPORT)) throw new PostProcessError("the memory export used while optimizing is still there");
    binaryen.setDebugInfo(options.keepNames);
    return module.emitBinary();
  } finally {
    binaryen.setOptimizeLevel(levels[0]);
    binaryen.setShrinkLevel(levels[1]);
    binaryen.setDebugInfo(false);
    module.dispose();
  }
}

function hasExport(module: binaryen.Module, name: string): boolean {
  for (let i = 0; i < module.getNumExports(); i++) if (binaryen.getExportInfo(module.getExportByIndex(i)).name === name) return true;
  return false;
}

function hasMemoryExport(module: binaryen.Module): boolean {
  for (let i = 0; i < module.getNumExports(); i++) if (binaryen.getExportInfo(module.getExportByIndex(i)).kind === binaryen.ExternalMemory) return true;
  return false;
}

/** Removes export `name`; returns whether there was one. */
function removeExport(module: binaryen.Module, name: string): boolean {
  for (let i = 0; i < module.getNumExports(); i++) {
    if (binaryen.getExportInfo(module.getExportByIndex(i)).name === name) {
      module.removeExport(name);
      return true;
    }
  }
  return false;
}

/**
 * A module that never touches memory comes out of binaryen without a memory section, which Casper
 * requires (casper-node v1.5.8 wasm_prep.rs: "Memory section should exist"): give it one page.
 */
function ensureMemory(module: binaryen.Module): void {
  if (!module.hasMemory()) module.setMemory(1, -1, null, []);
}
