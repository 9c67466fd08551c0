// What the network commands share: their common options, reading them into a signing plan, and
// sending a signed deploy (chain check first, one send, explorer link, optional --wait).
import sdk from "casper-js-sdk";
import type { PrivateKey as SdkPrivateKey, PublicKey as SdkPublicKey } from "casper-js-sdk";
import { parseTimeDiff } from "../../host/bytesrepr/time-format.ts";
import { AmountError, formatMotes, parseAmount } from "./amount.ts";
import { PAYMENT_PROTOCOL, type ReportedPayment } from "./default-payment.ts";
import type { SigningPlan, Signed } from "./build-signed.ts";
import { checkNodeStatus, preflight } from "./preflight.ts";
import { UnsupportedNodeError } from "../../host/fork/rpc-client.ts";
import { describeExecution, explorerLink } from "./execution-report.ts";
import { loadSecretKey } from "./keys.ts";
import { publicKeyProblem } from "./public-key-check.ts";
import { NodeClient, NodeError } from "./node-client.ts";
import { UsageError, type OptionSpec, type ParsedCommandLine } from "./options.ts";
import { waitForExecution } from "./wait-for-execution.ts";
import { CONFIG_FILE, ENV, resolveSettings, TESTNET_CHAIN, TESTNET_NODE } from "./settings.ts";
import type { ProtocolNeeds } from "../build/protocol-needs.ts";

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
  { name: "payment", value: "<amount|auto>", description: `standard payment: motes (2500000000), CSPR (2.5cspr), or auto: the gas a dry run on a fork of the node measures + 10% (at least 2.5 CSPR); default: $${ENV.payment}, "payment" in ${CONFIG_FILE}, else auto` },
  { name: "no-fork", description: "skip the dry run on a fork of the node and its checks (payment: --payment, the configured one, or the gas report's figure)" },
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

export function publicKeyArg(text: string, what: string): SdkPublicKey {
  if (!/^(01[0-9a-fA-F]{64}|02[0-9a-fA-F]{66})$/.test(text)) {
    throw new UsageError(`${what}: '${text}' is not a public key (01 + 64 hex for ed25519, 02 + 66 hex for secp256k1)`);
  }
  const problem = publicKeyProblem(text);
  if (problem) throw new UsageError(`${what}: '${text}' is not a valid public key: ${problem}`);
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
 * The payment asked for: --payment, else $CASPER_AS_PAYMENT or the configuration's "payment" (settings.ts);
 * undefined for `auto` (the default): the dry run measures it.
 */
export function explicitPayment(p: ParsedCommandLine): bigint | undefined {
  const s = resolveSettings(p).payment;
  if (!s || s.value.trim().toLowerCase() === "auto") return undefined;
  return amountArg(s.value, s.from === "--payment" ? "--payment" : `the payment from ${s.from}`);
}

/** Reads the signing options; the payment is chosen later (`deliver`), `paymentMotes` is --payment or 0. */
export function planFrom(p: ParsedCommandLine): SigningPlan {
  const { chainName } = networkFrom(p);
  const keys = keysFrom(p);
  const paymentMotes = explicitPayment(p) ?? 0n;
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

export interface DeliveryOptions {
  /** without a fork (--dry-run, --no-fork): the gas report's figure for this deploy, or why there is none */
  reported?: ReportedPayment | string;
  /** a fixed payment (native transfers and auction calls): the chainspec's cost */
  fixedPayment?: bigint;
  /** motes the deploy moves out of the main purse besides the payment */
  spends?: bigint;
  /** the session module it carries */
  wasm?: SentWasm;
  /** the package version a call names (--version): refused by 2.x nodes */
  packageVersion?: number;
}

/**
 * Chooses the payment, checks, signs and sends (or prints, --dry-run). By default every check runs on a
 * fork of the node first (preflight.ts) and `--payment auto` pays what the dry run measures; with
 * --dry-run (no node contacted) or --no-fork the payment is --payment, the fixed cost, or the gas report's figure.
 */
export async function deliver(p: ParsedCommandLine, io: Io, plan: SigningPlan, build: (plan: SigningPlan) => Signed, options: DeliveryOptions = {}): Promise<number> {
  // a configured default payment (not --payment) does not replace a native deploy's fixed cost
  const fromFlag = p.values.has("payment");
  const explicit = !fromFlag && options.fixedPayment !== undefined ? undefined : explicitPayment(p);
  if (explicit !== undefined && !fromFlag) io.err(`payment: ${formatMotes(explicit)}, from ${resolveSettings(p).payment!.from}; --payment overrides it`);
  const withPayment = (payment: bigint) => build({ ...plan, paymentMotes: payment });
  if (p.values.has("dry-run") || p.values.has("no-fork")) {
    let payment = explicit ?? options.fixedPayment;
    if (payment === undefined) {
      const found = options.reported ?? "no gas figure for this deploy";
      if (typeof found === "string") throw new UsageError(`--payment is required: ${found}; pass e.g. --payment 5cspr (or leave --dry-run/--no-fork out: the dry run on a fork measures it)`);
      io.err(`payment: ${formatMotes(found.motes)}, the gas report's figure for ${found.key} (Casper ${PAYMENT_PROTOCOL}: measured gas x 1.5); --payment overrides it`);
      payment = found.motes;
    }
    return submit(withPayment(payment), p, io, undefined, options.wasm, { packageVersion: options.packageVersion });
  }
  const { nodeUrl, chainName } = networkFrom(p);
  const reported = options.reported;
  let outcome;
  try {
    outcome = await preflight({
      nodeUrl, chainName, build: withPayment, explicitPayment: explicit, fixedPayment: explicit === undefined ? options.fixedPayment : undefined,
      spends: options.spends, wasm: options.wasm, packageVersion: options.packageVersion,
      fallbackPayment: reported === undefined ? undefined : typeof reported === "string" ? reported : reported.motes,
    }, io);
  } catch (e) {
    if (!(e instanceof UnsupportedNodeError)) throw e;
    // a Casper 1.x node: no dry run (fork mode runs 2.x); its status still checks the chain and the module
    checkNodeStatus(e.status.chainName, e.status.apiVersion, chainName, nodeUrl, options.wasm);
    io.err(`note: no dry run: the node runs Casper ${e.status.apiVersion} (fork mode runs 2.x networks)`);
    const payment = explicit ?? options.fixedPayment ?? (typeof reported === "object" ? reported.motes : undefined);
    if (payment === undefined) throw new UsageError(`--payment is required: ${typeof reported === "string" ? reported : "no gas figure for this deploy"}; the node runs Casper ${e.status.apiVersion}, where no dry run measures it`);
    return submit(withPayment(payment), p, io, undefined, options.wasm, { checked: true });
  }
  return submit(outcome.signed, p, io, undefined, options.wasm, { checked: true });
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
export async function checkChain(client: NodeClient, chainName: string, wasm?: SentWasm, packageVersion?: number): Promise<void> {
  const status = await client.read("info_get_status", (rpc) => rpc.getStatus());
  const raw = status.rawJSON as { chainspec_name?: string; api_version?: string } | undefined;
  checkNodeStatus(raw?.chainspec_name ?? status.chainSpecName, raw?.api_version, chainName, client.url, wasm, packageVersion);
}

/**
 * Prints (--dry-run) or sends a signed deploy/transaction, then reports or waits. Returns the exit code.
 * `wasm`: the session module it carries, checked against the node's protocol before sending.
 */
export async function submit(signed: Signed, p: ParsedCommandLine, io: Io, client?: NodeClient, wasm?: SentWasm, options: { checked?: boolean; packageVersion?: number } = {}): Promise<number> {
  const { nodeUrl, chainName } = networkFrom(p);
  const noun = signed.kind === "deploy" ? "Deploy" : "Transaction";
  if (p.values.has("dry-run")) {
    io.out(JSON.stringify(signed.json, null, 2));
    io.err(`dry run: ${noun.toLowerCase()} ${signed.hash} signed for '${chainName}', nothing sent`);
    if (options.packageVersion !== undefined) io.err(`note: Casper 2.x nodes refuse it: it names package version ${options.packageVersion} (only 1.x nodes run a given version)`);
    return 0;
  }
  const node = client ?? new NodeClient(nodeUrl);
  if (!options.checked) await checkChain(node, chainName, wasm, options.packageVersion);
  try {
    if (signed.kind === "deploy") {
      await node.send("account_put_deploy", signed.hash, (rpc) => rpc.putDeploy(signed.deploy));
    } else {
      await node.send("account_put_transaction", signed.hash, (rpc) => rpc.putTransaction(Transaction.fromTransactionV1(signed.transaction)));
    }
  } catch (e) {
    // a refusal about the signers: show whose keys weigh what (the node's message does not)
    if (e instanceof NodeError && e.kind === "rejected" && /signature weight|authorization invalid/.test(e.message)) {
      const keys = await accountKeysLines(node, signed).catch(() => []);
      if (keys.length) throw new NodeError(`${e.message}\n${keys.join("\n")}`, e.kind, e.rpcCode, e.rpcData);
    }
    throw e;
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

/** The initiating account's thresholds and associated keys (weights), read from the node. */
async function accountKeysLines(node: NodeClient, signed: Signed): Promise<string[]> {
  const json = signed.json as { header?: { account?: string }; payload?: { initiator_addr?: { PublicKey?: string } } };
  const initiator = json.header?.account ?? json.payload?.initiator_addr?.PublicKey;
  if (!initiator) return [];
  const result = await node.read("state_get_account_info", (rpc) => rpc.getAccountInfo(null, { publicKey: PublicKey.fromHex(initiator) } as never));
  const account = (result.rawJSON as { account: { account_hash: string; associated_keys: { account_hash: string; weight: number }[]; action_thresholds: { deployment: number; key_management: number } } }).account;
  return [
    `${account.account_hash}: deployment threshold ${account.action_thresholds.deployment}, key management threshold ${account.action_thresholds.key_management}; associated keys:`,
    ...account.associated_keys.map((k) => `  ${k.account_hash}  weight ${k.weight}`),
  ];
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
