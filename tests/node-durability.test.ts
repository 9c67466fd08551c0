// A node answers account_put_deploy only once the deploy (and, in instant mode, its block) is on disk.
// `npm run node -- --data DIR` in its own process is put under load by 8 clients, each sending native
// transfers from its own account, and killed with SIGKILL at a random moment, three times; after each
// restart every acknowledged deploy is there, executed once in its block (block mode: in the pool or
// executed, then executed), the chain is whole (every block from genesis to the tip, each parent the
// block before), and every account's balance is exactly what the executed transfers make it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { benchSenders, TransferFactory } from "../scripts/bench/node-load/transfers.ts";
import { startNodeProcess, type NodeProcess } from "./helpers/node-process.ts";
import { rpcResult } from "./helpers/node-server.ts";
import { post } from "../scripts/bench/node-load/node-child.ts";

const CSPR = 1_000_000_000n;
const CHAIN = "casper-durability";
const INITIAL = 1_000_000n * CSPR;
const AMOUNT = 5n * CSPR / 2n;
const CLIENTS = 8;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const senders = benchSenders(CLIENTS);
const plan = { chainName: CHAIN, ttlMs: 2 * 3600_000, amount: AMOUNT, payment: CSPR / 10n };

interface Sent {
  hash: string;
  from: number;
  to: number;
}

/** Sends transfers from every client until the node dies; returns what was sent and what was acknowledged. */
async function loadUntilKilled(node: NodeProcess, factories: TransferFactory[], next: { ts: number }, killAfterMs: number): Promise<{ sent: Sent[]; acked: Set<string> }> {
  const sent: Sent[] = [];
  const acked = new Set<string>();
  let dead = false;
  const killer = new Promise<void>((resolve) => setTimeout(() => {
    dead = true;
    process.kill(-node.child.pid!, "SIGKILL");
    resolve();
  }, killAfterMs));
  await Promise.all(factories.map(async (f, c) => {
    while (!dead) {
      const { body, hash } = f.requestAt(next.ts++, sent.length + 1);
      sent.push({ hash, from: c, to: (c + 1) % CLIENTS });
      try {
        const answer = JSON.parse(await post(node.url, body));
        if (answer.result?.deploy_hash === hash) acked.add(hash);
        else if (!dead) throw new Error(`the node refused a transfer: ${JSON.stringify(answer.error)}`);
      } catch (e) {
        if (!dead) throw e;
      }
    }
  }));
  await killer;
  await new Promise<void>((resolve) => (node.child.exitCode !== null || node.child.signalCode !== null ? resolve() : node.child.once("exit", () => resolve())));
  return { sent, acked };
}

/** Every block from genesis to the tip, each pointing at the one before. */
async function checkChain(url: string): Promise<number> {
  const tip = (await rpcResult(url, "info_get_status")).last_added_block_info.height as number;
  let parent = "00".repeat(32);
  for (let h = 0; h <= tip; h++) {
    const block = (await rpcResult(url, "chain_get_block", { block_identifier: { Height: h } })).block_with_signatures.block.Version2;
    expect(block.header.parent_hash, `block ${h}`).toBe(parent);
    parent = block.hash;
  }
  return tip;
}

async function runKills(blockTime: number | undefined): Promise<void> {
  const data = mkdtempSync(join(tmpdir(), "casper-as-durability-"));
  dirs.push(data);
  const config = join(data, "..", `${data.split("/").pop()}-config.json`);
  dirs.push(config);
  writeFileSync(config, JSON.stringify({
    chain_name: CHAIN,
    chainspec: { max_ttl: "2 hours" },
    accounts: [
      ...senders.map((s, i) => ({ name: `sender-${i}`, balance: String(INITIAL), public_key: s.publicKeyHex })),
      { name: "validator-1", balance: String(INITIAL), validator: { bonded_amount: String(INITIAL), delegation_rate: 10 } },
    ],
  }));
  const factories = senders.map((s, i) => new TransferFactory(s, senders[(i + 1) % CLIENTS], plan));
  const args = ["--port", "0", "--data", data, "--config", config, ...(blockTime ? ["--block-time", String(blockTime)] : [])];
  const allSent: Sent[] = [];
  const allAcked = new Set<string>();
  const next = { ts: Date.now() - 60_000 };
  for (let round = 0; round < 3; round++) {
    const node = await startNodeProcess(args, 90_000);
    const { sent, acked } = await loadUntilKilled(node, factories, next, 1500 + Math.floor(Math.random() * 2500));
    expect(acked.size, `round ${round}: the load reached the node`).toBeGreaterThan(0);
    allSent.push(...sent);
    for (const h of acked) allAcked.add(h);
  }
  const node = await startNodeProcess(args, 90_000);
  try {
    if (blockTime) await new Promise((r) => setTimeout(r, blockTime * 4)); // the pool a restart found is executed
    await checkChain(node.url);
    // every acknowledged deploy is there, executed in its block; no deploy twice in the chain
    const executed: Sent[] = [];
    const costs = new Map<string, bigint>();
    for (const s of allSent) {
      let got: any;
      try {
        got = await rpcResult(node.url, "info_get_deploy", { deploy_hash: s.hash });
      } catch {
        expect(allAcked.has(s.hash), `acknowledged deploy ${s.hash} lost`).toBe(false);
        continue;
      }
      const result = got.execution_info?.execution_result?.Version2;
      expect(result, `deploy ${s.hash} not executed`).toBeDefined();
      expect(result.error_message).toBeNull();
      executed.push(s);
      costs.set(s.hash, BigInt(result.cost));
    }
    for (const h of allAcked) expect(executed.some((s) => s.hash === h), `acknowledged deploy ${h} lost`).toBe(true);
    // balances to the mote: what the executed transfers make of the genesis balances
    const expected = senders.map(() => INITIAL);
    for (const s of executed) {
      expected[s.from] -= AMOUNT + costs.get(s.hash)!;
      expected[s.to] += AMOUNT;
    }
    for (let i = 0; i < CLIENTS; i++) {
      const got = await rpcResult(node.url, "query_balance", { purse_identifier: { main_purse_under_public_key: senders[i].publicKeyHex } });
      expect(BigInt(got.balance), `sender ${i}`).toBe(expected[i]);
    }
    expect(executed.length).toBeGreaterThanOrEqual(allAcked.size);
  } finally {
    await node.stop();
  }
}

describe("kill -9 under load loses nothing acknowledged", () => {
  it("instant blocks: three kills, every acknowledged deploy executed once, the chain whole, balances exact", async () => {
    await runKills(undefined);
  }, 240_000);

  it("block mode: three kills, every acknowledged deploy (pooled on disk) executed after the restart", async () => {
    await runKills(200);
  }, 240_000);
});
