// Reads the node's /events as raw Server-Sent Events (node:http), frame by frame as they arrive, parsed
// per the HTML event-stream format: `field:value` lines, frames ending with a blank line, `:` comments.
import { request, type IncomingHttpHeaders } from "node:http";

export interface SseFrame {
  /** the `id:` field, when the frame has one */
  id?: string;
  /** the `data:` lines joined with "\n" */
  data?: string;
  /** a comment-only frame (keep-alive) */
  comment?: boolean;
  /** the frame's text as sent */
  raw: string;
}

export interface SseConnection {
  status: number;
  headers: IncomingHttpHeaders;
  /** the body of a refused connection (422, 503, ...) */
  body: string;
  frames: SseFrame[];
  /** the data frames' JSON, comments left out */
  events(): { id?: string; data: any }[];
  /** resolves once `count` data frames have arrived */
  waitForEvents(count: number, timeoutMs?: number): Promise<{ id?: string; data: any }[]>;
  /** resolves when the server ends the stream */
  ended: Promise<void>;
  close(): void;
  /** stops reading: what the server sends backs up (a stalled client) */
  pause(): void;
}

export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "GET", headers }, (res) => {
      let buffered = "";
      let body = "";
      const frames: SseFrame[] = [];
      const waiters = new Set<() => void>();
      const events = () => frames.filter((f) => f.data !== undefined).map((f) => ({ id: f.id, data: JSON.parse(f.data!) }));
      const streaming = res.statusCode === 200 && String(res.headers["content-type"]).startsWith("text/event-stream");
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (!streaming) {
          body += chunk;
          return;
        }
        buffered += chunk;
        let end: number;
        while ((end = buffered.indexOf("\n\n")) >= 0) {
          frames.push(parseFrame(buffered.slice(0, end + 2)));
          buffered = buffered.slice(end + 2);
        }
        for (const w of [...waiters]) w();
      });
      const ended = new Promise<void>((done) => res.once("close", () => done()));
      res.on("error", () => {});
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        get body() {
          return body;
        },
        frames,
        events,
        ended,
        close: () => req.destroy(),
        pause: () => res.pause(),
        waitForEvents: (count, timeoutMs = 5_000) =>
          new Promise((ok, fail) => {
            const check = () => {
              if (frames.filter((f) => f.data !== undefined).length < count) return;
              clearTimeout(timer);
              waiters.delete(check);
              ok(events());
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              const seen = frames.map((f) => (f.raw.length > 200 ? `${f.raw.slice(0, 200)}…` : f.raw));
              fail(new Error(`${seen.filter((f) => !f.startsWith(":")).length} of ${count} events within ${timeoutMs} ms: ${JSON.stringify(seen.slice(-10))}`));
            }, timeoutMs);
            waiters.add(check);
            check();
          }),
      } as SseConnection);
    });
    req.on("error", reject);
    req.end();
  });
}

function parseFrame(raw: string): SseFrame {
  const frame: SseFrame = { raw };
  const data: string[] = [];
  let onlyComments = true;
  for (const line of raw.split("\n")) {
    if (line === "") continue;
    if (line.startsWith(":")) continue;
    onlyComments = false;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "id") frame.id = value;
  }
  if (data.length > 0) frame.data = data.join("\n");
  if (onlyComments) frame.comment = true;
  return frame;
}
