// Raw TCP clients for the node's HTTP tests: what a browser or an SDK never does (trickling bytes,
// hanging up mid-request, holding idle sockets), with everything the server wrote back recorded.
import { connect, type Socket } from "node:net";

export interface RawClient {
  socket: Socket;
  /** everything received so far */
  received(): string;
  /** resolves when the server (or the client) closed the connection, with the ms since connecting */
  closed: Promise<number>;
  /** resolves once `pattern` appears in what was received */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
}

/** Opens a TCP connection to 127.0.0.1:`port`; after the client's own end() it can still read (half-close). */
export function rawClient(port: number): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    let data = "";
    const waiters: (() => void)[] = [];
    socket.on("data", (chunk: Buffer) => {
      data += chunk.toString("utf8");
      for (const w of [...waiters]) w();
    });
    socket.on("error", () => {}); // a reset is an outcome the tests look at, not a failure
    socket.on("end", () => socket.end()); // the server closed: close our side too
    const closed = new Promise<number>((done) => socket.once("close", () => done(Date.now() - started)));
    socket.once("connect", () =>
      resolve({
        socket,
        received: () => data,
        closed,
        waitFor: (pattern, timeoutMs = 5_000) =>
          new Promise((ok, fail) => {
            const check = () => {
              if (!pattern.test(data)) return;
              clearTimeout(timer);
              waiters.splice(waiters.indexOf(check), 1);
              ok(data);
            };
            const timer = setTimeout(() => {
              waiters.splice(waiters.indexOf(check), 1);
              fail(new Error(`no ${pattern} within ${timeoutMs} ms; received: ${JSON.stringify(data)}`));
            }, timeoutMs);
            waiters.push(check);
            check();
          }),
      }),
    );
    socket.once("error", reject);
  });
}

/** Writes `text` one slice at a time, `everyMs` apart, until done or the socket closes. */
export function trickle(socket: Socket, text: string, everyMs: number, sliceLength = 1): Promise<void> {
  return new Promise((resolve) => {
    let at = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || socket.writableEnded || at >= text.length) {
        clearInterval(timer);
        resolve();
        return;
      }
      socket.write(text.slice(at, at + sliceLength));
      at += sliceLength;
    }, everyMs);
  });
}

/** A JSON-RPC POST as raw HTTP/1.1 text. */
export function rpcRequestText(body: string, extraHeaders = ""): string {
  return `POST /rpc HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extraHeaders}\r\n${body}`;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
