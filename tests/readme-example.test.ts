// The README's "Test it on the local engine" example, run as written (readme-sync below keeps the two identical).
import sdk from "casper-js-sdk";
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
const { CLValue } = sdk;

it("adds a key", () => {
  const engine = new Engine(); // genesis in one line: default, alice..frank, two validators
  engine.runSession("alice", new Uint8Array(readFileSync("build/keys_manager.wasm"))).expectSuccess();
  const r = engine.callByName("alice", "keys_manager", "set_key_weight", {
    account: CLValue.newCLPublicKey(engine.key("bob").publicKey),
    weight: CLValue.newCLUint8(2),
  });
  r.expectSuccess();
  expect(engine.account("alice").associatedKeys[engine.key("bob").accountHashHex]).toBe(2);
  console.log(String(r)); // outcome, gas split (wasm/host/storage/system), cost, effects

  engine.callByName("alice", "keys_manager", "set_key_weight", {}).expectRevert(2); // ApiError::MissingArgument [2]

  const s = engine.snapshot();
  engine.delegate("alice", "validator-1", 500n * 10n ** 9n).expectSuccess();
  expect(engine.stakeOf("alice", "validator-1")).toBe(500n * 10n ** 9n);
  engine.restore(s); // back to before the delegation
});

import { readFileSync as readText } from "node:fs";
it("is the README's example, character for character", () => {
  const readme = readText("README.md", "utf8");
  const example = readme.split("## Test it on the local engine\n\n```ts\n")[1]?.split("```")[0];
  const here = readText("tests/readme-example.test.ts", "utf8");
  expect(here).toContain(example);
});
