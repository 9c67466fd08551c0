// Contract calls as casper-node 1.5.8 and 2.0.0 execute them, side by side on the same wasm
// (host/runtime/protocol/contract-calls.ts, account-context.ts, mint-transfer.ts):
// - the call stack: 1.5.8 pushes StoredSession {account, package, contract} for a Session entry point
//   and StoredContract for a Contract one (core/runtime/mod.rs execute_contract); 2.0 pushes
//   Caller::SmartContract for every entry point type, read back as StoredContract (runtime/mod.rs
//   execute_contract, types/src/system/caller.rs `From<&Caller> for CallStackElement`);
// - a Session (2.0: Caller) entry point runs in the account's context in both; 1.5.8's mint refuses
//   it the main purse in the session phase (system/mint.rs `transfer`), 2.0's does not;
// - call_versioned_contract(Some(v)) reverts ApiError 10 on 2.0; a contract of another protocol
//   major is IncompatibleProtocolMajorVersion on 1.5.8 only;
// - Template access (TemplateMethod) and Factory entry points (the contract's context) exist in 2.0;
// - the payment purse guard of put_key / call_contract (2.0 runtime/mod.rs maybe_payment_purse);
// - account-only host functions from a contract's context (runtime_context/mod.rs of each).
// Expected call stacks are encoded by hand from types/src/system/call_stack_element.rs (1.5.8) and
// types/src/system/caller/call_stack_elements.rs (2.0): u32 count, then tag 0 Session + account,
// 1 StoredSession + account + package + contract, 2 StoredContract + package + contract.
import sdk from "casper-js-sdk";
import { beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { hashKey } from "../host/bytesrepr/key.ts";
import { resolveStoredItem } from "../host/engine/execute.ts";
import { TrackingCopy } from "../host/state/tracking-copy.ts";
import { argsBytes, cat, entryPointsBytes, type EpSpec, hex, keyBytes, str, u32le, unhex } from "./helpers/engine-bytes.ts";
import { contractModule } from "./helpers/engine-contracts.ts";
import { Data, RET_HELPERS, module } from "./helpers/engine-wat.ts";

const { CLValue, CLTypeByteArray } = sdk;
const CSPR = 1_000_000_000n;
const USER = 65536;
const MINT = 65024;
const MARK = "hash-" + "ab".repeat(32);
const PROTOCOLS = ["1.5.8", "2.0.0"] as const;

const HASH_ARG: [string, Uint8Array] = ["hash", new CLTypeByteArray(32).toBytes()];
const PROBE_ENTRY_POINTS: EpSpec[] = [
  { name: "stack_s", type: "session", ret: new Uint8Array([14, 3]) },
  { name: "stack_c", type: "contract", ret: new Uint8Array([14, 3]) },
  { name: "via_s", type: "session", args: [HASH_ARG] },
  { name: "via_c", type: "contract", args: [HASH_ARG] },
  { name: "caller_s", type: "session" },
  { name: "caller_c", type: "contract" },
  { name: "put_s", type: "session" },
  { name: "pay_s", type: "session" },
  { name: "pay_c", type: "contract" },
  { name: "one", type: "contract", ret: new Uint8Array([1]) },
  { name: "noop_c", type: "contract" },
  { name: "pp_c", type: "contract" },
  { name: "rm_c", type: "contract" },
  { name: "thr_c", type: "contract" },
  { name: "thr2_s", type: "session" },
  // rewritten into a Template and a Factory entry point in the 2.0 tests
  { name: "tmpl", type: "contract" },
  { name: "fact", type: "contract" },
  { name: "fact_to_s", type: "contract", args: [HASH_ARG] },
  { name: "has_early_s", type: "session" },
];

/** The probe contract: every entry point reports what it saw (or reverts with a status). */
function probe(bobHash: Uint8Array): Uint8Array {
  const d = new Data();
  const hashName = d.utf8("hash");
  const eps = Object.fromEntries(["stack_s", "stack_c", "put_s", "noop_c"].map((n) => [n, d.string(n)]));
  const bob = d.bytes(bobHash);
  const sevenCspr = d.bytes(CLValue.newCLUInt512((7n * CSPR).toString()).bytes());
  const noId = d.bytes(new Uint8Array([0]));
  const mark = d.bytes(keyBytes(MARK));
  const viaS = d.string("via_s_was_here");
  const fact = d.string("fact_was_here");
  const noArgs = d.bytes(u32le(0));
  const hp = d.string("get_payment_purse");
  const early = d.string("early");
  // call this contract's `ep` (hash from the `hash` arg) and hand its List<U8> back
  const forward = (ep: { ptr: number; len: number }) => `
    (if (call $casper_get_named_arg (i32.const ${hashName.ptr}) (i32.const ${hashName.len}) (i32.const 12000) (i32.const 32)) (then unreachable))
    (if (call $casper_call_contract (i32.const 12000) (i32.const 32) (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 12100))
      (then unreachable))
    (if (call $casper_read_host_buffer (i32.const 13000) (i32.load (i32.const 12100)) (i32.const 12104)) (then unreachable))
    (call $ret_bytes (i32.const 13004) (i32.sub (i32.load (i32.const 12100)) (i32.const 4)))`;
  const revertIfErr = (call: string) => `(local.set $r ${call}) (if (local.get $r) (then (call $casper_revert (local.get $r))))`;
  return contractModule({
    name: "probe",
    data: d,
    entryPoints: PROBE_ENTRY_POINTS,
    imports: [
      "casper_load_call_stack", "casper_read_host_buffer", "casper_ret", "casper_get_named_arg", "casper_call_contract",
      "casper_get_caller", "casper_put_key", "casper_get_main_purse", "casper_transfer_from_purse_to_account", "casper_revert",
      "casper_get_system_contract", "casper_remove_associated_key", "casper_set_action_threshold", "casper_has_key",
    ],
    functions: `
  ${RET_HELPERS}
  ${COPY}
  (func $stack
    (if (call $casper_load_call_stack (i32.const 12000) (i32.const 12004)) (then unreachable))
    (if (call $casper_read_host_buffer (i32.const 13000) (i32.load (i32.const 12004)) (i32.const 12008)) (then unreachable))
    (call $ret_bytes (i32.const 13000) (i32.load (i32.const 12004))))
  (func $caller
    (if (call $casper_get_caller (i32.const 12000)) (then unreachable))
    (if (call $casper_read_host_buffer (i32.const 13000) (i32.const 32) (i32.const 12008)) (then unreachable))
    (call $ret_bytes (i32.const 13000) (i32.const 32)))
  (func $pay (local $r i32)
    (call $casper_get_main_purse (i32.const 12000))
    ${revertIfErr(`(call $casper_transfer_from_purse_to_account (i32.const 12000) (i32.const 33) (i32.const ${bob.ptr}) (i32.const 32)
      (i32.const ${sevenCspr.ptr}) (i32.const ${sevenCspr.len}) (i32.const ${noId.ptr}) (i32.const 1) (i32.const 12100))`)})
  (func (export "stack_s") (call $stack))
  (func (export "stack_c") (call $stack))
  (func (export "via_s") ${forward(eps.stack_s)})
  (func (export "via_c") ${forward(eps.stack_c)})
  (func (export "caller_s") (call $caller))
  (func (export "caller_c") (call $caller))
  (func (export "put_s") (call $casper_put_key (i32.const ${viaS.ptr}) (i32.const ${viaS.len}) (i32.const ${mark.ptr}) (i32.const 33)))
  (func (export "pay_s") (call $pay))
  (func (export "pay_c") (call $pay))
  (func (export "one") (call $ret_i32 (i32.const 1)))
  (func (export "noop_c") nop)
  ;; handle payment's get_payment_purse, returned to the caller (the URef, as a List<U8> of its 33 bytes)
  (func (export "pp_c")
    (if (call $casper_get_system_contract (i32.const 1) (i32.const 12000) (i32.const 32)) (then unreachable))
    (if (call $casper_call_contract (i32.const 12000) (i32.const 32) (i32.const ${hp.ptr}) (i32.const ${hp.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 12100))
      (then unreachable))
    (if (call $casper_read_host_buffer (i32.const 13000) (i32.const 33) (i32.const 12104)) (then unreachable))
    ;; a URef CLValue: u32 33, the bytes, type tag 12
    (i32.store (i32.const 14000) (i32.const 33))
    (call $copy (i32.const 13000) (i32.const 14004) (i32.const 33))
    (i32.store8 (i32.const 14037) (i32.const 12))
    (call $casper_ret (i32.const 14000) (i32.const 38)))
  (func (export "rm_c") (call $casper_revert (i32.add (i32.const ${USER}) (call $casper_remove_associated_key (i32.const ${bob.ptr}) (i32.const 32)))))
  (func (export "thr_c") (call $casper_revert (i32.add (i32.const ${USER}) (call $casper_set_action_threshold (i32.const 0) (i32.const 1)))))
  (func (export "thr2_s") (call $casper_revert (i32.add (i32.const ${USER}) (call $casper_set_action_threshold (i32.const 2) (i32.const 1)))))
  (func (export "has_early_s") (call $casper_revert (i32.add (i32.const ${USER + 100}) (call $casper_has_key (i32.const ${early.ptr}) (i32.const ${early.len})))))
  (func (export "tmpl") nop)
  (func (export "fact") (call $casper_put_key (i32.const ${fact.ptr}) (i32.const ${fact.len}) (i32.const ${mark.ptr}) (i32.const 33)))
  (func (export "fact_to_s")
    (if (call $casper_get_named_arg (i32.const ${hashName.ptr}) (i32.const ${hashName.len}) (i32.const 12000) (i32.const 32)) (then unreachable))
    (drop (call $casper_call_contract (i32.const 12000) (i32.const 32) (i32.const ${eps.put_s.ptr}) (i32.const ${eps.put_s.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 12100))))`,
  });
}

/** $copy(from, to, n): byte copy (bulk memory is not allowed in Casper wasm). */
const COPY = `
  (func $copy (param $from i32) (param $to i32) (param $n i32) (local $i i32)
    (block $d (loop $l (br_if $d (i32.ge_u (local.get $i) (local.get $n)))
      (i32.store8 (i32.add (local.get $to) (local.get $i)) (i32.load8_u (i32.add (local.get $from) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l))))`;

/** A List<U8> the probe returned, as bytes. */
function listBytes(r: ExecutionResult): Uint8Array {
  const b = r.returned!.bytes;
  return b.subarray(4, 4 + new DataView(b.buffer, b.byteOffset).getUint32(0, true));
}

type Frame = ["Session", Uint8Array] | ["StoredSession", Uint8Array, Uint8Array, Uint8Array] | ["StoredContract", Uint8Array, Uint8Array];

function stackBytes(frames: Frame[]): string {
  const tag = { Session: 0, StoredSession: 1, StoredContract: 2 };
  return hex(cat(u32le(frames.length), ...frames.map(([kind, ...parts]) => cat(new Uint8Array([tag[kind]]), ...parts))));
}

describe.each(PROTOCOLS)("contract calls on %s", (protocol) => {
  let engine: Engine;
  let alice: Uint8Array;
  let pkg: Uint8Array;
  let contract: Uint8Array;
  const hashArg = () => ({ hash: CLValue.newCLByteArray(contract) });

  beforeEach(() => {
    engine = new Engine({ protocol });
    alice = engine.key("alice").accountHash;
    engine.runSession("alice", probe(engine.key("bob").accountHash)).expectSuccess();
    contract = engine.namedKey("alice", "probe").data;
    pkg = engine.namedKey("alice", "probe_package").data;
  });

  it("the call stack: a Contract entry point pushes StoredContract on both; a Session one StoredSession on 1.5.8, StoredContract on 2.0", () => {
    const session: Frame = ["Session", alice];
    const storedContract: Frame = ["StoredContract", pkg, contract];
    const storedSession: Frame = ["StoredSession", alice, pkg, contract];
    expect(hex(listBytes(engine.callByName("alice", "probe", "stack_c").expectSuccess()))).toBe(stackBytes([session, storedContract]));
    expect(hex(listBytes(engine.callByName("alice", "probe", "via_c", hashArg()).expectSuccess()))).toBe(stackBytes([session, storedContract, storedContract]));
    const asSession = protocol === "1.5.8" ? storedSession : storedContract;
    expect(hex(listBytes(engine.callByName("alice", "probe", "stack_s").expectSuccess()))).toBe(stackBytes([session, asSession]));
    expect(hex(listBytes(engine.callByName("alice", "probe", "via_s", hashArg()).expectSuccess()))).toBe(stackBytes([session, asSession, asSession]));
    const trace = engine.callByName("alice", "probe", "stack_s").trace.find((t) => t.name === "casper_load_call_stack")!;
    expect(trace.detail).toEqual({ frames: ["Session", protocol === "1.5.8" ? "StoredSession" : "StoredContract"] });
  });

  it("get_caller is the deploy's account from every entry point type (2.0: the initiator)", () => {
    for (const ep of ["caller_s", "caller_c"]) expect(hex(listBytes(engine.callByName("alice", "probe", ep).expectSuccess()))).toBe(hex(alice));
  });

  it("a Session (2.0 Caller) entry point runs in the account's context on both: its named keys", () => {
    engine.callByName("alice", "probe", "put_s").expectSuccess();
    expect(engine.account("alice").namedKeys.via_s_was_here).toBe(MARK);
    expect(engine.namedKeys(`hash-${hex(contract)}`).has("via_s_was_here")).toBe(false);
  });

  it("a Session entry point sees the account's named keys as the phase began (1.5.8 `account()`, 2.0 the runtime footprint): not the caller's newer ones", () => {
    const d = new Data();
    const early = d.string("early");
    const mark = d.bytes(keyBytes(MARK));
    const probeName = d.string("probe");
    const ep = d.string("has_early_s");
    const noArgs = d.bytes(u32le(0));
    const r = engine.runSession("alice", module({
      imports: ["casper_put_key", "casper_get_key", "casper_call_contract"],
      data: d,
      body: `(func (export "call")
    (call $casper_put_key (i32.const ${early.ptr}) (i32.const ${early.len}) (i32.const ${mark.ptr}) (i32.const 33))
    (if (call $casper_get_key (i32.const ${probeName.ptr}) (i32.const ${probeName.len}) (i32.const 600) (i32.const 40) (i32.const 640)) (then unreachable))
    (drop (call $casper_call_contract (i32.const 601) (i32.const 32) (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 644))))`,
    }));
    r.expectRevert(101, { user: true }); // has_key: 1 = missing
    // a later deploy's phase starts with it
    engine.runSession("alice", module({ imports: ["casper_put_key"], data: d, body: `(func (export "call") (call $casper_put_key (i32.const ${early.ptr}) (i32.const ${early.len}) (i32.const ${mark.ptr}) (i32.const 33)))` })).expectSuccess();
    engine.callByName("alice", "probe", "has_early_s").expectRevert(100, { user: true });
  });

  it("mint: stored Session code spends the main purse on 2.0 (within `amount`); 1.5.8's mint refuses it (InvalidContext)", () => {
    const bob = engine.balance("bob");
    const amount = { amount: CLValue.newCLUInt512((7n * CSPR).toString()) };
    if (protocol === "1.5.8") {
      engine.callByName("alice", "probe", "pay_s", amount).expectRevert(MINT + 20); // mint::Error::InvalidContext
      expect(engine.balance("bob")).toBe(bob);
    } else {
      // without the deploy's `amount` arg the spending limit is 0: UnapprovedSpendingAmount (21)
      engine.callByName("alice", "probe", "pay_s").expectRevert(MINT + 21);
      engine.callByName("alice", "probe", "pay_s", amount).expectSuccess();
      expect(engine.balance("bob")).toBe(bob + 7n * CSPR);
    }
    // a Contract entry point never holds the account's purse: 1.5.8 get_main_purse is InvalidContext,
    // 2.0 returns the initiator's purse, which the contract's context does not hold (forged)
    const fromContract = engine.callByName("alice", "probe", "pay_c", amount);
    if (protocol === "1.5.8") fromContract.expectError("InvalidContext", "Invalid context");
    else fromContract.expectError("ForgedReference", `Forged reference: URef(${engine.account("alice").mainPurse.slice(5, 69)}, READ_ADD_WRITE)`);
  });

  it("call_versioned_contract: an explicit version reverts ApiError 10 on 2.0; None calls the current version on both; a bad Option tag is a bytesrepr error", () => {
    const call = (option: Uint8Array) => {
      const d = new Data();
      const name = d.string("probe_package");
      const ep = d.string("one");
      const version = d.bytes(option);
      const noArgs = d.bytes(u32le(0));
      return engine.runSession("alice", module({
        imports: ["casper_get_key", "casper_call_versioned_contract", "casper_read_host_buffer", "casper_ret", "casper_revert"],
        data: d,
        body: `${RET_HELPERS}
  (func (export "call") (local $r i32)
    (if (call $casper_get_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 600) (i32.const 40) (i32.const 640)) (then unreachable))
    (local.set $r (call $casper_call_versioned_contract (i32.const 601) (i32.const 32) (i32.const ${version.ptr}) (i32.const ${version.len})
      (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 644)))
    (if (local.get $r) (then (call $casper_revert (local.get $r))))
    (if (call $casper_read_host_buffer (i32.const 700) (i32.const 4) (i32.const 648)) (then unreachable))
    (call $ret_i32 (i32.load (i32.const 700))))`,
      }));
    };
    const latest = call(new Uint8Array([0])).expectSuccess();
    expect(new DataView(latest.returned!.bytes.buffer, latest.returned!.bytes.byteOffset).getInt32(0, true)).toBe(1);
    const explicit = call(cat(new Uint8Array([1]), u32le(1)));
    if (protocol === "1.5.8") explicit.expectSuccess();
    else {
      explicit.expectRevert(10);
      expect(explicit.error!.message).toBe("ApiError::UnexpectedContractRefVariant [10]");
    }
    call(new Uint8Array([2])).expectError("BytesRepr", /Option<ContractVersion>/);
  });

  it("a contract stored under another protocol major: IncompatibleProtocolMajorVersion on 1.5.8, callable on 2.0", () => {
    const key = hashKey(contract);
    const stored = engine.state.read(key)!;
    if (stored.kind !== "Contract") throw new Error("no contract");
    const other = protocol === "1.5.8" ? { major: 2, minor: 0, patch: 0 } : { major: 1, minor: 5, patch: 8 };
    engine.state.put(key, { kind: "Contract", contract: { ...stored.contract, protocolVersion: other } });
    const r = engine.callByName("alice", "probe", "one");
    if (protocol === "1.5.8") r.expectError("IncompatibleProtocolMajorVersion", "Incompatible protocol major version. Expected version 1 but actual version is 2");
    else r.expectSuccess();
  });

  it("the payment purse: 2.0 refuses put_key of it and call_contract with it, in the frame that asked handle payment for it", () => {
    const d = new Data();
    const hp = d.string("get_payment_purse");
    const name = d.string("pp");
    const probeName = d.string("probe");
    const noop = d.string("noop_c");
    const ppC = d.string("pp_c");
    const noArgs = d.bytes(u32le(0));
    // RuntimeArgs { purse: URef }: the URef's 33 bytes sit at offset 17
    const withPurse = d.bytes(argsBytes({ purse: CLValue.newCLUref(sdk.URef.fromString(`uref-${"00".repeat(32)}-007`)) }));
    const session = (body: string) => module({
      imports: ["casper_get_system_contract", "casper_call_contract", "casper_read_host_buffer", "casper_put_key", "casper_get_key"],
      data: d,
      body: `${COPY} (func (export "call")
    (if (call $casper_get_system_contract (i32.const 1) (i32.const 600) (i32.const 32)) (then unreachable))
    ${body})`,
    });
    const getPurse = `(if (call $casper_call_contract (i32.const 600) (i32.const 32) (i32.const ${hp.ptr}) (i32.const ${hp.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 640))
      (then unreachable))
    (if (call $casper_read_host_buffer (i32.const 701) (i32.const 33) (i32.const 644)) (then unreachable))
    (i32.store8 (i32.const 700) (i32.const 2))`;
    const putIt = `(call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 700) (i32.const 34))`;
    const passIt = `(call $copy (i32.const 701) (i32.const ${withPurse.ptr + 17}) (i32.const 33))
    (if (call $casper_get_key (i32.const ${probeName.ptr}) (i32.const ${probeName.len}) (i32.const 800) (i32.const 40) (i32.const 840)) (then unreachable))
    (drop (call $casper_call_contract (i32.const 801) (i32.const 32) (i32.const ${noop.ptr}) (i32.const ${noop.len}) (i32.const ${withPurse.ptr}) (i32.const ${withPurse.len}) (i32.const 844)))`;
    const stored = engine.snapshot();
    const put = engine.runSession("alice", session(getPurse + putIt));
    const pass = engine.runSession("alice", session(getPurse + passIt));
    if (protocol === "1.5.8") {
      put.expectSuccess();
      expect(engine.account("alice").namedKeys.pp).toMatch(/^uref-[0-9a-f]{64}-005$/); // READ_ADD
      pass.expectSuccess();
    } else {
      // HandlePayment(AttemptToPersistPaymentPurse = 40): 65280 + 40
      put.expectRevert(65320);
      expect(put.error!.message).toBe("Handle Payment error: 40");
      expect(engine.account("alice").namedKeys.pp).toBeUndefined();
      pass.expectRevert(65320);
    }
    engine.restore(stored);
    // a contract asked for it and returned it: the session frame never asked, so it may keep it on both
    const viaContract = `(if (call $casper_get_key (i32.const ${probeName.ptr}) (i32.const ${probeName.len}) (i32.const 800) (i32.const 40) (i32.const 840)) (then unreachable))
    (if (call $casper_call_contract (i32.const 801) (i32.const 32) (i32.const ${ppC.ptr}) (i32.const ${ppC.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 640))
      (then unreachable))
    (if (call $casper_read_host_buffer (i32.const 701) (i32.const 33) (i32.const 644)) (then unreachable))
    (i32.store8 (i32.const 700) (i32.const 2))`;
    engine.runSession("alice", session(viaContract + putIt)).expectSuccess();
    expect(engine.account("alice").namedKeys.pp).toMatch(/^uref-[0-9a-f]{64}-005$/);
  });

  it("account-only host functions from a contract's context: 1.5.8 returns the failure code, 2.0 reads an Account under the contract's key", () => {
    if (protocol === "1.5.8") {
      engine.callByName("alice", "probe", "rm_c").expectRevert(2, { user: true }); // RemoveKeyFailure::PermissionDenied
      engine.callByName("alice", "probe", "thr_c").expectRevert(3, { user: true }); // SetThresholdFailure::PermissionDeniedError
      // 1.5.8 ActionType has no 2: Trap::Code(Unreachable)
      engine.callByName("alice", "probe", "thr2_s").expectError("Interpreter", "Interpreter error: trap: Code(Unreachable)");
    } else {
      engine.callByName("alice", "probe", "rm_c").expectError("TypeMismatch", "Tracking copy error: Type mismatch. Expected Account but found Contract.");
      // set_action_threshold reads Key::Account(<the contract's hash>): there is none
      engine.callByName("alice", "probe", "thr_c").expectError("KeyNotFound", `Key Key::Account(${hex(contract)}) not found`);
      // 2.0 ActionType::UpgradeManagement exists but a legacy account has none: InvalidContext
      engine.callByName("alice", "probe", "thr2_s").expectError("InvalidContext", "Invalid context");
    }
  });

  it("the mint checks READ on the source on 1.5.8 only (InvalidAccessRights), WRITE on both", () => {
    const d = new Data();
    const amount = d.bytes(CLValue.newCLUInt512(CSPR.toString()).bytes());
    const noId = d.bytes(new Uint8Array([0]));
    const transfer = (rights: number) => engine.runSession("alice", module({
      imports: ["casper_get_main_purse", "casper_create_purse", "casper_transfer_from_purse_to_purse", "casper_revert"],
      data: d,
      body: `(func (export "call") (local $r i32)
    (call $casper_get_main_purse (i32.const 600))
    (i32.store8 (i32.const 632) (i32.const ${rights}))
    (if (call $casper_create_purse (i32.const 700) (i32.const 33)) (then unreachable))
    (local.set $r (call $casper_transfer_from_purse_to_purse (i32.const 600) (i32.const 33) (i32.const 700) (i32.const 33)
      (i32.const ${amount.ptr}) (i32.const ${amount.len}) (i32.const ${noId.ptr}) (i32.const 1)))
    (if (local.get $r) (then (call $casper_revert (local.get $r)))))`,
    }), { amount: CLValue.newCLUInt512(CSPR.toString()) });
    const addWrite = transfer(6); // ADD | WRITE, no READ
    if (protocol === "1.5.8") addWrite.expectRevert(MINT + 4); // mint::Error::InvalidAccessRights
    else addWrite.expectSuccess();
    transfer(5).expectRevert(MINT + 4); // READ | ADD: no WRITE on both
  });
});

describe.each(PROTOCOLS)("which keys code may read and add to on %s (protocol/key-access.ts)", (protocol) => {
  /** Session code: casper_read_value(key) and ret its status (0 = found, 6 = ValueNotFound) and, when found, the U512 first byte count. */
  function read(engine: Engine, key: string): ExecutionResult {
    const d = new Data();
    const k = d.bytes(keyBytes(key));
    return engine.runSession("alice", module({
      imports: ["casper_read_value", "casper_ret"],
      data: d,
      body: `${RET_HELPERS} (func (export "call") (call $ret_i32 (call $casper_read_value (i32.const ${k.ptr}) (i32.const ${k.len}) (i32.const 300))))`,
    }));
  }
  const status = (r: ExecutionResult) => new DataView(r.returned!.bytes.buffer, r.returned!.bytes.byteOffset).getInt32(0, true);

  it("a balance: 1.5.8 never (InvalidAccess); 2.0 anyone (key.rs is_readable)", () => {
    const engine = new Engine({ protocol });
    const own = `balance-${engine.account("alice").mainPurse.slice(5, 69)}`;
    if (protocol === "1.5.8") read(engine, own).expectError("InvalidAccess", "Invalid access rights: READ");
    else expect(status(read(engine, own).expectSuccess())).toBe(0);
  });

  it("transfer, deploy and era records: 1.5.8 readable (absent: ValueNotFound); 2.0 nobody's but the system's", () => {
    const engine = new Engine({ protocol });
    for (const key of [`transfer-${"33".repeat(32)}`, `deploy-${"44".repeat(32)}`, "era-7"]) {
      if (protocol === "1.5.8") expect(status(read(engine, key).expectSuccess()), key).toBe(6);
      else read(engine, key).expectError("InvalidAccess", "Invalid access rights: READ");
    }
  });

  it("casper_add of a named key onto the account's own key: 1.5.8 adds it; 2.0 adds to URefs only", () => {
    const engine = new Engine({ protocol });
    const d = new Data();
    const account = d.bytes(keyBytes(engine.account("alice").accountHash));
    // CLValue (String, Key): ("added", hash-ab…)
    const tuple = d.bytes(cat(u32le(4 + 5 + 33), str("added"), keyBytes(MARK), new Uint8Array([19, 10, 11])));
    const r = engine.runSession("alice", module({
      imports: ["casper_add"],
      data: d,
      body: `(func (export "call") (call $casper_add (i32.const ${account.ptr}) (i32.const ${account.len}) (i32.const ${tuple.ptr}) (i32.const ${tuple.len})))`,
    }));
    if (protocol === "1.5.8") {
      r.expectSuccess();
      expect(engine.account("alice").namedKeys.added).toBe(MARK);
    } else {
      r.expectError("InvalidAccess", "Invalid access rights: ADD");
    }
  });
});

describe("Template and Factory entry points (2.0 only)", () => {
  /** The probe with `tmpl` made Template-access and `fact`, `fact_to_s` Factory-type, as 2.0 stores them. */
  function engineWithTemplateAndFactory(): { engine: Engine; contract: Uint8Array } {
    const engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", probe(engine.key("bob").accountHash)).expectSuccess();
    const contract = engine.namedKey("alice", "probe").data;
    const stored = engine.state.read(hashKey(contract))!;
    if (stored.kind !== "Contract") throw new Error("no contract");
    const entryPoints = new Map(stored.contract.entryPoints);
    entryPoints.set("tmpl", { ...entryPoints.get("tmpl")!, access: { kind: "Template" } });
    entryPoints.set("fact", { ...entryPoints.get("fact")!, entryPointType: "Factory" });
    entryPoints.set("fact_to_s", { ...entryPoints.get("fact_to_s")!, entryPointType: "Factory" });
    engine.state.put(hashKey(contract), { kind: "Contract", contract: { ...stored.contract, entryPoints } });
    return { engine, contract };
  }

  it("Template access: never callable (ExecError::TemplateMethod), by a deploy or from code", () => {
    const { engine } = engineWithTemplateAndFactory();
    engine.callByName("alice", "probe", "tmpl").expectError("TemplateMethod", "Error calling a template entry point: tmpl");
    engine.callByName("alice", "probe", "noop_c").expectSuccess();
  });

  it("Factory entry points run in the contract's context (get_context_key_for_contract_call) and may not call Session code", () => {
    const { engine, contract } = engineWithTemplateAndFactory();
    engine.callByName("alice", "probe", "fact").expectSuccess();
    expect(engine.namedKeys(`hash-${hex(contract)}`).get("fact_was_here")).toEqual({ tag: 1, data: unhex("ab".repeat(32)) });
    expect(engine.account("alice").namedKeys.fact_was_here).toBeUndefined();
    // (Factory, Caller): "Session code can't be called from Installer code for security reasons."
    engine.callByName("alice", "probe", "fact_to_s", { hash: CLValue.newCLByteArray(contract) }).expectError("InvalidContext", "Invalid context");
  });

  it("1.5.8 cannot store either: its decoder knows no access tag 3 and no type 0x80", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    const d = new Data();
    const bytes = (access: number, type: number) => cat(u32le(1), str("x"), str("x"), u32le(0), new Uint8Array([9, access, type]));
    for (const [access, type, what] of [[3, 1, "EntryPointAccess"], [1, 0x80, "entry_point_type"]] as const) {
      const eps = d.bytes(bytes(access, type));
      const nk = d.bytes(u32le(0));
      engine.runSession("alice", module({
        imports: ["casper_create_contract_package_at_hash", "casper_add_contract_version"],
        data: d,
        body: `(func (export "x") nop) (func (export "call")
    (call $casper_create_contract_package_at_hash (i32.const 100) (i32.const 140) (i32.const 0))
    (drop (call $casper_add_contract_version (i32.const 100) (i32.const 32) (i32.const 180) (i32.const ${eps.ptr}) (i32.const ${eps.len})
      (i32.const ${nk.ptr}) (i32.const 4) (i32.const 200) (i32.const 32) (i32.const 184))))`,
      })).expectError("BytesRepr", new RegExp(what));
    }
  });
});

describe("a deploy's versioned item: the version is looked up on 1.5.8, ignored at execution on 2.0 (execution_kind.rs)", () => {
  it("resolves to the named version, or to the current one", () => {
    for (const protocol of PROTOCOLS) {
      const engine = new Engine({ protocol });
      engine.runSession("alice", probe(engine.key("bob").accountHash)).expectSuccess();
      const pkg = engine.namedKey("alice", "probe_package").data;
      const v1 = engine.namedKey("alice", "probe").data;
      // a second version whose `one` is the same code: what matters is which hash is picked
      const d = new Data();
      const p = d.bytes(pkg);
      const eps = d.bytes(entryPointsBytes([{ name: "one", type: "contract", ret: new Uint8Array([1]) }]));
      const nk = d.bytes(u32le(0));
      engine.runSession("alice", module({
        imports: ["casper_add_contract_version", "casper_ret"],
        data: d,
        body: `${RET_HELPERS} (func (export "one") (call $ret_i32 (i32.const 2)))
  (func (export "call")
    (if (call $casper_add_contract_version (i32.const ${p.ptr}) (i32.const 32) (i32.const 180) (i32.const ${eps.ptr}) (i32.const ${eps.len})
      (i32.const ${nk.ptr}) (i32.const 4) (i32.const 200) (i32.const 32) (i32.const 184)) (then unreachable)))`,
      })).expectSuccess();
      const v2 = engine.contractPackage(`hash-${hex(pkg)}`).versions[1].contractHash;
      const account = engine.readAccount("alice")!;
      const state = new TrackingCopy(engine.state);
      const major = engine.config.runtime.protocolVersion.major;
      const item = { kind: "StoredVersionedContractByHash" as const, hash: pkg, version: 1, entryPoint: "one", args: [] };
      const rule = protocol === "1.5.8" ? "honoured" : "ignored";
      expect(hex(resolveStoredItem(state, account, item, major, rule)!)).toBe(hex(protocol === "1.5.8" ? v1 : v2));
      expect(hex(resolveStoredItem(state, account, { ...item, version: undefined }, major, rule)!)).toBe(hex(v2));
      if (protocol === "1.5.8") expect(() => resolveStoredItem(state, account, { ...item, version: 9 }, major, rule)).toThrow("Invalid contract version: 1.9");
      else expect(hex(resolveStoredItem(state, account, { ...item, version: 9 }, major, rule)!)).toBe(hex(v2));
    }
  });
});
