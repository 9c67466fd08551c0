// The HTTP side of the local node, on one port of 127.0.0.1 (node:http, no framework): POST /rpc, the
// event stream on GET /events (events/event-stream.ts) and the REST endpoints, each behind CORS
// (http/cors.ts) and the client limits (http/client-limits.ts: timeouts, connection cap, disconnects).
// The JSON-RPC 2.0 envelope is handled the way casper-node's casper-json-rpc crate does (v1.5.8
// json_rpc/src/filters.rs, request.rs, request_handlers.rs, rejections.rs): content-type and size
// checks answered with HTTP statuses and {"message": ...}; everything past them answered with HTTP 200
// and a JSON-RPC response, errors included. Unknown request fields are allowed
// (ALLOW_UNKNOWN_FIELDS_IN_JSON_RPC_REQUEST).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { applyCors, ANY_ORIGIN, type CorsPolicy } from "./http/cors.ts";
import { ClientGone, DEFAULT_HTTP_LIMITS, guardClients, peer, serverOptions, type HttpLimits } from "./http/client-limits.ts";
import { EVENTS_PATH, type EventStream } from "./events/event-stream.ts";
import { toJsonText } from "./json-text.ts";
import { RESERVED_ERRORS, RpcFailure, type RpcErrorObject } from "./rpc-errors.ts";

/** v1.5.8 resources/production/config-example.toml [rpc_server] max_body_bytes. */
export const MAX_BODY_BYTES = 2_621_440;
export const RPC_PATH = "/rpc";

export interface RpcDispatcher {
  call(method: string, params: unknown): Promise<unknown>;
}

/** GET endpoints answering JSON (the 2.0 node's REST server: /status, /chainspec, /validator-changes). */
export type RestEndpoints = Record<string, () => unknown | Promise<unknown>>;

export interface HttpServerOptions {
  /** stderr lines: client disconnects and timeouts, internal errors */
  log?: (line: string) => void;
  /** which browser origins may call the node (default: any, as anvil does) */
  cors?: CorsPolicy;
  /** timeouts and the connection cap (default: DEFAULT_HTTP_LIMITS) */
  limits?: Partial<HttpLimits>;
  /** served on GET /events */
  events?: EventStream;
  /** served on GET <path> */
  rest?: RestEndpoints;
}

export interface RunningRpcServer {
  server: Server;
  port: number;
  /** e.g. http://127.0.0.1:7777/rpc */
  url: string;
  /** e.g. http://127.0.0.1:7777/events (when the server has an event stream) */
  eventsUrl?: string;
  /** Connections open now. */
  openConnections(): number;
  /** Ends the event streams (each client gets Shutdown), then every connection. */
  close(): Promise<void>;
}

type JsonRpcResponse =
  | { jsonrpc: "2.0"; id: unknown; result: unknown }
  | { jsonrpc: "2.0"; id: unknown; error: RpcErrorObject };

/** Starts listening on 127.0.0.1:`port` (0 picks a free port). */
export async function startRpcServer(dispatcher: RpcDispatcher, port = 0, options: HttpServerOptions = {}): Promise<RunningRpcServer> {
  const log = options.log ?? (() => {});
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits };
  const routes = routeTable(options);
  const cors = options.cors ?? ANY_ORIGIN;
  let guard: ReturnType<typeof guardClients> | undefined;
  const server = createServer(serverOptions(limits), (req, res) => {
    if (guard!.refused(req.socket)) return; // answered 503 when it connected
    const who = peer(req.socket);
    handleHttp(dispatcher, routes, cors, req, res, options, log).catch((e) => {
      if (e instanceof ClientGone || req.socket.destroyed) {
        // logged once; a timeout was already answered and logged by the guard
        if (!guard!.handled(req.socket)) log(`client ${who} disconnected: ${e instanceof ClientGone ? e.detail : `${req.method} ${req.url}`}`);
        return;
      }
      log(`internal error: ${(e as Error).stack ?? e}`);
      if (!res.headersSent) sendJson(res, 500, { message: "Internal server error" });
    });
  });
  guard = guardClients(server, limits, log);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    url: `http://127.0.0.1:${actual}${RPC_PATH}`,
    eventsUrl: options.events ? `http://127.0.0.1:${actual}${EVENTS_PATH}` : undefined,
    openConnections: () => guard!.open(),
    close: () =>
      new Promise<void>((resolve) => {
        options.events?.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Route {
  methods: readonly string[];
  serve(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

function routeTable(options: HttpServerOptions): Map<string, Route | "rpc"> {
  const routes = new Map<string, Route | "rpc">([
    [RPC_PATH, "rpc"],
    [`${RPC_PATH}/`, "rpc"],
  ]);
  const events = options.events;
  if (events) {
    routes.set(EVENTS_PATH, { methods: ["GET"], serve: async (req, res) => events.serve(req, res, peer(req.socket)) });
  }
  for (const [path, answer] of Object.entries(options.rest ?? {})) {
    routes.set(path, { methods: ["GET"], serve: async (_req, res) => sendJson(res, 200, await answer()) });
  }
  return routes;
}

async function handleHttp(
  dispatcher: RpcDispatcher,
  routes: Map<string, Route | "rpc">,
  cors: CorsPolicy,
  req: IncomingMessage,
  res: ServerResponse,
  options: HttpServerOptions,
  log: (line: string) => void,
): Promise<void> {
  const path = (req.url ?? "").split("?")[0];
  const route = routes.get(path);
  const methods = route === undefined ? ["GET", "POST"] : route === "rpc" ? ["POST"] : route.methods;
  if (applyCors(cors, req, res, methods).kind === "answered") return;
  if (route === undefined) {
    if (options.events && path.startsWith(`${EVENTS_PATH}/`)) {
      // sse_server.rs create_404
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      return void res.end(`invalid path: expected '${EVENTS_PATH}'\n`);
    }
    return sendJson(res, 404, { message: "Path not found" });
  }
  if (!methods.includes(req.method ?? "")) return sendJson(res, 405, { message: "HTTP method not allowed" });
  if (route !== "rpc") return route.serve(req, res);

  const contentType = req.headers["content-type"];
  if (contentType === undefined) return sendJson(res, 400, { message: "The request's content-type is not set" });
  if (contentType.split(";")[0].trim().toLowerCase() !== "application/json") {
    return sendJson(res, 415, { message: "The request's content-type is not supported" });
  }
  const body = await readBody(req);
  if (body === null) {
    return sendJson(res, 413, { message: `The request payload exceeds the maximum allowed of ${MAX_BODY_BYTES} bytes` });
  }
  const response = await handleBody(dispatcher, body, log);
  if (response === "missing-id") return sendJson(res, 400, { message: "The request is missing the 'id' field" });
  if (res.destroyed || req.socket.destroyed) {
    // executed or answered, but the client is gone: nothing is written to its socket
    throw new ClientGone(`left before the answer to ${methodOf(body) || "its request"} was written`);
  }
  sendJson(res, 200, response);
}

function methodOf(body: string): string {
  try {
    const method = (JSON.parse(body) as { method?: unknown }).method;
    return typeof method === "string" ? method : "";
  } catch {
    return "";
  }
}

/** The JSON-RPC response for one request body, or "missing-id" when the node rejects it over HTTP. */
export async function handleBody(dispatcher: RpcDispatcher, body: string, log?: (line: string) => void): Promise<JsonRpcResponse | "missing-id"> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    return failure(null, new RpcFailure("ParseError", (e as Error).message));
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    // casper-json-rpc parses the body as a JSON map: batches and scalars are parse errors.
    const kind = Array.isArray(parsed) ? "sequence" : parsed === null ? "null" : typeof parsed;
    return failure(null, new RpcFailure("ParseError", `invalid type: ${kind}, expected a map`));
  }
  const request = parsed as Record<string, unknown>;
  const rawId = "id" in request ? request.id : null;

  const jsonrpc = request.jsonrpc;
  if (jsonrpc === undefined) return failure(rawId, new RpcFailure("InvalidRequest", "Missing 'jsonrpc' field"));
  if (typeof jsonrpc === "number") {
    return failure(rawId, new RpcFailure("InvalidRequest", `Expected 'jsonrpc' to be a String with value '2.0', but got a Number '${jsonrpc}'`));
  }
  if (typeof jsonrpc !== "string") {
    return failure(rawId, new RpcFailure("InvalidRequest", `Expected 'jsonrpc' to be a String with value '2.0', but got '${JSON.stringify(jsonrpc)}'`));
  }
  if (jsonrpc !== "2.0") return failure(rawId, new RpcFailure("InvalidRequest", `Expected 'jsonrpc' to be '2.0', but got '${jsonrpc}'`));

  const method = request.method;
  if (method === undefined) return failure(rawId, new RpcFailure("InvalidRequest", "Missing 'method' field"));
  if (typeof method !== "string") return failure(rawId, new RpcFailure("InvalidRequest", "Expected 'method' to be a String"));

  const params = request.params;
  if (params !== undefined && params !== null && typeof params !== "object") {
    const what = typeof params === "boolean" ? `'${params}'` : typeof params === "number" ? "a Number" : "a String";
    return failure(rawId, new RpcFailure("InvalidRequest", `If present, 'params' must be an Array or Object, but was ${what}`));
  }

  if (!("id" in request)) return "missing-id";
  const id = request.id;
  if (!(id === null || typeof id === "string" || typeof id === "number")) {
    return failure(null, new RpcFailure("InvalidRequest", "'id' should be a string or integer"));
  }
  if (typeof id === "number" && !Number.isInteger(id)) {
    return failure(null, new RpcFailure("InvalidRequest", "'id' must not contain fractional parts if it is a number"));
  }

  try {
    const result = await dispatcher.call(method, params ?? undefined);
    return { jsonrpc: "2.0", id, result };
  } catch (e) {
    if (e instanceof RpcFailure) return failure(id, e);
    log?.(`${method} failed: ${(e as Error).stack ?? e}`);
    const [code, message] = RESERVED_ERRORS.InternalError;
    return { jsonrpc: "2.0", id, error: { code, message, data: `${method}: ${(e as Error).message}` } };
  }
}

function failure(id: unknown, error: RpcFailure): JsonRpcResponse {
  return { jsonrpc: "2.0", id, error: error.toObject() };
}

/** The body, or null when it passes MAX_BODY_BYTES; rejects with ClientGone when the client leaves mid-body. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      req.resume();
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    let done = false;
    const gone = () => {
      if (done) return;
      done = true;
      const expected = Number.isFinite(declared) ? ` of ${declared}` : "";
      reject(new ClientGone(`left mid-request (${req.method} ${req.url}, ${size}${expected} body bytes received)`));
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => {
      done = true;
      resolve(tooLarge ? null : Buffer.concat(chunks).toString("utf8"));
    });
    // a reset, a close before the end, or node:http cutting the request off at its timeout
    req.on("error", gone);
    req.on("close", gone);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = toJsonText(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
