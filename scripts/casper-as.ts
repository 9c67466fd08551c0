// The `casper-as` command (bin/casper-as.js runs it): one entry point for a contract project.
//   casper-as init <dir> [--template T]   a new project (scripts/init.ts)
//   casper-as build [name...]             compile and check the project's contracts (scripts/build.ts)
//   casper-as test [vitest args]          build, then run the project's tests with its vitest
//   casper-as gas [--profile D] [--json]  gas of each deploy measured on the local engine (scripts/gas.ts)
//   casper-as node [options]              a local Casper node (scripts/node.ts)
//   casper-as <keygen|deploy|call|...>    the network commands (scripts/cli.ts)
// Each runs in this process, as if its script had been started on its own; each is loaded only when
// asked for (init needs nothing but Node, so a fresh package can create a project before installing).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ROOT } from "./build/paths.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const ext = path.extname(fileURLToPath(import.meta.url)); // .ts from the sources, .js from the package's dist/

const OWN = [
  ["init", "create a contract project: package.json, asconfig.json, a contract, its test, README (--template, --list)"],
  ["build", "compile the project's contracts to build/<name>.wasm (and .wasm.map), checked as Casper checks them"],
  ["test", "build, then run the project's tests (vitest) on the local engine"],
  ["gas", "the gas of each deploy on the local engine and the payment to attach (--profile <deploy>: where it goes)"],
  ["node", "a local Casper node on 127.0.0.1: JSON-RPC, events, REST (--help for its options)"],
] as const;

/** The network commands (scripts/cli.ts), loaded when needed. */
async function network(): Promise<typeof import("./cli.ts")> {
  return (await import(pathToFileURL(path.join(here, `cli${ext}`)).href)) as typeof import("./cli.ts");
}

async function overview(): Promise<string> {
  const NETWORK_COMMANDS = (await network()).COMMANDS;
  return [
    "casper-as: write, test and ship Casper contracts in AssemblyScript.",
    "",
    "Usage: casper-as <command> [options]",
    "",
    "Project:",
    ...OWN.map(([name, what]) => `  ${name.padEnd(13)} ${what}`),
    "",
    "Network (--node, --chain, --key, --payment: option, CASPER_AS_* environment, casper-as.config.json):",
    ...NETWORK_COMMANDS.map((c) => `  ${c.spec.name.padEnd(13)} ${c.spec.summary}`),
    "",
    "Every command has --help.",
  ].join("\n");
}

/** Runs script `name` (scripts/<name>) in this process with `args`, as `node <script> args` would. */
async function runScript(name: string, args: string[]): Promise<void> {
  const file = path.join(here, `${name}${ext}`);
  process.argv = [process.argv[0], file, ...args];
  await import(pathToFileURL(file).href);
}

/** The project's vitest: its own installation (it runs the project's tests with its own config). */
function projectVitest(): string | undefined {
  try {
    const require = createRequire(path.join(ROOT, "package.json"));
    const pkg = require.resolve("vitest/package.json");
    const bin = path.join(path.dirname(pkg), "vitest.mjs");
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

async function test(args: string[]): Promise<number> {
  const vitest = projectVitest();
  if (!vitest) {
    console.error(`error: vitest is not installed in ${ROOT}: npm install --save-dev vitest`);
    return 2;
  }
  const { buildAll, BuildError, formatArtifactTable } = await import(pathToFileURL(path.join(here, `build${ext}`)).href) as typeof import("./build.ts");
  try {
    console.log(formatArtifactTable(await buildAll()));
  } catch (e) {
    if (e instanceof BuildError || (e as Error).name === "CompileError" || (e as Error).constructor?.name === "CompileError") {
      console.error(`build failed: ${(e as Error).message}`);
      return 1;
    }
    throw e;
  }
  const child = spawn(process.execPath, [vitest, "run", ...args], { cwd: ROOT, stdio: "inherit" });
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

export async function main(argv: string[]): Promise<number | undefined> {
  const [command, ...args] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    console.log(await overview());
    return command === undefined ? 2 : 0;
  }
  if (command === "--version" || command === "-v") {
    const { TOOLKIT_ROOT } = await import("./build/paths.ts");
    const { readFileSync } = await import("node:fs");
    console.log((JSON.parse(readFileSync(path.join(TOOLKIT_ROOT, "package.json"), "utf8")) as { version: string }).version);
    return 0;
  }
  switch (command) {
    case "init": {
      const init = (await import(pathToFileURL(path.join(here, `init${ext}`)).href)) as typeof import("./init.ts");
      return init.main(args);
    }
    case "build": {
      const build = (await import(pathToFileURL(path.join(here, `build${ext}`)).href)) as typeof import("./build.ts");
      await build.main(args);
      return undefined; // it sets process.exitCode
    }
    case "gas":
    case "node":
      await runScript(command, args);
      return undefined; // the script sets process.exitCode (the node keeps running)
    case "test":
      return test(args);
    default: {
      const cli = await network();
      if (cli.COMMANDS.some((c) => c.spec.name === command)) {
        await cli.runCli([command, ...args]);
        return undefined;
      }
      console.error(`error: unknown command '${command}'\n\n${await overview()}`);
      return 2;
    }
  }
}

const code = await main(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
