// The engine's ModuleLoader: deploy module bytes go through host/wasm's prepareModule (rejecting
// what casper-node rejects, with its error names); stored contract wasm is already prepared and is
// only compiled. Both are cached by the identity of the byte array (stored values are immutable and
// shared, so a contract called again is never decoded or compiled twice) on top of prepareModule's
// own content cache. Stored wasm is pruned to the entry points the way casper-node stores it.

import { WasmPreprocessError } from "../wasm/errors.ts";
import { FunctionNotFoundError, storedContractWasm } from "../wasm/optimizer.ts";
import { type CostTable, prepareModule, prepareStoredModule, type PreparedModule } from "../wasm/prepare.ts";
import { ExecError, execErrors } from "../runtime/errors.ts";
import type { LoadedModule, ModuleLoader } from "../runtime/modules.ts";

interface Loaded extends LoadedModule {
  /** the bytes add_contract_version stores (the preprocessed module) */
  readonly prepared: Uint8Array;
}

export function preprocessError(e: WasmPreprocessError): ExecError {
  const issue = e.issues[0] ?? { code: e.code, message: e.message };
  if (issue.code === "Interpreter") return ExecError.interpreter(issue.message);
  if (issue.code === "UnsupportedWasmStart") return execErrors.unsupportedWasmStart();
  return execErrors.wasmPreprocessing(`${issue.code}: ${issue.message}`);
}

export class EngineModuleLoader implements ModuleLoader {
  private readonly sessions = new WeakMap<Uint8Array, Loaded | ExecError>();
  private readonly stored = new WeakMap<Uint8Array, Loaded | ExecError>();

  constructor(
    private readonly protocol: "1.5.8" | "2.0.0",
    private readonly metered: boolean,
    private readonly maxMemoryPages: number,
    /** the engine's chainspec (with the user's overrides): its opcode costs instrument the modules */
    private readonly costs?: CostTable,
  ) {}

  prepare(bytes: Uint8Array): LoadedModule {
    const hit = this.sessions.get(bytes);
    if (hit instanceof ExecError) throw hit;
    if (hit) return hit;
    let loaded: Loaded | ExecError;
    try {
      const p: PreparedModule = prepareModule(bytes, { protocol: this.protocol, metered: this.metered, maxMemoryPages: this.maxMemoryPages, costs: this.costs });
      loaded = { module: p.module, memory: p.memory, exports: new Set(p.exports), imports: p.hostImports, metered: p.metered, prepared: p.bytes };
    } catch (e) {
      if (!(e instanceof WasmPreprocessError)) throw e;
      loaded = preprocessError(e);
    }
    this.sessions.set(bytes, loaded);
    if (loaded instanceof ExecError) throw loaded;
    return loaded;
  }

  loadStored(bytes: Uint8Array): LoadedModule {
    const hit = this.stored.get(bytes);
    if (hit instanceof ExecError) throw hit;
    if (hit) return hit;
    let loaded: Loaded | ExecError;
    try {
      const p = prepareStoredModule(bytes, { protocol: this.protocol, maxMemoryPages: this.maxMemoryPages });
      loaded = { module: p.module, memory: p.memory, exports: new Set(p.exports), imports: p.hostImports, metered: p.metered, prepared: p.bytes };
    } catch (e) {
      if (!(e instanceof WasmPreprocessError)) throw e;
      loaded = preprocessError(e);
    }
    this.stored.set(bytes, loaded);
    if (loaded instanceof ExecError) throw loaded;
    return loaded;
  }

  /** wasm_prep::get_module_from_entry_points: the preprocessed module pruned to the entry points. */
  storedBytesFor(module: LoadedModule, entryPointNames: readonly string[]): Uint8Array {
    try {
      return storedContractWasm((module as Loaded).prepared, entryPointNames);
    } catch (e) {
      if (e instanceof FunctionNotFoundError) throw execErrors.functionNotFound(e.functionName);
      throw e;
    }
  }
}
