// What a Casper 2.0 node checks on a deploy from a client before it executes it, as pure functions.
// Order and texts: casper-node 2.0 node/src/components/transaction_acceptor.rs (`accept`):
//   1. `Deploy::is_config_compliant` (types/src/transaction/deploy.rs): the lane (a transfer's is the
//      mint lane; otherwise the first wasm lane, by gas limit, size and args, that fits the payment
//      amount, the deploy's size and its args), size, chain name, gas price tolerance, header
//      (dependencies, TTL, future timestamp), approvals count, gas limit, args lengths, transfer
//      amount or payment amount;
//   2. expiry against the node's clock (client deploys only);
//   3. checks against global state (account, authorization, balance, payment and session items) — the
//      engine's part (state-checks.ts);
//   4. `Deploy::is_valid` (validate_deploy): approvals present, body hash, deploy hash, signatures.
// Each failure is the acceptor's `Error` Display (transaction_acceptor/error.rs): `invalid transaction:
// <InvalidDeploy>` (types/src/transaction/deploy/error.rs), or the expiry text; the RPC layer answers
// it with -32008. (The 2.0 sidecar passes the node only an error code and words it itself, more
// coarsely: "the deploy was invalid: …".)
import { toHex } from "./bytes.ts";
import type { LaneLimits, NodeChainspec } from "./chainspec.ts";
import { deployBodyHash, deployHeaderHash, type WireArg, type WireDeploy } from "./deploy-json.ts";
import { verifySignature, verifySignatureOffThread } from "./signatures.ts";
import { formatTimeDiff, formatTimestamp } from "../bytesrepr/time-format.ts";

const U512_TYPE_TAG = 8;
const invalid = (reason: string) => `invalid transaction: ${reason}`;

/** calculate_lane_id_for_deploy: the lane the deploy runs in, or the InvalidDeploy text when none fits. */
function deployLane(deploy: WireDeploy, spec: NodeChainspec): LaneLimits | string {
  if (deploy.session.kind === "Transfer") return spec.mintLane;
  const amountArg = findArg(deploy.payment.args, "amount");
  if (!amountArg) return "missing payment 'amount' runtime argument";
  const amount = readU512Arg(amountArg);
  if (amount === null) return "failed to parse payment 'amount' as U512";
  const argsSize = deploy.payment.argsLength + deploy.session.argsLength;
  // get_wasm_lane_id_by_payment_limited: lanes ordered by (gas limit, length, args length, id)
  const ordered = [...spec.wasmLanes].sort((a, b) =>
    a.maxGasLimit !== b.maxGasLimit ? (a.maxGasLimit < b.maxGasLimit ? -1 : 1)
      : a.maxTransactionLength - b.maxTransactionLength || a.maxArgsLength - b.maxArgsLength || a.id - b.id);
  const lane = ordered.find((l) => amount <= l.maxGasLimit && deploy.serializedLength <= l.maxTransactionLength && argsSize <= l.maxArgsLength);
  return lane ?? "chainspec didnt have any wasm lanes defined which is required for wasm based deploys";
}

/** Step 1: chainspec compliance at node time `nowMs`. Returns the rejection text or null. */
export function checkDeployConfig(deploy: WireDeploy, spec: NodeChainspec, nowMs: bigint): string | null {
  const lane = deployLane(deploy, spec);
  if (typeof lane === "string") return invalid(lane);
  if (deploy.serializedLength > lane.maxTransactionLength) {
    return invalid(`deploy size too large: deploy size of ${deploy.serializedLength} bytes exceeds limit of ${lane.maxTransactionLength}`);
  }
  const h = deploy.header;
  if (h.chainName !== spec.chainName) return invalid(`invalid chain name: expected ${spec.chainName}, got ${h.chainName}`);
  // gas_price_tolerance: the header's gas price as a u8
  if (h.gasPrice > 255n) return invalid("unable to calculate gas limit");
  if (h.gasPrice < BigInt(spec.minGasPrice)) {
    return invalid(`received a deploy with gas price tolerance ${h.gasPrice} but this chain will only go as low as ${spec.minGasPrice}`);
  }
  // deploy_header.rs is_valid: as of 2.0.0 any dependency is refused
  if (h.dependencies.length > 0) return invalid("dependencies no longer supported");
  if (h.ttlMs > spec.transactionMaxTtlMs) {
    return invalid(`time-to-live of ${formatTimeDiff(h.ttlMs)} exceeds limit of ${formatTimeDiff(spec.transactionMaxTtlMs)}`);
  }
  if (h.timestampMs > nowMs + spec.timestampLeewayMs) {
    return invalid(`timestamp of ${formatTimestamp(h.timestampMs)} is later than node's timestamp of ${formatTimestamp(nowMs)} plus leeway of ${formatTimeDiff(spec.timestampLeewayMs)}`);
  }
  if (deploy.approvals.length > spec.maxAssociatedKeys) {
    return invalid(`number of approvals ${deploy.approvals.length} exceeds the maximum number of associated keys ${spec.maxAssociatedKeys}`);
  }
  const isTransfer = deploy.session.kind === "Transfer";
  // Deploy::gas_limit (PaymentLimited): a transfer's is the mint's transfer cost, else the payment amount
  const gasLimit = isTransfer ? spec.mintTransferCost : readU512Arg(findArg(deploy.payment.args, "amount")!)!;
  if (gasLimit === 0n) return invalid("invalid payment amount");
  if (gasLimit > spec.transactionBlockGasLimit) {
    return invalid(`payment amount of ${gasLimit} exceeds the block gas limit of ${spec.transactionBlockGasLimit}`);
  }
  if (gasLimit > lane.maxGasLimit) return invalid(`payment amount of ${gasLimit} exceeds the largest wasm lane gas limit of ${lane.maxGasLimit}`);
  if (deploy.payment.argsLength > spec.deployPaymentArgsMaxLength) {
    return invalid(`serialized payment code runtime args of ${deploy.payment.argsLength} exceeds limit of ${spec.deployPaymentArgsMaxLength}`);
  }
  if (deploy.session.argsLength > spec.deploySessionArgsMaxLength) {
    return invalid(`serialized session code runtime args of ${deploy.session.argsLength} exceeds limit of ${spec.deploySessionArgsMaxLength}`);
  }
  if (isTransfer) {
    const amountArg = findArg(deploy.session.args, "amount");
    if (!amountArg) return invalid("missing transfer 'amount' runtime argument");
    const amount = readU512Arg(amountArg);
    if (amount === null) return invalid("failed to parse transfer 'amount' as U512");
    if (amount < spec.nativeTransferMinimumMotes) {
      return invalid(`insufficient transfer amount; minimum: ${spec.nativeTransferMinimumMotes} attempted: ${amount}`);
    }
  } else if (gasLimit < spec.minimumPaymentAmount) {
    return invalid("invalid payment amount");
  }
  // transaction_acceptor.rs (deploy_payment_is_valid / verify_deploy_session): a versioned payment or
  // session item with an explicit version (the 2.0 engine would ignore it: execution_kind.rs "version
  // is defunct"); the node finds it during its state checks, after the account's
  if ([deploy.payment, deploy.session].some((i) => i.version !== undefined && i.version !== null)) {
    return invalid("passing `version` in payment and session Versioned variants is not supported");
  }
  return null;
}

/** Step 2: a deploy from a client must not have expired (`timestamp + ttl < now`). */
export function checkDeployExpiry(deploy: WireDeploy, nowMs: bigint): string | null {
  const expires = deploy.header.timestampMs + deploy.header.ttlMs;
  if (expires < nowMs) {
    return `transaction received by the node expired at ${formatTimestamp(expires)} with node's time at ${formatTimestamp(nowMs)}`;
  }
  return null;
}

/** Step 4: approvals present, body hash, deploy hash, every approval's signature over the hash. */
export function checkDeployCryptography(deploy: WireDeploy): string | null {
  const hashes = checkDeployHashes(deploy);
  if (hashes) return hashes;
  for (const [index, approval] of deploy.approvals.entries()) {
    const error = verifySignature(deploy.hash, approval.signature, approval.signer);
    if (error) return approvalFailure(index, error);
  }
  return null;
}

/** Step 4 with the Ed25519 signatures checked on a worker thread (the node's path): the same answers. */
export async function checkDeployCryptographyOffThread(deploy: WireDeploy): Promise<string | null> {
  const hashes = checkDeployHashes(deploy);
  if (hashes) return hashes;
  const errors = await Promise.all(deploy.approvals.map((a) => verifySignatureOffThread(deploy.hash, a.signature, a.signer)));
  const index = errors.findIndex((e) => e !== null);
  return index < 0 ? null : approvalFailure(index, errors[index]!);
}

function checkDeployHashes(deploy: WireDeploy): string | null {
  const fail = invalid;
  if (deploy.approvals.length === 0) return fail("the deploy has no approvals");
  if (toHex(deployBodyHash(deploy)) !== toHex(deploy.header.bodyHash)) {
    return fail("the provided body hash does not match the actual hash of the body");
  }
  if (toHex(deployHeaderHash(deploy)) !== toHex(deploy.hash)) {
    return fail("the provided hash does not match the actual hash of the deploy");
  }
  return null;
}

function approvalFailure(index: number, error: string): string {
  return invalid(`the approval at index ${index} is invalid: ${error}`);
}

/** Steps 1, 2 and 4 in the node's order, for callers with no global state to consult. */
export function verifyDeployStateless(deploy: WireDeploy, spec: NodeChainspec, nowMs: bigint): string | null {
  return checkDeployConfig(deploy, spec, nowMs) ?? checkDeployExpiry(deploy, nowMs) ?? checkDeployCryptography(deploy);
}

export function findArg(args: WireArg[], name: string): WireArg | undefined {
  return args.find((a) => a.name === name);
}

/** `CLValue::into_t::<U512>()`: the type must be U512 and the bytes exactly one U512. */
export function readU512Arg(arg: WireArg): bigint | null {
  if (arg.typeBytes.length !== 1 || arg.typeBytes[0] !== U512_TYPE_TAG) return null;
  const v = arg.value;
  if (v.length === 0 || v[0] > 64 || v.length !== 1 + v[0]) return null;
  let n = 0n;
  for (let i = v[0]; i >= 1; i--) n = (n << 8n) | BigInt(v[i]);
  return n;
}
