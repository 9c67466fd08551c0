// Wasm binary -> WasmModule. Every known section and instruction is decoded; a construct from a feature
// outside `options.features` stops decoding with an error naming it and its offset.

import { ByteReader } from "./bytes.ts";
import { WasmDecodeError } from "./errors.ts";
import {
  EXTERNREF, F32, F64, FUNCREF, I32, I64, V128,
  type BlockType, type ConstExpr, type DataSegment, type ElementSegment, type Export, type ExportKind,
  type FuncType, type FunctionBody, type Global, type GlobalType, type Import, type Instruction, type Limits,
  type LocalGroup, type Section, type TableType, type ValType, type WasmModule, SECTION_ORDER,
} from "./module.ts";
import {
  type Feature, FEATURE_TEXT, opcodeHex, opcodeInfo, PREFIX_ATOMIC, PREFIX_MISC, PREFIX_SIMD, prefixed,
} from "./opcodes.ts";

export interface FeatureUse {
  feature: Feature;
  /** what was found, e.g. "i32.extend8_s (0xC0)" */
  what: string;
  offset: number;
  /** defined-function index (0 = first body in the code section) when inside code */
  bodyIndex?: number;
}

export interface DecodeOptions {
  /** features allowed; default: every feature the decoder knows */
  features?: ReadonlySet<Feature>;
  /** called for every post-MVP construct found (when allowed) */
  onFeature?: (use: FeatureUse) => void;
  /** called for every instruction of every function body with its byte offset (offset_map.ts) */
  onInstruction?: (bodyIndex: number, ins: Instruction, offset: number) => void;
}

export const ALL_FEATURES: ReadonlySet<Feature> = new Set<Feature>([
  "mvp", "sign-extension", "nontrapping-f2i", "bulk-memory", "reference-types", "simd", "threads", "multi-value",
  "exceptions", "tail-call",
]);

const MAGIC = [0x00, 0x61, 0x73, 0x6d];
const SECTION_NAMES = ["custom", "type", "import", "function", "table", "memory", "global", "export", "start", "element", "code", "data", "datacount"];

class Decoder {
  readonly r: ByteReader;
  readonly features: ReadonlySet<Feature>;
  readonly onFeature?: (use: FeatureUse) => void;
  readonly onInstruction?: (bodyIndex: number, ins: Instruction, offset: number) => void;
  bodyIndex: number | undefined;

  constructor(bytes: Uint8Array, options: DecodeOptions) {
    this.r = new ByteReader(bytes);
    this.features = options.features ?? ALL_FEATURES;
    this.onFeature = options.onFeature;
    this.onInstruction = options.onInstruction;
  }

  /** Records (or refuses) the use of a post-MVP feature. */
  gate(feature: Feature, offset: number, what: string): void {
    if (feature === "mvp") return;
    if (!this.features.has(feature)) {
      const where = this.bodyIndex === undefined ? "" : ` in function body #${this.bodyIndex}`;
      throw new WasmDecodeError(offset, `${what}${where} needs ${FEATURE_TEXT[feature]}, which is not enabled`, feature);
    }
    this.onFeature?.({ feature, what, offset, bodyIndex: this.bodyIndex });
  }

  valType(what = "value type"): ValType {
    const at = this.r.pos;
    const t = this.r.u8(what);
    switch (t) {
      case I32:
      case I64:
      case F32:
      case F64:
        return t;
      case V128:
        this.gate("simd", at, "v128 value type");
        return t;
      case FUNCREF:
      case EXTERNREF:
        this.gate("reference-types", at, `${t === FUNCREF ? "funcref" : "externref"} value type`);
        return t;
      default:
        return this.r.fail(`invalid ${what} 0x${t.toString(16)}`, at);
    }
  }

  limits(what: string): Limits {
    const at = this.r.pos;
    const flags = this.r.u8(`${what} limits flags`);
    if (flags > 3) this.r.fail(`invalid ${what} limits flags 0x${flags.toString(16)}`, at);
    if (flags & 2) this.gate("threads", at, `shared ${what}`);
    const min = this.r.u32(`${what} minimum`);
    const limits: Limits = { min };
    if (flags & 1) limits.max = this.r.u32(`${what} maximum`);
    if (flags & 2) limits.shared = true;
    return limits;
  }

  tableType(): TableType {
    const at = this.r.pos;
    const elemType = this.r.u8("table element type");
    if (elemType === EXTERNREF) this.gate("reference-types", at, "externref table");
    else if (elemType !== FUNCREF) this.r.fail(`invalid table element type 0x${elemType.toString(16)}`, at);
    return { elemType, limits: this.limits("table") };
  }

  globalType(): GlobalType {
    const valType = this.valType("global type");
    const at = this.r.pos;
    const m = this.r.u8("global mutability");
    if (m > 1) this.r.fail(`invalid global mutability 0x${m.toString(16)}`, at);
    return { valType, mutable: m === 1 };
  }

  funcType(): FuncType {
    const at = this.r.pos;
    const form = this.r.u8("function type form");
    if (form !== 0x60) this.r.fail(`invalid function type form 0x${form.toString(16)} (expected 0x60)`, at);
    const params = this.vec(() => this.valType("parameter type"), "parameters");
    const resultsAt = this.r.pos;
    const results = this.vec(() => this.valType("result type"), "results");
    if (results.length > 1) this.gate("multi-value", resultsAt, `function type with ${results.length} results`);
    return { params, results };
  }

  vec<T>(item: (i: number) => T, what: string): T[] {
    const at = this.r.pos;
    const n = this.r.u32(`${what} count`);
    // every item takes at least one byte: a count beyond the remaining bytes is malformed
    if (n > this.r.end - this.r.pos) this.r.fail(`${what} count ${n} exceeds the remaining bytes`, at);
    const out = new Array<T>(n);
    for (let i = 0; i < n; i++) out[i] = item(i);
    return out;
  }

  blockType(): BlockType {
    const at = this.r.pos;
    const b = this.r.bytes[at];
    if (b === 0x40) {
      this.r.pos++;
      return { kind: "empty" };
    }
    if (b === I32 || b === I64 || b === F32 || b === F64 || b === V128 || b === FUNCREF || b === EXTERNREF) {
      return { kind: "value", type: this.valType("block result type") };
    }
    const index = this.r.s33();
    if (index < 0) this.r.fail(`invalid block type ${index}`, at);
    this.gate("multi-value", at, `block type with a type index (${index})`);
    return { kind: "index", index };
  }

  /** One instruction at the reader's position. */
  instruction(): Instruction {
    const r = this.r;
    const at = r.pos;
    let opcode = r.u8("opcode");
    if (opcode === PREFIX_MISC || opcode === PREFIX_SIMD || opcode === PREFIX_ATOMIC) {
      opcode = prefixed(opcode, r.u32("prefixed opcode"));
    }
    const info = opcodeInfo(opcode);
    if (!info) {
      const where = this.bodyIndex === undefined ? "" : ` in function body #${this.bodyIndex}`;
      return r.fail(`unknown opcode ${opcodeHex(opcode)}${where}`, at);
    }
    if (info.feature !== "mvp") this.gate(info.feature, at, `${info.name} (${opcodeHex(opcode)})`);
    const ins: Instruction = { opcode };
    switch (info.immediate) {
      case "none":
        break;
      case "block":
        ins.blockType = this.blockType();
        break;
      case "label":
      case "func":
      case "index":
        ins.index = r.u32(`${info.name} immediate`);
        break;
      case "index2":
        ins.index = r.u32(`${info.name} immediate`);
        ins.index2 = r.u32(`${info.name} immediate`);
        break;
      case "br_table": {
        const n = r.u32("br_table target count");
        if (n > r.end - r.pos) r.fail(`br_table target count ${n} exceeds the remaining bytes`, at);
        const targets = new Array<number>(n);
        for (let i = 0; i < n; i++) targets[i] = r.u32("br_table target");
        ins.targets = targets;
        ins.defaultTarget = r.u32("br_table default target");
        break;
      }
      case "call_indirect": {
        ins.index = r.u32("call_indirect type index");
        const tableAt = r.pos;
        ins.index2 = r.u32("call_indirect table index");
        if (ins.index2 !== 0) this.gate("reference-types", tableAt, `call_indirect on table ${ins.index2}`);
        break;
      }
      case "memarg":
        ins.align = r.u32("memory alignment");
        ins.offset = r.u32("memory offset");
        break;
      case "memarg_lane":
        ins.align = r.u32("memory alignment");
        ins.offset = r.u32("memory offset");
        ins.lane = r.u8("lane index");
        break;
      case "memory_byte": {
        const byteAt = r.pos;
        ins.index = r.u8(`${info.name} memory index`);
        if (ins.index !== 0) r.fail(`${info.name} memory index must be 0 (multiple memories are not supported)`, byteAt);
        break;
      }
      case "i32":
        ins.value = r.s32("i32.const value");
        break;
      case "i64":
        ins.value = r.s64("i64.const value");
        break;
      case "f32":
        ins.bytes = r.take(4, "f32.const bytes").slice();
        break;
      case "f64":
        ins.bytes = r.take(8, "f64.const bytes").slice();
        break;
      case "v128":
      case "shuffle":
        ins.bytes = r.take(16, `${info.name} bytes`).slice();
        break;
      case "lane":
        ins.lane = r.u8("lane index");
        break;
      case "select_t":
        ins.valTypes = this.vec(() => this.valType("select type"), "select types");
        break;
      case "ref_null":
        ins.index = r.u8("reference type");
        break;
      case "byte":
        ins.index = r.u8(`${info.name} immediate`);
        break;
    }
    return ins;
  }

  /** A constant expression, up to and including its `end`. */
  constExpr(what: string): ConstExpr {
    const out: Instruction[] = [];
    for (;;) {
      if (this.r.atEnd()) this.r.fail(`${what}: missing end`);
      const ins = this.instruction();
      out.push(ins);
      if (ins.opcode === 0x0b) return out;
    }
  }

  body(index: number): FunctionBody {
    const r = this.r;
    const sizeAt = r.pos;
    const size = r.u32("function body size");
    const start = r.pos;
    if (size > r.end - start) r.fail(`function body #${index} size ${size} exceeds the code section`, sizeAt);
    const outerEnd = r.end;
    r.end = start + size;
    this.bodyIndex = index;
    let totalLocals = 0;
    const locals: LocalGroup[] = this.vec(() => {
      const countAt = r.pos;
      const count = r.u32("local count");
      totalLocals += count;
      if (totalLocals > 0xffffffff) r.fail(`function body #${index} declares more than 2^32-1 locals`, countAt);
      return { count, type: this.valType("local type") };
    }, "local groups");
    const code: Instruction[] = [];
    let depth = 0;
    for (;;) {
      if (r.atEnd()) r.fail(`function body #${index} ends without a final end`);
      const at = r.pos;
      const ins = this.instruction();
      code.push(ins);
      this.onInstruction?.(index, ins, at);
      const op = ins.opcode;
      if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x06) depth++;
      else if (op === 0x0b) {
        if (depth === 0) break;
        depth--;
      }
    }
    if (r.pos !== r.end) r.fail(`function body #${index} has ${r.end - r.pos} bytes after its final end`);
    r.end = outerEnd;
    this.bodyIndex = undefined;
    return { locals, code };
  }

  elementSegment(): ElementSegment {
    const r = this.r;
    const at = r.pos;
    const flags = r.u32("element segment flags");
    if (flags === 0) {
      const offset = this.constExpr("element segment offset");
      const functionIndices = this.vec(() => r.u32("element function index"), "element function indices");
      return { flags, tableIndex: 0, offset, functionIndices };
    }
    if (flags > 7) r.fail(`invalid element segment flags ${flags}`, at);
    this.gate(flags === 2 ? "reference-types" : "bulk-memory", at, `element segment with flags ${flags}`);
    // walk the non-MVP segment per the spec, keeping its bytes for an exact round trip
    let tableIndex = 0;
    let offset: ConstExpr = [];
    if (flags === 2 || flags === 6) tableIndex = r.u32("element table index");
    if ((flags & 1) === 0) offset = this.constExpr("element segment offset");
    const usesExprs = (flags & 4) !== 0;
    if ((flags & 3) !== 0) {
      if (usesExprs) this.valType("element reference type");
      else r.u8("element kind");
    }
    const functionIndices: number[] = [];
    if (usesExprs) this.vec(() => this.constExpr("element expression"), "element expressions");
    else functionIndices.push(...this.vec(() => r.u32("element function index"), "element function indices"));
    return { flags, tableIndex, offset, functionIndices, raw: r.bytes.slice(at, r.pos) };
  }

  dataSegment(): DataSegment {
    const r = this.r;
    const at = r.pos;
    const flags = r.u32("data segment flags");
    if (flags > 2) r.fail(`invalid data segment flags ${flags}`, at);
    if (flags !== 0) this.gate("bulk-memory", at, flags === 1 ? "passive data segment" : "data segment with a memory index");
    const memoryIndex = flags === 2 ? r.u32("data memory index") : 0;
    const offset = flags === 1 ? undefined : this.constExpr("data segment offset");
    const len = r.u32("data segment size");
    const bytes = r.take(len, "data segment bytes").slice();
    return { flags, memoryIndex, offset, bytes };
  }

  importEntry(): Import {
    const r = this.r;
    const module = r.name("import module name");
    const field = r.name("import field name");
    const at = r.pos;
    const kind = r.u8("import kind");
    switch (kind) {
      case 0:
        return { module, field, desc: { kind: "func", typeIndex: r.u32("import type index") } };
      case 1:
        return { module, field, desc: { kind: "table", table: this.tableType() } };
      case 2:
        return { module, field, desc: { kind: "memory", limits: this.limits("memory") } };
      case 3:
        return { module, field, desc: { kind: "global", global: this.globalType() } };
      default:
        return r.fail(`invalid import kind 0x${kind.toString(16)} for ${module}.${field}`, at);
    }
  }

  exportEntry(): Export {
    const r = this.r;
    const name = r.name("export name");
    const at = r.pos;
    const k = r.u8("export kind");
    const kinds: ExportKind[] = ["func", "table", "memory", "global"];
    if (k > 3) r.fail(`invalid export kind 0x${k.toString(16)} for "${name}"`, at);
    return { name, kind: kinds[k], index: r.u32("export index") };
  }

  section(id: number, start: number): Section {
    const r = this.r;
    switch (id) {
      case 0:
        return { id: 0, kind: "custom", name: r.name("custom section name"), payload: r.take(r.end - r.pos, "custom section payload").slice() };
      case 1:
        return { id: 1, kind: "type", types: this.vec(() => this.funcType(), "types") };
      case 2:
        return { id: 2, kind: "import", imports: this.vec(() => this.importEntry(), "imports") };
      case 3:
        return { id: 3, kind: "function", typeIndices: this.vec(() => r.u32("function type index"), "functions") };
      case 4:
        return { id: 4, kind: "table", tables: this.vec(() => this.tableType(), "tables") };
      case 5:
        return { id: 5, kind: "memory", memories: this.vec(() => this.limits("memory"), "memories") };
      case 6:
        return {
          id: 6,
          kind: "global",
          globals: this.vec((): Global => ({ type: this.globalType(), init: this.constExpr("global initializer") }), "globals"),
        };
      case 7:
        return { id: 7, kind: "export", exports: this.vec(() => this.exportEntry(), "exports") };
      case 8:
        return { id: 8, kind: "start", functionIndex: r.u32("start function index") };
      case 9:
        return { id: 9, kind: "element", segments: this.vec(() => this.elementSegment(), "element segments") };
      case 10:
        return { id: 10, kind: "code", bodies: this.vec((i) => this.body(i), "function bodies") };
      case 11:
        return { id: 11, kind: "data", segments: this.vec(() => this.dataSegment(), "data segments") };
      case 12:
        // casper-wasm reads a DataCount section whatever its features: it is reported, never refused
        this.onFeature?.({ feature: "bulk-memory", what: "DataCount section (id 12)", offset: start });
        return { id: 12, kind: "datacount", count: r.u32("data count") };
      default:
        return r.fail(`invalid section id ${id}`, start);
    }
  }

  module(): WasmModule {
    const r = this.r;
    for (let i = 0; i < 4; i++) {
      if (r.atEnd() || r.bytes[i] !== MAGIC[i]) r.fail("not a wasm module: the magic bytes \\0asm are missing", 0);
      r.pos++;
    }
    if (r.end - r.pos < 4) r.fail("unexpected end of input while reading the version");
    const version = r.bytes[4] | (r.bytes[5] << 8) | (r.bytes[6] << 16) | (r.bytes[7] << 24);
    if (version !== 1) r.fail(`unsupported wasm version ${version >>> 0}`, 4);
    r.pos = 8;
    const sections: Section[] = [];
    let lastOrder = 0;
    while (!r.atEnd()) {
      const start = r.pos;
      const id = r.u8("section id");
      if (id > 12) r.fail(`invalid section id ${id}`, start);
      const size = r.u32(`${SECTION_NAMES[id]} section size`);
      const contentStart = r.pos;
      if (size > r.bytes.length - contentStart) r.fail(`${SECTION_NAMES[id]} section size ${size} runs past the end of the module`, start);
      r.end = contentStart + size;
      const section = this.section(id, start);
      if (r.pos !== r.end) r.fail(`${SECTION_NAMES[id]} section has ${r.end - r.pos} unread bytes (declared size ${size})`, r.pos);
      r.end = r.bytes.length;
      if (section.kind !== "custom") {
        const order = SECTION_ORDER[section.kind];
        if (order === lastOrder) r.fail(`duplicate ${section.kind} section`, start);
        if (order < lastOrder) r.fail(`${section.kind} section out of order`, start);
        lastOrder = order;
      }
      sections.push(section);
    }
    const m: WasmModule = { version: 1, sections };
    const funcs = sections.find((s) => s.kind === "function");
    const code = sections.find((s) => s.kind === "code");
    const nFuncs = funcs?.kind === "function" ? funcs.typeIndices.length : 0;
    const nBodies = code?.kind === "code" ? code.bodies.length : 0;
    if (nFuncs !== nBodies) {
      throw new WasmDecodeError(r.bytes.length, `the function section declares ${nFuncs} functions but the code section has ${nBodies} bodies`);
    }
    return m;
  }
}

export function decodeModule(bytes: Uint8Array, options: DecodeOptions = {}): WasmModule {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("decodeModule expects a Uint8Array");
  return new Decoder(bytes, options).module();
}

/** The function names of a `name` custom section payload (subsection 1), or an empty map if absent/malformed. */
export function decodeFunctionNames(module: WasmModule): Map<number, string> {
  const names = new Map<number, string>();
  const section = module.sections.find((s) => s.kind === "custom" && s.name === "name");
  if (!section || section.kind !== "custom") return names;
  try {
    const r = new ByteReader(section.payload);
    while (!r.atEnd()) {
      const id = r.u8();
      const size = r.u32();
      const end = r.pos + size;
      if (id === 1) {
        const n = r.u32();
        for (let i = 0; i < n; i++) names.set(r.u32(), r.name());
      }
      r.pos = end;
    }
  } catch {
    // a malformed name section is not an error for the module (the spec says to ignore it)
  }
  return names;
}
