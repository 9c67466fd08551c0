// The engine's entry point: bytes -> a compiled module ready to instantiate, preprocessed the way casper-node
// does it (see preprocess.ts), cached so that a module is decoded, instrumented and compiled once.
//
// The instance needs two imports besides the host functions:
//   env.memory  a WebAssembly.Memory({ initial: memory.initial, maximum: memory.maximum })
//   env.gas     (cost: i32) => void, metered modules only; the cost is a u32: read it as `cost >>> 0`.
// A stack-limit violation is a trap at one of the limiter's `unreachable`s: a WebAssembly.RuntimeError
// "unreachable", like any `unreachable`. casper-node cannot tell them apart either: both end the execution
// with ExecError::Interpreter (wasmi's Unreachable trap). `isStackLimitTrap(error)` tells them apart here,
// from the trapping byte offset in the error's stack trace (keep Error.stackTraceLimit >= 1).

import { createHash } from "node:crypto";
import { type Chainspec, loadChainspec, type OpcodeCostModel, type OpcodeCosts, type WasmConfig } from "../gas/chainspec.ts";
import { WasmPreprocessError } from "./errors.ts";
import { findSection, moduleImports } from "./module.ts";
import { loadStoredModule, preprocess, type PreprocessOptions, type PreprocessResult, type ProtocolVersion } from "./preprocess.ts";
import { inlineGasCounter } from "./inline_gas.ts";
import { type OffsetMap, preprocessOffsetMap } from "./offset_map.ts";

export { WasmPreprocessError } from "./errors.ts";
export type { ProtocolVersion } from "./preprocess.ts";

/** The opcode cost table: a Chainspec, its `wasm` part, or just the two fields the injector reads. */
export type CostTable = Chainspec | WasmConfig | { opcode_costs: OpcodeCosts; opcode_cost_model: OpcodeCostModel };

export interface PrepareOptions {
  protocol: ProtocolVersion;
  /** inject gas metering and the stack height limiter (as the node does); false = validate + externalize only */
  metered: boolean;
  /** opcode costs; default: the shipped chainspec of `protocol` */
  costs?: CostTable;
  /** default: the cost table's max_memory (64 pages) */
  maxMemoryPages?: number;
  /** default: the cost table's max_stack_height (500) */
  maxStackHeight?: number;
}

export interface PreparedModule {
  module: WebAssembly.Module;
  /** the module that was compiled (instrumented when metered) */
  bytes: Uint8Array<ArrayBuffer>;
  /** limits of the env.memory import to create */
  memory: { initial: number; maximum: number };
  /** exported function names (entry points) */
  exports: string[];
  /** env.* host functions the module imports (env.gas excluded) */
  hostImports: string[];
  protocol: ProtocolVersion;
  metered: boolean;
  /** byte offsets of the stack limiter's trap instructions in `bytes` (empty when unmetered) */
  stackLimitTrapOffsets: ReadonlySet<number>;
  /** true when `error` is the trap of the stack height limiter (see the file comment) */
  isStackLimitTrap(error: unknown): boolean;
  /**
   * The engine's running copy with the gas counter inlined (inline_gas.ts), built and compiled on first
   * use; undefined when unmetered. Same exports and gas; it also imports env."casper-as:gas-left"
   * (inline_gas.ts GAS_LEFT_IMPORT, a mutable f64 global); its offsets map back to `bytes`
   * through offset_map.ts `inlineGasOffsetMap`. (`stackLimitTrapOffsets` are offsets in `bytes`.)
   */
  inlineGas(): WebAssembly.Module | undefined;
}

function wasmPart(costs: CostTable): { opcode_costs: OpcodeCosts; opcode_cost_model: OpcodeCostModel; max_memory?: number; max_stack_height?: number } {
  return "wasm" in costs ? costs.wasm : costs;
}

const defaultTables = new Map<ProtocolVersion, WasmConfig>();
function defaultWasmConfig(protocol: ProtocolVersion): WasmConfig {
  let w = defaultTables.get(protocol);
  if (!w) {
    w = loadChainspec(protocol).wasm;
    defaultTables.set(protocol, w);
  }
  return w;
}

const costKeys = new WeakMap<object, string>();
function costKey(table: { opcode_costs: OpcodeCosts; opcode_cost_model: OpcodeCostModel }): string {
  let key = costKeys.get(table);
  if (!key) {
    key = createHash("sha256").update(JSON.stringify([table.opcode_cost_model, table.opcode_costs])).digest("hex");
    costKeys.set(table, key);
  }
  return key;
}

const CACHE_LIMIT = 256;
const cache = new Map<string, PreparedModule | WasmPreprocessError>();

const TRAP_FRAME = /wasm-function\[\d+\]:0x([0-9a-f]+)/;

function stackLimitTrapTester(offsets: ReadonlySet<number>): (error: unknown) => boolean {
  return (error: unknown) => {
    if (offsets.size === 0 || !(error instanceof WebAssembly.RuntimeError)) return false;
    const match = TRAP_FRAME.exec(String(error.stack ?? ""));
    return match !== null && offsets.has(parseInt(match[1], 16));
  };
}

/**
 * Preprocesses (and caches) a module. Throws WasmPreprocessError (with `.code`, e.g. "MissingMemorySection")
 * when casper-node would reject it; a rejection is cached too.
 */
export function prepareModule(bytes: Uint8Array, options: PrepareOptions): PreparedModule {
  checkArgs(bytes, options.protocol, "prepareModule");
  const { preprocessOptions: o, table } = resolveOptions(options);
  const key = [sha256(bytes), options.protocol, options.metered ? "m" : "u", costKey(table), o.maxMemoryPages, o.maxStackHeight].join(":");
  return cached(key, () => toPrepared(preprocess(bytes, o), options.protocol, options.metered, o.maxMemoryPages));
}

/**
 * Offsets in `prepareModule(bytes, options).bytes` -> offsets in `bytes` (offset_map.ts): the
 * preprocessing run again with tracking, for error locations and gas profiles.
 */
export function prepareOffsetMap(bytes: Uint8Array, options: PrepareOptions): OffsetMap {
  checkArgs(bytes, options.protocol, "prepareOffsetMap");
  return preprocessOffsetMap(bytes, resolveOptions(options).preprocessOptions);
}

function resolveOptions(options: PrepareOptions): { preprocessOptions: PreprocessOptions; table: { opcode_costs: OpcodeCosts; opcode_cost_model: OpcodeCostModel } } {
  const table = options.costs ? wasmPart(options.costs) : defaultWasmConfig(options.protocol);
  const maxMemoryPages = options.maxMemoryPages ?? table.max_memory ?? defaultWasmConfig(options.protocol).max_memory;
  const maxStackHeight = options.maxStackHeight ?? table.max_stack_height ?? defaultWasmConfig(options.protocol).max_stack_height;
  return {
    table,
    preprocessOptions: {
      protocol: options.protocol,
      metered: options.metered,
      opcodeCosts: table.opcode_costs,
      opcodeCostModel: table.opcode_cost_model,
      maxMemoryPages,
      maxStackHeight,
    },
  };
}

export interface StoredModuleOptions {
  protocol: ProtocolVersion;
  /** default: the protocol's max_memory (64 pages) */
  maxMemoryPages?: number;
}

/**
 * A stored contract's wasm (see optimizer.ts `storedContractWasm`): casper-node only deserialises it and
 * instantiates it — no preprocessing again, so its gas costs are those of the chainspec it was installed
 * under. Checked like any instantiation (imports, memory, start); cached like prepareModule. `metered` is
 * true when the module imports env.gas; stack-limit traps are recognised from the limiter's code pattern.
 */
export function prepareStoredModule(bytes: Uint8Array, options: StoredModuleOptions): PreparedModule {
  checkArgs(bytes, options.protocol, "prepareStoredModule");
  const maxMemoryPages = options.maxMemoryPages ?? defaultWasmConfig(options.protocol).max_memory;
  const key = [sha256(bytes), options.protocol, "stored", maxMemoryPages].join(":");
  return cached(key, () => {
    const done = loadStoredModule(bytes, options.protocol, maxMemoryPages);
    const metered = moduleImports(done.module).some((i) => i.module === "env" && i.field === "gas" && i.desc.kind === "func");
    return toPrepared(done, options.protocol, metered, maxMemoryPages);
  });
}

function checkArgs(bytes: Uint8Array, protocol: string, fn: string): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${fn} expects the module bytes as a Uint8Array`);
  if (protocol !== "1.5.8" && protocol !== "2.0.0") {
    throw new TypeError(`${fn}: unknown protocol ${JSON.stringify(protocol)} (expected "1.5.8" or "2.0.0")`);
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function toPrepared(done: PreprocessResult, protocol: ProtocolVersion, metered: boolean, maxMemoryPages: number): PreparedModule {
  const exports = (findSection(done.module, "export")?.exports ?? []).filter((e) => e.kind === "func").map((e) => e.name);
  const hostImports = moduleImports(done.module)
    .filter((i) => i.desc.kind === "func" && i.module === "env" && i.field !== "gas")
    .map((i) => i.field);
  return {
    module: new WebAssembly.Module(done.bytes),
    bytes: done.bytes,
    memory: { initial: done.memory.min, maximum: done.memory.max ?? maxMemoryPages },
    exports,
    hostImports,
    protocol,
    metered,
    stackLimitTrapOffsets: done.stackLimitTrapOffsets,
    isStackLimitTrap: stackLimitTrapTester(done.stackLimitTrapOffsets),
    inlineGas: metered ? inlineGasOnce(done.bytes, protocol) : () => undefined,
  };
}

function inlineGasOnce(bytes: Uint8Array, protocol: ProtocolVersion): () => WebAssembly.Module | undefined {
  let built: WebAssembly.Module | undefined | null = null;
  return () => {
    if (built !== null) return built;
    const inlined = inlineGasCounter(bytes, protocol);
    try {
      built = inlined && new WebAssembly.Module(inlined);
    } catch {
      // one more local than V8 allows in a body (its limit is 50 000): run the module as it is
      built = undefined;
    }
    return built;
  };
}

/** Returns the cached result for `key`, or builds and caches it; rejections are cached and rethrown. */
function cached(key: string, build: () => PreparedModule): PreparedModule {
  const hit = cache.get(key);
  if (hit) {
    // refresh its place in the LRU order
    cache.delete(key);
    cache.set(key, hit);
    if (hit instanceof WasmPreprocessError) throw hit;
    return hit;
  }
  let result: PreparedModule | WasmPreprocessError;
  try {
    result = build();
  } catch (e) {
    if (!(e instanceof WasmPreprocessError)) throw e;
    result = e;
  }
  cache.set(key, result);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  if (result instanceof WasmPreprocessError) throw result;
  return result;
}

/** Empties the prepared-module cache (tests, or after changing cost tables in place). */
export function clearPreparedModuleCache(): void {
  cache.clear();
}

/** Number of cached entries (for tests and diagnostics). */
export function preparedModuleCacheSize(): number {
  return cache.size;
}
