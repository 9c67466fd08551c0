// checkCasperWasm: everything casper-node would reject a module for, as a list (empty = acceptable).
// The first issue is the one the node reports (it stops there); the rest save the next build-fix-retry round.
// Issues come in the node's order: deserialisation (post-MVP features), wasm_prep checks, forbidden opcodes,
// instrumentation, then instantiation (validation, imports, memory, start). See preprocess.ts for the pipeline.

import { loadChainspec } from "../gas/chainspec.ts";
import { opcodeGasRules } from "./opcode_costs.ts";
import { ALL_FEATURES, decodeModule, type FeatureUse } from "./decode.ts";
import { type WasmIssue, WasmDecodeError, WasmPreprocessError } from "./errors.ts";
import { externalizeMemory } from "./externalize.ts";
import { instantiationIssues, mutableGlobalExportIssues } from "./instantiation_rules.ts";
import { type WasmModule, findSection, importedFunctionCount } from "./module.ts";
import { FEATURE_TEXT, opcodeHex, opcodeInfo, opcodeName } from "./opcodes.ts";
import { casperDeserializeText, deserializeIssue, preprocess, protocolFeatures, type ProtocolVersion } from "./preprocess.ts";
import { wasmPrepIssues } from "./wasm_prep_rules.ts";

export type { WasmIssue } from "./errors.ts";

export interface CheckOptions {
  /** default "1.5.8": the strictest, and what runs on both 1.5.x and 2.x networks */
  protocol?: ProtocolVersion;
}

/** At most this many issues of one code are listed; the rest are summed up in one more issue. */
const PER_CODE_LIMIT = 20;

function capped(issues: WasmIssue[]): WasmIssue[] {
  const counts = new Map<string, number>();
  const out: WasmIssue[] = [];
  for (const i of issues) {
    const n = (counts.get(i.code) ?? 0) + 1;
    counts.set(i.code, n);
    if (n <= PER_CODE_LIMIT) out.push(i);
  }
  for (const [code, n] of counts) {
    if (n > PER_CODE_LIMIT) out.push({ code, reason: "more", message: `... and ${n - PER_CODE_LIMIT} more ${code} issues` });
  }
  return out;
}

function forbiddenOpcodeIssues(m: WasmModule, protocol: ProtocolVersion): WasmIssue[] {
  const wasm = loadChainspec(protocol).wasm;
  const rules = opcodeGasRules(wasm.opcode_costs, wasm.opcode_cost_model);
  const imports = importedFunctionCount(m);
  const out: WasmIssue[] = [];
  for (const [b, body] of (findSection(m, "code")?.bodies ?? []).entries()) {
    body.code.forEach((ins, i) => {
      // post-MVP opcodes were reported as deserialisation issues already
      if (opcodeInfo(ins.opcode)?.feature === "mvp" && rules.instructionCost(ins) === null) {
        out.push({
          code: "OperationForbiddenByGasRules",
          reason: "forbidden-opcode",
          message: `${opcodeName(ins.opcode)} (${opcodeHex(ins.opcode)}) in function #${imports + b} (body #${b}, instruction #${i}): Casper prices no float operation (f32/f64 loads and stores excepted)`,
        });
      }
    });
  }
  return out;
}

/** Instantiation checks on a module that was not fully preprocessed (its memory externalized if possible). */
function importIssues(m: WasmModule, protocol: ProtocolVersion): WasmIssue[] {
  const maxMemory = loadChainspec(protocol).wasm.max_memory;
  const memory = findSection(m, "memory");
  const view = memory && memory.memories.length ? externalizeMemory(structuredClone(m), maxMemory).module : m;
  return [...mutableGlobalExportIssues(view), ...instantiationIssues(view, protocol, maxMemory)];
}

function dataCountIssue(use: FeatureUse): WasmIssue {
  return {
    code: "DataCountSection",
    reason: "datacount-section",
    message:
      `${use.what} at byte offset ${use.offset}: casper-node accepts it in session code, but stores a contract with it ` +
      "moved after the data section, so the stored contract fails to load when called (build with bulk-memory disabled)",
  };
}

/**
 * Lists why casper-node (protocol 1.5.8 by default, or 2.0.0) would reject `bytes`; [] when it would accept them.
 * Codes are casper-node's error names where they exist (Deserialize, MissingMemorySection, UnsupportedWasmStart,
 * OperationForbiddenByGasRules, StackLimiter, Interpreter, the WasmValidationError variants...).
 */
export function checkCasperWasm(bytes: Uint8Array, opts: CheckOptions = {}): WasmIssue[] {
  const protocol = opts.protocol ?? "1.5.8";
  if (protocol !== "1.5.8" && protocol !== "2.0.0") {
    return [{ code: "InvalidOption", message: `unknown protocol ${JSON.stringify(protocol)} (expected "1.5.8" or "2.0.0")` }];
  }
  if (!(bytes instanceof Uint8Array)) return [{ code: "Deserialize", reason: "malformed", message: "the module bytes must be a Uint8Array" }];
  const allowed = protocolFeatures(protocol);
  const uses: FeatureUse[] = [];
  let module: WasmModule;
  try {
    module = decodeModule(bytes, { features: ALL_FEATURES, onFeature: (u) => uses.push(u) });
  } catch (e) {
    if (!(e instanceof WasmDecodeError)) throw e;
    return [deserializeIssue(protocol, e, bytes)];
  }

  const issues: WasmIssue[] = [];
  const dataCount = uses.find((u) => u.what.startsWith("DataCount"));
  const refused = uses.filter((u) => !allowed.has(u.feature) && !u.what.startsWith("DataCount"));
  for (const u of refused) {
    const where = u.bodyIndex === undefined ? "" : ` in function body #${u.bodyIndex}`;
    const op = bytes[u.offset];
    const opcode = op === 0xfc || op === 0xfd || op === 0xfe ? op << 16 : op;
    issues.push({
      code: "Deserialize",
      reason: "unsupported-feature",
      message: `${u.what}${where} at byte offset ${u.offset}: ${FEATURE_TEXT[u.feature]} are not accepted by Casper ${protocol} (the node says "${casperDeserializeText(protocol, u.feature, opcode)}")`,
    });
  }

  issues.push(...wasmPrepIssues(module));
  issues.push(...forbiddenOpcodeIssues(module, protocol));

  if (issues.length === 0) {
    // the full pipeline finds the rest: instrumentation failures, validation, imports, memory, start
    try {
      const wasm = loadChainspec(protocol).wasm;
      preprocess(bytes, {
        protocol,
        metered: true,
        opcodeCosts: wasm.opcode_costs,
        opcodeCostModel: wasm.opcode_cost_model,
        maxMemoryPages: wasm.max_memory,
        maxStackHeight: wasm.max_stack_height,
      });
    } catch (e) {
      if (e instanceof WasmPreprocessError) issues.push(...e.issues);
      else if (e instanceof WasmDecodeError) issues.push(deserializeIssue(protocol, e, bytes));
      else throw e;
    }
  } else {
    // already rejected; still report import, memory and start problems so one round fixes them all
    issues.push(...importIssues(module, protocol));
  }
  if (dataCount) issues.push(dataCountIssue(dataCount));
  return capped(issues);
}
