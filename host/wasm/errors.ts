import type { Feature } from "./opcodes.ts";

/** Malformed bytes or a construct outside the allowed feature set. `offset` is the byte offset in the input. */
export class WasmDecodeError extends Error {
  readonly offset: number;
  /** set when the bytes are well-formed but use a post-MVP feature that was not allowed */
  readonly feature?: Feature;

  constructor(offset: number, message: string, feature?: Feature) {
    super(`${message} (at byte offset ${offset} = 0x${offset.toString(16)})`);
    this.name = "WasmDecodeError";
    this.offset = offset;
    this.feature = feature;
  }
}

/**
 * A problem found by the Casper rules. `code` is casper-node's own error name where one exists
 * (`Deserialize`, `MissingMemorySection`, `OperationForbiddenByGasRules`, `UnsupportedWasmStart`,
 * `Interpreter`, the `WasmValidationError` variants ...); `reason` is a finer tag for programs.
 */
export interface WasmIssue {
  code: string;
  message: string;
  reason?: string;
}

/** Thrown by prepareModule when casper-node would reject the module. */
export class WasmPreprocessError extends Error {
  readonly code: string;
  readonly reason?: string;
  readonly issues: WasmIssue[];

  constructor(issues: WasmIssue[]) {
    const first = issues[0] ?? { code: "Deserialize", message: "unknown wasm preprocessing error" };
    super(`${first.code}: ${first.message}`);
    this.name = "WasmPreprocessError";
    this.code = first.code;
    this.reason = first.reason;
    this.issues = issues;
  }
}
