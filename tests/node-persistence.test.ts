// `npm run node -- --data DIR`: the chain survives a restart. The restarted node serves the same blocks
// (hashes), state roots, accounts, balances and execution results, never executes a known deploy
// again, and goes on from there. A data directory from another genesis config, a block cut short by
// a crash, a corrupted line and a state that does not replay to its recorded root are each handled
// with a clear message.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { ChainStore } from "../host/node/chain-store.ts";
import { readGenesisConfig } from "../host/node/genesis-config.ts";
import { createLocalNetwork } from "../host/node/local-network.ts";
import { EngineNodeBackend, encodeCommit } from "../host/node/engine-node-backend.ts";
import type { StateCommit } from "../host/node/engine-backend.ts";
import { keyId } from "../host/bytesrepr/key.ts";
import { buildSessionWasm, buildTransfer } from "../scripts/cli/build-signed.ts";
import { loadSecretKey } from "../scripts/cli/keys.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { startNodeProcess } from "./helpers/node-process.ts";
import { rpcResult } from "./helpers/node-server.ts";

const { Args } = sdk;
const CSPR = 1_000_000_000n;
const CHAIN = "casper-net-1";

describe("npm run node --data: a restart serves the same chain", () => {
  it("blocks, state roots, accounts, balances and results are the same; a known deploy is not executed again; the chain goes on", async () => {
    const data = mkdtempSync(join(tmpdir(), "casper-as-data-"));
    const keys = mkdtempSync(join(tmpdir(), "casper-as-data-keys-"));
    const first = await startNodeProcess(["--port", "0", "--data", data, "--keys", keys]);
    const faucet = loadSecretKey(join(keys, "faucet"));
    const user = loadSecretKey(join(keys, "user-1"));
    const plan = { chainName: CHAIN, keys: [faucet], paymentMotes: 100_000_000n };
    const transfer = buildTransfer(plan, user.publicKey, 7n * CSPR, 1);
    const install = buildSessionWasm({ ...plan, paymentMotes: 50n * CSPR }, artifact("keys_manager"), Args.fromMap({}));
    let before: Record<string, unknown>;
    try {
      await rpcResult(first.url, "account_put_deploy", { deploy: transfer.json });
      await rpcResult(first.url, "account_put_deploy", { deploy: install.json });
      before = await snapshotOf(first.url, [transfer.hash, install.hash], [faucet.publicKey.toHex(), user.publicKey.toHex()]);
      expect(before.height).toBe(2);
    } finally {
      await first.stop();
    }

    const second = await startNodeProcess(["--port", "0", "--data", data]);
    try {
      expect(second.stderr()).toContain("2 block(s) restored, height 2");
      expect(await snapshotOf(second.url, [transfer.hash, install.hash], [faucet.publicKey.toHex(), user.publicKey.toHex()])).toEqual(before);
      // the same deploy again: acknowledged, not executed (height and state unchanged)
      expect((await rpcResult(second.url, "account_put_deploy", { deploy: transfer.json })).deploy_hash).toBe(transfer.hash);
      expect((await rpcResult(second.url, "info_get_status")).last_added_block_info.height).toBe(2);
      // and the chain goes on from the restored state
      const more = buildTransfer(plan, user.publicKey, 3n * CSPR, 2);
      await rpcResult(second.url, "account_put_deploy", { deploy: more.json });
      const balance = await rpcResult(second.url, "query_balance", { purse_identifier: { main_purse_under_public_key: user.publicKey.toHex() } });
      expect(BigInt(balance.balance)).toBe(BigInt((before.balances as string[])[1]) + 3n * CSPR);
    } finally {
      await second.stop();
    }

    const third = await startNodeProcess(["--port", "0", "--data", data]);
    try {
      expect((await rpcResult(third.url, "info_get_status")).last_added_block_info.height).toBe(3);
    } finally {
      await third.stop();
    }
  }, 180_000);

  it("a data directory started from another genesis config is refused, naming the way out", async () => {
    const data = mkdtempSync(join(tmpdir(), "casper-as-data-"));
    createLocalNetwork({ dataDir: data }); // the default genesis, recorded
    const other = join(data, "..", `other-config-${Date.now()}.json`);
    writeFileSync(other, JSON.stringify({ chain_name: "elsewhere", accounts: [{ name: "v", balance: "1", validator: { bonded_amount: "1", delegation_rate: 1 } }] }));
    const failure = await startNodeProcess(["--port", "0", "--data", data, "--config", other], 60_000).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain("exited with 1 before listening");
    expect((failure as Error).message).toContain(`${data} holds a chain started from another genesis config; start without --config to continue it, or use a new --data directory`);
  }, 90_000);
});

/** What a client can see of the chain: status, blocks, results, accounts and balances. */
async function snapshotOf(url: string, hashes: string[], publicKeys: string[]): Promise<Record<string, unknown>> {
  const status = await rpcResult(url, "info_get_status");
  const height = status.last_added_block_info.height;
  const blocks = [];
  for (let h = 0; h <= height; h++) blocks.push((await rpcResult(url, "chain_get_block", { block_identifier: { Height: h } })).block_with_signatures.block);
  const deploys = [];
  for (const hash of hashes) deploys.push((await rpcResult(url, "info_get_deploy", { deploy_hash: hash })).execution_info);
  const accounts = [];
  const balances = [];
  for (const pk of publicKeys) {
    accounts.push((await rpcResult(url, "state_get_account_info", { account_identifier: pk })).account);
    balances.push((await rpcResult(url, "query_balance", { purse_identifier: { main_purse_under_public_key: pk } })).balance);
  }
  // a read at the state root of block 1 (a past state)
  const root1 = (await rpcResult(url, "chain_get_state_root_hash", { block_identifier: { Height: 1 } })).state_root_hash;
  const pastBalance = (await rpcResult(url, "query_balance", { state_identifier: { StateRootHash: root1 }, purse_identifier: { main_purse_under_public_key: publicKeys[0] } })).balance;
  return { height, genesis: status.starting_state_root_hash, blocks, deploys, accounts, balances, pastBalance };
}

describe("the data directory's files", () => {
  const config = readGenesisConfig({});

  async function chainWithTwoBlocks(): Promise<string> {
    const data = mkdtempSync(join(tmpdir(), "casper-as-data-"));
    const network = createLocalNetwork({ dataDir: data, config });
    const faucet = config.accounts[0].secretKey!;
    for (const id of [1, 2]) {
      const signed = buildTransfer({ chainName: config.chainspec.chainName, keys: [faucet], paymentMotes: 100_000_000n }, config.accounts[2].secretKey!.publicKey, 5n * CSPR, id);
      await network.node.call("account_put_deploy", { deploy: signed.json });
    }
    return data;
  }

  it("a last block cut short by a crash is dropped, with a note; the rest is served", async () => {
    const data = await chainWithTwoBlocks();
    const path = join(data, "blocks.jsonl");
    const text = readFileSync(path, "utf8");
    expect(text.trim().split("\n")).toHaveLength(2);
    writeFileSync(path, text.slice(0, text.length - 40)); // the second line loses its end
    const network = createLocalNetwork({ dataDir: data });
    expect(network.node.chain.height).toBe(1);
    expect(network.repaired).toBe(`dropped the unfinished last line of ${path} (block 2)`);
    expect(readFileSync(path, "utf8")).toBe(text.slice(0, text.indexOf("\n") + 1));
  });

  it("a corrupted line in the middle stops the node, naming the line", async () => {
    const data = await chainWithTwoBlocks();
    const path = join(data, "blocks.jsonl");
    const lines = readFileSync(path, "utf8").split("\n");
    writeFileSync(path, [lines[0].slice(0, 30), ...lines.slice(1)].join("\n"));
    expect(() => createLocalNetwork({ dataDir: data })).toThrow(`${path} line 1:`);
  });

  it("saved changes that do not replay to the recorded state root are refused", async () => {
    const data = await chainWithTwoBlocks();
    const path = join(data, "blocks.jsonl");
    const [first, second] = readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    first.commits = first.commits.slice(1); // one batch of writes lost
    writeFileSync(path, `${JSON.stringify(first)}\n${JSON.stringify(second)}\n`);
    expect(() => createLocalNetwork({ dataDir: data })).toThrow(/replaying the stored block gave state root hash [0-9a-f]{64}, but the block records [0-9a-f]{64}/);
  });

  it("a saved commit that deletes keys ([key, null], as 2.0 prunes) replays to the same state root", () => {
    const config = readGenesisConfig({});
    const first = new EngineNodeBackend(config, { genesisTimestampMs: 1n, persist: true });
    const state = first.engine.state;
    const [x, y] = [...state.all().values()].filter((e) => e.key.tag === 6);
    const commits: StateCommit[] = [];
    const stop = state.onCommit((writes, prunes) => commits.push(encodeCommit(writes, prunes)));
    state.commit(new Map([[keyId(x.key), { key: x.key, value: y.value }]]), new Map([[keyId(y.key), y.key]]));
    stop();
    expect(commits[0].filter(([, value]) => value === null)).toHaveLength(1);
    const root = first.engine.stateRootHash();
    const restarted = new EngineNodeBackend(config, { genesisTimestampMs: 1n, persist: true });
    expect(restarted.latestStateRootHash()).not.toBe(root);
    restarted.replay(commits, root);
    expect(restarted.latestStateRootHash()).toBe(root);
    expect(restarted.engine.state.read(y.key)).toBeUndefined();
  });

  it("a data directory of format version 1 (state roots that were not trie roots) is refused, saying what to do", () => {
    const data = mkdtempSync(join(tmpdir(), "casper-as-data-"));
    writeFileSync(join(data, "genesis.json"), JSON.stringify({ format: "casper-as local node data, version 1", config: {}, genesis_timestamp_ms: "1" }));
    expect(() => ChainStore.open(data)).toThrow(/data format version 1.*not casper-node's Merkle trie roots.*new --data directory/);
  });

  it("a directory that is not a node's data directory is refused", () => {
    const data = mkdtempSync(join(tmpdir(), "casper-as-data-"));
    writeFileSync(join(data, "genesis.json"), JSON.stringify({ format: "something else" }));
    expect(() => ChainStore.open(data)).toThrow(`${join(data, "genesis.json")} is not a casper-as local node data directory`);
  });
});
