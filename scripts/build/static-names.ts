// Compile-time UTF-8 for literal names. The contract API hands every name to the host through
// `nameBytes(s)` (assembly/bytes/names.ts), which encodes the UTF-16 string to
// [u32 length][UTF-8] at run time. Where asc left a call `nameBytes(<string literal>)`, this pass
// writes the encoded bytes in place of the literal's static string object and calls an identity
// function on that address instead; the optimizer then folds it to a constant. When every call is
// folded, `nameBytes` and the UTF-8 encoder are no longer reachable and leave the module, and so do
// the UTF-16 copies of the names.
//
// A literal is rewritten only when nothing else in the module refers to it (no other i32 constant,
// global initialiser or data word with its address; constants that are operands of comparisons,
// bit operations, shifts, products and quotients are numbers, and the words of literals' own text
// and headers are not pointers) and its encoded form fits in its old place: otherwise its calls are
// left alone, which is always correct, just bigger. Rewritten literals that lie next to each other
// get their names packed from the first one's start, so they make one data segment. After the
// optimizer has folded the names' addresses into the code, `foldNameLengths` replaces the loads of
// their lengths by the lengths (the names are read-only).
import binaryen from "assemblyscript/binaryen";

/** Internal name of the encoder, as asc emits it with --debug. */
export const NAME_BYTES_FUNCTION = "assembly/bytes/names/nameBytes";
/**
 * The export the build gives the encoder while asc optimizes (compile.ts), so that its parameter is
 * never folded away; removed before pre-encoding.
 */
export const KEEP_NAME_BYTES_EXPORT = "~casper-as/nameBytes";
/**
 * The memory export the build adds while optimizing (compile.ts, post-process.ts): the host reads names,
 * args and entry points from memory, which binaryen cannot see when the memory is not exported, and data
 * only the host reads would otherwise be dropped. Removed before the module is emitted (Casper imports
 * the memory: a contract need not export it).
 */
export const OBSERVED_MEMORY_EXPORT = "~casper-as/memory";
const IDENTITY_FUNCTION = "~casper-as/static-name";

/** AssemblyScript object header before a string's payload (rt/common.ts): mmInfo, gcInfo, gcInfo2, rtId, rtSize. */
const HEADER = 20;
/** Alignment of AssemblyScript's static objects: padding between two of them is less than this. */
const ALIGNMENT = 16;
/** rtId of `string` in every AssemblyScript program (0 Object, 1 ArrayBuffer, 2 String). */
const STRING_ID = 2;

// binaryen.js 131's data segment API (its bundled typings still describe an older one)
interface DataSegmentApi {
  getNumDataSegments(): number;
  getDataSegmentByIndex(index: number): number;
  getDataSegmentInfo(segment: number): { name: string; offset: number; data: ArrayBuffer; passive: boolean };
}

// binaryen.js's expression editors (not in its typings)
interface ExpressionEditors {
  Call: { setTarget(call: number, target: string): void; getOperandAt(call: number, index: number): number };
  Const: { setValueI32(expr: number, value: number): void };
}
const edit = binaryen as unknown as ExpressionEditors;

export interface StaticNamesReport {
  /** calls folded to pre-encoded bytes */
  folded: number;
  /** calls left as they were (literal shared, too long, or not a string literal) */
  kept: number;
  /** why each kept literal was kept, by its address */
  reasons: Map<number, string>;
  /** the pre-encoded names: address of the u32 length -> that length (UTF-8 bytes) */
  names: Map<number, number>;
}

/** Child expressions of each MVP expression kind (anything else: the pass leaves the module alone). */
const CHILD_FIELDS = new Map<number, string[]>([
  [binaryen.BlockId, ["children"]],
  [binaryen.IfId, ["condition", "ifTrue", "ifFalse"]],
  [binaryen.LoopId, ["body"]],
  [binaryen.BreakId, ["condition", "value"]],
  [binaryen.SwitchId, ["condition", "value"]],
  [binaryen.CallId, ["operands"]],
  [binaryen.CallIndirectId, ["target", "operands"]],
  [binaryen.LocalGetId, []],
  [binaryen.LocalSetId, ["value"]],
  [binaryen.GlobalGetId, []],
  [binaryen.GlobalSetId, ["value"]],
  [binaryen.LoadId, ["ptr"]],
  [binaryen.StoreId, ["ptr", "value"]],
  [binaryen.ConstId, []],
  [binaryen.UnaryId, ["value"]],
  [binaryen.BinaryId, ["left", "right"]],
  [binaryen.SelectId, ["ifTrue", "ifFalse", "condition"]],
  [binaryen.DropId, ["value"]],
  [binaryen.ReturnId, ["value"]],
  [binaryen.MemorySizeId, []],
  [binaryen.MemoryGrowId, ["delta"]],
  [binaryen.NopId, []],
  [binaryen.UnreachableId, []],
]);

/** i32 operations whose operands are numbers, never a pointer to a string literal. */
const NUMERIC_OPERATIONS = new Set<number>(
  (["LtSInt32", "LtUInt32", "LeSInt32", "LeUInt32", "GtSInt32", "GtUInt32", "GeSInt32", "GeUInt32", "AndInt32", "OrInt32", "XorInt32", "ShlInt32", "ShrSInt32", "ShrUInt32", "RotLInt32", "RotRInt32", "MulInt32", "DivSInt32", "DivUInt32", "RemSInt32", "RemUInt32"] as const).map(
    (op) => binaryen[op] as number,
  ),
);

const EQUALITIES = new Set<number>([binaryen.EqInt32 as number, binaryen.NeInt32 as number]);

/** Whether an expression's value is a number: the result of a bit operation, a shift, a product or a quotient. */
function isNumericResult(expr: number): boolean {
  return binaryen.getExpressionId(expr) === binaryen.BinaryId && NUMERIC_OPERATIONS.has((binaryen.getExpressionInfo(expr) as binaryen.BinaryInfo).op);
}

class UnknownExpression extends Error {}

function walk(expr: number, visit: (expr: number, info: binaryen.ExpressionInfo) => void): void {
  if (!expr) return;
  const id = binaryen.getExpressionId(expr);
  const fields = CHILD_FIELDS.get(id);
  if (!fields) throw new UnknownExpression(`expression id ${id}`);
  const info = fields.length === 0 && id !== binaryen.ConstId ? { id, type: binaryen.getExpressionType(expr) } : binaryen.getExpressionInfo(expr);
  visit(expr, info);
  const record = info as unknown as Record<string, number | number[]>;
  for (const f of fields) {
    const child = record[f];
    if (Array.isArray(child)) child.forEach((c) => walk(c, visit));
    else walk(child, visit);
  }
}

/** UTF-8 as nameBytes writes it: a lone surrogate becomes U+FFFD, as TextEncoder does. */
const utf8 = (s: string) => new TextEncoder().encode(s);

/**
 * Rewrites the module in place; returns what it did. Call before the module is optimized again (the
 * identity calls it leaves are folded by the optimizer).
 */
export function preEncodeStaticNames(module: binaryen.Module, options: { opaqueData?: readonly Uint8Array[] } = {}): StaticNamesReport {
  const report: StaticNamesReport = { folded: 0, kept: 0, reasons: new Map(), names: new Map() };
  if (!module.getFunction(NAME_BYTES_FUNCTION)) return report;
  // a literal the optimizer parked in a local reaches the call as local.get: make it a constant again
  module.runPasses(["precompute-propagate"]);

  // every expression of every defined function, and every global initialiser
  const calls: { expr: number; address: number }[] = [];
  const constants = new Map<number, number>();
  const countConst = (v: number) => constants.set(v, (constants.get(v) ?? 0) + 1);
  // constants that are operands of an order comparison, a bit operation, a shift, a product or a
  // quotient are numbers (a bound, a mask): no pointer to a literal is used that way, and with
  // static data at low addresses such numbers often equal a literal's address
  const numbers = new Set<number>();
  try {
    for (let i = 0; i < module.getNumFunctions(); i++) {
      const fn = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
      if (fn.module) continue; // imported
      walk(fn.body, (expr, info) => {
        if (info.id === binaryen.BinaryId && NUMERIC_OPERATIONS.has((info as binaryen.BinaryInfo).op)) {
          numbers.add((info as binaryen.BinaryInfo).left);
          numbers.add((info as binaryen.BinaryInfo).right);
        }
        // (x & mask) == constant, (x >> n) != constant...: compared with a number, the constant is one
        if (info.id === binaryen.BinaryId && EQUALITIES.has((info as binaryen.BinaryInfo).op)) {
          const { left, right } = info as binaryen.BinaryInfo;
          if (isNumericResult(right)) numbers.add(left);
          if (isNumericResult(left)) numbers.add(right);
        }
        if (info.id === binaryen.ConstId && info.type === binaryen.i32 && !numbers.has(expr)) countConst((info as binaryen.ConstInfo).value as number);
        if (info.id === binaryen.CallId && (info as binaryen.CallInfo).target === NAME_BYTES_FUNCTION) {
          // no operand: the optimizer moved the only literal into nameBytes itself (dead argument
          // elimination, when a module names exactly one thing): left as it is
          const operand = (info as binaryen.CallInfo).operands[0];
          const arg = operand ? binaryen.getExpressionInfo(operand) : undefined;
          if (arg?.id === binaryen.ConstId) calls.push({ expr, address: (arg as binaryen.ConstInfo).value as number });
          else report.kept++;
        }
      });
    }
    for (let i = 0; i < module.getNumGlobals(); i++) {
      const g = binaryen.getGlobalInfo(module.getGlobalByIndex(i));
      if (!g.module) walk(g.init, (_e, info) => info.id === binaryen.ConstId && info.type === binaryen.i32 && countConst((info as binaryen.ConstInfo).value as number));
    }
  } catch (e) {
    if (e instanceof UnknownExpression) return { ...report, kept: report.kept + calls.length, reasons: new Map([[0, e.message]]) };
    throw e;
  }
  if (calls.length === 0) return report;

  // static memory as one image
  const api = module as unknown as DataSegmentApi;
  const segments = Array.from({ length: api.getNumDataSegments() }, (_, i) => api.getDataSegmentInfo(api.getDataSegmentByIndex(i)));
  if (segments.some((s) => s.passive)) return { ...report, kept: report.kept + calls.length, reasons: new Map([[0, "passive data segment"]]) };
  // memory past the last segment is zeros (a literal's trailing zero bytes have no segment)
  const end = Math.max(0, ...segments.map((s) => s.offset + s.data.byteLength)) + 64;
  const image = new Uint8Array(end);
  for (const s of segments) image.set(new Uint8Array(s.data), s.offset);
  const view = new DataView(image.buffer);
  const word = (at: number) => (at >= 0 && at + 4 <= end ? view.getUint32(at, true) : -1);
  // the literals: rewrite each once, if it is ours alone and fits
  const callsPerLiteral = new Map<number, number[]>();
  for (const c of calls) callsPerLiteral.set(c.address, [...(callsPerLiteral.get(c.address) ?? []), c.expr]);
  const isStringAt = (address: number) => {
    const size = word(address - 4);
    return address >= HEADER && word(address - 8) === STRING_ID && size >= 0 && size % 2 === 0 && address + size <= end;
  };
  // these literals' objects (header and UTF-16 text) hold no pointer: their words are not looked at
  const textRanges = [...callsPerLiteral.keys()].filter(isStringAt).map((a) => [a - HEADER, a + word(a - 4)]);
  // data the build generated and knows holds no pointer (the class form's entry point table, event names
  // and schemas): wherever it lies, its words are not looked at either
  for (const blob of options.opaqueData ?? []) {
    if (blob.length < 4) continue;
    for (let at = image.indexOf(blob[0]); at >= 0 && at + blob.length <= end; at = image.indexOf(blob[0], at + 1)) {
      if (image.subarray(at, at + blob.length).every((b, i) => b === blob[i])) textRanges.push([at, at + blob.length]);
    }
  }
  // static data holds pointers (to strings in static arrays, say) as aligned words
  const dataRefersTo = (address: number) => {
    for (let at = 0; at + 4 <= end; at += 4) {
      if (view.getUint32(at, true) === address && !textRanges.some(([from, to]) => at >= from && at < to)) return true;
    }
    return false;
  };
  // the literals to rewrite: their whole static object [slot.start, slot.end) is free once they are
  const slots: { address: number; start: number; end: number; bytes: Uint8Array }[] = [];
  for (const [address, exprs] of callsPerLiteral) {
    const size = word(address - 4);
    const isString = isStringAt(address);
    // every i32 constant equal to the address must be one of these calls' arguments
    const exclusive = (constants.get(address) ?? 0) === exprs.length && !dataRefersTo(address);
    if (!isString) {
      report.reasons.set(address, "not a string literal");
      continue;
    }
    if (!exclusive) {
      report.reasons.set(address, `address also used elsewhere (${constants.get(address) ?? 0} constants for ${exprs.length} calls${dataRefersTo(address) ? ", and in data" : ""})`);
      continue;
    }
    let text = "";
    for (let i = 0; i < size; i += 2) text += String.fromCharCode(view.getUint16(address + i, true));
    const bytes = utf8(text);
    const start = address - HEADER;
    if (4 + bytes.length > HEADER + size) {
      report.reasons.set(address, "its UTF-8 does not fit in place of its UTF-16");
      continue;
    }
    slots.push({ address, start, end: address + size, bytes });
  }
  if (slots.length === 0) return { ...report, kept: report.kept + calls.length };

  // Free slots that follow each other (separated at most by the alignment padding of the next one,
  // which nothing refers to) form one run; each run gets its names packed from its start, so they
  // end up in one data segment instead of one per name.
  const pointsInto = (from: number, to: number) => [...constants.keys()].some((c) => c >= from && c < to);
  slots.sort((a, b) => a.start - b.start);
  const freeRuns: (typeof slots)[] = [];
  for (const s of slots) {
    const run = freeRuns[freeRuns.length - 1];
    const last = run?.[run.length - 1];
    if (last && s.start >= last.end && s.start - last.end < ALIGNMENT && image.subarray(last.end, s.start).every((b) => b === 0) && !pointsInto(last.end, s.start)) run.push(s);
    else freeRuns.push([s]);
  }
  const rewritten = new Map<number, number>();
  for (const run of freeRuns) {
    let at = run[0].start;
    image.fill(0, at, run[run.length - 1].end);
    for (const s of run) {
      view.setUint32(at, s.bytes.length, true);
      image.set(s.bytes, at + 4);
      rewritten.set(s.address, at);
      report.names.set(at, s.bytes.length);
      at += 4 + s.bytes.length;
    }
  }

  const p = binaryen.createType([binaryen.i32]);
  module.addFunction(IDENTITY_FUNCTION, p, binaryen.i32, [], module.local.get(0, binaryen.i32));
  for (const c of calls) {
    const start = rewritten.get(c.address);
    if (start === undefined) {
      report.kept++;
      continue;
    }
    edit.Call.setTarget(c.expr, IDENTITY_FUNCTION);
    edit.Const.setValueI32(edit.Call.getOperandAt(c.expr, 0), start);
    report.folded++;
  }

  setImage(module, image);
  return report;
}

/** Writes `image` back as the module's data: one segment per run of non-zero bytes (runs closer than 8 zeros merged). */
function setImage(module: binaryen.Module, image: Uint8Array): void {
  const end = image.length;
  const runs: binaryen.MemorySegment[] = [];
  for (let at = 0; at < end; ) {
    if (image[at] === 0) {
      at++;
      continue;
    }
    let stop = at;
    let zeros = 0;
    for (let i = at; i < end && zeros < 8; i++) {
      if (image[i] === 0) zeros++;
      else {
        zeros = 0;
        stop = i + 1;
      }
    }
    runs.push({ offset: module.i32.const(at), data: image.slice(at, stop), passive: false });
    at = stop;
  }
  const memory = module.getMemoryInfo();
  const exported = Array.from({ length: module.getNumExports() }, (_, i) => binaryen.getExportInfo(module.getExportByIndex(i))).find(
    (e) => e.kind === binaryen.ExternalMemory,
  );
  if (exported) module.removeExport(exported.name);
  module.setMemory(memory.initial, memory.max ?? -1, exported?.name ?? null, runs);
}

/**
 * Merges the module's active data segments that lie close together (8 zero bytes or fewer apart) into one:
 * each segment costs its own header, and static data comes as many small pieces with alignment gaps.
 * Returns the number of segments saved.
 */
export function packDataSegments(module: binaryen.Module): number {
  const api = module as unknown as DataSegmentApi;
  const segments = Array.from({ length: api.getNumDataSegments() }, (_, i) => api.getDataSegmentInfo(api.getDataSegmentByIndex(i)));
  if (segments.length < 2 || segments.some((s) => s.passive)) return 0;
  const end = Math.max(...segments.map((s) => s.offset + s.data.byteLength));
  const image = new Uint8Array(end);
  for (const s of segments) image.set(new Uint8Array(s.data), s.offset);
  setImage(module, image);
  return segments.length - api.getNumDataSegments();
}

// binaryen.js setters for a child of each expression kind (not in its typings)
type Setters = Record<string, (parent: number, a: number, b?: number) => void>;
const CLASS_OF = new Map<number, string>([
  [binaryen.BlockId, "Block"], [binaryen.IfId, "If"], [binaryen.LoopId, "Loop"], [binaryen.BreakId, "Break"],
  [binaryen.SwitchId, "Switch"], [binaryen.CallId, "Call"], [binaryen.CallIndirectId, "CallIndirect"],
  [binaryen.LocalSetId, "LocalSet"], [binaryen.GlobalSetId, "GlobalSet"], [binaryen.LoadId, "Load"],
  [binaryen.StoreId, "Store"], [binaryen.UnaryId, "Unary"], [binaryen.BinaryId, "Binary"], [binaryen.SelectId, "Select"],
  [binaryen.DropId, "Drop"], [binaryen.ReturnId, "Return"], [binaryen.MemoryGrowId, "MemoryGrow"],
]);

/** Replaces child `field` (item `index` of a list field) of `parent` with `child`. */
function setChild(parent: number, field: string, index: number, child: number): void {
  const setters = (binaryen as unknown as Record<string, Setters>)[CLASS_OF.get(binaryen.getExpressionId(parent))!];
  if (field === "children") setters.setChildAt(parent, index, child);
  else if (field === "operands") setters.setOperandAt(parent, index, child);
  else setters[`set${field[0].toUpperCase()}${field.slice(1)}`](parent, child);
}

/**
 * Replaces every `i32.load` of a pre-encoded name's length (a constant address: the optimizer folded
 * the name's address into the code) with the length itself. The names are read-only, so the load
 * always gives that number. Returns how many loads it replaced; run the optimizer again after.
 */
export function foldNameLengths(module: binaryen.Module, names: Map<number, number>): number {
  if (names.size === 0) return 0;
  let folded = 0;
  const visit = (expr: number, parent: number, field: string, index: number) => {
    const id = binaryen.getExpressionId(expr);
    if (id === binaryen.LoadId && parent !== 0) {
      const load = binaryen.getExpressionInfo(expr) as binaryen.LoadInfo & { isAtomic: boolean };
      const ptr = binaryen.getExpressionInfo(load.ptr);
      if (load.type === binaryen.i32 && load.bytes === 4 && !load.isAtomic && ptr.id === binaryen.ConstId) {
        const length = names.get(((ptr as binaryen.ConstInfo).value as number) + load.offset);
        if (length !== undefined) {
          setChild(parent, field, index, module.i32.const(length));
          folded++;
          return;
        }
      }
    }
    const fields = CHILD_FIELDS.get(id);
    if (!fields) throw new UnknownExpression(`expression id ${id}`);
    if (fields.length === 0) return;
    const record = binaryen.getExpressionInfo(expr) as unknown as Record<string, number | number[]>;
    for (const f of fields) {
      const child = record[f];
      if (Array.isArray(child)) child.forEach((c, i) => c && visit(c, expr, f, i));
      else if (child) visit(child, expr, f, 0);
    }
  };
  try {
    for (let i = 0; i < module.getNumFunctions(); i++) {
      const fn = binaryen.getFunctionInfo(module.getFunctionByIndex(i));
      if (!fn.module && fn.body) visit(fn.body, 0, "", 0);
    }
  } catch (e) {
    if (e instanceof UnknownExpression) return folded; // an expression kind it does not know: leave the rest alone
    throw e;
  }
  return folded;
}

/**
 * Where each of `names` (pre-encoded names: [u32 length][UTF-8], as the class form's generated code holds
 * them in static data) lies in the module's data: address of the length -> length. Those are read-only
 * names too, so foldNameLengths may fold their length loads.
 */
export function locateNames(module: binaryen.Module, names: readonly Uint8Array[]): Map<number, number> {
  const found = new Map<number, number>();
  const api = module as unknown as DataSegmentApi;
  for (let i = 0; i < api.getNumDataSegments(); i++) {
    const seg = api.getDataSegmentInfo(api.getDataSegmentByIndex(i));
    if (seg.passive) continue;
    const data = new Uint8Array(seg.data);
    for (const name of names) {
      if (name.length < 4) continue;
      for (let at = data.indexOf(name[0]); at >= 0 && at + name.length <= data.length; at = data.indexOf(name[0], at + 1)) {
        if (data.subarray(at, at + name.length).every((b, j) => b === name[j])) found.set(seg.offset + at, name.length - 4);
      }
    }
  }
  return found;
}
