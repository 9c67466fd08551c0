// The contracts `npm run build` compiles: every `*.ts` file of the project's assembly/contracts/ is one
// contract, built to build/<name>.wasm (release) and build/debug/<name>.wasm (with names, for readable
// traces). Adding a contract is adding a file.
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./paths.ts";

export interface ContractSource {
  /** artifact name */
  readonly name: string;
  /** AssemblyScript entry file, relative to the project root */
  readonly entry: string;
}

export const CONTRACTS_FOLDER = "assembly/contracts";

/** The contracts of `root`'s assembly/contracts/, sorted by name. */
export function discoverContracts(root = ROOT): ContractSource[] {
  const dir = path.join(root, CONTRACTS_FOLDER);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))
    .sort()
    .map((f) => ({ name: f.slice(0, -3), entry: `${CONTRACTS_FOLDER}/${f}` }));
}

export const CONTRACTS: readonly ContractSource[] = discoverContracts();
