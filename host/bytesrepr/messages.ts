// Contract-level messages of Casper 2.0 (types/src/contract_messages/{messages,topics}.rs,
// contract_messages.rs of the 2.0.0 release): the payload a contract emits, the Message the node
// reports, its checksum record, and the per-topic summary record. Global state keeps, under
// Key::Message, a MessageTopicSummary per registered topic and a MessageChecksum per message; the
// messages themselves only travel in execution results and the event stream.

import { blake2b256 } from "../crypto/hash.ts";
import { CLT, clTuple2 } from "./cl-type.ts";
import type { CLValue } from "./cl-value.ts";
import { BytesreprError } from "./errors.ts";
import { toHex } from "./hex.ts";
import { formatEntityAddr } from "./key.ts";
import { ByteReader } from "./reader.ts";
import { compareRustStrings, utf8Encode } from "./utf8.ts";
import { ByteWriter } from "./writer.ts";

/** MessagePayload: String (tag 0) or Bytes (tag 1). */
export type MessagePayload =
  | { readonly kind: "String"; readonly value: string }
  | { readonly kind: "Bytes"; readonly value: Uint8Array };

/** MessageTopicSummary: StoredValue::MessageTopic (tag 15). */
export interface MessageTopicSummary {
  /** messages emitted on the topic in the block of `blocktime` */
  readonly messageCount: number;
  /** block time (ms) of the block those messages belong to */
  readonly blocktime: bigint;
  readonly topicName: string;
}

/** A message as the node reports it (messages.rs `Message`). */
export interface Message {
  /** EntityAddr bytes (tag + 32): a legacy contract is EntityAddr::SmartContract(contract hash) */
  readonly entityAddr: Uint8Array;
  readonly payload: MessagePayload;
  readonly topicName: string;
  readonly topicNameHash: Uint8Array;
  /** index of the message in its topic, within the block */
  readonly topicIndex: number;
  /** index of the message in the block */
  readonly blockIndex: bigint;
}

export function readMessagePayload(r: ByteReader, what = "MessagePayload"): MessagePayload {
  const tag = r.u8(`${what} tag`);
  if (tag === 0) return { kind: "String", value: r.string(what) };
  if (tag === 1) return { kind: "Bytes", value: r.lengthPrefixed(what) };
  throw new BytesreprError("Formatting", what, `unknown tag ${tag} (0 = String, 1 = Bytes)`);
}

export function writeMessagePayload(w: ByteWriter, p: MessagePayload): void {
  if (p.kind === "String") w.u8(0).string(p.value);
  else w.u8(1).lengthPrefixed(p.value);
}

export function readMessageTopicSummary(r: ByteReader): MessageTopicSummary {
  const messageCount = r.u32("MessageTopicSummary.message_count");
  const blocktime = r.u64("MessageTopicSummary.blocktime");
  return { messageCount, blocktime, topicName: r.string("MessageTopicSummary.topic_name") };
}

export function writeMessageTopicSummary(w: ByteWriter, s: MessageTopicSummary): void {
  w.u32(s.messageCount).u64(s.blocktime).string(s.topicName);
}

const topicHashes = new Map<string, Uint8Array>();

/** A topic's hash: blake2b-256 of the name's UTF-8 bytes (runtime/mod.rs `cryptography::blake2b(topic_name)`), memoised. */
export function topicNameHash(name: string): Uint8Array {
  let h = topicHashes.get(name);
  if (!h) {
    h = blake2b256(utf8Encode(name));
    if (topicHashes.size > 4096) topicHashes.clear();
    topicHashes.set(name, h);
  }
  return h;
}

/** `Message::checksum`: blake2b-256 of (block_index: u64, payload).to_bytes(). */
export function messageChecksum(blockIndex: bigint, payload: MessagePayload): Uint8Array {
  const w = new ByteWriter(64);
  w.u64(blockIndex);
  writeMessagePayload(w, payload);
  return blake2b256(w.toBytes());
}

/** `Message::to_bytes` (entity addr, payload, topic name, topic name hash, topic index u32, block index u64). */
export function encodeMessage(m: Message): Uint8Array {
  const w = new ByteWriter(128);
  w.raw(m.entityAddr);
  writeMessagePayload(w, m.payload);
  w.string(m.topicName).raw(m.topicNameHash).u32(m.topicIndex).u64(m.blockIndex);
  return w.toBytes();
}

/**
 * StoredValue::Message for a message: its checksum is computed when first read (encoding, queries,
 * the node's JSON), not while the contract runs, since nothing during execution looks at it.
 */
export function messageChecksumValue(blockIndex: bigint, payload: MessagePayload): { readonly kind: "Message"; readonly checksum: Uint8Array } {
  return new LazyMessageChecksum(blockIndex, payload);
}

// `{ kind, checksum }` with `checksum` a getter on the class (one shared function, no per-object
// property: defining an own accessor on each object cost ten times the object itself). Encoders, the
// JSON and queries read `.checksum`; it is not an own property, so compare it by reading it.
class LazyMessageChecksum {
  readonly kind = "Message" as const;
  #blockIndex: bigint;
  #payload: MessagePayload;
  #checksum: Uint8Array | undefined;

  constructor(blockIndex: bigint, payload: MessagePayload) {
    this.#blockIndex = blockIndex;
    this.#payload = payload;
  }

  get checksum(): Uint8Array {
    return (this.#checksum ??= messageChecksum(this.#blockIndex, this.#payload));
  }
}

/** CLType of the value under Key::BlockGlobal(MessageCount): (BlockTime, u64). */
export const BLOCK_MESSAGE_COUNT_TYPE = clTuple2(CLT.U64, CLT.U64);

/**
 * StoredValue::CLValue((BlockTime, u64)) under Key::BlockGlobal(MessageCount): the block's message
 * count after a message. Every message rewrites it, and only the last one stays, so its bytes are made
 * when first read (`value` is a getter on the class, as `checksum` above).
 */
export function blockMessageCountValue(blocktime: bigint, count: bigint): { readonly kind: "CLValue"; readonly value: CLValue } {
  return new LazyBlockMessageCount(blocktime, count);
}

/**
 * The (BlockTime, u64) under Key::BlockGlobal(MessageCount), as `CLValue::into_t` reads it: straight
 * from a value this engine made (each deploy's first message reads the previous one's), else from
 * its bytes (a BytesreprError when they are not two u64s).
 */
export function blockMessageCountOf(v: { readonly kind: "CLValue"; readonly value: CLValue }): { readonly blocktime: bigint; readonly count: bigint } {
  if (v instanceof LazyBlockMessageCount) return LazyBlockMessageCount.fieldsOf(v);
  const r = new ByteReader(v.value.bytes);
  const blocktime = r.u64("BlockTime");
  const count = r.u64("u64");
  r.expectEnd("(BlockTime, u64)");
  return { blocktime, count };
}

class LazyBlockMessageCount {
  readonly kind = "CLValue" as const;
  #blocktime: bigint;
  #count: bigint;
  #value: CLValue | undefined;

  constructor(blocktime: bigint, count: bigint) {
    this.#blocktime = blocktime;
    this.#count = count;
  }

  static fieldsOf(v: LazyBlockMessageCount): { readonly blocktime: bigint; readonly count: bigint } {
    return { blocktime: v.#blocktime, count: v.#count };
  }

  get value(): CLValue {
    return (this.#value ??= { clType: BLOCK_MESSAGE_COUNT_TYPE, bytes: new ByteWriter(16).u64(this.#blocktime).u64(this.#count).toBytes() });
  }
}

/** `message-checksum-<hex>` (messages.rs MessageChecksum::to_formatted_string). */
export function formatMessageChecksum(checksum: Uint8Array): string {
  return `message-checksum-${toHex(checksum)}`;
}

export { formatEntityAddr };

/**
 * BTreeMap<String, MessageTopicOperation> (Add = 0, the only operation in 2.0.0): the topic names, in
 * key order, a repeated name counted once (BTreeMap::from_bytes keeps the last).
 */
export function readTopicOperations(r: ByteReader, what = "BTreeMap<String, MessageTopicOperation>"): string[] {
  const n = r.u32(`${what}.length`);
  const names = new Set<string>();
  for (let i = 0; i < n; i++) {
    names.add(r.string(`${what} key`));
    const op = r.u8("MessageTopicOperation");
    if (op !== 0) throw new BytesreprError("Formatting", "MessageTopicOperation", `unknown operation ${op} (0 = Add)`);
  }
  return [...names].sort(compareRustStrings);
}
