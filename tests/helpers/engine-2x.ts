// WAT contracts for the Casper 2.0 host functions (tests/engine-2x-*.test.ts), written against the
// casper-node 2.0.0 FFI (execution_engine/src/runtime/externals.rs): bytes built by hand from the
// byte formats, never with the engine's own codecs.

import { cat, entryPointsBytes, str, u32le, type EpSpec } from "./engine-bytes.ts";
import { Data, RET_HELPERS, module } from "./engine-wat.ts";

const enc = (s: string) => new TextEncoder().encode(s);

/** MessagePayload::String (tag 0 + String). */
export const stringPayload = (s: string) => cat(new Uint8Array([0]), str(s));
/** MessagePayload::Bytes (tag 1 + Bytes = u32 length + bytes). */
export const bytesPayload = (b: Uint8Array) => cat(new Uint8Array([1]), u32le(b.length), b);
/** BTreeMap<String, MessageTopicOperation::Add> (sorted by name). */
export const topicsBytes = (names: string[]) => cat(u32le(names.length), ...[...names].sort().map((n) => cat(str(n), new Uint8Array([0]))));

export const MESSENGER_ENTRY_POINTS = [
  "emit_string", "emit_bytes", "emit_ten", "emit_unregistered", "emit_long_topic", "emit_big", "emit_max",
  "emit_bad_utf8", "emit_bad_payload", "emit_unicode", "emit_long_unicode", "emit_bad_utf8_payload", "emit_then_revert", "add_topic", "add_topic_bad_op", "add_topic_long", "emit_fresh",
] as const;

export interface MessengerOptions {
  /** topics registered at install (default ["events"]) */
  readonly topics?: string[];
  /** entry points as written (default: every export, Called, Public, EntityEntryPoint format) */
  readonly entryPoints?: Uint8Array;
  /** the import used to add the version (default the contract variant) */
  readonly addVersion?: "casper_add_contract_version_with_message_topics" | "casper_add_package_version_with_message_topics";
  /** topic name / payload limits to probe (default the 2.0.0 chainspec's 256 and 1024) */
  readonly maxTopicName?: number;
  readonly maxMessage?: number;
}

/**
 * A contract whose entry points emit messages and manage topics, and whose `call` installs it: a new
 * package (named keys messenger_pkg, messenger_access) with version 1 added by
 * add_contract_version_with_message_topics (named key messenger = the contract hash). Each entry
 * point reverts with the status a host function returns when it is not 0.
 */
export const UNICODE_PAYLOAD = "zażółć ✓ 🦀";
export const LONG_UNICODE_PAYLOAD = "transfer ✓ ".repeat(8) + "🦀";

export function messengerWasm(options: MessengerOptions = {}): Uint8Array {
  const d = new Data();
  const maxName = options.maxTopicName ?? 256;
  const maxMessage = options.maxMessage ?? 1024;
  const eps = d.bytes(options.entryPoints ?? entryPointsBytes(MESSENGER_ENTRY_POINTS.map((name): EpSpec => ({ name, type: "contract" })), { entity: true }));
  const nk = d.bytes(u32le(0));
  const topics = d.bytes(topicsBytes(options.topics ?? ["events"]));
  const names = { contract: d.string("messenger"), pkg: d.string("messenger_pkg"), access: d.string("messenger_access") };
  const events = d.utf8("events");
  const fresh = d.utf8("fresh");
  const nope = d.utf8("nope");
  const long = d.utf8("t".repeat(maxName + 1));
  const badUtf8 = d.bytes(new Uint8Array([0x65, 0xff, 0x66]));
  const hello = d.bytes(stringPayload("hello"));
  const raw = d.bytes(bytesPayload(new Uint8Array([1, 2, 3])));
  // the largest payload allowed (max_message_size bytes in all) and one byte more
  const max = d.bytes(bytesPayload(new Uint8Array(maxMessage - 5).fill(7)));
  const big = d.bytes(bytesPayload(new Uint8Array(maxMessage - 4).fill(7)));
  const badPayload = d.bytes(new Uint8Array([7, 0, 0, 0, 0]));
  // String payloads beyond ASCII: short, longer than 64 bytes, and one that is not UTF-8 (tag 0, length 2, "e\xff")
  const unicode = d.bytes(stringPayload(UNICODE_PAYLOAD));
  const longUnicode = d.bytes(stringPayload(LONG_UNICODE_PAYLOAD));
  const badUtf8Payload = d.bytes(new Uint8Array([0, 2, 0, 0, 0, 0x65, 0xff]));
  const add = d.bytes(new Uint8Array([0]));
  const addTwo = d.bytes(new Uint8Array([0, 0]));
  const emit = (t: { ptr: number; len: number }, p: { ptr: number; len: number }) =>
    `(call $check (call $casper_emit_message (i32.const ${t.ptr}) (i32.const ${t.len}) (i32.const ${p.ptr}) (i32.const ${p.len})))`;
  const manage = (t: { ptr: number; len: number }, op: { ptr: number; len: number }) =>
    `(call $check (call $casper_manage_message_topic (i32.const ${t.ptr}) (i32.const ${t.len}) (i32.const ${op.ptr}) (i32.const ${op.len})))`;
  const addVersion = options.addVersion ?? "casper_add_contract_version_with_message_topics";
  return module({
    imports: ["casper_create_contract_package_at_hash", addVersion, "casper_put_key", "casper_revert", "casper_emit_message", "casper_manage_message_topic"],
    data: d,
    body: `(func $check (param $r i32) (if (local.get $r) (then (call $casper_revert (local.get $r)))))
  (func (export "emit_string") ${emit(events, hello)})
  (func (export "emit_bytes") ${emit(events, raw)})
  (func (export "emit_ten") (local $i i32)
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $i) (i32.const 10)))
      ${emit(events, hello)}
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))))
  (func (export "emit_unregistered") ${emit(nope, hello)})
  (func (export "emit_long_topic") ${emit(long, hello)})
  (func (export "emit_big") ${emit(events, big)})
  (func (export "emit_max") ${emit(events, max)})
  (func (export "emit_bad_utf8") ${emit(badUtf8, hello)})
  (func (export "emit_bad_payload") ${emit(events, badPayload)})
  (func (export "emit_unicode") ${emit(events, unicode)})
  (func (export "emit_long_unicode") ${emit(events, longUnicode)})
  (func (export "emit_bad_utf8_payload") ${emit(events, badUtf8Payload)})
  (func (export "emit_then_revert") ${emit(events, hello)} (call $casper_revert (i32.const 65537)))
  (func (export "add_topic") ${manage(fresh, add)})
  (func (export "add_topic_bad_op") ${manage(fresh, addTwo)})
  (func (export "add_topic_long") ${manage(long, add)})
  (func (export "emit_fresh") ${emit(fresh, hello)})
  (func (export "call")
    (call $casper_create_contract_package_at_hash (i32.const 100) (i32.const 140) (i32.const 0))
    (call $check (call $${addVersion} (i32.const 100) (i32.const 32) (i32.const 180)
      (i32.const ${eps.ptr}) (i32.const ${eps.len}) (i32.const ${nk.ptr}) (i32.const 4) (i32.const ${topics.ptr}) (i32.const ${topics.len}) (i32.const 200) (i32.const 32)))
    (i32.store8 (i32.const 199) (i32.const 1))
    (call $casper_put_key (i32.const ${names.contract.ptr}) (i32.const ${names.contract.len}) (i32.const 199) (i32.const 33))
    (i32.store8 (i32.const 99) (i32.const 1))
    (call $casper_put_key (i32.const ${names.pkg.ptr}) (i32.const ${names.pkg.len}) (i32.const 99) (i32.const 33))
    (i32.store8 (i32.const 139) (i32.const 2))
    (i32.store8 (i32.const 172) (i32.const 7))
    (call $casper_put_key (i32.const ${names.access.ptr}) (i32.const ${names.access.len}) (i32.const 139) (i32.const 34)))`,
  });
}

/**
 * Session code adding a version to the account's `messenger_pkg` with `topics` and the messenger's
 * entry points (its module is the messenger's, so the stored wasm has them); named key
 * messenger_v2 = the new contract hash. Reverts with the host function's status.
 */
export function upgradeMessengerWasm(topics: string[]): Uint8Array {
  const d = new Data();
  const eps = d.bytes(entryPointsBytes(MESSENGER_ENTRY_POINTS.map((name): EpSpec => ({ name, type: "contract" })), { entity: true }));
  const nk = d.bytes(u32le(0));
  const t = d.bytes(topicsBytes(topics));
  const pkgName = d.string("messenger_pkg");
  const v2 = d.string("messenger_v2");
  const stub = MESSENGER_ENTRY_POINTS.map((n) => `(func (export "${n}") nop)`).join("\n  ");
  return module({
    imports: ["casper_get_key", "casper_add_contract_version_with_message_topics", "casper_put_key", "casper_revert"],
    data: d,
    body: `(func $check (param $r i32) (if (local.get $r) (then (call $casper_revert (local.get $r)))))
  ${stub}
  (func (export "call")
    (call $check (call $casper_get_key (i32.const ${pkgName.ptr}) (i32.const ${pkgName.len}) (i32.const 99) (i32.const 40) (i32.const 300)))
    (call $check (call $casper_add_contract_version_with_message_topics (i32.const 100) (i32.const 32) (i32.const 180)
      (i32.const ${eps.ptr}) (i32.const ${eps.len}) (i32.const ${nk.ptr}) (i32.const 4) (i32.const ${t.ptr}) (i32.const ${t.len}) (i32.const 200) (i32.const 32)))
    (i32.store8 (i32.const 199) (i32.const 1))
    (call $casper_put_key (i32.const ${v2.ptr}) (i32.const ${v2.len}) (i32.const 199) (i32.const 33)))`,
  });
}

/** Session code calling one host function and reverting with its status when not 0 (or returning it with `ret`). */
export function sessionCalling(name: string, args: (d: Data) => string, options: { ret?: boolean } = {}): Uint8Array {
  const d = new Data();
  const a = args(d);
  const imports = [name, "casper_revert", ...(options.ret ? ["casper_ret"] : [])];
  return module({
    imports,
    data: d,
    body: `${options.ret ? RET_HELPERS : ""}
  (func (export "call") (local $r i32)
    (local.set $r (call $${name} ${a}))
    ${options.ret ? "(call $ret_i32 (local.get $r))" : "(if (local.get $r) (then (call $casper_revert (local.get $r))))"})`,
  });
}

export { enc };
