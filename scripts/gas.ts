// `npm run gas`: what each seed contract deploy costs on Casper 1.5.8 and 2.0.0, measured on the local
// engine (metered as the node meters), and the payment to attach; then CEP-18, ours beside Casper's Rust
// build, with its budgets (a budget missed: exit 1).
//   npm run gas                 tables per protocol (gas split into wasm / host / storage / system)
//   npm run gas -- --json       the same as JSON
//   npm run gas -- --update     also writes scripts/gas-report.json (the snapshot tests compare against)
//   npm run gas -- --check      compares with scripts/gas-report.json; exit 1 with the differences

import { artifactReader, RUST_CEP18 } from "./gas/scenarios.ts";
import { cep18Comparison, formatCep18Comparison } from "./gas/cep18-comparison.ts";
import { GAS_REPORT_PATH, artifactIds, diffReports, formatMeasurements, measure, measurementsJson, readReport, toReport, writeReport } from "./gas/report.ts";

const USAGE = "usage: npm run gas [-- --json] [--update | --check]";
const args = new Set(process.argv.slice(2));
for (const a of args) {
  if (!["--json", "--update", "--check", "--help", "-h"].includes(a)) {
    console.error(`unknown option ${a}\n${USAGE}`);
    process.exit(2);
  }
}
if (args.has("--help") || args.has("-h")) {
  console.log(USAGE);
  process.exit(0);
}

const wasm = artifactReader();
let measurements;
try {
  measurements = measure(wasm);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
const comparison = cep18Comparison(measurements, wasm);
if (args.has("--json")) console.log(measurementsJson(measurements));
else {
  console.log(formatMeasurements(measurements));
  console.log(`\n${formatCep18Comparison(comparison, { ours: wasm("cep18").length, ours2x: wasm("cep18_2x").length, rust: wasm(RUST_CEP18).length })}`);
}
if (comparison.some((r) => r.kept === false)) process.exitCode = 1;

const fresh = toReport(measurements, artifactIds(wasm));
if (args.has("--update")) {
  writeReport(fresh);
  console.error(`wrote ${GAS_REPORT_PATH}`);
} else if (args.has("--check")) {
  const diff = diffReports(readReport(), fresh);
  if (diff.length) {
    console.error(`gas differs from ${GAS_REPORT_PATH}:\n  ${diff.join("\n  ")}\n(npm run gas -- --update accepts the new figures)`);
    process.exit(1);
  }
  console.error(`gas matches ${GAS_REPORT_PATH}`);
}
