// Which Casper protocols a module can run on, and why: the build marks each artifact with it and the CLI's
// `deploy` refuses to send a module to a network that cannot run it. A module needs 2.x when it imports a host
// function only casper-node 2.x serves (host/ffi/imports.ts, from 2.0's resolvers/v1_function_index.rs) or uses
// an operator only 2.x's wasm decoder accepts (sign-extension: host/wasm/preprocess.ts protocolFeatures); it
// needs 1.5.x when it imports what 2.0 removed (casper_record_transfer, casper_record_era_info). Anything else
// either protocol refuses is the artifact checks' business (scripts/build/checks.ts), not this marking's.
import { HOST_IMPORTS_BY_NAME } from "../../host/ffi/imports.ts";
import { ALL_FEATURES, decodeModule, type FeatureUse } from "../../host/wasm/decode.ts";
import { findSection } from "../../host/wasm/module.ts";
import { FEATURE_TEXT } from "../../host/wasm/opcodes.ts";
import { protocolFeatures } from "../../host/wasm/preprocess.ts";

export type ProtocolTarget = "1.5.x and 2.x" | "2.x only" | "1.5.x only" | "neither";

export interface ProtocolNeeds {
  target: ProtocolTarget;
  /** what only 2.x serves, e.g. "imports casper_emit_message" (empty unless it needs 2.x) */
  needs2x: string[];
  /** what only 1.5.x serves, e.g. "imports casper_record_transfer" */
  needs15x: string[];
}

/** The protocol a check of the module should follow: 2.0.0 for a 2.x-only module, else 1.5.8 (what passes there runs on both). */
export function checkProtocol(needs: ProtocolNeeds): "1.5.8" | "2.0.0" {
  return needs.needs2x.length > 0 ? "2.0.0" : "1.5.8";
}

/** The protocols `wasm` can run on. Throws the decoder's error for bytes that are not a wasm module. */
export function protocolNeeds(wasm: Uint8Array): ProtocolNeeds {
  const uses: FeatureUse[] = [];
  const module = decodeModule(wasm, { features: ALL_FEATURES, onFeature: (u) => uses.push(u) });
  const needs2x: string[] = [];
  const needs15x: string[] = [];
  for (const imp of findSection(module, "import")?.imports ?? []) {
    if (imp.module !== "env" || imp.desc.kind !== "func") continue;
    const host = HOST_IMPORTS_BY_NAME.get(imp.field);
    if (!host) continue;
    if (host.v2 && !host.v1) needs2x.push(`imports ${imp.field}`);
    if (host.v1 && !host.v2) needs15x.push(`imports ${imp.field}`);
  }
  const only2x = protocolFeatures("2.0.0");
  const in15x = protocolFeatures("1.5.8");
  const seen = new Set<string>();
  for (const u of uses) {
    if (!only2x.has(u.feature) || in15x.has(u.feature) || seen.has(u.feature)) continue;
    seen.add(u.feature);
    const where = u.bodyIndex === undefined ? "" : ` in function body #${u.bodyIndex}`;
    needs2x.push(`uses ${FEATURE_TEXT[u.feature]} (${u.what}${where})`);
  }
  const target: ProtocolTarget =
    needs2x.length > 0 && needs15x.length > 0 ? "neither" : needs2x.length > 0 ? "2.x only" : needs15x.length > 0 ? "1.5.x only" : "1.5.x and 2.x";
  return { target, needs2x, needs15x };
}

/** One line for the build report: "2.x only: imports casper_emit_message, ...". */
export function describeNeeds(needs: ProtocolNeeds): string {
  switch (needs.target) {
    case "1.5.x and 2.x":
      return "runs on Casper 1.5.x and 2.x";
    case "2.x only":
      return `Casper 2.x only: ${needs.needs2x.join(", ")}`;
    case "1.5.x only":
      return `Casper 1.5.x only: ${needs.needs15x.join(", ")}`;
    case "neither":
      return `no Casper protocol runs it: 2.x only ${needs.needs2x.join(", ")}; 1.5.x only ${needs.needs15x.join(", ")}`;
  }
}

/** Casper's protocol major version from a node's `api_version` ("2.0.0" -> 2), or null when it is not one. */
export function protocolMajor(apiVersion: string): number | null {
  const m = /^(\d+)\.\d+\.\d+/.exec(apiVersion);
  return m ? Number(m[1]) : null;
}

/** Why a node of `apiVersion` cannot run the module, or null when it can (or the version says nothing). */
export function refusalFor(needs: ProtocolNeeds, apiVersion: string): string | null {
  const major = protocolMajor(apiVersion);
  if (major === null) return null;
  if (major < 2 && needs.needs2x.length > 0) return `it is Casper 2.x only (${needs.needs2x.join(", ")}) and the node runs ${apiVersion}`;
  if (major >= 2 && needs.needs15x.length > 0) return `it is Casper 1.5.x only (${needs.needs15x.join(", ")}) and the node runs ${apiVersion}`;
  return null;
}
