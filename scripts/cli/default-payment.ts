// Default payments: what `npm run gas` measured for each seed contract deploy, with its margin
// (scripts/gas-report.json, or $CASPER_AS_GAS_REPORT; the shape is defined in scripts/gas/report.ts). The figure is used when
// --payment is absent and the report has one for this deploy: "<contract>:install" (or
// "<wasm>:call" for a session-only wasm) for `deploy` and `delegate`, "<contract>:<entry point>"
// for `call` by named key. A wasm that is not the one measured (its sha256 differs) gets no default:
// its gas may differ, and a payment that runs out costs the whole payment.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { GAS_REPORT } from "../build/paths.ts";

/** Casper mainnet and testnet run 2.0, as the local node does; the report's 2.0.0 figures apply. */
export const PAYMENT_PROTOCOL = "2.0.0";
export const GAS_REPORT_PATH = GAS_REPORT;

/** The report read: $CASPER_AS_GAS_REPORT when set, else the project's (scripts/gas-report.json here, gas-report.json in a project). */
export function gasReportPath(): string {
  return process.env.CASPER_AS_GAS_REPORT || GAS_REPORT_PATH;
}

export interface ReportedPayment {
  motes: bigint;
  /** the report entry, e.g. "keys_manager:install" */
  key: string;
}

interface GasReportJson {
  artifacts?: Record<string, string>;
  [protocol: string]: unknown;
}

function readReport(path: string): GasReportJson | string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return `there is no gas report (${path}; npm run gas -- --update writes it)`;
  }
  try {
    return JSON.parse(text) as GasReportJson;
  } catch (e) {
    return `the gas report ${path} is not JSON: ${(e as Error).message}`;
  }
}

function lookUp(report: GasReportJson, keys: string[]): ReportedPayment | undefined {
  const section = report[PAYMENT_PROTOCOL] as Record<string, { payment?: unknown }> | undefined;
  for (const key of keys) {
    const payment = section?.[key]?.payment;
    if (typeof payment === "number" && Number.isSafeInteger(payment) && payment > 0) return { motes: BigInt(payment), key };
    if (typeof payment === "string" && /^\d+$/.test(payment)) return { motes: BigInt(payment), key };
  }
  return undefined;
}

/** The default payment for running `bytes` (read from `path`) as session code, or why there is none. */
export function paymentForWasm(path: string, bytes: Uint8Array, reportPath = gasReportPath()): ReportedPayment | string {
  const report = readReport(reportPath);
  if (typeof report === "string") return report;
  const file = basename(path);
  const name = file.replace(/\.wasm$/, "");
  const found = lookUp(report, [`${name}:install`, `${name}:call`]);
  if (!found) return `no gas figure for ${file} in ${reportPath}`;
  const measured = report.artifacts?.[file];
  const sha = createHash("sha256").update(bytes).digest("hex");
  if (measured !== undefined && !measured.endsWith(`sha256:${sha}`)) {
    return `${path} is not the ${file} the gas report measured (${measured}; this one is ${bytes.length} B sha256:${sha}): run npm run gas -- --update`;
  }
  return found;
}

/** The default payment for calling `entryPoint` of the contract under the named key `contract`, or why there is none. */
export function paymentForCall(contract: string, entryPoint: string, reportPath = gasReportPath()): ReportedPayment | string {
  const report = readReport(reportPath);
  if (typeof report === "string") return report;
  return lookUp(report, [`${contract}:${entryPoint}`]) ?? `no gas figure for ${contract}.${entryPoint} in ${reportPath}`;
}
