// CORS on every HTTP endpoint of the node (issue 19), with casper-sidecar's `cors_origin` semantics
// (rpc_sidecar/src/http_server.rs: "" none, "*" any, else one origin) and the checks of the warp cors
// filter the sidecar uses (warp src/filters/cors.rs): preflights answered with the allowed methods and
// headers, the request's origin echoed in Access-Control-Allow-Origin, 403 "CORS request forbidden:
// ..." for an origin, method or header not allowed. What a browser does with these answers is checked
// in tests/browser-dapp.test.ts; here, the answers themselves.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANY_ORIGIN, parseCorsOrigin, type CorsPolicy } from "../host/node/http/cors.ts";
import { startLocalNetwork } from "../host/node/local-network.ts";
import { startNodeProcess } from "./helpers/node-process.ts";

const PAGE = "http://localhost:5173";
const OTHER = "http://evil.example:8080";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
        // an event stream never ends: its first event is enough
        if (String(res.headers["content-type"]).startsWith("text/event-stream") && text.includes("\n\n")) req.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
      res.on("end", done);
      res.on("close", done);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const statusCall = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "info_get_status" });
const preflight = (url: string, origin: string, method = "POST", requestHeaders = "content-type") =>
  send(url, "OPTIONS", { origin, "access-control-request-method": method, "access-control-request-headers": requestHeaders });
const post = (url: string, origin?: string) =>
  send(url, "POST", { "content-type": "application/json", ...(origin ? { origin } : {}) }, statusCall);

async function network(cors: CorsPolicy) {
  const logs: string[] = [];
  const net = await startLocalNetwork({ port: 0, cors, log: (l) => logs.push(l) });
  const base = net.server.url.replace(/\/rpc$/, "");
  return { net, logs, rpc: net.server.url, events: `${base}/events`, base };
}

async function closeNetwork(n: Awaited<ReturnType<typeof network>>): Promise<void> {
  await n.net.server.close();
  await n.net.close();
}

describe("the default: any origin (as anvil and Hardhat's node)", () => {
  let n: Awaited<ReturnType<typeof network>>;
  beforeAll(async () => (n = await network(ANY_ORIGIN)));
  afterAll(() => closeNetwork(n));

  it("a preflight for POST /rpc is answered 200 with the origin, the methods and the headers allowed", async () => {
    const a = await preflight(n.rpc, PAGE);
    expect(a.status).toBe(200);
    expect(a.headers["access-control-allow-origin"]).toBe(PAGE);
    expect(a.headers["access-control-allow-methods"]).toBe("POST");
    expect(a.headers["access-control-allow-headers"]).toBe("content-type, last-event-id");
    expect(a.headers.vary).toBe("Origin");
    expect(a.body).toBe("");
  });

  it("the JSON-RPC answer carries Access-Control-Allow-Origin; so do its errors", async () => {
    const a = await post(n.rpc, PAGE);
    expect(a.status).toBe(200);
    expect(a.headers["access-control-allow-origin"]).toBe(PAGE);
    expect(JSON.parse(a.body).result.chainspec_name).toBe("casper-net-1");
    const wrongType = await send(n.rpc, "POST", { origin: PAGE, "content-type": "text/plain" }, statusCall);
    expect([wrongType.status, wrongType.headers["access-control-allow-origin"]]).toEqual([415, PAGE]);
  });

  it("the event stream answers with the allow header too, and a preflight for it allows GET", async () => {
    const a = await send(n.events, "GET", { origin: PAGE });
    expect(a.status).toBe(200);
    expect(a.headers["access-control-allow-origin"]).toBe(PAGE);
    expect(a.body).toBe('data:{"ApiVersion":"2.0.0"}\n\n');
    const p = await preflight(n.events, PAGE, "GET", "last-event-id");
    expect([p.status, p.headers["access-control-allow-methods"]]).toEqual([200, "GET"]);
  });

  it("a request without Origin is not a CORS request: no CORS headers", async () => {
    const a = await post(n.rpc);
    expect(a.status).toBe(200);
    expect(a.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("a preflight for a method or a header the endpoint does not take is refused (warp's texts)", async () => {
    const put = await preflight(n.rpc, PAGE, "PUT");
    expect([put.status, JSON.parse(put.body)]).toEqual([403, { message: "CORS request forbidden: request-method not allowed" }]);
    const header = await preflight(n.rpc, PAGE, "POST", "content-type, x-api-key");
    expect([header.status, JSON.parse(header.body)]).toEqual([403, { message: "CORS request forbidden: header not allowed" }]);
    expect(put.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("an OPTIONS that is not a preflight (no Access-Control-Request-Method) reaches the route: 405", async () => {
    const a = await send(n.rpc, "OPTIONS", { origin: PAGE });
    expect(a.status).toBe(405);
  });

  it("nothing of this is logged", () => {
    expect(n.logs).toEqual([]);
  });
});

describe("restricted to one origin", () => {
  let n: Awaited<ReturnType<typeof network>>;
  beforeAll(async () => (n = await network(parseCorsOrigin(PAGE))));
  afterAll(() => closeNetwork(n));

  it("that origin is served as before", async () => {
    const p = await preflight(n.rpc, PAGE);
    expect([p.status, p.headers["access-control-allow-origin"]]).toEqual([200, PAGE]);
    const a = await post(n.rpc, PAGE);
    expect([a.status, a.headers["access-control-allow-origin"]]).toEqual([200, PAGE]);
  });

  it("another origin is refused with 403 and no allow header, on every endpoint, preflight or not", async () => {
    for (const a of [await preflight(n.rpc, OTHER), await post(n.rpc, OTHER), await send(n.events, "GET", { origin: OTHER })]) {
      expect(a.status).toBe(403);
      expect(a.headers["access-control-allow-origin"]).toBeUndefined();
      expect(JSON.parse(a.body)).toEqual({ message: "CORS request forbidden: origin not allowed" });
    }
  });

  it("the refused origin ran nothing, and the node logged no error", async () => {
    const status = await post(n.rpc);
    expect(JSON.parse(status.body).result.last_added_block_info.height).toBe(0);
    expect(n.logs).toEqual([]);
  });
});

describe("none: no CORS headers at all (the sidecar's empty cors_origin)", () => {
  let n: Awaited<ReturnType<typeof network>>;
  beforeAll(async () => (n = await network(parseCorsOrigin("none"))));
  afterAll(() => closeNetwork(n));

  it("a preflight reaches the route (405) and answers carry no allow header: browsers refuse them", async () => {
    const p = await preflight(n.rpc, PAGE);
    expect(p.status).toBe(405);
    expect(p.headers["access-control-allow-origin"]).toBeUndefined();
    const a = await post(n.rpc, PAGE);
    expect([a.status, a.headers["access-control-allow-origin"]]).toEqual([200, undefined]);
  });
});

describe("--cors-origin", () => {
  it("parses '*', 'none', '' and an origin; refuses what a browser never sends as Origin", () => {
    expect(parseCorsOrigin("*")).toEqual({ kind: "any" });
    expect(parseCorsOrigin("none")).toEqual({ kind: "none" });
    expect(parseCorsOrigin("")).toEqual({ kind: "none" });
    expect(parseCorsOrigin("http://localhost:5173")).toEqual({ kind: "origin", origin: "http://localhost:5173" });
    expect(parseCorsOrigin("https://app.example.com")).toEqual({ kind: "origin", origin: "https://app.example.com" });
    expect(() => parseCorsOrigin("localhost:5173")).toThrow("'localhost:5173' is not an origin: expected scheme://host[:port] (e.g. http://localhost:5173), '*' or 'none'");
    expect(() => parseCorsOrigin("http://localhost:5173/")).toThrow("use 'http://localhost:5173' (no path, no trailing slash, default port omitted)");
    expect(() => parseCorsOrigin("http://localhost:80")).toThrow("use 'http://localhost'");
    expect(() => parseCorsOrigin("http://localhost:5173/app")).toThrow("use 'http://localhost:5173'");
  });

  it("npm run node -- --cors-origin <origin> says what it allows and applies it; a bad value exits 2", async () => {
    const node = await startNodeProcess(["--port", "0", "--cors-origin", PAGE]);
    try {
      // stderr is another pipe than the stdout line that said "listening": it may come a little later
      const banner = `events on ${node.url.replace(/\/rpc$/, "/events")}; browser pages allowed: only ${PAGE}`;
      for (let i = 0; i < 100 && !node.stderr().includes(banner); i++) await new Promise((r) => setTimeout(r, 50));
      expect(node.stderr()).toContain(banner);
      const other = await post(node.url, OTHER);
      expect(other.status).toBe(403);
      const page = await post(node.url, PAGE);
      expect(page.headers["access-control-allow-origin"]).toBe(PAGE);
    } finally {
      await node.stop();
    }
    await expect(startNodeProcess(["--port", "0", "--cors-origin", "localhost:5173"])).rejects.toThrow(
      /exited with 2 before listening;[\s\S]*--cors-origin: 'localhost:5173' is not an origin/,
    );
  });
});
