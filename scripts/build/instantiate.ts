// Instantiates a contract module outside the engine (the build's dry install, the API tests' stand-in
// host) with its memory handed in from outside, as Casper runs it: preprocessing turns the module's
// memory section into an `env.memory` import (host/wasm/externalize.ts, casper-wasm-utils
// `externalize_mem`), so a contract need not export its memory and the modules this build ships don't.
import { decodeModule } from "../../host/wasm/decode.ts";
import { encodeModule } from "../../host/wasm/encode.ts";
import { externalizeMemory } from "../../host/wasm/externalize.ts";
import { findSection } from "../../host/wasm/module.ts";

/** casper-node v1.5.8 chainspec wasm.max_memory (pages): the maximum a memory without one gets. */
const MAX_MEMORY_PAGES = 64;

export interface Instantiated {
  instance: WebAssembly.Instance;
  /** the module's linear memory */
  memory: WebAssembly.Memory;
}

const compiled = new WeakMap<Uint8Array, { module: WebAssembly.Module; limits: { initial: number; maximum?: number } | null }>();

/** `wasm` compiled with its memory section turned into an `env.memory` import (null limits: it had none). */
function compileWithImportedMemory(wasm: Uint8Array): { module: WebAssembly.Module; limits: { initial: number; maximum?: number } | null } {
  let c = compiled.get(wasm);
  if (!c) {
    const decoded = decodeModule(wasm);
    const memories = findSection(decoded, "memory")?.memories ?? [];
    if (memories.length === 0) {
      c = { module: new WebAssembly.Module(wasm as BufferSource), limits: null };
    } else {
      const { module, memory } = externalizeMemory(decoded, MAX_MEMORY_PAGES);
      c = { module: new WebAssembly.Module(encodeModule(module)), limits: { initial: memory.min, maximum: memory.max } };
    }
    compiled.set(wasm, c);
  }
  return c;
}

/**
 * Instantiates `wasm` with `imports`; its memory (declared in the module, exported or not) is created
 * here and passed as `env.memory`. A module that imports its memory already gets a fresh one too.
 */
export function instantiateWithMemory(wasm: Uint8Array, imports: WebAssembly.Imports): Instantiated {
  const { module, limits } = compileWithImportedMemory(wasm);
  let memory: WebAssembly.Memory | undefined;
  if (limits) {
    memory = new WebAssembly.Memory(limits);
  } else {
    const wanted = WebAssembly.Module.imports(module).find((i) => i.kind === "memory");
    if (wanted) throw new Error(`module imports its memory (${wanted.module}.${wanted.name}): give it a memory section instead`);
  }
  const env = { ...(imports.env ?? {}), ...(memory ? { memory } : {}) };
  const instance = new WebAssembly.Instance(module, { ...imports, env });
  memory ??= instance.exports.memory as WebAssembly.Memory | undefined;
  if (!memory) throw new Error("module has no memory");
  return { instance, memory };
}
