// A native (wasm-less) transfer, as casper-node v1.5.8 engine_state/mod.rs `transfer` runs it: the
// fixed transfer cost moves from the source purse into the payment purse, the mint moves the amount
// (creating the target account if needed), and finalize pays the cost to the proposer. Argument
// errors cost the account the transfer cost (new_payment_code_error), as on chain.

import { createAccount, type Account } from "../bytesrepr/account.ts";
import { CLT, clByteArray } from "../bytesrepr/cl-type.ts";
import type { CLValue } from "../bytesrepr/cl-value.ts";
import { BytesreprError } from "../bytesrepr/errors.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { AccessRights, type URef, accountKey, deployInfoKey, hashKey, keyAsAccount, keyAsURef, readKey, readURef, withRights } from "../bytesrepr/key.ts";
import { SYSTEM_ACCOUNT_HASH, accountHashOf, readPublicKey } from "../bytesrepr/public-key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { getArg, type NamedArg } from "../bytesrepr/runtime-args.ts";
import { Phase } from "../state/address-generator.ts";
import type { TrackingCopy } from "../state/tracking-copy.ts";
import { ApiErrorCode, apiError } from "../runtime/api-error.ts";
import { RuntimeStack } from "../runtime/call-stack.ts";
import { RuntimeContext } from "../runtime/context.ts";
import { ExecError, execErrors, toExecError } from "../runtime/errors.ts";
import { Runtime, contractAccessRights } from "../runtime/runtime.ts";
import { mintTransferArgs, readMintResult } from "../runtime/transfers.ts";
import type { ExecutionResult } from "./result.ts";
import { type DeployRun, authorizedAccount, finalize, handlePayment, penaltyResult, readAccount, readBalance, systemRegistryLookup } from "./execute.ts";
import { TrackingCopy as TC } from "../state/tracking-copy.ts";

const BYTESREPR_API: Record<string, number> = {
  EarlyEndOfStream: ApiErrorCode.EarlyEndOfStream, Formatting: ApiErrorCode.Formatting, LeftOverBytes: ApiErrorCode.LeftOverBytes,
  OutOfMemory: ApiErrorCode.OutOfMemory, NotRepresentable: ApiErrorCode.NonRepresentableSerialization, ExceededRecursionDepth: ApiErrorCode.ExceededRecursionDepth,
};

/** `Error::reverter(ApiError)`: an argument problem reported as a revert. */
const revert = (code: number) => ExecError.revert(code);

/** CLValue::into_t failures map to ApiErrors (CLValueError -> ApiError): decode errors by kind, type errors CLTypeMismatch. */
function decodeArg<T>(v: CLValue, read: (r: ByteReader) => T): T {
  try {
    const r = new ByteReader(v.bytes);
    const out = read(r);
    r.expectEnd("arg");
    return out;
  } catch (e) {
    if (e instanceof BytesreprError) throw revert(BYTESREPR_API[e.kind]);
    throw e;
  }
}

type Target = { readonly kind: "purse"; readonly purse: URef } | { readonly kind: "account"; readonly hash: Uint8Array };

/** TransferRuntimeArgsBuilder::resolve_transfer_target_mode */
function resolveTarget(args: readonly NamedArg[]): Target {
  const v = getArg(args, "target");
  if (!v) throw revert(ApiErrorCode.MissingArgument);
  switch (v.clType.kind) {
    case "URef":
      return { kind: "purse", purse: decodeArg(v, (r) => readURef(r)) };
    case "ByteArray":
      if (v.clType.size !== 32) throw revert(ApiErrorCode.InvalidArgument);
      return { kind: "account", hash: decodeArg(v, (r) => r.raw(32)) };
    case "Key": {
      const key = decodeArg(v, (r) => readKey(r));
      const hash = keyAsAccount(key);
      if (!hash) throw revert(ApiErrorCode.Transfer);
      return { kind: "account", hash };
    }
    case "PublicKey":
      return { kind: "account", hash: accountHashOf(decodeArg(v, (r) => readPublicKey(r))) };
    default:
      throw revert(ApiErrorCode.InvalidArgument);
  }
}

function resolveAmount(args: readonly NamedArg[]): bigint {
  const v = getArg(args, "amount");
  if (!v) throw revert(ApiErrorCode.MissingArgument);
  let amount: bigint;
  if (v.clType.kind === "U512") amount = decodeArg(v, (r) => r.bigUint(64, "U512"));
  else if (v.clType.kind === "U64") amount = decodeArg(v, (r) => r.u64());
  else throw revert(ApiErrorCode.InvalidArgument);
  if (amount === 0n) throw revert(ApiErrorCode.Transfer);
  return amount;
}

function resolveId(args: readonly NamedArg[]): bigint | undefined {
  const v = getArg(args, "id");
  if (!v) throw revert(ApiErrorCode.MissingArgument);
  if (v.clType.kind !== "Option" || v.clType.inner.kind !== "U64") throw revert(ApiErrorCode.CLTypeMismatch);
  return decodeArg(v, (r) => {
    const tag = r.u8("Option tag");
    if (tag === 0) return undefined;
    if (tag === 1) return r.u64();
    throw new BytesreprError("Formatting", "Option<u64>", `invalid Option tag ${tag}`);
  });
}

/** resolve_source_uref: the main purse, or a writeable purse URef the account holds in its named keys. */
function resolveSource(state: TrackingCopy, account: Account, args: readonly NamedArg[]): URef {
  const v = getArg(args, "source");
  if (!v) return account.mainPurse;
  if (v.clType.kind !== "URef") throw revert(ApiErrorCode.InvalidArgument);
  const u = decodeArg(v, (r) => readURef(r));
  if (toHex(u.addr) === toHex(account.mainPurse.addr)) return u;
  const found = [...account.namedKeys.values()].map(keyAsURef).find((x) => x !== undefined && toHex(x.addr) === toHex(u.addr));
  if (found) {
    if ((found.rights & AccessRights.WRITE) === 0) throw execErrors.invalidAccess("WRITE");
    if (readBalance(state, found) === undefined) throw revert(ApiErrorCode.InvalidPurse);
    return u;
  }
  throw execErrors.forgedReference(`URef(${toHex(u.addr)})`);
}

/** Executor::call_system_contract: a system contract entry point, from the system call stack. */
function callSystem(run: DeployRun, state: TrackingCopy, account: Account, name: string, entryPoint: string, args: NamedArg[], phase: number, spending: bigint): { value: CLValue; transfers: Uint8Array[] } {
  const hash = systemRegistryLookup(state)(name);
  if (!hash) throw execErrors.missingSystemContractHash(name);
  const contract = state.read(hashKey(hash));
  if (!contract || contract.kind !== "Contract") throw execErrors.keyNotFound(`Key::Hash(${toHex(hash)})`);
  const exec = run.execution(state, account, phase, 2n ** 64n - 1n);
  const ctx = new RuntimeContext(exec, hashKey(hash), "Contract", new Map(contract.contract.namedKeys), contractAccessRights(hash, contract.contract.namedKeys), args, spending);
  const rt = new Runtime(ctx, RuntimeStack.fromAccount(SYSTEM_ACCOUNT_HASH, run.chain.config.runtime.maxRuntimeCallStackHeight), 0);
  const value = rt.callContract(hash, entryPoint, args);
  return { value, transfers: exec.transfers };
}

/** The transfer's target (creating its account when new), source purse, amount and id, from the args. */
function resolveTransfer(run: DeployRun, tc: TrackingCopy, account: Account, args: readonly NamedArg[]): { to?: Uint8Array; source: URef; targetPurse: URef; amount: bigint; id?: bigint } {
  const target = resolveTarget(args);
  if (target.kind === "purse") {
    if (readBalance(tc, target.purse) === undefined) throw revert(ApiErrorCode.InvalidPurse);
  } else if (!readAccount(tc, target.hash)) {
    // a new account: the mint creates its main purse (DirectSystemContractCall::CreatePurse)
    const { value } = callSystem(run, tc, account, "mint", "create", [], Phase.Session, 0n);
    const purse = decodeArg(value, (r) => readURef(r));
    tc.write(accountKey(target.hash), { kind: "Account", account: createAccount(target.hash, purse) });
  }
  let to: Uint8Array | undefined;
  let targetPurse: URef;
  if (target.kind === "purse") {
    targetPurse = target.purse;
  } else {
    const acct = readAccount(tc, target.hash)!;
    to = target.hash;
    targetPurse = withRights(acct.mainPurse, AccessRights.ADD);
  }
  const source = resolveSource(tc, account, args);
  if (toHex(source.addr) === toHex(targetPurse.addr)) throw revert(ApiErrorCode.InvalidPurse);
  return { to, source, targetPurse, amount: resolveAmount(args), id: resolveId(args) };
}

/**
 * The transfer alone, with no payment and no fee (2.0 state/mod.rs `transfer`, what a speculative
 * execution of a native transfer runs): the mint moves the amount; its error reverts. Returns the
 * transfer addresses recorded.
 */
export function moveNativeTransfer(run: DeployRun, tc: TrackingCopy, account: Account, args: readonly NamedArg[]): Uint8Array[] {
  const { to, source, targetPurse, amount, id } = resolveTransfer(run, tc, account, args);
  const moved = callSystem(run, tc, account, "mint", "transfer", mintTransferArgs(to, source, targetPurse, amount, id), Phase.Session, amount);
  const error = readMintResult(moved.value);
  if (error !== undefined) throw revert(apiError.mint(error));
  return [...moved.transfers];
}

export function runNativeTransfer(run: DeployRun): ExecutionResult {
  const { chain, item } = run;
  const tc: TrackingCopy = new TC(chain.state);
  const account = authorizedAccount(chain, tc, item);
  if (!readAccount(tc, SYSTEM_ACCOUNT_HASH)) throw new ExecError("Deploy", "Deploy error: the system account is missing");
  const hp = handlePayment(tc, systemRegistryLookup(tc));
  const cost = chain.config.nativeTransferCost;
  const proposer = readAccount(tc, chain.proposer);
  if (!proposer) throw new ExecError("AccountNotFound", `Account ${toHex(chain.proposer)} not found (the proposer)`);
  const rewardsPurse = proposer.mainPurse;
  const mainBalance = readBalance(tc, account.mainPurse) ?? 0n;
  if (mainBalance < cost) throw execErrors.insufficientPayment();
  run.gas = cost;
  // the fixed cost of a native transfer is a system cost (system_costs / mint_costs.transfer)
  run.gasBreakdown = { wasm: 0n, host: 0n, storage: 0n, system: cost };
  run.gasLimit = cost;

  const charged = (e: unknown) => penaltyResult(run, toExecError(e), cost, account, rewardsPurse);
  const args = item.session.args;

  try {
    const { to, source, targetPurse, amount, id } = resolveTransfer(run, tc, account, args);

    const sourceBalance = toHex(source.addr) === toHex(account.mainPurse.addr) ? mainBalance : readBalance(tc, source) ?? 0n;
    if (sourceBalance < cost + amount) throw execErrors.insufficientPayment();

    // payment: the cost into the payment purse
    const pp = callSystem(run, tc, account, "handle payment", "get_payment_purse", [], Phase.Payment, 0n);
    const paymentPurse = decodeArg(pp.value, (r) => readURef(r));
    const paid = callSystem(run, tc, account, "mint", "transfer", mintTransferArgs(to, source, paymentPurse, cost, id), Phase.Payment, cost);
    const paidError = readMintResult(paid.value);
    if (paidError !== undefined) throw revert(apiError.mint(paidError));

    // session: the transfer itself (its Result is not inspected by the node)
    const moved = callSystem(run, tc, account, "mint", "transfer", mintTransferArgs(to, source, targetPurse, amount, id), Phase.Session, amount);
    run.transfers = [...moved.transfers];
  } catch (e) {
    return charged(e);
  }

  const finalization = tc.fork();
  try {
    finalize(run, finalization, account, hp, rewardsPurse, cost);
  } catch {
    return run.precondition(execErrors.finalization());
  }
  tc.write(deployInfoKey(item.deployHash), {
    kind: "DeployInfo",
    info: { deployHash: item.deployHash, transfers: run.transfers, from: account.accountHash, source: account.mainPurse, gas: cost },
  });
  finalization.mergeInto(tc);
  const result = run.result({ cost, journal: tc.journal });
  tc.commitTo(chain.state);
  return result;
}

export { CLT, clByteArray, accountKey };
