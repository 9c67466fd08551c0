// Every opcode the decoder recognises: its text name, immediate kind and the wasm feature it belongs to.
// MVP opcodes are decoded for use; post-MVP ones are decoded too, so an error can name exactly what a module
// uses (Casper 1.5.x deserialises MVP only, 2.0 adds sign-extension).

export type Feature =
  | "mvp"
  | "sign-extension"
  | "nontrapping-f2i"
  | "bulk-memory"
  | "reference-types"
  | "simd"
  | "threads"
  | "multi-value"
  | "exceptions"
  | "tail-call";

export type Immediate =
  | "none"
  | "block" // block type
  | "label" // br, br_if
  | "br_table"
  | "func" // call
  | "call_indirect" // type index + table index
  | "index" // one u32 index (local, global, table, data, elem...)
  | "index2" // two u32 indices
  | "memarg"
  | "memory_byte" // memory.size / memory.grow reserved byte (0 in MVP)
  | "i32"
  | "i64"
  | "f32"
  | "f64"
  | "select_t" // vec(valtype)
  | "ref_null" // reftype byte
  | "v128" // 16 bytes
  | "shuffle" // 16 lane bytes
  | "lane" // 1 lane byte
  | "memarg_lane"
  | "byte"; // a single reserved byte (atomic.fence)

export interface OpcodeInfo {
  readonly name: string;
  readonly immediate: Immediate;
  readonly feature: Feature;
}

export const PREFIX_MISC = 0xfc;
export const PREFIX_SIMD = 0xfd;
export const PREFIX_ATOMIC = 0xfe;

/** Key of a prefixed opcode in the table and in `Instruction.opcode`. */
export function prefixed(prefix: number, sub: number): number {
  return (prefix << 16) | sub;
}

// MVP opcodes, named as in the text format.
export const OP = {
  unreachable: 0x00,
  nop: 0x01,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  br_if: 0x0d,
  br_table: 0x0e,
  return: 0x0f,
  call: 0x10,
  call_indirect: 0x11,
  drop: 0x1a,
  select: 0x1b,
  local_get: 0x20,
  local_set: 0x21,
  local_tee: 0x22,
  global_get: 0x23,
  global_set: 0x24,
  i32_load: 0x28,
  i64_store32: 0x3e,
  memory_size: 0x3f,
  memory_grow: 0x40,
  i32_const: 0x41,
  i64_const: 0x42,
  f32_const: 0x43,
  f64_const: 0x44,
  i32_eqz: 0x45,
  i32_add: 0x6a,
  i32_sub: 0x6b,
  i32_mul: 0x6c,
  i32_gt_u: 0x4b,
} as const;

const table = new Map<number, OpcodeInfo>();

function def(opcode: number, name: string, immediate: Immediate = "none", feature: Feature = "mvp"): void {
  table.set(opcode, { name, immediate, feature });
}

// --- MVP control and parametric
def(0x00, "unreachable");
def(0x01, "nop");
def(0x02, "block", "block");
def(0x03, "loop", "block");
def(0x04, "if", "block");
def(0x05, "else");
def(0x0b, "end");
def(0x0c, "br", "label");
def(0x0d, "br_if", "label");
def(0x0e, "br_table", "br_table");
def(0x0f, "return");
def(0x10, "call", "func");
def(0x11, "call_indirect", "call_indirect");
def(0x1a, "drop");
def(0x1b, "select");
// --- MVP variables
def(0x20, "local.get", "index");
def(0x21, "local.set", "index");
def(0x22, "local.tee", "index");
def(0x23, "global.get", "index");
def(0x24, "global.set", "index");
// --- MVP memory
const memOps = [
  "i32.load", "i64.load", "f32.load", "f64.load",
  "i32.load8_s", "i32.load8_u", "i32.load16_s", "i32.load16_u",
  "i64.load8_s", "i64.load8_u", "i64.load16_s", "i64.load16_u", "i64.load32_s", "i64.load32_u",
  "i32.store", "i64.store", "f32.store", "f64.store",
  "i32.store8", "i32.store16", "i64.store8", "i64.store16", "i64.store32",
];
memOps.forEach((name, i) => def(0x28 + i, name, "memarg"));
def(0x3f, "memory.size", "memory_byte");
def(0x40, "memory.grow", "memory_byte");
def(0x41, "i32.const", "i32");
def(0x42, "i64.const", "i64");
def(0x43, "f32.const", "f32");
def(0x44, "f64.const", "f64");
// --- MVP numeric (0x45..0xBF), no immediates
const numeric = [
  "i32.eqz", "i32.eq", "i32.ne", "i32.lt_s", "i32.lt_u", "i32.gt_s", "i32.gt_u", "i32.le_s", "i32.le_u", "i32.ge_s", "i32.ge_u",
  "i64.eqz", "i64.eq", "i64.ne", "i64.lt_s", "i64.lt_u", "i64.gt_s", "i64.gt_u", "i64.le_s", "i64.le_u", "i64.ge_s", "i64.ge_u",
  "f32.eq", "f32.ne", "f32.lt", "f32.gt", "f32.le", "f32.ge",
  "f64.eq", "f64.ne", "f64.lt", "f64.gt", "f64.le", "f64.ge",
  "i32.clz", "i32.ctz", "i32.popcnt", "i32.add", "i32.sub", "i32.mul", "i32.div_s", "i32.div_u", "i32.rem_s", "i32.rem_u",
  "i32.and", "i32.or", "i32.xor", "i32.shl", "i32.shr_s", "i32.shr_u", "i32.rotl", "i32.rotr",
  "i64.clz", "i64.ctz", "i64.popcnt", "i64.add", "i64.sub", "i64.mul", "i64.div_s", "i64.div_u", "i64.rem_s", "i64.rem_u",
  "i64.and", "i64.or", "i64.xor", "i64.shl", "i64.shr_s", "i64.shr_u", "i64.rotl", "i64.rotr",
  "f32.abs", "f32.neg", "f32.ceil", "f32.floor", "f32.trunc", "f32.nearest", "f32.sqrt",
  "f32.add", "f32.sub", "f32.mul", "f32.div", "f32.min", "f32.max", "f32.copysign",
  "f64.abs", "f64.neg", "f64.ceil", "f64.floor", "f64.trunc", "f64.nearest", "f64.sqrt",
  "f64.add", "f64.sub", "f64.mul", "f64.div", "f64.min", "f64.max", "f64.copysign",
  "i32.wrap_i64", "i32.trunc_f32_s", "i32.trunc_f32_u", "i32.trunc_f64_s", "i32.trunc_f64_u",
  "i64.extend_i32_s", "i64.extend_i32_u", "i64.trunc_f32_s", "i64.trunc_f32_u", "i64.trunc_f64_s", "i64.trunc_f64_u",
  "f32.convert_i32_s", "f32.convert_i32_u", "f32.convert_i64_s", "f32.convert_i64_u", "f32.demote_f64",
  "f64.convert_i32_s", "f64.convert_i32_u", "f64.convert_i64_s", "f64.convert_i64_u", "f64.promote_f32",
  "i32.reinterpret_f32", "i64.reinterpret_f64", "f32.reinterpret_i32", "f64.reinterpret_i64",
];
numeric.forEach((name, i) => def(0x45 + i, name));
if (!table.has(0xbf) || table.get(0xbf)!.name !== "f64.reinterpret_i64") throw new Error("opcode table misaligned");

// --- sign-extension operators
["i32.extend8_s", "i32.extend16_s", "i64.extend8_s", "i64.extend16_s", "i64.extend32_s"].forEach((name, i) =>
  def(0xc0 + i, name, "none", "sign-extension"),
);

// --- exceptions and tail calls: named only, so errors can say what they are
def(0x06, "try", "block", "exceptions");
def(0x07, "catch", "index", "exceptions");
def(0x08, "throw", "index", "exceptions");
def(0x09, "rethrow", "label", "exceptions");
def(0x12, "return_call", "func", "tail-call");
def(0x13, "return_call_indirect", "call_indirect", "tail-call");
def(0x18, "delegate", "label", "exceptions");
def(0x19, "catch_all", "none", "exceptions");

// --- reference types
def(0x1c, "select", "select_t", "reference-types");
def(0x25, "table.get", "index", "reference-types");
def(0x26, "table.set", "index", "reference-types");
def(0xd0, "ref.null", "ref_null", "reference-types");
def(0xd1, "ref.is_null", "none", "reference-types");
def(0xd2, "ref.func", "index", "reference-types");

// --- 0xFC prefix: saturating truncation, bulk memory, table ops
const satNames = [
  "i32.trunc_sat_f32_s", "i32.trunc_sat_f32_u", "i32.trunc_sat_f64_s", "i32.trunc_sat_f64_u",
  "i64.trunc_sat_f32_s", "i64.trunc_sat_f32_u", "i64.trunc_sat_f64_s", "i64.trunc_sat_f64_u",
];
satNames.forEach((name, i) => def(prefixed(PREFIX_MISC, i), name, "none", "nontrapping-f2i"));
def(prefixed(PREFIX_MISC, 8), "memory.init", "index2", "bulk-memory");
def(prefixed(PREFIX_MISC, 9), "data.drop", "index", "bulk-memory");
def(prefixed(PREFIX_MISC, 10), "memory.copy", "index2", "bulk-memory");
def(prefixed(PREFIX_MISC, 11), "memory.fill", "index", "bulk-memory");
def(prefixed(PREFIX_MISC, 12), "table.init", "index2", "bulk-memory");
def(prefixed(PREFIX_MISC, 13), "elem.drop", "index", "bulk-memory");
def(prefixed(PREFIX_MISC, 14), "table.copy", "index2", "bulk-memory");
def(prefixed(PREFIX_MISC, 15), "table.grow", "index", "reference-types");
def(prefixed(PREFIX_MISC, 16), "table.size", "index", "reference-types");
def(prefixed(PREFIX_MISC, 17), "table.fill", "index", "reference-types");

// --- 0xFD prefix: SIMD. Names are generic except for the immediate-carrying ones; the decoder only needs
// the immediate kind to walk past them and the feature to name them.
for (let sub = 0; sub <= 0x113; sub++) {
  let imm: Immediate = "none";
  let name = `simd.0x${sub.toString(16)}`;
  if (sub <= 0x0b) imm = "memarg";
  else if (sub === 0x0c) (imm = "v128"), (name = "v128.const");
  else if (sub === 0x0d) (imm = "shuffle"), (name = "i8x16.shuffle");
  else if (sub >= 0x15 && sub <= 0x22) imm = "lane";
  else if (sub >= 0x54 && sub <= 0x5b) imm = "memarg_lane";
  else if (sub === 0x5c || sub === 0x5d) imm = "memarg";
  if (sub === 0x00) name = "v128.load";
  if (sub === 0x0b) name = "v128.store";
  def(prefixed(PREFIX_SIMD, sub), name, imm, "simd");
}

// --- 0xFE prefix: atomics (threads)
def(prefixed(PREFIX_ATOMIC, 0x00), "memory.atomic.notify", "memarg", "threads");
def(prefixed(PREFIX_ATOMIC, 0x01), "memory.atomic.wait32", "memarg", "threads");
def(prefixed(PREFIX_ATOMIC, 0x02), "memory.atomic.wait64", "memarg", "threads");
def(prefixed(PREFIX_ATOMIC, 0x03), "atomic.fence", "byte", "threads");
for (let sub = 0x10; sub <= 0x4e; sub++) def(prefixed(PREFIX_ATOMIC, sub), `atomic.0x${sub.toString(16)}`, "memarg", "threads");

export function opcodeInfo(opcode: number): OpcodeInfo | undefined {
  return table.get(opcode);
}

export function opcodeName(opcode: number): string {
  const info = table.get(opcode);
  if (info) return info.name;
  return opcode > 0xffff
    ? `0x${(opcode >>> 16).toString(16)} 0x${(opcode & 0xffff).toString(16)}`
    : `0x${opcode.toString(16).padStart(2, "0")}`;
}

/** Hex form of the opcode as it appears in the binary, e.g. "0xC0" or "0xFC 0x0A". */
export function opcodeHex(opcode: number): string {
  const h = (n: number) => "0x" + n.toString(16).toUpperCase().padStart(2, "0");
  return opcode > 0xffff ? `${h(opcode >>> 16)} ${h(opcode & 0xffff)}` : h(opcode);
}

export const FEATURE_TEXT: Record<Feature, string> = {
  mvp: "WebAssembly 1.0 (MVP)",
  "sign-extension": "sign-extension operators",
  "nontrapping-f2i": "non-trapping float-to-int conversions",
  "bulk-memory": "bulk memory operations",
  "reference-types": "reference types",
  simd: "SIMD",
  threads: "atomics (threads)",
  "multi-value": "multi-value",
  exceptions: "exception handling",
  "tail-call": "tail calls",
};
