// The real contracts from `npm run build`.
import { existsSync, readFileSync } from "node:fs";

export function artifact(name: "keys_manager" | "delegate" | "cep18" | "cep18_2x"): Uint8Array {
  const path = new URL(`../../build/${name}.wasm`, import.meta.url);
  if (!existsSync(path)) throw new Error(`build/${name}.wasm is missing: run \`npm run build\` first`);
  return new Uint8Array(readFileSync(path));
}
