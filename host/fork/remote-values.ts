// What a fork knows of the remote state at its root: values fetched (with their proofs checked),
// absences the node answered, and the disk cache that keeps both per state root, so a second run at
// the same root asks the network nothing. Global state at a root never changes, so nothing here
// expires; values read back from disk are checked against the root again (a tampered or truncated
// cache line is dropped and fetched anew).

import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatKey, type Key, keyId, parseKey } from "../bytesrepr/key.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import type { ForkMisses, RemoteValues } from "./fork-state.ts";
import { checkedValue, type ForkBlock, ForkRpcError, type ForkRpc, type NodeStatus } from "./rpc-client.ts";

/** How many reads a fetch round has in flight at once. */
const PARALLEL_READS = 8;

type CacheLine = { key: string; proof: string } | { key: string; absent: true };

export class RemoteStateCache implements RemoteValues {
  private readonly values = new Map<string, StoredValue | null>();
  private readonly prefixes = new Map<string, readonly Key[]>();
  private readonly file: string | undefined;
  /** cache lines dropped on load (their proof no longer checks) */
  readonly dropped: number = 0;

  constructor(
    /** the remote state root (hex) every value is proven against */
    readonly stateRootHash: string,
    private readonly rpc: ForkRpc,
    cacheDir?: string,
  ) {
    if (cacheDir === undefined) return;
    mkdirSync(cacheDir, { recursive: true });
    this.file = join(cacheDir, `${stateRootHash}.jsonl`);
    if (existsSync(this.file)) this.dropped = this.load(this.file);
  }

  /** Values and absences held (from the network or the disk). */
  get size(): number {
    return this.values.size;
  }

  value(id: string): StoredValue | null | undefined {
    return this.values.get(id);
  }

  keysWithPrefix(idPrefix: string): readonly Key[] | undefined {
    return this.prefixes.get(idPrefix);
  }

  /** Fetches every miss (in parallel), checking each proof; the disk cache gets each answer. */
  async fetch(misses: ForkMisses): Promise<void> {
    if (misses.prefixes.size > 0) {
      const prefix = [...misses.prefixes][0];
      throw new ForkRpcError(
        `fork: this execution lists global state keys by prefix (${prefix}: keys_with_prefix, as the 2.0 auction counts a validator's delegators or a contract's message topics), which Casper's JSON-RPC cannot answer with proofs; fork mode cannot run it yet`,
      );
    }
    const keys = [...misses.keys.values()].filter((k) => !this.values.has(keyId(k)));
    for (let i = 0; i < keys.length; i += PARALLEL_READS) {
      await Promise.all(keys.slice(i, i + PARALLEL_READS).map((k) => this.fetchOne(k)));
    }
  }

  private async fetchOne(key: Key): Promise<void> {
    const found = await this.rpc.item(this.stateRootHash, key);
    this.values.set(keyId(key), found ? found.value : null);
    this.save(found ? { key: formatKey(key), proof: found.proof } : { key: formatKey(key), absent: true });
  }

  private save(line: CacheLine): void {
    if (this.file) appendFileSync(this.file, `${JSON.stringify(line)}\n`);
  }

  private load(file: string): number {
    let dropped = 0;
    for (const text of readFileSync(file, "utf8").split("\n")) {
      if (text.trim() === "") continue;
      try {
        const line = JSON.parse(text) as CacheLine;
        const key = parseKey(line.key);
        if ("absent" in line) this.values.set(keyId(key), null);
        else this.values.set(keyId(key), checkedValue(this.stateRootHash, key, line.proof, file));
      } catch {
        dropped++;
      }
    }
    return dropped;
  }
}

/** The node's status and a block's header, as a fork at that block needs them, kept on disk by node URL and block. */
export interface OpenedBlock {
  readonly status: NodeStatus;
  readonly block: ForkBlock;
}

/**
 * Block headers by (node URL, block hash or height), so a fork pinned to a block opens without the
 * network. A height is only as stable as the chain behind the URL: a local node restarted with a new
 * chain reuses heights; pin a fork of such a node by block hash.
 */
export class HeaderCache {
  private readonly file: string | undefined;
  private readonly entries: Record<string, OpenedBlock> = {};

  constructor(cacheDir?: string) {
    if (cacheDir === undefined) return;
    mkdirSync(cacheDir, { recursive: true });
    this.file = join(cacheDir, "headers.json");
    if (existsSync(this.file)) {
      try {
        Object.assign(this.entries, JSON.parse(readFileSync(this.file, "utf8")));
      } catch {
        // a damaged header cache is only a cache: the headers are fetched again
      }
    }
  }

  get(url: string, block: string): OpenedBlock | undefined {
    return this.entries[`${url} ${block}`];
  }

  put(url: string, opened: OpenedBlock): void {
    this.entries[`${url} height:${opened.block.height}`] = opened;
    this.entries[`${url} hash:${opened.block.hash}`] = opened;
    if (this.file) writeFileSync(this.file, JSON.stringify(this.entries, null, 1));
  }
}
