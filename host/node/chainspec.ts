// The limits the local node enforces before it executes anything. Deploy limits and messages follow
// casper-node v1.5.8 (resources/production/chainspec.toml [deploys] and [core]; the deploy acceptor's
// timestamp_leeway from resources/production/config-example.toml). TransactionV1 limits follow the 2.0
// chainspec ([transactions], [transactions.v1] lanes); the largest wasm lane bounds size and args.

import { durationMillis } from "../bytesrepr/time-format.ts";
import { loadChainspec } from "../gas/chainspec.ts";

export interface NodeChainspec {
  /** network.name: deploys and transactions must carry it. */
  chainName: string;
  /** Reported by info_get_status / info_get_chainspec and stamped on blocks. */
  protocolVersion: string;
  /** deploys.max_deploy_size: serialized Deploy length limit, in bytes. */
  maxDeploySize: number;
  /** deploys.max_ttl, in ms. */
  maxTtlMs: bigint;
  /** deploys.max_dependencies. */
  maxDependencies: number;
  /** deploy_acceptor.timestamp_leeway, in ms: how far in the future a timestamp may be. */
  timestampLeewayMs: bigint;
  /** core.max_associated_keys: also the limit on approvals per deploy. */
  maxAssociatedKeys: number;
  /** deploys.block_gas_limit: a standard payment above it can never execute. */
  blockGasLimit: bigint;
  /** deploys.payment_args_max_length and session_args_max_length, in bytes. */
  paymentArgsMaxLength: number;
  sessionArgsMaxLength: number;
  /** deploys.native_transfer_minimum_motes. */
  nativeTransferMinimumMotes: bigint;
  /** 2.0 [transactions.v1]: largest lane's max transaction length and max args length, in bytes. */
  maxTransactionSize: number;
  maxTransactionArgsLength: number;
  /** 2.0 [transactions] block_gas_limit. */
  transactionBlockGasLimit: bigint;
  /** 2.0 core.baseline_motes_amount: the smallest payment a deploy may attach (deploy.rs is_config_compliant). */
  minimumPaymentAmount: bigint;
  /** 2.0 [transactions.v1] lanes a legacy deploy is placed in: the native mint lane (transfers) and the wasm lanes. */
  mintLane: LaneLimits;
  wasmLanes: readonly LaneLimits[];
  /** 2.0 [transactions] max_ttl, in ms (a legacy deploy's TTL limit on a 2.0 network). */
  transactionMaxTtlMs: bigint;
  /** 2.0 [transactions.deploy] payment_args_max_length and session_args_max_length, in bytes. */
  deployPaymentArgsMaxLength: number;
  deploySessionArgsMaxLength: number;
  /** 2.0 [vacancy] min_gas_price: the lowest gas price tolerance a transaction may set. */
  minGasPrice: number;
  /** 2.0 system_costs.mint_costs.transfer: a transfer deploy's gas limit (deploy.rs gas_limit). */
  mintTransferCost: bigint;
}

/** A 2.0 transaction lane's limits (chainspec [transactions.v1] lane fields). */
export interface LaneLimits {
  id: number;
  maxTransactionLength: number;
  maxArgsLength: number;
  maxGasLimit: bigint;
}

const laneLimits = ([id, maxTransactionLength, maxArgsLength, maxGasLimit]: readonly number[]): LaneLimits => ({
  id, maxTransactionLength, maxArgsLength, maxGasLimit: BigInt(maxGasLimit),
});

// Limits come from the chainspecs shipped in host/gas/chainspecs (deploy limits from 1.5.8's [deploys], which
// 2.0 keeps serving for legacy deploys; TransactionV1 limits from 2.0's [transactions]).
const v1 = loadChainspec("1.5.8");
const v2 = loadChainspec("2.0.0");
const deploys = v1.deploys!;
const transactions = v2.transactions!;
// the largest wasm lane bounds a TransactionV1's size and args ([id, max_transaction_length, max_args_length, ...])
const largestWasmLane = transactions.v1.wasm_lanes.reduce((a, b) => (b[1] > a[1] ? b : a));

export const DEFAULT_CHAINSPEC: Readonly<NodeChainspec> = Object.freeze({
  chainName: "casper-net-1",
  protocolVersion: v2.protocol.version,
  maxDeploySize: deploys.max_deploy_size,
  maxTtlMs: durationMillis("deploys.max_ttl", deploys.max_ttl),
  maxDependencies: deploys.max_dependencies,
  // a node setting, not a chainspec value: casper-node v1.5.8 resources/production/config-example.toml
  timestampLeewayMs: 2_000n,
  maxAssociatedKeys: v2.core.max_associated_keys,
  blockGasLimit: deploys.block_gas_limit,
  paymentArgsMaxLength: deploys.payment_args_max_length,
  sessionArgsMaxLength: deploys.session_args_max_length,
  nativeTransferMinimumMotes: transactions.native_transfer_minimum_motes,
  maxTransactionSize: largestWasmLane[1],
  maxTransactionArgsLength: largestWasmLane[2],
  transactionBlockGasLimit: transactions.block_gas_limit,
  minimumPaymentAmount: v2.core.baseline_motes_amount ?? 2_500_000_000n,
  mintLane: laneLimits(transactions.v1.native_mint_lane),
  wasmLanes: transactions.v1.wasm_lanes.map(laneLimits),
  transactionMaxTtlMs: durationMillis("transactions.max_ttl", transactions.max_ttl),
  deployPaymentArgsMaxLength: transactions.deploy?.payment_args_max_length ?? deploys.payment_args_max_length,
  deploySessionArgsMaxLength: transactions.deploy?.session_args_max_length ?? deploys.session_args_max_length,
  // resources/production/chainspec.toml [vacancy] min_gas_price
  minGasPrice: 1,
  mintTransferCost: v2.system_costs.mint_costs.transfer,
});

export function chainspecWith(overrides: Partial<NodeChainspec> = {}): NodeChainspec {
  return { ...DEFAULT_CHAINSPEC, ...overrides };
}
