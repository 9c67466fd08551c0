// The auction's calls into the mint besides transfers (casper-node v1.5.8 runtime/mod.rs
// mint_reduce_total_supply, mint_read_base_round_reward, and auction_internal.rs
// mint_into_existing_purse): each a call_contract with the gas counter set back afterwards, any
// failure mapped to the auction error the node uses.

import { CLT, clResult } from "../../bytesrepr/cl-type.ts";
import { clv, clValueInto } from "../../bytesrepr/cl-value.ts";
import type { URef } from "../../bytesrepr/key.ts";
import type { NamedArg } from "../../bytesrepr/runtime-args.ts";
import type { Runtime } from "../../runtime/runtime.ts";
import { AuctionError, fail, provider } from "./failure.ts";
import { isSystemAccount } from "./provider.ts";

const RESULT_UNIT_U8 = clResult(CLT.Unit, CLT.U8);

function callMint(rt: Runtime, entryPoint: string, args: NamedArg[], otherwise: number) {
  const meter = rt.exec.meter;
  const used = meter.used;
  const mint = provider(() => rt.exec.systemContractHash("mint"), otherwise);
  const ret = provider(() => rt.callContract(mint, entryPoint, args), otherwise);
  meter.setUsed(used);
  return ret;
}

/** Ok(()) or the mint's error number. */
function mintResult(v: ReturnType<typeof callMint>, otherwise: number): number | undefined {
  try {
    return clValueInto(v, RESULT_UNIT_U8, (r) => (r.u8() === 1 ? undefined : r.u8()));
  } catch {
    return fail(otherwise);
  }
}

/** slash: burn from the total supply (any failure is MintReward, as the node maps it). */
export function reduceTotalSupply(rt: Runtime, amount: bigint): void {
  const ret = callMint(rt, "reduce_total_supply", [{ name: "amount", value: clv.u512(amount) }], AuctionError.MintReward);
  if (mintResult(ret, AuctionError.MintReward) !== undefined) fail(AuctionError.MintReward);
}

/** distribute: the era's base reward (MissingValue on failure). */
export function readBaseRoundReward(rt: Runtime): bigint {
  const ret = callMint(rt, "read_base_round_reward", [], AuctionError.MissingValue);
  try {
    return clValueInto(ret, CLT.U512, (r) => r.bigUint(64, "U512"));
  } catch {
    return fail(AuctionError.MissingValue);
  }
}

/** distribute: mint a reward into a bonding purse (system only; MintError on failure). */
export function mintIntoExistingPurse(rt: Runtime, amount: bigint, purse: URef): void {
  if (!isSystemAccount(rt.context.caller)) fail(AuctionError.InvalidCaller);
  const args: NamedArg[] = [
    { name: "amount", value: clv.u512(amount) },
    { name: "purse", value: clv.uref(purse) },
  ];
  const ret = callMint(rt, "mint_into_existing_purse", args, AuctionError.MintError);
  if (mintResult(ret, AuctionError.CLValue) !== undefined) fail(AuctionError.MintError);
}
