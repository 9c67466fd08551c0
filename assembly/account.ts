// account: the associated keys and action thresholds of the account running the session, and its
// main purse. Mirrors casper-node v1.5.8 smart_contracts/contract/src/contract_api/account.rs:
// each function returns 0 or the failure number the host gave (the enums below); a number outside
// the enum reverts with Unhandled (31), as Rust's `TryFrom<i32>` + `unwrap_or_revert` does.
import * as env from "./env";
import { ApiError, revert } from "./errors";
import { AccountHash } from "./types/byte_array";
import { URef, UREF_SERIALIZED_LENGTH } from "./types/uref";
import { decodeOrRevert } from "./runtime";

export namespace ActionType {
  export const Deployment: u32 = 0;
  export const KeyManagement: u32 = 1;
}

export namespace AddKeyFailure {
  export const MaxKeysLimit: u32 = 1;
  export const DuplicateKey: u32 = 2;
  export const PermissionDenied: u32 = 3;
}

export namespace RemoveKeyFailure {
  export const MissingKey: u32 = 1;
  export const PermissionDenied: u32 = 2;
  export const ThresholdViolation: u32 = 3;
}

export namespace UpdateKeyFailure {
  export const MissingKey: u32 = 1;
  export const PermissionDenied: u32 = 2;
  export const ThresholdViolation: u32 = 3;
}

export namespace SetThresholdFailure {
  export const KeyManagementThreshold: u32 = 1;
  export const DeploymentThreshold: u32 = 2;
  export const PermissionDeniedError: u32 = 3;
  export const InsufficientTotalWeight: u32 = 4;
}

/** `status` if it is 0..=max, else revert Unhandled. */
function failure(status: i32, max: u32): u32 {
  if (<u32>status > max) revert(ApiError.Unhandled);
  return <u32>status;
}

/** The account's main purse. */
export function getMainPurse(): URef {
  const p = heap.alloc(UREF_SERIALIZED_LENGTH);
  env.casper_get_main_purse(p);
  return decodeOrRevert<URef>(p, UREF_SERIALIZED_LENGTH);
}

/** Sets the threshold of `actionType`; 0 or a SetThresholdFailure. */
export function setActionThreshold(actionType: u32, threshold: u8): u32 {
  return failure(env.casper_set_action_threshold(actionType, threshold), 4);
}

/** Adds `accountHash` with `weight`; 0 or an AddKeyFailure. */
export function addAssociatedKey(accountHash: AccountHash, weight: u8): u32 {
  return failure(env.casper_add_associated_key(accountHash.ptr, 32, weight), 3);
}

/** Removes `accountHash`; 0 or a RemoveKeyFailure. */
export function removeAssociatedKey(accountHash: AccountHash): u32 {
  return failure(env.casper_remove_associated_key(accountHash.ptr, 32), 3);
}

/** Sets the weight of `accountHash`; 0 or an UpdateKeyFailure. */
export function updateAssociatedKey(accountHash: AccountHash, weight: u8): u32 {
  return failure(env.casper_update_associated_key(accountHash.ptr, 32, weight), 3);
}
