// What the real engine rejects when it instantiates a preprocessed module (casper-node v1.5.8
// execution_engine/src/core/runtime/utils.rs `instance_and_memory`, resolvers/v1_resolver.rs; same in 2.0):
//  1. wasmi validates the module (any invalid wasm fails here);
//  2. imports resolve against module "env" only: functions by name from the protocol's host function table,
//     with wasmi checking the declared signature; one memory named "memory" within max_memory; no table or
//     global can be imported;
//  3. a module with a start function is refused with UnsupportedWasmStart.
// All of 1-2 surface as ExecError::Interpreter on the node; `reason` tells them apart.

import { HOST_IMPORTS_BY_NAME } from "../ffi/imports.ts";
import type { WasmIssue } from "./errors.ts";
import { I32, type FuncType, type WasmModule, findSection, funcTypeText, moduleTypes, sameFuncType } from "./module.ts";

export type ProtocolVersion = "1.5.8" | "2.0.0";

/** The wasm type a host import has on the node. */
export function hostImportType(name: string): FuncType | undefined {
  const h = HOST_IMPORTS_BY_NAME.get(name);
  if (!h) return undefined;
  return { params: h.params.map(() => I32), results: h.result === "i32" ? [I32] : [] };
}

export function isServedBy(name: string, protocol: ProtocolVersion): boolean {
  const h = HOST_IMPORTS_BY_NAME.get(name);
  return !!h && (protocol === "1.5.8" ? h.v1 : h.v2);
}

/** Checks of step 2 and 3 on the preprocessed module. `maxMemory` is the chainspec's max_memory. */
export function instantiationIssues(m: WasmModule, protocol: ProtocolVersion, maxMemory: number): WasmIssue[] {
  const out: WasmIssue[] = [];
  const types = moduleTypes(m);
  let memoryResolved = false;
  for (const imp of findSection(m, "import")?.imports ?? []) {
    const name = `${imp.module}.${imp.field}`;
    if (imp.module !== "env") {
      out.push({ code: "Interpreter", reason: "unknown-import-module", message: `Instantiation: Module ${imp.module} not found (import ${name}; Casper provides only module "env")` });
      continue;
    }
    switch (imp.desc.kind) {
      case "func": {
        if (imp.field === "gas") continue; // the injected gas counter, served by the engine
        const host = hostImportType(imp.field);
        if (!host || !isServedBy(imp.field, protocol)) {
          const other: ProtocolVersion = protocol === "1.5.8" ? "2.0.0" : "1.5.8";
          const hint = host && isServedBy(imp.field, other) ? ` (it exists in Casper ${other}, not in ${protocol})` : "";
          out.push({ code: "Interpreter", reason: "unknown-import", message: `Function: host module doesn't export function with name ${imp.field}${hint}` });
          break;
        }
        // wasmi's wording: "expected" is the module's declared type, "actual" the host function's
        const declared = types[imp.desc.typeIndex];
        if (!declared || !sameFuncType(declared, host)) {
          out.push({
            code: "Interpreter",
            reason: "import-signature",
            message: `Instantiation: Expected function with type ${declared ? funcTypeText(declared) : "?"}, but actual type is ${funcTypeText(host)} for entry ${imp.field}`,
          });
        }
        break;
      }
      case "memory": {
        if (imp.field !== "memory") {
          out.push({ code: "Interpreter", reason: "memory-import-name", message: `Instantiation: Memory imported under unknown name (env.${imp.field}; only env.memory exists)` });
          break;
        }
        if (memoryResolved) {
          out.push({ code: "Interpreter", reason: "memory-import-twice", message: "Instantiation: Memory is already instantiated (the module imports a memory and declares one)" });
          break;
        }
        memoryResolved = true;
        const max = imp.desc.limits.max ?? maxMemory;
        if (imp.desc.limits.min > max || max > maxMemory) {
          out.push({
            code: "Interpreter",
            reason: "memory-too-large",
            message: `Instantiation: Module requested too much memory (memory ${imp.desc.limits.min}..${imp.desc.limits.max ?? "unbounded"} pages; the chainspec's max_memory is ${maxMemory} pages)`,
          });
        }
        break;
      }
      case "table":
      case "global":
        out.push({ code: "Interpreter", reason: `${imp.desc.kind}-import`, message: `Instantiation: Export ${imp.field} not found (Casper provides no ${imp.desc.kind} to import)` });
        break;
    }
  }
  if (findSection(m, "start")) {
    out.push({ code: "UnsupportedWasmStart", message: "the module has a start function, which Casper does not run (fold it into the exported entry points)" });
  }
  return out;
}

/** wasmi (MVP) refuses to export a mutable global; V8 accepts it, so this one is checked by hand. */
export function mutableGlobalExportIssues(m: WasmModule): WasmIssue[] {
  const out: WasmIssue[] = [];
  const importedGlobals = (findSection(m, "import")?.imports ?? []).filter((i) => i.desc.kind === "global");
  const defined = findSection(m, "global")?.globals ?? [];
  for (const e of findSection(m, "export")?.exports ?? []) {
    if (e.kind !== "global") continue;
    const imported = importedGlobals[e.index];
    const mutable = imported ? imported.desc.kind === "global" && imported.desc.global.mutable : defined[e.index - importedGlobals.length]?.type.mutable;
    if (mutable) {
      out.push({ code: "Interpreter", reason: "mutable-global-export", message: `Validation: trying to export mutable global "${e.name}" (not allowed in WebAssembly 1.0; build without mutable-globals)` });
    }
  }
  return out;
}
