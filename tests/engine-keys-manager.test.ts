// keys_manager (build/keys_manager.wasm) on the local engine: install, every entry point through a
// StoredContractByName deploy, every failure, and the multi-signature deployment threshold.
import sdk from "casper-js-sdk";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { compileModule } from "./helpers/as-build.ts";

const { CLValue, CLTypePublicKey, CLTypeUInt8 } = sdk;
const u8 = (n: number) => CLValue.newCLUint8(n);

// the contract's user errors (its @errors enum, numbered like the Rust contract's errors.rs)
const PERMISSION_DENIED = 2;
const THRESHOLD_VIOLATION = 3;
const MAX_KEYS_LIMIT = 4;
const KEY_MANAGEMENT_THRESHOLD = 6;
const DEPLOYMENT_THRESHOLD = 7;
const INSUFFICIENT_TOTAL_WEIGHT = 8;
// ApiError codes (casper-types api_error.rs)
const MISSING_ARGUMENT = 2;
const INVALID_ARGUMENT = 3;

// the build's keys_manager (the class form) and the same contract written by hand behave the same
describe.each(["build/keys_manager.wasm", "tests/contracts/keys_manager_handwritten.ts"])("keys_manager (%s)", (source) => {
  let wasm: Uint8Array;
  let engine: Engine;
  const hashOf = (name: string) => engine.key(name).publicKey.accountHash().toHex();
  const pk = (name: string) => CLValue.newCLPublicKey(engine.key(name).publicKey);
  const setKeyWeight = (name: string, weight: number, signers: string[] = ["alice"]) =>
    engine.callByName("alice", "keys_manager", "set_key_weight", { account: pk(name), weight: u8(weight) }, { signers });
  const setAll = (deployment: number, keyManagement: number, accounts: string[], weights: number[], signers: string[] = ["alice"]) =>
    engine.callByName("alice", "keys_manager", "set_all", {
      deployment_threshold: u8(deployment),
      key_management_threshold: u8(keyManagement),
      accounts: CLValue.newCLList(CLTypePublicKey, accounts.map(pk)),
      weights: CLValue.newCLList(CLTypeUInt8, weights.map(u8)),
    }, { signers });

  beforeAll(async () => {
    wasm = source.startsWith("build/") ? artifact("keys_manager") : await compileModule(source);
  });

  beforeEach(() => {
    engine = new Engine();
    engine.runSession("alice", wasm).expectSuccess();
  });

  it("installs: keys_manager (contract hash) and keys_manager_hash (a URef holding it) on the account; 4 Session entry points", () => {
    const named = engine.account("alice").namedKeys;
    expect(Object.keys(named).sort()).toEqual(["keys_manager", "keys_manager_hash"]);
    expect(named.keys_manager).toMatch(/^hash-[0-9a-f]{64}$/);
    expect(named.keys_manager_hash).toMatch(/^uref-[0-9a-f]{64}-007$/);
    const stored = engine.value(named.keys_manager_hash);
    expect(stored.type.toString()).toBe(new sdk.CLTypeByteArray(32).toString());
    expect(Buffer.from(stored.bytes()).toString("hex")).toBe(named.keys_manager.slice(5));

    const eps = engine.entryPoints("alice", "keys_manager");
    expect([...eps.keys()]).toEqual(["set_all", "set_deployment_threshold", "set_key_management_threshold", "set_key_weight"]);
    for (const ep of eps.values()) {
      expect(ep.entryPointType).toBe("Session");
      expect(ep.access).toEqual({ kind: "Public" });
    }
    expect(eps.get("set_all")!.args.map((a) => a.name)).toEqual(["deployment_threshold", "key_management_threshold", "accounts", "weights"]);
    // locked package: one version, no more
    const pkg = engine.packageOf("alice", "keys_manager");
    expect(pkg.locked).toBe(true);
    expect(pkg.versions.length).toBe(1);
  });

  it("set_key_weight adds, updates and removes (weight 0) an associated key", () => {
    setKeyWeight("bob", 3).expectSuccess();
    expect(engine.account("alice").associatedKeys).toEqual({ [hashOf("alice")]: 1, [hashOf("bob")]: 3 });
    setKeyWeight("bob", 5).expectSuccess();
    expect(engine.account("alice").associatedKeys[hashOf("bob")]).toBe(5);
    setKeyWeight("bob", 0).expectSuccess();
    expect(engine.account("alice").associatedKeys).toEqual({ [hashOf("alice")]: 1 });
    // removing a key that is not there is fine for this contract
    setKeyWeight("carol", 0).expectSuccess();
    // a secp256k1 key too
    setKeyWeight("erin", 2).expectSuccess();
    expect(engine.account("alice").associatedKeys[hashOf("erin")]).toBe(2);
  });

  it("set_deployment_threshold and set_key_management_threshold", () => {
    setKeyWeight("bob", 2).expectSuccess();
    engine.callByName("alice", "keys_manager", "set_key_management_threshold", { weight: u8(3) }).expectSuccess();
    engine.callByName("alice", "keys_manager", "set_deployment_threshold", { weight: u8(2) }, { signers: ["alice", "bob"] }).expectSuccess();
    expect(engine.account("alice").actionThresholds).toEqual({ deployment: 2, keyManagement: 3 });
  });

  it("set_all with deployment threshold 2: one weight-1 signature is refused, two run", () => {
    setAll(2, 2, ["alice", "bob"], [1, 1]).expectSuccess();
    expect(engine.account("alice").actionThresholds).toEqual({ deployment: 2, keyManagement: 2 });
    expect(engine.account("alice").associatedKeys).toEqual({ [hashOf("alice")]: 1, [hashOf("bob")]: 1 });

    const before = engine.balance("alice");
    const refused = setKeyWeight("carol", 1, ["alice"]);
    refused.expectError("DeploymentAuthorizationFailure", "Deployment authorization failure");
    expect(refused.precondition).toBe(true);
    expect(engine.balance("alice")).toBe(before); // refused before payment: nothing charged

    setKeyWeight("carol", 1, ["alice", "bob"]).expectSuccess();
    expect(engine.account("alice").associatedKeys[hashOf("carol")]).toBe(1);
    // a signer that is not an associated key: not authorized at all
    setKeyWeight("dave", 1, ["alice", "dave"]).expectError("Authorization", "Authorization failure: not authorized.");
  });

  it("permission denied when the approvals' weight is below the key-management threshold", () => {
    setAll(1, 2, ["alice", "bob"], [1, 1]).expectSuccess();
    setKeyWeight("carol", 1, ["alice"]).expectRevert(PERMISSION_DENIED, { user: true });
    engine.callByName("alice", "keys_manager", "set_deployment_threshold", { weight: u8(1) }).expectRevert(PERMISSION_DENIED, { user: true });
    setKeyWeight("carol", 1, ["alice", "bob"]).expectSuccess();
  });

  it("threshold violation: removing or lowering a key below what the thresholds need", () => {
    setAll(1, 2, ["alice", "bob"], [1, 1]).expectSuccess();
    setKeyWeight("bob", 0, ["alice", "bob"]).expectRevert(THRESHOLD_VIOLATION, { user: true });
    setKeyWeight("alice", 2, ["alice", "bob"]).expectSuccess();
    setKeyWeight("bob", 0, ["alice", "bob"]).expectSuccess(); // alice alone now weighs 2
    setKeyWeight("alice", 1, ["alice"]).expectRevert(THRESHOLD_VIOLATION, { user: true });
  });

  it("max keys: the chainspec's max_associated_keys", () => {
    engine = new Engine({ maxAssociatedKeys: 3 });
    engine.runSession("alice", wasm).expectSuccess();
    setKeyWeight("bob", 1).expectSuccess();
    setKeyWeight("carol", 1).expectSuccess();
    setKeyWeight("dave", 1).expectRevert(MAX_KEYS_LIMIT, { user: true });
    expect(Object.keys(engine.account("alice").associatedKeys).length).toBe(3);
  });

  it("insufficient total weight, and the ordering rules between the two thresholds", () => {
    engine.callByName("alice", "keys_manager", "set_key_management_threshold", { weight: u8(2) }).expectRevert(INSUFFICIENT_TOTAL_WEIGHT, { user: true });
    setKeyWeight("bob", 2).expectSuccess();
    // deployment threshold above the key-management threshold
    engine.callByName("alice", "keys_manager", "set_deployment_threshold", { weight: u8(2) }).expectRevert(DEPLOYMENT_THRESHOLD, { user: true });
    setAll(2, 3, [], []).expectSuccess();
    // key-management threshold below the deployment threshold
    engine.callByName("alice", "keys_manager", "set_key_management_threshold", { weight: u8(1) }, { signers: ["alice", "bob"] })
      .expectRevert(KEY_MANAGEMENT_THRESHOLD, { user: true });
    expect(engine.account("alice").actionThresholds).toEqual({ deployment: 2, keyManagement: 3 });
  });

  it("missing or mistyped args revert with MissingArgument / InvalidArgument", () => {
    engine.callByName("alice", "keys_manager", "set_key_weight", { account: pk("bob") }).expectRevert(MISSING_ARGUMENT);
    engine.callByName("alice", "keys_manager", "set_key_weight", { weight: u8(1) }).expectRevert(MISSING_ARGUMENT);
    engine.callByName("alice", "keys_manager", "set_key_weight", { account: pk("bob"), weight: CLValue.newCLUInt32(1) }).expectRevert(INVALID_ARGUMENT);
    engine.callByName("alice", "keys_manager", "set_key_weight", { account: CLValue.newCLString("bob"), weight: u8(1) }).expectRevert(INVALID_ARGUMENT);
    engine.callByName("alice", "keys_manager", "set_deployment_threshold", {}).expectRevert(MISSING_ARGUMENT);
    expect(engine.account("alice").associatedKeys).toEqual({ [hashOf("alice")]: 1 });
  });

  it("a failed entry point changes nothing but the payment", () => {
    setAll(1, 2, ["alice", "bob"], [1, 1]).expectSuccess();
    const s = engine.snapshot();
    const before = engine.account("alice");
    const r = setKeyWeight("carol", 1, ["alice"]).expectRevert(PERMISSION_DENIED, { user: true });
    expect(engine.account("alice")).toEqual(before);
    // the only balances that moved: the account paid, the proposer got the fee
    expect(r.effects.balances.map((b) => b.owner).sort()).toEqual(["alice", "proposer"]);
    expect(r.effects.namedKeys).toEqual([]);
    engine.restore(s);
  });
});
