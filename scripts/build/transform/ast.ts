// Reading AssemblyScript's parser output: the few node shapes the transform looks at, typed loosely
// (the compiler's own classes, from the same module asc runs), with helpers to get a node's text, its
// line, its doc comment, and the literal values of decorator options.
import * as as from "assemblyscript";

// the compiler's enums (declared `const enum` in its typings, real objects at run time)
const runtimeEnums = as as unknown as Record<"NodeKind" | "LiteralKind" | "CommonFlags" | "Token", Record<string, number>>;
export const NodeKind = runtimeEnums.NodeKind;
export const LiteralKind = runtimeEnums.LiteralKind;
export const CommonFlags = runtimeEnums.CommonFlags;
const Token = runtimeEnums.Token;

/** Any parser node (the compiler's classes carry more than their typings say). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNode = any;

export interface Located {
  source: AnyNode;
  node: AnyNode;
}

/** The source text of `node`. */
export function textOf(source: AnyNode, node: AnyNode): string {
  return (source.text as string).slice(node.range.start, node.range.end);
}

/** 1-based line of a position. */
export function lineOf(source: AnyNode, pos: number): number {
  let line = 1;
  const text = source.text as string;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The doc comment (`/** ... *\/`) right before a declaration (before its decorators), as one paragraph
 * of text, or null.
 */
export function docCommentBefore(source: AnyNode, pos: number): string | null {
  const text = source.text as string;
  let i = pos - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  if (i < 1 || text[i] !== "/" || text[i - 1] !== "*") return null;
  const start = text.lastIndexOf("/**", i);
  if (start < 0) return null;
  const body = text
    .slice(start + 3, i - 1)
    .split("\n")
    .map((l) => l.replace(/^\s*\*?\s?/, "").trim())
    .filter((l) => l.length > 0)
    .join(" ")
    .trim();
  return body.length > 0 ? body : null;
}

/** Name of a decorator (`@entryPoint(...)` -> "entryPoint"). */
export function decoratorName(d: AnyNode): string {
  return d.name.kind === NodeKind.Identifier ? (d.name.text as string) : "";
}

export function findDecorator(decorators: AnyNode[] | null, name: string): AnyNode | null {
  return (decorators ?? []).find((d) => decoratorName(d) === name) ?? null;
}

/** A decorator option's value: literals as values, anything else as code (its text). */
export type OptionValue =
  | { kind: "string"; value: string; node: AnyNode }
  | { kind: "number"; value: number; node: AnyNode }
  | { kind: "bool"; value: boolean; node: AnyNode }
  | { kind: "null"; node: AnyNode }
  | { kind: "array"; items: OptionValue[]; node: AnyNode }
  | { kind: "object"; entries: Map<string, OptionValue>; node: AnyNode }
  | { kind: "code"; text: string; node: AnyNode };

export function optionValue(source: AnyNode, node: AnyNode): OptionValue {
  switch (node.kind) {
    case NodeKind.True:
      return { kind: "bool", value: true, node };
    case NodeKind.False:
      return { kind: "bool", value: false, node };
    case NodeKind.Null:
      return { kind: "null", node };
    case NodeKind.Literal:
      switch (node.literalKind) {
        case LiteralKind.String:
          return { kind: "string", value: node.value as string, node };
        case LiteralKind.Integer:
          return { kind: "number", value: Number(node.value), node };
        case LiteralKind.Array:
          return { kind: "array", items: (node.elementExpressions as AnyNode[]).map((e) => optionValue(source, e)), node };
        case LiteralKind.Object: {
          const entries = new Map<string, OptionValue>();
          (node.names as AnyNode[]).forEach((n, i) => entries.set(n.text as string, optionValue(source, node.values[i])));
          return { kind: "object", entries, node };
        }
        default:
          break;
      }
      break;
    default:
      break;
  }
  return { kind: "code", text: textOf(source, node), node };
}

/** The options object of a decorator (`@x({ ... })`), empty without arguments; null when its argument is not an object literal. */
export function decoratorOptions(source: AnyNode, d: AnyNode): Map<string, OptionValue> | null {
  const args = (d.args ?? []) as AnyNode[];
  if (args.length === 0) return new Map();
  if (args.length > 1) return null;
  const v = optionValue(source, args[0]);
  return v.kind === "object" ? v.entries : null;
}

/** The value of an integer literal (also negated), or null. */
export function integerValue(node: AnyNode | null): number | null {
  if (!node) return null;
  if (node.kind === NodeKind.Literal && node.literalKind === LiteralKind.Integer) return Number(node.value);
  if (node.kind === NodeKind.UnaryPrefix && node.operand?.kind === NodeKind.Literal && node.operand.literalKind === LiteralKind.Integer) {
    // Token.Minus
    const v = Number(node.operand.value);
    return node.operator === Token.Minus ? -v : node.operator === Token.Plus ? v : null;
  }
  return null;
}
