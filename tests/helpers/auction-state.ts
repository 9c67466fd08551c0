// What a staking test compares: the auction's whole visible state (bids with their delegators,
// unbonding purses, era, validator sets) and every purse's balance, before and after a deploy.
import { expect } from "vitest";
import type { Engine } from "../../host/engine/engine.ts";
import type { ExecutionResult } from "../../host/engine/result.ts";
import { KeyTag, keyId } from "../../host/bytesrepr/key.ts";
import { ByteReader } from "../../host/bytesrepr/reader.ts";
import { feeOf } from "./gas-fee.ts";

export const CSPR = 1_000_000_000n;

export interface AuctionState {
  readonly bids: ReturnType<Engine["bids"]>;
  readonly unbonds: ReturnType<Engine["unbonds"]>;
  readonly eraId: bigint;
  readonly validators: ReturnType<Engine["validators"]>;
  /** every purse: balance key id -> motes */
  readonly balances: ReadonlyMap<string, bigint>;
}

export function auctionState(engine: Engine): AuctionState {
  const balances = new Map<string, bigint>();
  for (const [id, e] of engine.state.all()) {
    if (e.key.tag !== KeyTag.Balance || e.value.kind !== "CLValue") continue;
    balances.set(id, new ByteReader(e.value.value.bytes).bigUint(64, "U512"));
  }
  return { bids: engine.bids(), unbonds: engine.unbonds(), eraId: engine.eraId(), validators: engine.validators(), balances };
}

const purseId = (engine: Engine, who: string) => keyId({ tag: KeyTag.Balance, data: engine.readAccount(who)!.mainPurse.addr });

/**
 * A failed deploy changed nothing but the payment: the auction's state is the same, and the only
 * balances that moved are the sender's (down by the fee the rules give) and the proposer's (up by it).
 */
export function expectOnlyPaymentCharged(engine: Engine, before: AuctionState, r: ExecutionResult, from: string, payment: bigint): void {
  const after = auctionState(engine);
  expect(after.bids).toEqual(before.bids);
  expect(after.unbonds).toEqual(before.unbonds);
  expect(after.eraId).toBe(before.eraId);
  const fee = feeOf(r, payment, engine.protocol);
  expect(r.cost).toBe(fee);
  const sender = purseId(engine, from);
  const proposer = purseId(engine, "proposer");
  for (const [id, motes] of after.balances) {
    const was = before.balances.get(id);
    if (id === sender) expect(motes).toBe(was! - fee);
    else if (id === proposer) expect(motes).toBe(was! + fee);
    else expect({ purse: id, motes }).toEqual({ purse: id, motes: was });
  }
  expect(after.balances.size).toBe(before.balances.size);
}

/** add_bid's system cost is 5,000 CSPR in the 1.5.8 chainspec and 2.5 CSPR in 2.0's: a payment that covers it. */
export const bidPayment = (engine: Engine): bigint => (engine.protocol === "1.5.8" ? 5_010n : 5n) * CSPR;

/**
 * `engine` with `name` bidding 10,000 CSPR (minimum_bid_amount) after genesis, as every validator on
 * today's testnet and mainnet did: on 2.0 its bid takes the chainspec's delegation limits as its own
 * (500 CSPR .. 1e9 CSPR), where a genesis validator's are 0 .. u64::MAX.
 */
export function withValidator(engine: Engine, name = "dave", rate = 5): Engine {
  engine.addBid(name, 10_000n * CSPR, rate, { payment: bidPayment(engine) }).expectSuccess();
  return engine;
}
