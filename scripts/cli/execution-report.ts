// Reading a deploy's or transaction's execution result out of the node's JSON, whichever node version
// answered: Casper 2.0 (`execution_info.execution_result.Version2`, or `Version1` for results from
// before the upgrade) and 1.5 (`execution_results[].result.Success|Failure`). Plus the explorer link.
import { formatMotes } from "./amount.ts";

export interface ExecutionSummary {
  executed: boolean;
  /** false: the node knows no deploy or transaction by this hash */
  known?: boolean;
  /** what the hash turned out to be (a deploy's or a TransactionV1's) */
  kind?: "deploy" | "transaction";
  success?: boolean;
  /** The error as the node names it, e.g. "User error: 1" or "ApiError::MissingArgument [2]". */
  errorMessage?: string;
  blockHash?: string;
  blockHeight?: number;
  /** 2.0: limit x gas price (at least the minimum cost); 1.x: the gas used */
  cost?: bigint;
  /** 2.0: what came back of `cost` (the account paid cost - refund) */
  refund?: bigint;
  consumed?: bigint;
}

type Json = Record<string, unknown>;

/** Summarizes the raw result of info_get_deploy / info_get_transaction. */
export function summarizeExecution(raw: unknown): ExecutionSummary {
  const r = (raw ?? {}) as Json;
  const info = r.execution_info as Json | null | undefined;
  if (info && info.execution_result) {
    const base = { executed: true, blockHash: str(info.block_hash), blockHeight: num(info.block_height) };
    const result = info.execution_result as Json;
    if (result.Version2) {
      const v2 = result.Version2 as Json;
      const error = v2.error_message as string | null | undefined;
      return { ...base, success: !error, errorMessage: error ?? undefined, cost: big(v2.cost), refund: big(v2.refund), consumed: big(v2.consumed) };
    }
    if (result.Version1) return { ...base, ...fromV1(result.Version1 as Json) };
  }
  const legacy = r.execution_results as { block_hash?: string; result?: Json }[] | undefined;
  if (Array.isArray(legacy) && legacy.length > 0 && legacy[0].result) {
    const block = r.block_height === undefined ? {} : { blockHeight: num(r.block_height) };
    return { executed: true, blockHash: legacy[0].block_hash, ...block, ...fromV1(legacy[0].result) };
  }
  return { executed: false };
}

function fromV1(result: Json): Partial<ExecutionSummary> {
  if (result.Success) return { success: true, cost: big((result.Success as Json).cost) };
  if (result.Failure) {
    const f = result.Failure as Json;
    return { success: false, errorMessage: str(f.error_message), cost: big(f.cost) };
  }
  return {};
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === "number" ? v : undefined;
}

function big(v: unknown): bigint | undefined {
  if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v);
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  return undefined;
}

/** cspr.live link for mainnet and testnet; null for other chains (a local network has no explorer). */
export function explorerLink(chainName: string, kind: "deploy" | "transaction", hash: string): string | null {
  const host = chainName === "casper-test" ? "https://testnet.cspr.live" : chainName === "casper" ? "https://cspr.live" : null;
  return host ? `${host}/${kind}/${hash}` : null;
}

/** Lines describing an execution for people. */
export function describeExecution(s: ExecutionSummary): string[] {
  if (s.known === false) {
    return ["Result:  unknown to this node: it never received it, refused it, or it expired before a block included it (or the hash has a typo)"];
  }
  if (!s.executed) return ["Result:  received, not executed yet"];
  const where = s.blockHeight !== undefined ? ` in block ${s.blockHeight}${s.blockHash ? ` (${s.blockHash})` : ""}` : s.blockHash ? ` in block ${s.blockHash}` : "";
  const lines = [s.success ? `Result:  success${where}` : `Result:  FAILED${where}: ${s.errorMessage ?? "no error message"}`];
  if (s.cost !== undefined) {
    // 2.0 (execution_result_v2.rs): cost is the limit times the price; the refund comes back of it
    lines.push(s.refund === undefined ? `Cost:    ${formatMotes(s.cost)}` : `Cost:    ${formatMotes(s.cost)}, refund ${formatMotes(s.refund)}: ${formatMotes(s.cost - s.refund)} paid`);
  }
  if (s.consumed !== undefined) lines.push(`Gas:     ${s.consumed}`);
  return lines;
}
