// Contract-level events in the Casper Event Standard (CES), byte for byte as Rust's casper-event-standard
// 0.4 writes them (make-software/casper-event-standard: lib.rs, contract.rs, schema.rs, the Event derive):
//
//   __events               a dictionary: item "0", "1", ... (decimal) holds each event as a CLValue of
//                          type List(U8) (bytesrepr::Bytes): String "event_<Name>", then the fields in order
//   __events_length        a URef: the number of events (u32)
//   __events_schema        a URef: BTreeMap<String, Vec<(String, CLType)>> (name -> fields and their types),
//                          CLType Map(String, List(Tuple2(String, Any)))
//   __events_ces_version   a URef: the String "1.1"
//
// An @event class gets its encoder and its schema from the build (the transform writes them); here are
// `EventSchemas` (Rust's Schemas::new().with::<T>()), `initEvents` (casper_event_standard::init) and
// `emit` (casper_event_standard::emit).
import { ApiError, revert, unwrapOrRevert } from "../errors";
import * as env from "../env";
import { Writer } from "../bytes/writer";
import { writeDecimal } from "../bytes/text";
import { List } from "../types/list";
import { Key } from "../types/key";
import { URef, UREF_SERIALIZED_LENGTH } from "../types/uref";
import { CLType } from "../types/cl_type";
import { nameBytes } from "../bytes/names";
import { hasKeyNamed } from "../runtime";
import { newURef, write } from "../storage";
import { newURefBytes, readURef } from "../storage_bytes";
import { isInstalling, putContractKey } from "./install";
import { emitMessageNamed, manageMessageTopicNamed } from "../messages";
import { MessageTopicOperation } from "../types/message_topics";
import { CASPER_2X } from "../protocol";
import { collectTopic } from "./install";
import { NamedSlot, slotAt, slotURef, createDictionary } from "./state";

// the slots of the two keys emit reads (their URefs once looked up in this call)
// (@lazy: static data only in contracts that use them; a module's top-level code is compiled otherwise)
// @ts-ignore: decorator
@lazy const EVENTS_SLOT: usize = memory.data(8);
// @ts-ignore: decorator
@lazy const LENGTH_SLOT: usize = memory.data(8);

function eventsSlot(): NamedSlot {
  return slotAt(EVENTS_SLOT, nameBytes("__events"));
}

function lengthSlot(): NamedSlot {
  return slotAt(LENGTH_SLOT, nameBytes("__events_length"));
}

/** CLType of __events_schema: Map(String, List(Tuple2(String, Any))). */
// @ts-ignore: decorator
@inline function schemasType(): CLType {
  return changetype<CLType>(memory.data<u8>([17, 10, 14, 19, 10, 21]));
}

/** String bytes (u32 length, UTF-8) of `a` and `b` compared as Rust compares Strings: by bytes. */
function compareNames(a: usize, b: usize): i32 {
  const na = load<u32>(a);
  const nb = load<u32>(b);
  for (let i: u32 = 0; i < na && i < nb; i++) {
    const x = load<u8>(a + 4 + i);
    const y = load<u8>(b + 4 + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return na == nb ? 0 : na < nb ? -1 : 1;
}

/**
 * The schemas of a contract's events, as casper-event-standard's `Schemas::new().with::<Mint>()...`:
 * `new EventSchemas().with<Mint>().with<Burn>()`. Kept sorted by name (a BTreeMap), a name given twice
 * keeping the last.
 */
@unmanaged
export class EventSchemas {
  /** per event, the address of [u32 length][String name][u32 count][(String field, CLType)...] (static data from the build) */
  private blobs: List<usize> = new List<usize>();

  // @ts-ignore: decorator (inlined: one `add` for every event type)
  @inline with<T>(): EventSchemas {
    // @ts-ignore: an @event class (the build adds casperEventSchema)
    return this.add(changetype<T>(0).casperEventSchema());
  }

  /** Adds an event's schema blob (what the build generates for an @event class). */
  add(blob: usize): EventSchemas {
    const blobs = this.blobs;
    let at = blobs.length;
    while (at > 0 && compareNames(blobs.at(at - 1) + 4, blob + 4) > 0) at--;
    if (at > 0 && compareNames(blobs.at(at - 1) + 4, blob + 4) == 0) blobs.set(at - 1, blob);
    else blobs.insert(at, blob);
    return this;
  }

  /** Number of events. */
  get length(): u32 {
    return this.blobs.length;
  }

  encode(w: Writer): void {
    const blobs = this.blobs;
    w.u32(blobs.length);
    for (let i: u32 = 0; i < blobs.length; i++) {
      const blob = blobs.at(i);
      w.bytes(blob + 4, load<u32>(blob));
    }
  }
}

/**
 * Creates the CES named keys in the contract (casper_event_standard::init): the events dictionary, the
 * count (0), the schemas and the version. Reverts with InvalidArgument (3) when the contract has the
 * count or the schemas already, as CES does. Call it once, in the constructor or in `init`.
 */
export function initEvents(schemas: EventSchemas): void {
  if (!isInstalling()) {
    if (hasKeyNamed(nameBytes("__events_length")) || hasKeyNamed(nameBytes("__events_schema")) || hasKeyNamed(nameBytes("__events"))) {
      revert(ApiError.InvalidArgument);
    }
  }
  createDictionary(eventsSlot());
  const length = newURef<u32>(0);
  putContractKey(nameBytes("__events_length"), Key.uref(length));
  lengthSlot().uref = changetype<usize>(length);
  const w = new Writer();
  schemas.encode(w);
  putContractKey(nameBytes("__events_schema"), Key.uref(newURefBytes(w.ptr, w.len, schemasType())));
  putContractKey(nameBytes("__events_ces_version"), Key.uref(newURef<string>("1.1")));
}

/** A CES key's URef: missing reverts with None (1), as casper_event_standard::emit's `get_key(..).unwrap_or_revert()`. */
function cesURef(s: NamedSlot): URef {
  const u = slotURef(s);
  if (u == 0) revert(ApiError.None);
  return changetype<URef>(u);
}

/**
 * Records `event` (an @event class) in the contract's CES events: stored under the next index, then the
 * count raised (casper_event_standard::emit, in its order of host calls).
 */
export function emit<T>(event: T): void {
  const lengthURef = cesURef(lengthSlot());
  const length = readURef<u32>(lengthURef);
  const seed = cesURef(eventsSlot());
  // CLValue of bytesrepr::Bytes: u32 length of the value, the value (u32 count, the event's bytes),
  // CLType List(U8)
  const v = new Writer().zeros(8);
  // @ts-ignore: an @event class (the build adds encode)
  event.encode(v);
  v.patchU32(0, v.len - 4);
  v.patchU32(4, v.len - 8);
  v.u8(14).u8(3);
  const item = new Writer();
  writeDecimal(item, length);
  unwrapOrRevert(env.casper_dictionary_put(seed.ptr, UREF_SERIALIZED_LENGTH, item.ptr, item.len, v.ptr, v.len));
  write<u32>(lengthURef, length + 1);
}

/** The bytes `emit` stores for `event` (String "event_<Name>" and the fields): for tests and messages. */
export function eventBytes<T>(event: T): Writer {
  const w = new Writer();
  // @ts-ignore: an @event class (the build adds encode)
  event.encode(w);
  return w;
}

/**
 * Emits `event` (an @event class) as a Casper 2.x message on `topic`: a Bytes payload holding the same
 * bytes a CES event holds, so one schema decodes both. 2.x only (see messages.ts); returns the host's
 * status (0: done). The topic must be registered: at install (the class form's `topics`, or
 * storage.*WithMessageTopics) or with runtime.manageMessageTopic.
 */
// @ts-ignore: decorator
@inline export function emitEventMessage<T>(topic: string, event: T): u32 {
  const w = eventBytes<T>(event);
  return emitMessageNamed(nameBytes(topic), 1 /* MessagePayload::Bytes */, w.ptr, w.len);
}

/**
 * Registers message topic `topic` for this contract (Casper 2.x). In the constructor (install mode) the
 * topic goes with the install: the build's installer hands it to add_contract_version_with_message_topics,
 * as casper-contract 5.x's `new_contract(.., Some(message_topics))` does. Elsewhere (an entry point of the
 * installed contract) through manage_message_topic, reverting with the host's error
 * (MessageTopicAlreadyRegistered 41, MaxTopicsNumberExceeded 42, ...). A compile error unless the
 * contract is built for Casper 2.x (casper.build.json `"protocol": "2.0.0"`).
 */
// @ts-ignore: decorator (inlined so that a literal topic is pre-encoded by the build)
@inline export function registerTopic(topic: string): void {
  registerTopicNamed(nameBytes(topic));
}

export function registerTopicNamed(topic: usize): void {
  if (!CASPER_2X) ERROR("registerTopic: message topics exist on Casper 2.x only; build the contract for protocol 2.0.0 (casper.build.json)");
  if (isInstalling()) collectTopic(topic);
  else {
    const status = manageMessageTopicNamed(topic, MessageTopicOperation.Add);
    if (status != 0) revert(status);
  }
}
