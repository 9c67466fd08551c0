// Building casper-js-sdk Deploys for the engine and for the network alike: the same SDK objects,
// signed by the SDK, so what a test runs is what the deploy scripts send.

import sdk from "casper-js-sdk";
import { toHex } from "../bytesrepr/hex.ts";
import type { SdkCLValue } from "../bytesrepr/cl-value.ts";
import type { SdkPrivateKey, SdkPublicKey } from "./keys.ts";
import type { SdkDeploy } from "./deploy-item.ts";

export type SdkArgs = InstanceType<typeof sdk.Args>;
/** Runtime args: the SDK's Args, or a record of SDK CLValues (insertion order kept). */
export type ArgsInput = SdkArgs | Record<string, SdkCLValue>;

export interface DeployParams {
  /** the deploy's account (header.account) */
  readonly account: SdkPublicKey;
  /** keys that sign it (approvals); default: none */
  readonly signers?: readonly SdkPrivateKey[];
  readonly chainName: string;
  /** standard payment amount in motes (ignored when `payment` is a custom item) */
  readonly paymentAmount?: bigint;
  /** a custom payment item instead of standard payment */
  readonly payment?: InstanceType<typeof sdk.ExecutableDeployItem>;
  readonly gasPrice?: number;
  readonly timestamp?: Date;
  /** ms */
  readonly ttl?: number;
}

/** 2.5 CSPR, the usual payment for a small session. */
export const DEFAULT_PAYMENT = 2_500_000_000n;

export function toArgs(args: ArgsInput | undefined): SdkArgs {
  if (!args) return sdk.Args.fromMap({});
  if (args instanceof sdk.Args) return args;
  return sdk.Args.fromMap(args as Record<string, SdkCLValue>);
}

function session(build: (item: InstanceType<typeof sdk.ExecutableDeployItem>) => void): InstanceType<typeof sdk.ExecutableDeployItem> {
  const item = new sdk.ExecutableDeployItem();
  build(item);
  return item;
}

export const sessionItems = {
  moduleBytes: (wasm: Uint8Array, args?: ArgsInput) => sdk.ExecutableDeployItem.newModuleBytes(wasm, toArgs(args)),
  byName: (name: string, entryPoint: string, args?: ArgsInput) =>
    session((i) => (i.storedContractByName = new sdk.StoredContractByName(name, entryPoint, toArgs(args)))),
  byHash: (hashHex: string, entryPoint: string, args?: ArgsInput) =>
    session((i) => (i.storedContractByHash = new sdk.StoredContractByHash(sdk.ContractHash.newContract(hashHex), entryPoint, toArgs(args)))),
  versionedByName: (name: string, entryPoint: string, args?: ArgsInput, version?: number) =>
    session((i) => (i.storedVersionedContractByName = new sdk.StoredVersionedContractByName(name, entryPoint, toArgs(args), version))),
  versionedByHash: (packageHashHex: string, entryPoint: string, args?: ArgsInput, version?: number) =>
    session((i) => (i.storedVersionedContractByHash = new sdk.StoredVersionedContractByHash(sdk.ContractHash.newContract(packageHashHex), entryPoint, toArgs(args), version))),
  transfer: (target: SdkPublicKey, amount: bigint, id?: bigint) =>
    session((i) => (i.transfer = sdk.TransferDeployItem.newTransfer(amount.toString(), target, null, id === undefined ? undefined : id.toString()))),
};

/** A signed SDK Deploy (Deploy.makeDeploy then sign with each signer). */
export function makeDeploy(params: DeployParams, sessionItem: InstanceType<typeof sdk.ExecutableDeployItem>): SdkDeploy {
  const header = new sdk.DeployHeader(
    params.chainName,
    [],
    params.gasPrice ?? 1,
    new sdk.Timestamp(params.timestamp ?? new Date()),
    new sdk.Duration(params.ttl ?? 30 * 60 * 1000),
    params.account,
  );
  const payment = params.payment ?? sdk.ExecutableDeployItem.standardPayment((params.paymentAmount ?? DEFAULT_PAYMENT).toString());
  const deploy = sdk.Deploy.makeDeploy(header, payment, sessionItem);
  for (const key of params.signers ?? []) deploy.sign(key);
  return deploy;
}

export function deployHashHex(deploy: SdkDeploy): string {
  return toHex(deploy.hash.toBytes());
}
