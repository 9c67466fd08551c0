// The errors of the 2.0 JSON-RPC as the sidecar builds them (casper-sidecar feat-2.0
// rpc_sidecar/src/rpcs/error.rs): a failed request to the node is `Error::NodeRequest(what, err)`,
// displayed "request for {what} has failed: {err}", with the code error.rs picks for `err`
// (node_client.rs `Error`, whose texts these are).
import { RpcFailure, type RpcErrorName } from "../rpc-errors.ts";

/** node_client.rs `Error` variants the local node can meet, with their Display texts. */
export const NODE_CLIENT_ERRORS = {
  UnknownStateRootHash: "could not find the provided state root hash",
  QueryFailedToExecute: "the provided global state query failed to execute",
  PurseNotFound: "purse was not found for given identifier",
  EmptyEnvelope: "unexpectedly received an empty envelope",
  InternalNodeError: "node reported internal error",
  ReceivedV1Transaction: "received v1 transaction for speculative execution",
  NoCompleteBlocks: "no complete blocks",
  FunctionIsDisabled: "attempted to use a function that's disabled on the node",
  DictionaryURefNotFound: "dictionary URef not found",
  SwitchBlockNotFound: "the switch block for the requested era was not found",
} as const;

export type NodeClientError = keyof typeof NODE_CLIENT_ERRORS | { InvalidTransaction: string };

/** error.rs `Error::code` for `NodeRequest(_, err)`. */
function codeOf(error: NodeClientError): RpcErrorName {
  if (typeof error !== "string") return "NodeRequestFailed";
  switch (error) {
    case "UnknownStateRootHash":
      return "NoSuchStateRoot";
    case "QueryFailedToExecute":
      return "QueryFailedToExecute";
    case "PurseNotFound":
      return "PurseNotFound";
    case "FunctionIsDisabled":
      return "FunctionIsDisabled";
    case "SwitchBlockNotFound":
      return "SwitchBlockNotFound";
    default:
      return "NodeRequestFailed";
  }
}

/** `Error::NodeRequest(what, error)` as the sidecar answers it. */
export function nodeRequestFailure(what: string, error: NodeClientError): RpcFailure {
  const text = typeof error === "string" ? NODE_CLIENT_ERRORS[error] : `could not execute the provided transaction: ${error.InvalidTransaction}`;
  return new RpcFailure(codeOf(error), `request for ${what} has failed: ${text}`);
}
