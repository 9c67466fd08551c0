// `npm run node` in its own process for the benchmark and the soak test: tsx, --expose-gc (so the
// probe's heap is the live heap after a full collection), and an IPC channel for the probe
// (scripts/node-probe.ts). BENCH_NODE_CPU_PROF=<dir> makes it write a CPU profile there when it stops.
import { fork, type ChildProcess } from "node:child_process";
import { request, type Agent } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { NodeProbe } from "../../node-probe.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export interface NodeChild {
  url: string;
  child: ChildProcess;
  /** ms from the spawn to the first "listening" line */
  startMs: number;
  /** everything written to stderr so far */
  stderr(): string;
  probe(gc: boolean): Promise<NodeProbe>;
  /** SIGTERM, then waits for the exit */
  stop(): Promise<number | null>;
}

export function startNodeChild(args: string[]): Promise<NodeChild> {
  const profile = process.env.BENCH_NODE_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_NODE_CPU_PROF}`] : [];
  const started = performance.now();
  // BENCH_NODE_FLAGS: more V8/Node flags for the node (e.g. --max-semi-space-size=64), to try them
  const flags = process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(/\s+/).filter(Boolean) : [];
  const child = fork(join(ROOT, "scripts/node.ts"), ["--port", "0", ...args], { cwd: ROOT, execArgv: ["--import", "tsx", "--expose-gc", ...flags, ...profile], stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let err = "";
  child.stderr!.on("data", (c: Buffer) => (err += c.toString("utf8")));
  const pending: ((p: NodeProbe) => void)[] = [];
  child.on("message", (m: { probe?: string; answer: NodeProbe }) => {
    if (m.probe === "memory") pending.shift()?.(m.answer);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/rpc)/.exec(out);
      if (!m) return;
      resolve({
        url: m[1],
        child,
        startMs: performance.now() - started,
        stderr: () => err,
        probe: (gc) => new Promise((r) => {
          pending.push(r);
          child.send({ probe: "memory", gc });
        }),
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          return exited;
        },
      });
    });
    void exited.then((code) => reject(new Error(`the node exited with ${code} before listening:\n${err}`)));
  });
}

/** POSTs a JSON-RPC body; the answer's text. */
export function post(url: string, body: string, agent?: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
