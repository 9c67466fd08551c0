// Builds and signs what the CLI sends, with casper-js-sdk 5's builders: a legacy Deploy by default
// (`buildFor1_5`), a Casper 2.0 TransactionV1 with --transaction (`build`). Every --key signs; the
// first key's account is the initiator unless --account names another (multi-signature deploys).
import sdk from "casper-js-sdk";
import type {
  Args as SdkArgs,
  Deploy as SdkDeploy,
  PrivateKey as SdkPrivateKey,
  PublicKey as SdkPublicKey,
  Transaction as SdkTransaction,
  TransactionV1 as SdkTransactionV1,
} from "casper-js-sdk";

const {
  Deploy, TransactionV1, Timestamp, SessionBuilder, ContractCallBuilder, NativeTransferBuilder,
  NativeDelegateBuilder, NativeUndelegateBuilder, AccountHash,
} = sdk;

export interface SigningPlan {
  chainName: string;
  /** Every key signs; duplicates (same public key) sign once. */
  keys: SdkPrivateKey[];
  /** The account the deploy is for (default: the first key's). */
  initiator?: SdkPublicKey;
  /** Time to live in ms (default 30 minutes). */
  ttlMs?: number;
  /** Timestamp (default: now). */
  timestamp?: Date;
  /** Standard payment in motes. */
  paymentMotes: bigint;
  /** Deploy gas price / TransactionV1 gas price tolerance (default 1). */
  gasPrice?: number;
  /** Build a Casper 2.0 TransactionV1 instead of a legacy Deploy. */
  transaction?: boolean;
}

export type Signed =
  | { kind: "deploy"; hash: string; deploy: SdkDeploy; json: unknown }
  | { kind: "transaction"; hash: string; transaction: SdkTransactionV1; json: unknown };

export type ContractTarget =
  | { by: "hash"; hash: string }
  | { by: "name"; name: string }
  | { by: "packageHash"; hash: string; version?: number }
  | { by: "packageName"; name: string; version?: number };

export const DEFAULT_TTL_MS = 30 * 60 * 1000;

export class BuildError extends Error {}

type AnyBuilder = {
  from(pk: SdkPublicKey): AnyBuilder;
  chainName(name: string): AnyBuilder;
  timestamp(t: InstanceType<typeof Timestamp>): AnyBuilder;
  ttl(ms: number): AnyBuilder;
  payment(amount: number, gasPriceTolerance?: number): AnyBuilder;
  build(): SdkTransaction;
  buildFor1_5(): SdkTransaction;
};

function prepare<B>(builder: B, plan: SigningPlan): B {
  if (plan.keys.length === 0) throw new BuildError("no signing key: pass --key <path to secret_key.pem>");
  if (plan.paymentMotes > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new BuildError(`payment ${plan.paymentMotes} motes is above what casper-js-sdk's builders accept (${Number.MAX_SAFE_INTEGER})`);
  }
  if (plan.paymentMotes <= 0n) throw new BuildError("payment must be more than 0 motes");
  const b = builder as unknown as AnyBuilder;
  b.from(plan.initiator ?? plan.keys[0].publicKey)
    .chainName(plan.chainName)
    .timestamp(new Timestamp(plan.timestamp ?? new Date()))
    .ttl(plan.ttlMs ?? DEFAULT_TTL_MS)
    .payment(Number(plan.paymentMotes), plan.gasPrice ?? 1);
  return builder;
}

function finish(builder: unknown, plan: SigningPlan): Signed {
  const b = builder as AnyBuilder;
  const tx = plan.transaction ? b.build() : b.buildFor1_5();
  const signedBy = new Set<string>();
  for (const key of plan.keys) {
    const hex = key.publicKey.toHex();
    if (signedBy.has(hex)) continue;
    signedBy.add(hex);
    tx.sign(key);
  }
  const deploy = tx.getDeploy();
  if (deploy) return { kind: "deploy", hash: deploy.hash.toHex(), deploy, json: Deploy.toJSON(deploy) };
  const v1 = tx.getTransactionV1();
  if (!v1) throw new BuildError("casper-js-sdk built neither a Deploy nor a TransactionV1");
  return { kind: "transaction", hash: v1.hash.toHex(), transaction: v1, json: TransactionV1.toJSON(v1) };
}

/** Session code: a wasm module and its args (entry point `call`). */
export function buildSessionWasm(plan: SigningPlan, wasm: Uint8Array, args: SdkArgs, installUpgrade = false): Signed {
  if (wasm.length === 0) throw new BuildError("the wasm module is empty");
  const b = prepare(new SessionBuilder(), plan).wasm(wasm).runtimeArgs(args);
  if (installUpgrade) b.installOrUpgrade();
  return finish(b, plan);
}

/** A call to an entry point of a stored contract (by hash or named key, or through its package). */
export function buildContractCall(plan: SigningPlan, target: ContractTarget, entryPoint: string, args: SdkArgs): Signed {
  if (entryPoint === "") throw new BuildError("the entry point name is empty");
  const b = prepare(new ContractCallBuilder(), plan);
  switch (target.by) {
    case "hash": b.byHash(target.hash); break;
    case "name": b.byName(target.name); break;
    case "packageHash": b.byPackageHash(target.hash, target.version); break;
    case "packageName": b.byPackageName(target.name, target.version); break;
  }
  return finish(b.entryPoint(entryPoint).runtimeArgs(args), plan);
}

/** A native transfer of `amount` motes to an account (public key or account hash). */
export function buildTransfer(plan: SigningPlan, to: SdkPublicKey | string, amount: bigint, id?: number): Signed {
  const b = prepare(new NativeTransferBuilder(), plan).amount(amount.toString());
  if (typeof to === "string") b.targetAccountHash(AccountHash.fromString(to));
  else b.target(to);
  if (id !== undefined) b.id(id);
  return finish(b, plan);
}

/** Casper 2.0 native Delegate (TransactionV1 only; the legacy path runs delegate.wasm). */
export function buildNativeDelegate(plan: SigningPlan, validator: SdkPublicKey, amount: bigint): Signed {
  if (!plan.transaction) throw new BuildError("a native delegation needs --transaction; the legacy Deploy runs delegate.wasm");
  return finish(prepare(new NativeDelegateBuilder(), plan).validator(validator).amount(amount.toString()), plan);
}

/**
 * Undelegate: a Casper 2.0 native Undelegate with --transaction; otherwise a Deploy calling the auction
 * contract's `undelegate` entry point by hash (`auctionHash`, as the network's system registry has it).
 */
export function buildUndelegate(plan: SigningPlan, validator: SdkPublicKey, amount: bigint, auctionHash?: string): Signed {
  const b = prepare(new NativeUndelegateBuilder(), plan).validator(validator).amount(amount.toString());
  if (!plan.transaction) {
    if (!auctionHash) throw new BuildError("the auction contract hash is needed to undelegate with a Deploy");
    b.contractHash(auctionHash);
  }
  return finish(b, plan);
}
