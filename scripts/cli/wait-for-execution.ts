// --wait: polls the node (info_get_deploy / info_get_transaction, reads only) until the deploy has an
// execution result or the time limit passes, showing progress. "Unknown deploy" answers are expected
// while a real network has not yet gossiped or included it, so they count as "still waiting".
import { summarizeExecution, type ExecutionSummary } from "./execution-report.ts";
import { NodeError, type NodeClient } from "./node-client.ts";

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** Called after each poll with the seconds waited so far. */
  onProgress?: (seconds: number) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

// casper-node error codes meaning "not known (yet)": NoSuchDeploy, NoSuchTransaction.
const NOT_YET_KNOWN = new Set([-32000, -32014]);

export async function waitForExecution(
  client: NodeClient,
  kind: "deploy" | "transaction",
  hash: string,
  options: WaitOptions,
): Promise<ExecutionSummary> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const interval = options.intervalMs ?? 2000;
  const started = now();
  for (;;) {
    const summary = await lookUp(client, kind, hash);
    if (summary.executed) return summary;
    const waited = now() - started;
    options.onProgress?.(Math.floor(waited / 1000));
    if (waited + interval > options.timeoutMs) {
      throw new NodeError(
        `${kind} ${hash} was not executed within ${Math.round(options.timeoutMs / 1000)} s; it may still execute before its TTL ends: ` +
          `check later with \`npm run status -- ${hash}${kind === "transaction" ? " --transaction" : ""} --node ${client.url}\``,
        "timeout",
      );
    }
    await sleep(interval);
  }
}

/**
 * One look at the node: the execution summary; "not executed" when the node holds it unexecuted, and
 * `known: false` when it knows no deploy or transaction by that hash. A hash of the other kind (a
 * TransactionV1 hash given as a deploy's, or the reverse) is found and reported with its `kind`.
 */
export async function lookUp(client: NodeClient, kind: "deploy" | "transaction", hash: string): Promise<ExecutionSummary> {
  const found = await lookUpAs(client, kind, hash);
  if (found) return { ...found, kind };
  const other = kind === "deploy" ? "transaction" : "deploy";
  const asOther = await lookUpAs(client, other, hash);
  return asOther ? { ...asOther, kind: other } : { executed: false, known: false, kind };
}

// casper-node error codes meaning "no such item", or (VariantMismatch, -32015) "it is the other kind"
const NOT_THIS_KIND = new Set([...NOT_YET_KNOWN, -32015]);

async function lookUpAs(client: NodeClient, kind: "deploy" | "transaction", hash: string): Promise<ExecutionSummary | undefined> {
  try {
    const result = kind === "deploy"
      ? await client.read("info_get_deploy", (rpc) => rpc.getDeploy(hash))
      : await client.read("info_get_transaction", (rpc) => rpc.getTransactionByTransactionHash(hash));
    return summarizeExecution(result.rawJSON);
  } catch (e) {
    if (e instanceof NodeError && e.kind === "rejected" && e.rpcCode !== undefined && NOT_THIS_KIND.has(e.rpcCode)) return undefined;
    throw e;
  }
}
