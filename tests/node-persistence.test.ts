// `npm run node -- --data DIR`: the chain survives a restart. The restarted node serves the same blocks
// (hashes), state roots, accounts, balances and execution results, never executes a known deploy
// again, and goes on from there. A data directory from another genesis config is refused. A directory
// of the format before LMDB (genesis.json + blocks.jsonl) is converted once when opened: the same
// blocks, roots and results, nothing lost (the old file kept, a last line cut short by a crash left
// out with a note); a corrupted line or commits that do not replay to their root are refused, naming
// them, and leave the directory as it was.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { keyId } from "../host/bytesrepr/key.ts";
import type { StateCommit } from "../host/node/engine-backend.ts";
import { EngineNodeBackend } from "../host/node/engine-node-backend.ts";
import { readGenesisConfig } from "../host/node/genesis-config.ts";
import { createLocalNetwork, type LocalNetwork } from "../host/node/local-network.ts";
import { NodeStorage } from "../host/node/storage/node-storage.ts";
import { buildSessionWasm, buildTransfer } from "../scripts/cli/build-signed.ts";
import { loadSecretKey } from "../scripts/cli/keys.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { encodeCommit, LegacyRecorder } from "./helpers/legacy-data-dir.ts";
import { startNodeChild } from "../scripts/bench/node-load/node-child.ts";
import { startNodeProcess } from "./helpers/node-process.ts";
import { tempDirsRemovedAfterEach } from "./helpers/temp-dirs.ts";
import { rpcResult } from "./helpers/node-server.ts";

const { Args } = sdk;
const CSPR = 1_000_000_000n;
const CHAIN = "casper-net-1";

const dataDir = tempDirsRemovedAfterEach("casper-as-data-");
const keysDir = tempDirsRemovedAfterEach("casper-as-data-keys-");
const legacyDir = tempDirsRemovedAfterEach("casper-as-legacy-");

describe("npm run node --data: a restart serves the same chain", () => {
  it("blocks, state roots, accounts, balances and results are the same; a known deploy is not executed again; the chain goes on", async () => {
    const data = dataDir();
    const keys = keysDir();
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
      expect(second.stderr()).toContain(`data directory ${data}: height 2 opened, now at height 2`);
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
    const data = dataDir();
    await createLocalNetwork({ dataDir: data }).close(); // the default genesis, recorded
    const other = join(data, "..", `other-config-${Date.now()}.json`);
    writeFileSync(other, JSON.stringify({ chain_name: "elsewhere", accounts: [{ name: "v", balance: "1", validator: { bonded_amount: "1", delegation_rate: 1 } }] }));
    const failure = await startNodeProcess(["--port", "0", "--data", data, "--config", other], 60_000).catch((e: Error) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain("exited with 1 before listening");
    expect((failure as Error).message).toContain(`${data} holds a chain started from another genesis config; start without --config to continue it, or use a new --data directory`);
  }, 90_000);

  it("--index-sweep: recorded with the chain; reopened with another, every block is still found by its hash; a value that is not a power of two up to 65536 is refused", async () => {
    const data = dataDir();
    let net = createLocalNetwork({ dataDir: data, indexSweep: 1024 });
    const genesisHash = (await net.node.call("chain_get_block", { block_identifier: { Height: 0 } }) as { block_with_signatures: { block: { Version2: { hash: string } } } }).block_with_signatures.block.Version2.hash;
    await net.close();
    const sweepOf = async () => {
      const storage = NodeStorage.open({ dir: data });
      const sweep = storage.records.metaValue("index-sweep");
      await storage.close();
      return sweep;
    };
    // reopened with the default sweep: what waited is written, the new sweep recorded from the next block
    net = createLocalNetwork({ dataDir: data });
    const byHash = (await net.node.call("chain_get_block", { block_identifier: { Hash: genesisHash } })) as { block_with_signatures: { block: { Version2: { header: { height: number } } } } };
    expect(byHash.block_with_signatures.block.Version2.header.height).toBe(0);
    await net.close();
    expect(await sweepOf()).toEqual({ slices: 4096, since: 1 });
    const failure = await startNodeProcess(["--port", "0", "--data", data, "--index-sweep", "1000"], 60_000).catch((e: Error) => e);
    expect((failure as Error).message).toMatch(/exited with 2 before listening;[\s\S]*--index-sweep: '1000' is not a power of two from 2 to 65536 \(blocks\)/);
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

describe("a data directory of the format before LMDB (genesis.json + blocks.jsonl)", () => {
  const config = readGenesisConfig({});
  const faucet = config.accounts[0].secretKey!;
  const user = config.accounts[2].secretKey!.publicKey;

  /** A chain of transfers, an install and an era end on a node, written in the old format into a new directory. */
  async function legacyDirectory(): Promise<{ dir: string; blocks: unknown[]; items: unknown[]; roots: string[]; hashes: string[] }> {
    const network = createLocalNetwork({ config });
    const recorder = new LegacyRecorder(network);
    const hashes: string[] = [];
    const plan = { chainName: config.chainspec.chainName, keys: [faucet], paymentMotes: 100_000_000n };
    for (const id of [1, 2, 3]) {
      const signed = buildTransfer(plan, user, 5n * CSPR, id);
      await network.node.call("account_put_deploy", { deploy: signed.json });
      recorder.blockAdded();
      hashes.push(signed.hash);
    }
    await network.node.endEras(1);
    recorder.blockAdded();
    const install = buildSessionWasm({ ...plan, paymentMotes: 50n * CSPR }, artifact("keys_manager"), Args.fromMap({}));
    await network.node.call("account_put_deploy", { deploy: install.json });
    recorder.blockAdded();
    hashes.push(install.hash);
    const seen = await chainSeenBy(network, hashes);
    const dir = legacyDir();
    recorder.write(dir, config);
    await network.close();
    return { dir, ...seen, hashes };
  }

  async function chainSeenBy(network: LocalNetwork, hashes: string[]) {
    const blocks = [];
    const roots = [];
    for (let h = 0; h <= network.node.chain.height; h++) {
      blocks.push(await network.node.call("chain_get_block", { block_identifier: { Height: h } }));
      roots.push(network.node.chain.atHeight(h)!.stateRootHash);
    }
    const items = [];
    for (const hash of hashes) items.push(await network.node.call("info_get_deploy", { deploy_hash: hash }));
    return { blocks, items, roots };
  }

  it("is converted once when opened: the same blocks, roots and results; the old file kept; the chain goes on", async () => {
    const legacy = await legacyDirectory();
    const original = readFileSync(join(legacy.dir, "blocks.jsonl"));
    const opened = createLocalNetwork({ dataDir: legacy.dir });
    try {
      expect(opened.convertedBlocks).toBe(5);
      expect(opened.repaired).toBeUndefined();
      const seen = await chainSeenBy(opened, legacy.hashes);
      expect(seen).toEqual({ blocks: legacy.blocks, items: legacy.items, roots: legacy.roots });
      // past state reads at every converted block's root
      for (const root of legacy.roots) {
        await expect(opened.node.call("query_balance", { state_identifier: { StateRootHash: root }, purse_identifier: { main_purse_under_public_key: user.toHex() } })).resolves.toHaveProperty("balance");
      }
      expect(existsSync(join(legacy.dir, "blocks.jsonl"))).toBe(false);
      expect(readFileSync(join(legacy.dir, "blocks.v2.jsonl"))).toEqual(original);
      expect(JSON.parse(readFileSync(join(legacy.dir, "genesis.json"), "utf8")).format).toBe("casper-as local node data, version 6");
      const more = buildTransfer({ chainName: config.chainspec.chainName, keys: [faucet], paymentMotes: 100_000_000n }, user, 3n * CSPR, 9);
      await opened.node.call("account_put_deploy", { deploy: more.json });
      expect(opened.node.chain.height).toBe(6);
    } finally {
      await opened.close();
    }
    // opened again: nothing to convert, the same chain
    const again = createLocalNetwork({ dataDir: legacy.dir });
    try {
      expect([again.convertedBlocks, again.restoredHeight, again.node.chain.height]).toEqual([0, 6, 6]);
      expect(again.node.chain.atHeight(5)!.stateRootHash).toBe(legacy.roots[5]);
    } finally {
      await again.close();
    }
  }, 60_000);

  it("a last line cut short by a crash is left out, with a note; the file is kept as it was", async () => {
    const legacy = await legacyDirectory();
    const path = join(legacy.dir, "blocks.jsonl");
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.slice(0, text.length - 40)); // the last line loses its end
    const opened = createLocalNetwork({ dataDir: legacy.dir });
    try {
      expect(opened.node.chain.height).toBe(4);
      expect(opened.repaired).toBe(`left out the unfinished last line of ${path} (block 5): it was cut short by a crash`);
      expect(opened.node.chain.atHeight(4)!.hash).toBe((legacy.blocks[4] as any).block_with_signatures.block.Version2.hash);
      expect(readFileSync(join(legacy.dir, "blocks.v2.jsonl"), "utf8")).toBe(text.slice(0, text.length - 40));
    } finally {
      await opened.close();
    }
  }, 60_000);

  it("a corrupted line stops the node, naming the line, and leaves the directory to convert once repaired", async () => {
    const legacy = await legacyDirectory();
    const path = join(legacy.dir, "blocks.jsonl");
    const text = readFileSync(path, "utf8");
    const lines = text.split("\n");
    writeFileSync(path, [lines[0], lines[1].slice(0, 30), ...lines.slice(2)].join("\n"));
    expect(() => createLocalNetwork({ dataDir: legacy.dir })).toThrow(`${path} line 2:`);
    expect(JSON.parse(readFileSync(join(legacy.dir, "genesis.json"), "utf8")).format).toBe("casper-as local node data, version 2");
    writeFileSync(path, text);
    const opened = createLocalNetwork({ dataDir: legacy.dir });
    try {
      expect([opened.convertedBlocks, opened.node.chain.height]).toEqual([5, 5]);
    } finally {
      await opened.close();
    }
  }, 60_000);

  it("commits that do not replay to the recorded state root are refused", async () => {
    const legacy = await legacyDirectory();
    const path = join(legacy.dir, "blocks.jsonl");
    const [first, ...rest] = readFileSync(path, "utf8").trim().split("\n");
    const record = JSON.parse(first);
    record.commits = record.commits.slice(1); // one batch of writes lost
    writeFileSync(path, [JSON.stringify(record), ...rest].join("\n") + "\n");
    expect(() => createLocalNetwork({ dataDir: legacy.dir })).toThrow(/replaying the stored block gave state root hash [0-9a-f]{64}, but the block records [0-9a-f]{64}/);
  }, 60_000);

  it("a saved commit that deletes keys ([key, null], as 2.0 prunes) replays to the same state root", () => {
    const first = new EngineNodeBackend(config, { genesisTimestampMs: 1n });
    const state = first.engine.state;
    const [x, y] = [...state.all().values()].filter((e) => e.key.tag === 6);
    const commits: StateCommit[] = [];
    const stop = state.onCommit((writes, prunes) => commits.push(encodeCommit(writes, prunes)));
    state.commit(new Map([[keyId(x.key), { key: x.key, value: y.value }]]), new Map([[keyId(y.key), y.key]]));
    stop();
    expect(commits[0].filter(([, value]) => value === null)).toHaveLength(1);
    const root = first.engine.stateRootHash();
    const converting = new EngineNodeBackend(config, { genesisTimestampMs: 1n });
    expect(converting.latestStateRootHash()).not.toBe(root);
    converting.replay(commits, root, 1);
    expect(converting.latestStateRootHash()).toBe(root);
    expect(converting.engine.state.read(y.key)).toBeUndefined();
  });

  it("is one node's at a time: a second node is refused, naming the first's pid; a lock left by a killed node is taken over", async () => {
    const data = dataDir();
    const lock = join(data, "node.lock");
    const first = await startNodeProcess(["--port", "0", "--data", data]);
    let pid = 0;
    try {
      pid = Number(readFileSync(lock, "utf8").trim());
      expect(pid).not.toBe(process.pid);
      const failure = await startNodeProcess(["--port", "0", "--data", data], 60_000).catch((e: Error) => e);
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).message).toContain("exited with 1 before listening");
      expect((failure as Error).message).toContain(`${data} is in use by another node (pid ${pid}): stop that node first, or if no node runs there, remove ${lock}`);
      expect(() => NodeStorage.open({ dir: data })).toThrow(`is in use by another node (pid ${pid})`);
    } finally {
      // killed: no chance to remove its lock
      const exited = new Promise((resolve) => first.child.once("exit", resolve));
      process.kill(-first.child.pid!, "SIGKILL");
      await exited;
    }
    expect(readFileSync(lock, "utf8").trim()).toBe(String(pid));
    // the inner node may outlive npm's exit by a moment: the lock waits for it to be gone
    const storage = NodeStorage.open({ dir: data });
    expect(readFileSync(lock, "utf8").trim()).toBe(String(process.pid));
    expect(storage.genesis).toBeDefined();
    await storage.close();
    expect(existsSync(lock)).toBe(false);
  }, 120_000);

  it("a data directory of format version 1 (state roots that were not trie roots) is refused, saying what to do", () => {
    const data = dataDir();
    writeFileSync(join(data, "genesis.json"), JSON.stringify({ format: "casper-as local node data, version 1", config: {}, genesis_timestamp_ms: "1" }));
    expect(() => NodeStorage.open({ dir: data })).toThrow(/data format version 1.*not casper-node's Merkle trie roots.*new --data directory/);
  });

  it("a directory that is not a node's data directory is refused", () => {
    const data = dataDir();
    writeFileSync(join(data, "genesis.json"), JSON.stringify({ format: "something else" }));
    expect(() => NodeStorage.open({ dir: data })).toThrow(`${join(data, "genesis.json")} is not a casper-as local node data directory`);
  });
});

describe("npm run node without --data: a temporary chain", () => {
  it("a SIGTERM sent as soon as it says it listens stops it cleanly, and its temporary directory is removed", async () => {
    const node = await startNodeChild([]);
    const code = await node.stop();
    const dir = /chain kept in (\S+) until the node stops/.exec(node.stderr())?.[1];
    expect(dir, node.stderr()).toBeDefined();
    expect(node.stderr()).toContain("SIGTERM: stopping");
    expect(code).toBe(0);
    expect(existsSync(dir!)).toBe(false);
  });
});
