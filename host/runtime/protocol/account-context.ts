// Account-only operations (get_main_purse, associated keys, action thresholds) run from a context
// that is not the deploy's account (a Called / Factory entry point, whose context is the contract).
// 1.5.8: execution_engine/src/core/runtime_context/mod.rs `is_valid_context`, `get_main_purse`,
//        `add/remove/update_associated_key`, `set_action_threshold`; core/runtime/mod.rs.
// 2.0.0: execution_engine/src/runtime_context/mod.rs `get_main_purse` (the runtime footprint: the
//        initiator's account, shared by every frame), `add/remove/update_associated_key`,
//        `set_action_threshold` (legacy branch, enable_addressable_entity = false);
//        runtime/mod.rs `set_action_threshold` (ActionType::try_from).

import type { ByProtocol } from "./by-protocol.ts";

export interface AccountContextRules {
  /**
   * "account-context": only the account's own context has a main purse (InvalidContext elsewhere);
   * "initiator": every context gets the initiator's main purse (a contract context cannot use it:
   * its access rights do not hold it, so a transfer from it is a forged reference)
   */
  readonly mainPurse: "account-context" | "initiator";
  /**
   * "account-context": outside the account's context the key-management failure PermissionDenied is
   * returned to wasm; "context-key": a Caller-type frame outside an account gets PermissionDenied,
   * any other frame reads the Account under its own context key (a contract's: a type mismatch, or
   * for set_action_threshold no account at that hash: KeyNotFound)
   */
  readonly keyManagement: "account-context" | "context-key";
  /** the action types set_action_threshold accepts (others trap Unreachable) */
  readonly actionTypes: readonly number[];
  /** action types that exist but fail with InvalidContext on a legacy account (2.0 UpgradeManagement = 2) */
  readonly invalidContextActionTypes: readonly number[];
}

export const ACCOUNT_CONTEXT_RULES: ByProtocol<AccountContextRules> = {
  "1.5.8": {
    // runtime_context get_main_purse: `if !self.is_valid_context() { return Err(Error::InvalidContext) }`
    mainPurse: "account-context",
    // add/remove/update_associated_key, set_action_threshold: `if !self.is_valid_context()` -> PermissionDenied
    keyManagement: "account-context",
    // account/action_type.rs: Deployment 0, KeyManagement 1
    actionTypes: [0, 1],
    invalidContextActionTypes: [],
  },
  "2.0.0": {
    // runtime_context get_main_purse: `self.runtime_footprint().borrow().main_purse()`
    mainPurse: "initiator",
    // `if EntryPointType::Caller == self.entry_point_type && entity_addr.tag() != Account` -> PermissionDenied,
    // then `read_gs_typed::<Account>(&context_key)` (set_action_threshold: Key::Account(entity_addr.value()))
    keyManagement: "context-key",
    // addressable_entity/action_type.rs: Deployment 0, KeyManagement 1, UpgradeManagement 2
    actionTypes: [0, 1, 2],
    // set_action_threshold legacy branch: `ActionType::UpgradeManagement => return Err(ExecError::InvalidContext)`
    invalidContextActionTypes: [2],
  },
};
