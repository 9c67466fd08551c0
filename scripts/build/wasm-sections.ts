// What the build prints and checks about a module — its imports (with signatures), exports, memory and
// start — read with the host's wasm decoder (host/wasm), every post-MVP feature allowed so that a bad
// module is still described and the checks can name what is wrong. Throws WasmFormatError when the
// bytes are not a wasm module.
import { ALL_FEATURES, decodeModule } from "../../host/wasm/decode.ts";
import { WasmDecodeError } from "../../host/wasm/errors.ts";
import { EXTERNREF, F32, F64, FUNCREF, I32, I64, V128, type ValType as ByteValType, findSection } from "../../host/wasm/module.ts";

export class WasmFormatError extends Error {}

export type ValType = "i32" | "i64" | "f32" | "f64" | "v128" | "funcref" | "externref" | string;
export interface FuncType {
  params: ValType[];
  results: ValType[];
}
export type ExternKind = "func" | "table" | "memory" | "global";
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

const VALTYPE_NAMES: Record<number, ValType> = { [I32]: "i32", [I64]: "i64", [F32]: "f32", [F64]: "f64", [V128]: "v128", [FUNCREF]: "funcref", [EXTERNREF]: "externref" };
const valTypeName = (t: ByteValType): ValType => VALTYPE_NAMES[t] ?? `0x${t.toString(16)}`;

export function readSections(wasm: Uint8Array): WasmSections {
  let module;
  try {
    module = decodeModule(wasm, { features: ALL_FEATURES });
  } catch (e) {
    if (e instanceof WasmDecodeError) throw new WasmFormatError(e.message);
    throw e;
  }
  const types = findSection(module, "type")?.types ?? [];
  const signature = (typeIndex: number): FuncType | undefined => {
    const t = types[typeIndex];
    return t && { params: t.params.map(valTypeName), results: t.results.map(valTypeName) };
  };
  return {
    imports: (findSection(module, "import")?.imports ?? []).map((i) => ({
      module: i.module,
      name: i.field,
      kind: i.desc.kind,
      ...(i.desc.kind === "func" ? { type: signature(i.desc.typeIndex) } : {}),
    })),
    exports: (findSection(module, "export")?.exports ?? []).map((e) => ({ name: e.name, kind: e.kind, index: e.index })),
    hasMemorySection: findSection(module, "memory") !== undefined,
    hasStartSection: findSection(module, "start") !== undefined,
    sectionIds: module.sections.map((s) => s.id),
  };
}
