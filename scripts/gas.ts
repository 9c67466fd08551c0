// `npm run gas`: what each seed contract deploy costs on Casper 1.5.8 and 2.0.0, measured on the local
// engine (metered as the node meters), and the payment to attach; then CEP-18, ours beside Casper's Rust
// build, with its budgets (a budget missed: exit 1).
//   npm run gas                 tables per protocol (gas split into wasm / host / storage / system)
//   npm run gas -- --json       the same as JSON
//   npm run gas -- --update     also writes scripts/gas-report.json (the snapshot tests compare against)
//   npm run gas -- --check      compares with scripts/gas-report.json; exit 1 with the differences
//   npm run gas -- --profile <deploy> [--protocol 1.5.8|2.0.0] [--json]
//                               one deploy's gas per AssemblyScript function and per host function

import { artifactReader, PROJECT_STATES, RUST_CEP18, scenariosFor } from "./gas/scenarios.ts";
import { cep18Comparison, formatCep18Comparison } from "./gas/cep18-comparison.ts";
import { IS_TOOLKIT } from "./build/paths.ts";
import { findScenario, profileScenario, ProfileError } from "./gas/profile.ts";
import { formatGasProfile, gasProfileJson } from "../host/debug/gas-profile.ts";
import type { ProtocolName } from "../host/gas/chainspec.ts";
import { GAS_REPORT_PATH, artifactIds, diffReports, formatMeasurements, measure, measurementsJson, readReport, toReport, writeReport } from "./gas/report.ts";

const USAGE = "usage: npm run gas [-- --json] [--update | --check]\n       npm run gas -- --profile <deploy> [--protocol 1.5.8|2.0.0] [--json]";
const argv = process.argv.slice(2);
const args = new Set<string>();
let profileName: string | undefined;
let protocol: ProtocolName = "2.0.0";
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--profile" || a === "--protocol") {
    const value = argv[++i];
    if (value === undefined || value.startsWith("--")) {
      console.error(`${a} needs a value\n${USAGE}`);
      process.exit(2);
    }
    if (a === "--profile") profileName = value;
    else if (value === "1.5.8" || value === "2.0.0") protocol = value;
    else {
      console.error(`--protocol must be 1.5.8 or 2.0.0, not ${value}\n${USAGE}`);
      process.exit(2);
    }
    continue;
  }
  if (!["--json", "--update", "--check", "--help", "-h"].includes(a)) {
    console.error(`unknown option ${a}\n${USAGE}`);
    process.exit(2);
  }
  args.add(a);
}
if (args.has("--help") || args.has("-h")) {
  console.log(USAGE);
  process.exit(0);
}
if (profileName !== undefined && (args.has("--update") || args.has("--check"))) {
  console.error(`--profile measures one deploy: it does not go with --update or --check\n${USAGE}`);
  process.exit(2);
}

if (profileName !== undefined) {
  try {
    const wasm = artifactReader();
    const run = profileScenario(findScenario(profileName, scenariosFor(wasm)), wasm, protocol);
    if (args.has("--json")) {
      console.log(JSON.stringify({ deploy: run.scenario.key, protocol, state: run.scenario.state, gas: run.result.gas.toString(), profile: gasProfileJson(run.profile) }, null, 2));
    } else {
      console.log(`gas profile of ${run.scenario.key} on Casper ${protocol} (${run.scenario.state})\n${formatGasProfile(run.profile)}`);
    }
  } catch (e) {
    console.error((e as Error).message);
    process.exit(e instanceof ProfileError ? 2 : 1);
  }
  process.exit(0);
}

const wasm = artifactReader();
let measurements;
let scenarios;
try {
  scenarios = scenariosFor(wasm);
  measurements = measure(wasm, undefined, scenarios);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
if (!IS_TOOLKIT) {
  // a project's contracts: no CEP-18 comparison (that is this repository's own)
  console.log(args.has("--json") ? measurementsJson(measurements) : formatMeasurements(measurements, PROJECT_STATES));
} else {
  const comparison = cep18Comparison(measurements, wasm);
  if (args.has("--json")) console.log(measurementsJson(measurements));
  else {
    console.log(formatMeasurements(measurements));
    console.log(`\n${formatCep18Comparison(comparison, { ours: wasm("cep18").length, ours2x: wasm("cep18_2x").length, rust: wasm(RUST_CEP18).length })}`);
  }
  if (comparison.some((r) => r.kept === false)) process.exitCode = 1;
}

const fresh = toReport(measurements, artifactIds(wasm, scenarios));
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
