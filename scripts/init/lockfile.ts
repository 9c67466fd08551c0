// A new project's package-lock.json, taken from the toolkit's own: the project gets exactly the versions
// casper-as was tested with, and `npm ci --offline` installs it from npm's cache (every tarball was
// fetched when the toolkit was installed; the lock's `resolved` URLs and integrities let npm find them
// without asking the registry). Written when the project depends on a casper-as tarball (`init --from
// casper-as-x.y.z.tgz`); with a registry version npm resolves as usual.
//
// The entries are the toolkit's lock entries reachable from the project's dependencies, at the same
// node_modules paths (a subset of a valid hoisted tree is one: each package still finds its dependencies
// where it found them). The packed toolkit carries them in dist/lock.json (npm never packs a
// package-lock.json); a checkout reads its package-lock.json.

import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** What a new project installs besides casper-as, at the toolkit's own versions (init.ts). */
export const PROJECT_DEV_DEPENDENCIES = ["vitest", "casper-js-sdk", "@types/node"] as const;

export interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  optional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

export type LockPackages = Record<string, LockEntry>;

/** Where a package at `from` finds dependency `name` in a hoisted tree (node's lookup, walking up). */
function locate(packages: LockPackages, from: string, name: string): string | undefined {
  for (let at = from; ; ) {
    const candidate = `${at ? `${at}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!at) return undefined;
    const up = at.lastIndexOf("/node_modules/");
    at = up < 0 ? "" : at.slice(0, up);
  }
}

/** The entries of `packages` reachable from the root dependencies `roots` (names), dependencies of each included. */
export function closure(packages: LockPackages, roots: readonly string[]): LockPackages {
  const out: LockPackages = {};
  const visit = (at: string) => {
    if (out[at]) return;
    const entry = packages[at];
    out[at] = entry;
    const optional = new Set([...Object.keys(entry.optionalDependencies ?? {}), ...Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, m]) => m.optional).map(([n]) => n)]);
    for (const name of [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...Object.keys(entry.peerDependencies ?? {})]) {
      const found = locate(packages, at, name);
      if (found) visit(found);
      else if (!optional.has(name)) throw new Error(`the toolkit's lock has no ${name} for ${at}: run npm install in casper-as`);
    }
  };
  for (const name of roots) {
    if (!packages[`node_modules/${name}`]) throw new Error(`the toolkit's lock has no ${name}: run npm install in casper-as`);
    visit(`node_modules/${name}`);
  }
  return out;
}

/** The lock entries a project may need: the closure of the toolkit's dependencies and of `devDependencies` (names). */
export function toolkitLock(toolkitRoot: string, devDependencies: readonly string[]): LockPackages {
  const packed = path.join(toolkitRoot, "dist", "lock.json");
  if (existsSync(packed)) return JSON.parse(readFileSync(packed, "utf8")) as LockPackages;
  const lock = JSON.parse(readFileSync(path.join(toolkitRoot, "package-lock.json"), "utf8")) as { packages: LockPackages };
  return closure(lock.packages, [...Object.keys(lock.packages[""].dependencies ?? {}), ...devDependencies]);
}

/** Writes dist/lock.json for the packed toolkit (prepack). */
export function writePackedLock(toolkitRoot: string, devDependencies: readonly string[]): void {
  const lock = JSON.parse(readFileSync(path.join(toolkitRoot, "package-lock.json"), "utf8")) as { packages: LockPackages };
  const subset = closure(lock.packages, [...Object.keys(lock.packages[""].dependencies ?? {}), ...devDependencies]);
  writeFileSync(path.join(toolkitRoot, "dist", "lock.json"), `${JSON.stringify(subset)}\n`);
}

/** npm's tarball URL of a registry package (what npm itself writes in `resolved`). */
function tarballUrl(registry: string, name: string, version: string): string {
  const base = name.includes("/") ? name.slice(name.indexOf("/") + 1) : name;
  return `${registry.replace(/\/?$/, "/")}${name}/-/${base}-${version}.tgz`;
}

export interface ProjectLockInput {
  readonly name: string;
  readonly version: string;
  readonly devDependencies: Record<string, string>;
  /** the casper-as tarball, absolute, and the spec package.json gives it (file:…) */
  readonly tarball: string;
  readonly tarballSpec: string;
  /** the toolkit's package.json: its version, dependencies, bin, engines */
  readonly toolkit: { version: string; dependencies: Record<string, string>; bin?: Record<string, string>; engines?: Record<string, string> };
  readonly packages: LockPackages;
  readonly registry?: string;
}

/** The project's package-lock.json (lockfile version 3). */
export function projectLockfile(input: ProjectLockInput): unknown {
  const registry = input.registry ?? process.env.npm_config_registry ?? "https://registry.npmjs.org/";
  const roots = [...Object.keys(input.toolkit.dependencies), ...Object.keys(input.devDependencies).filter((d) => d !== "casper-as")];
  const wanted = closure(input.packages, roots);
  const packages: LockPackages = {
    "": { name: input.name, version: input.version, devDependencies: input.devDependencies },
    "node_modules/casper-as": {
      version: input.toolkit.version,
      resolved: input.tarballSpec,
      integrity: `sha512-${createHash("sha512").update(readFileSync(input.tarball)).digest("base64")}`,
      dev: true,
      dependencies: input.toolkit.dependencies,
      ...(input.toolkit.bin ? { bin: input.toolkit.bin } : {}),
      ...(input.toolkit.engines ? { engines: input.toolkit.engines } : {}),
    },
  };
  for (const [at, entry] of Object.entries(wanted).sort(([a], [b]) => a.localeCompare(b))) {
    const name = at.slice(at.lastIndexOf("node_modules/") + "node_modules/".length);
    // everything is a dev dependency of the project; npm finds each tarball by its URL and integrity
    const { dev: _dev, ...rest } = entry;
    packages[at] = { ...rest, resolved: entry.resolved ?? tarballUrl(registry, name, entry.version!), dev: true };
  }
  return { name: input.name, version: input.version, lockfileVersion: 3, requires: true, packages };
}
