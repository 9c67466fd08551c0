// A deploy that writes and then reverts leaves no trace but the payment; the same session without
// the revert keeps everything. Checked against the whole of global state.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { clBytes } from "./helpers/engine-bytes.ts";
import { balanceKeyOf, changedKeys, image } from "./helpers/engine-state.ts";
import { Data, module } from "./helpers/engine-wat.ts";

const { CLValue } = sdk;

/** new_uref, put_key, a dictionary write and a transfer to bob; then revert User(9) if asked. */
function writer(engine: Engine, revert: boolean): Uint8Array {
  const d = new Data();
  const value = d.bytes(clBytes(CLValue.newCLString("kept?")));
  const name = d.string("written");
  const dict = d.string("dict");
  const item = d.utf8("k");
  const bob = d.bytes(engine.key("bob").accountHash);
  const amount = d.bytes(CLValue.newCLUInt512("1000").bytes());
  const none = d.bytes(new Uint8Array([0]));
  return module({
    imports: ["casper_new_uref", "casper_put_key", "casper_new_dictionary", "casper_read_host_buffer", "casper_dictionary_put", "casper_transfer_to_account", "casper_revert"],
    data: d,
    body: `(func (export "call")
      (call $casper_new_uref (i32.const 101) (i32.const ${value.ptr}) (i32.const ${value.len}))
      (i32.store8 (i32.const 100) (i32.const 2))
      (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 100) (i32.const 34))
      (if (call $casper_new_dictionary (i32.const 200)) (then unreachable))
      (if (call $casper_read_host_buffer (i32.const 301) (i32.const 33) (i32.const 208)) (then unreachable))
      (i32.store8 (i32.const 300) (i32.const 2))
      (call $casper_put_key (i32.const ${dict.ptr}) (i32.const ${dict.len}) (i32.const 300) (i32.const 34))
      (if (call $casper_dictionary_put (i32.const 301) (i32.const 33) (i32.const ${item.ptr}) (i32.const ${item.len}) (i32.const ${value.ptr}) (i32.const ${value.len})) (then unreachable))
      (if (call $casper_transfer_to_account (i32.const ${bob.ptr}) (i32.const 32) (i32.const ${amount.ptr}) (i32.const ${amount.len}) (i32.const ${none.ptr}) (i32.const 1) (i32.const 400)) (then unreachable))
      ${revert ? "(call $casper_revert (i32.const 65545))" : ""})`,
  });
}

describe("rollback", () => {
  it("a session that writes then reverts leaves only the payment", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    const bob = engine.balance("bob");
    const before = image(engine);
    const r = engine.runSession("alice", writer(engine, true), { amount: CLValue.newCLUInt512("1000") });
    r.expectRevert(9, { user: true });
    expect(changedKeys(before, image(engine))).toEqual([balanceKeyOf(engine, "alice"), balanceKeyOf(engine, "proposer")].sort());
    expect(engine.account("alice").namedKeys).toEqual({});
    expect(engine.balance("bob")).toBe(bob);
    // the failed session's transfers and return value are not reported either
    expect(r.transfers).toEqual([]);
    expect(r.effects.namedKeys).toEqual([]);
  });

  it("the same session without the revert keeps its writes, its transfer and its deploy record", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    const bob = engine.balance("bob");
    const before = image(engine);
    const r = engine.runSession("alice", writer(engine, false), { amount: CLValue.newCLUInt512("1000") }).expectSuccess();
    const changed = changedKeys(before, image(engine));
    expect(changed).toContain(`account-hash-${engine.key("alice").publicKey.accountHash().toHex()}`);
    expect(changed).toContain(`deploy-${r.deployHash}`);
    expect(changed.filter((k) => k.startsWith("dictionary-")).length).toBe(1);
    expect(changed.filter((k) => k.startsWith("transfer-")).length).toBe(1);
    expect(Object.keys(engine.account("alice").namedKeys).sort()).toEqual(["dict", "written"]);
    expect(engine.value(engine.account("alice").namedKeys.written).toString()).toBe("kept?");
    expect(engine.balance("bob")).toBe(bob + 1000n);
    expect(r.effects.namedKeys.map((n) => n.name)).toEqual(["written", "dict"]);
    expect(r.effects.balances.find((b) => b.owner === "bob")!.delta).toBe(1000n);
  });

  it("snapshot / restore", () => {
    const engine = new Engine();
    const s = engine.snapshot();
    const root = engine.stateRootHash();
    engine.transfer("alice", "bob", 10n ** 12n).expectSuccess();
    expect(engine.stateRootHash()).not.toBe(root);
    const after = engine.snapshot();
    engine.restore(s);
    expect(engine.stateRootHash()).toBe(root);
    expect(engine.balance("bob")).toBe(10_000_000n * 10n ** 9n);
    engine.restore(after);
    expect(engine.balance("bob")).toBe(10_000_000n * 10n ** 9n + 10n ** 12n);
    // restoring one snapshot twice, writing in between, leaves the snapshot intact
    engine.restore(s);
    engine.transfer("alice", "carol", 3n * 10n ** 9n).expectSuccess();
    engine.restore(s);
    expect(engine.stateRootHash()).toBe(root);
  });
});
