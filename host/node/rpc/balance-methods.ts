// query_balance and query_balance_details, as the 2.0 sidecar answers them (casper-sidecar feat-2.0
// rpcs/state.rs `QueryBalance`, `QueryBalanceDetails`) from the node's balance request (casper-node 2.0
// binary_port.rs `get_balance`, storage data_access_layer/balance.rs `BalanceIdentifier::purse_uref`).
//
// Holds: 2.0 subtracts the balance holds on a purse from its total to give the available balance. A
// processing hold lives only while a transaction executes (contract_runtime/operations.rs places it
// before the session and clears every hold on the purse before payment is settled), and gas holds are
// placed only when the chainspec's fee_handling is `no_fee`. The engine supports pay_to_proposer and
// accumulate only (host/engine/config.ts), so between blocks no purse has a hold: `holds` is empty and
// the available balance is the total, which is what a 2.0 node with those settings answers. The
// proof is the trie's proof of the purse's balance entry (the sidecar's `total_balance_proof`).
import sdk from "casper-js-sdk";
import { isQueryMiss } from "../engine-backend.ts";
import { invalid, oneVariant, readParams } from "../rpc-params.ts";
import type { NodeRpcContext, RpcHandler } from "./context.ts";
import { nodeRequestFailure } from "./sidecar-errors.ts";
import { resolveStateRoot } from "./state-root.ts";

const PURSE_VARIANTS = ["main_purse_under_public_key", "main_purse_under_account_hash", "main_purse_under_entity_addr", "purse_uref"];
const UREF = /^uref-[0-9a-fA-F]{64}-[0-7]{3}$/;
const ACCOUNT_HASH = /^account-hash-([0-9a-fA-F]{64})$/;
const ENTITY_ADDR = /^entity-(account|contract|system)-([0-9a-fA-F]{64})$/;

interface BalanceDetails {
  total: bigint;
  totalProof: string;
  available: bigint;
  holds: { time: number; amount: string; proof: string }[];
}

/** The balance request of the 2.0 node, with the sidecar's errors (`Error::NodeRequest("balance", …)`). */
async function readBalance(ctx: NodeRpcContext, stateIdentifier: unknown, purseIdentifier: unknown): Promise<BalanceDetails> {
  const purseRequest = parsePurse(purseIdentifier);
  const root = resolveStateRoot(ctx.chain, stateIdentifier);
  // an unknown block: the node answers an empty response, the sidecar expected a balance
  if (root === undefined) throw nodeRequestFailure("balance", "EmptyEnvelope");
  const purse = await purseUref(ctx, root, purseRequest);
  const total = await ctx.backend.balance(root, purse);
  if (isQueryMiss(total)) {
    if (total.miss === "RootNotFound") throw nodeRequestFailure("balance", "UnknownStateRootHash");
    if (total.miss === "ValueNotFound") throw nodeRequestFailure("balance", "PurseNotFound");
    throw nodeRequestFailure("balance", "QueryFailedToExecute");
  }
  return { total: total.motes, totalProof: total.merkleProof, available: total.motes, holds: [] };
}

type PurseRequest = { kind: "account"; accountHashKey: string } | { kind: "contract"; hashKey: string } | { kind: "purse"; uref: string };

/** A PurseIdentifier as serde reads it: a malformed value is Invalid params. */
function parsePurse(identifier: unknown): PurseRequest {
  const [kind, value] = oneVariant(identifier, PURSE_VARIANTS, "purse_identifier");
  const text = typeof value === "string" ? value : JSON.stringify(value);
  switch (kind) {
    case "main_purse_under_public_key":
      try {
        return { kind: "account", accountHashKey: sdk.PublicKey.fromHex(String(value)).accountHash().toPrefixedString() };
      } catch {
        throw invalid(`purse_identifier.main_purse_under_public_key: invalid public key ${text}`);
      }
    case "main_purse_under_account_hash": {
      const m = typeof value === "string" ? ACCOUNT_HASH.exec(value) : null;
      if (!m) throw invalid(`purse_identifier.main_purse_under_account_hash: expected account-hash-<64 hex>, got ${text}`);
      return { kind: "account", accountHashKey: `account-hash-${m[1].toLowerCase()}` };
    }
    case "main_purse_under_entity_addr": {
      const m = typeof value === "string" ? ENTITY_ADDR.exec(value) : null;
      if (!m) throw invalid(`purse_identifier.main_purse_under_entity_addr: expected entity-account-, entity-contract- or entity-system-<64 hex>, got ${text}`);
      const hex = m[2].toLowerCase();
      // EntityAddr::Account reads the legacy account; a contract or system entity is read as a contract
      return m[1] === "account" ? { kind: "account", accountHashKey: `account-hash-${hex}` } : { kind: "contract", hashKey: `hash-${hex}` };
    }
    default:
      if (typeof value !== "string" || !UREF.test(value)) throw invalid(`purse_identifier.purse_uref: expected uref-<64 hex>-<3 digits>, got ${text}`);
      return { kind: "purse", uref: value.toLowerCase() };
  }
}

/** balance.rs `BalanceIdentifier::purse_uref`: a legacy account's main purse; a contract has none. */
async function purseUref(ctx: NodeRpcContext, root: string, request: PurseRequest): Promise<string> {
  if (request.kind === "purse") return request.uref;
  const key = request.kind === "account" ? request.accountHashKey : request.hashKey;
  const found = await ctx.backend.query(root, key, []);
  if (isQueryMiss(found)) {
    if (found.miss === "RootNotFound") throw nodeRequestFailure("balance", "UnknownStateRootHash");
    if (found.miss === "ValueNotFound") throw nodeRequestFailure("balance", "PurseNotFound"); // TrackingCopyError::KeyNotFound
    throw nodeRequestFailure("balance", "QueryFailedToExecute");
  }
  const purse = (found.storedValue.Account as { main_purse?: unknown } | undefined)?.main_purse;
  // a contract footprint has no main purse (TrackingCopyError::Authorization -> FailedQuery)
  if (typeof purse !== "string") throw nodeRequestFailure("balance", "QueryFailedToExecute");
  return purse;
}

export function balanceMethods(ctx: NodeRpcContext): [string, RpcHandler][] {
  const spec = [{ name: "state_identifier", required: false }, { name: "purse_identifier", required: true }];
  return [
    ["query_balance", async (params) => {
      const p = readParams(params, spec);
      const details = await readBalance(ctx, p.state_identifier, p.purse_identifier);
      return { api_version: ctx.apiVersion, balance: String(details.available) };
    }],
    ["query_balance_details", async (params) => {
      const p = readParams(params, spec);
      const details = await readBalance(ctx, p.state_identifier, p.purse_identifier);
      return {
        api_version: ctx.apiVersion,
        total_balance: String(details.total),
        available_balance: String(details.available),
        total_balance_proof: details.totalProof,
        holds: details.holds,
      };
    }],
  ];
}
