// Where the network commands get their node, chain, signing key and default payment: the command line,
// then the environment, then the project's configuration, then the built-in default. --verbose says,
// for each, which one it came from.
//
//   --node <url>        CASPER_AS_NODE      "node"     default: the public testnet's RPC
//   --chain <name>      CASPER_AS_CHAIN     "chain"    default: casper-test
//   --key <path>        CASPER_AS_KEY       "key"      (a path, or a list in the config; several in the
//                                                       environment separated by the path delimiter, ':')
//   --payment <amount>  CASPER_AS_PAYMENT   "payment"  default: auto (the dry run's gas + 10%)
//
// The configuration is `casper-as.config.json`, or the `casper` field of package.json, in the current
// folder or the nearest one above it that has either (the search stops at the first package.json);
// CASPER_AS_CONFIG=<file> names the file instead. Paths in it are relative to its folder:
//
//   { "node": "http://127.0.0.1:7777/rpc", "chain": "casper-net-1", "key": "keys/local/user-1", "payment": "5cspr" }

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { UsageError, type ParsedCommandLine } from "./options.ts";

export const CONFIG_FILE = "casper-as.config.json";
export const TESTNET_NODE = "https://node.testnet.casper.network/rpc";
export const TESTNET_CHAIN = "casper-test";

export const ENV = { node: "CASPER_AS_NODE", chain: "CASPER_AS_CHAIN", key: "CASPER_AS_KEY", payment: "CASPER_AS_PAYMENT" } as const;
const FIELDS = ["node", "chain", "key", "payment"] as const;
export type SettingName = (typeof FIELDS)[number];

/** A setting's value and where it came from, in words (`--node`, `CASPER_AS_NODE`, `casper-as.config.json (…/path)`, `default`). */
export interface Setting<T> {
  readonly value: T;
  readonly from: string;
}

export interface ProjectConfig {
  /** the file read, absolute */
  readonly file: string;
  /** `casper-as.config.json` or `package.json "casper"` */
  readonly label: string;
  readonly node?: string;
  readonly chain?: string;
  /** absolute paths */
  readonly key?: readonly string[];
  readonly payment?: string;
}

/** The nearest configuration from `cwd` upwards (see the file comment), checked; undefined when there is none. */
export function findProjectConfig(cwd: string): ProjectConfig | undefined {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_FILE);
    if (existsSync(file)) return readConfig(file, CONFIG_FILE, (json) => json);
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) return readConfig(pkg, 'package.json "casper"', (json) => (json as { casper?: unknown }).casper);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** A configuration file named explicitly (CASPER_AS_CONFIG): a casper-as.config.json, or a package.json's "casper" field. */
export function configFile(file: string): ProjectConfig | undefined {
  if (!existsSync(file)) throw new UsageError(`CASPER_AS_CONFIG names ${file}, which does not exist`);
  if (path.basename(file) === "package.json") return readConfig(file, 'package.json "casper"', (json) => (json as { casper?: unknown }).casper);
  return readConfig(file, path.basename(file), (json) => json);
}

function readConfig(file: string, label: string, pick: (json: unknown) => unknown): ProjectConfig | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  const section = pick(json);
  if (section === undefined) return undefined;
  const where = `${label} (${file})`;
  if (typeof section !== "object" || section === null || Array.isArray(section)) throw new UsageError(`${where}: expected an object with node, chain, key, payment`);
  const values = section as Record<string, unknown>;
  for (const k of Object.keys(values)) {
    if (!(FIELDS as readonly string[]).includes(k)) throw new UsageError(`${where}: unknown field "${k}" (fields: ${FIELDS.join(", ")})`);
  }
  const text = (k: "node" | "chain" | "payment"): string | undefined => {
    const v = values[k];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v.trim() === "") throw new UsageError(`${where}: "${k}" must be a non-empty string`);
    return v;
  };
  const dir = path.dirname(file);
  let key: string[] | undefined;
  if (values.key !== undefined) {
    const list = Array.isArray(values.key) ? values.key : [values.key];
    if (list.length === 0 || !list.every((k) => typeof k === "string" && k.trim() !== "")) throw new UsageError(`${where}: "key" must be a path or a list of paths`);
    key = (list as string[]).map((k) => path.resolve(dir, k));
  }
  return { file, label, node: text("node"), chain: text("chain"), key, payment: text("payment") };
}

export interface Settings {
  readonly node: Setting<string>;
  readonly chain: Setting<string>;
  /** empty when no key is set anywhere */
  readonly key: Setting<readonly string[]>;
  /** undefined: no default payment set (the command's own default, or the gas report's figure, applies) */
  readonly payment?: Setting<string>;
  readonly config?: ProjectConfig;
}

export interface SettingsContext {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** the node when neither flag, environment nor configuration gives one (advance-eras: the local node) */
  readonly defaultNode?: string;
}

const cache = new WeakMap<ParsedCommandLine, Settings>();

/** The settings of a parsed command line (computed once per command line). */
export function resolveSettings(p: ParsedCommandLine, context: SettingsContext = {}): Settings {
  const hit = cache.get(p);
  if (hit) return hit;
  const env = context.env ?? process.env;
  const config = env.CASPER_AS_CONFIG ? configFile(path.resolve(context.cwd ?? process.cwd(), env.CASPER_AS_CONFIG)) : findProjectConfig(context.cwd ?? process.cwd());
  const fromConfig = config ? `${config.label} (${config.file})` : "";
  const fromEnv = (name: SettingName): string | undefined => {
    const v = env[ENV[name]];
    return v === undefined || v.trim() === "" ? undefined : v;
  };
  const pick = (name: "node" | "chain", fallback: Setting<string>): Setting<string> => {
    const flag = p.values.get(name);
    if (flag !== undefined) return { value: flag, from: `--${name}` };
    const e = fromEnv(name);
    if (e !== undefined) return { value: e, from: ENV[name] };
    const c = config?.[name];
    if (c !== undefined) return { value: c, from: fromConfig };
    return fallback;
  };
  const node = pick("node", { value: context.defaultNode ?? TESTNET_NODE, from: context.defaultNode ? "default (the local node)" : "default (the public testnet)" });
  const chain = pick("chain", { value: TESTNET_CHAIN, from: "default (the public testnet)" });
  if (chain.value.trim() === "") throw new UsageError(`the chain name from ${chain.from} is empty`);
  let key: Setting<readonly string[]>;
  const flags = p.lists.get("key") ?? (p.values.has("key") ? [p.values.get("key")!] : undefined);
  const envKey = fromEnv("key");
  if (flags?.length) key = { value: flags, from: "--key" };
  else if (envKey !== undefined) key = { value: envKey.split(path.delimiter).filter((k) => k !== ""), from: ENV.key };
  else if (config?.key) key = { value: config.key, from: fromConfig };
  else key = { value: [], from: "not set" };
  let payment: Setting<string> | undefined;
  const paymentFlag = p.values.get("payment");
  const envPayment = fromEnv("payment");
  if (paymentFlag !== undefined) payment = { value: paymentFlag, from: "--payment" };
  else if (envPayment !== undefined) payment = { value: envPayment, from: ENV.payment };
  else if (config?.payment) payment = { value: config.payment, from: fromConfig };
  const settings: Settings = { node, chain, key, payment, config };
  cache.set(p, settings);
  return settings;
}

/** The lines --verbose prints: each setting the command takes, with where it came from. */
export function describeSettings(s: Settings, takes: (name: SettingName) => boolean): string[] {
  const lines: string[] = [];
  if (takes("node")) lines.push(`node:    ${s.node.value}  (from ${s.node.from})`);
  if (takes("chain")) lines.push(`chain:   ${s.chain.value}  (from ${s.chain.from})`);
  if (takes("key")) lines.push(`key:     ${s.key.value.length ? s.key.value.join(", ") : "none"}  (from ${s.key.from})`);
  // native transfers and the auction's native transactions always pay their fixed cost
  if (takes("payment")) lines.push(`payment: ${s.payment ? `${s.payment.value}  (from ${s.payment.from}; a native transfer or transaction pays its fixed cost unless --payment says otherwise)` : "auto: the dry run's gas + 10% (a native one pays its fixed cost; with --dry-run or --no-fork, the gas report's figure)"}`);
  return lines;
}
