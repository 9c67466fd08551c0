// How a 2.0 node resolves the state a global-state request names (casper-node 2.0 binary_port.rs
// `resolve_state_root_hash`): a block hash or height names that block's state root, a state root
// hash is taken as given, nothing means the highest block. A block the node does not have resolves
// to nothing, which each request answers in its own way (the caller says how).
import type { Chain } from "../chain.ts";
import { hex32, invalid, oneVariant } from "../rpc-params.ts";

/** A GlobalStateIdentifier ({"BlockHash"} | {"BlockHeight"} | {"StateRootHash"}) to a state root hash, or undefined for an unknown block. */
export function resolveStateRoot(chain: Chain, identifier: unknown): string | undefined {
  if (identifier === undefined || identifier === null) return chain.latest().stateRootHash;
  const [kind, value] = oneVariant(identifier, ["BlockHash", "BlockHeight", "StateRootHash"], "state_identifier");
  if (kind === "StateRootHash") return hex32(value, "state_identifier.StateRootHash");
  const block = kind === "BlockHash" ? chain.withHash(hex32(value, "state_identifier.BlockHash")) : chain.atHeight(u64(value, "state_identifier.BlockHeight"));
  return block?.stateRootHash;
}

/** A BlockIdentifier ({"Hash"} | {"Height"}) as the GlobalStateIdentifier it converts to (sidecar `GlobalStateIdentifier::from`). */
export function blockStateIdentifier(identifier: unknown): unknown {
  if (identifier === undefined || identifier === null) return undefined;
  const [kind, value] = oneVariant(identifier, ["Hash", "Height"], "block_identifier");
  return kind === "Hash" ? { BlockHash: hex32(value, "block_identifier.Hash") } : { BlockHeight: u64(value, "block_identifier.Height") };
}

export function u64(value: unknown, where: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw invalid(`${where}: expected a u64, got ${JSON.stringify(value)}`);
  return value;
}
