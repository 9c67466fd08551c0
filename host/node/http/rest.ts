// The REST endpoints of a casper-node 2.0 node that tools poll next to its JSON-RPC (node/src/
// components/rest_server/filters.rs): GET /status (the node's GetStatusResult, types/status_feed.rs:
// info_get_status without the sidecar's protocol_version),
// GET /chainspec (GetChainspecResult, as info_get_chainspec) and GET /validator-changes
// (GetValidatorChangesResult). Their schemas are casper-node's resources/test/rest_schema_*.json.
import type { LocalNode } from "../local-node.ts";
import type { RestEndpoints } from "../rpc-server.ts";

export function restEndpoints(node: LocalNode): RestEndpoints {
  return {
    "/status": async () => {
      const { protocol_version: _sidecarOnly, ...status } = (await node.call("info_get_status", undefined)) as Record<string, unknown>;
      return status;
    },
    "/chainspec": () => node.call("info_get_chainspec", undefined),
    "/validator-changes": () => validatorChanges(node),
  };
}

/**
 * consensus/validator_change.rs compares the validator sets (and faults) of consecutive eras. A chain
 * still in its first era has no pair of eras to compare: no change. Where the node serves
 * info_get_validator_changes itself, that answer is the one.
 */
async function validatorChanges(node: LocalNode): Promise<unknown> {
  if (node.methodNames().includes("info_get_validator_changes")) return node.call("info_get_validator_changes", undefined);
  const era = node.chain.latest().eraId;
  if (era !== 0) throw new Error(`validator changes across eras are not tracked by this node (the chain is in era ${era})`);
  return { api_version: node.apiVersion, changes: [] };
}
