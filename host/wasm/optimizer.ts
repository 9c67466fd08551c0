// The bytes casper-node stores as a contract's wasm: `get_module_from_entry_points` (casper-node v1.5.8
// execution_engine/src/shared/wasm_prep.rs) runs casper-wasm-utils v3.0.0 src/optimizer.rs `optimize` on the
// PREPROCESSED module (gas counter, stack limiter and memory import already in), keeping only what the entry
// points reach, then serialises it. The stored bytes are charged per byte, and are executed later as they are
// (never preprocessed again). Quirks kept: custom sections are dropped but a parsable `name` section is kept
// (re-serialised: module, function and local names only); call_indirect type indices are renumbered only
// when a function or global was removed as well; memory and table imports always stay.

import { ByteReader, ByteWriter } from "./bytes.ts";
import { decodeModule } from "./decode.ts";
import { encodeModule } from "./encode.ts";
import type { InstructionTracking } from "./preprocess.ts";
import { type Instruction, type Section, type WasmModule, findSection, functionSpaceSize } from "./module.ts";
import { OP } from "./opcodes.ts";

/** casper-node's ExecError::FunctionNotFound: an entry point the module does not export. */
export class FunctionNotFoundError extends Error {
  readonly functionName: string;
  constructor(name: string) {
    super(`FunctionNotFound: ${name}`);
    this.name = "FunctionNotFoundError";
    this.functionName = name;
  }
}

type SymbolKey = string; // "T3" type, "I2" import, "G0" global, "F5" defined function, "E1" export

interface NameSection {
  moduleName?: string;
  functionNames?: Map<number, string>;
  localNames?: Map<number, Map<number, string>>;
}

function resolveFunction(m: WasmModule, index: number): SymbolKey {
  let functions = 0;
  for (const [i, imp] of (findSection(m, "import")?.imports ?? []).entries()) {
    if (imp.desc.kind !== "func") continue;
    if (functions === index) return `I${i}`;
    functions++;
  }
  return `F${index - functions}`;
}

function resolveGlobal(m: WasmModule, index: number): SymbolKey {
  let globals = 0;
  for (const [i, imp] of (findSection(m, "import")?.imports ?? []).entries()) {
    if (imp.desc.kind !== "global") continue;
    if (globals === index) return `I${i}`;
    globals++;
  }
  return `G${index - globals}`;
}

function codeSymbols(m: WasmModule, code: readonly Instruction[], out: SymbolKey[]): void {
  for (const ins of code) {
    if (ins.opcode === OP.call) out.push(resolveFunction(m, ins.index!));
    else if (ins.opcode === OP.call_indirect) out.push(`T${ins.index}`);
    else if (ins.opcode === OP.global_get || ins.opcode === OP.global_set) out.push(resolveGlobal(m, ins.index!));
  }
}

/** Adds to `set` everything its symbols use, transitively (symbols.rs `expand_symbols`). */
function expandSymbols(m: WasmModule, set: Set<SymbolKey>): void {
  const stop = new Set<SymbolKey>();
  const fringe = [...set];
  const add = (s: SymbolKey) => {
    if (!stop.has(s)) fringe.push(s);
    set.add(s);
  };
  while (fringe.length) {
    const next = fringe.pop()!;
    if (stop.has(next)) continue;
    const kind = next[0];
    const idx = Number(next.slice(1));
    if (kind === "E") {
      const e = findSection(m, "export")!.exports[idx];
      if (e.kind === "func") add(resolveFunction(m, e.index));
      else if (e.kind === "global") add(resolveGlobal(m, e.index));
    } else if (kind === "I") {
      const imp = findSection(m, "import")!.imports[idx];
      if (imp.desc.kind === "func") add(`T${imp.desc.typeIndex}`);
    } else if (kind === "F") {
      const syms: SymbolKey[] = [];
      codeSymbols(m, findSection(m, "code")!.bodies[idx].code, syms);
      syms.forEach(add);
      add(`T${findSection(m, "function")!.typeIndices[idx]}`);
    } else if (kind === "G") {
      const syms: SymbolKey[] = [];
      codeSymbols(m, findSection(m, "global")!.globals[idx].init, syms);
      syms.forEach(add);
    }
    stop.add(next);
  }
}

/** casper-wasm `NameSection::deserialize`; undefined when it would fail (the section is then dropped). */
function parseNameSection(m: WasmModule, payload: Uint8Array): NameSection | undefined {
  const funcSpace = functionSpaceSize(m);
  const maxParams = Math.max(0, ...(findSection(m, "type")?.types ?? []).map((t) => t.params.length));
  const maxLocals = Math.max(0, ...(findSection(m, "code")?.bodies ?? []).map((b) => b.locals.reduce((n, l) => n + l.count, 0)));
  const r = new ByteReader(payload);
  const indexMap = <T>(max: number, value: () => T): Map<number, T> => {
    const n = r.u32();
    const out = new Map<number, T>();
    let prev = -1;
    for (let i = 0; i < n; i++) {
      const idx = r.u32();
      if (idx >= max) throw new Error("index is larger than expected");
      if (idx <= prev) throw new Error("indices are out of order");
      prev = idx;
      out.set(idx, value());
    }
    return out;
  };
  const names: NameSection = {};
  try {
    while (!r.atEnd()) {
      const type = r.u8() & 0x7f;
      const size = r.u32();
      if (type === 0) {
        if (names.moduleName !== undefined) return undefined;
        names.moduleName = r.name();
      } else if (type === 1) {
        if (names.functionNames) return undefined;
        names.functionNames = indexMap(funcSpace, () => r.name());
      } else if (type === 2) {
        if (names.localNames) return undefined;
        names.localNames = indexMap(funcSpace, () => indexMap(maxParams + maxLocals, () => r.name()));
      } else {
        r.take(size);
      }
    }
  } catch {
    return undefined;
  }
  return names;
}

function serializeNameSection(n: NameSection): Uint8Array {
  const w = new ByteWriter(256);
  const sub = (type: number, write: (b: ByteWriter) => void) => {
    const b = new ByteWriter(256);
    write(b);
    w.u8(type);
    w.u32(b.length);
    w.bytes(b.finish());
  };
  const writeMap = <T>(b: ByteWriter, map: Map<number, T>, value: (v: T) => void) => {
    b.u32(map.size);
    for (const [idx, v] of [...map].sort((x, y) => x[0] - y[0])) {
      b.u32(idx);
      value(v);
    }
  };
  if (n.moduleName !== undefined) sub(0, (b) => b.name(n.moduleName!));
  if (n.functionNames) sub(1, (b) => writeMap(b, n.functionNames!, (v) => b.name(v)));
  if (n.localNames) sub(2, (b) => writeMap(b, n.localNames!, (inner) => writeMap(b, inner, (v) => b.name(v))));
  return w.finish();
}

/** How many of the sorted `eliminated` indices are below `index`. */
function below(eliminated: number[], index: number): number {
  let n = 0;
  while (n < eliminated.length && eliminated[n] < index) n++;
  return n;
}

function reindexNames<T>(map: Map<number, T>, eliminatedFuncs: number[]): Map<number, T> {
  const out = new Map<number, T>();
  for (const [idx, v] of map) {
    if (eliminatedFuncs.includes(idx)) continue;
    out.set(idx - below(eliminatedFuncs, idx), v);
  }
  return out;
}

/** optimizer.rs `optimize`: keeps what `usedExports` reach; mutates and returns `m`. */
export function optimizeForExports(m: WasmModule, usedExports: readonly string[]): WasmModule {
  // parse_names: each parsable "name" section becomes a parsed one (kept); the rest are custom (dropped)
  const parsedNames = new Map<number, NameSection>();
  m.sections.forEach((s, i) => {
    if (s.kind === "custom" && s.name === "name") {
      const parsed = parseNameSection(m, s.payload);
      if (parsed) parsedNames.set(i, parsed);
    }
  });

  const exports = findSection(m, "export");
  if (!exports) throw new FunctionNotFoundError("Missing Export Section");
  const stay = new Set<SymbolKey>();
  exports.exports.forEach((e, i) => {
    if (usedExports.includes(e.name)) stay.add(`E${i}`);
  });
  const start = findSection(m, "start");
  if (start) stay.add(resolveFunction(m, start.functionIndex));
  const initSymbols: SymbolKey[] = [];
  for (const seg of findSection(m, "data")?.segments ?? []) if (seg.offset) codeSymbols(m, seg.offset, initSymbols);
  for (const seg of findSection(m, "element")?.segments ?? []) {
    codeSymbols(m, seg.offset, initSymbols);
    for (const f of seg.functionIndices) stay.add(resolveFunction(m, f));
  }
  initSymbols.forEach((s) => stay.add(s));
  expandSymbols(m, stay);

  const eliminatedFuncs: number[] = [];
  const eliminatedGlobals: number[] = [];
  const eliminatedTypes: number[] = [];

  const types = findSection(m, "type");
  if (types) {
    types.types = types.types.filter((_, old) => {
      if (stay.has(`T${old}`)) return true;
      eliminatedTypes.push(old);
      return false;
    });
  }

  let topFuncs = 0;
  let topGlobals = 0;
  const imports = findSection(m, "import");
  if (imports) {
    imports.imports = imports.imports.filter((imp, old) => {
      if (imp.desc.kind === "func") {
        const keep = stay.has(`I${old}`);
        if (!keep) eliminatedFuncs.push(topFuncs);
        topFuncs++;
        return keep;
      }
      if (imp.desc.kind === "global") {
        const keep = stay.has(`I${old}`);
        if (!keep) eliminatedGlobals.push(topGlobals);
        topGlobals++;
        return keep;
      }
      return true;
    });
  }

  const globals = findSection(m, "global");
  if (globals) {
    globals.globals = globals.globals.filter((_, old) => {
      if (stay.has(`G${old}`)) return true;
      eliminatedGlobals.push(topGlobals + old);
      return false;
    });
  }

  const funcs = findSection(m, "function");
  const code = findSection(m, "code");
  if (funcs && code) {
    const keep = funcs.typeIndices.map((_, old) => stay.has(`F${old}`));
    keep.forEach((k, old) => {
      if (!k) eliminatedFuncs.push(topFuncs + old);
    });
    funcs.typeIndices = funcs.typeIndices.filter((_, i) => keep[i]);
    code.bodies = code.bodies.filter((_, i) => keep[i]);
  }

  exports.exports = exports.exports.filter((_, old) => stay.has(`E${old}`));

  if (eliminatedGlobals.length || eliminatedFuncs.length || eliminatedTypes.length) {
    eliminatedGlobals.sort((a, b) => a - b);
    eliminatedFuncs.sort((a, b) => a - b);
    eliminatedTypes.sort((a, b) => a - b);
    const fixGlobals = (expr: Instruction[]) => {
      for (const ins of expr) {
        if (ins.opcode === OP.global_get || ins.opcode === OP.global_set) ins.index! -= below(eliminatedGlobals, ins.index!);
      }
    };
    m.sections.forEach((s, i) => {
      switch (s.kind) {
        case "start":
          if (eliminatedFuncs.length) s.functionIndex -= below(eliminatedFuncs, s.functionIndex);
          break;
        case "function":
          if (eliminatedTypes.length) s.typeIndices = s.typeIndices.map((t) => t - below(eliminatedTypes, t));
          break;
        case "import":
          if (eliminatedTypes.length) {
            for (const imp of s.imports) if (imp.desc.kind === "func") imp.desc.typeIndex -= below(eliminatedTypes, imp.desc.typeIndex);
          }
          break;
        case "code":
          // the original renumbers call_indirect types only inside this guard
          if (eliminatedGlobals.length || eliminatedFuncs.length) {
            for (const body of s.bodies) {
              for (const ins of body.code) {
                if (ins.opcode === OP.call && eliminatedFuncs.length) ins.index! -= below(eliminatedFuncs, ins.index!);
                else if ((ins.opcode === OP.global_get || ins.opcode === OP.global_set) && eliminatedGlobals.length) ins.index! -= below(eliminatedGlobals, ins.index!);
                else if (ins.opcode === OP.call_indirect && eliminatedTypes.length) ins.index! -= below(eliminatedTypes, ins.index!);
              }
            }
          }
          break;
        case "export":
          for (const e of s.exports) {
            if (e.kind === "func") e.index -= below(eliminatedFuncs, e.index);
            else if (e.kind === "global") e.index -= below(eliminatedGlobals, e.index);
          }
          break;
        case "global":
          for (const g of s.globals) fixGlobals(g.init);
          break;
        case "data":
          for (const seg of s.segments) if (seg.offset) fixGlobals(seg.offset);
          break;
        case "element":
          for (const seg of s.segments) {
            fixGlobals(seg.offset);
            seg.functionIndices = seg.functionIndices.map((f) => f - below(eliminatedFuncs, f));
          }
          break;
        case "custom": {
          const names = parsedNames.get(i);
          if (names?.functionNames) names.functionNames = reindexNames(names.functionNames, eliminatedFuncs);
          if (names?.localNames) names.localNames = reindexNames(names.localNames, eliminatedFuncs);
          break;
        }
      }
    });
  }

  // drop custom sections; parsed name sections stay (re-serialised)
  m.sections = m.sections.flatMap((s, i): Section[] => {
    if (s.kind !== "custom") return [s];
    const names = parsedNames.get(i);
    return names ? [{ id: 0, kind: "custom", name: "name", payload: serializeNameSection(names) }] : [];
  });
  return m;
}

/**
 * The wasm casper-node stores for a contract version: `preprocessedBytes` (PreparedModule.bytes of a metered
 * prepare) pruned to the entry points. Throws FunctionNotFoundError for an entry point that is not exported.
 */
export function storedContractWasm(preprocessedBytes: Uint8Array, entryPointNames: readonly string[], tracking?: InstructionTracking): Uint8Array {
  const onInstruction = tracking ? (_body: number, ins: Instruction, offset: number) => void tracking.original.set(ins, offset) : undefined;
  const m = decodeModule(preprocessedBytes, { onInstruction });
  const exports = findSection(m, "export");
  if (!exports) throw new FunctionNotFoundError("Missing Export Section");
  const missing = entryPointNames.find((n) => !exports.exports.some((e) => e.name === n));
  if (missing !== undefined) throw new FunctionNotFoundError(missing);
  const optimized = optimizeForExports(m, entryPointNames);
  if (!tracking) return encodeModule(optimized);
  // the pruning renumbers indices in place: the kept instructions are the decoded ones
  const bodies = findSection(optimized, "code")?.bodies ?? [];
  return encodeModule(optimized, {
    onInstructionOffset: (body, index, offset) => tracking.emitted.push({ offset, body, ins: bodies[body].code[index] }),
  });
}
