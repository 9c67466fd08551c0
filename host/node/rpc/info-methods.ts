// info_get_peers and rpc.discover, as the 2.0 sidecar answers them (casper-sidecar feat-2.0
// rpcs/info.rs `GetPeers`, rpcs/docs.rs `RpcDiscover`). A local node is a one-node network: it has no
// peers, and an empty list is its true answer. rpc.discover answers the sidecar's OpenRPC document
// (openrpc/rpc_schema.json, whose README says where it comes from), named "OpenRPC Schema".
import { readFileSync } from "node:fs";
import { expectNoParams } from "../rpc-params.ts";
import type { NodeRpcContext, RpcHandler } from "./context.ts";

let openRpcDocument: unknown;

/** The node's OpenRPC document (read once). */
export function nodeOpenRpcDocument(): unknown {
  openRpcDocument ??= JSON.parse(readFileSync(new URL("./openrpc/rpc_schema.json", import.meta.url), "utf8"));
  return openRpcDocument;
}

export function infoMethods(ctx: NodeRpcContext): [string, RpcHandler][] {
  return [
    ["info_get_peers", async (params) => {
      expectNoParams(params);
      return { api_version: ctx.apiVersion, peers: [] };
    }],
    ["rpc.discover", async (params) => {
      expectNoParams(params);
      return { api_version: ctx.apiVersion, name: "OpenRPC Schema", schema: nodeOpenRpcDocument() };
    }],
  ];
}
