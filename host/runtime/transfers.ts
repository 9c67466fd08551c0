// Moving motes on behalf of the running code, as casper-node v1.5.8 runtime/mod.rs does it: every
// movement is a call into the mint's `transfer` through call_contract, with the URef checks of the
// calling context (mint_transfer, transfer_to_new_account, transfer_from_purse_to_account, ...).

import { createAccount } from "../bytesrepr/account.ts";
import { CLT, clByteArray, clOption, clResult } from "../bytesrepr/cl-type.ts";
import { type CLValue, clv, clValueInto } from "../bytesrepr/cl-value.ts";
import type { Account } from "../bytesrepr/account.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { AccessRights, type URef, accountKey, encodeURef, readURef, urefKey, withRights } from "../bytesrepr/key.ts";
import type { NamedArg } from "../bytesrepr/runtime-args.ts";
import { ByteWriter } from "../bytesrepr/writer.ts";
import { MintError, apiError } from "./api-error.ts";
import { ExecError } from "./errors.ts";
import type { Runtime } from "./runtime.ts";

export const TransferredTo = { ExistingAccount: 0, NewAccount: 1 } as const;

/** Ok(TransferredTo) or Err(ApiError code), the TransferResult host functions return. */
export type TransferOutcome = { readonly ok: number } | { readonly err: number };

export const MINT = "mint";
export const HANDLE_PAYMENT = "handle payment";
export const STANDARD_PAYMENT = "standard payment";
export const AUCTION = "auction";

export function mintTransferArgs(to: Uint8Array | undefined, source: URef, target: URef, amount: bigint, id: bigint | undefined): NamedArg[] {
  return [
    { name: "to", value: clv.option(clByteArray(32), to) },
    { name: "source", value: clv.uref(source) },
    { name: "target", value: clv.uref(target) },
    { name: "amount", value: clv.u512(amount) },
    { name: "id", value: clv.option(CLT.U64, id === undefined ? undefined : new ByteWriter(8).u64(id).toBytes()) },
  ];
}

/** The mint's Result<(), mint::Error> as returned by `transfer`: undefined or the error number. */
export function readMintResult(v: CLValue): number | undefined {
  return clValueInto(v, clResult(CLT.Unit, CLT.U8), (r) => {
    const tag = r.u8("Result tag");
    if (tag === 1) return undefined;
    if (tag === 0) return r.u8("mint error");
    throw new Error(`invalid Result tag ${tag}`);
  });
}

/** `mint_transfer`: the source must be valid in the calling context, then call mint.transfer. */
export function mintTransfer(rt: Runtime, to: Uint8Array | undefined, source: URef, target: URef, amount: bigint, id: bigint | undefined): number | undefined {
  rt.context.validateURef(source);
  const mint = rt.exec.systemContractHash(MINT);
  // runtime/mod.rs mint_transfer: the gas counter is set back after the call
  const meter = rt.exec.meter;
  const used = meter.used;
  let ret: CLValue;
  try {
    ret = rt.callContract(mint, "transfer", mintTransferArgs(to, source, target, amount, id));
  } finally {
    meter.setUsed(used);
  }
  return readMintResult(ret);
}

/** `mint_create`: a new empty purse from the mint. */
export function mintCreate(rt: Runtime): URef {
  const ret = rt.callContract(rt.exec.systemContractHash(MINT), "create", []);
  return clValueInto(ret, CLT.URef, (r) => readURef(r));
}

/** `create_purse` (the host function): the mint's `create`, inside a host-function scope. */
export function createPurse(rt: Runtime): URef {
  return rt.inHostScope(() => mintCreate(rt));
}

/** `get_balance`: the available balance (2.0 runtime/mod.rs get_balance_host_buffer; the total in 1.5.8, where nothing is held). */
export function getBalance(rt: Runtime, purse: URef): bigint | undefined {
  return rt.context.availableBalance(purse);
}

function transferToNewAccount(rt: Runtime, source: URef, target: Uint8Array, amount: bigint, id: bigint | undefined): TransferOutcome {
  const cfg = rt.exec.config;
  if (!cfg.allowUnrestrictedTransfers && !cfg.administrators.has(toHex(rt.context.caller)) && !cfg.administrators.has(toHex(target))) {
    throw new ExecError("DisabledUnrestrictedTransfers", "Failed to transfer with unrestricted transfers disabled");
  }
  if (amount > (getBalance(rt, source) ?? 0n)) return { err: apiError.mint(MintError.InsufficientFunds) };
  const targetPurse = mintCreate(rt);
  const result = mintTransfer(rt, target, source, withRights(targetPurse, AccessRights.ADD), amount, id);
  // mint_create granted this context rights to the new purse; they must not leak
  rt.context.accessRights.remove(toHex(targetPurse.addr), targetPurse.rights);
  if (result !== undefined) return { err: apiError.mint(result) };
  const account = createAccount(target, targetPurse);
  rt.context.validateKey(accountKey(target));
  rt.context.writeGsUnsafe(accountKey(target), { kind: "Account", account });
  return { ok: TransferredTo.NewAccount };
}

/** `transfer_from_purse_to_account`: into an existing account's main purse (ADD only, granted for the call). */
export function transferFromPurseToAccount(rt: Runtime, source: URef, target: Account, amount: bigint, id: bigint | undefined): TransferOutcome {
  const targetURef = withRights(target.mainPurse, AccessRights.ADD);
  if (toHex(source.addr) === toHex(targetURef.addr)) {
    return { ok: TransferredTo.ExistingAccount };
  }
  const granted = rt.context.accessRights.grant(targetURef);
  try {
    const result = mintTransfer(rt, target.accountHash, source, targetURef, amount, id);
    return result === undefined ? { ok: TransferredTo.ExistingAccount } : { err: apiError.mint(result) };
  } finally {
    if (granted.granted) rt.context.accessRights.remove(granted.addr, granted.rights);
  }
}

/** `transfer_from_purse_to_account_hash`: creates the account if it does not exist. */
export function transferFromPurseToAccountHash(rt: Runtime, source: URef, target: Uint8Array, amount: bigint, id: bigint | undefined): TransferOutcome {
  return rt.inHostScope(() => {
    const key = accountKey(target);
    rt.context.validateKey(key);
    const existing = rt.exec.state.read(key);
    if (!existing) return transferToNewAccount(rt, source, target, amount, id);
    if (existing.kind !== "Account") throw new ExecError("AccountNotFound", `Account ${toHex(target)} not found`);
    return transferFromPurseToAccount(rt, source, existing.account, amount, id);
  });
}

export function transferToAccount(rt: Runtime, target: Uint8Array, amount: bigint, id: bigint | undefined): TransferOutcome {
  return transferFromPurseToAccountHash(rt, rt.context.getMainPurse(), target, amount, id);
}

/** `transfer_from_purse_to_purse`: undefined on success, else the mint error number. */
export function transferFromPurseToPurse(rt: Runtime, source: URef, target: URef, amount: bigint, id: bigint | undefined): number | undefined {
  rt.context.validateURef(source);
  return mintTransfer(rt, undefined, source, target, amount, id);
}

export { encodeURef, urefKey, clOption };
