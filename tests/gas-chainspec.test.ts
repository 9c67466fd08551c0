// The shipped chainspec tables, the loader's override validation, and host function gas
// (reference figures: ../shared/casper/gas.md §1.4-1.10, from casper-node's chainspec.toml files).

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOST_IMPORTS } from "../host/ffi/imports.ts";
import { ChainspecError, loadChainspec } from "../host/gas/chainspec.ts";
import { HostCostError, hostFunctionGas } from "../host/gas/host_costs.ts";

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ChainspecError);
    return (e as ChainspecError).field;
  }
  throw new Error("expected a ChainspecError");
}

describe("shipped tables", () => {
  it("1.5.8: flat opcode costs, host and system costs, chain parameters", () => {
    const s = loadChainspec("1.5.8");
    expect(s.protocol.version).toBe("1.5.8");
    expect(s.source).toMatch(/casper-node@v1\.5\.8/);
    expect(s.wasm.opcode_cost_model).toBe("flat");
    expect(s.wasm.max_memory).toBe(64);
    expect(s.wasm.max_stack_height).toBe(500);
    const cf = s.wasm.opcode_costs.control_flow;
    expect([cf.br, cf.br_if, cf.call, cf.call_indirect, cf.br_table.cost, cf.br_table.size_multiplier]).toEqual([35_000, 35_000, 68_000, 68_000, 35_000, 100]);
    expect(s.wasm.opcode_costs.grow_memory).toBe(240_000);
    expect(s.wasm.opcode_costs.sign).toBeUndefined();
    expect(s.wasm.host_function_costs.put_key).toEqual({ cost: 100_000_000, arguments: [0, 120_000, 0, 120_000] });
    expect(s.storage_costs.gas_per_byte).toBe(1_117_587);
    expect(s.system_costs.auction_costs.delegate).toBe(2_500_000_000n);
    expect(s.system_costs.mint_costs.transfer).toBe(10_000n);
    expect(s.system_costs.wasmless_transfer_cost).toBe(100_000_000n);
    expect(s.core.minimum_delegation_amount).toBe(500_000_000_000n);
    expect(s.core.refund_handling).toEqual({ type: "refund", refund_ratio: [99, 100] });
    expect(s.core.fee_handling.type).toBe("pay_to_proposer");
    expect([s.core.max_associated_keys, s.core.max_delegators_per_validator, s.core.unbonding_delay, s.core.auction_delay]).toEqual([100, 1200, 7, 1]);
    expect(s.core.locked_funds_period).toBe("0 days");
    expect(s.deploys!.max_deploy_size).toBe(1_048_576);
    expect(s.deploys!.native_transfer_minimum_motes).toBe(2_500_000_000n);
  });

  it("2.0.0: cycle multipliers, new host functions, 75% refund, baseline motes", () => {
    const s = loadChainspec("2.0.0");
    expect(s.wasm.opcode_cost_model).toBe("cycles");
    const cf = s.wasm.opcode_costs.control_flow;
    expect([cf.block, cf.loop, cf.if, cf.br, cf.br_if, cf.call, cf.call_indirect, cf.br_table.cost]).toEqual([255, 255, 105, 1665, 510, 225, 270, 150]);
    expect([s.wasm.opcode_costs.grow_memory, s.wasm.opcode_costs.sign]).toEqual([900, 105]);
    expect(s.wasm.host_function_costs.emit_message).toEqual({ cost: 200, arguments: [0, 30_000, 0, 120_000] });
    expect(s.wasm.host_function_costs.cost_increase_per_message).toBe(50);
    expect(s.core.refund_handling.refund_ratio).toEqual([75, 100]);
    expect(s.core.baseline_motes_amount).toBe(2_500_000_000n);
    expect(s.core.maximum_delegation_amount).toBe(1_000_000_000_000_000_000n);
    expect(s.core.pricing_handling).toEqual({ type: "payment_limited" });
    expect(s.system_costs.mint_costs.transfer).toBe(100_000_000n);
    expect(s.system_costs.handle_payment_costs.finalize_payment).toBe(2_500_000_000n);
    expect(s.system_costs.no_such_entrypoint).toBe(2_500_000_000n);
    expect(s.transactions!.v1.wasm_lanes[2]).toEqual([5, 65_536, 512, 5_000_000_000, 80]);
    expect(s.transactions!.block_gas_limit).toBe(1_625_000_000_000n);
  });

  it("every host import the protocol serves has a price in its table", () => {
    for (const protocol of ["1.5.8", "2.0.0"] as const) {
      const wasm = loadChainspec(protocol).wasm;
      for (const h of HOST_IMPORTS) {
        if (!(protocol === "1.5.8" ? h.v1 : h.v2)) continue;
        const gas = hostFunctionGas(wasm, h.name, h.params.map(() => 0));
        expect(typeof gas, `${protocol} ${h.name}`).toBe("bigint");
      }
    }
  });
});

describe("overrides", () => {
  it("are merged field by field, accept host-function aliases and big numbers as strings", () => {
    const s = loadChainspec("1.5.8", {
      wasm: { opcode_costs: { control_flow: { br_table: { size_multiplier: 7 } } }, host_function_costs: { read_value_local: { cost: 1, arguments: [0, 2, 0] } } },
      core: { minimum_delegation_amount: "1_000", unbonding_delay: 3 },
      system_costs: { auction_costs: { delegate: 5n } },
    });
    expect(s.wasm.opcode_costs.control_flow.br_table).toEqual({ cost: 35_000, size_multiplier: 7 });
    expect(s.wasm.host_function_costs.dictionary_get).toEqual({ cost: 1, arguments: [0, 2, 0] });
    expect(s.core.minimum_delegation_amount).toBe(1000n);
    expect(s.core.unbonding_delay).toBe(3);
    expect(s.system_costs.auction_costs.delegate).toBe(5n);
    expect(s.source).toMatch(/\+ overrides$/);
    // the shipped table is untouched
    expect(loadChainspec("1.5.8").system_costs.auction_costs.delegate).toBe(2_500_000_000n);
  });

  it("reject bad values naming the field", () => {
    expect(fieldOf(() => loadChainspec("1.5.8", { wasm: { opcode_costs: { bits: 3 } } }))).toBe("wasm.opcode_costs.bits");
    expect(fieldOf(() => loadChainspec("1.5.8", { wasm: { opcode_costs: { add: -1 } } }))).toBe("wasm.opcode_costs.add");
    expect(fieldOf(() => loadChainspec("1.5.8", { wasm: { opcode_costs: { add: 1.5 } } }))).toBe("wasm.opcode_costs.add");
    expect(fieldOf(() => loadChainspec("1.5.8", { wasm: { opcode_costs: { add: 2 ** 32 } } }))).toBe("wasm.opcode_costs.add");
    expect(fieldOf(() => loadChainspec("2.0.0", { wasm: { opcode_costs: { control_flow: { br: "fast" } } } }))).toBe("wasm.opcode_costs.control_flow.br");
    expect(fieldOf(() => loadChainspec("1.5.8", { wasm: { host_function_costs: { put_key: { cost: 1, arguments: [1, 2] } } } }))).toBe("wasm.host_function_costs.put_key.arguments");
    expect(fieldOf(() => loadChainspec("1.5.8", { wasm: { host_function_costs: { casper_put_key: { cost: 1, arguments: [] } } } }))).toBe("wasm.host_function_costs.casper_put_key");
    expect(fieldOf(() => loadChainspec("1.5.8", { core: { minimum_delegation_amount: "lots" } }))).toBe("core.minimum_delegation_amount");
    expect(fieldOf(() => loadChainspec("1.5.8", { core: { refund_handling: { refund_ratio: [3, 2] } } }))).toBe("core.refund_handling.refund_ratio");
    expect(fieldOf(() => loadChainspec("1.5.8", { core: { fee_handling: { type: "give_away" } } }))).toBe("core.fee_handling.type");
    expect(fieldOf(() => loadChainspec("1.5.8", { core: { locked_funds_period: "soon" } }))).toBe("core.locked_funds_period");
    expect(fieldOf(() => loadChainspec("1.5.8", { core: { allow_auction_bids: "yes" } }))).toBe("core.allow_auction_bids");
    expect(fieldOf(() => loadChainspec("1.5.8", { wasm: { max_stack_height: 0 } }))).toBe("wasm.max_stack_height");
    expect(fieldOf(() => loadChainspec("1.5.8", { wasm: "flat" }))).toBe("wasm");
    expect(fieldOf(() => loadChainspec("2.0.0", { wasm: { opcode_cost_model: "linear" } }))).toBe("wasm.opcode_cost_model");
    expect(() => loadChainspec("1.5.8", { core: { unbonding_delay: -2 } })).toThrow(/chainspec field core\.unbonding_delay: expected a non-negative integer, got number -2/);
  });

  it("load a user's JSON file of the same shape, and report unreadable ones", () => {
    const dir = mkdtempSync(join(tmpdir(), "chainspec-"));
    const raw = JSON.parse(readFileSync(new URL("../host/gas/chainspecs/2.0.0.json", import.meta.url), "utf8"));
    raw.protocol.version = "2.1.0";
    raw.network.name = "my-net";
    raw.wasm.opcode_costs.add = 1;
    writeFileSync(join(dir, "spec.json"), JSON.stringify(raw));
    const s = loadChainspec(join(dir, "spec.json"), { wasm: { max_memory: 32 } });
    expect([s.protocol.version, s.network.name, s.wasm.opcode_costs.add, s.wasm.max_memory]).toEqual(["2.1.0", "my-net", 1, 32]);
    delete raw.wasm.opcode_costs.mul;
    writeFileSync(join(dir, "bad.json"), JSON.stringify(raw));
    expect(fieldOf(() => loadChainspec(join(dir, "bad.json")))).toBe("wasm.opcode_costs.mul");
    writeFileSync(join(dir, "junk.json"), "{ nope");
    expect(() => loadChainspec(join(dir, "junk.json"))).toThrow(/is not valid JSON/);
    expect(() => loadChainspec(join(dir, "missing.json"))).toThrow(/cannot read/);
  });
});

describe("host function gas: cost + sum(weight x argument)", () => {
  const w158 = loadChainspec("1.5.8").wasm;
  const w200 = loadChainspec("2.0.0").wasm;

  it("the delegate session figures of gas.md §1.9 (1.5.6+ and 2.0)", () => {
    for (const w of [w158, w200, loadChainspec("2.0.0")]) {
      // get_named_arg(name_ptr, name_len, dest_ptr, dest_len): 200 + 120_000 x 9 ("delegator") + 120_000 x 33
      expect(hostFunctionGas(w, "casper_get_named_arg", [1000, 9, 2000, 33])).toBe(5_040_200n);
      expect(hostFunctionGas(w, "casper_get_named_arg", [1000, 6, 2000, 6])).toBe(1_440_200n);
      expect(hostFunctionGas(w, "casper_get_named_arg_size", [1000, 9, 3000])).toBe(200n);
      expect(hostFunctionGas(w, "casper_get_system_contract", [3, 4000, 32])).toBe(1_100n);
      // call_contract: 300_000_000 + 120_000 x 12 (serialized "delegate") + 120_000 x 127 (args)
      expect(hostFunctionGas(w, "casper_call_contract", [100, 32, 200, 12, 300, 127, 400])).toBe(316_680_000n);
      expect(hostFunctionGas(w, "casper_read_host_buffer", [100, 6, 200])).toBe(3_500n + 310n * 6n);
    }
  });

  it("functions whose charge is not the raw args (externals.rs)", () => {
    // new_dictionary is charged as new_uref(0, 0, 33)
    expect(hostFunctionGas(w158, "casper_new_dictionary", [555])).toBe(17_000n + 590n * 33n);
    // dictionary_get weighs (key_ptr, key_size, output_size_ptr): the uref args are skipped
    expect(hostFunctionGas(w158, "casper_dictionary_get", [100, 33, 200, 5, 300])).toBe(5_500n + 590n * 5n);
    // dictionary_put weighs (key_ptr, key_size, value_ptr, value_size)
    expect(hostFunctionGas(w200, "casper_dictionary_put", [100, 33, 200, 5, 300, 100])).toBe(9_500n + 1_800n * 5n + 520n * 100n);
    // dictionary_read uses the read_value entry
    expect(hostFunctionGas(w158, "casper_dictionary_read", [100, 40, 200])).toBe(60_000n + 120_000n * 40n);
    // fixed 10_000, not in the chainspec
    expect(hostFunctionGas(w158, "casper_load_call_stack", [1, 2])).toBe(10_000n);
    expect(hostFunctionGas(w200, "casper_load_caller_information", [1, 2, 3])).toBe(10_000n);
    expect(hostFunctionGas(w158, "casper_load_authorization_keys", [1, 2])).toBe(10_000n);
    expect(hostFunctionGas(w158, "casper_record_transfer", Array(10).fill(99))).toBe(0n);
    // create_contract_package_at_hash weighs 2 of its 3 args; get_block_info weighs none
    expect(hostFunctionGas(w158, "casper_create_contract_package_at_hash", [1, 2, 1])).toBe(200n);
    expect(hostFunctionGas(w200, "casper_get_block_info", [7, 100])).toBe(330n);
  });

  it("emit_message (2.0): the base grows by cost_increase_per_message per message already emitted", () => {
    // weights [0, 30_000, 0, 120_000] on (topic_ptr, topic_size=10, message_ptr, message_size=50)
    const weights = 30_000n * 10n + 120_000n * 50n;
    expect(hostFunctionGas(w200, "casper_emit_message", [1, 10, 2, 50])).toBe(200n + weights);
    expect(hostFunctionGas(w200, "casper_emit_message", [1, 10, 2, 50], { messagesEmitted: 3 })).toBe(200n + 3n * 50n + weights);
  });

  it("arguments are read as u32; the sums are exact bigints", () => {
    // value_size = -1 arrives as 4_294_967_295
    expect(hostFunctionGas(w158, "casper_write", [0, 0, 0, -1])).toBe(14_000n + 980n * 4_294_967_295n);
    expect(hostFunctionGas(w158, "casper_ret", [0, 2_000_000_000])).toBe(23_000n + 420_000n * 2_000_000_000n);
  });

  it("unknown names and tables lacking an entry are errors", () => {
    expect(() => hostFunctionGas(w158, "casper_nope", [])).toThrow(HostCostError);
    expect(() => hostFunctionGas(w158, "casper_emit_message", [0, 0, 0, 0])).toThrow(/no entry "emit_message"/);
  });
});
