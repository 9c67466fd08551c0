// chain_get_block_transfers, as the 2.0 sidecar answers it (casper-sidecar feat-2.0 rpcs/chain.rs
// `GetBlockTransfers`) from the node's storage (casper-node 2.0 storage.rs `get_transfers`,
// `successful_transfers`): the transfers of the block's successful executions, in block order; a block
// without any answers an empty list.
import { readParams } from "../rpc-params.ts";
import type { NodeRpcContext, RpcHandler } from "./context.ts";

interface ExecutionResultV2Json {
  Version2?: { error_message: string | null; transfers: unknown[] };
}

function blockTransfers(ctx: NodeRpcContext, params: unknown) {
  const p = readParams(params, [{ name: "block_identifier", required: false }], true);
  const block = ctx.blockFor(p.block_identifier);
  const transfers: unknown[] = [];
  for (const lane of [...block.transactions.keys()].sort((a, b) => a - b)) {
    for (const hash of block.transactions.get(lane)!) {
      const item = ctx.chain.item("Deploy" in hash ? hash.Deploy : hash.Version1);
      // (an item of a block is executed: a pending one is in no block)
      const result = (item && "executionResult" in item ? (item.executionResult as ExecutionResultV2Json) : undefined)?.Version2;
      if (result && result.error_message === null) transfers.push(...result.transfers);
    }
  }
  return { api_version: ctx.apiVersion, block_hash: block.hash, transfers };
}

export function blockTransfersMethods(ctx: NodeRpcContext): [string, RpcHandler][] {
  return [["chain_get_block_transfers", async (params) => blockTransfers(ctx, params)]];
}
