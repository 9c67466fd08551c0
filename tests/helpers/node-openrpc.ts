// The official OpenRPC documents of the Casper 2.0 JSON-RPC (host/node/rpc/openrpc/, from
// casper-sidecar; its README says which commit and what was patched), compiled with ajv: every
// method's params and result schema, to validate what the node is sent and what it answers.
import { readFileSync } from "node:fs";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

const DIR = new URL("../../host/node/rpc/openrpc/", import.meta.url);

export interface OpenRpcMethod {
  name: string;
  params: { name: string; required?: boolean; schema: unknown }[];
  result: { name: string; schema: unknown };
}

interface OpenRpcDocument {
  methods: OpenRpcMethod[];
}

export const DOCUMENTS = {
  rpc: JSON.parse(readFileSync(new URL("rpc_schema.json", DIR), "utf8")) as OpenRpcDocument,
  speculative: JSON.parse(readFileSync(new URL("speculative_rpc_schema.json", DIR), "utf8")) as OpenRpcDocument,
};

/**
 * schemars' integer formats, checked for real (a u8 above 255 fails). A u64 above 2^53 reaches the
 * validator as JSON.parse rounds it (u64::MAX becomes 2^64), so 64-bit bounds are checked at that
 * precision.
 */
const INTEGER_FORMATS: Record<string, [number, number]> = {
  uint8: [0, 255],
  uint16: [0, 65_535],
  uint32: [0, 4_294_967_295],
  uint64: [0, 2 ** 64],
  int32: [-2_147_483_648, 2_147_483_647],
  int64: [-(2 ** 63), 2 ** 63],
};

// strict: false: the documents' own fields (openrpc, info, methods…) are not JSON Schema keywords
const ajv = new Ajv({ strict: false, allErrors: true });
for (const [name, [min, max]] of Object.entries(INTEGER_FORMATS)) {
  ajv.addFormat(name, { type: "number", validate: (n: number) => Number.isInteger(n) && n >= min && n <= max });
}
ajv.addSchema(DOCUMENTS.rpc as object, "rpc");
ajv.addSchema(DOCUMENTS.speculative as object, "speculative");

function where(name: string): { doc: "rpc" | "speculative"; index: number; method: OpenRpcMethod } {
  for (const doc of ["rpc", "speculative"] as const) {
    const index = DOCUMENTS[doc].methods.findIndex((m) => m.name === name);
    if (index >= 0) return { doc, index, method: DOCUMENTS[doc].methods[index] };
  }
  throw new Error(`no method ${name} in the OpenRPC documents`);
}

const compiled = new Map<string, ValidateFunction>();
function validator(ref: string): ValidateFunction {
  let v = compiled.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: ref });
    compiled.set(ref, v);
  }
  return v;
}

/**
 * Ajv's errors, the deepest first: a value that matches no variant of a oneOf reports every variant it
 * is not; the errors deepest in the value say what is actually wrong.
 */
function explain(errors: ErrorObject[] | null | undefined): string[] {
  const all = errors ?? [];
  const depth = (e: ErrorObject) => e.instancePath.split("/").length;
  const deepest = Math.max(...all.map(depth));
  const shown = all.filter((e) => depth(e) === deepest && e.keyword !== "oneOf" && e.keyword !== "anyOf");
  return (shown.length ? shown : all).map((e) => `${e.instancePath || "/"} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ""}`);
}

/** The result schema's complaints about `result` (empty when it validates). */
export function resultErrors(method: string, result: unknown): string[] {
  const { doc, index } = where(method);
  const v = validator(`${doc}#/methods/${index}/result/schema`);
  return v(result) ? [] : explain(v.errors);
}

/** The params schemas' complaints about named `params` (empty when they validate). */
export function paramsErrors(method: string, params: Record<string, unknown>): string[] {
  const { doc, index, method: m } = where(method);
  const out: string[] = [];
  for (const [j, p] of m.params.entries()) {
    if (!(p.name in params)) {
      if (p.required) out.push(`missing required param ${p.name}`);
      continue;
    }
    const v = validator(`${doc}#/methods/${index}/params/${j}/schema`);
    if (!v(params[p.name])) out.push(...explain(v.errors).map((e) => `${p.name}${e}`));
  }
  for (const name of Object.keys(params)) if (!m.params.some((p) => p.name === name)) out.push(`unknown param ${name}`);
  return out;
}

export function methodNames(doc: "rpc" | "speculative"): string[] {
  return DOCUMENTS[doc].methods.map((m) => m.name);
}
