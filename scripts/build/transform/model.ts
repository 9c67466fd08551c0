// What the transform reads out of a contract's source: the @contract class (entry points, state, install
// options), @event classes and @errors enums. analyze.ts builds it, generate.ts and schema.ts use it.
import type { AnyNode } from "./ast.ts";
import type { ResolvedType } from "./types.ts";

/** A revert code as an expression of the generated code (a u32). */
export interface CodeExpression {
  text: string;
}

export interface ArgModel {
  name: string;
  type: ResolvedType;
  /** required; nullable (`T | null`: null when absent); or with a default value */
  presence: "required" | "nullable" | "default";
  /** the default value's source text (presence "default") */
  defaultText?: string;
  /** revert code when absent (required args; default MissingArgument) */
  missing?: CodeExpression;
  /** revert code when the bytes are not one T (default InvalidArgument), or "absent": count as not passed */
  invalid?: CodeExpression | "absent";
  node: AnyNode;
}

export type Access = { kind: "public" } | { kind: "groups"; groups: string[] };

export interface EntryPointModel {
  /** the entry point's (and the export's) name */
  name: string;
  /** the method implementing it */
  method: string;
  args: ArgModel[];
  /** null: void (Unit) */
  ret: ResolvedType | null;
  access: Access;
  /** "called": runs in the contract's context (Contract / Called); "caller": in the caller's (Session / Caller) */
  type: "called" | "caller";
  mutable: boolean;
  description: string | null;
  node: AnyNode;
}

export type FieldModel =
  | { kind: "value"; member: string; key: string; type: ResolvedType; readonly: boolean; node: AnyNode }
  | { kind: "namedKey"; member: string; key: string; nullable: boolean; readonly: boolean; node: AnyNode }
  | { kind: "mapping"; member: string; key: string; keyType: ResolvedType; valueType: ResolvedType; itemKey: string; node: AnyNode };

/** A named-key name: literal text and install args, e.g. "cep18_contract_package_{name}". */
export type NameTemplate = ({ kind: "text"; text: string } | { kind: "arg"; arg: string })[];

/** Named keys the installer puts in the installing account (each optional). */
export interface InstallKeys {
  /** Key::Hash of the package */
  packageHash?: NameTemplate;
  /** the package's access URef (what an upgrade needs) */
  accessURef?: NameTemplate;
  /** Key::Hash of the contract */
  contractHash?: NameTemplate;
  /** a URef holding the contract hash (ByteArray(32)), as keys_manager's `keys_manager_hash` */
  contractHashURef?: NameTemplate;
  /** a URef holding the contract version (u32) */
  contractVersion?: NameTemplate;
}

export interface ContractModel {
  className: string;
  source: AnyNode;
  node: AnyNode;
  /** schema contract_name */
  name: string;
  /** schema contract_version */
  version: string;
  description: string | null;
  locked: boolean;
  keys: InstallKeys;
  /** user group label -> name of the named key that receives its URef */
  groups: Map<string, NameTemplate>;
  /** revert code of an upgrade whose named package / contract hash is not a Key::Hash */
  upgradeCode: CodeExpression;
  entryPoints: EntryPointModel[];
  fields: FieldModel[];
  /** install args: the constructor's parameters */
  installArgs: ArgModel[];
  constructorNode: AnyNode | null;
  /** the entry point the installer calls after adding the version, or null */
  init: EntryPointModel | null;
}

export interface EventModel {
  className: string;
  /** the event's CES name (without the "event_" prefix) */
  name: string;
  fields: { name: string; type: ResolvedType }[];
  description: string | null;
  source: AnyNode;
  node: AnyNode;
}

export interface ErrorsModel {
  enumName: string;
  members: { name: string; value: number; description: string | null }[];
  source: AnyNode;
  node: AnyNode;
}
