// call: an entry point of a stored contract, by named key or hash (or through its package), checked against
// the contract's schema when there is one (scripts/cli/contract-schemas.ts).
import path from "node:path";
import { buildContractCall, type ContractTarget } from "../build-signed.ts";
import { NETWORK_OPTIONS, planFrom, reportedDefault, SIGNING_OPTIONS, submit, type Io } from "../command-context.ts";
import { paymentForCall } from "../default-payment.ts";
import { UsageError, type CommandSpec, type ParsedCommandLine } from "../options.ts";
import { ArgError, parseArgs } from "../typed-args.ts";
import { buildSchemas, checkCall, describeEntryPoints, readSchemaFile, schemaForNamedKey, type FoundSchema } from "../contract-schemas.ts";
import { ARG_OPTION } from "./deploy.ts";

export const spec: CommandSpec = {
  name: "call",
  summary: "Call an entry point of a stored contract (a StoredContractByName/ByHash deploy).",
  positionals: [
    { name: "contract", description: "named key in your account (e.g. keys_manager_hash), or hash-<64 hex> / <64 hex>", required: true },
    { name: "entry-point", description: "entry point name", required: true },
  ],
  options: [
    ARG_OPTION,
    { name: "package", description: "the contract names a contract package: call its latest (or --version) contract" },
    { name: "version", value: "<n>", description: "contract version within the package (with --package)" },
    { name: "schema", value: "<file>", description: "the contract's schema (default: the build/*.schema.json naming this named key)" },
    { name: "unchecked", description: "send without checking the entry point and args against the schema" },
    ...NETWORK_OPTIONS,
    ...SIGNING_OPTIONS,
  ],
  notes: [
    "When the contract has a schema (npm run build writes build/<name>.schema.json for a class-form contract), the entry",
    "point and every --arg are checked against it before anything is signed: an unknown entry point or arg, an arg of",
    "another type and a missing required arg are refused. `call <contract> --help` lists its entry points.",
  ],
  examples: [
    "npm run call -- keys_manager set_key_weight --arg \"account:public_key='01…'\" --arg \"weight:u8='1'\" --key keys/alice --wait",
    "npm run call -- hash-0123…cdef set_all --arg \"accounts:list<account_hash>='[…]'\" --key keys/alice --key keys/bob --payment 3cspr",
  ],
};

export function targetFrom(contract: string, asPackage: boolean, versionText: string | undefined): ContractTarget {
  let version: number | undefined;
  if (versionText !== undefined) {
    if (!asPackage) throw new UsageError("--version needs --package");
    if (!/^\d+$/.test(versionText) || Number(versionText) > 0xffffffff) throw new UsageError(`--version: '${versionText}' is not a version number`);
    version = Number(versionText);
  }
  const hash = /^(?:hash-|contract-package-|contract-)?([0-9a-fA-F]{64})$/.exec(contract)?.[1];
  if (hash) return asPackage || contract.startsWith("contract-package-") ? { by: "packageHash", hash, version } : { by: "hash", hash };
  if (/^(hash|contract)-/.test(contract)) throw new UsageError(`'${contract}' is not a contract hash (expected hash-<64 hex>)`);
  if (contract.trim() === "") throw new UsageError("the contract name is empty");
  return asPackage ? { by: "packageName", name: contract, version } : { by: "name", name: contract };
}

/** The schema of the call's contract: --schema, or the build's schema naming the contract's named key. */
export function schemaFor(p: ParsedCommandLine, contract: string | undefined): FoundSchema | undefined {
  const file = p.values.get("schema");
  if (file !== undefined) return readSchemaFile(file);
  if (contract === undefined || /^(?:hash-|contract-|contract-package-)?[0-9a-fA-F]{64}$/.test(contract)) return undefined;
  return schemaForNamedKey(contract, p.values.has("package"));
}

/** What `call --help` adds: the entry points of the contract named, or of every contract built here. */
export function extraHelp(p: ParsedCommandLine): string[] {
  const found = p.positionals[0] !== undefined || p.values.has("schema") ? [schemaFor(p, p.positionals[0])].filter((s) => s !== undefined) : buildSchemas();
  if (found.length === 0) return [];
  return found.flatMap((f) => ["", `Entry points of ${f.schema.contract_name} (${path.relative(process.cwd(), f.file)}):`, ...describeEntryPoints(f)]);
}

export async function run(p: ParsedCommandLine, io: Io): Promise<number> {
  const [contract, entryPoint] = p.positionals;
  const target = targetFrom(contract, p.values.has("package"), p.values.get("version"));
  let parsed;
  try {
    parsed = parseArgs(p.lists.get("arg") ?? []);
  } catch (e) {
    if (e instanceof ArgError) throw new UsageError(e.message);
    throw e;
  }
  const args = parsed.args;
  if (!p.values.has("unchecked")) {
    const schema = schemaFor(p, contract);
    if (schema) checkCall(schema, entryPoint, parsed.parsed);
  }
  const named = target.by === "name" || target.by === "packageName" ? target.name : undefined;
  const payment = reportedDefault(p, io, named ? paymentForCall(named, entryPoint) : "a contract given by hash has no gas figure");
  const plan = planFrom(p, payment.motes, payment.hint);
  return submit(buildContractCall(plan, target, entryPoint, args), p, io);
}
