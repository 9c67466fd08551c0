// An engine error as Rust's `{:?}` prints it: what a 2.0 speculative execution answers as `error`
// (casper-node 2.0 contract_runtime/utils.rs `spec_exec_from_wasm_v1_result`:
// `format!("{:?}", err)` of engine_state::Error), where a committed execution's `error_message` is
// the Display text. Derived Debug of the error enums (execution_engine engine_state/error.rs
// `Exec(ExecError)`, execution/error.rs), with casper-types api_error.rs's own `impl Debug for
// ApiError`. Variants whose payload the engine does not keep are printed with their Display text.
import type { ExecError } from "../runtime/errors.ts";

/** 2.0 execution/error.rs variants without a payload: Debug prints the bare name. */
const UNIT_EXEC_ERRORS = new Set([
  "GasLimit", "InvalidContext", "ExpectedReturnValue", "DeploymentAuthorizationFailure", "UnsupportedWasmStart",
  "RuntimeStackOverflow", "DictionaryItemKeyExceedsLength", "DisabledUnrestrictedTransfers", "UnexpectedStoredValueVariant",
]);

/** 2.0 execution/error.rs variants holding a String, and the Display prefix in front of it. */
const STRING_EXEC_ERRORS: Readonly<Record<string, RegExp>> = {
  Interpreter: /^Interpreter error: /,
  NamedKeyNotFound: /^Named key (.*) not found$/,
  FunctionNotFound: /^Function not found: /,
  NoSuchMethod: /^No such method: /,
};

/** `ApiError`'s Debug (api_error.rs): `ApiError::User(2) [65538]`, `ApiError::Mint(InsufficientFunds) [65024]`, … */
function apiErrorDebug(api: NonNullable<ExecError["api"]>): string {
  switch (api.group) {
    case "Standard":
      return api.message; // Display of a standard ApiError is its Debug
    case "User":
      return `ApiError::User(${api.inner}) [${api.code}]`;
    case "Mint":
      return `ApiError::Mint(${api.name}) [${api.code}]`;
    case "HandlePayment":
      return `ApiError::HandlePayment(${api.name}) [${api.code}]`;
    case "ContractHeader":
      return `ApiError::ContractHeader(${api.name}) [${api.code}]`;
    case "Auction":
      return `ApiError::AuctionError(${api.name}) [${api.code}]`;
  }
}

/** Rust's Debug of a `String`: quoted, with `"` and `\` escaped. */
function rustString(s: string): string {
  return JSON.stringify(s);
}

export function engineErrorDebug(error: ExecError): string {
  if (error.kind === "Revert" && error.api) return `Exec(Revert(${apiErrorDebug(error.api)}))`;
  if (UNIT_EXEC_ERRORS.has(error.kind)) return `Exec(${error.kind})`;
  const prefix = STRING_EXEC_ERRORS[error.kind];
  if (prefix) {
    const m = prefix.exec(error.message);
    if (m) return `Exec(${error.kind}(${rustString(m[1] ?? error.message.slice(m[0].length))}))`;
  }
  return error.message;
}
