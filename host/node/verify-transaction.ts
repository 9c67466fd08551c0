// What a Casper 2.0 node checks on a TransactionV1 from a client before executing it, as pure
// functions. Order and texts: casper-node 2.0 node/src/components/transaction_acceptor.rs, the
// `is_config_compliant` of node/src/types/transaction/meta_transaction/meta_transaction_v1.rs and
// `verify` of types/src/transaction/transaction_v1.rs; display texts from
// types/src/transaction/transaction_v1/errors_v1.rs, prefixed "invalid transaction: " by the
// acceptor's Error. Checked here: runtime and args kind, size, chain name, payment amount, gas price
// tolerance, TTL, future timestamp, approvals count, gas limit, args length, target/entry point
// rules, empty module bytes, native transfer amount; then expiry; then hash and signatures.
// Lane selection by size/gas (2.0 chooses among several lanes) is simplified to the largest wasm lane.
import { toHex } from "./bytes.ts";
import type { NodeChainspec } from "./chainspec.ts";
import { verifySignature, verifySignatureOffThread } from "./signatures.ts";
import { formatTimeDiff, formatTimestamp } from "../bytesrepr/time-format.ts";
import { transactionV1PayloadHash, type WireTransactionV1 } from "./transaction-json.ts";
import { readU512Arg } from "./verify-deploy.ts";

/** 2.0 chainspec [vacancy] min_gas_price. */
const MIN_GAS_PRICE = 1;

const ENTRY_POINT_DISPLAY: Record<string, string> = {
  Call: "call", Transfer: "transfer", Burn: "burn", AddBid: "add_bid", WithdrawBid: "withdraw_bid",
  Delegate: "delegate", Undelegate: "undelegate", Redelegate: "redelegate", ActivateBid: "activate_bid",
  ChangeBidPublicKey: "change_bid_public_key", AddReservations: "add_reservations", CancelReservations: "cancel_reservations",
};

function entryPointDisplay(tx: WireTransactionV1): string {
  return tx.entryPoint.custom !== undefined ? `custom(${tx.entryPoint.custom})` : ENTRY_POINT_DISPLAY[tx.entryPoint.name];
}

/** Configuration compliance at node time `nowMs`; the rejection text or null. */
export function checkTransactionConfig(tx: WireTransactionV1, spec: NodeChainspec, nowMs: bigint): string | null {
  const fail = (reason: string) => `invalid transaction: ${reason}`;
  const runtime = tx.target.kind === "Native" ? null : tx.target.runtime;
  if (runtime === "VmCasperV1" && tx.args.kind !== "Named") return fail("transaction requires named arguments");
  // 2.0 chainspec [transactions.enabled_runtime]: vm_casper_v2 = false.
  if (runtime === "VmCasperV2") return fail("invalid transaction runtime: expected VmCasperV2");
  if (tx.serializedLength > spec.maxTransactionSize) {
    return fail(`transaction size too large: transaction size of ${tx.serializedLength} bytes exceeds limit of ${spec.maxTransactionSize}`);
  }
  if (tx.chainName !== spec.chainName) return fail(`invalid chain name: expected ${spec.chainName}, got ${tx.chainName}`);
  const p = tx.pricing;
  if (p.mode === "PaymentLimited" && p.paymentAmount === 0n) return fail("invalid payment amount");
  if (p.mode !== "PaymentLimited") {
    // 2.0 production chainspec: pricing_handling = payment_limited, allow_prepaid = false.
    return fail(`received a transaction with an invalid mode ${pricingDisplay(tx)}`);
  }
  if (p.gasPriceTolerance < MIN_GAS_PRICE) {
    return fail(`received a transaction with gas price tolerance ${p.gasPriceTolerance} but this chain will only go as low as ${MIN_GAS_PRICE}`);
  }
  if (tx.ttlMs > spec.maxTtlMs) {
    return fail(`time-to-live of ${formatTimeDiff(tx.ttlMs)} exceeds limit of ${formatTimeDiff(spec.maxTtlMs)}`);
  }
  if (tx.timestampMs > nowMs + spec.timestampLeewayMs) {
    return fail(
      `timestamp of ${formatTimestamp(tx.timestampMs)} is later than node's validation timestamp of ` +
        `${formatTimestamp(nowMs)} plus leeway of ${formatTimeDiff(spec.timestampLeewayMs)}`,
    );
  }
  if (tx.approvals.length > spec.maxAssociatedKeys) {
    return fail(`number of transaction approvals ${tx.approvals.length} exceeds the maximum number of associated keys ${spec.maxAssociatedKeys}`);
  }
  if (p.paymentAmount > spec.transactionBlockGasLimit) {
    return fail(`payment amount of ${p.paymentAmount} exceeds the block gas limit of ${spec.transactionBlockGasLimit}`);
  }
  if (tx.argsLength > spec.maxTransactionArgsLength) {
    return fail(`serialized transaction runtime args of ${tx.argsLength} bytes exceeds limit of ${spec.maxTransactionArgsLength} bytes`);
  }
  const ep = tx.entryPoint;
  switch (tx.target.kind) {
    case "Native":
      if (ep.name === "Call") return fail("entry point cannot be call");
      if (ep.custom !== undefined) return fail(`entry point cannot be custom: ${entryPointDisplay(tx)}`);
      if (ep.name === "Transfer") return checkTransferArgs(tx, spec);
      return null;
    case "Stored": {
      if (ep.custom === undefined) return fail(`entry point must be custom: ${entryPointDisplay(tx)}`);
      // casper-node 2.0 transaction_acceptor.rs verify_transaction_v1_body: InvalidTransactionV1::TargetingPackageVersionNotSupported
      const id = tx.target.id as Record<string, { version?: unknown } | undefined>;
      const pkg = id.ByPackageHash ?? id.ByPackageName;
      if (pkg && pkg.version !== null && pkg.version !== undefined) {
        return fail("passing `version` in TransactionInvocationTarget::ByPackageHash or TransactionInvocationTarget::ByPackageName is not supported");
      }
      return null;
    }
    case "Session":
      if (ep.name !== "Call" && ep.custom === undefined) return fail(`entry point must be custom: ${entryPointDisplay(tx)}`);
      return tx.target.moduleBytes.length === 0 ? fail("the transaction has empty module bytes") : null;
  }
}

// casper-node 2.0 transaction_v1/arg_handling.rs `has_valid_transfer_args` (amount part).
function checkTransferArgs(tx: WireTransactionV1, spec: NodeChainspec): string | null {
  const fail = (reason: string) => `invalid transaction: ${reason}`;
  if (tx.args.kind !== "Named") return fail("transaction requires named arguments");
  const amountArg = tx.args.named.find((a) => a.name === "amount");
  if (!amountArg) return fail("missing required runtime argument 'amount'");
  const amount = readU512Arg(amountArg);
  if (amount === null) {
    return fail(`expected type of 'amount' runtime argument to be one of [U512], but got ${JSON.stringify(amountArg.clType)}`);
  }
  if (amount < spec.nativeTransferMinimumMotes) {
    return fail(`insufficient transfer amount; minimum: ${spec.nativeTransferMinimumMotes} attempted: ${amount}`);
  }
  return null;
}

// casper-node 2.0 pricing_mode.rs `Display for PricingMode`.
function pricingDisplay(tx: WireTransactionV1): string {
  const p = tx.pricing;
  if (p.mode === "Fixed") return `fixed pricing ${p.gasPriceTolerance} ${p.additionalComputationFactor}`;
  if (p.mode === "Prepaid") return `prepaid: ${toHex(p.receipt)}`;
  return `payment amount ${p.paymentAmount}, gas price multiplier ${p.gasPriceTolerance} standard_payment ${p.standardPayment}`;
}

/** A transaction from a client must not have expired (`timestamp + ttl < now`). */
export function checkTransactionExpiry(tx: WireTransactionV1, nowMs: bigint): string | null {
  const expires = tx.timestampMs + tx.ttlMs;
  if (expires < nowMs) {
    return `transaction received by the node expired at ${formatTimestamp(expires)} with node's time at ${formatTimestamp(nowMs)}`;
  }
  return null;
}

/** Approvals present, hash = blake2b256(payload bytes), every approval's signature over the hash. */
export function checkTransactionCryptography(tx: WireTransactionV1): string | null {
  const hash = checkTransactionHash(tx);
  if (hash) return hash;
  for (const [index, approval] of tx.approvals.entries()) {
    const error = verifySignature(tx.hash, approval.signature, approval.signer);
    if (error) return approvalFailure(index, error);
  }
  return null;
}

/** The same with the Ed25519 signatures checked on a worker thread (the node's path): the same answers. */
export async function checkTransactionCryptographyOffThread(tx: WireTransactionV1): Promise<string | null> {
  const hash = checkTransactionHash(tx);
  if (hash) return hash;
  const errors = await Promise.all(tx.approvals.map((a) => verifySignatureOffThread(tx.hash, a.signature, a.signer)));
  const index = errors.findIndex((e) => e !== null);
  return index < 0 ? null : approvalFailure(index, errors[index]!);
}

function checkTransactionHash(tx: WireTransactionV1): string | null {
  const fail = (reason: string) => `invalid transaction: ${reason}`;
  if (tx.approvals.length === 0) return fail("the transaction has no approvals");
  if (toHex(transactionV1PayloadHash(tx)) !== toHex(tx.hash)) {
    return fail("the provided hash does not match the actual hash of the transaction");
  }
  return null;
}

function approvalFailure(index: number, error: string): string {
  return `invalid transaction: the transaction approval at index ${index} is invalid: ${error}`;
}

export function verifyTransactionStateless(tx: WireTransactionV1, spec: NodeChainspec, nowMs: bigint): string | null {
  return checkTransactionConfig(tx, spec, nowMs) ?? checkTransactionExpiry(tx, nowMs) ?? checkTransactionCryptography(tx);
}
