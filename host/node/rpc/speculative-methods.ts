// speculative_exec and speculative_exec_txn (casper-sidecar feat-2.0 rpcs/speculative_exec.rs): the
// params are read as account_put_deploy / account_put_transaction read theirs, the dry run is
// speculative-exec.ts, the result is {api_version, execution_result}.
import { toHex } from "../bytes.ts";
import { readDeployJson } from "../deploy-json.ts";
import type { ExecutionRequest } from "../engine-backend.ts";
import { oneVariant, parseOrInvalid, readParams } from "../rpc-params.ts";
import { speculativeExecution } from "../speculative-exec.ts";
import { readTransactionV1Json } from "../transaction-json.ts";
import type { NodeRpcContext, RpcHandler } from "./context.ts";

/** A dry run waits for the block being built, so it always sees a tip whose state the backend holds. */
async function answer(ctx: NodeRpcContext, request: ExecutionRequest) {
  return { api_version: ctx.apiVersion, execution_result: await ctx.inTurn(() => speculativeExecution(ctx, request)) };
}

export function speculativeMethods(ctx: NodeRpcContext): [string, RpcHandler][] {
  return [
    ["speculative_exec", (params) => {
      const p = readParams(params, [{ name: "deploy", required: true }]);
      const wire = parseOrInvalid(() => readDeployJson(p.deploy));
      return answer(ctx, { kind: "deploy", hash: toHex(wire.hash), wire });
    }],
    ["speculative_exec_txn", (params) => {
      const p = readParams(params, [{ name: "transaction", required: true }]);
      const [variant, inner] = oneVariant(p.transaction, ["Version1", "Deploy"], "transaction");
      if (variant === "Deploy") {
        const wire = parseOrInvalid(() => readDeployJson(inner));
        return answer(ctx, { kind: "deploy", hash: toHex(wire.hash), wire });
      }
      const wire = parseOrInvalid(() => readTransactionV1Json(inner));
      return answer(ctx, { kind: "transactionV1", hash: toHex(wire.hash), wire });
    }],
  ];
}
