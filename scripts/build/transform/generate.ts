// Writes the class form out as the plain AssemblyScript a contract author would write by hand: the
// source is edited in place (fields become accessors over named keys, the constructor a method, @event
// classes get their encoder and CES schema) without moving any line of the author's code, and the
// exports are appended at the end: one function per entry point (args decoded, the method called, its
// result returned) and `call`, the installer. Entry points, event names and schemas are serialized here,
// at build time, into static data.
import path from "node:path";
import { ByteWriter } from "../../../host/bytesrepr/writer.ts";
import { encodeCLType } from "../../../host/bytesrepr/cl-type.ts";
import { encodeEntryPoints, ENTITY_ENTRY_POINTS_2_0, ENTRY_POINTS_1_5, type EntryPoint, type EntryPointFormat } from "../../../host/bytesrepr/entry-points.ts";
import { CLT } from "../../../host/bytesrepr/cl-type.ts";
import { findDecorator, textOf, type AnyNode } from "./ast.ts";
import { GENERATED_NAMESPACE as NS } from "./analyze.ts";
import type { ArgModel, ContractModel, EntryPointModel, EventModel, FieldModel, NameTemplate } from "./model.ts";

export interface Edit {
  start: number;
  end: number;
  text: string;
}

/** Applies edits (non-overlapping) to `text`; each replaced span's line breaks are kept so no line moves. */
export function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) {
    const lines = (text.slice(e.start, e.end).match(/\n/g) ?? []).length;
    out = out.slice(0, e.start) + e.text + "\n".repeat(lines) + out.slice(e.end);
  }
  return out;
}

/** The import path of the generated-code facade from `sourceFile` (absolute). */
export function generatedImportPath(sourceFile: string, libraryDir: string): string {
  let rel = path.relative(path.dirname(sourceFile), path.join(libraryDir, "contract", "generated")).split(path.sep).join("/");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return rel;
}

const bytesLiteral = (b: Uint8Array) => `memory.data<u8>([${[...b].join(", ")}])`;
const quote = (s: string) => JSON.stringify(s);

/**
 * The names the generated code hands the host (args, named keys, entry points), pre-encoded here as
 * static data in the form nameBytes makes ([u32 length][UTF-8]): one constant per distinct name.
 */
export class NameTable {
  private readonly names = new Map<string, string>();

  /** The identifier of `name`'s static bytes. */
  ref(name: string): string {
    let id = this.names.get(name);
    if (id === undefined) {
      id = `${NS}_n${this.names.size}`;
      this.names.set(name, id);
    }
    return id;
  }

  /** The bytes of each name, for the static-names pass (no pointers in them). */
  blobs(): Uint8Array[] {
    return [...this.names.keys()].map(stringBytes);
  }

  declarations(): string[] {
    return [...this.names].map(([name, id]) => `@lazy const ${id}: usize = ${bytesLiteral(stringBytes(name))}; // ${JSON.stringify(name)}`);
  }
}
const stripNull = (text: string) => text.replace(/\s*\|\s*null\s*$/, "");

/** The static bytes of a String (u32 length + UTF-8). */
function stringBytes(s: string): Uint8Array {
  return new ByteWriter().string(s).toBytes();
}

// ------------------------------------------------------------------------------------------ events

/** The CES bytes of an event's name: String "event_<Name>". */
export function eventNameBytes(e: EventModel): Uint8Array {
  return stringBytes(`event_${e.name}`);
}

/** [u32 length][String name][u32 count][(String field, CLType)...]: the event's entry of __events_schema. */
export function eventSchemaBlob(e: EventModel): Uint8Array {
  const w = new ByteWriter();
  w.string(e.name).u32(e.fields.length);
  for (const f of e.fields) w.string(f.name).raw(encodeCLType(f.type.cl));
  const blob = w.toBytes();
  return new ByteWriter().u32(blob.length).raw(blob).toBytes();
}

/** Edits that give an @event class its encoder and schema. */
export function eventEdits(e: EventModel): Edit[] {
  const node = e.node;
  const edits: Edit[] = [];
  if (!findDecorator(node.decorators, "unmanaged")) {
    // before the first decorator: decorators come before `export`
    edits.push({ start: node.range.start, end: node.range.start, text: "@unmanaged " });
  }
  const name = eventNameBytes(e);
  const fields = e.fields.map((f) => `${NS}.encode<${f.type.text}>(w, this.${f.name});`).join(" ");
  const closing = node.range.end - 1; // the class's closing brace
  edits.push({
    start: closing,
    end: closing,
    text:
      ` encode(w: ${NS}.Writer): void { w.bytes(${bytesLiteral(name)}, ${name.length}); ${fields} }` +
      ` casperEventSchema(): usize { return ${bytesLiteral(eventSchemaBlob(e))}; } `,
  });
  return edits;
}

// ------------------------------------------------------------------------------------------ contract

/**
 * The entry points as casper-types serializes them (sorted by name), what `call` hands the host:
 * casper_add_contract_version's (1.5 EntryPoints), or with ENTITY_ENTRY_POINTS_2_0 what a 2.x build hands
 * add_contract_version_with_message_topics (each entry point followed by EntryPointPayment::Caller).
 */
export function entryPointsBytes(c: ContractModel, format: EntryPointFormat = ENTRY_POINTS_1_5): Uint8Array {
  const eps: EntryPoint[] = c.entryPoints.map((ep) => ({
    name: ep.name,
    args: ep.args.map((a) => ({ name: a.name, clType: a.type.cl })),
    ret: ep.ret?.cl ?? CLT.Unit,
    access: ep.access.kind === "public" ? { kind: "Public" } : { kind: "Groups", groups: ep.access.groups },
    entryPointType: ep.type === "called" ? "Contract" : "Session",
  }));
  return encodeEntryPoints(eps, format);
}

const slotName = (f: FieldModel) => `${NS}_slot_${f.member}`;

function slotExpression(f: FieldModel, names: NameTable): string {
  return `${NS}.slotAt(${slotName(f)}, ${names.ref(f.key)})`;
}

/** The accessors replacing a state field's declaration, on one line. */
function fieldAccessors(c: ContractModel, f: FieldModel, names: NameTable): string {
  const source = c.source;
  switch (f.kind) {
    case "value": {
      const t = f.type.text;
      const get = `get ${f.member}(): ${t} { return ${NS}.readField<${t}>(${slotExpression(f, names)}); }`;
      const set = f.readonly ? "" : ` set ${f.member}(value: ${t}) { ${NS}.writeField<${t}>(${slotExpression(f, names)}, value); }`;
      return get + set;
    }
    case "namedKey": {
      const name = names.ref(f.key);
      if (f.nullable) {
        const get = `get ${f.member}(): ${NS}.Key | null { return ${NS}.readOptionalNamedKeyField(${name}); }`;
        const set = f.readonly ? "" : ` set ${f.member}(key: ${NS}.Key | null) { ${NS}.writeOptionalNamedKeyField(${name}, key); }`;
        return get + set;
      }
      const get = `get ${f.member}(): ${NS}.Key { return ${NS}.readNamedKeyField(${name}); }`;
      const set = f.readonly ? "" : ` set ${f.member}(key: ${NS}.Key) { ${NS}.writeNamedKeyField(${name}, key); }`;
      return get + set;
    }
    case "mapping": {
      const typeNode = f.node.type;
      const args = typeNode.typeArguments as AnyNode[];
      const mapping = textOf(source, typeNode.name);
      const d = args.length === 3 ? textOf(source, args[2]) : `${NS}.${f.itemKey}`;
      const t = `${mapping}<${textOf(source, args[0])}, ${textOf(source, args[1])}, ${d}>`;
      return `get ${f.member}(): ${t} { return changetype<${t}>(${slotExpression(f, names)}); }`;
    }
  }
}

/** The expression reading one arg, as its declaration says. */
function argExpression(a: ArgModel, names: NameTable): string {
  const name = names.ref(a.name);
  const invalid = a.invalid === "absent" ? `${NS}.ARG_ABSENT` : a.invalid ? a.invalid.text : "3";
  switch (a.presence) {
    case "required":
      if (!a.missing && !a.invalid) return `${NS}.namedArg<${a.type.text}>(${name})`;
      return `${NS}.argWithCodesAt<${a.type.text}>(${name}, ${a.missing?.text ?? "2"}, ${invalid})`;
    case "nullable":
      return `${NS}.optionalArgAt<${stripNull(a.type.text)}>(${name}, ${invalid})`;
    case "default":
      return `${NS}.argOrAt<${a.type.text}>(${name}, ${a.defaultText}, ${invalid})`;
  }
}

/** An entry point's export: its args read in order, the method called, its result returned. */
function entryPointFunction(c: ContractModel, ep: EntryPointModel, names: NameTable): string {
  const lines = ep.args.map((a, i) => `  const ${NS}_a${i} = ${argExpression(a, names)};`);
  const call = `changetype<${c.className}>(0).${ep.method}(${ep.args.map((_, i) => `${NS}_a${i}`).join(", ")})`;
  lines.push(ep.ret ? `  ${NS}.ret<${ep.ret.text}>(${call});` : `  ${call};`);
  return `export function ${ep.name}(): void {\n${lines.join("\n")}\n}`;
}

/** A named key's name in the installer: a literal, or literal parts joined with install args. */
function templateExpression(t: NameTemplate | undefined, argLocal: (name: string) => string, names: NameTable): string {
  if (!t) return "0";
  if (t.length === 1 && t[0].kind === "text") return names.ref(t[0].text);
  let w = `${NS}.nameStart()`;
  for (const p of t) w = p.kind === "text" ? `${NS}.nameText(${w}, ${names.ref(p.text)})` : `${NS}.nameArg(${w}, ${argLocal(p.arg)})`;
  return `${NS}.nameEnd(${w})`;
}

function templateArgs(t: NameTemplate | undefined): string[] {
  return (t ?? []).filter((p) => p.kind === "arg").map((p) => (p as { arg: string }).arg);
}

/** `call`: upgrade when the access key is held, else install (constructor, package, version, keys, init). */
function installer(c: ContractModel, epLength: number, entityLength: number, names: NameTable): string {
  // a 2.x build (CASPER_2X, set by the build for protocol 2.0.0) installs through
  // add_contract_version_with_message_topics with the 2.0 entry points; the other branch is not compiled
  const eps = `(${NS}.CASPER_2X ? ${NS}_entity_entry_points : ${NS}_entry_points)`;
  const epsLength = `(${NS}.CASPER_2X ? ${entityLength} : ${epLength})`;
  const local = (name: string) => `${NS}_a${c.installArgs.findIndex((a) => a.name === name)}`;
  const lines: string[] = [];
  const read = new Set<string>();
  const readArg = (a: ArgModel) => {
    if (read.has(a.name)) return;
    read.add(a.name);
    lines.push(`  const ${local(a.name)} = ${argExpression(a, names)};`);
  };
  const keys = c.keys;
  // the account's key names: made once (a name built from install args costs code each time)
  const keyName = new Map<NameTemplate | undefined, string>([[undefined, "0"]]);
  const nameKeys = () => {
    for (const [i, t] of [keys.accessURef, keys.packageHash, keys.contractHash, keys.contractVersion, keys.contractHashURef].entries()) {
      if (!t || keyName.has(t)) continue;
      if (t.length === 1 && t[0].kind === "text") keyName.set(t, names.ref(t[0].text));
      else {
        lines.push(`  const ${NS}_k${i} = ${templateExpression(t, local, names)};`);
        keyName.set(t, `${NS}_k${i}`);
      }
    }
  };
  const key = (t: NameTemplate | undefined) => keyName.get(t)!;
  if (keys.accessURef) {
    // the upgrade needs only the args that make up the key names: read them first
    const needed = new Set([keys.accessURef, keys.packageHash, keys.contractHash, keys.contractVersion, keys.contractHashURef].flatMap(templateArgs));
    for (const a of c.installArgs) if (needed.has(a.name)) readArg(a);
    nameKeys();
    lines.push(
      `  if (${NS}.hasKeyNamed(${key(keys.accessURef)})) {`,
      `    ${NS}.upgrade(${key(keys.packageHash)}, ${key(keys.contractHash)}, ${key(keys.contractVersion)}, ${key(keys.contractHashURef)}, ${eps}, ${epsLength}, ${c.upgradeCode.text});`,
      `    return;`,
      `  }`,
    );
  }
  for (const a of c.installArgs) readArg(a);
  nameKeys();
  lines.push(`  ${NS}.beginInstall();`);
  for (const f of c.fields) if (f.kind === "mapping") lines.push(`  ${NS}.createDictionary(${slotExpression(f, names)});`);
  if (c.constructorNode) lines.push(`  changetype<${c.className}>(0).${NS}_construct(${c.installArgs.map((a) => local(a.name)).join(", ")});`);
  lines.push(
    `  const ${NS}_named = ${NS}.endInstall();`,
    `  const ${NS}_pkg = ${NS}.createPackage(${c.locked});`,
    `  const ${NS}_hash = ${NS}.packageHashOf(${NS}_pkg);`,
  );
  if (keys.packageHash) lines.push(`  ${NS}.putKeyNamed(${key(keys.packageHash)}, ${NS}.Key.packageHash(${NS}_hash));`);
  if (keys.accessURef) lines.push(`  ${NS}.putKeyNamed(${key(keys.accessURef)}, ${NS}.Key.uref(${NS}.accessURefOf(${NS}_pkg)));`);
  for (const [label, t] of c.groups) lines.push(`  ${NS}.createGroup(${NS}_hash, ${names.ref(label)}, ${templateExpression(t, local, names)});`);
  lines.push(
    `  const ${NS}_added = ${NS}.CASPER_2X`,
    `    ? ${NS}.addEntityVersion(${NS}_hash, ${NS}_entity_entry_points, ${entityLength}, ${NS}_named, ${NS}.endTopics())`,
    `    : ${NS}.addVersion(${NS}_hash, ${NS}_entry_points, ${epLength}, ${NS}_named);`,
    `  ${NS}.nameInstalled(${NS}_added, ${key(keys.contractHash)}, ${key(keys.contractVersion)}, ${key(keys.contractHashURef)});`,
  );
  if (c.init) {
    lines.push(`  const ${NS}_init = new ${NS}.RuntimeArgs();`);
    for (const a of c.init.args) {
      const from = c.installArgs.find((i) => i.name === a.name);
      const name = names.ref(a.name);
      if (from) {
        if (from.presence === "nullable") lines.push(`  if (changetype<usize>(${local(a.name)}) != 0) ${NS}_init.insertNamed<${stripNull(from.type.text)}>(${name}, ${local(a.name)});`);
        else lines.push(`  ${NS}_init.insertNamed<${from.type.text}>(${name}, ${local(a.name)});`);
      } else if (a.name === "package_hash") {
        lines.push(
          a.type.cl.kind === "Key"
            ? `  ${NS}_init.insertNamed<${NS}.Key>(${name}, ${NS}.Key.packageHash(${NS}_hash));`
            : `  ${NS}_init.insertNamed<${a.type.text}>(${name}, ${NS}_hash);`,
        );
      } else if (a.name === "contract_hash") {
        lines.push(
          a.type.cl.kind === "Key"
            ? `  ${NS}_init.insertNamed<${NS}.Key>(${name}, ${NS}.Key.hash(${NS}.contractHashOf(${NS}_added)));`
            : `  ${NS}_init.insertNamed<${a.type.text}>(${name}, ${NS}.contractHashOf(${NS}_added));`,
        );
      }
    }
    lines.push(`  ${NS}.callContractNamed<${NS}.Unit>(${NS}.contractHashOf(${NS}_added), ${names.ref(c.init.name)}, ${NS}_init);`);
  }
  return `export function call(): void {\n${lines.join("\n")}\n}`;
}

/** The edits of the contract class (fields, constructor) and the code appended to its file. */
export function contractEdits(c: ContractModel): { edits: Edit[]; appended: string; entryPoints: Uint8Array; entityEntryPoints: Uint8Array; names: Uint8Array[] } {
  const source = c.source;
  const text = source.text as string;
  const edits: Edit[] = [];
  const names = new NameTable();
  for (const f of c.fields) {
    let end = f.node.range.end;
    if (text[end] === ";") end++;
    edits.push({ start: f.node.range.start, end, text: fieldAccessors(c, f, names) });
  }
  if (c.constructorNode) {
    const ctor = c.constructorNode;
    edits.push({ start: ctor.name.range.start, end: ctor.name.range.end, text: `${NS}_construct` });
    // `: void` after the parameter list
    let close = ctor.body.range.start - 1;
    while (close > 0 && text[close] !== ")") close--;
    edits.push({ start: close + 1, end: close + 1, text: ": void" });
  }
  const entryPoints = entryPointsBytes(c);
  const entityEntryPoints = entryPointsBytes(c, ENTITY_ENTRY_POINTS_2_0);
  const functions = [...c.entryPoints.map((ep) => entryPointFunction(c, ep, names)), installer(c, entryPoints.length, entityEntryPoints.length, names)];
  const parts = [
    `// ---- generated by the casper-as build (scripts/build/transform) from @contract class ${c.className} ----`,
    `@lazy const ${NS}_entry_points: usize = ${bytesLiteral(entryPoints)};`,
    `@lazy const ${NS}_entity_entry_points: usize = ${bytesLiteral(entityEntryPoints)};`,
    ...names.declarations(),
    ...c.fields.filter((f) => f.kind !== "namedKey").map((f) => `@lazy const ${slotName(f)}: usize = memory.data(8);`),
    ...functions,
  ];
  return { edits, appended: parts.join("\n"), entryPoints, entityEntryPoints, names: names.blobs() };
}
