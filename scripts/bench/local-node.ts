// Issue 6's figure: deploys per second through the local node — each one submitted over HTTP
// (account_put_deploy: parse, verify hashes and signature, state checks, execute, new block) and its
// result read back (info_get_deploy) — and the very same signed deploys executed on the engine
// directly, in the same run; and, to show what HTTP costs, the same calls to a node in this process.
// Three networks from the same genesis run the same sequence, in alternating slices so a change in the
// machine's speed hits all alike. The deploys are keys_manager's
// set_key_weight from the faucet (the throughput deploy of the other sections), each signed once
// before timing starts, with distinct timestamps (the node executes a deploy hash only once).
import sdk from "casper-js-sdk";
import type { DeployItem } from "../../host/engine/deploy-item.ts";
import { readDeployJson } from "../../host/node/deploy-json.ts";
import { deployItemOfDeploy } from "../../host/node/execution-items.ts";
import { readGenesisConfig } from "../../host/node/genesis-config.ts";
import { createLocalNetwork } from "../../host/node/local-network.ts";
import { startRpcServer } from "../../host/node/rpc-server.ts";
import { buildContractCall, buildSessionWasm } from "../cli/build-signed.ts";
import { type BenchSection, type BenchSectionResult, type Rate, formatRate } from "./harness.ts";
import { artifact } from "./set-key-weight.ts";

const { Args, CLValue } = sdk;
const CSPR = 1_000_000_000n;
const SLICES = 6;

export const localNode: BenchSection = {
  name: "node",
  async run({ ms }): Promise<BenchSectionResult> {
    // about as many deploys as the node gets through in the time box (it signs them all first)
    const count = Math.max(SLICES * 20, Math.round((ms / 1500) * 600));
    const config = readGenesisConfig({});
    // one fixed clock: both genesis states are then identical (the genesis bids' vesting starts at genesis time)
    const start = BigInt(Date.now());
    const clock = () => start;
    const served = createLocalNetwork({ config, clock });
    const inProcess = createLocalNetwork({ config, clock });
    const direct = createLocalNetwork({ config, clock });
    const server = await startRpcServer(served.node, 0);
    try {
      const faucet = config.accounts.find((a) => a.name === "faucet")!.secretKey!;
      const user = config.accounts.find((a) => a.name === "user-1")!.secretKey!.publicKey;
      const plan = (i: number, payment: bigint) => ({ chainName: config.chainspec.chainName, keys: [faucet], paymentMotes: payment, timestamp: new Date(Number(start) - 60_000 + i) });
      const install = buildSessionWasm(plan(0, 50n * CSPR), artifact("keys_manager"), Args.fromMap({}));
      for (const network of [served, inProcess, direct]) await network.node.call("account_put_deploy", { deploy: install.json });

      const jsons: unknown[] = [];
      const bodies: string[] = [];
      const items: DeployItem[] = [];
      for (let i = 1; i <= count; i++) {
        const args = Args.fromMap({ account: CLValue.newCLPublicKey(user), weight: CLValue.newCLUint8(1 + (i % 2)) });
        const signed = buildContractCall(plan(i, 5n * CSPR / 2n), { by: "name", name: "keys_manager" }, "set_key_weight", args); // the 2.0 minimum payment
        jsons.push(signed.json);
        bodies.push(JSON.stringify({ jsonrpc: "2.0", id: i, method: "account_put_deploy", params: { deploy: signed.json } }));
        items.push(deployItemOfDeploy(readDeployJson(signed.json)));
      }
      const hashes = items.map((d) => Buffer.from(d.deployHash).toString("hex"));

      const throughNode = async (i: number) => {
        const put = await post(server.url, bodies[i]);
        if (put.error) throw new Error(`the node refused a benchmark deploy: ${JSON.stringify(put.error)}`);
        const got = await post(server.url, JSON.stringify({ jsonrpc: "2.0", id: i, method: "info_get_deploy", params: { deploy_hash: hashes[i] } }));
        const error = got.result?.execution_info?.execution_result?.Version2?.error_message;
        if (error !== null) throw new Error(`a benchmark deploy failed on the node: ${error ?? JSON.stringify(got.error)}`);
      };
      // the node's own work without HTTP: the same two calls, made in this process
      const nodeInProcess = async (i: number) => {
        await inProcess.node.call("account_put_deploy", { deploy: jsons[i] });
        const got = (await inProcess.node.call("info_get_deploy", { deploy_hash: hashes[i] })) as { execution_info: { execution_result: { Version2: { error_message: string | null } } } };
        const error = got.execution_info.execution_result.Version2.error_message;
        if (error !== null) throw new Error(`a benchmark deploy failed on the in-process node: ${error}`);
      };
      const onEngine = (i: number) => {
        const r = direct.backend.engine.execute(items[i]);
        if (!r.success) throw new Error(`a benchmark deploy failed on the engine: ${r.error!.message}`);
      };
      // the first slice on each side warms up (compiles, caches the module) and is not counted
      const perSlice = Math.floor(count / SLICES);
      let nodeMs = 0;
      let inProcessMs = 0;
      let engineMs = 0;
      let done = 0;
      for (let s = 0; s < SLICES; s++) {
        const from = s * perSlice;
        const t0 = performance.now();
        for (let i = from; i < from + perSlice; i++) await throughNode(i);
        const t1 = performance.now();
        for (let i = from; i < from + perSlice; i++) await nodeInProcess(i);
        const t2 = performance.now();
        for (let i = from; i < from + perSlice; i++) onEngine(i);
        const t3 = performance.now();
        if (s > 0) {
          nodeMs += t1 - t0;
          inProcessMs += t2 - t1;
          engineMs += t3 - t2;
          done += perSlice;
        }
      }
      const node: Rate = { iterations: done, ms: nodeMs, perSecond: (done * 1000) / nodeMs };
      const local: Rate = { iterations: done, ms: inProcessMs, perSecond: (done * 1000) / inProcessMs };
      const engine: Rate = { iterations: done, ms: engineMs, perSecond: (done * 1000) / engineMs };
      const roots = new Set([served.backend.latestStateRootHash(), inProcess.backend.latestStateRootHash(), direct.backend.engine.stateRootHash()]);
      if (roots.size !== 1) {
        throw new Error("the node and the engine ended in different states: the benchmark did not run the same deploys");
      }
      const ratio = node.perSecond / engine.perSecond;
      const overheadMs = nodeMs / done - engineMs / done;
      const httpMs = nodeMs / done - inProcessMs / done;
      return {
        title: "local node: set_key_weight deploys through JSON-RPC (submit + execute + query) vs the engine directly (issue 6)",
        lines: [
          { label: "through the local node", value: formatRate(node), data: { perSecond: node.perSecond, iterations: node.iterations } },
          { label: "same, node in-process (no HTTP)", value: formatRate(local), data: { perSecond: local.perSecond, iterations: local.iterations } },
          { label: "same deploys, engine directly", value: formatRate(engine), data: { perSecond: engine.perSecond, iterations: engine.iterations } },
          { label: "ratio node / engine", value: ratio.toFixed(3), data: { ratio } },
          { label: "node overhead per deploy", value: `${overheadMs.toFixed(2)} ms, of which HTTP ${httpMs.toFixed(2)} ms (the rest: JSON, hash and signature checks, state checks, block, result JSON, query)`, data: { overheadMs, httpMs } },
        ],
      };
    } finally {
      await server.close();
      // each network holds its LMDB store (and timers) open until closed: the process would not exit
      for (const network of [served, inProcess, direct]) await network.close();
    }
  },
};

async function post(url: string, body: string): Promise<any> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
  return res.json();
}
