// The mint's `transfer`: who may call it and what it checks.
// 1.5.8: execution_engine/src/system/mint.rs `transfer`.
// 2.0.0: storage/src/system/mint.rs `transfer` (and mint/runtime_provider.rs: no StoredSession rule);
//        writeable is enough for the source: the auction hands the mint a purse delegator's purse as
//        URef(addr, WRITE) (detail.rs / auction.rs `delegate`, DelegatorKind::Purse).

import type { ByProtocol } from "./by-protocol.ts";

export interface MintTransferRules {
  /** the immediate caller being a StoredSession frame in the session phase is InvalidContext */
  readonly storedSessionIsInvalidContext: boolean;
  /** a source URef without READ is InvalidAccessRights (both check WRITE on the source, ADD on the target) */
  readonly sourceMustBeReadable: boolean;
}

export const MINT_TRANSFER_RULES: ByProtocol<MintTransferRules> = {
  "1.5.8": {
    // `if let (Phase::Session, Some(CallStackElement::StoredSession { .. })) = ... { return Err(Error::InvalidContext) }`
    storedSessionIsInvalidContext: true,
    // `if !source.is_readable() { return Err(Error::InvalidAccessRights) }`
    sourceMustBeReadable: true,
  },
  "2.0.0": {
    // the rule is gone (and 2.0 never pushes a StoredSession frame): stored Caller-type code may
    // transfer from the account's main purse, within the deploy's `amount` spending limit
    storedSessionIsInvalidContext: false,
    // only `!source.is_writeable() || !target.is_addable()` is checked
    sourceMustBeReadable: false,
  },
};
