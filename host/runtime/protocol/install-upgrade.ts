// Which executions may add a contract version (casper_add_contract_version and the 2.0
// *_with_message_topics variants).
// 1.5.8: no such rule: any code that holds the package's access URef may.
// 2.0.0: execution_engine/src/engine_state/execution_kind.rs `ExecutionKind::new`,
//        execution/executor.rs `allow_install_upgrade`, runtime/mod.rs
//        `add_contract_version_by_contract_package` (`if !self.context.install_upgrade_allowed()`
//        -> ApiError::NotAllowedToAddContractVersion, 48; casper-node issue 5077).

import type { ByProtocol } from "./by-protocol.ts";

/**
 * What a phase runs, as 2.0's ExecutionKind names it:
 * - "Deploy": the module bytes of a legacy Deploy's session (grandfathered, pre-2.0 behaviour);
 * - "InstallerUpgrader": a TransactionV1 session marked `is_install_upgrade`;
 * - "Standard": a TransactionV1 session not so marked, and any custom payment module bytes;
 * - "Stored": a stored contract invoked by hash, name or package.
 */
export type ExecutionKind = "Deploy" | "InstallerUpgrader" | "Standard" | "Stored";

export interface InstallUpgradeRules {
  readonly mayAddContractVersion: (kind: ExecutionKind) => boolean;
}

export const INSTALL_UPGRADE_RULES: ByProtocol<InstallUpgradeRules> = {
  "1.5.8": { mayAddContractVersion: () => true },
  // executor.rs: InstallerUpgrader | Stored | Deploy => Allowed, Standard => Forbidden
  "2.0.0": { mayAddContractVersion: (kind) => kind !== "Standard" },
};
