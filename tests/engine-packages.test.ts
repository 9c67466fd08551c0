// Contract packages: versions and upgrades, versioned calls, disabled versions, locked packages,
// user groups, context rules between entry point types, the call-stack limit, forged URefs returned.
import sdk from "casper-js-sdk";
import { beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { argsBytes, cat, entryPointsBytes, type EpSpec, keyBytes, str, u32le } from "./helpers/engine-bytes.ts";
import { contractModule } from "./helpers/engine-contracts.ts";
import { Data, RET_HELPERS, module } from "./helpers/engine-wat.ts";

const { CLValue, CLTypeByteArray } = sdk;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const returnedI32 = (r: ExecutionResult) => new DataView(r.returned!.bytes.buffer, r.returned!.bytes.byteOffset).getInt32(0, true);

const ENTRY_POINTS = (version: number): EpSpec[] => [
  { name: "version", type: "contract", ret: new Uint8Array([1]) },
  { name: "session_entry", type: "session" },
  { name: "call_session_from_contract", type: "contract", args: [["hash", new CLTypeByteArray(32).toBytes()]] },
  { name: "recurse", type: "contract", args: [["hash", new CLTypeByteArray(32).toBytes()]] },
  { name: "ret_forged", type: "contract" },
  { name: "admin_only", type: "contract", access: ["admins"] },
  ...(version > 1 ? [{ name: "added_in_v2", type: "contract" as const }] : []),
];

/** Entry point code shared by every version; `version` returns its version number. */
function functions(version: number, d: Data): string {
  const hashArg = d.utf8("hash");
  const sessionEp = d.string("session_entry");
  const recurse = d.string("recurse");
  const args = d.bytes(new Uint8Array(4)); // filled at run time: RuntimeArgs { hash }
  const forged = d.bytes(cat(u32le(33), new Uint8Array(32).fill(0x99), new Uint8Array([7]), new Uint8Array([12])));
  const callWithHash = (ep: { ptr: number; len: number }) => `
    (if (call $casper_get_named_arg (i32.const ${hashArg.ptr}) (i32.const ${hashArg.len}) (i32.const 500) (i32.const 32)) (then unreachable))
    ;; RuntimeArgs { "hash": ByteArray(32) } built at 600: count, name, CLValue(len 32, bytes, type 15 + u32 32)
    (i32.store (i32.const 600) (i32.const 1))
    (i32.store (i32.const 604) (i32.const 4))
    (i32.store (i32.const 608) (i32.const 0x68736168))
    (i32.store (i32.const 612) (i32.const 32))
    (call $copy32 (i32.const 500) (i32.const 616))
    (i32.store8 (i32.const 648) (i32.const 15))
    (i32.store (i32.const 649) (i32.const 32))
    (drop (call $casper_call_contract (i32.const 500) (i32.const 32) (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const 600) (i32.const 53) (i32.const 700)))`;
  void args;
  return `
  ${RET_HELPERS}
  (func $copy32 (param $from i32) (param $to i32) (local $i i32)
    (block $d (loop $l (br_if $d (i32.ge_u (local.get $i) (i32.const 32)))
      (i32.store8 (i32.add (local.get $to) (local.get $i)) (i32.load8_u (i32.add (local.get $from) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1))) (br $l))))
  (func (export "version") (call $ret_i32 (i32.const ${version})))
  (func (export "session_entry"))
  (func (export "call_session_from_contract") ${callWithHash(sessionEp)})
  (func (export "recurse") ${callWithHash(recurse)})
  (func (export "ret_forged") (call $casper_ret (i32.const ${forged.ptr}) (i32.const ${forged.len})))
  ;; one nop each: Casper 2.0 fails a deploy whose wasm consumed no gas at all
  (func (export "admin_only") nop)
  ${version > 1 ? `(func (export "added_in_v2") nop)` : ""}`;
}

const CONTRACT_IMPORTS = ["casper_ret", "casper_get_named_arg", "casper_call_contract"];

function install(engine: Engine, opts: { locked?: boolean } = {}): void {
  const d = new Data();
  const namedKeys = cat(u32le(1), str("kept"), keyBytes("hash-" + "ee".repeat(32)));
  engine.runSession("alice", contractModule({ name: "counter", data: d, entryPoints: ENTRY_POINTS(1), functions: functions(1, d), imports: CONTRACT_IMPORTS, locked: opts.locked, namedKeys })).expectSuccess();
}

/** Session code adding a new version (entry points of `version`) to counter_package, as `who`. */
function upgrade(engine: Engine, who: string, packageHash: Uint8Array, version = 2): ExecutionResult {
  const d = new Data();
  const pkg = d.bytes(packageHash);
  const eps = d.bytes(entryPointsBytes(ENTRY_POINTS(version)));
  const nk = d.bytes(u32le(0));
  const body = `
  ${functions(version, d)}
  (func (export "call")
    (local $r i32)
    (local.set $r (call $casper_add_contract_version (i32.const ${pkg.ptr}) (i32.const 32) (i32.const 180) (i32.const ${eps.ptr}) (i32.const ${eps.len}) (i32.const ${nk.ptr}) (i32.const ${nk.len}) (i32.const 200) (i32.const 32) (i32.const 184)))
    (if (local.get $r) (then unreachable)))`;
  return engine.runSession(who, module({ imports: [...CONTRACT_IMPORTS, "casper_add_contract_version"], data: d, body }));
}

function packageOp(engine: Engine, op: "casper_disable_contract_version" | "casper_enable_contract_version", packageHash: Uint8Array, contractHash: Uint8Array): ExecutionResult {
  const d = new Data();
  const pkg = d.bytes(packageHash);
  const ch = d.bytes(contractHash);
  return engine.runSession("alice", module({
    imports: [op, "casper_revert"],
    data: d,
    body: `(func (export "call") (local $r i32)
      (local.set $r (call $${op} (i32.const ${pkg.ptr}) (i32.const 32) (i32.const ${ch.ptr}) (i32.const 32)))
      (if (local.get $r) (then (call $casper_revert (local.get $r)))))`,
  }));
}

describe.each(["1.5.8", "2.0.0"] as const)("contract packages, protocol %s", (protocol) => {
  let engine: Engine;
  let pkg: Uint8Array;
  let v1: Uint8Array;
  beforeEach(() => {
    engine = new Engine({ protocol });
    install(engine);
    pkg = engine.namedKey("alice", "counter_package").data;
    v1 = engine.namedKey("alice", "counter").data;
  });

  it("installs version 1 with its named keys; entry points run by name", () => {
    const p = engine.contractPackage("hash-" + hex(pkg));
    expect(p.locked).toBe(false);
    expect(p.versions.map((v) => [v.version, hex(v.contractHash)])).toEqual([[1, hex(v1)]]);
    expect(engine.contract("hash-" + hex(v1)).namedKeys.get("kept")).toEqual({ tag: 1, data: new Uint8Array(32).fill(0xee) });
    expect(returnedI32(engine.callByName("alice", "counter", "version").expectSuccess())).toBe(1);
  });

  it("upgrades to version 2: versioned calls pick the newest enabled version unless told; named keys carry over", () => {
    upgrade(engine, "alice", pkg).expectSuccess();
    const p = engine.contractPackage("hash-" + hex(pkg));
    expect(p.versions.map((v) => v.version)).toEqual([1, 2]);
    const v2 = p.versions[1].contractHash;
    expect(engine.contract("hash-" + hex(v2)).namedKeys.has("kept")).toBe(true);
    expect([...engine.contract("hash-" + hex(v2)).entryPoints.keys()]).toContain("added_in_v2");

    expect(returnedI32(engine.callVersionedByName("alice", "counter_package", "version").expectSuccess())).toBe(2);
    expect(returnedI32(engine.callByHash("alice", hex(v1), "version").expectSuccess())).toBe(1);
    if (protocol === "1.5.8") {
      // a deploy's StoredVersionedContractBy* version is looked up under the current protocol major
      expect(returnedI32(engine.callVersionedByName("alice", "counter_package", "version", undefined, 1).expectSuccess())).toBe(1);
      expect(returnedI32(engine.callVersionedByHash("alice", hex(pkg), "version", undefined, 2).expectSuccess())).toBe(2);
      const missing = engine.callVersionedByName("alice", "counter_package", "version", undefined, 3);
      missing.expectError("InvalidContractVersion", `Invalid contract version: ${engine.config.runtime.protocolVersion.major}.3`);
      expect(missing.precondition).toBe(true);
    } else {
      // 2.0 transaction_acceptor.rs refuses any explicit version (TargetingPackageVersionNotSupported);
      // execution would ignore it anyway (execution_kind.rs "version is defunct": tests/engine-2x-calls.test.ts)
      for (const v of [1, 3]) {
        const r = engine.callVersionedByName("alice", "counter_package", "version", undefined, v);
        r.expectError("InvalidDeploy", "passing `version` in payment and session Versioned variants is not supported");
        expect(r.precondition).toBe(true);
      }
    }
  });

  it("disabled versions: not callable by hash, skipped by versioned calls, until enabled again", () => {
    upgrade(engine, "alice", pkg).expectSuccess();
    const v2 = engine.contractPackage("hash-" + hex(pkg)).versions[1].contractHash;
    packageOp(engine, "casper_disable_contract_version", pkg, v2).expectSuccess();
    expect(engine.contractPackage("hash-" + hex(pkg)).disabledVersions.map((v) => v.version)).toEqual([2]);
    engine.callByHash("alice", hex(v2), "version").expectError("DisabledContract", "Contract is disabled");
    expect(returnedI32(engine.callVersionedByName("alice", "counter_package", "version").expectSuccess())).toBe(1);
    if (protocol === "1.5.8") engine.callVersionedByName("alice", "counter_package", "version", undefined, 2).expectError("InvalidContractVersion");
    else engine.callVersionedByName("alice", "counter_package", "version", undefined, 2).expectError("InvalidDeploy"); // the acceptor refuses a version
    // an unknown contract hash: ContractHeader(ContractNotFound = 2), 64768 + 2
    packageOp(engine, "casper_disable_contract_version", pkg, new Uint8Array(32).fill(3)).expectRevert(64770);
    packageOp(engine, "casper_enable_contract_version", pkg, v2).expectSuccess();
    expect(returnedI32(engine.callVersionedByName("alice", "counter_package", "version").expectSuccess())).toBe(2);
  });

  it("a locked package takes no new version; a package's access key is needed to add one", () => {
    upgrade(engine, "bob", pkg).expectError("ForgedReference");
    const locked = new Engine();
    install(locked, { locked: true });
    const lockedPkg = locked.namedKey("alice", "counter_package").data;
    expect(locked.contractPackage("hash-" + hex(lockedPkg)).locked).toBe(true);
    upgrade(locked, "alice", lockedPkg).expectError("LockedContract", "A locked contract cannot be upgraded");
    packageOp(locked, "casper_disable_contract_version", lockedPkg, locked.namedKey("alice", "counter").data).expectError("LockedContract");
  });

  it("user groups: a Groups entry point is callable only from a context holding one of the group's URefs", () => {
    engine.callByName("alice", "counter", "admin_only").expectError("InvalidContext");
    const d = new Data();
    const p = d.bytes(pkg);
    const label = d.string("admins");
    const token = d.string("admin_token");
    const none = d.bytes(u32le(0));
    engine.runSession("alice", module({
      imports: ["casper_create_contract_user_group", "casper_read_host_buffer", "casper_put_key"],
      data: d,
      body: `(func (export "call")
        (if (call $casper_create_contract_user_group (i32.const ${p.ptr}) (i32.const 32) (i32.const ${label.ptr}) (i32.const ${label.len}) (i32.const 1) (i32.const ${none.ptr}) (i32.const 4) (i32.const 200)) (then unreachable))
        (if (call $casper_read_host_buffer (i32.const 300) (i32.const 64) (i32.const 208)) (then unreachable))
        ;; List<URef> with one element at 304: make it a Key::URef at 303
        (i32.store8 (i32.const 303) (i32.const 2))
        (call $casper_put_key (i32.const ${token.ptr}) (i32.const ${token.len}) (i32.const 303) (i32.const 34)))`,
    })).expectSuccess();
    const group = engine.contractPackage("hash-" + hex(pkg)).groups.get("admins")!;
    expect(group.length).toBe(1);
    expect(engine.account("alice").namedKeys.admin_token).toBe(`uref-${hex(group[0].addr)}-007`);
    engine.callByName("alice", "counter", "admin_only").expectSuccess();
    engine.callByHash("bob", hex(v1), "admin_only").expectError("InvalidContext");
  });

  it("a Contract entry point may not call a Session one; recursion ends at the call-stack limit; forged URefs cannot be returned", () => {
    const hashArg = { hash: CLValue.newCLByteArray(v1) };
    engine.callByName("alice", "counter", "call_session_from_contract", hashArg).expectError("InvalidContext");
    const deep = engine.callByName("alice", "counter", "recurse", hashArg);
    deep.expectError("RuntimeStackOverflow", "Runtime stack overflow");
    // max_runtime_call_stack_height = 12: the session frame and 11 nested calls ran
    expect(deep.trace.filter((t) => t.name === "casper_call_contract").length).toBe(engine.config.runtime.maxRuntimeCallStackHeight - 1);
    engine.callByName("alice", "counter", "ret_forged").expectError("ForgedReference", `URef(${"99".repeat(32)}, READ_ADD_WRITE)`);
    // the RuntimeArgs the WAT builds by hand are the SDK's bytes for { hash: ByteArray(32) } (53 bytes)
    expect(argsBytes(hashArg).length).toBe(53);
  });
});
