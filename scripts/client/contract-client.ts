// What every generated client (build/<name>.client.ts) is made of: a contract's schema, a transport that
// delivers calls (the local engine in tests, a node over JSON-RPC: the local one or a network), and the
// checks and conversions between JS values and CL values. Args are checked against the schema before
// anything is built: an unknown entry point or arg, a missing required arg and a value that is not of
// the arg's type are errors naming them. Values convert through the CLI's typed-args (one set of rules
// for both), events and results decode through schema-types.ts.
import sdk from "casper-js-sdk";
import type { Args as SdkArgs, CLValue as SdkCLValue, PrivateKey as SdkPrivateKey } from "casper-js-sdk";
import { ByteReader } from "../../host/bytesrepr/reader.ts";
import type { Engine, RunOptions, Signer } from "../../host/engine/engine.ts";
import type { ExecutionResult } from "../../host/engine/result.ts";
import { valueFromJson, typeName } from "../cli/typed-args.ts";
import { buildContractCall, buildSessionWasm, type ContractTarget, type Signed, type SigningPlan } from "../cli/build-signed.ts";
import { NodeClient } from "../cli/node-client.ts";
import { waitForExecution } from "../cli/wait-for-execution.ts";
import type { ExecutionSummary } from "../cli/execution-report.ts";
import { argTypeOf, readValue, schemaTypeText, type SchemaType } from "./schema-types.ts";

const { Args, Transaction } = sdk;

/** The parts of a contract schema a client uses (the schema JSON the build writes has these). */
export interface ClientSchema {
  contract_name: string;
  entry_points: readonly { name: string; arguments: readonly SchemaArgument[]; return_ty: SchemaType }[];
  types: readonly unknown[];
  events: readonly { name: string; ty: string }[];
  call: { wasm_file_name: string; description?: string | null; arguments: readonly SchemaArgument[] } | null;
}

export interface SchemaArgument {
  name: string;
  description?: string | null;
  ty: SchemaType;
  optional: boolean;
}

// What clients accept: the JS forms below, or the casper-js-sdk objects that stand for them.
export type BigNumberInput = bigint | number | string;
/** a formatted key ("account-hash-…", "hash-…", "uref-…-007", …) or a casper-js-sdk Key */
export type KeyInput = string | { toPrefixedString(): string };
/** hex (01… ed25519, 02… secp256k1) or a casper-js-sdk PublicKey */
export type PublicKeyInput = string | { toHex(): string };
export type BytesInput = Uint8Array | string;

export class ClientError extends Error {}

/** A JS value in the JSON form typed-args reads (bigints and SDK objects as their text forms). */
function jsonForm(v: unknown): unknown {
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("hex");
  if (v instanceof Map) return [...v.entries()].map(([k, x]) => [jsonForm(k), jsonForm(x)]);
  if (Array.isArray(v)) return v.map(jsonForm);
  if (v !== null && typeof v === "object") {
    const o = v as { toPrefixedString?: () => string; toHex?: () => string };
    if (typeof o.toPrefixedString === "function") return o.toPrefixedString();
    if (typeof o.toHex === "function") return o.toHex();
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonForm(x)]));
  }
  return v;
}

/** A CL value of schema type `t` from a JS value; `at` names it in errors. */
export function clValueOf(t: SchemaType, value: unknown, at: string): SdkCLValue {
  const argType = argTypeOf(t);
  try {
    // a top-level string stays a string (typed-args reads numbers and keys from strings too)
    return valueFromJson(argType, jsonForm(value), at);
  } catch (e) {
    throw new ClientError(`${(e as Error).message} (expected ${schemaTypeText(t)}, as ${typeName(argType)})`);
  }
}

/** Checks `values` against `params` (names, presence, types) and converts them, in the schema's order. */
export function argsFrom(params: readonly SchemaArgument[], values: Record<string, unknown>, where: string): SdkArgs {
  const known = new Set(params.map((p) => p.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) throw new ClientError(`${where}: unknown arg '${name}' (args: ${params.map((p) => p.name).join(", ") || "none"})`);
  }
  const map: Record<string, SdkCLValue> = {};
  for (const p of params) {
    const v = values[p.name];
    // an optional arg is left out when undefined, or null unless its type is an Option (null: None)
    const isOption = typeof p.ty === "object" && p.ty !== null && "Option" in p.ty;
    if (v === undefined || (v === null && p.optional && !isOption)) {
      if (!p.optional) throw new ClientError(`${where}: missing arg '${p.name}' (${schemaTypeText(p.ty)})`);
      continue;
    }
    map[p.name] = clValueOf(p.ty, v, `${where}: arg '${p.name}'`);
  }
  return Args.fromMap(map);
}

/** How calls reach the contract; `R` is what a call returns (an engine result, a pending network call…). */
export interface Transport<R> {
  /** calls `entryPoint` of the contract with `args` */
  call(entryPoint: string, args: SdkArgs): R;
  /** runs `wasm` (the contract's installer) as session code with `args` */
  install(wasm: Uint8Array, args: SdkArgs): R;
}

/** Where a contract is, for calls: by the name or hash of the contract, or of its package (latest version). */
export type ContractRef = ContractTarget;

/** Calls on the local engine (tests): synchronous, each returns the engine's ExecutionResult. */
export class EngineTransport implements Transport<ExecutionResult> {
  constructor(
    readonly engine: Engine,
    readonly from: Signer,
    readonly contract: ContractRef,
    readonly options: RunOptions = {},
  ) {}

  call(entryPoint: string, args: SdkArgs): ExecutionResult {
    const c = this.contract;
    switch (c.by) {
      case "name":
        return this.engine.callByName(this.from, c.name, entryPoint, args, this.options);
      case "hash":
        return this.engine.callByHash(this.from, c.hash, entryPoint, args, this.options);
      case "packageName":
        return this.engine.callVersionedByName(this.from, c.name, entryPoint, args, c.version, this.options);
      case "packageHash":
        return this.engine.callVersionedByHash(this.from, c.hash, entryPoint, args, c.version, this.options);
    }
  }

  install(wasm: Uint8Array, args: SdkArgs): ExecutionResult {
    return this.engine.runSession(this.from, wasm, args, this.options);
  }

  /** The same transport as another account, or with other run options. */
  as(from: Signer, options: RunOptions = this.options): EngineTransport {
    return new EngineTransport(this.engine, from, this.contract, options);
  }
}

export interface NetworkOptions {
  /** the node's JSON-RPC URL, e.g. http://127.0.0.1:7777/rpc */
  nodeUrl: string;
  chainName: string;
  /** signing keys; the first key's account sends */
  keys: SdkPrivateKey[];
  contract: ContractRef;
  /** standard payment per call, motes */
  paymentMotes: bigint;
  /** payment for the installer, motes (default paymentMotes) */
  installPaymentMotes?: bigint;
  /** a Casper 2.0 TransactionV1 instead of a legacy Deploy */
  transaction?: boolean;
  /** wait for the execution result up to this many ms (default: do not wait) */
  waitMs?: number;
  /** poll interval while waiting (default 2 s) */
  pollMs?: number;
  /** the deploy's timestamp (default now) */
  timestamp?: Date;
}

export interface NetworkResult {
  kind: "deploy" | "transaction";
  hash: string;
  /** the execution result, when waited for */
  execution?: ExecutionSummary;
}

/** Calls through a node (the local node, or a network): signed Deploys or TransactionV1s, sent once. */
export class NetworkTransport implements Transport<Promise<NetworkResult>> {
  readonly client: NodeClient;

  constructor(readonly options: NetworkOptions) {
    this.client = new NodeClient(options.nodeUrl);
  }

  private plan(payment: bigint): SigningPlan {
    const o = this.options;
    return { chainName: o.chainName, keys: o.keys, paymentMotes: payment, transaction: o.transaction, timestamp: o.timestamp };
  }

  call(entryPoint: string, args: SdkArgs): Promise<NetworkResult> {
    return this.send(buildContractCall(this.plan(this.options.paymentMotes), this.options.contract, entryPoint, args));
  }

  install(wasm: Uint8Array, args: SdkArgs): Promise<NetworkResult> {
    return this.send(buildSessionWasm(this.plan(this.options.installPaymentMotes ?? this.options.paymentMotes), wasm, args, true));
  }

  private async send(signed: Signed): Promise<NetworkResult> {
    if (signed.kind === "deploy") await this.client.send("account_put_deploy", signed.hash, (rpc) => rpc.putDeploy(signed.deploy));
    else await this.client.send("account_put_transaction", signed.hash, (rpc) => rpc.putTransaction(Transaction.fromTransactionV1(signed.transaction)));
    const result: NetworkResult = { kind: signed.kind, hash: signed.hash };
    if (this.options.waitMs !== undefined) {
      result.execution = await waitForExecution(this.client, signed.kind, signed.hash, { timeoutMs: this.options.waitMs, intervalMs: this.options.pollMs });
    }
    return result;
  }
}

/** A decoded event: its name and its fields by name. */
export interface DecodedEvent {
  name: string;
  data: Record<string, unknown>;
}

/** The base of generated clients: schema checks and conversions around a transport. */
export class ContractClient<R> {
  constructor(
    readonly $schema: ClientSchema,
    readonly $transport: Transport<R>,
  ) {}

  /** Calls entry point `name` with `args` (checked against the schema first). */
  $invoke(name: string, args: Record<string, unknown>): R {
    const ep = this.$schema.entry_points.find((e) => e.name === name);
    if (!ep) {
      throw new ClientError(`${this.$schema.contract_name} has no entry point '${name}' (entry points: ${this.$schema.entry_points.map((e) => e.name).join(", ")})`);
    }
    return this.$transport.call(name, argsFrom(ep.arguments, args, `${this.$schema.contract_name}.${name}`));
  }

  /** Runs the installer `wasm` with its args (the schema's `call`). */
  $install(wasm: Uint8Array, args: Record<string, unknown>): R {
    const call = this.$schema.call;
    if (!call) throw new ClientError(`${this.$schema.contract_name}'s schema has no installer (call)`);
    return this.$transport.install(wasm, argsFrom(call.arguments, args, `${this.$schema.contract_name} install`));
  }

  /** Decodes an entry point's result (the bytes of the CLValue it returned) by its schema return type. */
  $decodeResult(name: string, bytes: Uint8Array): unknown {
    const ep = this.$schema.entry_points.find((e) => e.name === name);
    if (!ep) throw new ClientError(`${this.$schema.contract_name} has no entry point '${name}'`);
    const r = new ByteReader(bytes);
    const v = readValue(r, ep.return_ty, `${name} result`);
    r.expectEnd(`${name} result`);
    return v;
  }

  /** Decodes one CES event of this contract: the bytes stored under an index of `__events` (String "event_<Name>", then the fields). */
  $decodeEvent(bytes: Uint8Array): DecodedEvent {
    return decodeEvent(this.$schema, bytes);
  }
}

interface StructType {
  struct: { name: string; members: { name: string; ty: SchemaType }[] };
}

/** Decodes CES event bytes against the event types of `schema`. */
export function decodeEvent(schema: ClientSchema, bytes: Uint8Array): DecodedEvent {
  const r = new ByteReader(bytes);
  const full = r.string("event name");
  if (!full.startsWith("event_")) throw new ClientError(`not a CES event: its name '${full}' lacks the event_ prefix`);
  const name = full.slice("event_".length);
  const event = schema.events.find((e) => e.name === name);
  if (!event) throw new ClientError(`${schema.contract_name} has no event '${name}' (events: ${schema.events.map((e) => e.name).join(", ") || "none"})`);
  const type = (schema.types as StructType[]).find((t) => t.struct?.name === event.ty);
  if (!type) throw new ClientError(`${schema.contract_name}'s schema has no type '${event.ty}' for event '${name}'`);
  const data: Record<string, unknown> = {};
  for (const m of type.struct.members) data[m.name] = readValue(r, m.ty, `${name}.${m.name}`);
  r.expectEnd(`event ${name}`);
  return { name, data };
}
