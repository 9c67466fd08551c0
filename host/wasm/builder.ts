// The module builder the Casper passes use, with casper-wasm's observable behaviour
// (casper-wasm 0.46 src/builder/module.rs, `ModuleScaffold`): going through the builder
//  - puts the known sections in canonical order and drops the empty ones;
//  - moves every other section (custom sections) after them, in REVERSE order (it pops sections from
//    the end), so each builder round trip reverses the custom sections once;
//  - adds a function type only if no identical type exists (`resolve_type_ref`).
// Our one deliberate difference: a DataCount section is kept at its spec position (casper-wasm moves it
// after the data section, producing bytes no spec-following engine accepts).

import type {
  DataSegment, ElementSegment, Export, FuncType, FunctionBody, Global, Import, Limits, Section, TableType, WasmModule,
} from "./module.ts";
import { sameFuncType } from "./module.ts";

export class ModuleScaffold {
  types: FuncType[] = [];
  imports: Import[] = [];
  functions: number[] = [];
  tables: TableType[] = [];
  memories: Limits[] = [];
  globals: Global[] = [];
  exports: Export[] = [];
  start: number | undefined;
  elements: ElementSegment[] = [];
  code: FunctionBody[] = [];
  data: DataSegment[] = [];
  dataCount: number | undefined;
  other: Section[] = [];

  static from(module: WasmModule): ModuleScaffold {
    const s = new ModuleScaffold();
    for (let i = module.sections.length - 1; i >= 0; i--) {
      const sec = module.sections[i];
      switch (sec.kind) {
        case "type": s.types = sec.types; break;
        case "import": s.imports = sec.imports; break;
        case "function": s.functions = sec.typeIndices; break;
        case "table": s.tables = sec.tables; break;
        case "memory": s.memories = sec.memories; break;
        case "global": s.globals = sec.globals; break;
        case "export": s.exports = sec.exports; break;
        case "start": s.start = sec.functionIndex; break;
        case "element": s.elements = sec.segments; break;
        case "code": s.code = sec.bodies; break;
        case "data": s.data = sec.segments; break;
        case "datacount": s.dataCount = sec.count; break;
        default: s.other.push(sec);
      }
    }
    return s;
  }

  build(): WasmModule {
    const sections: Section[] = [];
    if (this.types.length) sections.push({ id: 1, kind: "type", types: this.types });
    if (this.imports.length) sections.push({ id: 2, kind: "import", imports: this.imports });
    if (this.functions.length) sections.push({ id: 3, kind: "function", typeIndices: this.functions });
    if (this.tables.length) sections.push({ id: 4, kind: "table", tables: this.tables });
    if (this.memories.length) sections.push({ id: 5, kind: "memory", memories: this.memories });
    if (this.globals.length) sections.push({ id: 6, kind: "global", globals: this.globals });
    if (this.exports.length) sections.push({ id: 7, kind: "export", exports: this.exports });
    if (this.start !== undefined) sections.push({ id: 8, kind: "start", functionIndex: this.start });
    if (this.elements.length) sections.push({ id: 9, kind: "element", segments: this.elements });
    if (this.dataCount !== undefined) sections.push({ id: 12, kind: "datacount", count: this.dataCount });
    if (this.code.length) sections.push({ id: 10, kind: "code", bodies: this.code });
    if (this.data.length) sections.push({ id: 11, kind: "data", segments: this.data });
    sections.push(...this.other);
    return { version: 1, sections };
  }

  /** Index of an identical type, or of a newly appended one. */
  pushType(type: FuncType): number {
    const existing = this.types.findIndex((t) => sameFuncType(t, type));
    if (existing >= 0) return existing;
    this.types.push(type);
    return this.types.length - 1;
  }

  pushImport(entry: Import): number {
    this.imports.push(entry);
    return this.imports.length - 1;
  }

  /** Appends a defined function; returns its index among the defined functions. */
  pushFunction(type: FuncType, body: FunctionBody): number {
    this.functions.push(this.pushType(type));
    this.code.push(body);
    return this.code.length - 1;
  }
}

/** One round trip through the builder with nothing added (what every casper-wasm-utils pass does at least). */
export function rebuild(module: WasmModule): WasmModule {
  return ModuleScaffold.from(module).build();
}
