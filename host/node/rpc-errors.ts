// JSON-RPC error objects with the codes and messages a Casper node answers with.
// Reserved codes: casper-node v1.5.8 json_rpc/src/error.rs (`ReservedErrorCode`).
// Node codes: v1.5.8 node/src/components/rpc_server/rpcs/error_code.rs (-32000..-32012), extended in
// 2.0 by casper-sidecar rpc_sidecar/src/rpcs/error_code.rs (-32013..-32026); same numbers, same texts.

export const RESERVED_ERRORS = {
  ParseError: [-32700, "Parse error"],
  InvalidRequest: [-32600, "Invalid Request"],
  MethodNotFound: [-32601, "Method not found"],
  InvalidParams: [-32602, "Invalid params"],
  InternalError: [-32603, "Internal error"],
} as const;

export const NODE_ERRORS = {
  NoSuchDeploy: [-32000, "No such deploy"],
  NoSuchBlock: [-32001, "No such block"],
  FailedToParseQueryKey: [-32002, "Failed to parse query key"],
  QueryFailed: [-32003, "Query failed"],
  QueryFailedToExecute: [-32004, "Query failed to execute"],
  FailedToParseGetBalanceURef: [-32005, "Failed to parse get-balance URef"],
  FailedToGetBalance: [-32006, "Failed to get balance"],
  GetBalanceFailedToExecute: [-32007, "get-balance failed to execute"],
  InvalidDeploy: [-32008, "Invalid Deploy"],
  NoSuchAccount: [-32009, "No such account"],
  FailedToGetDictionaryURef: [-32010, "Failed to get dictionary URef"],
  FailedToGetTrie: [-32011, "Failed to get trie"],
  NoSuchStateRoot: [-32012, "No such state root"],
  NoSuchMainPurse: [-32013, "Failed to get main purse"],
  NoSuchTransaction: [-32014, "No such transaction"],
  VariantMismatch: [-32015, "Variant mismatch internal error"],
  InvalidTransaction: [-32016, "Invalid transaction"],
  InvalidBlock: [-32017, "Invalid block"],
  NodeRequestFailed: [-32018, "Node request failure"],
  FunctionIsDisabled: [-32019, "Function needed to execute this request is disabled"],
  NoSuchAddressableEntity: [-32020, "No such addressable entity"],
  AccountMigratedToEntity: [-32021, "Account migrated to an addressable entity"],
  NoRewardsFound: [-32022, "No rewards found"],
  SwitchBlockNotFound: [-32023, "Switch block not found"],
  SwitchBlockParentNotFound: [-32024, "Switch block parent not found"],
  UnsupportedRewardsV1Request: [-32025, "Cannot serve rewards stored in V1 format"],
  PurseNotFound: [-32026, "Purse not found"],
} as const;

export type RpcErrorName = keyof typeof RESERVED_ERRORS | keyof typeof NODE_ERRORS;

/** The `error` member of a JSON-RPC response. */
export interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** Thrown by method handlers; the server turns it into the response's `error`. */
export class RpcFailure extends Error {
  readonly code: number;
  readonly rpcMessage: string;
  readonly data: unknown;

  constructor(name: RpcErrorName, data?: unknown) {
    const [code, message] = name in RESERVED_ERRORS
      ? RESERVED_ERRORS[name as keyof typeof RESERVED_ERRORS]
      : NODE_ERRORS[name as keyof typeof NODE_ERRORS];
    super(typeof data === "string" ? `${message}: ${data}` : message);
    this.code = code;
    this.rpcMessage = message;
    this.data = data;
  }

  toObject(): RpcErrorObject {
    return this.data === undefined || this.data === null
      ? { code: this.code, message: this.rpcMessage }
      : { code: this.code, message: this.rpcMessage, data: this.data };
  }
}

/** The `data` of a NoSuchBlock / NoSuchStateRoot error (v1.5.8 rpcs/common.rs `ErrorData`). */
export function missingBlockOrStateRoot(message: string, low: number, high: number): unknown {
  return { message, available_block_range: { low, high } };
}
