// The REST endpoints a casper-node 2.0 node serves beside JSON-RPC (rest_server/filters.rs), on the
// same port as /rpc: GET /status, /chainspec, /validator-changes, each validated against casper-node's
// own schema (resources/test/rest_schema_*.json, with ajv) and compared with the RPC answer it mirrors.
import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ED_KEY, transferDeploy } from "./helpers/node-deploys.ts";
import { rpcResult, startTestNode, type TestNode } from "./helpers/node-server.ts";

const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
const schema = (name: string) => ajv.compile(JSON.parse(readFileSync(new URL(`./fixtures/casper-node-2.0/${name}.json`, import.meta.url), "utf8")));
const validators = {
  "/status": schema("rest_schema_status"),
  "/chainspec": schema("rest_schema_chainspec_bytes"),
  "/validator-changes": schema("rest_schema_validator_changes"),
};

let t: TestNode;
let base: string;
beforeAll(async () => {
  t = await startTestNode([{ publicKeyHex: ED_KEY.publicKey.toHex(), balance: 10n ** 13n }]);
  base = t.url.replace(/\/rpc$/, "");
  await rpcResult(t.url, "account_put_deploy", { deploy: transferDeploy().json });
});
afterAll(async () => t?.close());

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe("REST endpoints of a 2.0 node", () => {
  for (const path of Object.keys(validators) as (keyof typeof validators)[]) {
    it(`GET ${path} has casper-node's schema`, async () => {
      const answer = await get(path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get("content-type")).toBe("application/json");
      const validate = validators[path];
      expect(validate(answer.body) ? null : validate.errors).toBeNull();
    });
  }

  it("/status is info_get_status without the sidecar's protocol_version (and for the uptime, which moves)", async () => {
    const rest = (await get("/status")).body;
    const { protocol_version, ...rpc } = await rpcResult(t.url, "info_get_status");
    expect(protocol_version).toBe("2.0.0");
    expect({ ...rest, uptime: null }).toEqual({ ...rpc, uptime: null });
    expect(rest.last_added_block_info.height).toBe(1);
  });

  it("/chainspec is info_get_chainspec", async () => {
    expect((await get("/chainspec")).body).toEqual(await rpcResult(t.url, "info_get_chainspec"));
  });

  it("/validator-changes: no change while the chain is in its first era", async () => {
    expect((await get("/validator-changes")).body).toEqual({ api_version: "2.0.0", changes: [] });
  });

  it("answers pages on other origins (CORS), GET only", async () => {
    const answer = await get("/status", { origin: "http://localhost:5173" });
    expect(answer.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    expect((await fetch(`${base}/status`, { method: "POST" })).status).toBe(405);
  });
});
