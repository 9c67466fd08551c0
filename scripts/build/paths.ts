// Where things are. TOOLKIT_ROOT is casper-as itself (the contract API in assembly/, the base
// asconfig.json), wherever it is installed; ROOT is the project being built: the nearest folder from the
// current directory upwards with a package.json (CASPER_AS_PROJECT names another). In this repository
// they are the same folder; in a project that installed casper-as, the toolkit is under node_modules.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The folder of the nearest package.json from `start` upwards (undefined at the file system's root). */
export function packageRootOf(start: string, accept: (pkg: { name?: string }) => boolean = () => true): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      try {
        if (accept(JSON.parse(readFileSync(file, "utf8")) as { name?: string })) return dir;
      } catch {
        // an unreadable package.json is not the one looked for
      }
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** casper-as itself: the package named casper-as above this file (its sources, or its compiled dist/). */
export const TOOLKIT_ROOT = packageRootOf(path.dirname(fileURLToPath(import.meta.url)), (p) => p.name === "casper-as")!;

/** The project being built (see the file comment). */
export const ROOT = process.env.CASPER_AS_PROJECT ? path.resolve(process.env.CASPER_AS_PROJECT) : packageRootOf(process.cwd()) ?? TOOLKIT_ROOT;

/** The contract API's folder. */
export const API_DIR = path.join(TOOLKIT_ROOT, "assembly");

/** The project's asconfig.json (it extends casper-as/asconfig.json), or the toolkit's own. */
export const ASCONFIG = existsSync(path.join(ROOT, "asconfig.json")) ? path.join(ROOT, "asconfig.json") : path.join(TOOLKIT_ROOT, "asconfig.json");
export const BUILD_DIR = path.join(ROOT, "build");

/** The gas report (`casper-as gas --update` writes it; the CLI's default payments read it): the project's gas-report.json, scripts/gas-report.json in this repository. */
export const GAS_REPORT = ROOT === TOOLKIT_ROOT ? path.join(TOOLKIT_ROOT, "scripts", "gas-report.json") : path.join(ROOT, "gas-report.json");

/** True when the project is casper-as itself (this repository), not a project that installed it. */
export const IS_TOOLKIT = ROOT === TOOLKIT_ROOT;

/**
 * How the compiler names the contract API's functions: `assembly/…` here, `~lib/casper-as/assembly/…` in a
 * project that imports the package by name (`from "casper-as/assembly"`).
 */
export const API_INTERNAL_PREFIX = IS_TOOLKIT ? "assembly/" : "~lib/casper-as/assembly/";
