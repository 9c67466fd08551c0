// A local network in one process: the genesis config's accounts on the engine (EngineNodeBackend), the
// JSON-RPC node over it (LocalNode), and optionally a data directory that keeps the chain across
// restarts (ChainStore). scripts/node.ts, the tests and the benchmark all start it this way.
import { ChainStore, ChainStoreError, sameConfig } from "./chain-store.ts";
import { EngineNodeBackend, type EngineNodeBackendOptions } from "./engine-node-backend.ts";
import { readGenesisConfig, type GenesisConfig } from "./genesis-config.ts";
import { LocalNode } from "./local-node.ts";
import { startRpcServer, type RunningRpcServer } from "./rpc-server.ts";

export interface LocalNetworkOptions {
  /** the genesis config read from --config (absent: the defaults, or what the data directory holds) */
  config?: GenesisConfig;
  /** keep the chain in this directory across restarts */
  dataDir?: string;
  /** the node's clock (default: real time); the genesis block gets its first reading */
  clock?: () => bigint;
  /** engine options beyond genesis (e.g. { metered: false }) */
  engine?: EngineNodeBackendOptions["engine"];
}

export interface LocalNetwork {
  config: GenesisConfig;
  backend: EngineNodeBackend;
  node: LocalNode;
  store?: ChainStore;
  /** blocks read back from the data directory at start */
  restoredBlocks: number;
  /** a note about a repaired data directory, if any */
  repaired?: string;
}

export function createLocalNetwork(options: LocalNetworkOptions = {}): LocalNetwork {
  const clock = options.clock ?? (() => BigInt(Date.now()));
  const store = options.dataDir !== undefined ? ChainStore.open(options.dataDir) : undefined;
  let config: GenesisConfig;
  let genesisTimestampMs: bigint;
  if (store?.genesis) {
    config = readGenesisConfig(store.genesis.source);
    if (options.config && !sameConfig(options.config.source, store.genesis.source)) {
      throw new ChainStoreError(
        `${store.dir} holds a chain started from another genesis config; start without --config to continue it, or use a new --data directory`,
      );
    }
    genesisTimestampMs = store.genesis.timestampMs;
  } else {
    config = options.config ?? readGenesisConfig({});
    genesisTimestampMs = clock();
  }
  const backend = new EngineNodeBackend(config, { genesisTimestampMs, engine: options.engine, persist: store !== undefined });
  const node = new LocalNode({
    chainspec: config.chainspec,
    backend,
    clock,
    proposer: backend.proposerPublicKey,
    genesisTimestampMs,
    store,
  });
  if (store && !store.genesis) store.saveGenesis({ source: config.source, timestampMs: genesisTimestampMs });
  if (store) node.restore(store.blocks);
  return { config, backend, node, store, restoredBlocks: store?.blocks.length ?? 0, repaired: store?.repaired };
}

/** Creates the network and listens on 127.0.0.1:`port` (0: a free port). */
export async function startLocalNetwork(options: LocalNetworkOptions & { port?: number; log?: (line: string) => void } = {}): Promise<LocalNetwork & { server: RunningRpcServer }> {
  const network = createLocalNetwork(options);
  const server = await startRpcServer(network.node, options.port ?? 0, options.log);
  return { ...network, server };
}
