// A data directory in the format before LMDB (version 2: genesis.json + blocks.jsonl), written as the
// node of that format wrote it (host/node/chain-store.ts before issue 17's storage: one line per block
// after genesis, `toStoredJsonText` of {height, timestampMs, lane, stateRootHash, item | eraEnd,
// commits}), from a chain run on a node in a temporary directory: each block's global-state commits
// are caught as the engine makes them.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { encodeKey, type Key } from "../../host/bytesrepr/key.ts";
import { toHex } from "../../host/bytesrepr/hex.ts";
import { encodeStoredValue } from "../../host/bytesrepr/stored-value.ts";
import type { StateCommit } from "../../host/node/engine-backend.ts";
import type { GenesisConfig } from "../../host/node/genesis-config.ts";
import { toStoredJsonText } from "../../host/node/json-text.ts";
import type { LocalNetwork } from "../../host/node/local-network.ts";
import type { StateEntry } from "../../host/state/global-state.ts";

/** The old format's commit: [Key hex, StoredValue hex] per write, [Key hex, null] per key deleted. */
export function encodeCommit(writes: ReadonlyMap<string, StateEntry>, prunes?: ReadonlyMap<string, Key>): StateCommit {
  const out: StateCommit = [];
  for (const entry of writes.values()) out.push([toHex(encodeKey(entry.key)), toHex(encodeStoredValue(entry.value))]);
  if (prunes) for (const key of prunes.values()) out.push([toHex(encodeKey(key)), null]);
  return out;
}

/** Records what `network` does, block by block, as the old format's lines. */
export class LegacyRecorder {
  private commits: StateCommit[] = [];
  readonly lines: string[] = [];
  private readonly stop: () => void;

  constructor(private readonly network: LocalNetwork) {
    this.stop = network.backend.engine.state.onCommit((writes, prunes) => this.commits.push(encodeCommit(writes, prunes)));
  }

  /** Call after each block the network added (one per deploy, or a switch block). */
  blockAdded(): void {
    const block = this.network.node.chain.latest();
    const record: Record<string, unknown> = { height: block.height, timestampMs: block.timestampMs, lane: -1, stateRootHash: block.stateRootHash };
    if (block.eraEnd) record.eraEnd = block.eraEnd;
    else {
      const [[lane, [hash]]] = [...block.transactions.entries()];
      const item = this.network.node.chain.item("Deploy" in hash ? hash.Deploy : hash.Version1) as unknown as Record<string, unknown>;
      record.lane = lane;
      record.item = { kind: item.kind, hash: item.hash, json: item.json, executionResult: item.executionResult };
    }
    record.commits = this.commits;
    this.commits = [];
    this.lines.push(toStoredJsonText(record));
  }

  /** Writes genesis.json (format version 2) and blocks.jsonl into `dir`. */
  write(dir: string, config: GenesisConfig): void {
    this.stop();
    const genesis = this.network.storage.genesis!;
    writeFileSync(join(dir, "genesis.json"), `${JSON.stringify({ format: "casper-as local node data, version 2", config: config.source, genesis_timestamp_ms: genesis.timestampMs.toString() }, null, 2)}\n`);
    writeFileSync(join(dir, "blocks.jsonl"), this.lines.map((l) => `${l}\n`).join(""));
  }
}
