// Casper 2.x native messages from a class-form contract (tests/contracts/class_messages.ts) on the engine's
// 2.0.0 mode: the topic init registers, an @event emitted as a Bytes message holding the CES event bytes, a
// String message, and the host's error for an unregistered topic. The module is for 2.x only: the build's
// check for protocol 1.5.8 names the imports a 1.5.x node lacks.
import sdk from "casper-js-sdk";
import { blake2b } from "@noble/hashes/blake2b";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { checkArtifact } from "../scripts/build/checks.ts";
import { classContract } from "./helpers/class-contracts.ts";

const { CLValue, Key } = sdk;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("messages from a class-form contract (2.0.0)", () => {
  let wasm: Uint8Array;
  let engine: Engine;
  let contract: string;
  beforeAll(async () => {
    wasm = (await classContract("tests/contracts/class_messages.ts", "release", "2.0.0")).wasm;
    engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", wasm, {}, { payment: 100n * 10n ** 9n }).expectSuccess();
    contract = engine.account("alice").namedKeys.messages;
  }, 60_000);

  it("an @event as a Bytes message (the CES event's bytes) and a String message, on the topic init registered", () => {
    const to = CLValue.newCLKey(Key.newKey(engine.account("bob").accountHash));
    const r = engine.callByHash("alice", contract, "pay", { to, amount: CLValue.newCLUInt256(77n) });
    r.expectSuccess();
    expect(r.messages.map((m) => [m.entityAddr, m.topicName, m.topicNameHash, m.topicIndex])).toEqual([
      [`entity-contract-${contract.slice(5)}`, "payments", hex(blake2b(new TextEncoder().encode("payments"), { dkLen: 32 })), 0],
      [`entity-contract-${contract.slice(5)}`, "payments", hex(blake2b(new TextEncoder().encode("payments"), { dkLen: 32 })), 1],
    ]);
    const event = Buffer.concat([CLValue.newCLString("event_Paid").bytes(), to.bytes(), CLValue.newCLUInt256(77n).bytes()]);
    expect(hex((r.messages[0].payload as { Bytes: Uint8Array }).Bytes)).toBe(hex(event));
    expect(r.messages[1].payload).toEqual({ String: "paid" });
  });

  it("a topic never registered: the host's error comes back and is reverted with", () => {
    const r = engine.callByHash("alice", contract, "stray");
    expect(r.success).toBe(false);
    expect(r.error!.kind).toBe("Revert");
    expect(r.error!.message).toMatch(/MessageTopicNotRegistered|\[4[0-9]\]/);
    expect(r.messages).toEqual([]);
  });

  it("is a 2.x module: checked for 1.5.8, the build names the message imports", async () => {
    const problems = (await checkArtifact(wasm, { protocol: "1.5.8" })).problems.map((p) => p.message).join("\n");
    expect(problems).toMatch(/casper_emit_message/);
    expect(problems).toMatch(/casper_manage_message_topic/);
  });
});
