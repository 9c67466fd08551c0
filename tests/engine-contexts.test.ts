// The seed's four rows (session code vs contract code), one test each, on hand-written WAT.
import sdk from "casper-js-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { argsBytes, keyBytes } from "./helpers/engine-bytes.ts";
import { contractModule } from "./helpers/engine-contracts.ts";
import { Data, module } from "./helpers/engine-wat.ts";

const { CLValue, CLTypeUInt8, CLTypeString } = sdk;
const MARK = "hash-" + "ab".repeat(32);
const USER = 65536;

function contextsContract(accountHashHex: string): Uint8Array {
  const d = new Data();
  const mark = d.bytes(keyBytes(MARK));
  const viaSession = d.string("via_session");
  const viaContract = d.string("via_contract");
  const acct = d.bytes(Buffer.from(accountHashHex, "hex"));
  const x = d.utf8("x");
  const s = d.utf8("s");
  return contractModule({
    name: "ctx",
    data: d,
    imports: ["casper_put_key", "casper_get_main_purse", "casper_add_associated_key", "casper_revert", "casper_get_named_arg", "casper_get_named_arg_size"],
    entryPoints: [
      { name: "session_ep", type: "session" },
      { name: "session_add_key", type: "session" },
      { name: "contract_ep", type: "contract" },
      { name: "contract_main_purse", type: "contract" },
      { name: "contract_add_key", type: "contract" },
      { name: "echo_u8", type: "contract", args: [["x", CLTypeUInt8.toBytes()]] },
      { name: "arg_size", type: "contract", args: [["s", CLTypeString.toBytes()]] },
    ],
    functions: `
  (func (export "session_ep")
    (call $casper_put_key (i32.const ${viaSession.ptr}) (i32.const ${viaSession.len}) (i32.const ${mark.ptr}) (i32.const 33))
    (call $casper_get_main_purse (i32.const 400)))
  (func (export "contract_ep")
    (call $casper_put_key (i32.const ${viaContract.ptr}) (i32.const ${viaContract.len}) (i32.const ${mark.ptr}) (i32.const 33)))
  (func (export "contract_main_purse")
    (call $casper_get_main_purse (i32.const 400)))
  (func $add_key_and_revert
    (call $casper_revert (i32.add (i32.const ${USER}) (call $casper_add_associated_key (i32.const ${acct.ptr}) (i32.const 32) (i32.const 1)))))
  (func (export "contract_add_key") (call $add_key_and_revert))
  (func (export "session_add_key") (call $add_key_and_revert))
  (func (export "echo_u8")
    (if (call $casper_get_named_arg (i32.const ${x.ptr}) (i32.const ${x.len}) (i32.const 400) (i32.const 1)) (then unreachable))
    (call $casper_revert (i32.add (i32.const ${USER}) (i32.load8_u (i32.const 400)))))
  (func (export "arg_size")
    (if (call $casper_get_named_arg_size (i32.const ${s.ptr}) (i32.const ${s.len}) (i32.const 404)) (then unreachable))
    (call $casper_revert (i32.add (i32.const ${USER}) (i32.load (i32.const 404)))))`,
  });
}

/** Session code that calls ctx.<entryPoint> through casper_call_contract, then (with a probe) reports has_key(probe) as User(100 + result). */
function callerSession(entryPoint: string, probe?: string): Uint8Array {
  const d = new Data();
  const ctx = d.string("ctx");
  const ep = d.string(entryPoint);
  const args = d.bytes(argsBytes({}));
  const probeName = d.string(probe ?? "");
  return module({
    imports: ["casper_get_key", "casper_call_contract", "casper_has_key", "casper_revert"],
    data: d,
    body: `
  (func (export "call")
    (if (call $casper_get_key (i32.const ${ctx.ptr}) (i32.const ${ctx.len}) (i32.const 600) (i32.const 40) (i32.const 640)) (then unreachable))
    (if (call $casper_call_contract (i32.const 601) (i32.const 32) (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const ${args.ptr}) (i32.const ${args.len}) (i32.const 644))
      (then unreachable))
    ${probe === undefined ? "" : `(call $casper_revert (i32.add (i32.const ${USER + 100}) (call $casper_has_key (i32.const ${probeName.ptr}) (i32.const ${probeName.len}))))`})`,
  });
}

describe.each(["1.5.8", "2.0.0"] as const)("session code vs contract code (the seed's four rows), protocol %s", (protocol) => {
  let engine: Engine;
  let bobHash: string;

  beforeAll(() => {
    engine = new Engine({ protocol });
    bobHash = engine.key("bob").publicKey.accountHash().toHex();
    engine.runSession("alice", contextsContract(bobHash)).expectSuccess();
  });

  it("1. session code and Session entry points run in the account's context; Contract entry points in the contract's", () => {
    const s = engine.snapshot();
    // casper_get_main_purse: 1.5.8 runtime_context `get_main_purse` refuses any context but the
    // account's; 2.0 returns the runtime footprint's purse (the initiator's) everywhere
    // (host/runtime/protocol/account-context.ts)
    engine.callByName("alice", "ctx", "session_ep").expectSuccess();
    if (protocol === "1.5.8") engine.callByName("alice", "ctx", "contract_main_purse").expectError("InvalidContext", "Invalid context");
    else engine.callByName("alice", "ctx", "contract_main_purse").expectSuccess();
    // from session code too: the stored Session entry point sees the account, the Contract one does not
    const viaSession = engine.runSession("alice", callerSession("session_ep", "via_session"));
    viaSession.expectRevert(100 + 0, { user: true }); // has_key found it in the account's context
    engine.restore(s);
  });

  it("2. put_key writes the account's named keys from session code, the contract's from a Contract entry point", () => {
    const s = engine.snapshot();
    const contractHash = engine.account("alice").namedKeys.ctx;
    engine.callByName("alice", "ctx", "session_ep").expectSuccess();
    expect(engine.account("alice").namedKeys.via_session).toBe(MARK);
    expect(engine.contract(contractHash).namedKeys.has("via_session")).toBe(false);

    engine.callByName("alice", "ctx", "contract_ep").expectSuccess();
    expect(engine.account("alice").namedKeys.via_contract).toBeUndefined();
    expect([...engine.contract(contractHash).namedKeys.keys()]).toEqual(["via_contract"]);
    // and from session code through call_contract: the caller's named keys do not get it
    engine.runSession("alice", callerSession("contract_ep", "via_contract")).expectRevert(100 + 1, { user: true });
    engine.restore(s);
  });

  it("3. session code has only `call`; a contract has many entry points, each callable by name with typed args", () => {
    const d = new Data();
    const noCall = module({ imports: ["casper_revert"], data: d, body: `(func (export "main") (call $casper_revert (i32.const 1)))` });
    engine.runSession("alice", noCall).expectError("Interpreter", "Module doesn't have export call");

    engine.callByName("alice", "ctx", "echo_u8", { x: CLValue.newCLUint8(7) }).expectRevert(7, { user: true });
    engine.callByName("alice", "ctx", "echo_u8", { x: CLValue.newCLUint8(200) }).expectRevert(200, { user: true });
    engine.callByName("alice", "ctx", "arg_size", { s: CLValue.newCLString("hello") }).expectRevert(9, { user: true }); // u32 length + 5 bytes
    engine.callByName("alice", "ctx", "no_such_entry_point").expectError("NoSuchMethod", "No such method: no_such_entry_point");
  });

  it("4. a contract acts only when called from outside, and account-only operations fail in its context", () => {
    const s = engine.snapshot();
    const contractHash = engine.account("alice").namedKeys.ctx;
    // installed, it has done nothing: no named keys of its own
    expect(engine.contract(contractHash).namedKeys.size).toBe(0);
    // the same code adding an associated key: refused in the contract's context. 1.5.8: the failure
    // AddKeyFailure::PermissionDenied (3) comes back to wasm; 2.0 reads an Account under the
    // contract's key and fails the deploy (runtime_context add_associated_key, read_gs_typed)
    if (protocol === "1.5.8") engine.callByName("alice", "ctx", "contract_add_key").expectRevert(3, { user: true });
    else engine.callByName("alice", "ctx", "contract_add_key").expectError("TypeMismatch", "Tracking copy error: Type mismatch. Expected Account but found Contract.");
    expect(engine.account("alice").associatedKeys[bobHash]).toBeUndefined();
    // ... accepted as a Session entry point, in the account's context (0 = success)
    engine.callByName("alice", "ctx", "session_add_key").expectRevert(0, { user: true });
    engine.restore(s);
    // called from session code (call_contract), the Contract entry point acts in the contract's context
    engine.runSession("alice", callerSession("contract_ep")).expectSuccess();
    expect(engine.contract(contractHash).namedKeys.get("via_contract")).toEqual({ tag: 1, data: new Uint8Array(32).fill(0xab) });
    expect(engine.account("alice").namedKeys.via_contract).toBeUndefined();
    engine.restore(s);
  });
});
