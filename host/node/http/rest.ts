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
    // the same answer as info_get_validator_changes (rpc/era-methods.ts)
    "/validator-changes": () => node.call("info_get_validator_changes", undefined),
  };
}
