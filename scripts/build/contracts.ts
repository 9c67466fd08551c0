// The contracts `npm run build` compiles: one line per contract. The artifact is
// build/<name>.wasm (release) and build/debug/<name>.wasm (with names, for readable traces).
export interface ContractSource {
  /** artifact name */
  readonly name: string;
  /** AssemblyScript entry file, relative to the repository root */
  readonly entry: string;
}

export const CONTRACTS: readonly ContractSource[] = [
  { name: "delegate", entry: "assembly/contracts/delegate.ts" },
  { name: "keys_manager", entry: "assembly/contracts/keys_manager.ts" },
];
