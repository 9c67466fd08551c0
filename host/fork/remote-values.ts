// What a fork knows of the remote state at its root: values fetched (with their proofs checked),
// absences the node answered, keys listed by prefix (walking the remote trie from the root with
// state_get_trie: every node hashes to the digest its parent names, so the listing is proven complete),
// and the disk cache that keeps them, per state root (values) and by digest (trie nodes, shared by
// every root: consecutive blocks share most of their trie), so a second run asks the network nothing. Global state at a root never changes, so nothing here
// expires; values read back from disk are checked against the root again (a tampered or truncated
// cache line is dropped and fetched anew).

import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fromHex, toHex } from "../bytesrepr/hex.ts";
import { decodeKey, formatKey, type Key, keyId, parseKey } from "../bytesrepr/key.ts";
import { decodeStoredValue, type StoredValue } from "../bytesrepr/stored-value.ts";
import { keyLength } from "../state/merkle-proofs.ts";
import { hashIntoChunksIfNecessary } from "../state/trie/digest.ts";
import { decodeTrie, TrieTag } from "../state/trie/trie-node.ts";
import type { ForkMisses, RemoteValues } from "./fork-state.ts";
import { checkedValue, type ForkBlock, ForkRpcError, type ForkRpc, type NodeStatus } from "./rpc-client.ts";

/** How many reads a fetch round has in flight at once. */
const PARALLEL_READS = 8;

type CacheLine = { key: string; proof: string } | { key: string; absent: true };

export class RemoteStateCache implements RemoteValues {
  private readonly values = new Map<string, StoredValue | null>();
  private readonly prefixes = new Map<string, readonly Key[]>();
  private readonly nodes: TrieNodeCache;
  private readonly file: string | undefined;
  /** cache lines dropped on load (their proof no longer checks) */
  readonly dropped: number = 0;

  constructor(
    /** the remote state root (hex) every value is proven against */
    readonly stateRootHash: string,
    private readonly rpc: ForkRpc,
    cacheDir?: string,
  ) {
    this.nodes = new TrieNodeCache(cacheDir);
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
    for (const prefix of misses.prefixes) if (!this.prefixes.has(prefix)) await this.scan(prefix);
    const keys = [...misses.keys.values()].filter((k) => !this.values.has(keyId(k)));
    for (let i = 0; i < keys.length; i += PARALLEL_READS) {
      await Promise.all(keys.slice(i, i + PARALLEL_READS).map((k) => this.fetchOne(k)));
    }
  }

  /**
   * `keys_with_prefix` on the remote trie: from the root, down every branch whose path agrees with
   * the prefix, level by level (each level's nodes fetched in parallel), to the leaves under it. The
   * leaves carry their values, which are kept too.
   */
  private async scan(idPrefix: string): Promise<void> {
    if (idPrefix.length % 2 !== 0) throw new ForkRpcError(`fork: a prefix scan needs whole bytes, got ${idPrefix}`);
    const prefix = fromHex(idPrefix, "prefix");
    const found: Key[] = [];
    let frontier: { digest: Uint8Array; path: number[] }[] = [{ digest: fromHex(this.stateRootHash, "state root hash"), path: [] }];
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (let i = 0; i < frontier.length; i += PARALLEL_READS) {
        const level = frontier.slice(i, i + PARALLEL_READS);
        const nodes = await Promise.all(level.map((f) => this.trieNode(f.digest)));
        level.forEach(({ path }, j) => {
          const node = decodeTrie(nodes[j], keyLength);
          if (node.tag === TrieTag.Leaf) {
            if (!startsWith(node.key, prefix)) return;
            const key = decodeKey(node.key);
            found.push(key);
            try {
              this.values.set(keyId(key), decodeStoredValue(node.value));
            } catch {
              // a value this engine keeps raw: read by query_global_state when the engine asks for it
            }
          } else if (node.tag === TrieTag.Node) {
            node.pointers.forEach((pointer, index) => {
              if (pointer && agrees([...path, index], prefix)) next.push({ digest: pointer.hash, path: [...path, index] });
            });
          } else {
            const below = [...path, ...node.affix];
            if (agrees(below, prefix)) next.push({ digest: node.pointer.hash, path: below });
          }
        });
      }
      frontier = next;
    }
    found.sort((a, b) => (keyId(a) < keyId(b) ? -1 : keyId(a) > keyId(b) ? 1 : 0));
    this.prefixes.set(idPrefix, found);
  }

  private async trieNode(digest: Uint8Array): Promise<Uint8Array> {
    const id = toHex(digest);
    const held = this.nodes.get(id);
    if (held) return held;
    let bytes: Uint8Array | null;
    try {
      bytes = await this.rpc.trieNode(digest);
    } catch (e) {
      if (e instanceof ForkRpcError && e.code === -32601) {
        throw new ForkRpcError(`fork: the node at ${this.rpc.url} does not serve state_get_trie, which fork mode needs to list global state keys by prefix (keys_with_prefix: the 2.0 auction's delegators, a contract's message topics)`, e.code);
      }
      throw e;
    }
    if (!bytes) throw new ForkRpcError(`fork: the node at ${this.rpc.url} has no trie node ${id} under state root ${this.stateRootHash}`);
    this.nodes.put(id, bytes);
    return bytes;
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

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** A trie path that may lead to keys with the prefix: one of the two starts the other. */
function agrees(path: readonly number[], prefix: Uint8Array): boolean {
  const n = Math.min(path.length, prefix.length);
  for (let i = 0; i < n; i++) if (path[i] !== prefix[i]) return false;
  return true;
}

/** Trie nodes by digest (hex), in memory and in `trie-nodes.jsonl`; a line whose bytes no longer hash to its digest is dropped. */
class TrieNodeCache {
  private readonly held = new Map<string, Uint8Array>();
  private readonly file: string | undefined;

  constructor(cacheDir?: string) {
    if (cacheDir === undefined) return;
    mkdirSync(cacheDir, { recursive: true });
    this.file = join(cacheDir, "trie-nodes.jsonl");
    if (!existsSync(this.file)) return;
    for (const text of readFileSync(this.file, "utf8").split("\n")) {
      try {
        const { digest, bytes } = JSON.parse(text) as { digest: string; bytes: string };
        const raw = fromHex(bytes, "trie node");
        if (toHex(hashIntoChunksIfNecessary(raw)) === digest) this.held.set(digest, raw);
      } catch {
        // an empty or damaged line: that node is fetched again
      }
    }
  }

  get(digest: string): Uint8Array | undefined {
    return this.held.get(digest);
  }

  put(digest: string, bytes: Uint8Array): void {
    this.held.set(digest, bytes);
    if (this.file) appendFileSync(this.file, `${JSON.stringify({ digest, bytes: toHex(bytes) })}\n`);
  }
}

/** The node's status and a block's header, as a fork at that block needs them, kept on disk by node URL and block. */
export interface OpenedBlock {
  readonly status: NodeStatus;
  readonly block: ForkBlock;
  /** the node's chainspec.toml (info_get_chainspec), for its cost tables */
  readonly chainspecToml?: string;
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
