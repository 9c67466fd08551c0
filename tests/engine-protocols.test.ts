// The two protocol settings: 1.5.8 and 2.0.0 chainspec values on the same 1.5 data model, and the
// 2.0 host functions a VM1 contract built for 2.0 uses (new_locked_contract's
// add_contract_version_with_message_topics, generic_hash).
import { sha256 } from "@noble/hashes/sha2";
import { blake3 } from "@noble/hashes/blake3";
import { describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { cat, entryPointsBytes, str, u32le } from "./helpers/engine-bytes.ts";
import { Data, RET_HELPERS, module } from "./helpers/engine-wat.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Installs a one-entry-point contract with add_contract_version_with_message_topics (2.0 only). */
function installWithTopics(topic: string): Uint8Array {
  const d = new Data();
  const eps = d.bytes(entryPointsBytes([{ name: "noop", type: "contract" }], { entity: true }));
  const nk = d.bytes(u32le(0));
  const topics = d.bytes(cat(u32le(1), str(topic), new Uint8Array([0])));
  const name = d.string("topical");
  return module({
    imports: ["casper_create_contract_package_at_hash", "casper_add_contract_version_with_message_topics", "casper_put_key", "casper_revert"],
    data: d,
    // a nop: Casper 2.0 fails a deploy whose wasm consumed no gas at all
    body: `(func (export "noop") nop)
  (func (export "call") (local $r i32)
    (call $casper_create_contract_package_at_hash (i32.const 100) (i32.const 140) (i32.const 1))
    (local.set $r (call $casper_add_contract_version_with_message_topics (i32.const 100) (i32.const 32) (i32.const 180)
      (i32.const ${eps.ptr}) (i32.const ${eps.len}) (i32.const ${nk.ptr}) (i32.const 4) (i32.const ${topics.ptr}) (i32.const ${topics.len}) (i32.const 200) (i32.const 32)))
    (if (local.get $r) (then (call $casper_revert (local.get $r))))
    (i32.store8 (i32.const 199) (i32.const 1))
    (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 199) (i32.const 33)))`,
  });
}

describe("protocols", () => {
  it("contracts are stored under the protocol's major version", () => {
    for (const [protocol, major] of [["1.5.8", 1], ["2.0.0", 2]] as const) {
      const engine = new Engine({ protocol });
      engine.runSession("alice", artifact("keys_manager")).expectSuccess();
      const contract = engine.contract("alice", "keys_manager");
      expect(contract.protocolVersion).toEqual({ major, minor: protocol === "1.5.8" ? 5 : 0, patch: protocol === "1.5.8" ? 8 : 0 });
      const pkg = engine.contractPackage("hash-" + hex(contract.contractPackageHash));
      expect(pkg.versions.map((v) => [v.major, v.version])).toEqual([[major, 1]]);
    }
  });

  it("2.0: add_contract_version_with_message_topics installs; 1.5.8 does not serve it", () => {
    const v2 = new Engine({ protocol: "2.0.0" });
    v2.runSession("alice", installWithTopics("events")).expectSuccess();
    expect([...v2.entryPoints("alice", "topical").keys()]).toEqual(["noop"]);
    v2.callByName("alice", "topical", "noop").expectSuccess();
    // a topic name longer than wasm.messages_limits.max_topic_name_size: ApiError::MaxTopicNameSizeExceeded (43)
    const limit = v2.config.chainspec.wasm.messages_limits!.max_topic_name_size;
    v2.runSession("alice", installWithTopics("t".repeat(limit + 1))).expectRevert(43);
    expect(v2.runSession("alice", installWithTopics("t".repeat(limit + 1))).error!.message).toBe("ApiError::MaxTopicNameSizeExceeded [43]");

    const v1 = new Engine({ protocol: "1.5.8" });
    v1.runSession("alice", installWithTopics("events")).expectError("Interpreter", /casper_add_contract_version_with_message_topics/);
  });

  it("2.0: generic_hash with blake2b, blake3 and sha256", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    const d = new Data();
    const input = d.utf8("casper");
    const run = (algo: number, outSize = 32) => engine.runSession("alice", module({
      imports: ["casper_generic_hash", "casper_ret"],
      data: d,
      body: `${RET_HELPERS}
  (func (export "call") (local $r i32)
    (local.set $r (call $casper_generic_hash (i32.const ${input.ptr}) (i32.const ${input.len}) (i32.const ${algo}) (i32.const 300) (i32.const ${outSize})))
    (if (local.get $r) (then (call $ret_i32 (local.get $r))))
    (call $ret_bytes (i32.const 300) (i32.const 32)))`,
    })).expectSuccess();
    const bytesOf = (algo: number) => hex(run(algo).returned!.bytes.subarray(4));
    expect(bytesOf(1)).toBe(hex(blake3(Buffer.from("casper"))));
    expect(bytesOf(2)).toBe(hex(sha256(Buffer.from("casper"))));
    expect(new DataView(run(3).returned!.bytes.buffer).getInt32(run(3).returned!.bytes.byteOffset, true)).toBe(3); // InvalidArgument
    expect(new DataView(run(2, 31).returned!.bytes.buffer).getInt32(run(2, 31).returned!.bytes.byteOffset, true)).toBe(32); // BufferTooSmall
  });

  it("revert codes 41..50 are named in 2.0 and Unhandled in 1.5.8, as each node version does", () => {
    const d = new Data();
    const wasm = module({ imports: ["casper_revert"], data: d, body: `(func (export "call") (call $casper_revert (i32.const 44)))` });
    expect(new Engine({ protocol: "2.0.0" }).runSession("alice", wasm).error!.message).toBe("ApiError::MessageTopicNotRegistered [44]");
    expect(new Engine({ protocol: "1.5.8" }).runSession("alice", wasm).error!.message).toBe("ApiError::Unhandled [31]");
  });
});
