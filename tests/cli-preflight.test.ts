// The CLI's checks before sending (scripts/cli/preflight.ts), against the local node as a user meets
// them in the keys_manager walkthrough: the dry run on a fork of the node picks the payment (measured
// gas + 10%, at least the 2.5 CSPR minimum) and the node then consumes exactly the measured gas; a
// dry run that fails, a missing entry point, a mistyped arg, a named key holding a URef, signers under
// the threshold (their weights shown), an account that does not exist or cannot pay: each refused
// with a message saying what is wrong, and nothing sent (the node's height does not move).
import { join } from "node:path";
import sdk from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../scripts/cli.ts";
import { writeKeyFiles } from "../scripts/cli/keys.ts";
import { CHAIN } from "./helpers/node-deploys.ts";
import { startTestNode, type TestNode } from "./helpers/node-server.ts";
import { tempDirRemovedAfterAll } from "./helpers/temp-dirs.ts";

const { PrivateKey, KeyAlgorithm } = sdk;
const CSPR = 1_000_000_000n;
const dir = tempDirRemovedAfterAll("casper-as-preflight-");
const owner = PrivateKey.fromHex("5a".repeat(32), KeyAlgorithm.ED25519);
const second = PrivateKey.fromHex("5b".repeat(32), KeyAlgorithm.ED25519);
const poor = PrivateKey.fromHex("5c".repeat(32), KeyAlgorithm.ED25519);
const stranger = PrivateKey.fromHex("5d".repeat(32), KeyAlgorithm.ED25519);
const others = [1, 2, 3].map((i) => PrivateKey.fromHex(`6${i}`.repeat(32), KeyAlgorithm.SECP256K1));
const kmPath = join(process.cwd(), "build", "keys_manager.wasm");
let t: TestNode;

beforeAll(async () => {
  for (const [name, key] of [["owner", owner], ["second", second], ["poor", poor], ["stranger", stranger]] as const) writeKeyFiles(key, join(dir, name));
  t = await startTestNode([
    { publicKeyHex: owner.publicKey.toHex(), balance: 100_000n * CSPR },
    { publicKeyHex: second.publicKey.toHex(), balance: 100_000n * CSPR },
    { publicKeyHex: poor.publicKey.toHex(), balance: 2n * CSPR },
  ], true);
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}
const local = () => ["--node", t.url, "--chain", CHAIN];
const key = (name: string) => ["--key", join(dir, name)];

/** The gas the node consumed for the deploy `out` names, and its payment (limit). */
async function onNode(out: string): Promise<{ consumed: bigint; limit: bigint; error: string | null }> {
  const hash = /Deploy hash: ([0-9a-f]{64})/.exec(out)![1];
  const item = t.node.chain.item(hash)!;
  const r = JSON.parse(JSON.stringify((await (await fetch(t.url, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "info_get_deploy", params: { deploy_hash: hash } }),
  })).json()).result.execution_info.execution_result.Version2));
  expect(item).toBeDefined();
  return { consumed: BigInt(r.consumed), limit: BigInt(r.limit), error: r.error_message };
}

function measured(err: string): { gas: bigint; payment: bigint } {
  const gas = BigInt(/dry run at block \d+ of 'casper-net-1' \(.*\): success, gas (\d+)/.exec(err)![1]);
  const payment = BigInt(/payment: [\d.]+ CSPR \((\d+) motes\)/.exec(err)![1]);
  return { gas, payment };
}

describe("--payment auto: the dry run on a fork of the node measures the gas", () => {
  it("install and set_all: payment = measured gas + 10% (at least 2.5 CSPR), and the node consumes the measured gas", async () => {
    const installed = await cli("deploy", kmPath, ...key("owner"), ...local(), "--wait");
    expect(installed.code, installed.err).toBe(0);
    const install = measured(installed.err);
    expect(installed.err).toMatch(/payment: [\d.]+ CSPR \(\d+ motes\) \(measured gas \d+ \+ 10% margin\); cost after the refund: /);
    expect(install.payment).toBe((install.gas * 110n + 99n) / 100n);
    expect(await onNode(installed.out)).toEqual({ consumed: install.gas, limit: install.payment, error: null });

    const accounts = JSON.stringify([second, ...others].map((k) => k.publicKey.toHex()));
    const setAll = await cli("call", "keys_manager", "set_all", "--arg", "deployment_threshold:u8='2'", "--arg", "key_management_threshold:u8='2'",
      "--arg", `accounts:list<public_key>='${accounts}'`, "--arg", "weights:list<u8>='[1,1,1,1]'", ...key("owner"), ...local(), "--wait");
    expect(setAll.code, setAll.err).toBe(0);
    const call = measured(setAll.err);
    expect(call.payment).toBe(call.gas * 110n / 100n < 2_500_000_000n ? 2_500_000_000n : (call.gas * 110n + 99n) / 100n);
    expect(setAll.err).toMatch(/balance: [\d.]+ CSPR \(\d+ motes\); after: /);
    expect((await onNode(setAll.out)).consumed).toBe(call.gas);
  }, 60_000);

  it("the signers must reach the deployment threshold: refused with the account's keys, weights and thresholds", async () => {
    const height = t.node.chain.height;
    const r = await cli("call", "keys_manager", "set_key_weight", "--arg", `account:public_key='${others[0].publicKey.toHex()}'`, "--arg", "weight:u8='0'",
      ...key("owner"), ...local());
    expect(r.code).toBe(2);
    expect(r.err).toContain("the node would refuse this deploy: the signing keys weigh 1, under the deployment threshold 2.");
    expect(r.err).toContain(`${owner.publicKey.accountHash().toPrefixedString()}: deployment threshold 2, key management threshold 2; associated keys:`);
    expect(r.err).toContain(`  ${owner.publicKey.accountHash().toPrefixedString()}  weight 1  (signs)`);
    expect(r.err).toContain(`  ${second.publicKey.accountHash().toPrefixedString()}  weight 1`);
    expect(t.node.chain.height).toBe(height);
    // with the second key it passes (and the dry run measures it)
    const both = await cli("call", "keys_manager", "set_key_weight", "--arg", `account:public_key='${others[0].publicKey.toHex()}'`, "--arg", "weight:u8='0'",
      ...key("owner"), ...key("second"), "--account", owner.publicKey.toHex(), ...local(), "--wait");
    expect(both.code, both.err).toBe(0);
  }, 60_000);

  it("a key change the signers cannot make: the dry run's failure shows the keys, their weights and the thresholds", async () => {
    const raise = await cli("call", "keys_manager", "set_key_management_threshold", "--arg", "weight:u8='3'",
      ...key("owner"), ...key("second"), "--account", owner.publicKey.toHex(), ...local(), "--wait");
    expect(raise.code, raise.err).toBe(0);
    const height = t.node.chain.height;
    const r = await cli("call", "keys_manager", "set_key_weight", "--arg", `account:public_key='${others[1].publicKey.toHex()}'`, "--arg", "weight:u8='2'",
      ...key("owner"), ...key("second"), "--account", owner.publicKey.toHex(), ...local());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the dry run at block \d+ of 'casper-net-1' \(.*\) fails: User error: 2; nothing was sent/);
    expect(r.err).toContain("the signing keys weigh less than the key management threshold, which changes to keys and thresholds need:");
    expect(r.err).toContain(`${owner.publicKey.accountHash().toPrefixedString()}: deployment threshold 2, key management threshold 3; associated keys:`);
    expect(r.err).toContain(`  ${second.publicKey.accountHash().toPrefixedString()}  weight 1  (signs)`);
    expect(t.node.chain.height).toBe(height);
  }, 60_000);

  it("without the dry run (--no-fork), the node's refusal of too light a signature is shown with the account's keys and weights", async () => {
    const r = await cli("transfer", "--to", second.publicKey.toHex(), "--amount", "3cspr", ...key("owner"), "--no-fork", ...local());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/the node refused it with error -32008 "Invalid Deploy": .*insufficient transaction signature weight/);
    expect(r.err).toContain(`${owner.publicKey.accountHash().toPrefixedString()}: deployment threshold 2, key management threshold 3; associated keys:`);
    expect(r.err).toContain(`  ${owner.publicKey.accountHash().toPrefixedString()}  weight 1`);
  });

  it("a key that is not the account's is named", async () => {
    const r = await cli("transfer", "--to", second.publicKey.toHex(), "--amount", "3cspr", ...key("owner"), ...key("stranger"), "--account", owner.publicKey.toHex(), ...local());
    expect(r.code).toBe(2);
    expect(r.err).toContain(`key(s) ${stranger.publicKey.accountHash().toPrefixedString()} are not associated keys of the account`);
  });
});

describe("refused before anything is sent", () => {
  const both = () => [...key("owner"), ...key("second"), "--account", owner.publicKey.toHex()];
  const cases: [string, string[], RegExp][] = [
    ["a dry run that fails (a missing arg)", ["call", "keys_manager", "set_key_weight", "--arg", `account:public_key='${"01" + "ab".repeat(32)}'`],
      /the dry run at block \d+ of 'casper-net-1' \(.*\) fails: ApiError::MissingArgument \[2\]; nothing was sent/],
    ["an entry point the contract does not have", ["call", "keys_manager", "set_everything"],
      /contract hash-[0-9a-f]{64} has no entry point 'set_everything' \(it has: .*set_all.*\)/],
    ["an arg of another type than declared", ["call", "keys_manager", "set_key_weight", "--arg", `account:public_key='${"01" + "ab".repeat(32)}'`, "--arg", "weight:u32='1'"],
      /entry point 'set_key_weight' takes \(account: PublicKey, weight: U8\): arg 'weight' is U32, not U8/],
    ["a named key that holds a URef (keys_manager_hash)", ["call", "keys_manager_hash", "set_key_weight"],
      /the contract cannot be found: .*: named key 'keys_manager_hash' holds a URef, not a contract hash/],
    ["a named key the account does not have", ["call", "keys_manager_v2", "set_key_weight"],
      /the account has no named key 'keys_manager_v2' \(its named keys: keys_manager, keys_manager_hash\)/],
  ];
  for (const [what, argv, message] of cases) {
    it(what, async () => {
      const height = t.node.chain.height;
      // --unchecked: past the build's schema of keys_manager, so what is checked is the contract as the chain holds it
      const r = await cli(...argv, "--unchecked", ...both(), ...local());
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(message);
      expect(t.node.chain.height).toBe(height);
    });
  }

  it("an account that does not exist, and one that cannot pay", async () => {
    const missing = await cli("transfer", "--to", owner.publicKey.toHex(), "--amount", "3cspr", ...key("stranger"), ...local());
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(new RegExp(`${stranger.publicKey.accountHash().toPrefixedString()} does not exist at block \\d+ of 'casper-net-1' .*: fund it first`));
    const broke = await cli("transfer", "--to", owner.publicKey.toHex(), "--amount", "3cspr", ...key("poor"), ...local());
    expect(broke.code).toBe(2);
    expect(broke.err).toMatch(/the account's balance 2 CSPR \(2000000000 motes\) at block \d+ .* cannot cover the payment 0\.1 CSPR \(100000000 motes\) plus the 3 CSPR \(3000000000 motes\) it moves: fund it first/);
  });

  it("an explicit --payment that runs out of gas is kept, with a warning", async () => {
    const r = await cli("deploy", kmPath, "--payment", "2.5cspr", ...key("second"), ...local(), "--wait");
    expect(r.err).toContain("warning: the dry run runs out of gas with --payment 2.5 CSPR (2500000000 motes): the deploy would fail and cost the whole payment");
    expect(r.code).toBe(1);
    expect(r.out).toContain("Out of gas error");
  }, 60_000);
});

describe("stakes: an account's delegations and unbonds, read on a fork", () => {
  it("after delegating 600 CSPR (delegate.wasm, measured on the fork) and undelegating 100", async () => {
    const validator = t.validator;
    const before = await cli("stakes", ...key("second"), ...local());
    expect(before.code, before.err).toBe(0);
    expect(before.out).toContain("  (none)");
    const d = await cli("delegate", "--validator", validator, "--amount", "600cspr", ...key("second"), ...local(), "--wait");
    expect(d.code, d.err).toBe(0);
    expect(d.err).toMatch(/payment: [\d.]+ CSPR \(\d+ motes\) \(measured gas \d+ \+ 10% margin\)/);
    const u = await cli("undelegate", "--validator", validator, "--amount", "100cspr", ...key("second"), ...local(), "--wait");
    expect(u.code, u.err).toBe(0);
    const after = await cli("stakes", second.publicKey.toHex(), ...local());
    expect(after.code, after.err).toBe(0);
    expect(after.out).toMatch(new RegExp(`Stakes of ${second.publicKey.toHex()} at block \\d+ \\(era 0\\) of 'casper-net-1':`));
    expect(after.out).toContain(`  delegated to ${validator}: 500 CSPR (500000000000 motes)`);
    expect(after.out).toContain(`  unbonding from ${validator}: 100 CSPR (100000000000 motes), paid at the end of era 7`);
    expect(t.backend.engine.stakeOf(second.publicKey.toHex(), validator)).toBe(500n * CSPR);
  }, 60_000);
});

describe("the walkthrough's read commands", () => {
  it("status finds a TransactionV1 hash given without --transaction, and names a hash the node does not know", async () => {
    const sent = await cli("transfer", "--to", poor.publicKey.toHex(), "--amount", "3cspr", ...key("second"), "--transaction", ...local(), "--wait");
    expect(sent.code, sent.err).toBe(0);
    const hash = /Transaction hash: ([0-9a-f]{64})/.exec(sent.out)![1];
    const found = await cli("status", hash, ...local());
    expect(found.code, found.err).toBe(0);
    expect(found.out).toContain(`Transaction hash: ${hash}`);
    expect(found.err).toContain(`note: ${hash} is a TransactionV1 hash (--transaction)`);
    expect(found.out).toContain("Result:  success");
    const unknown = await cli("status", "ab".repeat(32), ...local());
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain("Result:  unknown to this node: it never received it, refused it, or it expired before a block included it (or the hash has a typo)");
  }, 60_000);

  it("balance and account take --chain and check it", async () => {
    const ok = await cli("balance", owner.publicKey.toHex(), ...local());
    expect(ok.code, ok.err).toBe(0);
    const wrong = await cli("account", owner.publicKey.toHex(), "--node", t.url, "--chain", "casper-test");
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain(`wrong chain: the deploy is for 'casper-test' but the node at ${t.url} runs 'casper-net-1'`);
  });
});
