// What the engine executes for each thing a client sends, built from the bytes the node verified
// (not from casper-js-sdk's re-serialization): a Deploy's payment and session items are its own
// ExecutableDeployItem bytes; a Casper 2.0 TransactionV1 is mapped onto the 1.x deploy model the
// engine runs, as casper-node 2.0 runs VM1 transactions on legacy accounts:
// - pricing PaymentLimited with standard payment -> standard payment of `payment_amount` motes, at the
//   block's gas price (1, the 2.0 chainspec's minimum; the transaction only sets a tolerance);
// - Session target -> module bytes (entry point `call`), flagged as a V1 session with its
//   `is_install_upgrade` (only then may it add contract versions); Stored target -> the stored
//   contract or package call by hash or name, entry point the custom name;
// - Native Transfer -> a native transfer (2.0 makes the `id` arg optional: absent means None);
// - Native Delegate / Undelegate / Redelegate / AddBid / WithdrawBid / ActivateBid / ChangeBidPublicKey /
//   AddReservations / CancelReservations -> a call of the
//   auction contract's entry point with the transaction's args (what 2.0's native auction runs),
//   marked `nativeAuction`: the engine runs it as the auction lane (no gas counter, consumed = the
//   payment amount, no refund, failures worded "Auction error: …").
import { CLT, decodeCLType } from "../bytesrepr/cl-type.ts";
import { clv } from "../bytesrepr/cl-value.ts";
import { fromHex, toHex } from "../bytesrepr/hex.ts";
import { accountHashOf } from "../bytesrepr/public-key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import type { NamedArg } from "../bytesrepr/runtime-args.ts";
import { type DeployItem, type ExecutableItem, readExecutableItem } from "../engine/deploy-item.ts";
import type { WireArg, WireDeploy, WireDeployItem } from "./deploy-json.ts";
import type { WireTransactionV1 } from "./transaction-json.ts";

/** A transaction the local engine cannot run; the node refuses it before executing. */
export class UnsupportedTransaction extends Error {}

export function deployItemOfDeploy(wire: WireDeploy): DeployItem {
  return {
    address: accountHashOf(wire.header.account.bytes),
    authorizationKeys: new Set(wire.approvals.map((a) => toHex(accountHashOf(a.signer.bytes)))),
    payment: executableItem(wire.payment),
    session: executableItem(wire.session),
    deployHash: wire.hash,
    gasPrice: wire.header.gasPrice,
  };
}

function executableItem(item: WireDeployItem): ExecutableItem {
  const r = new ByteReader(item.bytes);
  const out = readExecutableItem(r);
  r.expectEnd("ExecutableDeployItem");
  return out;
}

/** casper-node 2.0 TransactionEntryPoint -> the auction entry point it runs (2.0 entry_points.rs names). */
export const NATIVE_AUCTION_ENTRY_POINTS: Record<string, string> = {
  Delegate: "delegate",
  Undelegate: "undelegate",
  Redelegate: "redelegate",
  AddBid: "add_bid",
  WithdrawBid: "withdraw_bid",
  ActivateBid: "activate_bid",
  // constants.rs METHOD_CHANGE_BID_PUBLIC_KEY, leading space included
  ChangeBidPublicKey: " change_bid_public_key",
  AddReservations: "add_reservations",
  CancelReservations: "cancel_reservations",
};

/** The gas price a 2.0 block charges (chainspec [vacancy] min_gas_price = 1; the local chain never raises it). */
export const BLOCK_GAS_PRICE = 1n;

/** `auctionHash`: the auction contract's hash, for native auction entry points. */
export function deployItemOfTransaction(tx: WireTransactionV1, auctionHash: () => Uint8Array): DeployItem {
  const address = tx.initiator.publicKey ? accountHashOf(tx.initiator.publicKey.bytes) : tx.initiator.accountHash!;
  if (tx.pricing.mode !== "PaymentLimited") throw new UnsupportedTransaction(`pricing mode ${tx.pricing.mode} is not supported by the local node (use PaymentLimited)`);
  if (!tx.pricing.standardPayment) {
    throw new UnsupportedTransaction("payment_limited with standard_payment = false (custom payment) is not supported by the local node");
  }
  if (tx.args.kind !== "Named") throw new UnsupportedTransaction("transaction requires named arguments");
  const args = tx.args.named.map(namedArg);
  const payment: ExecutableItem = { kind: "ModuleBytes", moduleBytes: new Uint8Array(0), args: [{ name: "amount", value: clv.u512(tx.pricing.paymentAmount) }] };
  return {
    address,
    authorizationKeys: new Set(tx.approvals.map((a) => toHex(accountHashOf(a.signer.bytes)))),
    payment,
    session: sessionOf(tx, args, auctionHash),
    deployHash: tx.hash,
    gasPrice: BLOCK_GAS_PRICE,
    // a V1 session may add contract versions only when marked (2.0 execution_kind.rs: the install/upgrade lane)
    transactionV1: {
      isInstallUpgrade: tx.target.kind === "Session" && tx.target.isInstallUpgrade,
      nativeAuction: tx.target.kind === "Native" && tx.entryPoint.name !== "Transfer" && tx.entryPoint.name !== "Burn",
    },
  };
}

function namedArg(a: WireArg): NamedArg {
  return { name: a.name, value: { clType: decodeCLType(a.typeBytes), bytes: a.value } };
}

function sessionOf(tx: WireTransactionV1, args: NamedArg[], auctionHash: () => Uint8Array): ExecutableItem {
  const target = tx.target;
  const entryPoint = tx.entryPoint.custom ?? "call";
  switch (target.kind) {
    case "Session":
      return { kind: "ModuleBytes", moduleBytes: target.moduleBytes, args };
    case "Stored":
      return storedItem(target.id, entryPoint, args);
    case "Native": {
      const name = tx.entryPoint.name;
      if (name === "Transfer") {
        const withId = args.some((a) => a.name === "id") ? args : [...args, { name: "id", value: clv.option(CLT.U64, undefined) }];
        return { kind: "Transfer", args: withId };
      }
      const auctionEntryPoint = NATIVE_AUCTION_ENTRY_POINTS[name];
      if (!auctionEntryPoint) throw new UnsupportedTransaction(`the native entry point ${name} is not supported by the local node`);
      return { kind: "StoredContractByHash", hash: auctionHash(), entryPoint: auctionEntryPoint, args };
    }
  }
}

/** TransactionInvocationTarget JSON (already checked by transaction-json.ts) -> a stored call. */
function storedItem(id: unknown, entryPoint: string, args: NamedArg[]): ExecutableItem {
  const o = id as Record<string, unknown>;
  if ("ByHash" in o) return { kind: "StoredContractByHash", hash: fromHex(String(o.ByHash), "ByHash"), entryPoint, args };
  if ("ByName" in o) return { kind: "StoredContractByName", name: String(o.ByName), entryPoint, args };
  if ("ByPackageHash" in o) {
    const p = o.ByPackageHash as { addr: string; version?: number | null };
    return { kind: "StoredVersionedContractByHash", hash: fromHex(p.addr, "ByPackageHash.addr"), version: p.version ?? undefined, entryPoint, args };
  }
  const p = o.ByPackageName as { name: string; version?: number | null };
  return { kind: "StoredVersionedContractByName", name: p.name, version: p.version ?? undefined, entryPoint, args };
}

