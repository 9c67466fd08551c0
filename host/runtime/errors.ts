// Execution errors, with the variant names and messages of casper-node v1.5.8
// core/execution/error.rs and core/engine_state/error.rs, so a failed deploy reads like the node's
// `error_message`.

import { describeApiError, type ApiErrorInfo } from "./api-error.ts";
import type { WasmStackLevel } from "./wasm-stack.ts";

export type ExecErrorKind =
  // execution::Error
  | "Interpreter" | "BytesRepr" | "NamedKeyNotFound" | "KeyNotFound" | "AccountNotFound" | "TypeMismatch"
  | "InvalidAccess" | "ForgedReference" | "FunctionNotFound" | "GasLimit" | "Revert" | "AddKeyFailure"
  | "RemoveKeyFailure" | "UpdateKeyFailure" | "SetThresholdFailure" | "DeploymentAuthorizationFailure"
  | "ExpectedReturnValue" | "InvalidContext" | "IncompatibleProtocolMajorVersion" | "CLValue"
  | "HostBufferEmpty" | "UnsupportedWasmStart" | "NoActiveContractVersions" | "InvalidContractVersion"
  | "NoSuchMethod" | "WasmPreprocessing" | "KeyIsNotAURef" | "UnexpectedStoredValueVariant"
  | "LockedContract" | "InvalidContractPackage" | "InvalidContract" | "InvalidContractWasm"
  | "MissingArgument" | "DictionaryItemKeyExceedsLength" | "MissingSystemContractRegistry"
  | "MissingSystemContractHash" | "RuntimeStackOverflow" | "DisabledContract" | "DisabledUnrestrictedTransfers"
  // Casper 2.0 execution::Error (execution_engine/src/execution/error.rs of the 2.0.0 release)
  | "TemplateMethod" | "InvalidImputedOperation" | "InvalidUtf8Encoding" | "MissingEntityVersion" | "DisabledEntityVersion"
  | "UnexpectedKeyVariant" | "TrackingCopy"
  // engine_state::Error
  | "Authorization" | "InsufficientPayment" | "Finalization" | "InvalidDeployItemVariant" | "Deploy"
  | "GasConversionOverflow" | "InvalidKeyVariant"
  // Casper 2.0 types/src/transaction/deploy/error.rs InvalidDeploy (an invalid transaction: nothing runs, nothing is charged)
  | "InvalidDeploy"
  // 2.0 engine_state::Error::InvalidExecutableItem (wasm_v1.rs InvalidRequest)
  | "InvalidExecutableItem"
  // 2.0 storage/src/system/transfer.rs TransferError (a native transfer's failure)
  | "Transfer";

export class ExecError extends Error {
  readonly kind: ExecErrorKind;
  /** set for Revert */
  readonly api?: ApiErrorInfo;
  /** the wasm the error left, innermost first (wasm-stack.ts); none when no wasm was running */
  wasmStack?: WasmStackLevel[];

  constructor(kind: ExecErrorKind, message: string, api?: ApiErrorInfo) {
    super(message);
    this.name = "ExecError";
    this.kind = kind;
    this.api = api;
  }

  /** The same error without its wasm levels (for an error kept and thrown again, e.g. a cached rejection). */
  fresh(): ExecError {
    return new ExecError(this.kind, this.message, this.api);
  }

  static revert(status: number, protocol?: "1.5.8" | "2.0.0"): ExecError {
    const api = describeApiError(status, protocol);
    return new ExecError("Revert", api.message, api);
  }

  static interpreter(detail: string): ExecError {
    return new ExecError("Interpreter", `Interpreter error: ${detail}`);
  }

  /**
   * A wasm trap as the node words it: casper-wasmi's `From<Error> for String` renders Error::Trap as
   * `trap: {trap:?}`, i.e. "trap: Code(Unreachable)" (casper-wasmi v0.13.2 src/lib.rs, core/src/trap.rs;
   * casper-node v1.5.8 core/execution/error.rs `From<casper_wasmi::Error>` wraps it in Interpreter).
   */
  static trap(code: TrapCode): ExecError {
    return ExecError.interpreter(`trap: Code(${code})`);
  }
}

/** casper-wasmi's TrapCode variants (core/src/trap.rs). */
export type TrapCode =
  | "Unreachable" | "MemoryAccessOutOfBounds" | "TableAccessOutOfBounds" | "ElemUninitialized" | "DivisionByZero"
  | "IntegerOverflow" | "InvalidConversionToInt" | "StackOverflow" | "UnexpectedSignature";

/**
 * V8's trap messages -> the TrapCode casper-wasmi raises for the same fault. V8 words a null table entry
 * and a signature mismatch alike; wasmi would say ElemUninitialized for the first, UnexpectedSignature
 * for the second: the engine reports the second.
 */
const V8_TRAPS: Readonly<Record<string, TrapCode>> = {
  "unreachable": "Unreachable",
  "memory access out of bounds": "MemoryAccessOutOfBounds",
  "divide by zero": "DivisionByZero",
  "remainder by zero": "DivisionByZero",
  "divide result unrepresentable": "IntegerOverflow",
  "float unrepresentable in integer range": "InvalidConversionToInt",
  "table index is out of bounds": "TableAccessOutOfBounds",
  "null function or function signature mismatch": "UnexpectedSignature",
  "function signature mismatch": "UnexpectedSignature",
};

export const execErrors = {
  forgedReference: (display: string) => new ExecError("ForgedReference", `Forged reference: ${display}`),
  invalidAccess: (required: string) => new ExecError("InvalidAccess", `Invalid access rights: ${required}`),
  keyNotFound: (display: string) => new ExecError("KeyNotFound", `Key ${display} not found`),
  namedKeyNotFound: (name: string) => new ExecError("NamedKeyNotFound", `Named key ${name} not found`),
  invalidContext: () => new ExecError("InvalidContext", "Invalid context"),
  noSuchMethod: (name: string) => new ExecError("NoSuchMethod", `No such method: ${name}`),
  typeMismatch: (expected: string, found: string) => new ExecError("TypeMismatch", `Type mismatch. Expected ${expected} but found ${found}.`),
  functionNotFound: (what: string) => new ExecError("FunctionNotFound", `Function not found: ${what}`),
  gasLimit: () => new ExecError("GasLimit", "Out of gas error"),
  lockedContract: () => new ExecError("LockedContract", "A locked contract cannot be upgraded"),
  disabledContract: () => new ExecError("DisabledContract", "Contract is disabled"),
  invalidContractVersion: (key: string) => new ExecError("InvalidContractVersion", `Invalid contract version: ${key}`),
  noActiveContractVersions: () => new ExecError("NoActiveContractVersions", "No active contract versions for contract package"),
  expectedReturnValue: () => new ExecError("ExpectedReturnValue", "Expected return value"),
  runtimeStackOverflow: () => new ExecError("RuntimeStackOverflow", "Runtime stack overflow"),
  missingArgument: (name: string) => new ExecError("MissingArgument", `Missing argument: ${name}`),
  dictionaryItemKeyExceedsLength: () => new ExecError("DictionaryItemKeyExceedsLength", "Dictionary item key exceeded maximum length"),
  bytesRepr: (detail: string) => new ExecError("BytesRepr", `Serialization error: ${detail}`),
  clValue: (detail: string) => new ExecError("CLValue", detail),
  wasmPreprocessing: (detail: string) => new ExecError("WasmPreprocessing", `Wasm preprocessing error: ${detail}`),
  unsupportedWasmStart: () => new ExecError("UnsupportedWasmStart", "Unsupported WASM start"),
  invalidContractWasm: (hash: string) => new ExecError("InvalidContractWasm", `Invalid contract WASM: ${hash}`),
  incompatibleProtocolMajorVersion: (expected: number, actual: number) =>
    new ExecError("IncompatibleProtocolMajorVersion", `Incompatible protocol major version. Expected version ${expected} but actual version is ${actual}`),
  authorization: () => new ExecError("Authorization", "Authorization failure: not authorized."),
  deploymentAuthorization: () => new ExecError("DeploymentAuthorizationFailure", "Deployment authorization failure"),
  insufficientPayment: () => new ExecError("InsufficientPayment", "Insufficient payment"),
  invalidDeployItemVariant: (what: string) => new ExecError("InvalidDeployItemVariant", `Unsupported deploy item variant: ${what}`),
  invalidKeyVariant: () => new ExecError("InvalidKeyVariant", "Unsupported key type"),
  finalization: () => new ExecError("Finalization", "Payment finalization error"),
  hostBufferEmpty: () => new ExecError("HostBufferEmpty", "Host buffer is empty"),
  unexpectedKeyVariant: (display: string) => new ExecError("UnexpectedKeyVariant", `Invalid key ${display}`),
  trackingCopy: (detail: string) => new ExecError("TrackingCopy", `Tracking copy error: ${detail}`),
  templateMethod: (name: string) => new ExecError("TemplateMethod", `Error calling a template entry point: ${name}`),
  invalidImputedOperation: () => new ExecError("InvalidImputedOperation", "The imputed operation is invalid"),
  invalidUtf8Encoding: (detail: string) => new ExecError("InvalidUtf8Encoding", `Invalid UTF-8 string encoding: ${detail}`),
  missingEntityVersion: (key: string) => new ExecError("MissingEntityVersion", `Missing entity version: ${key}`),
  disabledEntityVersion: (key: string) => new ExecError("DisabledEntityVersion", `Disabled entity version: ${key}`),
  /** 2.0 read_gs_typed: ExecError::TrackingCopy(TrackingCopyError::TypeMismatch(..)) */
  trackingCopyTypeMismatch: (expected: string, found: string) =>
    new ExecError("TypeMismatch", `Tracking copy error: Type mismatch. Expected ${expected} but found ${found}.`),
  missingSystemContractHash: (name: string) => new ExecError("MissingSystemContractHash", `Missing system contract hash: ${name}`),
};

/** Turn anything thrown during execution into an ExecError (wasm traps become Interpreter errors). */
export function toExecError(e: unknown): ExecError {
  if (e instanceof ExecError) return e;
  if (e instanceof WebAssembly.RuntimeError) {
    const code = V8_TRAPS[e.message];
    return code ? ExecError.trap(code) : ExecError.interpreter(`trap: ${e.message}`);
  }
  // only unmetered code (no stack height limiter) can exhaust V8's stack; wasmi's own limit is StackOverflow
  if (e instanceof RangeError && /call stack/i.test(e.message)) return ExecError.trap("StackOverflow");
  if (e instanceof Error && e.name === "BytesreprError") return execErrors.bytesRepr(e.message);
  const message = e instanceof Error ? e.message : String(e);
  return ExecError.interpreter(message);
}
