// What the 2.0 auction asks of the runtime it runs in (casper-node 2.0 execution_engine/src/runtime/
// auction_internal.rs: StorageProvider, RuntimeProvider, MintProvider, AccountProvider, and
// storage/src/system/auction/providers.rs): records as StoredValue::BidKind under Key::BidAddr, found
// by prefix, pruned when spent; the mint's transfer from the main purse or from a purse the caller
// holds with WRITE rights (a purse delegator's).

import { bytesEqual } from "../../../bytesrepr/hex.ts";
import { AccessRights, type Key, type URef, accountKey, eraSummaryKey, withRights } from "../../../bytesrepr/key.ts";
import { accountHashOf } from "../../../bytesrepr/public-key.ts";
import type { StoredValue } from "../../../bytesrepr/stored-value.ts";
import { mintTransferArgs, readMintResult } from "../../../runtime/transfers.ts";
import { keysWithPrefix } from "../../../state/keys-with-prefix.ts";
import { AuctionError, AuctionFailure, fail, provider } from "../failure.ts";
import { AuctionRuntime, isSystemAccount } from "../provider.ts";
import { BidAddrTag, type UnbondKind, prefixOf } from "../../../bytesrepr/auction/bid-addr.ts";
import { type BidKind, type Unbond, type UnbondEra, decodeBidKind, encodeBidKind } from "../../../bytesrepr/auction/records-v2.ts";

export class AuctionRuntimeV2 extends AuctionRuntime {
  // ---- RuntimeProvider -------------------------------------------------------------------------

  /** `is_valid_uref`: the context holds the URef with (at least) its rights. */
  isValidURef(u: URef): boolean {
    return this.rt.context.accessRights.has(u);
  }

  /** `get_keys_by_prefix` (`prefix`: hex of the key bytes it starts with). */
  keysByPrefix(prefixHex: string): Key[] {
    return provider(() => keysWithPrefix(this.rt.exec.state, prefixHex), AuctionError.Storage);
  }

  /** `delegator_count`: delegated accounts and purses of a validator. */
  delegatorCount(validatorHash: Uint8Array): number {
    return this.keysByPrefix(prefixOf(BidAddrTag.DelegatedAccount, validatorHash)).length + this.keysByPrefix(prefixOf(BidAddrTag.DelegatedPurse, validatorHash)).length;
  }

  reservationKeys(validatorHash: Uint8Array): Key[] {
    return [...this.keysByPrefix(prefixOf(BidAddrTag.ReservedDelegationAccount, validatorHash)), ...this.keysByPrefix(prefixOf(BidAddrTag.ReservedDelegationPurse, validatorHash))];
  }

  /** `reservation_count` */
  reservationCount(validatorHash: Uint8Array): number {
    return this.reservationKeys(validatorHash).length;
  }

  /** `used_reservation_count`: reservations whose delegator has a delegation (same addr, Delegated* tag). */
  usedReservationCount(validatorHash: Uint8Array): number {
    let used = 0;
    for (const k of this.reservationKeys(validatorHash)) {
      const data = new Uint8Array(k.data);
      data[0] = data[0] === BidAddrTag.ReservedDelegationAccount ? BidAddrTag.DelegatedAccount : BidAddrTag.DelegatedPurse;
      let found: StoredValue | undefined;
      try {
        found = this.rt.context.readGs({ tag: k.tag, data });
      } catch {
        found = undefined; // `if let Ok(Some(_))`: a failed read counts as unused
      }
      if (found) used += 1;
    }
    return used;
  }

  // ---- StorageProvider ---------------------------------------------------------------------------

  /** `read_bid`: a BidKind, or nothing; another kind of value is Storage, bad bytes Serialization. */
  readBidKind(key: Key): BidKind | undefined {
    const v = provider(() => this.rt.context.readGs(key), AuctionError.Storage);
    if (!v) return undefined;
    if (v.kind !== "BidKind") return fail(AuctionError.Storage);
    try {
      return decodeBidKind(v.bytes);
    } catch {
      return fail(AuctionError.Serialization);
    }
  }

  /** `write_bid` (metered_write_gs_unsafe: free inside the auction) */
  writeBidKind(key: Key, bid: BidKind): void {
    provider(() => this.rt.context.writeGsUnsafe(key, { kind: "BidKind", bytes: encodeBidKind(bid) }), AuctionError.Storage);
  }

  /** `read_unbond`: an Unbond under its address; any other record there is Storage. */
  readUnbond(key: Key): Unbond | undefined {
    const b = this.readBidKind(key);
    if (!b) return undefined;
    if (b.kind !== "Unbond") return fail(AuctionError.Storage);
    return b.unbond;
  }

  /** `write_unbond`: written, or pruned when there is none. */
  writeUnbond(key: Key, unbond: Unbond | undefined): void {
    if (unbond) this.writeBidKind(key, { kind: "Unbond", unbond });
    else this.pruneBid(key);
  }

  /** `prune_bid` */
  pruneBid(key: Key): void {
    this.rt.exec.state.prune(key);
  }

  /** `record_era_info` (Runtime::record_era_info): the system only; written under Key::EraSummary. */
  recordEraInfo(bytes: Uint8Array): void {
    if (!isSystemAccount(this.caller)) fail(AuctionError.RecordEraInfo);
    this.rt.exec.state.write(eraSummaryKey, { kind: "EraInfo", bytes });
  }

  // ---- MintProvider ------------------------------------------------------------------------------

  /** `available_balance`: the balance less the purse's balance hold (the running deploy's processing hold on its main purse). */
  availableBalance(purse: URef): bigint | undefined {
    return this.rt.context.availableBalance(purse);
  }

  /**
   * `mint_transfer_direct` (2.0): from the deploy's main purse, from a writeable purse the context
   * holds (a purse delegator's), or by the system; the mint's error, if any, is returned.
   */
  override mintTransferDirect(to: Uint8Array | undefined, source: URef, target: URef, amount: bigint): number | undefined {
    const ctx = this.rt.context;
    const isMainPurseTransfer = bytesEqual(ctx.account.mainPurse.addr, source.addr);
    const hasPerms = isMainPurseTransfer || ((source.rights & AccessRights.WRITE) !== 0 && this.isValidURef(source));
    if (!(hasPerms || isSystemAccount(this.caller))) fail(AuctionError.InvalidCaller);
    ctx.accessRights.extend([source, withRights(target, AccessRights.ADD)]);
    const meter = this.rt.exec.meter;
    const used = meter.used;
    const mint = provider(() => this.rt.exec.systemContractHash("mint"), AuctionError.MissingValue);
    const ret = provider(() => this.rt.callContract(mint, "transfer", mintTransferArgs(to, source, target, amount, undefined)), AuctionError.Transfer);
    meter.setUsed(used);
    try {
      return readMintResult(ret);
    } catch {
      return fail(AuctionError.CLValue);
    }
  }

  /** `MintProvider::unbond` (2.0): to the unbonder's main purse, or back into a delegating purse. */
  unbondEra(kind: UnbondKind, era: UnbondEra): void {
    let purse: URef;
    let to: Uint8Array | undefined;
    if (kind.kind === "DelegatedPurse") {
      purse = { addr: kind.addr, rights: AccessRights.READ_ADD_WRITE };
      if (this.balance(purse) === undefined) fail(AuctionError.MissingPurse);
      to = undefined;
    } else {
      const accountHash = accountHashOf(kind.publicKey);
      const v = provider(() => this.rt.context.readGsDirect(accountKey(accountHash)), AuctionError.Storage);
      if (!v) fail(AuctionError.InvalidPublicKey);
      if (v!.kind !== "Account") fail(AuctionError.UnexpectedStoredValueVariant);
      purse = (v as Extract<StoredValue, { kind: "Account" }>).account.mainPurse;
      to = accountHash;
    }
    let err: number | undefined;
    try {
      err = this.mintTransferDirect(to, era.bondingPurse, purse, era.amount);
    } catch (e) {
      if (e instanceof AuctionFailure) fail(AuctionError.Transfer);
      throw e;
    }
    if (err !== undefined) fail(AuctionError.Transfer);
  }
}
