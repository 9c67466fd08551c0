// The chain's records in LMDB, as casper-node's storage component keeps them (node/src/components/
// storage.rs: blocks by hash and by height, transactions and their execution results): blocks by
// height, block hash -> height, each deploy or transaction with its execution info by hash, state root
// hash -> the latest block with that root, the pool of accepted deploys not yet in a block (block
// mode), and the tip. Nothing of this is held in memory beyond a few recent blocks; nothing is ever
// freed (the history window frees trie nodes only). Writes go through StagedWrites with the block's
// trie nodes, so a block, its items, its root and the tip land in one transaction.
import type { Database, Key, RootDatabase } from "lmdb";
import type { StagedWrites } from "../../state/lmdb/staged-writes.ts";
import type { ChainBlock, ExecutedItem, TransactionHashJson } from "../chain.ts";
import { fromStoredJsonText, storedJsonTextWithField, toStoredJsonText } from "../json-text.ts";

/** Where the chain stands: its height, the era new blocks belong to, the last switch block. */
export interface ChainTip {
  height: number;
  era: number;
  lastSwitchHeight: number;
  /** blocks proposed in the current era by each proposer (hex public key), for the era's rewards */
  eraProposers: [string, number][];
}

/** A deploy or transaction accepted into the pool (block mode), waiting for its block. */
export interface PendingItem {
  kind: ExecutedItem["kind"];
  hash: string;
  json: unknown;
}

/** A stored item: executed (with its block) or pending. */
export type StoredItem = ExecutedItem | (PendingItem & { blockHash?: undefined });

const RECENT_BLOCKS = 64;

export class ChainRecords {
  private readonly blocks: Database<string, number>;
  private readonly blockHeights: Database<number, Buffer>;
  private readonly items: Database<string, Buffer>;
  private readonly roots: Database<number, Buffer>;
  private readonly pool: Database<string, number>;
  private readonly meta: Database<unknown, string>;
  /** recent blocks by height (the tip and its parents are read on every request) */
  private readonly recent = new Map<number, ChainBlock>();
  /**
   * The stored text of a pooled item's client JSON (block mode), by that JSON object: its executed
   * record, written when its block is, reuses it instead of writing the same JSON out again.
   */
  private readonly pooledJsonText = new WeakMap<object, string>();

  constructor(env: RootDatabase, private readonly writes: StagedWrites) {
    this.blocks = env.openDB({ name: "blocks", encoding: "string", keyEncoding: "uint32" });
    this.blockHeights = env.openDB({ name: "block-heights", encoding: "msgpack", keyEncoding: "binary" });
    this.items = env.openDB({ name: "items", encoding: "string", keyEncoding: "binary" });
    this.roots = env.openDB({ name: "state-roots", encoding: "msgpack", keyEncoding: "binary" });
    this.pool = env.openDB({ name: "pool", encoding: "string", keyEncoding: "uint32" });
    this.meta = env.openDB({ name: "chain-meta", encoding: "msgpack", keyEncoding: "ordered-binary" });
  }

  tip(): ChainTip | undefined {
    return this.read(this.meta, "tip", "tip") as ChainTip | undefined;
  }

  block(height: number): ChainBlock | undefined {
    if (!Number.isSafeInteger(height) || height < 0 || height > 0xffffffff) return undefined;
    const cached = this.recent.get(height);
    if (cached) return cached;
    const text = this.read(this.blocks, height, String(height)) as string | undefined;
    return text === undefined ? undefined : decodeBlock(text);
  }

  heightOfBlock(hashHex: string): number | undefined {
    return this.read(this.blockHeights, hashKey(hashHex), hashHex.toLowerCase()) as number | undefined;
  }

  /** The latest block whose state root hash is `rootHex`. */
  heightOfRoot(rootHex: string): number | undefined {
    return this.read(this.roots, hashKey(rootHex), rootHex.toLowerCase()) as number | undefined;
  }

  item(hashHex: string): StoredItem | undefined {
    const text = this.read(this.items, hashKey(hashHex), hashHex.toLowerCase()) as string | undefined;
    return text === undefined ? undefined : (fromStoredJsonText(text) as StoredItem);
  }

  /** Queues a new block with what it executed, and the tip it makes. */
  appendBlock(block: ChainBlock, items: readonly ExecutedItem[], tip: ChainTip): void {
    this.writes.put(this.blocks, block.height, String(block.height), encodeBlock(block));
    this.writes.put(this.blockHeights, Buffer.from(block.hash, "hex"), block.hash, block.height);
    this.writes.put(this.roots, Buffer.from(block.stateRootHash, "hex"), block.stateRootHash, block.height);
    for (const item of items) this.putItem(item.hash, item);
    this.writes.put(this.meta, "tip", "tip", tip);
    this.recent.set(block.height, block);
    if (this.recent.size > RECENT_BLOCKS) this.recent.delete(this.recent.keys().next().value!);
  }

  /** Queues a deploy or transaction into the pool (block mode), as a pending item too. */
  addPending(seq: number, item: PendingItem): void {
    // the pool entry and the pending item are the same text: written out once
    const jsonText = toStoredJsonText(item.json);
    if (typeof item.json === "object" && item.json !== null) this.pooledJsonText.set(item.json, jsonText);
    const text = storedJsonTextWithField(item, "json", jsonText);
    this.writes.put(this.pool, seq, String(seq), text);
    this.writes.put(this.items, hashKey(item.hash), item.hash.toLowerCase(), text);
  }

  /** Queues the removal of pooled items (their block is being appended). */
  removePending(seqs: readonly number[]): void {
    for (const seq of seqs) this.writes.remove(this.pool, seq, String(seq));
  }

  /** Queues the removal of a pending item that will not be executed (its TTL passed in the pool). */
  removeItem(hashHex: string): void {
    this.writes.remove(this.items, hashKey(hashHex), hashHex.toLowerCase());
  }

  /** The pool in acceptance order (block mode; read at a restart). */
  pending(): { seq: number; item: PendingItem }[] {
    const out: { seq: number; item: PendingItem }[] = [];
    for (const { key, value } of this.pool.getRange()) out.push({ seq: key, item: fromStoredJsonText(value) as PendingItem });
    return out;
  }

  private putItem(hash: string, item: StoredItem): void {
    const jsonText = typeof item.json === "object" && item.json !== null ? this.pooledJsonText.get(item.json) : undefined;
    this.writes.put(this.items, hashKey(hash), hash.toLowerCase(), jsonText === undefined ? toStoredJsonText(item) : storedJsonTextWithField(item, "json", jsonText));
  }

  /** A value queued (not yet committed) or stored. */
  private read<V, K extends Key>(db: Database<V, K>, key: K, id: string): V | undefined {
    const staged = this.writes.read(db, id);
    if (staged !== undefined) return (staged ?? undefined) as V | undefined;
    return db.get(key);
  }

  /** Reads a value from the meta table (for other parts of the node's storage). */
  metaValue(name: string): unknown {
    return this.read(this.meta, name, name);
  }

  /** Queues a meta value. */
  setMeta(name: string, value: unknown): void {
    this.writes.put(this.meta, name, name, value as NonNullable<unknown>);
  }
}

function hashKey(hex: string): Buffer {
  return Buffer.from(hex, "hex");
}

// a block's time is its one bigint (but for a switch block's era end): written as digits, not through
// the tagging replacer, which costs more than the rest of the block's encoding
function encodeBlock(block: ChainBlock): string {
  const plain = { ...block, timestampMs: block.timestampMs.toString(), transactions: [...block.transactions.entries()] };
  return block.eraEnd ? toStoredJsonText(plain) : JSON.stringify(plain);
}

function decodeBlock(text: string): ChainBlock {
  const b = fromStoredJsonText(text) as Omit<ChainBlock, "transactions" | "timestampMs"> & { timestampMs: string; transactions: [number, TransactionHashJson[]][] };
  return { ...b, timestampMs: BigInt(b.timestampMs), transactions: new Map(b.transactions) };
}
