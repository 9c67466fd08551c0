// Ed25519 approvals checked on a worker thread: verification is a tenth of the node's time per deploy,
// and the node executes on one thread, so the other core does it. Node's crypto (OpenSSL, RFC 8032),
// as signatures.ts uses in this thread; checks arriving together go to the worker in one message. If
// the worker cannot run, checks are made in this thread: the answer is the same either way.
import { createPublicKey, type KeyObject, verify } from "node:crypto";
import { Worker } from "node:worker_threads";

const ED25519_SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

// the worker's code: plain JavaScript (no loader needed), the same check as `verifyInThisThread`
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads");
const { createPublicKey, verify } = require("node:crypto");
const PREFIX = Buffer.from("${ED25519_SPKI_PREFIX.toString("hex")}", "hex");
const keys = new Map();
parentPort.on("message", (batch) => {
  const out = new Uint8Array(batch.length);
  for (let i = 0; i < batch.length; i++) {
    const [key, message, signature] = batch[i];
    try {
      const id = Buffer.from(key).toString("hex");
      let k = keys.get(id);
      if (!k) {
        k = createPublicKey({ key: Buffer.concat([PREFIX, key]), format: "der", type: "spki" });
        if (keys.size > 10000) keys.clear();
        keys.set(id, k);
      }
      out[i] = verify(null, message, k, signature) ? 1 : 0;
    } catch {
      out[i] = 0;
    }
  }
  parentPort.postMessage(out);
});
`;

type Check = [key: Uint8Array, message: Uint8Array, signature: Uint8Array];

const keyCache = new Map<string, KeyObject>();

/** The check in this thread: `key` the 32 key bytes, `signature` the 64 signature bytes. */
export function verifyInThisThread(key: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    const id = Buffer.from(key).toString("hex");
    let k = keyCache.get(id);
    if (!k) {
      k = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, key]), format: "der", type: "spki" });
      if (keyCache.size > 10_000) keyCache.clear();
      keyCache.set(id, k);
    }
    return verify(null, message, k, signature);
  } catch {
    return false;
  }
}

class Ed25519Worker {
  private worker: Worker | undefined;
  private broken = false;
  private batch: Check[] = [];
  private resolvers: ((ok: boolean) => void)[] = [];
  /** the resolvers of each batch sent, in order (the worker answers in order) */
  private sent: { checks: Check[]; resolvers: ((ok: boolean) => void)[] }[] = [];
  private scheduled = false;

  check(key: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    if (this.broken) return Promise.resolve(verifyInThisThread(key, message, signature));
    return new Promise((resolve) => {
      this.batch.push([key, message, signature]);
      this.resolvers.push(resolve);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const checks = this.batch;
    const resolvers = this.resolvers;
    this.batch = [];
    this.resolvers = [];
    if (checks.length === 0) return;
    try {
      const worker = this.start();
      worker.postMessage(checks);
      this.sent.push({ checks, resolvers });
      worker.ref(); // answers are awaited: the process stays up for them
    } catch {
      this.fail();
      checks.forEach(([k, m, s], i) => resolvers[i](verifyInThisThread(k, m, s)));
    }
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.on("message", (out: Uint8Array) => {
      const done = this.sent.shift();
      done?.resolvers.forEach((resolve, i) => resolve(out[i] === 1));
      if (this.sent.length === 0) worker.unref(); // idle: it does not keep the process alive
    });
    worker.on("error", () => this.fail());
    worker.on("exit", () => this.fail());
    // unref'd while idle (after the listeners: a "message" listener refs the worker's port again)
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** The worker is gone: what it had not answered is checked here, and so is everything after. */
  private fail(): void {
    this.broken = true;
    this.worker = undefined;
    for (const { checks, resolvers } of this.sent.splice(0)) checks.forEach(([k, m, s], i) => resolvers[i](verifyInThisThread(k, m, s)));
  }
}

let shared: Ed25519Worker | undefined;

/** Checks an Ed25519 signature (32 key bytes, 64 signature bytes) over `message` on the shared worker. */
export function verifyEd25519OffThread(key: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  shared ??= new Ed25519Worker();
  return shared.check(key, message, signature);
}
