// `npm start` is the newcomer's first view of the product: run its tour on the built artifacts and
// check that each step shows what the contracts really do on the engine.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";

describe("npm start", () => {
  let out = "";
  beforeAll(() => {
    out = execFileSync("npx", ["tsx", "scripts/start.ts", "--no-build"], { encoding: "utf8", timeout: 120_000 });
  }, 150_000);
  const step = (title: string) => out.split(`> ${title}`)[1]?.split("\n")[1]?.trim() ?? "(step missing)";

  it("installs keys_manager into the account's named keys, not the contract's", () => {
    expect(step("keys_manager.wasm: call")).toMatch(/^ok\s+gas [1-9]\d*/);
    expect(out).toMatch(/account alice\s+keys_manager\s+hash-/);
    expect(out).toMatch(/account alice\s+keys_manager_hash\s+uref-[0-9a-f…]+-007/);
    expect(out).toContain("the contract itself has 0 named keys");
    expect(out).toContain("Entry points: set_all, set_deployment_threshold, set_key_management_threshold, set_key_weight");
  });

  it("calls every entry point and names each failure as the node and the contract do", () => {
    expect(step("set_key_weight bob weight 1")).toMatch(/^ok/);
    expect(out).toContain("alice's keys: alice=1, bob=1, carol=1, dave=1   thresholds: deployment 2, key management 2");
    expect(step("set_key_management_threshold to 3, alone")).toMatch(/^refused: Deployment authorization failure/);
    expect(step("set_deployment_threshold to 4 (above key management 3)")).toMatch(/^User error: 7 \(DeploymentThreshold\)/);
    expect(out).toMatch(/User error: 3 \(ThresholdViolation\)/);
    expect(out).toMatch(/alice's keys: alice=1   thresholds: deployment 1, key management 1\n[\s\S]*4\. Stake/);
  });

  it("prints the README's quick-start excerpt, figure for figure", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const quickStart = readme.split("## Quick start")[1].split("## ")[0];
    const excerpt = /```\n(> [\s\S]*?)```/.exec(quickStart)?.[1];
    expect(excerpt, "the README's quick start has no excerpt of the output").toBeDefined();
    // each block of the excerpt (a step and the lines after it) is in the output as written
    for (const block of excerpt!.trim().split("\n\n")) {
      const [title, ...lines] = block.split("\n");
      const shown = out.split(`${title}\n`)[1];
      expect(shown, `step ${title}`).toBeDefined();
      for (const line of lines) expect(shown.split("\n\n")[0].split("\n"), `${title}: ${line}`).toContain(line);
    }
  });

  it("makes a validator bid, delegates to it an amount valid on 2.0 and shows the stake", () => {
    expect(step("add_bid: bob bids 10000 CSPR as a validator")).toMatch(/^ok\s+gas [1-9]\d*/);
    // 2.0: a bid without limits takes the chainspec's minimum_delegation_amount and maximum_delegation_amount
    expect(out).toContain("bob's delegation limits: 500 CSPR .. 1000000000 CSPR");
    expect(step("delegate.wasm: 500 CSPR from alice to bob")).toMatch(/^ok\s+gas [1-9]\d*/);
    expect(out).toContain("alice's stake with bob: 500 CSPR");
    expect(step("delegate.wasm: 1 CSPR (below bob's minimum delegation)")).toMatch(
      /^ApiError::AuctionError\(DelegationAmountTooSmall\) \[64557\]/, // 64512 + 45
    );
  });
});
