// The whole of casper-node's `wasm_prep::preprocess` plus what instantiation rejects, on our codec:
// deserialise (MVP; 2.0 adds sign-extension) -> wasm_prep checks -> table max -> externalize memory ->
// [gas counter -> stack limiter] -> encode -> import resolution and start check -> compile (wasmi validation).
// prepare.ts wraps this with a cache; check.ts reuses the steps to list every issue.

import type { OpcodeCostModel, OpcodeCosts } from "../gas/chainspec.ts";
import { opcodeGasRules } from "./opcode_costs.ts";
import { decodeModule } from "./decode.ts";
import { encodeModule } from "./encode.ts";
import { type WasmIssue, WasmDecodeError, WasmPreprocessError } from "./errors.ts";
import { externalizeMemory } from "./externalize.ts";
import { GasInjectionError, injectGasCounter } from "./gas_injector.ts";
import { instantiationIssues, mutableGlobalExportIssues, type ProtocolVersion } from "./instantiation_rules.ts";
import { moduleValidationError, segmentFitError } from "./validate.ts";
import { type Instruction, type Limits, type WasmModule, findSection, importedFunctionCount, moduleImports } from "./module.ts";
import { type Feature, FEATURE_TEXT, OP, opcodeName } from "./opcodes.ts";
import { injectStackLimiter, StackLimiterError } from "./stack_limiter.ts";
import { capTableMaximum, wasmPrepIssues } from "./wasm_prep_rules.ts";

export type { ProtocolVersion } from "./instantiation_rules.ts";

/** Features casper-wasm deserialises: MVP in 1.5.x; 2.0 builds it with `sign_ext`. */
export function protocolFeatures(protocol: ProtocolVersion): ReadonlySet<Feature> {
  return protocol === "1.5.8" ? new Set<Feature>(["mvp"]) : new Set<Feature>(["mvp", "sign-extension"]);
}

/** The node's wording for a feature it cannot deserialise. */
export function casperDeserializeText(protocol: ProtocolVersion, feature: Feature, opcode?: number): string {
  if (protocol === "1.5.8") {
    if (feature === "multi-value") return "Enable the multi_value feature to deserialize more than one function result";
    return opcode !== undefined ? `Unknown opcode ${opcode > 0xffff ? opcode >>> 16 : opcode}` : "Deserialization error";
  }
  // 2.0 execution_engine/src/runtime/wasm_prep.rs `deserialize`
  switch (feature) {
    case "bulk-memory":
    case "nontrapping-f2i":
      return "Bulk memory operations are not supported";
    case "simd":
      return "SIMD operations are not supported";
    case "threads":
      return "Atomic operations are not supported";
    case "multi-value":
      return "Multi value extension is not supported";
    default:
      return "Encountered an unsupported operation";
  }
}

export function deserializeIssue(protocol: ProtocolVersion, e: WasmDecodeError, bytes: Uint8Array): WasmIssue {
  if (e.feature) {
    const op = bytes[e.offset];
    const opcode = op === 0xfc || op === 0xfd || op === 0xfe ? op << 16 : op;
    const allowed = protocol === "1.5.8" ? "WebAssembly 1.0 (MVP) only" : "WebAssembly 1.0 (MVP) plus sign-extension operators only";
    return {
      code: "Deserialize",
      reason: "unsupported-feature",
      message: `${e.message}. Casper ${protocol} accepts ${allowed}; ${FEATURE_TEXT[e.feature]} are rejected (the node says "${casperDeserializeText(protocol, e.feature, opcode)}")`,
    };
  }
  return { code: "Deserialize", reason: "malformed", message: e.message };
}

export interface PreprocessOptions {
  protocol: ProtocolVersion;
  metered: boolean;
  opcodeCosts: OpcodeCosts;
  opcodeCostModel: OpcodeCostModel;
  maxMemoryPages: number;
  maxStackHeight: number;
}

export interface PreprocessResult {
  /** the module after every pass, as encoded in `bytes` */
  module: WasmModule;
  bytes: Uint8Array<ArrayBuffer>;
  memory: Limits;
  /** byte offsets of the stack limiter's `unreachable` instructions in `bytes` */
  stackLimitTrapOffsets: Set<number>;
}

function fail(issue: WasmIssue): never {
  throw new WasmPreprocessError([issue]);
}

/** Explains a gas-injection failure the way the node reports it, naming the instruction. */
export function gasInjectionIssue(e: GasInjectionError, module: WasmModule): WasmIssue {
  const info = e as GasInjectionError & { bodyIndex?: number; forbidden?: { instructionIndex: number; opcode: number } };
  if (info.forbidden) {
    const fn = info.bodyIndex === undefined ? "" : ` (function #${importedFunctionCount(module) + info.bodyIndex}, body #${info.bodyIndex})`;
    return {
      code: "OperationForbiddenByGasRules",
      reason: "forbidden-opcode",
      message: `Encountered operation forbidden by gas rules: ${opcodeName(info.forbidden.opcode)}${fn}. Casper prices no float operation (f32/f64 loads and stores excepted)`,
    };
  }
  return { code: "OperationForbiddenByGasRules", reason: "gas-injection", message: `Encountered operation forbidden by gas rules: ${e.message}` };
}

/**
 * Follows instructions through the passes (offset_map.ts): `original` gets each decoded instruction's
 * offset in the input, `emitted` each instruction of the output with its offset and body index.
 */
export interface InstructionTracking {
  readonly original: Map<Instruction, number>;
  readonly emitted: { offset: number; body: number; ins: Instruction }[];
}

/** Runs every step; throws WasmPreprocessError carrying the first issue the node would report. */
export function preprocess(bytes: Uint8Array, o: PreprocessOptions, tracking?: InstructionTracking): PreprocessResult {
  let module: WasmModule;
  try {
    const onInstruction = tracking ? (_body: number, ins: Instruction, offset: number) => void tracking.original.set(ins, offset) : undefined;
    module = decodeModule(bytes, { features: protocolFeatures(o.protocol), onInstruction });
  } catch (e) {
    if (e instanceof WasmDecodeError) fail(deserializeIssue(o.protocol, e, bytes));
    throw e;
  }
  const prep = wasmPrepIssues(module);
  if (prep.length) throw new WasmPreprocessError(prep);
  capTableMaximum(module);

  const externalized = externalizeMemory(module, o.maxMemoryPages);
  module = externalized.module;

  // The instrumented module is always built, so that unmetered runs reject exactly what metered runs reject
  // (forbidden opcodes, stack limiter failures); unmetered runs then execute the uninstrumented module.
  let instrumented: WasmModule;
  let trapInstructions = new Set<Instruction>();
  // the passes mutate their input: an unmetered run instruments a copy and keeps `module` as it is
  const toInstrument = o.metered ? module : structuredClone(module);
  try {
    instrumented = injectGasCounter(toInstrument, opcodeGasRules(o.opcodeCosts, o.opcodeCostModel));
  } catch (e) {
    if (e instanceof GasInjectionError) fail(gasInjectionIssue(e, module));
    throw e;
  }
  try {
    const limited = injectStackLimiter(instrumented, o.maxStackHeight);
    instrumented = limited.module;
    trapInstructions = limited.trapInstructions;
  } catch (e) {
    if (e instanceof StackLimiterError) fail({ code: "StackLimiter", message: `Stack limiter error: ${e.message}` });
    throw e;
  }

  // the module the node validates when it instantiates it (the instrumented one, metered or not)
  const validated = instrumented;
  const stackLimitTrapOffsets = new Set<number>();
  let out: Uint8Array<ArrayBuffer>;
  const track = (m: WasmModule) => {
    const bodies = findSection(m, "code")?.bodies ?? [];
    return (bodyIndex: number, instrIndex: number, offset: number) => tracking!.emitted.push({ offset, body: bodyIndex, ins: bodies[bodyIndex].code[instrIndex] });
  };
  if (o.metered) {
    const bodies = findSection(instrumented, "code")?.bodies ?? [];
    const traps = trapInstructions.size === 0
      ? undefined
      : (bodyIndex: number, instrIndex: number, offset: number) => {
          if (trapInstructions.has(bodies[bodyIndex].code[instrIndex])) stackLimitTrapOffsets.add(offset);
        };
    const tracked = tracking ? track(instrumented) : undefined;
    out = encodeModule(
      instrumented,
      !traps && !tracked
        ? {}
        : {
            onInstructionOffset: (bodyIndex, instrIndex, offset) => {
              traps?.(bodyIndex, instrIndex, offset);
              tracked?.(bodyIndex, instrIndex, offset);
            },
          },
    );
  } else {
    out = encodeModule(module, tracking ? { onInstructionOffset: track(module) } : {});
    instrumented = module;
  }

  // wasmi validates before resolving imports; both end as ExecError::Interpreter on the node. Imports are
  // checked first here so that a too-large memory (which also makes the limits invalid: min > max after
  // externalizing) is named as such.
  const later = [...mutableGlobalExportIssues(instrumented), ...instantiationIssues(instrumented, o.protocol, o.maxMemoryPages)];
  if (later.length) throw new WasmPreprocessError(later);
  if (!WebAssembly.validate(out)) {
    // casper-wasmi's words (validate.ts; the node passes them bare: execution/error.rs Interpreter(error.into())); V8's otherwise
    const wasmi = moduleValidationError(validated);
    let detail = "";
    try {
      new WebAssembly.Module(out);
    } catch (e) {
      detail = (e as Error).message.replace(/^WebAssembly\.Module\(\): /, "");
    }
    fail({ code: "Interpreter", reason: "invalid-wasm", message: wasmi ?? `Validation: the module is not valid WebAssembly: ${detail}` });
  }
  // instantiation (casper-wasmi module.rs): segments that do not fit the table or the memory
  const unfit = segmentFitError(validated, externalized.memory.min);
  if (unfit) fail({ code: "Interpreter", reason: "invalid-wasm", message: unfit });
  return { module: instrumented, bytes: out, memory: externalized.memory, stackLimitTrapOffsets };
}

/** The limiter's check `global.get g; i32.const L; i32.gt_u; if; unreachable; end`: the `unreachable`s' indices. */
function limiterTraps(code: readonly Instruction[]): number[] {
  const out: number[] = [];
  for (let i = 4; i + 1 < code.length; i++) {
    if (
      code[i].opcode === OP.unreachable &&
      code[i + 1].opcode === OP.end &&
      code[i - 1].opcode === OP.if &&
      code[i - 1].blockType!.kind === "empty" &&
      code[i - 2].opcode === OP.i32_gt_u &&
      code[i - 3].opcode === OP.i32_const &&
      code[i - 4].opcode === OP.global_get
    ) {
      out.push(i);
    }
  }
  return out;
}

/** A stored contract's bytes: deserialised and checked for instantiation only (no preprocessing). */
export function loadStoredModule(bytes: Uint8Array, protocol: ProtocolVersion, maxMemoryPages: number): PreprocessResult {
  let module: WasmModule;
  try {
    module = decodeModule(bytes, { features: protocolFeatures(protocol) });
  } catch (e) {
    if (e instanceof WasmDecodeError) fail(deserializeIssue(protocol, e, bytes));
    throw e;
  }
  const issues = [...mutableGlobalExportIssues(module), ...instantiationIssues(module, protocol, maxMemoryPages)];
  if (issues.length) throw new WasmPreprocessError(issues);
  const bodies = findSection(module, "code")?.bodies ?? [];
  const traps = bodies.map((b) => new Set(limiterTraps(b.code)));
  const stackLimitTrapOffsets = new Set<number>();
  const out = encodeModule(module, {
    onInstructionOffset: (bodyIndex, instrIndex, offset) => {
      if (traps[bodyIndex].has(instrIndex)) stackLimitTrapOffsets.add(offset);
    },
  });
  if (!WebAssembly.validate(out)) {
    let detail = "";
    try {
      new WebAssembly.Module(out);
    } catch (e) {
      detail = (e as Error).message.replace(/^WebAssembly\.Module\(\): /, "");
    }
    fail({ code: "Interpreter", reason: "invalid-wasm", message: `Validation: the module is not valid WebAssembly: ${detail}` });
  }
  const memoryImport = moduleImports(module).find((i) => i.desc.kind === "memory");
  if (!memoryImport || memoryImport.desc.kind !== "memory") {
    fail({ code: "Interpreter", reason: "no-memory", message: "a stored contract must import env.memory (it is the output of the preprocessing)" });
  }
  return { module, bytes: out, memory: memoryImport.desc.limits, stackLimitTrapOffsets };
}
