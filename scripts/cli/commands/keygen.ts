// keygen: a new ed25519 or secp256k1 key pair as secret_key.pem, public_key.pem and public_key_hex.
import { UsageError, type CommandSpec, type ParsedCommandLine } from "../options.ts";
import type { Io } from "../command-context.ts";
import { algorithmOf, generateKey, KeyFileError, writeKeyFiles } from "../keys.ts";

export const spec: CommandSpec = {
  name: "keygen",
  summary: "Create a key pair: secret_key.pem, public_key.pem and public_key_hex; prints the public key and account hash.",
  positionals: [],
  options: [
    { name: "algorithm", value: "<name>", description: "ed25519 or secp256k1", default: "ed25519" },
    { name: "out", value: "<dir>", description: "directory to write the three files into", default: "keys" },
    { name: "force", description: "overwrite key files already in --out" },
  ],
  examples: ["npm run keygen -- --out keys/alice", "npm run keygen -- --algorithm secp256k1 --out keys/bob"],
  notes: ["secret_key.pem is written with mode 600. Keep it secret: anyone holding it controls the account."],
};

export async function run(p: ParsedCommandLine, io: Io): Promise<number> {
  let files;
  try {
    const algorithm = algorithmOf(p.values.get("algorithm") ?? "ed25519");
    files = writeKeyFiles(generateKey(algorithm), p.values.get("out") ?? "keys", p.values.has("force"));
  } catch (e) {
    if (e instanceof KeyFileError) throw new UsageError(e.message, spec.name);
    throw e;
  }
  io.out(`Public key:   ${files.publicKeyHex}`);
  io.out(`Account hash: ${files.accountHash}`);
  io.err(`wrote ${files.secretKeyPath}, ${files.publicKeyPath}, ${files.publicKeyHexPath}`);
  return 0;
}
