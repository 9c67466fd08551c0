// The class form's decorators, declared for TypeScript editors (assembly/tsconfig.json). The compiler
// never reads this file: the build's transform (scripts/build/transform) reads the decorators from the
// source and checks them, and asc ignores decorators it does not know. See README.md here.

/** A revert code: a member of an @errors enum (User(n)), or any u32 (an ApiError code). */
type CasperRevertCode = i32 | u32;

interface CasperContractOptions {
  /** the schema's contract_name (default: the class name) */
  name?: string;
  /** the schema's contract_version (default "0.1.0") */
  version?: string;
  /** a locked package never takes another version (default false: upgradable) */
  locked?: boolean;
  /** named keys the installer puts in the installing account; `{arg}` stands for a string install arg */
  keys?: {
    packageHash?: string;
    accessURef?: string;
    contractHash?: string;
    contractHashURef?: string;
    contractVersion?: string;
  };
  /** user groups created at install: label -> named key receiving the group's URef */
  groups?: { [label: string]: string };
  /** revert code of an upgrade whose named package or contract is not a hash (default UnexpectedKeyVariant, 9) */
  upgradeError?: CasperRevertCode;
  /** the entry point the installer calls once after adding the version (default "init" when there is one), or false */
  init?: string | false;
  /** per install arg (constructor parameter) codes */
  args?: { [param: string]: CasperArgOptions };
}

interface CasperArgOptions {
  /** revert code when the arg is absent (required args; default MissingArgument, 2) */
  missing?: CasperRevertCode;
  /** revert code when its bytes are not one value of its type (default InvalidArgument, 3), or "absent" (optional args) */
  invalid?: CasperRevertCode | "absent";
}

interface CasperEntryPointOptions {
  /** the entry point's name (default: the method's) */
  name?: string;
  /** "public" (default) or the user groups allowed to call it */
  access?: "public" | string[];
  /** "called" (default: runs in the contract's context) or "caller" (in the caller's: Session / Caller) */
  type?: "called" | "caller";
  /** per-parameter codes */
  args?: { [param: string]: CasperArgOptions };
  /** the schema's is_mutable (default true) */
  mutable?: boolean;
}

declare function contract(options?: CasperContractOptions): (target: object) => void;
declare function entryPoint(target: object, key: string, descriptor?: unknown): void;
declare function entryPoint(options: CasperEntryPointOptions): (target: object, key: string, descriptor?: unknown) => void;
declare function event(target: object): void;
declare function event(options: { name?: string }): (target: object) => void;
declare function errors(target: object): void;
declare function namedKey(target: object, key: string): void;
declare function named(name: string): (target: object, key: string) => void;
