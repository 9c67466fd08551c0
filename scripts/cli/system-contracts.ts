// The auction contract's hash, needed to undelegate with a legacy Deploy (a stored call to its
// `undelegate` entry point): casper-js-sdk's table for mainnet and testnet; other chains read it from
// the node's system contract registry on a fork (commands/delegate.ts).
import sdk from "casper-js-sdk";

/** casper-js-sdk's own table of auction hashes for mainnet and testnet, for offline signing. */
export function knownAuctionHash(chainName: string): string | undefined {
  const table = (sdk as unknown as { AuctionManagerContractHashMap?: Record<string, string> }).AuctionManagerContractHashMap;
  return chainName === "casper" || chainName === "casper-test" ? table?.[chainName] : undefined;
}
