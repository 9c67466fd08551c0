// The node's event stream: Server-Sent Events on GET /events, as casper-node 2.0's event stream server
// sends them (node/src/components/event_stream_server/{sse_server,http_server,config}.rs):
// - every new client first gets `data:{"ApiVersion":"2.0.0"}` with no id, then the events in order as
//   `data:<json>` + `id:<n>` frames; ids count up from 0 (u32, wrapping);
// - the last events are kept in a bounded buffer (5,000 as the node's event_stream_buffer_length, and
//   here also at most 16 MiB) so a client that reconnects gets what it missed: `?start_from=<id>` sends
//   the buffered events from that id on (the node's query; anything else in the query is a 422), and
//   the `Last-Event-ID` header an EventSource sends when it reconnects resumes after that id;
// - at most 100 subscribers at once (max_concurrent_subscribers): one more is answered 503;
// - a comment line (`:`) after 15 s without an event (warp's sse::keep_alive), so proxies keep it open;
// - a client that falls too far behind is dropped (the node drops lagging clients) and may resume;
// - on shutdown every client gets `"Shutdown"` (with an id) and its stream ends.
import type { IncomingMessage, ServerResponse } from "node:http";
import { toJsonText } from "../json-text.ts";
import { apiVersionEvent, SHUTDOWN_EVENT, type SseDataJson } from "./sse-data.ts";

export const EVENTS_PATH = "/events";

export interface EventStreamOptions {
  /** The node's API version, sent first to every client. */
  apiVersion: string;
  /** Events kept for clients that reconnect (casper-node's default event_stream_buffer_length: 5000). */
  bufferLength?: number;
  /** The buffer's size limit in bytes of event text (oldest events leave first). */
  bufferBytes?: number;
  /** Subscribers at most (casper-node's default max_concurrent_subscribers: 100). */
  maxSubscribers?: number;
  /** A keep-alive comment is sent after this long without an event (warp's default: 15 s). */
  keepAliveMs?: number;
  /** A client whose unsent backlog passes this many bytes is dropped; it can resume from its last id. */
  maxBacklogBytes?: number;
  log?: (line: string) => void;
}

interface BufferedEvent {
  id: number;
  data: SseDataJson;
  /** the SSE text, made when a client first needs it (with no client listening, nothing is serialized) */
  frame?: string;
}

interface Subscriber {
  res: ServerResponse;
  keepAlive: NodeJS.Timeout;
  peer: string;
  lastId: number | null;
}

const U32 = 2 ** 32;

export class EventStream {
  readonly apiVersion: string;
  private readonly bufferLength: number;
  private readonly bufferBytes: number;
  private readonly maxSubscribers: number;
  private readonly keepAliveMs: number;
  private readonly maxBacklogBytes: number;
  private readonly log: (line: string) => void;
  private readonly buffer: BufferedEvent[] = [];
  private bufferedBytes = 0;
  private readonly subscribers = new Set<Subscriber>();
  private nextId = 0;
  private closed = false;

  constructor(options: EventStreamOptions) {
    this.apiVersion = options.apiVersion;
    this.bufferLength = options.bufferLength ?? 5_000;
    this.bufferBytes = options.bufferBytes ?? 16 * 1024 * 1024;
    this.maxSubscribers = options.maxSubscribers ?? 100;
    this.keepAliveMs = options.keepAliveMs ?? 15_000;
    this.maxBacklogBytes = options.maxBacklogBytes ?? 32 * 1024 * 1024;
    this.log = options.log ?? (() => {});
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** The ids of the buffered events, oldest first. */
  bufferedIds(): number[] {
    return this.buffer.map((e) => e.id);
  }

  /** Sends `data` (an SseData JSON value, see sse-data.ts) to every client and buffers it; returns its id. */
  publish(data: SseDataJson): number {
    const id = this.nextId;
    this.nextId = (this.nextId + 1) % U32;
    if (this.closed) return id;
    const event: BufferedEvent = { id, data };
    this.buffer.push(event);
    for (const subscriber of this.subscribers) this.send(subscriber, event);
    this.trim();
    return id;
  }

  /** Oldest events leave once the buffer holds more than bufferLength events or bufferBytes of text. */
  private trim(): void {
    while (this.buffer.length > this.bufferLength || (this.bufferedBytes > this.bufferBytes && this.buffer.length > 1)) {
      this.bufferedBytes -= this.buffer.shift()!.frame?.length ?? 0;
    }
  }

  /** The event's SSE text: `data:<json>` then `id:<n>`, as warp writes them. */
  private frameOf(event: BufferedEvent): string {
    if (event.frame === undefined) {
      event.frame = `data:${toJsonText(event.data)}\nid:${event.id}\n\n`;
      this.bufferedBytes += event.frame.length;
    }
    return event.frame;
  }

  /** Answers GET /events (the path is checked by the caller). */
  serve(req: IncomingMessage, res: ServerResponse, peer: string): void {
    if (this.closed) return plain(res, 503, "the node is shutting down\n");
    const query = new URL(req.url ?? "/", "http://node").searchParams;
    let startFrom: number | null = null;
    const fields = [...query.keys()];
    if (fields.length > 0) {
      // sse_server.rs parse_query: exactly one field, start_from=<u32>
      const value = query.get("start_from");
      if (fields.length !== 1 || value === null || !/^\d+$/.test(value) || Number(value) >= U32) {
        return plain(res, 422, "invalid query: expected single field 'start_from=<EVENT ID>'\n");
      }
      startFrom = Number(value);
    }
    // an EventSource that reconnects sends the last id it received: resume just after it
    const lastEventId = req.headers["last-event-id"];
    if (typeof lastEventId === "string" && /^\d+$/.test(lastEventId.trim()) && Number(lastEventId) < U32) {
      startFrom = (Number(lastEventId) + 1) % U32;
    }
    if (this.subscribers.size >= this.maxSubscribers) {
      this.log(`event stream: refused ${peer}, ${this.subscribers.size} subscribers already (the cap)`);
      return plain(res, 503, "server has reached limit of subscribers");
    }

    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.socket?.setNoDelay(true);
    const subscriber: Subscriber = {
      res,
      peer,
      lastId: null,
      keepAlive: setTimeout(() => this.keepAlive(subscriber), this.keepAliveMs).unref(),
    };
    res.write(`data:${toJsonText(apiVersionEvent(this.apiVersion))}\n\n`);
    if (startFrom !== null) for (const event of this.eventsFrom(startFrom)) this.send(subscriber, event);
    this.trim();
    this.subscribers.add(subscriber);
    res.once("close", () => this.drop(subscriber));
  }

  /** Sends Shutdown to every client, ends their streams and refuses new ones. */
  close(): void {
    if (this.closed) return;
    this.publish(SHUTDOWN_EVENT); // sse_server.rs SseData::Shutdown, sent with an id
    this.closed = true;
    for (const subscriber of [...this.subscribers]) {
      subscriber.res.end();
      this.drop(subscriber);
    }
  }

  /** The buffered events from id `start` on (http_server.rs: all of them when `start` is older than the buffer). */
  private eventsFrom(start: number): BufferedEvent[] {
    if (this.buffer.length === 0) return [];
    const first = this.buffer[0].id;
    const last = this.buffer[this.buffer.length - 1].id;
    const offset = (start - first + U32) % U32;
    if (offset < this.buffer.length) return this.buffer.slice(offset);
    // past the newest event: nothing yet; otherwise older than the buffer: all of it
    const ahead = (start - last + U32) % U32;
    return ahead < U32 / 2 ? [] : this.buffer.slice();
  }

  private send(subscriber: Subscriber, event: BufferedEvent): void {
    const { res } = subscriber;
    if (res.destroyed || res.writableEnded) return;
    if (res.writableLength > this.maxBacklogBytes) {
      // sse_server.rs: "client lagged: dropping event stream connection to client"
      this.log(`event stream: ${subscriber.peer} fell behind (${res.writableLength} bytes unsent): dropping it; it can resume after id ${subscriber.lastId ?? "none"}`);
      res.end();
      this.drop(subscriber);
      return;
    }
    res.write(this.frameOf(event));
    subscriber.lastId = event.id;
    subscriber.keepAlive.refresh();
  }

  private keepAlive(subscriber: Subscriber): void {
    if (!this.subscribers.has(subscriber) || subscriber.res.destroyed) return;
    subscriber.res.write(":\n\n");
    subscriber.keepAlive.refresh();
  }

  private drop(subscriber: Subscriber): void {
    clearTimeout(subscriber.keepAlive);
    this.subscribers.delete(subscriber);
  }
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
