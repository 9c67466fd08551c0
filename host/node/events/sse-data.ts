// The `data` of each event on /events, in casper-node 2.0's JSON (node/src/components/
// event_stream_server/sse_server.rs `SseData`, serde's externally tagged enum; the sidecar's
// types/src/sse_data.rs has the same shapes). Each value here is one SSE `data:` line.
import { blockJson, type ChainBlock, type TransactionHashJson } from "../chain.ts";
import { formatTimeDiff, formatTimestamp } from "../../bytesrepr/time-format.ts";
import type { MessageJson } from "../message-json.ts";

export type SseDataJson = Record<string, unknown> | "Shutdown";

/** `ApiVersion(ProtocolVersion)`: the first event a client gets, with no id. */
export function apiVersionEvent(apiVersion: string): SseDataJson {
  return { ApiVersion: apiVersion };
}

/** `BlockAdded { block_hash, block }`: the block as `{"Version2": {...}}` (Block's JSON). */
export function blockAddedEvent(block: ChainBlock): SseDataJson {
  return { BlockAdded: { block_hash: block.hash, block: blockJson(block) } };
}

/** `TransactionAccepted { transaction }`, serialized through `TransactionAccepted { transaction_accepted }` (PascalCase): the Transaction's JSON. */
export function transactionAcceptedEvent(kind: "deploy" | "transactionV1", json: unknown): SseDataJson {
  return { TransactionAccepted: kind === "deploy" ? { Deploy: json } : { Version1: json } };
}

export interface ProcessedTransaction {
  hash: TransactionHashJson;
  /** InitiatorAddr JSON: {"PublicKey": hex} or {"AccountHash": "account-hash-…"} */
  initiatorAddr: unknown;
  /** the deploy header's / transaction payload's timestamp and ttl */
  timestampMs: bigint;
  ttlMs: bigint;
  blockHash: string;
  /** ExecutionResult JSON ({"Version2": {...}}), as info_get_transaction answers it */
  executionResult: unknown;
  /** Messages JSON (message-json.ts): the contract-level messages (events) the execution emitted; [] when none */
  messages: MessageJson[];
}

/** `TransactionProcessed { transaction_hash, initiator_addr, timestamp, ttl, block_hash, execution_result, messages }`. */
export function transactionProcessedEvent(t: ProcessedTransaction): SseDataJson {
  return {
    TransactionProcessed: {
      transaction_hash: t.hash,
      initiator_addr: t.initiatorAddr,
      timestamp: formatTimestamp(t.timestampMs),
      ttl: formatTimeDiff(t.ttlMs),
      block_hash: t.blockHash,
      execution_result: t.executionResult,
      messages: t.messages,
    },
  };
}

/** `TransactionExpired { transaction_hash }`: a transaction that left the pool unexecuted. */
export function transactionExpiredEvent(hash: TransactionHashJson): SseDataJson {
  return { TransactionExpired: { transaction_hash: hash } };
}

/** `Step { era_id, execution_effects }`: the effects of the auction's step at an era's end (Effects JSON). */
export function stepEvent(eraId: number, effects: unknown[]): SseDataJson {
  return { Step: { era_id: eraId, execution_effects: effects } };
}

/** `Fault { era_id, public_key, timestamp }`: a validator's equivocation. */
export function faultEvent(eraId: number, publicKey: string, timestampMs: bigint): SseDataJson {
  return { Fault: { era_id: eraId, public_key: publicKey, timestamp: formatTimestamp(timestampMs) } };
}

export interface FinalitySignatureV2Json {
  block_hash: string;
  block_height: number;
  era_id: number;
  chain_name_hash: string;
  signature: string;
  public_key: string;
}

/** `FinalitySignature(Box<FinalitySignature>)`: the 2.0 enum's `V2` variant. */
export function finalitySignatureEvent(signature: FinalitySignatureV2Json): SseDataJson {
  return { FinalitySignature: { V2: signature } };
}

/** `Shutdown`: a unit variant, serialized as the string. */
export const SHUTDOWN_EVENT: SseDataJson = "Shutdown";
