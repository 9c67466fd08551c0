// How the local node turns accepted deploys and transactions into blocks, in one of two modes:
// - instant (the default): each one is executed at once in a block of its own;
// - block mode (`--block-time MS`): each one is accepted into a pool that is kept on disk, and every
//   MS the pool is executed in one block, as a casper node proposes blocks from its transaction buffer
//   (per-lane counts of casper-node 2.0's chainspec [transactions.v1]; a deploy whose TTL passed
//   while it waited is dropped, TransactionExpired).
// Either way a client is answered only once what it was promised is on disk: the block (instant) or
// the pool entry (block mode). Executions run one at a time; the disk sync of one block runs while
// the next ones execute, and their commits are grouped (storage: staged-writes.ts).
import type { NodeAnnouncement } from "./events/announcements.ts";
import type { ProcessedTransaction } from "./events/sse-data.ts";
import { type BlockItem, type Chain, type ChainBlock, LANE } from "./chain.ts";
import type { NodeChainspec } from "./chainspec.ts";
import { readDeployJson, type WireDeploy } from "./deploy-json.ts";
import type { BlockContext, EngineBackend, ExecutionRequest, ItemOutcome } from "./engine-backend.ts";
import { toHex } from "./bytes.ts";
import { RpcFailure } from "./rpc-errors.ts";
import type { PendingItem } from "./storage/chain-records.ts";
import { readTransactionV1Json, type WireTransactionV1 } from "./transaction-json.ts";
import { checkDeployExpiry } from "./verify-deploy.ts";
import { checkTransactionExpiry } from "./verify-transaction.ts";

/** A verified deploy or transaction on its way into a block. */
export interface Submission {
  request: ExecutionRequest;
  lane: number;
  /** the JSON exactly as the client sent it */
  json: unknown;
  sizeEstimate: number;
  /** InitiatorAddr JSON */
  initiator: unknown;
}

/** What the producer needs of the node and its storage. */
export interface ProducerSite {
  chain: Chain;
  backend: EngineBackend;
  chainspec: NodeChainspec;
  clock: () => bigint;
  announce(announcement: NodeAnnouncement): void;
  /** the pool on disk (block mode) */
  pool: {
    addPending(seq: number, item: PendingItem): void;
    removePending(seqs: readonly number[]): void;
    removeItem(hash: string): void;
    pending(): { seq: number; item: PendingItem }[];
  };
  /** resolves once everything written so far is on disk */
  seal(): Promise<void>;
}

/**
 * The most of each lane one block takes (casper-node 2.0 resources/production/chainspec.toml
 * [transactions.v1], the last number of each lane); this node puts every Wasm deploy in one lane,
 * which takes the three wasm lanes' counts together.
 */
export const LANE_LIMITS: ReadonlyMap<number, number> = new Map([
  [LANE.mint, 650],
  [LANE.auction, 650],
  [LANE.installUpgrade, 1],
  [LANE.largeWasm, 1 + 2 + 80],
]);

/**
 * Block mode: the most deploys the pool holds. Past it a client's answer waits until a block makes
 * room (the pool, in memory and on disk, stays bounded however fast clients send).
 */
export const POOL_LIMIT = 10_000;

export class BlockProducer {
  /** executions and era ends, one at a time, each on the state the previous one left */
  private executing: Promise<unknown> = Promise.resolve();
  /** the last disk sync asked for: what was written before it is on disk once it resolves */
  private durable: Promise<void> = Promise.resolve();
  /** announcements wait for their block's sync, in order */
  private announced: Promise<void> = Promise.resolve();
  private readonly pool: { seq: number; submission: Submission }[] = [];
  private nextSeq = 1;
  private timer: NodeJS.Timeout | undefined;
  private producing = false;
  /** clients waiting for room in the pool */
  private roomWaiters: (() => void)[] = [];

  /** `blockTimeMs`: block mode's interval (undefined: instant blocks). */
  constructor(private readonly site: ProducerSite, readonly blockTimeMs?: number) {
    if (blockTimeMs !== undefined) {
      if (!Number.isSafeInteger(blockTimeMs) || blockTimeMs < 1) throw new Error(`the block time must be a whole number of milliseconds, at least 1; got ${blockTimeMs}`);
      // the pool a restart finds is executed in the next blocks, in the order it was accepted
      for (const { seq, item } of site.pool.pending()) {
        this.pool.push({ seq, submission: submissionOfJson(item.kind, item.json) });
        this.nextSeq = seq + 1;
      }
      this.timer = setInterval(() => void this.produce().catch(() => undefined), blockTimeMs);
      this.timer.unref();
    }
  }

  /** Deploys and transactions waiting for their block (block mode). */
  get pooled(): number {
    return this.pool.length;
  }

  /**
   * Accepts a verified submission: checked against the latest state, then executed in its own block
   * (instant) or pooled (block mode). Resolves once that is on disk; a known hash is acknowledged
   * again, never executed twice.
   */
  async accept(submission: Submission, rejection: "InvalidDeploy" | "InvalidTransaction"): Promise<void> {
    const { request } = submission;
    while (this.blockTimeMs !== undefined && this.pool.length >= POOL_LIMIT) await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    // (the sync is handed out in an object: an async function returning a promise would wait for it,
    // and hold the turn, and the next executions, until the disk sync ends)
    const { durable } = await this.inTurn(async (): Promise<{ durable: Promise<void> }> => {
      if (this.site.chain.item(request.hash)) return { durable: this.durable }; // accepted before: not again
      const parent = this.site.chain.latest();
      const failure = await this.site.backend.checkAgainstState(request, parent.stateRootHash);
      if (failure) {
        // 2.0 transaction_acceptor/error.rs `Error::Parameters`: "{failure} at state root hash {..} of block {..} at height {..}"
        throw new RpcFailure(rejection, `${failure} at state root hash ${parent.stateRootHash} of block ${parent.hash} at height ${parent.height}`);
      }
      this.site.announce({ kind: "TransactionAccepted", transactionKind: request.kind, json: submission.json });
      if (this.blockTimeMs === undefined) return { durable: (await this.executeBlock([submission], [])).durable };
      const seq = this.nextSeq++;
      this.site.pool.addPending(seq, { kind: request.kind, hash: request.hash, json: submission.json });
      this.pool.push({ seq, submission });
      return { durable: this.sync() };
    });
    await durable;
  }

  /** Resolves once everything accepted so far is on disk. */
  whenDurable(): Promise<void> {
    return this.durable;
  }

  /** Block mode: executes what the pool holds (up to a block's lane limits) in one block. */
  async produce(): Promise<ChainBlock | undefined> {
    if (this.producing || this.pool.length === 0) return undefined;
    this.producing = true;
    try {
      return await this.inTurn(async () => {
        const now = this.site.chain.nextBlockTime(this.site.clock());
        const taken: { seq: number; submission: Submission }[] = [];
        const expired: number[] = [];
        const counts = new Map<number, number>();
        const rest: typeof this.pool = [];
        for (const entry of this.pool) {
          const { request, lane } = entry.submission;
          if (expiredAt(request, now)) {
            expired.push(entry.seq);
            this.site.pool.removeItem(request.hash);
            this.site.announce({ kind: "TransactionExpired", hash: request.kind === "deploy" ? { Deploy: request.hash } : { Version1: request.hash } });
            continue;
          }
          const n = counts.get(lane) ?? 0;
          if (n >= (LANE_LIMITS.get(lane) ?? 1)) {
            rest.push(entry);
            continue;
          }
          counts.set(lane, n + 1);
          taken.push(entry);
        }
        this.pool.splice(0, this.pool.length, ...rest);
        for (const wake of this.roomWaiters.splice(0)) wake();
        if (taken.length === 0) {
          this.site.pool.removePending(expired);
          await this.sync();
          return undefined;
        }
        const { block } = await this.executeBlock(taken.map((t) => t.submission), [...expired, ...taken.map((t) => t.seq)]);
        return block;
      });
    } finally {
      this.producing = false;
    }
  }

  /** Executes `submissions` in one new block on the tip; `poolSeqs` leave the pool with it. */
  private async executeBlock(submissions: readonly Submission[], poolSeqs: readonly number[]): Promise<{ block: ChainBlock; durable: Promise<void> }> {
    const { chain, backend } = this.site;
    const parent = chain.latest();
    const timestampMs = chain.nextBlockTime(this.site.clock());
    const context: BlockContext = {
      height: parent.height + 1,
      parentHash: parent.hash,
      timestampMs,
      eraId: parent.eraId,
      proposer: chain.proposer,
      protocolVersion: this.site.chainspec.protocolVersion,
    };
    const requests = submissions.map((s) => s.request);
    let stateRootHash: string;
    let outcomes: ItemOutcome[];
    if (backend.executeBlock) {
      ({ stateRootHash, outcomes } = await backend.executeBlock(requests, parent.stateRootHash, context));
    } else {
      if (requests.length !== 1) throw new Error("this node's backend executes one deploy per block only");
      const outcome = await backend.execute(requests[0], parent.stateRootHash, context);
      ({ stateRootHash } = outcome);
      outcomes = [outcome];
    }
    const items: BlockItem[] = submissions.map((s, i) => ({
      kind: s.request.kind,
      hash: s.request.hash,
      json: s.json,
      lane: s.lane,
      executionResult: executionResultJson(outcomes[i], s.request, s.initiator, s.sizeEstimate),
    }));
    const block = chain.appendBlock(stateRootHash, timestampMs, items);
    if (poolSeqs.length) this.site.pool.removePending(poolSeqs);
    const durable = this.sync();
    const processed: ProcessedTransaction[] = submissions.map((s, i) => {
      const header = s.request.kind === "deploy" ? s.request.wire.header : s.request.wire;
      return {
        hash: s.request.kind === "deploy" ? { Deploy: s.request.hash } : { Version1: s.request.hash },
        initiatorAddr: s.initiator,
        timestampMs: header.timestampMs,
        ttlMs: header.ttlMs,
        blockHash: block.hash,
        executionResult: items[i].executionResult,
        // the contract-level messages (events) the execution emitted; none when it reverted
        messages: outcomes[i].messages,
      };
    });
    // announced once stored, in block order
    this.announced = Promise.all([this.announced, durable]).then(() => this.site.announce({ kind: "BlockAdded", block, processed }), () => undefined);
    return { block, durable };
  }

  /** Asks for a disk sync of everything written so far. */
  private sync(): Promise<void> {
    const durable = this.site.seal();
    this.durable = durable.catch(() => undefined);
    return durable;
  }

  /** Runs `fn` after every execution or era end already queued, one at a time. */
  inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const turn = this.executing.then(fn, fn);
    this.executing = turn.catch(() => undefined);
    return turn;
  }

  /** Runs an era end (or other block of the node's own) in turn, and waits for its sync. */
  async ownBlock<T>(fn: () => Promise<T>): Promise<T> {
    const result = await this.inTurn(fn);
    await this.sync();
    return result;
  }

  /** Stops block mode's timer. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** A deploy's submission: its lane by what its session is. */
export function deploySubmission(wire: WireDeploy, json: unknown): Submission {
  return {
    request: { kind: "deploy", hash: toHex(wire.hash), wire },
    lane: wire.session.kind === "Transfer" ? LANE.mint : LANE.largeWasm,
    json,
    sizeEstimate: wire.serializedLength,
    initiator: { PublicKey: wire.header.account.hex },
  };
}

/** A TransactionV1's submission. */
export function transactionSubmission(wire: WireTransactionV1, json: unknown): Submission {
  return {
    request: { kind: "transactionV1", hash: toHex(wire.hash), wire },
    lane: transactionLane(wire),
    json,
    sizeEstimate: wire.serializedLength,
    initiator: wire.initiator.publicKey ? { PublicKey: wire.initiator.publicKey.hex } : { AccountHash: `account-hash-${toHex(wire.initiator.accountHash!)}` },
  };
}

/** A pooled item read back from disk (it was verified when accepted). */
function submissionOfJson(kind: PendingItem["kind"], json: unknown): Submission {
  return kind === "deploy" ? deploySubmission(readDeployJson(json), json) : transactionSubmission(readTransactionV1Json(json), json);
}

function transactionLane(tx: WireTransactionV1): number {
  if (tx.target.kind === "Native") return tx.entryPoint.name === "Transfer" || tx.entryPoint.name === "Burn" ? LANE.mint : LANE.auction;
  if (tx.target.kind === "Session" && tx.target.isInstallUpgrade) return LANE.installUpgrade;
  return LANE.largeWasm;
}

function expiredAt(request: ExecutionRequest, nowMs: bigint): boolean {
  return (request.kind === "deploy" ? checkDeployExpiry(request.wire, nowMs) : checkTransactionExpiry(request.wire, nowMs)) !== null;
}

/** casper-node 2.0 ExecutionResult JSON (`Version2`, types/src/execution/execution_result_v2.rs). */
function executionResultJson(outcome: ItemOutcome, request: ExecutionRequest, initiator: unknown, sizeEstimate: number) {
  const transactionHash = request.kind === "deploy" ? { Deploy: request.hash } : { Version1: request.hash };
  return {
    Version2: {
      initiator,
      error_message: outcome.errorMessage,
      current_price: 1,
      limit: String(outcome.limit),
      consumed: String(outcome.consumed),
      cost: String(outcome.cost),
      refund: String(outcome.refund),
      transfers: outcome.transfers.map((t) => ({ Version2: { transaction_hash: transactionHash, ...t } })),
      size_estimate: sizeEstimate,
      effects: outcome.effects,
    },
  };
}
