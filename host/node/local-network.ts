// A local network in one process: the genesis config's accounts on the engine (EngineNodeBackend), the
// JSON-RPC node over it (LocalNode), and optionally a data directory that keeps the chain across
// restarts (ChainStore). scripts/node.ts, the tests and the benchmark all start it this way.
import { ChainStore, ChainStoreError, sameConfig } from "./chain-store.ts";
import { EngineNodeBackend, type EngineNodeBackendOptions } from "./engine-node-backend.ts";
import { readGenesisConfig, type GenesisConfig } from "./genesis-config.ts";
import { LocalNode } from "./local-node.ts";
import { publishAnnouncement } from "./events/announcements.ts";
import { EventStream, type EventStreamOptions } from "./events/event-stream.ts";
import { restEndpoints } from "./http/rest.ts";
import { startRpcServer, type HttpServerOptions, type RunningRpcServer } from "./rpc-server.ts";

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

export interface ServeOptions extends Omit<HttpServerOptions, "events" | "rest"> {
  /** 127.0.0.1 port (0: a free port) */
  port?: number;
  /** the event stream's buffer, subscriber cap and keep-alive (defaults: casper-node's) */
  events?: Omit<EventStreamOptions, "apiVersion" | "log">;
}

/** Creates the network and listens on 127.0.0.1:`port` (0: a free port): JSON-RPC on /rpc, events on /events, REST on /status, /chainspec, /validator-changes. */
export async function startLocalNetwork(options: LocalNetworkOptions & ServeOptions = {}): Promise<LocalNetwork & { server: RunningRpcServer; events: EventStream }> {
  const network = createLocalNetwork(options);
  const { server, events } = await serveLocalNetwork(network, options);
  return { ...network, server, events };
}

/** Serves an existing network's node over HTTP, its announcements on the event stream. */
export async function serveLocalNetwork(network: LocalNetwork, options: ServeOptions = {}): Promise<{ server: RunningRpcServer; events: EventStream }> {
  const events = new EventStream({ ...options.events, apiVersion: network.node.apiVersion, log: options.log });
  network.node.onAnnouncement((announcement) => publishAnnouncement(events, announcement));
  const server = await startRpcServer(network.node, options.port ?? 0, { log: options.log, cors: options.cors, limits: options.limits, events, rest: restEndpoints(network.node) });
  return { server, events };
}
