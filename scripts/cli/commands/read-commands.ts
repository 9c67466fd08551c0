// The read-only commands: balance, account, status. They only read from the node (retried on network
// failures) and sign nothing.
import sdk from "casper-js-sdk";
import { formatMotes } from "../amount.ts";
import { checkChain, durationArg, NETWORK_OPTIONS, networkFrom, publicKeyArg, type Io } from "../command-context.ts";
import { describeExecution, explorerLink } from "../execution-report.ts";
import { loadSecretKey } from "../keys.ts";
import { NodeClient } from "../node-client.ts";
import { UsageError, type CommandSpec, type ParsedCommandLine } from "../options.ts";
import { lookUp, waitForExecution } from "../wait-for-execution.ts";
import { ENV, CONFIG_FILE, resolveSettings } from "../settings.ts";

const { PurseIdentifier, AccountHash, URef } = sdk;

const whoOptions = [{ name: "key", value: "<path>", description: `use this key's account when no account is given (default: $${ENV.key}, "key" in ${CONFIG_FILE})` }];
const accountPositional = { name: "account", description: "public key hex or account-hash-… (default: --key's account)", required: false };

export const balanceSpec: CommandSpec = {
  name: "balance",
  summary: "Show the balance of an account's main purse (or of a purse URef).",
  positionals: [{ ...accountPositional, description: "public key hex, account-hash-… or uref-…-007 (default: --key's account)" }],
  options: [...whoOptions, ...NETWORK_OPTIONS],
  examples: ["npm run balance -- 01…ab", "npm run balance -- --key keys/alice --node http://127.0.0.1:7777/rpc --chain casper-net-1"],
};

export const accountSpec: CommandSpec = {
  name: "account",
  summary: "Show an account: main purse, named keys, associated keys with weights, action thresholds.",
  positionals: [accountPositional],
  options: [...whoOptions, ...NETWORK_OPTIONS, { name: "json", description: "print the node's account JSON" }],
  examples: ["npm run account -- --key keys/alice", "npm run account -- account-hash-…"],
};

export const statusSpec: CommandSpec = {
  name: "status",
  summary: "Show a deploy's (or transaction's) execution result, with its error named.",
  positionals: [{ name: "hash", description: "deploy hash (or transaction hash with --transaction)", required: true }],
  options: [
    ...NETWORK_OPTIONS,
    { name: "transaction", description: "the hash is a Casper 2.0 TransactionV1 hash" },
    { name: "wait", description: "wait until it is executed" },
    { name: "timeout", value: "<duration>", description: "how long --wait waits", default: "5m" },
  ],
  examples: ["npm run status -- 5c9b…93fa --wait", "npm run status -- 52a7…7ca8 --transaction"],
};

/** A read names no chain unless --chain is given; then the node must run that chain. */
type Who = { publicKey?: InstanceType<typeof sdk.PublicKey>; accountHash?: string; uref?: string };

function who(p: ParsedCommandLine, allowUref: boolean): Who {
  const text = p.positionals[0];
  if (text === undefined) {
    const keyPath = resolveSettings(p).key.value[0];
    if (!keyPath) throw new UsageError(`give an account (public key hex or account-hash-…), --key, or set ${ENV.key} or "key" in ${CONFIG_FILE}`);
    return { publicKey: loadSecretKey(keyPath).publicKey };
  }
  if (/^account-hash-[0-9a-fA-F]{64}$/.test(text)) return { accountHash: text.toLowerCase() };
  if (allowUref && /^uref-[0-9a-fA-F]{64}-00[0-7]$/.test(text)) return { uref: text.toLowerCase() };
  if (/^uref-/.test(text)) throw new UsageError(`'${text}' is not a purse URef (uref-<64 hex>-007)`);
  return { publicKey: publicKeyArg(text, "account") };
}

/** A reader of the node: when a chain was chosen (not the default), the node must run it. */
async function reader(p: ParsedCommandLine): Promise<NodeClient> {
  const client = new NodeClient(networkFrom(p).nodeUrl);
  const chain = resolveSettings(p).chain;
  if (!chain.from.startsWith("default")) await checkChain(client, chain.value);
  return client;
}

export async function runBalance(p: ParsedCommandLine, io: Io): Promise<number> {
  const target = who(p, true);
  const client = await reader(p);
  const purse = target.uref ? PurseIdentifier.fromUref(URef.fromString(target.uref))
    : target.accountHash ? PurseIdentifier.fromAccountHash(AccountHash.fromString(target.accountHash))
    : PurseIdentifier.fromPublicKey(target.publicKey!);
  const result = await client.read("query_balance", (rpc) => rpc.queryLatestBalance(purse));
  const motes = BigInt((result.rawJSON as { balance: string }).balance);
  io.out(`Balance: ${formatMotes(motes)}`);
  return 0;
}

export async function runAccount(p: ParsedCommandLine, io: Io): Promise<number> {
  const target = who(p, false);
  const client = await reader(p);
  const identifier = target.accountHash
    ? { accountHash: AccountHash.fromString(target.accountHash) }
    : { publicKey: target.publicKey! };
  const result = await client.read("state_get_account_info", (rpc) => rpc.getAccountInfo(null, identifier as never));
  const account = (result.rawJSON as { account: AccountJson }).account;
  if (p.values.has("json")) {
    io.out(JSON.stringify(account, null, 2));
    return 0;
  }
  for (const line of describeAccount(account)) io.out(line);
  return 0;
}

export interface AccountJson {
  account_hash: string;
  main_purse: string;
  named_keys: { name: string; key: string }[];
  associated_keys: { account_hash: string; weight: number }[];
  action_thresholds: { deployment: number; key_management: number };
}

export function describeAccount(a: AccountJson): string[] {
  const lines = [`Account:    ${a.account_hash}`, `Main purse: ${a.main_purse}`, "Named keys:"];
  if (a.named_keys.length === 0) lines.push("  (none)");
  for (const k of a.named_keys) lines.push(`  ${k.name} = ${k.key}`);
  lines.push("Associated keys (weight):");
  for (const k of a.associated_keys) lines.push(`  ${k.account_hash}  ${k.weight}`);
  lines.push(`Thresholds: deployment ${a.action_thresholds.deployment}, key management ${a.action_thresholds.key_management}`);
  return lines;
}

export async function runStatus(p: ParsedCommandLine, io: Io): Promise<number> {
  const hash = p.positionals[0].toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new UsageError(`'${p.positionals[0]}' is not a deploy hash (64 hex digits)`);
  const kind = p.values.has("transaction") ? "transaction" : "deploy";
  const { chainName } = networkFrom(p);
  const client = await reader(p);
  const summary = p.values.has("wait")
    ? await waitForExecution(client, kind, hash, {
        timeoutMs: durationArg(p.values.get("timeout") ?? "5m", "--timeout"),
        onProgress: (s) => (io.progress ? io.progress(`waiting for execution… ${s}s`) : s % 10 === 0 && io.err(`waiting… ${s}s`)),
      })
    : await lookUp(client, kind, hash);
  io.progress?.("");
  const found = summary.kind ?? kind;
  io.out(`${found === "deploy" ? "Deploy" : "Transaction"} hash: ${hash}`);
  if (found !== kind) io.err(`note: ${hash} is a ${found === "deploy" ? "Deploy" : "TransactionV1"} hash${found === "transaction" ? " (--transaction)" : ""}`);
  const link = explorerLink(chainName, found, hash);
  if (link) io.out(`Explorer: ${link}`);
  for (const line of describeExecution(summary)) io.out(line);
  return summary.known === false || (summary.executed && !summary.success) ? 1 : 0;
}
