// Executing one deploy as casper-node v1.5.8 engine_state/mod.rs `deploy` does: authorize the
// account, run payment (standard payment or custom payment code) in a tracking copy, run the session
// in a fork of it (dropped if the session fails, so only the payment stays), then finalize in the
// system account's name (refund per refund_handling, fee to the proposer). Malformed wasm and failed
// payment cost the account the fixed penalty (new_payment_code_error), as on chain.

import type { Account } from "../bytesrepr/account.ts";
import { CLT, clByteArray } from "../bytesrepr/cl-type.ts";
import { type CLValue, clv } from "../bytesrepr/cl-value.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { type Key, type URef, accountKey, balanceKey, deployInfoKey, formatKey, hashKey, keyAsURef, keyId, KeyTag } from "../bytesrepr/key.ts";
import { SYSTEM_ACCOUNT_HASH } from "../bytesrepr/public-key.ts";
import { getArg, type NamedArg } from "../bytesrepr/runtime-args.ts";
import { type StoredValue, storedValueTypeName } from "../bytesrepr/stored-value.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { AddressGenerator, Phase } from "../state/address-generator.ts";
import type { GlobalState } from "../state/global-state.ts";
import { TrackingCopy, type JournalEntry } from "../state/tracking-copy.ts";
import { RuntimeStack } from "../runtime/call-stack.ts";
import { RuntimeContext } from "../runtime/context.ts";
import { ExecError, execErrors, toExecError } from "../runtime/errors.ts";
import type { Message } from "../bytesrepr/messages.ts";
import { type BlockInfo, Execution, type RecordedTransfer, readSystemRegistry } from "../runtime/execution.ts";
import { type GasBreakdown, type Meter, ZERO_GAS, addBreakdowns, breakdownOf } from "../runtime/meter.ts";
import type { LoadedModule, ModuleLoader } from "../runtime/modules.ts";
import type { WasmStackLevel } from "../runtime/wasm-stack.ts";
import { type ErrorOrigin, type ModuleOrigin, resolveWasmStack } from "../debug/error-origin.ts";
import { Runtime, accountAccessRights, contractAccessRights } from "../runtime/runtime.ts";
import type { SystemContracts } from "../runtime/system-api.ts";
import type { TraceEntry } from "../runtime/trace.ts";
import { refundAndFee } from "../system/handle-payment.ts";
import { standardPayment } from "../system/standard-payment.ts";
import type { EngineConfig } from "./config.ts";
import { type DeployItem, type ExecutableItem, isStandardPayment } from "./deploy-item.ts";
import { type BalanceEffect, type Effects, ExecutionResult, type NamedKeyEffect, type WriteEffect } from "./result.ts";
import { runNativeTransfer } from "./native-transfer.ts";
import { runPaymentLimitedDeploy } from "./payment-limited.ts";
import { rulesFor } from "../runtime/protocol/by-protocol.ts";
import { DEPLOY_PAYMENT_RULES, type DeployPaymentRules } from "../runtime/protocol/deploy-payment.ts";
import type { ExecutionKind } from "../runtime/protocol/install-upgrade.ts";

/** What executing a deploy needs from the engine. */
export interface ChainContext {
  readonly state: GlobalState;
  readonly config: EngineConfig;
  readonly system: SystemContracts;
  readonly modules: ModuleLoader;
  /** account hash of the block proposer (fees go to its main purse) */
  readonly proposer: Uint8Array;
  /** block time, ms since the Unix epoch */
  readonly blocktime: bigint;
  /** the block's height and its parent's hash (casper_get_block_info; the local node passes its own) */
  readonly blockHeight: bigint;
  readonly parentBlockHash: Uint8Array;
  readonly trace: boolean;
  /** the meter of one execution phase (NO_METER until gas metering is wired in) */
  meterFor(phase: number, gasLimit: bigint): Meter;
  /** whose purse this is, for readable balance effects */
  purseOwner(addrHex: string): string | undefined;
  /** where a running module came from (for error locations) */
  originOf?(module: LoadedModule): ModuleOrigin | undefined;
}

/** Output collected from every phase of a deploy. */
export class DeployRun {
  readonly trace: TraceEntry[] = [];
  readonly prints: string[] = [];
  transfers: RecordedTransfer[] = [];
  gas = 0n;
  /** `gas` split by class (wasm, host, storage, system) */
  gasBreakdown: GasBreakdown = ZERO_GAS;
  returnValue: CLValue | undefined;
  /** messages of the phases whose effects stay (2.0 ExecutionArtifactBuilder::with_wasm_v1_result) */
  messages: Message[] = [];
  /** the block this deploy executes in (what casper_get_block_info reads) */
  readonly block: BlockInfo;

  constructor(readonly chain: ChainContext, readonly item: DeployItem) {
    let stateHash: Uint8Array | undefined;
    // the state root the deploy starts from (the node passes its running root, operations.rs BlockInfo::new)
    this.block = { height: chain.blockHeight, parentHash: chain.parentBlockHash, stateHash: () => (stateHash ??= chain.state.rootHash.slice()) };
  }

  execution(state: TrackingCopy, account: Account, phase: number, gasLimit: bigint, kind: ExecutionKind = "Deploy"): Execution {
    const c = this.chain;
    return new Execution(
      c.config.runtime, state, account, this.item.authorizationKeys, this.item.deployHash, c.blocktime, phase,
      new AddressGenerator(this.item.deployHash, phase), c.meterFor(phase, gasLimit), c.modules, c.system,
      c.trace ? this.trace : undefined, this.prints, this.block, kind,
    );
  }

  /** the gas limit the payment bought */
  gasLimit = 0n;
  refund = 0n;
  /**
   * the execution result's `cost` as this protocol's node reports it; undefined: the gas used times
   * the gas price (1.5.8 execution_result.rs `cost`); 2.0 sets ExecutionResultV2's (cost_to_use)
   */
  reportedCost: bigint | undefined;

  result(init: { error?: ExecError; precondition?: boolean; cost: bigint; journal?: readonly JournalEntry[] }): ExecutionResult {
    return new ExecutionResult({
      deployHash: this.item.deployHash,
      error: init.error,
      precondition: init.precondition ?? false,
      returnValue: init.error ? undefined : this.returnValue,
      gas: this.gas,
      gasBreakdown: this.gasBreakdown,
      cost: init.cost,
      gasLimit: init.precondition ? 0n : this.gasLimit,
      refund: init.precondition ? 0n : this.refund,
      reportedCost: init.precondition ? 0n : (this.reportedCost ?? this.gas * this.item.gasPrice),
      effects: lazyEffectsOf(this.chain, init.journal ?? []),
      journal: init.journal ?? [],
      transfers: init.error ? [] : this.transfers,
      messages: init.precondition ? [] : this.messages,
      trace: this.trace,
      prints: this.prints,
      errorOrigin: init.error?.wasmStack ? errorOriginOf(this.chain, init.error.wasmStack) : undefined,
    });
  }

  precondition(error: ExecError): ExecutionResult {
    return this.result({ error, precondition: true, cost: 0n });
  }
}

function errorOriginOf(chain: ChainContext, levels: readonly WasmStackLevel[]): () => ErrorOrigin | undefined {
  return () => resolveWasmStack(levels, (m) => chain.originOf?.(m));
}

export function readAccount(state: { read(k: Key): StoredValue | undefined }, hash: Uint8Array): Account | undefined {
  const v = state.read(accountKey(hash));
  return v?.kind === "Account" ? v.account : undefined;
}

export function readBalance(state: { read(k: Key): StoredValue | undefined }, purse: URef): bigint | undefined {
  const v = state.read(balanceKey(purse.addr));
  if (!v || v.kind !== "CLValue" || v.value.clType.kind !== "U512") return undefined;
  return new ByteReader(v.value.bytes).bigUint(64, "U512");
}

/** engine_state `get_authorized_account`: approvals must be keys of the account and reach the deployment threshold. */
export function authorizedAccount(chain: ChainContext, state: TrackingCopy, item: DeployItem): Account {
  const account = readAccount(state, item.address);
  if (!account) throw execErrors.authorization();
  const admins = chain.config.runtime.administrators;
  if (admins.size > 0 && [...item.authorizationKeys].some((k) => admins.has(k))) return account;
  if (item.authorizationKeys.size === 0 || [...item.authorizationKeys].some((k) => !account.associatedKeys.has(k))) {
    throw execErrors.authorization();
  }
  let weight = 0;
  for (const k of item.authorizationKeys) weight = Math.min(255, weight + (account.associatedKeys.get(k) ?? 0));
  if (weight < account.actionThresholds.deployment) throw execErrors.deploymentAuthorization();
  return account;
}

/** `try_get_amount`: the `amount` arg as U512 (U512 or U64), 0 when absent or of another type. */
export function spendingLimit(args: readonly NamedArg[]): bigint {
  const v = getArg(args, "amount");
  if (!v) return 0n;
  try {
    if (v.clType.kind === "U512") return fullyRead(v.bytes, (r) => r.bigUint(64, "U512"));
    if (v.clType.kind === "U64") return fullyRead(v.bytes, (r) => r.u64());
  } catch (e) {
    throw execErrors.clValue(`CLValue error: ${(e as Error).message}`);
  }
  return 0n;
}

function fullyRead<T>(bytes: Uint8Array, read: (r: ByteReader) => T): T {
  const r = new ByteReader(bytes);
  const v = read(r);
  r.expectEnd("amount");
  return v;
}

/**
 * What a stored-contract item resolves to (ExecutionKind::new): a contract hash, or undefined for
 * module bytes. A versioned item's version is looked up (1.5.8) or ignored, the package's current
 * version running (2.0 execution_kind.rs: "version is defunct"), per deploy-payment.ts.
 */
export function resolveStoredItem(state: TrackingCopy, account: Account, item: ExecutableItem, protocolMajor: number, version: DeployPaymentRules["deployItemVersion"]): Uint8Array | undefined {
  const byName = (name: string): Uint8Array => {
    const key = account.namedKeys.get(name);
    if (!key) throw execErrors.namedKeyNotFound(name);
    if (key.tag !== KeyTag.Hash) throw execErrors.invalidKeyVariant();
    return key.data;
  };
  const versioned = (packageHash: Uint8Array, requested: number | undefined): Uint8Array => {
    const v = state.read(hashKey(packageHash));
    if (!v) throw execErrors.keyNotFound(formatKey(hashKey(packageHash)));
    if (v.kind !== "ContractPackage") throw new ExecError("TypeMismatch", `Type mismatch. Expected ContractPackage but found ${storedValueTypeName(v)}.`);
    const pkg = v.pkg;
    let key = requested !== undefined && version === "honoured" ? { major: protocolMajor, version: requested } : undefined;
    if (!key) {
      const enabled = pkg.versions.filter((x) => !pkg.disabledVersions.some((d) => d.major === x.major && d.version === x.version));
      key = enabled[enabled.length - 1];
    }
    if (!key) throw execErrors.noActiveContractVersions();
    const k = key;
    const disabled = pkg.disabledVersions.some((d) => d.major === k.major && d.version === k.version);
    const found = pkg.versions.find((x) => x.major === k.major && x.version === k.version);
    if (disabled || !found) throw execErrors.invalidContractVersion(`${k.major}.${k.version}`);
    return found.contractHash;
  };
  switch (item.kind) {
    case "ModuleBytes":
      return undefined;
    case "StoredContractByHash":
      return item.hash;
    case "StoredContractByName":
      return byName(item.name);
    case "StoredVersionedContractByHash":
      return versioned(item.hash, item.version);
    case "StoredVersionedContractByName":
      return versioned(byName(item.name), item.version);
    case "Transfer":
      throw execErrors.invalidDeployItemVariant("Transfer");
  }
}

function entryPointOf(item: ExecutableItem): string {
  return "entryPoint" in item ? item.entryPoint : "call";
}

/** Executor::exec: run module bytes or a stored contract as the account's session (or custom payment). */
export function runCode(run: DeployRun, exec: Execution, account: Account, item: ExecutableItem, contractHash: Uint8Array | undefined): CLValue {
  const cfg = run.chain.config.runtime;
  const ctx = new RuntimeContext(
    exec, accountKey(account.accountHash), "Session", new Map(account.namedKeys),
    accountAccessRights(account.accountHash, account.namedKeys, account.mainPurse), item.args, spendingLimit(item.args),
  );
  const rt = new Runtime(ctx, RuntimeStack.fromAccount(account.accountHash, cfg.maxRuntimeCallStackHeight), 0);
  if (item.kind === "ModuleBytes") return rt.executeModuleBytes(exec.modules.prepare(item.moduleBytes));
  return rt.callContract(contractHash!, entryPointOf(item), item.args);
}

/** should_charge_for_errors_in_wasm: preprocessing failures cost the account the penalty. */
function chargedWasmError(e: ExecError): boolean {
  return e.kind === "WasmPreprocessing" || e.kind === "UnsupportedWasmStart";
}

/** ExecutionResult::new_payment_code_error: only a forced transfer of `penalty` from the account to the proposer. */
export function penaltyResult(run: DeployRun, error: ExecError, penalty: bigint, account: Account, rewardsPurse: URef): ExecutionResult {
  const state = new TrackingCopy(run.chain.state);
  const balance = readBalance(state, account.mainPurse) ?? 0n;
  if (balance < penalty) return run.precondition(execErrors.insufficientPayment());
  state.write(balanceKey(account.mainPurse.addr), { kind: "CLValue", value: clv.u512(balance - penalty) });
  state.add(balanceKey(rewardsPurse.addr), { kind: "CLValue", value: clv.u512(penalty) });
  const result = run.result({ error, cost: penalty, journal: state.journal });
  state.commitTo(run.chain.state);
  return result;
}

/** The handle payment contract and its payment purse (payment_code_spec_6). */
export function handlePayment(state: TrackingCopy, system: (name: string) => Uint8Array | undefined): { hash: Uint8Array; named: ReadonlyMap<string, Key>; paymentPurse: URef } {
  const hash = system("handle payment");
  if (!hash) throw execErrors.missingSystemContractHash("handle payment");
  const v = state.read(hashKey(hash));
  if (!v || v.kind !== "Contract") throw execErrors.keyNotFound(formatKey(hashKey(hash)));
  const key = v.contract.namedKeys.get("payment_purse");
  const paymentPurse = key ? keyAsURef(key) : undefined;
  if (!paymentPurse) throw new ExecError("Deploy", "Deploy error");
  return { hash, named: v.contract.namedKeys, paymentPurse };
}

export function systemRegistryLookup(state: TrackingCopy): (name: string) => Uint8Array | undefined {
  const registry = readSystemRegistry(state);
  return (name) => registry.get(name);
}

/** Run `finalize_payment` as the system account (Executor::call_system_contract, FinalizePayment phase). */
export function finalize(run: DeployRun, state: TrackingCopy, account: Account, hp: { hash: Uint8Array; paymentPurse: URef }, rewardsPurse: URef, costMotes: bigint): void {
  const system = readAccount(state, SYSTEM_ACCOUNT_HASH);
  if (!system) throw execErrors.finalization();
  const exec = run.execution(state, system, Phase.FinalizePayment, 2n ** 512n - 1n);
  const contract = state.read(hashKey(hp.hash));
  if (!contract || contract.kind !== "Contract") throw execErrors.finalization();
  const access = contractAccessRights(hp.hash, contract.contract.namedKeys);
  access.extend([hp.paymentPurse, rewardsPurse]);
  const args: NamedArg[] = [
    { name: "amount", value: clv.u512(costMotes) },
    { name: "account", value: { clType: clByteArray(32), bytes: account.accountHash.slice() } },
    { name: "target", value: clv.uref(rewardsPurse) },
  ];
  const ctx = new RuntimeContext(exec, hashKey(hp.hash), "Contract", new Map(contract.contract.namedKeys), access, args, 0n);
  const rt = new Runtime(ctx, RuntimeStack.fromAccount(SYSTEM_ACCOUNT_HASH, run.chain.config.runtime.maxRuntimeCallStackHeight), 0);
  rt.callContract(hp.hash, "finalize_payment", args);
}

export function executeDeploy(chain: ChainContext, item: DeployItem): ExecutionResult {
  const run = new DeployRun(chain, item);
  try {
    const rules = rulesFor(DEPLOY_PAYMENT_RULES, chain.config.runtime.protocol);
    // 2.0 runs a native transfer in the payment-limited flow (its mint lane); 1.5.8 has its own flow
    if (rules.model === "payment-limited") return runPaymentLimitedDeploy(run);
    return item.session.kind === "Transfer" ? runNativeTransfer(run) : runDeploy(run);
  } catch (e) {
    // anything escaping the phases is a refusal: nothing was committed
    return run.precondition(toExecError(e));
  }
}

function runDeploy(run: DeployRun): ExecutionResult {
  const { chain, item } = run;
  const cfg = chain.config;
  const base = new TrackingCopy(chain.state);
  const account = authorizedAccount(chain, base, item);
  if (!readAccount(base, SYSTEM_ACCOUNT_HASH)) throw new ExecError("Deploy", "Deploy error: the system account is missing");

  const sessionContract = resolveStoredItem(base, account, item.session, cfg.runtime.protocolVersion.major, "honoured");

  const balance = readBalance(base, account.mainPurse);
  if (balance === undefined) throw execErrors.insufficientPayment();
  if (balance < cfg.maxPaymentCost) throw execErrors.insufficientPayment();

  const hp = handlePayment(base, systemRegistryLookup(base));
  const proposer = readAccount(base, chain.proposer);
  if (!proposer) throw new ExecError("AccountNotFound", `Account ${toHex(chain.proposer)} not found (the proposer)`);
  const rewardsPurse = proposer.mainPurse;
  if (item.gasPrice === 0n) throw new ExecError("GasConversionOverflow", "Gas conversion overflow");
  const gasPrice = item.gasPrice;

  // ---- payment -----------------------------------------------------------------------------
  const paymentGasLimit = cfg.maxPaymentCost / gasPrice;
  run.gasLimit = paymentGasLimit;
  const paymentExec = run.execution(base, account, Phase.Payment, paymentGasLimit);
  // custom payment that cannot be resolved is refused before anything runs (ExecutionKind::new)
  const paymentContract = isStandardPayment(item.payment) ? undefined : resolveStoredItem(base, account, item.payment, cfg.runtime.protocolVersion.major, "honoured");
  let paymentError: ExecError | undefined;
  try {
    if (isStandardPayment(item.payment)) {
      const ctx = new RuntimeContext(
        paymentExec, accountKey(account.accountHash), "Session", new Map(account.namedKeys),
        accountAccessRights(account.accountHash, account.namedKeys, account.mainPurse), item.payment.args, spendingLimit(item.payment.args),
      );
      standardPayment(new Runtime(ctx, RuntimeStack.fromAccount(account.accountHash, cfg.runtime.maxRuntimeCallStackHeight), 0));
    } else {
      runCode(run, paymentExec, account, item.payment, paymentContract);
    }
  } catch (e) {
    paymentError = toExecError(e);
  }
  const paymentGas = paymentExec.meter.used;
  run.gas = paymentGas;
  const paymentBreakdown = breakdownOf(paymentExec.meter);
  run.gasBreakdown = paymentBreakdown;
  if (paymentError) {
    // a failed payment, malformed or not, costs the account the full penalty (forced transfer)
    return penaltyResult(run, paymentError, cfg.maxPaymentCost, account, rewardsPurse);
  }
  const paymentPurseBalance = readBalance(base, hp.paymentPurse) ?? 0n;
  if (paymentPurseBalance < paymentGas * gasPrice) {
    return penaltyResult(run, execErrors.insufficientPayment(), cfg.maxPaymentCost, account, rewardsPurse);
  }

  // ---- session -----------------------------------------------------------------------------
  const session = base.fork();
  const sessionGasLimit = paymentPurseBalance / gasPrice - paymentGas;
  run.gasLimit = paymentPurseBalance / gasPrice;
  const sessionExec = run.execution(session, account, Phase.Session, sessionGasLimit);
  let sessionError: ExecError | undefined;
  try {
    run.returnValue = runCode(run, sessionExec, account, item.session, sessionContract);
  } catch (e) {
    sessionError = toExecError(e);
  }
  const sessionGas = sessionExec.meter.used;
  run.gas = paymentGas + sessionGas;
  run.gasBreakdown = addBreakdowns(paymentBreakdown, breakdownOf(sessionExec.meter));
  run.transfers = [...sessionExec.transfers];

  session.write(deployInfoKey(item.deployHash), {
    kind: "DeployInfo",
    info: { deployHash: item.deployHash, transfers: transferAddresses(run.transfers), from: account.accountHash, source: account.mainPurse, gas: run.gas },
  });

  if ((sessionExec.meter.active && sessionGas === 0n && paymentPurseBalance < cfg.maxPaymentCost) || (sessionError && chargedWasmError(sessionError))) {
    // "zero-cost session" only means something when gas is measured
    return penaltyResult(run, sessionError ?? execErrors.insufficientPayment(), cfg.maxPaymentCost, account, rewardsPurse);
  }
  if (!sessionError) session.mergeInto(base);
  // the payment's messages stay with its effects; the session's only when it succeeded
  run.messages = sessionError ? [...paymentExec.messages] : [...paymentExec.messages, ...sessionExec.messages];

  // ---- finalize ------------------------------------------------------------------------------
  const finalization = base.fork();
  const costMotes = run.gas * gasPrice;
  try {
    finalize(run, finalization, account, hp, rewardsPurse, costMotes);
  } catch {
    return run.precondition(execErrors.finalization());
  }
  finalization.mergeInto(base);

  const { fee, refund } = refundAndFee(costMotes, paymentPurseBalance, cfg.runtime.refundRatio);
  run.refund = refund;
  const result = run.result({ error: sessionError, cost: fee, journal: base.journal });
  base.commitTo(chain.state);
  return result;
}

/** 1.5.8's DeployInfo lists the Key::Transfer addresses of the deploy's transfers. */
export function transferAddresses(transfers: readonly RecordedTransfer[]): Uint8Array[] {
  return transfers.map((t) => {
    if (!t.address) throw new Error("a DeployInfo lists Key::Transfer addresses, but this transfer was kept only in the result (2.0)");
    return t.address;
  });
}

/** Effects for the result, from the journal of everything committed. */
export function effectsOf(chain: ChainContext, journal: readonly JournalEntry[]): Effects {
  return lazyEffectsOf(chain, journal)();
}

/**
 * The result's effects, formatted only when asked for (a deploy emitting messages journals three
 * records per message; formatting every key of every result cost more than emitting them). The
 * balances' "before" values are read now, from the state the journal is about to be committed to.
 */
function lazyEffectsOf(chain: ChainContext, journal: readonly JournalEntry[]): () => Effects {
  const before = new Map<string, bigint>();
  for (const j of journal) {
    if (j.key.tag !== KeyTag.Balance) continue;
    const id = keyId(j.key);
    if (!before.has(id)) before.set(id, readBalanceAt(chain.state, j.key) ?? 0n);
  }
  let effects: Effects | undefined;
  return () => (effects ??= formatEffects(chain, journal, before));
}

function formatEffects(chain: ChainContext, journal: readonly JournalEntry[], balanceBefore: ReadonlyMap<string, bigint>): Effects {
  const last = new Map<string, JournalEntry>();
  const namedKeys: NamedKeyEffect[] = [];
  for (const j of journal) {
    last.set(formatKey(j.key), j);
    if (j.namedKey) namedKeys.push({ owner: ownerName(chain, j.key), name: j.namedKey.name, key: formatKey(j.namedKey.key) });
  }
  const writes: WriteEffect[] = [];
  const balances: BalanceEffect[] = [];
  for (const [key, j] of last) {
    const v = j.value;
    if (!v) {
      writes.push({ key, transform: j.transform, value: "(pruned)" });
      continue;
    }
    writes.push({ key, transform: j.transform, value: v.kind === "CLValue" ? `CLValue(${v.value.clType.kind})` : v.kind });
    if (j.key.tag === KeyTag.Balance && v.kind === "CLValue") {
      const before = balanceBefore.get(keyId(j.key)) ?? 0n;
      const after = new ByteReader(v.value.bytes).bigUint(64, "U512");
      if (after !== before) balances.push({ purse: key, owner: chain.purseOwner(toHex(j.key.data)), before, after, delta: after - before });
    }
  }
  return { writes, namedKeys, balances };
}

function readBalanceAt(state: GlobalState, key: Key): bigint | undefined {
  const v = state.read(key);
  if (!v || v.kind !== "CLValue") return undefined;
  return new ByteReader(v.value.bytes).bigUint(64, "U512");
}

function ownerName(chain: ChainContext, key: Key): string {
  if (key.tag === KeyTag.Account) return chain.purseOwner(`account:${toHex(key.data)}`) ?? formatKey(key);
  return formatKey(key);
}

export { CLT };
