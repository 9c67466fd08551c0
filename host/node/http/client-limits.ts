// What one HTTP client may hold on the local node, so slow, idle or vanished clients cannot pile up:
// time to send the headers and the body, how long an idle keep-alive connection stays open, and how
// many connections are open at once (beyond the cap a connection is answered 503 and closed).
// node:http enforces the timeouts itself (headersTimeout, requestTimeout, keepAliveTimeout, checked
// every connectionsCheckingInterval); this file sets them, answers and logs client errors, and counts
// connections. A client that goes away is logged once as a disconnect, and nothing is written to it.
import type { Server, ServerOptions } from "node:http";
import type { Socket } from "node:net";

export interface HttpLimits {
  /** The request line and headers must arrive within this time of the connection's first byte (or its opening). */
  headersTimeoutMs: number;
  /** The body must arrive within this time after the headers. */
  bodyTimeoutMs: number;
  /** An idle keep-alive connection is closed after this time (node:http adds one second of grace). */
  keepAliveTimeoutMs: number;
  /** Open connections at most (event streams included); one more is answered 503 and closed. */
  maxConnections: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  bodyTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
};

/** node:http server options enforcing `limits`. */
export function serverOptions(limits: HttpLimits): ServerOptions {
  return {
    headersTimeout: limits.headersTimeoutMs,
    // node:http's requestTimeout covers the whole request (headers then body)
    requestTimeout: limits.headersTimeoutMs + limits.bodyTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // how often node:http looks for expired requests: a fraction of the shortest timeout
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
  };
}

/** Thrown while reading a request whose client went away (closed, reset, or cut off by a timeout). */
export class ClientGone extends Error {
  constructor(readonly detail: string) {
    super(`client disconnected: ${detail}`);
  }
}

/** "127.0.0.1:54321" */
export function peer(socket: Socket): string {
  return `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
}

export interface ClientGuard {
  /** Whether this socket was refused for the connection cap (its requests are not served). */
  refused(socket: Socket): boolean;
  /** Whether a client error on this socket was already answered and logged (e.g. a timeout). */
  handled(socket: Socket): boolean;
  /** Connections open now. */
  open(): number;
}

/**
 * Counts connections and refuses those beyond the cap with a 503 before reading anything; answers
 * and logs client errors (timeouts with 408, malformed HTTP with 400/431, resets with nothing).
 */
export function guardClients(server: Server, limits: HttpLimits, log: (line: string) => void): ClientGuard {
  const refusedSockets = new WeakSet<Socket>();
  const handledSockets = new WeakSet<Socket>();
  let open = 0;
  let refusedSinceLog = 0;
  let lastRefusalLog = -Infinity;

  server.on("connection", (socket: Socket) => {
    if (open >= limits.maxConnections) {
      refusedSockets.add(socket);
      refusedSinceLog++;
      const now = Date.now();
      // one line per burst, not one per refused socket
      if (now - lastRefusalLog >= 10_000) {
        log(`refused ${refusedSinceLog} connection(s): ${open} open, the cap is ${limits.maxConnections}`);
        lastRefusalLog = now;
        refusedSinceLog = 0;
      }
      const body = JSON.stringify({ message: `Too many open connections: the node serves at most ${limits.maxConnections} at once; retry later` });
      socket.on("error", () => {}); // the client may already be gone
      socket.end(
        `HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      socket.destroySoon();
      return;
    }
    open++;
    socket.once("close", () => open--);
  });

  // Replaces node:http's default answer to client errors, with the same statuses, so each is logged once.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (refusedSockets.has(socket) || handledSockets.has(socket)) return socket.destroy();
    const who = peer(socket);
    const code = error.code ?? "";
    // as node:http does: never write into an answer already under way
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (DISCONNECTS.has(code) || !socket.writable) {
      // the client closed or reset the connection; a request being read logs its own disconnect
      if (!inFlight) {
        handledSockets.add(socket);
        log(`client ${who} disconnected (${code === "HPE_INVALID_EOF_STATE" ? "closed mid-request" : code || error.message})`);
      }
      return socket.destroy();
    }
    handledSockets.add(socket);
    let status: number;
    let message: string;
    if (code === "ERR_HTTP_REQUEST_TIMEOUT") {
      status = 408;
      message = `Request timeout: the headers must arrive within ${seconds(limits.headersTimeoutMs)} and the body within ${seconds(limits.bodyTimeoutMs)} more`;
      log(`client ${who} timed out: ${message}`);
    } else if (code === "HPE_HEADER_OVERFLOW") {
      status = 431;
      message = "Request header fields too large";
      log(`client ${who}: ${message}`);
    } else {
      status = 400;
      message = `Bad request: ${error.message}`;
      log(`client ${who}: malformed HTTP (${code || error.message})`);
    }
    if (inFlight?.headersSent) return socket.destroy();
    const body = JSON.stringify({ message });
    socket.end(`HTTP/1.1 ${status} ${STATUS_TEXT[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    socket.destroySoon();
  });

  return {
    refused: (socket) => refusedSockets.has(socket),
    handled: (socket) => handledSockets.has(socket),
    open: () => open,
  };
}

/** Client errors that mean the client went away: a reset, a broken pipe, or its end of the stream mid-request. */
const DISCONNECTS = new Set(["ECONNRESET", "EPIPE", "HPE_INVALID_EOF_STATE"]);

const STATUS_TEXT: Record<number, string> = { 400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large" };

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
