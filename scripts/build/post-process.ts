// What the build does to asc's output before checking it: literal names pre-encoded to UTF-8
// (static-names.ts, then the optimizer folds them at the levels of the target, and their lengths
// are folded into the code), the start function AssemblyScript emits for constant global
// initializers (the heap's first address) folded away (fold-start.ts), names kept for the debug
// variant only. The build runs it on asc's own module (postProcessAtEmit), so asc's source map describes
// the bytes shipped.
import binaryen from "assemblyscript/binaryen";
import { preEncodeStaticNames, foldNameLengths } from "./static-names.ts";
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
}

/**
 * Post-processes asc's module in place (the build calls this on asc's own module just before asc emits
 * it, so asc's debug locations survive and the source map it writes describes the shipped bytes).
 * Leaves binaryen's global optimize/shrink levels as it found them.
 */
export function postProcessModule(module: binaryen.Module, options: Omit<PostProcessOptions, "keepNames">): void {
  const levels = [binaryen.getOptimizeLevel(), binaryen.getShrinkLevel()];
  try {
    module.setFeatures(binaryen.Features.MVP);
    const names = options.staticNames === false ? { folded: 0, names: new Map<number, number>() } : preEncodeStaticNames(module);
    if (names.folded > 0) {
      binaryen.setOptimizeLevel(options.optimizeLevel);
      binaryen.setShrinkLevel(options.shrinkLevel);
      module.optimize();
      // the optimizer has folded the names' addresses into the code: now their lengths can be too
      if (foldNameLengths(module, names.names) > 0) module.optimize();
    }
    foldStartIn(module);
    if (!module.validate()) throw new PostProcessError("module is invalid after post-processing");
  } finally {
    binaryen.setOptimizeLevel(levels[0]);
    binaryen.setShrinkLevel(levels[1]);
  }
}

/** `wasm` as asc built it (with names, --debug) -> the module the build ships (bytes in, bytes out). */
export function postProcess(wasm: Uint8Array, options: PostProcessOptions): Uint8Array {
  const module = binaryen.readBinary(wasm);
  try {
    postProcessModule(module, options);
    binaryen.setDebugInfo(options.keepNames);
    return module.emitBinary();
  } finally {
    binaryen.setDebugInfo(false);
    module.dispose();
  }
}

/**
 * An asc transform that runs `postProcessModule` on asc's module when asc emits its output file (asc
 * 0.28 passes the source map URL, or null without --sourceMap; the argument-less calls of --converge
 * only measure sizes).
 */
export function postProcessAtEmit(options: Omit<PostProcessOptions, "keepNames">): { afterCompile(module: binaryen.Module): void } {
  return {
    afterCompile(module) {
      const emit = module.emitBinary.bind(module) as (url?: string | null) => unknown;
      let done = false;
      (module as { emitBinary: unknown }).emitBinary = (url?: string | null) => {
        if (url !== undefined && !done) {
          postProcessModule(module, options);
          done = true;
        }
        return emit(url);
      };
    },
  };
}
