// A trace of host calls with their arguments decoded into Casper terms (names, keys, CL values)
// rather than raw pointers, for results and debugging.

import { type CLValue, toSdkCLValue } from "../bytesrepr/cl-value.ts";
import { toHex } from "../bytesrepr/hex.ts";

export interface TraceEntry {
  /** import name, e.g. "casper_put_key" */
  readonly name: string;
  /** raw wasm arguments */
  readonly args: readonly number[];
  /** call depth: 0 for the deploy's own code, +1 per contract call */
  readonly depth: number;
  /** decoded arguments, filled in by the host function */
  detail: Record<string, unknown>;
  /** i32 result for functions that return one */
  result?: number;
  /** set when the host function ended the execution (revert, ret, error) */
  outcome?: string;
}

function isCLValue(v: unknown): v is CLValue {
  return typeof v === "object" && v !== null && "clType" in v && "bytes" in v && (v as CLValue).bytes instanceof Uint8Array;
}

/** A CLValue as the SDK prints it (falling back to hex when the bytes do not match the type). */
export function formatCLValue(v: CLValue): string {
  try {
    return String(toSdkCLValue(v));
  } catch {
    return `0x${toHex(v.bytes)}`;
  }
}

function formatValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return v.toString();
  if (isCLValue(v)) return formatCLValue(v);
  return JSON.stringify(v, bigintReplacer);
}

export function formatTraceEntry(e: TraceEntry): string {
  const pad = "  ".repeat(e.depth);
  const detail = Object.entries(e.detail)
    .map(([k, v]) => `${k}=${formatValue(v)}`)
    .join(", ");
  const result = e.result !== undefined ? ` -> ${e.result}` : "";
  const outcome = e.outcome ? ` [${e.outcome}]` : "";
  return `${pad}${e.name}(${detail || e.args.join(", ")})${result}${outcome}`;
}

function bigintReplacer(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? v.toString() : v;
}
