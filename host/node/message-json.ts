// A contract-level message in casper-node 2.0's JSON (types/src/contract_messages/messages.rs
// HumanReadableMessage): what the node's event stream carries in TransactionProcessed `messages`.
// The 2.0 JSON-RPC's execution results (ExecutionResultV2) carry no messages: there a message shows
// only through its effects (the Message checksum and MessageTopic summary writes).
import { toHex } from "../bytesrepr/hex.ts";
import { formatEntityAddr } from "../bytesrepr/key.ts";
import type { Message } from "../bytesrepr/messages.ts";
import { small } from "./cl-value-json.ts";

export interface MessageJson {
  /** `entity-contract-<hex>` (EntityAddr::to_formatted_string) */
  entity_addr: string;
  /** MessagePayload (serde external tagging): {"String": "..."} or {"Bytes": "<hex>"} */
  message: { String: string } | { Bytes: string };
  topic_name: string;
  /** TopicNameHash: lowercase hex */
  topic_name_hash: string;
  topic_index: number;
  block_index: number | bigint;
}

export function messageJson(m: Message): MessageJson {
  return {
    entity_addr: formatEntityAddr(m.entityAddr),
    message: m.payload.kind === "String" ? { String: m.payload.value } : { Bytes: toHex(m.payload.value) },
    topic_name: m.topicName,
    topic_name_hash: toHex(m.topicNameHash),
    topic_index: m.topicIndex,
    block_index: small(m.blockIndex),
  };
}
