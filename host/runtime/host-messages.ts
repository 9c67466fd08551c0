// Contract-level messages (Casper 2.0; 1.5.8 serves none of these imports): casper_manage_message_topic,
// casper_emit_message, and the topic registration of casper_add_*_version_with_message_topics.
// Sources (2.0.0 release): execution_engine/src/runtime/externals.rs (ManageMessageTopic, EmitMessage),
// runtime/mod.rs (emit_message, add_message_topic, carry_forward_message_topics),
// runtime_context/mod.rs (add_message_topic, metered_emit_message, context_key_to_entity_addr),
// storage/src/tracking_copy/ext.rs (get_message_topics). In legacy mode (the public networks) a topic
// lives in global state as StoredValue::MessageTopic under Key::Message(entity, blake2b(name)), the
// entity of a stored contract being EntityAddr::SmartContract(contract hash); each message writes its
// checksum under Key::Message(entity, topic hash, index), the topic's summary, and the block's message
// count under Key::BlockGlobal(MessageCount).
// When a topic's first message of a new block is emitted, the previous block's checksums of that
// topic (indices 1..count; index 0 is overwritten) are pruned (runtime/mod.rs emit_message).

import { toHex } from "../bytesrepr/hex.ts";
import {
  EntityKind, type Key, KeyTag, blockMessageCountKey, entityAddr, formatEntityAddr, formatKey, keyAsAccount, keyAsHash, keyId, type KeyWithId, messageKeyOfTopic,
  messageTopicKey,
} from "../bytesrepr/key.ts";
import {
  type Message, type MessagePayload, type MessageTopicSummary, blockMessageCountOf, blockMessageCountValue, messageChecksumValue, readMessagePayload, topicNameHash,
} from "../bytesrepr/messages.ts";
import { type StoredValue, storedValueSerializedLength, storedValueTypeName } from "../bytesrepr/stored-value.ts";
import { compareRustStrings, rustUtf8Error, utf8DecodeStrict, utf8DecodeStrictAt } from "../bytesrepr/utf8.ts";
import { entriesWithIdPrefix } from "../state/prefix-scan.ts";
import { ApiErrorCode } from "./api-error.ts";
import { BytesreprError } from "../bytesrepr/errors.ts";
import { ExecError, execErrors } from "./errors.ts";
import type { Execution } from "./execution.ts";
import type { HostFn } from "./dispatch.ts";
import type { Runtime } from "./runtime.ts";

const U32_MAX = 0xffff_ffff;
const U64_MAX = 2n ** 64n - 1n;
const BLOCK_MESSAGE_COUNT: KeyWithId = { key: blockMessageCountKey, id: keyId(blockMessageCountKey) };
/** the serialized lengths of a message's checksum and count records (the same for every message) */
const CHECKSUM_LENGTH = storedValueSerializedLength(messageChecksumValue(0n, { kind: "Bytes", value: new Uint8Array(0) }));
const BLOCK_COUNT_LENGTH = storedValueSerializedLength({ kind: "CLValue", value: blockMessageCountValue(0n, 0n).value });

/** runtime_context `context_key_to_entity_addr`: whose topics the running code manages and emits on. */
export function contextEntityAddr(rt: Runtime): Uint8Array {
  const base = rt.context.baseKey;
  const account = keyAsAccount(base);
  if (account) return entityAddr(EntityKind.Account, account);
  const hash = keyAsHash(base);
  if (hash) return entityAddr(rt.exec.systemContractName(hash) !== undefined ? EntityKind.System : EntityKind.SmartContract, hash);
  throw execErrors.unexpectedKeyVariant(formatKey(base));
}

/** tracking_copy `get_message_topics`: the entity's registered topics (name -> topic name hash). */
export function registeredTopics(rt: Runtime, entity: Uint8Array): Map<string, Uint8Array> {
  const prefix = keyId({ tag: KeyTag.Message, data: entity });
  const topics = new Map<string, Uint8Array>();
  for (const { key, value } of entriesWithIdPrefix(rt.exec.state, prefix)) {
    if (value.kind === "MessageTopic") topics.set(value.summary.topicName, key.data.slice(33, 65));
  }
  return topics;
}

/**
 * runtime/mod.rs `carry_forward_message_topics`: the previous version's topics plus `added` are
 * (re)registered for the new contract, each with a fresh summary. Returns an ApiError code, or 0.
 */
export function carryForwardTopics(rt: Runtime, previousContract: Uint8Array | undefined, newContract: Uint8Array, added: readonly string[]): number {
  const topics = previousContract ? registeredTopics(rt, entityAddr(EntityKind.SmartContract, previousContract)) : new Map<string, Uint8Array>();
  if (topics.size + added.length > rt.exec.config.maxTopicsPerContract) return ApiErrorCode.MaxTopicsNumberExceeded;
  for (const name of added) {
    if (topics.has(name)) return ApiErrorCode.MessageTopicAlreadyRegistered; // MessageTopics::add_topic DuplicateTopic
    topics.set(name, topicNameHash(name));
  }
  const entity = entityAddr(EntityKind.SmartContract, newContract);
  // BTreeMap<String, _> order: the UTF-8 bytes
  for (const name of [...topics.keys()].sort(compareRustStrings)) {
    rt.context.writeGsUnsafe(messageTopicKey(entity, topics.get(name)!), topicSummary(rt, 0, name));
  }
  return 0;
}

function topicSummary(rt: Runtime, messageCount: number, topicName: string): StoredValue {
  return { kind: "MessageTopic", summary: { messageCount, blocktime: rt.exec.blocktime, topicName } };
}

/** externals.rs: the topic name is raw UTF-8 in memory (not a bytesrepr String); bad UTF-8 traps. */
function topicNameFromMem(rt: Runtime, ptr: number, size: number): string {
  return topicNameOf(rt.bytesFromMem(ptr, size));
}

function topicNameOf(bytes: Uint8Array): string {
  const name = utf8DecodeStrict(bytes);
  if (name === undefined) throw execErrors.invalidUtf8Encoding(rustUtf8Error(bytes) ?? "invalid utf-8");
  return name;
}

/**
 * topicNameFromMem, answered without copying or decoding when the bytes are those of the last topic
 * name read (by any execution: a name is its bytes, and a contract emits on the same few topics).
 */
function emittedTopicName(rt: Runtime, ptr: number, size: number): string {
  const at = rt.memIndex(ptr, size);
  const last = lastTopic;
  if (last && last.bytes.length === size) {
    const mem = rt.mem();
    let i = 0;
    while (i < size && mem[at + i] === last.bytes[i]) i++;
    if (i === size) return last.name;
  }
  const bytes = rt.bytesFromMem(ptr, size);
  const name = topicNameOf(bytes);
  lastTopic = { bytes, name };
  return name;
}
let lastTopic: { readonly bytes: Uint8Array; readonly name: string } | undefined;

/**
 * The MessagePayload at `ptr` (t_from_mem): a well-formed String or Bytes payload is read straight
 * from memory; anything else goes through the bytesrepr reader, which names what is wrong.
 */
function payloadFromMem(rt: Runtime, ptr: number, size: number): MessagePayload {
  const at = rt.memIndex(ptr, size);
  const mem = rt.mem();
  if (size >= 5) {
    const tag = mem[at];
    const length = (mem[at + 1] | (mem[at + 2] << 8) | (mem[at + 3] << 16) | (mem[at + 4] << 24)) >>> 0;
    if (length === size - 5) {
      if (tag === 1) return { kind: "Bytes", value: mem.slice(at + 5, at + size) };
      if (tag === 0) {
        const value = utf8DecodeStrictAt(mem, at + 5, size - 5);
        if (value !== undefined) return { kind: "String", value };
      }
    }
  }
  return rt.fromMem(ptr, size, "MessagePayload", (r) => readMessagePayload(r));
}

/** The (BlockTime, u64) under Key::BlockGlobal(MessageCount): messages emitted so far in this block. */
function blockMessageIndex(rt: Runtime): bigint {
  const v = rt.context.readGs(BLOCK_MESSAGE_COUNT.key, BLOCK_MESSAGE_COUNT.id);
  if (!v) return 0n;
  if (v.kind !== "CLValue") throw new ExecError("TypeMismatch", `Type mismatch. Expected StoredValue but found ${storedValueTypeName(v)}.`);
  let read: { readonly blocktime: bigint; readonly count: bigint };
  try {
    read = blockMessageCountOf(v);
  } catch (e) {
    // CLValue::into_t: ExecError::CLValue
    if (e instanceof BytesreprError) throw execErrors.clValue(`Serialization(${e.message})`);
    throw e;
  }
  return read.blocktime === rt.exec.blocktime ? read.count : 0n;
}

// What emitting needs again and again within one execution phase, kept so that ten messages cost ten
// writes, not ten lookups: per emitting context its entity and topics (key, hash, latest summary),
// and the block's message count. Only this file writes these records during execution, and a failed
// call ends the whole phase, so what is kept here is what the tracking copy holds.
/** a topic as this phase sees it: its address, and its latest summary (undefined until read) */
interface TopicSlot extends TopicAddr {
  readonly name: string;
  summary: MessageTopicSummary | undefined;
}
interface Emitter {
  /** the frame's base key object (one per call frame) */
  readonly base: Key;
  readonly entity: Uint8Array;
  readonly known: KnownEntity;
  /** this phase's topics: their addresses and latest summaries */
  topics: TopicSlot[];
}
// Arrays searched from the end, not maps: an execution emits from a frame or two on a topic or two,
// and a map per phase and per emitter cost more to make than a short search
interface PhaseMessages {
  readonly emitters: Emitter[];
  /** messages of this block before the next one (read from global state on the first emit) */
  blockCount: bigint | undefined;
}

function phaseOf(exec: Execution): PhaseMessages {
  // kept on the phase's Execution itself (not in a WeakMap: V8 keeps a WeakMap's entries, and what
  // they hold, until a full collection, which made every deploy that emitted cost the GC more)
  let p = exec.messagesState as PhaseMessages | undefined;
  if (!p) exec.messagesState = p = { emitters: [], blockCount: undefined };
  return p;
}

function findEmitter(p: PhaseMessages, base: Key): Emitter | undefined {
  const emitters = p.emitters;
  for (let i = emitters.length - 1; i >= 0; i--) if (emitters[i].base === base) return emitters[i];
  return undefined;
}

function emitterOf(rt: Runtime): Emitter {
  const p = phaseOf(rt.exec);
  const base = rt.context.baseKey;
  let e = findEmitter(p, base);
  if (!e) {
    const known = knownEntity(contextEntityAddr(rt));
    p.emitters.push((e = { base, entity: known.entity, known, topics: [] }));
  }
  return e;
}

function topicSlot(e: Emitter, name: string): TopicSlot {
  const topics = e.topics;
  for (let i = topics.length - 1; i >= 0; i--) if (topics[i].name === name) return topics[i];
  let addr = e.known.topics.get(name);
  if (!addr) {
    const hash = topicNameHash(name);
    const key = messageTopicKey(e.entity, hash);
    // keyId: the tag and the key's bytes in hex (made here, not memoised per key object)
    if (e.known.topics.size >= KNOWN_TOPICS) e.known.topics.clear();
    // a message's three records (checksum, summary, count): their lengths depend on the topic name only
    const summaryLength = storedValueSerializedLength({ kind: "MessageTopic", summary: { messageCount: 0, blocktime: 0n, topicName: name } });
    const messageBytes = CHECKSUM_LENGTH + summaryLength + BLOCK_COUNT_LENGTH;
    e.known.topics.set(name, (addr = { key, id: "13" + toHex(key.data), hash, checksumKeys: [], messageBytes }));
  }
  // its fields copied, not spread: a spread object has another shape, slower on every message's reads
  const slot: TopicSlot = {
    key: addr.key, id: addr.id, hash: addr.hash, checksumKeys: addr.checksumKeys, messageBytes: addr.messageBytes, name, summary: undefined,
  };
  topics.push(slot);
  return slot;
}

// What stays the same from one execution to the next for an entity that emits: its address, and per
// topic name the topic's key, id and name hash (all derived from the bytes alone). Kept for the last
// few entities, found by their 33 bytes, so a deploy does not hash, allocate and hex them again; the
// same arrays then let the result format an entity once for many deploys.
interface TopicAddr {
  readonly key: Key;
  /** keyId(key), and what the topic's checksum keys' ids derive from */
  readonly id: string;
  readonly hash: Uint8Array;
  /** the keys of its first checksums, made once */
  readonly checksumKeys: KeyWithId[];
  /** the storage charged per message: its three records' serialized lengths */
  readonly messageBytes: number;
}
interface KnownEntity {
  readonly entity: Uint8Array;
  readonly topics: Map<string, TopicAddr>;
}
const KNOWN_ENTITIES = 16;
const KNOWN_TOPICS = 64;
const knownEntities: KnownEntity[] = [];

function knownEntity(entity: Uint8Array): KnownEntity {
  for (let k = 0; k < knownEntities.length; k++) {
    const known = knownEntities[k];
    if (sameBytes(known.entity, entity)) {
      if (k > 0) {
        knownEntities.splice(k, 1);
        knownEntities.unshift(known);
      }
      return known;
    }
  }
  const made: KnownEntity = { entity, topics: new Map() };
  if (knownEntities.length >= KNOWN_ENTITIES) knownEntities.pop();
  knownEntities.unshift(made);
  return made;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = a.length - 1; i >= 0; i--) if (a[i] !== b[i]) return false;
  return true;
}

export const HOST_MESSAGES: Record<string, HostFn> = {
  casper_manage_message_topic(rt, [namePtr, nameSize, opPtr, opSize], t) {
    const limits = rt.exec.config;
    if ((nameSize >>> 0) > limits.maxTopicNameSize) return ApiErrorCode.MaxTopicNameSizeExceeded;
    const name = topicNameFromMem(rt, namePtr, nameSize);
    if (t) t.detail = { topic: name };
    // MessageTopicOperation: one byte, Add = 0; anything else (or unreadable) is an invalid operation
    if ((opSize >>> 0) > 1) throw execErrors.invalidImputedOperation();
    let op: number;
    try {
      op = rt.fromMem(opPtr, opSize, "MessageTopicOperation", (r) => r.u8("MessageTopicOperation"));
    } catch {
      throw execErrors.invalidImputedOperation();
    }
    if (op !== 0) throw execErrors.invalidImputedOperation();
    // only stored contracts manage topics
    if (rt.context.baseKey.tag !== KeyTag.Hash) throw execErrors.invalidContext();
    const entity = contextEntityAddr(rt);
    const topics = registeredTopics(rt, entity);
    if (topics.size >= limits.maxTopicsPerContract) return ApiErrorCode.MaxTopicsNumberExceeded;
    if (topics.has(name)) return ApiErrorCode.MessageTopicAlreadyRegistered;
    rt.context.writeGsUnsafe(messageTopicKey(entity, topicNameHash(name)), topicSummary(rt, 0, name));
    const phase = rt.exec.messagesState as PhaseMessages | undefined;
    const emitter = phase && findEmitter(phase, rt.context.baseKey);
    if (emitter) emitter.topics = emitter.topics.filter((slot) => slot.name !== name); // read it afresh
    return 0;
  },

  casper_emit_message(rt, [namePtr, nameSize, payloadPtr, payloadSize], t) {
    // the charge (dispatch) was emit_message.cost + cost_increase_per_message x messages so far + weights
    const exec = rt.exec;
    const limits = exec.config;
    if ((nameSize >>> 0) > limits.maxTopicNameSize) return ApiErrorCode.MaxTopicNameSizeExceeded;
    if ((payloadSize >>> 0) > limits.maxMessageSize) return ApiErrorCode.MessageTooLarge;
    const phase = phaseOf(exec);
    const topicName = emittedTopicName(rt, namePtr, nameSize);
    const payload = payloadFromMem(rt, payloadPtr, payloadSize);
    const emitter = emitterOf(rt);
    const entity = emitter.entity;
    if (t) t.detail = { topic: topicName, entity: formatEntityAddr(entity), payload: payload.kind === "String" ? payload.value : `0x${toHex(payload.value)}` };

    const slot = topicSlot(emitter, topicName);
    if (!slot.summary) {
      const v = rt.context.readGs(slot.key, slot.id);
      if (!v || v.kind !== "MessageTopic") return ApiErrorCode.MessageTopicNotRegistered;
      slot.summary = v.summary;
    }
    // the topic's index restarts with each block, and the previous block's checksums go (index 0 is
    // overwritten); pruning is not charged (prune_gs_unsafe)
    let topicIndex = slot.summary.messageCount;
    if (slot.summary.blocktime !== exec.blocktime) {
      for (let index = 1; index < topicIndex; index++) {
        const old = messageKeyOfTopic(slot.checksumKeys, slot.key, slot.id, index);
        rt.context.pruneGsUnsafe(old.key, old.id);
      }
      topicIndex = 0;
    }
    const blockIndex = (phase.blockCount ??= blockMessageIndex(rt));
    if (topicIndex >= U32_MAX) return ApiErrorCode.MessageTopicFull;
    if (blockIndex >= U64_MAX) return ApiErrorCode.MaxMessagesPerBlockExceeded;
    const blockCount = blockIndex + 1n;

    const message: Message = { entityAddr: entity, payload, topicName, topicNameHash: slot.hash, topicIndex, blockIndex };
    const summary: MessageTopicSummary = { messageCount: topicIndex + 1, blocktime: exec.blocktime, topicName };
    // tracking_copy emit_message: the checksum, the topic's summary, the block's count
    const summaryValue: StoredValue = { kind: "MessageTopic", summary };
    const checksum = messageKeyOfTopic(slot.checksumKeys, slot.key, slot.id, topicIndex);
    rt.context.writeMessageRecords(slot.messageBytes, checksum, messageChecksumValue(blockIndex, payload), slot, summaryValue, BLOCK_MESSAGE_COUNT, blockMessageCountValue(exec.blocktime, blockCount));
    slot.summary = summary;
    phase.blockCount = blockCount;
    exec.messages.push(message);
    exec.hostGas.messagesEmitted++; // the next message costs cost_increase_per_message more
    if (t) Object.assign(t.detail, { topicIndex, blockIndex });
    return 0;
  },
};
