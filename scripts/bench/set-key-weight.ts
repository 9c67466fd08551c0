// The deploy every throughput figure uses: keys_manager's set_key_weight, called by name from the
// account that installed it, alternating bob's weight between 1 and 2 so each deploy changes state.
// Deploys are built and signed once (SDK work, outside the timed loop) and executed from a pool; the
// engine records no trace (trace: true costs about 5%).

import { readFileSync } from "node:fs";
import sdk from "casper-js-sdk";
import { type DeployItem, deployItemFromSdk } from "../../host/engine/deploy-item.ts";
import { makeDeploy, sessionItems } from "../../host/engine/deploys.ts";
import { Engine, type EngineOptions } from "../../host/engine/engine.ts";

const { CLValue } = sdk;
const CSPR = 1_000_000_000n;
/** covers set_key_weight on either protocol (npm run gas: about 0.3 CSPR) */
// 2.5 CSPR: the smallest payment a 2.0 node accepts (deploy.rs is_config_compliant, baseline_motes_amount)
const PAYMENT = 5n * CSPR / 2n;
const POOL = 256;

export function artifact(name: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(`build/${name}.wasm`));
  } catch {
    throw new Error(`build/${name}.wasm is missing: run \`npm run build\` first`);
  }
}

export interface SetKeyWeightBench {
  readonly engine: Engine;
  /** executes the i-th deploy of the pool; throws if it fails */
  run(i: number): void;
}

/** An engine with keys_manager installed by alice, and a pool of signed set_key_weight deploys. */
export function setKeyWeightBench(options: EngineOptions = {}): SetKeyWeightBench {
  const engine = new Engine({ trace: false, ...options });
  engine.runSession("alice", artifact("keys_manager"), undefined, { payment: 100n * CSPR }).expectSuccess();
  const bob = CLValue.newCLPublicKey(engine.key("bob").publicKey);
  const pool: DeployItem[] = [];
  for (let i = 0; i < POOL; i++) {
    const args = { account: bob, weight: CLValue.newCLUint8(1 + (i % 2)) };
    pool.push(deployItemFromSdk(makeDeploy(engine.params("alice", { payment: PAYMENT }), sessionItems.byName("keys_manager", "set_key_weight", args))));
  }
  return {
    engine,
    run(i) {
      const r = engine.execute(pool[i % POOL]);
      if (!r.success) throw new Error(`set_key_weight failed in the benchmark: ${r.error!.message}`);
    },
  };
}
