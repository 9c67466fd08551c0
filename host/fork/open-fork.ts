// Opening a fork: which node, which block (its state root, time, height and proposer), the node's
// chain name and protocol, and the state forked there (fork-state.ts) with what the remote answered
// so far (remote-values.ts, on disk per state root). The engine takes the opened fork
// (`new Engine({ fork })`, or `await Engine.fork({ node, block })`), since it cannot wait on the network.

import { homedir } from "node:os";
import { join } from "node:path";
import { fromHex } from "../bytesrepr/hex.ts";
import { type Key, keyId, systemContractRegistryKey } from "../bytesrepr/key.ts";
import { ForkState } from "./fork-state.ts";
import { HeaderCache, type OpenedBlock, RemoteStateCache } from "./remote-values.ts";
import { type FetchFunction, type ForkBlock, ForkRpc, ForkRpcError, UnsupportedNodeError } from "./rpc-client.ts";

export interface ForkOptions {
  /** the remote node's JSON-RPC URL, e.g. https://node.testnet.casper.network/rpc or http://127.0.0.1:7777/rpc */
  readonly node: string;
  /** the block to fork at: a height, or a block hash (64 hex); default the node's latest block */
  readonly block?: number | string;
  /** where fetched values are kept per state root (default `defaultForkCacheDir()`); false: in memory only */
  readonly cacheDir?: string | false;
  /** the fetch function (default the global fetch) */
  readonly fetch?: FetchFunction;
}

export interface Fork {
  readonly node: string;
  readonly chainName: string;
  /** the node's api_version (2.x) */
  readonly apiVersion: string;
  /** the block forked at */
  readonly block: ForkBlock;
  /** the node's chainspec.toml: the engine prices with its cost tables (engine/fork-session.ts) */
  readonly chainspecToml: string;
  readonly state: ForkState;
  readonly remote: RemoteStateCache;
  readonly rpc: ForkRpc;
}

/**
 * `$CASPER_AS_FORK_CACHE` when set ("off": no disk cache), else `$XDG_CACHE_HOME/casper-as/fork`
 * (default `~/.cache/casper-as/fork`).
 */
export function defaultForkCacheDir(): string | false {
  const chosen = process.env.CASPER_AS_FORK_CACHE;
  if (chosen === "off" || chosen === "0") return false;
  return chosen || join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "casper-as", "fork");
}

export async function openFork(options: ForkOptions): Promise<Fork> {
  const rpc = new ForkRpc(options.node, options.fetch);
  const chosen = options.cacheDir ?? defaultForkCacheDir();
  const cacheDir = chosen === false ? undefined : chosen;
  const headers = new HeaderCache(cacheDir);
  const opened = await openBlock(rpc, headers, options.block);
  const remote = new RemoteStateCache(opened.block.stateRootHash, rpc, cacheDir);
  const state = new ForkState(fromHex(opened.block.stateRootHash, "state root hash"), remote);
  const fork: Fork = { node: options.node, chainName: opened.status.chainName, apiVersion: opened.status.apiVersion, block: opened.block, chainspecToml: opened.chainspecToml ?? "", state, remote, rpc };
  // every execution reads the system contract registry first
  await prefetch(fork, [systemContractRegistryKey]);
  return fork;
}

/** Fetches the keys the fork does not hold yet. */
export async function prefetch(fork: Fork, keys: readonly Key[]): Promise<void> {
  await fork.remote.fetch({ keys: new Map(keys.map((k) => [keyId(k), k])), prefixes: new Set() });
}

async function openBlock(rpc: ForkRpc, headers: HeaderCache, block: number | string | undefined): Promise<OpenedBlock> {
  if (block !== undefined) {
    const id = typeof block === "number" ? `height:${block}` : `hash:${block.toLowerCase()}`;
    const cached = headers.get(rpc.url, id);
    if (cached) return cached;
  }
  const status = await rpc.status();
  if (!status.apiVersion.startsWith("2.")) {
    throw new UnsupportedNodeError(`fork: the node at ${rpc.url} runs api_version ${status.apiVersion}; fork mode runs Casper 2.x networks (the engine's 2.0.0 rules)`, status);
  }
  let header: ForkBlock;
  if (block === undefined) {
    if (!status.latest) throw new ForkRpcError(`fork: the node at ${rpc.url} has no block yet`);
    header = status.latest;
  } else if (typeof block === "number") {
    if (!Number.isSafeInteger(block) || block < 0) throw new ForkRpcError(`fork: block height ${block} is not a height`);
    header = await rpc.block({ height: block });
  } else {
    if (!/^[0-9a-fA-F]{64}$/.test(block)) throw new ForkRpcError(`fork: block '${block}' is neither a height nor a block hash (64 hex)`);
    header = await rpc.block({ hash: block.toLowerCase() });
  }
  const opened = { status, block: header, chainspecToml: await rpc.chainspecToml() };
  headers.put(rpc.url, opened);
  return opened;
}
