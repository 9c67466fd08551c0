// The CLI's reading of an execution result: a 2.0 node reports `cost` (the gas limit times the price,
// execution_result_v2.rs / operations.rs cost_to_use) and `refund` apart, so what the account paid is
// their difference; a 1.x result reports the gas cost alone.
import { describe, expect, it } from "vitest";
import { describeExecution, summarizeExecution } from "../scripts/cli/execution-report.ts";

describe("execution report", () => {
  it("2.0: cost and refund apart, the amount paid their difference", () => {
    const raw = { execution_info: { block_hash: "ab".repeat(32), block_height: 7, execution_result: { Version2: {
      error_message: null, limit: "3000000000", consumed: "1000000000", cost: "3000000000", refund: "1500000000",
    } } } };
    const s = summarizeExecution(raw);
    expect(s).toMatchObject({ executed: true, success: true, cost: 3_000_000_000n, refund: 1_500_000_000n, consumed: 1_000_000_000n });
    expect(describeExecution(s)).toContain("Cost:    3 CSPR (3000000000 motes), refund 1.5 CSPR (1500000000 motes): 1.5 CSPR (1500000000 motes) paid");
  });

  it("1.x: the cost alone", () => {
    const s = summarizeExecution({ execution_results: [{ block_hash: "cd".repeat(32), result: { Success: { cost: "123" } } }] });
    expect(s).toMatchObject({ executed: true, success: true, cost: 123n });
    expect(s.refund).toBeUndefined();
    expect(describeExecution(s)).toContain("Cost:    0.000000123 CSPR (123 motes)");
  });
});
