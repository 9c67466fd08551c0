// What the JSON-RPC node needs from the local engine. The node owns the RPC protocol, verification
// of what clients send (hashes, signatures, chain name, TTL, size), the chain of blocks and the record
// of executed deploys; the engine owns global state and execution. engine-node-backend.ts implements
// it over host/'s Engine.
import type { WireDeploy } from "./deploy-json.ts";
import type { WireTransactionV1 } from "./transaction-json.ts";

/** Hex of a 32-byte digest (state root hashes, block hashes). */
export type DigestHex = string;

/**
 * Something to execute, already verified by the node: hash, body hash, every signature, chain name,
 * TTL, size. `wire` is what the node read and verified from the client's JSON: its exact bytes.
 */
export type ExecutionRequest =
  | { kind: "deploy"; hash: string; wire: WireDeploy }
  | { kind: "transactionV1"; hash: string; wire: WireTransactionV1 };

/** The block the request executes in; the node builds one block per accepted request. */
import type { MessageJson } from "./message-json.ts";
import type { AuctionRecords } from "./engine-auction-state.ts";

export interface BlockContext {
  height: number;
  /** Hex hash of the parent block (what casper_get_block_info's field 2 returns); absent: 32 zero bytes. */
  parentHash?: DigestHex;
  /** Block time in ms since the epoch: what `casper_get_blocktime` returns. */
  timestampMs: bigint;
  eraId: number;
  /** Hex public key of the proposer (a genesis validator, or the system key "00"). */
  proposer: string;
  protocolVersion: string;
}

/** One entry of an execution's effects, in the node's 2.0 JSON form: {"key": "...", "kind": ...}. */
export interface EffectJson {
  key: string;
  kind: unknown;
}

/** A transfer made during execution, in the 2.0 JSON form of `Transfer::Version2`'s inner object. */
export interface TransferJson {
  from: { AccountHash: string } | { PublicKey: string };
  to: string | null;
  source: string;
  target: string;
  amount: string;
  gas: string;
  id: number | null;
}

/** What one executed deploy or transaction produced. */
export interface ItemOutcome {
  /** null on success; otherwise the engine error as casper-node names it, e.g. "User error: 1". */
  errorMessage: string | null;
  /** Gas limit bought by the payment, gas consumed, motes charged and refunded. */
  limit: bigint;
  consumed: bigint;
  cost: bigint;
  refund: bigint;
  transfers: TransferJson[];
  effects: EffectJson[];
  /** Messages emitted (2.0 JSON, message-json.ts): for the event stream's TransactionProcessed, not the RPC result. */
  messages: MessageJson[];
}

export interface ExecutionOutcome extends ItemOutcome {
  /** Global state after the execution was committed (a failed execution still commits the payment). */
  stateRootHash: DigestHex;
}

/** A block of executions: each one's outcome, in order, and the state after the last. */
export interface BlockExecution {
  stateRootHash: DigestHex;
  outcomes: ItemOutcome[];
}

/**
 * A speculative execution (2.0 contract_runtime/operations.rs `speculatively_execute`): the session
 * alone, on the tip's state, nothing committed. `error` is the engine error as Rust's Debug prints it.
 */
export interface SpeculativeOutcome {
  limit: bigint;
  consumed: bigint;
  error: string | null;
  transfers: TransferJson[];
  effects: EffectJson[];
  messages: MessageJson[];
}

/** The block a dry run builds on: the chain's tip. */
export interface SpeculationTip {
  stateRootHash: DigestHex;
  hash: DigestHex;
  height: number;
  timestampMs: bigint;
}

/**
 * One batch committed to global state, in commit order, as a format-2 data directory saved it (read
 * back to convert it): [Key bytes hex, StoredValue bytes hex] for a write, [Key bytes hex, null] for a
 * key deleted (2.0 prunes keys).
 */
export type StateCommit = [string, string | null][];

/** Why a global-state read found nothing; the node maps each to casper-node's error code. */
export type QueryMiss =
  | { miss: "RootNotFound" } // -32012 No such state root
  | { miss: "ValueNotFound"; message: string } // -32003 Query failed
  | { miss: "Failed"; message: string }; // -32004 Query failed to execute

/** A stored value in the node's JSON form ({"CLValue": {...}}, {"Account": {...}}, {"Contract": ...}). */
export type StoredValueJson = Record<string, unknown>;

/**
 * Hex of `Vec<TrieMerkleProof<Key, StoredValue>>` (types/src/global_state/merkle_proof.rs), what a
 * 2.0 node's answers carry as `merkle_proof`: one proof per key read, each hashing to the state root.
 */
export type MerkleProofHex = string;

export interface QueryFound {
  storedValue: StoredValueJson;
  merkleProof: MerkleProofHex;
}

export interface BalanceFound {
  motes: bigint;
  /** the proof of the purse's balance entry */
  merkleProof: MerkleProofHex;
}

export interface EngineBackend {
  /** State root hash of the genesis state, before any block. */
  genesisStateRootHash(): DigestHex;

  /**
   * The deploy acceptor's checks against global state at `stateRootHash`, between the configuration
   * checks and the signature checks (casper-node 2.0 transaction_acceptor.rs): the initiating account
   * exists; the approvals' keys are associated keys of it whose weights reach the deployment
   * threshold; its main purse holds at least the payment; stored contracts, packages and entry points
   * named by the session exist; module bytes are not empty. Returns null when acceptable, else the
   * `DeployParameterFailure` text, e.g. "account authorization invalid".
   */
  checkAgainstState(request: ExecutionRequest, stateRootHash: DigestHex): string | null | Promise<string | null>;

  /** Executes on top of `stateRootHash`, commits, and reports the outcome with the new root. */
  execute(request: ExecutionRequest, stateRootHash: DigestHex, block: BlockContext): ExecutionOutcome | Promise<ExecutionOutcome>;

  /**
   * Executes the requests in order in one block on top of `stateRootHash`, committing once (the
   * node's block mode). Absent: the backend executes one request per block only.
   */
  executeBlock?(requests: readonly ExecutionRequest[], stateRootHash: DigestHex, block: BlockContext): BlockExecution | Promise<BlockExecution>;

  /**
   * `query_global_state`: the value under `key` (casper formatted string: "account-hash-…", "hash-…",
   * "uref-…-007", "dictionary-…", "balance-…", "bid-…", …) followed along `path` through named keys,
   * at `stateRootHash`. A dictionary key yields the stored CLValue itself, as the engine's query does.
   * With it, the Merkle proof of every key read on the way.
   */
  query(stateRootHash: DigestHex, key: string, path: string[]): QueryFound | QueryMiss | Promise<QueryFound | QueryMiss>;

  /**
   * The execution cost tables in the chainspec.toml layout a 2.0 node reports through
   * info_get_chainspec (`[wasm.v1]` with its opcode and host function costs, `[wasm.messages_limits]`,
   * `[storage_costs]`, `[system_costs]`), so a client (fork mode) prices as this node does.
   */
  chainspecCosts?(): Record<string, unknown>;

  /**
   * `state_get_trie` (casper-sidecar 2.0 rpcs/state.rs GetTrie): the bytes of the trie node under
   * `digest`, or undefined when the store has none. Nodes are content-addressed: any state root's.
   */
  trieNode?(digest: DigestHex): Uint8Array | undefined;

  /** Motes in the purse `purseUref` ("uref-…-007") at `stateRootHash` with their proof, or why not. */
  balance(stateRootHash: DigestHex, purseUref: string): BalanceFound | QueryMiss | Promise<BalanceFound | QueryMiss>;

  /**
   * The 2.0 auction's records at `stateRootHash`: every BidKind (key order) and the validators
   * snapshot. Absent: the backend has no auction to read.
   */
  auctionAt?(stateRootHash: DigestHex): AuctionRecords | QueryMiss | Promise<AuctionRecords | QueryMiss>;

  /**
   * Runs a Deploy's session on the tip's state and commits nothing. Absent: the backend cannot dry-run.
   */
  speculate?(request: ExecutionRequest & { kind: "deploy" }, tip: SpeculationTip): SpeculativeOutcome | Promise<SpeculativeOutcome>;

  /**
   * Re-applies the commits of block `height` saved by a format-2 data directory on top of the latest
   * state (its conversion); throws unless the state root hash comes out as `stateRootHash`. Absent:
   * the backend cannot take such a directory in.
   */
  replay?(commits: StateCommit[], stateRootHash: DigestHex, height: number): void;

  /**
   * Ends the current era at a switch block (node/src/components/contract_runtime/operations.rs): the
   * era's rewards distributed, then the auction's step (unbonds paid, the next validator set picked).
   * `blocksByProposer`: how many blocks of the era each validator proposed, the switch block included. Absent: the
   * backend has no eras.
   */
  endEra?(stateRootHash: DigestHex, block: BlockContext, blocksByProposer: ReadonlyMap<string, number>): EraEndOutcome;
}

/** What a switch block records: the new state and the era's end (2.0 EraEndV2). */
export interface EraEndOutcome {
  stateRootHash: DigestHex;
  eraEnd: import("./chain.ts").EraEndData;
  /** what the auction's step committed, as 2.0's Step event reports it (operations.rs commit_step effects) */
  stepEffects?: EffectJson[];
}

export function isQueryMiss(value: unknown): value is QueryMiss {
  return typeof value === "object" && value !== null && "miss" in value;
}
