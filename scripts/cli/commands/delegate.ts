// delegate / undelegate: stake CSPR with a validator and take it back.
// Legacy Deploy: delegate runs build/delegate.wasm (args delegator, validator, amount); undelegate calls
// the auction contract's `undelegate` entry point by hash. --transaction: Casper 2.0 native
// Delegate / Undelegate, whose payment defaults to the 2.0 chainspec's fixed cost
// ([system_costs.auction_costs] delegate = undelegate = 2_500_000_000 motes).
import sdk from "casper-js-sdk";
import { buildNativeDelegate, buildSessionWasm, buildUndelegate } from "../build-signed.ts";
import { amountArg, deliver, NETWORK_OPTIONS, networkFrom, planFrom, publicKeyArg, SIGNING_OPTIONS, type Io } from "../command-context.ts";
import { paymentForWasm } from "../default-payment.ts";
import { UsageError, type CommandSpec, type ParsedCommandLine } from "../options.ts";
import { knownAuctionHash } from "../system-contracts.ts";
import { Engine } from "../../../host/engine/engine.ts";
import { toHex } from "../../../host/bytesrepr/hex.ts";
import { readWasm } from "./deploy.ts";

const { Args, CLValue } = sdk;

export const NATIVE_AUCTION_PAYMENT = 2_500_000_000n;

const stakeOptions = [
  { name: "validator", value: "<public key hex>", description: "the validator" },
  { name: "amount", value: "<amount>", description: "motes (500000000000) or CSPR (500cspr)" },
];

export const delegateSpec: CommandSpec = {
  name: "delegate",
  summary: "Delegate CSPR to a validator (runs build/delegate.wasm; --transaction: native 2.0 Delegate).",
  positionals: [],
  options: [
    ...stakeOptions,
    { name: "delegator", value: "<public key hex>", description: "delegating account (default: the deploy's account)" },
    { name: "wasm", value: "<path>", description: "the delegate session wasm", default: "build/delegate.wasm" },
    ...NETWORK_OPTIONS,
    ...SIGNING_OPTIONS,
  ],
  examples: [
    "npm run delegate -- --validator 01…ab --amount 500cspr --key keys/alice --wait",
    "npm run delegate -- --validator 01…ab --amount 500cspr --key keys/alice --transaction --wait",
  ],
};

export const undelegateSpec: CommandSpec = {
  name: "undelegate",
  summary: "Undelegate CSPR from a validator (auction `undelegate` by hash; --transaction: native 2.0 Undelegate).",
  positionals: [],
  options: [
    ...stakeOptions,
    { name: "auction", value: "<hash>", description: "auction contract hash (default: casper-js-sdk's for casper/casper-test, else read from the node)" },
    ...NETWORK_OPTIONS,
    ...SIGNING_OPTIONS,
  ],
  examples: ["npm run undelegate -- --validator 01…ab --amount 100cspr --key keys/alice --payment 3cspr --wait"],
};

function stake(p: ParsedCommandLine) {
  const validatorText = p.values.get("validator");
  if (!validatorText) throw new UsageError("--validator is required");
  return { validator: publicKeyArg(validatorText, "--validator"), amount: amountArg(p.values.get("amount"), "--amount") };
}

export async function runDelegate(p: ParsedCommandLine, io: Io): Promise<number> {
  const { validator, amount } = stake(p);
  const native = p.values.has("transaction");
  const wasm = native ? undefined : readWasm(p.values.get("wasm") ?? "build/delegate.wasm");
  const plan = planFrom(p);
  if (native) {
    if (p.values.has("delegator")) throw new UsageError("--delegator does not apply to a native delegation: the initiator delegates");
    return deliver(p, io, plan, (plan) => buildNativeDelegate(plan, validator, amount), { fixedPayment: NATIVE_AUCTION_PAYMENT, spends: amount });
  }
  const delegatorText = p.values.get("delegator");
  const delegator = delegatorText ? publicKeyArg(delegatorText, "--delegator") : (plan.initiator ?? plan.keys[0].publicKey);
  const args = Args.fromMap({
    delegator: CLValue.newCLPublicKey(delegator),
    validator: CLValue.newCLPublicKey(validator),
    amount: CLValue.newCLUInt512(amount.toString()),
  });
  return deliver(p, io, plan, (plan) => buildSessionWasm(plan, wasm!.bytes, args), { reported: paymentForWasm(wasm!.path, wasm!.bytes), spends: amount, wasm });
}

export async function runUndelegate(p: ParsedCommandLine, io: Io): Promise<number> {
  const { validator, amount } = stake(p);
  const native = p.values.has("transaction");
  const plan = planFrom(p);
  let auction: string | undefined;
  if (!native) {
    const given = p.values.get("auction");
    if (given !== undefined) {
      const m = /^(?:hash-|contract-)?([0-9a-fA-F]{64})$/.exec(given);
      if (!m) throw new UsageError(`--auction: '${given}' is not a contract hash`);
      auction = m[1];
    } else {
      auction = knownAuctionHash(plan.chainName);
      if (!auction) {
        if (p.values.has("dry-run")) throw new UsageError(`--dry-run on chain '${plan.chainName}' needs --auction <hash> (no node is asked)`);
        // the registry read on a fork (proven against the state root; casper-types 2.0 names its key system-entity-registry-)
        const fork = await Engine.fork({ node: networkFrom(p).nodeUrl });
        auction = fork.systemContracts.get("auction") && toHex(fork.systemContracts.get("auction")!);
        if (!auction) throw new Error("the node's system contract registry has no 'auction' entry");
      }
    }
  }
  return native
    ? deliver(p, io, plan, (plan) => buildUndelegate(plan, validator, amount), { fixedPayment: NATIVE_AUCTION_PAYMENT })
    : deliver(p, io, plan, (plan) => buildUndelegate(plan, validator, amount, auction), { reported: "the gas report has no figure for the auction's undelegate" });
}
