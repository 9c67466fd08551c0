// The plain structure a wasm binary decodes into (and encodes back from).
// Sections are kept as an ordered list, custom sections in place, like casper-wasm's `Module`:
// the Casper preprocessing passes are defined on that list (see builder.ts), so mirroring it keeps
// their output byte-identical.

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;

/** A value type byte (I32, I64, F32, F64; V128/FUNCREF/EXTERNREF only appear in post-MVP code). */
export type ValType = number;

export interface FuncType {
  params: ValType[];
  results: ValType[];
}

export interface Limits {
  min: number;
  /** undefined = no maximum declared */
  max?: number;
  /** threads proposal: flag 0x03 */
  shared?: boolean;
}

export interface TableType {
  elemType: ValType;
  limits: Limits;
}

export interface GlobalType {
  valType: ValType;
  mutable: boolean;
}

export type ImportDesc =
  | { kind: "func"; typeIndex: number }
  | { kind: "table"; table: TableType }
  | { kind: "memory"; limits: Limits }
  | { kind: "global"; global: GlobalType };

export interface Import {
  module: string;
  field: string;
  desc: ImportDesc;
}

export type ExportKind = "func" | "table" | "memory" | "global";

export interface Export {
  name: string;
  kind: ExportKind;
  index: number;
}

/** A constant expression (global init, segment offset): its instructions, final `end` included. */
export type ConstExpr = Instruction[];

export interface Global {
  type: GlobalType;
  init: ConstExpr;
}

/** MVP element segment (flags 0): active, table 0, function indices. */
export interface ElementSegment {
  /** segment flags; only 0 is MVP, others are kept as raw bytes */
  flags: number;
  tableIndex: number;
  offset: ConstExpr;
  functionIndices: number[];
  /** non-MVP segments are kept undecoded so they can round-trip and be named in errors */
  raw?: Uint8Array;
}

export interface DataSegment {
  /** 0 = active memory 0, 1 = passive (bulk memory), 2 = active with explicit memory index */
  flags: number;
  memoryIndex: number;
  /** undefined for passive segments */
  offset?: ConstExpr;
  bytes: Uint8Array;
}

export interface LocalGroup {
  count: number;
  type: ValType;
}

/** "empty" | a value type | a type index (multi-value). */
export type BlockType = { kind: "empty" } | { kind: "value"; type: ValType } | { kind: "index"; index: number };

/**
 * One instruction. `opcode` is the byte, or for prefixed opcodes (0xFC, 0xFD, 0xFE) `prefix << 16 | sub`.
 * Only the immediates of the instruction's kind are set (see opcodes.ts for which kind each opcode has).
 */
export interface Instruction {
  opcode: number;
  /** block / loop / if */
  blockType?: BlockType;
  /** label, local, global, function, type, table, memory, data or element index (the first immediate) */
  index?: number;
  /** second index immediate: call_indirect's table byte, memory.copy's second memory, table.init's table... */
  index2?: number;
  /** br_table */
  targets?: number[];
  defaultTarget?: number;
  /** memarg */
  align?: number;
  offset?: number;
  /** i32.const (number, as signed i32) / i64.const (bigint, signed) */
  value?: number | bigint;
  /** f32.const / f64.const / v128.const / i8x16.shuffle: raw little-endian bytes (exact NaN payloads) */
  bytes?: Uint8Array;
  /** SIMD lane index */
  lane?: number;
  /** typed select (reference types) */
  valTypes?: ValType[];
}

export interface FunctionBody {
  locals: LocalGroup[];
  /** the body's instructions, the final `end` included */
  code: Instruction[];
}

export type Section =
  | { id: 0; kind: "custom"; name: string; payload: Uint8Array }
  | { id: 1; kind: "type"; types: FuncType[] }
  | { id: 2; kind: "import"; imports: Import[] }
  | { id: 3; kind: "function"; typeIndices: number[] }
  | { id: 4; kind: "table"; tables: TableType[] }
  | { id: 5; kind: "memory"; memories: Limits[] }
  | { id: 6; kind: "global"; globals: Global[] }
  | { id: 7; kind: "export"; exports: Export[] }
  | { id: 8; kind: "start"; functionIndex: number }
  | { id: 9; kind: "element"; segments: ElementSegment[] }
  | { id: 10; kind: "code"; bodies: FunctionBody[] }
  | { id: 11; kind: "data"; segments: DataSegment[] }
  | { id: 12; kind: "datacount"; count: number };

export type SectionKind = Section["kind"];
export type SectionOf<K extends SectionKind> = Extract<Section, { kind: K }>;

export interface WasmModule {
  version: number;
  sections: Section[];
}

/** Spec order of the known sections (custom sections may appear anywhere). */
export const SECTION_ORDER: Record<Exclude<SectionKind, "custom">, number> = {
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  datacount: 10,
  code: 11,
  data: 12,
};

export function findSection<K extends SectionKind>(module: WasmModule, kind: K): SectionOf<K> | undefined {
  for (const s of module.sections) if (s.kind === kind) return s as SectionOf<K>;
  return undefined;
}

export function moduleTypes(m: WasmModule): FuncType[] {
  return findSection(m, "type")?.types ?? [];
}
export function moduleImports(m: WasmModule): Import[] {
  return findSection(m, "import")?.imports ?? [];
}
export function moduleFunctionTypeIndices(m: WasmModule): number[] {
  return findSection(m, "function")?.typeIndices ?? [];
}
export function moduleBodies(m: WasmModule): FunctionBody[] {
  return findSection(m, "code")?.bodies ?? [];
}
export function moduleGlobals(m: WasmModule): Global[] {
  return findSection(m, "global")?.globals ?? [];
}
export function moduleExports(m: WasmModule): Export[] {
  return findSection(m, "export")?.exports ?? [];
}

export function importedFunctionCount(m: WasmModule): number {
  let n = 0;
  for (const i of moduleImports(m)) if (i.desc.kind === "func") n++;
  return n;
}

/** Imported + defined functions. */
export function functionSpaceSize(m: WasmModule): number {
  return importedFunctionCount(m) + moduleFunctionTypeIndices(m).length;
}

/** The type of a function in the function index space, or undefined if out of range. */
export function functionType(m: WasmModule, funcIndex: number): FuncType | undefined {
  const types = moduleTypes(m);
  let seen = 0;
  for (const imp of moduleImports(m)) {
    if (imp.desc.kind !== "func") continue;
    if (seen === funcIndex) return types[imp.desc.typeIndex];
    seen++;
  }
  const typeIndex = moduleFunctionTypeIndices(m)[funcIndex - seen];
  return typeIndex === undefined ? undefined : types[typeIndex];
}

export function sameFuncType(a: FuncType, b: FuncType): boolean {
  return (
    a.params.length === b.params.length &&
    a.results.length === b.results.length &&
    a.params.every((t, i) => t === b.params[i]) &&
    a.results.every((t, i) => t === b.results[i])
  );
}

export function valTypeName(t: ValType): string {
  switch (t) {
    case I32:
      return "i32";
    case I64:
      return "i64";
    case F32:
      return "f32";
    case F64:
      return "f64";
    case V128:
      return "v128";
    case FUNCREF:
      return "funcref";
    case EXTERNREF:
      return "externref";
    default:
      return `0x${t.toString(16)}`;
  }
}

export function funcTypeText(t: FuncType): string {
  return `(${t.params.map(valTypeName).join(", ")}) -> (${t.results.map(valTypeName).join(", ")})`;
}
