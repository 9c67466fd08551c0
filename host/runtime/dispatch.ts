// The ONE dispatch point of host calls: every `env.casper_*` import of an instance goes through
// `invoke`, which charges the meter (the import's `hostCharge`, or `chargeHost(name, args)`), records the
// trace entry, and calls the implementation. The implementations live in host-*.ts, one concern per file.

import { ExecError } from "./errors.ts";
import { HOST_ACCOUNT, u8Arg, u8ParamOf } from "./host-account.ts";
import { HOST_ARGS } from "./host-args.ts";
import { HOST_BLOCK_INFO } from "./host-block-info.ts";
import { HOST_CALLER } from "./host-caller.ts";
import { HOST_CONTRACTS } from "./host-contracts.ts";
import { HOST_CRYPTO } from "./host-crypto.ts";
import { HOST_KEYS } from "./host-keys.ts";
import { HOST_MESSAGES } from "./host-messages.ts";
import { HOST_MISC } from "./host-misc.ts";
import { HOST_STORAGE } from "./host-storage.ts";
import { HOST_SYSTEM } from "./host-system.ts";
import type { HostGasState } from "./execution.ts";
import type { Meter } from "./meter.ts";
import type { LoadedModule } from "./modules.ts";
import type { Runtime } from "./runtime.ts";
import type { TraceEntry } from "./trace.ts";
import { noteWasmExit } from "./wasm-stack.ts";

/** A host function: raw i32 args in, i32 status out (or nothing); it may throw to end the execution. */
export type HostFn = (rt: Runtime, a: readonly number[], t: TraceEntry | undefined) => number | void;

export const HOST_FUNCTIONS: Readonly<Record<string, HostFn>> = {
  ...HOST_ARGS,
  ...HOST_KEYS,
  ...HOST_STORAGE,
  ...HOST_ACCOUNT,
  ...HOST_CONTRACTS,
  ...HOST_SYSTEM,
  ...HOST_MISC,
  // Casper 2.0 additions (the 1.5.8 resolver refuses modules importing these)
  ...HOST_MESSAGES,
  ...HOST_CRYPTO,
  ...HOST_BLOCK_INFO,
  ...HOST_CALLER,
};

/** What dispatch charges for one import: the meter's charge for it, resolved on the import's first call in an instance. */
type HostCharge = (args: readonly number[], state?: HostGasState) => void;

function chargeFor(meter: Meter, name: string): HostCharge {
  return meter.hostCharge?.(name) ?? ((args, state) => meter.chargeHost(name, args, state));
}

function invoke(rt: Runtime, name: string, fn: HostFn, u8At: number | undefined, charge: HostCharge, args: number[]): number | void {
  const exec = rt.exec;
  if (u8At !== undefined) u8Arg(args[u8At]); // externals.rs parses args (a bad u8 traps) before it charges
  charge(args, exec.hostGas);
  let entry: TraceEntry | undefined;
  if (exec.trace) {
    entry = { name, args, depth: rt.depth, detail: {} };
    exec.trace.push(entry);
  }
  try {
    const result = fn(rt, args, entry);
    if (entry && typeof result === "number") entry.result = result;
    return result;
  } catch (e) {
    if (entry) entry.outcome = e instanceof Error ? e.message : String(e);
    // where the module called the host function that ended the execution (a revert, a failed call)
    if (e instanceof ExecError && rt.loaded) noteWasmExit(e, rt, { module: rt.loaded, entryPoint: rt.entryPoint, depth: rt.depth, cause: { kind: "host", name } });
    throw e;
  }
}

/** An instance's import object, and `detach`, called once the instance has finished. */
export interface InstanceImports {
  readonly imports: WebAssembly.Imports;
  /** lets go of the runtime: the import functions no longer reach it (an inlined gas counter is folded into the meter first) */
  detach(): void;
}

/**
 * The import object of one instance: its env.memory and the casper_* functions it imports. The
 * functions reach the runtime through `current`, which `detach` clears: a finished instance is
 * reclaimed only by a full collection, and until then it kept its imports, and through them the
 * runtime and the whole execution (tracking copies, journal, messages), alive through every young
 * collection, which copied and promoted each deploy's objects (the messages bench: a third of the
 * time in GC).
 */
export function buildImports(rt: Runtime, loaded: LoadedModule): InstanceImports {
  let current: Runtime | undefined = rt;
  const env: Record<string, WebAssembly.ImportValue> = { memory: rt.memory! };
  const meter = rt.exec.meter;
  const outOfGas = (e: unknown) => {
    const at = current;
    if (e instanceof ExecError && at) noteWasmExit(e, at, { module: loaded, entryPoint: at.entryPoint, depth: at.depth, cause: { kind: "gas" } });
    return e;
  };
  const inline = loaded.gasLeftImport !== undefined && meter.wasmAllowance !== undefined ? inlineGasCounter(meter) : undefined;
  if (inline) {
    // host/wasm/inline_gas.ts: env.gas runs when a block would pass the allowance (or for memory.grow)
    env[loaded.gasLeftImport!] = GAS_LEFT;
    env.gas = (cost: number) => {
      inline.fold();
      try {
        meter.chargeWasm(cost >>> 0);
      } catch (e) {
        throw outOfGas(e);
      }
      inline.refill();
    };
  } else if (loaded.metered) {
    // a profiling meter is told which module each charge comes from (chosen once: the hot path stays plain)
    env.gas = meter.chargeWasmIn
      ? (cost: number) => {
          try {
            meter.chargeWasmIn!(cost >>> 0, loaded);
          } catch (e) {
            throw outOfGas(e);
          }
        }
      : (cost: number) => {
          try {
            meter.chargeWasm(cost >>> 0);
          } catch (e) {
            throw outOfGas(e);
          }
        };
  }
  for (const name of loaded.imports) {
    const fn = HOST_FUNCTIONS[name];
    // (the module loader refuses imports the protocol does not serve before this point)
    if (!fn) throw ExecError.interpreter(`Resolver: host module doesn't export function with name ${name}`);
    const u8At = u8ParamOf(name);
    // resolved on first use: a module imports more functions than a call of it uses
    let charge: HostCharge | undefined;
    env[name] = inline
      ? (...args: number[]) => {
          // the wasm gas so far is charged before the host function charges anything; what it does
          // (a nested contract call runs another instance on the same global) changes the meter and
          // the global: the allowance is handed out again, also when it throws (then the instance ends
          // and `detach` must find nothing more to charge)
          inline.fold();
          try {
            return invoke(current!, name, fn, u8At, (charge ??= chargeFor(meter, name)), args);
          } finally {
            inline.refill();
          }
        }
      : (...args: number[]) => invoke(current!, name, fn, u8At, (charge ??= chargeFor(meter, name)), args);
  }
  return {
    imports: { env },
    detach: () => {
      inline?.fold();
      current = undefined;
    },
  };
}

/**
 * The allowance global of every instance with an inlined gas counter (host/wasm/inline_gas.ts). One
 * serves all: one instance runs at a time, and control passes between instances only through host
 * calls and instance ends, where the running instance's count is folded and the allowance handed out
 * again.
 */
const GAS_LEFT = new WebAssembly.Global({ value: "f64", mutable: true }, 0);

/**
 * The host side of an inlined gas counter: the wasm counts GAS_LEFT down from `given` (the meter's
 * allowance); `fold` charges what it counted, `refill` hands it the allowance again. Handed out at once:
 * the instance runs next.
 */
function inlineGasCounter(meter: Meter) {
  let given = 0;
  const counter = {
    fold(): void {
      const now = GAS_LEFT.value as number;
      const counted = given - now;
      given = now;
      // within the allowance: this cannot reach the limit
      if (counted !== 0) meter.chargeWasm(counted);
    },
    refill(): void {
      given = meter.wasmAllowance!();
      GAS_LEFT.value = given;
    },
  };
  counter.refill();
  return counter;
}
