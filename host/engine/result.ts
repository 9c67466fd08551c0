// The result of executing a deploy: success or the error as the node names it, the session's return
// value, the effects (keys written, named keys added, balances moved), transfers, the host-call
// trace, casper_print output and gas. `toString()` reads like a short report.

import { clTypeToString } from "../bytesrepr/cl-type.ts";
import { type CLValue, type SdkCLValue, toSdkCLValue } from "../bytesrepr/cl-value.ts";
import { hexOf, toHex } from "../bytesrepr/hex.ts";
import { type Key, formatEntityAddr, formatKey, formatURef } from "../bytesrepr/key.ts";
import type { TransferRecord } from "../bytesrepr/records.ts";
import type { RecordedTransfer } from "../runtime/execution.ts";
import type { Message } from "../bytesrepr/messages.ts";
import { describeApiError } from "../runtime/api-error.ts";
import type { ExecError, ExecErrorKind } from "../runtime/errors.ts";
import { type GasBreakdown, ZERO_GAS } from "../runtime/meter.ts";
import { type TraceEntry, formatTraceEntry } from "../runtime/trace.ts";
import { type ErrorOrigin, formatErrorOrigin, formatSite } from "../debug/error-origin.ts";
import type { JournalEntry, TransformKind } from "../state/tracking-copy.ts";

export interface ResultError {
  /** the node's error variant, e.g. "Revert", "ForgedReference", "InsufficientPayment" */
  readonly kind: ExecErrorKind;
  /** for Revert: the ApiError u32 code */
  readonly code?: number;
  /** for Revert: the ApiError variant, e.g. "MissingArgument", "User", "InsufficientFunds" */
  readonly name?: string;
  /** the node's error message, e.g. "ApiError::MissingArgument [2]", "User error: 3" */
  readonly message: string;
}

export interface WriteEffect {
  readonly key: string;
  readonly transform: TransformKind;
  /** "CLValue(U512)", "Account", "Contract", ... ("(pruned)" for a Prune) */
  readonly value: string;
}

export interface NamedKeyEffect {
  /** the account or contract that got the named key */
  readonly owner: string;
  readonly name: string;
  readonly key: string;
}

export interface BalanceEffect {
  readonly purse: string;
  /** whose purse, when known (account name or hash, "payment purse", ...) */
  readonly owner?: string;
  readonly before: bigint;
  readonly after: bigint;
  readonly delta: bigint;
}

export interface Effects {
  readonly writes: readonly WriteEffect[];
  readonly namedKeys: readonly NamedKeyEffect[];
  readonly balances: readonly BalanceEffect[];
}

export interface ExecutionResultInit {
  readonly deployHash: Uint8Array;
  readonly error?: ExecError;
  /** true when the deploy was refused before anything ran (nothing charged, state unchanged) */
  readonly precondition: boolean;
  readonly returnValue?: CLValue;
  readonly gas: bigint;
  /** `gas` split into wasm opcodes, host calls, storage and system contract calls (default: all zero) */
  readonly gasBreakdown?: GasBreakdown;
  /** motes taken from the account for this deploy (payment minus refund, or the penalty) */
  readonly cost: bigint;
  /** the gas limit the payment bought (payment / gas price); 0 when refused before payment */
  readonly gasLimit: bigint;
  /** motes given back to the account by finalize */
  readonly refund: bigint;
  /** the execution result's `cost` as the node reports it (see ExecutionResult.reportedCost) */
  readonly reportedCost?: bigint;
  /** the effects, or how to make them when first read */
  readonly effects: Effects | (() => Effects);
  /** every write committed, in order (key, transform, value after): for the node's effects JSON */
  readonly journal: readonly JournalEntry[];
  readonly transfers: readonly RecordedTransfer[];
  /** messages emitted by the deploy's code (2.0), none when its effects were dropped */
  readonly messages?: readonly Message[];
  readonly trace: readonly TraceEntry[];
  readonly prints: readonly string[];
  /** where the error came from in the sources (computed when first read) */
  readonly errorOrigin?: () => ErrorOrigin | undefined;
}

/** A transfer the mint recorded (1.5.8 transfer.rs Transfer; 2.0 transfer_v2.rs TransferV2). */
export interface ResultTransfer {
  /** 1.5.8: the `transfer-<hex>` key its record was written under; 2.0 writes none (undefined) */
  readonly key?: string;
  /** the deploy's account, `account-hash-…` */
  readonly from: string;
  /** the target account when known, `account-hash-…` */
  readonly to?: string;
  /** `uref-…` */
  readonly source: string;
  readonly target: string;
  readonly amount: bigint;
  /** 1.5.8: 0; 2.0: the mint's transfer cost */
  readonly gas: bigint;
  readonly id?: bigint;
  /** the engine's record, for exact encodings (host/node: the TransferV2 JSON) */
  readonly raw: TransferRecord;
}

/** A message as a test reads it (casper-types 2.0 contract_messages/messages.rs `Message`). */
export interface ResultMessage {
  /** the emitting entity: `entity-contract-<contract hash>` for a stored contract */
  readonly entityAddr: string;
  readonly topicName: string;
  /** blake2b-256 of the topic name, hex */
  readonly topicNameHash: string;
  /** `{ String: "…" }` or `{ Bytes: Uint8Array }` (MessagePayload) */
  readonly payload: { readonly String: string } | { readonly Bytes: Uint8Array };
  /** index in its topic within the block */
  readonly topicIndex: number;
  /** index in the block */
  readonly blockIndex: bigint;
  /** the engine's record, for exact encodings (host/node/message-json.ts, messageChecksum) */
  readonly raw: Message;
}

export class DeployFailedError extends Error {
  constructor(message: string, readonly result: ExecutionResult) {
    super(message);
    this.name = "DeployFailedError";
  }
}

export class ExecutionResult {
  readonly deployHash: string;
  readonly success: boolean;
  readonly error?: ResultError;
  readonly precondition: boolean;
  /** the session's return value as the engine holds it (CLType + bytes) */
  readonly returned?: CLValue;
  /** gas used by payment and session (what finalize charges: gas x gas price) */
  readonly gas: bigint;
  /** `gas` split by what it paid for: wasm opcodes, host calls, storage writes, system contract calls */
  readonly gasBreakdown: GasBreakdown;
  /** motes taken from the account (payment minus refund, or the penalty) */
  readonly cost: bigint;
  readonly gasLimit: bigint;
  readonly refund: bigint;
  /**
   * The execution result's `cost` as a node of this protocol reports it. 2.0 (ExecutionResultV2,
   * contract_runtime/types.rs `cost_to_use`): the gas limit times the gas price, raised to the minimum
   * cost (baseline_motes_amount; a native transfer's gas limit), with `refund` apart (the account
   * pays the limit times the price, less the refund). 1.5.8 (execution_result.rs): the gas used times the gas price.
   */
  readonly reportedCost: bigint;
  readonly journal: readonly JournalEntry[];
  /** transfers through the mint in the session, in order (none when the deploy failed) */
  readonly transfers: readonly ResultTransfer[];
  /** messages emitted (casper_emit_message), in order; empty for a failed session or a 1.5.8 engine */
  readonly messages: readonly ResultMessage[];
  readonly trace: readonly TraceEntry[];
  readonly prints: readonly string[];
  private readonly originOf?: () => ErrorOrigin | undefined;
  private origin?: { value: ErrorOrigin | undefined };

  constructor(init: ExecutionResultInit) {
    this.originOf = init.errorOrigin;
    this.deployHash = toHex(init.deployHash);
    this.success = init.error === undefined;
    this.precondition = init.precondition;
    if (init.error) {
      const api = init.error.api;
      this.error = { kind: init.error.kind, message: init.error.message, code: api?.code, name: api?.name };
    }
    this.returned = init.returnValue;
    this.gas = init.gas;
    this.gasBreakdown = init.gasBreakdown ?? ZERO_GAS;
    this.cost = init.cost;
    this.gasLimit = init.gasLimit;
    this.refund = init.refund;
    this.reportedCost = init.reportedCost ?? init.cost;
    this.effectsOrMake = init.effects;
    this.journal = init.journal;
    this.transfers = init.transfers.map(resultTransfer);
    this.messages = resultMessages(init.messages ?? []);
    this.trace = init.trace;
    this.prints = init.prints;
  }

  private effectsOrMake: Effects | (() => Effects);

  /** keys written (last transform and value kind of each), named keys added, balances moved */
  get effects(): Effects {
    if (typeof this.effectsOrMake === "function") this.effectsOrMake = this.effectsOrMake();
    return this.effectsOrMake;
  }

  /**
   * Where the error came from in the contract's sources, for an error raised while wasm ran (a trap, a
   * revert, gas running out, a failed host call): the frames across contract calls, innermost first,
   * with file, line and function from the build's source maps (host/debug). Undefined otherwise.
   */
  get errorOrigin(): ErrorOrigin | undefined {
    if (!this.origin) {
      let value: ErrorOrigin | undefined;
      try {
        value = this.originOf?.();
      } catch {
        value = undefined; // a location is a help, never a reason to fail
      }
      this.origin = { value };
    }
    return this.origin.value;
  }

  /** `file:line:column in function` of the error's site in the contract's own code, when known. */
  get errorSite(): string | undefined {
    const origin = this.errorOrigin;
    return origin ? formatSite(origin) : undefined;
  }

  private failure(): string {
    const site = this.errorSite;
    return `${this.error!.message}${site ? ` at ${site}` : ""}`;
  }

  /** The return value as a casper-js-sdk CLValue. */
  get returnValue(): SdkCLValue | undefined {
    return this.returned ? toSdkCLValue(this.returned) : undefined;
  }

  /** Throws a readable error (with this result) unless the deploy succeeded. */
  expectSuccess(): this {
    if (!this.success) throw new DeployFailedError(`expected the deploy to succeed, but it failed: ${this.failure()}\n${this.toString()}`, this);
    return this;
  }

  /**
   * Throws unless the deploy reverted with `code`: a full ApiError u32 (e.g. 65539), or for user
   * errors the bare number with `{ user: true }` (expectRevert(3, { user: true }) = User error: 3).
   */
  expectRevert(code: number, options: { user?: boolean } = {}): this {
    const want = options.user ? 65536 + code : code;
    const expected = describeApiError(want).message;
    if (this.success) throw new DeployFailedError(`expected the deploy to revert with ${expected}, but it succeeded\n${this.toString()}`, this);
    if (this.error!.kind !== "Revert" || this.error!.code !== want) {
      throw new DeployFailedError(`expected the deploy to revert with ${expected}, but it failed with: ${this.failure()}\n${this.toString()}`, this);
    }
    return this;
  }

  /** Throws unless the deploy failed with this error kind (e.g. "ForgedReference"), optionally matching the message. */
  expectError(kind: ExecErrorKind, message?: string | RegExp): this {
    const ok = !this.success && this.error!.kind === kind && (message === undefined || (typeof message === "string" ? this.error!.message.includes(message) : message.test(this.error!.message)));
    if (!ok) {
      const got = this.success ? "it succeeded" : `it failed with ${this.error!.kind}: ${this.failure()}`;
      throw new DeployFailedError(`expected the deploy to fail with ${kind}${message ? ` (${message})` : ""}, but ${got}\n${this.toString()}`, this);
    }
    return this;
  }

  /** The trace, one host call per line. */
  traceText(): string {
    return this.trace.map(formatTraceEntry).join("\n");
  }

  toString(): string {
    const lines: string[] = [];
    const status = this.success ? "success" : `failure: ${this.error!.message}${this.precondition ? " (refused before execution: nothing charged)" : ""}`;
    lines.push(`deploy ${this.deployHash.slice(0, 16)}…  ${status}`);
    const origin = this.success ? undefined : this.errorOrigin;
    if (origin && origin.frames.length) lines.push(formatErrorOrigin(origin, "  "));
    const g = this.gasBreakdown;
    const split = this.gas === 0n ? "" : ` (wasm ${g.wasm}, host ${g.host}, storage ${g.storage}, system ${g.system})`;
    lines.push(`  gas ${this.gas}${split} of limit ${this.gasLimit}; cost ${this.cost} motes, refund ${this.refund} motes`);
    if (this.returned && this.returned.bytes.length > 0) {
      let shown: string;
      try {
        shown = String(this.returnValue);
      } catch {
        shown = `0x${toHex(this.returned.bytes)}`;
      }
      lines.push(`  returned ${clTypeToString(this.returned.clType)} ${shown}`);
    }
    for (const b of this.effects.balances) {
      lines.push(`  balance ${b.owner ?? b.purse}: ${b.before} -> ${b.after} (${b.delta >= 0n ? "+" : ""}${b.delta})`);
    }
    for (const n of this.effects.namedKeys) lines.push(`  named key ${n.owner}: ${n.name} = ${n.key}`);
    if (this.effects.writes.length) lines.push(`  ${this.effects.writes.length} key(s) written`);
    for (const m of this.messages) {
      const body = "String" in m.payload ? JSON.stringify(m.payload.String) : `0x${toHex(m.payload.Bytes)}`;
      lines.push(`  message ${m.topicName}#${m.topicIndex} (block #${m.blockIndex}): ${body}`);
    }
    for (const p of this.prints) lines.push(`  print: ${p}`);
    if (this.trace.length) {
      lines.push("  trace:");
      for (const e of this.trace) lines.push(`    ${formatTraceEntry(e)}`);
    }
    return lines.join("\n");
  }
}

function resultTransfer({ transfer: t, address }: RecordedTransfer): ResultTransfer {
  return {
    key: address ? `transfer-${toHex(address)}` : undefined,
    from: `account-hash-${toHex(t.from)}`,
    to: t.to ? `account-hash-${toHex(t.to)}` : undefined,
    source: formatURef(t.source),
    target: formatURef(t.target),
    amount: t.amount,
    gas: t.gas,
    id: t.id,
    raw: t,
  };
}

/**
 * The messages as tests read them. Messages share their entity's and topic hash's byte arrays (one per
 * emitting entity and topic, kept from deploy to deploy by host-messages.ts), so each is formatted
 * once per run of equal arrays, remembered across results, not once per message.
 */
function resultMessages(messages: readonly Message[]): ResultMessage[] {
  const out: ResultMessage[] = [];
  for (const m of messages) {
    if (m.entityAddr !== formats.entity) formats.entityText = formatEntityAddr((formats.entity = m.entityAddr));
    if (m.topicNameHash !== formats.topicHash) formats.topicHashText = hexOf((formats.topicHash = m.topicNameHash));
    out.push({
      entityAddr: formats.entityText,
      topicName: m.topicName,
      topicNameHash: formats.topicHashText,
      payload: m.payload.kind === "String" ? { String: m.payload.value } : { Bytes: m.payload.value },
      topicIndex: m.topicIndex,
      blockIndex: m.blockIndex,
      raw: m,
    });
  }
  return out;
}
/** the last entity and topic hash formatted (the engine never changes these arrays once made) */
const formats = { entity: undefined as Uint8Array | undefined, entityText: "", topicHash: undefined as Uint8Array | undefined, topicHashText: "" };

export function describeKey(key: Key): string {
  return formatKey(key);
}
