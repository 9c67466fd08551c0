// Reads the declarations of the class form out of the parsed sources and checks them: every mistake is a
// Diagnostic on the node at fault, with a message naming the entry point, parameter, field or type.
import path from "node:path";
import {
  CommonFlags,
  NodeKind,
  decoratorName,
  decoratorOptions,
  docCommentBefore,
  findDecorator,
  integerValue,
  lineOf,
  textOf,
  type AnyNode,
  type OptionValue,
} from "./ast.ts";
import { resolveType, TypeProblem, type ResolvedType, type TypeBinding, type TypeScope } from "./types.ts";
import type { Access, ArgModel, CodeExpression, ContractModel, EntryPointModel, ErrorsModel, EventModel, FieldModel, NameTemplate } from "./model.ts";

export interface Diagnostic {
  source: AnyNode;
  node: AnyNode;
  message: string;
}

/** The decorators of the class form (anything else is left to the compiler). */
export const DECORATORS = ["contract", "entryPoint", "event", "errors", "namedKey", "named"] as const;

const INSTALL_KEYS = ["packageHash", "accessURef", "contractHash", "contractHashURef", "contractVersion"] as const;
const ITEM_KEYS = new Set(["AutoItemKey", "TextItemKey", "Base64ItemKey", "HexItemKey", "HashItemKey"]);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** names the generated code declares at the top level of a contract's file */
export const GENERATED_NAMESPACE = "__casper";

export interface SourceDeclarations {
  contract: ContractModel | null;
  events: EventModel[];
  errors: ErrorsModel[];
  scope: TypeScope;
}

export interface AnalyzeOptions {
  /** internal path (cwd-relative, no extension) of the library folder, e.g. "assembly" */
  libraryPrefix: string;
}

const isUserSource = (s: AnyNode) => s.sourceKind === 0 || s.sourceKind === 1;
const isEntrySource = (s: AnyNode) => s.sourceKind === 1;

/** Whether an import's internal path is the casper-as library (not a contract folder or a test probe). */
function isLibraryPath(internalPath: string, prefix: string): boolean {
  if (!internalPath.startsWith(`${prefix}/`)) return false;
  const rest = internalPath.slice(prefix.length + 1);
  return !rest.startsWith("contracts/") && !rest.startsWith("probe/");
}

/** Top-level type declarations of a source, by name. */
function declaredTypes(source: AnyNode): Map<string, TypeBinding> {
  const names = new Map<string, TypeBinding>();
  for (const st of source.statements as AnyNode[]) {
    const name = st.name?.text as string | undefined;
    if (!name) continue;
    switch (st.kind) {
      case NodeKind.ClassDeclaration:
      case NodeKind.InterfaceDeclaration:
        names.set(name, findDecorator(st.decorators, "event") ? { kind: "event", name } : { kind: "class", name });
        break;
      case NodeKind.EnumDeclaration:
        names.set(name, { kind: "enum", name });
        break;
      case NodeKind.TypeDeclaration:
        names.set(name, { kind: "alias", node: st.type, source });
        break;
      default:
        break;
    }
  }
  return names;
}

/** What each name used in `source` refers to: its own declarations, and its imports. */
function scopeOf(source: AnyNode, declared: Map<string, Map<string, TypeBinding>>, options: AnalyzeOptions): TypeScope {
  const names = new Map(declared.get(source.internalPath) ?? []);
  const libraryNamespaces = new Set<string>();
  for (const st of source.statements as AnyNode[]) {
    if (st.kind !== NodeKind.Import) continue;
    const target = st.internalPath as string;
    const fromLibrary = isLibraryPath(target, options.libraryPrefix);
    const fromUser = fromLibrary ? undefined : declared.get(target);
    if (st.namespaceName) {
      if (fromLibrary) libraryNamespaces.add(st.namespaceName.text);
      continue;
    }
    for (const d of (st.declarations ?? []) as AnyNode[]) {
      const local = d.name.text as string;
      const foreign = d.foreignName.text as string;
      const there = fromUser?.get(foreign);
      if (there) names.set(local, there);
      else if (fromLibrary) names.set(local, { kind: "library", name: foreign });
      else names.set(local, { kind: "class", name: foreign });
    }
  }
  return { names, libraryNamespaces };
}

/** Top-level names a source declares or imports, with the line that declares them. */
function topLevelNames(source: AnyNode): Map<string, { what: string; line: number }> {
  const out = new Map<string, { what: string; line: number }>();
  const kinds: Record<number, string> = {
    [NodeKind.FunctionDeclaration]: "function",
    [NodeKind.ClassDeclaration]: "class",
    [NodeKind.InterfaceDeclaration]: "interface",
    [NodeKind.EnumDeclaration]: "enum",
    [NodeKind.NamespaceDeclaration]: "namespace",
    [NodeKind.TypeDeclaration]: "type",
  };
  for (const st of source.statements as AnyNode[]) {
    const line = lineOf(source, st.range.start);
    if (st.kind in kinds && st.name) out.set(st.name.text, { what: kinds[st.kind], line });
    else if (st.kind === NodeKind.Variable) for (const d of st.declarations as AnyNode[]) out.set(d.name.text, { what: "variable", line });
    else if (st.kind === NodeKind.Import) {
      if (st.namespaceName) out.set(st.namespaceName.text, { what: "import", line });
      for (const d of (st.declarations ?? []) as AnyNode[]) out.set(d.name.text, { what: "import", line });
    } else if (st.kind === NodeKind.Export) {
      for (const m of (st.members ?? []) as AnyNode[]) out.set(m.exportedName.text, { what: "export", line });
    }
  }
  return out;
}

export class Analyzer {
  readonly diagnostics: Diagnostic[] = [];
  /** what compiles but is likely a mistake */
  readonly warnings: Diagnostic[] = [];
  private declared = new Map<string, Map<string, TypeBinding>>();
  /** @errors enums and @event classes of every user source, by internal path then name */
  private errorsByPath = new Map<string, Map<string, ErrorsModel>>();
  private eventsByPath = new Map<string, Map<string, EventModel>>();

  constructor(private readonly sources: AnyNode[], private readonly options: AnalyzeOptions) {
    for (const s of sources) if (isUserSource(s)) this.declared.set(s.internalPath, declaredTypes(s));
  }

  private error(source: AnyNode, node: AnyNode, message: string): void {
    this.diagnostics.push({ source, node, message });
  }

  /** Every source with class-form declarations, analyzed. */
  analyze(): Map<AnyNode, SourceDeclarations> {
    const result = new Map<AnyNode, SourceDeclarations>();
    const users = this.sources.filter(isUserSource);
    // events and errors first: a contract refers to them, possibly in other files
    for (const source of users) {
      const scope = scopeOf(source, this.declared, this.options);
      const events: EventModel[] = [];
      const errors: ErrorsModel[] = [];
      for (const st of source.statements as AnyNode[]) {
        if (st.kind === NodeKind.ClassDeclaration && findDecorator(st.decorators, "event")) {
          const e = this.event(source, st, scope);
          if (e) events.push(e);
        } else if (st.kind === NodeKind.EnumDeclaration && findDecorator(st.decorators, "errors")) {
          const e = this.errorsEnum(source, st);
          if (e) errors.push(e);
        }
      }
      this.eventsByPath.set(source.internalPath, new Map(events.map((e) => [e.className, e])));
      this.errorsByPath.set(source.internalPath, new Map(errors.map((e) => [e.enumName, e])));
      if (events.length || errors.length) result.set(source, { contract: null, events, errors, scope });
    }
    for (const source of users) {
      const classes = (source.statements as AnyNode[]).filter((st) => st.kind === NodeKind.ClassDeclaration && findDecorator(st.decorators, "contract"));
      if (classes.length === 0) continue;
      const scope = scopeOf(source, this.declared, this.options);
      if (classes.length > 1) {
        this.error(source, classes[1], `a file holds one @contract class: '${classes[1].name.text}' is the second one (the first is '${classes[0].name.text}')`);
        continue;
      }
      const entry = result.get(source) ?? { contract: null, events: [], errors: [], scope };
      entry.contract = this.contract(source, classes[0], scope);
      result.set(source, entry);
    }
    return result;
  }

  /** The @errors enums a source declares or imports. */
  errorsVisibleIn(source: AnyNode): ErrorsModel[] {
    return this.visible(source, this.errorsByPath);
  }

  /** The @event classes a source declares or imports. */
  eventsVisibleIn(source: AnyNode): EventModel[] {
    return this.visible(source, this.eventsByPath);
  }

  private visible<T>(source: AnyNode, byPath: Map<string, Map<string, T>>): T[] {
    const out = [...(byPath.get(source.internalPath)?.values() ?? [])];
    for (const st of source.statements as AnyNode[]) {
      if (st.kind !== NodeKind.Import) continue;
      const there = byPath.get(st.internalPath);
      if (!there) continue;
      for (const d of (st.declarations ?? []) as AnyNode[]) {
        const m = there.get(d.foreignName.text);
        if (m && !out.includes(m)) out.push(m);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- @errors

  private errorsEnum(source: AnyNode, node: AnyNode): ErrorsModel | null {
    const members: ErrorsModel["members"] = [];
    let next = 0;
    let ok = true;
    for (const v of node.values as AnyNode[]) {
      const value = v.initializer ? integerValue(v.initializer) : next;
      if (value === null) {
        this.error(source, v, `@errors enum '${node.name.text}': member '${v.name.text}' needs a number (its user error code), not '${textOf(source, v.initializer)}'`);
        ok = false;
        continue;
      }
      if (value < 0 || value > 65535) {
        this.error(source, v, `@errors enum '${node.name.text}': member '${v.name.text}' = ${value} is not a user error code (0..65535: the revert code is 65536 + n)`);
        ok = false;
      }
      members.push({ name: v.name.text, value, description: docCommentBefore(source, v.range.start) });
      next = value + 1;
    }
    return ok ? { enumName: node.name.text, members, source, node } : null;
  }

  // ---------------------------------------------------------------- @event

  private event(source: AnyNode, node: AnyNode, scope: TypeScope): EventModel | null {
    const className = node.name.text as string;
    const options = decoratorOptions(source, findDecorator(node.decorators, "event"));
    if (options === null) {
      this.error(source, node, `@event on '${className}': its argument must be an options object, e.g. @event({ name: "Transfer" })`);
      return null;
    }
    if (node.typeParameters?.length) this.error(source, node, `@event class '${className}' cannot be generic`);
    if (node.extendsType) this.error(source, node, `@event class '${className}' cannot extend another class (its fields are the event's)`);
    let name = className;
    const n = options.get("name");
    if (n) {
      if (n.kind !== "string" || n.value.length === 0) this.error(source, n.node, `@event on '${className}': name must be a non-empty string`);
      else name = n.value;
    }
    this.unknownOptions(source, options, ["name"], `@event on '${className}'`);
    const fields: EventModel["fields"] = [];
    const members = (node.members as AnyNode[])
      .filter((m) => m.kind === NodeKind.FieldDeclaration && !(m.flags & CommonFlags.Static))
      .sort((a, b) => a.range.start - b.range.start);
    let ok = true;
    for (const f of members) {
      if (!f.type) {
        this.error(source, f, `event '${name}': field '${f.name.text}' needs a type annotation`);
        ok = false;
        continue;
      }
      const t = resolveType(f.type, source, scope);
      if (t instanceof TypeProblem) {
        this.error(source, t.node, `event '${name}': field '${f.name.text}' has type '${textOf(source, f.type)}', which has no CL type: ${t.message}`);
        ok = false;
        continue;
      }
      if (t.nullable) {
        this.error(source, f.type, `event '${name}': field '${f.name.text}' is nullable, which has no CL type (use Option<T>)`);
        ok = false;
        continue;
      }
      fields.push({ name: f.name.text, type: t });
    }
    if (!ok) return null;
    return { className, name, fields, description: docCommentBefore(source, node.range.start), source, node };
  }

  // ---------------------------------------------------------------- @contract

  private unknownOptions(source: AnyNode, options: Map<string, OptionValue>, known: string[], where: string): void {
    for (const [k, v] of options) {
      if (!known.includes(k)) this.error(source, v.node, `${where}: unknown option '${k}' (options: ${known.join(", ")})`);
    }
  }

  private stringOption(source: AnyNode, options: Map<string, OptionValue>, key: string, where: string): string | undefined {
    const v = options.get(key);
    if (v === undefined) return undefined;
    if (v.kind !== "string") {
      this.error(source, v.node, `${where}: '${key}' must be a string literal`);
      return undefined;
    }
    return v.value;
  }

  /** A revert code option: a member of an @errors enum (User(n)), an integer, or an expression of the contract's own (a u32). */
  private code(source: AnyNode, v: OptionValue, where: string): CodeExpression | null {
    if (v.kind === "number") {
      if (!Number.isInteger(v.value) || v.value < 1 || v.value > 0xffffffff) {
        this.error(source, v.node, `${where}: ${v.value} is not a revert code (1..4294967295)`);
        return null;
      }
      return { text: String(v.value) };
    }
    if (v.kind !== "code") {
      this.error(source, v.node, `${where}: expected a revert code (a member of an @errors enum, or a number)`);
      return null;
    }
    const node = v.node;
    if (node.kind === NodeKind.PropertyAccess && node.expression.kind === NodeKind.Identifier) {
      const enumName = node.expression.text as string;
      const errors = this.errorsVisibleIn(source).find((e) => e.enumName === enumName);
      if (errors) {
        const member = errors.members.find((m) => m.name === node.property.text);
        if (!member) {
          this.error(source, node, `${where}: @errors enum '${enumName}' has no member '${node.property.text}'`);
          return null;
        }
        return { text: String(65536 + member.value) };
      }
    }
    return { text: `<u32>(${v.text})` };
  }

  private template(source: AnyNode, v: OptionValue, where: string, installArgs: ArgModel[]): NameTemplate | null {
    if (v.kind !== "string" || v.value.length === 0) {
      this.error(source, v.node, `${where}: a named key's name must be a non-empty string (it may use install args as {arg})`);
      return null;
    }
    const parts: NameTemplate = [];
    const re = /\{([^{}]*)\}/g;
    let at = 0;
    for (let m = re.exec(v.value); m; m = re.exec(v.value)) {
      if (m.index > at) parts.push({ kind: "text", text: v.value.slice(at, m.index) });
      const arg = installArgs.find((a) => a.name === m![1]);
      if (!arg) {
        this.error(source, v.node, `${where}: '{${m[1]}}' names no install arg (the constructor's parameters: ${installArgs.map((a) => a.name).join(", ") || "none"})`);
        return null;
      }
      if (arg.type.cl.kind !== "String" || arg.presence !== "required") {
        this.error(source, v.node, `${where}: '{${m[1]}}' must be a required string install arg`);
        return null;
      }
      parts.push({ kind: "arg", arg: m[1] });
      at = m.index + m[0].length;
    }
    if (at < v.value.length) parts.push({ kind: "text", text: v.value.slice(at) });
    return parts;
  }

  private contract(source: AnyNode, node: AnyNode, scope: TypeScope): ContractModel | null {
    const className = node.name.text as string;
    const where = `@contract class '${className}'`;
    if (!isEntrySource(source)) {
      this.error(source, node, `${where} must be in the file the build compiles (the contract's entry file): its entry points become that module's exports`);
      return null;
    }
    if (node.flags & CommonFlags.Export) this.error(source, node, `${where} must not be exported: the build exports its entry points and \`call\``);
    if (node.typeParameters?.length) this.error(source, node, `${where} cannot be generic`);
    if (node.extendsType) this.error(source, node, `${where} cannot extend another class`);
    const options = decoratorOptions(source, findDecorator(node.decorators, "contract"));
    if (options === null) {
      this.error(source, node, `${where}: @contract takes one options object, e.g. @contract({ package: "locked" })`);
      return null;
    }
    this.unknownOptions(source, options, ["name", "version", "locked", "keys", "groups", "upgradeError", "init", "args"], where);

    const members = node.members as AnyNode[];
    const ctor = members.find((m) => m.kind === NodeKind.MethodDeclaration && m.name.text === "constructor") ?? null;
    const installArgs: ArgModel[] = [];
    if (ctor) {
      for (const p of ctor.signature.parameters as AnyNode[]) {
        if (p.implicitFieldDeclaration) {
          this.error(source, p, `${where}: constructor parameter '${p.name.text}' declares a field; the constructor's parameters are the install args (declare state fields in the class body)`);
          continue;
        }
        const a = this.arg(source, p, scope, `the constructor (install args) of '${className}'`);
        if (a) installArgs.push(a);
      }
    }

    const installArgOptions = options.get("args");
    if (installArgOptions) this.argOptions(source, installArgOptions, installArgs, `${where} (install args)`);
    const lockedOption = options.get("locked");
    let locked = false;
    if (lockedOption) {
      if (lockedOption.kind !== "bool") this.error(source, lockedOption.node, `${where}: locked must be true (a package that never takes another version) or false`);
      else locked = lockedOption.value;
    }
    const keys: ContractModel["keys"] = {};
    const keysOption = options.get("keys");
    if (keysOption) {
      if (keysOption.kind !== "object") this.error(source, keysOption.node, `${where}: keys must be an object, e.g. { contractHash: "my_contract" }`);
      else {
        this.unknownOptions(source, keysOption.entries, [...INSTALL_KEYS], `${where} keys`);
        for (const k of INSTALL_KEYS) {
          const v = keysOption.entries.get(k);
          if (v) keys[k] = this.template(source, v, `${where} keys.${k}`, installArgs) ?? undefined;
        }
      }
    }
    if (locked && keys.accessURef) this.error(source, node, `${where}: a locked package takes no other version, so there is no upgrade to name an access URef for (drop keys.accessURef, or locked)`);
    if (!keys.contractHash && !keys.packageHash && !keys.contractHashURef) {
      this.warnings.push({ source, node, message: `${where}: the installer names the contract nowhere (no keys.contractHash, packageHash or contractHashURef): it can only be called by the hash in the install's effects` });
    }
    if (keys.accessURef && !keys.packageHash) this.error(source, node, `${where}: keys.accessURef (the upgrade path) needs keys.packageHash, the named package the upgrade adds a version to`);

    const groups = new Map<string, NameTemplate>();
    const groupsOption = options.get("groups");
    if (groupsOption) {
      if (groupsOption.kind !== "object") this.error(source, groupsOption.node, `${where}: groups must be an object { <group label>: "<named key for its URef>" }`);
      else {
        for (const [label, v] of groupsOption.entries) {
          const t = this.template(source, v, `${where} groups.${label}`, installArgs);
          if (t) groups.set(label, t);
        }
      }
    }
    let upgradeCode: CodeExpression = { text: "9" }; // ApiError::UnexpectedKeyVariant
    const uc = options.get("upgradeError");
    if (uc) upgradeCode = this.code(source, uc, `${where} upgradeError`) ?? upgradeCode;

    const fields: FieldModel[] = [];
    for (const m of members) {
      if (m.kind !== NodeKind.FieldDeclaration || m.flags & CommonFlags.Static || m.parameterIndex >= 0) continue;
      const f = this.field(source, m, scope, className);
      if (f) fields.push(f);
    }
    const keyNames = new Map<string, string>();
    for (const f of fields) {
      const other = keyNames.get(f.key);
      if (other !== undefined) this.error(source, f.node, `${where}: fields '${other}' and '${f.member}' are both the named key '${f.key}'`);
      keyNames.set(f.key, f.member);
    }

    const entryPoints: EntryPointModel[] = [];
    for (const m of members) {
      if (m.kind !== NodeKind.MethodDeclaration) continue;
      const d = findDecorator(m.decorators, "entryPoint");
      if (!d) continue;
      const ep = this.entryPoint(source, m, d, scope, className, groups);
      if (ep) entryPoints.push(ep);
    }
    // two entry points with one name, and exports that would clash with the file's own names
    const byName = new Map<string, EntryPointModel>();
    const taken = topLevelNames(source);
    for (const ep of entryPoints) {
      const first = byName.get(ep.name);
      if (first) {
        this.error(source, ep.node, `${where}: two entry points are named '${ep.name}' (methods '${first.method}' and '${ep.method}')`);
        continue;
      }
      byName.set(ep.name, ep);
      if (ep.name === "call") {
        this.error(source, ep.node, `${where}: entry point 'call' would clash with the installer the build exports as \`call\``);
        continue;
      }
      const clash = taken.get(ep.name);
      if (clash) this.error(source, ep.node, `${where}: entry point '${ep.name}' is exported as function '${ep.name}', which clashes with the ${clash.what} '${ep.name}' at line ${clash.line}`);
    }
    const callClash = taken.get("call");
    if (callClash) this.error(source, node, `${where}: the build exports the installer as \`call\`, which clashes with the ${callClash.what} 'call' at line ${callClash.line}`);
    const nsClash = taken.get(GENERATED_NAMESPACE);
    if (nsClash) this.error(source, node, `${where}: the name '${GENERATED_NAMESPACE}' is the build's, used at line ${nsClash.line}`);

    let init: EntryPointModel | null = byName.get("init") ?? null;
    const initOption = options.get("init");
    if (initOption) {
      if (initOption.kind === "bool" && !initOption.value) init = null;
      else if (initOption.kind === "string") {
        init = byName.get(initOption.value) ?? null;
        if (!init) this.error(source, initOption.node, `${where}: init names no entry point '${initOption.value}'`);
      } else this.error(source, initOption.node, `${where}: init must be the name of an entry point, or false`);
    }
    if (init) {
      for (const a of init.args) {
        const from = installArgs.find((i) => i.name === a.name);
        if (from) {
          if (JSON.stringify(from.type.cl) !== JSON.stringify(a.type.cl)) {
            this.error(source, a.node, `${where}: init parameter '${a.name}' has type '${a.type.text}' but the install arg '${a.name}' is '${from.type.text}'`);
          }
          continue;
        }
        const wanted: Record<string, string[]> = { package_hash: ["Key", "ByteArray"], contract_hash: ["Key", "ByteArray"] };
        if (a.name in wanted && wanted[a.name].includes(a.type.cl.kind)) continue;
        if (a.presence !== "required") continue;
        this.error(
          source,
          a.node,
          `${where}: the installer calls '${init.name}' but has no value for its parameter '${a.name}': name it like an install arg (${installArgs.map((i) => i.name).join(", ") || "none"}), or package_hash / contract_hash (Key or ContractPackageHash / ContractHash)`,
        );
      }
    }

    const name = this.stringOption(source, options, "name", where) ?? className;
    const version = this.stringOption(source, options, "version", where) ?? "0.1.0";
    return {
      className,
      source,
      node,
      name,
      version,
      description: docCommentBefore(source, node.range.start),
      locked,
      keys,
      groups,
      upgradeCode,
      entryPoints,
      fields,
      installArgs,
      constructorNode: ctor,
      init,
    };
  }

  private field(source: AnyNode, m: AnyNode, scope: TypeScope, className: string): FieldModel | null {
    const member = m.name.text as string;
    const where = `@contract class '${className}': field '${member}'`;
    if (m.initializer) {
      this.error(source, m.initializer, `${where}: a state field takes its value in the constructor or an entry point, not an initializer (it is a named key of the contract)`);
      return null;
    }
    if (!m.type) {
      this.error(source, m, `${where} needs a type`);
      return null;
    }
    let key = member;
    const named = findDecorator(m.decorators, "named");
    if (named) {
      const a = (named.args ?? []) as AnyNode[];
      if (a.length !== 1 || a[0].kind !== NodeKind.Literal || typeof a[0].value !== "string" || a[0].value.length === 0) {
        this.error(source, named, `${where}: @named takes the named key's name, e.g. @named("total_supply")`);
      } else key = a[0].value;
    }
    for (const d of (m.decorators ?? []) as AnyNode[]) {
      const n = decoratorName(d);
      if (n !== "named" && n !== "namedKey") this.error(source, d, `${where}: unknown decorator @${n} (fields take @named and @namedKey)`);
    }
    const readonly = (m.flags & CommonFlags.Readonly) !== 0;
    const typeNode = m.type;
    // Mapping<K, V[, D]>
    if (typeNode.kind === NodeKind.NamedType && !typeNode.name.next) {
      const b = scope.names.get(typeNode.name.identifier.text);
      if (b?.kind === "library" && b.name === "Mapping") {
        const args = (typeNode.typeArguments ?? []) as AnyNode[];
        if (args.length !== 2 && args.length !== 3) {
          this.error(source, typeNode, `${where}: Mapping takes the key and value types, and optionally the item-key derivation: Mapping<K, V> or Mapping<K, V, HashItemKey>`);
          return null;
        }
        const k = resolveType(args[0], source, scope);
        const v = resolveType(args[1], source, scope);
        for (const [t, what] of [[k, "key"], [v, "value"]] as const) {
          if (t instanceof TypeProblem) {
            this.error(source, t.node, `${where}: the Mapping's ${what} type ${t.message}`);
            return null;
          }
        }
        let itemKey = "AutoItemKey";
        if (args.length === 3) {
          const d = args[2];
          const db = d.kind === NodeKind.NamedType && !d.name.next ? scope.names.get(d.name.identifier.text) : undefined;
          if (db?.kind !== "library" || !ITEM_KEYS.has(db.name)) {
            this.error(source, d, `${where}: '${textOf(source, d)}' is not an item-key derivation (${[...ITEM_KEYS].join(", ")})`);
            return null;
          }
          itemKey = db.name;
        }
        if ((k as ResolvedType).nullable || (v as ResolvedType).nullable) {
          this.error(source, typeNode, `${where}: a Mapping's key and value cannot be nullable (use Option<T>)`);
          return null;
        }
        if (itemKey === "TextItemKey" && !["String", "I32", "I64", "U8", "U32", "U64"].includes((k as ResolvedType).cl.kind)) {
          this.error(source, args[2], `${where}: TextItemKey is for string and integer keys; '${(k as ResolvedType).text}' needs Base64ItemKey, HexItemKey or HashItemKey`);
          return null;
        }
        return { kind: "mapping", member, key, keyType: k as ResolvedType, valueType: v as ResolvedType, itemKey, node: m };
      }
    }
    const t = resolveType(typeNode, source, scope);
    if (t instanceof TypeProblem) {
      this.error(source, t.node, `${where}: ${t.message}`);
      return null;
    }
    if (findDecorator(m.decorators, "namedKey")) {
      if (t.cl.kind !== "Key") {
        this.error(source, typeNode, `${where}: a @namedKey field is the named key itself, so its type is Key (or Key | null), not '${t.text}'`);
        return null;
      }
      return { kind: "namedKey", member, key, nullable: t.nullable, readonly, node: m };
    }
    if (t.nullable) {
      this.error(source, typeNode, `${where}: a value field cannot be nullable (use Option<T>, or @namedKey for a Key that may be absent)`);
      return null;
    }
    return { kind: "value", member, key, type: t, readonly, node: m };
  }

  private entryPoint(source: AnyNode, m: AnyNode, d: AnyNode, scope: TypeScope, className: string, groups: Map<string, NameTemplate>): EntryPointModel | null {
    const method = m.name.text as string;
    const options = decoratorOptions(source, d);
    let where = `entry point '${method}'`;
    if (options === null) {
      this.error(source, d, `${where}: @entryPoint takes one options object, e.g. @entryPoint({ type: "caller" })`);
      return null;
    }
    this.unknownOptions(source, options, ["name", "access", "type", "args", "mutable"], where);
    let name = method;
    const n = options.get("name");
    if (n) {
      if (n.kind !== "string" || !IDENTIFIER.test(n.value)) this.error(source, n.node, `${where}: name must be a string that is a valid export name (letters, digits, _ and $)`);
      else name = n.value;
    }
    where = `entry point '${name}'`;
    if (m.flags & CommonFlags.Static) this.error(source, m, `${where}: an entry point is an instance method, not static`);
    if (m.flags & (CommonFlags.Private | CommonFlags.Protected)) this.error(source, m, `${where}: an entry point must be public`);
    if (m.flags & (CommonFlags.Get | CommonFlags.Set)) this.error(source, m, `${where}: an accessor cannot be an entry point`);
    if (m.typeParameters?.length) this.error(source, m, `${where}: an entry point cannot be generic`);
    if (method === "constructor") {
      this.error(source, m, `${where}: the constructor is the installer's, not an entry point`);
      return null;
    }
    const args: ArgModel[] = [];
    let ok = true;
    for (const p of m.signature.parameters as AnyNode[]) {
      const a = this.arg(source, p, scope, where);
      if (a) args.push(a);
      else ok = false;
    }
    const argOptions = options.get("args");
    if (argOptions) this.argOptions(source, argOptions, args, where);
    let ret: ResolvedType | null = null;
    const rt = m.signature.returnType;
    const retText = rt ? textOf(source, rt) : "";
    if (rt && retText !== "void" && retText !== "") {
      const r = resolveType(rt, source, scope);
      if (r instanceof TypeProblem) {
        this.error(source, r.node, `${where}: its return type ${retText === textOf(source, r.node) ? "" : `'${retText}' `}${r.message}`);
        ok = false;
      } else if (r.nullable) {
        this.error(source, rt, `${where}: a nullable return type has no CL type (return Option<T>)`);
        ok = false;
      } else ret = r;
    }
    let access: Access = { kind: "public" };
    const acc = options.get("access");
    if (acc) {
      if (acc.kind === "string" && acc.value === "public") access = { kind: "public" };
      else if (acc.kind === "array" && acc.items.every((i) => i.kind === "string")) {
        const names = acc.items.map((i) => (i as { value: string }).value);
        for (const g of names) {
          if (!groups.has(g)) this.error(source, acc.node, `${where}: access group '${g}' is not declared in @contract({ groups: { ${g}: "<named key for its URef>" } })`);
        }
        access = { kind: "groups", groups: names };
      } else this.error(source, acc.node, `${where}: access must be "public" or a list of user group labels, e.g. ["admin"]`);
    }
    let type: "called" | "caller" = "called";
    const t = options.get("type");
    if (t) {
      if (t.kind === "string" && (t.value === "called" || t.value === "contract")) type = "called";
      else if (t.kind === "string" && (t.value === "caller" || t.value === "session")) type = "caller";
      else this.error(source, t.node, `${where}: type must be "called" (runs in the contract's context) or "caller" (runs in the caller's context)`);
    }
    let mutable = true;
    const mu = options.get("mutable");
    if (mu) {
      if (mu.kind !== "bool") this.error(source, mu.node, `${where}: mutable must be true or false`);
      else mutable = mu.value;
    }
    if (!ok) return null;
    return { name, method, args, ret, access, type, mutable, description: docCommentBefore(source, m.range.start), node: m };
  }

  /** `args: { <param>: { missing?, invalid? } }` applied to `args` (an entry point's, or the install args). */
  private argOptions(source: AnyNode, argOptions: OptionValue, args: ArgModel[], where: string): void {
    if (argOptions.kind !== "object") {
      this.error(source, argOptions.node, `${where}: args must be an object { <parameter>: { missing?, invalid? } }`);
      return;
    }
    for (const [param, v] of argOptions.entries) {
      const a = args.find((x) => x.name === param);
      if (!a) {
        this.error(source, v.node, `${where}: args names '${param}', which is not one of its parameters (${args.map((x) => x.name).join(", ") || "none"})`);
        continue;
      }
      if (v.kind !== "object") {
        this.error(source, v.node, `${where}: args.${param} must be { missing?: <code>, invalid?: <code> | "absent" }`);
        continue;
      }
      this.unknownOptions(source, v.entries, ["missing", "invalid"], `${where} args.${param}`);
      const missing = v.entries.get("missing");
      if (missing) {
        if (a.presence !== "required") this.error(source, missing.node, `${where}: parameter '${param}' is optional, so it is never missing`);
        else a.missing = this.code(source, missing, `${where} args.${param}.missing`) ?? undefined;
      }
      const invalid = v.entries.get("invalid");
      if (invalid) {
        if (invalid.kind === "string" && invalid.value === "absent") {
          if (a.presence === "required") this.error(source, invalid.node, `${where}: invalid: "absent" is for optional parameters ('${param}' is required)`);
          else a.invalid = "absent";
        } else a.invalid = this.code(source, invalid, `${where} args.${param}.invalid`) ?? undefined;
      }
    }
  }

  private arg(source: AnyNode, p: AnyNode, scope: TypeScope, where: string): ArgModel | null {
    const name = p.name.text as string;
    // ParameterKind: 0 default, 1 optional (`?`, or with an initializer), 2 rest
    if (p.parameterKind === 2 || (p.parameterKind === 1 && !p.initializer)) {
      this.error(source, p, `${where}: parameter '${name}' cannot be optional with '?' or a rest parameter: give it a default value or the type T | null`);
      return null;
    }
    const t = resolveType(p.type, source, scope);
    if (t instanceof TypeProblem) {
      this.error(source, t.node, `${where}: parameter '${name}' has type '${textOf(source, p.type)}', which is not supported: ${t.message}`);
      return null;
    }
    let presence: ArgModel["presence"] = "required";
    let defaultText: string | undefined;
    if (t.nullable) {
      if (p.initializer && p.initializer.kind !== NodeKind.Null) {
        this.error(source, p.initializer, `${where}: parameter '${name}' is nullable: its default can only be null (absent)`);
        return null;
      }
      presence = "nullable";
    } else if (p.initializer) {
      presence = "default";
      defaultText = textOf(source, p.initializer);
      if (/\bthis\b/.test(defaultText)) {
        this.error(source, p.initializer, `${where}: the default of parameter '${name}' cannot use 'this'`);
        return null;
      }
    }
    return { name, type: t, presence, defaultText, node: p };
  }
}

/** The library folder as an internal path relative to `cwd` ("assembly", or "../assembly"...). */
export function libraryPrefixFor(libraryDir: string, cwd: string): string {
  return path.relative(cwd, libraryDir).split(path.sep).join("/");
}
