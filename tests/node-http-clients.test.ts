// The node's HTTP under hostile clients (issue 17): idle, trickling and vanishing clients, idle
// keep-alive connections and the connection cap, with raw TCP sockets. The limits are shortened here
// (hundreds of ms) so each case takes well under a second; the node's defaults are 10 s for headers and
// for the body, 5 s keep-alive, 512 connections. What is checked: the answer each client gets (a 408 /
// 503 / 400 with a JSON message, or nothing at all for a client that left), when its socket closes,
// and what the node logs: each client once, never as an internal error.
import { afterEach, describe, expect, it } from "vitest";
import { EventStream } from "../host/node/events/event-stream.ts";
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from "../host/node/http/client-limits.ts";
import { startRpcServer, type RpcDispatcher, type RunningRpcServer } from "../host/node/rpc-server.ts";
import { rawClient, rpcRequestText, sleep, trickle } from "./helpers/raw-http.ts";

const LIMITS: HttpLimits = { headersTimeoutMs: 300, bodyTimeoutMs: 300, keepAliveTimeoutMs: 200, maxConnections: 4 };
/** Upper bounds allow this much for a loaded machine; without the limits node:http would wait 60 s or more. */
const SLACK = 2_000;

async function waitUntil(condition: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(10);
  }
}

/** Answers `ping` at once and `slow` after 300 ms (long enough for a client to hang up meanwhile). */
const dispatcher: RpcDispatcher & { finished: string[] } = {
  finished: [],
  async call(method: string) {
    if (method === "slow") await sleep(300);
    dispatcher.finished.push(method);
    return method === "ping" || method === "slow" ? "pong" : Promise.reject(new Error(`unexpected ${method}`));
  },
};

let server: RunningRpcServer | undefined;
let logs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(limits: Partial<HttpLimits> = LIMITS, events?: EventStream) {
  logs = [];
  dispatcher.finished = [];
  server = await startRpcServer(dispatcher, 0, { limits, events, log: (line) => logs.push(line) });
  return server;
}

const ping = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" });

function noInternalErrors() {
  expect(logs.filter((l) => /internal error/i.test(l))).toEqual([]);
}

/** The body of a raw HTTP answer as JSON. */
function jsonBody(answer: string): unknown {
  return JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4));
}

describe("slow and idle clients are timed out", () => {
  it("defaults: 10 s for the headers, 10 s more for the body, 5 s idle keep-alive, 512 connections", () => {
    expect(DEFAULT_HTTP_LIMITS).toEqual({ headersTimeoutMs: 10_000, bodyTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000, maxConnections: 512 });
  });

  it("a connection that sends nothing gets 408 and is closed after the headers timeout", async () => {
    const { port } = await start();
    const client = await rawClient(port);
    const ms = await client.closed;
    expect(ms).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs - 20);
    expect(ms).toBeLessThan(LIMITS.headersTimeoutMs + SLACK);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(jsonBody(client.received())).toEqual({ message: "Request timeout: the headers must arrive within 300 ms and the body within 300 ms more" });
    expect(logs).toEqual([expect.stringMatching(/^client 127\.0\.0\.1:\d+ timed out: Request timeout/)]);
  });

  it("headers trickled a byte at a time are cut off at the headers timeout, though bytes keep coming", async () => {
    const { port } = await start();
    const client = await rawClient(port);
    void trickle(client.socket, rpcRequestText(ping), 20);
    const ms = await client.closed;
    expect(ms).toBeLessThan(LIMITS.headersTimeoutMs + SLACK);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    expect(dispatcher.finished).toEqual([]);
    expect(logs).toHaveLength(1);
    noInternalErrors();
  });

  it("a body trickled a byte at a time is cut off at the request timeout, logged once as a timeout", async () => {
    const { port } = await start();
    const client = await rawClient(port);
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: { pad: "x".repeat(200) } });
    const text = rpcRequestText(body);
    const headerEnd = text.indexOf("\r\n\r\n") + 4;
    client.socket.write(text.slice(0, headerEnd));
    void trickle(client.socket, text.slice(headerEnd), 20);
    const ms = await client.closed;
    expect(ms).toBeGreaterThanOrEqual(LIMITS.headersTimeoutMs + LIMITS.bodyTimeoutMs - 20);
    expect(ms).toBeLessThan(LIMITS.headersTimeoutMs + LIMITS.bodyTimeoutMs + SLACK);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    await waitUntil(() => logs.length > 0);
    await sleep(50);
    expect(logs).toEqual([expect.stringMatching(/timed out/)]);
    expect(dispatcher.finished).toEqual([]);
  });

  it("an idle keep-alive connection is closed after the keep-alive timeout (node:http adds 1 s of grace)", async () => {
    const { port } = await start();
    const client = await rawClient(port);
    client.socket.write(rpcRequestText(ping));
    await client.waitFor(/"result":"pong"/);
    const answered = Date.now();
    await client.closed;
    const idle = Date.now() - answered;
    expect(idle).toBeGreaterThanOrEqual(LIMITS.keepAliveTimeoutMs - 20);
    expect(idle).toBeLessThan(LIMITS.keepAliveTimeoutMs + 1_000 + SLACK);
    expect(client.received().match(/HTTP\/1\.1/g)).toHaveLength(1); // nothing written after the answer
    expect(logs).toEqual([]); // closing an idle connection is routine
  });

  it("a live event stream is not cut by the request timeouts, and gets keep-alive comments", async () => {
    const events = new EventStream({ apiVersion: "2.0.0", keepAliveMs: 100 });
    const { port } = await start(LIMITS, events);
    const client = await rawClient(port);
    client.socket.write("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    await sleep(LIMITS.headersTimeoutMs + LIMITS.bodyTimeoutMs + LIMITS.keepAliveTimeoutMs + 400);
    expect(client.socket.destroyed).toBe(false);
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(client.received()).toContain('data:{"ApiVersion":"2.0.0"}\n\n');
    expect(client.received().split("\n:\n\n").length - 1).toBeGreaterThanOrEqual(3);
    expect(logs).toEqual([]);
    client.socket.destroy();
  });
});

describe("clients that disconnect are logged once, and nothing is written to them", () => {
  it("a client that hangs up mid-body: one disconnect line, no internal error, no answer; the node serves on", async () => {
    const { port } = await start({ ...LIMITS, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 });
    const client = await rawClient(port);
    const text = rpcRequestText(JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping", params: ["x".repeat(100)] }));
    client.socket.write(text.slice(0, text.length - 40));
    await sleep(50);
    client.socket.end(); // half-close: the client could still read an answer, and gets none
    await client.closed;
    await waitUntil(() => logs.length > 0);
    await sleep(50);
    expect(client.received()).toBe("");
    expect(logs).toEqual([expect.stringMatching(/^client 127\.0\.0\.1:\d+ disconnected: left mid-request \(POST \/rpc, \d+ of \d+ body bytes received\)$/)]);
    noInternalErrors();
    expect(dispatcher.finished).toEqual([]);

    const next = await rawClient(port);
    next.socket.write(rpcRequestText(ping));
    await next.waitFor(/"result":"pong"/);
    next.socket.destroy();
  });

  it("a client that resets the connection mid-body is logged once", async () => {
    const { port } = await start({ ...LIMITS, headersTimeoutMs: 5_000, bodyTimeoutMs: 5_000 });
    const client = await rawClient(port);
    const text = rpcRequestText(ping);
    client.socket.write(text.slice(0, text.length - 5));
    await sleep(50);
    client.socket.resetAndDestroy();
    await waitUntil(() => logs.length > 0);
    await sleep(50);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatch(/^client 127\.0\.0\.1:\d+ disconnected/);
    noInternalErrors();
  });

  it("a client that hangs up mid-headers is logged once as a disconnect", async () => {
    const { port } = await start({ ...LIMITS, headersTimeoutMs: 5_000 });
    const client = await rawClient(port);
    client.socket.write("POST /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty");
    await sleep(50);
    client.socket.end();
    await client.closed;
    await waitUntil(() => logs.length > 0);
    await sleep(50);
    expect(client.received()).toBe("");
    expect(logs).toEqual([expect.stringMatching(/^client 127\.0\.0\.1:\d+ disconnected \(closed mid-request\)$/)]);
  });

  it("a client that leaves while its request executes: the request completes, the answer is not written, one line says so", async () => {
    const { port } = await start();
    const client = await rawClient(port);
    client.socket.write(rpcRequestText(JSON.stringify({ jsonrpc: "2.0", id: 7, method: "slow" })));
    await sleep(50);
    client.socket.destroy();
    await waitUntil(() => logs.length > 0);
    expect(dispatcher.finished).toEqual(["slow"]);
    expect(logs).toEqual([expect.stringMatching(/^client 127\.0\.0\.1:\d+ disconnected: left before the answer to slow was written$/)]);
  });
});

describe("the connection cap", () => {
  it("beyond the cap a connection gets 503 with a message and is closed; below it again, connections are served", async () => {
    const { port } = await start({ ...LIMITS, headersTimeoutMs: 5_000 });
    const held = await Promise.all(Array.from({ length: LIMITS.maxConnections }, () => rawClient(port)));
    await sleep(50);
    expect(server!.openConnections()).toBe(LIMITS.maxConnections);

    const extra = await Promise.all([rawClient(port), rawClient(port)]);
    for (const client of extra) {
      await client.closed;
      expect(client.received()).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
      expect(jsonBody(client.received())).toEqual({ message: "Too many open connections: the node serves at most 4 at once; retry later" });
    }
    // one line for the burst, not one per refused socket
    expect(logs).toEqual(["refused 1 connection(s): 4 open, the cap is 4"]);

    held[0].socket.destroy();
    await held[0].closed;
    await waitUntil(() => server!.openConnections() < LIMITS.maxConnections);
    const later = await rawClient(port);
    later.socket.write(rpcRequestText(ping));
    await later.waitFor(/"result":"pong"/);
    for (const c of [...held, later]) c.socket.destroy();
    noInternalErrors();
  });

  it("at the default cap of 512, 600 idle sockets: 88 refused at once, the 512 others cut at the headers timeout, the node serving after", async () => {
    const { port } = await start({ ...LIMITS, maxConnections: DEFAULT_HTTP_LIMITS.maxConnections, headersTimeoutMs: 2_500 }); // long enough for all 600 to connect first
    const clients = await Promise.all(Array.from({ length: 600 }, () => rawClient(port)));
    await Promise.all(clients.map((c) => c.closed));
    const answers = clients.map((c) => c.received().split("\r\n")[0]);
    expect(answers.filter((a) => a === "HTTP/1.1 503 Service Unavailable")).toHaveLength(88);
    expect(answers.filter((a) => a === "HTTP/1.1 408 Request Timeout")).toHaveLength(512);
    expect(logs.filter((l) => /timed out/.test(l))).toHaveLength(512); // each client once
    expect(logs.filter((l) => /^refused \d+ connection\(s\)/.test(l))).toHaveLength(1); // the burst once
    noInternalErrors();
    const next = await rawClient(port);
    next.socket.write(rpcRequestText(ping));
    await next.waitFor(/"result":"pong"/);
    next.socket.destroy();
  });

  it("malformed HTTP gets 400 with the parser's reason, logged once", async () => {
    const { port } = await start();
    const client = await rawClient(port);
    client.socket.write("NOT HTTP AT ALL\r\n\r\n");
    await client.closed;
    expect(client.received()).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(jsonBody(client.received())).toEqual({ message: expect.stringMatching(/^Bad request: /) });
    expect(logs).toEqual([expect.stringMatching(/malformed HTTP \(HPE_/)]);
  });
});
