// The interface of a native system contract (mint, handle payment, standard payment, auction):
// entry points, genesis named keys, and a call that runs in the contract's own context. Adding the
// auction (issue 4) is one more implementation of this.

import type { CLValue } from "../bytesrepr/cl-value.ts";
import type { EntryPoint } from "../bytesrepr/entry-points.ts";
import type { Key } from "../bytesrepr/key.ts";
import type { NamedArg } from "../bytesrepr/runtime-args.ts";
import type { Runtime } from "./runtime.ts";

/** What genesis offers a system contract while installing it. */
export interface GenesisInstaller {
  /** a purse (balance entry + unit URef) with this many motes; counts towards total supply */
  createPurse(balance: bigint): import("../bytesrepr/key.ts").URef;
  /** a URef holding a CLValue */
  newURef(value: CLValue): import("../bytesrepr/key.ts").URef;
  /** write any value (genesis writes are unmetered and unchecked) */
  write(key: Key, value: import("../bytesrepr/stored-value.ts").StoredValue): void;
  /** the hash of an already installed system contract */
  contractHash(name: string): Uint8Array | undefined;
  /** the purse every deploy pays into (created before the accounts, genesis.rs `install`) */
  readonly paymentPurse: import("../bytesrepr/key.ts").URef;
  /** genesis validators (serialized public key, bonded motes, delegation rate %), for the auction's bids */
  readonly validators: readonly { readonly publicKey: Uint8Array; readonly stake: bigint; readonly delegationRate: number }[];
  /** chainspec core.round_seigniorage_rate */
  readonly roundSeigniorageRate: readonly [bigint, bigint];
  /** chainspec values the auction is installed with (genesis.rs create_auction) */
  readonly auction: AuctionGenesisConfig;
  /** genesis time, ms since the Unix epoch (genesis validators' stakes unlock from it) */
  readonly timestamp: bigint;
}

/** The auction's genesis parameters (chainspec core.*). */
export interface AuctionGenesisConfig {
  readonly validatorSlots: number;
  readonly auctionDelay: bigint;
  readonly lockedFundsPeriodMillis: bigint;
  readonly unbondingDelay: bigint;
}

export interface SystemContract {
  /** name in the system contract registry: "mint", "handle payment", "standard payment", "auction" */
  readonly name: string;
  /** casper_get_system_contract index (SystemContractType: Mint 0, HandlePayment 1, StandardPayment 2, Auction 3) */
  readonly index: number;
  entryPoints(): EntryPoint[];
  /** named keys the contract is installed with */
  install(genesis: GenesisInstaller): Map<string, Key>;
  /** Run `entryPoint`, already in the contract's context (rt.context.baseKey is the contract). */
  call(rt: Runtime, entryPoint: string, args: readonly NamedArg[]): CLValue;
}

export interface SystemContracts {
  byName(name: string): SystemContract | undefined;
  byIndex(index: number): SystemContract | undefined;
  all(): readonly SystemContract[];
}
