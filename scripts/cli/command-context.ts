// What the network commands share: their common options, reading them into a signing plan, and
// sending a signed deploy (chain check first, one send, explorer link, optional --wait).
import sdk from "casper-js-sdk";
import type { PrivateKey as SdkPrivateKey, PublicKey as SdkPublicKey } from "casper-js-sdk";
import { parseTimeDiff } from "../../host/bytesrepr/time-format.ts";
import { AmountError, formatMotes, parseAmount } from "./amount.ts";
import { PAYMENT_PROTOCOL, type ReportedPayment } from "./default-payment.ts";
import type { SigningPlan, Signed } from "./build-signed.ts";
import { describeExecution, explorerLink } from "./execution-report.ts";
import { loadSecretKey } from "./keys.ts";
import { NodeClient, NodeError } from "./node-client.ts";
import { UsageError, type OptionSpec, type ParsedCommandLine } from "./options.ts";
import { waitForExecution } from "./wait-for-execution.ts";
import { CONFIG_FILE, ENV, resolveSettings, TESTNET_CHAIN, TESTNET_NODE } from "./settings.ts";
import { refusalFor, type ProtocolNeeds } from "../build/protocol-needs.ts";

const { PublicKey, Transaction } = sdk;

/** Where a command writes: `out` for results (stdout), `err` for progress and diagnostics (stderr). */
export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Rewrites the current progress line (a terminal); absent: progress goes to err every few polls. */
  progress?(text: string): void;
}

/** The public testnet RPC (Casper Association's node behind node.testnet.casper.network). */
export { TESTNET_NODE, TESTNET_CHAIN };
/** Casper networks cap a deploy's TTL at 2 hours (chainspec deploys.max_ttl / transactions.max_ttl). */
const MAX_TTL_MS = 2 * 3_600_000;

export const NETWORK_OPTIONS: OptionSpec[] = [
  { name: "node", value: "<url>", description: "JSON-RPC endpoint of a Casper node", default: `$${ENV.node}, "node" in ${CONFIG_FILE}, or ${TESTNET_NODE}` },
  { name: "chain", value: "<name>", description: "chain name the deploy is signed for (reads check the node runs it)", default: `$${ENV.chain}, "chain" in ${CONFIG_FILE}, or ${TESTNET_CHAIN}` },
  { name: "verbose", description: "say where the node, chain, key and payment come from (option, environment, configuration, default)" },
];

export const SIGNING_OPTIONS: OptionSpec[] = [
  { name: "key", value: "<path>", description: `secret_key.pem (or its directory) that signs; several for multi-signature (default: $${ENV.key}, "key" in ${CONFIG_FILE})`, repeatable: true },
  { name: "account", value: "<public key hex>", description: "account the deploy is for, when it is not the first --key's" },
  { name: "payment", value: "<amount>", description: `standard payment: motes (2500000000) or CSPR (2.5cspr); default: $${ENV.payment}, "payment" in ${CONFIG_FILE}, or the gas report's figure for this deploy, when it has one` },
  { name: "gas-price", value: "<n>", description: "gas price (tolerance for a transaction)", default: "1" },
  { name: "ttl", value: "<duration>", description: "time to live, e.g. 30m, 1h (at most 2h)", default: "30m" },
  { name: "transaction", description: "send a Casper 2.0 TransactionV1 instead of a legacy Deploy" },
  { name: "dry-run", description: "print the signed deploy's JSON and send nothing" },
  { name: "wait", description: "wait until it is executed and print the result" },
  { name: "timeout", value: "<duration>", description: "how long --wait waits, e.g. 90s, 5m", default: "5m" },
];

/** Node and chain: option, environment, configuration or default (settings.ts). */
export function networkFrom(p: ParsedCommandLine): { nodeUrl: string; chainName: string } {
  const s = resolveSettings(p);
  return { nodeUrl: s.node.value, chainName: s.chain.value };
}

export function keysFrom(p: ParsedCommandLine): SdkPrivateKey[] {
  const paths = resolveSettings(p).key.value;
  if (paths.length === 0) throw new UsageError(`no signing key: pass --key <path to secret_key.pem or its directory>, or set ${ENV.key} or "key" in ${CONFIG_FILE}`);
  return paths.map((path) => loadSecretKey(path));
}

/** The default payment set in the environment or the configuration (not --payment), if any. */
function configuredPayment(p: ParsedCommandLine): { motes: bigint; from: string } | undefined {
  const s = resolveSettings(p).payment;
  if (!s || s.from === "--payment") return undefined;
  return { motes: amountArg(s.value, `the payment from ${s.from}`), from: s.from };
}

export function publicKeyArg(text: string, what: string): SdkPublicKey {
  if (!/^(01[0-9a-fA-F]{64}|02[0-9a-fA-F]{66})$/.test(text)) {
    throw new UsageError(`${what}: '${text}' is not a public key (01 + 64 hex for ed25519, 02 + 66 hex for secp256k1)`);
  }
  try {
    return PublicKey.fromHex(text);
  } catch (e) {
    throw new UsageError(`${what}: '${text}' is not a valid public key: ${(e as Error).message}`);
  }
}

export function amountArg(text: string | undefined, what: string): bigint {
  if (text === undefined) throw new UsageError(`${what} is required`);
  try {
    return parseAmount(text, what);
  } catch (e) {
    throw new UsageError((e as AmountError).message);
  }
}

/** A duration option: humantime ("90s", "5m") or a bare number of seconds. */
export function durationArg(text: string, what: string): number {
  try {
    return /^\d+$/.test(text.trim()) ? Number(text) * 1000 : Number(parseTimeDiff(text));
  } catch (e) {
    throw new UsageError(`${what}: ${(e as Error).message} (write e.g. 90s, 5m, 1h)`);
  }
}

/**
 * The payment when --payment is absent: the gas report's figure for this deploy (said on stderr), or
 * null with the reason, for planFrom's message.
 */
export function reportedDefault(p: ParsedCommandLine, io: Io, found: ReportedPayment | string): { motes: bigint | null; hint: string } {
  if (p.values.has("payment")) return { motes: null, hint: "" };
  const configured = configuredPayment(p);
  if (configured) {
    io.err(`payment: ${formatMotes(configured.motes)}, from ${configured.from}; --payment overrides it`);
    return { motes: configured.motes, hint: "" };
  }
  if (typeof found === "string") return { motes: null, hint: `${found}; pass e.g. --payment 5cspr` };
  io.err(`payment: ${formatMotes(found.motes)}, the gas report's figure for ${found.key} (Casper ${PAYMENT_PROTOCOL}: measured gas x 1.5); --payment overrides it`);
  return { motes: found.motes, hint: "" };
}

/**
 * Reads the signing options. `defaultPayment` is used when --payment is absent; when there is none
 * either, `paymentHint` says why --payment is needed.
 */
export function planFrom(p: ParsedCommandLine, defaultPayment: bigint | null, paymentHint: string): SigningPlan {
  const { chainName } = networkFrom(p);
  const keys = keysFrom(p);
  const paymentText = p.values.get("payment");
  let paymentMotes: bigint;
  const configured = defaultPayment === null ? configuredPayment(p) : undefined;
  if (paymentText !== undefined) paymentMotes = amountArg(paymentText, "--payment");
  else if (defaultPayment !== null) paymentMotes = defaultPayment;
  else if (configured) paymentMotes = configured.motes;
  else throw new UsageError(`--payment is required: ${paymentHint}`);
  const gasPriceText = p.values.get("gas-price") ?? "1";
  if (!/^\d+$/.test(gasPriceText) || Number(gasPriceText) < 1 || Number(gasPriceText) > 255) {
    throw new UsageError(`--gas-price: '${gasPriceText}' must be a whole number from 1 to 255`);
  }
  const ttlMs = durationArg(p.values.get("ttl") ?? "30m", "--ttl");
  if (ttlMs <= 0) throw new UsageError("--ttl must be longer than 0");
  if (ttlMs > MAX_TTL_MS) throw new UsageError(`--ttl ${p.values.get("ttl")} is longer than the 2h Casper networks accept`);
  const account = p.values.get("account");
  return {
    chainName,
    keys,
    initiator: account === undefined ? undefined : publicKeyArg(account, "--account"),
    ttlMs,
    paymentMotes,
    gasPrice: Number(gasPriceText),
    transaction: p.values.has("transaction"),
  };
}

/** Session wasm a deploy carries: where it was read from and the protocols that can run it. */
export interface SentWasm {
  path: string;
  needs: ProtocolNeeds;
}

/**
 * Fails before sending when the node runs another chain than the one the deploy is signed for, or (for
 * `wasm`) a protocol that cannot run the module (its `api_version`, e.g. a 2.x-only module on a 1.5 node).
 */
export async function checkChain(client: NodeClient, chainName: string, wasm?: SentWasm): Promise<void> {
  const status = await client.read("info_get_status", (rpc) => rpc.getStatus());
  const raw = status.rawJSON as { chainspec_name?: string; api_version?: string } | undefined;
  const nodeChain = raw?.chainspec_name ?? status.chainSpecName;
  if (nodeChain && nodeChain !== chainName) {
    throw new UsageError(`wrong chain: the deploy is for '${chainName}' but the node at ${client.url} runs '${nodeChain}' (pass --chain ${nodeChain})`);
  }
  const refusal = wasm && typeof raw?.api_version === "string" ? refusalFor(wasm.needs, raw.api_version) : null;
  if (refusal) throw new UsageError(`${wasm!.path} cannot run on the node at ${client.url}: ${refusal} (info_get_status api_version)`);
}

/**
 * Prints (--dry-run) or sends a signed deploy/transaction, then reports or waits. Returns the exit code.
 * `wasm`: the session module it carries, checked against the node's protocol before sending.
 */
export async function submit(signed: Signed, p: ParsedCommandLine, io: Io, client?: NodeClient, wasm?: SentWasm): Promise<number> {
  const { nodeUrl, chainName } = networkFrom(p);
  const noun = signed.kind === "deploy" ? "Deploy" : "Transaction";
  if (p.values.has("dry-run")) {
    io.out(JSON.stringify(signed.json, null, 2));
    io.err(`dry run: ${noun.toLowerCase()} ${signed.hash} signed for '${chainName}', nothing sent`);
    return 0;
  }
  const node = client ?? new NodeClient(nodeUrl);
  await checkChain(node, chainName, wasm);
  if (signed.kind === "deploy") {
    await node.send("account_put_deploy", signed.hash, (rpc) => rpc.putDeploy(signed.deploy));
  } else {
    await node.send("account_put_transaction", signed.hash, (rpc) => rpc.putTransaction(Transaction.fromTransactionV1(signed.transaction)));
  }
  io.out(`${noun} hash: ${signed.hash}`);
  const link = explorerLink(chainName, signed.kind, signed.hash);
  io.out(link ? `Explorer: ${link}` : `Explorer: none for chain '${chainName}'`);
  if (!p.values.has("wait")) {
    io.err(`sent to ${node.url}; follow it with: npm run status -- ${signed.hash}${signed.kind === "transaction" ? " --transaction" : ""} --node ${node.url} --wait`);
    return 0;
  }
  const timeoutMs = durationArg(p.values.get("timeout") ?? "5m", "--timeout");
  const summary = await waitForExecution(node, signed.kind, signed.hash, {
    timeoutMs,
    onProgress: (s) => (io.progress ? io.progress(`waiting for execution… ${s}s`) : s % 10 === 0 && io.err(`waiting for execution… ${s}s`)),
  });
  io.progress?.("");
  for (const line of describeExecution(summary)) io.out(line);
  return summary.success ? 0 : 1;
}

/** Turns any error a command throws into one clear line and an exit code. */
export function reportError(e: unknown, io: Io): number {
  if (e instanceof UsageError) {
    io.err(`error: ${e.message}${e.command ? ` (see: npm run casper -- ${e.command} --help)` : ""}`);
    return 2;
  }
  if (e instanceof NodeError || e instanceof Error) {
    io.err(`error: ${e.message}`);
    return 1;
  }
  io.err(`error: ${String(e)}`);
  return 1;
}
