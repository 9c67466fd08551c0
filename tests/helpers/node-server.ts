// The local node on the real engine for tests: started in this process on 127.0.0.1 (a free port),
// with the genesis accounts a test names, and raw HTTP access for the protocol tests that
// casper-js-sdk cannot make (malformed JSON, bad envelopes, wrong content types).
import { request } from "node:http";
import type { EngineNodeBackend } from "../../host/node/engine-node-backend.ts";
import { readGenesisConfig, type GenesisConfig } from "../../host/node/genesis-config.ts";
import { startLocalNetwork } from "../../host/node/local-network.ts";
import type { LocalNode } from "../../host/node/local-node.ts";
import type { RunningRpcServer } from "../../host/node/rpc-server.ts";
import { CHAIN, NOW } from "./node-deploys.ts";

export interface TestAccount {
  publicKeyHex: string;
  balance: bigint;
}

export interface TestNode {
  node: LocalNode;
  backend: EngineNodeBackend;
  config: GenesisConfig;
  server: RunningRpcServer;
  url: string;
  /** hex public key of the genesis validator (it proposes the blocks and gets the fees) */
  validator: string;
  /** Moves the node's clock (ms since the epoch). */
  setClock(ms: bigint): void;
  close(): Promise<void>;
}

/** The validator every test network has (its key derives from the config's seed). */
const VALIDATOR = { name: "validator-1", balance: `${10n ** 15n}`, validator: { bonded_amount: `${5n * 10n ** 14n}`, delegation_rate: 10 } };

/**
 * A node on the engine with `accounts` funded at genesis (plus a validator). Its clock stands at
 * NOW + 1 s unless `realClock` (for deploys signed by the CLI, which stamps the real time).
 */
export async function startTestNode(accounts: TestAccount[] = [], realClock = false): Promise<TestNode> {
  const config = readGenesisConfig({
    chain_name: CHAIN,
    accounts: [
      ...accounts.map((a, i) => ({ name: `account-${i + 1}`, balance: a.balance.toString(), public_key: a.publicKeyHex })),
      VALIDATOR,
    ],
  });
  let clock = BigInt(NOW.getTime()) + 1_000n;
  const network = await startLocalNetwork({ config, clock: realClock ? () => BigInt(Date.now()) : () => clock, port: 0 });
  return {
    node: network.node,
    backend: network.backend,
    config: network.config,
    server: network.server,
    url: network.server.url,
    validator: network.backend.proposerPublicKey,
    setClock: (ms) => (clock = ms),
    close: async () => {
      await network.server.close();
      await network.close();
    },
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

/** The result of a JSON-RPC call, or a thrown error with the node's error object. */
export async function rpcResult(url: string, method: string, params?: unknown): Promise<any> {
  const answer = await rawCall(url, method, params);
  if (answer.body?.error) throw new Error(`${method}: ${JSON.stringify(answer.body.error)}`);
  return answer.body.result;
}

/** The JSON-RPC error a failed casper-js-sdk call carried (fails when the call succeeded). */
export async function rpcError(call: () => Promise<unknown>): Promise<{ code: number; message: string; data?: any }> {
  try {
    await call();
  } catch (e) {
    const source = (e as { sourceErr?: { code: number; message: string; data?: unknown } }).sourceErr;
    if (source) return source as { code: number; message: string; data?: any };
    throw e;
  }
  throw new Error("expected the node to refuse");
}
