// `casper-as init <dir> [--template <name>] [--from <spec>] [--install]`: a new contract project from
// templates/ (see templates/README.md): package.json, asconfig.json, a contract, its vitest test on the
// local engine, .gitignore (keys and build output ignored) and a README with the two commands
// `npm install && npm start` and `npm test`. Refuses a folder that is not empty.
//
// The project depends on casper-as as `--from` says: a version range, a tarball (`npm pack`'s .tgz) or a
// folder (file:); by default the version running now.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { TOOLKIT_ROOT } from "./build/paths.ts";
import { formatHelp, parseCommandLine, UsageError, type CommandSpec } from "./cli/options.ts";
import { PROJECT_DEV_DEPENDENCIES, projectLockfile, toolkitLock } from "./init/lockfile.ts";

export const TEMPLATES_DIR = path.join(TOOLKIT_ROOT, "templates");


export interface TemplateInfo {
  readonly name: string;
  readonly summary: string;
  /** the contract's fixed name (default: the project's name in snake case) */
  readonly contract?: string;
  /** project path -> toolkit path of a file taken from the toolkit itself */
  readonly sources?: Readonly<Record<string, string>>;
  /** text replaced in those files (e.g. an import of a file the template replaces) */
  readonly rewrite?: Readonly<Record<string, string>>;
  /** dev dependencies besides the common ones (at the toolkit's versions) */
  readonly devDependencies?: readonly string[];
  /** npm scripts besides the common ones */
  readonly scripts?: Readonly<Record<string, string>>;
}

export function listTemplates(): TemplateInfo[] {
  return readdirSync(TEMPLATES_DIR)
    .filter((d) => existsSync(path.join(TEMPLATES_DIR, d, "template.json")))
    .sort()
    .map((name) => ({ name, ...(JSON.parse(readFileSync(path.join(TEMPLATES_DIR, name, "template.json"), "utf8")) as Omit<TemplateInfo, "name">) }));
}

/** Every dev dependency a template may give a project: what the packed toolkit's lock must cover. */
export function templatesDevDependencies(): string[] {
  return [...new Set([...PROJECT_DEV_DEPENDENCIES, ...listTemplates().flatMap((t) => t.devDependencies ?? [])])];
}

export const spec: CommandSpec = {
  name: "init",
  summary: "Create a contract project: package.json, asconfig.json, a contract, its test on the local engine, .gitignore, README.",
  positionals: [{ name: "dir", description: "the project's folder (created; it must be empty if it exists); its name is the package's", required: false }],
  options: [
    { name: "template", value: "<name>", description: "what to start from (--list shows them)", default: "empty" },
    { name: "list", description: "list the templates" },
    { name: "from", value: "<spec>", description: "how the project depends on casper-as: a version range, a .tgz from npm pack, or a folder", default: "this version" },
    { name: "install", description: "run npm install in the new project (from npm's cache when it can: --prefer-offline)" },
  ],
  examples: ["npx casper-as init my-token", "npx casper-as init my-session --template session", "npx casper-as init --list"],
};

/** `my-token` -> `my_token`: a contract name (letters, digits, _), as Casper contracts are named. */
export function contractName(project: string): string {
  const name = project.replace(/^@[^/]+\//, "").replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "").toLowerCase();
  if (!/^[a-z]/.test(name)) throw new UsageError(`'${project}' does not make a contract name (it must start with a letter)`, "init");
  return name;
}

/** The tarball `--from` names, absolute, if it names one. */
function tarballOf(from: string | undefined): string | undefined {
  if (from === undefined) return undefined;
  const local = from.startsWith("file:") ? from.slice(5) : from;
  return local.endsWith(".tgz") ? path.resolve(local) : undefined;
}

function toolkitPackage(): { name: string; version: string; devDependencies: Record<string, string>; dependencies: Record<string, string>; bin?: Record<string, string>; engines?: Record<string, string> } {
  return JSON.parse(readFileSync(path.join(TOOLKIT_ROOT, "package.json"), "utf8"));
}

/** The dependency spec of `--from`: a tarball or a folder becomes a path relative to the project. */
function dependencySpec(from: string | undefined, projectDir: string): string {
  if (from === undefined) return `^${toolkitPackage().version}`;
  const local = from.startsWith("file:") ? from.slice(5) : from;
  if (local.endsWith(".tgz") || local.startsWith(".") || path.isAbsolute(local)) {
    const abs = path.resolve(local);
    if (!existsSync(abs)) throw new UsageError(`--from ${from}: ${abs} does not exist`, "init");
    const rel = path.relative(projectDir, abs).split(path.sep).join("/");
    return `file:${rel.startsWith(".") ? rel : `./${rel}`}`;
  }
  return from;
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (m, key: string) => values[key] ?? m);
}

function copyTree(from: string, to: string, values: Record<string, string>, written: string[], root: string): void {
  for (const entry of readdirSync(from)) {
    if (entry === "template.json") continue;
    const source = path.join(from, entry);
    // npm leaves .gitignore files out of packages: the template's is `gitignore`
    const name = entry === "gitignore" ? ".gitignore" : entry.replace(/__contract__/g, values.contract);
    const target = path.join(to, name);
    if (statSync(source).isDirectory()) {
      copyTree(source, target, values, written, root);
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, fill(readFileSync(source, "utf8"), values));
    written.push(path.relative(root, target));
  }
}

export interface CreatedProject {
  readonly dir: string;
  readonly contract: string;
  readonly files: readonly string[];
}

/** Writes the project (see the file comment). */
export function createProject(dirArg: string, options: { template?: string; from?: string } = {}): CreatedProject {
  const dir = path.resolve(dirArg);
  const project = path.basename(dir);
  const templateName = options.template ?? "empty";
  const template = listTemplates().find((t) => t.name === templateName);
  if (!template) throw new UsageError(`no template '${templateName}' (templates: ${listTemplates().map((t) => t.name).join(", ")})`, "init");
  if (!/^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(project)) {
    throw new UsageError(`'${project}' is not a package name (lower case letters, digits, - . _ ~)`, "init");
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`${dir} is not empty: init writes a new project into an empty or new folder`, "init");
  const contract = template.contract ?? contractName(project);
  const values = { project, contract, template: template.name };
  const written: string[] = [];
  mkdirSync(dir, { recursive: true });
  copyTree(path.join(TEMPLATES_DIR, "common"), dir, values, written, dir);
  copyTree(path.join(TEMPLATES_DIR, template.name), dir, values, written, dir);
  for (const [to, from] of Object.entries(template.sources ?? {})) {
    const target = path.join(dir, to.replace(/__contract__/g, contract));
    mkdirSync(path.dirname(target), { recursive: true });
    // the toolkit's own contracts import the API by path; a project imports the package
    let text = readFileSync(path.join(TOOLKIT_ROOT, from), "utf8").replace(/from "(\.\.\/)+index"/g, 'from "casper-as/assembly"');
    for (const [was, now] of Object.entries(template.rewrite ?? {})) text = text.split(was).join(now);
    writeFileSync(target, text);
    written.push(path.relative(dir, target));
  }
  const toolkit = toolkitPackage();
  const pinned = (name: string) => toolkit.devDependencies[name] ?? toolkit.dependencies[name];
  const pkg = {
    name: project,
    version: "0.1.0",
    private: true,
    type: "module",
    description: `A Casper contract in AssemblyScript (casper-as template ${template.name})`,
    scripts: {
      build: "casper-as build",
      start: "casper-as build && casper-as gas",
      test: "casper-as test",
      gas: "casper-as gas",
      node: "casper-as node",
      casper: "casper-as",
      ...template.scripts,
    },
    devDependencies: {
      "casper-as": dependencySpec(options.from, dir),
      ...Object.fromEntries([...PROJECT_DEV_DEPENDENCIES, ...(template.devDependencies ?? [])].map((d) => [d, pinned(d)]).filter(([, v]) => v !== undefined)),
    },
  };
  writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  written.push("package.json");
  const tarball = tarballOf(options.from);
  if (tarball) {
    // the toolkit's tested versions, installable offline from npm's cache (init/lockfile.ts)
    const lock = projectLockfile({
      name: project,
      version: pkg.version,
      devDependencies: pkg.devDependencies,
      tarball,
      tarballSpec: pkg.devDependencies["casper-as"],
      toolkit: { version: toolkit.version, dependencies: toolkit.dependencies, bin: toolkit.bin, engines: toolkit.engines },
      packages: toolkitLock(TOOLKIT_ROOT, templatesDevDependencies()),
    });
    writeFileSync(path.join(dir, "package-lock.json"), `${JSON.stringify(lock, null, 2)}\n`);
    written.push("package-lock.json");
  }
  return { dir, contract, files: written.sort() };
}

export async function main(argv: string[]): Promise<number> {
  try {
    const p = parseCommandLine(spec, argv);
    if (p.help) {
      console.log(formatHelp(spec, "casper-as"));
      return 0;
    }
    if (p.values.has("list")) {
      for (const t of listTemplates()) console.log(`${t.name.padEnd(14)} ${t.summary}`);
      return 0;
    }
    const dirArg = p.positionals[0];
    if (dirArg === undefined) throw new UsageError("missing <dir>: the new project's folder", "init");
    const created = createProject(dirArg, { template: p.values.get("template"), from: p.values.get("from") });
    console.log(`created ${created.dir} (contract ${created.contract}):`);
    for (const f of created.files) console.log(`  ${f}`);
    if (p.values.has("install")) {
      // with the toolkit's lock (a tarball), `npm ci` installs from npm's cache alone
      const withLock = created.files.includes("package-lock.json");
      const args = withLock ? ["ci", "--offline", "--no-audit", "--no-fund"] : ["install", "--prefer-offline", "--no-audit", "--no-fund"];
      const npm = spawnSync("npm", args, { cwd: created.dir, stdio: "inherit" });
      if (npm.status !== 0) {
        console.error("error: npm install failed in the new project (see above)");
        return 1;
      }
    }
    const relative = path.relative(process.cwd(), created.dir);
    const cd = relative === "" ? "." : relative.startsWith("..") ? created.dir : relative;
    console.log(`\nnext:\n  cd ${cd}\n  ${p.values.has("install") ? "" : "npm install && "}npm start\n  npm test`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message} (see: casper-as init --help)`);
      return 2;
    }
    throw e;
  }
}
