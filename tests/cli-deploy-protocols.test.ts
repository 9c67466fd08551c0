// `deploy` uses the build's protocol marking (scripts/build/protocol-needs.ts): before sending, it reads the
// node's protocol from info_get_status (`api_version`) and refuses a module that protocol cannot run (a 2.x-only
// import on a 1.5 node, an import 2.0 removed on a 2.x node), naming the import; nothing is sent then. A 1.5 node
// is the local node behind a proxy that reports api_version 1.5.8.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../scripts/cli.ts";
import { writeKeyFiles } from "../scripts/cli/keys.ts";
import { CHAIN, ED_KEY } from "./helpers/node-deploys.ts";
import { startTestNode, type TestNode } from "./helpers/node-server.ts";
import { wat } from "./helpers/wasm-helpers.ts";
import { tempDirRemovedAfterAll } from "./helpers/temp-dirs.ts";

const dir = tempDirRemovedAfterAll("casper-as-cli-protocols-");
const alice = join(dir, "alice");
const only2x = join(dir, "emits.wasm");
const only15x = join(dir, "records.wasm");
const both = join(dir, "both.wasm");

let t: TestNode;
let proxy: Server;
let proxyUrl: string;
/** methods the proxied "1.5.8" node received */
const received: string[] = [];

beforeAll(async () => {
  writeKeyFiles(ED_KEY, alice);
  const session = (imports: string, body: string) =>
    wat(`(module ${imports} (memory 1) (func (export "call") ${body} (drop (i32.add (i32.const 1) (i32.const 2)))))`);
  writeFileSync(only2x, session(`(import "env" "casper_emit_message" (func $emit (param i32 i32 i32 i32) (result i32)))`,
    "(drop (call $emit (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))"));
  writeFileSync(only15x, session(`(import "env" "casper_record_era_info" (func $rec (param i32 i32 i32 i32) (result i32)))`,
    "(drop (call $rec (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))"));
  writeFileSync(both, session("", ""));
  t = await startTestNode([{ publicKeyHex: ED_KEY.publicKey.toHex(), balance: 5_000_000_000_000n }], true);
  proxy = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      const method = JSON.parse(body).method as string;
      received.push(method);
      const upstream = await fetch(t.url, { method: "POST", headers: { "content-type": "application/json" }, body });
      let text = await upstream.text();
      if (method === "info_get_status") {
        const json = JSON.parse(text);
        json.result.api_version = "1.5.8";
        text = JSON.stringify(json);
      }
      res.writeHead(upstream.status, { "content-type": "application/json" });
      res.end(text);
    });
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/rpc`;
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise<void>((r) => proxy.close(() => r()));
  await t.close();
});

async function deploy(wasm: string, node: string, ...extra: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["deploy", wasm, "--key", alice, "--payment", "3cspr", "--node", node, "--chain", CHAIN, ...extra], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("deploy checks the module against the node's protocol", () => {
  it("a 2.x-only module is refused by a 1.5.8 node before anything is sent, naming the import", async () => {
    received.length = 0;
    const r = await deploy(only2x, proxyUrl);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      `${only2x} cannot run on the node at ${proxyUrl}: it is Casper 2.x only (imports casper_emit_message) and the node runs 1.5.8 (info_get_status api_version)`,
    );
    expect(received).toEqual(["info_get_status"]);
  });

  it("a 2.x-only module goes to a 2.x node; a module for both goes to either (a 1.5.8 node: sent without a dry run)", async () => {
    // on the 2.x node the dry run runs it first: its emit_message reads no payload (zero bytes), which
    // fails as on chain, so nothing is sent; without the dry run (--no-fork) it is sent
    const dry = await deploy(only2x, t.url);
    expect(dry.code).toBe(2);
    expect(dry.err).toMatch(/the dry run at block \d+ of 'casper-net-1' .* fails: Serialization error: .*; nothing was sent/);
    const r = await deploy(only2x, t.url, "--no-fork");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Deploy hash: [0-9a-f]{64}/);
    expect(r.err).toContain("Casper 2.x only: imports casper_emit_message");
    received.length = 0;
    const b = await deploy(both, proxyUrl);
    expect(b.code, b.err).toBe(0);
    expect(b.err).toContain("runs on Casper 1.5.x and 2.x");
    expect(b.err).toContain("note: no dry run: the node runs Casper 1.5.8 (fork mode runs 2.x networks)");
    expect(received).toEqual(["info_get_status", "account_put_deploy"]);
  });

  it("a module importing what 2.0 removed is refused by a 2.x node", async () => {
    const r = await deploy(only15x, t.url);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${only15x} cannot run on the node at ${t.url}: it is Casper 1.5.x only (imports casper_record_era_info) and the node runs 2.0.0`);
  });
});
