// The local node's chain: one block per accepted deploy or transaction, built at once, a switch block
// (no transactions, with `era_end`) at each era's end, and the record of what each executed item
// produced. Blocks have casper-node 2.0's V2 shape and a real block hash: blake2b256 of the header
// bytes (types/src/block/block_header/block_header_v2.rs `ToBytes`, era_end as
// types/src/block/era_end/era_end_v2.rs writes it), whose body hash covers the transaction hashes
// (block_body/block_body_v2.rs). Blocks after a switch block belong to the next era and point at it
// as their last switch block.
import { ByteWriter, blake2b256, fromHex, toHex } from "./bytes.ts";
import type { DigestHex } from "./engine-backend.ts";
import { formatTimestamp } from "../bytesrepr/time-format.ts";
import type { ChainTip, StoredItem } from "./storage/chain-records.ts";

export type TransactionHashJson = { Deploy: string } | { Version1: string };

/** Lanes of the block body's `transactions` map (2.0 chainspec [transactions.v1]). */
export const LANE = { mint: 0, auction: 1, installUpgrade: 2, largeWasm: 3 } as const;

/** casper-node 2.0 EraEndV2: how an era ended and the next era's validators. */
export interface EraEndData {
  /** public keys hex */
  equivocators: string[];
  inactiveValidators: string[];
  /** the next era's validators and their weights, in public key order */
  nextEraValidatorWeights: { validator: string; weight: bigint }[];
  /** each validator's rewards for the era (motes, per era back), in public key order */
  rewards: { validator: string; amounts: bigint[] }[];
  nextEraGasPrice: number;
}

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
  /** a switch block's era end (null for other blocks) */
  eraEnd: EraEndData | null;
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

/**
 * Where blocks and items are kept (storage/chain-records.ts: LMDB). The chain holds only its tip, its
 * genesis and its last switch block in memory.
 */
export interface ChainStorage {
  tip(): ChainTip | undefined;
  block(height: number): ChainBlock | undefined;
  heightOfBlock(hashHex: string): number | undefined;
  heightOfRoot(rootHex: string): number | undefined;
  item(hashHex: string): StoredItem | undefined;
  appendBlock(block: ChainBlock, items: readonly ExecutedItem[], tip: ChainTip): void;
}

/** One executed item of a block, before the block exists. */
export type BlockItem = Omit<ExecutedItem, "blockHash" | "blockHeight"> & { lane: number };

export class Chain {
  private tipBlock: ChainBlock;
  private readonly genesisBlock: ChainBlock;
  private lastSwitch: ChainBlock;
  /** the era new blocks belong to */
  private era = 0;
  /** blocks proposed in the current era, by proposer */
  private eraProposers = new Map<string, number>();

  /**
   * `proposer`: hex public key stamped on every block as its proposer. A storage that already holds a
   * chain is taken up where it stands (its genesis must be the one built from these values).
   */
  constructor(private readonly storage: ChainStorage, genesisStateRootHash: DigestHex, genesisTimestampMs: bigint, readonly protocolVersion: string, readonly proposer: string) {
    const genesis = this.build(undefined, genesisStateRootHash, genesisTimestampMs, new Map(), null);
    const tip = storage.tip();
    if (!tip) {
      storage.appendBlock(genesis, [], { height: 0, era: 0, lastSwitchHeight: 0, eraProposers: [] });
      this.genesisBlock = this.tipBlock = this.lastSwitch = genesis;
      return;
    }
    const stored = storage.block(0);
    if (!stored || stored.hash !== genesis.hash) {
      throw new Error(`the stored chain's genesis block ${stored?.hash ?? "(missing)"} is not the one this genesis config and time give (${genesis.hash})`);
    }
    const latest = storage.block(tip.height);
    const lastSwitch = storage.block(tip.lastSwitchHeight);
    if (!latest || !lastSwitch) throw new Error(`the stored chain's tip (block ${tip.height}) or last switch block (${tip.lastSwitchHeight}) is missing`);
    this.genesisBlock = stored;
    this.tipBlock = latest;
    this.lastSwitch = lastSwitch;
    this.era = tip.era;
    this.eraProposers = new Map(tip.eraProposers);
  }

  /** The era the next block belongs to. */
  get currentEra(): number {
    return this.era;
  }

  /** The latest switch block (genesis until an era has ended). */
  lastSwitchBlock(): ChainBlock {
    return this.lastSwitch;
  }

  /** Blocks proposed in the current era after genesis, by proposer (whose production earns the era's rewards). */
  eraProposerCounts(): ReadonlyMap<string, number> {
    return this.eraProposers;
  }

  /** Appends the switch block ending the current era; the blocks after it belong to the next era. */
  appendSwitch(stateRootHash: DigestHex, timestampMs: bigint, eraEnd: EraEndData): ChainBlock {
    const block = this.build(this.tipBlock, stateRootHash, timestampMs, new Map(), eraEnd);
    this.era += 1;
    this.lastSwitch = block;
    this.eraProposers = new Map();
    this.push(block, []);
    return block;
  }

  get height(): number {
    return this.tipBlock.height;
  }

  latest(): ChainBlock {
    return this.tipBlock;
  }

  genesis(): ChainBlock {
    return this.genesisBlock;
  }

  atHeight(height: number): ChainBlock | undefined {
    if (!Number.isInteger(height) || height < 0 || height > this.tipBlock.height) return undefined;
    return height === this.tipBlock.height ? this.tipBlock : this.storage.block(height);
  }

  withHash(hash: string): ChainBlock | undefined {
    const height = this.storage.heightOfBlock(hash.toLowerCase());
    return height === undefined ? undefined : this.atHeight(height);
  }

  /** The height of the latest block whose state root hash is `stateRootHash` (undefined: no block has it). */
  heightOfStateRoot(stateRootHash: string): number | undefined {
    return this.storage.heightOfRoot(stateRootHash.toLowerCase());
  }

  /** A deploy or transaction the node has: executed (with its block) or pending in the pool. */
  item(hash: string): StoredItem | undefined {
    return this.storage.item(hash.toLowerCase());
  }

  /** The timestamp the next block gets: the node's clock, but never before the previous block. */
  nextBlockTime(nowMs: bigint): bigint {
    const previous = this.tipBlock.timestampMs;
    return nowMs > previous ? nowMs : previous + 1n;
  }

  /** Appends the block holding one executed item and records the item. */
  appendExecuted(stateRootHash: DigestHex, timestampMs: bigint, lane: number, item: Omit<ExecutedItem, "blockHash" | "blockHeight">): ChainBlock {
    return this.appendBlock(stateRootHash, timestampMs, [{ ...item, lane }]);
  }

  /** Appends a block of executed items (in execution order) and records them. */
  appendBlock(stateRootHash: DigestHex, timestampMs: bigint, items: readonly BlockItem[]): ChainBlock {
    const transactions = new Map<number, TransactionHashJson[]>();
    for (const item of items) {
      const hashJson: TransactionHashJson = item.kind === "deploy" ? { Deploy: item.hash } : { Version1: item.hash };
      const lane = transactions.get(item.lane) ?? [];
      lane.push(hashJson);
      transactions.set(item.lane, lane);
    }
    const block = this.build(this.tipBlock, stateRootHash, timestampMs, transactions, null);
    this.eraProposers.set(block.proposer, (this.eraProposers.get(block.proposer) ?? 0) + 1);
    this.push(block, items.map(({ lane: _lane, ...item }) => ({ ...item, blockHash: block.hash, blockHeight: block.height })));
    return block;
  }

  private push(block: ChainBlock, items: ExecutedItem[]): void {
    this.tipBlock = block;
    this.storage.appendBlock(block, items, { height: block.height, era: this.era, lastSwitchHeight: this.lastSwitch.height, eraProposers: [...this.eraProposers] });
  }

  private build(parent: ChainBlock | undefined, stateRootHash: DigestHex, timestampMs: bigint, transactions: Map<number, TransactionHashJson[]>, eraEnd: EraEndData | null): ChainBlock {
    const height = parent ? parent.height + 1 : 0;
    const randomBit = false;
    const parentSeed = parent ? parent.accumulatedSeed : ZERO_DIGEST;
    // 2.0 block_v2.rs: accumulated_seed = hash_pair(parent_seed, [random_bit]).
    const accumulatedSeed = toHex(blake2b256(new ByteWriter().raw(fromHex(parentSeed, "seed")).u8(randomBit ? 1 : 0).toBytes()));
    const bodyHash = toHex(blake2b256(bodyBytes(transactions)));
    // Genesis is the first switch block; it points at the zero digest, as its parent.
    const lastSwitchBlockHash = parent ? this.lastSwitch.hash : ZERO_DIGEST;
    const partial = {
      height,
      parentHash: parent ? parent.hash : ZERO_DIGEST,
      stateRootHash: stateRootHash.toLowerCase(),
      bodyHash,
      randomBit,
      accumulatedSeed,
      timestampMs,
      eraId: this.era,
      protocolVersion: this.protocolVersion,
      proposer: this.proposer,
      currentGasPrice: 1,
      lastSwitchBlockHash,
      transactions,
      eraEnd,
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
    .raw(fromHex(b.accumulatedSeed, "accumulated_seed"));
  if (b.eraEnd) writeEraEnd(w.u8(1), b.eraEnd);
  else w.u8(0); // era_end: None
  w.u64(b.timestampMs)
    .u64(BigInt(b.eraId))
    .u64(BigInt(b.height))
    .u32(major).u32(minor).u32(patch)
    .raw(fromHex(b.proposer, "proposer"))
    .u8(b.currentGasPrice);
  return w.u8(1).raw(fromHex(b.lastSwitchBlockHash, "last_switch_block_hash")).toBytes();
}

/** era_end_v2.rs ToBytes: equivocators, inactive validators, next era weights (BTreeMap), rewards (BTreeMap<PublicKey, Vec<U512>>), gas price. */
function writeEraEnd(w: ByteWriter, e: EraEndData): void {
  const keys = (list: string[]) => {
    w.u32(list.length);
    for (const k of list) w.raw(fromHex(k, "public key"));
  };
  keys(e.equivocators);
  keys(e.inactiveValidators);
  w.u32(e.nextEraValidatorWeights.length);
  for (const { validator, weight } of e.nextEraValidatorWeights) w.raw(fromHex(validator, "validator")).bigUint(weight, 64, "U512");
  w.u32(e.rewards.length);
  for (const { validator, amounts } of e.rewards) {
    w.raw(fromHex(validator, "validator")).u32(amounts.length);
    for (const a of amounts) w.bigUint(a, 64, "U512");
  }
  w.u8(e.nextEraGasPrice);
}

/** EraEndV2 in casper-node 2.0's JSON (next era weights as an array of {validator, weight}, rewards as a map). */
export function eraEndJson(e: EraEndData): Record<string, unknown> {
  return {
    equivocators: e.equivocators,
    inactive_validators: e.inactiveValidators,
    next_era_validator_weights: e.nextEraValidatorWeights.map(({ validator, weight }) => ({ validator, weight: String(weight) })),
    rewards: Object.fromEntries(e.rewards.map(({ validator, amounts }) => [validator, amounts.map(String)])),
    next_era_gas_price: e.nextEraGasPrice,
  };
}

/** The block header in casper-node 2.0's JSON form (BlockHeaderV2). */
export function blockHeaderJson(b: ChainBlock): Record<string, unknown> {
  return {
    parent_hash: b.parentHash,
    state_root_hash: b.stateRootHash,
    body_hash: b.bodyHash,
    random_bit: b.randomBit,
    accumulated_seed: b.accumulatedSeed,
    era_end: b.eraEnd ? eraEndJson(b.eraEnd) : null,
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
