// Where an execution error left the wasm: for each module instance the error passed through (innermost
// first), the wasm frames V8 reports (function index and byte offset in the module that ran, i.e. the
// instrumented one) and how the error left it — a trap, a host function that failed (a revert, a
// failed contract call, ...) or gas running out. Only raw positions are kept here, parsed when first
// read; host/debug maps them back to the original module and through its source map.
//
// Capturing costs a stack walk on the error path only (V8 formats the trace lazily); nothing is done
// while code runs normally.

import type { LoadedModule } from "./modules.ts";

/** One wasm frame: function index and byte offset in the module as it ran (instrumented). */
export interface RawWasmFrame {
  readonly functionIndex: number;
  readonly offset: number;
}

export type ExitCause =
  /** the wasm trapped (unreachable, memory access out of bounds, ...) with V8's message */
  | { readonly kind: "trap"; readonly message: string }
  /** a host function the module called ended the execution (casper_revert, casper_call_contract, ...) */
  | { readonly kind: "host"; readonly name: string }
  /** a metered block's gas passed the limit */
  | { readonly kind: "gas" };

export interface WasmStackLevel {
  readonly module: LoadedModule;
  /** the export this instance was running (the entry point, or `call`) */
  readonly entryPoint: string;
  /** 0 for the deploy's own code, +1 per contract call */
  readonly depth: number;
  readonly cause: ExitCause;
  /** the frames of this module, innermost first (the first is where the error left it) */
  frames(): readonly RawWasmFrame[];
}

const WASM_FRAME = /wasm-function\[(\d+)\]:0x([0-9a-f]+)/;

/** The first run of consecutive wasm frames of a V8 stack trace (JS frames above it are skipped). */
export function firstWasmFrames(stack: string): RawWasmFrame[] {
  const frames: RawWasmFrame[] = [];
  for (const line of stack.split("\n")) {
    if (!line.trimStart().startsWith("at ")) continue;
    const m = WASM_FRAME.exec(line);
    if (m) frames.push({ functionIndex: Number(m[1]), offset: parseInt(m[2], 16) });
    else if (frames.length > 0) break;
  }
  return frames;
}

/** Errors that carry the wasm levels they passed through. */
export interface WithWasmStack {
  wasmStack?: WasmStackLevel[];
}

/** Frames kept per level (V8's default keeps 10; a contract's own frames are rarely deeper). */
const CAPTURED_FRAMES = 24;

/**
 * Records that `error` leaves the instance `owner` (one Runtime frame) with `cause`. `source` is where
 * the frames are read: the trap itself, or (for a host function or the gas counter) the stack at the
 * point the error passes back into the wasm, captured here. A level is recorded once per owner.
 */
export function noteWasmExit(error: WithWasmStack, owner: object, level: Omit<WasmStackLevel, "frames">, source?: { stack?: string }): void {
  const levels = (error.wasmStack ??= []);
  if (owners.get(error)?.has(owner)) return;
  let seen = owners.get(error);
  if (!seen) owners.set(error, (seen = new WeakSet()));
  seen.add(owner);
  let holder = source;
  if (!holder) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = CAPTURED_FRAMES;
    holder = {};
    Error.captureStackTrace(holder);
    Error.stackTraceLimit = limit;
  }
  let parsed: RawWasmFrame[] | undefined;
  const from = holder;
  levels.push({ ...level, frames: () => (parsed ??= firstWasmFrames(String(from.stack ?? ""))) });
}

const owners = new WeakMap<object, WeakSet<object>>();
