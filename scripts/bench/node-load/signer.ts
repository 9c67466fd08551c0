// The benchmark's signing worker: makes account_put_deploy bodies ahead of the clients, in batches, on
// its own thread (signing must not share the clients' thread, nor bound the figure).
import { parentPort, workerData } from "node:worker_threads";
import { type Sender, TransferFactory, type TransferPlan } from "./transfers.ts";

interface Job {
  senders: Sender[];
  plan: TransferPlan;
  /** the first timestamp of every sender's deploys (each next deploy: 1 ms later) */
  baseMs: number;
}

const job = workerData as Job;
const factories = job.senders.map((s, i) => new TransferFactory(s, job.senders[(i + 1) % job.senders.length], job.plan));
const made = job.senders.map(() => 0);
let id = 0;

// asked for `count` more bodies for client `client` (its own sender)
parentPort!.on("message", ({ client, count }: { client: number; count: number }) => {
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) bodies.push(factories[client].requestAt(job.baseMs + made[client]++, ++id).body);
  parentPort!.postMessage({ client, bodies });
});
