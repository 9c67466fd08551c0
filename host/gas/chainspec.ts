// Chain parameters and cost tables as data: the shipped tables (chainspecs/*.json, copied from casper-node's
// production chainspec.toml) and a loader that merges a user's overrides and validates every field, naming the
// bad one. Keys keep the chainspec's snake_case names so a value can be compared with chainspec.toml directly.
// Amounts of motes and u64 gas figures become bigint; u32 costs stay numbers.

import { readFileSync } from "node:fs";

export type ProtocolName = "1.5.8" | "2.0.0";
export const PROTOCOLS: readonly ProtocolName[] = ["1.5.8", "2.0.0"];

/** How opcode costs are computed from the table (not a chainspec key: it is fixed by the engine version). */
export type OpcodeCostModel = "flat" | "cycles";

export interface BrTableCost {
  cost: number;
  size_multiplier: number;
}

export interface ControlFlowCosts {
  block: number;
  loop: number;
  if: number;
  else: number;
  end: number;
  br: number;
  br_if: number;
  return: number;
  select: number;
  call: number;
  call_indirect: number;
  drop: number;
  br_table: BrTableCost;
}

export interface OpcodeCosts {
  bit: number;
  add: number;
  mul: number;
  div: number;
  load: number;
  store: number;
  const: number;
  local: number;
  global: number;
  integer_comparison: number;
  conversion: number;
  unreachable: number;
  nop: number;
  current_memory: number;
  grow_memory: number;
  /** sign-extension operators (2.0 only; absent = forbidden) */
  sign?: number;
  control_flow: ControlFlowCosts;
}

export interface HostFunctionCost {
  cost: number;
  /** one weight per wasm argument the engine passes to the charge (see host_costs.ts) */
  arguments: number[];
}

export interface WasmConfig {
  /** pages of 64 KiB */
  max_memory: number;
  /** stack height limiter limit, in value slots */
  max_stack_height: number;
  opcode_cost_model: OpcodeCostModel;
  opcode_costs: OpcodeCosts;
  host_function_costs: Record<string, HostFunctionCost> & { cost_increase_per_message?: number };
  messages_limits?: { max_topic_name_size: number; max_topics_per_contract: number; max_message_size: number };
}

export interface CoreConfig {
  era_duration: string;
  minimum_era_height: number;
  minimum_block_time: string;
  validator_slots: number;
  auction_delay: number;
  locked_funds_period: string;
  vesting_schedule_period: string;
  unbonding_delay: number;
  round_seigniorage_rate: [number, number];
  max_associated_keys: number;
  max_runtime_call_stack_height: number;
  minimum_delegation_amount: bigint;
  maximum_delegation_amount?: bigint;
  minimum_bid_amount: bigint;
  strict_argument_checking: boolean;
  /** 0 = no limit */
  max_delegators_per_validator: number;
  allow_unrestricted_transfers: boolean;
  allow_auction_bids: boolean;
  compute_rewards: boolean;
  refund_handling: { type: string; refund_ratio?: [number, number] };
  fee_handling: { type: string };
  pricing_handling?: { type: string };
  allow_prepaid?: boolean;
  gas_hold_balance_handling?: { type: string };
  gas_hold_interval?: string;
  validator_credit_cap?: [number, number];
  /** 2.0 rewards (contract_runtime/rewards.rs): the block producer's share of signature rewards, the signatures' share of all */
  finders_fee?: [number, number];
  finality_signature_proportion?: [number, number];
  signature_rewards_max_delay?: number;
  administrators: string[];
  enable_addressable_entity?: boolean;
  /** 2.0: penalty payment, lowest cost and minimum balance */
  baseline_motes_amount?: bigint;
}

export interface DeployConfig {
  max_payment_cost: bigint;
  max_ttl: string;
  max_dependencies: number;
  max_block_size: number;
  max_deploy_size: number;
  block_max_deploy_count: number;
  block_max_transfer_count: number;
  block_max_approval_count: number;
  block_gas_limit: bigint;
  payment_args_max_length: number;
  session_args_max_length: number;
  native_transfer_minimum_motes: bigint;
  max_timestamp_leeway: string;
}

/** [id, max transaction bytes, max args bytes, max gas, max count per block] */
export type Lane = [number, number, number, number, number];

export interface TransactionConfig {
  max_ttl: string;
  block_max_approval_count: number;
  max_block_size: number;
  block_gas_limit: bigint;
  native_transfer_minimum_motes: bigint;
  max_timestamp_leeway: string;
  enabled_runtime: { vm_casper_v1: boolean; vm_casper_v2: boolean };
  v1: {
    lane_fields: string[];
    native_mint_lane: Lane;
    native_auction_lane: Lane;
    install_upgrade_lane: Lane;
    wasm_lanes: Lane[];
  };
  deploy: { max_payment_cost: bigint; payment_args_max_length: number; session_args_max_length: number };
}

export interface SystemCosts {
  /** 1.x: cost of a wasm-less (native) transfer */
  wasmless_transfer_cost?: bigint;
  /** 2.0: penalty for calling a missing system entry point */
  no_such_entrypoint?: bigint;
  auction_costs: Record<string, bigint>;
  mint_costs: Record<string, bigint>;
  handle_payment_costs: Record<string, bigint>;
  standard_payment_costs: { pay: bigint };
}

export interface Chainspec {
  /** where the values come from (file and ref), then "+ overrides" when overridden */
  source: string;
  notes?: string[];
  protocol: { version: string };
  network: { name: string };
  core: CoreConfig;
  /** 1.x */
  deploys?: DeployConfig;
  /** 2.x */
  transactions?: TransactionConfig;
  wasm: WasmConfig;
  storage_costs: { gas_per_byte: number };
  system_costs: SystemCosts;
}

/** A deep-partial override: any leaf may be given; numbers that become bigint may be number, bigint or string. */
export type ChainspecOverrides = { [key: string]: unknown };

export class ChainspecError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(`chainspec field ${field}: ${message}`);
    this.name = "ChainspecError";
    this.field = field;
  }
}

// Host-function entries accepted under an older chainspec name (serde aliases in host_function_costs.rs).
const HOST_FUNCTION_ALIASES: Record<string, string> = { read_value_local: "dictionary_get", write_local: "dictionary_put" };

const rawCache = new Map<string, unknown>();

function builtinRaw(version: ProtocolName): Record<string, unknown> {
  let raw = rawCache.get(version);
  if (!raw) {
    raw = JSON.parse(readFileSync(new URL(`./chainspecs/${version}.json`, import.meta.url), "utf8"));
    rawCache.set(version, raw);
  }
  return structuredClone(raw) as Record<string, unknown>;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Which numeric leaves become bigint (motes and u64 gas figures). */
function isBigField(path: string): boolean {
  return (
    path.startsWith("system_costs.") ||
    /(^|\.)(minimum_delegation_amount|maximum_delegation_amount|minimum_bid_amount|baseline_motes_amount|max_payment_cost|native_transfer_minimum_motes|block_gas_limit)$/.test(path)
  );
}

/** Which numeric leaves are u32 on the node. */
function isU32Field(path: string): boolean {
  return path.startsWith("wasm.") || path === "storage_costs.gas_per_byte";
}

function mergeOverrides(base: Record<string, unknown>, overrides: Record<string, unknown>, path: string): void {
  for (const [rawKey, value] of Object.entries(overrides)) {
    let key = rawKey;
    if (path === "wasm.host_function_costs" && key in HOST_FUNCTION_ALIASES) key = HOST_FUNCTION_ALIASES[key];
    const field = path ? `${path}.${key}` : key;
    if (!(key in base)) {
      const known = Object.keys(base).join(", ");
      throw new ChainspecError(field, `unknown field (known fields here: ${known})`);
    }
    const current = base[key];
    if (isPlainObject(current)) {
      if (!isPlainObject(value)) throw new ChainspecError(field, `expected an object, got ${describe(value)}`);
      mergeOverrides(current, value, field);
    } else {
      base[key] = value;
    }
  }
}

function describe(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "an array";
  if (v === null) return "null";
  return typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;
}

/** Validates one leaf against the shape of the reference leaf and converts it. */
function convertLeaf(value: unknown, reference: unknown, field: string): unknown {
  if (typeof reference === "boolean") {
    if (typeof value !== "boolean") throw new ChainspecError(field, `expected true or false, got ${describe(value)}`);
    return value;
  }
  if (typeof reference === "string" && !isBigField(field)) {
    if (typeof value !== "string") throw new ChainspecError(field, `expected a string, got ${describe(value)}`);
    if (/(_period|_duration|_time|_ttl|_leeway|_interval)$/.test(field) && !/^\d+\s*[a-z]+$/i.test(value.trim())) {
      throw new ChainspecError(field, `expected a duration like "2 hours" or "16384 ms", got ${describe(value)}`);
    }
    return value;
  }
  if (isBigField(field) && (typeof reference === "number" || typeof reference === "string")) {
    let big: bigint;
    if (typeof value === "bigint") big = value;
    else if (typeof value === "number" && Number.isSafeInteger(value)) big = BigInt(value);
    else if (typeof value === "string" && /^\d+$/.test(value.replace(/_/g, ""))) big = BigInt(value.replace(/_/g, ""));
    else throw new ChainspecError(field, `expected a non-negative integer (number, bigint or decimal string), got ${describe(value)}`);
    if (big < 0n) throw new ChainspecError(field, `must not be negative, got ${big}`);
    return big;
  }
  if (typeof reference === "number") {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
      throw new ChainspecError(field, `expected a non-negative integer, got ${describe(value)}`);
    }
    if (isU32Field(field) && value > 0xffffffff) throw new ChainspecError(field, `must fit in a u32 (at most 4294967295), got ${value}`);
    return value;
  }
  if (Array.isArray(reference)) {
    if (!Array.isArray(value)) throw new ChainspecError(field, `expected an array, got ${describe(value)}`);
    const fixedLength = !field.endsWith("wasm_lanes") && !field.endsWith("administrators");
    if (fixedLength && value.length !== reference.length) {
      throw new ChainspecError(field, `expected ${reference.length} elements, got ${value.length}`);
    }
    if (field.endsWith("administrators")) {
      return value.map((v, i) => {
        if (typeof v !== "string") throw new ChainspecError(`${field}[${i}]`, `expected a public key hex string, got ${describe(v)}`);
        return v;
      });
    }
    const elementRef = reference[0];
    return value.map((v, i) => convertLeaf(v, elementRef, `${field}[${i}]`));
  }
  if (isPlainObject(reference)) {
    if (!isPlainObject(value)) throw new ChainspecError(field || "(root)", `expected an object, got ${describe(value)}`);
    const child = (k: string) => (field ? `${field}.${k}` : k);
    const out: Record<string, unknown> = {};
    for (const [k, ref] of Object.entries(reference)) {
      if (!(k in value)) throw new ChainspecError(child(k), "missing");
      out[k] = convertLeaf(value[k], ref, child(k));
    }
    for (const k of Object.keys(value)) if (!(k in reference)) throw new ChainspecError(child(k), "unknown field");
    return out;
  }
  return value;
}

function checkSemantics(spec: Chainspec): void {
  const w = spec.wasm;
  if (w.opcode_cost_model !== "flat" && w.opcode_cost_model !== "cycles") {
    throw new ChainspecError("wasm.opcode_cost_model", `expected "flat" or "cycles", got ${describe(w.opcode_cost_model)}`);
  }
  if (w.max_memory < 1 || w.max_memory > 65536) throw new ChainspecError("wasm.max_memory", `expected 1..65536 pages, got ${w.max_memory}`);
  if (w.max_stack_height < 1) throw new ChainspecError("wasm.max_stack_height", `must be at least 1, got ${w.max_stack_height}`);
  const ratio = spec.core.refund_handling.refund_ratio;
  if (ratio && (ratio[1] === 0 || ratio[0] > ratio[1])) {
    throw new ChainspecError("core.refund_handling.refund_ratio", `expected [numerator, denominator] with 0 <= numerator <= denominator and denominator > 0, got [${ratio}]`);
  }
  const refundTypes = ["refund", "burn", "no_refund"];
  if (!refundTypes.includes(spec.core.refund_handling.type)) {
    throw new ChainspecError("core.refund_handling.type", `expected one of ${refundTypes.join(", ")}, got ${describe(spec.core.refund_handling.type)}`);
  }
  const feeTypes = ["pay_to_proposer", "accumulate", "burn", "no_fee"];
  if (!feeTypes.includes(spec.core.fee_handling.type)) {
    throw new ChainspecError("core.fee_handling.type", `expected one of ${feeTypes.join(", ")}, got ${describe(spec.core.fee_handling.type)}`);
  }
}

export type ChainspecSource = ProtocolName | string | Record<string, unknown>;

/**
 * Loads a chainspec: a shipped protocol version ("1.5.8" | "2.0.0"), a path to a JSON file of the same shape,
 * or such an object; then applies `overrides` (a deep-partial object with the same keys). Every field is
 * validated against the shipped table of the same major version; errors are ChainspecError naming the field.
 */
export function loadChainspec(source: ChainspecSource, overrides?: ChainspecOverrides): Chainspec {
  let raw: Record<string, unknown>;
  let sourceText: string;
  if (typeof source === "string" && (PROTOCOLS as readonly string[]).includes(source)) {
    raw = builtinRaw(source as ProtocolName);
    sourceText = String(raw.source);
  } else if (typeof source === "string") {
    let text: string;
    try {
      text = readFileSync(source, "utf8");
    } catch (e) {
      throw new ChainspecError("(file)", `cannot read ${source}: ${(e as Error).message}`);
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ChainspecError("(file)", `${source} is not valid JSON: ${(e as Error).message}`);
    }
    sourceText = String(raw.source ?? source);
  } else if (isPlainObject(source)) {
    raw = structuredClone(source);
    sourceText = String(raw.source ?? "user object");
  } else {
    throw new ChainspecError("(source)", `expected "1.5.8", "2.0.0", a JSON file path or an object, got ${describe(source)}`);
  }
  const version = isPlainObject(raw.protocol) ? raw.protocol.version : undefined;
  if (typeof version !== "string") throw new ChainspecError("protocol.version", "missing or not a string");
  const reference = builtinRaw(version.startsWith("1.") ? "1.5.8" : "2.0.0");
  // a user file may carry host functions or auction entry points the reference lacks only if known to it;
  // anything else is a typo and is reported
  if (overrides !== undefined) {
    if (!isPlainObject(overrides)) throw new ChainspecError("(overrides)", `expected an object, got ${describe(overrides)}`);
    mergeOverrides(raw, overrides, "");
    sourceText += " + overrides";
  }
  delete raw.source;
  const notes = raw.notes;
  delete raw.notes;
  delete reference.source;
  delete reference.notes;
  const converted = convertLeaf(raw, reference, "") as Record<string, unknown>;
  const spec = { source: sourceText, ...(Array.isArray(notes) ? { notes: notes as string[] } : {}), ...converted } as unknown as Chainspec;
  checkSemantics(spec);
  return spec;
}
