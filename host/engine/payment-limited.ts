// Executing a deploy as casper-node 2.0.0 does with `pricing_handling = payment_limited`
// (node/src/components/contract_runtime/operations.rs `execute_finalized_block`, the artifact rules
// of node/src/components/contract_runtime/types.rs ExecutionArtifactBuilder, handle payment's
// storage/src/system/handle_payment/internal.rs calculate_overpayment_and_fee). Selected by
// host/runtime/protocol/deploy-payment.ts; 1.5.8's payment-code model stays in execute.ts.
//
// - gas limit = the payment's `amount` (gas price 1: the block's; the deploy's is a tolerance),
//   cost = limit x price; an account under `baseline_motes_amount` gets an error, not a refusal;
// - standard payment runs no code: a processing hold of the cost on the main purse while the
//   session runs (balance reads inside see the available balance), then the fee `cost - refund`
//   moves from the main purse to the proposer; refund = floor((limit - consumed) x ratio) on
//   success, 0 after any error (consumed := max(cost, baseline));
// - custom payment code runs first with its own limit (5 x native_transfer_minimum_motes) and must
//   deposit exactly the cost into the payment purse, else the account pays the baseline penalty
//   into it and the session does not run; the refund goes back to the refund purse.
// - the hold is a Key::BalanceHold record written before the lane runs and pruned after it
//   (runtime/balance-holds.ts); transfers are TransferV2s kept in the result only
//   (runtime/protocol/transfer-records.ts);
// - the mint lane (a native transfer): gas limit = a Deploy's mint transfer cost or a V1
//   transaction's payment amount, consumed = the limit, minimum cost = the limit; the transfer runs
//   as storage's TransferRequest (transfer-request.ts).

import type { Account } from "../bytesrepr/account.ts";
import { clByteArray } from "../bytesrepr/cl-type.ts";
import { type CLValue, clv } from "../bytesrepr/cl-value.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { type Key, type URef, balanceKey, hashKey, keyId, urefKey } from "../bytesrepr/key.ts";
import { SYSTEM_ACCOUNT_HASH } from "../bytesrepr/public-key.ts";
import { getArg, type NamedArg } from "../bytesrepr/runtime-args.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { Phase } from "../state/address-generator.ts";
import { TrackingCopy } from "../state/tracking-copy.ts";
import { RuntimeStack } from "../runtime/call-stack.ts";
import { RuntimeContext } from "../runtime/context.ts";
import { ExecError, execErrors, toExecError } from "../runtime/errors.ts";
import { addBreakdowns, breakdownOf } from "../runtime/meter.ts";
import type { ExecutionKind } from "../runtime/protocol/install-upgrade.ts";
import { rulesFor } from "../runtime/protocol/by-protocol.ts";
import { DEPLOY_PAYMENT_RULES } from "../runtime/protocol/deploy-payment.ts";
import { Runtime, contractAccessRights } from "../runtime/runtime.ts";
import { mintTransferArgs, readMintResult } from "../runtime/transfers.ts";
import { ACCUMULATION_PURSE_KEY, REFUND_PURSE_KEY } from "../system/handle-payment.ts";
import { type ExecutableItem, isStandardPayment } from "./deploy-item.ts";
import { clearHolds, placeProcessingHold } from "../runtime/balance-holds.ts";
import { AUCTION_OFFSET } from "../runtime/api-error.ts";
import { auctionErrorDisplay } from "../runtime/system-error-display.ts";
import { transferRequest } from "./transfer-request.ts";
import { type DeployRun, authorizedAccount, handlePayment, readAccount, readBalance, resolveStoredItem, runCode, systemRegistryLookup } from "./execute.ts";
import type { ExecutionResult } from "./result.ts";

/** What native lanes run under: no gas counter (their cost is the lane's gas limit). */
const NATIVE_GAS_LIMIT = 2n ** 64n - 1n;

/** A native auction call's failure as 2.0 words it: an auction error's Display, or the error as it is. */
function biddingError(e: ExecError): ExecError {
  const code = e.api?.code;
  if (e.kind === "Revert" && code !== undefined && code >= AUCTION_OFFSET && code < AUCTION_OFFSET + 256) {
    return new ExecError("Revert", `Auction error: ${auctionErrorDisplay(code - AUCTION_OFFSET)}`, e.api);
  }
  return e;
}

/** The block's gas price: chainspec [vacancy] min_gas_price (1); the local chain never raises it. */
const BLOCK_GAS_PRICE = 1n;

/** Deploy::gas_limit (types/src/transaction/deploy.rs, PaymentLimited): the payment's U512 `amount`. */
function paymentAmount(payment: ExecutableItem): bigint {
  const v = getArg(payment.args, "amount");
  // InvalidDeploy::MissingPaymentAmount / FailedToParsePaymentAmount: an invalid transaction, nothing charged
  if (!v) throw new ExecError("InvalidDeploy", "missing payment 'amount' runtime argument");
  if (v.clType.kind !== "U512") throw new ExecError("InvalidDeploy", "failed to parse payment 'amount' as U512");
  try {
    const r = new ByteReader(v.bytes);
    const amount = r.bigUint(64, "U512");
    r.expectEnd("U512");
    return amount;
  } catch {
    throw new ExecError("InvalidDeploy", "failed to parse payment 'amount' as U512");
  }
}

/** What the 2.0 acceptor rejects before any block (deploy-payment.ts `acceptance`). */
function refuseAsTheAcceptorDoes(run: DeployRun, baseline: bigint): void {
  const { acceptance } = rulesFor(DEPLOY_PAYMENT_RULES, run.chain.config.runtime.protocol);
  const v1 = run.item.transactionV1 !== undefined;
  // deploy.rs is_config_compliant: a transfer's amount against native_transfer_minimum_motes, any
  // other deploy's payment amount against the baseline
  if (acceptance.minimumPaymentIsBaseline && !v1) {
    if (run.item.session.kind === "Transfer") {
      const minimum = run.chain.config.chainspec.transactions?.native_transfer_minimum_motes ?? run.chain.config.chainspec.deploys?.native_transfer_minimum_motes ?? 0n;
      const amount = transferAmountArg(run.item.session);
      if (amount < minimum) throw new ExecError("InvalidDeploy", `insufficient transfer amount; minimum: ${minimum} attempted: ${amount}`);
    } else if (paymentAmount(run.item.payment) < baseline) {
      throw new ExecError("InvalidDeploy", "invalid payment amount");
    }
  }
  if (acceptance.refuseExplicitVersion) {
    const versioned = [run.item.payment, run.item.session].some(
      (i) => (i.kind === "StoredVersionedContractByHash" || i.kind === "StoredVersionedContractByName") && i.version !== undefined,
    );
    if (versioned) {
      throw new ExecError("InvalidDeploy", v1
        ? "passing `version` in TransactionInvocationTarget::ByPackageHash or TransactionInvocationTarget::ByPackageName is not supported"
        : "passing `version` in payment and session Versioned variants is not supported");
    }
  }
}

/** A transfer deploy's `amount` as the acceptor reads it (MissingTransferAmount / FailedToParseTransferAmount). */
function transferAmountArg(session: ExecutableItem): bigint {
  const v = getArg(session.args, "amount");
  if (!v) throw new ExecError("InvalidDeploy", "missing transfer 'amount' runtime argument");
  try {
    const r = new ByteReader(v.bytes);
    // into_t::<U512>: a U512 exactly
    if (v.clType.kind !== "U512") throw new Error("not a U512");
    const amount = r.bigUint(64, "U512");
    r.expectEnd("U512");
    return amount;
  } catch {
    throw new ExecError("InvalidDeploy", "failed to parse transfer 'amount' runtime argument as a U512");
  }
}

/** Digest's Display, `{:10}` of HexFmt: the first and last 4 hex digits (types/src/digest.rs). */
function digestDisplay(hash: Uint8Array): string {
  const h = toHex(hash);
  return `${h.slice(0, 4)}..${h.slice(-4)}`;
}

/** 2.0's ExecutionKind for a phase's item (execution_kind.rs; a legacy Deploy's module bytes are "Deploy"). */
export function executionKindOf(item: ExecutableItem, phase: "payment" | "session", transactionV1?: { readonly isInstallUpgrade: boolean }): ExecutionKind {
  if (item.kind !== "ModuleBytes") return "Stored";
  if (phase === "payment") return "Standard";
  if (!transactionV1) return "Deploy";
  return transactionV1.isInstallUpgrade ? "InstallerUpgrader" : "Standard";
}

/** Moves motes as the system does after execution (handle_refund / handle_fee: a native runtime, no transfer record). */
class SystemPurses {
  constructor(private readonly run: DeployRun, private readonly state: TrackingCopy, private readonly hp: { hash: Uint8Array; named: ReadonlyMap<string, Key> }) {}

  /** undefined on success, else the mint error number (nothing moved) */
  transfer(to: Uint8Array | undefined, source: URef, target: URef, amount: bigint): number | undefined {
    const system = readAccount(this.state, SYSTEM_ACCOUNT_HASH);
    if (!system) throw execErrors.finalization();
    const exec = this.run.execution(this.state, system, Phase.FinalizePayment, 2n ** 512n - 1n);
    const contract = this.state.read(hashKey(this.hp.hash));
    if (!contract || contract.kind !== "Contract") throw execErrors.finalization();
    const access = contractAccessRights(this.hp.hash, contract.contract.namedKeys);
    access.extend([source, target]);
    const args: NamedArg[] = mintTransferArgs(to, source, target, amount, undefined);
    const ctx = new RuntimeContext(exec, hashKey(this.hp.hash), "Contract", new Map(contract.contract.namedKeys), access, args, 0n);
    const rt = new Runtime(ctx, RuntimeStack.fromAccount(SYSTEM_ACCOUNT_HASH, this.run.chain.config.runtime.maxRuntimeCallStackHeight), 0);
    return readMintResult(rt.callContract(exec.systemContractHash("mint"), "transfer", args));
  }

  /** handle payment's named key `refund_purse` (HandleRefundMode::SetRefundPurse / ClearRefundPurse) */
  setRefundPurse(purse: URef | undefined): void {
    const v = this.state.read(hashKey(this.hp.hash));
    if (!v || v.kind !== "Contract") throw execErrors.finalization();
    const namedKeys = new Map(v.contract.namedKeys);
    if (purse) namedKeys.set(REFUND_PURSE_KEY, urefKey(purse));
    else if (!namedKeys.delete(REFUND_PURSE_KEY)) return;
    this.state.write(hashKey(this.hp.hash), { kind: "Contract", contract: { ...v.contract, namedKeys } });
  }

  refundPurse(): URef | undefined {
    const v = this.state.read(hashKey(this.hp.hash));
    const k = v?.kind === "Contract" ? v.contract.namedKeys.get(REFUND_PURSE_KEY) : undefined;
    return k && k.tag === 2 ? { addr: k.data.subarray(0, 32), rights: k.data[32] } : undefined;
  }
}

/** WasmV1Result::balance_increased_by_amount: the first change to the purse's balance is an add of exactly `amount`. */
function firstDepositIs(state: TrackingCopy, purse: URef, before: bigint, amount: bigint): boolean {
  const id = keyId(balanceKey(purse.addr));
  const first = state.journal.find((j) => keyId(j.key) === id);
  if (!first || first.transform !== "AddUInt512" || first.value?.kind !== "CLValue") return false;
  return new ByteReader(first.value.value.bytes).bigUint(64, "U512") - before === amount;
}

export function runPaymentLimitedDeploy(run: DeployRun): ExecutionResult {
  const { chain, item } = run;
  const cfg = chain.config;
  const spec = cfg.chainspec;
  const base = new TrackingCopy(chain.state);
  // the acceptor refuses these before a block is made: nothing is charged
  const account = authorizedAccount(chain, base, item);
  if (!readAccount(base, SYSTEM_ACCOUNT_HASH)) throw new ExecError("Deploy", "Deploy error: the system account is missing");
  const proposer = readAccount(base, chain.proposer);
  if (!proposer) throw new ExecError("AccountNotFound", `Account ${toHex(chain.proposer)} not found (the proposer)`);
  const hp = handlePayment(base, systemRegistryLookup(base));
  const purses = new SystemPurses(run, base, hp);
  const baseline = spec.core.baseline_motes_amount ?? cfg.maxPaymentCost;
  refuseAsTheAcceptorDoes(run, baseline);
  // the mint lane (operations.rs MINT_LANE_ID): Deploy::gas_limit of a transfer is the mint's transfer
  // cost, a V1 transaction's its payment amount; the lane consumes its whole limit, its minimum cost
  const nativeTransfer = item.session.kind === "Transfer";
  const gasLimit = nativeTransfer && !item.transactionV1 ? cfg.runtime.wasmlessTransferCost : paymentAmount(item.payment);
  const cost = gasLimit * BLOCK_GAS_PRICE;
  // ExecutionArtifactBuilder min_cost: the baseline, until a native lane runs (with_min_cost(limit))
  let minimumCost = baseline;
  run.gasLimit = gasLimit;

  const standard = isStandardPayment(item.payment);
  const mainPurse = account.mainPurse;
  let error: ExecError | undefined;
  let consumed = 0n;
  const setError = (e: ExecError) => (error ??= e);

  // custom payment: the refund purse starts as the initiator's main purse (HandleRefundMode::SetRefundPurse)
  if (!standard) purses.setRefundPurse(mainPurse);

  // with_initial_balance_result: under the baseline is an error message, and processing goes on
  const initial = readBalance(base, mainPurse) ?? 0n;
  if (initial < baseline) setError(new ExecError("InsufficientPayment", `Purse ${toHex(mainPurse.addr)} has less than ${baseline}`));

  let penalized = false;
  let paid = 0n; // motes moved into the payment purse (custom payment or penalty)
  if (!standard) {
    // the payment code, with the cost appended as `amount` (RuntimeArgs::insert pushes; get finds the first)
    const paymentItem = { ...item.payment, args: [...item.payment.args, { name: "amount", value: clv.u512(cost) }] } as ExecutableItem;
    // operations.rs: Gas::new(chainspec.transaction_config.native_transfer_minimum_motes * 5)
    const paymentLimit = 5n * (spec.transactions?.native_transfer_minimum_motes ?? spec.deploys?.native_transfer_minimum_motes ?? baseline);
    const payment = base.fork();
    const exec = run.execution(payment, account, Phase.Payment, paymentLimit, executionKindOf(item.payment, "payment"));
    const before = readBalance(base, hp.paymentPurse) ?? 0n;
    let paymentError: ExecError | undefined;
    try {
      // wasm_v1.rs build_payment_info_for_executable_item: a Transfer is no payment
      if (item.payment.kind === "Transfer") {
        throw new ExecError("InvalidExecutableItem", `Invalid executable item: unexpected variant for deploy-hash(${digestDisplay(item.deployHash)}) attempting payment item`);
      }
      const contract = resolveStoredItem(payment, account, paymentItem, cfg.runtime.protocolVersion.major, "ignored");
      runCode(run, exec, account, paymentItem, contract);
    } catch (e) {
      paymentError = toExecError(e);
    }
    const paymentGas = exec.meter.used;
    if (paymentError || !firstDepositIs(payment, hp.paymentPurse, before, cost)) {
      // the payment's effects are dropped; the account pays the baseline into the payment purse
      penalized = true;
      error = paymentError ?? new ExecError("InsufficientPayment", "Insufficient custom payment");
      if (purses.transfer(account.accountHash, mainPurse, hp.paymentPurse, baseline) === undefined) paid = baseline;
    } else {
      payment.mergeInto(base);
      paid = cost;
      // with_wasm_v1_result(pay_result): the payment's gas counts in `consumed` (so in the refund)
      consumed += paymentGas;
      run.gasBreakdown = breakdownOf(exec.meter);
      if (exec.meter.active && paymentGas === 0n) error = new ExecError("Deploy", "Wasm consumed 0 gas");
      run.transfers = [...exec.transfers];
      run.messages = [...exec.messages];
    }
  }

  // allow_execution: not penalized and the paying purse covers the cost (custom payment: assumed)
  const sufficient = !standard || (readBalance(base, mainPurse) ?? 0n) >= cost;
  if (penalized || !sufficient) {
    setError(new ExecError("InsufficientPayment", `penalized: ${penalized}, sufficient balance: ${sufficient}, allowed by chainspec: true`));
  } else if (nativeTransfer) {
    // standard payment: a processing hold of the cost on the paying purse while the lane runs
    if (standard) placeProcessingHold(base, mainPurse.addr, readBalance(base, mainPurse) ?? 0n, cost, chain.blocktime);
    // with_min_cost(limit).with_added_consumed(limit).with_transfer_result(..)
    minimumCost = gasLimit;
    consumed += gasLimit;
    run.gasBreakdown = { wasm: 0n, host: 0n, storage: 0n, system: gasLimit };
    const failure = transferRequest(run, base, account);
    if (failure) setError(failure);
  } else if (item.transactionV1?.nativeAuction) {
    // the auction lane (operations.rs AUCTION_LANE_ID): storage's bidding request runs the auction
    // natively, without a gas counter; with_min_cost(limit).with_added_consumed(limit); a failure is
    // its TrackingCopyError: "Auction error: <the auction error's Display>" (with_bidding_result)
    if (standard) placeProcessingHold(base, mainPurse.addr, readBalance(base, mainPurse) ?? 0n, cost, chain.blocktime);
    minimumCost = gasLimit;
    consumed += gasLimit;
    run.gasBreakdown = { wasm: 0n, host: 0n, storage: 0n, system: gasLimit };
    const session = base.fork();
    const exec = run.execution(session, account, Phase.Session, NATIVE_GAS_LIMIT, "Standard");
    try {
      const contract = resolveStoredItem(session, account, item.session, cfg.runtime.protocolVersion.major, "ignored");
      run.returnValue = runCode(run, exec, account, item.session, contract);
      session.mergeInto(base);
      run.transfers = [...run.transfers, ...exec.transfers];
    } catch (e) {
      setError(biddingError(toExecError(e)));
    }
  } else {
    // standard payment: a processing hold of the cost on the paying purse while the session runs
    if (standard) placeProcessingHold(base, mainPurse.addr, readBalance(base, mainPurse) ?? 0n, cost, chain.blocktime);
    const session = base.fork();
    const exec = run.execution(session, account, Phase.Session, gasLimit, executionKindOf(item.session, "session", item.transactionV1));
    let sessionError: ExecError | undefined;
    try {
      // ExecutionKind::new fails inside the execution engine: an execution error, charged
      const contract = resolveStoredItem(session, account, item.session, cfg.runtime.protocolVersion.major, "ignored");
      run.returnValue = runCode(run, exec, account, item.session, contract);
    } catch (e) {
      sessionError = toExecError(e);
    }
    const sessionGas = exec.meter.used;
    consumed += sessionGas;
    run.gasBreakdown = addBreakdowns(run.gasBreakdown, breakdownOf(exec.meter));
    // with_wasm_v1_result: the session's error (or "consumed 0 gas") replaces any earlier message;
    // the session's effects are committed whenever the wasm itself succeeded
    if (sessionError) error = sessionError;
    else {
      if (exec.meter.active && sessionGas === 0n) error = new ExecError("Deploy", "Wasm consumed 0 gas");
      session.mergeInto(base);
      run.transfers = [...run.transfers, ...exec.transfers];
      // with_wasm_v1_result: messages come with the effects they were emitted with
      run.messages = run.messages.length === 0 ? exec.messages : [...run.messages, ...exec.messages];
    }
  }
  run.gas = consumed;

  // clear all holds on the paying purse before payment processing (BalanceHoldKind::All)
  const source = standard ? mainPurse : hp.paymentPurse;
  clearHolds(base, source.addr, chain.blocktime);

  // refund (handle_refund: CalculateAmount for standard payment, Refund to the refund purse for custom)
  // cost_to_use: the cost, raised to the minimum cost
  const costToUse = cost > minimumCost ? cost : minimumCost;
  run.reportedCost = costToUse;
  const consumedForRefund = error ? costToUse : consumed;
  const [num, den] = cfg.runtime.refundRatio;
  const sourceBalance = readBalance(base, source) ?? 0n;
  const unspent = gasLimit > consumedForRefund ? gasLimit - consumedForRefund : 0n;
  let refund = sourceBalance < cost || num === 0n ? 0n : (unspent * BLOCK_GAS_PRICE * num) / den;
  if (!standard && refund > 0n) {
    const to = purses.refundPurse() ?? mainPurse;
    if (purses.transfer(account.accountHash, hp.paymentPurse, to, refund) !== undefined) refund = 0n;
  }
  run.refund = refund;

  // the fee (handle_fee, PayToProposer / Accumulate): cost - refund from the paying purse
  const fee = cost - refund;
  const feeTarget = cfg.runtime.feeHandling === "accumulate"
    ? (hp.named.get(ACCUMULATION_PURSE_KEY) && { addr: hp.named.get(ACCUMULATION_PURSE_KEY)!.data.subarray(0, 32), rights: 7 })
    : proposer.mainPurse;
  if (!feeTarget) throw execErrors.finalization();
  const feeError = fee === 0n ? undefined : purses.transfer(account.accountHash, source, feeTarget, fee);
  if (feeError !== undefined) setError(new ExecError("Revert", `Mint error: ${feeError}`));
  if (!standard) purses.setRefundPurse(undefined);

  // motes the account parted with: the fee from its main purse, or what reached the payment purse
  // less the refund sent back and whatever stayed there when the fee could not be paid
  const charged = standard ? (feeError === undefined ? fee : 0n) : paid - refund;
  const result = run.result({ error, cost: charged, journal: base.journal });
  base.commitTo(chain.state);
  return result;
}

export type { Account, CLValue, clByteArray };
