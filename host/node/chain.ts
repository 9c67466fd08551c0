// The local node's chain: one block per accepted deploy or transaction, built at once, and the record
// of what each executed item produced. Blocks have casper-node 2.0's V2 shape and a real block hash:
// blake2b256 of the header bytes (types/src/block/block_header/block_header_v2.rs `ToBytes`), whose
// body hash covers the transaction hashes (block_body/block_body_v2.rs).
import { ByteWriter, blake2b256, fromHex, toHex } from "./bytes.ts";
import type { DigestHex } from "./engine-backend.ts";
import { formatTimestamp } from "../bytesrepr/time-format.ts";

export type TransactionHashJson = { Deploy: string } | { Version1: string };

/** Lanes of the block body's `transactions` map (2.0 chainspec [transactions.v1]). */
export const LANE = { mint: 0, auction: 1, installUpgrade: 2, largeWasm: 3 } as const;

export interface ChainBlock {
  hash: DigestHex;
  height: number;
  parentHash: DigestHex;
  stateRootHash: DigestHex;
  bodyHash: DigestHex;
  randomBit: boolean;
  accumulatedSeed: DigestHex;
  timestampMs: bigint;
  eraId: number;
  protocolVersion: string;
  proposer: string;
  currentGasPrice: number;
  lastSwitchBlockHash: DigestHex;
  /** Lane id -> transaction hashes. */
  transactions: Map<number, TransactionHashJson[]>;
}

/** What the node keeps about an executed deploy or transaction, to answer info_get_*. */
export interface ExecutedItem {
  kind: "deploy" | "transactionV1";
  hash: string;
  /** The deploy / TransactionV1 JSON exactly as the client sent it. */
  json: unknown;
  blockHash: DigestHex;
  blockHeight: number;
  /** `{"Version2": {...}}`, casper-node 2.0's ExecutionResult JSON. */
  executionResult: unknown;
}

const ZERO_DIGEST = "00".repeat(32);

export class Chain {
  private readonly blocks: ChainBlock[] = [];
  private readonly byHash = new Map<string, ChainBlock>();
  private readonly executed = new Map<string, ExecutedItem>();

  /** `proposer`: hex public key stamped on every block as its proposer. */
  constructor(genesisStateRootHash: DigestHex, genesisTimestampMs: bigint, readonly protocolVersion: string, readonly proposer: string) {
    this.push(this.build(genesisStateRootHash, genesisTimestampMs, new Map()));
  }

  get height(): number {
    return this.blocks.length - 1;
  }

  latest(): ChainBlock {
    return this.blocks[this.blocks.length - 1];
  }

  genesis(): ChainBlock {
    return this.blocks[0];
  }

  atHeight(height: number): ChainBlock | undefined {
    return Number.isInteger(height) && height >= 0 ? this.blocks[height] : undefined;
  }

  withHash(hash: string): ChainBlock | undefined {
    return this.byHash.get(hash.toLowerCase());
  }

  /** Whether a state root hash belongs to some block of this chain. */
  knowsStateRoot(stateRootHash: string): boolean {
    return this.blocks.some((b) => b.stateRootHash === stateRootHash.toLowerCase());
  }

  item(hash: string): ExecutedItem | undefined {
    return this.executed.get(hash.toLowerCase());
  }

  /** The timestamp the next block gets: the node's clock, but never before the previous block. */
  nextBlockTime(nowMs: bigint): bigint {
    const previous = this.latest().timestampMs;
    return nowMs > previous ? nowMs : previous + 1n;
  }

  /** Appends the block holding one executed item and records the item. */
  appendExecuted(
    stateRootHash: DigestHex,
    timestampMs: bigint,
    lane: number,
    item: Omit<ExecutedItem, "blockHash" | "blockHeight">,
  ): ChainBlock {
    const hashJson: TransactionHashJson = item.kind === "deploy" ? { Deploy: item.hash } : { Version1: item.hash };
    const block = this.build(stateRootHash, timestampMs, new Map([[lane, [hashJson]]]));
    this.push(block);
    this.executed.set(item.hash.toLowerCase(), { ...item, blockHash: block.hash, blockHeight: block.height });
    return block;
  }

  private push(block: ChainBlock): void {
    this.blocks.push(block);
    this.byHash.set(block.hash, block);
  }

  private build(stateRootHash: DigestHex, timestampMs: bigint, transactions: Map<number, TransactionHashJson[]>): ChainBlock {
    const parent = this.blocks.length > 0 ? this.latest() : undefined;
    const height = parent ? parent.height + 1 : 0;
    const randomBit = false;
    const parentSeed = parent ? parent.accumulatedSeed : ZERO_DIGEST;
    // 2.0 block_v2.rs: accumulated_seed = hash_pair(parent_seed, [random_bit]).
    const accumulatedSeed = toHex(blake2b256(new ByteWriter().raw(fromHex(parentSeed, "seed")).u8(randomBit ? 1 : 0).toBytes()));
    const bodyHash = toHex(blake2b256(bodyBytes(transactions)));
    // Genesis is the only switch block here; it points at the zero digest, as its parent.
    const lastSwitchBlockHash = parent ? this.blocks[0].hash : ZERO_DIGEST;
    const partial = {
      height,
      parentHash: parent ? parent.hash : ZERO_DIGEST,
      stateRootHash: stateRootHash.toLowerCase(),
      bodyHash,
      randomBit,
      accumulatedSeed,
      timestampMs,
      eraId: 0,
      protocolVersion: this.protocolVersion,
      proposer: this.proposer,
      currentGasPrice: 1,
      lastSwitchBlockHash,
      transactions,
    };
    return { ...partial, hash: toHex(blake2b256(headerBytes(partial))) };
  }
}

function bodyBytes(transactions: Map<number, TransactionHashJson[]>): Uint8Array {
  const w = new ByteWriter().u32(transactions.size);
  for (const lane of [...transactions.keys()].sort((a, b) => a - b)) {
    const hashes = transactions.get(lane)!;
    w.u8(lane).u32(hashes.length);
    for (const h of hashes) {
      // TransactionHash: tag 0 Deploy, 1 V1, then the digest.
      if ("Deploy" in h) w.u8(0).raw(fromHex(h.Deploy, "hash"));
      else w.u8(1).raw(fromHex(h.Version1, "hash"));
    }
  }
  return w.u32(0).toBytes(); // rewarded_signatures: empty
}

function headerBytes(b: Omit<ChainBlock, "hash">): Uint8Array {
  const [major, minor, patch] = b.protocolVersion.split(".").map(Number);
  const w = new ByteWriter()
    .raw(fromHex(b.parentHash, "parent_hash"))
    .raw(fromHex(b.stateRootHash, "state_root_hash"))
    .raw(fromHex(b.bodyHash, "body_hash"))
    .bool(b.randomBit)
    .raw(fromHex(b.accumulatedSeed, "accumulated_seed"))
    .u8(0) // era_end: None
    .u64(b.timestampMs)
    .u64(BigInt(b.eraId))
    .u64(BigInt(b.height))
    .u32(major).u32(minor).u32(patch)
    .raw(fromHex(b.proposer, "proposer"))
    .u8(b.currentGasPrice);
  return w.u8(1).raw(fromHex(b.lastSwitchBlockHash, "last_switch_block_hash")).toBytes();
}

/** The block header in casper-node 2.0's JSON form (BlockHeaderV2). */
export function blockHeaderJson(b: ChainBlock): Record<string, unknown> {
  return {
    parent_hash: b.parentHash,
    state_root_hash: b.stateRootHash,
    body_hash: b.bodyHash,
    random_bit: b.randomBit,
    accumulated_seed: b.accumulatedSeed,
    era_end: null,
    timestamp: formatTimestamp(b.timestampMs),
    era_id: b.eraId,
    height: b.height,
    protocol_version: b.protocolVersion,
    proposer: b.proposer,
    current_gas_price: b.currentGasPrice,
    last_switch_block_hash: b.lastSwitchBlockHash,
  };
}

/** `{"Version2": {hash, header, body}}`, casper-node 2.0's Block JSON. */
export function blockJson(b: ChainBlock): Record<string, unknown> {
  const transactions: Record<string, TransactionHashJson[]> = {};
  for (const [lane, hashes] of [...b.transactions.entries()].sort(([a], [c]) => a - c)) transactions[String(lane)] = hashes;
  return {
    Version2: {
      hash: b.hash,
      header: blockHeaderJson(b),
      body: { transactions, rewarded_signatures: [] },
    },
  };
}

/** The node status's `last_added_block_info` (MinimalBlockInfo). */
export function minimalBlockInfo(b: ChainBlock): Record<string, unknown> {
  return {
    hash: b.hash,
    timestamp: formatTimestamp(b.timestampMs),
    era_id: b.eraId,
    height: b.height,
    state_root_hash: b.stateRootHash,
    creator: b.proposer,
  };
}
