// Reading a method's `params` the way casper-node's RPC server does (v1.5.8
// node/src/components/rpc_server/rpcs.rs): params by name (object) or by position (array); a method
// without params accepts only [] / {} / nothing; bad params are -32602 "Invalid params" with
// "Failed to parse 'params' field: <reason>" as data.
import { RpcFailure } from "./rpc-errors.ts";

export interface ParamSpec {
  name: string;
  required: boolean;
}

/** The params as an object keyed by name; throws Invalid params naming what is wrong. */
export function readParams(params: unknown, spec: ParamSpec[], optionalAsAWhole = false): Record<string, unknown> {
  const isEmpty = params === undefined || params === null
    || (Array.isArray(params) && params.length === 0)
    || (typeof params === "object" && !Array.isArray(params) && Object.keys(params as object).length === 0);
  if (isEmpty) {
    if (!optionalAsAWhole && spec.some((p) => p.required)) {
      if (params === undefined || params === null) throw new RpcFailure("InvalidParams", "Missing 'params' field");
      throw invalid(`missing field \`${spec.find((p) => p.required)!.name}\``);
    }
    return {};
  }
  let named: Record<string, unknown>;
  if (Array.isArray(params)) {
    if (params.length > spec.length) throw invalid(`invalid length ${params.length}, expected at most ${spec.length} params`);
    named = {};
    params.forEach((v, i) => (named[spec[i].name] = v));
  } else {
    named = params as Record<string, unknown>;
    for (const key of Object.keys(named)) {
      if (!spec.some((p) => p.name === key)) {
        const expected = spec.length === 1 ? `\`${spec[0].name}\`` : `one of ${spec.map((p) => `\`${p.name}\``).join(", ")}`;
        throw invalid(`unknown field \`${key}\`, expected ${expected}`);
      }
    }
  }
  for (const p of spec) {
    if (p.required && (named[p.name] === undefined)) throw invalid(`missing field \`${p.name}\``);
  }
  return named;
}

/** A method that takes no params (v1.5.8 `RpcWithoutParams::check_no_params`). */
export function expectNoParams(params: unknown): void {
  const empty = params === undefined || params === null
    || (Array.isArray(params) && params.length === 0)
    || (typeof params === "object" && !Array.isArray(params) && Object.keys(params as object).length === 0);
  if (!empty) {
    throw new RpcFailure("InvalidParams", "'params' field should be an empty Array '[]', an empty Object '{}' or absent");
  }
}

export function invalid(reason: string): RpcFailure {
  return new RpcFailure("InvalidParams", `Failed to parse 'params' field: ${reason}`);
}

/** Runs a reader of client JSON; its TypeError becomes Invalid params with the field named. */
export function parseOrInvalid<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof RpcFailure) throw e;
    throw invalid((e as Error).message);
  }
}

export function hex32(value: unknown, where: string): string {
  if (typeof value !== "string" || !/^[0-9a-fA-F]{64}$/.test(value)) {
    throw invalid(`${where}: expected a 32-byte hex digest, got ${JSON.stringify(value)}`);
  }
  return value.toLowerCase();
}

export function oneVariant(value: unknown, variants: string[], where: string): [string, unknown] {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalid(`${where}: expected one of ${variants.join(", ")}`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length !== 1 || !variants.includes(entries[0][0])) {
    throw invalid(`${where}: unknown variant ${JSON.stringify(entries.map(([k]) => k).join(","))}, expected one of ${variants.map((v) => `\`${v}\``).join(", ")}`);
  }
  return entries[0];
}
