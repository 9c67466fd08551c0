// The gas snapshot (scripts/gas-report.json): recomputed from the current build and compared, so a
// change in what a seed contract deploy costs fails here with a readable diff; the payment rule; the
// diff's wording; and the `npm run gas` command itself.
import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { PROTOCOLS } from "../host/gas/chainspec.ts";
import { MEASURING_PAYMENT, SCENARIOS, artifactReader, type Scenario } from "../scripts/gas/scenarios.ts";
import { type GasReport, artifactIds, csprText, diffReports, measure, minimumPayment, paymentFor, readReport, reportedPayment, toReport } from "../scripts/gas/report.ts";
import { Engine } from "../host/engine/engine.ts";
import { artifact } from "./helpers/engine-artifacts.ts";

const CSPR = 1_000_000_000n;
const root = new URL("..", import.meta.url).pathname;

describe("gas report", () => {
  it("payment = gas x 1.5 rounded up to 0.1 CSPR, at least the 2.0 acceptor's minimum", () => {
    expect(paymentFor(1n)).toBe(CSPR / 10n);
    expect(paymentFor(100_000_000n)).toBe(200_000_000n); // 150_000_000 -> 0.2 CSPR
    expect(paymentFor(200_000_000n)).toBe(300_000_000n); // exactly 0.3 CSPR stays
    expect(paymentFor(6_654_165_139n)).toBe(10n * CSPR); // 9_981_247_708.5 -> 10 CSPR
    expect(paymentFor(0n)).toBe(0n);
    // 2.0's acceptor refuses a payment under baseline_motes_amount (deploy.rs is_config_compliant)
    expect(paymentFor(100_000_000n, 2_500_000_000n)).toBe(2_500_000_000n);
    expect(paymentFor(6_654_165_139n, 2_500_000_000n)).toBe(10n * CSPR);
    expect(minimumPayment(new Engine({ protocol: "2.0.0" }))).toBe(2_500_000_000n);
    expect(minimumPayment(new Engine({ protocol: "1.5.8" }))).toBe(0n);
    expect(csprText(4_300_000_000n)).toBe("4.3 CSPR");
  });

  it("the committed report covers every scenario on both protocols, with payments by the rule", () => {
    const report = readReport();
    expect(typeof report.about).toBe("string");
    for (const p of PROTOCOLS) {
      const section = report[p] as Record<string, { gas: number; payment: number }>;
      expect(Object.keys(report.artifacts ?? {}).sort()).toEqual(["cep18.wasm", "cep18_2x.wasm", "delegate.wasm", "keys_manager.wasm", "rust_cep18.wasm"]);
      // every scenario of the protocol (the Rust CEP-18 on 1.5.8 only, the 2.x build on 2.0.0 only)
      expect(Object.keys(section).sort()).toEqual(SCENARIOS.filter((s) => !s.protocols || s.protocols.includes(p)).map((s) => s.key).sort());
      for (const [key, f] of Object.entries(section)) {
        expect(Number.isSafeInteger(f.gas) && f.gas > 0, key).toBe(true);
        expect(BigInt(f.payment), key).toBe(paymentFor(BigInt(f.gas), minimumPayment(new Engine({ protocol: p }))));
        expect(reportedPayment(p, key, report)).toBe(BigInt(f.payment));
      }
    }
    expect(reportedPayment("2.0.0", "no_such:thing", report)).toBeUndefined();
  });

  it("recomputed from the current build, the figures equal the committed ones", () => {
    const wasm = artifactReader();
    const fresh = toReport(measure(wasm), artifactIds(wasm));
    const diff = diffReports(readReport(), fresh);
    expect(diff, `gas differs from scripts/gas-report.json:\n  ${diff.join("\n  ")}\nIf intended: npm run gas -- --update`).toEqual([]);
  });

  it("a difference reads as which deploy, old -> new gas, by how much, and the payment", () => {
    const a = { about: "", "2.0.0": { "x:install": { gas: 1000, payment: 100_000_000 }, "x:gone": { gas: 5, payment: 100_000_000 } } } as GasReport;
    const b = { about: "", "2.0.0": { "x:install": { gas: 1100, payment: 100_000_000 }, "x:new": { gas: 7, payment: 100_000_000 } } } as GasReport;
    expect(diffReports(a, b)).toEqual([
      "2.0.0 x:gone: in the report, but no longer measured (it fails or was removed)",
      "2.0.0 x:install: gas 1000 -> 1100 (+100, +10.00%); payment 100000000 -> 100000000",
      "2.0.0 x:new: new, gas 7, payment 100000000",
    ]);
    expect(diffReports(a, a)).toEqual([]);
    const built = { ...a, artifacts: { "x.wasm": "10 B sha256:aa" } } as GasReport;
    expect(diffReports(built, { ...built, artifacts: { "x.wasm": "12 B sha256:bb" } } as GasReport)).toEqual(["build/x.wasm changed since the snapshot: 10 B sha256:aa -> 12 B sha256:bb"]);
  });

  it("a deploy that fails is reported as failing and left out of the snapshot", () => {
    const failing: Scenario = {
      key: "keys_manager:set_key_weight",
      contract: "keys_manager",
      entryPoint: "set_key_weight",
      state: "after install, called without its args",
      run(engine, wasm) {
        engine.runSession("alice", wasm("keys_manager"), undefined, { payment: MEASURING_PAYMENT }).expectSuccess();
        return engine.callByName("alice", "keys_manager", "set_key_weight", {}, { payment: MEASURING_PAYMENT });
      },
    };
    const ms = measure((name) => artifact(name as "keys_manager" | "delegate"), ["1.5.8"], [failing]);
    expect(ms[0].error).toBe("ApiError::MissingArgument [2]");
    expect(toReport(ms)["1.5.8"]).toBeUndefined();
  });

  it("npm run gas: --json lists every measurement with its split; --check passes against the snapshot; bad options are refused", () => {
    const tsx = `${root}node_modules/.bin/tsx`;
    const json = JSON.parse(execFileSync(tsx, ["scripts/gas.ts", "--json"], { cwd: root, encoding: "utf8" })) as { protocol: string; key: string; gas: string; breakdown: Record<string, string> }[];
    expect(json.length).toBe(PROTOCOLS.map((p) => SCENARIOS.filter((s) => !s.protocols || s.protocols.includes(p)).length).reduce((a, b) => a + b, 0));
    for (const m of json) {
      const b = m.breakdown;
      expect(BigInt(b.wasm) + BigInt(b.host) + BigInt(b.storage) + BigInt(b.system), m.key).toBe(BigInt(m.gas));
    }
    const check = spawnSync(tsx, ["scripts/gas.ts", "--check"], { cwd: root, encoding: "utf8" });
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toContain("keys_manager  install");
    const bad = spawnSync(tsx, ["scripts/gas.ts", "--frobnicate"], { cwd: root, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("unknown option --frobnicate");
  });
});
