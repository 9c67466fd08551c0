// CORS for every HTTP endpoint of the local node (JSON-RPC, events, REST), so a page served from
// another origin (a dev server on http://localhost:5173) can use the node from a browser.
//
// The semantics are casper-sidecar's `cors_origin` (feat-2.0 rpc_sidecar/src/http_server.rs,
// json_rpc/src/lib.rs `route_with_cors`): "" (here also `none`) serves no CORS headers at all, "*"
// allows any origin, anything else allows exactly that origin. The checks are those of the warp
// `cors()` filter the sidecar wraps its routes with (warp src/filters/cors.rs `check_request`):
// - no `Origin` header: not a CORS request, served as is;
// - `OPTIONS` with `Origin` and `Access-Control-Request-Method`: a preflight, answered here with 200,
//   `Access-Control-Allow-Origin: <the origin>`, `-Allow-Methods` and `-Allow-Headers`, or 403
//   `CORS request forbidden: origin not allowed` / `request-method not allowed` / `header not allowed`;
// - any other request with `Origin`: 403 when the origin is not allowed, otherwise served with
//   `Access-Control-Allow-Origin: <the origin>`.
// warp echoes the request's origin rather than sending `*`; so does this. `Vary: Origin` is added so
// that a cache never hands one origin's answer to another.
import type { IncomingMessage, ServerResponse } from "node:http";

export type CorsPolicy = { kind: "none" } | { kind: "any" } | { kind: "origin"; origin: string };

/** The default: any origin, as anvil and Hardhat's node do; the node listens on 127.0.0.1 only. */
export const ANY_ORIGIN: CorsPolicy = { kind: "any" };

/** Request headers a page may send: the JSON-RPC content type, and EventSource's resumption header. */
export const ALLOWED_REQUEST_HEADERS = ["content-type", "last-event-id"];

export class CorsOriginError extends Error {}

/**
 * `--cors-origin` / the sidecar's `cors_origin`: `*` (any origin), `none` or "" (no CORS headers: browsers
 * refuse every cross-origin answer), or one origin, `scheme://host[:port]` as a browser sends it in
 * `Origin` (no path, no trailing slash).
 */
export function parseCorsOrigin(text: string): CorsPolicy {
  const value = text.trim();
  if (value === "*") return ANY_ORIGIN;
  if (value === "" || value.toLowerCase() === "none") return { kind: "none" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CorsOriginError(`'${text}' is not an origin: expected scheme://host[:port] (e.g. http://localhost:5173), '*' or 'none'`);
  }
  if (url.origin === "null" || !/^[a-z][a-z0-9+.-]*:$/.test(url.protocol)) {
    throw new CorsOriginError(`'${text}' is not an origin: expected scheme://host[:port] (e.g. http://localhost:5173), '*' or 'none'`);
  }
  if (url.origin !== value) {
    // a browser's Origin header is exactly scheme://host[:port]; anything else would never match
    throw new CorsOriginError(`'${text}' is not an origin as a browser sends it: use '${url.origin}' (no path, no trailing slash, default port omitted)`);
  }
  return { kind: "origin", origin: value };
}

export function describeCors(policy: CorsPolicy): string {
  switch (policy.kind) {
    case "any":
      return "any origin (--cors-origin '*')";
    case "none":
      return "none (no CORS headers: browser pages on other origins are refused)";
    case "origin":
      return `only ${policy.origin}`;
  }
}

/** What the CORS check decided for one request. */
export type CorsOutcome =
  | { kind: "answered" } // a preflight, or a forbidden request: the answer is written
  | { kind: "serve" }; // go on; the allow headers (if any) are already set on `res`

/**
 * Applies `policy` to one request. `methods` are the methods the path serves (announced to a
 * preflight). Writes the preflight answer or the 403 itself; otherwise sets the headers the answer
 * needs and lets the route answer.
 */
export function applyCors(policy: CorsPolicy, req: IncomingMessage, res: ServerResponse, methods: readonly string[]): CorsOutcome {
  if (policy.kind === "none") return { kind: "serve" };
  const origin = req.headers.origin;
  if (origin === undefined) return { kind: "serve" }; // not a CORS request
  res.setHeader("vary", "Origin");
  if (policy.kind === "origin" && origin !== policy.origin) return forbid(res, "origin not allowed");
  if (req.method === "OPTIONS") {
    const requestedMethod = req.headers["access-control-request-method"];
    // warp: an OPTIONS without Access-Control-Request-Method is not a preflight; the route answers it
    if (requestedMethod !== undefined) {
      if (!methods.includes(String(requestedMethod).trim().toUpperCase())) return forbid(res, "request-method not allowed");
      const requestedHeaders = req.headers["access-control-request-headers"];
      if (requestedHeaders !== undefined) {
        for (const name of String(requestedHeaders).split(",")) {
          const header = name.trim().toLowerCase();
          if (header !== "" && !ALLOWED_REQUEST_HEADERS.includes(header)) return forbid(res, "header not allowed");
        }
      }
      res.writeHead(200, {
        "access-control-allow-origin": origin,
        "access-control-allow-methods": methods.join(", "),
        "access-control-allow-headers": ALLOWED_REQUEST_HEADERS.join(", "),
        "content-length": 0,
      });
      res.end();
      return { kind: "answered" };
    }
  }
  res.setHeader("access-control-allow-origin", origin);
  return { kind: "serve" };
}

/** warp's CorsForbidden rejection, answered as casper-json-rpc's handle_rejection does (403, JSON message). */
function forbid(res: ServerResponse, detail: string): CorsOutcome {
  const body = JSON.stringify({ message: `CORS request forbidden: ${detail}` });
  res.writeHead(403, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
  return { kind: "answered" };
}
