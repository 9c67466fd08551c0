// Printing helpers for `npm start`: plain-text tables and Casper values named for people.

import type { ExecutionResult } from "../../host/engine/result.ts";
import { formatMotes } from "../cli/amount.ts";

/** A left-aligned text table; numbers (bigint) are right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly (string | bigint)[])[]): string {
  const cells = [header, ...rows].map((r) => r.map((c) => String(c)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === "bigint"));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: readonly string[]) =>
    r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export function heading(text: string): string {
  return `\n${text}\n${"=".repeat(text.length)}`;
}

/** "1.25 CSPR" (motes kept out: the tables show motes in their own column when they matter) */
export function cspr(motes: bigint): string {
  return formatMotes(motes).replace(/ \(.*\)$/, "");
}

/** The outcome of a deploy in one phrase: "ok", or the error as the node names it, with a contract's own name when known. */
export function outcome(r: ExecutionResult, userErrors: Readonly<Record<number, string>> = {}): string {
  if (r.success) return "ok";
  const e = r.error!;
  const user = e.name === "User" && e.code !== undefined ? userErrors[e.code - 65536] : undefined;
  const refused = r.precondition ? "refused: " : "";
  return `${refused}${e.message}${user ? ` (${user})` : ""}`;
}

/** Shortens a 64-hex-digit hash inside a formatted key for tables: "account-hash-3b2c…91fe". */
export function short(formatted: string): string {
  return formatted.replace(/([0-9a-f]{6})[0-9a-f]{52}([0-9a-f]{6})/g, "$1…$2");
}
