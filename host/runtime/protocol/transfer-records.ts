// Where a transfer made through the mint is recorded, and what the record says.
// 1.5.8: execution_engine/src/core/runtime/mod.rs `record_transfer`: a Transfer record written under
//        Key::Transfer at the address generator's next address (so it shifts every address drawn after
//        it), `gas` 0, `from` the deploy's account; the DeployInfo lists the addresses.
// 2.0.0: execution_engine/src/runtime/mod.rs `record_transfer` (wasm) and storage/src/system/mint/
//        mint_native.rs `record_transfer` (native transfers): a Transfer::V2 kept in the execution
//        result only (nothing in global state, no address drawn), `gas` the mint's transfer cost
//        (system_costs.mint_costs.transfer), `from` InitiatorAddr::AccountHash(initiator).
// Both record only in the session phase.

import type { ByProtocol } from "./by-protocol.ts";

export interface TransferRecordRules {
  /** "global-state": a Transfer under Key::Transfer(fresh address); "execution-result": only in the result */
  readonly kept: "global-state" | "execution-result";
  /** the record's `gas`: 0, or the mint's transfer cost */
  readonly gas: "zero" | "mint-transfer-cost";
}

export const TRANSFER_RECORD_RULES: ByProtocol<TransferRecordRules> = {
  "1.5.8": { kept: "global-state", gas: "zero" },
  "2.0.0": { kept: "execution-result", gas: "mint-transfer-cost" },
};
