// keys_manager on casper-as's local engine: installed by alice, then each entry point called by name.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { CSPR, Engine, readContract } from "casper-as";

const { CLValue } = sdk;

describe("keys_manager", () => {
  it("adds a key with a weight, then raises the thresholds", () => {
    const engine = new Engine();
    engine.runSession("alice", readContract("keys_manager")).expectSuccess();
    const bob = engine.key("bob");
    engine.callByName("alice", "keys_manager", "set_key_weight", {
      account: CLValue.newCLPublicKey(bob.publicKey),
      weight: CLValue.newCLUint8(2),
    }).expectSuccess();
    expect(engine.account("alice").associatedKeys[bob.accountHashHex]).toBe(2);
    // the deployment threshold may not pass the key management threshold: raise that one first
    engine.callByName("alice", "keys_manager", "set_key_management_threshold", { weight: CLValue.newCLUint8(3) }).expectSuccess();
    engine.callByName("alice", "keys_manager", "set_deployment_threshold", { weight: CLValue.newCLUint8(2) }, { signers: ["alice", "bob"] }).expectSuccess();
    expect(engine.account("alice").actionThresholds).toEqual({ deployment: 2, keyManagement: 3 });
  });

  it("names the node's errors: a missing argument, a threshold above the keys' total weight", () => {
    const engine = new Engine();
    engine.runSession("alice", readContract("keys_manager"), undefined, { payment: 20n * CSPR }).expectSuccess();
    engine.callByName("alice", "keys_manager", "set_key_weight", {}).expectRevert(2); // ApiError::MissingArgument [2]
    engine.callByName("alice", "keys_manager", "set_deployment_threshold", { weight: CLValue.newCLUint8(200) }).expectRevert(8, { user: true });
  });
});
