// deploy: build/<contract>.wasm (or a .wasm path) as session code with typed args.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { testSupportOnlyImports } from "../../../host/ffi/imports.ts";
import { checkCasperWasm } from "../../../host/wasm/check.ts";
import { readSections } from "../../build/wasm-sections.ts";
import { describeNeeds, protocolNeeds, type ProtocolNeeds } from "../../build/protocol-needs.ts";
import { buildSessionWasm } from "../build-signed.ts";
import { deliver, NETWORK_OPTIONS, planFrom, SIGNING_OPTIONS, type Io } from "../command-context.ts";
import { paymentForWasm } from "../default-payment.ts";
import { UsageError, type CommandSpec, type ParsedCommandLine } from "../options.ts";
import { ArgError, parseArgs } from "../typed-args.ts";

export const ARG_OPTION = {
  name: "arg",
  value: "<NAME:TYPE='VALUE'>",
  description: "a runtime arg, e.g. amount:u512='2500000000' or target:opt_key=null (see README for every type)",
  repeatable: true,
};

export const spec: CommandSpec = {
  name: "deploy",
  summary: "Send a wasm module as session code (its `call` runs in your account's context).",
  positionals: [{ name: "contract", description: "contract name (reads build/<name>.wasm) or a path to a .wasm file", required: true }],
  options: [ARG_OPTION, { name: "install", description: "mark it as an install/upgrade (TransactionV1 only)" }, ...NETWORK_OPTIONS, ...SIGNING_OPTIONS],
  examples: [
    "npm run deploy -- keys_manager --key keys/alice --wait",
    "npm run deploy -- build/delegate.wasm --arg \"delegator:public_key='01…'\" --arg \"validator:public_key='01…'\" --arg \"amount:u512='500000000000'\" --key keys/alice --payment 5cspr --dry-run",
  ],
};

/**
 * Reads a wasm file named by contract name or path, checking it is a wasm module that a Casper node would run
 * (2.x, testnet's, unless the module is 1.5.x only): a refused module would still cost the payment on chain.
 * `needs` says which protocols can run it (the build's marking); `submit` checks it against the node's.
 */
export function readWasm(contract: string): { path: string; bytes: Uint8Array; needs: ProtocolNeeds } {
  const path = resolve(contract.endsWith(".wasm") || contract.includes("/") ? contract : `build/${contract}.wasm`);
  if (!existsSync(path)) {
    throw new UsageError(`${path} not found${contract.endsWith(".wasm") ? "" : " (run npm run build first, or pass a path to a .wasm file)"}`);
  }
  const bytes = new Uint8Array(readFileSync(path));
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b)) throw new UsageError(`${path} is not a wasm module (no \\0asm version 1 header)`);
  let needs: ProtocolNeeds | undefined;
  try {
    needs = protocolNeeds(bytes);
  } catch {
    // not decodable: checkCasperWasm says why, in the node's words
  }
  const refusal = checkCasperWasm(bytes, { protocol: needs?.target === "1.5.x only" ? "1.5.8" : "2.0.0" })[0];
  if (refusal || !needs) {
    throw new UsageError(`${path}: a Casper node would refuse this module (${refusal?.code}): ${refusal?.message}`);
  }
  const envImports = readSections(bytes).imports.filter((i) => i.module === "env").map((i) => i.name);
  for (const name of testSupportOnlyImports(envImports)) {
    throw new UsageError(`${path} imports ${name}, which only test builds of casper-node serve: a network refuses it (remove runtime.print and rebuild)`);
  }
  return { path, bytes, needs };
}

export function argsFrom(p: ParsedCommandLine) {
  try {
    return parseArgs(p.lists.get("arg") ?? []).args;
  } catch (e) {
    if (e instanceof ArgError) throw new UsageError(e.message);
    throw e;
  }
}

export async function run(p: ParsedCommandLine, io: Io): Promise<number> {
  const contract = p.positionals[0];
  const wasm = readWasm(contract);
  const args = argsFrom(p);
  const plan = planFrom(p);
  if (p.values.has("install") && !plan.transaction) throw new UsageError("--install applies to --transaction only");
  io.err(`session code: ${wasm.path} (${wasm.bytes.length} bytes; ${describeNeeds(wasm.needs)})`);
  const install = p.values.has("install");
  return deliver(p, io, plan, (plan) => buildSessionWasm(plan, wasm.bytes, args, install), { reported: paymentForWasm(wasm.path, wasm.bytes), wasm });
}
