// Starting the local node's RPC server for tests, and raw HTTP access to it for the protocol tests
// that casper-js-sdk cannot make (malformed JSON, bad envelopes, wrong content types).
import { request } from "node:http";
import { chainspecWith } from "../../host/node/chainspec.ts";
import { LocalNode } from "../../host/node/local-node.ts";
import { startRpcServer, type RunningRpcServer } from "../../host/node/rpc-server.ts";
import { FakeBackend, type FakeAccount } from "./node-fake-backend.ts";
import { CHAIN, NOW } from "./node-deploys.ts";

export interface TestNode {
  node: LocalNode;
  backend: FakeBackend;
  server: RunningRpcServer;
  url: string;
  /** Moves the node's clock (ms since the epoch). */
  setClock(ms: bigint): void;
  close(): Promise<void>;
}

/**
 * A node on 127.0.0.1 (free port) over the in-memory test double — NOT the engine (phase 2). Its clock
 * stands at NOW + 1 s unless `realClock` (for deploys signed by the CLI, which stamps the real time).
 */
export async function startTestNode(accounts: FakeAccount[] = [], realClock = false): Promise<TestNode> {
  const backend = new FakeBackend(accounts);
  let clock = BigInt(NOW.getTime()) + 1_000n;
  const node = new LocalNode({
    chainspec: chainspecWith({ chainName: CHAIN }),
    backend,
    clock: realClock ? () => BigInt(Date.now()) : () => clock,
  });
  const server = await startRpcServer(node);
  return {
    node,
    backend,
    server,
    url: server.url,
    setClock: (ms) => (clock = ms),
    close: () => server.close(),
  };
}

export interface RawAnswer {
  status: number;
  body: any;
}

/** POSTs `body` (a string is sent as is) with the given content type, or none at all for null. */
export function rawPost(url: string, body: unknown, contentType: string | null = "application/json"): Promise<RawAnswer> {
  const payload = Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  const headers: Record<string, string | number> = { "content-length": payload.length };
  if (contentType !== null) headers["content-type"] = contentType;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, body: text === "" ? null : JSON.parse(text) });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}

/** A well-formed JSON-RPC call. */
export function rawCall(url: string, method: string, params?: unknown, id: unknown = 1): Promise<RawAnswer> {
  return rawPost(url, { jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });
}
