// Gas charged when wasm calls a host function: cost + sum(weight_i x value_i) over the values the engine hands
// to the charge (casper-node v1.5.8 execution_engine/src/shared/host_function_costs.rs `calculate_gas_cost`,
// called from execution_engine/src/core/runtime/externals.rs; 2.0: types/src/chainspec/vm_config/
// host_function_costs.rs and execution_engine/src/runtime/externals.rs). Values are the raw wasm i32 arguments
// read as u32, except where externals.rs passes something else — those cases are spelled out below.

import type { HostFunctionCost, WasmConfig } from "./chainspec.ts";

/** How one import is charged: which table entry, and which values meet its weights. */
interface ChargeRule {
  /** host_function_costs key; undefined = a fixed cost given in `fixed` */
  entry?: string;
  /** fixed cost hard-coded in externals.rs (weights all zero) */
  fixed?: number;
  /** maps the wasm args to the values the weights multiply; default: the args themselves */
  values?: (args: readonly number[]) => readonly number[];
  /** the import is not charged at all */
  free?: boolean;
}

const RULES: Record<string, ChargeRule> = {
  casper_read_value: { entry: "read_value" },
  casper_load_named_keys: { entry: "load_named_keys" },
  casper_write: { entry: "write" },
  casper_add: { entry: "add" },
  casper_new_uref: { entry: "new_uref" },
  casper_ret: { entry: "ret" },
  casper_get_key: { entry: "get_key" },
  casper_has_key: { entry: "has_key" },
  casper_put_key: { entry: "put_key" },
  casper_remove_key: { entry: "remove_key" },
  casper_get_caller: { entry: "get_caller" },
  casper_get_blocktime: { entry: "get_blocktime" },
  casper_is_valid_uref: { entry: "is_valid_uref" },
  casper_revert: { entry: "revert" },
  casper_add_associated_key: { entry: "add_associated_key" },
  casper_remove_associated_key: { entry: "remove_associated_key" },
  casper_update_associated_key: { entry: "update_associated_key" },
  casper_set_action_threshold: { entry: "set_action_threshold" },
  casper_create_purse: { entry: "create_purse" },
  casper_transfer_to_account: { entry: "transfer_to_account" },
  casper_transfer_from_purse_to_account: { entry: "transfer_from_purse_to_account" },
  casper_transfer_from_purse_to_purse: { entry: "transfer_from_purse_to_purse" },
  casper_get_balance: { entry: "get_balance" },
  casper_get_phase: { entry: "get_phase" },
  casper_get_system_contract: { entry: "get_system_contract" },
  casper_get_main_purse: { entry: "get_main_purse" },
  casper_read_host_buffer: { entry: "read_host_buffer" },
  // externals.rs charges only (hash_dest_ptr, access_dest_ptr); is_locked is not weighed
  casper_create_contract_package_at_hash: { entry: "create_contract_package_at_hash", values: (a) => [a[0], a[1]] },
  casper_create_contract_user_group: { entry: "create_contract_user_group" },
  casper_add_contract_version: { entry: "add_contract_version" },
  casper_add_contract_version_with_message_topics: { entry: "add_contract_version_with_message_topics" },
  casper_add_package_version_with_message_topics: { entry: "add_package_version_with_message_topics" },
  casper_disable_contract_version: { entry: "disable_contract_version" },
  casper_enable_contract_version: { entry: "enable_contract_version" },
  casper_call_contract: { entry: "call_contract" },
  casper_call_versioned_contract: { entry: "call_versioned_contract" },
  casper_call_package_version: { entry: "call_package_version" },
  casper_print: { entry: "print" },
  casper_get_named_arg_size: { entry: "get_named_arg_size" },
  casper_get_named_arg: { entry: "get_named_arg" },
  casper_remove_contract_user_group: { entry: "remove_contract_user_group" },
  casper_provision_contract_user_group_uref: { entry: "provision_contract_user_group_uref" },
  casper_remove_contract_user_group_urefs: { entry: "remove_contract_user_group_urefs" },
  casper_blake2b: { entry: "blake2b" },
  casper_random_bytes: { entry: "random_bytes" },
  // new_dictionary is charged as a new_uref of a 33-byte URef: new_uref with (0, 0, 33)
  casper_new_dictionary: { entry: "new_uref", values: () => [0, 0, 33] },
  // dictionary_get charges (key_bytes_ptr, key_bytes_size, output_size_ptr): the uref args are skipped
  casper_dictionary_get: { entry: "dictionary_get", values: (a) => [a[2], a[3], a[4]] },
  // dictionary_put charges (key_bytes_ptr, key_bytes_size, value_ptr, value_size)
  casper_dictionary_put: { entry: "dictionary_put", values: (a) => [a[2], a[3], a[4], a[5]] },
  // dictionary_read is priced with the read_value entry
  casper_dictionary_read: { entry: "read_value" },
  // fixed 10_000 with zero weights, hard-coded in externals.rs (not in the chainspec)
  casper_load_call_stack: { fixed: 10_000 },
  casper_load_caller_information: { fixed: 10_000 },
  casper_load_authorization_keys: { fixed: 10_000 },
  // system-only functions, not charged
  casper_record_transfer: { free: true },
  casper_record_era_info: { free: true },
  // 2.0
  casper_manage_message_topic: { entry: "manage_message_topic" },
  casper_generic_hash: { entry: "generic_hash" },
  casper_recover_secp256k1: { entry: "recover_secp256k1" },
  casper_verify_signature: { entry: "verify_signature" },
  // get_block_info is charged with zero values: only its base cost counts
  casper_get_block_info: { entry: "get_block_info", values: () => [0, 0] },
  // emit_message: a base cost that grows per message (see below) + the weights of its args
  casper_emit_message: { entry: "emit_message" },
};

export interface HostGasOptions {
  /**
   * casper_emit_message only: messages already emitted successfully in this execution. 2.0 charges
   * emit_message.cost + n x cost_increase_per_message as the base (runtime_context emit_message_cost).
   */
  messagesEmitted?: number;
}

export class HostCostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HostCostError";
  }
}

function weighted(cost: number, weights: readonly number[], values: readonly number[]): bigint {
  let gas = BigInt(cost);
  const n = Math.min(weights.length, values.length); // zip: the shorter list decides
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w !== 0) gas += BigInt(w) * BigInt(values[i] >>> 0);
  }
  return gas;
}

/**
 * Gas for one call of the host import `importName` ("casper_put_key"...) with its raw wasm arguments,
 * under the host function table of `costs` (a Chainspec or its `wasm`). Throws HostCostError for a name with no
 * rule or a table lacking the entry.
 */
export function hostFunctionGas(
  costs: Pick<WasmConfig, "host_function_costs"> | { wasm: Pick<WasmConfig, "host_function_costs"> },
  importName: string,
  args: readonly number[],
  options: HostGasOptions = {},
): bigint {
  const n = hostFunctionGasNumber(costs, importName, args, options);
  if (n !== undefined) return BigInt(n);
  const { entry, values } = tableEntry(costs, importName, args)!;
  if (importName === "casper_emit_message") {
    const increase = costsOf(costs).host_function_costs.cost_increase_per_message ?? 0;
    const base = BigInt(entry.cost) + BigInt(options.messagesEmitted ?? 0) * BigInt(increase);
    return base + weighted(0, entry.arguments, values);
  }
  return weighted(entry.cost, entry.arguments, values);
}

/**
 * hostFunctionGas as a plain number when it is below 2^53 (so exact: every term is non-negative, so
 * none was rounded when the sum is still safe); undefined when only bigint arithmetic is exact.
 */
export function hostFunctionGasNumber(
  costs: Pick<WasmConfig, "host_function_costs"> | { wasm: Pick<WasmConfig, "host_function_costs"> },
  importName: string,
  args: readonly number[],
  options: HostGasOptions = {},
): number | undefined {
  return hostGasTable(costs).of(importName)(args, options);
}

/** hostFunctionGasNumber for one import under one table: `(args, options) => gas`. */
export type HostGasNumberFunction = (args: readonly number[], options?: HostGasOptions) => number | undefined;

// Each import's rule and table entry are looked up once per cost table (a deploy calls the same few
// imports over and over); a table is a chainspec's, never changed once loaded.
const compiledByTable = new WeakMap<object, HostGasTable>();

/** The compiled charges of one cost table (a meter keeps its table's: one lookup per import, not three). */
export function hostGasTable(costs: Pick<WasmConfig, "host_function_costs"> | { wasm: Pick<WasmConfig, "host_function_costs"> }): HostGasTable {
  const table = costsOf(costs);
  let compiled = compiledByTable.get(table);
  if (!compiled) compiledByTable.set(table, (compiled = new HostGasTable(table)));
  return compiled;
}

export class HostGasTable {
  private readonly fns = new Map<string, HostGasNumberFunction>();
  constructor(private readonly table: Pick<WasmConfig, "host_function_costs">) {}

  of(importName: string): HostGasNumberFunction {
    let fn = this.fns.get(importName);
    if (!fn) this.fns.set(importName, (fn = compileHostGas(this.table, importName)));
    return fn;
  }
}

function compileHostGas(table: Pick<WasmConfig, "host_function_costs">, importName: string): HostGasNumberFunction {
  const rule = ruleOf(importName);
  if (rule.free) return () => 0;
  const fixed = rule.fixed;
  if (fixed !== undefined) return () => fixed;
  const entry = entryOf(table, rule, importName);
  const cost = entry.cost;
  const weights = entry.arguments;
  const valuesOf = rule.values;
  // emit_message costs cost_increase_per_message more for each message the execution emitted before
  const increase = importName === "casper_emit_message" ? (table.host_function_costs.cost_increase_per_message ?? 0) : 0;
  return (args, options) => {
    const values = valuesOf ? valuesOf(args) : args;
    let gas = increase === 0 ? cost : cost + (options?.messagesEmitted ?? 0) * increase;
    const n = Math.min(weights.length, values.length); // zip: the shorter list decides
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (w !== 0) gas += w * (values[i] >>> 0);
    }
    return Number.isSafeInteger(gas) ? gas : undefined;
  };
}

function costsOf(costs: Pick<WasmConfig, "host_function_costs"> | { wasm: Pick<WasmConfig, "host_function_costs"> }): Pick<WasmConfig, "host_function_costs"> {
  return "wasm" in costs ? costs.wasm : costs;
}

/** The table entry charging `importName` and the values its weights multiply (undefined for free and fixed rules). */
function tableEntry(
  costs: Pick<WasmConfig, "host_function_costs"> | { wasm: Pick<WasmConfig, "host_function_costs"> },
  importName: string,
  args: readonly number[],
): { entry: HostFunctionCost; values: readonly number[] } | undefined {
  const rule = ruleOf(importName);
  if (rule.free || rule.fixed !== undefined) return undefined;
  return { entry: entryOf(costsOf(costs), rule, importName), values: rule.values ? rule.values(args) : args };
}

function ruleOf(importName: string): ChargeRule {
  const rule = RULES[importName];
  if (!rule) throw new HostCostError(`no gas rule for host function ${importName}`);
  return rule;
}

/** The table entry a rule charges by (the rule is neither free nor fixed). */
function entryOf(table: Pick<WasmConfig, "host_function_costs">, rule: ChargeRule, importName: string): HostFunctionCost {
  const entry = table.host_function_costs[rule.entry!] as HostFunctionCost | undefined;
  if (!entry || typeof entry !== "object") {
    throw new HostCostError(`the host function cost table has no entry "${rule.entry}" (needed by ${importName})`);
  }
  return entry;
}

/** Import names that have a charge rule (every VM1 import but the internal `gas`). */
export function hostFunctionsWithCostRules(): string[] {
  return Object.keys(RULES);
}
