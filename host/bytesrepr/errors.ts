// Decoding failures, named as casper-types v1.5.8 bytesrepr.rs names them (bytesrepr::Error), so an
// engine error can say exactly what the node would say ("Deserialization error: early end of stream").

export type BytesreprErrorKind =
  | "EarlyEndOfStream"
  | "Formatting"
  | "LeftOverBytes"
  | "OutOfMemory"
  | "NotRepresentable"
  | "ExceededRecursionDepth";

const NODE_MESSAGES: Record<BytesreprErrorKind, string> = {
  EarlyEndOfStream: "Deserialization error: early end of stream",
  Formatting: "Deserialization error: formatting",
  LeftOverBytes: "Deserialization error: left-over bytes",
  OutOfMemory: "Serialization error: out of memory",
  NotRepresentable: "Serialization error: value is not representable.",
  ExceededRecursionDepth: "exceeded recursion depth",
};

export class BytesreprError extends Error {
  readonly kind: BytesreprErrorKind;
  /** what was being decoded, e.g. "EntryPoint.access" */
  readonly what: string;

  constructor(kind: BytesreprErrorKind, what: string, detail?: string) {
    super(`${NODE_MESSAGES[kind]} (${what}${detail ? `: ${detail}` : ""})`);
    this.name = "BytesreprError";
    this.kind = kind;
    this.what = what;
  }

  /** The message the node prints for this error, without our context suffix. */
  get nodeMessage(): string {
    return NODE_MESSAGES[this.kind];
  }
}
