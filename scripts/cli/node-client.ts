// Talking to a Casper node with casper-js-sdk's RpcClient + HttpHandler, with errors a person can act
// on: an unreachable node (and why: refused, unknown host, timeout), a node that answers something
// other than JSON-RPC, and a refusal with the node's own code, message and data.
// Sending is never repeated: only reads (idempotent) are retried on network failures. A send that
// fails after leaving this process is reported as "may or may not have arrived", with the hash to check.
import { connect } from "node:net";
import sdk from "casper-js-sdk";
import type { RpcClient as SdkRpcClient } from "casper-js-sdk";

const { RpcClient, HttpHandler } = sdk;

export class NodeError extends Error {
  constructor(
    message: string,
    readonly kind: "unreachable" | "timeout" | "rejected" | "protocol",
    readonly rpcCode?: number,
    readonly rpcData?: unknown,
  ) {
    super(message);
  }
}

export interface NodeClientOptions {
  /** Per-request time limit in ms (default 30 s). */
  requestTimeoutMs?: number;
  /** How many times a failed read is tried again (default 2). */
  readRetries?: number;
  /** Pause between read attempts in ms (default 500, doubled each time). */
  retryDelayMs?: number;
}

export class NodeClient {
  readonly rpc: SdkRpcClient;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;

  constructor(readonly url: string, options: NodeClientOptions = {}) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new NodeError(`--node '${url}' is not a URL (expected e.g. http://127.0.0.1:7777/rpc)`, "protocol");
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw new NodeError(`--node '${url}' must be an http:// or https:// URL`, "protocol");
    }
    this.rpc = new RpcClient(new HttpHandler(url, "fetch"));
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
    this.retries = options.readRetries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 500;
  }

  /** An idempotent read: retried on network failures and timeouts, never on the node's refusals. */
  async read<T>(what: string, call: (rpc: SdkRpcClient) => Promise<T>): Promise<T> {
    let delay = this.retryDelayMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(what, call);
      } catch (e) {
        const error = e as NodeError;
        const transient = error instanceof NodeError && (error.kind === "unreachable" || error.kind === "timeout");
        if (!transient || attempt >= this.retries) throw error;
        await new Promise((r) => setTimeout(r, delay));
        delay *= 2;
      }
    }
  }

  /**
   * A send (account_put_deploy / account_put_transaction): tried exactly once. If the failure may have
   * happened after the node received it, the message says so and names `hash` to look up.
   */
  async send<T>(what: string, hash: string, call: (rpc: SdkRpcClient) => Promise<T>): Promise<T> {
    try {
      return await this.once(what, call);
    } catch (e) {
      const error = e as NodeError;
      if (error instanceof NodeError && error.kind === "timeout") {
        throw new NodeError(
          `${error.message}. It may or may not have reached the node: check with \`npm run status -- ${hash} --node ${this.url}\` before sending it again (it is not resent automatically)`,
          "timeout",
        );
      }
      throw error;
    }
  }

  private async once<T>(what: string, call: (rpc: SdkRpcClient) => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new NodeError(`${what}: no answer from ${this.url} within ${this.timeoutMs / 1000} s`, "timeout")),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([call(this.rpc), timeout]);
    } catch (e) {
      if (e instanceof NodeError) throw e;
      throw await this.explain(what, e);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Turns what the SDK throws into a NodeError that says what happened. */
  private async explain(what: string, e: unknown): Promise<NodeError> {
    const err = e as { message?: string; statusCode?: number; sourceErr?: { code?: number; message?: string; data?: unknown } };
    const message = err?.message ?? String(e);
    const source = err?.sourceErr;
    if (source && typeof source.code === "number" && source.code < 0) {
      const data = source.data === undefined ? "" : `: ${typeof source.data === "string" ? source.data : JSON.stringify(source.data)}`;
      return new NodeError(`${what}: the node refused it with error ${source.code} "${source.message}"${data}`, "rejected", source.code, source.data);
    }
    if (typeof err?.statusCode === "number") {
      const hint = err.statusCode === 404 ? " (the RPC endpoint usually ends with /rpc)" : "";
      return new NodeError(`${what}: ${this.url} answered HTTP ${err.statusCode}${hint}`, "protocol");
    }
    if (/failed to send http request/i.test(message)) {
      return new NodeError(`${what}: cannot reach the node at ${this.url}: ${await this.probe()}`, "unreachable");
    }
    if (e instanceof SyntaxError || /Error parsing .* response data/.test(message)) {
      return new NodeError(`${what}: ${this.url} did not answer with a Casper JSON-RPC response (${message}); is --node a Casper node's /rpc URL?`, "protocol");
    }
    return new NodeError(`${what}: ${message}`, "protocol");
  }

  /** Why a TCP connection to the node fails: refused, unknown host, or timed out. */
  private probe(): Promise<string> {
    const u = new URL(this.url);
    const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
    return new Promise((resolve) => {
      const socket = connect({ host: u.hostname, port, timeout: 5000 });
      socket.once("connect", () => {
        socket.destroy();
        resolve("the connection opens but the HTTP request failed");
      });
      socket.once("timeout", () => {
        socket.destroy();
        resolve(`no answer from ${u.hostname}:${port} within 5 s`);
      });
      socket.once("error", (e: NodeJS.ErrnoException) => {
        const reason = e.code === "ECONNREFUSED" ? `connection refused on ${u.hostname}:${port} (is the node running?)`
          : e.code === "ENOTFOUND" || e.code === "EAI_AGAIN" ? `unknown host ${u.hostname}`
          : `${e.code ?? ""} ${e.message}`.trim();
        resolve(reason);
      });
    });
  }
}
