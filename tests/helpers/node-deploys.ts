// Deploys and TransactionV1s built and signed by casper-js-sdk, as JSON a client would send, for the
// node tests. Keys are fixed so failures are reproducible.
import sdk from "casper-js-sdk";
import type { Args as SdkArgs, PrivateKey as SdkPrivateKey } from "casper-js-sdk";
import { buildSessionWasm, buildTransfer, type Signed, type SigningPlan } from "../../scripts/cli/build-signed.ts";
import { clBytes } from "./engine-bytes.ts";
import { compileWat, Data, module } from "./engine-wat.ts";

const { PrivateKey, KeyAlgorithm, Args, CLValue } = sdk;

export const ED_KEY: SdkPrivateKey = PrivateKey.fromHex("11".repeat(32), KeyAlgorithm.ED25519);
export const SECP_KEY: SdkPrivateKey = PrivateKey.fromHex("22".repeat(32), KeyAlgorithm.SECP256K1);
export const OTHER_KEY: SdkPrivateKey = PrivateKey.fromHex("33".repeat(32), KeyAlgorithm.ED25519);

/** A tiny session the engine runs: `call` computes something (a session that uses no gas fails in 2.0). */
export const WASM = compileWat(`(module (memory 1) (func (export "call") (drop (i32.add (i32.const 1) (i32.const 2)))))`);

export const CHAIN = "casper-net-1";
/** The fixed "now" of the node in these tests. */
export const NOW = new Date("2025-06-01T12:00:00.000Z");

export function plan(overrides: Partial<SigningPlan> = {}): SigningPlan {
  return { chainName: CHAIN, keys: [ED_KEY], paymentMotes: 2_500_000_000n, timestamp: NOW, ttlMs: 30 * 60_000, ...overrides };
}

export function args(): SdkArgs {
  return Args.fromMap({ x: CLValue.newCLUint64(7) });
}

export function sessionDeploy(overrides: Partial<SigningPlan> = {}, wasm = WASM): Signed {
  return buildSessionWasm(plan(overrides), wasm, args());
}

export function transferDeploy(amount = 2_500_000_000n, overrides: Partial<SigningPlan> = {}): Signed {
  return buildTransfer(plan({ paymentMotes: 100_000_000n, ...overrides }), OTHER_KEY.publicKey, amount, 1);
}

/** A deep copy of a deploy's JSON, to tamper with. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** casper-node's own example deploy (v1.5.8 resources/test/rpc_schema_hashing.json, account_put_deploy). */
export const CASPER_NODE_EXAMPLE_DEPLOY = {
  hash: "5c9b3b099c1378aa8e4a5f07f59ff1fcdc69a83179427c7e67ae0377d94d93fa",
  header: {
    account: "01d9bf2148748a85c89da5aad8ee0b0fc2d105fd39d41a4c796536354f0ae2900c",
    timestamp: "2020-11-17T00:39:24.072Z",
    ttl: "1h",
    gas_price: 1,
    body_hash: "d53cf72d17278fd47d399013ca389c50d589352f1a12593c0b8e01872a641b50",
    dependencies: ["0101010101010101010101010101010101010101010101010101010101010101"],
    chain_name: "casper-example",
  },
  payment: {
    StoredContractByName: {
      name: "casper-example",
      entry_point: "example-entry-point",
      args: [["amount", { cl_type: "I32", bytes: "e8030000", parsed: 1000 }]],
    },
  },
  session: { Transfer: { args: [["amount", { cl_type: "I32", bytes: "e8030000", parsed: 1000 }]] } },
  approvals: [
    {
      signer: "01d9bf2148748a85c89da5aad8ee0b0fc2d105fd39d41a4c796536354f0ae2900c",
      signature: "014c1a89f92e29dd74fc648f741137d9caf4edba97c5f9799ce0c9aa6b0c9b58db368c64098603dbecef645774c05dff057cb1f91f2cf390bbacce78aa6f084007",
    },
  ],
};

/** A session that makes a dictionary, keeps its seed URef under the named key "dict" and puts U64 5 under "alice". */
export function dictionarySession(): Uint8Array {
  const d = new Data();
  const name = d.string("dict");
  const item = d.utf8("alice");
  const value = d.bytes(clBytes(sdk.CLValue.newCLUint64(5)));
  return module({
    imports: ["casper_new_dictionary", "casper_read_host_buffer", "casper_put_key", "casper_dictionary_put"],
    data: d,
    body: `(func (export "call")
      (if (call $casper_new_dictionary (i32.const 200)) (then unreachable))
      (if (call $casper_read_host_buffer (i32.const 101) (i32.const 33) (i32.const 208)) (then unreachable))
      (i32.store8 (i32.const 100) (i32.const 2))
      (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 100) (i32.const 34))
      (if (call $casper_dictionary_put (i32.const 101) (i32.const 33) (i32.const ${item.ptr}) (i32.const ${item.len}) (i32.const ${value.ptr}) (i32.const ${value.len})) (then unreachable)))`,
  });
}
