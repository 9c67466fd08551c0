// A CI-sized soak of `npm run node -- --data DIR` (the full run to a million blocks is `npm run
// bench:node`): 16 clients send 20,000 native transfers over HTTP (20,000 blocks), with a history
// window of 2,000 blocks. The node's live heap (after a full GC, asked for over IPC) must not grow
// with the chain: the last sample within 10% (+4 MiB) of the one at a fifth of the run, all under
// 300 MiB. Then a restart opens the directory within 2 s of a fresh start, replays nothing, and serves
// the same tip, state root, old blocks and balances at kept roots; a root older than the window is
// answered as unknown, not a crash.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { post, startNodeChild } from "../scripts/bench/node-load/node-child.ts";
import { benchSenders, TransferFactory } from "../scripts/bench/node-load/transfers.ts";
import { rawCall, rpcResult } from "./helpers/node-server.ts";

const CSPR = 1_000_000_000n;
const CHAIN = "casper-soak";
const CLIENTS = 16;
const TRANSFERS = 20_000;
const SAMPLES = 5;
const KEEP = 2_000;
const MiB = 1024 * 1024;

const work = mkdtempSync(join(tmpdir(), "casper-as-soak-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("soak: 20,000 blocks through HTTP", () => {
  it("the heap stays flat, and a restart opens the chain at once with the same tip, blocks and balances", async () => {
    const senders = benchSenders(CLIENTS);
    const config = join(work, "config.json");
    writeFileSync(config, JSON.stringify({
      chain_name: CHAIN,
      chainspec: { max_ttl: "2 hours" },
      accounts: [
        ...senders.map((s, i) => ({ name: `sender-${i}`, balance: String(10n ** 6n * CSPR), public_key: s.publicKeyHex })),
        { name: "validator-1", balance: String(10n ** 6n * CSPR), validator: { bonded_amount: String(10n ** 6n * CSPR), delegation_rate: 10 } },
      ],
    }));
    const data = join(work, "data");
    const args = ["--data", data, "--config", config, "--keep-states", String(KEEP)];
    const factories = senders.map((s, i) => new TransferFactory(s, senders[(i + 1) % CLIENTS], { chainName: CHAIN, ttlMs: 2 * 3600_000, amount: 5n * CSPR / 2n, payment: CSPR / 10n }));
    const node = await startNodeChild(args);
    const heaps: number[] = [];
    let before: { tip: any; balances: string[]; kept: string[]; keptRoot: string };
    try {
      const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
      let sent = 0;
      let ts = Date.now() - 60_000;
      for (let sample = 1; sample <= SAMPLES; sample++) {
        const until = (TRANSFERS / SAMPLES) * sample;
        await Promise.all(factories.map(async (f) => {
          while (sent < until) {
            sent++;
            const { body, hash } = f.requestAt(ts++, sent);
            const answer = JSON.parse(await post(node.url, body, agent));
            if (answer.result?.deploy_hash !== hash) throw new Error(`the node refused a transfer: ${JSON.stringify(answer.error)}`);
          }
        }));
        heaps.push((await node.probe(true)).heapUsed);
      }
      agent.destroy();
      const probe = await node.probe(false);
      expect(probe.height).toBe(TRANSFERS);
      const tip = (await rpcResult(node.url, "chain_get_block", {})).block_with_signatures.block;
      const keptRoot = (await rpcResult(node.url, "chain_get_state_root_hash", { block_identifier: { Height: TRANSFERS - KEEP + 10 } })).state_root_hash;
      const balanceAt = async (stateRoot: string | undefined, pk: string) =>
        (await rpcResult(node.url, "query_balance", { ...(stateRoot ? { state_identifier: { StateRootHash: stateRoot } } : {}), purse_identifier: { main_purse_under_public_key: pk } })).balance as string;
      before = {
        tip,
        balances: await Promise.all(senders.map((s) => balanceAt(undefined, s.publicKeyHex))),
        kept: await Promise.all(senders.map((s) => balanceAt(keptRoot, s.publicKeyHex))),
        keptRoot,
      };
    } finally {
      await node.stop();
    }
    const heapInfo = heaps.map((h) => `${(h / MiB).toFixed(1)} MiB`).join(", ");
    expect(Math.max(...heaps), heapInfo).toBeLessThan(300 * MiB);
    expect(heaps[SAMPLES - 1], `heap after every ${TRANSFERS / SAMPLES} blocks: ${heapInfo}`).toBeLessThanOrEqual(heaps[0] * 1.1 + 4 * MiB);

    // a fresh start of the same genesis, for the restart's time budget
    const fresh = await startNodeChild(["--config", config]);
    await fresh.stop();
    const again = await startNodeChild(args);
    try {
      // the chain's opening as the node times it (the process's start around it is the same either way)
      const opened = (node: { stderr(): string }) => Number(/chain opened in (\d+) ms/.exec(node.stderr())![1]);
      expect(opened(again), `restart ${opened(again)} ms, fresh start ${opened(fresh)} ms`).toBeLessThan(opened(fresh) + 2000);
      expect(again.stderr()).toContain(`height ${TRANSFERS} opened`);
      expect((await rpcResult(again.url, "chain_get_block", {})).block_with_signatures.block).toEqual(before!.tip);
      for (const h of [0, 1, 777, 12_345, TRANSFERS - 1]) {
        const block = (await rpcResult(again.url, "chain_get_block", { block_identifier: { Height: h } })).block_with_signatures.block.Version2;
        expect(block.header.height).toBe(h);
      }
      const balanceAt = async (stateRoot: string | undefined, pk: string) =>
        (await rpcResult(again.url, "query_balance", { ...(stateRoot ? { state_identifier: { StateRootHash: stateRoot } } : {}), purse_identifier: { main_purse_under_public_key: pk } })).balance as string;
      expect(await Promise.all(senders.map((s) => balanceAt(undefined, s.publicKeyHex)))).toEqual(before!.balances);
      expect(await Promise.all(senders.map((s) => balanceAt(before!.keptRoot, s.publicKeyHex)))).toEqual(before!.kept);
      // a root the window no longer keeps: the node's answer for a state root it does not have
      const old = (await rpcResult(again.url, "chain_get_state_root_hash", { block_identifier: { Height: 100 } })).state_root_hash;
      const refused = await rawCall(again.url, "query_balance", { state_identifier: { StateRootHash: old }, purse_identifier: { main_purse_under_public_key: senders[0].publicKeyHex } });
      expect(refused.body.error.code).toBe(-32012);
    } finally {
      await again.stop();
    }
  }, 400_000);
});
