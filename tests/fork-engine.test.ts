// Fork mode (host/fork, engine/fork-session.ts) against a real remote: the local node (started here on
// 127.0.0.1, port 0) with a history — an account funded by a transfer, keys_manager installed, keys
// changed, a stake delegated. The engine forks the node's tip, runs each deploy, then the same signed
// deploy goes to the node: the outcome, its error text, the gas and the cost must be equal (the node
// is the reference: it executes with its own engine behind JSON-RPC, reading its own state).
// Then what fork mode must refuse: a value whose Merkle proof does not hash to the state root, a trie
// node that does not hash to its digest, a run outside `fork.run`; and the cache: a second fork of
// the same block asks the network nothing, and a tampered cache line is dropped and fetched again.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sdk from "casper-js-sdk";
import type { PrivateKey as SdkPrivateKey } from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { makeDeploy, sessionItems } from "../host/engine/deploys.ts";
import type { SdkDeploy } from "../host/engine/deploy-item.ts";
import { MissingRemoteState } from "../host/engine/fork-session.ts";
import { deployItemFromSdk } from "../host/engine/deploy-item.ts";
import { speculativeSession } from "../host/engine/speculative.ts";
import type { FetchFunction } from "../host/fork/rpc-client.ts";
import { startLocalNetwork } from "../host/node/local-network.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { tempDirRemovedAfterAll } from "./helpers/temp-dirs.ts";

const { RpcClient, HttpHandler, CLValue, PrivateKey, KeyAlgorithm } = sdk;
const CSPR = 1_000_000_000n;

let net: Awaited<ReturnType<typeof startLocalNetwork>>;
let rpc: InstanceType<typeof RpcClient>;
let faucet: SdkPrivateKey;
let chainName: string;
const alice = PrivateKey.fromHex("a1".repeat(32), KeyAlgorithm.ED25519);
const bob = PrivateKey.fromHex("b0".repeat(32), KeyAlgorithm.ED25519);
const keys = [1, 2, 3, 4].map((i) => PrivateKey.fromHex(`c${i}`.repeat(32), KeyAlgorithm.ED25519));
let clock = Date.now();
const cacheRoot = tempDirRemovedAfterAll("casper-as-fork-");

function deploy(from: SdkPrivateKey, payment: bigint, session: InstanceType<typeof sdk.ExecutableDeployItem>, signers = [from]): SdkDeploy {
  clock += 1000;
  return makeDeploy({ account: from.publicKey, signers, chainName, paymentAmount: payment, timestamp: new Date(clock - 60_000) }, session);
}

interface RemoteOutcome {
  error: string | null;
  consumed: bigint;
  cost: bigint;
}

async function onRemote(d: SdkDeploy): Promise<RemoteOutcome> {
  await rpc.putDeploy(d);
  const raw = (await rpc.getDeploy(d.hash.toHex())).rawJSON as { execution_info: { execution_result: { Version2: { error_message: string | null; consumed: string; cost: string } } } };
  const r = raw.execution_info.execution_result.Version2;
  return { error: r.error_message, consumed: BigInt(r.consumed), cost: BigInt(r.cost) };
}

async function tip(): Promise<number> {
  return (await rpc.getLatestBlock()).block!.height;
}

const pk = (k: SdkPrivateKey) => CLValue.newCLPublicKey(k.publicKey);

beforeAll(async () => {
  net = await startLocalNetwork({ port: 0 });
  rpc = new RpcClient(new HttpHandler(net.server.url, "fetch"));
  faucet = net.config.accounts[0].secretKey!;
  chainName = net.config.chainspec.chainName;
  const validator = net.config.accounts.find((a) => a.validator)!;
  // the history: a new account funded by a transfer, keys_manager installed, keys changed, a delegation
  const history: [string, SdkDeploy][] = [
    ["fund alice", deploy(faucet, 100_000_000n, sessionItems.transfer(alice.publicKey, 100_000n * CSPR, 1n))],
    ["install keys_manager", deploy(alice, 20n * CSPR, sessionItems.moduleBytes(artifact("keys_manager")))],
    ["bob weight 1", deploy(alice, 5n * CSPR, sessionItems.byName("keys_manager", "set_key_weight", { account: pk(bob), weight: CLValue.newCLUint8(1) }))],
    ["delegate", deploy(alice, 10n * CSPR, sessionItems.moduleBytes(artifact("delegate"), {
      delegator: pk(alice), validator: CLValue.newCLPublicKey(sdk.PublicKey.fromHex(validator.publicKeyHex)), amount: CLValue.newCLUInt512((1000n * CSPR).toString()),
    }))],
  ];
  for (const [what, d] of history) {
    const r = await onRemote(d);
    if (r.error) throw new Error(`history step '${what}' failed on the node: ${r.error}`);
  }
}, 120_000);

afterAll(async () => {
  await net?.server.close();
  await net?.close();
});

describe("fork mode against the local node", () => {
  it("runs deploys on the node's state with the node's outcome, error text, gas and cost, then keeps its writes local", async () => {
    const cacheDir = mkdtempSync(join(cacheRoot, "compare-"));
    const engine = await Engine.fork({ node: net.server.url, block: await tip(), cacheDir });
    expect(engine.chainName).toBe(chainName);
    const setAll = (payment: bigint) => deploy(alice, payment, sessionItems.byName("keys_manager", "set_all", {
      deployment_threshold: CLValue.newCLUint8(1),
      key_management_threshold: CLValue.newCLUint8(1),
      accounts: CLValue.newCLList(sdk.CLTypePublicKey, keys.map(pk)),
      weights: CLValue.newCLList(sdk.CLTypeUInt8, keys.map(() => CLValue.newCLUint8(1))),
    }));
    const steps: [string, SdkDeploy, string | null][] = [
      ["set_key_weight", deploy(alice, 5n * CSPR, sessionItems.byName("keys_manager", "set_key_weight", { account: pk(keys[0]), weight: CLValue.newCLUint8(3) })), null],
      ["a missing arg", deploy(alice, 3n * CSPR, sessionItems.byName("keys_manager", "set_key_weight", { account: pk(keys[0]) })), "ApiError::MissingArgument [2]"],
      ["no such entry point", deploy(alice, 3n * CSPR, sessionItems.byName("keys_manager", "nope", {})), "No such method: nope"],
      ["set_all with 4 keys", setAll(10n * CSPR), null],
      ["an install with too small a payment", deploy(alice, 2_500_000_000n, sessionItems.moduleBytes(artifact("keys_manager"))), "Out of gas error"],
      ["a transfer to a new account", deploy(alice, 100_000_000n, sessionItems.transfer(bob.publicKey, 5n * CSPR, 7n)), null],
      ["keys_manager installed by another account", deploy(faucet, 20n * CSPR, sessionItems.moduleBytes(artifact("keys_manager"))), null],
    ];
    for (const [what, d, error] of steps) {
      const local = await engine.fork!.run(() => engine.execute(d));
      const remote = await onRemote(d);
      expect({ what, error: local.error?.message ?? null }).toEqual({ what, error });
      expect({ what, error: remote.error }).toEqual({ what, error });
      expect({ what, gas: local.gas, cost: local.reportedCost }).toEqual({ what, gas: remote.consumed, cost: remote.cost });
    }
    // the fork's writes stayed local, and agree with the node's
    const onNode = (await rpc.getAccountInfo(null, { publicKey: alice.publicKey } as never)).rawJSON as { account: { associated_keys: { account_hash: string; weight: number }[]; action_thresholds: Record<string, number> } };
    const forked = await engine.fork!.run(() => engine.account(alice.publicKey.accountHash().toHex()));
    expect(forked.actionThresholds).toEqual({ deployment: 1, keyManagement: 1 });
    expect(Object.keys(forked.associatedKeys)).toHaveLength(6); // alice, bob, the four of set_all
    expect(Object.fromEntries(onNode.account.associated_keys.map((k) => [k.account_hash.replace("account-hash-", ""), k.weight]))).toEqual(forked.associatedKeys);
  }, 120_000);

  it("measures a deploy as the node's own speculative_exec does (the same engine/speculative.ts on the fork's state)", async () => {
    const engine = await Engine.fork({ node: net.server.url, cacheDir: false }); // the tip, as speculative_exec runs on it
    for (const d of [
      deploy(alice, 4n * CSPR, sessionItems.byName("keys_manager", "set_key_weight", { account: pk(keys[3]), weight: CLValue.newCLUint8(2) })),
      deploy(alice, 3n * CSPR, sessionItems.byName("keys_manager", "set_key_weight", {})),
      deploy(alice, 3n * CSPR, sessionItems.moduleBytes(artifact("keys_manager"))),
    ]) {
      const tipBlock = engine.fork!.fork.block;
      const local = await engine.fork!.run(() => speculativeSession(engine, deployItemFromSdk(d), {
        blocktime: engine.blocktime, height: BigInt(tipBlock.height), parentHash: engine.parentBlockHash,
      }));
      const answer = await fetch(net.server.url, { method: "POST", headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "speculative_exec", params: { deploy: sdk.Deploy.toJSON(d) } }) });
      const remote = (await answer.json()).result.execution_result as { consumed: string; limit: string; error: string | null };
      expect([String(local.consumed), String(local.limit)]).toEqual([remote.consumed, remote.limit]);
      expect(local.error === undefined).toBe(remote.error === null);
    }
  }, 60_000);

  it("the test API on a fork: named keys you hold sign, queries read the node's state", async () => {
    const engine = await Engine.fork({ node: net.server.url, cacheDir: false, accounts: [{ name: "alice", secretKey: alice }] });
    const before = await engine.fork!.run(() => engine.balance("alice"));
    const r = await engine.fork!.run(() => engine.callByName("alice", "keys_manager", "set_key_weight", { account: pk(keys[2]), weight: CLValue.newCLUint8(4) }, { payment: 3n * CSPR }));
    expect(r.success).toBe(true);
    const after = await engine.fork!.run(() => ({ balance: engine.balance("alice"), keys: engine.account("alice").associatedKeys }));
    expect(after.balance).toBe(before - r.cost);
    expect(after.keys[keys[2].publicKey.accountHash().toHex()]).toBe(4);
    expect(() => engine.stateRootHash()).toThrow(/the state root hash of a forked state after local changes is unknown/);
  }, 60_000);

  it("opens a cold fork in a few requests and a warm one (same block, same cache) in none", async () => {
    const cacheDir = mkdtempSync(join(cacheRoot, "warm-"));
    const block = await tip();
    const call = (e: Engine) => e.fork!.run(() => e.execute(d));
    const d = deploy(alice, 5n * CSPR, sessionItems.byName("keys_manager", "set_key_weight", { account: pk(keys[1]), weight: CLValue.newCLUint8(2) }));
    const cold = await Engine.fork({ node: net.server.url, block, cacheDir });
    const first = await call(cold);
    expect(first.success).toBe(true);
    expect(cold.fork!.requests).toBeLessThanOrEqual(20);
    const warm = await Engine.fork({ node: net.server.url, block, cacheDir });
    const second = await call(warm);
    expect(warm.fork!.requests).toBe(0);
    expect([second.gas, second.cost]).toEqual([first.gas, first.cost]);
  }, 60_000);

  it("refuses a value whose Merkle proof does not hash to the state root, naming the key", async () => {
    // a node that lies: the value inside each proof gets one byte changed
    const lying: FetchFunction = async (url, init) => {
      const response = await fetch(url, init);
      const text = await response.text();
      const body = JSON.parse(text);
      if (JSON.parse(init.body).method === "query_global_state" && body.result?.merkle_proof) {
        const proof: string = body.result.merkle_proof;
        const at = 4 + 66 + 10; // inside the first proof's key/value bytes
        body.result.merkle_proof = proof.slice(0, at) + (proof[at] === "0" ? "1" : "0") + proof.slice(at + 1);
      }
      return { ok: response.ok, status: response.status, text: async () => JSON.stringify(body) };
    };
    await expect(Engine.fork({ node: net.server.url, block: await tip(), cacheDir: false, fetch: lying })).rejects.toThrow(
      /fork: (refused|cannot read) the value of system-contract-registry-0{64} from http:\/\/127\.0\.0\.1:\d+\/rpc/,
    );
    // one proven for another root
    const other = (await rpc.getLatestBlock()).block!;
    const wrongRoot: FetchFunction = async (url, init) => {
      const request = JSON.parse(init.body);
      if (request.method === "query_global_state") request.params.state_identifier = { StateRootHash: (await rpc.getBlockByHeight(1)).block!.stateRootHash.toHex() };
      return fetch(url, { ...init, body: JSON.stringify(request) });
    };
    const engine = await Engine.fork({ node: net.server.url, block: other.height, cacheDir: false, fetch: passThroughRegistry(wrongRoot) });
    const d = deploy(alice, 5n * CSPR, sessionItems.byName("keys_manager", "set_key_weight", { account: pk(keys[1]), weight: CLValue.newCLUint8(2) }));
    await expect(engine.fork!.run(() => engine.execute(d))).rejects.toThrow(/merkle_proof does not prove it under state root [0-9a-f]{64}: The proof hash is invalid/);
  }, 60_000);

  it("refuses a run outside fork.run that reads unfetched state, leaving the engine as it was", async () => {
    const engine = await Engine.fork({ node: net.server.url, block: await tip(), cacheDir: false });
    const d = deploy(alice, 5n * CSPR, sessionItems.byName("keys_manager", "set_key_weight", { account: pk(keys[2]), weight: CLValue.newCLUint8(1) }));
    expect(() => engine.execute(d)).toThrow(MissingRemoteState);
    expect(() => engine.execute(d)).toThrow(/run it inside `await engine.fork.run/);
    const r = await engine.fork!.run(() => engine.execute(d));
    expect(r.success).toBe(true);
  }, 60_000);

  it("runs the 2.0 auction's delegate, which lists a validator's delegators by prefix (the node's trie walked with state_get_trie): the node's outcome and gas", async () => {
    const engine = await Engine.fork({ node: net.server.url, block: await tip(), cacheDir: false });
    const validator = net.config.accounts.find((a) => a.validator)!;
    const d = deploy(faucet, 10n * CSPR, sessionItems.moduleBytes(artifact("delegate"), {
      delegator: pk(faucet), validator: CLValue.newCLPublicKey(sdk.PublicKey.fromHex(validator.publicKeyHex)), amount: CLValue.newCLUInt512((600n * CSPR).toString()),
    }));
    const local = await engine.fork!.run(() => engine.execute(d));
    const remote = await onRemote(d);
    expect(local.error?.message ?? null).toBe(remote.error);
    expect(remote.error).toBeNull();
    expect([local.gas, local.reportedCost]).toEqual([remote.consumed, remote.cost]);
    const stake = await engine.fork!.run(() => engine.stakeOf(faucet.publicKey.toHex(), validator.publicKeyHex));
    expect(stake).toBe(600n * CSPR);
  }, 60_000);

  it("refuses a trie node whose bytes do not hash to the digest asked for", async () => {
    const lying: FetchFunction = async (url, init) => {
      const response = await fetch(url, init);
      const body = JSON.parse(await response.text());
      if (JSON.parse(init.body).method === "state_get_trie" && body.result?.maybe_trie_bytes) body.result.maybe_trie_bytes = `${body.result.maybe_trie_bytes}00`;
      return { ok: response.ok, status: response.status, text: async () => JSON.stringify(body) };
    };
    const engine = await Engine.fork({ node: net.server.url, block: await tip(), cacheDir: false, fetch: lying });
    const validator = net.config.accounts.find((a) => a.validator)!;
    const d = deploy(faucet, 10n * CSPR, sessionItems.moduleBytes(artifact("delegate"), {
      delegator: pk(faucet), validator: CLValue.newCLPublicKey(sdk.PublicKey.fromHex(validator.publicKeyHex)), amount: CLValue.newCLUInt512((700n * CSPR).toString()),
    }));
    await expect(engine.fork!.run(() => engine.execute(d))).rejects.toThrow(/fork: refused trie node [0-9a-f]{64} from http:\/\/127\.0\.0\.1:\d+\/rpc: its bytes hash to [0-9a-f]{64}/);
  }, 60_000);

  it("drops a tampered cache line and fetches that value again", async () => {
    const cacheDir = mkdtempSync(join(cacheRoot, "tamper-"));
    const block = await tip();
    await Engine.fork({ node: net.server.url, block, cacheDir });
    const file = join(cacheDir, readdirSync(cacheDir).find((f) => f.endsWith(".jsonl"))!);
    const [line] = readFileSync(file, "utf8").trim().split("\n");
    const entry = JSON.parse(line) as { key: string; proof: string };
    const at = entry.proof.length - 20;
    writeFileSync(file, `${JSON.stringify({ ...entry, proof: entry.proof.slice(0, at) + (entry.proof[at] === "0" ? "1" : "0") + entry.proof.slice(at + 1) })}\n`);
    const again = await Engine.fork({ node: net.server.url, block, cacheDir });
    expect(again.fork!.fork.remote.dropped).toBe(1);
    expect(again.fork!.requests).toBe(1); // the registry, fetched again
  }, 60_000);
});

/** The registry read at open goes to the right root (so the fork opens); the rest through `inner`. */
function passThroughRegistry(inner: FetchFunction): FetchFunction {
  return (url, init) => (init.body.includes("system-entity-registry-") ? fetch(url, init) : inner(url, init));
}



describe("fork mode prices as the node does", () => {
  it("a node with other cost tables: the fork reads them (info_get_chainspec) and its gas is the node's", async () => {
    const costs = { storage_costs: { gas_per_byte: 2_000_000 }, wasm: { opcode_costs: { const: 200 }, host_function_costs: { blake2b: { cost: 300_000_000 } } } };
    const other = await startLocalNetwork({ port: 0, engine: { chainspec: costs } });
    try {
      const otherRpc = new RpcClient(new HttpHandler(other.server.url, "fetch"));
      const owner = other.config.accounts[0].secretKey!;
      const d = makeDeploy({ account: owner.publicKey, signers: [owner], chainName: other.config.chainspec.chainName, paymentAmount: 20n * CSPR, timestamp: new Date(Date.now() - 60_000) },
        sessionItems.moduleBytes(artifact("keys_manager")));
      const engine = await Engine.fork({ node: other.server.url, cacheDir: false });
      expect(Number(engine.config.chainspec.storage_costs.gas_per_byte)).toBe(2_000_000);
      const local = await engine.fork!.run(() => engine.execute(d));
      await otherRpc.putDeploy(d);
      const raw = (await otherRpc.getDeploy(d.hash.toHex())).rawJSON as { execution_info: { execution_result: { Version2: { consumed: string; error_message: string | null } } } };
      expect(raw.execution_info.execution_result.Version2.error_message).toBeNull();
      expect(local.gas).toBe(BigInt(raw.execution_info.execution_result.Version2.consumed));
      // with the default tables the gas would differ: what the fork would get wrong without the node's
      const usual = new Engine().runSession("alice", artifact("keys_manager"), {}, { payment: 20n * CSPR });
      expect(usual.gas).not.toBe(local.gas);
    } finally {
      await other.server.close();
      await other.close();
    }
  }, 60_000);
});
