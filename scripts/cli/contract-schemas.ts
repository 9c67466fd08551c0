// The contract schemas `npm run build` writes (build/<name>.schema.json) as the CLI's `call` uses them:
// finding a contract's schema by the named key it is called through (the schema's `named_keys.account`,
// where `{arg}` stands for any text) or by --schema, checking an entry point name and each --arg against
// it before anything is signed, and listing entry points for --help.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ContractSchema, SchemaEntryPoint } from "../build/transform/schema.ts";
import { argTypeOf, schemaTypeText } from "../client/schema-types.ts";
import { clTypeOf, typeName, type ParsedArg } from "./typed-args.ts";
import { UsageError } from "./options.ts";

export interface FoundSchema {
  file: string;
  schema: ContractSchema;
}

export class SchemaFileError extends Error {}

/** Reads one schema file (JSON with entry_points). */
export function readSchemaFile(file: string): FoundSchema {
  let schema: ContractSchema;
  try {
    schema = JSON.parse(readFileSync(file, "utf8")) as ContractSchema;
  } catch (e) {
    throw new UsageError(`--schema ${file}: ${(e as Error).message}`);
  }
  if (!schema || !Array.isArray(schema.entry_points)) throw new UsageError(`--schema ${file}: not a contract schema (no entry_points)`);
  return { file, schema };
}

/** Every schema in `dir` (build/ by default). */
export function buildSchemas(dir = path.resolve("build")): FoundSchema[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".schema.json"))
    .sort()
    .flatMap((f) => {
      try {
        return [readSchemaFile(path.join(dir, f))];
      } catch {
        return [];
      }
    });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Whether a schema's account named key (a template with {arg}s) can be `name`. */
function templateMatches(template: string, name: string): boolean {
  const re = new RegExp(`^${template.split(/\{[^{}]*\}/).map(escape).join(".+")}$`);
  return re.test(name);
}

/** The schema of the contract named `name` in the caller's account (through its package when `viaPackage`). */
export function schemaForNamedKey(name: string, viaPackage: boolean, schemas: FoundSchema[] = buildSchemas()): FoundSchema | undefined {
  const wanted = viaPackage ? "package_hash" : "contract_hash";
  return schemas.find((s) => (s.schema.named_keys?.account ?? []).some((k) => k.value === wanted && templateMatches(k.name, name)));
}

export function signature(ep: SchemaEntryPoint): string {
  const args = ep.arguments.map((a) => `${a.name}${a.optional ? "?" : ""}: ${schemaTypeText(a.ty)}`).join(", ");
  return `${ep.name}(${args})${ep.return_ty === "Unit" ? "" : ` -> ${schemaTypeText(ep.return_ty)}`}`;
}

/** The entry points of a schema, one per line, for --help. */
export function describeEntryPoints(found: FoundSchema): string[] {
  return found.schema.entry_points.map((ep) => `  ${signature(ep)}${ep.description ? `  ${ep.description}` : ""}`);
}

/** The CLI spelling of a schema type (what --arg NAME:TYPE takes). */
function cliType(ty: unknown): string {
  try {
    return typeName(argTypeOf(ty as never));
  } catch {
    return schemaTypeText(ty as never);
  }
}

const typeBytes = (t: ParsedArg["type"]) => Buffer.from(clTypeOf(t).toBytes()).toString("hex");

/**
 * Checks a call against the schema: the entry point exists, every --arg is one of its args with its type,
 * every required arg is given. Throws a UsageError naming what is wrong.
 */
export function checkCall(found: FoundSchema, entryPoint: string, args: ParsedArg[]): void {
  const { schema, file } = found;
  const where = path.relative(process.cwd(), file);
  const ep = schema.entry_points.find((e) => e.name === entryPoint);
  if (!ep) {
    throw new UsageError(`${schema.contract_name} (${where}) has no entry point '${entryPoint}'; it has: ${schema.entry_points.map((e) => e.name).join(", ")}`);
  }
  for (const a of args) {
    const param = ep.arguments.find((p) => p.name === a.name);
    if (!param) {
      throw new UsageError(`${entryPoint} takes no arg '${a.name}' (${where}); its args: ${ep.arguments.map((p) => `${p.name}:${cliType(p.ty)}`).join(", ") || "none"}`);
    }
    let want: string;
    try {
      want = typeBytes(argTypeOf(param.ty));
    } catch {
      continue; // a custom type: nothing to compare with
    }
    if (typeBytes(a.type) !== want) {
      throw new UsageError(`arg '${a.name}' of ${entryPoint} is ${schemaTypeText(param.ty)} (--arg ${a.name}:${cliType(param.ty)}='…'), not ${typeName(a.type)} (${where})`);
    }
  }
  const missing = ep.arguments.filter((p) => !p.optional && !args.some((a) => a.name === p.name));
  if (missing.length > 0) {
    throw new UsageError(`${entryPoint} needs ${missing.map((p) => `--arg ${p.name}:${cliType(p.ty)}='…'`).join(", ")} (${where}; --unchecked sends without checking)`);
  }
}
