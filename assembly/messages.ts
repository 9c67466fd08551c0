// Contract-level messages (events): casper-node 2.0 contract_api/runtime.rs `emit_message` and
// `manage_message_topic`, host side execution_engine/src/runtime/externals.rs. 2.x only.
// Topic names go to the host as raw UTF-8 (not a bytesrepr String); the payload is a MessagePayload
// (types/src/contract_messages/messages.rs): tag 0 + String | tag 1 + Bytes (u32 length + bytes).
// Like Rust these return the ApiError code, 0 for success: MessageTopicNotRegistered (44),
// MessageTopicFull (45), MaxTopicNameSizeExceeded (43), MessageTooLarge (46), ... An empty topic name is
// InvalidArgument (3) without a host call, as in Rust. Topics are registered at install
// (storage.*WithMessageTopics) or, from a stored contract, with manageMessageTopic.
import * as env from "./env";
import { ApiError } from "./errors";
import { copyBytes } from "./bytes/memory";
import { nameBytes, nameLength, nameText } from "./bytes/names";
import { ByteArray } from "./types/byte_array";
import { MessageTopicOperation } from "./types/message_topics";

const PAYLOAD_STRING: u8 = 0;
const PAYLOAD_BYTES: u8 = 1;

/**
 * Emits `payload` on topic `topic`: a `string` (MessagePayload::String) or a `ByteArray`
 * (MessagePayload::Bytes). Returns 0, or the ApiError code the host answers.
 */
// @ts-ignore: decorator (inlined so that literal topics and texts are pre-encoded by the build)
@inline export function emitMessage<T>(topic: string, payload: T): u32 {
  if (isString<T>()) {
    const text = nameBytes(changetype<string>(payload));
    return emitMessageNamed(nameBytes(topic), PAYLOAD_STRING, text + 4, nameLength(text));
  } else if (isReference<T>() && changetype<T>(0) instanceof ByteArray) {
    const bytes = changetype<ByteArray>(payload);
    return emitMessageNamed(nameBytes(topic), PAYLOAD_BYTES, bytes.ptr, bytes.length);
  } else {
    ERROR("emitMessage: the payload is a string or a ByteArray (casper-node 2.0 MessagePayload)");
    return 0;
  }
}

/**
 * emitMessage with a topic made by `nameBytes` and a payload of `tag` (0 String, 1 Bytes) and `length`
 * bytes at `data`: both payload kinds are the tag, a u32 length and the bytes.
 */
export function emitMessageNamed(topic: usize, tag: u8, data: usize, length: u32): u32 {
  const n = nameLength(topic);
  if (n == 0) return ApiError.InvalidArgument;
  const payload = heap.alloc(5 + <usize>length);
  store<u8>(payload, tag);
  store<u32>(payload, length, 1);
  copyBytes(payload + 5, data, length);
  const status = env.casper_emit_message(nameText(topic), n, payload, 5 + length);
  return status == 0 ? 0 : ApiError.fromHost(<u32>status);
}

/**
 * Registers topic `topic` for the current contract (`operation`: MessageTopicOperation.Add, the only
 * one). Only stored contract code may call it: the host traps (InvalidContext) in session code.
 * Returns 0, or the ApiError code (MessageTopicAlreadyRegistered 41, MaxTopicsNumberExceeded 42, ...).
 */
// @ts-ignore: decorator
@inline export function manageMessageTopic(topic: string, operation: u8 = MessageTopicOperation.Add): u32 {
  return manageMessageTopicNamed(nameBytes(topic), operation);
}

export function manageMessageTopicNamed(topic: usize, operation: u8): u32 {
  const n = nameLength(topic);
  if (n == 0) return ApiError.InvalidArgument;
  const op = heap.alloc(1);
  store<u8>(op, operation);
  const status = env.casper_manage_message_topic(nameText(topic), n, op, 1);
  return status == 0 ? 0 : ApiError.fromHost(<u32>status);
}
