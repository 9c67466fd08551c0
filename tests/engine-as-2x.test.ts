// The contract API's Casper 2.x support end to end on the engine: installs on both protocols now that the
// engine's 2.0 mode, like casper-node 2.0, never writes bytes_written (a control decoding by it reverts with
// 17 there), and tests/contracts/messenger.ts (AssemblyScript, 2.x only) emitting messages, verifying
// signatures, hashing, reading block info and caller information on the engine in 2.0 mode; 1.5.8 mode
// refuses it, naming the import.
import { beforeAll, describe, expect, it } from "vitest";
import sdk from "casper-js-sdk";
import { blake2b } from "@noble/hashes/blake2b";
import { blake3 } from "@noble/hashes/blake3";
import { sha256 } from "@noble/hashes/sha256";
import { Engine } from "../host/engine/engine.ts";
import { compileModule } from "./helpers/as-build.ts";
import { artifact } from "./helpers/engine-artifacts.ts";

const { CLValue, CLTypeUInt8 } = sdk;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const PROTOCOLS = ["1.5.8", "2.0.0"] as const;

let installSession: Uint8Array;
let messenger: Uint8Array;
beforeAll(async () => {
  [installSession, messenger] = await Promise.all([compileModule("tests/probes/install_session.ts"), compileModule("tests/contracts/messenger.ts")]);
}, 120_000);

describe("contract installs on both protocols (no bytes_written on 2.0)", () => {
  it("control: decoding the hash by bytes_written works on 1.5.8 and reverts with EarlyEndOfStream (17) on 2.0.0", () => {
    new Engine({ protocol: "1.5.8" }).runSession("alice", installSession, { case: CLValue.newCLUint8(0) }).expectSuccess();
    new Engine({ protocol: "2.0.0" }).runSession("alice", installSession, { case: CLValue.newCLUint8(0) }).expectRevert(17);
  });

  for (const protocol of PROTOCOLS) {
    it(`${protocol}: newContract, newLockedContract and addContractVersion name the contract they stored`, () => {
      for (const which of [1, 2, 3]) {
        const engine = new Engine({ protocol });
        engine.runSession("alice", installSession, { case: CLValue.newCLUint8(which) }).expectSuccess();
        expect([...engine.entryPoints("alice", "contract").keys()], `case ${which}`).toEqual(["go"]);
      }
    });

    it(`${protocol}: keys_manager.wasm installs and its entry points run`, () => {
      const engine = new Engine({ protocol });
      engine.runSession("alice", artifact("keys_manager")).expectSuccess();
      engine
        .callByName("alice", "keys_manager", "set_key_weight", { account: CLValue.newCLPublicKey(engine.key("bob").publicKey), weight: CLValue.newCLUint8(2) })
        .expectSuccess();
      expect(engine.account("alice").associatedKeys[engine.key("bob").accountHashHex]).toBe(2);
    });
  }
});

describe("messenger.wasm (tests/contracts/messenger.ts) on the engine", () => {
  function installed(): Engine {
    const engine = new Engine({ protocol: "2.0.0", blockHeight: 42n, parentBlockHash: new Uint8Array(32).fill(0xab) });
    // a 6.7 KB module: its stored wasm costs more than the default 10 CSPR payment
    engine.runSession("alice", messenger, undefined, { payment: 60n * 1_000_000_000n }).expectSuccess();
    return engine;
  }
  const bytesList = (b: Uint8Array) => CLValue.newCLList(CLTypeUInt8, [...b].map((x) => CLValue.newCLUint8(x)));

  it("1.5.8 refuses it, naming a 2.x-only import", () => {
    new Engine({ protocol: "1.5.8" }).runSession("alice", messenger).expectError("Interpreter", /host module doesn't export function with name casper_/);
  });

  it("installs with topic 'events'; emit puts a String message on it, emit_bytes a Bytes message", () => {
    const engine = installed();
    const contract = engine.account("alice").namedKeys.messenger;
    const r = engine.callByName("alice", "messenger", "emit", { text: CLValue.newCLString("hello") }).expectSuccess();
    expect(r.messages.map((m) => [m.entityAddr, m.topicName, m.payload, m.topicIndex])).toEqual([
      [`entity-contract-${contract.slice(5)}`, "events", { String: "hello" }, 0],
    ]);
    expect(r.messages[0].topicNameHash).toBe(hex(blake2b(new TextEncoder().encode("events"), { dkLen: 32 })));
    const b = engine.callByName("alice", "messenger", "emit_bytes", { topic: CLValue.newCLString("events"), data: bytesList(Uint8Array.of(1, 2, 3)) }).expectSuccess();
    expect(b.messages.map((m) => m.payload)).toEqual([{ Bytes: Uint8Array.of(1, 2, 3) }]);
  });

  it("an unregistered topic reverts with MessageTopicNotRegistered (44) and leaves no message; add_topic registers it", () => {
    const engine = installed();
    const emitFresh = () => engine.callByName("alice", "messenger", "emit_bytes", { topic: CLValue.newCLString("fresh"), data: bytesList(Uint8Array.of(9)) });
    const refused = emitFresh();
    refused.expectRevert(44);
    expect(refused.messages).toEqual([]);
    engine.callByName("alice", "messenger", "add_topic", { topic: CLValue.newCLString("fresh") }).expectSuccess();
    expect(emitFresh().expectSuccess().messages.map((m) => m.topicName)).toEqual(["fresh"]);
    engine.callByName("alice", "messenger", "add_topic", { topic: CLValue.newCLString("fresh") }).expectRevert(41); // MessageTopicAlreadyRegistered
  });

  it("verify: 0 for the signer's signature (ed25519 and secp256k1), InvalidArgument (3) for another message", () => {
    const engine = installed();
    const message = new TextEncoder().encode("casper-as");
    for (const who of ["alice", "erin"]) {
      const key = engine.key(who);
      const signature = Uint8Array.of(key.algorithm === "ed25519" ? 1 : 2, ...key.privateKey.sign(message));
      const verify = (m: Uint8Array) =>
        engine.callByName("alice", "messenger", "verify", {
          message: CLValue.newCLByteArray(m),
          signature: CLValue.newCLByteArray(signature),
          public_key: CLValue.newCLPublicKey(key.publicKey),
        }).expectSuccess().returnValue!.ui32!.toNumber();
      expect(verify(message), who).toBe(0);
      expect(verify(new TextEncoder().encode("casper-AS")), who).toBe(3);
    }
  });

  it("hashes: blake2b, blake3 and sha256 as @noble/hashes computes them", () => {
    const engine = installed();
    const data = new TextEncoder().encode("abc");
    const r = engine.callByName("alice", "messenger", "hashes", { data: CLValue.newCLByteArray(data) }).expectSuccess();
    expect(hex(r.returned!.bytes)).toBe(hex(blake2b(data, { dkLen: 32 })) + hex(blake3(data)) + hex(sha256(data)));
  });

  it("block_info and protocol_version: the engine's block height, parent hash, pre-state root hash; 2.0.0", () => {
    const engine = installed();
    const before = engine.stateRootHash();
    const r = engine.callByName("alice", "messenger", "block_info").expectSuccess();
    const height = new Uint8Array(new BigUint64Array([42n]).buffer);
    expect(hex(r.returned!.bytes)).toBe(hex(height) + "ab".repeat(32) + before);
    const v = engine.callByName("alice", "messenger", "protocol_version").expectSuccess();
    expect(hex(v.returned!.bytes)).toBe("020000000000000000000000");
  });

  it("callers: the initiator, and the immediate caller of a deploy's direct call (the account)", () => {
    const engine = installed();
    const bob = engine.key("bob").accountHash;
    const r = engine.callByHash("bob", engine.account("alice").namedKeys.messenger, "callers").expectSuccess();
    // (AccountHash, Option<ContractPackageHash> None, Option<AccountHash> Some(bob))
    expect(hex(r.returned!.bytes)).toBe(hex(bob) + "00" + "01" + hex(bob));
  });
});
