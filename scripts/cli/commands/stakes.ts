// stakes [account]: what an account has staked — its delegations (validator, amount), its own bid if it
// is a validator, and its unbonds waiting for their era — read from the node's global state on a fork
// (host/fork: the auction's records under Key::BidAddr, listed by walking the node's trie with
// state_get_trie and checked against the block's state root). A public network's auction holds
// thousands of records: the first run reads them all (cached by digest after, see host/fork/README.md).
import { formatMotes } from "../amount.ts";
import { NETWORK_OPTIONS, networkFrom, publicKeyArg, type Io } from "../command-context.ts";
import { loadSecretKey } from "../keys.ts";
import { UsageError, type CommandSpec, type ParsedCommandLine } from "../options.ts";
import { Engine } from "../../../host/engine/engine.ts";

export const spec: CommandSpec = {
  name: "stakes",
  summary: "Show an account's stakes: delegations per validator, its own bid, unbonds and the era they are paid in.",
  positionals: [{ name: "account", description: "public key hex (default: --key's account)", required: false }],
  options: [{ name: "key", value: "<path>", description: "use this key's account when no account is given" }, ...NETWORK_OPTIONS],
  examples: ["npm run casper -- stakes --key keys/alice", "npm run casper -- stakes 01…ab --node http://127.0.0.1:7777/rpc --chain casper-net-1"],
};

export async function run(p: ParsedCommandLine, io: Io): Promise<number> {
  const text = p.positionals[0];
  let publicKey: string;
  if (text !== undefined) publicKey = publicKeyArg(text, "account").toHex().toLowerCase();
  else {
    const keyPath = p.values.get("key");
    if (!keyPath) throw new UsageError("give an account (public key hex) or --key", "stakes");
    publicKey = loadSecretKey(keyPath).publicKey.toHex().toLowerCase();
  }
  const { nodeUrl, chainName } = networkFrom(p);
  const engine = await Engine.fork({ node: nodeUrl });
  const fork = engine.fork!.fork;
  if (p.values.has("chain") && fork.chainName !== chainName) {
    throw new UsageError(`wrong chain: asked for '${chainName}' but the node at ${nodeUrl} runs '${fork.chainName}' (pass --chain ${fork.chainName})`);
  }
  const { bids, unbonds, era } = await engine.fork!.run(() => ({ bids: engine.bids(), unbonds: engine.unbonds(), era: engine.eraId() }));
  io.out(`Stakes of ${publicKey} at block ${fork.block.height} (era ${era}) of '${fork.chainName}':`);
  let any = false;
  for (const bid of bids) {
    if (bid.validator === publicKey) {
      any = true;
      io.out(`  own bid: ${formatMotes(bid.stakedAmount)}, delegation rate ${bid.delegationRate}%${bid.inactive ? ", inactive" : ""}`);
    }
    for (const d of bid.delegators) {
      if (d.kind !== "PublicKey" || d.delegator !== publicKey) continue;
      any = true;
      io.out(`  delegated to ${bid.validator}: ${formatMotes(d.stakedAmount)}`);
    }
  }
  for (const u of unbonds) {
    if (u.unbonder !== publicKey) continue;
    any = true;
    const to = u.newValidator ? `, redelegated to ${u.newValidator}` : "";
    io.out(`  unbonding from ${u.validator}: ${formatMotes(u.amount)}, paid at the end of era ${u.payableInEra}${to}`);
  }
  if (!any) io.out("  (none)");
  return 0;
}
