// The chain's records in LMDB, as casper-node's storage component keeps them (node/src/components/
// storage.rs: blocks by hash and by height, transactions and their execution results): blocks by
// height, each block's executed deploys and transactions with their execution info by (height,
// position), the pool of accepted deploys not yet in a block (block mode) and the tip; and indexes
// by hash: block hash -> height, deploy / transaction hash -> (height, position), state root hash ->
// the latest block with that root. Records by height are written next to each other on disk; the
// indexes, whose keys are random, are written a slice of the key space per block (swept-index.ts).
// Nothing of this is held in memory beyond a few recent blocks and the index entries waiting for
// their slice; nothing is ever freed (the history window frees trie nodes only). Writes go through
// StagedWrites with the block's trie nodes, so a block, its items, its root and the tip land in one
// transaction.
//
// Directories written before (format 3) kept executed items by hash (`items`): they are read there
// still; `items` now holds only pending items (block mode) until their block.
import type { Database, Key, RootDatabase } from "lmdb";
import type { StagedWrites } from "../../state/lmdb/staged-writes.ts";
import type { ChainBlock, ExecutedItem, TransactionHashJson } from "../chain.ts";
import { fromStoredJsonText, storedJsonTextWithField, toStoredJsonText } from "../json-text.ts";
import { MOST_WAITING_PER_BLOCK, SLICES, SLICES_BEFORE, SweptIndex } from "./swept-index.ts";

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
/** the meta entry that records the indexes' sweep; absent: SLICES_BEFORE slices from the first block */
const INDEX_SWEEP = "index-sweep";

/** The indexes' sweep: `slices` blocks a sweep, from block `since` on (entries of earlier blocks do not wait). */
interface IndexSweep {
  slices: number;
  since: number;
}

export interface ChainRecordsOptions {
  /** slices in the indexes' sweep (default SLICES; tests take fewer, so that a sweep is a few thousand blocks) */
  indexSlices?: number;
}

export class ChainRecords {
  private readonly blocks: Database<string, number>;
  /** block hash -> height */
  private blockHeights!: SweptIndex<number>;
  /** executed items by (height, position in the block's transactions), next to each other */
  private readonly blockItems: Database<string, Buffer>;
  /** item hash -> its (height, position) */
  private itemIndex!: SweptIndex<Buffer>;
  /** pending items by hash (block mode); and executed ones, in directories written before block-items */
  private readonly items: Database<string, Buffer>;
  /** state root hash -> the latest block with it */
  private roots!: SweptIndex<number>;
  private readonly pool: Database<string, number>;
  private readonly meta: Database<unknown, string>;
  /** recent blocks by height (the tip and its parents are read on every request) */
  private readonly recent = new Map<number, ChainBlock>();
  /**
   * The stored text of a pooled item's client JSON (block mode), by that JSON object: its executed
   * record, written when its block is, reuses it instead of writing the same JSON out again.
   */
  private readonly pooledJsonText = new WeakMap<object, string>();

  constructor(env: RootDatabase, private readonly writes: StagedWrites, options: ChainRecordsOptions = {}) {
    this.blocks = env.openDB({ name: "blocks", encoding: "string", keyEncoding: "uint32" });
    const blockHeights = env.openDB<number, Buffer>({ name: "block-heights", encoding: "msgpack", keyEncoding: "binary" });
    this.blockItems = env.openDB({ name: "block-items", encoding: "string", keyEncoding: "binary" });
    const itemIndex = env.openDB<Buffer, Buffer>({ name: "item-index", encoding: "binary", keyEncoding: "binary" });
    this.items = env.openDB({ name: "items", encoding: "string", keyEncoding: "binary" });
    const roots = env.openDB<number, Buffer>({ name: "state-roots", encoding: "msgpack", keyEncoding: "binary" });
    this.pool = env.openDB({ name: "pool", encoding: "string", keyEncoding: "uint32" });
    this.meta = env.openDB({ name: "chain-meta", encoding: "msgpack", keyEncoding: "ordered-binary" });
    const wanted = options.indexSlices ?? SLICES;
    const tip = this.tip();
    // the sweep the directory was written with (a new one: the wanted one, from its first block)
    const recorded = this.meta.get(INDEX_SWEEP) as IndexSweep | undefined;
    const written: IndexSweep = tip === undefined ? { slices: wanted, since: 0 } : (recorded ?? { slices: SLICES_BEFORE, since: 0 });
    const open = (slices: number) => {
      this.blockHeights = new SweptIndex(blockHeights, writes, slices);
      this.itemIndex = new SweptIndex(itemIndex, writes, slices);
      this.roots = new SweptIndex(roots, writes, slices);
    };
    open(written.slices);
    if (tip) this.recoverWaitingEntries(tip, written.since);
    if (written.slices !== wanted) {
      // another sweep from the next block on: what waits under the old one is written at once, with the record of the new one
      const sweep: IndexSweep = { slices: wanted, since: tip!.height + 1 };
      writes.synchronously(() => {
        for (const index of [this.blockHeights, this.roots, this.itemIndex]) index.putAllWaiting();
        this.meta.putSync(INDEX_SWEEP, sweep);
      });
      open(wanted);
    } else if (!recorded) {
      writes.synchronously(() => this.meta.putSync(INDEX_SWEEP, written));
    }
  }

  /** The index entries still waiting for their slice when the node stopped: from the records of the last sweep's blocks. */
  private recoverWaitingEntries(tip: ChainTip, since: number): void {
    // blocks below the first one with item records were written before block-items (format 3): their
    // items are found by hash (`items`), and no index entry of theirs waits (one cursor read, not a
    // lookup per item: cold, those cost most of an opening)
    const [first] = this.blockItems.getKeys({ limit: 1 });
    const itemsFrom = first !== undefined ? (first as Buffer).readUInt32BE(0) : tip.height + 1;
    const from = Math.max(since, tip.height - this.blockHeights.slices + 1);
    // one cursor over the blocks, each parsed for its hashes alone (no reviver: a sweep may be 65,536 blocks)
    for (const { key: height, value: text } of this.blocks.getRange({ start: from, end: tip.height + 1 })) {
      const block = JSON.parse(text) as { hash: string; stateRootHash: string; transactions: [number, TransactionHashJson[]][] };
      this.blockHeights.recover(block.hash, height, height, tip.height);
      this.roots.recover(block.stateRootHash, height, height, tip.height);
      const hashes = itemHashes(block);
      if (hashes.length > MOST_WAITING_PER_BLOCK || height < itemsFrom) continue; // written at once, or by hash
      hashes.forEach((hash, position) => this.itemIndex.recover(hash, itemKey(height, position), height, tip.height));
    }
  }

  /** The index entries waiting for their slice, by index (item positions in hex). */
  waitingEntries(): { blocks: [string, number][]; roots: [string, number][]; items: [string, string][] } {
    return {
      blocks: this.blockHeights.waitingEntries(),
      roots: this.roots.waitingEntries(),
      items: this.itemIndex.waitingEntries().map(([hash, at]): [string, string] => [hash, at.toString("hex")]),
    };
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
    return this.blockHeights.get(hashHex);
  }

  /** The latest block whose state root hash is `rootHex`. */
  heightOfRoot(rootHex: string): number | undefined {
    return this.roots.get(rootHex);
  }

  item(hashHex: string): StoredItem | undefined {
    const at = this.itemIndex.get(hashHex);
    const text = at !== undefined ? this.read(this.blockItems, at, at.toString("hex")) : this.read(this.items, hashKey(hashHex), hashHex.toLowerCase());
    return text === undefined ? undefined : (fromStoredJsonText(text) as StoredItem);
  }

  /** Queues a new block with what it executed, and the tip it makes. */
  appendBlock(block: ChainBlock, items: readonly ExecutedItem[], tip: ChainTip): void {
    const { height } = block;
    this.writes.put(this.blocks, height, String(height), encodeBlock(block));
    this.blockHeights.add(block.hash, height);
    this.roots.add(block.stateRootHash, height);
    // each item at its position in the block's transactions (as recoverWaitingEntries finds them again)
    const byHash = new Map(items.map((item) => [item.hash.toLowerCase(), item]));
    const hashes = itemHashes(block);
    const atOnce = hashes.length > MOST_WAITING_PER_BLOCK;
    hashes.forEach((hash, position) => {
      const item = byHash.get(hash);
      if (!item) throw new Error(`block ${height} lists ${hash}, which it did not execute`);
      const at = itemKey(height, position);
      this.putItem(at, item);
      if (atOnce) this.itemIndex.put(hash, at);
      else this.itemIndex.add(hash, at);
      // pending until now (block mode): it leaves the pending items
      if (this.isPending(hash)) this.writes.remove(this.items, hashKey(hash), hash);
    });
    if (hashes.length !== items.length) throw new Error(`block ${height} lists ${hashes.length} items, but ${items.length} were executed`);
    for (const index of [this.blockHeights, this.roots, this.itemIndex]) index.sweep(height);
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

  private putItem(at: Buffer, item: ExecutedItem): void {
    const jsonText = typeof item.json === "object" && item.json !== null ? this.pooledJsonText.get(item.json) : undefined;
    this.writes.put(this.blockItems, at, at.toString("hex"), jsonText === undefined ? toStoredJsonText(item) : storedJsonTextWithField(item, "json", jsonText));
  }

  /** Whether the items by hash hold `hash` (lowercase): pending (or executed, in a format-3 directory). */
  private isPending(hash: string): boolean {
    const staged = this.writes.read(this.items, hash);
    if (staged !== undefined) return staged !== null;
    return this.items.doesExist(hashKey(hash));
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

/** An executed item's key: its block's height and its position there, big-endian (in chain order). */
function itemKey(height: number, position: number): Buffer {
  const key = Buffer.allocUnsafe(8);
  key.writeUInt32BE(height, 0);
  key.writeUInt32BE(position, 4);
  return key;
}

/** A block's deploy and transaction hashes (lowercase hex), lane after lane, as its body lists them (stored: lane pairs). */
function itemHashes(block: { transactions: Map<number, TransactionHashJson[]> | [number, TransactionHashJson[]][] }): string[] {
  const out: string[] = [];
  const lanes = block.transactions instanceof Map ? block.transactions.values() : block.transactions.map(([, hashes]) => hashes);
  for (const hashes of lanes) for (const h of hashes) out.push(("Deploy" in h ? h.Deploy : h.Version1).toLowerCase());
  return out;
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
