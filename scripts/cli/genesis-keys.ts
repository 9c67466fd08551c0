// Writing the local network's genesis account keys for `npm run node -- --keys DIR`:
// DIR/<name>/secret_key.pem, public_key.pem and public_key_hex, as a local Casper network does, so
// the CLI can sign with `--key DIR/faucet`. Accounts configured with only a public key have no files.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { GenesisConfigError, readGenesisConfig, type GenesisConfig } from "../../host/node/genesis-config.ts";
import { formatMotes } from "./amount.ts";
import { writeKeyFiles } from "./keys.ts";

/** Reads --config FILE (JSON) into a genesis config; no file gives the defaults. */
export function loadGenesisConfig(file?: string): GenesisConfig {
  if (file === undefined) return readGenesisConfig({});
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new GenesisConfigError(`cannot read --config ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new GenesisConfigError(`--config ${path} is not JSON: ${(e as Error).message}`);
  }
  return readGenesisConfig(json);
}

/** Writes every derived key under `dir`; the files are the same each time for the same config. */
export function writeGenesisKeys(config: GenesisConfig, dir: string): string[] {
  const written: string[] = [];
  for (const account of config.accounts) {
    if (!account.secretKey) continue;
    written.push(writeKeyFiles(account.secretKey, resolve(dir, account.name), true).dir);
  }
  return written;
}

/** One line per account, for the node's start-up banner. */
export function describeGenesis(config: GenesisConfig): string[] {
  return config.accounts.map((a) => {
    const stake = a.validator ? `, validator bonding ${formatMotes(a.validator.bondedMotes)} at ${a.validator.delegationRate}%` : "";
    return `  ${a.name.padEnd(12)} ${a.publicKeyHex}  ${formatMotes(a.balanceMotes)}${stake}`;
  });
}
