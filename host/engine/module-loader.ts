// The engine's ModuleLoader: deploy module bytes go through host/wasm's prepareModule (rejecting
// what casper-node rejects, with its error names); stored contract wasm is already prepared and is
// only compiled. Both are cached by the identity of the byte array (stored values are immutable and
// shared, so a contract called again is never decoded or compiled twice) on top of prepareModule's
// own content cache. Stored wasm is pruned to the entry points the way casper-node stores it.

import { WasmPreprocessError } from "../wasm/errors.ts";
import { FunctionNotFoundError, storedContractWasm } from "../wasm/optimizer.ts";
import { type CostTable, prepareModule, prepareOffsetMap, type PrepareOptions, prepareStoredModule, type PreparedModule } from "../wasm/prepare.ts";
import { GAS_LEFT_IMPORT } from "../wasm/inline_gas.ts";
import { inlineGasOffsetMap, type OffsetMap, storedOffsetMap } from "../wasm/offset_map.ts";
import type { ModuleOrigin } from "../debug/error-origin.ts";
import { ExecError, execErrors } from "../runtime/errors.ts";
import type { LoadedModule, ModuleLoader } from "../runtime/modules.ts";

interface Loaded extends LoadedModule {
  /** the bytes add_contract_version stores (the preprocessed module) */
  readonly prepared: Uint8Array;
  /** deploy module bytes: the bytes deployed and how they were prepared */
  readonly deployed?: { readonly bytes: Uint8Array; readonly options: PrepareOptions };
  /** a stored contract's wasm as read from global state (its origin is found in `installed`) */
  readonly stored?: Uint8Array;
  /** on the copy with the gas counter inlined: the module it was made from */
  readonly inlinedFrom?: Loaded;
}

/** `base` with the lazily built inlined-gas copy of its prepared module (host/wasm/inline_gas.ts). */
function withInlineGas(base: Omit<Loaded, "inlineGas">, p: PreparedModule): Loaded {
  const loaded: Loaded = {
    ...base,
    inlineGas: once(() => {
      const inlined = p.inlineGas();
      return inlined && { ...loaded, module: inlined, gasLeftImport: GAS_LEFT_IMPORT, inlineGas: undefined, inlinedFrom: loaded };
    }),
  };
  return loaded;
}

const origins = new WeakMap<Loaded, ModuleOrigin>();

/** A stored contract's wasm and the module it was installed from (for error locations and gas profiles). */
interface Installed {
  readonly stored: Uint8Array;
  readonly origin: ModuleOrigin;
}

// every engine's installs, newest last (bounded: only errors and profiles read it)
const installed: Installed[] = [];
const INSTALLED_LIMIT = 256;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
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
    if (hit instanceof ExecError) throw hit.fresh();
    if (hit) return hit;
    let loaded: Loaded | ExecError;
    try {
      const options: PrepareOptions = { protocol: this.protocol, metered: this.metered, maxMemoryPages: this.maxMemoryPages, costs: this.costs };
      const p: PreparedModule = prepareModule(bytes, options);
      loaded = withInlineGas({ module: p.module, memory: p.memory, exports: new Set(p.exports), imports: p.hostImports, metered: p.metered, prepared: p.bytes, deployed: { bytes, options } }, p);
    } catch (e) {
      if (!(e instanceof WasmPreprocessError)) throw e;
      loaded = preprocessError(e);
    }
    this.sessions.set(bytes, loaded);
    if (loaded instanceof ExecError) throw loaded.fresh();
    return loaded;
  }

  loadStored(bytes: Uint8Array): LoadedModule {
    const hit = this.stored.get(bytes);
    if (hit instanceof ExecError) throw hit.fresh();
    if (hit) return hit;
    let loaded: Loaded | ExecError;
    try {
      const p = prepareStoredModule(bytes, { protocol: this.protocol, maxMemoryPages: this.maxMemoryPages });
      loaded = withInlineGas({ module: p.module, memory: p.memory, exports: new Set(p.exports), imports: p.hostImports, metered: p.metered, prepared: p.bytes, stored: bytes }, p);
    } catch (e) {
      if (!(e instanceof WasmPreprocessError)) throw e;
      loaded = preprocessError(e);
    }
    this.stored.set(bytes, loaded);
    if (loaded instanceof ExecError) throw loaded.fresh();
    return loaded;
  }

  /** wasm_prep::get_module_from_entry_points: the preprocessed module pruned to the entry points. */
  storedBytesFor(module: LoadedModule, entryPointNames: readonly string[]): Uint8Array {
    // (the stored bytes come from the module the node would run, never from the inlined copy)
    const loaded = (module as Loaded).inlinedFrom ?? (module as Loaded);
    let stored: Uint8Array;
    try {
      stored = storedContractWasm(loaded.prepared, entryPointNames);
    } catch (e) {
      if (e instanceof FunctionNotFoundError) throw execErrors.functionNotFound(e.functionName);
      throw e;
    }
    const from = this.originOf(loaded);
    if (from) {
      const names = [...entryPointNames];
      const offsets = once((): OffsetMap => storedOffsetMap(loaded.prepared, names).map.then(from.offsets()));
      installed.push({ stored, origin: { original: from.original, offsets } });
      if (installed.length > INSTALLED_LIMIT) installed.shift();
    }
    return stored;
  }

  /** Where a module this loader loaded came from: the deploy's bytes, or the module a stored contract was installed from. */
  originOf(module: LoadedModule): ModuleOrigin | undefined {
    const loaded = module as Loaded;
    if (loaded.inlinedFrom) {
      let origin = origins.get(loaded);
      const base = this.originOf(loaded.inlinedFrom);
      if (!origin && base) {
        const protocol = this.protocol;
        origin = { original: base.original, offsets: once(() => inlineGasOffsetMap(loaded.prepared, protocol)!.then(base.offsets())) };
        origins.set(loaded, origin);
      }
      return origin;
    }
    if (loaded.deployed) {
      const { bytes, options } = loaded.deployed;
      let origin = origins.get(loaded);
      if (!origin) {
        origin = { original: bytes, offsets: once(() => prepareOffsetMap(bytes, options)) };
        origins.set(loaded, origin);
      }
      return origin;
    }
    for (let i = installed.length - 1; i >= 0; i--) if (sameBytes(installed[i].stored, loaded.stored ?? new Uint8Array())) return installed[i].origin;
    return undefined;
  }
}
