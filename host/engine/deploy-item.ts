// What the engine executes: the deploy's account, the approvals' keys, payment and session
// (casper-node v1.5.8 DeployItem / ExecutableDeployItem). Built from a casper-js-sdk Deploy through
// the SDK's own serialization of its items (executable_deploy_item.rs layout), so the engine runs
// exactly the bytes the deploy carries.

import sdk from "casper-js-sdk";
import { toHex } from "../bytesrepr/hex.ts";
import { accountHashOf } from "../bytesrepr/public-key.ts";
import { ByteReader, decodeAll } from "../bytesrepr/reader.ts";
import { BytesreprError } from "../bytesrepr/errors.ts";
import { type NamedArg, readRuntimeArgs } from "../bytesrepr/runtime-args.ts";

export type ExecutableItem =
  | { readonly kind: "ModuleBytes"; readonly moduleBytes: Uint8Array; readonly args: readonly NamedArg[] }
  | { readonly kind: "StoredContractByHash"; readonly hash: Uint8Array; readonly entryPoint: string; readonly args: readonly NamedArg[] }
  | { readonly kind: "StoredContractByName"; readonly name: string; readonly entryPoint: string; readonly args: readonly NamedArg[] }
  | { readonly kind: "StoredVersionedContractByHash"; readonly hash: Uint8Array; readonly version: number | undefined; readonly entryPoint: string; readonly args: readonly NamedArg[] }
  | { readonly kind: "StoredVersionedContractByName"; readonly name: string; readonly version: number | undefined; readonly entryPoint: string; readonly args: readonly NamedArg[] }
  | { readonly kind: "Transfer"; readonly args: readonly NamedArg[] };

export interface DeployItem {
  /** the deploy header's account (account hash) */
  readonly address: Uint8Array;
  /** account hashes (hex) of the approvals' signers */
  readonly authorizationKeys: ReadonlySet<string>;
  readonly payment: ExecutableItem;
  readonly session: ExecutableItem;
  readonly deployHash: Uint8Array;
  readonly gasPrice: bigint;
  /**
   * Set when the item comes from a Casper 2.0 TransactionV1 (absent: a legacy Deploy). A V1 session's
   * wasm may add contract versions only when marked `is_install_upgrade` (2.0 execution_kind.rs
   * SessionKind::InstallUpgradeBytecode / GenericBytecode; a Deploy's module bytes always may).
   */
  readonly transactionV1?: {
    readonly isInstallUpgrade: boolean;
    /** a native auction entry point (Delegate, AddBid, …): 2.0 runs it in the auction lane, natively */
    readonly nativeAuction?: boolean;
  };
}

export type SdkDeploy = InstanceType<typeof sdk.Deploy>;
export type SdkExecutableDeployItem = InstanceType<typeof sdk.ExecutableDeployItem>;

function readOptionU32(r: ByteReader): number | undefined {
  const tag = r.u8("Option<u32> tag");
  if (tag === 0) return undefined;
  if (tag === 1) return r.u32("version");
  throw new BytesreprError("Formatting", "Option<u32>", `invalid Option tag ${tag}`);
}

/** Decode ExecutableDeployItem bytes (tags 0..5 as in executable_deploy_item.rs). */
export function readExecutableItem(r: ByteReader): ExecutableItem {
  const tag = r.u8("ExecutableDeployItem tag");
  switch (tag) {
    case 0: {
      const moduleBytes = r.lengthPrefixed("module_bytes");
      return { kind: "ModuleBytes", moduleBytes, args: readRuntimeArgs(r) };
    }
    case 1: {
      const hash = r.raw(32, "contract hash");
      const entryPoint = r.string("entry_point");
      return { kind: "StoredContractByHash", hash, entryPoint, args: readRuntimeArgs(r) };
    }
    case 2: {
      const name = r.string("name");
      const entryPoint = r.string("entry_point");
      return { kind: "StoredContractByName", name, entryPoint, args: readRuntimeArgs(r) };
    }
    case 3: {
      const hash = r.raw(32, "contract package hash");
      const version = readOptionU32(r);
      const entryPoint = r.string("entry_point");
      return { kind: "StoredVersionedContractByHash", hash, version, entryPoint, args: readRuntimeArgs(r) };
    }
    case 4: {
      const name = r.string("name");
      const version = readOptionU32(r);
      const entryPoint = r.string("entry_point");
      return { kind: "StoredVersionedContractByName", name, version, entryPoint, args: readRuntimeArgs(r) };
    }
    case 5:
      return { kind: "Transfer", args: readRuntimeArgs(r) };
    default:
      throw new BytesreprError("Formatting", "ExecutableDeployItem", `unknown tag ${tag}`);
  }
}

export function fromSdkExecutableItem(item: SdkExecutableDeployItem): ExecutableItem {
  return decodeAll(item.bytes(), "ExecutableDeployItem", readExecutableItem);
}

const fromSdkCache = new WeakMap<object, DeployItem>();

/** The DeployItem of an SDK Deploy (cached per Deploy object). */
export function deployItemFromSdk(deploy: SdkDeploy): DeployItem {
  const hit = fromSdkCache.get(deploy);
  if (hit) return hit;
  const header = deploy.header;
  if (!header.account) throw new Error("deploy header has no account");
  const item: DeployItem = {
    address: accountHashOf(header.account.bytes()),
    authorizationKeys: new Set(deploy.approvals.map((a) => toHex(accountHashOf(a.signer.bytes())))),
    payment: fromSdkExecutableItem(deploy.payment),
    session: fromSdkExecutableItem(deploy.session),
    deployHash: deploy.hash.toBytes(),
    gasPrice: BigInt(header.gasPrice),
  };
  fromSdkCache.set(deploy, item);
  return item;
}

/** Standard payment = empty module bytes in the payment phase (executable_deploy_item.rs `is_standard_payment`). */
export function isStandardPayment(item: ExecutableItem): boolean {
  return item.kind === "ModuleBytes" && item.moduleBytes.length === 0;
}
