// Contract-level messages on the 2.0.0 engine, rule by rule from casper-node 2.0.0
// (execution_engine/src/runtime/externals.rs EmitMessage / ManageMessageTopic / the
// *_with_message_topics imports; runtime/mod.rs emit_message, carry_forward_message_topics;
// runtime_context/mod.rs metered_emit_message), and 1.5.8 refusing every message import. Bytes and
// figures are computed here by hand from the byte formats and the 2.0.0 chainspec file.
import { blake2b } from "@noble/hashes/blake2b";
import sdk from "casper-js-sdk";
import { readFileSync } from "node:fs";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CLT, clTuple2 } from "../host/bytesrepr/cl-type.ts";
import { blockMessageCountKey, encodeKey, formatKey, parseKey } from "../host/bytesrepr/key.ts";
import type { StoredValue } from "../host/bytesrepr/stored-value.ts";
import { Engine, type EngineSnapshot } from "../host/engine/engine.ts";
import { cat, entryPointsBytes, hex, str, u32le } from "./helpers/engine-bytes.ts";
import { LONG_UNICODE_PAYLOAD, MESSENGER_ENTRY_POINTS, UNICODE_PAYLOAD, bytesPayload, messengerWasm, sessionCalling, stringPayload, upgradeMessengerWasm } from "./helpers/engine-2x.ts";

const { Key } = sdk;
const CHAINSPEC = JSON.parse(readFileSync(new URL("../host/gas/chainspecs/2.0.0.json", import.meta.url), "utf8"));
const COSTS = CHAINSPEC.wasm.host_function_costs;
const LIMITS = CHAINSPEC.wasm.messages_limits;
const GAS_PER_BYTE = BigInt(CHAINSPEC.storage_costs.gas_per_byte);
const b2b = (b: Uint8Array | string) => blake2b(typeof b === "string" ? new TextEncoder().encode(b) : b, { dkLen: 32 });
/** A StoredValue::Message's checksum (read from it: the engine computes it when first read). */
const checksumIn = (v: StoredValue | undefined): Uint8Array | undefined => (v?.kind === "Message" ? v.checksum : undefined);
const u64le = (n: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, true);
  return b;
};

/** emit_message's host charge: cost + n x cost_increase_per_message + the weighted args (externals.rs). */
function emitHostGas(n: number, topicSize: number, payloadSize: number): bigint {
  const [w0, w1, w2, w3] = COSTS.emit_message.arguments;
  return BigInt(COSTS.emit_message.cost) + BigInt(n) * BigInt(COSTS.cost_increase_per_message)
    + BigInt(w1) * BigInt(topicSize) + BigInt(w3) * BigInt(payloadSize) + BigInt(w0) * 0n + BigInt(w2) * 0n;
}

/**
 * metered_emit_message's storage charge: StoredValue::MessageTopic (tag + u32 count + u64 blocktime +
 * String name), StoredValue::Message (tag + 32-byte checksum), StoredValue::CLValue((BlockTime, u64))
 * (tag + u32 length + 16 bytes + Tuple2(U64, U64) type: 3 bytes).
 */
const emitStorageBytes = (topic: string) => (1 + 4 + 8 + 4 + topic.length) + (1 + 32) + (1 + 4 + 16 + 3);

describe("messages (2.0.0)", () => {
  let engine: Engine;
  let installed: EngineSnapshot;
  let contract: string; // hash-…
  let contractHex: string;

  beforeAll(() => {
    engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", messengerWasm()).expectSuccess();
    contract = engine.account("alice").namedKeys.messenger;
    contractHex = contract.slice(5);
    installed = engine.snapshot();
  });
  beforeEach(() => engine.restore(installed));

  const call = (ep: string) => engine.callByHash("alice", contract, ep);

  it("installing registers each topic: a MessageTopic summary under Key::Message(entity-contract, blake2b(name))", () => {
    const topicKey = `message-topic-entity-contract-${contractHex}-${hex(b2b("events"))}`;
    const v = engine.query(topicKey);
    expect(v).toEqual({ kind: "MessageTopic", summary: { messageCount: 0, blocktime: engine.blocktime, topicName: "events" } });
    // Key::Message = tag 19 + MessageAddr (EntityAddr tag 2 + hash, topic hash, Option<u32> index: None)
    // (contract_messages.rs ToBytes; casper-js-sdk 5.0.12's MessageAddr leaves out the Option tag, and
    // prints the index in decimal where the node uses hex: the node's layout is the one global state has)
    expect(hex(encodeKey(parseKey(topicKey)))).toBe(hex(cat(new Uint8Array([19, 2]), Buffer.from(contractHex, "hex"), b2b("events"), new Uint8Array([0]))));
    const sdkKey = Key.newKey(topicKey);
    expect(hex(sdkKey.bytes())).toBe(hex(cat(new Uint8Array([19, 2]), Buffer.from(contractHex, "hex"), b2b("events"))));
    // the contract's entry points are stored in the legacy Contract record (no payment byte kept)
    expect([...engine.entryPoints(contract).keys()]).toEqual([...MESSENGER_ENTRY_POINTS].sort());
  });

  it("emit_message: the message in the result, its checksum and the topic summary in global state", () => {
    const r = call("emit_string").expectSuccess();
    expect(r.messages.map(({ raw: _, ...m }) => m)).toEqual([{
      entityAddr: `entity-contract-${contractHex}`,
      topicName: "events",
      topicNameHash: hex(b2b("events")),
      payload: { String: "hello" },
      topicIndex: 0,
      blockIndex: 0n,
    }]);
    // Message::checksum = blake2b((block_index: u64, payload).to_bytes())
    const checksum = engine.query(`message-entity-contract-${contractHex}-${hex(b2b("events"))}-0`);
    expect(checksumIn(checksum)).toEqual(b2b(cat(u64le(0n), stringPayload("hello"))));
    expect(engine.query(`message-topic-entity-contract-${contractHex}-${hex(b2b("events"))}`)).toMatchObject({ summary: { messageCount: 1, topicName: "events" } });
    // Key::BlockGlobal(MessageCount) = (BlockTime, u64) of the block
    const count = engine.value(`block-message-count-${"00".repeat(31)}`);
    expect(hex(count.bytes())).toBe(hex(cat(u64le(engine.blocktime), u64le(1n))));
  });

  it("String payloads beyond ASCII, short and over 64 bytes, come back as written; their checksums hash the UTF-8 bytes", () => {
    for (const [ep, text] of [["emit_unicode", UNICODE_PAYLOAD], ["emit_long_unicode", LONG_UNICODE_PAYLOAD]] as const) {
      engine.advanceTime(1);
      const r = call(ep).expectSuccess();
      expect(r.messages.map((m) => m.payload)).toEqual([{ String: text }]);
      expect(checksumIn(engine.query(`message-entity-contract-${contractHex}-${hex(b2b("events"))}-0`))).toEqual(b2b(cat(u64le(0n), stringPayload(text))));
    }
  });

  it("Bytes payloads, and indices: per topic and per block, continuing across deploys of a block, restarting in the next", () => {
    const a = call("emit_bytes").expectSuccess();
    expect(a.messages[0].payload).toEqual({ Bytes: new Uint8Array([1, 2, 3]) });
    expect(checksumIn(engine.query(`message-entity-contract-${contractHex}-${hex(b2b("events"))}-0`))).toEqual(b2b(cat(u64le(0n), bytesPayload(new Uint8Array([1, 2, 3])))));
    const b = call("emit_ten").expectSuccess();
    expect(b.messages.map((m) => [m.topicIndex, m.blockIndex])).toEqual(Array.from({ length: 10 }, (_, i) => [i + 1, BigInt(i + 1)]));
    // the message index is hex in the key's formatted string (contract_messages.rs `{:x}`)
    expect(engine.query(`message-entity-contract-${contractHex}-${hex(b2b("events"))}-a`)).toMatchObject({ kind: "Message" });
    engine.advanceTime(16_384);
    const c = call("emit_string").expectSuccess();
    expect(c.messages.map((m) => [m.topicIndex, m.blockIndex])).toEqual([[0, 0n]]);
  });

  it("a topic's first message of a new block prunes the previous block's checksums 1..count (runtime/mod.rs emit_message), uncharged; a revert keeps them", () => {
    const checksumKey = (i: number) => `message-entity-contract-${contractHex}-${hex(b2b("events"))}-${i.toString(16)}`;
    const present = () => Array.from({ length: 11 }, (_, i) => engine.state.read(parseKey(checksumKey(i))) !== undefined);
    // the gas of a first message in a block whose topic had none before
    engine.advanceTime(16_384);
    const fresh = call("emit_string").expectSuccess();
    engine.restore(installed);

    call("emit_ten").expectSuccess(); // indices 0..9 in this block
    expect(present()).toEqual([...Array(10).fill(true), false]);
    engine.advanceTime(16_384);
    // a reverted deploy's prunes go with its other effects
    call("emit_then_revert").expectRevert(1, { user: true });
    expect(present()).toEqual([...Array(10).fill(true), false]);
    const r = call("emit_string").expectSuccess();
    // `for index in 1..prev_topic_summary.message_count() { prune_gs_unsafe(Key::message(.., index)) }`,
    // then index 0 is written again (blake2b of block index 0 and the new payload)
    expect(present()).toEqual([true, ...Array(10).fill(false)]);
    expect(checksumIn(engine.query(checksumKey(0)))).toEqual(b2b(cat(u64le(0n), stringPayload("hello"))));
    // (the deploy's processing hold is pruned too: operations.rs clears the paying purse's holds)
    const prunedMessages = (keys: string[]) => keys.filter((k) => k.startsWith("message-"));
    expect(prunedMessages(r.journal.filter((j) => j.transform === "Prune").map((j) => formatKey(j.key)))).toEqual(Array.from({ length: 9 }, (_, i) => checksumKey(i + 1)));
    expect(prunedMessages(r.effects.writes.filter((w) => w.value === "(pruned)").map((w) => w.key))).toEqual(Array.from({ length: 9 }, (_, i) => checksumKey(i + 1)));
    // prune_gs_unsafe is not metered: the same gas as a first message after an empty block
    expect(r.gas).toBe(fresh.gas);
    expect(r.messages.map((m) => [m.topicIndex, m.blockIndex])).toEqual([[0, 0n]]);
  });

  it("pruning past the first 64 indices, block after block: every checksum 1..count goes, whichever way its key was made", () => {
    const checksumKey = (i: number) => `message-entity-contract-${contractHex}-${hex(b2b("events"))}-${i.toString(16)}`;
    const present = (n: number) => Array.from({ length: n }, (_, i) => engine.state.read(parseKey(checksumKey(i))) !== undefined);
    for (let round = 0; round < 2; round++) {
      engine.advanceTime(16_384);
      for (let d = 0; d < 7; d++) call("emit_ten").expectSuccess(); // indices 0..69 in one block
      expect(present(71)).toEqual([...Array(70).fill(true), false]);
      engine.advanceTime(16_384);
      const r = call("emit_string").expectSuccess();
      expect(present(71)).toEqual([true, ...Array(70).fill(false)]);
      const pruned = r.journal.filter((j) => j.transform === "Prune").map((j) => formatKey(j.key)).filter((k) => k.startsWith("message-"));
      expect(pruned).toEqual(Array.from({ length: 69 }, (_, i) => checksumKey(i + 1)));
    }
  });

  it("a reverted deploy carries no message and leaves the topic as it was", () => {
    const r = call("emit_then_revert");
    r.expectRevert(1, { user: true });
    expect(r.messages).toEqual([]);
    expect(engine.query(`message-topic-entity-contract-${contractHex}-${hex(b2b("events"))}`)).toMatchObject({ summary: { messageCount: 0 } });
    expect(call("emit_string").expectSuccess().messages[0].topicIndex).toBe(0);
  });

  it("errors, returned as the node returns them", () => {
    call("emit_unregistered").expectRevert(44); // MessageTopicNotRegistered
    expect(call("emit_unregistered").error!.message).toBe("ApiError::MessageTopicNotRegistered [44]");
    call("emit_long_topic").expectRevert(43); // MaxTopicNameSizeExceeded (> max_topic_name_size bytes)
    call("emit_big").expectRevert(46); // MessageTooLarge (> max_message_size bytes of serialized payload)
    call("emit_max").expectSuccess(); // exactly max_message_size is fine
    // a topic name that is not UTF-8 traps (externals.rs from_utf8 -> InvalidUtf8Encoding)
    call("emit_bad_utf8").expectError("InvalidUtf8Encoding", "Invalid UTF-8 string encoding: invalid utf-8 sequence of 1 bytes from index 1");
    // a payload that does not deserialize traps (t_from_mem)
    call("emit_bad_payload").expectError("BytesRepr");
    // a String payload that is not UTF-8: String::from_bytes fails (bytesrepr Formatting), as a bad tag does
    call("emit_bad_utf8_payload").expectError("BytesRepr");
    // session code is an account's context: its topics are never registered
    const d = (topic: string) => sessionCalling("casper_emit_message", (data) => {
      const t = data.utf8(topic);
      const p = data.bytes(stringPayload("x"));
      return `(i32.const ${t.ptr}) (i32.const ${t.len}) (i32.const ${p.ptr}) (i32.const ${p.len})`;
    });
    engine.runSession("alice", d("events")).expectRevert(44);
  });

  it("the block's message count is read as CLValue::into_t reads it: a value that is not (BlockTime, u64) is a CLValue error, not a crash", () => {
    // (only the engine writes Key::BlockGlobal(MessageCount); a state put by hand stands in for a corrupt one)
    engine.state.put(blockMessageCountKey, { kind: "CLValue", value: { clType: clTuple2(CLT.U64, CLT.U64), bytes: new Uint8Array(12) } });
    call("emit_string").expectError("CLValue");
    engine.state.put(blockMessageCountKey, { kind: "CLValue", value: { clType: clTuple2(CLT.U64, CLT.U64), bytes: cat(u64le(engine.blocktime), u64le(7n)) } });
    expect(call("emit_string").expectSuccess().messages[0].blockIndex).toBe(7n); // the count of this block goes on
  });

  it("manage_message_topic: Add registers a topic (stored contracts only); duplicates, bad operations and long names fail", () => {
    call("emit_fresh").expectRevert(44);
    call("add_topic").expectSuccess();
    call("emit_fresh").expectSuccess();
    call("add_topic").expectRevert(41); // MessageTopicAlreadyRegistered
    call("add_topic_bad_op").expectError("InvalidImputedOperation", "The imputed operation is invalid");
    call("add_topic_long").expectRevert(43);
    const session = sessionCalling("casper_manage_message_topic", (data) => {
      const t = data.utf8("mine");
      const op = data.bytes(new Uint8Array([0]));
      return `(i32.const ${t.ptr}) (i32.const ${t.len}) (i32.const ${op.ptr}) (i32.const 1)`;
    });
    engine.runSession("alice", session).expectError("InvalidContext");
  });

  it("gas: emit_message costs its host cost, growing by cost_increase_per_message per message of the execution, plus the storage of its three records", () => {
    if (!engine.metered) return;
    const one = call("emit_string").expectSuccess();
    const hello = stringPayload("hello").length;
    expect(one.gasBreakdown.host).toBe(emitHostGas(0, 6, hello));
    expect(one.gasBreakdown.storage).toBe(GAS_PER_BYTE * BigInt(emitStorageBytes("events")));
    const ten = call("emit_ten").expectSuccess();
    let host = 0n;
    for (let n = 0; n < 10; n++) host += emitHostGas(n, 6, hello);
    expect(ten.gasBreakdown.host).toBe(host);
    expect(ten.gasBreakdown.storage).toBe(10n * GAS_PER_BYTE * BigInt(emitStorageBytes("events")));
    // the growth restarts with each execution (runtime_context emit_message_cost starts at the chainspec cost)
    expect(call("emit_string").expectSuccess().gasBreakdown.host).toBe(emitHostGas(0, 6, hello));
    // a failed emit is charged but does not make the next one dearer
    const unregistered = call("emit_unregistered");
    expect(unregistered.gasBreakdown.host).toBeGreaterThanOrEqual(emitHostGas(0, 4, hello));
  });

  it("figures of the 2.0.0 chainspec these rules read", () => {
    expect(LIMITS).toEqual({ max_topic_name_size: 256, max_topics_per_contract: 128, max_message_size: 1024 });
    expect(COSTS.emit_message).toEqual({ cost: 200, arguments: [0, 30_000, 0, 120_000] });
    expect(COSTS.cost_increase_per_message).toBe(50);
  });
});

describe("topic registration at install and upgrade (2.0.0)", () => {
  it("too many topics: ApiError::MaxTopicsNumberExceeded [42], counting the version's topics with the ones carried forward", () => {
    const engine = new Engine({ protocol: "2.0.0", chainspec: { wasm: { messages_limits: { max_topic_name_size: 256, max_topics_per_contract: 2, max_message_size: 1024 } } } });
    engine.runSession("alice", messengerWasm({ topics: ["a", "b", "c"] })).expectRevert(42);
    engine.runSession("alice", messengerWasm({ topics: ["a", "events"] })).expectSuccess();
    // the two topics carried to version 2 plus one more
    engine.runSession("alice", upgradeMessengerWasm(["more"])).expectRevert(42);
    // manage_message_topic at the limit
    engine.callByName("alice", "messenger", "add_topic").expectRevert(42);
  });

  it("an upgrade carries the topics forward to the new contract (fresh summaries); re-adding one is MessageTopicAlreadyRegistered [41]", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", messengerWasm()).expectSuccess();
    engine.callByName("alice", "messenger", "emit_string").expectSuccess();
    engine.runSession("alice", upgradeMessengerWasm(["events"])).expectRevert(41);
    const up = engine.runSession("alice", upgradeMessengerWasm(["more"])).expectSuccess();
    const v2 = engine.account("alice").namedKeys.messenger_v2.slice(5);
    for (const t of ["events", "more"]) {
      expect(engine.query(`message-topic-entity-contract-${v2}-${hex(b2b(t))}`)).toEqual({ kind: "MessageTopic", summary: { messageCount: 0, blocktime: engine.blocktime, topicName: t } });
    }
    // written before the wasm, contract and package records, in name order (carry_forward_message_topics)
    const written = up.journal.map((j) => j.value?.kind);
    expect(written.indexOf("MessageTopic")).toBeLessThan(written.indexOf("ContractWasm"));
  });

  it("add_package_version_with_message_topics: the same in legacy mode; output_size < 32 is BufferTooSmall before anything is read", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", messengerWasm({ addVersion: "casper_add_package_version_with_message_topics" })).expectSuccess();
    engine.callByName("alice", "messenger", "emit_string").expectSuccess();
    // pointers outside memory (sizes 0, 32 bytes of hash): BufferTooSmall comes before any of them is read
    for (const name of ["casper_add_contract_version_with_message_topics", "casper_add_package_version_with_message_topics"]) {
      const out = 0x20000;
      const wasm = sessionCalling(name, () => `(i32.const ${out}) (i32.const 32) (i32.const ${out}) (i32.const ${out}) (i32.const 0) (i32.const ${out}) (i32.const 0) (i32.const ${out}) (i32.const 0) (i32.const ${out}) (i32.const 31)`);
      engine.runSession("alice", wasm).expectRevert(32);
    }
  });

  it("a topic name over max_topic_name_size bytes (UTF-8) is MaxTopicNameSizeExceeded [43]; exactly the limit installs", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", messengerWasm({ topics: ["é".repeat(129)] })).expectRevert(43); // 258 bytes
    engine.runSession("alice", messengerWasm({ topics: ["é".repeat(128)] })).expectSuccess(); // 256 bytes
  });

  it("2.0 entry points are read in the EntityEntryPoint format: the 1.x format (no payment byte) is a serialization error", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    const legacy = entryPointsBytes(MESSENGER_ENTRY_POINTS.map((name) => ({ name, type: "contract" as const })));
    engine.runSession("alice", messengerWasm({ entryPoints: legacy })).expectError("BytesRepr", /entry_point_payment/);
    const badPayment = entryPointsBytes([{ name: "emit_string", type: "contract", payment: 3 }], { entity: true });
    engine.runSession("alice", messengerWasm({ entryPoints: badPayment })).expectError("BytesRepr", /EntryPointPayment|entry_point_payment/);
    const badType = cat(u32le(1), str("emit_string"), str("emit_string"), u32le(0), new Uint8Array([9, 1, 2, 0]));
    engine.runSession("alice", messengerWasm({ entryPoints: badType })).expectError("BytesRepr", /entry_point_type/);
  });
});

describe("messages on 1.5.8: none of the imports exist", () => {
  it("a module importing casper_emit_message / casper_manage_message_topic / *_with_message_topics is refused by the resolver, naming the import", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    const r = engine.runSession("alice", messengerWasm());
    r.expectError("Interpreter", /host module doesn't export function with name casper_(add_contract_version_with_message_topics|emit_message|manage_message_topic)/);
    for (const name of ["casper_emit_message", "casper_manage_message_topic"]) {
      const wasm = sessionCalling(name, () => "(i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)");
      engine.runSession("alice", wasm).expectError("Interpreter", `host module doesn't export function with name ${name}`);
    }
  });
});
