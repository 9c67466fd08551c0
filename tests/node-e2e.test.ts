// End to end, as a user does it: `npm run node -- --port 0 --keys DIR` started by the test, then
// casper-js-sdk's own RpcClient for everything: keygen, fund the new account from the faucet, install
// keys_manager, set_all with 4 keys, a transfer signed by 2 of the 4, remove keys, delegate (session
// wasm and a native 2.0 Delegate). Each step's effect is read back through RPC. Then what a node
// refuses — tampered deploy, wrong chain, expired TTL, unknown method, malformed JSON — each with the
// node's error code, the node serving on after each.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sdk from "casper-js-sdk";
import type { PrivateKey as SdkPrivateKey, PublicKey as SdkPublicKey } from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../scripts/cli.ts";
import { buildContractCall, buildNativeDelegate, buildSessionWasm, buildTransfer, type Signed, type SigningPlan } from "../scripts/cli/build-signed.ts";
import { loadSecretKey } from "../scripts/cli/keys.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { jsonCopy } from "./helpers/node-deploys.ts";
import { startNodeProcess, type NodeProcess } from "./helpers/node-process.ts";
import { rawCall, rawPost, rpcError, rpcResult } from "./helpers/node-server.ts";
import { tempDirRemovedAfterAll } from "./helpers/temp-dirs.ts";

const { RpcClient, HttpHandler, Args, CLValue, CLTypePublicKey, CLTypeUInt8, PurseIdentifier, Transaction } = sdk;
const CSPR = 1_000_000_000n;
const CHAIN = "casper-net-1"; // the node's default chain

const keysDir = tempDirRemovedAfterAll("casper-as-e2e-keys-");
const userDir = tempDirRemovedAfterAll("casper-as-e2e-users-");
let node: NodeProcess;
let rpc: InstanceType<typeof RpcClient>;
let faucet: SdkPrivateKey;
let validator: SdkPublicKey;
const users: Record<"alice" | "bob" | "carol" | "dave", SdkPrivateKey> = {} as never;

beforeAll(async () => {
  node = await startNodeProcess(["--port", "0", "--keys", keysDir]);
  rpc = new RpcClient(new HttpHandler(node.url, "fetch"));
  faucet = loadSecretKey(join(keysDir, "faucet"));
  validator = sdk.PublicKey.fromHex(readFileSync(join(keysDir, "validator-1", "public_key_hex"), "utf8").trim());
}, 90_000);
afterAll(async () => {
  await node?.stop();
});

const plan = (keys: SdkPrivateKey[], paymentMotes: bigint, extra: Partial<SigningPlan> = {}): SigningPlan => ({ chainName: CHAIN, keys, paymentMotes, ...extra });

/** Sends a signed deploy or transaction through the SDK and returns its execution result as the SDK parsed it. */
async function send(signed: Signed) {
  if (signed.kind === "deploy") {
    expect((await rpc.putDeploy(signed.deploy)).deployHash.toHex()).toBe(signed.hash);
    return (await rpc.getDeploy(signed.hash)).executionInfo!.executionResult;
  }
  expect((await rpc.putTransaction(Transaction.fromTransactionV1(signed.transaction))).transactionHash.toHex()).toBe(signed.hash);
  return (await rpc.getTransactionByTransactionHash(signed.hash)).executionInfo!.executionResult;
}

async function balanceOf(key: SdkPublicKey): Promise<bigint> {
  return BigInt((await rpc.queryLatestBalance(PurseIdentifier.fromPublicKey(key))).balance.toString());
}

async function accountOf(key: SdkPublicKey) {
  return (await rpc.getAccountInfo(null, { publicKey: key } as never)).account;
}

async function stillServing() {
  expect((await rpc.getStatus()).chainSpecName).toBe(CHAIN);
}

describe("a user's flow on npm run node", () => {
  it("the node wrote the genesis keys before listening, and the faucet holds its genesis balance", async () => {
    expect(faucet.publicKey.toHex()).toBe(readFileSync(join(keysDir, "faucet", "public_key_hex"), "utf8").trim());
    expect(await balanceOf(faucet.publicKey)).toBe(1_000_000_000n * CSPR);
    const status = await rpc.getStatus();
    expect(status.lastAddedBlockInfo.height).toBe(0);
  });

  it("keygen makes four keys (ed25519 and secp256k1)", async () => {
    for (const [name, algorithm] of [["alice", "ed25519"], ["bob", "secp256k1"], ["carol", "ed25519"], ["dave", "secp256k1"]] as const) {
      const out: string[] = [];
      const code = await main(["keygen", "--algorithm", algorithm, "--out", join(userDir, name)], { out: (l) => out.push(l), err: () => {} });
      expect(code).toBe(0);
      users[name] = loadSecretKey(join(userDir, name));
      expect(out.join("\n")).toContain(`Public key:   ${users[name].publicKey.toHex()}`);
    }
    expect(users.bob.publicKey.toHex().slice(0, 2)).toBe("02");
  });

  it("the faucet funds alice (a new account) with a native transfer", async () => {
    const result = await send(buildTransfer(plan([faucet], 100_000_000n), users.alice.publicKey, 10_000n * CSPR, 1));
    expect(result.errorMessage ?? null).toBeNull();
    expect(await balanceOf(users.alice.publicKey)).toBe(10_000n * CSPR);
    expect((await accountOf(users.alice.publicKey)).associatedKeys.map((k) => k.accountHash.toPrefixedString())).toEqual([
      users.alice.publicKey.accountHash().toPrefixedString(),
    ]);
  });

  it("alice installs keys_manager: its contract and named keys are on her account", async () => {
    const before = await balanceOf(users.alice.publicKey);
    const result = await send(buildSessionWasm(plan([users.alice], 50n * CSPR), artifact("keys_manager"), Args.fromMap({})));
    expect(result.errorMessage ?? null).toBeNull();
    // the account pays the cost (the payment) less the refund
    expect(BigInt(result.cost.toString())).toBe(50n * CSPR);
    expect(before - (await balanceOf(users.alice.publicKey))).toBe(BigInt(result.cost.toString()) - BigInt(result.refund.toString()));
    const named = Object.fromEntries((await accountOf(users.alice.publicKey)).namedKeys.map((k) => [k.name, k.key.toPrefixedString()]));
    expect(Object.keys(named).sort()).toEqual(["keys_manager", "keys_manager_hash"]);
    const contract = (await rpc.queryLatestGlobalState(named.keys_manager, [])).storedValue.contract!;
    expect(contract.entryPoints.map((e) => e.name ?? (e as any).entryPoint?.name).sort()).toEqual(["set_all", "set_deployment_threshold", "set_key_management_threshold", "set_key_weight"]);
  });

  it("set_all with 4 keys: weights 1 each, deployment threshold 2, key management threshold 3", async () => {
    const keys = (["alice", "bob", "carol", "dave"] as const).map((n) => users[n].publicKey);
    const result = await send(buildContractCall(plan([users.alice], 5n * CSPR), { by: "name", name: "keys_manager" }, "set_all", Args.fromMap({
      deployment_threshold: CLValue.newCLUint8(2),
      key_management_threshold: CLValue.newCLUint8(3),
      accounts: CLValue.newCLList(CLTypePublicKey, keys.map((k) => CLValue.newCLPublicKey(k))),
      weights: CLValue.newCLList(CLTypeUInt8, keys.map(() => CLValue.newCLUint8(1))),
    })));
    expect(result.errorMessage ?? null).toBeNull();
    const account = await accountOf(users.alice.publicKey);
    expect(account.associatedKeys.map((k) => [k.accountHash.toPrefixedString(), k.weight]).sort()).toEqual(
      keys.map((k) => [k.accountHash().toPrefixedString(), 1]).sort(),
    );
    expect(account.actionThresholds).toMatchObject({ deployment: 2, keyManagement: 3 });
  });

  it("alice's deploys now need 2 signatures: one is refused by the node, two (bob and carol) transfer", async () => {
    const alone = buildTransfer(plan([users.alice], 100_000_000n), users.carol.publicKey, 5n * CSPR, 2);
    const refused = await rpcError(() => send(alone));
    expect(refused.code).toBe(-32008);
    expect(refused.data).toMatch(/^insufficient transaction signature weight at state root hash [0-9a-f]{64}/);

    const before = await balanceOf(users.alice.publicKey);
    const twoOfFour = buildTransfer(plan([users.bob, users.carol], 100_000_000n, { initiator: users.alice.publicKey }), users.carol.publicKey, 5n * CSPR, 3);
    if (twoOfFour.kind !== "deploy") throw new Error("deploy expected");
    expect(twoOfFour.deploy.approvals.map((a) => a.signer.toHex()).sort()).toEqual([users.bob.publicKey.toHex(), users.carol.publicKey.toHex()].sort());
    const result = await send(twoOfFour);
    expect(result.errorMessage ?? null).toBeNull();
    expect(await balanceOf(users.carol.publicKey)).toBe(5n * CSPR);
    expect(before - (await balanceOf(users.alice.publicKey))).toBe(5n * CSPR + BigInt(result.cost.toString()) - BigInt(result.refund.toString()));
    const transfer = (await rpc.getDeploy(twoOfFour.hash)).rawJSON.execution_info.execution_result.Version2.transfers[0].Version2;
    expect(transfer).toMatchObject({ amount: String(5n * CSPR), id: 3, to: users.carol.publicKey.accountHash().toPrefixedString() });
  });

  it("removing keys needs the key management threshold: 2 signatures revert (PermissionDenied), 3 remove dave", async () => {
    const removeDave = (signers: SdkPrivateKey[], t: number) =>
      buildContractCall(plan(signers, 5n * CSPR, { initiator: users.alice.publicKey, timestamp: new Date(Date.now() - t) }), { by: "name", name: "keys_manager" }, "set_key_weight", Args.fromMap({
        account: CLValue.newCLPublicKey(users.dave.publicKey),
        weight: CLValue.newCLUint8(0),
      }));
    const weak = await send(removeDave([users.alice, users.bob], 2));
    expect(weak.errorMessage).toBe("User error: 2");
    expect((await accountOf(users.alice.publicKey)).associatedKeys).toHaveLength(4);

    const strong = await send(removeDave([users.alice, users.bob, users.carol], 1));
    expect(strong.errorMessage ?? null).toBeNull();
    const hashes = (await accountOf(users.alice.publicKey)).associatedKeys.map((k) => k.accountHash.toPrefixedString());
    expect(hashes).toHaveLength(3);
    expect(hashes).not.toContain(users.dave.publicKey.accountHash().toPrefixedString());
  });

  it("alice delegates with delegate.wasm (signed by 2 keys), then natively (a 2.0 Delegate): the validator's bid lists her stake", async () => {
    const session = buildSessionWasm(plan([users.alice, users.carol], 5n * CSPR), artifact("delegate"), Args.fromMap({
      delegator: CLValue.newCLPublicKey(users.alice.publicKey),
      validator: CLValue.newCLPublicKey(validator),
      amount: CLValue.newCLUInt512((600n * CSPR).toString()),
    }));
    expect((await send(session)).errorMessage ?? null).toBeNull();
    // 2.0: alice's delegation is a DelegatorBid under Key::BidAddr (tag 02, validator and delegator account hashes)
    const delegationKey = `bid-addr-02${validator.accountHash().toHex()}${users.alice.publicKey.accountHash().toHex()}`;
    const stakeOfAlice = async () => (await rpc.queryLatestGlobalState(delegationKey, [])).storedValue.bidKind!.delegator!.stakedAmount.toString();
    expect(await stakeOfAlice()).toBe(String(600n * CSPR));

    const native = await send(buildNativeDelegate(plan([users.alice, users.bob], 2_500_000_000n, { transaction: true }), validator, 500n * CSPR));
    expect(native.errorMessage ?? null).toBeNull();
    expect(await stakeOfAlice()).toBe(String(1_100n * CSPR));
  });
});

describe("refused with the node's error codes; the node keeps serving", () => {
  it("a tampered deploy: -32008", async () => {
    const signed = buildTransfer(plan([faucet], 100_000_000n), users.alice.publicKey, 3n * CSPR, 9);
    const json = jsonCopy(signed.json) as any;
    json.session.Transfer.args[0][1].bytes = "0500f2052a01"; // another amount, same hash and signature
    const answer = await rawCall(node.url, "account_put_deploy", { deploy: json });
    expect(answer.body.error).toEqual({ code: -32008, message: "Invalid Deploy", data: "invalid transaction: the provided body hash does not match the actual hash of the body" });
    await stillServing();
  });

  it("a deploy for another chain: -32008 naming both", async () => {
    const error = await rpcError(() => send(buildTransfer({ ...plan([faucet], 100_000_000n), chainName: "casper-test" }, users.alice.publicKey, 3n * CSPR, 10)));
    expect(error).toEqual({ code: -32008, message: "Invalid Deploy", data: `invalid transaction: invalid chain name: expected ${CHAIN}, got casper-test` });
    await stillServing();
  });

  it("an expired deploy (its TTL ended before it arrived): -32008", async () => {
    const old = new Date(Date.now() - 2 * 3_600_000);
    const error = await rpcError(() => send(buildTransfer(plan([faucet], 100_000_000n, { timestamp: old, ttlMs: 60_000 }), users.alice.publicKey, 3n * CSPR, 11)));
    expect(error.code).toBe(-32008);
    expect(error.data).toMatch(/^transaction received by the node expired at \S+ with node's time at \S+$/);
    await stillServing();
  });

  it("an unknown method: -32601", async () => {
    const answer = await rawCall(node.url, "state_get_everything", {});
    expect(answer.body.error).toEqual({ code: -32601, message: "Method not found", data: "'state_get_everything' is not a supported json-rpc method on this server" });
    await stillServing();
  });

  it("malformed JSON: -32700", async () => {
    const answer = await rawPost(node.url, '{"jsonrpc":"2.0","id":1,"method":"info_get_status"');
    expect(answer.body.error.code).toBe(-32700);
    expect(answer.body.id).toBeNull();
    await stillServing();
  });
});
