// What a process that started the node with an IPC channel (the node benchmark, scripts/bench/node-load/)
// may ask it: its memory (after a full garbage collection when the node runs with --expose-gc, so the
// figure is the live heap, not garbage waiting), its disk, height and backlog. A node started from a
// terminal has no IPC channel: nothing is listened for.
import { constants, PerformanceObserver } from "node:perf_hooks";
import type { LocalNetwork } from "../host/node/local-network.ts";

export interface NodeProbe {
  heapUsed: number;
  rss: number;
  /** memory outside the JS heap held by JS objects (Buffers) */
  external: number;
  diskBytes: number;
  height: number;
  freedNodes: number;
  /** writes queued and not yet committed */
  backlog: number;
  /** deploys waiting in the pool (block mode) */
  pooled: number;
  /** CPU time the node's process used so far (user + system), ms */
  cpuMs: number;
  /** LMDB transactions committed so far */
  transactions: number;
  /** the main thread's garbage-collection pauses so far, ms (the probe's own forced collections left out) */
  gcMs: number;
}

export function answerProbes(network: LocalNetwork): void {
  if (!process.send) return;
  let gcMs = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (((e as { detail?: { flags?: number } }).detail?.flags ?? 0) & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) continue;
      gcMs += e.duration;
    }
  }).observe({ entryTypes: ["gc"] });
  process.on("message", (message: { probe?: string; gc?: boolean }) => {
    if (message?.probe !== "memory") return;
    const gc = (globalThis as { gc?: () => void }).gc;
    if (message.gc && gc) gc();
    const memory = process.memoryUsage();
    const answer: NodeProbe = {
      heapUsed: memory.heapUsed,
      rss: memory.rss,
      external: memory.external,
      diskBytes: network.storage.diskBytes(),
      height: network.node.chain.height,
      freedNodes: network.storage.trie.freedNodes,
      backlog: network.storage.writes.backlog,
      pooled: network.node.producer.pooled,
      cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      transactions: network.storage.writes.transactions,
      gcMs,
    };
    process.send!({ probe: "memory", answer });
  });
  // the channel must not keep the node alive on its own
  process.channel?.unref();
}
