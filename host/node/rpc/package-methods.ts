// state_get_package, as the 2.0 sidecar answers it (casper-sidecar feat-2.0 rpcs/state.rs
// `GetPackage`) from the node's package request (casper-node 2.0 binary_port.rs `get_contract_package`,
// `get_package`): a ContractPackageHash reads Key::Hash and answers the legacy ContractPackage; a
// PackageAddr reads Key::SmartContract, which holds nothing while addressable entities are disabled
// (as on Casper 2.0 mainnet and testnet, and on the local engine).
import { isQueryMiss } from "../engine-backend.ts";
import { RpcFailure } from "../rpc-errors.ts";
import { invalid, oneVariant, readParams } from "../rpc-params.ts";
import type { NodeRpcContext, RpcHandler } from "./context.ts";
import { nodeRequestFailure } from "./sidecar-errors.ts";
import { blockStateIdentifier, resolveStateRoot } from "./state-root.ts";

const CONTRACT_PACKAGE_HASH = /^contract-package-([0-9a-fA-F]{64})$/;
const PACKAGE_HASH = /^package-([0-9a-fA-F]{64})$/;

async function getPackage(ctx: NodeRpcContext, params: unknown) {
  const p = readParams(params, [{ name: "package_identifier", required: true }, { name: "block_identifier", required: false }]);
  const [kind, value] = oneVariant(p.package_identifier, ["PackageAddr", "ContractPackageHash"], "package_identifier");
  const pattern = kind === "PackageAddr" ? PACKAGE_HASH : CONTRACT_PACKAGE_HASH;
  const m = typeof value === "string" ? pattern.exec(value) : null;
  if (!m) {
    const expected = kind === "PackageAddr" ? "package-<64 hex>" : "contract-package-<64 hex>";
    throw invalid(`package_identifier.${kind}: expected ${expected}, got ${JSON.stringify(value)}`);
  }
  const root = resolveStateRoot(ctx.chain, blockStateIdentifier(p.block_identifier));
  if (root === undefined) throw nodeRequestFailure("package", "UnknownStateRootHash");
  // Key::SmartContract never holds a Package while entities are disabled: nothing found
  if (kind === "PackageAddr") throw new RpcFailure("NoSuchAddressableEntity", "the requested addressable entity was not found");
  const found = await ctx.backend.query(root, `hash-${m[1].toLowerCase()}`, []);
  if (isQueryMiss(found)) {
    if (found.miss === "RootNotFound") throw nodeRequestFailure("package", "UnknownStateRootHash");
    if (found.miss === "ValueNotFound") throw new RpcFailure("NoSuchAddressableEntity", "the requested addressable entity was not found");
    throw nodeRequestFailure("package", "QueryFailedToExecute");
  }
  // anything else under the hash (a contract, a CLValue) is the node's InternalError
  if (!found.storedValue.ContractPackage) throw nodeRequestFailure("package", "InternalNodeError");
  return { api_version: ctx.apiVersion, package: { ContractPackage: found.storedValue.ContractPackage }, merkle_proof: found.merkleProof };
}

export function packageMethods(ctx: NodeRpcContext): [string, RpcHandler][] {
  return [["state_get_package", (params) => getPackage(ctx, params)]];
}
