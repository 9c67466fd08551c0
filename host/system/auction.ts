// The auction system contract, native (casper-node v1.5.8): its stored Contract with the node's entry
// points (types/src/system/auction/entry_points.rs), genesis bids (auction/genesis.ts), and the
// dispatch of runtime/mod.rs `call_host_auction`: read each named arg (MissingArgument /
// InvalidArgument), run the entry point (auction/logic.ts), and revert with its ApiError on failure.

import { CLT, clList, clMap, clOption } from "../bytesrepr/cl-type.ts";
import { type CLValue, clv } from "../bytesrepr/cl-value.ts";
import type { EntryPoint } from "../bytesrepr/entry-points.ts";
import type { Key } from "../bytesrepr/key.ts";
import { type PublicKeyBytes, readPublicKey } from "../bytesrepr/public-key.ts";
import type { NamedArg } from "../bytesrepr/runtime-args.ts";
import type { Runtime } from "../runtime/runtime.ts";
import type { GenesisInstaller, SystemContract } from "../runtime/system-api.ts";
import { arg, namedArg } from "./args.ts";
import { reverting } from "./auction/failure.ts";
import { installAuction } from "./auction/genesis.ts";
import * as auction from "./auction/logic.ts";
import { AuctionRuntime } from "./auction/provider.ts";
import { reduceTotalSupply } from "./auction/mint-calls.ts";
import { type RewardFactor, distribute } from "./auction/rewards.ts";

const ep = (name: string, args: [string, EntryPoint["ret"]][], ret: EntryPoint["ret"]): EntryPoint => ({
  name,
  args: args.map(([n, clType]) => ({ name: n, clType })),
  ret,
  access: { kind: "Public" },
  entryPointType: "Contract",
});

const publicKeys = (args: readonly NamedArg[], name: string): PublicKeyBytes[] =>
  namedArg(args, name, clList(CLT.PublicKey), (r) => {
    const n = r.u32();
    const out: PublicKeyBytes[] = [];
    for (let i = 0; i < n; i++) out.push(readPublicKey(r));
    return out;
  });

/** The chainspec values the entry points take, from the engine's runtime config. */
function rulesOf(rt: Runtime): auction.AuctionRules {
  const c = rt.exec.config;
  return {
    allowAuctionBids: c.allowAuctionBids,
    minimumBidAmount: c.minimumBidAmount,
    minimumDelegationAmount: c.minimumDelegationAmount,
    maxDelegatorsPerValidator: c.maxDelegatorsPerValidator,
    vestingSchedulePeriodMillis: c.vestingSchedulePeriodMillis,
  };
}

export const auctionContract: SystemContract = {
  name: "auction",
  index: 3,

  entryPoints: () => [
    ep("get_era_validators", [], clOption(clMap(CLT.PublicKey, CLT.U512))),
    ep("add_bid", [["public_key", CLT.PublicKey], ["delegation_rate", CLT.U8], ["amount", CLT.U512]], CLT.U512),
    ep("withdraw_bid", [["public_key", CLT.PublicKey], ["amount", CLT.U512]], CLT.U512),
    ep("delegate", [["delegator", CLT.PublicKey], ["validator", CLT.PublicKey], ["amount", CLT.U512]], CLT.U512),
    ep("undelegate", [["delegator", CLT.PublicKey], ["validator", CLT.PublicKey], ["amount", CLT.U512]], CLT.U512),
    ep("redelegate", [["delegator", CLT.PublicKey], ["validator", CLT.PublicKey], ["amount", CLT.U512], ["new_validator", CLT.PublicKey]], CLT.U512),
    ep("run_auction", [["era_end_timestamp_millis", CLT.U64]], CLT.Unit),
    ep("slash", [], CLT.Unit),
    ep("distribute", [["reward_factors", clMap(CLT.PublicKey, CLT.U64)]], CLT.Unit),
    ep("read_era_id", [], CLT.U64),
    ep("activate_bid", [["validator_public_key", CLT.PublicKey]], CLT.Unit),
  ],

  install: (genesis: GenesisInstaller): Map<string, Key> => installAuction(genesis),

  call(rt: Runtime, entryPoint: string, args: readonly NamedArg[]): CLValue {
    const a = new AuctionRuntime(rt);
    switch (entryPoint) {
      case "get_era_validators":
        return reverting(() => auction.getEraValidators(a));
      case "add_bid": {
        const publicKey = arg.publicKey(args, "public_key");
        const delegationRate = arg.u8(args, "delegation_rate");
        const amount = arg.u512(args, "amount");
        return clv.u512(reverting(() => auction.addBid(a, rulesOf(rt), publicKey, delegationRate, amount)));
      }
      case "withdraw_bid": {
        const publicKey = arg.publicKey(args, "public_key");
        const amount = arg.u512(args, "amount");
        return clv.u512(reverting(() => auction.withdrawBid(a, publicKey, amount)));
      }
      case "delegate": {
        const delegator = arg.publicKey(args, "delegator");
        const validator = arg.publicKey(args, "validator");
        const amount = arg.u512(args, "amount");
        return clv.u512(reverting(() => auction.delegate(a, rulesOf(rt), delegator, validator, amount)));
      }
      case "undelegate": {
        const delegator = arg.publicKey(args, "delegator");
        const validator = arg.publicKey(args, "validator");
        const amount = arg.u512(args, "amount");
        return clv.u512(reverting(() => auction.undelegate(a, delegator, validator, amount)));
      }
      case "redelegate": {
        const delegator = arg.publicKey(args, "delegator");
        const validator = arg.publicKey(args, "validator");
        const amount = arg.u512(args, "amount");
        const newValidator = arg.publicKey(args, "new_validator");
        return clv.u512(reverting(() => auction.redelegate(a, rulesOf(rt), delegator, validator, amount, newValidator)));
      }
      case "run_auction": {
        const eraEnd = arg.u64(args, "era_end_timestamp_millis");
        const evicted = publicKeys(args, "evicted_validators");
        reverting(() => auction.runAuction(a, rulesOf(rt), eraEnd, evicted));
        return clv.unit();
      }
      case "slash": {
        const validators = publicKeys(args, "validator_public_keys");
        reverting(() => auction.slash(a, validators, (amount) => reduceTotalSupply(rt, amount)));
        return clv.unit();
      }
      case "distribute": {
        const factors = namedArg(args, "reward_factors", clMap(CLT.PublicKey, CLT.U64), (r) => {
          const n = r.u32();
          const out: RewardFactor[] = [];
          for (let i = 0; i < n; i++) out.push({ validator: readPublicKey(r), factor: r.u64() });
          return out;
        });
        reverting(() => distribute(a, factors));
        return clv.unit();
      }
      case "read_era_id":
        return reverting(() => auction.readEraIdValue(a));
      case "activate_bid": {
        const validator = arg.publicKey(args, "validator_public_key");
        reverting(() => auction.activateBid(a, validator));
        return clv.unit();
      }
      default:
        return clv.unit();
    }
  },
};
