// Casper 2.x native messages from a class-form contract (tests/contracts/class_messages.ts) on the engine's
// 2.0.0 mode. Built for protocol 2.0.0 (CASPER_2X), the installer adds its version through
// casper_add_contract_version_with_message_topics (casper-node 2.0 runtime/externals.rs) with the 2.0
// EntityEntryPoints and the topic its constructor registered; an upgrade carries the topics forward
// (runtime/mod.rs carry_forward_message_topics). An @event emitted as a Bytes message holding the CES event
// bytes, a String message, a topic registered later (manage_message_topic) and the host's errors. The
// module is for 2.x only: the build's check for a declared 1.5.8 names the imports a 1.5.x node lacks.
import sdk from "casper-js-sdk";
import { blake2b } from "@noble/hashes/blake2b";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { checkArtifact } from "../scripts/build/checks.ts";
import { readSections } from "../scripts/build/wasm-sections.ts";
import { classContract } from "./helpers/class-contracts.ts";

const { CLValue, Key } = sdk;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const topicHash = (name: string) => hex(blake2b(new TextEncoder().encode(name), { dkLen: 32 }));

describe("messages from a class-form contract (2.0.0)", () => {
  let wasm: Uint8Array;
  let engine: Engine;
  let contract: string;
  const topicKey = (name: string, c = contract) => `message-topic-entity-contract-${c.slice(5)}-${topicHash(name)}`;
  beforeAll(async () => {
    wasm = (await classContract("tests/contracts/class_messages.ts", "release", "2.0.0")).wasm;
    engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", wasm, {}, { payment: 100n * 10n ** 9n }).expectSuccess();
    contract = engine.account("alice").namedKeys.messages;
  }, 60_000);

  it("installs through add_contract_version_with_message_topics, the topic its constructor registered going with the install", () => {
    const imports = readSections(wasm).imports.map((i) => i.name);
    expect(imports).toContain("casper_add_contract_version_with_message_topics");
    expect(imports).not.toContain("casper_add_contract_version");
    expect(engine.query(topicKey("payments"))).toEqual({ kind: "MessageTopic", summary: { messageCount: 0, blocktime: engine.blocktime, topicName: "payments" } });
  });

  it("an @event as a Bytes message (the CES event's bytes) and a String message, on the topic registered at install", () => {
    const to = CLValue.newCLKey(Key.newKey(engine.account("bob").accountHash));
    const r = engine.callByHash("alice", contract, "pay", { to, amount: CLValue.newCLUInt256(77n) });
    r.expectSuccess();
    expect(r.messages.map((m) => [m.entityAddr, m.topicName, m.topicNameHash, m.topicIndex])).toEqual([
      [`entity-contract-${contract.slice(5)}`, "payments", topicHash("payments"), 0],
      [`entity-contract-${contract.slice(5)}`, "payments", topicHash("payments"), 1],
    ]);
    const event = Buffer.concat([CLValue.newCLString("event_Paid").bytes(), to.bytes(), CLValue.newCLUInt256(77n).bytes()]);
    expect(hex((r.messages[0].payload as { Bytes: Uint8Array }).Bytes)).toBe(hex(event));
    expect(r.messages[1].payload).toEqual({ String: "paid" });
  });

  it("a topic never registered: the host's error comes back and is reverted with; registered from an entry point, it works; twice: 41", () => {
    const say = (topic: string) => engine.callByHash("alice", contract, "say", { topic: CLValue.newCLString(topic) });
    const stray = say("later");
    stray.expectRevert(44); // MessageTopicNotRegistered (casper-types 2.0 api_error.rs)
    expect(stray.messages).toEqual([]);
    const add = (topic: string) => engine.callByHash("alice", contract, "add_topic", { topic: CLValue.newCLString(topic) });
    add("later").expectSuccess();
    expect(say("later").expectSuccess().messages.map((m) => m.topicName)).toEqual(["later"]);
    add("payments").expectRevert(41); // MessageTopicAlreadyRegistered: registered at install
  });

  it("an upgrade adds a version the same way and keeps the topics (carried forward by the host)", () => {
    engine.runSession("alice", wasm, {}, { payment: 100n * 10n ** 9n }).expectSuccess();
    const upgraded = engine.account("alice").namedKeys.messages;
    expect(upgraded).not.toBe(contract);
    expect(engine.query(topicKey("payments", upgraded))).toMatchObject({ kind: "MessageTopic", summary: { topicName: "payments" } });
    const to = CLValue.newCLKey(Key.newKey(engine.account("bob").accountHash));
    expect(engine.callByHash("alice", upgraded, "pay", { to, amount: CLValue.newCLUInt256(1n) }).expectSuccess().messages).toHaveLength(2);
  });

  it("is a 2.x module: declared for 1.5.8, the build names the message imports", async () => {
    const problems = (await checkArtifact(wasm, { protocol: "1.5.8", declaredIn: "casper.build.json contracts.class_messages.protocol" })).problems;
    expect(problems[0]).toEqual({
      code: "ProtocolMismatch",
      message: expect.stringMatching(/^casper\.build\.json contracts\.class_messages\.protocol is 1\.5\.8 but the module is Casper 2\.x only: .*imports casper_emit_message/),
    });
    const text = problems.map((p) => p.message).join("\n");
    expect(text).toMatch(/casper_manage_message_topic/);
  });

  it("built without the 2.0.0 declaration, registerTopic is a compile error naming the protocol", async () => {
    await expect(classContract("tests/contracts/class_messages.ts")).rejects.toThrow(/registerTopic: message topics exist on Casper 2\.x only; build the contract for protocol 2\.0\.0/);
  });
});
