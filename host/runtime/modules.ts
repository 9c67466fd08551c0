// How the runtime gets runnable wasm. The engine supplies a ModuleLoader backed by host/wasm's
// preprocessing (so bad modules are rejected before they run) with a compile cache.

export interface LoadedModule {
  readonly module: WebAssembly.Module;
  /** limits of the `env.memory` import the instance needs (preprocessing externalizes memory) */
  readonly memory: { readonly initial: number; readonly maximum?: number };
  readonly exports: ReadonlySet<string>;
  /** the `env` functions it imports (env.gas excluded) */
  readonly imports: readonly string[];
  /** instrumented: it imports `env.gas` */
  readonly metered: boolean;
  /**
   * The same module with its gas counter inlined (host/wasm/inline_gas.ts), the copy that runs when the
   * meter offers an allowance (Meter.wasmAllowance); undefined when there is none (unmetered modules).
   */
  readonly inlineGas?: () => LoadedModule | undefined;
  /** on an inlined copy: the import (module "env") of its allowance global, a mutable f64 the wasm counts down */
  readonly gasLeftImport?: string;
}

export interface ModuleLoader {
  /** Module bytes from a deploy (session or custom payment): preprocessed as the node does. */
  prepare(bytes: Uint8Array): LoadedModule;
  /** A stored ContractWasm: already preprocessed when it was installed. */
  loadStored(bytes: Uint8Array): LoadedModule;
  /** The bytes `add_contract_version` stores as ContractWasm for a module and its entry points. */
  storedBytesFor(module: LoadedModule, entryPointNames: readonly string[]): Uint8Array;
}
