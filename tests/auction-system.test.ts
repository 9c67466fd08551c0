// The auction as a system contract: genesis bids and validator set, the query entry points from wasm,
// the caller rules (session code of the key's own account only; system-only entry points) on both
// protocols; 1.5.8's byte formats against casper-js-sdk's encodings, slashing and reward
// distribution (2.0's: tests/auction-v2-*.test.ts).
// Reference: casper-node v1.5.8 genesis.rs create_auction, system/auction.rs, types/src/system/auction/*;
// 2.0 storage/src/system/genesis/account_contract_installer.rs, storage/src/system/auction.rs.
import { describe, expect, it } from "vitest";
import sdk from "casper-js-sdk";
import { Engine } from "../host/engine/engine.ts";
import { toHex } from "../host/bytesrepr/hex.ts";
import { bidKey, eraSummaryKey, parseURef } from "../host/bytesrepr/key.ts";
import { accountHashOf } from "../host/bytesrepr/public-key.ts";
import { decodeBid, decodeEraInfo, decodeUnbonds, encodeBid } from "../host/bytesrepr/auction/records.ts";
import { describeApiError } from "../host/runtime/api-error.ts";
import { CSPR, bidPayment } from "./helpers/auction-state.ts";
import { Data, RET_HELPERS, module } from "./helpers/engine-wat.ts";
import { contractModule } from "./helpers/engine-contracts.ts";
import { argsBytes } from "./helpers/engine-bytes.ts";

const { CLValue, CLValueParser, CLTypeUInt64, CLTypePublicKey, CLTypeUInt512, CLTypeList, URef } = sdk;
const AUCTION = 64512;
const PAYMENT = 5n * CSPR;
const opts = { payment: PAYMENT };
const cat = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));
const pkBytes = (engine: Engine, who: string) => CLValue.newCLPublicKey(engine.key(who).publicKey).bytes();
const u512 = (n: bigint) => CLValue.newCLUInt512(n.toString()).bytes();
const u64 = (n: bigint) => CLValue.newCLUint64(n.toString()).bytes();
const urefBytes = (formatted: string) => URef.fromString(formatted).bytes();

function totalSupply(engine: Engine): bigint {
  return BigInt(engine.value(engine.systemContract("mint"), ["total_supply"]).toString());
}

const PROTOCOLS = ["1.5.8", "2.0.0"] as const;

describe.each(PROTOCOLS)("genesis (%s)", (protocol) => {
  it("each genesis validator has a locked bid with a bonding purse holding its stake, counted in the total supply", () => {
    const engine = new Engine({ protocol });
    const bids = engine.bids();
    expect(bids.map((b) => [b.name, b.stakedAmount, b.delegationRate, b.inactive, b.releaseTimestampMillis])).toEqual(
      [["validator-1", 1_000_000n * CSPR, 10, false, engine.blocktime], ["validator-2", 1_000_000n * CSPR, 5, false, engine.blocktime]],
    );
    for (const b of bids) expect(engine.balance(b.bondingPurse)).toBe(b.stakedAmount);
    // total supply: every purse genesis made, accounts and bonding purses
    let sum = 0n;
    for (const [, e] of engine.state.all()) if (e.key.tag === 6 && e.value.kind === "CLValue") sum += BigInt(CLValueParser.fromBytesByType(e.value.value.bytes, CLTypeUInt512).result.toString());
    expect(totalSupply(engine)).toBe(sum);
    expect(sum).toBeGreaterThan(2_000_000n * CSPR);
  });

  it("the founding validators are the set of eras 0..=auction_delay", () => {
    const engine = new Engine({ protocol });
    expect(engine.eraId()).toBe(0n);
    const expected = [{ name: "validator-1", weight: 1_000_000n * CSPR }, { name: "validator-2", weight: 1_000_000n * CSPR }];
    expect(engine.validators(0n)).toMatchObject(expected);
    expect(engine.validators(1n)).toMatchObject(expected);
    expect(() => engine.validators(2n)).toThrow(/no validator set for era 2: the auction knows eras 0, 1/);
  });

  it("validators come from the genesis config, with their stakes and rates", () => {
    const engine = new Engine({ protocol, validators: [{ name: "v", stake: 42n * CSPR, delegationRate: 100 }] });
    expect(engine.validators()).toMatchObject([{ name: "v", weight: 42n * CSPR }]);
    expect(engine.bid("v")).toMatchObject({ stakedAmount: 42n * CSPR, delegationRate: 100 });
  });

  it.each([
    ["more validators than validator_slots", { chainspec: { core: { validator_slots: 1 } } }, /2 validators but only 1 validator slots/],
    ["a zero stake", { validators: [{ name: "v", stake: 0n }] }, /zero stake/],
    ["a delegation rate over 100", { validators: [{ name: "v", delegationRate: 101 }] }, /delegation rate 101/],
  ] as const)("refuses %s", (_what, options, message) => {
    expect(() => new Engine({ protocol, ...(options as ConstructorParameters<typeof Engine>[0]) })).toThrow(message);
  });

  it("locked_funds_period: genesis validators stay locked, win their slots and cannot withdraw", () => {
    const engine = new Engine({ protocol, chainspec: { core: { locked_funds_period: "90 days", validator_slots: 2 } } });
    const day = 24n * 3600_000n;
    expect(engine.bid("validator-1")!.releaseTimestampMillis).toBe(engine.blocktime + 90n * day);
    engine.addBid("carol", 5_000_000n * CSPR, 5, { payment: bidPayment(engine) }).expectSuccess();
    engine.advanceEras(3);
    expect(engine.validators().map((v) => v.name)).toEqual(["validator-1", "validator-2"]);
    engine.withdrawBid("validator-1", 1n, opts).expectRevert(AUCTION + 15); // ValidatorFundsLocked
  });
});

describe("byte formats (1.5.8 records; 2.0's: tests/auction-v2-records.test.ts)", () => {
  it("a Bid is stored as bid.rs writes it (fields from casper-js-sdk's encodings)", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    engine.delegate("alice", "validator-1", 700n * CSPR, opts).expectSuccess();
    const stored = engine.state.read(bidKey(accountHashOf(engine.key("validator-1").publicKeyBytes)))!;
    expect(stored.kind).toBe("Bid");
    const view = engine.bid("validator-1")!;
    const alice = view.delegators[0];
    const expected = cat(
      pkBytes(engine, "validator-1"), urefBytes(view.bondingPurse), u512(1_000_000n * CSPR), Uint8Array.of(10),
      Uint8Array.of(1), u64(engine.blocktime), Uint8Array.of(0), // Some(VestingSchedule { release, locked_amounts: None })
      CLValue.newCLUInt32(1).bytes(), pkBytes(engine, "alice"), // BTreeMap<PublicKey, Delegator>, one entry
      pkBytes(engine, "alice"), u512(700n * CSPR), urefBytes(alice.bondingPurse), pkBytes(engine, "validator-1"), Uint8Array.of(0),
      Uint8Array.of(0), // inactive: false
    );
    const bytes = (stored as { bytes: Uint8Array }).bytes;
    expect(toHex(bytes)).toBe(toHex(expected));
    expect(toHex(encodeBid(decodeBid(bytes)))).toBe(toHex(bytes));
  });

  it("after the first auction the vesting schedule holds its 14 locked amounts", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    engine.advanceEras(1);
    const stored = engine.state.read(bidKey(accountHashOf(engine.key("validator-2").publicKeyBytes))) as { bytes: Uint8Array };
    const bid = decodeBid(stored.bytes);
    // vesting_schedule_period 0 weeks: everything vested at once, all 14 entries zero
    expect(bid.vestingSchedule!.lockedAmounts).toEqual(new Array(14).fill(0n));
    expect(toHex(stored.bytes)).toContain(toHex(cat(u64(engine.bid("validator-2")!.releaseTimestampMillis!), Uint8Array.of(1), ...new Array(14).fill(u512(0n)))));
  });

  it("unbonding purses are stored as unbonding_purse.rs writes them", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    engine.delegate("alice", "validator-1", 700n * CSPR, opts).expectSuccess();
    engine.redelegate("alice", "validator-1", "validator-2", 500n * CSPR, opts).expectSuccess();
    const stored = engine.state.read({ tag: 12, data: accountHashOf(engine.key("validator-1").publicKeyBytes) }) as { kind: string; bytes: Uint8Array };
    expect(stored.kind).toBe("Unbonding");
    const purse = engine.unbonds()[0].bondingPurse;
    const expected = cat(
      CLValue.newCLUInt32(1).bytes(),
      urefBytes(purse), pkBytes(engine, "validator-1"), pkBytes(engine, "alice"), u64(0n), u512(500n * CSPR),
      Uint8Array.of(1), pkBytes(engine, "validator-2"),
    );
    expect(toHex(stored.bytes)).toBe(toHex(expected));
    expect(decodeUnbonds(stored.bytes)[0].bondingPurse.addr).toEqual(parseURef(purse).addr);
  });
});

describe.each(PROTOCOLS)("queries from wasm (%s)", (protocol) => {
  /** Session code calling an auction entry point with no args and returning the raw result as List<U8>. */
  function querySession(entryPoint: string): Uint8Array {
    const data = new Data();
    const ep = data.string(entryPoint);
    const noArgs = data.bytes(new Uint8Array(4));
    return module({
      imports: ["casper_get_system_contract", "casper_call_contract", "casper_read_host_buffer", "casper_revert", "casper_ret"],
      data,
      body: `${RET_HELPERS}
      (func (export "call") (local $r i32)
        (local.set $r (call $casper_get_system_contract (i32.const 3) (i32.const 100) (i32.const 32)))
        (if (local.get $r) (then (call $casper_revert (local.get $r))))
        (local.set $r (call $casper_call_contract (i32.const 100) (i32.const 32) (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 200)))
        (if (local.get $r) (then (call $casper_revert (local.get $r))))
        (local.set $r (call $casper_read_host_buffer (i32.const 4096) (i32.load (i32.const 200)) (i32.const 204)))
        (if (local.get $r) (then (call $casper_revert (local.get $r))))
        (call $ret_bytes (i32.const 4096) (i32.load (i32.const 200))))`,
    });
  }
  const returnedBytes = (engine: Engine, wasm: Uint8Array) => {
    const r = engine.runSession("alice", wasm, {}, opts).expectSuccess();
    return Uint8Array.from(CLValueParser.fromBytesByType(r.returnValue!.bytes(), r.returnValue!.type).result.list!.elements.map((e) => Number(e.toString())));
  };

  it("get_era_validators returns BTreeMap<EraId, BTreeMap<PublicKey, U512>>, as casper-js-sdk encodes it (1.5.8 keeps auction_delay + 1 eras, 2.0 one more: the past era)", () => {
    const engine = new Engine({ protocol });
    engine.delegate("bob", "validator-2", 2000n * CSPR, opts).expectSuccess();
    engine.advanceEras(1);
    const got = returnedBytes(engine, querySession("get_era_validators"));
    const sorted = ["validator-1", "validator-2"].sort((a, b) => (engine.key(a).publicKeyHex < engine.key(b).publicKeyHex ? -1 : 1));
    // the outer map by hand (casper-js-sdk 5 compares map value types by identity), each era's weights by the SDK
    const kept = protocol === "1.5.8" ? ([[1n, 0n], [2n, 2000n * CSPR]] as const) : ([[0n, 0n], [1n, 0n], [2n, 2000n * CSPR]] as const);
    const eras = kept.map(([era, bob]) => {
      const weights = CLValue.newCLMap(CLTypePublicKey, CLTypeUInt512);
      for (const v of sorted) {
        expect(weights.map!.append(CLValue.newCLPublicKey(engine.key(v).publicKey), CLValue.newCLUInt512((1_000_000n * CSPR + (v === "validator-2" ? bob : 0n)).toString()))).toBeNull();
      }
      return cat(u64(era), weights.bytes());
    });
    expect(toHex(got)).toBe(toHex(cat(CLValue.newCLUInt32(kept.length).bytes(), ...eras)));
  });

  it("read_era_id returns the era as a U64", () => {
    const engine = new Engine({ protocol });
    engine.advanceEras(5);
    expect(toHex(returnedBytes(engine, querySession("read_era_id")))).toBe(toHex(u64(5n)));
  });

  it("run_auction, slash and distribute are for the system only (InvalidCaller)", () => {
    const engine = new Engine({ protocol });
    const auction = engine.systemContract("auction");
    const before = engine.bids();
    engine.callByHash("alice", auction, "run_auction", { era_end_timestamp_millis: CLValue.newCLUint64("1"), evicted_validators: CLValue.newCLList(CLTypePublicKey, []) }, opts).expectRevert(AUCTION + 16);
    engine.callByHash("alice", auction, "slash", { validator_public_keys: CLValue.newCLList(CLTypePublicKey, [CLValue.newCLPublicKey(engine.key("validator-1").publicKey)]) }, opts).expectRevert(AUCTION + 16);
    // 1.5.8 takes reward factors (Map<PublicKey, U64>), 2.0 rewards in motes (`rewards_map`: Map<PublicKey, List<U512>>)
    const rewards: Record<string, InstanceType<typeof CLValue>> = protocol === "1.5.8"
      ? { reward_factors: CLValue.newCLMap(CLTypePublicKey, CLTypeUInt64) }
      : { rewards_map: CLValue.newCLMap(CLTypePublicKey, new CLTypeList(CLTypeUInt512)) };
    engine.callByHash("alice", auction, "distribute", rewards, opts).expectRevert(AUCTION + 16);
    expect(engine.bids()).toEqual(before);
    expect(engine.eraId()).toBe(0n);
  });
});

describe.each(PROTOCOLS)("the caller rule (%s): only session code of the key's own account", (protocol) => {
  function proxy(engine: Engine, type: "contract" | "session") {
    const data = new Data();
    const ep = data.string("delegate");
    const args = data.bytes(argsBytes({
      delegator: CLValue.newCLPublicKey(engine.key("alice").publicKey),
      validator: CLValue.newCLPublicKey(engine.key("validator-1").publicKey),
      amount: CLValue.newCLUInt512((600n * CSPR).toString()),
    }));
    return contractModule({
      name: "proxy",
      entryPoints: [{ name: "delegate_for_alice", type }],
      imports: ["casper_get_system_contract", "casper_call_contract", "casper_revert"],
      data,
      functions: `
      (func (export "delegate_for_alice") (local $r i32)
        (local.set $r (call $casper_get_system_contract (i32.const 3) (i32.const 300) (i32.const 32)))
        (if (local.get $r) (then (call $casper_revert (local.get $r))))
        (local.set $r (call $casper_call_contract (i32.const 300) (i32.const 32) (i32.const ${ep.ptr}) (i32.const ${ep.len}) (i32.const ${args.ptr}) (i32.const ${args.len}) (i32.const 340)))
        (if (local.get $r) (then (call $casper_revert (local.get $r)))))`,
    });
  }

  it.each(["contract", "session"] as const)("a stored %s entry point delegating for its caller fails with InvalidContext", (type) => {
    const engine = new Engine({ protocol });
    engine.runSession("alice", proxy(engine, type), {}, { payment: 50n * CSPR }).expectSuccess();
    const before = engine.bids();
    engine.callByName("alice", "proxy", "delegate_for_alice", {}, opts).expectRevert(AUCTION + 14);
    expect(engine.bids()).toEqual(before);
  });
});

describe("slash and distribute on 1.5.8 (the era step's system calls; 2.0's: tests/auction-v2-eras.test.ts)", () => {
  it("slash burns the validator's stake and pending unbonds from the total supply and deactivates the bid", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    engine.delegate("alice", "validator-1", 800n * CSPR, opts).expectSuccess();
    engine.advanceEras(1);
    engine.withdrawBid("validator-1", 3000n * CSPR, { payment: bidPayment(engine) }).expectSuccess();
    const supply = totalSupply(engine);
    engine.advanceEras(1, { slashed: ["validator-1"] });
    // bid stake (997,000) + its unbonding purse (3,000) are burned; delegators are zeroed, not burned (auction.rs slash)
    expect(totalSupply(engine)).toBe(supply - 1_000_000n * CSPR);
    expect(engine.bid("validator-1")).toMatchObject({ stakedAmount: 0n, inactive: true, delegators: [expect.objectContaining({ name: "alice", stakedAmount: 0n })] });
    expect(engine.unbonds()).toEqual([]);
    engine.advanceEras(2);
    expect(engine.validators().map((v) => v.name)).toEqual(["validator-2"]);
  });

  it("distribute mints reward_factor / 10^12 of the base round reward: delegators share (100 - rate)% of their part, by stake", () => {
    const engine = new Engine({ protocol: "1.5.8" });
    engine.delegate("alice", "validator-1", 1000n * CSPR, opts).expectSuccess();
    engine.delegate("bob", "validator-1", 3000n * CSPR, opts).expectSuccess();
    engine.advanceEras(2); // era 2's recipients include the delegations
    const supply = totalSupply(engine);
    // mint read_base_round_reward: round_seigniorage_rate (7/175070816) x total supply, rounded down
    const base = (7n * supply) / 175_070_816n;
    const factor = 400_000_000_000n; // 40% of BLOCK_REWARD
    const stake = 1_000_000n * CSPR + 4000n * CSPR;
    // delegator reward = total_reward x (delegated / stake) x (100 - 10)/100 x (own / delegated), rounded down
    const delegatorReward = (own: bigint) => (factor * base * 4000n * CSPR * 90n * own) / (1_000_000_000_000n * stake * 100n * 4000n * CSPR);
    const aliceReward = delegatorReward(1000n * CSPR);
    const bobReward = delegatorReward(3000n * CSPR);
    const validatorReward = (factor * base - (aliceReward + bobReward) * 1_000_000_000_000n) / 1_000_000_000_000n;
    expect(aliceReward).toBeGreaterThan(0n);

    engine.advanceEras(1, { rewards: { "validator-1": factor } });
    expect(engine.stakeOf("alice", "validator-1")).toBe(1000n * CSPR + aliceReward);
    expect(engine.stakeOf("bob", "validator-1")).toBe(3000n * CSPR + bobReward);
    expect(engine.stakeOf("validator-1", "validator-1")).toBe(1_000_000n * CSPR + validatorReward);
    expect(totalSupply(engine)).toBe(supply + aliceReward + bobReward + validatorReward);
    // everything minted is the era's total reward, rounded down once
    expect(aliceReward + bobReward + validatorReward).toBe((factor * base) / 1_000_000_000_000n);
    // bonding purses hold the reinvested rewards
    const bid = engine.bid("validator-1")!;
    expect(engine.balance(bid.bondingPurse)).toBe(1_000_000n * CSPR + validatorReward);
    // the era's allocations are recorded under Key::EraSummary
    const info = engine.state.read(eraSummaryKey) as { kind: string; bytes: Uint8Array };
    expect(info.kind).toBe("EraInfo");
    expect(decodeEraInfo(info.bytes).map((a) => a.amount)).toEqual(
      [...(engine.key("alice").publicKeyHex < engine.key("bob").publicKeyHex ? [aliceReward, bobReward] : [bobReward, aliceReward]), validatorReward],
    );
    expect(engine.stakeOf("validator-2", "validator-2")).toBe(1_000_000n * CSPR);
  });
});

describe.each(PROTOCOLS)("reaching the auction (%s)", (protocol) => {
  it("a StoredVersionedContractByHash deploy through the auction's package runs the same native entry point", () => {
    const engine = new Engine({ protocol });
    const pkg = toHex(engine.contract(engine.systemContract("auction")).contractPackageHash);
    const r = engine.callVersionedByHash("alice", pkg, "delegate", {
      delegator: CLValue.newCLPublicKey(engine.key("alice").publicKey),
      validator: CLValue.newCLPublicKey(engine.key("validator-2").publicKey),
      amount: CLValue.newCLUInt512((700n * CSPR).toString()),
    }, undefined, opts).expectSuccess();
    expect(r.returnValue!.toString()).toBe((700n * CSPR).toString());
    expect(engine.stakeOf("alice", "validator-2")).toBe(700n * CSPR);
  });
});

describe("test API input", () => {
  it("takes names, TestKeys and public key hex; a malformed key is named as such", () => {
    const engine = new Engine();
    const hex = engine.key("validator-1").publicKeyHex;
    expect(engine.stakeOf("validator-1", hex)).toBe(1_000_000n * CSPR);
    expect(engine.stakeOf(engine.key("validator-1"), "validator-1")).toBe(1_000_000n * CSPR);
    expect(() => engine.stakeOf("alice", hex.slice(0, 40))).toThrow(/is neither an account name nor a public key/);
    expect(() => engine.delegate(hex, "validator-2", 500n * CSPR)).toThrow(/cannot sign: pass options.from/);
    expect(engine.stakeOf("alice", "nobody")).toBe(0n);
  });
});

describe("documentation", () => {
  it("the host/README.md staking example holds", () => {
    const engine = new Engine(); // protocol 2.0.0
    // a validator that bids after genesis takes the chainspec's delegation limits as its own: 500 CSPR .. 1e9 CSPR
    engine.addBid("dave", 10_000n * CSPR, 5).expectSuccess();
    engine.delegate("alice", "dave", 1000n * CSPR).expectSuccess(); // auction `delegate` by hash
    expect(engine.stakeOf("alice", "dave")).toBe(1000n * CSPR);

    engine.undelegate("alice", "dave", 400n * CSPR).expectSuccess();
    const balance = engine.balance("alice");
    engine.advanceEras(8); // unbonding_delay 7: paid at the end of era 7
    expect(engine.balance("alice")).toBe(balance + 400n * CSPR);

    engine.delegate("bob", "dave", 100n * CSPR).expectRevert(64512 + 45); // DelegationAmountTooSmall: dave's minimum
    engine.undelegate("alice", "dave", 200n * CSPR).expectSuccess(); // 400 would remain, under 500: all 600 unbond
    expect(engine.stakeOf("alice", "dave")).toBe(0n);
    expect(engine.unbonds().map((u) => [u.unbonderName, u.amount])).toEqual([["alice", 600n * CSPR]]);
    expect(engine.validators().find((v) => v.name === "dave")!.weight).toBe(10_600n * CSPR);
  });

  it("auction error codes are named as error.rs numbers them (1.5.8, and 2.0's additions)", () => {
    const named: [number, string][] = [
      [7, "ValidatorNotFound"], [14, "InvalidContext"], [20, "UnbondTooLarge"], [21, "BondTooSmall"], [43, "ExceededDelegatorSizeLimit"],
      [45, "DelegationAmountTooSmall"], [47, "AuctionBidsDisabled"], [49, "TransferToAdministrator"], [55, "DelegationAmountTooLarge"], [63, "VestingLockout"],
    ];
    for (const [n, name] of named) expect(describeApiError(AUCTION + n)).toMatchObject({ group: "Auction", name, message: `ApiError::AuctionError(${name}) [${AUCTION + n}]` });
  });
});
