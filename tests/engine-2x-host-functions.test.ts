// The other host functions Casper 2.0 adds, each with the semantics, errors and cost of casper-node
// 2.0.0 (execution_engine/src/runtime/externals.rs and runtime/mod.rs: get_block_info,
// load_caller_information, verify_signature, recover_secp256k1, generic_hash, call_package_version),
// and 1.5.8 refusing each import. Expected bytes are built here by hand; signatures come from
// @noble/curves with keys derived independently from the engine's documented test-key rule.
import { ed25519 } from "@noble/curves/ed25519";
import { secp256k1 } from "@noble/curves/secp256k1";
import { blake2b } from "@noble/hashes/blake2b";
import { sha256 } from "@noble/hashes/sha2";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { cat, entryPointsBytes, hex, str, u32le } from "./helpers/engine-bytes.ts";
import { sessionCalling } from "./helpers/engine-2x.ts";
import { Data, RET_HELPERS, module } from "./helpers/engine-wat.ts";

const CHAINSPEC = JSON.parse(readFileSync(new URL("../host/gas/chainspecs/2.0.0.json", import.meta.url), "utf8"));
const COSTS = CHAINSPEC.wasm.host_function_costs;
const enc = (s: string) => new TextEncoder().encode(s);
const b2b = (b: Uint8Array) => blake2b(b, { dkLen: 32 });
const u64le = (n: bigint) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, true);
  return b;
};
const i32Of = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getInt32(0, true);
/** a returned List<U8>'s bytes */
const listBytes = (b: Uint8Array) => b.subarray(4);

/** Session code: get_block_info(field, 300) then return `len` bytes from 300. */
const blockInfoProbe = (field: number, len: number) => module({
  imports: ["casper_get_block_info", "casper_ret"],
  data: new Data(),
  body: `${RET_HELPERS}
  (func (export "call") (call $casper_get_block_info (i32.const ${field}) (i32.const 300)) (call $ret_bytes (i32.const 300) (i32.const ${len})))`,
});

describe("casper_get_block_info (2.0.0)", () => {
  it("fields 0..5: block time, height, parent hash, state hash, protocol version, addressable entity flag", () => {
    const engine = new Engine({ protocol: "2.0.0", blockHeight: 7n, parentBlockHash: new Uint8Array(32).fill(0xab) });
    const field = (i: number, len: number) => listBytes(engine.runSession("alice", blockInfoProbe(i, len)).expectSuccess().returned!.bytes);
    expect(hex(field(0, 8))).toBe(hex(u64le(engine.blocktime)));
    expect(hex(field(1, 8))).toBe(hex(u64le(7n)));
    expect(hex(field(2, 32))).toBe("ab".repeat(32));
    // the state root hash the deploy starts from
    const before = engine.stateRootHash();
    expect(hex(field(3, 32))).toBe(before);
    expect(hex(field(4, 12))).toBe(hex(cat(u32le(2), u32le(0), u32le(0))));
    expect(hex(field(5, 1))).toBe("00"); // enable_addressable_entity = false on the public networks
    engine.blockHeight = 8n;
    expect(hex(field(1, 8))).toBe(hex(u64le(8n)));
  });

  it("an unknown field traps with InvalidImputedOperation; a field index over 255 is not a u8 (UnexpectedSignature)", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", blockInfoProbe(6, 8)).expectError("InvalidImputedOperation", "The imputed operation is invalid");
    engine.runSession("alice", blockInfoProbe(256, 8)).expectError("Interpreter", "Interpreter error: trap: Code(UnexpectedSignature)");
  });

  it("charged its base cost only (externals.rs charges the weights with zeros)", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    if (!engine.metered) return;
    const wasm = module({ imports: ["casper_get_block_info"], data: new Data(), body: `(func (export "call") (call $casper_get_block_info (i32.const 1) (i32.const 60000)))` });
    expect(engine.runSession("alice", wasm).expectSuccess().gasBreakdown.host).toBe(BigInt(COSTS.get_block_info.cost));
  });

  it("1.5.8 has no casper_get_block_info", () => {
    new Engine({ protocol: "1.5.8" }).runSession("alice", blockInfoProbe(0, 8)).expectError("Interpreter", /host module doesn't export function with name casper_get_block_info/);
  });
});

// ---- load_caller_information ---------------------------------------------------------------------

/** CallerInfo bytes (types/src/system/caller.rs): kind + BTreeMap<u8, CLValue> of five Option fields. */
function callerInfo(kind: "initiator" | "contract", a: Uint8Array, b?: Uint8Array): Uint8Array {
  const optHash = (v: Uint8Array | undefined) => cat(u32le(v ? 33 : 1), v ? cat(new Uint8Array([1]), v) : new Uint8Array([0]), new Uint8Array([13, 15]), u32le(32));
  const optAny = cat(u32le(1), new Uint8Array([0]), new Uint8Array([13, 21]));
  const fields = kind === "initiator" ? [a, undefined, undefined, undefined, undefined] : [undefined, undefined, a, undefined, b];
  return cat(new Uint8Array([kind === "initiator" ? 0 : 4]), u32le(5), ...fields.map((v, i) => cat(new Uint8Array([i]), i === 3 ? optAny : optHash(v))));
}

/** Code calling load_caller_information(action) and returning [status i32, length u32, buffer bytes...] as List<U8>. */
function callerProbeBody(action: number): string {
  return `(local $r i32)
    (local.set $r (call $casper_load_caller_information (i32.const ${action}) (i32.const 304) (i32.const 308)))
    (i32.store (i32.const 300) (local.get $r))
    (if (i32.eqz (local.get $r)) (then (if (i32.load (i32.const 304)) (then
      (drop (call $casper_read_host_buffer (i32.const 312) (i32.load (i32.const 308)) (i32.const 296)))))))
    (call $ret_bytes (i32.const 300) (i32.add (i32.const 12) (if (result i32) (i32.eqz (local.get $r)) (then (i32.load (i32.const 308))) (else (i32.const 0)))))`;
}
const CALLER_IMPORTS = ["casper_load_caller_information", "casper_read_host_buffer", "casper_ret"];
const callerSession = (action: number) => module({ imports: CALLER_IMPORTS, data: new Data(), body: `${RET_HELPERS}\n  (func (export "call") ${callerProbeBody(action)})` });

/** A stored contract (installed with add_contract_version_with_message_topics, no topics) whose `who_N` entry points probe action N. */
function callerContract(): Uint8Array {
  const d = new Data();
  const eps = d.bytes(entryPointsBytes([0, 1, 2].map((n) => ({ name: `who_${n}`, type: "contract" as const, ret: new Uint8Array([14, 3]) })), { entity: true }));
  const nk = d.bytes(u32le(0));
  const topics = d.bytes(u32le(0));
  const name = d.string("caller_probe");
  return module({
    imports: [...CALLER_IMPORTS, "casper_create_contract_package_at_hash", "casper_add_contract_version_with_message_topics", "casper_put_key"],
    data: d,
    body: `${RET_HELPERS}
  ${[0, 1, 2].map((n) => `(func (export "who_${n}") ${callerProbeBody(n)})`).join("\n  ")}
  (func (export "call")
    (call $casper_create_contract_package_at_hash (i32.const 100) (i32.const 140) (i32.const 0))
    (drop (call $casper_add_contract_version_with_message_topics (i32.const 100) (i32.const 32) (i32.const 180)
      (i32.const ${eps.ptr}) (i32.const ${eps.len}) (i32.const ${nk.ptr}) (i32.const 4) (i32.const ${topics.ptr}) (i32.const 4) (i32.const 200) (i32.const 32)))
    (i32.store8 (i32.const 199) (i32.const 1))
    (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 199) (i32.const 33)))`,
  });
}

const probeResult = (bytes: Uint8Array) => {
  const b = listBytes(bytes);
  return { status: i32Of(b), length: i32Of(b.subarray(4)), info: hex(b.subarray(12)) };
};

describe("casper_load_caller_information (2.0.0)", () => {
  it("from session code: 0 the initiator, 1 Unhandled (no caller below), 2 the stack [initiator]; 3 InvalidCallerInfoRequest", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    const alice = engine.key("alice").accountHash;
    const run = (a: number) => probeResult(engine.runSession("alice", callerSession(a)).expectSuccess().returned!.bytes);
    expect(run(0)).toEqual({ status: 0, length: 1, info: hex(cat(u32le(1), callerInfo("initiator", alice))) });
    expect(run(1)).toEqual({ status: 31, length: 0, info: "" });
    expect(run(2)).toEqual({ status: 0, length: 1, info: hex(cat(u32le(1), callerInfo("initiator", alice))) });
    expect(run(3)).toEqual({ status: 50, length: 0, info: "" });
    engine.runSession("alice", callerSession(256)).expectError("Interpreter", "Interpreter error: trap: Code(UnexpectedSignature)");
  });

  it("from a stored contract: the immediate caller is the account's session, the stack holds the contract as SmartContract (kind 4)", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", callerContract()).expectSuccess();
    const contract = engine.account("alice").namedKeys.caller_probe;
    const contractHash = Buffer.from(contract.slice(5), "hex");
    const pkg = engine.contract(contract).contractPackageHash;
    const alice = engine.key("alice").accountHash;
    const who = (n: number) => probeResult(engine.callByHash("bob", contract, `who_${n}`).expectSuccess().returned!.bytes);
    const bob = engine.key("bob").accountHash;
    expect(who(0)).toEqual({ status: 0, length: 1, info: hex(cat(u32le(1), callerInfo("initiator", bob))) });
    expect(who(1)).toEqual({ status: 0, length: 1, info: hex(cat(u32le(1), callerInfo("initiator", bob))) });
    expect(who(2)).toEqual({ status: 0, length: 2, info: hex(cat(u32le(2), callerInfo("initiator", bob), callerInfo("contract", pkg, contractHash))) });
    expect(alice).not.toEqual(bob);
  });

  it("a fixed 10,000 gas (externals.rs HostFunction::fixed), and 1.5.8 has no such import", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    if (engine.metered) {
      const wasm = module({ imports: ["casper_load_caller_information"], data: new Data(), body: `(func (export "call") (drop (call $casper_load_caller_information (i32.const 0) (i32.const 304) (i32.const 308))))` });
      expect(engine.runSession("alice", wasm).expectSuccess().gasBreakdown.host).toBe(10_000n);
    }
    new Engine({ protocol: "1.5.8" }).runSession("alice", callerSession(0)).expectError("Interpreter", /doesn't export function with name casper_load_caller_information/);
  });
});

// ---- verify_signature, recover_secp256k1 ----------------------------------------------------------

/** The engine's documented test keys: secret = blake2b-256("casper-as test account:<name>:<algorithm>"). */
const secretOf = (name: string, alg: string) => b2b(enc(`casper-as test account:${name}:${alg}`));

const verifyProbe = (msg: Uint8Array, sig: Uint8Array, key: Uint8Array) => sessionCalling("casper_verify_signature", (d) => {
  const m = d.bytes(msg);
  const s = d.bytes(sig);
  const k = d.bytes(key);
  return `(i32.const ${m.ptr}) (i32.const ${m.len}) (i32.const ${s.ptr}) (i32.const ${s.len}) (i32.const ${k.ptr}) (i32.const ${k.len})`;
}, { ret: true });

function recoverProbe(msg: Uint8Array, sig: Uint8Array, recoveryId: number): Uint8Array {
  const d = new Data();
  const m = d.bytes(msg);
  const s = d.bytes(sig);
  return module({
    imports: ["casper_recover_secp256k1", "casper_ret"],
    data: d,
    body: `${RET_HELPERS}
  (func (export "call")
    (i32.store (i32.const 400) (call $casper_recover_secp256k1 (i32.const ${m.ptr}) (i32.const ${m.len}) (i32.const ${s.ptr}) (i32.const ${s.len}) (i32.const 404) (i32.const ${recoveryId})))
    (call $ret_bytes (i32.const 400) (i32.const 38)))`,
  });
}

describe("casper_verify_signature and casper_recover_secp256k1 (2.0.0)", () => {
  const engine = new Engine({ protocol: "2.0.0" });
  const message = enc("casper-as: a message to sign");
  const edSecret = secretOf("alice", "ed25519");
  const edKey = cat(new Uint8Array([1]), ed25519.getPublicKey(edSecret));
  const secpSecret = secretOf("erin", "secp256k1");
  const secpKey = cat(new Uint8Array([2]), secp256k1.getPublicKey(secpSecret, true));
  const edSig = cat(new Uint8Array([1]), ed25519.sign(message, edSecret));
  const secp = secp256k1.sign(sha256(message), secpSecret); // low-S, as k256 signs
  const secpSig = cat(new Uint8Array([2]), secp.toCompactRawBytes());
  const status = (wasm: Uint8Array) => i32Of(engine.runSession("alice", wasm).expectSuccess().returned!.bytes);

  it("the keys derived here are the engine's accounts' keys (an independent check of the derivation)", () => {
    expect(hex(edKey)).toBe(engine.key("alice").publicKeyHex);
    expect(hex(secpKey)).toBe(engine.key("erin").publicKeyHex);
  });

  it("valid ed25519 and secp256k1 signatures: 0; a wrong message, key or mixed algorithms: InvalidArgument (3)", () => {
    expect(status(verifyProbe(message, edSig, edKey))).toBe(0);
    expect(status(verifyProbe(message, secpSig, secpKey))).toBe(0);
    expect(status(verifyProbe(enc("another message"), edSig, edKey))).toBe(3);
    expect(status(verifyProbe(enc("another message"), secpSig, secpKey))).toBe(3);
    const bob = cat(new Uint8Array([1]), ed25519.getPublicKey(secretOf("bob", "ed25519")));
    expect(status(verifyProbe(message, edSig, bob))).toBe(3);
    expect(status(verifyProbe(message, edSig, secpKey))).toBe(3); // type mismatch between the two
    expect(status(verifyProbe(message, new Uint8Array([0]), new Uint8Array([0])))).toBe(3); // System: cannot be verified
    // secp256k1 signs SHA-256 of the message: a signature over the raw 32 bytes of another digest fails
    const rawSig = cat(new Uint8Array([2]), secp256k1.sign(b2b(message), secpSecret).toCompactRawBytes());
    expect(status(verifyProbe(message, rawSig, secpKey))).toBe(3);
  });

  it("a high-S secp256k1 signature fails (k256 verifies low-S only); a tampered ed25519 S at or above L fails", () => {
    const high = new secp256k1.Signature(secp.r, secp256k1.CURVE.n - secp.s);
    expect(status(verifyProbe(message, cat(new Uint8Array([2]), high.toCompactRawBytes()), secpKey))).toBe(3);
    const tampered = edSig.slice();
    tampered[64] |= 0xf0; // S >= L
    expect(status(verifyProbe(message, tampered, edKey))).toBe(3);
  });

  it("bytes that are not a signature or key trap as the node's deserialization does", () => {
    const zeroR = cat(new Uint8Array([2]), new Uint8Array(64)); // r = 0: not a k256 signature
    engine.runSession("alice", verifyProbe(message, zeroR, secpKey)).expectError("BytesRepr");
    const offCurve = cat(new Uint8Array([2, 2]), new Uint8Array(32).fill(0xff)); // x >= p: no point
    engine.runSession("alice", verifyProbe(message, secpSig, offCurve)).expectError("BytesRepr");
    engine.runSession("alice", verifyProbe(message, new Uint8Array([9, 1, 2]), edKey)).expectError("BytesRepr");
    engine.runSession("alice", verifyProbe(message, edSig.subarray(0, 40), edKey)).expectError("BytesRepr");
  });

  it("recover_secp256k1: the signer's key for the right recovery id (34 bytes: tag 2 + compressed); others differ or fail", () => {
    const run = (sig: Uint8Array, id: number) => {
      const b = listBytes(engine.runSession("alice", recoverProbe(message, sig, id)).expectSuccess().returned!.bytes);
      return { status: i32Of(b), key: hex(b.subarray(4, 38)) };
    };
    expect(run(secpSig, secp.recovery)).toEqual({ status: 0, key: hex(secpKey) });
    expect(run(secpSig, secp.recovery ^ 1).key).not.toBe(hex(secpKey));
    expect(run(secpSig, 4).status).toBe(3); // recovery id >= 4
    expect(run(edSig, 0).status).toBe(3); // not a secp256k1 signature
    const high = cat(new Uint8Array([2]), new secp256k1.Signature(secp.r, secp256k1.CURVE.n - secp.s).toCompactRawBytes());
    expect(run(high, secp.recovery ^ 1).status).toBe(3); // the recovered key must verify: high S never does
  });

  it("gas: cost + 120,000 per message byte, from the 2.0.0 table", () => {
    if (!engine.metered) return;
    const wasm = sessionCalling("casper_verify_signature", (d) => {
      const m = d.bytes(message);
      const s = d.bytes(edSig);
      const k = d.bytes(edKey);
      return `(i32.const ${m.ptr}) (i32.const ${m.len}) (i32.const ${s.ptr}) (i32.const ${s.len}) (i32.const ${k.ptr}) (i32.const ${k.len})`;
    });
    const [, w1] = COSTS.verify_signature.arguments;
    expect(engine.runSession("alice", wasm).expectSuccess().gasBreakdown.host).toBe(BigInt(COSTS.verify_signature.cost) + BigInt(w1) * BigInt(message.length));
  });

  it("1.5.8 has neither import", () => {
    const v1 = new Engine({ protocol: "1.5.8" });
    v1.runSession("alice", verifyProbe(message, edSig, edKey)).expectError("Interpreter", /doesn't export function with name casper_verify_signature/);
    v1.runSession("alice", recoverProbe(message, secpSig, 0)).expectError("Interpreter", /doesn't export function with name casper_recover_secp256k1/);
  });
});

describe("casper_generic_hash (2.0.0)", () => {
  it("the algorithm is the u32 cast to u8 (externals.rs `as u8`): 256 is blake2b, 259 InvalidArgument", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    const probe = (algo: number) => module({
      imports: ["casper_generic_hash", "casper_ret"],
      data: new Data(),
      body: `${RET_HELPERS}
  (func (export "call") (local $r i32)
    (local.set $r (call $casper_generic_hash (i32.const 0) (i32.const 0) (i32.const ${algo}) (i32.const 300) (i32.const 32)))
    (if (local.get $r) (then (call $ret_i32 (local.get $r))))
    (call $ret_bytes (i32.const 300) (i32.const 32)))`,
    });
    expect(hex(listBytes(engine.runSession("alice", probe(256)).expectSuccess().returned!.bytes))).toBe(hex(b2b(new Uint8Array(0))));
    expect(i32Of(engine.runSession("alice", probe(259)).expectSuccess().returned!.bytes)).toBe(3);
    new Engine({ protocol: "1.5.8" }).runSession("alice", probe(0)).expectError("Interpreter", /casper_generic_hash/);
  });
});

// ---- call_package_version ------------------------------------------------------------------------

/** A contract whose entry point `which` returns I32 `n`; n = 1 installs a package, later ones add versions to it. */
function versioned(n: number): Uint8Array {
  const d = new Data();
  const eps = d.bytes(entryPointsBytes([{ name: "which", type: "contract", ret: new Uint8Array([1]) }], { entity: true }));
  const nk = d.bytes(u32le(0));
  const topics = d.bytes(u32le(0));
  const pkgName = d.string("vpkg");
  const accessName = d.string("vpkg_access");
  const install = n === 1
    ? `(call $casper_create_contract_package_at_hash (i32.const 100) (i32.const 140) (i32.const 0))
    (i32.store8 (i32.const 99) (i32.const 1))
    (call $casper_put_key (i32.const ${pkgName.ptr}) (i32.const ${pkgName.len}) (i32.const 99) (i32.const 33))
    (i32.store8 (i32.const 139) (i32.const 2)) (i32.store8 (i32.const 172) (i32.const 7))
    (call $casper_put_key (i32.const ${accessName.ptr}) (i32.const ${accessName.len}) (i32.const 139) (i32.const 34))`
    : `(drop (call $casper_get_key (i32.const ${pkgName.ptr}) (i32.const ${pkgName.len}) (i32.const 99) (i32.const 40) (i32.const 300)))`;
  return module({
    imports: ["casper_create_contract_package_at_hash", "casper_add_contract_version_with_message_topics", "casper_put_key", "casper_get_key", "casper_revert", "casper_ret"],
    data: d,
    body: `${RET_HELPERS}
  (func (export "which") (call $ret_i32 (i32.const ${n})))
  (func (export "call") (local $r i32)
    ${install}
    (local.set $r (call $casper_add_contract_version_with_message_topics (i32.const 100) (i32.const 32) (i32.const 180)
      (i32.const ${eps.ptr}) (i32.const ${eps.len}) (i32.const ${nk.ptr}) (i32.const 4) (i32.const ${topics.ptr}) (i32.const 4) (i32.const 200) (i32.const 32)))
    (if (local.get $r) (then (call $casper_revert (local.get $r)))))`,
  });
}

/** Session code: call_package_version(vpkg, major, version, "which", no args) and return what it returned. */
function callVersion(major: number, version: number, packageHash?: Uint8Array): Uint8Array {
  const d = new Data();
  const pkgName = d.string("vpkg");
  const ep = d.string("which");
  const args = d.bytes(u32le(0));
  const mj = d.bytes(u32le(major));
  const v = d.bytes(u32le(version));
  const fixed = packageHash ? d.bytes(packageHash) : undefined;
  const pkgPtr = fixed ? fixed.ptr : 100;
  return module({
    imports: ["casper_get_key", "casper_call_package_version", "casper_read_host_buffer", "casper_revert", "casper_ret"],
    data: d,
    body: `${RET_HELPERS}
  (func (export "call") (local $r i32)
    ${fixed ? "" : `(drop (call $casper_get_key (i32.const ${pkgName.ptr}) (i32.const ${pkgName.len}) (i32.const 99) (i32.const 40) (i32.const 300)))`}
    (local.set $r (call $casper_call_package_version (i32.const ${pkgPtr}) (i32.const 32) (i32.const ${mj.ptr}) (i32.const 4) (i32.const ${v.ptr}) (i32.const 4)
      (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const ${args.ptr}) (i32.const 4) (i32.const 304)))
    (if (local.get $r) (then (call $casper_revert (local.get $r))))
    (drop (call $casper_read_host_buffer (i32.const 400) (i32.const 4) (i32.const 308)))
    (call $ret_i32 (i32.load (i32.const 400))))`,
  });
}

describe("casper_call_package_version (2.0.0)", () => {
  it("calls exactly (major, version); a missing one is MissingEntityVersion, a disabled one DisabledEntityVersion, no package 'Value not found'", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", versioned(1)).expectSuccess();
    engine.runSession("alice", versioned(2)).expectSuccess();
    const which = (major: number, version: number) => engine.runSession("alice", callVersion(major, version));
    expect(i32Of(which(2, 1).expectSuccess().returned!.bytes)).toBe(1);
    expect(i32Of(which(2, 2).expectSuccess().returned!.bytes)).toBe(2);
    which(2, 3).expectError("MissingEntityVersion", "Missing entity version: 2.3");
    which(1, 1).expectError("MissingEntityVersion", "Missing entity version: 1.1");
    engine.runSession("alice", callVersion(2, 1, new Uint8Array(32).fill(9))).expectError("TrackingCopy", "Tracking copy error: Value not found");
    // disable version 1 (disable_contract_version with the package's access URef in the account's named keys)
    const pkg = engine.account("alice").namedKeys.vpkg.slice(5);
    const v1 = engine.contractPackage(`hash-${pkg}`).versions.find((x) => x.version === 1)!.contractHash;
    const disable = sessionCalling("casper_disable_contract_version", (d) => {
      const p = d.bytes(Buffer.from(pkg, "hex"));
      const c = d.bytes(v1);
      return `(i32.const ${p.ptr}) (i32.const 32) (i32.const ${c.ptr}) (i32.const 32)`;
    });
    engine.runSession("alice", disable).expectSuccess();
    which(2, 1).expectError("DisabledEntityVersion", "Disabled entity version: 2.1");
    expect(i32Of(which(2, 2).expectSuccess().returned!.bytes)).toBe(2);
  });

  it("charged from the 2.0.0 table (cost + 120,000 per byte of entry point name and of args); 1.5.8 has no such import", () => {
    const engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", versioned(1)).expectSuccess();
    if (engine.metered) {
      const r = engine.runSession("alice", callVersion(2, 1)).expectSuccess();
      const c = COSTS.call_package_version;
      const own = BigInt(c.cost) + BigInt(c.arguments[7]) * 9n /* "which" as a String */ + BigInt(c.arguments[9]) * 4n;
      expect(r.trace.some((e) => e.name === "casper_call_package_version")).toBe(true);
      expect(r.gasBreakdown.host).toBeGreaterThanOrEqual(own);
    }
    new Engine({ protocol: "1.5.8" }).runSession("alice", callVersion(1, 1)).expectError("Interpreter", /doesn't export function with name casper_call_package_version/);
  });
});

export { str };
