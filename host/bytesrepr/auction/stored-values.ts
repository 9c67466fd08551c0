// The auction's StoredValue variants (EraInfo 7, Bid 8, Withdraw 9, Unbonding 10, BidKind 11) carry
// no length prefix: where one ends inside a larger structure (a Merkle proof's leaf, a batch) is known
// only by parsing it. These readers consume exactly one value and hand back its bytes; the engine keeps
// the bytes raw and the auction decodes them (casper-types system/auction/*.rs).
import { readPublicKey } from "../public-key.ts";
import { readURef } from "../key.ts";
import type { ByteReader } from "../reader.ts";
import { readBid, readU512, readUnbondingPurse } from "./records.ts";
import { readBidKind, readEraInfoV2 } from "./records-v2.ts";

export type AuctionValueKind = "EraInfo" | "Bid" | "Withdraw" | "Unbonding" | "BidKind";

/** withdraw_purse.rs WithdrawPurse (1.x): bonding purse, validator, unbonder, era of creation, amount. */
function readWithdrawPurse(r: ByteReader): void {
  readURef(r, "WithdrawPurse.bonding_purse");
  readPublicKey(r, "WithdrawPurse.validator_public_key");
  readPublicKey(r, "WithdrawPurse.unbonder_public_key");
  r.u64("WithdrawPurse.era_of_creation");
  readU512(r, "WithdrawPurse.amount");
}

function readVec(r: ByteReader, what: string, item: (r: ByteReader) => unknown): void {
  const n = r.u32(`${what}.length`);
  for (let i = 0; i < n; i++) item(r);
}

/** Reads one auction value of `kind` and returns its bytes (a view into the reader's buffer). */
export function readAuctionValueBytes(kind: AuctionValueKind, r: ByteReader): Uint8Array {
  const start = r.offset;
  switch (kind) {
    case "EraInfo": readEraInfoV2(r); break; // 2.0's allocations are a superset of 1.5.8's
    case "Bid": readBid(r); break;
    case "Withdraw": readVec(r, "Vec<WithdrawPurse>", readWithdrawPurse); break;
    case "Unbonding": readVec(r, "Vec<UnbondingPurse>", readUnbondingPurse); break;
    case "BidKind": readBidKind(r); break;
  }
  return r.bytes.subarray(start, r.offset);
}
