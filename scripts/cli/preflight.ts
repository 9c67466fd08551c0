// Every check before anything is sent (issue 14): the CLI forks the node's latest block (host/fork)
// and, on that state, checks what the chain would: the chain name and protocol, the account exists,
// the signing keys reach its deployment threshold (else its keys, weights and threshold are shown),
// the contract named has the entry point and each argument has the declared type; then it measures the
// session as the node's speculative_exec does (engine/speculative.ts, the same code) and picks the payment:
// `--payment auto` (the default) = measured gas + PAYMENT_MARGIN, never under the 2.0 minimum;
// an explicit --payment is kept, with a warning when the dry run runs out of gas at it. Then the very
// deploy to be sent runs on the fork, payment and refund included: a failure stops the send, and its
// cost after the 2.0 refund is printed before it is sent; the send is refused when the account's
// balance cannot cover the payment and the amount it moves.
import { CLT, clTypeEquals, clTypeToString } from "../../host/bytesrepr/cl-type.ts";
import type { Account } from "../../host/bytesrepr/account.ts";
import { toHex } from "../../host/bytesrepr/hex.ts";
import { hashKey, KeyTag } from "../../host/bytesrepr/key.ts";
import type { NamedArg } from "../../host/bytesrepr/runtime-args.ts";
import { Engine } from "../../host/engine/engine.ts";
import { deployItemFromSdk, type DeployItem } from "../../host/engine/deploy-item.ts";
import { resolveStoredItem } from "../../host/engine/execute.ts";
import { type SpeculativeRun, speculativeSession } from "../../host/engine/speculative.ts";
import type { ExecutionResult } from "../../host/engine/result.ts";
import { defaultForkCacheDir } from "../../host/fork/open-fork.ts";
import { ForkRpcError } from "../../host/fork/rpc-client.ts";
import { deployItemOfTransaction } from "../../host/node/execution-items.ts";
import { readTransactionV1Json } from "../../host/node/transaction-json.ts";
import { rulesFor } from "../../host/runtime/protocol/by-protocol.ts";
import { DEPLOY_PAYMENT_RULES } from "../../host/runtime/protocol/deploy-payment.ts";
import { TrackingCopy } from "../../host/state/tracking-copy.ts";
import { refusalFor } from "../build/protocol-needs.ts";
import { formatMotes } from "./amount.ts";
import type { Signed } from "./build-signed.ts";
import type { Io, SentWasm } from "./command-context.ts";
import { UsageError } from "./options.ts";

/** The margin `--payment auto` adds to the measured gas: gas grows with state (e.g. keys added since). */
export const PAYMENT_MARGIN_PERCENT = 10n;
/** The gas limit of the measuring run (a session that needs more fails whatever it pays). */
const MEASURING_LIMIT = 10_000n * 1_000_000_000n;

export interface PreflightRequest {
  nodeUrl: string;
  chainName: string;
  /** builds and signs the deploy with a payment (motes) */
  build(payment: bigint): Signed;
  /** --payment when given (kept), else undefined (auto) */
  explicitPayment?: bigint;
  /** a fixed payment (native transfer, native auction calls): no measuring, no margin */
  fixedPayment?: bigint;
  /** motes the deploy moves out of the main purse besides the payment (transfer or delegation amount) */
  spends?: bigint;
  /** the session module it carries (its protocol is checked against the node's) */
  wasm?: SentWasm;
  /** the package version a call names (--version): refused by 2.x nodes */
  packageVersion?: number;
  /** the payment when the fork cannot run the deploy (the gas report's figure), or why there is none */
  fallbackPayment?: bigint | string;
}

export interface PreflightOutcome {
  signed: Signed;
  /** JSON-RPC requests the fork made */
  requests: number;
}

/**
 * A call naming a package version, refused before sending to a 2.x node: casper-node 2.0 transaction_acceptor.rs
 * refuses any explicit version (TargetingPackageVersionNotSupported) and runs the package's current version.
 */
export function packageVersionRefusal(packageVersion: number | undefined, apiVersion: string | undefined, url: string): string | null {
  if (packageVersion === undefined || typeof apiVersion !== "string" || Number(apiVersion.split(".")[0]) < 2) return null;
  return (
    `--version ${packageVersion}: the node at ${url} runs Casper ${apiVersion}, which refuses a call naming a package version ` +
    "(\"passing `version` … is not supported\"; 2.0 runs the package's current version): leave out --version"
  );
}

/** The node's chain (`info_get_status` chainspec_name) and protocol (api_version) against the deploy's. */
export function checkNodeStatus(nodeChain: string | undefined, apiVersion: string | undefined, chainName: string, url: string, wasm?: SentWasm, packageVersion?: number): void {
  if (nodeChain && nodeChain !== chainName) {
    throw new UsageError(`wrong chain: the deploy is for '${chainName}' but the node at ${url} runs '${nodeChain}' (pass --chain ${nodeChain})`);
  }
  const refusal = wasm && typeof apiVersion === "string" ? refusalFor(wasm.needs, apiVersion) : null;
  if (refusal) throw new UsageError(`${wasm!.path} cannot run on the node at ${url}: ${refusal} (info_get_status api_version)`);
  const versionRefusal = packageVersionRefusal(packageVersion, apiVersion, url);
  if (versionRefusal) throw new UsageError(versionRefusal);
}

export async function preflight(req: PreflightRequest, io: Io): Promise<PreflightOutcome> {
  // a Casper 1.x node: UnsupportedNodeError (with the node's status) reaches the caller, which sends without a fork
  const engine = await Engine.fork({ node: req.nodeUrl, cacheDir: defaultForkCacheDir() });
  const fork = engine.fork!.fork;
  checkNodeStatus(fork.chainName, fork.apiVersion, req.chainName, req.nodeUrl, req.wasm, req.packageVersion);
  const where = `block ${fork.block.height} of '${fork.chainName}' (${req.nodeUrl})`;

  // the deploy as it will be sent, with a payment to check it against the account and contract
  const probe = req.build(req.fixedPayment ?? req.explicitPayment ?? 2_500_000_000n);
  const item = itemOf(probe, engine);
  const account = await engine.fork!.run(() => engine.readAccount(item.address));
  if (!account) {
    throw new UsageError(`account-hash-${toHex(item.address)} does not exist at ${where}: fund it first (a transfer to its public key creates it; see "Funding a new key" in scripts/README.md)`);
  }
  checkSigners(account, item);
  for (const warning of await engine.fork!.run(() => checkTarget(engine, account, item))) io.err(`warning: ${warning}`);
  const balance = await engine.fork!.run(() => engine.balance(`uref-${toHex(account.mainPurse.addr)}-007`));
  const spends = req.spends ?? 0n;
  const minimum = engine.config.chainspec.core.baseline_motes_amount ?? 2_500_000_000n;

  let payment: bigint;
  let how: string;
  let final: ExecutionResult | undefined;
  let signed: Signed | undefined;
  try {
    ({ payment, how } = await choosePayment(engine, req, balance, minimum, where, io, keysOf(account, item)));
    if (balance < payment + spends) throw balanceRefusal(balance, payment, spends, where);
    // the deploy that will be sent, run once more with its own payment: its exact cost and refund
    signed = req.build(payment);
    final = await dryRun(engine, signed);
  } catch (e) {
    if (!(e instanceof ForkRpcError && /does not serve state_get_trie/.test(e.message))) throw e;
    // a node without state_get_trie cannot list keys by prefix (the 2.0 auction's): send unmeasured, as before fork mode
    const fallback = req.fixedPayment ?? req.explicitPayment ?? req.fallbackPayment;
    if (typeof fallback !== "bigint") throw new UsageError(`--payment is required: the dry run cannot run this deploy (${e.message}) and ${fallback ?? "there is no default"}`);
    io.err(`warning: no dry run: ${e.message.replace(/^fork: /, "")}`);
    payment = fallback;
    if (balance < payment + spends) throw balanceRefusal(balance, payment, spends, where);
    io.err(`payment: ${formatMotes(payment)} (${req.fixedPayment !== undefined ? "the chain's fixed cost" : req.explicitPayment !== undefined ? "--payment" : "the gas report's figure"}; unmeasured)`);
    return { signed: req.build(payment), requests: engine.fork!.requests };
  }
  if (!final.success && !(req.explicitPayment !== undefined && final.error?.kind === "GasLimit")) throw dryRunFailure(final.error!.message, where, keysOf(account, item));
  io.err(`dry run at ${where}: ${final.success ? "success" : `FAILED: ${final.error!.message}`}, gas ${final.gas}`);
  io.err(`payment: ${formatMotes(payment)} (${how}); cost after the refund: ${formatMotes(final.cost)}${final.success ? " (75% of the unused payment comes back on success)" : ""}`);
  io.err(`balance: ${formatMotes(balance)}; after: ${formatMotes(balance - final.cost - (final.success ? spends : 0n))}`);
  return { signed: signed!, requests: engine.fork!.requests };
}

/** `--payment auto`: the measured gas + margin (at least the minimum); or the explicit / fixed payment, checked. */
async function choosePayment(engine: Engine, req: PreflightRequest, balance: bigint, minimum: bigint, where: string, io: Io, keys: { table: string[]; underKeyManagement: boolean }): Promise<{ payment: bigint; how: string }> {
  if (req.fixedPayment !== undefined) return { payment: req.fixedPayment, how: "the chain's fixed cost" };
  const spends = req.spends ?? 0n;
  if (req.explicitPayment !== undefined && balance - spends < req.explicitPayment) throw balanceRefusal(balance, req.explicitPayment, spends, where);
  const limit = req.explicitPayment ?? MEASURING_LIMIT;
  const measured = await measure(engine, req.build(limit));
  const outOfGas = measured.error?.kind === "GasLimit";
  if (measured.error && !outOfGas) throw dryRunFailure(measured.error.message, where, keys);
  if (req.explicitPayment !== undefined) {
    if (outOfGas) {
      io.err(`warning: the dry run runs out of gas with --payment ${formatMotes(limit)}: the deploy would fail and cost the whole payment (omit --payment to pay what it measures)`);
    }
    return { payment: req.explicitPayment, how: "--payment" };
  }
  if (outOfGas) throw new UsageError(`the dry run at ${where} runs out of gas even with ${formatMotes(limit)}: it would fail whatever it pays`);
  const withMargin = ceilDiv(measured.consumed * (100n + PAYMENT_MARGIN_PERCENT), 100n);
  if (withMargin < minimum) {
    return { payment: minimum, how: `the ${formatMotes(minimum)} minimum of Casper 2.0: measured gas ${measured.consumed} + ${PAYMENT_MARGIN_PERCENT}% is less` };
  }
  return { payment: withMargin, how: `measured gas ${measured.consumed} + ${PAYMENT_MARGIN_PERCENT}% margin` };
}

/**
 * The gas of the deploy's session on the fork, as the node's speculative_exec measures it (the same
 * engine/speculative.ts: the session alone, gas limit = the payment amount, nothing committed, no
 * payment taken, so the measure does not depend on the balance).
 */
async function measure(engine: Engine, signed: Signed): Promise<SpeculativeRun> {
  const item = itemOf(signed, engine);
  return engine.fork!.run(() => speculativeSession(engine, item, { blocktime: engine.blocktime, height: engine.blockHeight, parentHash: engine.parentBlockHash }));
}

/** The engine's item for what is sent: a Deploy, or a TransactionV1 as the node executes it. */
function itemOf(signed: Signed, engine: Engine): DeployItem {
  if (signed.kind === "deploy") return deployItemFromSdk(signed.deploy);
  return deployItemOfTransaction(readTransactionV1Json(signed.json), () => engine.systemContracts.get("auction")!);
}

/** Runs the deploy on the fork and forgets its effects (the next run starts from the same state). */
async function dryRun(engine: Engine, signed: Signed): Promise<ExecutionResult> {
  const item = itemOf(signed, engine);
  const before = engine.snapshot();
  try {
    return await engine.fork!.run(() => engine.execute(item));
  } finally {
    engine.restore(before);
  }
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function balanceRefusal(balance: bigint, payment: bigint, spends: bigint, where: string): UsageError {
  const spent = spends > 0n ? ` plus the ${formatMotes(spends)} it moves` : "";
  return new UsageError(`the account's balance ${formatMotes(balance)} at ${where} cannot cover the payment ${formatMotes(payment)}${spent}: fund it first`);
}

/**
 * `keys` are shown with a failure about keys: an ApiError of key management, or any failure while the
 * signers weigh less than the key management threshold (contracts such as keys_manager revert with
 * their own user errors when the host refuses a key change).
 */
function dryRunFailure(message: string, where: string, keys?: { table: string[]; underKeyManagement: boolean }): UsageError {
  // hook for the toolkit's source maps (issue 13): the AssemblyScript line of a trap, when our build made the wasm
  const shown = keys && (KEY_ERRORS.test(message) || keys.underKeyManagement)
    ? `\n${keys.underKeyManagement ? "the signing keys weigh less than the key management threshold, which changes to keys and thresholds need:\n" : ""}${keys.table.join("\n")}`
    : "";
  return new UsageError(`the dry run at ${where} fails: ${message}; nothing was sent (a failed deploy costs its whole payment)${shown}`);
}

/** The account's thresholds and associated keys (weights; which ones sign), for a refusal about them. */
function keysTable(account: Account, item: DeployItem): string[] {
  return [
    `account-hash-${toHex(account.accountHash)}: deployment threshold ${account.actionThresholds.deployment}, key management threshold ${account.actionThresholds.keyManagement}; associated keys:`,
    ...[...account.associatedKeys].map(([hash, weight]) => `  account-hash-${hash}  weight ${weight}${item.authorizationKeys.has(hash) ? "  (signs)" : ""}`),
  ];
}

function keysOf(account: Account, item: DeployItem): { table: string[]; underKeyManagement: boolean } {
  let weight = 0;
  for (const [hash, w] of account.associatedKeys) if (item.authorizationKeys.has(hash)) weight = Math.min(255, weight + w);
  return { table: keysTable(account, item), underKeyManagement: weight < account.actionThresholds.keyManagement };
}

/** engine_state get_authorized_account: the signers are the account's keys and weigh its deployment threshold. */
function checkSigners(account: Account, item: DeployItem): void {
  const strangers = [...item.authorizationKeys].filter((k) => !account.associatedKeys.has(k));
  let weight = 0;
  for (const [hash, w] of account.associatedKeys) if (item.authorizationKeys.has(hash)) weight = Math.min(255, weight + w);
  const threshold = account.actionThresholds.deployment;
  if (strangers.length === 0 && weight >= threshold) return;
  const problem = strangers.length
    ? `key(s) ${strangers.map((s) => `account-hash-${s}`).join(", ")} are not associated keys of the account`
    : `the signing keys weigh ${weight}, under the deployment threshold ${threshold}`;
  throw new UsageError([`the node would refuse this deploy: ${problem}.`, ...keysTable(account, item), "add --key for more of its keys"].join("\n"));
}

/** ApiErrors of key management (api_error.rs 21, 23, 25..28): a failure with one of these shows the account's keys. */
const KEY_ERRORS = /ApiError::(MaxKeysLimit|PermissionDenied|ThresholdViolation|KeyManagementThreshold|DeploymentThreshold|InsufficientTotalWeight) \[/;

/**
 * The contract a stored call names has the entry point, and each argument the declared type (refused
 * otherwise); returns warnings: declared args left out, args the entry point does not declare (the
 * node checks neither: the dry run shows what the contract does with them).
 */
function checkTarget(engine: Engine, account: Account, item: DeployItem): string[] {
  const warnings: string[] = [];
  const session = item.session;
  if (session.kind === "ModuleBytes" || session.kind === "Transfer") return warnings;
  if ((session.kind === "StoredContractByName" || session.kind === "StoredVersionedContractByName") && !account.namedKeys.has(session.name)) {
    const names = [...account.namedKeys.keys()];
    throw new UsageError(`the account has no named key '${session.name}'${names.length ? ` (its named keys: ${names.join(", ")})` : " (it has no named keys)"}`);
  }
  let contractHash: Uint8Array | undefined;
  try {
    contractHash = resolveStoredItem(new TrackingCopy(engine.state), account, session, engine.config.runtime.protocolVersion.major, rulesFor(DEPLOY_PAYMENT_RULES, engine.protocol).deployItemVersion);
  } catch (e) {
    const name = "name" in session ? (session as { name: string }).name : undefined;
    const named = name !== undefined ? account.namedKeys.get(name) : undefined;
    const hint = named && named.tag !== KeyTag.Hash ? `: named key '${name}' holds ${named.tag === KeyTag.URef ? "a URef" : "another kind of key"}, not a contract hash` : "";
    throw new UsageError(`the contract cannot be found: ${(e as Error).message}${hint}`);
  }
  if (!contractHash) return warnings;
  const stored = engine.state.read(hashKey(contractHash));
  if (stored?.kind !== "Contract") throw new UsageError(`hash-${toHex(contractHash)} is not a contract`);
  const entryPoint = stored.contract.entryPoints.get(session.entryPoint);
  if (!entryPoint) {
    throw new UsageError(`contract hash-${toHex(contractHash)} has no entry point '${session.entryPoint}' (it has: ${[...stored.contract.entryPoints.keys()].join(", ")})`);
  }
  const given = new Map<string, NamedArg>(session.args.map((a) => [a.name, a]));
  const declared = entryPoint.args.map((p) => `${p.name}: ${clTypeToString(p.clType)}`).join(", ");
  for (const p of entryPoint.args) {
    const arg = given.get(p.name);
    if (!arg) {
      warnings.push(`entry point '${session.entryPoint}' takes (${declared}): arg '${p.name}' is not given`);
      continue;
    }
    if (!clTypeEquals(arg.value.clType, p.clType) && !clTypeEquals(p.clType, CLT.Any)) {
      throw new UsageError(`entry point '${session.entryPoint}' takes (${declared}): arg '${p.name}' is ${clTypeToString(arg.value.clType)}, not ${clTypeToString(p.clType)}`);
    }
  }
  for (const name of given.keys()) {
    if (!entryPoint.args.some((p) => p.name === name)) warnings.push(`entry point '${session.entryPoint}' takes (${declared}): it declares no arg '${name}'`);
  }
  return warnings;
}
