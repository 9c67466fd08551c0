// The contracts `npm run build` compiles, found by convention: every `<folder>/*.ts` file and every
// `<folder>/<name>/index.ts` of the contract folders (assembly/contracts by default) is one contract,
// built to build/<name>.wasm (release) and build/debug/<name>.wasm (with names, for readable traces).
// Adding a contract is adding a file. casper.build.json at the repository root (optional) can list other
// folders and say, per contract, its artifact name, its protocol and whether it is a session or a contract:
//
//   { "folders": ["assembly/contracts"],
//     "contracts": { "<file or folder name>": { "name": "...", "protocol": "2.0.0", "kind": "contract",
//                    "installArgs": ["name:string='x'"] },
//                    "<another artifact>": { "entry": "assembly/contracts/token/index.ts", "protocol": "2.0.0" } } }
//
// An entry with `entry` (a path from the repository root) is one more build of that file under its own
// name, e.g. a Casper 2.x build of a contract that also builds for 1.5.x.
// kind: "contract" (its `call` installs a contract; the build checks every entry point it installs is an
//   export) or "session" (anything else); a file with a @contract class is a contract, others default to
//   "session". protocol: the network the contract is for, "1.5.8" (it must then run on 1.5.x; what does
//   runs on 2.x too) or "2.0.0" (Casper 2.x: it may use 2.0's host functions, a class-form contract installs
//   through add_contract_version_with_message_topics and may register topics); the build checks the module
//   against it (checks.ts). Absent, the module's imports decide (protocol-needs.ts). installArgs: sample args
//   (the CLI's NAME:TYPE='VALUE' form) for the build's dry install of a hand-written installer that needs
//   some; a class-form contract gets samples of its install args' types.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./paths.ts";

export type ContractKind = "session" | "contract";
export type BuildProtocol = "1.5.8" | "2.0.0";

export interface ContractSource {
  /** artifact name */
  readonly name: string;
  /** AssemblyScript entry file, relative to the project root */
  readonly entry: string;
  readonly kind: ContractKind;
  /** the protocol casper.build.json declares for it, or undefined: its imports decide */
  readonly protocol?: BuildProtocol;
  /** where that declaration is, for messages */
  readonly protocolDeclaredIn?: string;
  /** sample install args for the dry install of a hand-written installer (typed-arg syntax) */
  readonly installArgs?: readonly string[];
  /** the entry file holds a @contract class */
  readonly classForm: boolean;
}

export const BUILD_CONFIG = path.join(ROOT, "casper.build.json");
export const DEFAULT_FOLDERS = ["assembly/contracts"];

interface ContractSettings {
  /** one more artifact, built from this entry file */
  entry?: string;
  name?: string;
  protocol?: BuildProtocol;
  kind?: ContractKind;
  installArgs?: string[];
}

export interface BuildConfig {
  folders?: string[];
  contracts?: Record<string, ContractSettings>;
}

export class BuildConfigError extends Error {}

/** Reads and checks casper.build.json (absent: the defaults). */
export function readBuildConfig(file = BUILD_CONFIG): BuildConfig {
  if (!existsSync(file)) return {};
  let config: unknown;
  try {
    config = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new BuildConfigError(`${path.relative(ROOT, file)} is not valid JSON: ${(e as Error).message}`);
  }
  const where = path.relative(ROOT, file);
  const fail = (why: string): never => {
    throw new BuildConfigError(`${where}: ${why}`);
  };
  if (typeof config !== "object" || config === null || Array.isArray(config)) fail("expected an object { folders?, contracts? }");
  const c = config as Record<string, unknown>;
  for (const k of Object.keys(c)) if (k !== "folders" && k !== "contracts") fail(`unknown field '${k}' (fields: folders, contracts)`);
  if (c.folders !== undefined && (!Array.isArray(c.folders) || !c.folders.every((f) => typeof f === "string"))) fail("folders must be a list of folder paths");
  if (c.contracts !== undefined) {
    if (typeof c.contracts !== "object" || c.contracts === null || Array.isArray(c.contracts)) fail("contracts must be an object keyed by file or folder name");
    for (const [key, s] of Object.entries(c.contracts as Record<string, unknown>)) {
      if (typeof s !== "object" || s === null) fail(`contracts.${key} must be an object`);
      const settings = s as Record<string, unknown>;
      for (const [field, v] of Object.entries(settings)) {
        if (field === "name" && (typeof v !== "string" || !/^[A-Za-z0-9_.-]+$/.test(v))) fail(`contracts.${key}.name must be a file name (letters, digits, _ . -)`);
        else if (field === "entry" && (typeof v !== "string" || !v.endsWith(".ts"))) fail(`contracts.${key}.entry must be the path of an AssemblyScript file (.ts) from the repository root`);
        else if (field === "protocol" && v !== "1.5.8" && v !== "2.0.0") fail(`contracts.${key}.protocol must be "1.5.8" or "2.0.0"`);
        else if (field === "kind" && v !== "session" && v !== "contract") fail(`contracts.${key}.kind must be "session" or "contract"`);
        else if (field === "installArgs" && (!Array.isArray(v) || !v.every((a) => typeof a === "string"))) fail(`contracts.${key}.installArgs must be a list of NAME:TYPE='VALUE' strings`);
        else if (!["entry", "name", "protocol", "kind", "installArgs"].includes(field)) fail(`contracts.${key}: unknown field '${field}' (fields: entry, name, protocol, kind, installArgs)`);
      }
    }
  }
  return c as BuildConfig;
}

/** Whether an entry file declares a @contract class (decorator at the start of a line). */
export function isClassForm(file: string): boolean {
  return /^\s*@contract\b/m.test(readFileSync(file, "utf8"));
}

/** One contract: its entry file with casper.build.json's settings for `key` (kind by default from its form). */
function contractSource(key: string, file: string, s: ContractSettings, root: string): ContractSource {
  const classForm = isClassForm(file);
  return {
    name: s.name ?? key,
    entry: path.relative(root, file).split(path.sep).join("/"),
    kind: s.kind ?? (classForm ? "contract" : "session"),
    protocol: s.protocol,
    protocolDeclaredIn: s.protocol ? `casper.build.json contracts.${key}.protocol` : undefined,
    installArgs: s.installArgs,
    classForm,
  };
}

/** The contracts of the configured folders, sorted by name; two with one name are an error. */
export function discoverContracts(config: BuildConfig = readBuildConfig(), root = ROOT): ContractSource[] {
  const found: ContractSource[] = [];
  const settings = config.contracts ?? {};
  const used = new Set<string>();
  for (const folder of config.folders ?? DEFAULT_FOLDERS) {
    const dir = path.join(root, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir).sort()) {
      const full = path.join(dir, entry);
      let file: string;
      let key: string;
      if (statSync(full).isDirectory()) {
        file = path.join(full, "index.ts");
        if (!existsSync(file)) continue;
        key = entry;
      } else if (entry.endsWith(".ts") && !entry.endsWith(".d.ts")) {
        file = full;
        key = entry.slice(0, -3);
      } else continue;
      used.add(key);
      found.push(contractSource(key, file, settings[key] ?? {}, root));
    }
  }
  for (const [key, s] of Object.entries(settings)) {
    if (s.entry !== undefined) {
      if (used.has(key)) throw new BuildConfigError(`casper.build.json: contracts.${key} has an entry, but '${key}' is a contract found in the folders already (name the other build differently)`);
      const file = path.join(root, s.entry);
      if (!existsSync(file)) throw new BuildConfigError(`casper.build.json: contracts.${key}.entry: no file ${s.entry}`);
      found.push(contractSource(key, file, s, root));
      continue;
    }
    if (!used.has(key)) throw new BuildConfigError(`casper.build.json: contracts.${key} matches no contract in ${(config.folders ?? DEFAULT_FOLDERS).join(", ")}`);
  }
  const names = new Map<string, string>();
  for (const c of found) {
    const other = names.get(c.name);
    if (other) throw new BuildConfigError(`two contracts build to ${c.name}.wasm: ${other} and ${c.entry}`);
    names.set(c.name, c.entry);
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

export const CONTRACTS: readonly ContractSource[] = discoverContracts();
