// From the module that runs back to the module that was deployed. The engine runs an instrumented module
// (gas counter, stack height limiter: preprocess.ts) and, for a stored contract, that module pruned to
// its entry points (optimizer.ts); V8 reports positions in what runs. An OffsetMap follows every
// instruction through those passes (the passes keep the instruction objects they do not add, so their
// identity carries the original position) and answers, for an offset in the running module, the offset
// of the same instruction in the original, or what the instrumentation added there.
//
// Built on demand (on an error, or for a gas profile) by running the same deterministic passes again
// with tracking: nothing is kept or slowed down while modules run normally.

import { decodeModule } from "./decode.ts";
import { findSection, importedFunctionCount, moduleImports, type WasmModule } from "./module.ts";
import { OP } from "./opcodes.ts";
import { storedContractWasm } from "./optimizer.ts";
import { inlineGasCounter } from "./inline_gas.ts";
import { type InstructionTracking, preprocess, type PreprocessOptions, protocolFeatures, type ProtocolVersion } from "./preprocess.ts";

/** What the instrumentation put at an offset that has no original instruction. */
export type AddedCode = "gas" | "stack-limiter" | "thunk" | "memory-grow-helper";

export interface MappedInstruction {
  /** offset of the same instruction in the original module, or undefined when the instrumentation added it */
  readonly original: number | undefined;
  /** what was added (when `original` is undefined) */
  readonly added?: AddedCode;
  /** body index of the running module */
  readonly body: number;
}

export class OffsetMap {
  private constructor(
    /** offsets in the running module, ascending */
    private readonly offsets: Uint32Array,
    /** original offsets (-1: added) */
    private readonly originals: Int32Array,
    private readonly bodies: Uint32Array,
    private readonly added: readonly (AddedCode | undefined)[],
    /** entries that are the `call $gas` of a gas charge */
    private readonly gasCallEntries: readonly number[],
  ) {}

  /**
   * From a tracked run of the passes. `originalBodies`: bodies of the input (bodies after them were
   * appended: thunks, the memory.grow helper); `gasFunction`: the index of env.gas when metered;
   * `addedAs`: what every added instruction is, when one pass added them all (inline_gas.ts).
   */
  static fromTracking(tracking: InstructionTracking, originalBodies: number, gasFunction?: number, growHelperBody?: number, addedAs?: AddedCode): OffsetMap {
    const entries = [...tracking.emitted].sort((a, b) => a.offset - b.offset);
    const n = entries.length;
    const offsets = new Uint32Array(n);
    const originals = new Int32Array(n);
    const bodies = new Uint32Array(n);
    const added: (AddedCode | undefined)[] = new Array(n);
    const gasCalls: number[] = [];
    for (let i = 0; i < n; i++) {
      const e = entries[i];
      offsets[i] = e.offset;
      bodies[i] = e.body;
      const original = tracking.original.get(e.ins);
      originals[i] = original ?? -1;
      if (original !== undefined) continue;
      if (addedAs) added[i] = addedAs;
      else if (e.body === growHelperBody) added[i] = "memory-grow-helper";
      else if (e.body >= originalBodies) added[i] = "thunk";
      else added[i] = "stack-limiter";
    }
    // `i32.const cost; call $gas`: both added by the gas injector, in an original body
    for (let i = 1; i < n; i++) {
      const e = entries[i];
      if (gasFunction === undefined || added[i] !== "stack-limiter" || e.ins.opcode !== OP.call || e.ins.index !== gasFunction) continue;
      if (added[i - 1] !== "stack-limiter" || entries[i - 1].ins.opcode !== OP.i32_const) continue;
      added[i] = added[i - 1] = "gas";
      gasCalls.push(i);
    }
    return new OffsetMap(offsets, originals, bodies, added, gasCalls);
  }

  /** This map followed by `next` (this map's original offsets are `next`'s running offsets). */
  then(next: OffsetMap): OffsetMap {
    const originals = new Int32Array(this.originals.length);
    const added = [...this.added];
    for (let i = 0; i < originals.length; i++) {
      originals[i] = -1;
      if (this.originals[i] < 0) continue;
      const m = next.at(this.originals[i]);
      if (m?.original !== undefined) originals[i] = m.original;
      else added[i] = m?.added;
    }
    return new OffsetMap(this.offsets, originals, this.bodies, added, this.gasCallEntries.length ? this.gasCallEntries : next.gasCallsMappedFrom(this));
  }

  /** entries of `outer` whose instruction is one of this map's gas calls (a stored module keeps the prepared module's) */
  private gasCallsMappedFrom(outer: OffsetMap): number[] {
    const mine = new Set(this.gasCallEntries.map((i) => this.offsets[i]));
    const out: number[] = [];
    for (let i = 0; i < outer.offsets.length; i++) if (outer.originals[i] >= 0 && mine.has(outer.originals[i])) out.push(i);
    return out;
  }

  private index(offset: number): number {
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid] === offset) return mid;
      if (this.offsets[mid] < offset) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The instruction starting at `offset` of the running module (undefined: no instruction starts there). */
  at(offset: number): MappedInstruction | undefined {
    const i = this.index(offset);
    if (i < 0) return undefined;
    const o = this.originals[i];
    return o >= 0 ? { original: o, body: this.bodies[i] } : { original: undefined, added: this.added[i], body: this.bodies[i] };
  }

  /**
   * The original offset of the first original instruction at or after `offset` in its body: for code
   * the instrumentation added, what it guards (a gas charge: its metered block; the stack limiter's
   * check: the call it guards).
   */
  nextOriginal(offset: number): number | undefined {
    const i = this.index(offset);
    return i < 0 ? undefined : this.nextOriginalFrom(i);
  }

  /** The first original instruction at or after entry `i` in its body (for a gas call: the block it charges for). */
  private nextOriginalFrom(i: number): number | undefined {
    const body = this.bodies[i];
    for (; i < this.offsets.length && this.bodies[i] === body; i++) if (this.originals[i] >= 0) return this.originals[i];
    return undefined;
  }

  /** Every `call $gas` of the running module: its offset, and the original offset of the block it charges for. */
  gasCalls(): { offset: number; block: number | undefined }[] {
    return this.gasCallEntries.map((i) => ({ offset: this.offsets[i], block: this.nextOriginalFrom(i) }));
  }
}

/**
 * The offset map of `prepareModule(bytes, options)` (same options, so the same bytes come out):
 * running offsets -> offsets in `bytes`.
 */
export function preprocessOffsetMap(bytes: Uint8Array, options: PreprocessOptions): OffsetMap {
  const tracking: InstructionTracking = { original: new Map(), emitted: [] };
  const done = preprocess(bytes, options, tracking);
  const originalBodies = findSection(decodeModule(bytes, { features: protocolFeatures(options.protocol) }), "code")?.bodies.length ?? 0;
  const imports = moduleImports(done.module);
  const gasImport = options.metered ? imports.findIndex((i) => i.module === "env" && i.field === "gas" && i.desc.kind === "func") : -1;
  const gasFunction = gasImport >= 0 ? imports.slice(0, gasImport).filter((i) => i.desc.kind === "func").length : undefined;
  return OffsetMap.fromTracking(tracking, originalBodies, gasFunction, growHelper(done.module, originalBodies, gasFunction));
}

/** A stored contract's wasm and its offset map: its offsets -> offsets in the prepared module it was pruned from. */
export function storedOffsetMap(preparedBytes: Uint8Array, entryPointNames: readonly string[]): { bytes: Uint8Array; map: OffsetMap } {
  const tracking: InstructionTracking = { original: new Map(), emitted: [] };
  const bytes = storedContractWasm(preparedBytes, entryPointNames, tracking);
  // the pruning adds nothing: every instruction has its prepared offset
  return { bytes, map: OffsetMap.fromTracking(tracking, Number.MAX_SAFE_INTEGER) };
}

/**
 * The engine's inlined-gas copy of a metered module (inline_gas.ts) and its offset map: its offsets ->
 * offsets in `meteredBytes`. The inlined checks are `gas`; the exact path keeps the original
 * `i32.const; call $gas`, so an out-of-gas frame maps to the same gas call as before.
 */
export function inlineGasOffsetMap(meteredBytes: Uint8Array, protocol: ProtocolVersion): OffsetMap | undefined {
  const tracking: InstructionTracking = { original: new Map(), emitted: [] };
  if (!inlineGasCounter(meteredBytes, protocol, tracking)) return undefined;
  return OffsetMap.fromTracking(tracking, Number.MAX_SAFE_INTEGER, undefined, undefined, "gas");
}

/** Body index of the memory.grow helper the gas injector appends, if any. */
function growHelper(module: WasmModule, originalBodies: number, gasFunction: number | undefined): number | undefined {
  if (gasFunction === undefined) return undefined;
  const bodies = findSection(module, "code")?.bodies ?? [];
  for (let b = originalBodies; b < bodies.length; b++) {
    const code = bodies[b].code;
    if (code.some((i) => i.opcode === OP.memory_grow) && code.some((i) => i.opcode === OP.call && i.index === gasFunction)) return b;
  }
  return undefined;
}

/** The defined function whose body holds `offset` of `bytes`: its body index, function index and code range. */
export function functionAt(bytes: Uint8Array, offset: number): { body: number; functionIndex: number; start: number; end: number } | undefined {
  const layout = layoutOf(bytes);
  let lo = 0;
  let hi = layout.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (layout.starts[mid] <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0 || offset >= layout.ends[found]) return undefined;
  return { body: found, functionIndex: layout.imported + found, start: layout.starts[found], end: layout.ends[found] };
}

const layouts = new WeakMap<Uint8Array, { imported: number; starts: number[]; ends: number[] }>();
function layoutOf(bytes: Uint8Array): { imported: number; starts: number[]; ends: number[] } {
  let layout = layouts.get(bytes);
  if (!layout) {
    const starts: number[] = [];
    const ends: number[] = [];
    const module = decodeModule(bytes, {
      onInstruction: (body, _ins, offset) => {
        if (starts.length === body) starts.push(offset);
        ends[body] = offset + 1; // the last instruction is the body's 1-byte `end`
      },
    });
    layout = { imported: importedFunctionCount(module), starts, ends };
    layouts.set(bytes, layout);
  }
  return layout;
}
