// The 2.0 auction as a native system contract (casper-node 2.0): its entry points as
// types/src/system/auction/entry_points.rs declares them (note " change_bid_public_key", with the
// leading space of constants.rs METHOD_CHANGE_BID_PUBLIC_KEY: wasm reaches the entry point under that
// name only), genesis (genesis.ts), and execution_engine/src/runtime/mod.rs `call_host_auction`: each
// named arg read as the node reads it (a missing one MissingArgument, a mistyped one InvalidArgument;
// `delegator` falls back to `delegator_purse`), add_bid's delegation limits checked against the
// chainspec's (InvalidDelegationAmountLimits), then the entry point (logic.ts), reverting with its
// ApiError on failure.

import { CLT, type CLType, clList, clMap, clOption } from "../../../bytesrepr/cl-type.ts";
import { type CLValue, clv } from "../../../bytesrepr/cl-value.ts";
import type { EntryPoint } from "../../../bytesrepr/entry-points.ts";
import type { Key } from "../../../bytesrepr/key.ts";
import { type PublicKeyBytes, readPublicKey } from "../../../bytesrepr/public-key.ts";
import type { ByteReader } from "../../../bytesrepr/reader.ts";
import { type NamedArg, getArg } from "../../../bytesrepr/runtime-args.ts";
import { ApiErrorCode } from "../../../runtime/api-error.ts";
import { ExecError } from "../../../runtime/errors.ts";
import type { Runtime } from "../../../runtime/runtime.ts";
import type { GenesisInstaller, SystemContract } from "../../../runtime/system-api.ts";
import { arg, namedArg } from "../../args.ts";
import { reverting } from "../failure.ts";
import { reduceTotalSupply } from "../mint-calls.ts";
import type { DelegatorKind } from "../../../bytesrepr/auction/bid-addr.ts";
import { distribute, type ValidatorRewards } from "./distribute.ts";
import { installAuctionV2 } from "./genesis.ts";
import * as auction from "./logic.ts";
import { AuctionRuntimeV2 } from "./provider.ts";
import { readDelegatorKind, readReservation } from "../../../bytesrepr/auction/records-v2.ts";

/** constants.rs METHOD_CHANGE_BID_PUBLIC_KEY, leading space included. */
export const METHOD_CHANGE_BID_PUBLIC_KEY = " change_bid_public_key";

const ep = (name: string, args: [string, CLType][], ret: CLType): EntryPoint => ({
  name,
  args: args.map(([n, clType]) => ({ name: n, clType })),
  ret,
  access: { kind: "Public" },
  entryPointType: "Contract",
});

/** `Self::try_get_named_argument`: absent is fine; present must have the type. */
function optionalArg<T>(args: readonly NamedArg[], name: string, type: CLType, read: (r: ByteReader) => T): T | undefined {
  return getArg(args, name) ? namedArg(args, name, type, read) : undefined;
}

/** delegate / undelegate / redelegate: `delegator` (a PublicKey), failing that `delegator_purse` (a URef). */
function delegatorArg(args: readonly NamedArg[]): DelegatorKind {
  try {
    return { kind: "PublicKey", publicKey: arg.publicKey(args, "delegator") };
  } catch (e) {
    if (!(e instanceof ExecError)) throw e;
  }
  return { kind: "Purse", addr: arg.uref(args, "delegator_purse").addr };
}

const listOf = <T>(args: readonly NamedArg[], name: string, type: CLType, read: (r: ByteReader) => T): T[] =>
  namedArg(args, name, clList(type), (r) => {
    const n = r.u32();
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(read(r));
    return out;
  });

const publicKeys = (args: readonly NamedArg[], name: string): PublicKeyBytes[] => listOf(args, name, CLT.PublicKey, (r) => readPublicKey(r));

/** The engine config values the entry points read (call_host_auction passes include_credits = true, cap 1/5). */
function rulesOf(rt: Runtime): auction.AuctionRulesV2 {
  const c = rt.exec.config;
  return {
    allowAuctionBids: c.allowAuctionBids,
    minimumBidAmount: c.minimumBidAmount,
    maxDelegatorsPerValidator: c.maxDelegatorsPerValidator,
    vestingSchedulePeriodMillis: c.vestingSchedulePeriodMillis,
    includeCredits: true,
    creditCap: [1n, 5n],
  };
}

export const auctionContractV2: SystemContract = {
  name: "auction",
  index: 3,

  entryPoints: () => [
    ep("get_era_validators", [], clOption(clMap(CLT.PublicKey, CLT.U512))),
    ep("add_bid", [["public_key", CLT.PublicKey], ["delegation_rate", CLT.U8], ["amount", CLT.U512], ["minimum_delegation_amount", CLT.U64], ["maximum_delegation_amount", CLT.U64]], CLT.U512),
    ep("withdraw_bid", [["public_key", CLT.PublicKey], ["amount", CLT.U512]], CLT.U512),
    ep("delegate", [["delegator", CLT.PublicKey], ["validator", CLT.PublicKey], ["amount", CLT.U512]], CLT.U512),
    ep("undelegate", [["delegator", CLT.PublicKey], ["validator", CLT.PublicKey], ["amount", CLT.U512]], CLT.U512),
    ep("redelegate", [["delegator", CLT.PublicKey], ["validator", CLT.PublicKey], ["amount", CLT.U512], ["new_validator", CLT.PublicKey]], CLT.U512),
    ep("run_auction", [["era_end_timestamp_millis", CLT.U64]], CLT.Unit),
    ep("slash", [], CLT.Unit),
    ep("distribute", [["rewards_map", clMap(CLT.PublicKey, CLT.U512)]], CLT.Unit),
    ep("read_era_id", [], CLT.U64),
    ep("activate_bid", [["validator", CLT.PublicKey]], CLT.Unit),
    ep(METHOD_CHANGE_BID_PUBLIC_KEY, [["public_key", CLT.PublicKey], ["new_public_key", CLT.PublicKey]], CLT.Unit),
    ep("add_reservations", [["reservations", clList(CLT.Any)]], CLT.Unit),
    ep("cancel_reservations", [["validator", CLT.PublicKey], ["delegators", clList(CLT.Any)]], CLT.Unit),
  ],

  install: (genesis: GenesisInstaller): Map<string, Key> => installAuctionV2(genesis),

  call(rt: Runtime, entryPoint: string, args: readonly NamedArg[]): CLValue {
    const a = new AuctionRuntimeV2(rt);
    const cfg = rt.exec.config;
    switch (entryPoint) {
      case "get_era_validators":
        return reverting(() => auction.getEraValidators(a));
      case "add_bid": {
        const publicKey = arg.publicKey(args, "public_key");
        const delegationRate = arg.u8(args, "delegation_rate");
        const amount = arg.u512(args, "amount");
        const globalMin = cfg.minimumDelegationAmount;
        const globalMax = cfg.maximumDelegationAmount ?? (1n << 64n) - 1n;
        const minimumDelegationAmount = optionalArg(args, "minimum_delegation_amount", CLT.U64, (r) => r.u64()) ?? globalMin;
        const maximumDelegationAmount = optionalArg(args, "maximum_delegation_amount", CLT.U64, (r) => r.u64()) ?? globalMax;
        if (minimumDelegationAmount < globalMin || maximumDelegationAmount > globalMax || minimumDelegationAmount > maximumDelegationAmount) {
          throw ExecError.revert(ApiErrorCode.InvalidDelegationAmountLimits);
        }
        const reservedSlots = optionalArg(args, "reserved_slots", CLT.U32, (r) => r.u32()) ?? 0;
        const staked = reverting(() => auction.addBid(a, rulesOf(rt), { publicKey, delegationRate, amount, minimumDelegationAmount, maximumDelegationAmount, reservedSlots }));
        return clv.u512(staked);
      }
      case "withdraw_bid": {
        const publicKey = arg.publicKey(args, "public_key");
        const amount = arg.u512(args, "amount");
        return clv.u512(reverting(() => auction.withdrawBid(a, publicKey, amount, cfg.minimumBidAmount)));
      }
      case "delegate": {
        const delegator = delegatorArg(args);
        const validator = arg.publicKey(args, "validator");
        const amount = arg.u512(args, "amount");
        return clv.u512(reverting(() => auction.delegate(a, rulesOf(rt), delegator, validator, amount)));
      }
      case "undelegate": {
        const delegator = delegatorArg(args);
        const validator = arg.publicKey(args, "validator");
        const amount = arg.u512(args, "amount");
        return clv.u512(reverting(() => auction.undelegate(a, delegator, validator, amount)));
      }
      case "redelegate": {
        const delegator = delegatorArg(args);
        const validator = arg.publicKey(args, "validator");
        const amount = arg.u512(args, "amount");
        const newValidator = arg.publicKey(args, "new_validator");
        return clv.u512(reverting(() => auction.redelegate(a, delegator, validator, amount, newValidator)));
      }
      case "run_auction": {
        const eraEndTimestampMillis = arg.u64(args, "era_end_timestamp_millis");
        const evicted = publicKeys(args, "evicted_validators");
        reverting(() => auction.runAuction(a, rulesOf(rt), { eraEndTimestampMillis, evicted }));
        return clv.unit();
      }
      case "slash": {
        const validators = publicKeys(args, "validator_public_keys");
        reverting(() => auction.slash(a, validators, (amount) => reduceTotalSupply(rt, amount)));
        return clv.unit();
      }
      case "distribute": {
        const rewards = namedArg(args, "rewards_map", clMap(CLT.PublicKey, clList(CLT.U512)), (r) => {
          const n = r.u32();
          const out: ValidatorRewards[] = [];
          for (let i = 0; i < n; i++) {
            const validator = readPublicKey(r);
            const m = r.u32();
            const amounts: bigint[] = [];
            for (let j = 0; j < m; j++) amounts.push(r.bigUint(64, "U512"));
            out.push({ validator, amounts });
          }
          return out;
        });
        reverting(() => distribute(a, rewards));
        return clv.unit();
      }
      case "read_era_id":
        return reverting(() => auction.readEraIdValue(a));
      case "activate_bid": {
        const validator = arg.publicKey(args, "validator");
        reverting(() => auction.activateBid(a, validator, cfg.minimumBidAmount));
        return clv.unit();
      }
      case METHOD_CHANGE_BID_PUBLIC_KEY: {
        const publicKey = arg.publicKey(args, "public_key");
        const newPublicKey = arg.publicKey(args, "new_public_key");
        reverting(() => auction.changeBidPublicKey(a, publicKey, newPublicKey));
        return clv.unit();
      }
      case "add_reservations": {
        const reservations = listOf(args, "reservations", CLT.Any, readReservation);
        reverting(() => auction.addReservations(a, rulesOf(rt), reservations));
        return clv.unit();
      }
      case "cancel_reservations": {
        const validator = arg.publicKey(args, "validator");
        const delegators = listOf(args, "delegators", CLT.Any, readDelegatorKind);
        reverting(() => auction.cancelReservations(a, rulesOf(rt), validator, delegators));
        return clv.unit();
      }
      default:
        return clv.unit();
    }
  },
};

