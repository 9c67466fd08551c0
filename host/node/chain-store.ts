// The local node's data directory (`npm run node -- --data DIR`): what is needed to serve the same
// chain after a restart. `genesis.json` records the genesis config and time (genesis is rebuilt from
// them: it is deterministic); `blocks.jsonl` has one line per block after genesis: its time, lane, the
// executed deploy or transaction with its execution result (a switch block: its era end instead), the
// state root hash, and the global-state commits the execution (or the era step) made. A restart rebuilds genesis, re-applies every block's commits (checking
// each state root hash) and rebuilds the same blocks, so hashes, state and results are unchanged and no
// deploy is executed twice. A last line cut short by a crash is dropped; anything else unreadable stops
// the node with the line number.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EraEndData, ExecutedItem } from "./chain.ts";
import type { StateCommit } from "./engine-backend.ts";
import { fromStoredJsonText, toStoredJsonText } from "./json-text.ts";

// version 2: state root hashes are casper-node's Merkle trie roots (version 1 had a blake2b chain over
// commits, so its blocks' hashes cannot be rebuilt here), and a commit may delete keys ([key, null])
const FORMAT = "casper-as local node data, version 2";
const FORMAT_V1 = "casper-as local node data, version 1";

export interface SavedGenesis {
  /** the genesis config JSON ({} for the defaults) */
  source: unknown;
  timestampMs: bigint;
}

export interface BlockRecord {
  height: number;
  timestampMs: bigint;
  lane: number;
  stateRootHash: string;
  /** the executed deploy or transaction; absent in a switch block */
  item?: Omit<ExecutedItem, "blockHash" | "blockHeight">;
  /** a switch block's era end (it has no item) */
  eraEnd?: EraEndData;
  commits: StateCommit[];
}

export class ChainStoreError extends Error {}

export class ChainStore {
  readonly genesis: SavedGenesis | undefined;
  readonly blocks: BlockRecord[];
  /** a note for the operator about something repaired on opening (a cut-short last line) */
  readonly repaired: string | undefined;
  private readonly blocksPath: string;

  private constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.blocksPath = join(dir, "blocks.jsonl");
    this.genesis = readGenesis(join(dir, "genesis.json"));
    const { blocks, repaired } = this.genesis ? readBlocks(this.blocksPath) : { blocks: [], repaired: undefined };
    this.blocks = blocks;
    this.repaired = repaired;
  }

  /** Opens (creating it if needed) a data directory and reads what it holds. */
  static open(dir: string): ChainStore {
    return new ChainStore(dir);
  }

  /** Records the genesis of a new chain (the directory must not have one). */
  saveGenesis(genesis: SavedGenesis): void {
    if (this.genesis) throw new ChainStoreError(`${this.dir} already holds a chain`);
    const path = join(this.dir, "genesis.json");
    const text = JSON.stringify({ format: FORMAT, config: genesis.source, genesis_timestamp_ms: genesis.timestampMs.toString() }, null, 2);
    // write then rename: a crash leaves either no genesis or a whole one
    writeFileSync(`${path}.tmp`, `${text}\n`);
    renameSync(`${path}.tmp`, path);
    writeFileSync(this.blocksPath, "");
    (this as { genesis: SavedGenesis | undefined }).genesis = genesis;
  }

  append(record: BlockRecord): void {
    if (!this.genesis) throw new ChainStoreError("no genesis recorded yet");
    appendFileSync(this.blocksPath, `${toStoredJsonText(record)}\n`);
  }
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

function readGenesis(path: string): SavedGenesis | undefined {
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
  if (json.format !== FORMAT) throw new ChainStoreError(`${path} is not a casper-as local node data directory (format ${JSON.stringify(json.format)})`);
  if (typeof json.genesis_timestamp_ms !== "string" || !/^\d+$/.test(json.genesis_timestamp_ms)) {
    throw new ChainStoreError(`${path}: genesis_timestamp_ms is missing or not a whole number`);
  }
  return { source: json.config ?? {}, timestampMs: BigInt(json.genesis_timestamp_ms) };
}

function readBlocks(path: string): { blocks: BlockRecord[]; repaired: string | undefined } {
  if (!existsSync(path)) return { blocks: [], repaired: undefined };
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  const blocks: BlockRecord[] = [];
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const last = i === lines.length - 1;
    if (line === "" && last) break;
    let record: BlockRecord | undefined;
    try {
      record = checkRecord(fromStoredJsonText(line), blocks.length + 1);
    } catch (e) {
      if (last && !text.endsWith("\n")) {
        // the write of the last block was cut short: that block never answered anyone as saved
        truncateSync(path, Buffer.byteLength(text.slice(0, offset)));
        return { blocks, repaired: `dropped the unfinished last line of ${path} (block ${blocks.length + 1})` };
      }
      throw new ChainStoreError(`${path} line ${i + 1}: ${(e as Error).message}`);
    }
    blocks.push(record);
    offset += line.length + 1;
  }
  return { blocks, repaired: undefined };
}

function checkRecord(v: unknown, height: number): BlockRecord {
  const r = v as Partial<BlockRecord>;
  if (!r || typeof r !== "object") throw new Error("not a block record");
  if (r.height !== height) throw new Error(`expected block ${height}, found ${JSON.stringify(r.height)}`);
  if (typeof r.timestampMs !== "bigint" || typeof r.lane !== "number" || typeof r.stateRootHash !== "string" || !Array.isArray(r.commits)) {
    throw new Error("a block record needs timestampMs, lane, stateRootHash and commits");
  }
  if (r.eraEnd !== undefined) {
    const e = r.eraEnd as Partial<EraEndData>;
    if (r.item !== undefined || !Array.isArray(e.nextEraValidatorWeights) || !Array.isArray(e.rewards)) throw new Error("the switch block's era end is malformed");
    return r as BlockRecord;
  }
  const item = r.item as BlockRecord["item"] | undefined;
  if (!item || (item.kind !== "deploy" && item.kind !== "transactionV1") || typeof item.hash !== "string") throw new Error("the block's item is malformed");
  return r as BlockRecord;
}
