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

import { mkdirSync, writeFileSync } from "node:fs";
import { compile } from "../scripts/build/compile.ts";
it("the README's class-form contract compiles, installs, and transfers as it says", async () => {
  const readme = readText("README.md", "utf8");
  const section = readme.split("## Write a contract\n")[1].split("\n## ")[0];
  const source = section.split("```ts\n").map((b) => b.split("```")[0]).find((b) => b.includes("@contract"))!;
  mkdirSync("build/readme-example", { recursive: true });
  writeFileSync("build/readme-example/token.ts", source.replace('from "../index"', 'from "../../assembly/index"'));
  const { wasm, contract } = await compile("build/readme-example/token.ts", "release");
  expect(contract!.schema.entry_points.map((e) => e.name)).toEqual(["init", "transfer", "balance_of"]);
  const engine = new Engine();
  engine.runSession("alice", wasm, { name: CLValue.newCLString("Gold"), total_supply: CLValue.newCLUInt256(100n) }, { payment: 100n * 10n ** 9n }).expectSuccess();
  const key = (who: string) => CLValue.newCLKey(sdk.Key.newKey(engine.account(who).accountHash));
  engine.callByName("alice", "token_Gold", "transfer", { recipient: key("bob"), amount: CLValue.newCLUInt256(30n) }).expectSuccess();
  engine.callByName("alice", "token_Gold", "transfer", { recipient: key("bob"), amount: CLValue.newCLUInt256(71n) }).expectRevert(60001, { user: true });
  const balance = (who: string) => engine.dictionaryItem(engine.account("alice").namedKeys.token_Gold, Buffer.from(key(who).bytes()).toString("base64"), "balances").toString();
  expect([balance("alice"), balance("bob")]).toEqual(["70", "30"]);
  // the installer run again with the same name: a second version of the same package
  engine.runSession("alice", wasm, { name: CLValue.newCLString("Gold"), total_supply: CLValue.newCLUInt256(100n) }, { payment: 100n * 10n ** 9n }).expectSuccess();
  expect(engine.packageOf("alice", "token_Gold").versions.length).toBe(2);
}, 60_000);
