// Eras on the local node: `local_node_advance_eras` (the node's own JSON-RPC extension, not a Casper
// method), the CLI's `advance-eras` and the era timer end eras with switch blocks; the auction's era
// step runs on each, so an undelegation made through RPC is paid out after the unbonding delay, as on
// chain. Switch blocks carry casper-node 2.0's era_end (next era validator weights, the era's rewards:
// contract_runtime/rewards.rs rewards_for_era, production rewards of the era's blocks), parsed by
// casper-js-sdk; the 2.0 auction records read through query_global_state parse with casper-js-sdk too.
import sdk from "casper-js-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { main } from "../scripts/cli.ts";
import { buildNativeDelegate, buildTransfer, buildUndelegate, type Signed } from "../scripts/cli/build-signed.ts";
import { createLocalNetwork, startLocalNetwork } from "../host/node/local-network.ts";
import { readGenesisConfig } from "../host/node/genesis-config.ts";
import { startRpcServer } from "../host/node/rpc-server.ts";
import { rewardsForEra } from "../host/node/era-rewards.ts";
import { eraDurationOf, startEraTimer } from "../host/node/local-node-eras.ts";
import { CHAIN, ED_KEY, OTHER_KEY, plan } from "./helpers/node-deploys.ts";
import { rawCall, rpcResult, startTestNode, type TestNode } from "./helpers/node-server.ts";
import { tempDirRemovedAfterAll } from "./helpers/temp-dirs.ts";

const { RpcClient, HttpHandler, PurseIdentifier, Transaction } = sdk;
const CSPR = 1_000_000_000n;

let t: TestNode;
let rpc: InstanceType<typeof RpcClient>;
beforeAll(async () => {
  t = await startTestNode([{ publicKeyHex: ED_KEY.publicKey.toHex(), balance: 100_000n * CSPR }]);
  rpc = new RpcClient(new HttpHandler(t.url, "fetch"));
});
afterAll(async () => {
  await t?.close();
});

async function send(signed: Signed) {
  if (signed.kind !== "transaction") throw new Error("expected a TransactionV1");
  expect((await rpc.putTransaction(Transaction.fromTransactionV1(signed.transaction))).transactionHash.toHex()).toBe(signed.hash);
  return (await rpc.getTransactionByTransactionHash(signed.hash)).executionInfo!.executionResult;
}
const balance = async () => BigInt((await rpc.queryLatestBalance(PurseIdentifier.fromPublicKey(ED_KEY.publicKey))).balance.toString());
const advance = (count?: number) => rpcResult(t.url, "local_node_advance_eras", count === undefined ? undefined : { count });

describe("an undelegation on the local node is paid after the unbonding delay", () => {
  it("delegate and undelegate through RPC, advance eras through RPC: the motes come back at the end of era 7 after the request", async () => {
    const validator = sdk.PublicKey.fromHex(t.validator);
    const txPlan = plan({ paymentMotes: 2_500_000_000n, transaction: true });
    expect((await send(buildNativeDelegate(txPlan, validator, 1000n * CSPR))).errorMessage ?? null).toBeNull();
    const startEra = t.node.chain.currentEra;
    expect((await send(buildUndelegate(txPlan, validator, 400n * CSPR))).errorMessage ?? null).toBeNull();
    const before = await balance();

    // the 2.0 records, read back through query_global_state and parsed by casper-js-sdk
    const validatorHash = validator.accountHash().toHex();
    const delegatorHash = ED_KEY.publicKey.accountHash().toHex();
    const stored = async (key: string) => (await rpc.queryLatestGlobalState(key, [])).storedValue;
    const delegation = (await stored(`bid-addr-02${validatorHash}${delegatorHash}`)).bidKind!.delegator!;
    expect([delegation.delegatorKind.publicKey!.toHex(), delegation.stakedAmount.toString()]).toEqual([ED_KEY.publicKey.toHex(), String(600n * CSPR)]);
    const unbond = (await stored(`bid-addr-07${validatorHash}${delegatorHash}`)).bidKind!.unbond!;
    expect(unbond.unbondKind.delegatedPublicKey!.toHex()).toBe(ED_KEY.publicKey.toHex());
    expect(unbond.eras.map((e) => [e.eraOfCreation, e.amount.toString()])).toEqual([[startEra, String(400n * CSPR)]]);

    const first = await advance(7);
    expect(first.switch_blocks).toHaveLength(7);
    expect(first.era_id).toBe(startEra + 7);
    expect(await balance()).toBe(before); // era start + 7 has not ended yet
    await advance();
    expect(await balance()).toBe(before + 400n * CSPR);
    await expect(stored(`bid-addr-07${validatorHash}${delegatorHash}`)).rejects.toThrow(); // paid: the Unbond is pruned
  });
});

describe("switch blocks", () => {
  it("end the era with era_end (2.0 EraEndV2): next era validator weights and the era's rewards; the next blocks are in the next era", async () => {
    const era = t.node.chain.currentEra;
    // the era's blocks so far: every block after the last switch block (genesis counts as one)
    const proposersBefore = t.node.chain.height - t.node.chain.lastSwitchBlock().height;
    const supply = BigInt(t.backend.engine.value(t.backend.engine.systemContract("mint"), ["total_supply"]).toString());
    const { switch_blocks: [sb] } = await advance();
    expect(sb.era_id).toBe(era);
    const got = await rpc.getBlockByHeight(sb.height);
    const block = got.block;
    expect(block.hash.toHex()).toBe(sb.hash);
    const eraEnd = block.eraEnd!;
    expect(eraEnd).toBeDefined();
    const weights = t.backend.engine.validators(BigInt(era + 1));
    expect(eraEnd.nextEraValidatorWeights.map((w) => [w.validator.toHex(), w.weight.toString()])).toEqual(weights.map((w) => [w.publicKey, String(w.weight)]));
    // every block of the era earned its proposer (the one validator) 5% of the round reward
    const expected = rewardsForEra({
      validators: [t.validator], blocksByProposer: new Map([[t.validator, proposersBefore + 1]]), totalSupply: supply,
      roundSeigniorageRate: [7n, 175_070_816n], finalitySignatureProportion: [95n, 100n],
    });
    expect(expected[0].amounts[0]).toBe(((BigInt(proposersBefore) + 1n) * 5n * 7n * supply) / (100n * 175_070_816n));
    const raw = (await rpcResult(t.url, "chain_get_block", { block_identifier: { Height: sb.height } })).block_with_signatures.block.Version2.header.era_end;
    expect(raw).toMatchObject({ equivocators: [], inactive_validators: [], next_era_gas_price: 1, rewards: { [t.validator]: [String(expected[0].amounts[0])] } });
    // the reward was minted into the validator's stake
    expect(t.backend.engine.bid(t.validator)!.stakedAmount).toBeGreaterThan(5n * 10n ** 14n);
    // the next block belongs to the next era and names this switch block as its last
    const txPlan = plan({ paymentMotes: 100_000_000n, transaction: true });
    expect((await send(buildTransfer(txPlan, OTHER_KEY.publicKey, 3n * CSPR, 77))).errorMessage ?? null).toBeNull();
    const next = (await rpcResult(t.url, "chain_get_block", {})).block_with_signatures.block.Version2.header;
    expect([next.era_id, next.last_switch_block_hash, next.era_end]).toEqual([era + 1, sb.hash, null]);
  });

  it("refuses a bad count with the node's invalid-params error; a real Casper method name is not taken", async () => {
    for (const count of [0, -1, 1.5, "3", 1001]) {
      const answer = await rawCall(t.url, "local_node_advance_eras", { count });
      expect(answer.body.error.code).toBe(-32602);
      expect(answer.body.error.data).toMatch(/count: expected a whole number of eras from 1 to 1000/);
    }
    expect(t.node.methodNames().filter((m) => m.startsWith("local_node_"))).toEqual(["local_node_advance_eras"]);
  });
});

describe("the CLI and the era timer", () => {
  it("`npm run casper -- advance-eras 2` ends two eras on a local node; a node without the method is named as such", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const era = t.node.chain.currentEra;
    const code = await main(["advance-eras", "2", "--node", t.url], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect([code, err]).toEqual([0, []]);
    expect(out.at(-1)).toBe(`now in era ${era + 2}`);
    expect(out[0]).toMatch(new RegExp(`^era ${era} ended: switch block \\d+ [0-9a-f]{64}$`));
    expect(await main(["advance-eras", "zero", "--node", t.url], { out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(err.at(-1)).toMatch(/count: 'zero' is not a number of eras/);
  });

  it("--era-duration takes the chainspec's duration format; absent, the chainspec's era_duration (120 minutes)", () => {
    expect([eraDurationOf("30 s", "120 minutes"), eraDurationOf("2 minutes", "120 minutes"), eraDurationOf(undefined, "120 minutes")]).toEqual([30_000n, 120_000n, 7_200_000n]);
    expect(() => eraDurationOf("soon", "120 minutes")).toThrow(/--era-duration: invalid duration 'soon'/);
    expect(() => eraDurationOf("0 s", "120 minutes")).toThrow(/must be positive/);
  });

  let stopTimer: (() => void) | undefined;
  afterEach(() => stopTimer?.());

  it("the era timer ends an era once the era duration has passed since the last switch block", async () => {
    let now = BigInt(Date.now());
    const network = await startLocalNetwork({ port: 0, clock: () => now });
    try {
      stopTimer = startEraTimer(network.node, 200n, () => now);
      await new Promise((r) => setTimeout(r, 450));
      expect(network.node.chain.currentEra).toBe(0); // the clock has not moved
      now += 250n;
      for (let i = 0; i < 20 && network.node.chain.currentEra === 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(network.node.chain.currentEra).toBe(1);
      expect(network.node.chain.latest().eraEnd).not.toBeNull();
    } finally {
      await network.server.close();
      await network.close();
    }
  });
});

describe("a data directory keeps switch blocks", () => {
  const dir = tempDirRemovedAfterAll("casper-as-eras-");

  it("a restart rebuilds the switch blocks: same hashes, same era, same state", async () => {
    const config = readGenesisConfig({ chain_name: CHAIN });
    const clock = () => 1_750_000_000_000n;
    const first = createLocalNetwork({ config, dataDir: dir, clock });
    await first.node.endEras(3);
    const hashes = [1, 2, 3].map((h) => first.node.chain.atHeight(h)!.hash);
    const root = first.node.chain.latest().stateRootHash;
    await first.close();
    const again = createLocalNetwork({ dataDir: dir, clock });
    expect(again.restoredHeight).toBe(3);
    expect([1, 2, 3].map((h) => again.node.chain.atHeight(h)!.hash)).toEqual(hashes);
    expect([again.node.chain.currentEra, again.node.chain.latest().stateRootHash]).toEqual([3, root]);
    expect(again.backend.engine.eraId()).toBe(3n);
    const server = await startRpcServer(again.node, 0);
    try {
      const block = (await new RpcClient(new HttpHandler(server.url, "fetch")).getBlockByHeight(2)).block;
      expect(block.eraEnd).toBeDefined();
    } finally {
      await server.close();
      await again.close();
    }
  });
});
