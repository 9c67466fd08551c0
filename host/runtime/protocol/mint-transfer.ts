// The mint's `transfer` access check on the source purse.
// 1.5.8 execution_engine/src/system/mint.rs `transfer`: the source must be readable, then writeable.
// 2.0 storage/src/system/mint.rs `transfer`: writeable is enough (the auction hands the mint a purse
// delegator's purse as URef(addr, WRITE): detail.rs / auction.rs `delegate`, DelegatorKind::Purse).
import type { ByProtocol } from "./by-protocol.ts";

export interface MintTransferRules {
  /** refuse (InvalidAccessRights) a source purse without READ */
  readonly sourceMustBeReadable: boolean;
}

export const MINT_TRANSFER_RULES: ByProtocol<MintTransferRules> = {
  "1.5.8": { sourceMustBeReadable: true },
  "2.0.0": { sourceMustBeReadable: false },
};
