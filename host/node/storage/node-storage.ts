// The local node's data directory: `genesis.json` (the genesis config and time: genesis is rebuilt
// from them, it is deterministic) and `chain-lmdb/`, one LMDB environment holding global state's trie
// nodes (host/state/lmdb) and the chain's records (chain-records.ts), written together block by block.
// A restart opens it and goes on from the stored tip: nothing is replayed. One node at a time holds it
// (`node.lock`: directory-lock.ts). Without a directory the node uses a temporary one, removed when it
// closes or the process exits, so memory stays bounded whether or not the chain is kept.
//
// Formats: version 6 is this one. Version 5 swept the indexes by hash over 4,096 blocks and did not
// record it; version 6 records its sweep (`--index-sweep`, up to 65,536 blocks), which older code would
// not know: it would take entries still waiting for written ones. A version 5 directory is opened as it
// is (its sweep taken as 4,096; asked for another, what waited is written at once: chain-records.ts) and
// marked version 6. Version 4 kept every trie node by digest; version 5 keeps nodes young, by block,
// while in the window (host/state/lmdb), which older code would not find: a version 4 directory is
// opened as it is and marked. Version 3 kept executed deploys by hash, where they are still read
// (chain-records.ts): it too is opened as it is and marked. A version 2 directory (genesis.json +
// blocks.jsonl) is converted when opened (legacy-data.ts): the LMDB environment is built beside it,
// then genesis.json is rewritten and blocks.jsonl kept as blocks.v2.jsonl; a conversion cut short
// starts over. Version 1 (state root hashes that were not casper-node's) is refused, saying what to do.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open, type RootDatabase } from "lmdb";
import { type KeepStates, LmdbTrieStore } from "../../state/lmdb/lmdb-trie-store.ts";
import { StagedWrites } from "../../state/lmdb/staged-writes.ts";
import { TailPrefill } from "../../state/lmdb/tail-prefill.ts";
import { ChainRecords } from "./chain-records.ts";
import { lockDirectory } from "./directory-lock.ts";

/** The default sweep of the indexes by hash, in blocks (swept-index.ts). */
export { SLICES as DEFAULT_INDEX_SWEEP, isIndexSweep } from "./swept-index.ts";

const FORMAT = "casper-as local node data, version 6";
const FORMAT_V5 = "casper-as local node data, version 5";
const FORMAT_V4 = "casper-as local node data, version 4";
const FORMAT_V3 = "casper-as local node data, version 3";
const FORMAT_V2 = "casper-as local node data, version 2";
const FORMAT_V1 = "casper-as local node data, version 1";
const LMDB_DIR = "chain-lmdb";
/** the LMDB map: 256 GiB of address space (a million blocks take a few GiB) */
const MAP_SIZE = 256 * 1024 ** 3;

/** The default history window: the state under each of the last 10,000 blocks stays readable. */
export const DEFAULT_KEEP_STATES = 10_000;

export interface SavedGenesis {
  /** the genesis config JSON ({} for the defaults) */
  source: unknown;
  timestampMs: bigint;
}

export interface NodeStorageOptions {
  /** the data directory (created if needed); absent: a temporary one */
  dir?: string;
  /** how many of the latest blocks' states stay readable, or "all" (default 10,000) */
  keepStates?: KeepStates;
  /** commit without syncing to disk: faster, but a power cut may lose acknowledged deploys */
  noSync?: boolean;
  /** blocks an index entry by hash may wait in memory for its slice of the key space (chain-records.ts; default SLICES) */
  indexSweep?: number;
}

export class ChainStoreError extends Error {}

export class NodeStorage {
  readonly env: RootDatabase;
  readonly writes: StagedWrites;
  readonly trie: LmdbTrieStore;
  readonly records: ChainRecords;
  /** the genesis recorded (undefined: a new directory) */
  readonly genesis: SavedGenesis | undefined;
  /** a version 2 directory's blocks.jsonl, to convert before anything else */
  readonly legacyBlocks: string | undefined;
  private closed = false;

  private constructor(readonly dir: string, readonly temporary: boolean, options: NodeStorageOptions, private readonly unlock: () => void) {
    const genesisPath = join(dir, "genesis.json");
    const saved = readGenesis(genesisPath);
    const lmdbPath = join(dir, LMDB_DIR);
    if (!saved || saved.format === FORMAT_V2) {
      // a new chain, or a conversion (again, if one was cut short): nothing of an earlier LMDB counts
      rmSync(lmdbPath, { recursive: true, force: true });
    }
    this.genesis = saved && { source: saved.source, timestampMs: saved.timestampMs };
    if (saved?.format === FORMAT_V2) {
      const blocks = join(dir, "blocks.jsonl");
      this.legacyBlocks = blocks;
    } else if (saved && existsSync(join(dir, "blocks.jsonl"))) {
      // converted, but stopped before the old file was put aside
      renameSync(join(dir, "blocks.jsonl"), join(dir, "blocks.v2.jsonl"));
    }
    // one map of the file for good: address space only (the file grows as written); a map grown as the
    // file grows would be mapped anew each time, and every old map's pages would count in the RSS
    this.env = open({ path: lmdbPath, maxDbs: 16, noSync: options.noSync ?? false, separateFlushed: true, mapSize: MAP_SIZE });
    // the file's growth written ahead a page at a time: the page cache's folios stay small (tail-prefill.ts)
    this.writes = new StagedWrites(this.env, { noSync: options.noSync, prefill: new TailPrefill(this.env, join(lmdbPath, "data.mdb")) });
    this.records = new ChainRecords(this.env, this.writes, { indexSlices: options.indexSweep });
    const tip = this.records.tip();
    this.trie = new LmdbTrieStore(this.env, this.writes, { keepStates: options.keepStates ?? DEFAULT_KEEP_STATES, tipHeight: tip?.height ?? 0 });
    // versions 3, 4 and 5 are read as they are; older code must not open what this one writes
    if ((saved?.format === FORMAT_V3 || saved?.format === FORMAT_V4 || saved?.format === FORMAT_V5) && this.genesis) writeGenesis(dir, this.genesis);
    if (temporary) removeAtExit(dir);
  }

  /** Opens (creating it if needed) a data directory, or a temporary one. */
  static open(options: NodeStorageOptions = {}): NodeStorage {
    if (options.dir === undefined) return new NodeStorage(mkdtempSync(join(tmpdir(), "casper-as-node-")), true, options, () => {});
    mkdirSync(options.dir, { recursive: true });
    // one node at a time (directory-lock.ts), taken before anything in the directory is read
    const unlock = lockDirectory(options.dir);
    try {
      return new NodeStorage(options.dir, false, options, unlock);
    } catch (e) {
      unlock();
      throw e;
    }
  }

  /** Records the genesis of a new chain, before anything else is written (the directory must not have one). */
  saveGenesis(genesis: SavedGenesis): void {
    if (this.genesis) throw new ChainStoreError(`${this.dir} already holds a chain`);
    writeGenesis(this.dir, genesis);
    (this as { genesis: SavedGenesis | undefined }).genesis = genesis;
  }

  /**
   * Ends a conversion (made in synchronous transactions: nothing is left queued): the directory is
   * now of this format; the old blocks file is kept beside it.
   */
  finishConversion(): void {
    if (!this.legacyBlocks || !this.genesis) return;
    writeGenesis(this.dir, this.genesis);
    if (existsSync(this.legacyBlocks)) renameSync(this.legacyBlocks, join(this.dir, "blocks.v2.jsonl"));
    (this as { legacyBlocks: string | undefined }).legacyBlocks = undefined;
  }

  /** Resolves once everything written so far is on disk (synced unless noSync). */
  seal(): Promise<void> {
    return this.writes.seal();
  }

  /** Bytes the LMDB file takes on disk. */
  diskBytes(): number {
    const file = join(this.dir, LMDB_DIR, "data.mdb");
    if (!existsSync(file)) return 0;
    const s = statSync(file);
    return Math.min(s.size, s.blocks * 512);
  }

  /** Waits for what is queued, closes LMDB, and removes a temporary directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes.close();
    this.unlock();
    if (this.temporary) {
      temporaryDirs.delete(this.dir);
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}

/** Temporary directories still open, removed when the process exits (one listener for all). */
const temporaryDirs = new Set<string>();
function removeAtExit(dir: string): void {
  if (temporaryDirs.size === 0) {
    process.once("exit", () => {
      for (const d of temporaryDirs) rmSync(d, { recursive: true, force: true });
    });
  }
  temporaryDirs.add(dir);
}

/** Two config JSONs are the same config when they are equal up to key order. */
export function sameConfig(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

function writeGenesis(dir: string, genesis: SavedGenesis): void {
  const path = join(dir, "genesis.json");
  const text = JSON.stringify({ format: FORMAT, config: genesis.source, genesis_timestamp_ms: genesis.timestampMs.toString() }, null, 2);
  // write then rename: a crash leaves either the old file or a whole new one
  writeFileSync(`${path}.tmp`, `${text}\n`);
  renameSync(`${path}.tmp`, path);
}

function readGenesis(path: string): (SavedGenesis & { format: string }) | undefined {
  if (!existsSync(path)) return undefined;
  let json: { format?: unknown; config?: unknown; genesis_timestamp_ms?: unknown };
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new ChainStoreError(`${path} is not JSON: ${(e as Error).message}`);
  }
  if (json.format === FORMAT_V1) {
    throw new ChainStoreError(
      `${path} holds a chain from an older casper-as (data format version 1), whose state root hashes were not casper-node's Merkle trie roots: its blocks cannot be rebuilt with the same hashes. Start the node with a new --data directory (or move this one away), and deploy again what it held`,
    );
  }
  if (json.format !== FORMAT && json.format !== FORMAT_V5 && json.format !== FORMAT_V4 && json.format !== FORMAT_V3 && json.format !== FORMAT_V2) throw new ChainStoreError(`${path} is not a casper-as local node data directory (format ${JSON.stringify(json.format)})`);
  if (typeof json.genesis_timestamp_ms !== "string" || !/^\d+$/.test(json.genesis_timestamp_ms)) {
    throw new ChainStoreError(`${path}: genesis_timestamp_ms is missing or not a whole number`);
  }
  return { format: json.format, source: json.config ?? {}, timestampMs: BigInt(json.genesis_timestamp_ms) };
}
