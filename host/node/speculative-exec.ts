// The dry run of a deploy, as a 2.0 node makes it for `speculative_exec` / `speculative_exec_txn`
// (casper-node 2.0 binary_port.rs `TrySpeculativeExec`): the transaction acceptor's checks, the same
// as for account_put_deploy / account_put_transaction, then (for a Deploy only: a TransactionV1 is
// refused, `ReceivedV1Transaction`) the session alone on the tip's state, nothing committed
// (contract_runtime/operations.rs `speculatively_execute`). The answer is binary_port's
// SpeculativeExecutionResult; refusals are the sidecar's errors (rpcs/speculative_exec.rs:
// `Error::NodeRequest("speculatively executing a transaction", …)`). Any caller with a chain and a
// backend can use it (the node's RPC; a forked network's dry run).
import type { Chain } from "./chain.ts";
import type { NodeChainspec } from "./chainspec.ts";
import type { EngineBackend, ExecutionRequest } from "./engine-backend.ts";
import { nodeRequestFailure } from "./rpc/sidecar-errors.ts";
import { sidecarRejection } from "./rpc/sidecar-rejections.ts";
import { checkDeployConfig, checkDeployCryptography, checkDeployExpiry } from "./verify-deploy.ts";
import { checkTransactionConfig, checkTransactionCryptography, checkTransactionExpiry } from "./verify-transaction.ts";

const WHAT = "speculatively executing a transaction";

export interface SpeculationSite {
  chain: Chain;
  chainspec: NodeChainspec;
  backend: EngineBackend;
  /** the node's clock, ms since the epoch */
  now(): bigint;
}

/** binary_port/src/speculative_execution_result.rs `SpeculativeExecutionResult` in its JSON form. */
export interface SpeculativeExecutionResultJson {
  block_hash: string;
  transfers: unknown[];
  limit: string;
  consumed: string;
  effects: unknown[];
  messages: unknown[];
  error: string | null;
}

/** Dry-runs `request` on the tip of `site.chain`; throws the sidecar's RpcFailure when refused. */
export async function speculativeExecution(site: SpeculationSite, request: ExecutionRequest): Promise<SpeculativeExecutionResultJson> {
  const now = site.now();
  const early = request.kind === "deploy"
    ? checkDeployConfig(request.wire, site.chainspec, now) ?? checkDeployExpiry(request.wire, now) ?? checkDeployCryptography(request.wire)
    : checkTransactionConfig(request.wire, site.chainspec, now) ?? checkTransactionExpiry(request.wire, now) ?? checkTransactionCryptography(request.wire);
  if (early) throw nodeRequestFailure(WHAT, { InvalidTransaction: sidecarRejection(early) });
  const tip = site.chain.latest();
  const stateFailure = await site.backend.checkAgainstState(request, tip.stateRootHash);
  if (stateFailure) throw nodeRequestFailure(WHAT, { InvalidTransaction: sidecarRejection(stateFailure) });
  if (request.kind !== "deploy") throw nodeRequestFailure(WHAT, "ReceivedV1Transaction");
  if (!site.backend.speculate) throw nodeRequestFailure(WHAT, "FunctionIsDisabled");
  const outcome = await site.backend.speculate(request, { stateRootHash: tip.stateRootHash, hash: tip.hash, height: tip.height, timestampMs: tip.timestampMs });
  return {
    block_hash: tip.hash,
    transfers: outcome.transfers.map((t) => ({ Version2: { transaction_hash: { Deploy: request.hash }, ...t } })),
    limit: String(outcome.limit),
    consumed: String(outcome.consumed),
    effects: outcome.effects,
    messages: outcome.messages,
    error: outcome.error,
  };
}
