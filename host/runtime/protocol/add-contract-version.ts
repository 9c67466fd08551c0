// casper_add_contract_version: how the entry points are read and how the new contract hash is handed
// back. 1.5.8 (execution_engine/src/core/runtime/externals.rs, mod.rs add_contract_version) reads
// 1.x EntryPoints, and after storing the version checks `output_size` (BufferTooSmall) and writes
// `bytes_written` = 32. 2.0.0 (execution_engine/src/runtime/externals.rs AddContractVersion,
// mod.rs add_contract_version_by_contract_package) reads the legacy ContractEntryPoints with 2.0's
// tags, rebuilds them keyed by name, ignores `output_size` and never writes `bytes_written`: code
// that decodes the hash with the length it finds there reads whatever the memory held.

import { CONTRACT_ENTRY_POINTS_2_0, ENTRY_POINTS_1_5, type EntryPointFormat } from "../../bytesrepr/entry-points.ts";
import type { ByProtocol } from "./by-protocol.ts";

export interface AddContractVersionRules {
  /** the format casper_add_contract_version decodes its entry points in */
  readonly entryPoints: EntryPointFormat;
  /** the entry points are re-keyed by their own names before the wasm is pruned and the Contract stored */
  readonly entryPointsByName: boolean;
  /** `output_size` < 32 returns BufferTooSmall (after the version is stored) and `bytes_written` gets 32 */
  readonly writesBytesWritten: boolean;
}

export const ADD_CONTRACT_VERSION: ByProtocol<AddContractVersionRules> = {
  "1.5.8": { entryPoints: ENTRY_POINTS_1_5, entryPointsByName: false, writesBytesWritten: true },
  "2.0.0": { entryPoints: CONTRACT_ENTRY_POINTS_2_0, entryPointsByName: true, writesBytesWritten: false },
};
