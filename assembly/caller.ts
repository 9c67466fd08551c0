// Who called the running code.
// - The call stack (`casper_load_call_stack`, 1.5.x and 2.x): casper-node v1.5.8 contract_api/runtime.rs
//   get_call_stack. On 2.0 every contract call pushes a StoredContract element (2.0 runtime/mod.rs
//   load_call_stack maps its callers to CallStackElements).
// - Caller information (`casper_load_caller_information`, 2.x only): casper-node 2.0
//   contract_api/runtime.rs get_call_stack / get_call_initiator / get_immediate_caller, with their errors.
import * as env from "./env";
import { ApiError, revert, unwrapOrRevert } from "./errors";
import { HOST_OUT } from "./bytes/scratch";
import { AccountHash } from "./types/byte_array";
import { List } from "./types/list";
import { Result } from "./types/result";
import { CallStackElement, CallStackElementTag, CallerInfo, CallerInfoField, CallerInfoKind, FieldHash } from "./types/caller";
import { Key } from "./types/key";
import { decodeHostBuffer, readHostBuffer } from "./runtime";

const OUT = HOST_OUT;

/** What `casper_load_caller_information` reports (casper-node 2.0 runtime.rs CallerIndex). */
export namespace CallerAction {
  /** the account that started the execution */
  export const Initiator: u8 = 0;
  /** the caller of the running code */
  export const Immediate: u8 = 1;
  /** the whole call stack, initiator first */
  export const FullStack: u8 = 2;
}

/** The call stack, the session's account first and the running code last. */
export function getCallStack(): List<CallStackElement> {
  unwrapOrRevert(env.casper_load_call_stack(OUT, OUT + 4));
  if (load<u32>(OUT) == 0) return new List<CallStackElement>();
  return decodeHostBuffer<List<CallStackElement>>(load<u32>(OUT + 4));
}

/**
 * The element below the running code on the call stack (who called it), or null at the bottom: what
 * CEP-18's `get_immediate_caller_address` takes (`call_stack.into_iter().rev().nth(1)`).
 */
export function getImmediateCaller(): CallStackElement | null {
  const stack = getCallStack();
  const n = stack.length;
  return n < 2 ? null : stack.at(n - 2);
}

/**
 * The immediate caller as the Key Casper's token standards hold balances under (cep18 v1.1.0 utils.rs
 * call_stack_element_to_address): a Session or StoredSession element's account as Key::Account (stored
 * session code acts for the account), a StoredContract element's package as Key::Hash. Null at the bottom
 * of the stack (cep18 reverts with its InvalidContext then). It reads the element it needs out of the
 * serialized stack rather than decoding the whole list (contracts call it on every entry point).
 */
export function getImmediateCallerKey(): Key | null {
  unwrapOrRevert(env.casper_load_call_stack(OUT, OUT + 4));
  const n = load<u32>(OUT);
  if (n < 2) return null;
  const stack = readHostBuffer(load<u32>(OUT + 4));
  const end = stack.ptr + stack.length;
  // Vec<CallStackElement>: u32 count, then the elements (33, 97 or 65 bytes by tag)
  let p = stack.ptr + 4;
  for (let i: u32 = 0; ; i++) {
    if (p >= end || load<u8>(p) > CallStackElementTag.StoredContract) revert(ApiError.Formatting);
    const element = changetype<CallStackElement>(p);
    if (p + element.length > end) revert(ApiError.EarlyEndOfStream);
    if (i == n - 2) break;
    p += element.length;
  }
  const element = changetype<CallStackElement>(p);
  if (element.tag == CallStackElementTag.StoredContract) return Key.packageHash(element.contractPackageHash!);
  return Key.account(element.accountHash!);
}

/**
 * The CallerInfo list the host gives for `action` (a CallerAction): one element for Initiator and
 * Immediate, the stack for FullStack. Reverts with the host's error (an unknown action:
 * InvalidCallerInfoRequest, 50). 2.x only.
 */
export function loadCallerInformation(action: u8): List<CallerInfo> {
  unwrapOrRevert(env.casper_load_caller_information(action, OUT, OUT + 4));
  if (load<u32>(OUT) == 0) return new List<CallerInfo>();
  return decodeHostBuffer<List<CallerInfo>>(load<u32>(OUT + 4));
}

/** The call stack as CallerInfo, initiator first (casper-contract 5.x `get_call_stack`). 2.x only. */
export function getCallStackInfo(): List<CallerInfo> {
  return loadCallerInformation(CallerAction.FullStack);
}

function oneCaller(action: u8): Result<CallerInfo, u32> {
  const callers = loadCallerInformation(action);
  if (callers.length == 0) return Result.err<CallerInfo, u32>(ApiError.InvalidCallerInfoRequest);
  if (callers.length != 1) return Result.err<CallerInfo, u32>(ApiError.Unhandled);
  return Result.ok<CallerInfo, u32>(callers.at(0));
}

/** The immediate caller (casper-contract 5.x `get_immediate_caller`). 2.x only. */
export function getImmediateCallerInfo(): Result<CallerInfo, u32> {
  return oneCaller(CallerAction.Immediate);
}

/**
 * The account that started the execution (casper-contract 5.x `get_call_initiator`), with its errors:
 * Unhandled (31) when the initiator is not an account, PurseNotCreated (30) without an account field,
 * CLTypeMismatch (16) when that field is not an Option<AccountHash>, None (1) when it is None. 2.x only.
 */
export function getCallInitiator(): Result<AccountHash, u32> {
  const caller = oneCaller(CallerAction.Initiator);
  if (caller.isErr) return Result.err<AccountHash, u32>(caller.unwrapErr());
  const info = caller.unwrap();
  if (info.kind != CallerInfoKind.Account) return Result.err<AccountHash, u32>(ApiError.Unhandled);
  const found = info.optionalHash(CallerInfoField.Account);
  if (found == FieldHash.Absent) return Result.err<AccountHash, u32>(ApiError.PurseNotCreated);
  if (found == FieldHash.Mismatch) return Result.err<AccountHash, u32>(ApiError.CLTypeMismatch);
  if (found == FieldHash.None) return Result.err<AccountHash, u32>(ApiError.None);
  return Result.ok<AccountHash, u32>(changetype<AccountHash>(found));
}
