// A local network in one process: the genesis config's accounts on the engine (EngineNodeBackend), the
// JSON-RPC node over it (LocalNode), and its storage (NodeStorage: LMDB in the data directory, or in a
// temporary directory removed when the network closes or the process exits). scripts/node.ts, the
// tests and the benchmark all start it this way. A restart opens the stored chain where it stands;
// a data directory of the format before LMDB is converted first (its blocks replayed once).
import { EngineNodeBackend, type EngineNodeBackendOptions } from "./engine-node-backend.ts";
import { readGenesisConfig, type GenesisConfig } from "./genesis-config.ts";
import { LocalNode } from "./local-node.ts";
import { publishAnnouncement } from "./events/announcements.ts";
import { EventStream, type EventStreamOptions } from "./events/event-stream.ts";
import { restEndpoints } from "./http/rest.ts";
import { startRpcServer, type HttpServerOptions, type RunningRpcServer } from "./rpc-server.ts";
import { legacyBlocks } from "./storage/legacy-data.ts";
import { ChainStoreError, NodeStorage, sameConfig } from "./storage/node-storage.ts";
import type { KeepStates } from "../state/lmdb/lmdb-trie-store.ts";

export { ChainStoreError } from "./storage/node-storage.ts";

export interface LocalNetworkOptions {
  /** the genesis config read from --config (absent: the defaults, or what the data directory holds) */
  config?: GenesisConfig;
  /** keep the chain in this directory across restarts (absent: a temporary directory) */
  dataDir?: string;
  /** how many of the latest blocks' states stay readable (default 10,000), or "all" (an archive) */
  keepStates?: KeepStates;
  /** commit without syncing to disk (faster; a power cut may lose acknowledged deploys) */
  noSync?: boolean;
  /** blocks an index entry by hash may wait in memory for its slice of the key space (default 4,096) */
  indexSweep?: number;
  /** block mode: deploys pooled and executed in a block every this many ms (absent: a block per deploy) */
  blockTimeMs?: number;
  /** the node's clock (default: real time); the genesis block gets its first reading */
  clock?: () => bigint;
  /** engine options beyond genesis (e.g. { metered: false }) */
  engine?: EngineNodeBackendOptions["engine"];
}

export interface LocalNetwork {
  config: GenesisConfig;
  backend: EngineNodeBackend;
  node: LocalNode;
  storage: NodeStorage;
  /** the height the stored chain had when opened (0: a new chain) */
  restoredHeight: number;
  /** blocks converted from a data directory of the format before LMDB */
  convertedBlocks: number;
  /** a note about the data directory's conversion or repair, if any */
  repaired?: string;
  /** stops the node's timers, waits for what is queued to be on disk, and closes the storage */
  close(): Promise<void>;
}

/** Blocks converted per LMDB transaction. */
const CONVERSION_CHUNK = 2_000;

export function createLocalNetwork(options: LocalNetworkOptions = {}): LocalNetwork {
  const clock = options.clock ?? (() => BigInt(Date.now()));
  const storage = NodeStorage.open({ dir: options.dataDir, keepStates: options.keepStates, noSync: options.noSync, indexSweep: options.indexSweep });
  try {
    return openNetwork(storage, options, clock);
  } catch (e) {
    void storage.close().catch(() => undefined);
    throw e;
  }
}

function openNetwork(storage: NodeStorage, options: LocalNetworkOptions, clock: () => bigint): LocalNetwork {
  let config: GenesisConfig;
  let genesisTimestampMs: bigint;
  if (storage.genesis) {
    config = readGenesisConfig(storage.genesis.source);
    if (options.config && !sameConfig(options.config.source, storage.genesis.source)) {
      throw new ChainStoreError(
        `${storage.dir} holds a chain started from another genesis config; start without --config to continue it, or use a new --data directory`,
      );
    }
    genesisTimestampMs = storage.genesis.timestampMs;
  } else {
    config = options.config ?? readGenesisConfig({});
    genesisTimestampMs = clock();
    // recorded before anything else: a start cut short begins the same chain again
    storage.saveGenesis({ source: config.source, timestampMs: genesisTimestampMs });
  }
  const tip = storage.records.tip();
  // a conversion writes in synchronous transactions from the start (genesis too): nothing queued may
  // land after them
  const converting = storage.legacyBlocks !== undefined;
  const inOrder = <T>(job: () => T): T => (converting ? storage.writes.synchronously(job) : job());
  // late-bound: the node's chain says which roots are kept, and the chain needs the backend's genesis first
  let node: LocalNode | undefined;
  const backend = inOrder(() => new EngineNodeBackend(config, {
    genesisTimestampMs,
    engine: options.engine,
    stored: {
      store: storage.trie,
      latestRoot: tip ? storage.records.block(tip.height)?.stateRootHash : undefined,
      sealBlock: (height) => storage.trie.sealBlock(height),
    },
    roots: {
      readable: (root) => {
        const height = node?.chain.heightOfStateRoot(root);
        return height !== undefined && storage.trie.keeps(height, node!.chain.height);
      },
    },
  }));
  node = inOrder(() => new LocalNode({
    chainspec: config.chainspec,
    backend,
    clock,
    proposer: backend.proposerPublicKey,
    genesisTimestampMs,
    storage,
    blockTimeMs: options.blockTimeMs,
  }));
  let repaired: string | undefined;
  let convertedBlocks = 0;
  if (storage.legacyBlocks) {
    const blocks = legacyBlocks(storage.legacyBlocks, (note) => (repaired = note));
    for (let done = false; !done; ) {
      storage.writes.synchronously(() => {
        for (let n = 0; n < CONVERSION_CHUNK; n++) {
          const next = blocks.next();
          if (next.done) {
            done = true;
            return;
          }
          node!.importLegacyBlock(next.value);
          convertedBlocks++;
        }
      });
    }
    storage.finishConversion();
  }
  const network: LocalNetwork = {
    config,
    backend,
    node,
    storage,
    restoredHeight: tip?.height ?? 0,
    convertedBlocks,
    repaired,
    close: async () => {
      await node!.stop();
      await storage.close();
    },
  };
  return network;
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
