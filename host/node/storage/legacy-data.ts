// A data directory of the format before LMDB (version 2: `genesis.json` + `blocks.jsonl`, one line per
// block after genesis with its time, lane, executed item or era end, state root hash and the global
// state commits it made). The node converts it once when it opens it: each block's commits are
// replayed into the LMDB state (checking its state root hash) and the same block is rebuilt, so
// hashes, state and results are unchanged and nothing is executed again. The file is read a chunk at a
// time (a file of any size: no string of the whole), and kept afterwards as blocks.v2.jsonl.
import { closeSync, openSync, readSync } from "node:fs";
import type { EraEndData, ExecutedItem } from "../chain.ts";
import type { StateCommit } from "../engine-backend.ts";
import { fromStoredJsonText } from "../json-text.ts";

export interface LegacyBlock {
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

export class LegacyDataError extends Error {}

const CHUNK = 1 << 20;

/**
 * The blocks of `path` in order. A last line cut short by a crash (no newline, not JSON) is left out
 * and `onCutShort` told (that block never answered anyone as saved); anything else unreadable stops
 * the conversion with the line number.
 */
export function* legacyBlocks(path: string, onCutShort: (note: string) => void): Generator<LegacyBlock> {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    let carry: Buffer[] = [];
    let lineNo = 0;
    let height = 0;
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      let start = 0;
      for (let i = buffer.indexOf(10, 0); i !== -1 && i < n; i = buffer.indexOf(10, start)) {
        const line = Buffer.concat([...carry, buffer.subarray(start, i)]).toString("utf8");
        carry = [];
        start = i + 1;
        lineNo++;
        if (line === "") continue;
        yield parseLine(line, path, lineNo, ++height);
      }
      if (start < n) carry.push(Buffer.from(buffer.subarray(start, n)));
    }
    const rest = Buffer.concat(carry).toString("utf8");
    if (rest !== "") {
      lineNo++;
      try {
        yield checkRecord(fromStoredJsonText(rest), height + 1);
      } catch {
        onCutShort(`left out the unfinished last line of ${path} (block ${height + 1}): it was cut short by a crash`);
      }
    }
  } finally {
    closeSync(fd);
  }
}

function parseLine(line: string, path: string, lineNo: number, height: number): LegacyBlock {
  try {
    return checkRecord(fromStoredJsonText(line), height);
  } catch (e) {
    throw new LegacyDataError(`${path} line ${lineNo}: ${(e as Error).message}`);
  }
}

function checkRecord(v: unknown, height: number): LegacyBlock {
  const r = v as Partial<LegacyBlock>;
  if (!r || typeof r !== "object") throw new Error("not a block record");
  if (r.height !== height) throw new Error(`expected block ${height}, found ${JSON.stringify(r.height)}`);
  if (typeof r.timestampMs !== "bigint" || typeof r.lane !== "number" || typeof r.stateRootHash !== "string" || !Array.isArray(r.commits)) {
    throw new Error("a block record needs timestampMs, lane, stateRootHash and commits");
  }
  if (r.eraEnd !== undefined) {
    const e = r.eraEnd as Partial<EraEndData>;
    if (r.item !== undefined || !Array.isArray(e.nextEraValidatorWeights) || !Array.isArray(e.rewards)) throw new Error("the switch block's era end is malformed");
    return r as LegacyBlock;
  }
  const item = r.item as LegacyBlock["item"] | undefined;
  if (!item || (item.kind !== "deploy" && item.kind !== "transactionV1") || typeof item.hash !== "string") throw new Error("the block's item is malformed");
  return r as LegacyBlock;
}
