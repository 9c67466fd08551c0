// The contract's description in the Casper Contract Schema format (odradev/casper-contract-schema,
// src/lib.rs: ContractSchema, version 1), written beside the wasm. Events are struct types named in
// `types`; errors are the @errors enums' members; `call` is the installer with its args.
// Beyond the format (its JSON schema allows other properties), `named_keys` says what the installer
// names in the installing account and which named keys the contract keeps (its state).
import { schemaType, type SchemaType } from "./types.ts";
import type { ArgModel, ContractModel, ErrorsModel, EventModel, NameTemplate } from "./model.ts";

export const CONTRACT_SCHEMA_VERSION = 1;

export interface ContractSchema {
  casper_contract_schema_version: number;
  toolchain: string;
  authors: string[];
  repository: string | null;
  homepage: string | null;
  contract_name: string;
  contract_version: string;
  types: { struct: { name: string; description: string | null; members: { name: string; description: string | null; ty: SchemaType }[] } }[];
  errors: { name: string; description: string | null; discriminant: number }[];
  entry_points: SchemaEntryPoint[];
  events: { name: string; ty: string }[];
  call: { wasm_file_name: string; description: string | null; arguments: SchemaArgument[] } | null;
  named_keys: {
    /** named keys the installer puts in the installing account; `{arg}` stands for an install arg */
    account: { name: string; value: string }[];
    /** the contract's own named keys */
    contract: { name: string; kind: "value" | "named_key" | "dictionary" | "events"; ty?: SchemaType; key_ty?: SchemaType; item_key?: string }[];
  };
}

export interface SchemaArgument {
  name: string;
  description: string | null;
  ty: SchemaType;
  optional: boolean;
}

export interface SchemaEntryPoint {
  name: string;
  description: string | null;
  is_mutable: boolean;
  arguments: SchemaArgument[];
  return_ty: SchemaType;
  is_contract_context: boolean;
  access: "public" | { groups: string[] };
}

const argument = (a: ArgModel): SchemaArgument => ({ name: a.name, description: null, ty: schemaType(a.type.cl), optional: a.presence !== "required" });

const templateText = (t: NameTemplate) => t.map((p) => (p.kind === "text" ? p.text : `{${p.arg}}`)).join("");

const ITEM_KEY_NAMES: Record<string, string> = {
  AutoItemKey: "auto",
  TextItemKey: "text",
  Base64ItemKey: "base64",
  HexItemKey: "hex",
  HashItemKey: "blake2b_hex",
};

export function contractSchema(c: ContractModel, events: EventModel[], errors: ErrorsModel[], wasmFileName: string, toolchain: string): ContractSchema {
  const account: ContractSchema["named_keys"]["account"] = [];
  const add = (t: NameTemplate | undefined, value: string) => t && account.push({ name: templateText(t), value });
  add(c.keys.packageHash, "package_hash");
  add(c.keys.accessURef, "package_access_uref");
  add(c.keys.contractHash, "contract_hash");
  add(c.keys.contractHashURef, "contract_hash_uref");
  add(c.keys.contractVersion, "contract_version_uref");
  for (const [label, t] of c.groups) add(t, `group_uref:${label}`);
  const contract: ContractSchema["named_keys"]["contract"] = c.fields.map((f) => {
    switch (f.kind) {
      case "value":
        return { name: f.key, kind: "value", ty: schemaType(f.type.cl) };
      case "namedKey":
        return { name: f.key, kind: "named_key", ty: "Key" };
      case "mapping": {
        const itemKey =
          f.itemKey === "AutoItemKey" ? (["String", "I32", "I64", "U8", "U32", "U64"].includes(f.keyType.cl.kind) ? "text" : "base64") : ITEM_KEY_NAMES[f.itemKey];
        return { name: f.key, kind: "dictionary", key_ty: schemaType(f.keyType.cl), ty: schemaType(f.valueType.cl), item_key: itemKey };
      }
    }
  });
  if (events.length > 0) {
    for (const name of ["__events", "__events_length", "__events_schema", "__events_ces_version"]) contract.push({ name, kind: "events" });
  }
  return {
    casper_contract_schema_version: CONTRACT_SCHEMA_VERSION,
    toolchain,
    authors: [],
    repository: null,
    homepage: null,
    contract_name: c.name,
    contract_version: c.version,
    types: events.map((e) => ({
      struct: { name: e.name, description: e.description, members: e.fields.map((f) => ({ name: f.name, description: null, ty: schemaType(f.type.cl) })) },
    })),
    errors: errors.flatMap((e) => e.members.map((m) => ({ name: m.name, description: m.description, discriminant: m.value }))),
    entry_points: c.entryPoints.map((ep) => ({
      name: ep.name,
      description: ep.description,
      is_mutable: ep.mutable,
      arguments: ep.args.map(argument),
      return_ty: ep.ret ? schemaType(ep.ret.cl) : "Unit",
      is_contract_context: ep.type === "called",
      access: ep.access.kind === "public" ? "public" : { groups: ep.access.groups },
    })),
    events: events.map((e) => ({ name: e.name, ty: e.name })),
    call: { wasm_file_name: wasmFileName, description: c.description, arguments: c.installArgs.map(argument) },
    named_keys: { account, contract },
  };
}
