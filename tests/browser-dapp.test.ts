// The example dApp (examples/browser-dapp) in a real browser (issue 19): Debian's Chromium driven by
// playwright-core, the page served by Vite on http://localhost:<port> and the local node on
// http://127.0.0.1:<other port>, so every call the page makes is cross-origin and goes through the
// node's CORS. What the page shows is checked against what the node answers over JSON-RPC: the
// balance to the mote, the transfer's block, the keys_manager result (the account's associated keys),
// the live events. Then a node restricted to another origin (--cors-origin): the page is refused, and
// the node executes nothing and logs no error. The screenshot the README shows is saved to
// build/browser-dapp.png.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDappServer, type DappServer } from "../examples/browser-dapp/server.ts";
import { prepareDapp, type DappConfig } from "../examples/browser-dapp/setup.ts";
import { parseCorsOrigin } from "../host/node/http/cors.ts";
import { startLocalNetwork } from "../host/node/local-network.ts";
import { writeGenesisKeys } from "../scripts/cli/genesis-keys.ts";
import { rpcResult } from "./helpers/node-server.ts";

const CHROMIUM = "/usr/bin/chromium";
/** The flags this machine needs (see /work/.library/env/machines/node.md): no sandbox as root, no network chatter. */
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const SCREENSHOT = join(new URL("..", import.meta.url).pathname, "build", "browser-dapp.png");

type Network = Awaited<ReturnType<typeof startLocalNetwork>>;
let node: Network;
let restricted: Network;
const logs: string[] = [];
const restrictedLogs: string[] = [];
let config: DappConfig;
let dapp: DappServer;
let browser: BrowserContext;
let page: Page;
let profile: string;
const keysDir = mkdtempSync(join(tmpdir(), "casper-as-dapp-keys-"));

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (.ci/run installs it when it is missing)`);
  }
  node = await startLocalNetwork({ port: 0, log: (l) => logs.push(l) });
  writeGenesisKeys(node.config, keysDir);
  // the same chain and keys, but browser pages are allowed from one origin only, not the dApp's
  restricted = await startLocalNetwork({ port: 0, cors: parseCorsOrigin("https://app.example.com"), log: (l) => restrictedLogs.push(l) });
  config = await prepareDapp({ nodeUrl: node.server.url, keysDir });
  dapp = await startDappServer(
    { default: config, restricted: { ...config, nodeUrl: restricted.server.url, eventsUrl: restricted.server.eventsUrl! } },
    0,
  );
  profile = mkdtempSync(join(tmpdir(), "casper-as-chromium-"));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1000, height: 570 },
  });
  page = await browser.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dapp?.close();
  await node?.server.close();
  await node?.close();
  await restricted?.server.close();
  await restricted?.close();
  for (const dir of [profile, keysDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const data = (selector: string, name: string) => page.$eval(selector, (el, key) => (el as HTMLElement).dataset[key], name);

async function balanceOf(publicKey: string): Promise<bigint> {
  return BigInt((await rpcResult(node.server.url, "query_balance", { purse_identifier: { main_purse_under_public_key: publicKey } })).balance);
}

describe("the example dApp in Chromium, on another origin than the node", () => {
  it("the page and the node are on different origins", () => {
    expect(new URL(dapp.url).origin).not.toBe(new URL(node.server.url).origin);
  });

  it("shows the account's balance, as the node has it to the mote", async () => {
    await page.goto(dapp.url);
    await page.waitForFunction(() => document.getElementById("balance")!.dataset.motes !== undefined);
    const motes = BigInt((await data("#balance", "motes"))!);
    expect(motes).toBe(await balanceOf(config.account.publicKey));
    expect(await page.textContent("#balance")).toMatch(/^[\d,]+(\.\d+)? CSPR$/);
    expect((await page.textContent("#dev-key"))!.replace(/\s+/g, " ")).toContain("On a real network a wallet signs");
    expect(await page.textContent("#error")).toBe("");
  });

  it("sends a native transfer signed in the page, and shows the block it executed in", async () => {
    const recipientBefore = await balanceOf(config.recipient.publicKey);
    await page.click("#send-transfer");
    await page.waitForSelector("#transfer-result.ok, #transfer-result.failed");
    expect(await page.getAttribute("#transfer-result", "class")).toBe("result ok");
    const hash = (await data("#transfer-result", "deployHash"))!;
    const info = await rpcResult(node.server.url, "info_get_deploy", { deploy_hash: hash });
    expect(info.execution_info.execution_result.Version2.error_message).toBeNull();
    expect(await data("#transfer-result", "blockHeight")).toBe(String(info.execution_info.block_height));
    expect(await data("#transfer-result", "blockHash")).toBe(info.execution_info.block_hash);
    expect(await page.textContent("#transfer-result")).toContain(`executed in block #${info.execution_info.block_height}`);
    expect(await balanceOf(config.recipient.publicKey)).toBe(recipientBefore + BigInt(config.transfer.amountMotes));
    // the page read its new balance back
    await page.waitForFunction(async (expected) => document.getElementById("balance")!.dataset.motes === expected, String(await balanceOf(config.account.publicKey)));
  });

  it("calls keys_manager (installed by the setup) and shows the account's associated keys as the node has them", async () => {
    await page.click("#call-keys-manager");
    await page.waitForSelector("#keys-manager-result.ok, #keys-manager-result.failed");
    expect(await page.getAttribute("#keys-manager-result", "class")).toBe("result ok");
    const account = (await rpcResult(node.server.url, "state_get_account_info", { account_identifier: config.account.publicKey })).account;
    const recipientHash = (await rpcResult(node.server.url, "state_get_account_info", { account_identifier: config.recipient.publicKey })).account.account_hash;
    expect(account.associated_keys).toContainEqual({ account_hash: recipientHash, weight: 1 });
    const shown = await page.$$eval("#associated-keys li", (items) => items.map((li) => [(li as HTMLElement).dataset.accountHash, Number((li as HTMLElement).dataset.weight)]));
    expect(shown).toEqual(account.associated_keys.map((k: { account_hash: string; weight: number }) => [k.account_hash, k.weight]));
  });

  it("lists the node's events live: each deploy's TransactionAccepted, BlockAdded and TransactionProcessed, with ids", async () => {
    const transfer = (await data("#transfer-result", "deployHash"))!;
    const call = (await data("#keys-manager-result", "deployHash"))!;
    const events = await page.$$eval("#events li", (items) =>
      items.map((li) => ({ type: (li as HTMLElement).dataset.type, id: (li as HTMLElement).dataset.id, summary: li.querySelector(".summary")!.textContent })),
    );
    // newest first; the stream started after the setup's install (ids 0-2)
    expect(events.map((e) => [e.id, e.type])).toEqual([
      ["8", "TransactionProcessed"],
      ["7", "BlockAdded"],
      ["6", "TransactionAccepted"],
      ["5", "TransactionProcessed"],
      ["4", "BlockAdded"],
      ["3", "TransactionAccepted"],
      ["", "ApiVersion"],
    ]);
    expect(events[0].summary).toMatch(new RegExp(`^${call.slice(0, 8)}….*: success$`));
    expect(events[3].summary).toMatch(new RegExp(`^${transfer.slice(0, 8)}….*: success$`));
    expect(await page.textContent("#stream-state")).toBe("live");
    expect(await page.textContent("#height")).toBe(String(node.node.chain.height));
  });

  it("saves the screenshot the README shows", async () => {
    mkdirSync(join(SCREENSHOT, ".."), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
  });

  it("the node logged nothing: no CORS refusal, no client error", () => {
    expect(logs).toEqual([]);
  });
});

describe("a node restricted to another origin (--cors-origin https://app.example.com)", () => {
  it("refuses the page: the browser reports the failed fetch, the event stream closes", async () => {
    const other = await browser.newPage();
    await other.goto(`${dapp.url}?config=restricted`);
    await other.waitForFunction(() => document.getElementById("error")!.textContent !== "");
    expect(await other.textContent("#error")).toMatch(/^cannot reach the node: .*Failed to fetch.* does it allow this page's origin \(http:\/\/localhost:\d+\)\?/);
    await other.waitForFunction(() => document.getElementById("stream-state")!.textContent === "closed");
    await other.close();
  });

  it("the node executed nothing and logged no error", async () => {
    expect(restricted.node.chain.height).toBe(0);
    expect(restrictedLogs).toEqual([]);
  });
});
