// Stored contract managing the installing account's associated keys and action thresholds: a port of the
// Rust `keys_manager` contract of casper-node's docs, written as a class (the build's transform makes the
// exports, the installer `call`, the entry point table and build/keys_manager.schema.json of it; see
// assembly/contract/README.md). `call` installs a locked contract with four Caller (Session) entry points:
// each runs in the calling account's context. tests/contracts/keys_manager_handwritten.ts is the same
// contract written by hand.
import { account as acct, AccountHash, PublicKey, List, fail } from "../index";

/** The contract's errors (User error: n), numbered as the Rust contract's errors.rs. */
@errors
enum Error {
  /** the deploy's approvals weigh less than the key management threshold */
  PermissionDenied = 2,
  /** the change would leave the account's keys below one of its thresholds */
  ThresholdViolation = 3,
  /** the account has the chainspec's maximum number of associated keys */
  MaxKeysLimit = 4,
  /** the key is associated already */
  DuplicateKey = 5,
  /** the key management threshold would be below the deployment threshold */
  KeyManagementThreshold = 6,
  /** the deployment threshold would be above the key management threshold */
  DeploymentThreshold = 7,
  /** the threshold is more than the associated keys weigh together */
  InsufficientTotalWeight = 8,
}

// Weight 0 removes the key (a missing key is fine); otherwise update it, or add it when missing.
function updateKeyWeight(key: AccountHash, weight: u8): void {
  if (weight == 0) {
    const status = acct.removeAssociatedKey(key);
    if (status == acct.RemoveKeyFailure.PermissionDenied) fail(Error.PermissionDenied);
    else if (status == acct.RemoveKeyFailure.ThresholdViolation) fail(Error.ThresholdViolation);
    return;
  }
  const status = acct.updateAssociatedKey(key, weight);
  if (status == acct.UpdateKeyFailure.MissingKey) {
    const added = acct.addAssociatedKey(key, weight);
    if (added == acct.AddKeyFailure.MaxKeysLimit) fail(Error.MaxKeysLimit);
    else if (added == acct.AddKeyFailure.DuplicateKey) fail(Error.DuplicateKey);
    else if (added == acct.AddKeyFailure.PermissionDenied) fail(Error.PermissionDenied);
  } else if (status == acct.UpdateKeyFailure.PermissionDenied) fail(Error.PermissionDenied);
  else if (status == acct.UpdateKeyFailure.ThresholdViolation) fail(Error.ThresholdViolation);
}

function setThreshold(actionType: u32, threshold: u8): void {
  const status = acct.setActionThreshold(actionType, threshold);
  if (status == acct.SetThresholdFailure.KeyManagementThreshold) fail(Error.KeyManagementThreshold);
  else if (status == acct.SetThresholdFailure.DeploymentThreshold) fail(Error.DeploymentThreshold);
  else if (status == acct.SetThresholdFailure.PermissionDeniedError) fail(Error.PermissionDenied);
  else if (status == acct.SetThresholdFailure.InsufficientTotalWeight) fail(Error.InsufficientTotalWeight);
}

/** Manages the calling account's associated keys and action thresholds. */
@contract({
  name: "keys_manager",
  // one version, never upgraded; the account names the contract hash, and a URef holding it
  locked: true,
  keys: { contractHash: "keys_manager", contractHashURef: "keys_manager_hash" },
})
class KeysManager {
  /** Sets the weight of `account`'s key: adds it, updates it, or removes it with weight 0. */
  @entryPoint({ type: "caller" })
  set_key_weight(account: PublicKey, weight: u8): void {
    updateKeyWeight(account.toAccountHash(), weight);
  }

  /** Sets the deployment threshold. */
  @entryPoint({ type: "caller" })
  set_deployment_threshold(weight: u8): void {
    setThreshold(acct.ActionType.Deployment, weight);
  }

  /** Sets the key management threshold. */
  @entryPoint({ type: "caller" })
  set_key_management_threshold(weight: u8): void {
    setThreshold(acct.ActionType.KeyManagement, weight);
  }

  /** Sets the weight of each account (pairs as Rust's zip: to the shorter list), then both thresholds. */
  @entryPoint({ type: "caller" })
  set_all(deployment_threshold: u8, key_management_threshold: u8, accounts: List<PublicKey>, weights: List<u8>): void {
    const n = min(accounts.length, weights.length);
    for (let i: u32 = 0; i < n; i++) updateKeyWeight(accounts.at(i).toAccountHash(), weights.at(i));
    setThreshold(acct.ActionType.KeyManagement, key_management_threshold);
    setThreshold(acct.ActionType.Deployment, deployment_threshold);
  }
}
