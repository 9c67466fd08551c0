// `npm run node` as a user runs it, started by a test on a free port: the process's first stdout line
// gives the URL. It runs in its own process group so stopping it stops npm, tsx and node together.
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface NodeProcess {
  url: string;
  child: ChildProcess;
  /** everything the node wrote to stderr so far */
  stderr(): string;
  /** SIGTERM to the process group, then waits for the exit */
  stop(): Promise<number | null>;
}

/** every node started here and not yet exited: stopped when the test process exits, even after a failure */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

/** Starts `npm run node -- <args>` (add --port 0 for a free port) and waits until it listens. */
export function startNodeProcess(args: string[], timeoutMs = 60_000): Promise<NodeProcess> {
  const child = spawn("npm", ["run", "--silent", "node", "--", ...args], { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stderr!.on("data", (c: Buffer) => (err += c.toString("utf8")));
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => {
    running.delete(child);
    resolve(code);
  }));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    }
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`npm run node did not start within ${timeoutMs} ms; stderr:\n${err}`));
    }, timeoutMs);
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/rpc)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], child, stderr: () => err, stop });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`npm run node exited with ${code} before listening; stderr:\n${err}`));
    });
  });
}
