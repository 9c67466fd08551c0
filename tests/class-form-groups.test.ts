// User groups in the class form, and events and errors from another file (tests/contracts/class_groups.ts): the installer creates the group with a
// URef it names in the installing account, the entry point declared for the group admits the accounts
// holding that URef and refuses the others, as casper-node's group access does; init gets the contract's
// own hash.
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { classContract } from "./helpers/class-contracts.ts";

describe.each(["1.5.8", "2.0.0"] as const)("user groups on protocol %s", (protocol) => {
  let engine: Engine;
  let contract: string;
  beforeAll(async () => {
    const { wasm, contract: c } = await classContract("tests/contracts/class_groups.ts");
    expect(c!.schema.entry_points.find((e) => e.name === "restricted")!.access).toEqual({ groups: ["admin"] });
    engine = new Engine({ protocol });
    engine.runSession("alice", wasm, {}, { payment: 100n * 10n ** 9n }).expectSuccess();
    contract = engine.account("alice").namedKeys.groups_contract;
  }, 60_000);

  it("the group and its URef: named in the installer's account, listed in the package", () => {
    const keys = engine.account("alice").namedKeys;
    expect(Object.keys(keys).sort()).toEqual(["admin_access", "groups_contract", "groups_package"]);
    expect(keys.admin_access).toMatch(/^uref-[0-9a-f]{64}-007$/);
    const pkg = engine.contractPackage(keys.groups_package);
    expect([...pkg.groups.keys()]).toEqual(["admin"]);
    expect([...pkg.groups.get("admin")!].map((u) => u.addr)).toHaveLength(1);
    expect(engine.entryPoints(contract).get("restricted")!.access).toEqual({ kind: "Groups", groups: ["admin"] });
    // init was given the contract's own hash
    expect(`hash-${Buffer.from(engine.namedKey(contract, "me").data).toString("hex")}`).toBe(contract);
  });

  it("the holder of the URef calls the group's entry point; another account is refused", () => {
    engine.callByHash("alice", contract, "restricted").expectSuccess();
    expect(engine.value(contract, ["count"]).toString()).toBe("1");
    const refused = engine.callByHash("bob", contract, "restricted");
    expect(refused.success).toBe(false);
    expect(refused.error!.message).toMatch(/InvalidContext|Invalid context/);
    engine.callByHash("bob", contract, "open").expectSuccess();
    expect(engine.value(contract, ["count"]).toString()).toBe("11");
  });
});

describe("events and errors declared in another file", () => {
  it("are the contract's: in its schema, emitted, and usable as arg codes", async () => {
    const sdk = (await import("casper-js-sdk")).default;
    const { wasm, contract } = await classContract("tests/contracts/class_pay.ts");
    expect(contract!.schema.events).toEqual([{ name: "Paid", ty: "Paid" }]);
    expect(contract!.schema.errors).toEqual([{ name: "TooMuch", description: "more than 100 at once", discriminant: 7 }]);
    expect(contract!.schema.types[0].struct).toMatchObject({ name: "Paid", description: "A payment." });
    const engine = new Engine();
    engine.runSession("alice", wasm, {}, { payment: 100n * 10n ** 9n }).expectSuccess();
    const to = sdk.CLValue.newCLKey(sdk.Key.newKey(engine.account("bob").accountHash));
    engine.callByName("alice", "pay", "pay", { to, amount: sdk.CLValue.newCLUInt256(5n) }).expectSuccess();
    engine.callByName("alice", "pay", "pay", { to, amount: sdk.CLValue.newCLUInt256(500n) }).expectRevert(7, { user: true });
    engine.callByName("alice", "pay", "pay", { to, amount: sdk.CLValue.newCLString("5") }).expectRevert(7, { user: true });
    const contractHash = engine.account("alice").namedKeys.pay;
    expect(engine.value(contractHash, ["__events_length"]).toString()).toBe("1");
    const event = new Uint8Array(engine.dictionaryItem(contractHash, "0", "__events").bytes()).subarray(4);
    expect(Buffer.from(event).toString("hex")).toBe(Buffer.concat([sdk.CLValue.newCLString("event_Paid").bytes(), to.bytes(), sdk.CLValue.newCLUInt256(5n).bytes()]).toString("hex"));
  }, 60_000);
});
