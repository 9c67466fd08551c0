// How the auction fails: every rule violation is an ApiError the entry point reverts with
// (runtime/mod.rs `reverter`): Auction(n) = 64512 + n, or a mint error passed through as Mint(n)
// (detail.rs handle_delegation propagates the mint's transfer error). GasLimit, from either, is not
// a revert but the execution's out-of-gas error.

import { AUCTION_OFFSET, AuctionError, MINT_OFFSET, MintError } from "../../runtime/api-error.ts";
import { ExecError, execErrors } from "../../runtime/errors.ts";

export class AuctionFailure extends Error {
  constructor(readonly apiCode: number) {
    super(`auction failure ${apiCode}`);
    this.name = "AuctionFailure";
  }
}

/** Throw Auction error `n` (an AuctionError value). */
export const fail = (n: number): never => {
  throw new AuctionFailure(AUCTION_OFFSET + n);
};

/** Throw the mint's error `n` as the auction's caller sees it (ApiError::Mint). */
export const failMint = (n: number): never => {
  throw new AuctionFailure(MINT_OFFSET + n);
};

/** Runtime::reverter: an auction/mint failure becomes a revert (GasLimit an out-of-gas error). */
export function toRevert(e: AuctionFailure): ExecError {
  if (e.apiCode === AUCTION_OFFSET + AuctionError.GasLimit || e.apiCode === MINT_OFFSET + MintError.GasLimit) return execErrors.gasLimit();
  return ExecError.revert(e.apiCode);
}

/** Run an entry point's logic; an auction failure reverts (Runtime::reverter). */
export function reverting<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AuctionFailure) throw toRevert(e);
    throw e;
  }
}

/**
 * A provider call (auction_internal.rs): an execution error inside it becomes the auction error the
 * node maps it to (`otherwise`), except GasLimit, which stays GasLimit.
 */
export function provider<T>(fn: () => T, otherwise: number): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AuctionFailure) throw e;
    if (e instanceof ExecError && e.kind === "GasLimit") return fail(AuctionError.GasLimit);
    if (e instanceof ExecError) return fail(otherwise);
    throw e;
  }
}

export { AuctionError };
