// Just enough of the wasm binary format to list a module's imports (with signatures), exports,
// memory and start: what the build prints and checks. Throws WasmFormatError on malformed input.
export class WasmFormatError extends Error {}

export type ValType = "i32" | "i64" | "f32" | "f64" | "v128" | "funcref" | "externref" | string;
export interface FuncType {
  params: ValType[];
  results: ValType[];
}
export type ExternKind = "func" | "table" | "memory" | "global" | "tag";
export interface WasmImport {
  module: string;
  name: string;
  kind: ExternKind;
  /** signature when kind is "func" */
  type?: FuncType;
}
export interface WasmExport {
  name: string;
  kind: ExternKind;
  index: number;
}
export interface WasmSections {
  imports: WasmImport[];
  exports: WasmExport[];
  /** a memory section (not an imported memory) is present */
  hasMemorySection: boolean;
  hasStartSection: boolean;
  /** ids of the sections, in order */
  sectionIds: number[];
}

const VALTYPES: Record<number, ValType> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128", 0x70: "funcref", 0x6f: "externref" };
const KINDS: ExternKind[] = ["func", "table", "memory", "global", "tag"];

class Cursor {
  pos = 0;
  constructor(readonly bytes: Uint8Array, readonly end = bytes.length) {}
  byte(): number {
    if (this.pos >= this.end) throw new WasmFormatError("unexpected end of module");
    return this.bytes[this.pos++];
  }
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new WasmFormatError("malformed LEB128 number");
  }
  name(): string {
    const n = this.u32();
    if (this.pos + n > this.end) throw new WasmFormatError("name runs past its section");
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
  valtype(): ValType {
    const b = this.byte();
    return VALTYPES[b] ?? `0x${b.toString(16)}`;
  }
  limits(): void {
    const flags = this.byte();
    this.u32();
    if (flags & 1) this.u32();
  }
}

export function readSections(wasm: Uint8Array): WasmSections {
  const c = new Cursor(wasm);
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  for (const b of magic) if (c.byte() !== b) throw new WasmFormatError("not a wasm module (bad magic or version)");
  const types: FuncType[] = [];
  const out: WasmSections = { imports: [], exports: [], hasMemorySection: false, hasStartSection: false, sectionIds: [] };
  while (c.pos < wasm.length) {
    const id = c.byte();
    const size = c.u32();
    const end = c.pos + size;
    if (end > wasm.length) throw new WasmFormatError(`section ${id} runs past the end of the module`);
    out.sectionIds.push(id);
    const s = new Cursor(wasm, end);
    s.pos = c.pos;
    if (id === 1) {
      for (let n = s.u32(); n > 0; n--) {
        if (s.byte() !== 0x60) throw new WasmFormatError("type section holds a non-function type");
        const params = Array.from({ length: s.u32() }, () => s.valtype());
        const results = Array.from({ length: s.u32() }, () => s.valtype());
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = s.u32(); n > 0; n--) {
        const module = s.name();
        const name = s.name();
        const kind = KINDS[s.byte()] ?? "tag";
        const imp: WasmImport = { module, name, kind };
        if (kind === "func") imp.type = types[s.u32()];
        else if (kind === "table") { s.byte(); s.limits(); }
        else if (kind === "memory") s.limits();
        else if (kind === "global") { s.valtype(); s.byte(); }
        else s.u32();
        out.imports.push(imp);
      }
    } else if (id === 5) {
      out.hasMemorySection = s.u32() > 0;
    } else if (id === 7) {
      for (let n = s.u32(); n > 0; n--) {
        const name = s.name();
        const kind = KINDS[s.byte()] ?? "tag";
        out.exports.push({ name, kind, index: s.u32() });
      }
    } else if (id === 8) {
      out.hasStartSection = true;
    }
    c.pos = end;
  }
  return out;
}
