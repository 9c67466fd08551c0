// The checks `wasm_prep::preprocess` makes between deserialising and instrumenting, in its order
// (casper-node v1.5.8 execution_engine/src/shared/wasm_prep.rs; identical in 2.0's
// execution_engine/src/runtime/wasm_prep.rs). casper-node stops at the first; we list them all in that
// order, so the first issue is the error the node reports. Codes are the WasmValidationError /
// PreprocessingError variant names; messages start with the node's own text.

import type { WasmIssue } from "./errors.ts";
import { type WasmModule, findSection, moduleTypes } from "./module.ts";
import { OP } from "./opcodes.ts";

export const DEFAULT_MAX_TABLE_SIZE = 4096;
export const DEFAULT_BR_TABLE_MAX_SIZE = 256;
export const DEFAULT_MAX_GLOBALS = 256;
export const DEFAULT_MAX_PARAMETER_COUNT = 256;

function issue(code: string, message: string, reason?: string): WasmIssue {
  return reason ? { code, message, reason } : { code, message };
}

/** ensure_valid_access: every function, type and global index refers to something declared. */
function validAccessIssues(m: WasmModule, out: WasmIssue[]): void {
  const typeCount = moduleTypes(m).length;
  let functionCount = 0;
  for (const imp of findSection(m, "import")?.imports ?? []) {
    if (imp.desc.kind !== "func") continue;
    if (imp.desc.typeIndex < typeCount) functionCount++;
    else out.push(issue("MissingFunctionType", `missing type index ${imp.desc.typeIndex} (import ${imp.module}.${imp.field})`));
  }
  for (const [i, t] of (findSection(m, "function")?.typeIndices ?? []).entries()) {
    if (t < typeCount) functionCount++;
    else out.push(issue("MissingFunctionType", `missing type index ${t} (defined function #${i})`));
  }
  const checkFunction = (index: number, where: string) => {
    if (index >= functionCount) out.push(issue("MissingFunctionIndex", `missing function index ${index} (${where})`));
  };
  const start = findSection(m, "start");
  if (start) checkFunction(start.functionIndex, "start section");
  for (const e of findSection(m, "export")?.exports ?? []) if (e.kind === "func") checkFunction(e.index, `export "${e.name}"`);
  // only the global SECTION counts: casper-node does not count imported globals here
  const globalCount = findSection(m, "global")?.globals.length ?? 0;
  for (const [b, body] of (findSection(m, "code")?.bodies ?? []).entries()) {
    for (const ins of body.code) {
      if (ins.opcode === OP.call) checkFunction(ins.index!, `call in function body #${b}`);
      else if ((ins.opcode === OP.global_get || ins.opcode === OP.global_set) && ins.index! >= globalCount) {
        out.push(issue("IncorrectGlobalOperation", `opcode for a global access refers to non-existing global index ${ins.index} (function body #${b}; imported globals do not count)`));
      }
    }
  }
  for (const seg of findSection(m, "element")?.segments ?? []) {
    for (const f of seg.functionIndices) checkFunction(f, "element segment");
  }
}

/** All the issues wasm_prep finds before externalising the memory, in casper-node's order. */
export function wasmPrepIssues(m: WasmModule): WasmIssue[] {
  const out: WasmIssue[] = [];
  validAccessIssues(m, out);

  // the first memory section must have an entry (casper-wasm-utils would panic otherwise)
  const memory = findSection(m, "memory");
  if (!memory || memory.memories.length === 0) {
    const imported = (findSection(m, "import")?.imports ?? []).some((i) => i.desc.kind === "memory");
    out.push(
      issue(
        "MissingMemorySection",
        "Memory section should exist" +
          (imported ? " (the module imports its memory; Casper needs it declared in the module, it makes it an import itself)" : ""),
      ),
    );
  }

  const tables = findSection(m, "table")?.tables ?? [];
  if (tables.length > 1) out.push(issue("MoreThanOneTable", "the number of tables must be at most one"));
  const table = tables[0];
  if (table) {
    if (table.limits.min > DEFAULT_MAX_TABLE_SIZE) {
      out.push(issue("InitialTableSizeExceeded", `initial table size of ${table.limits.min} exceeds allowed limit of ${DEFAULT_MAX_TABLE_SIZE}`));
    } else if (table.limits.max !== undefined && table.limits.max > DEFAULT_MAX_TABLE_SIZE) {
      out.push(issue("MaxTableSizeExceeded", `maximum table size of ${table.limits.max} exceeds allowed limit of ${DEFAULT_MAX_TABLE_SIZE}`));
    }
  }

  for (const [b, body] of (findSection(m, "code")?.bodies ?? []).entries()) {
    for (const ins of body.code) {
      if (ins.opcode === OP.br_table && ins.targets!.length > DEFAULT_BR_TABLE_MAX_SIZE) {
        out.push(issue("BrTableSizeExceeded", `maximum br_table size of ${ins.targets!.length} exceeds allowed limit of ${DEFAULT_BR_TABLE_MAX_SIZE} (function body #${b})`));
      }
    }
  }

  const globals = findSection(m, "global")?.globals.length ?? 0;
  if (globals > DEFAULT_MAX_GLOBALS) {
    out.push(issue("TooManyGlobals", `declared number of globals (${globals}) exceeds allowed limit of ${DEFAULT_MAX_GLOBALS}`));
  }

  for (const t of moduleTypes(m)) {
    if (t.params.length > DEFAULT_MAX_PARAMETER_COUNT) {
      out.push(issue("TooManyParameters", `use of a function type with too many parameters (limit of ${DEFAULT_MAX_PARAMETER_COUNT} but function declares ${t.params.length})`));
    }
  }

  for (const imp of findSection(m, "import")?.imports ?? []) {
    if (imp.module === "env" && imp.field === "gas") {
      out.push(issue("MissingHostFunction", "module imports a non-existent function (env.gas is reserved for the gas counter)", "gas-import"));
    }
  }
  return out;
}

/** ensure_table_size_limit's rewrite: a table without maximum gets maximum 4096. */
export function capTableMaximum(m: WasmModule): void {
  const table = findSection(m, "table")?.tables[0];
  if (table && table.limits.max === undefined) table.limits = { min: table.limits.min, max: DEFAULT_MAX_TABLE_SIZE };
}
