// The limits the local node enforces before it executes anything. Deploy limits and messages follow
// casper-node v1.5.8 (resources/production/chainspec.toml [deploys] and [core]; the deploy acceptor's
// timestamp_leeway from resources/production/config-example.toml). TransactionV1 limits follow the 2.0
// chainspec ([transactions], [transactions.v1] lanes); the largest wasm lane bounds size and args.

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
}

export const DEFAULT_CHAINSPEC: Readonly<NodeChainspec> = Object.freeze({
  chainName: "casper-net-1",
  protocolVersion: "2.0.0",
  maxDeploySize: 1_048_576,
  maxTtlMs: 2n * 3_600_000n,
  maxDependencies: 10,
  timestampLeewayMs: 2_000n,
  maxAssociatedKeys: 100,
  blockGasLimit: 4_000_000_000_000n,
  paymentArgsMaxLength: 1024,
  sessionArgsMaxLength: 1024,
  nativeTransferMinimumMotes: 2_500_000_000n,
  maxTransactionSize: 750_000,
  maxTransactionArgsLength: 2048,
  transactionBlockGasLimit: 1_625_000_000_000n,
});

export function chainspecWith(overrides: Partial<NodeChainspec> = {}): NodeChainspec {
  return { ...DEFAULT_CHAINSPEC, ...overrides };
}
