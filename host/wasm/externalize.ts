// The module's own memory becomes an `env.memory` import, as casper-wasm-utils v3.0.0 src/ext.rs
// `externalize_mem(module, None, max_memory)` does it: the LAST entry of the memory section is removed and
// imported instead, with maximum = max_memory when it declared none. One builder round trip (builder.ts).

import { ModuleScaffold } from "./builder.ts";
import type { Limits, WasmModule } from "./module.ts";

export function externalizeMemory(module: WasmModule, maxPages: number): { module: WasmModule; memory: Limits } {
  const s = ModuleScaffold.from(module);
  const entry = s.memories.pop();
  // wasm_prep checks for a non-empty memory section before calling this (casper-wasm-utils panics otherwise)
  if (!entry) throw new Error("externalizeMemory: the module has no memory entry");
  const memory: Limits = entry.max === undefined ? { min: entry.min, max: maxPages } : { min: entry.min, max: entry.max };
  s.pushImport({ module: "env", field: "memory", desc: { kind: "memory", limits: memory } });
  return { module: s.build(), memory };
}
