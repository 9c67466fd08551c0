// Reads over one global state (a block's snapshot), as the node's queries make them: casper-node
// v1.5.8 tracking_copy/mod.rs `query` (follow the path through Account and Contract named keys and
// Key CLValues, at most 5 hops, no circles; a dictionary entry yields the value inside it) and the
// balance of a purse (the U512 under its Key::Balance).
import { CLT, clTypeEquals } from "../bytesrepr/cl-type.ts";
import { decodeKey, displayKey, type Key, KeyTag, balanceKey, keyId, parseKey, parseURef } from "../bytesrepr/key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import { unwrapDictionaryValue } from "../runtime/context.ts";
import type { QueryMiss } from "./engine-backend.ts";

export interface StateView {
  read(key: Key): StoredValue | undefined;
}

/** engine_config.rs DEFAULT_MAX_QUERY_DEPTH */
const MAX_QUERY_DEPTH = 5;

/** What each stored value kind says when a path tries to go through it (tracking_copy query). */
const NOT_NAVIGABLE: Partial<Record<StoredValue["kind"], string>> = {
  ContractPackage: "ContractPackage value found.",
  ContractWasm: "ContractWasm value found.",
  Transfer: "Transfer value found.",
  DeployInfo: "DeployInfo value found.",
  EraInfo: "EraInfo value found.",
  Bid: "Bid value found.",
  Withdraw: "WithdrawPurses value found.",
  Unbonding: "UnbondingPurses value found.",
};

/** The formatted key of a query as the engine's Key. */
export function queryKey(formatted: string): Key {
  return parseKey(formatted);
}

/**
 * The value `path` leads to from `base`; `trace` (if given) receives each key read on the way, in
 * order: the keys a 2.0 node sends one Merkle proof for.
 */
export function queryState(view: StateView, base: Key, path: readonly string[], trace?: Key[]): StoredValue | QueryMiss {
  const visitedNames: string[] = [];
  const visitedKeys = new Set<string>();
  const at = () => [displayKey(base), ...visitedNames].join("/");
  const notFound = (prefix: string): QueryMiss => ({ miss: "ValueNotFound", message: `${prefix} at path: ${at()}` });
  let current = base;
  for (let depth = 0; ; depth++) {
    if (depth >= MAX_QUERY_DEPTH) return { miss: "Failed", message: `Query exceeded depth limit: ${depth}` };
    if (visitedKeys.has(keyId(current))) return { miss: "Failed", message: `${displayKey(current)} has formed a circular reference at path: ${at()}` };
    visitedKeys.add(keyId(current));
    let value = view.read(current);
    if (!value) return notFound("Failed to find base key");
    if (current.tag === KeyTag.Dictionary) {
      try {
        value = unwrapDictionaryValue(value);
      } catch (e) {
        return notFound(`Failed to retrieve dictionary value: ${(e as Error).message}`);
      }
    }
    trace?.push(current);
    if (visitedNames.length === path.length) return value;
    const name = path[visitedNames.length];
    if (value.kind === "Account" || value.kind === "Contract") {
      const next = (value.kind === "Account" ? value.account.namedKeys : value.contract.namedKeys).get(name);
      if (!next) return notFound(`Name ${name} not found in ${value.kind}`);
      visitedNames.push(name);
      current = next;
    } else if (value.kind === "CLValue") {
      if (!clTypeEquals(value.value.clType, CLT.Key)) {
        return notFound(`Query cannot continue as a CLValue of type ${value.value.clType.kind} is not an account, contract nor key to such.  Value found`);
      }
      try {
        current = decodeKey(value.value.bytes);
      } catch {
        return notFound("Failed to parse CLValue as Key");
      }
    } else {
      return notFound(NOT_NAVIGABLE[value.kind] ?? `${value.kind} value found.`);
    }
  }
}

/** Motes in the purse `uref-…` (any access rights), or why not. */
export function purseBalance(view: StateView, purseUref: string): bigint | QueryMiss {
  let addr: Uint8Array;
  try {
    addr = parseURef(purseUref).addr;
  } catch (e) {
    return { miss: "Failed", message: (e as Error).message };
  }
  const v = view.read(balanceKey(addr));
  if (!v) return { miss: "ValueNotFound", message: `no purse ${purseUref} (no balance under balance-…)` };
  if (v.kind !== "CLValue" || v.value.clType.kind !== "U512") return { miss: "Failed", message: `the value under the balance key of ${purseUref} is not a U512` };
  const r = new ByteReader(v.value.bytes);
  const n = r.bigUint(64, "U512");
  r.expectEnd("U512");
  return n;
}
