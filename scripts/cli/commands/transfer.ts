// transfer: a native CSPR transfer to an account. Payment defaults to the fixed cost of a native
// transfer: 100_000_000 motes (v1.5.8 chainspec [system_costs] wasmless_transfer_cost; 2.0
// [system_costs.mint_costs] transfer).
import { buildTransfer } from "../build-signed.ts";
import { amountArg, deliver, NETWORK_OPTIONS, planFrom, publicKeyArg, SIGNING_OPTIONS, type Io } from "../command-context.ts";
import { UsageError, type CommandSpec, type ParsedCommandLine } from "../options.ts";

export const NATIVE_TRANSFER_PAYMENT = 100_000_000n;

export const spec: CommandSpec = {
  name: "transfer",
  summary: "Transfer CSPR to an account (a native transfer).",
  positionals: [],
  options: [
    { name: "to", value: "<public key | account-hash-…>", description: "the receiving account" },
    { name: "amount", value: "<amount>", description: "motes (2500000000) or CSPR (2.5cspr); networks require at least 2.5 CSPR" },
    { name: "id", value: "<u64>", description: "transfer id (a memo the receiver can match)" },
    ...NETWORK_OPTIONS,
    ...SIGNING_OPTIONS,
  ],
  examples: ["npm run transfer -- --to 01…ab --amount 10cspr --key keys/alice --wait"],
};

export async function run(p: ParsedCommandLine, io: Io): Promise<number> {
  const toText = p.values.get("to");
  if (!toText) throw new UsageError("--to is required");
  const to = /^account-hash-[0-9a-fA-F]{64}$/.test(toText) ? toText.toLowerCase() : publicKeyArg(toText, "--to");
  const amount = amountArg(p.values.get("amount"), "--amount");
  const idText = p.values.get("id");
  if (idText !== undefined && (!/^\d+$/.test(idText) || Number(idText) > Number.MAX_SAFE_INTEGER)) {
    throw new UsageError(`--id: '${idText}' must be a whole number up to ${Number.MAX_SAFE_INTEGER}`);
  }
  const id = idText === undefined ? undefined : Number(idText);
  return deliver(p, io, planFrom(p), (plan) => buildTransfer(plan, to, amount, id), { fixedPayment: NATIVE_TRANSFER_PAYMENT, spends: amount });
}
