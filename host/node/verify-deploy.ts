// What a Casper node checks on a deploy from a client before it executes it, as pure functions.
// Order and texts: casper-node v1.5.8 node/src/components/deploy_acceptor.rs (`accept`):
//   1. `Deploy::is_config_compliant` (node/src/types/deploy.rs): size, chain name, header
//      (dependencies, TTL, future timestamp), approvals count, payment amount, args lengths,
//      transfer amount;
//   2. expiry against the node's clock (client deploys only);
//   3. checks against global state (account, authorization, balance, contracts) — the engine's part;
//   4. `Deploy::is_valid` (validate_deploy): approvals present, body hash, deploy hash, signatures.
// Each failure is the acceptor's `Error` display text; the RPC layer answers it with -32008.
import { toHex } from "./bytes.ts";
import type { NodeChainspec } from "./chainspec.ts";
import { deployBodyHash, deployHeaderHash, type WireArg, type WireDeploy } from "./deploy-json.ts";
import { verifySignature, verifySignatureOffThread } from "./signatures.ts";
import { formatTimeDiff, formatTimestamp } from "../bytesrepr/time-format.ts";

const U512_TYPE_TAG = 8;

/** Step 1: chainspec compliance at node time `nowMs`. Returns the rejection text or null. */
export function checkDeployConfig(deploy: WireDeploy, spec: NodeChainspec, nowMs: bigint): string | null {
  const fail = (reason: string) => `invalid deploy: ${reason}`;
  if (deploy.serializedLength > spec.maxDeploySize) {
    return fail(`deploy size too large: deploy size of ${deploy.serializedLength} bytes exceeds limit of ${spec.maxDeploySize}`);
  }
  const h = deploy.header;
  if (h.chainName !== spec.chainName) {
    return fail(`invalid chain name: expected ${spec.chainName}, got ${h.chainName}`);
  }
  if (h.dependencies.length > spec.maxDependencies) {
    return fail(`${h.dependencies.length} dependencies exceeds limit of ${spec.maxDependencies}`);
  }
  if (h.ttlMs > spec.maxTtlMs) {
    return fail(`time-to-live of ${formatTimeDiff(h.ttlMs)} exceeds limit of ${formatTimeDiff(spec.maxTtlMs)}`);
  }
  if (h.timestampMs > nowMs + spec.timestampLeewayMs) {
    return fail(
      `timestamp of ${formatTimestamp(h.timestampMs)} is later than node's validation timestamp of ` +
        `${formatTimestamp(nowMs)} plus leeway of ${formatTimeDiff(spec.timestampLeewayMs)}`,
    );
  }
  if (deploy.approvals.length > spec.maxAssociatedKeys) {
    return fail(`number of associated keys ${deploy.approvals.length} exceeds the maximum ${spec.maxAssociatedKeys}`);
  }
  const isTransfer = deploy.session.kind === "Transfer";
  if (!isTransfer) {
    const amountArg = findArg(deploy.payment.args, "amount");
    // The trailing space is in casper-node's message.
    if (!amountArg) return fail("missing payment 'amount' runtime argument ");
    const amount = readU512Arg(amountArg);
    if (amount === null) return fail("failed to parse payment 'amount' as U512");
    if (amount > spec.blockGasLimit) {
      return fail(`payment amount of ${amount} exceeds the block gas limit of ${spec.blockGasLimit}`);
    }
    // casper-node 2.0 types/src/transaction/deploy.rs is_config_compliant: InvalidDeploy::InvalidPaymentAmount
    if (amount < spec.minimumPaymentAmount) return "invalid transaction: invalid payment amount";
  }
  // casper-node 2.0 transaction_acceptor.rs: a versioned payment or session item with an explicit version
  // (the 2.0 engine would ignore it: execution_kind.rs "version is defunct")
  if ([deploy.payment, deploy.session].some((i) => i.version !== undefined && i.version !== null)) {
    return "invalid transaction: passing `version` in payment and session Versioned variants is not supported";
  }
  if (deploy.payment.argsLength > spec.paymentArgsMaxLength) {
    return fail(`serialized payment code runtime args of ${deploy.payment.argsLength} exceeds limit of ${spec.paymentArgsMaxLength}`);
  }
  if (deploy.session.argsLength > spec.sessionArgsMaxLength) {
    return fail(`serialized session code runtime args of ${deploy.session.argsLength} exceeds limit of ${spec.sessionArgsMaxLength}`);
  }
  if (isTransfer) {
    const amountArg = findArg(deploy.session.args, "amount");
    if (!amountArg) return fail("missing transfer 'amount' runtime argument");
    const amount = readU512Arg(amountArg);
    if (amount === null) return fail("failed to parse transfer 'amount' as U512");
    if (amount < spec.nativeTransferMinimumMotes) {
      return fail(`insufficient transfer amount; minimum: ${spec.nativeTransferMinimumMotes} attempted: ${amount}`);
    }
  }
  return null;
}

/** Step 2: a deploy from a client must not have expired (`timestamp + ttl < now`). */
export function checkDeployExpiry(deploy: WireDeploy, nowMs: bigint): string | null {
  const expires = deploy.header.timestampMs + deploy.header.ttlMs;
  if (expires < nowMs) {
    return `deploy received by the node expired at ${formatTimestamp(expires)} with node's time at ${formatTimestamp(nowMs)}`;
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
  const fail = (reason: string) => `invalid deploy: ${reason}`;
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
  return `invalid deploy: the approval at index ${index} is invalid: ${error}`;
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
