// One CLI for shipping contracts to a Casper network: `npm run casper -- <command> [options]`, or the
// npm scripts keygen, deploy, call, delegate, undelegate, transfer, balance, account, status.
// Every command has --help. Exit codes: 0 done, 1 failed (node error, failed execution), 2 bad usage.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as advanceEras from "./cli/commands/advance-eras.ts";
import * as call from "./cli/commands/call.ts";
import * as delegate from "./cli/commands/delegate.ts";
import * as deploy from "./cli/commands/deploy.ts";
import * as keygen from "./cli/commands/keygen.ts";
import * as reads from "./cli/commands/read-commands.ts";
import * as transfer from "./cli/commands/transfer.ts";
import { reportError, type Io } from "./cli/command-context.ts";
import { formatHelp, parseCommandLine, type CommandSpec, type ParsedCommandLine } from "./cli/options.ts";

interface Command {
  spec: CommandSpec;
  run(p: ParsedCommandLine, io: Io): Promise<number>;
  /** lines --help adds after the spec's (e.g. a contract's entry points) */
  extraHelp?(p: ParsedCommandLine): string[];
}

export const COMMANDS: Command[] = [
  { spec: keygen.spec, run: keygen.run },
  { spec: deploy.spec, run: deploy.run },
  { spec: call.spec, run: call.run, extraHelp: call.extraHelp },
  { spec: delegate.delegateSpec, run: delegate.runDelegate },
  { spec: delegate.undelegateSpec, run: delegate.runUndelegate },
  { spec: transfer.spec, run: transfer.run },
  { spec: reads.balanceSpec, run: reads.runBalance },
  { spec: reads.accountSpec, run: reads.runAccount },
  { spec: reads.statusSpec, run: reads.runStatus },
  { spec: advanceEras.spec, run: advanceEras.run },
];

export function overview(): string {
  return [
    "Ship Casper contracts: keys, deploys, calls, transfers, staking, and reading results back.",
    "",
    "Usage: npm run casper -- <command> [options]   (or npm run <command> -- [options])",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(12)} ${c.spec.summary}`),
    "",
    "Run a command with --help for its options. Defaults: --node https://node.testnet.casper.network/rpc, --chain casper-test.",
  ].join("\n");
}

/** Runs the CLI on `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.out(overview());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.spec.name === name);
  if (!command) {
    io.err(`error: unknown command '${name}'\n\n${overview()}`);
    return 2;
  }
  try {
    const parsed = parseCommandLine(command.spec, rest);
    if (parsed.help) {
      io.out([formatHelp(command.spec), ...(command.extraHelp?.(parsed) ?? [])].join("\n"));
      return 0;
    }
    return await command.run(parsed, io);
  } catch (e) {
    return reportError(e, io);
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const tty = process.stderr.isTTY;
  const io: Io = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    progress: tty ? (text) => process.stderr.write(`\r\x1b[K${text}`) : undefined,
  };
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
