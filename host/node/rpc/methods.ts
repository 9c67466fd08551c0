// The JSON-RPC methods that live in this folder, one group per file, for local-node.ts's table.
import { auctionMethods } from "./auction-methods.ts";
import { balanceMethods } from "./balance-methods.ts";
import { blockTransfersMethods } from "./block-transfers-methods.ts";
import type { NodeRpcContext, RpcHandler } from "./context.ts";
import { eraMethods } from "./era-methods.ts";
import { infoMethods } from "./info-methods.ts";
import { packageMethods } from "./package-methods.ts";
import { speculativeMethods } from "./speculative-methods.ts";

export function rpcMethods(ctx: NodeRpcContext): [string, RpcHandler][] {
  return [
    ...blockTransfersMethods(ctx),
    ...packageMethods(ctx),
    ...balanceMethods(ctx),
    ...infoMethods(ctx),
    ...speculativeMethods(ctx),
    ...auctionMethods(ctx),
    ...eraMethods(ctx),
  ];
}
