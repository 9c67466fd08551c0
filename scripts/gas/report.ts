// The gas report: measuring the scenarios on the local engine (metered as casper-node meters), the
// payment to attach, the committed snapshot (scripts/gas-report.json) and a readable diff against it.
//
// Snapshot shape (read by the deploy CLI for default payments):
//   { "about": "...", "1.5.8": { "keys_manager:install": { "gas": 6654165139, "payment": 10000000000 }, ... },
//     "2.0.0": { ... } }
// gas and payment are integers (gas units, motes); payment = gas x 1.5 rounded up to 0.1 CSPR.

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { Engine } from "../../host/engine/engine.ts";
import { PROTOCOLS, type ProtocolName } from "../../host/gas/chainspec.ts";
import type { GasBreakdown } from "../../host/runtime/meter.ts";
import { SCENARIOS, type Scenario } from "./scenarios.ts";
import { GAS_REPORT } from "../build/paths.ts";
import { rulesFor } from "../../host/runtime/protocol/by-protocol.ts";
import { DEPLOY_PAYMENT_RULES } from "../../host/runtime/protocol/deploy-payment.ts";

export const GAS_REPORT_PATH = GAS_REPORT;

/** The margin on measured gas: x 3/2 (account size, arg sizes and contract state move the figure). */
export const PAYMENT_MARGIN = { numerator: 3n, denominator: 2n } as const;
/** Payments are rounded up to 0.1 CSPR. */
export const PAYMENT_UNIT = 100_000_000n;
export const PAYMENT_RULE = "payment = gas x 1.5, rounded up to 0.1 CSPR (gas price 1), and on 2.0.0 at least the acceptor's minimum (baseline_motes_amount, 2.5 CSPR)";

/**
 * `minimum`: the smallest payment the protocol's acceptor takes (2.0 types/src/transaction/deploy.rs
 * is_config_compliant refuses a payment under core.baseline_motes_amount: "invalid payment amount";
 * 1.5.8 has none).
 */
export function paymentFor(gas: bigint, minimum = 0n): bigint {
  const withMargin = (gas * PAYMENT_MARGIN.numerator + PAYMENT_MARGIN.denominator - 1n) / PAYMENT_MARGIN.denominator;
  const rounded = ((withMargin + PAYMENT_UNIT - 1n) / PAYMENT_UNIT) * PAYMENT_UNIT;
  return rounded < minimum ? minimum : rounded;
}

/** The acceptor's minimum payment on an engine (host/runtime/protocol/deploy-payment.ts `acceptance`). */
export function minimumPayment(engine: Engine): bigint {
  const cfg = engine.config;
  if (!rulesFor(DEPLOY_PAYMENT_RULES, cfg.runtime.protocol).acceptance.minimumPaymentIsBaseline) return 0n;
  return cfg.chainspec.core.baseline_motes_amount ?? cfg.maxPaymentCost;
}

export interface Measurement {
  readonly protocol: ProtocolName;
  readonly key: string;
  readonly contract: string;
  readonly entryPoint: string;
  readonly state: string;
  /** undefined when the deploy failed (then `error` says why) */
  readonly gas?: bigint;
  readonly breakdown?: GasBreakdown;
  readonly payment?: bigint;
  readonly error?: string;
}

/** Runs every scenario on a fresh metered engine of each protocol. */
export function measure(wasm: (name: string) => Uint8Array, protocols: readonly ProtocolName[] = PROTOCOLS, scenarios: readonly Scenario[] = SCENARIOS): Measurement[] {
  const out: Measurement[] = [];
  for (const protocol of protocols) {
    for (const s of scenarios) {
      if (s.protocols && !s.protocols.includes(protocol)) continue;
      const base = { protocol, key: s.key, contract: s.contract, entryPoint: s.entryPoint, state: s.state };
      let r;
      const engine = new Engine({ protocol, metered: true, trace: false });
      try {
        r = s.run(engine, wasm);
      } catch (e) {
        out.push({ ...base, error: (e as Error).message.split("\n")[0] });
        continue;
      }
      if (!r.success) out.push({ ...base, error: r.error!.message });
      else out.push({ ...base, gas: r.gas, breakdown: r.gasBreakdown, payment: paymentFor(r.gas, minimumPayment(engine)) });
    }
  }
  return out;
}

export interface GasFigure {
  readonly gas: number;
  readonly payment: number;
}

export type GasReport = { about: string; artifacts?: Record<string, string> } & { [protocol: string]: Record<string, GasFigure> | Record<string, string> | string };

/** "<size> B sha256:<hex>" of each contract the scenarios run, so a diff can say the build changed. */
export function artifactIds(wasm: (name: string) => Uint8Array, scenarios: readonly Scenario[] = SCENARIOS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [...new Set(scenarios.map((s) => s.contract))].sort()) {
    const bytes = wasm(name);
    out[`${name}.wasm`] = `${bytes.length} B sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  }
  return out;
}

/** The snapshot of the successful measurements (and of the artifacts they ran). */
export function toReport(ms: readonly Measurement[], artifacts?: Record<string, string>): GasReport {
  const report: Record<string, unknown> = {
    about: `Written by \`npm run gas -- --update\`. Per protocol, per deploy "<contract>:<entry point>" ("install" = the contract's wasm run as session code): gas measured on the local engine from build/*.wasm in the states of scripts/gas/scenarios.ts, and the payment to attach in motes: ${PAYMENT_RULE}.`,
  };
  if (artifacts) report.artifacts = artifacts;
  for (const m of ms) {
    if (m.gas === undefined) continue;
    const section = (report[m.protocol] ??= {}) as Record<string, GasFigure>;
    section[m.key] = { gas: Number(m.gas), payment: Number(m.payment) };
  }
  return report as GasReport;
}

export function readReport(path = GAS_REPORT_PATH): GasReport {
  return JSON.parse(readFileSync(path, "utf8")) as GasReport;
}

export function writeReport(report: GasReport, path = GAS_REPORT_PATH): void {
  writeFileSync(path, JSON.stringify(report, null, 2) + "\n");
}

/** The default payment (motes) for a deploy from the committed report, or undefined when it has no figure. */
export function reportedPayment(protocol: ProtocolName, key: string, report: GasReport = readReport()): bigint | undefined {
  const section = report[protocol];
  if (typeof section !== "object") return undefined;
  const figure = (section as Record<string, GasFigure>)[key];
  return figure && typeof figure === "object" ? BigInt(figure.payment) : undefined;
}

const pct = (from: number, to: number) => `${to >= from ? "+" : ""}${(((to - from) / from) * 100).toFixed(2)}%`;

/** Readable differences between a committed report and a fresh one ([] = none). */
export function diffReports(committed: GasReport, fresh: GasReport): string[] {
  const lines: string[] = [];
  const was = committed.artifacts ?? {};
  const now = fresh.artifacts ?? {};
  for (const name of [...new Set([...Object.keys(was), ...Object.keys(now)])].sort()) {
    if (was[name] !== undefined && now[name] !== undefined && was[name] !== now[name]) lines.push(`build/${name} changed since the snapshot: ${was[name]} -> ${now[name]}`);
  }
  const protocols = [...new Set([...Object.keys(committed), ...Object.keys(fresh)])].filter((k) => k !== "about" && k !== "artifacts").sort();
  for (const p of protocols) {
    const a = (typeof committed[p] === "object" ? committed[p] : {}) as Record<string, GasFigure>;
    const b = (typeof fresh[p] === "object" ? fresh[p] : {}) as Record<string, GasFigure>;
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const was = a[key];
      const now = b[key];
      if (!now) lines.push(`${p} ${key}: in the report, but no longer measured (it fails or was removed)`);
      else if (!was) lines.push(`${p} ${key}: new, gas ${now.gas}, payment ${now.payment}`);
      else if (was.gas !== now.gas || was.payment !== now.payment) {
        lines.push(`${p} ${key}: gas ${was.gas} -> ${now.gas} (${now.gas - was.gas >= 0 ? "+" : ""}${now.gas - was.gas}, ${pct(was.gas, now.gas)}); payment ${was.payment} -> ${now.payment}`);
      }
    }
  }
  return lines;
}

const CSPR = 1_000_000_000n;

/** "10.0 CSPR"-style, to 0.1 CSPR (payments are multiples of it) */
export function csprText(motes: bigint): string {
  const tenths = motes / (CSPR / 10n);
  return `${tenths / 10n}.${tenths % 10n} CSPR`;
}

const group = (n: bigint) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");

function textTable(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: readonly string[]) => r.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** One table per protocol: each deploy's gas, its split, and the payment to attach. */
export function formatMeasurements(ms: readonly Measurement[], statesNote = "The states measured: scripts/gas/scenarios.ts."): string {
  const out: string[] = [];
  for (const p of [...new Set(ms.map((m) => m.protocol))]) {
    const rows = ms.filter((m) => m.protocol === p).map((m) => m.gas === undefined
      ? [m.contract, m.entryPoint, `fails: ${m.error}`, "", "", "", "", ""]
      : [m.contract, m.entryPoint, group(m.gas), group(m.breakdown!.wasm), group(m.breakdown!.host), group(m.breakdown!.storage), group(m.breakdown!.system), csprText(m.payment!)]);
    out.push(`Casper ${p}\n` + textTable(["contract", "entry point", "gas", "wasm", "host", "storage", "system", "payment"], rows, new Set([2, 3, 4, 5, 6, 7])));
  }
  out.push(`${PAYMENT_RULE}. ${statesNote}`);
  return out.join("\n\n");
}

/** The --json form: every measurement with its split (bigints as decimal strings). */
export function measurementsJson(ms: readonly Measurement[]): string {
  return JSON.stringify(ms, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);
}
