// Issue 14's budgets: how many JSON-RPC requests a fork-mode dry run of a keys_manager call makes
// against the local node, cold (empty cache) and warm (same block, same cache); and how close
// `--payment auto` comes to the gas the node then consumes, for each deploy of the README's
// walkthrough (scripts/README.md) and of the gas report's CEP-18 sequence (scripts/gas/scenarios.ts, both
// AssemblyScript builds): every payment must cover the consumed gas, and where it is not the 2.5 CSPR
// minimum, be at most 15% above it. Each deploy goes through the CLI's own checks
// (scripts/cli/preflight.ts) and is then executed by the node.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sdk from "casper-js-sdk";
import { Engine } from "../../host/engine/engine.ts";
import { makeDeploy, sessionItems } from "../../host/engine/deploys.ts";
import { readGenesisConfig } from "../../host/node/genesis-config.ts";
import { createLocalNetwork } from "../../host/node/local-network.ts";
import { startRpcServer } from "../../host/node/rpc-server.ts";
import { buildContractCall, buildSessionWasm, buildTransfer, buildUndelegate, type Signed, type SigningPlan } from "../cli/build-signed.ts";
import type { Io } from "../cli/command-context.ts";
import { preflight, type PreflightRequest } from "../cli/preflight.ts";
import type { BenchSection, BenchSectionResult } from "./harness.ts";
import { artifact } from "./set-key-weight.ts";

const { Args, CLValue, PublicKey } = sdk;
const CSPR = 1_000_000_000n;
const MINIMUM = 2_500_000_000n;
const REQUEST_BUDGET = 20;
const MARGIN_BUDGET_PERCENT = 15n;

export const fork: BenchSection = {
  name: "fork",
  async run(): Promise<BenchSectionResult> {
    const cache = mkdtempSync(join(tmpdir(), "casper-as-bench-fork-"));
    const savedCache = process.env.CASPER_AS_FORK_CACHE;
    process.env.CASPER_AS_FORK_CACHE = cache;
    const config = readGenesisConfig({});
    const network = createLocalNetwork({ config });
    const server = await startRpcServer(network.node, 0);
    const url = server.url;
    const chainName = config.chainspec.chainName;
    const faucet = config.accounts.find((a) => a.name === "faucet")!.secretKey!;
    const users = config.accounts.filter((a) => a.name.startsWith("user-")).map((a) => PublicKey.fromHex(a.publicKeyHex));
    const validator = PublicKey.fromHex(config.accounts.find((a) => a.validator)!.publicKeyHex);
    const quiet: Io = { out: () => {}, err: () => {} };
    const plan = (payment: bigint): SigningPlan => ({ chainName, keys: [faucet], paymentMotes: payment });
    const send = async (signed: Signed) => {
      await network.node.call("account_put_deploy", { deploy: signed.json });
      const r = (await network.node.call("info_get_deploy", { deploy_hash: signed.hash })) as { execution_info: { execution_result: { Version2: { consumed: string; limit: string; error_message: string | null } } } };
      return r.execution_info.execution_result.Version2;
    };
    try {
      // the README's walkthrough, each deploy with --payment auto
      const walkthrough: [string, Omit<PreflightRequest, "nodeUrl" | "chainName">][] = [
        ["keys_manager install", { build: (p) => buildSessionWasm(plan(p), artifact("keys_manager"), Args.fromMap({})) }],
        ["set_key_weight", { build: (p) => buildContractCall(plan(p), { by: "name", name: "keys_manager" }, "set_key_weight", Args.fromMap({ account: CLValue.newCLPublicKey(users[0]), weight: CLValue.newCLUint8(1) })) }],
        ["set_all (4 keys)", { build: (p) => buildContractCall(plan(p), { by: "name", name: "keys_manager" }, "set_all", Args.fromMap({
          deployment_threshold: CLValue.newCLUint8(1), key_management_threshold: CLValue.newCLUint8(1),
          accounts: CLValue.newCLList(sdk.CLTypePublicKey, users.map((u) => CLValue.newCLPublicKey(u))),
          weights: CLValue.newCLList(sdk.CLTypeUInt8, users.map(() => CLValue.newCLUint8(1))),
        })) }],
        ["transfer", { build: (p) => buildTransfer(plan(p), users[1], 10n * CSPR), fixedPayment: 100_000_000n, spends: 10n * CSPR }],
        ["delegate (delegate.wasm)", { build: (p) => buildSessionWasm(plan(p), artifact("delegate"), Args.fromMap({
          delegator: CLValue.newCLPublicKey(faucet.publicKey), validator: CLValue.newCLPublicKey(validator), amount: CLValue.newCLUInt512((600n * CSPR).toString()),
        })), spends: 600n * CSPR }],
        ["undelegate (auction by hash)", { build: (p) => buildUndelegate(plan(p), validator, 100n * CSPR, network.backend.engine.systemContract("auction").slice(5)) }],
      ];
      // the CEP-18 sequence of the gas report (scripts/gas/scenarios.ts), for both AssemblyScript builds
      const user1 = config.accounts.find((a) => a.name === "user-1")!.secretKey!;
      const planOf = (signer: typeof faucet) => (payment: bigint): SigningPlan => ({ chainName, keys: [signer], paymentMotes: payment });
      const keyArg = (pk: InstanceType<typeof PublicKey>) => CLValue.newCLKey(sdk.Key.newKey(pk.accountHash().toPrefixedString()));
      const u256 = (n: bigint) => CLValue.newCLUInt256(n.toString());
      const tokenHash = (name: string) => () => {
        const named = network.backend.engine.account(faucet.publicKey.accountHash().toHex()).namedKeys[`cep18_contract_hash_${name}`];
        return named.slice("hash-".length);
      };
      for (const [build, name] of [["cep18", "Gas"], ["cep18_2x", "Gas2"]] as const) {
        const token = tokenHash(name);
        const callToken = (signer: typeof faucet, entryPoint: string, args: Record<string, InstanceType<typeof CLValue>>) =>
          (p: bigint) => buildContractCall(planOf(signer)(p), { by: "hash", hash: token() }, entryPoint, Args.fromMap(args));
        walkthrough.push(
          [`${build} install`, { build: (p) => buildSessionWasm(plan(p), artifact(build), Args.fromMap({
            name: CLValue.newCLString(name), symbol: CLValue.newCLString("GAS"), decimals: CLValue.newCLUint8(9), total_supply: u256(10n ** 18n),
            events_mode: CLValue.newCLUint8(1), enable_mint_burn: CLValue.newCLUint8(1),
          })) }],
          [`${build} transfer`, { build: callToken(faucet, "transfer", { recipient: keyArg(users[0]), amount: u256(1000n) }) }],
          [`${build} approve`, { build: callToken(faucet, "approve", { spender: keyArg(user1.publicKey), amount: u256(1000n) }) }],
          [`${build} transfer_from`, { build: callToken(user1, "transfer_from", { owner: keyArg(faucet.publicKey), recipient: keyArg(users[2]), amount: u256(500n) }) }],
          [`${build} mint`, { build: callToken(faucet, "mint", { owner: keyArg(users[0]), amount: u256(1000n) }) }],
          [`${build} burn`, { build: callToken(faucet, "burn", { owner: keyArg(faucet.publicKey), amount: u256(10n) }) }],
          [`${build} balance_of`, { build: callToken(user1, "balance_of", { address: keyArg(faucet.publicKey) }) }],
        );
      }
      const lines: BenchSectionResult["lines"][number][] = [];
      const goals: { goal: string; met: boolean }[] = [];
      let coveredAll = true;
      let withinMargin = true;
      for (const [name, request] of walkthrough) {
        const before = Date.now();
        const out = await preflight({ nodeUrl: url, chainName, ...request }, quiet);
        const ms = Date.now() - before;
        const payment = paymentOf(out.signed);
        const result = await send(out.signed);
        const consumed = BigInt(result.consumed);
        const over = consumed === 0n ? 0n : ((payment - consumed) * 10_000n) / consumed;
        const floor = payment === MINIMUM && (consumed * 110n) / 100n < MINIMUM;
        const fixed = request.fixedPayment !== undefined;
        const measuredHere = !fixed && request.fallbackPayment === undefined;
        coveredAll &&= payment >= consumed && result.error_message === null;
        if (measuredHere && !floor) withinMargin &&= payment * 100n <= consumed * (100n + MARGIN_BUDGET_PERCENT);
        const note = fixed ? "fixed cost" : !measuredHere ? "unmeasured (gas report figure)" : floor ? "the 2.5 CSPR minimum" : `+${Number(over) / 100}%`;
        lines.push({ label: `${name}`, value: `gas ${consumed}, payment ${payment} (${note}), ${result.error_message ?? "success"}; ${out.requests} requests, ${ms} ms`, data: { gas: String(consumed), payment: String(payment), requests: out.requests } });
      }
      goals.push({ goal: "auto payment covers the gas the node consumed, every README and CEP-18 deploy succeeds", met: coveredAll });
      goals.push({ goal: `auto payment at most ${MARGIN_BUDGET_PERCENT}% above the gas (where above the 2.5 CSPR minimum)`, met: withinMargin });

      // requests of a keys_manager call's dry run on an engine pinned to the tip: cold, then warm
      const height = network.node.chain.height;
      const call = makeDeploy({ account: faucet.publicKey, signers: [faucet], chainName, paymentAmount: 3n * CSPR }, sessionItems.byName("keys_manager", "set_key_weight", {
        account: CLValue.newCLPublicKey(users[2]), weight: CLValue.newCLUint8(1),
      }));
      const coldDir = mkdtempSync(join(cache, "pinned-"));
      const cold = await Engine.fork({ node: url, block: height, cacheDir: coldDir });
      const coldResult = await cold.fork!.run(() => cold.execute(call));
      const warm = await Engine.fork({ node: url, block: height, cacheDir: coldDir });
      const warmResult = await warm.fork!.run(() => warm.execute(call));
      lines.push({ label: "keys_manager call, cold fork (pinned block)", value: `${cold.fork!.requests} JSON-RPC requests, ${cold.fork!.lastRounds} fetch rounds; ${coldResult.success ? "success" : coldResult.error!.message}, gas ${coldResult.gas}`, data: { requests: cold.fork!.requests } });
      lines.push({ label: "keys_manager call, warm fork (same block, same cache)", value: `${warm.fork!.requests} JSON-RPC requests; gas ${warmResult.gas}`, data: { requests: warm.fork!.requests } });
      goals.push({ goal: `cold dry run <= ${REQUEST_BUDGET} requests`, met: cold.fork!.requests <= REQUEST_BUDGET });
      goals.push({ goal: "warm dry run: no request", met: warm.fork!.requests === 0 && warmResult.gas === coldResult.gas });
      return { title: "Fork mode: requests to the node and the payment auto picks (issue 14)", lines, goals };
    } finally {
      await server.close();
      if (savedCache === undefined) delete process.env.CASPER_AS_FORK_CACHE;
      else process.env.CASPER_AS_FORK_CACHE = savedCache;
      rmSync(cache, { recursive: true, force: true });
    }
  },
};

/** The standard payment's `amount` (a Deploy's payment args; a TransactionV1's payment_amount). */
function paymentOf(signed: Signed): bigint {
  if (signed.kind === "transaction") return BigInt((signed.json as { payload: { pricing_mode: { PaymentLimited: { payment_amount: number } } } }).payload.pricing_mode.PaymentLimited.payment_amount);
  const args = (signed.json as { payment: { ModuleBytes: { args: [string, { bytes: string }][] } } }).payment.ModuleBytes.args;
  const bytes = Buffer.from(args.find(([n]) => n === "amount")![1].bytes, "hex"); // U512: a length byte, then little-endian
  let motes = 0n;
  for (let i = bytes[0]; i >= 1; i--) motes = (motes << 8n) | BigInt(bytes[i]);
  return motes;
}
