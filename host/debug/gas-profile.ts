// Where one deploy's gas goes: per AssemblyScript function (the opcodes of its metered blocks) and per
// host function (its host_function_costs charge, and the storage its writes paid), with the system
// contract calls. A GasProfiler wraps the engine's meters (EngineOptions.meter): it charges exactly what
// the wrapped meter charges and records each charge. A wasm charge is an `env.gas` call at the start of
// a metered block; the profiler reads the calling frame's offset (a stack capture per charge: profiling
// only) and the block's function comes from the module's offset map (host/wasm/offset_map.ts: the gas
// injector's calls are known) and its source map. When the engine winds the counter back (mint_transfer
// and the other calls casper-node does not charge), the charges since are dropped too, so the profile's
// total is the deploy's gas.

import type { HostGasState } from "../runtime/execution.ts";
import type { GasBreakdown, Meter } from "../runtime/meter.ts";
import type { LoadedModule } from "../runtime/modules.ts";
import { firstWasmFrames } from "../runtime/wasm-stack.ts";
import { functionAt } from "../wasm/offset_map.ts";
import type { ModuleOrigin } from "./error-origin.ts";
import { sourceMapFor, wasmSha256 } from "./registry.ts";

type Charge =
  | { readonly kind: "wasm"; readonly module: LoadedModule; readonly offset: number; readonly gas: bigint }
  | { readonly kind: "host"; readonly name: string; readonly gas: bigint }
  | { readonly kind: "storage"; readonly host: string | undefined; readonly bytes: number; readonly gas: bigint }
  | { readonly kind: "system"; readonly name: string; readonly gas: bigint };

export interface FunctionGas {
  /** the module's file name from its source map, or "wasm <sha256 prefix>" */
  readonly module: string;
  /** the function's name (readable form), or `function #<index>` without a map */
  readonly function: string;
  /** where the function is, when the map says */
  readonly file?: string;
  readonly line?: number;
  /** opcode gas of the metered blocks that ran in it */
  readonly gas: bigint;
  /** metered blocks entered */
  readonly blocks: number;
}

export interface HostFunctionGas {
  readonly name: string;
  readonly calls: number;
  /** the host function's own cost (host_function_costs) */
  readonly gas: bigint;
  /** storage gas of the writes it made (storage_costs.gas_per_byte x bytes) */
  readonly storage: bigint;
  readonly bytesWritten: number;
}

export interface SystemGas {
  /** "<contract>.<entry point>", e.g. "auction.delegate" */
  readonly name: string;
  readonly calls: number;
  readonly gas: bigint;
}

export interface GasProfile {
  readonly total: bigint;
  readonly split: GasBreakdown;
  /** sorted by gas, largest first */
  readonly functions: readonly FunctionGas[];
  /** sorted by gas + storage, largest first */
  readonly hostFunctions: readonly HostFunctionGas[];
  readonly system: readonly SystemGas[];
}

export class GasProfiler {
  private charges: (Charge | undefined)[] = [];

  /** Forget what was recorded: call it as each deploy starts (EngineOptions.onDeploy), and the profile is the last deploy's. */
  reset(): void {
    this.charges = [];
  }

  /** A meter that charges what `inner` charges and records it here (each phase's meter is wrapped on its own). */
  wrap(inner: Meter): Meter {
    const profiler = this;
    let currentHost: string | undefined;
    // this meter's charges (index in `charges`) with its total after each, to drop them when the counter is set back
    const mine: { index: number; total: bigint }[] = [];
    const record = (charge: (gas: bigint) => Charge, run: () => void) => {
      const before = inner.used;
      try {
        run();
      } finally {
        const after = inner.used;
        if (after > before) {
          mine.push({ index: profiler.charges.length, total: after });
          profiler.charges.push(charge(after - before));
        }
      }
    };
    return {
      active: inner.active,
      metersStorage: inner.metersStorage,
      get used() {
        return inner.used;
      },
      breakdown: inner.breakdown ? () => inner.breakdown!() : undefined,
      chargeWasm(cost: number) {
        inner.chargeWasm(cost);
      },
      chargeWasmIn(cost: number, module: LoadedModule) {
        const offset = callingGasOffset();
        record((gas) => ({ kind: "wasm", module, offset, gas }), () => inner.chargeWasm(cost));
      },
      chargeHost(name: string, args: readonly number[], state?: HostGasState) {
        currentHost = name;
        record((gas) => ({ kind: "host", name, gas }), () => inner.chargeHost(name, args, state));
      },
      chargeStorage(bytes: number) {
        record((gas) => ({ kind: "storage", host: currentHost, bytes, gas }), () => inner.chargeStorage(bytes));
      },
      chargeSystem(contract: string, entryPoint: string) {
        record((gas) => ({ kind: "system", name: `${contract}.${entryPoint}`, gas }), () => inner.chargeSystem(contract, entryPoint));
      },
      setUsed(used: bigint) {
        inner.setUsed(used);
        // the node does not charge what ran since `used` was read: neither does the profile
        while (mine.length && mine[mine.length - 1].total > used) profiler.charges[mine.pop()!.index] = undefined;
      },
    };
  }

  /** The recorded charges, by function and host function; `originOf` finds each module's deployed bytes. */
  profile(originOf: (module: LoadedModule) => ModuleOrigin | undefined): GasProfile {
    const split = { wasm: 0n, host: 0n, storage: 0n, system: 0n };
    const functions = new Map<string, { module: string; function: string; file?: string; line?: number; gas: bigint; blocks: number }>();
    const hosts = new Map<string, { name: string; calls: number; gas: bigint; storage: bigint; bytesWritten: number }>();
    const system = new Map<string, { name: string; calls: number; gas: bigint }>();
    const where = new Map<LoadedModule, (offset: number) => { module: string; function: string; file?: string; line?: number }>();
    const host = (name: string) => {
      let h = hosts.get(name);
      if (!h) hosts.set(name, (h = { name, calls: 0, gas: 0n, storage: 0n, bytesWritten: 0 }));
      return h;
    };
    for (const c of this.charges) {
      if (!c) continue;
      split[c.kind] += c.gas;
      if (c.kind === "wasm") {
        let locate = where.get(c.module);
        if (!locate) where.set(c.module, (locate = blockLocator(originOf(c.module))));
        const at = locate(c.offset);
        const key = `${at.module}\u0000${at.function}`;
        const f = functions.get(key);
        if (f) {
          f.gas += c.gas;
          f.blocks++;
        } else functions.set(key, { ...at, gas: c.gas, blocks: 1 });
      } else if (c.kind === "host") {
        const h = host(c.name);
        h.calls++;
        h.gas += c.gas;
      } else if (c.kind === "storage") {
        const h = host(c.host ?? "(no host function)");
        h.storage += c.gas;
        h.bytesWritten += c.bytes;
      } else {
        const s = system.get(c.name) ?? { name: c.name, calls: 0, gas: 0n };
        s.calls++;
        s.gas += c.gas;
        system.set(c.name, s);
      }
    }
    const byGas = <T>(value: (t: T) => bigint) => (a: T, b: T) => (value(b) > value(a) ? 1 : value(b) < value(a) ? -1 : 0);
    return {
      total: split.wasm + split.host + split.storage + split.system,
      split,
      functions: [...functions.values()].sort(byGas((f) => f.gas)),
      hostFunctions: [...hosts.values()].sort(byGas((h) => h.gas + h.storage)),
      system: [...system.values()].sort(byGas((s) => s.gas)),
    };
  }
}

/** Offset of the `call $gas` that called the profiling meter (the first wasm frame of the stack). */
function callingGasOffset(): number {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 8;
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder);
  Error.stackTraceLimit = limit;
  return firstWasmFrames(holder.stack ?? "")[0]?.offset ?? -1;
}

/** For one module: the function (and its source) of the metered block a gas call charges. */
function blockLocator(origin: ModuleOrigin | undefined): (offset: number) => { module: string; function: string; file?: string; line?: number } {
  if (!origin) return () => ({ module: "wasm", function: "?" });
  const map = sourceMapFor(origin.original);
  const moduleName = map?.map.file ?? `wasm sha256:${wasmSha256(origin.original).slice(0, 12)}`;
  const offsets = origin.offsets();
  const blocks = new Map(offsets.gasCalls().map((g) => [g.offset, g.block]));
  return (offset) => {
    // the gas injector's memory.grow helper charges pages x grow_memory itself
    if (offsets.at(offset)?.added === "memory-grow-helper") return { module: moduleName, function: "memory.grow (pages x grow_memory)" };
    const block = blocks.get(offset);
    const fn = block === undefined ? undefined : functionAt(origin.original, block);
    if (!fn) return { module: moduleName, function: "?" };
    const name = map?.functionName(fn.functionIndex) ?? `function #${fn.functionIndex}`;
    const source = map?.definedAt(fn);
    return { module: moduleName, function: name, file: source?.file, line: source?.line };
  };
}

/** Share of `part` in `total` as a percentage with one decimal ("0.0" when total is 0). */
export function share(part: bigint, total: bigint): string {
  if (total === 0n) return "0.0";
  return (Number((part * 1000n) / total) / 10).toFixed(1);
}

/** The profile as text: the split, then the function and host function tables. */
export function formatGasProfile(p: GasProfile): string {
  const n = (v: bigint) => v.toLocaleString("en-US");
  const lines: string[] = [];
  lines.push(`total ${n(p.total)} gas: wasm ${n(p.split.wasm)} (${share(p.split.wasm, p.total)}%), host ${n(p.split.host)} (${share(p.split.host, p.total)}%), storage ${n(p.split.storage)} (${share(p.split.storage, p.total)}%), system ${n(p.split.system)} (${share(p.split.system, p.total)}%)`);
  const table = (header: string[], rows: string[][], right: number[]) => {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const fmt = (r: string[]) => r.map((c, i) => (right.includes(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
    return [fmt(header), ...rows.map(fmt)];
  };
  lines.push("", "by AssemblyScript function (opcodes of its metered blocks)");
  lines.push(...table(["gas", "share", "blocks", "function", "module", "source"], p.functions.map((f) => [n(f.gas), `${share(f.gas, p.total)}%`, String(f.blocks), f.function, f.module, f.file ? `${f.file}:${f.line}` : ""]), [0, 1, 2]).map((l) => `  ${l}`));
  lines.push("", "by host function (its cost, and the storage its writes paid)");
  lines.push(...table(["gas", "share", "calls", "host function", "own cost", "storage", "bytes written"], p.hostFunctions.map((h) => [n(h.gas + h.storage), `${share(h.gas + h.storage, p.total)}%`, String(h.calls), h.name, n(h.gas), n(h.storage), String(h.bytesWritten)]), [0, 1, 2, 4, 5, 6]).map((l) => `  ${l}`));
  if (p.system.length) {
    lines.push("", "system contracts");
    lines.push(...table(["gas", "share", "calls", "entry point"], p.system.map((s) => [n(s.gas), `${share(s.gas, p.total)}%`, String(s.calls), s.name]), [0, 1, 2]).map((l) => `  ${l}`));
  }
  return lines.join("\n");
}

/** The profile as JSON-ready data (gas as decimal strings). */
export function gasProfileJson(p: GasProfile): unknown {
  const s = (v: bigint) => v.toString();
  return {
    total: s(p.total),
    split: { wasm: s(p.split.wasm), host: s(p.split.host), storage: s(p.split.storage), system: s(p.split.system) },
    storageShare: Number(share(p.split.storage, p.total)),
    functions: p.functions.map((f) => ({ ...f, gas: s(f.gas), share: Number(share(f.gas, p.total)) })),
    hostFunctions: p.hostFunctions.map((h) => ({ ...h, gas: s(h.gas), storage: s(h.storage), total: s(h.gas + h.storage), share: Number(share(h.gas + h.storage, p.total)) })),
    system: p.system.map((x) => ({ ...x, gas: s(x.gas), share: Number(share(x.gas, p.total)) })),
  };
}
