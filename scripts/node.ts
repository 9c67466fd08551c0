// `npm run node -- [--port P] [--keys DIR] [--data DIR] [--config FILE] [--cors-origin O] [--era-duration D]
// [--block-time MS] [--keep-states N|all] [--no-sync]`: a local Casper network in one process, speaking the
// node's JSON-RPC on http://127.0.0.1:P/rpc and its event stream on /events, backed by the local engine
// (host/): each accepted deploy or transaction is executed at once in a new block (or, with --block-time,
// pooled and executed in a block every MS), and an era ends (switch block, auction step) every era duration
// or on demand. The chain is kept in LMDB: in --data DIR across restarts, else in a temporary directory
// removed at exit. The genesis accounts' keys are written before the server listens. Browser pages on any
// origin may call it unless --cors-origin restricts them.
import { resolve } from "node:path";
import { CorsOriginError, describeCors, parseCorsOrigin, ANY_ORIGIN } from "../host/node/http/cors.ts";
import { createLocalNetwork, type LocalNetwork, serveLocalNetwork } from "../host/node/local-network.ts";
import { DEFAULT_INDEX_SWEEP, DEFAULT_KEEP_STATES, isIndexSweep } from "../host/node/storage/node-storage.ts";
import type { KeepStates } from "../host/state/lmdb/lmdb-trie-store.ts";
import { answerProbes } from "./node-probe.ts";
import type { RunningRpcServer } from "../host/node/rpc-server.ts";
import { formatHelp, parseCommandLine, UsageError, type CommandSpec } from "./cli/options.ts";
import { describeGenesis, loadGenesisConfig, writeGenesisKeys } from "./cli/genesis-keys.ts";
import { eraDurationOf, startEraTimer } from "../host/node/local-node-eras.ts";
import { formatTimeDiff } from "../host/bytesrepr/time-format.ts";

export const nodeSpec: CommandSpec = {
  name: "node",
  summary: "Run a local Casper node on 127.0.0.1 (JSON-RPC, events, REST): each accepted deploy executed in a new block at once, or in blocks every --block-time.",
  positionals: [],
  options: [
    { name: "port", value: "<port>", description: "TCP port on 127.0.0.1 (0 picks a free one)", default: "7777" },
    { name: "keys", value: "<dir>", description: "write the genesis accounts' keys to <dir>/<name>/ (faucet among them) before listening" },
    { name: "data", value: "<dir>", description: "keep the chain and global state (LMDB) in <dir> across restarts (default: a temporary directory, removed at exit)" },
    { name: "config", value: "<file>", description: "genesis JSON: chain_name, seed, chainspec limits, accounts with balances and validators" },
    {
      name: "cors-origin",
      value: "<origin>",
      description: "which browser pages may call the node: '*' (any origin), one origin such as http://localhost:5173, or 'none' (no CORS headers)",
      default: "*",
    },
    { name: "era-duration", value: "<duration>", description: "end an era (switch block, auction step) this often, e.g. '30 s', '2 minutes' (default: the chainspec's era_duration, 120 minutes)" },
    {
      name: "block-time",
      value: "<ms>",
      description: "block mode: accept deploys into a pool kept on disk and execute them in a block every <ms> milliseconds, as casper-node does (default: each deploy executed at once in a block of its own)",
    },
    {
      name: "keep-states",
      value: "<n|all>",
      description: `keep the global state under each of the last <n> blocks readable, freeing older tries; 'all' keeps every block's (an archive)`,
      default: String(DEFAULT_KEEP_STATES),
    },
    { name: "no-sync", description: "commit to disk without syncing: faster, but trades safety for speed (a power cut may lose acknowledged deploys)" },
    {
      name: "index-sweep",
      value: "<blocks>",
      description: "how long the indexes by hash (blocks, state roots, deploys) may keep a new entry in memory, so that the entries that fall in one page of the index are written together: a power of two from 2 to 65536 blocks (three entries a block, about 150 bytes each; more blocks: fewer page writes once the chain is long, more memory: 65536 holds some 30 MiB)",
      default: String(DEFAULT_INDEX_SWEEP),
    },
  ],
  examples: [
    "npm run node -- --port 7777 --keys keys/local",
    "npm run node -- --config local-network.json --data .chain",
    "npm run node -- --data .chain --block-time 1000 --keep-states 100000",
    "npm run node -- --cors-origin http://localhost:5173",
  ],
  notes: [
    "Default accounts: faucet, validator-1, user-1 … user-4. Their keys derive from the config's seed: local use only.",
    "The first line on stdout is the RPC URL (`listening on http://127.0.0.1:<port>/rpc`); the rest goes to stderr.",
    "Events (Server-Sent Events, as a Casper 2.0 node sends them) on http://127.0.0.1:<port>/events.",
    "End eras on demand with `npm run casper -- advance-eras N` (the node's own local_node_advance_eras method).",
  ],
};

export function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`--port: '${text}' is not a TCP port (0..65535)`, "node");
  return Number(text);
}

function parseKeepStates(text: string | undefined): KeepStates {
  if (text === undefined) return DEFAULT_KEEP_STATES;
  if (text === "all") return "all";
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw new UsageError(`--keep-states: '${text}' is not a number of blocks (1 or more) or 'all'`, "node");
  return Number(text);
}

function parseIndexSweep(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || !isIndexSweep(Number(text))) throw new UsageError(`--index-sweep: '${text}' is not a power of two from 2 to 65536 (blocks)`, "node");
  return Number(text);
}

function parseBlockTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw new UsageError(`--block-time: '${text}' is not a number of milliseconds (1 or more)`, "node");
  return Number(text);
}

function parseCors(text: string | undefined) {
  if (text === undefined) return ANY_ORIGIN;
  try {
    return parseCorsOrigin(text);
  } catch (e) {
    if (e instanceof CorsOriginError) throw new UsageError(`--cors-origin: ${e.message}`, "node");
    throw e;
  }
}

async function main(argv: string[]): Promise<number> {
  try {
    const p = parseCommandLine(nodeSpec, argv);
    if (p.help) {
      console.log(formatHelp(nodeSpec, "npm run"));
      return 0;
    }
    if (p.positionals.length > 0) throw new UsageError(`unexpected argument '${p.positionals[0]}'`, "node");
    const port = parsePort(p.values.get("port") ?? "7777");
    const cors = parseCors(p.values.get("cors-origin"));
    const configFile = p.values.get("config");
    const dataDir = p.values.get("data");
    const keepStates = parseKeepStates(p.values.get("keep-states"));
    const blockTimeMs = parseBlockTime(p.values.get("block-time"));
    const noSync = p.values.get("no-sync") === "true";
    const indexSweep = parseIndexSweep(p.values.get("index-sweep"));
    const opening = performance.now();
    const network = createLocalNetwork({
      config: configFile !== undefined ? loadGenesisConfig(configFile) : undefined,
      dataDir: dataDir !== undefined ? resolve(dataDir) : undefined,
      keepStates,
      blockTimeMs,
      noSync,
      indexSweep,
    });
    const openedMs = performance.now() - opening;
    const { config, node } = network;
    // the keys are on disk before anyone can connect
    const keysDir = p.values.get("keys");
    if (keysDir !== undefined) {
      const dirs = writeGenesisKeys(config, keysDir);
      console.error(`wrote ${dirs.length} key pairs under ${keysDir}`);
    }
    console.error(`chain '${config.chainspec.chainName}', genesis accounts:`);
    for (const line of describeGenesis(config)) console.error(line);
    const storage = network.storage;
    if (storage.temporary) console.error(`chain kept in ${storage.dir} until the node stops (--data DIR keeps it across restarts)`);
    else {
      if (network.convertedBlocks > 0) console.error(`data directory ${storage.dir}: converted ${network.convertedBlocks} block(s) of the old format into LMDB; the old file is kept as blocks.v2.jsonl`);
      console.error(`data directory ${storage.dir}: height ${network.restoredHeight} opened, now at height ${node.chain.height}`);
    }
    console.error(`chain opened in ${openedMs.toFixed(0)} ms (genesis built${network.restoredHeight > 0 ? ", then the stored tip taken up: nothing replayed" : ""})`);
    if (network.repaired) console.error(`note: ${network.repaired}`);
    console.error(`state kept for ${keepStates === "all" ? "every block (archive)" : `the last ${keepStates} block(s)`}; ${blockTimeMs === undefined ? "a block per deploy, at once" : `a block every ${blockTimeMs} ms`}${noSync ? "; --no-sync: commits are not synced to disk (faster, less safe)" : ""}`);
    let eraMs: bigint;
    try {
      eraMs = eraDurationOf(p.values.get("era-duration"), network.backend.engine.config.chainspec.core.era_duration);
    } catch (e) {
      throw new UsageError((e as Error).message, "node");
    }
    const { server } = await serveLocalNetwork(network, { port, cors, log: (line) => console.error(line) });
    answerProbes(network);
    startEraTimer(node, eraMs, () => BigInt(Date.now()), (e) => console.error(`era end failed: ${e.message}`));
    // before the line that says it is ready: a signal sent on reading it must find the handlers (the
    // default action would kill the process there, leaving its temporary chain directory behind)
    stopOnSignals(server, network);
    console.log(`listening on ${server.url}`);
    console.error(`events on ${server.eventsUrl}; browser pages allowed: ${describeCors(cors)}`);
    console.error(`eras end every ${formatTimeDiff(eraMs)} (now in era ${node.chain.currentEra})`);
  } catch (e) {
    const inUse = (e as NodeJS.ErrnoException).code === "EADDRINUSE";
    console.error(`error: ${inUse ? `port ${(e as { port?: number }).port} on 127.0.0.1 is in use (another node running? --port 0 picks a free port)` : (e as Error).message}`);
    return e instanceof UsageError ? 2 : 1;
  }
  return new Promise<number>(() => {}); // serves until a signal stops it
}

/** SIGINT and SIGTERM close the server, then the network (its writes on disk, a temporary directory removed), then exit. */
function stopOnSignals(server: RunningRpcServer, network: LocalNetwork): void {
  const stop = (signal: string) => {
    console.error(`${signal}: stopping`);
    server.close().then(() => network.close()).then(() => process.exit(0), (e: Error) => {
      console.error(`error while stopping: ${e.message}`);
      process.exit(1);
    });
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
