// delegate / undelegate: stake CSPR with a validator and take it back.
// Legacy Deploy: delegate runs build/delegate.wasm (args delegator, validator, amount); undelegate calls
// the auction contract's `undelegate` entry point by hash. --transaction: Casper 2.0 native
// Delegate / Undelegate, whose payment defaults to the 2.0 chainspec's fixed cost
// ([system_costs.auction_costs] delegate = undelegate = 2_500_000_000 motes).
import sdk from "casper-js-sdk";
import { buildNativeDelegate, buildSessionWasm, buildUndelegate } from "../build-signed.ts";
import { amountArg, NETWORK_OPTIONS, networkFrom, planFrom, publicKeyArg, reportedDefault, SIGNING_OPTIONS, submit, type Io } from "../command-context.ts";
import { paymentForWasm } from "../default-payment.ts";
import { NodeClient } from "../node-client.ts";
import { UsageError, type CommandSpec, type ParsedCommandLine } from "../options.ts";
import { knownAuctionHash, systemContractHashes } from "../system-contracts.ts";
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
  const payment = wasm ? reportedDefault(p, io, paymentForWasm(wasm.path, wasm.bytes)) : { motes: NATIVE_AUCTION_PAYMENT, hint: "" };
  const plan = planFrom(p, payment.motes, payment.hint);
  if (native) {
    if (p.values.has("delegator")) throw new UsageError("--delegator does not apply to a native delegation: the initiator delegates");
    return submit(buildNativeDelegate(plan, validator, amount), p, io);
  }
  const delegatorText = p.values.get("delegator");
  const delegator = delegatorText ? publicKeyArg(delegatorText, "--delegator") : (plan.initiator ?? plan.keys[0].publicKey);
  const args = Args.fromMap({
    delegator: CLValue.newCLPublicKey(delegator),
    validator: CLValue.newCLPublicKey(validator),
    amount: CLValue.newCLUInt512(amount.toString()),
  });
  return submit(buildSessionWasm(plan, wasm!.bytes, args), p, io, undefined, wasm);
}

export async function runUndelegate(p: ParsedCommandLine, io: Io): Promise<number> {
  const { validator, amount } = stake(p);
  const native = p.values.has("transaction");
  const plan = planFrom(p, native ? NATIVE_AUCTION_PAYMENT : null, "the gas report has no figure for the auction's undelegate; pass e.g. --payment 3cspr");
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
        auction = (await systemContractHashes(new NodeClient(networkFrom(p).nodeUrl))).get("auction");
        if (!auction) throw new Error("the node's system contract registry has no 'auction' entry");
      }
    }
  }
  return submit(buildUndelegate(plan, validator, amount, auction), p, io);
}
