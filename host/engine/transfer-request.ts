// A native transfer as casper-node 2.0 runs it (the mint lane of node/src/components/contract_runtime/
// operations.rs): storage/src/global_state/state/mod.rs `transfer` (TransferRequest::with_runtime_args)
// resolves the arguments with storage/src/system/transfer.rs TransferRuntimeArgsBuilder, creates the
// target account when it does not exist, and has the mint move the amount in the initiator's context,
// within the available balance (the processing hold of the cost is in place). A failure is the
// TransferError's Display and leaves no effects; the caller charges the cost either way
// (payment-limited.ts). 1.5.8's flow (a payment phase, DeployInfo, revert codes) is native-transfer.ts.

import { type Account, createAccount } from "../bytesrepr/account.ts";
import { CLT, type CLType, clTypeEquals, clTypeToString } from "../bytesrepr/cl-type.ts";
import type { CLValue } from "../bytesrepr/cl-value.ts";
import { BytesreprError } from "../bytesrepr/errors.ts";
import { bytesEqual } from "../bytesrepr/hex.ts";
import { AccessRights, type URef, accountKey, displayKey, displayURef, keyAsAccount, readKey, readURef, withRights } from "../bytesrepr/key.ts";
import { accountHashOf, readPublicKey } from "../bytesrepr/public-key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { getArg, type NamedArg } from "../bytesrepr/runtime-args.ts";
import { Phase } from "../state/address-generator.ts";
import type { TrackingCopy } from "../state/tracking-copy.ts";
import { mintErrorDisplay } from "../runtime/system-error-display.ts";
import { ExecError } from "../runtime/errors.ts";
import { mintTransferArgs, readMintResult } from "../runtime/transfers.ts";
import type { DeployRun } from "./execute.ts";
import { readAccount, readBalance } from "./execute.ts";
import { callSystem } from "./native-transfer.ts";

/** storage/src/system/transfer.rs TransferError, as its Display words it. */
const fail = (message: string): never => {
  throw new ExecError("Transfer", message);
};
const MISSING_ARGUMENT = "Missing argument";
const INVALID_ARGUMENT = "Invalid argument";
const INVALID_PURSE = "Invalid purse";

/**
 * `map_cl_value` / `CLValue::into_t`: the type must be T's (CLValueError::Type, "Type mismatch: Expected
 * U512 but found U64.") and the bytes exactly one T (CLValueError::Serialization, "CLValue error: …").
 */
function into<T>(v: CLValue, expected: CLType, read: (r: ByteReader) => T): T {
  if (!clTypeEquals(v.clType, expected)) fail(`Type mismatch: Expected ${clTypeToString(expected)} but found ${clTypeToString(v.clType)}.`);
  try {
    const r = new ByteReader(v.bytes);
    const out = read(r);
    r.expectEnd("CLValue");
    return out;
  } catch (e) {
    if (e instanceof BytesreprError) fail(`CLValue error: ${e.nodeMessage}`);
    throw e;
  }
}

const u512 = (r: ByteReader) => r.bigUint(64, "U512");
function option<T>(read: (r: ByteReader) => T): (r: ByteReader) => T | undefined {
  return (r) => {
    const tag = r.u8("Option tag");
    if (tag === 0) return undefined;
    if (tag === 1) return read(r);
    throw new BytesreprError("Formatting", "Option", `invalid Option tag ${tag}`);
  };
}

/** `RuntimeArgs::try_get_number("amount")`: the remaining spending limit (0 when absent or not a number). */
function spendingLimit(args: readonly NamedArg[]): bigint {
  const v = getArg(args, "amount");
  if (!v) return 0n;
  if (v.clType.kind === "U512") return into(v, CLT.U512, u512);
  if (v.clType.kind === "U64") return into(v, CLT.U64, (r) => r.u64());
  return 0n;
}

type TargetMode =
  | { readonly kind: "ExistingAccount"; readonly account: Uint8Array; readonly mainPurse: URef }
  | { readonly kind: "PurseExists"; readonly account: Uint8Array | undefined; readonly purse: URef }
  | { readonly kind: "CreateAccount"; readonly account: Uint8Array };

/** `resolve_transfer_target_mode`. */
function resolveTargetMode(tc: TrackingCopy, args: readonly NamedArg[]): TargetMode {
  const toArg = getArg(args, "to");
  const to = toArg && clTypeEquals(toArg.clType, { kind: "Option", inner: { kind: "ByteArray", size: 32 } })
    ? into(toArg, toArg.clType, option((r) => r.raw(32)))
    : undefined;
  const target = getArg(args, "target");
  if (!target) return fail(MISSING_ARGUMENT);
  let account: Uint8Array;
  switch (target.clType.kind) {
    case "URef": {
      const purse = into(target, CLT.URef, (r) => readURef(r));
      if (readBalance(tc, purse) === undefined) fail(INVALID_PURSE);
      return { kind: "PurseExists", account: to, purse };
    }
    case "ByteArray":
      if (target.clType.size !== 32) return fail(INVALID_ARGUMENT);
      account = into(target, target.clType, (r) => r.raw(32));
      break;
    case "Key": {
      const key = into(target, CLT.Key, (r) => readKey(r));
      const hash = keyAsAccount(key);
      if (!hash) return fail(`Invalid key ${displayKey(key)}`);
      account = hash;
      break;
    }
    case "PublicKey":
      account = accountHashOf(into(target, CLT.PublicKey, (r) => readPublicKey(r)));
      break;
    default:
      return fail(INVALID_ARGUMENT);
  }
  const existing = readAccount(tc, account);
  if (!existing) return { kind: "CreateAccount", account };
  return { kind: "ExistingAccount", account, mainPurse: withRights(existing.mainPurse, AccessRights.ADD) };
}

/** `resolve_source_uref`: the main purse, or a writeable purse URef among the account's named keys. */
function resolveSource(tc: TrackingCopy, from: Account, args: readonly NamedArg[]): URef {
  const v = getArg(args, "source");
  let source: URef | undefined;
  if (!v) return from.mainPurse;
  if (v.clType.kind === "URef") source = into(v, CLT.URef, (r) => readURef(r));
  else if (clTypeEquals(v.clType, { kind: "Option", inner: CLT.URef })) source = into(v, v.clType, option((r) => readURef(r)));
  else return fail(INVALID_ARGUMENT);
  if (!source) return from.mainPurse;
  if (bytesEqual(from.mainPurse.addr, source.addr)) return source;
  for (const key of from.namedKeys.values()) {
    // named_key.normalize() == Key::URef(uref).normalize(): the same address, whatever the rights
    if (key.tag !== 2 || !bytesEqual(key.data.subarray(0, 32), source.addr)) continue;
    if ((key.data[32] & AccessRights.WRITE) === 0) fail("Invalid access rights: WRITE");
    if (readBalance(tc, source) === undefined) fail(INVALID_PURSE);
    return source;
  }
  // a named key that is not a URef cannot normalize to one, so only "not found" remains
  return fail(`Forged reference: ${displayURef(source)}`);
}

function resolveAmount(args: readonly NamedArg[]): bigint {
  const v = getArg(args, "amount");
  if (!v) return fail(MISSING_ARGUMENT);
  let amount: bigint;
  if (v.clType.kind === "U512") amount = into(v, CLT.U512, u512);
  else if (v.clType.kind === "U64") amount = into(v, CLT.U64, (r) => r.u64());
  else return fail(INVALID_ARGUMENT);
  if (amount === 0n) fail("Attempt to transfer amount 0");
  return amount;
}

/** `resolve_id`: absent is None; otherwise it must be an Option<u64>. */
function resolveId(args: readonly NamedArg[]): bigint | undefined {
  const v = getArg(args, "id");
  return v ? into(v, { kind: "Option", inner: CLT.U64 }, option((r) => r.u64())) : undefined;
}

/**
 * Runs the transfer on a fork of `state` and merges it in on success; returns the failure (nothing
 * merged) otherwise. The mint records the TransferV2 in `run.transfers`.
 */
export function transferRequest(run: DeployRun, state: TrackingCopy, from: Account): ExecError | undefined {
  const tc = state.fork();
  const args = run.item.session.args;
  try {
    const limit = spendingLimit(args);
    const mode = resolveTargetMode(tc, args);
    // (private chains' transfer restrictions: the engine runs the public networks' unrestricted mode)
    if (mode.kind === "CreateAccount") {
      // runtime.mint(U512::zero()) then create_addressable_entity_from_account (legacy: a Key::Account record)
      const { value } = callSystem(run, tc, from, "mint", "create", [], Phase.Session, 0n);
      const purse = into(value, CLT.URef, (r) => readURef(r));
      tc.write(accountKey(mode.account), { kind: "Account", account: createAccount(mode.account, purse) });
    }
    // build(): the target mode is resolved again (the account now exists), then source, amount, id
    const built = resolveTargetMode(tc, args);
    if (built.kind === "CreateAccount") return fail("Invalid operation");
    const [to, target] = built.kind === "ExistingAccount" ? [built.account, built.mainPurse] : [built.account, built.purse];
    const source = resolveSource(tc, from, args);
    if (bytesEqual(source.addr, target.addr)) fail(INVALID_PURSE);
    const amount = resolveAmount(args);
    const id = resolveId(args);
    const moved = callSystem(run, tc, from, "mint", "transfer", mintTransferArgs(to, source, target, amount, id), Phase.Session, limit);
    const mintError = readMintResult(moved.value);
    if (mintError !== undefined) fail(mintErrorDisplay(mintError));
    run.transfers = [...moved.transfers];
  } catch (e) {
    if (e instanceof ExecError && e.kind === "Transfer") return e;
    throw e;
  }
  tc.mergeInto(state);
  return undefined;
}

