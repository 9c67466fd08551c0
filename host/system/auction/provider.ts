// What the native auction asks of the runtime it runs in (casper-node v1.5.8
// core/runtime/auction_internal.rs: StorageProvider, RuntimeProvider, MintProvider, AccountProvider),
// with each provider's mapping of execution errors to auction errors.

import { type CLType } from "../../bytesrepr/cl-type.ts";
import { type CLValue, clValueInto } from "../../bytesrepr/cl-value.ts";
import { bytesEqual } from "../../bytesrepr/hex.ts";
import { AccessRights, type Key, type URef, accountKey, bidKey, keyAsURef, unbondKey, urefKey, withRights } from "../../bytesrepr/key.ts";
import { SYSTEM_ACCOUNT_HASH, accountHashOf } from "../../bytesrepr/public-key.ts";
import type { ByteReader } from "../../bytesrepr/reader.ts";
import type { StoredValue } from "../../bytesrepr/stored-value.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { createPurse, mintTransferArgs, readMintResult } from "../../runtime/transfers.ts";
import type { StateReader } from "../../state/global-state.ts";
import { keysWithPrefix } from "../../state/keys-with-prefix.ts";
import { type Bid, type UnbondingPurse, decodeBid, decodeUnbonds, encodeBid, encodeUnbonds } from "../../bytesrepr/auction/records.ts";
import { AuctionError, AuctionFailure, fail, provider } from "./failure.ts";

/** The auction's named keys (types/src/system/auction/constants.rs). */
export const ERA_ID_KEY = "era_id";
export const ERA_END_TIMESTAMP_MILLIS_KEY = "era_end_timestamp_millis";
export const SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY = "seigniorage_recipients_snapshot";
export const VALIDATOR_SLOTS_KEY = "validator_slots";
export const AUCTION_DELAY_KEY = "auction_delay";
export const LOCKED_FUNDS_PERIOD_KEY = "locked_funds_period";
export const UNBONDING_DELAY_KEY = "unbonding_delay";

export const isSystemAccount = (hash: Uint8Array) => bytesEqual(hash, SYSTEM_ACCOUNT_HASH);

/** Every key of one tag in a state (tracking copies layered over global state), in Key order. */
export function keysWithTag(state: StateReader, tag: number): Key[] {
  return keysWithPrefix(state, tag.toString(16).padStart(2, "0"));
}

/** The runtime a native auction entry point runs in: the auction's context, its caller and stack. */
export class AuctionRuntime {
  constructor(readonly rt: Runtime) {}

  get caller(): Uint8Array {
    return this.rt.context.caller;
  }

  /** `is_allowed_session_caller`: the system, or session code of the account the key belongs to. */
  isAllowedSessionCaller(accountHash: Uint8Array): boolean {
    if (isSystemAccount(this.caller)) return true;
    const prev = this.rt.stack.previous();
    return prev?.kind === "Session" && bytesEqual(prev.accountHash, accountHash);
  }

  requireSystemCaller(): void {
    if (!isSystemAccount(this.caller)) fail(AuctionError.InvalidCaller);
  }

  // ---- named values (detail.rs read_from / write_to) ------------------------------------------

  private namedURef(name: string): URef {
    const key = this.rt.context.namedKeys.get(name);
    if (!key) return fail(AuctionError.MissingKey);
    return keyAsURef(key) ?? fail(AuctionError.InvalidKeyVariant);
  }

  readNamed<T>(name: string, clType: CLType, read: (r: ByteReader) => T): T {
    const uref = this.namedURef(name);
    const v = this.readGs(urefKey(uref));
    if (!v) return fail(AuctionError.MissingValue);
    if (v.kind !== "CLValue") return fail(AuctionError.Storage);
    try {
      return clValueInto(v.value, clType, read);
    } catch {
      return fail(AuctionError.CLValue);
    }
  }

  writeNamed(name: string, value: CLValue): void {
    const uref = this.namedURef(name);
    provider(() => this.rt.context.writeGs(urefKey(uref), { kind: "CLValue", value }), AuctionError.Storage);
  }

  private readGs(key: Key): StoredValue | undefined {
    return provider(() => this.rt.context.readGs(key), AuctionError.Storage);
  }

  // ---- bids and unbonds ----------------------------------------------------------------------

  readBid(accountHash: Uint8Array): Bid | undefined {
    const v = this.readGs(bidKey(accountHash));
    if (!v) return undefined;
    if (v.kind !== "Bid") return fail(AuctionError.Storage);
    try {
      return decodeBid(v.bytes);
    } catch {
      return fail(AuctionError.Serialization);
    }
  }

  writeBid(accountHash: Uint8Array, bid: Bid): void {
    provider(() => this.rt.context.writeGsUnsafe(bidKey(accountHash), { kind: "Bid", bytes: encodeBid(bid) }), AuctionError.Storage);
  }

  readUnbonds(accountHash: Uint8Array): UnbondingPurse[] {
    const v = this.readGs(unbondKey(accountHash));
    if (!v) return [];
    if (v.kind !== "Unbonding") return fail(AuctionError.Storage);
    try {
      return decodeUnbonds(v.bytes);
    } catch {
      return fail(AuctionError.Serialization);
    }
  }

  writeUnbonds(accountHash: Uint8Array, list: readonly UnbondingPurse[]): void {
    provider(() => this.rt.context.writeGsUnsafe(unbondKey(accountHash), { kind: "Unbonding", bytes: encodeUnbonds(list) }), AuctionError.Storage);
  }

  keys(tag: number): Key[] {
    return provider(() => keysWithTag(this.rt.exec.state, tag), AuctionError.Storage);
  }

  // ---- the mint -------------------------------------------------------------------------------

  /** AccountProvider::get_main_purse: the deploy's account's main purse (the node's stated exception). */
  mainPurse(): URef {
    return this.rt.context.account.mainPurse;
  }

  createPurse(): URef {
    return provider(() => createPurse(this.rt), AuctionError.CreatePurseFailed);
  }

  balance(purse: URef): bigint | undefined {
    return provider(() => this.rt.context.readBalance(purse), AuctionError.GetBalance);
  }

  /**
   * `mint_transfer_direct`: the mint's transfer, allowed from the deploy's main purse or by the
   * system; returns the mint's error number, if any. The gas counter is set back afterwards.
   */
  mintTransferDirect(to: Uint8Array | undefined, source: URef, target: URef, amount: bigint): number | undefined {
    const ctx = this.rt.context;
    if (!(bytesEqual(ctx.account.mainPurse.addr, source.addr) || isSystemAccount(this.caller))) fail(AuctionError.InvalidCaller);
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

  /** MintProvider::unbond: pay an unbonding purse out to the unbonder's main purse. */
  unbond(u: UnbondingPurse): void {
    const accountHash = accountHashOf(u.unbonderPublicKey);
    const v = provider(() => this.rt.context.readGsDirect(accountKey(accountHash)), AuctionError.Storage);
    if (!v) fail(AuctionError.InvalidPublicKey);
    if (v!.kind !== "Account") fail(AuctionError.CLValue);
    const account = (v as Extract<StoredValue, { kind: "Account" }>).account;
    // auction_internal.rs unbond: any failure of the transfer, or of the mint, is Error::Transfer
    let err: number | undefined;
    try {
      err = this.mintTransferDirect(accountHash, u.bondingPurse, account.mainPurse, u.amount);
    } catch (e) {
      if (e instanceof AuctionFailure) fail(AuctionError.Transfer);
      throw e;
    }
    if (err !== undefined) fail(AuctionError.Transfer);
  }
}

