// `npm run node -- [--port P] [--keys DIR] [--data DIR] [--config FILE]`: a local Casper network in one
// process, speaking the node's JSON-RPC on http://127.0.0.1:P/rpc.
// Phase 1 (this file today): options, genesis config, and the genesis keys written before listening.
// Phase 2 wires the engine (host/) behind host/node/engine-backend.ts and starts the server; until
// then the command stops with a clear message after writing the keys.
import { formatHelp, parseCommandLine, UsageError, type CommandSpec } from "./cli/options.ts";
import { describeGenesis, loadGenesisConfig, writeGenesisKeys } from "./cli/genesis-keys.ts";

export const nodeSpec: CommandSpec = {
  name: "node",
  summary: "Run a local Casper node: JSON-RPC on 127.0.0.1, each accepted deploy executed in a new block at once.",
  positionals: [],
  options: [
    { name: "port", value: "<port>", description: "TCP port on 127.0.0.1 (0 picks a free one)", default: "7777" },
    { name: "keys", value: "<dir>", description: "write the genesis accounts' keys to <dir>/<name>/ (faucet among them) before listening" },
    { name: "data", value: "<dir>", description: "keep the chain and global state in <dir> across restarts (default: in memory)" },
    { name: "config", value: "<file>", description: "genesis JSON: chain_name, seed, chainspec limits, accounts with balances and validators" },
  ],
  examples: ["npm run node -- --port 7777 --keys keys/local", "npm run node -- --config local-network.json --data .chain"],
  notes: ["Default accounts: faucet, validator-1, user-1 … user-4. Their keys derive from the config's seed: local use only."],
};

export function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`--port: '${text}' is not a TCP port (0..65535)`, "node");
  return Number(text);
}

async function main(argv: string[]): Promise<number> {
  try {
    const p = parseCommandLine(nodeSpec, argv);
    if (p.help) {
      console.log(formatHelp(nodeSpec, "npm run"));
      return 0;
    }
    parsePort(p.values.get("port") ?? "7777");
    const config = loadGenesisConfig(p.values.get("config"));
    const keysDir = p.values.get("keys");
    if (keysDir !== undefined) {
      const dirs = writeGenesisKeys(config, keysDir);
      console.error(`wrote ${dirs.length} key pairs under ${keysDir}`);
    }
    console.error(`chain '${config.chainspec.chainName}', genesis accounts:`);
    for (const line of describeGenesis(config)) console.error(line);
    console.error("error: the local engine is not wired to the node yet (phase 2 of issue 6); nothing is listening");
    return 1;
  } catch (e) {
    console.error(`error: ${(e as Error).message}`);
    return e instanceof UsageError ? 2 : 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
