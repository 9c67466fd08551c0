// The 2.0 auction's records at any block's state, as the node reads them for state_get_auction_info
// and its kin (casper-sidecar rpcs/state.rs `fetch_bid_kinds`: every value under Key::BidAddr, in key
// order, the node's `query_global_state_by_tag`; and the auction contract's
// `seigniorage_recipients_snapshot`). The keys come from a prefix scan of the trie under that
// block's root (trie/operations.rs `keys_with_prefix`), the values from the block's state.
import { clValueInto } from "../bytesrepr/cl-value.ts";
import { fromHex } from "../bytesrepr/hex.ts";
import { KeyTag, decodeKey, keyAsURef, parseKey, urefKey } from "../bytesrepr/key.ts";
import { SNAPSHOT_CL_TYPE } from "../bytesrepr/auction/records.ts";
import { type BidKind, type SnapshotV2, decodeBidKind, decodeSnapshotV2 } from "../bytesrepr/auction/records-v2.ts";
import type { Engine } from "../engine/engine.ts";
import { keysWithPrefix } from "../state/trie/operations.ts";
import { SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY } from "../system/auction/provider.ts";
import type { StateView } from "./state-query.ts";

export interface AuctionRecords {
  /** every BidKind under Key::BidAddr, in key order */
  bids: BidKind[];
  /** era -> the validators chosen for it, with their and their delegators' stakes */
  snapshot: SnapshotV2;
}

export function auctionRecordsAt(engine: Engine, view: StateView, stateRootHash: string): AuctionRecords {
  const bids: BidKind[] = [];
  for (const keyBytes of keysWithPrefix(engine.state.trieNodes, fromHex(stateRootHash, "state root hash"), new Uint8Array([KeyTag.BidAddr]))) {
    const v = view.read(decodeKey(keyBytes));
    if (!v || v.kind !== "BidKind") throw new Error(`a ${v?.kind ?? "missing value"} is stored under a bid address`);
    bids.push(decodeBidKind(v.bytes));
  }
  const auction = view.read(parseKey(engine.systemContract("auction")));
  if (!auction || auction.kind !== "Contract") throw new Error("the auction contract is missing from this state");
  const named = auction.contract.namedKeys.get(SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY);
  const uref = named && keyAsURef(named);
  const value = uref && view.read(urefKey(uref));
  if (!value || value.kind !== "CLValue") throw new Error(`the auction has no ${SEIGNIORAGE_RECIPIENTS_SNAPSHOT_KEY} value in this state`);
  const snapshot = clValueInto(value.value, SNAPSHOT_CL_TYPE, (r) => decodeSnapshotV2(r.raw(r.remaining)));
  return { bids, snapshot };
}
