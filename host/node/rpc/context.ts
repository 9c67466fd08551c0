// What the method groups in this folder need from the node: its chain, backend and clock, and the
// identifier resolution and state reads local-node.ts already does (so every method resolves a
// BlockIdentifier, a GlobalStateIdentifier or a PurseIdentifier the same way, with the same errors).
import type { Chain, ChainBlock } from "../chain.ts";
import type { NodeChainspec } from "../chainspec.ts";
import type { EngineBackend, QueryFound } from "../engine-backend.ts";

export interface NodeRpcContext {
  readonly apiVersion: string;
  readonly chainspec: NodeChainspec;
  readonly chain: Chain;
  readonly backend: EngineBackend;
  /** the node's clock, ms since the epoch */
  now(): bigint;
  /** a BlockIdentifier ({"Hash"} | {"Height"}); absent: the latest block. Throws NoSuchBlock. */
  blockFor(identifier: unknown): ChainBlock;
  /** the stored value under `key` at `stateRootHash` with its Merkle proof; throws the node's query errors. */
  read(stateRootHash: string, key: string, path: string[]): Promise<QueryFound>;
  /** runs `work` between executions (never while a block is being built), in arrival order */
  inTurn<T>(work: () => Promise<T>): Promise<T>;
}

export type RpcHandler = (params: unknown) => Promise<unknown>;
