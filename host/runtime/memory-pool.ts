// Linear memories for instances. Creating a WebAssembly.Memory is the most expensive part of an
// instantiation, so a memory that was not grown is zeroed and reused for the next instance with the
// same limits: to the wasm it is indistinguishable from a fresh one.

const PAGE = 65536;
const MAX_POOLED = 8;
const pools = new Map<string, WebAssembly.Memory[]>();

export interface MemoryLimits {
  readonly initial: number;
  readonly maximum?: number;
}

const keyOf = (l: MemoryLimits) => `${l.initial}:${l.maximum ?? ""}`;

export function acquireMemory(limits: MemoryLimits): WebAssembly.Memory {
  return pools.get(keyOf(limits))?.pop() ?? new WebAssembly.Memory(limits);
}

/** Give a memory back once its instance has finished (grown memories are dropped). */
export function releaseMemory(limits: MemoryLimits, memory: WebAssembly.Memory): void {
  if (memory.buffer.byteLength !== limits.initial * PAGE) return;
  const key = keyOf(limits);
  let list = pools.get(key);
  if (!list) pools.set(key, (list = []));
  if (list.length >= MAX_POOLED) return;
  new Uint8Array(memory.buffer).fill(0);
  list.push(memory);
}
