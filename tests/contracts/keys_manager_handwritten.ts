// keys_manager written by hand, without the class form: the reference the class form
// (assembly/contracts/keys_manager.ts) is measured against (tests/build-class-form.test.ts: same behaviour,
// at most 5% more bytes). `call` installs a locked contract with four Session entry points.
import {
  runtime,
  storage,
  account,
  revert,
  ApiError,
  AccountHash,
  PublicKey,
  List,
  Key,
  CLType,
  EntryPoint,
  EntryPoints,
  EntryPointAccess,
  EntryPointType,
} from "../../assembly/index";

// User errors (revert code 65536 + n), numbered as the Rust contract's errors.rs.
const PERMISSION_DENIED: u16 = 2;
const THRESHOLD_VIOLATION: u16 = 3;
const MAX_KEYS_LIMIT: u16 = 4;
const DUPLICATE_KEY: u16 = 5;
const KEY_MANAGEMENT_THRESHOLD: u16 = 6;
const DEPLOYMENT_THRESHOLD: u16 = 7;
const INSUFFICIENT_TOTAL_WEIGHT: u16 = 8;

function fail(error: u16): void {
  revert(ApiError.User(error));
}

// Weight 0 removes the key (a missing key is fine); otherwise update it, or add it when missing.
function updateKeyWeight(key: AccountHash, weight: u8): void {
  if (weight == 0) {
    const status = account.removeAssociatedKey(key);
    if (status == account.RemoveKeyFailure.PermissionDenied) fail(PERMISSION_DENIED);
    else if (status == account.RemoveKeyFailure.ThresholdViolation) fail(THRESHOLD_VIOLATION);
    return;
  }
  const status = account.updateAssociatedKey(key, weight);
  if (status == account.UpdateKeyFailure.MissingKey) {
    const added = account.addAssociatedKey(key, weight);
    if (added == account.AddKeyFailure.MaxKeysLimit) fail(MAX_KEYS_LIMIT);
    else if (added == account.AddKeyFailure.DuplicateKey) fail(DUPLICATE_KEY);
    else if (added == account.AddKeyFailure.PermissionDenied) fail(PERMISSION_DENIED);
  } else if (status == account.UpdateKeyFailure.PermissionDenied) fail(PERMISSION_DENIED);
  else if (status == account.UpdateKeyFailure.ThresholdViolation) fail(THRESHOLD_VIOLATION);
}

function setThreshold(actionType: u32, threshold: u8): void {
  const status = account.setActionThreshold(actionType, threshold);
  if (status == account.SetThresholdFailure.KeyManagementThreshold) fail(KEY_MANAGEMENT_THRESHOLD);
  else if (status == account.SetThresholdFailure.DeploymentThreshold) fail(DEPLOYMENT_THRESHOLD);
  else if (status == account.SetThresholdFailure.PermissionDeniedError) fail(PERMISSION_DENIED);
  else if (status == account.SetThresholdFailure.InsufficientTotalWeight) fail(INSUFFICIENT_TOTAL_WEIGHT);
}

export function set_key_weight(): void {
  const key = runtime.getNamedArg<PublicKey>("account");
  const weight = runtime.getNamedArg<u8>("weight");
  updateKeyWeight(key.toAccountHash(), weight);
}

export function set_deployment_threshold(): void {
  setThreshold(account.ActionType.Deployment, runtime.getNamedArg<u8>("weight"));
}

export function set_key_management_threshold(): void {
  setThreshold(account.ActionType.KeyManagement, runtime.getNamedArg<u8>("weight"));
}

export function set_all(): void {
  const deploymentThreshold = runtime.getNamedArg<u8>("deployment_threshold");
  const keyManagementThreshold = runtime.getNamedArg<u8>("key_management_threshold");
  const accounts = runtime.getNamedArg<List<PublicKey>>("accounts");
  const weights = runtime.getNamedArg<List<u8>>("weights");
  // pairs as Rust's `zip`: stops at the shorter list
  const n = min(accounts.length, weights.length);
  for (let i: u32 = 0; i < n; i++) updateKeyWeight(accounts.at(i).toAccountHash(), weights.at(i));
  setThreshold(account.ActionType.KeyManagement, keyManagementThreshold);
  setThreshold(account.ActionType.Deployment, deploymentThreshold);
}

export function call(): void {
  const entryPoints = new EntryPoints()
    .addEntryPoint(
      new EntryPoint("set_key_weight", CLType.Unit, EntryPointAccess.Public, EntryPointType.Session)
        .param("account", CLType.PublicKey)
        .param("weight", CLType.U8),
    )
    .addEntryPoint(
      new EntryPoint("set_deployment_threshold", CLType.Unit, EntryPointAccess.Public, EntryPointType.Session)
        .param("weight", CLType.U8),
    )
    .addEntryPoint(
      new EntryPoint("set_key_management_threshold", CLType.Unit, EntryPointAccess.Public, EntryPointType.Session)
        .param("weight", CLType.U8),
    )
    .addEntryPoint(
      new EntryPoint("set_all", CLType.Unit, EntryPointAccess.Public, EntryPointType.Session)
        .param("deployment_threshold", CLType.U8)
        .param("key_management_threshold", CLType.U8)
        .param("accounts", CLType.list(CLType.PublicKey))
        .param("weights", CLType.list(CLType.U8)),
    );
  const contract = storage.newLockedContract(entryPoints);
  runtime.putKey("keys_manager", Key.hash(contract.contractHash));
  // Rust's storage::new_uref(contract_hash): a URef holding the hash, CLType ByteArray(32)
  runtime.putKey("keys_manager_hash", Key.uref(storage.newURef(contract.contractHash)));
}
