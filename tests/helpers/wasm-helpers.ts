// Test helpers for the wasm toolkit: WAT -> bytes with wabt (MVP only unless features are given), and running a
// prepared module with a counting env.gas.

import wabtInit from "wabt";
import type { PreparedModule } from "../../host/wasm/prepare.ts";

const wabt = await wabtInit();

/** wabt feature flags (all post-MVP ones off by default, so the text must be MVP). */
export interface WatFeatures {
  sign_extension?: boolean;
  sat_float_to_int?: boolean;
  bulk_memory?: boolean;
  mutable_globals?: boolean;
  multi_value?: boolean;
  reference_types?: boolean;
  simd?: boolean;
  threads?: boolean;
}

const MVP: WatFeatures = {
  sign_extension: false,
  sat_float_to_int: false,
  bulk_memory: false,
  mutable_globals: false,
  multi_value: false,
  reference_types: false,
  simd: false,
  threads: false,
};

export function wat(source: string, features: WatFeatures = {}, options: { names?: boolean } = {}): Uint8Array {
  const all = { ...MVP, ...features };
  const m = wabt.parseWat("test.wat", source, all as Record<string, boolean>);
  try {
    m.resolveNames();
    m.validate();
    const { buffer } = m.toBinary({ log: false, write_debug_names: options.names ?? false });
    return new Uint8Array(buffer);
  } finally {
    m.destroy();
  }
}

/** wasm -> text (for comparing modules structurally). */
export function wasmText(bytes: Uint8Array, features: WatFeatures = {}): string {
  const m = wabt.readWasm(new Uint8Array(bytes), { readDebugNames: false, ...MVP, ...features } as Record<string, boolean>);
  try {
    return m.toText({ foldExprs: false, inlineExport: false });
  } finally {
    m.destroy();
  }
}

export interface Running {
  exports: Record<string, (...args: number[]) => number>;
  memory: WebAssembly.Memory;
  /** gas charged so far through env.gas */
  gas(): bigint;
  /** number of env.gas calls so far */
  gasCalls(): number;
}

/** Instantiates a prepared module with env.memory, a counting env.gas and the given host functions. */
export function run(prepared: PreparedModule, host: Record<string, (...args: number[]) => number | void> = {}): Running {
  let gas = 0n;
  let calls = 0;
  const memory = new WebAssembly.Memory(prepared.memory);
  const env: Record<string, unknown> = {
    memory,
    gas: (cost: number) => {
      gas += BigInt(cost >>> 0);
      calls++;
    },
    ...host,
  };
  const instance = new WebAssembly.Instance(prepared.module, { env } as WebAssembly.Imports);
  return {
    exports: instance.exports as unknown as Running["exports"],
    memory,
    gas: () => gas,
    gasCalls: () => calls,
  };
}
