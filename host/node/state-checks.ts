// The acceptor's checks against global state, before anything executes: casper-node 2.0
// transaction_acceptor.rs, with its ParameterFailure / DeployParameterFailure texts
// (transaction_acceptor/error.rs) for Deploys and TransactionV1s alike. In the node's order: the account exists; the approvals are
// its associated keys and their weight reaches the deployment threshold; its main purse holds at
// least the 2.5 CSPR an execution may cost; payment logic (standard payment has a U512 `amount`);
// session logic (a transfer names a target, module bytes are not empty); contracts, packages and
// entry points named by hash exist. Items named through the account's named keys are not checked
// (the node skips them: named keys may change before execution).
import { clTypeEquals, CLT } from "../bytesrepr/cl-type.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { type Key, accountKey, balanceKey, hashKey } from "../bytesrepr/key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { getArg } from "../bytesrepr/runtime-args.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import type { DeployItem, ExecutableItem } from "../engine/deploy-item.ts";

export interface StateReader {
  read(key: Key): StoredValue | undefined;
}

export interface AcceptorContext {
  /** what was sent (2.0 words both alike) */
  kind: "deploy" | "transactionV1";
  /** the initiator as 2.0's InitiatorAddr Display writes it ("public key 01…" / "account hash …") */
  initiatorDisplay: string;
  /** the balance a main purse must hold (v1.5.8 MAX_PAYMENT; 2.0 baseline_motes_amount) */
  minimumBalance: bigint;
  /** protocol major version, for `version` lookups in packages */
  protocolMajor: number;
}

/** The rejection text, or null when the item may execute. */
export function checkAgainstState(state: StateReader, item: DeployItem, ctx: AcceptorContext): string | null {
  const accountValue = state.read(accountKey(item.address));
  if (!accountValue || accountValue.kind !== "Account") return `addressable entity under ${ctx.initiatorDisplay} does not exist`;
  const account = accountValue.account;
  // account.rs can_authorize / can_deploy_with
  for (const signer of item.authorizationKeys) if (!account.associatedKeys.has(signer)) return "account authorization invalid";
  let weight = 0;
  for (const signer of item.authorizationKeys) weight = Math.min(255, weight + account.associatedKeys.get(signer)!);
  if (weight < account.actionThresholds.deployment) return "insufficient transaction signature weight";

  const balance = readU512(state.read(balanceKey(account.mainPurse.addr)));
  if (balance === undefined) return `unable to determine balance for ${ctx.initiatorDisplay}`;
  if (balance < ctx.minimumBalance) return `insufficient balance in ${ctx.initiatorDisplay}`;

  const payment = item.payment;
  if (payment.kind === "Transfer") return "transfer is not valid for payment code";
  if (payment.kind === "ModuleBytes" && payment.moduleBytes.length === 0) {
    const amount = getArg(payment.args, "amount");
    if (!amount) return "missing payment 'amount' runtime argument";
    if (!clTypeEquals(amount.clType, CLT.U512) || readU512({ kind: "CLValue", value: amount }) === undefined) {
      return "failed to parse payment 'amount' runtime argument as U512";
    }
  }
  const paymentFailure = checkStoredTarget(state, payment, ctx);
  if (paymentFailure) return paymentFailure;

  const session = item.session;
  if (session.kind === "Transfer" && !getArg(session.args, "target")) return "missing transfer 'target' runtime argument";
  if (session.kind === "ModuleBytes" && session.moduleBytes.length === 0) return "module bytes for session code cannot be empty";
  return checkStoredTarget(state, session, ctx);
}

/** Stored contracts and packages named by hash must exist, with the entry point (and version) asked for. */
function checkStoredTarget(state: StateReader, item: ExecutableItem, ctx: AcceptorContext): string | null {
  if (item.kind === "StoredContractByHash") return checkContract(state, item.hash, item.entryPoint);
  if (item.kind !== "StoredVersionedContractByHash") return null;
  const pkg = state.read(hashKey(item.hash));
  if (!pkg || pkg.kind !== "ContractPackage") return `package at ${toHex(item.hash)} does not exist`;
  if (item.version === undefined) return null; // the latest version is resolved at execution
  const key = { major: ctx.protocolMajor, version: item.version };
  const found = pkg.pkg.versions.find((v) => v.major === key.major && v.version === key.version);
  const disabled = pkg.pkg.disabledVersions.some((v) => v.major === key.major && v.version === key.version);
  if (!found) return `missing entity at version key: ${key.major}.${key.version}`;
  if (disabled) return `disabled entity at version key: ${key.major}.${key.version}`;
  return checkContract(state, found.contractHash, item.entryPoint);
}

function checkContract(state: StateReader, hash: Uint8Array, entryPoint: string): string | null {
  const contract = state.read(hashKey(hash));
  if (!contract || contract.kind !== "Contract") return `contract at ${toHex(hash)} does not exist`;
  if (!contract.contract.entryPoints.has(entryPoint)) return `contract does not have entry point '${entryPoint}'`;
  return null;
}

function readU512(v: StoredValue | undefined): bigint | undefined {
  if (!v || v.kind !== "CLValue" || v.value.clType.kind !== "U512") return undefined;
  try {
    const r = new ByteReader(v.value.bytes);
    const n = r.bigUint(64, "U512");
    r.expectEnd("U512");
    return n;
  } catch {
    return undefined;
  }
}
