// CEP-18's Casper 2.x events (cep18_2x.wasm on the engine's 2.0.0 mode), selected by events_mode as Rust's
// CEP-18 for 2.x numbers them: 2 native messages, 3 native messages and CES. The "events" topic is
// registered at install (add_contract_version_with_message_topics) only for those modes; each event is one
// message on it, a MessagePayload::Bytes holding the event's CES bytes (String "event_<Name>" and the
// fields), so the contract's CES schema decodes it: checked with the npm CES parser (ces-js-parser 1.3.3)
// and with the client decoder the build generated from the schema. Mode 3 stores the same bytes as a CES
// event, message first (Rust's record_event_dictionary order). The 1.5.x build (cep18.wasm) knows only
// modes 0 and 1, as Rust's v1.1.0: 2 and 3 fail its install with InvalidEventsMode, as 4 fails the 2.x build's.
//
// Rust's CEP-18 for 2.x sends `format!("{event:?}")` (Rust Debug text) as a String message; ours sends the
// CES bytes instead, which any CES decoder reads: that difference is by design (README, CEP-18).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import sdk from "casper-js-sdk";
import { blake2b } from "@noble/hashes/blake2b";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { decodeEvent, type ClientSchema } from "../scripts/client/index.ts";

const { CLValue, Key, CLValueParser } = sdk;
type SdkCLValue = InstanceType<typeof CLValue>;
const oracle = createRequire(import.meta.url)("./oracles/ces-js-parser/index.cjs") as {
  ces: {
    parseSchemasFromBytes(bytes: Uint8Array): Record<string, { property: string; value: unknown }[]>;
    parseEventNameAndData(rawEventHex: string, schemas: Record<string, unknown>): { name: string; data: Record<string, unknown> };
  };
  sdk: { CLValueParsers: { toBytes(v: unknown): { unwrap(): Uint8Array } } };
};

const CSPR = 1_000_000_000n;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const u256 = (n: bigint) => CLValue.newCLUInt256(n);

describe("CEP-18 native events (Casper 2.x build)", () => {
  const schema = JSON.parse(readFileSync(new URL("../build/cep18_2x.schema.json", import.meta.url), "utf8")) as ClientSchema;
  let engine: Engine;
  const key = (who: string) => CLValue.newCLKey(Key.newKey(engine.account(who).accountHash));
  const install = (who: string, name: string, mode: number, wasm = artifact("cep18_2x")) =>
    engine.runSession(who, wasm, {
      name: CLValue.newCLString(name),
      symbol: CLValue.newCLString("N"),
      decimals: CLValue.newCLUint8(0),
      total_supply: u256(1_000n),
      events_mode: CLValue.newCLUint8(mode),
    }, { payment: 600n * CSPR });
  const token = (who: string, name: string) => engine.account(who).namedKeys[`cep18_contract_hash_${name}`];
  const topicKey = (contract: string) => `message-topic-entity-contract-${contract.slice(5)}-${hex(blake2b(new TextEncoder().encode("events"), { dkLen: 32 }))}`;
  const topicExists = (contract: string) => {
    try {
      return engine.query(topicKey(contract)).kind === "MessageTopic";
    } catch {
      return false;
    }
  };
  /** The CES bytes of an event, as the Rust and our 1.5 builds store them. */
  const cesBytes = (name: string, ...fields: SdkCLValue[]) => Buffer.concat([CLValue.newCLString(`event_${name}`).bytes(), ...fields.map((f) => f.bytes())]);

  beforeAll(() => {
    engine = new Engine({ protocol: "2.0.0" });
  });

  it("events_mode 2: the topic registered at install, the install's Mint and each event one Bytes message with the CES bytes; no CES keys", () => {
    const r = install("alice", "Native", 2).expectSuccess();
    const t = token("alice", "Native");
    expect(topicExists(t)).toBe(true);
    // the install's Mint, sent by the contract (the installer calls init for it, as Rust's installer does)
    expect(r.messages.map((m) => [m.topicName, m.entityAddr, m.topicIndex])).toEqual([["events", `entity-contract-${t.slice(5)}`, 0]]);
    expect(hex((r.messages[0].payload as { Bytes: Uint8Array }).Bytes)).toBe(hex(cesBytes("Mint", key("alice"), u256(1_000n))));
    expect([...engine.namedKeys(t).keys()].filter((k) => k.startsWith("__events"))).toEqual([]);
    expect(engine.namedKey(t, "package_hash")).toEqual(engine.namedKey("alice", "cep18_contract_package_Native"));
    // init ran once: called again, it refuses
    engine.callByHash("alice", t, "init", { package_hash: CLValue.newCLKey(Key.newKey(t)) }, { payment: 10n * CSPR }).expectRevert(60015, { user: true });
    const transfer = engine.callByHash("alice", t, "transfer", { recipient: key("bob"), amount: u256(7n) }, { payment: 10n * CSPR }).expectSuccess();
    expect(transfer.messages.map((m) => [m.topicName, m.entityAddr, m.topicIndex])).toEqual([["events", `entity-contract-${t.slice(5)}`, 1]]);
    const payload = (transfer.messages[0].payload as { Bytes: Uint8Array }).Bytes;
    expect(hex(payload)).toBe(hex(cesBytes("Transfer", key("alice"), key("bob"), u256(7n))));
    expect(decodeEvent(schema, payload)).toEqual({
      name: "Transfer",
      data: { sender: `account-hash-${engine.account("alice").accountHash.slice(13)}`, recipient: `account-hash-${engine.account("bob").accountHash.slice(13)}`, amount: 7n },
    });
    // a failed deploy sends none
    expect(engine.callByHash("bob", t, "transfer", { recipient: key("alice"), amount: u256(8n) }, { payment: 10n * CSPR }).messages).toEqual([]);
  });

  it("events_mode 3: a message and a CES event for each, the same bytes; the npm CES parser reads the message with the contract's schema", () => {
    install("carol", "Both", 3).expectSuccess();
    const t = token("carol", "Both");
    expect(topicExists(t)).toBe(true);
    // the install's Mint as a CES event too (init, called by the installer)
    expect(hex(engine.dictionaryItem(t, "0", "__events").bytes()).slice(8)).toBe(hex(cesBytes("Mint", key("carol"), u256(1_000n))));
    const approve = engine.callByHash("carol", t, "approve", { spender: key("dave"), amount: u256(30n) }, { payment: 10n * CSPR }).expectSuccess();
    expect(approve.messages).toHaveLength(1);
    const payload = (approve.messages[0].payload as { Bytes: Uint8Array }).Bytes;
    expect(Number(engine.value(t, ["__events_length"]).toString())).toBe(2); // the install's Mint, the SetAllowance
    const stored = engine.dictionaryItem(t, "1", "__events");
    expect(hex(stored.bytes()).slice(8)).toBe(hex(payload)); // the CES item: u32 length, then the same bytes
    const schemaValue = engine.query(t, ["__events_schema"]);
    if (schemaValue.kind !== "CLValue") throw new Error("no schema");
    const schemas = oracle.ces.parseSchemasFromBytes(schemaValue.value.bytes);
    const parsed = oracle.ces.parseEventNameAndData(hex(CLValueParser.toBytesWithType(CLValue.newCLList(sdk.CLTypeUInt8, [...payload].map((b) => CLValue.newCLUint8(b))))), schemas);
    expect(parsed.name).toBe("SetAllowance");
    expect(hex(oracle.sdk.CLValueParsers.toBytes(parsed.data.spender).unwrap())).toBe(hex(key("dave").bytes()));
    expect(hex(oracle.sdk.CLValueParsers.toBytes(parsed.data.allowance).unwrap())).toBe(hex(u256(30n).bytes()));
  });

  it("events_mode 0 and 1 register no topic (the 2.x build otherwise behaves as the 1.5.x one); 4 is InvalidEventsMode", () => {
    install("dave", "Quiet", 0).expectSuccess();
    install("erin", "Ces", 1).expectSuccess();
    expect(topicExists(token("dave", "Quiet"))).toBe(false);
    expect(topicExists(token("erin", "Ces"))).toBe(false);
    expect(engine.callByHash("erin", token("erin", "Ces"), "transfer", { recipient: key("bob"), amount: u256(1n) }, { payment: 10n * CSPR }).expectSuccess().messages).toEqual([]);
    install("frank", "Bad", 4).expectRevert(60006, { user: true });
    expect(engine.account("frank").namedKeys).toEqual({});
  });

  it("the 1.5.x build (cep18.wasm), as Rust's v1.1.0, knows modes 0 and 1 only: 2 and 3 fail its install with InvalidEventsMode", () => {
    install("frank", "Old2", 2, artifact("cep18")).expectRevert(60006, { user: true });
    install("frank", "Old3", 3, artifact("cep18")).expectRevert(60006, { user: true });
  });
});
