// `advance-eras [n]`: end n eras now on a local node (`npm run node`), through its own JSON-RPC
// extension `local_node_advance_eras` (host/node/local-node-eras.ts): each era ends with a switch
// block on which the auction's era step runs (unbonds paid after the unbonding delay, the validator
// set of the next eras). A real Casper network ends its eras by itself: the method is the local
// node's, not Casper's, and a real node answers that it has no such method.
import { checkChain, NETWORK_OPTIONS, type Io } from "../command-context.ts";
import { NodeClient } from "../node-client.ts";
import { ENV, CONFIG_FILE, resolveSettings, type SettingsContext } from "../settings.ts";
import { UsageError, type CommandSpec, type ParsedCommandLine } from "../options.ts";

export const METHOD = "local_node_advance_eras";
const LOCAL_NODE = "http://127.0.0.1:7777/rpc";
/** Its node defaults to the local node, not the testnet. */
export const settings: SettingsContext = { defaultNode: LOCAL_NODE };

export const spec: CommandSpec = {
  name: "advance-eras",
  summary: "End eras now on a local node (npm run node): switch blocks, unbond payouts, new validator sets.",
  positionals: [{ name: "count", description: "how many eras to end (default 1)", required: false }],
  options: [{ ...NETWORK_OPTIONS[0], default: `$${ENV.node}, "node" in ${CONFIG_FILE}, or ${LOCAL_NODE}` }, NETWORK_OPTIONS[1], NETWORK_OPTIONS[2]],
  examples: ["npm run casper -- advance-eras 8", "npm run casper -- advance-eras --node http://127.0.0.1:7777/rpc"],
  notes: ["Only the local node has this: real networks end an era every core.era_duration (2 hours on mainnet and testnet)."],
};

export async function run(p: ParsedCommandLine, io: Io): Promise<number> {
  const text = p.positionals[0] ?? "1";
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 1000) throw new UsageError(`count: '${text}' is not a number of eras from 1 to 1000`, "advance-eras");
  const s = resolveSettings(p, settings);
  const url = s.node.value;
  if (!s.chain.from.startsWith("default")) await checkChain(new NodeClient(url), s.chain.value);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: METHOD, params: { count: Number(text) } }),
    });
  } catch (e) {
    io.err(`error: cannot reach ${url}: ${(e as Error).message} (is \`npm run node\` running?)`);
    return 1;
  }
  let body: { result?: { era_id: number; switch_blocks: { hash: string; height: number; era_id: number }[] }; error?: { code: number; message: string } };
  try {
    body = await response.json();
  } catch {
    io.err(`error: ${url} answered HTTP ${response.status} without JSON-RPC`);
    return 1;
  }
  if (body.error) {
    const notLocal = body.error.code === -32601;
    io.err(`error: ${body.error.message}${notLocal ? ` (${METHOD} is the local node's own method: only \`npm run node\` ends eras on demand)` : ""}`);
    return 1;
  }
  const r = body.result!;
  for (const b of r.switch_blocks) io.out(`era ${b.era_id} ended: switch block ${b.height} ${b.hash}`);
  io.out(`now in era ${r.era_id}`);
  return 0;
}
