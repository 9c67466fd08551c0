// system: the system contracts, purses, balances and transfers.
// Mirrors casper-node v1.5.8 smart_contracts/contract/src/contract_api/system.rs.
import * as env from "./env";
import { ApiError, unwrapOrRevert } from "./errors";
import { Writer } from "./bytes/writer";
import { HOST_OUT } from "./bytes/scratch";
import { AccountHash, ContractHash } from "./types/byte_array";
import { URef, UREF_SERIALIZED_LENGTH } from "./types/uref";
import { U512 } from "./types/u512";
import { Option } from "./types/option";
import { Result } from "./types/result";
import { PublicKey } from "./types/public_key";
import { decodeOrRevert, decodeHostBuffer } from "./runtime";

/** Index of each system contract for casper_get_system_contract (system_contract_type.rs). */
export namespace SystemContract {
  export const Mint: u32 = 0;
  export const HandlePayment: u32 = 1;
  export const StandardPayment: u32 = 2;
  export const Auction: u32 = 3;
}

/** Where a transfer to an account landed (transfer_result.rs). */
export namespace TransferredTo {
  export const ExistingAccount: u32 = 0;
  export const NewAccount: u32 = 1;
}

const OUT = HOST_OUT;

/** The hash of system contract `index`; reverts with the host's error. */
export function getSystemContract(index: u32): ContractHash {
  const p = heap.alloc(32);
  unwrapOrRevert(env.casper_get_system_contract(index, p, 32));
  return changetype<ContractHash>(p);
}

export function getMint(): ContractHash {
  return getSystemContract(SystemContract.Mint);
}
export function getHandlePayment(): ContractHash {
  return getSystemContract(SystemContract.HandlePayment);
}
export function getStandardPayment(): ContractHash {
  return getSystemContract(SystemContract.StandardPayment);
}
export function getAuction(): ContractHash {
  return getSystemContract(SystemContract.Auction);
}

/** A new empty purse. */
export function createPurse(): URef {
  const p = heap.alloc(UREF_SERIALIZED_LENGTH);
  unwrapOrRevert(env.casper_create_purse(p, UREF_SERIALIZED_LENGTH));
  return decodeOrRevert<URef>(p, UREF_SERIALIZED_LENGTH);
}

/** Balance of `purse` in motes, or null when it is not a purse (InvalidPurse). */
export function getPurseBalance(purse: URef): U512 | null {
  const status = env.casper_get_balance(purse.ptr, UREF_SERIALIZED_LENGTH, OUT);
  if (status == <i32>ApiError.InvalidPurse) return null;
  unwrapOrRevert(status);
  return decodeHostBuffer<U512>(load<u32>(OUT));
}

/** Balance of the account's main purse. */
export function getBalance(): U512 | null {
  const p = heap.alloc(UREF_SERIALIZED_LENGTH);
  env.casper_get_main_purse(p);
  return getPurseBalance(changetype<URef>(p));
}

/** Rust's TransferredTo::result_from: 0 / 1, else Err(Transfer); a failed call: Err(its ApiError). */
function transferOutcome(status: i32): Result<u32, u32> {
  if (status != 0) return Result.err<u32, u32>(ApiError.fromHost(<u32>status));
  const to = load<u32>(OUT);
  if (to > TransferredTo.NewAccount) return Result.err<u32, u32>(ApiError.Transfer);
  return Result.ok<u32, u32>(to);
}

function amountAndId(amount: U512, id: Option<u64>): Writer {
  const w = new Writer();
  amount.encode(w);
  id.encode(w);
  return w;
}

/**
 * Transfers `amount` motes from the account's main purse to `target` (created when missing).
 * Ok(TransferredTo) or Err(ApiError code), as Rust's TransferResult; `.unwrapOrRevert()` reverts
 * with the error.
 */
export function transferToAccount(target: AccountHash, amount: U512, id: Option<u64>): Result<u32, u32> {
  const a = amountAndId(amount, id);
  const amountLength = a.len - (id.isSome ? 9 : 1);
  return transferOutcome(
    env.casper_transfer_to_account(target.ptr, 32, a.ptr, amountLength, a.ptr + amountLength, a.len - amountLength, OUT),
  );
}

export function transferToPublicKey(target: PublicKey, amount: U512, id: Option<u64>): Result<u32, u32> {
  return transferToAccount(target.toAccountHash(), amount, id);
}

/** Transfers from `source` to the main purse of `target` (created when missing); as transferToAccount. */
export function transferFromPurseToAccount(source: URef, target: AccountHash, amount: U512, id: Option<u64>): Result<u32, u32> {
  const a = amountAndId(amount, id);
  const amountLength = a.len - (id.isSome ? 9 : 1);
  return transferOutcome(
    env.casper_transfer_from_purse_to_account(
      source.ptr, UREF_SERIALIZED_LENGTH, target.ptr, 32, a.ptr, amountLength, a.ptr + amountLength, a.len - amountLength, OUT,
    ),
  );
}

export function transferFromPurseToPublicKey(source: URef, target: PublicKey, amount: U512, id: Option<u64>): Result<u32, u32> {
  return transferFromPurseToAccount(source, target.toAccountHash(), amount, id);
}

/** Transfers between purses; returns the ApiError code (0 = done). */
export function transferFromPurseToPurse(source: URef, target: URef, amount: U512, id: Option<u64>): u32 {
  const a = amountAndId(amount, id);
  const amountLength = a.len - (id.isSome ? 9 : 1);
  const status = env.casper_transfer_from_purse_to_purse(
    source.ptr, UREF_SERIALIZED_LENGTH, target.ptr, UREF_SERIALIZED_LENGTH, a.ptr, amountLength, a.ptr + amountLength, a.len - amountLength,
  );
  return status == 0 ? 0 : ApiError.fromHost(<u32>status);
}
