// GasMeter, the engine's per-phase gas counter: the node's charge_gas rule at the limit, exact sums
// past 2^53, the per-class split, setting the counter back, and the system cost lookup.
import { describe, expect, it } from "vitest";
import { loadChainspec } from "../host/gas/chainspec.ts";
import { GasMeter, systemContractGas } from "../host/gas/gas_meter.ts";
import { ExecError } from "../host/runtime/errors.ts";
import { NO_SUCH_ENTRY_POINT } from "../host/runtime/meter.ts";

const v158 = loadChainspec("1.5.8");
const v200 = loadChainspec("2.0.0");

const outOfGas = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    return e instanceof ExecError && e.kind === "GasLimit" && e.message === "Out of gas error";
  }
  return false;
};

describe("GasMeter", () => {
  it("a charge reaching the limit exactly passes; one more unit fails and leaves the counter at the limit", () => {
    const m = new GasMeter(v158, 1_000n);
    m.chargeWasm(600);
    m.chargeWasm(400);
    expect(m.used).toBe(1_000n);
    expect(outOfGas(() => m.chargeWasm(1))).toBe(true);
    expect(m.used).toBe(1_000n);
    expect(m.breakdown()).toEqual({ wasm: 1_000n, host: 0n, storage: 0n, system: 0n });
  });

  it("over the limit, the failing charge's class takes what was left, so the split still sums to the counter", () => {
    const m = new GasMeter(v158, 100_000n);
    m.chargeWasm(30_000);
    expect(outOfGas(() => m.chargeHost("casper_revert", [1]))).toBe(false); // 500
    expect(outOfGas(() => m.chargeStorage(1))).toBe(true); // 1_117_587 > what is left
    expect(m.breakdown()).toEqual({ wasm: 30_000n, host: 500n, storage: 69_500n, system: 0n });
    expect(m.used).toBe(100_000n);
  });

  it("sums stay exact past 2^53 (the number fast path hands over to bigint near its ceiling)", () => {
    const m = new GasMeter(v158, 2n ** 60n);
    const n = 2_200_000; // x (2^32 - 1) ~ 9.45e15 > 2^53 ~ 9.007e15
    for (let i = 0; i < n; i++) m.chargeWasm(0xffffffff);
    m.chargeHost("casper_revert", [0]);
    const expected = BigInt(n) * 0xffffffffn;
    expect(expected > 2n ** 53n).toBe(true);
    expect(m.breakdown()).toEqual({ wasm: expected, host: 500n, storage: 0n, system: 0n });
    expect(m.used).toBe(expected + 500n);
  });

  it("a limit below what the fast path would allow is still exact for wasm charges", () => {
    const m = new GasMeter(v158, 10n);
    m.chargeWasm(3);
    m.chargeWasm(7);
    expect(outOfGas(() => m.chargeWasm(1))).toBe(true);
    expect(m.breakdown().wasm).toBe(10n);
  });

  it("host functions are charged from the table: cost + weight x argument", () => {
    const m = new GasMeter(v158, 10n ** 12n);
    m.chargeHost("casper_put_key", [0, 11, 0, 34]);
    expect(m.breakdown().host).toBe(100_000_000n + 120_000n * 11n + 120_000n * 34n);
  });

  it("setUsed puts back the total and the split as they were read", () => {
    const m = new GasMeter(v200, 10n ** 12n);
    m.chargeWasm(5);
    const before = m.used;
    m.chargeSystem("mint", "transfer"); // 2.0: 100_000_000
    m.chargeWasm(7);
    expect(m.breakdown()).toEqual({ wasm: 12n, host: 0n, storage: 0n, system: 100_000_000n });
    m.setUsed(before);
    expect(m.used).toBe(5n);
    expect(m.breakdown()).toEqual({ wasm: 5n, host: 0n, storage: 0n, system: 0n });
    // nested save points (a transfer inside standard payment) unwind in order
    const outer = m.used;
    m.chargeSystem("handle payment", "get_payment_purse");
    const inner = m.used;
    m.chargeSystem("mint", "transfer");
    m.setUsed(inner);
    m.setUsed(outer);
    expect(m.breakdown()).toEqual({ wasm: 5n, host: 0n, storage: 0n, system: 0n });
    expect(() => m.setUsed(3n)).toThrow(/never read at that value/);
  });

  it("after running out inside a call the node sets the counter back around, the counter is back too", () => {
    const m = new GasMeter(v158, 20_000n);
    m.chargeWasm(15_000);
    const saved = m.used;
    expect(outOfGas(() => m.chargeSystem("mint", "create"))).toBe(true); // 2.5e9
    m.setUsed(saved);
    expect(m.used).toBe(15_000n);
    expect(m.breakdown()).toEqual({ wasm: 15_000n, host: 0n, storage: 0n, system: 0n });
  });

  it("a negative limit is refused", () => {
    expect(() => new GasMeter(v158, -1n)).toThrow(RangeError);
  });
});

describe("system contract costs", () => {
  it("entry points by contract, from system_costs", () => {
    expect(systemContractGas(v158.system_costs, "auction", "delegate")).toBe(2_500_000_000n);
    expect(systemContractGas(v158.system_costs, "mint", "transfer")).toBe(10_000n);
    expect(systemContractGas(v200.system_costs, "mint", "transfer")).toBe(100_000_000n);
    expect(systemContractGas(v200.system_costs, "handle payment", "finalize_payment")).toBe(2_500_000_000n);
  });

  it("1.5.8 charges distribute_accumulated_fees finalize_payment's cost; an entry point without a cost is free", () => {
    expect(systemContractGas(v158.system_costs, "handle payment", "distribute_accumulated_fees")).toBe(10_000n);
    expect(systemContractGas(v158.system_costs, "auction", "change_bid_public_key")).toBe(0n);
    expect(systemContractGas(v158.system_costs, "no such contract", "x")).toBe(0n);
  });

  it("a missing entry point costs no_such_entrypoint in 2.0, nothing in 1.5.8", () => {
    expect(systemContractGas(v200.system_costs, "mint", NO_SUCH_ENTRY_POINT)).toBe(2_500_000_000n);
    expect(systemContractGas(v158.system_costs, "mint", NO_SUCH_ENTRY_POINT)).toBe(0n);
  });
});
