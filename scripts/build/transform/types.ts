// Which CL type an AssemblyScript type written in a contract stands for, read from the source before
// the compiler resolves anything: built-in number types, the library's CL types (known by the name they
// are exported under, whatever the contract imports them as), their generics, and the contract's own
// type aliases. It must agree with assembly/bytes/codec.ts writeCLType, which encodes the values: the
// tests compare the two for every type here.
import { clByteArray, clList, clMap, clOption, clResult, clTuple1, clTuple2, clTuple3, CLT, type CLType } from "../../../host/bytesrepr/cl-type.ts";
import { NodeKind, textOf, type AnyNode } from "./ast.ts";

/** What a name in a contract's source refers to, as far as types go. */
export type TypeBinding =
  | { kind: "library"; name: string }
  | { kind: "alias"; node: AnyNode; source: AnyNode }
  | { kind: "event"; name: string }
  | { kind: "enum"; name: string }
  | { kind: "class"; name: string };

export interface TypeScope {
  /** local name -> what it is */
  names: Map<string, TypeBinding>;
  /** local names of namespace imports of the library (`import * as lib from "../index"`) */
  libraryNamespaces: Set<string>;
}

export interface ResolvedType {
  cl: CLType;
  /** the type as written (for generated code) */
  text: string;
  /** `T | null` */
  nullable: boolean;
}

export class TypeProblem {
  constructor(readonly message: string, readonly node: AnyNode) {}
}

const NATIVE: Record<string, CLType> = {
  bool: CLT.Bool,
  i32: CLT.I32,
  i64: CLT.I64,
  u8: CLT.U8,
  u32: CLT.U32,
  u64: CLT.U64,
  string: CLT.String,
};

const NATIVE_WITHOUT_CL_TYPE = new Set(["i8", "i16", "u16", "f32", "f64", "isize", "usize", "v128", "void", "never", "auto", "number"]);

/** The library's CL types, by exported name, and how many type arguments each takes. */
const LIBRARY_SIMPLE: Record<string, CLType> = {
  U128: CLT.U128,
  U256: CLT.U256,
  U512: CLT.U512,
  Unit: CLT.Unit,
  Key: CLT.Key,
  URef: CLT.URef,
  PublicKey: CLT.PublicKey,
  AccountHash: clByteArray(32),
  ContractHash: clByteArray(32),
  ContractPackageHash: clByteArray(32),
  NamedKeys: clMap(CLT.String, CLT.Key),
};

const LIBRARY_GENERIC: Record<string, number> = { Option: 1, List: 1, Map: 2, Result: 2, Tuple1: 1, Tuple2: 2, Tuple3: 3 };

const HINT = "CL types: bool, i32, i64, u8, u32, u64, string, U128, U256, U512, Unit, Key, URef, PublicKey, AccountHash, ContractHash, ContractPackageHash, Option<T>, List<T>, Map<K, V>, Result<T, E>, Tuple1..3";

/** The CL type of a type node, or a TypeProblem naming what is not a CL type. */
export function resolveType(node: AnyNode, source: AnyNode, scope: TypeScope, depth = 0): ResolvedType | TypeProblem {
  const text = textOf(source, node);
  if (depth > 40) return new TypeProblem(`type '${text}' nests too deep`, node);
  if (node.kind !== NodeKind.NamedType) return new TypeProblem(`'${text}' has no CL type (${HINT})`, node);
  const nullable = node.isNullable as boolean;
  const parts: string[] = [];
  for (let n = node.name; n; n = n.next) parts.push(n.identifier.text as string);
  let name: string;
  let binding: TypeBinding | undefined;
  if (parts.length === 2 && scope.libraryNamespaces.has(parts[0])) {
    name = parts[1];
    binding = { kind: "library", name };
  } else if (parts.length === 1) {
    name = parts[0];
    binding = scope.names.get(name);
  } else {
    return new TypeProblem(`'${text}' has no CL type (${HINT})`, node);
  }
  const args = (node.typeArguments ?? []) as AnyNode[];
  const wrap = (cl: CLType): ResolvedType => ({ cl, text, nullable });

  if (!binding) {
    if (name in NATIVE && args.length === 0) return wrap(NATIVE[name]);
    if (NATIVE_WITHOUT_CL_TYPE.has(name)) return new TypeProblem(`'${name}' has no CL type (${HINT})`, node);
    return new TypeProblem(`'${text}' is not a CL type the build knows: import it from the casper-as library or use one of the ${HINT}`, node);
  }
  switch (binding.kind) {
    case "alias": {
      const r = resolveType(binding.node, binding.source, scope, depth + 1);
      return r instanceof TypeProblem ? r : { cl: r.cl, text, nullable: nullable || r.nullable };
    }
    case "event":
      return new TypeProblem(`'${name}' is an @event class, which has no CL type (events are emitted, not passed as values)`, node);
    case "enum":
      return new TypeProblem(`'${name}' is an enum (an i32 in AssemblyScript), which has no CL type here: use u8 or u32 and the enum's values`, node);
    case "class":
      return new TypeProblem(`'${name}' has no CL type the build knows (${HINT})`, node);
    case "library":
      break;
  }
  const libName = binding.name;
  if (libName in LIBRARY_SIMPLE) {
    if (args.length > 0) return new TypeProblem(`'${text}': ${libName} takes no type arguments`, node);
    return wrap(LIBRARY_SIMPLE[libName]);
  }
  if (libName in LIBRARY_GENERIC) {
    const want = LIBRARY_GENERIC[libName];
    if (args.length !== want) return new TypeProblem(`'${text}': ${libName} takes ${want} type argument${want > 1 ? "s" : ""}`, node);
    const inner: CLType[] = [];
    for (const a of args) {
      const r = resolveType(a, source, scope, depth + 1);
      if (r instanceof TypeProblem) return r;
      if (r.nullable) return new TypeProblem(`'${textOf(source, a)}' inside '${text}': a nullable type has no CL type (use Option<T>)`, a);
      inner.push(r.cl);
    }
    switch (libName) {
      case "Option":
        return wrap(clOption(inner[0]));
      case "List":
        return wrap(clList(inner[0]));
      case "Map":
        return wrap(clMap(inner[0], inner[1]));
      case "Result":
        return wrap(clResult(inner[0], inner[1]));
      case "Tuple1":
        return wrap(clTuple1(inner[0]));
      case "Tuple2":
        return wrap(clTuple2(inner[0], inner[1]));
      default:
        return wrap(clTuple3(inner[0], inner[1], inner[2]));
    }
  }
  if (libName === "ByteArray") {
    return new TypeProblem(`'ByteArray' has a run-time length, so no CL type of its own: use AccountHash, ContractHash, ContractPackageHash (ByteArray(32)) or List<u8>`, node);
  }
  return new TypeProblem(`'${text}' (${libName} of the casper-as library) has no CL type (${HINT})`, node);
}

/** A type in the casper-contract-schema JSON: "U8", {"Option": T}, {"Map": {"key": K, "value": V}}, ... */
export type SchemaType = string | { [variant: string]: unknown };

/** The casper-contract-schema JSON of a CL type (its NamedCLType serialization, casper-contract-schema src/ty.rs). */
export function schemaType(t: CLType): SchemaType {
  switch (t.kind) {
    case "Option":
      return { Option: schemaType(t.inner) };
    case "List":
      return { List: schemaType(t.inner) };
    case "ByteArray":
      return { ByteArray: t.size };
    case "Result":
      return { Result: { ok: schemaType(t.ok), err: schemaType(t.err) } };
    case "Map":
      return { Map: { key: schemaType(t.key), value: schemaType(t.value) } };
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      return { [t.kind]: t.items.map(schemaType) };
    default:
      return t.kind;
  }
}
