// The contract API's wrappers of what casper-node 2.0 adds (tests/probes/api2.ts) against the stand-in host:
// the bytes each sends (from the 2.0 Rust source's encodings, casper-js-sdk where it has the type), what it
// makes of the host's answers and errors, as casper-contract 5.x does. The engine runs them end to end in
// tests/engine-as-2x.test.ts (tests/contracts/messenger.ts on the engine in 2.0 mode).
import { beforeAll, describe, expect, it } from "vitest";
import sdk from "casper-js-sdk";
import { blake2b } from "@noble/hashes/blake2b";
import { blake3 } from "@noble/hashes/blake3";
import { sha256 } from "@noble/hashes/sha256";
import { StubHost, decodeBytesreprString, type Outcome } from "./helpers/as-host.ts";
import { compileModule } from "./helpers/as-build.ts";
import { hex } from "./helpers/as-probe.ts";
import { ApiErrorCode } from "../host/runtime/api-error.ts";

const { CLValue, CLValueParser, PrivateKey, KeyAlgorithm, CLTypeByteArray, CLTypeString, CLTypeKey, Key, KeyTypeID } = sdk;

const H = (b: number) => new Uint8Array(32).fill(b);
const u32 = (n: number) => new Uint8Array(Uint32Array.of(n).buffer);
const utf8 = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (Uint8Array | number[])[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
/** bytesrepr String: u32 UTF-8 length + UTF-8 (casper-js-sdk 5.0.12's CLString writes the UTF-16 length, wrong past ASCII) */
const str = (s: string) => cat(u32(utf8(s).length), utf8(s));

let wasm: Uint8Array;
beforeAll(async () => {
  wasm = await compileModule("tests/probes/api2.ts");
}, 120_000);

interface Probed {
  host: StubHost;
  outcome: Outcome;
  outputs: string[];
}

function probe(fn: string, setup: (h: StubHost) => void = () => {}, ...params: number[]): Probed {
  const host = new StubHost();
  const outputs: string[] = [];
  host.extraImports.probe = { out: (ptr: number, len: number) => void outputs.push(hex(host.bytes(ptr, len))) };
  setup(host);
  const outcome = host.invoke(host.instantiate(wasm), fn, ...params);
  return { host, outcome, outputs };
}

/** A host function that leaves `value` in the host buffer, its element count at `countArg` and size at `sizeArg`. */
function listAnswer(h: StubHost, name: string, count: number, value: Uint8Array, countArg: number, sizeArg: number, status = 0) {
  h.overrides[name] = (...a: number[]) => {
    if (status !== 0) return status;
    h.u32(a[countArg], count);
    if (count === 0) return 0;
    h.setHostBuffer(value);
    h.u32(a[sizeArg], value.length);
    return 0;
  };
}

describe("messages (runtime/mod.rs emit_message, manage_message_topic)", () => {
  it("emitMessage sends the topic as raw UTF-8 and a MessagePayload::String (tag 0 + String)", () => {
    const r = probe("emitString");
    expect(r.outcome).toEqual({ kind: "returned" });
    expect(r.outputs).toEqual(["00000000"]);
    const [tp, tn, mp, mn] = r.host.callsTo("casper_emit_message")[0].args;
    expect(hex(r.host.bytes(tp, tn))).toBe(hex(utf8("events")));
    expect(hex(r.host.bytes(mp, mn))).toBe("00" + hex(str("hello ✓")));
  });

  it("a ByteArray payload is MessagePayload::Bytes (tag 1 + u32 length + bytes)", () => {
    const r = probe("emitBytesPayload");
    const [, , mp, mn] = r.host.callsTo("casper_emit_message")[0].args;
    expect(hex(r.host.bytes(mp, mn))).toBe("01" + "03000000" + "010203");
  });

  it("run-time strings encode as literals do", () => {
    const r = probe("emitFromArgs", (h) => {
      h.args.set("topic", str("tópic"));
      h.args.set("text", str("日本"));
    });
    const [tp, tn, mp, mn] = r.host.callsTo("casper_emit_message")[0].args;
    expect(hex(r.host.bytes(tp, tn))).toBe(hex(utf8("tópic")));
    expect(hex(r.host.bytes(mp, mn))).toBe("00" + hex(str("日本")));
  });

  it("returns the host's error code (ApiError::from as Rust: unknown codes become Unhandled)", () => {
    for (const [status, expected] of [
      [ApiErrorCode.MessageTopicNotRegistered, 44],
      [ApiErrorCode.MessageTooLarge, 46],
      [ApiErrorCode.MessageTopicFull, 45],
      [51, 31],
    ]) {
      const r = probe("emitString", (h) => (h.overrides.casper_emit_message = () => status));
      expect(r.outputs, String(status)).toEqual([hex(u32(expected))]);
    }
  });

  it("an empty topic is InvalidArgument (3) without a host call, as casper-contract 5.x", () => {
    const r = probe("emitEmptyTopic");
    expect(r.outputs).toEqual([hex(u32(3))]);
    expect(r.host.callsTo("casper_emit_message")).toHaveLength(0);
  });

  it("manageMessageTopic sends the raw topic and MessageTopicOperation::Add (one byte 0)", () => {
    const r = probe("manageTopic", (h) => (h.overrides.casper_manage_message_topic = () => ApiErrorCode.MessageTopicAlreadyRegistered));
    expect(r.outputs).toEqual([hex(u32(41)), hex(u32(3))]);
    const calls = r.host.callsTo("casper_manage_message_topic");
    expect(calls).toHaveLength(1);
    const [tp, tn, op, on] = calls[0].args;
    expect([hex(r.host.bytes(tp, tn)), hex(r.host.bytes(op, on))]).toEqual([hex(utf8("events")), "00"]);
  });
});

// casper-node 2.0 types/src/addressable_entity/entry_points.rs `EntityEntryPoint::write_bytes`: name, args,
// ret, access, entry_point_type, entry_point_payment. CLType tags: U8 3, U512 8, Unit 9.
function entityEntryPoint(name: string, args: [string, number][], ret: number, access: number, type: number, payment: number): Uint8Array {
  return cat(str(name), str(name), u32(args.length), ...args.map(([n, t]) => cat(str(n), [t])), [ret, access, type, payment]);
}
const ENTITY_ENTRY_POINTS = cat(
  u32(3),
  entityEntryPoint("transfer", [["amount", 8]], 9, 1, 1, 0), // Public, Called, payment Caller
  entityEntryPoint("pay_for_me", [], 3, 1, 1, 2), // SelfOnward
  entityEntryPoint("make", [], 9, 3, 0x80, 1), // Template, Factory, DirectInvocationOnly
);
// BTreeMap<String, MessageTopicOperation>, Add = 0 (types/src/contract_messages/topics.rs)
const topicsBytes = (...names: string[]) => cat(u32(names.length), ...names.map((n) => cat(str(n), [0])));

describe("installs with message topics (casper-contract 5.x storage.rs)", () => {
  const PACKAGE = H(0x41);
  const CONTRACT = H(0x61);

  function installHost(h: StubHost, status = 0) {
    h.overrides.casper_create_contract_package_at_hash = (hash, access) => {
      h.write(hash, PACKAGE);
      h.write(access, H(0x51));
    };
    for (const name of ["casper_add_contract_version_with_message_topics", "casper_add_package_version_with_message_topics"]) {
      // 2.0 runtime/externals.rs: BufferTooSmall below 32; the hash at output_ptr, the version at version_ptr
      h.overrides[name] = (_p, _pn, version, _e, _en, _n, _nn, _t, _tn, out, outSize) => {
        if (status !== 0) return status;
        if (outSize < 32) return ApiErrorCode.BufferTooSmall;
        h.write(out, CONTRACT);
        h.u32(version, 2);
        return 0;
      };
    }
  }

  it("newContractWithMessageTopics: 2.0 entry points (payment byte, Factory, Template), named keys, topics; names the package", () => {
    const r = probe("installWithTopics", (h) => installHost(h));
    expect(r.outcome).toEqual({ kind: "returned" });
    expect(r.outputs).toEqual([hex(CONTRACT), "02000000"]);
    const h = r.host;
    expect(h.callsTo("casper_add_contract_version")).toHaveLength(0);
    const [pkg, pkgLen, , ep, epLen, nk, nkLen, tp, tpLen, , outSize] = h.callsTo("casper_add_contract_version_with_message_topics")[0].args;
    expect(hex(h.bytes(pkg, pkgLen))).toBe(hex(PACKAGE));
    expect(hex(h.bytes(ep, epLen))).toBe(hex(ENTITY_ENTRY_POINTS));
    const named = CLValue.newCLMap(CLTypeString, CLTypeKey);
    named.map!.append(CLValue.newCLString("k"), CLValue.newCLKey(Key.createByType(`uref-${hex(new Uint8Array(32))}-007`, KeyTypeID.URef)));
    expect(hex(h.bytes(nk, nkLen))).toBe(hex(named.bytes()));
    expect(hex(h.bytes(tp, tpLen))).toBe(hex(topicsBytes("events", "transfers")));
    expect(outSize).toBe(32);
    expect(h.callsTo("casper_put_key").map((c) => decodeBytesreprString(h.bytes(c.args[0], c.args[1])))).toEqual(["pkg", "access"]);
    expect(h.callsTo("casper_create_contract_package_at_hash")[0].args[2]).toBe(0);
  });

  it("newLockedContractWithMessageTopics without topics sends an empty map and a locked package", () => {
    const r = probe("installLockedNoTopics", (h) => installHost(h));
    expect(r.outputs).toEqual([hex(CONTRACT)]);
    const args = r.host.callsTo("casper_add_contract_version_with_message_topics")[0].args;
    expect(hex(r.host.bytes(args[7], args[8]))).toBe("00000000");
    expect(hex(r.host.bytes(args[5], args[6]))).toBe("00000000");
    expect(r.host.callsTo("casper_create_contract_package_at_hash")[0].args[2]).toBe(1);
  });

  it("addContractVersion / addPackageVersion WithMessageTopics use their own import; a host error reverts", () => {
    for (const [via, name] of [
      [0, "casper_add_contract_version_with_message_topics"],
      [1, "casper_add_package_version_with_message_topics"],
    ] as const) {
      const r = probe("upgradeWithTopics", (h) => installHost(h), via);
      expect(r.outputs, name).toEqual([hex(CONTRACT), "02000000"]);
      const calls = r.host.calls.filter((c) => c.name.includes("version_with_message_topics"));
      expect(calls.map((c) => c.name)).toEqual([name]);
      expect(hex(r.host.bytes(calls[0].args[7], calls[0].args[8]))).toBe(hex(topicsBytes("events")));
      const failed = probe("upgradeWithTopics", (h) => installHost(h, ApiErrorCode.MaxTopicNameSizeExceeded), via);
      expect(failed.outcome).toEqual({ kind: "reverted", code: 43 });
    }
  });
});

describe("block info (runtime/mod.rs get_block_info)", () => {
  function blockHost(h: StubHost, entityByte = 0) {
    h.overrides.casper_get_block_info = (field, dest) => {
      const data: Record<number, Uint8Array> = {
        1: new Uint8Array(new BigUint64Array([123_456_789_012n]).buffer),
        2: H(0xb2),
        3: H(0xb3),
        4: cat(u32(2), u32(0), u32(1)),
        5: Uint8Array.of(entityByte),
      };
      h.write(dest, data[field]);
    };
  }

  it("asks fields 1..4 and reads each at its bytesrepr size", () => {
    const r = probe("blockInfo", (h) => blockHost(h));
    expect(r.outcome).toEqual({ kind: "returned" });
    expect(r.outputs).toEqual([hex(CLValue.newCLUint64(123_456_789_012n).bytes()), hex(H(0xb2)), hex(H(0xb3)), "02000000", "00000000", "01000000"]);
    expect(r.host.callsTo("casper_get_block_info").map((c) => c.args[0])).toEqual([1, 2, 3, 4]);
  });

  it("field 5 is a bool: 0/1, anything else reverts with Formatting (18)", () => {
    expect(probe("addressableEntity", (h) => blockHost(h, 1)).outputs).toEqual(["01"]);
    expect(probe("addressableEntity", (h) => blockHost(h, 0)).outputs).toEqual(["00"]);
    expect(probe("addressableEntity", (h) => blockHost(h, 2)).outcome).toEqual({ kind: "reverted", code: 18 });
    expect(probe("addressableEntity", (h) => blockHost(h, 1)).host.callsTo("casper_get_block_info")[0].args[0]).toBe(5);
  });
});

describe("call stack (casper_load_call_stack, 1.5.x and 2.x)", () => {
  // CallStackElement (types/src/system/call_stack_element.rs): 0 Session { account }, 1 StoredSession
  // { account, package, contract }, 2 StoredContract { package, contract }
  const session = cat([0], H(0xa0));
  const storedSession = cat([1], H(0xa1), H(0xc1), H(0xd1));
  const storedContract = cat([2], H(0xc2), H(0xd2));

  it("decodes the elements; the immediate caller is the one below the running code", () => {
    const stack = cat(u32(3), session, storedSession, storedContract);
    const r = probe("callStack", (h) => listAnswer(h, "casper_load_call_stack", 3, stack, 0, 1));
    expect(r.outcome).toEqual({ kind: "returned" });
    expect(r.outputs).toEqual([hex(stack), "01" + hex(storedSession), "01" + hex(H(0xa1)), "01" + hex(H(0xc1)), "01" + hex(H(0xd1))]);
    const two = cat(u32(2), session, storedContract);
    const s = probe("callStack", (h) => listAnswer(h, "casper_load_call_stack", 2, two, 0, 1));
    expect(s.outputs.slice(1)).toEqual(["01" + hex(session), "01" + hex(H(0xa0)), "00", "00"]);
  });

  it("an empty stack reads no buffer and has no immediate caller; a host error reverts; a bad tag is Formatting", () => {
    const r = probe("callStack", (h) => listAnswer(h, "casper_load_call_stack", 0, new Uint8Array(), 0, 1));
    expect(r.outputs).toEqual(["00000000", "00"]);
    expect(r.host.callsTo("casper_read_host_buffer")).toHaveLength(0);
    expect(probe("callStack", (h) => listAnswer(h, "casper_load_call_stack", 1, new Uint8Array(), 0, 1, 34)).outcome).toEqual({ kind: "reverted", code: 34 });
    const bad = cat(u32(1), [3], H(1));
    expect(probe("callStack", (h) => listAnswer(h, "casper_load_call_stack", 1, bad, 0, 1)).outcome).toEqual({ kind: "reverted", code: 18 });
  });
});

describe("caller information (casper_load_caller_information, casper-contract 5.x runtime.rs)", () => {
  // CallerInfo (types/src/system/caller.rs): kind u8 + BTreeMap<u8, CLValue>; fields 0 Option<AccountHash>,
  // 1 Option<PackageHash>, 2 Option<ContractPackageHash>, 3 Option<EntityAddr> (Option(Any)), 4 Option<ContractHash>
  const some = (h: Uint8Array) => CLValueParser.toBytesWithType(CLValue.newCLOption(CLValue.newCLByteArray(h)));
  const none = CLValueParser.toBytesWithType(CLValue.newCLOption(null, new CLTypeByteArray(32)));
  const noneAny = cat(u32(1), [0], [13, 21]); // Option(Any) None: casper-js-sdk has no Any inner type
  const info = (kind: number, fields: [number, Uint8Array][]) => cat([kind], u32(fields.length), ...fields.map(([k, v]) => cat([k], v)));
  const initiator = (account: Uint8Array) => info(0, [[0, some(account)], [1, none], [2, none], [3, noneAny], [4, none]]);
  const contract = (pkg: Uint8Array, c: Uint8Array) => info(4, [[0, none], [1, none], [2, some(pkg)], [3, noneAny], [4, some(c)]]);
  const answer = (items: Uint8Array[], status = 0) => (h: StubHost) =>
    listAnswer(h, "casper_load_caller_information", items.length, cat(u32(items.length), ...items), 1, 2, status);

  it("passes the action through and decodes the CallerInfo list", () => {
    const list = [initiator(H(0xa0)), contract(H(0xc1), H(0xd1))];
    for (const action of [0, 1, 2]) {
      const r = probe("callerInformation", answer(list), action);
      expect(r.outputs).toEqual([hex(cat(u32(2), ...list))]);
      expect(r.host.callsTo("casper_load_caller_information")[0].args[0]).toBe(action);
    }
    expect(probe("callerInformation", answer([], ApiErrorCode.InvalidCallerInfoRequest), 3).outcome).toEqual({ kind: "reverted", code: 50 });
  });

  it("getCallStackInfo reads each CallerInfo's account, package and contract", () => {
    const r = probe("callStackInfo", answer([initiator(H(0xa0)), contract(H(0xc1), H(0xd1))]));
    expect(r.outputs).toEqual(["02000000", "00", "01" + hex(H(0xa0)), "00", "00", "04", "00", "01" + hex(H(0xc1)), "01" + hex(H(0xd1))]);
    expect(r.host.callsTo("casper_load_caller_information")[0].args[0]).toBe(2);
  });

  it("getCallInitiator: the account, or Rust's errors", () => {
    expect(probe("initiator", answer([initiator(H(0xa7))])).outputs).toEqual(["01", hex(H(0xa7))]);
    const err = (items: Uint8Array[]) => probe("initiator", answer(items)).outputs;
    expect(err([])).toEqual(["00", hex(u32(50))]); // InvalidCallerInfoRequest
    expect(err([initiator(H(1)), initiator(H(2))])).toEqual(["00", hex(u32(31))]); // more than one: Unhandled
    expect(err([contract(H(1), H(2))])).toEqual(["00", hex(u32(31))]); // not an account: Unhandled
    expect(err([info(0, [[1, none]])])).toEqual(["00", hex(u32(30))]); // no account field: PurseNotCreated
    expect(err([info(0, [[0, none]])])).toEqual(["00", hex(u32(1))]); // None: ApiError::None
    expect(err([info(0, [[0, CLValueParser.toBytesWithType(CLValue.newCLUint64(1))]])])).toEqual(["00", hex(u32(16))]); // CLTypeMismatch
  });

  it("getImmediateCallerInfo: the one CallerInfo for action 1", () => {
    const r = probe("immediateInfo", answer([contract(H(0xc3), H(0xd3))]));
    expect(r.outputs).toEqual(["01", "04", "01" + hex(H(0xc3)), "01" + hex(H(0xd3))]);
    expect(r.host.callsTo("casper_load_caller_information")[0].args[0]).toBe(1);
  });
});

describe("cryptography (contract_api/cryptography.rs)", () => {
  it("genericHash passes the HashAlgorithm (0 blake2b, 1 blake3, 2 sha256) and a 32-byte output", () => {
    const r = probe("hashes", (h) => {
      h.overrides.casper_generic_hash = (inPtr, inLen, algo, out, outLen) => {
        const input = h.bytes(inPtr, inLen);
        const digest = [blake2b(input, { dkLen: 32 }), blake3(input), sha256(input)][algo];
        if (!digest) return ApiErrorCode.InvalidArgument;
        if (outLen < 32) return ApiErrorCode.BufferTooSmall;
        h.write(out, digest);
        return 0;
      };
    });
    const abc = utf8("abc");
    expect(r.outputs).toEqual([hex(blake2b(abc, { dkLen: 32 })), hex(blake3(abc)), hex(sha256(abc))]);
    expect(r.host.callsTo("casper_generic_hash").map((c) => [c.args[2], c.args[4]])).toEqual([[0, 32], [1, 32], [2, 32]]);
    expect(probe("hashUnknown", (h) => (h.overrides.casper_generic_hash = () => ApiErrorCode.InvalidArgument)).outcome).toEqual({ kind: "reverted", code: 3 });
  });

  const ed = PrivateKey.fromHex("11".repeat(32), KeyAlgorithm.ED25519);
  const secp = PrivateKey.fromHex("22".repeat(32), KeyAlgorithm.SECP256K1);
  const message = utf8("casper-as message");

  it("verifySignature sends the message, the Signature (tag + 64 bytes) and the PublicKey; returns the host's verdict", () => {
    for (const [key, tag] of [[ed, 1], [secp, 2]] as const) {
      const signature = cat([tag], key.sign(message));
      const setup = (status: number) => (h: StubHost) => {
        h.args.set("message", message);
        h.args.set("signature", signature);
        h.args.set("key", CLValue.newCLPublicKey(key.publicKey).bytes());
        h.overrides.casper_verify_signature = () => status;
      };
      const r = probe("verify", setup(0));
      expect(r.outputs).toEqual(["00000000"]);
      const [m, mn, s, sn, k, kn] = r.host.callsTo("casper_verify_signature")[0].args;
      expect(hex(r.host.bytes(m, mn))).toBe(hex(message));
      expect(hex(r.host.bytes(s, sn))).toBe(hex(signature));
      expect(hex(r.host.bytes(k, kn))).toBe(hex(key.publicKey.bytes()));
      expect(probe("verify", setup(ApiErrorCode.InvalidArgument)).outputs).toEqual([hex(u32(3))]);
    }
  });

  it("a signature that is not one Signature (bad tag, wrong length) reverts before the host call", () => {
    for (const [bytes, code] of [
      [cat([3], new Uint8Array(64)), 18],
      [cat([1], new Uint8Array(63)), 17],
      [cat([2], new Uint8Array(65)), 19],
    ] as const) {
      const r = probe("verify", (h) => {
        h.args.set("message", message);
        h.args.set("signature", bytes);
        h.args.set("key", CLValue.newCLPublicKey(ed.publicKey).bytes());
      });
      expect(r.outcome).toEqual({ kind: "reverted", code });
      expect(r.host.callsTo("casper_verify_signature")).toHaveLength(0);
    }
  });

  it("recoverSecp256k1: the host's key (tag 2 + 33 bytes) as Ok, or Err with its error", () => {
    const signature = cat([2], secp.sign(message));
    const setup = (status: number) => (h: StubHost) => {
      h.args.set("message", message);
      h.args.set("signature", signature);
      h.overrides.casper_recover_secp256k1 = (_m, _mn, _s, _sn, out, id) => {
        if (status !== 0) return status;
        if (id >= 4) return ApiErrorCode.InvalidArgument;
        h.write(out, secp.publicKey.bytes());
        return 0;
      };
    };
    const r = probe("recover", setup(0), 1);
    expect(r.outputs).toEqual(["01", hex(secp.publicKey.bytes())]);
    const [, , s, sn, , id] = r.host.callsTo("casper_recover_secp256k1")[0].args;
    expect([hex(r.host.bytes(s, sn)), id]).toEqual([hex(signature), 1]);
    expect(probe("recover", setup(0), 4).outputs).toEqual(["00", hex(u32(3))]);
    expect(probe("recover", setup(ApiErrorCode.InvalidArgument), 0).outputs).toEqual(["00", hex(u32(3))]);
  });
});

describe("callPackageVersion (casper-contract 5.x runtime.rs call_package_version)", () => {
  it("sends package, u32 major and u32 contract version, entry point and args; decodes the result", () => {
    const r = probe("callPackage", (h) => {
      h.overrides.casper_call_package_version = (...a) => {
        const result = str("hi");
        h.setHostBuffer(result);
        h.u32(a[10], result.length);
        return 0;
      };
    });
    expect(r.outcome).toEqual({ kind: "returned" });
    expect(r.outputs).toEqual([hex(str("hi"))]);
    const [p, pn, mv, mvn, cv, cvn, ep, epn, args, argsn] = r.host.callsTo("casper_call_package_version")[0].args;
    expect(hex(r.host.bytes(p, pn))).toBe(hex(new Uint8Array(32)));
    expect([hex(r.host.bytes(mv, mvn)), hex(r.host.bytes(cv, cvn))]).toEqual(["02000000", "03000000"]);
    expect(decodeBytesreprString(r.host.bytes(ep, epn))).toBe("greet");
    expect(hex(r.host.bytes(args, argsn))).toBe(hex(sdk.Args.fromMap({ n: CLValue.newCLUint64(5) }).toBytes()));
    expect(probe("callPackage", (h) => (h.overrides.casper_call_package_version = () => ApiErrorCode.InvalidArgument)).outcome).toEqual({ kind: "reverted", code: 3 });
  });
});

describe("ApiError codes", () => {
  it("assembly/errors.ts names 1..50 as casper-node 2.0 api_error.rs does (host/runtime/api-error.ts)", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync(new URL("../assembly/errors.ts", import.meta.url), "utf8");
    const declared = Object.fromEntries([...source.matchAll(/export const (\w+): u32 = (\d+);/g)].filter(([, , v]) => Number(v) <= 50).map(([, n, v]) => [n, Number(v)]));
    expect(declared).toEqual(ApiErrorCode);
  });
});
