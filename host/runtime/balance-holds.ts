// Casper 2.0 balance holds: Key::BalanceHold(BalanceHoldAddr { tag, purse, block time }) records of
// motes a purse may not spend (types/src/system/mint/balance_hold.rs; storage/src/global_state/state/
// mod.rs `balance_hold`; tracking_copy/ext.rs `get_available_balance`, `clear_expired_balance_holds`).
// Payment places a processing hold of the cost on the paying purse before the transaction runs and
// clears the purse's holds after it (node/src/components/contract_runtime/operations.rs).
//
// Only processing holds occur here: gas holds come with fee_handling = no_fee, which the engine
// refuses (engine/config.ts), and a processing hold's interval is 0 (ext.rs get_balance_hold_config),
// so the clear at the end of the transaction that placed it prunes it. The one hold a purse can carry
// is therefore the running transaction's, under (Processing, purse, this block time): a single read.
// 1.5.8 has no holds: the key is never written there, and reading it finds nothing.

import { clv } from "../bytesrepr/cl-value.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { BalanceHoldTag, balanceHoldKey } from "../bytesrepr/key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import type { TrackingCopy } from "../state/tracking-copy.ts";

interface Reader {
  readById(id: string): StoredValue | undefined;
}

/**
 * keyId of Key::BalanceHold(Processing, purse, block time), made without a Key object (every
 * available balance asks for it): tag 22, hold tag 01, the purse address, the block time's u64 LE.
 */
function processingHoldId(purseAddr: Uint8Array, blocktime: bigint): string {
  let time = "";
  let t = blocktime;
  for (let i = 0; i < 8; i++, t >>= 8n) time += HEX[Number(t & 0xffn)];
  return "1601" + toHex(purseAddr.subarray(0, 32)) + time;
}
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Motes held on the purse in this block (its processing hold), 0 when none. */
export function heldAmount(state: Reader, purseAddr: Uint8Array, blocktime: bigint): bigint {
  const v = state.readById(processingHoldId(purseAddr, blocktime));
  if (!v || v.kind !== "CLValue" || v.value.clType.kind !== "U512") return 0n;
  return new ByteReader(v.value.bytes).bigUint(64, "U512");
}

/** `get_available_balance` (accrued handling): the total less what is held, never below 0. */
export function availableOf(total: bigint, held: bigint): bigint {
  return held > total ? 0n : total - held;
}

/**
 * `BalanceHoldRequest::new_processing_hold` with InsufficientBalanceHandling::HoldRemaining: holds
 * `amount`, or whatever is available when that is less, adding to a hold already there. Returns the
 * motes newly held.
 */
export function placeProcessingHold(state: TrackingCopy, purseAddr: Uint8Array, total: bigint, amount: bigint, blocktime: bigint): bigint {
  const key = balanceHoldKey(BalanceHoldTag.Processing, purseAddr, blocktime);
  const previous = heldAmount(state, purseAddr, blocktime);
  const available = availableOf(total, previous);
  const held = available >= amount ? amount : available;
  state.write(key, { kind: "CLValue", value: clv.u512(previous + held) }, processingHoldId(purseAddr, blocktime));
  return held;
}

/** `BalanceHoldRequest::new_clear(BalanceHoldKind::All, purse)`: the purse's expired holds are pruned (its processing hold). */
export function clearHolds(state: TrackingCopy, purseAddr: Uint8Array, blocktime: bigint): void {
  const id = processingHoldId(purseAddr, blocktime);
  if (state.readById(id) !== undefined) state.prune(balanceHoldKey(BalanceHoldTag.Processing, purseAddr, blocktime), id);
}
