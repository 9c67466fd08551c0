// Contract-level messages, Casper 2.x only (casper-node 2.0 runtime/externals.rs EmitMessage and
// ManageMessageTopic; contract_api/runtime.rs emit_message; types/src/contract_messages). A module that
// uses them imports casper_emit_message / casper_manage_message_topic, which 1.5.x nodes do not serve:
// build it for protocol "2.0.0" (casper.build.json). Topic names go to the host as raw UTF-8; a payload is
// a MessagePayload: tag 0 + String, or tag 1 + Bytes (u32 length + bytes). These return the host's
// status (0: done; else its ApiError code, 2.0's own included), as Rust's Result<(), ApiError>.
import * as env from "./env";
import { ApiError } from "./errors";
import { Writer } from "./bytes/writer";
import { nameBytes, nameLength, nameText } from "./bytes/names";

/** MessageTopicOperation::Add (casper-types 2.0 contract_messages/topics.rs). */
const TOPIC_ADD: u8 = 0;
const PAYLOAD_STRING: u8 = 0;
const PAYLOAD_BYTES: u8 = 1;

/** Registers message topic `topic` for the current contract (stored contracts only: the host traps in session code). */
// @ts-ignore: decorator
@inline export function addMessageTopic(topic: string): u32 {
  return addMessageTopicNamed(nameBytes(topic));
}

export function addMessageTopicNamed(topic: usize): u32 {
  const op = memory.data<u8>([TOPIC_ADD]);
  return statusOf(env.casper_manage_message_topic(nameText(topic), nameLength(topic), op, 1));
}

/** Emits `text` as a String message on `topic` (InvalidArgument for an empty topic, as Rust checks). */
// @ts-ignore: decorator
@inline export function emitMessageString(topic: string, text: string): u32 {
  const w = new Writer();
  w.u8(PAYLOAD_STRING).string(text);
  return emitPayload(nameBytes(topic), w);
}

/** Emits the `len` bytes at `ptr` as a Bytes message on `topic`. */
// @ts-ignore: decorator
@inline export function emitMessageBytes(topic: string, ptr: usize, len: u32): u32 {
  return emitMessageBytesNamed(nameBytes(topic), ptr, len);
}

export function emitMessageBytesNamed(topic: usize, ptr: usize, len: u32): u32 {
  const w = new Writer();
  w.u8(PAYLOAD_BYTES).u32(len).bytes(ptr, len);
  return emitPayload(topic, w);
}

function emitPayload(topic: usize, payload: Writer): u32 {
  if (nameLength(topic) == 0) return ApiError.InvalidArgument;
  return statusOf(env.casper_emit_message(nameText(topic), nameLength(topic), payload.ptr, payload.len));
}

/** The host's status as it is (2.0 adds ApiError codes past 40, e.g. MessageTopicNotRegistered). */
// @ts-ignore: decorator
@inline function statusOf(status: i32): u32 {
  return <u32>status;
}
