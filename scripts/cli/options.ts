// A small declarative command-line parser: each subcommand lists its positionals and options, and the
// same list produces its --help. --name value and --name=value both work; a repeatable option
// collects every occurrence; "--" ends the options.

export interface OptionSpec {
  name: string;
  /** Placeholder in help, e.g. "<url>"; absent for a flag (boolean). */
  value?: string;
  description: string;
  repeatable?: boolean;
  default?: string;
}

export interface PositionalSpec {
  name: string;
  description: string;
  required: boolean;
}

export interface CommandSpec {
  name: string;
  summary: string;
  positionals: PositionalSpec[];
  options: OptionSpec[];
  examples: string[];
  notes?: string[];
}

export interface ParsedCommandLine {
  positionals: string[];
  /** Single-valued options: the last value; flags: "true". */
  values: Map<string, string>;
  /** Repeatable options: every value, in order. */
  lists: Map<string, string[]>;
  help: boolean;
}

export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
  }
}

export function parseCommandLine(spec: CommandSpec, argv: string[]): ParsedCommandLine {
  const out: ParsedCommandLine = { positionals: [], values: new Map(), lists: new Map(), help: false };
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (onlyPositionals || !token.startsWith("--") || token === "-") {
      if (!onlyPositionals && token.startsWith("-") && token !== "-" && !/^-\d/.test(token) && token !== "--") {
        if (token === "-h") {
          out.help = true;
          continue;
        }
        throw new UsageError(`unknown option '${token}'`, spec.name);
      }
      out.positionals.push(token);
      continue;
    }
    if (token === "--") {
      onlyPositionals = true;
      continue;
    }
    const eq = token.indexOf("=");
    const name = token.slice(2, eq < 0 ? undefined : eq);
    if (name === "help") {
      out.help = true;
      continue;
    }
    const option = byName.get(name);
    if (!option) throw new UsageError(`unknown option '--${name}'`, spec.name);
    let value: string;
    if (option.value === undefined) {
      if (eq >= 0) throw new UsageError(`--${name} is a flag and takes no value`, spec.name);
      value = "true";
    } else if (eq >= 0) {
      value = token.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) throw new UsageError(`--${name} needs a value ${option.value}`, spec.name);
      value = argv[++i];
    }
    if (option.repeatable) out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
    else out.values.set(name, value);
  }
  if (!out.help) {
    const required = spec.positionals.filter((p) => p.required);
    if (out.positionals.length < required.length) {
      throw new UsageError(`missing ${required.slice(out.positionals.length).map((p) => `<${p.name}>`).join(" ")}`, spec.name);
    }
    if (out.positionals.length > spec.positionals.length) {
      throw new UsageError(`unexpected argument '${out.positionals[spec.positionals.length]}'`, spec.name);
    }
  }
  return out;
}

export function formatHelp(spec: CommandSpec, program = "npm run casper --"): string {
  const usage = [
    program,
    spec.name,
    ...spec.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`)),
    spec.options.length ? "[options]" : "",
  ].filter(Boolean).join(" ");
  const lines = [`${spec.summary}`, "", `Usage: ${usage}`];
  if (spec.positionals.length) {
    lines.push("", "Arguments:");
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(22)} ${p.description}`);
  }
  if (spec.options.length) {
    lines.push("", "Options:");
    for (const o of spec.options) {
      const left = `--${o.name}${o.value ? ` ${o.value}` : ""}`;
      const extra = [o.repeatable ? "repeatable" : "", o.default !== undefined ? `default: ${o.default}` : ""].filter(Boolean).join("; ");
      lines.push(`  ${left.padEnd(22)} ${o.description}${extra ? ` (${extra})` : ""}`);
    }
    lines.push(`  ${"--help".padEnd(22)} show this help`);
  }
  if (spec.notes?.length) lines.push("", ...spec.notes);
  if (spec.examples.length) lines.push("", "Examples:", ...spec.examples.map((e) => `  ${e}`));
  return lines.join("\n");
}
