// The local node's backend: host/'s Engine behind the EngineBackend interface. Genesis comes from the
// node's config (accounts, balances, validators with their stake and delegation rate, chain name,
// genesis time; the first validator proposes every block and receives the fees). The state root hash
// is the root of the engine's Merkle trie, as casper-node's; every block's global state stays readable
// under it (state-history.ts), and reads come with their Merkle proofs. Executions run on the latest
// state with the block's time and proposer, and their committed writes can be handed out so the node
// can persist and replay them after a restart.
import { balanceKey, decodeKey, encodeKey, keyId, parseKey, parseURef, type Key } from "../bytesrepr/key.ts";
import { fromHex, toHex } from "../bytesrepr/hex.ts";
import { accountHashOf, publicKeyFromHex } from "../bytesrepr/public-key.ts";
import { decodeStoredValue, encodeStoredValue, type StoredValue } from "../bytesrepr/stored-value.ts";
import type { DeployItem } from "../engine/deploy-item.ts";
import { Engine, type EngineOptions } from "../engine/engine.ts";
import type { ExecutionResult } from "../engine/result.ts";
import type { StateEntry } from "../state/global-state.ts";
import { encodeStateProofs } from "../state/merkle-proofs.ts";
import type {
  BalanceFound, BlockContext, DigestHex, EngineBackend, EraEndOutcome, ExecutionOutcome, ExecutionRequest, QueryFound, QueryMiss, SpeculationTip, SpeculativeOutcome, StateCommit, StoredValueJson, TransferJson,
} from "./engine-backend.ts";
import { endEngineEra } from "./engine-eras.ts";
import { speculateOnEngine } from "./engine-speculation.ts";
import { auctionRecordsAt, type AuctionRecords } from "./engine-auction-state.ts";
import { effectsJson } from "./effects-json.ts";
import { messageJson } from "./message-json.ts";
import { deployItemOfDeploy, deployItemOfTransaction, UnsupportedTransaction } from "./execution-items.ts";
import type { GenesisConfig } from "./genesis-config.ts";
import { checkAgainstState, type AcceptorContext } from "./state-checks.ts";
import { StateHistory } from "./state-history.ts";
import { purseBalance, queryKey, queryState, type StateView } from "./state-query.ts";
import { storedValueJson } from "./stored-value-json.ts";
import { transferJsonAt } from "./transfer-json.ts";

export interface EngineNodeBackendOptions {
  /** genesis block time, ms since the Unix epoch (what casper_get_blocktime returns at genesis) */
  genesisTimestampMs: bigint;
  /** further engine options (e.g. `metered: false`); genesis fields come from the config */
  engine?: Omit<EngineOptions, "accounts" | "validators" | "chainName" | "blockTime" | "proposer">;
  /** hand out each execution's committed writes, encoded, for a data directory (default false) */
  persist?: boolean;
}

export class EngineNodeBackend implements EngineBackend {
  readonly engine: Engine;
  /** hex public key of the block proposer: the config's first validator */
  readonly proposerPublicKey: string;
  private readonly history: StateHistory;
  private readonly genesisRoot: DigestHex;
  private currentRoot: DigestHex;
  private readonly persist: boolean;

  constructor(config: GenesisConfig, options: EngineNodeBackendOptions) {
    const validators = config.accounts.filter((a) => a.validator);
    if (validators.length === 0) throw new Error("the genesis config has no validator: one is needed to propose blocks and receive fees");
    this.proposerPublicKey = validators[0].publicKeyHex;
    this.engine = new Engine({
      protocol: "2.0.0",
      trace: false,
      maxAssociatedKeys: config.chainspec.maxAssociatedKeys,
      ...options.engine,
      chainName: config.chainspec.chainName,
      blockTime: options.genesisTimestampMs,
      accounts: config.accounts.filter((a) => !a.validator).map((a) => ({ name: a.name, publicKey: a.publicKeyHex, balance: a.balanceMotes })),
      validators: validators.map((a) => ({
        name: a.name,
        publicKey: a.publicKeyHex,
        balance: a.balanceMotes,
        stake: a.validator!.bondedMotes,
        delegationRate: a.validator!.delegationRate,
      })),
      proposer: validators[0].name,
    });
    this.persist = options.persist ?? false;
    this.history = new StateHistory(this.engine.state);
    this.genesisRoot = this.remember();
    this.currentRoot = this.genesisRoot;
  }

  genesisStateRootHash(): DigestHex {
    return this.genesisRoot;
  }

  /** The latest state root hash (after the last execution or replayed block). */
  latestStateRootHash(): DigestHex {
    return this.currentRoot;
  }

  /** Records the block just executed (or replayed, or genesis): its state root hash. */
  private remember(): DigestHex {
    const root = this.engine.stateRootHash();
    this.history.record(root);
    return root;
  }

  private view(stateRootHash: DigestHex): StateView | undefined {
    return this.history.view(stateRootHash);
  }

  private itemOf(request: ExecutionRequest): DeployItem {
    if (request.kind === "deploy") return deployItemOfDeploy(request.wire);
    return deployItemOfTransaction(request.wire, () => fromHex(this.engine.systemContract("auction").slice("hash-".length)));
  }

  checkAgainstState(request: ExecutionRequest, stateRootHash: DigestHex): string | null {
    const view = this.view(stateRootHash);
    if (!view) return `no global state under state root hash ${stateRootHash}`;
    let item: DeployItem;
    try {
      item = this.itemOf(request);
    } catch (e) {
      if (e instanceof UnsupportedTransaction) return e.message;
      throw e;
    }
    const ctx: AcceptorContext = {
      kind: request.kind,
      initiatorDisplay: initiatorDisplay(request),
      minimumBalance: this.engine.config.maxPaymentCost,
      protocolMajor: this.engine.config.runtime.protocolVersion.major,
    };
    return checkAgainstState(view, item, ctx);
  }

  execute(request: ExecutionRequest, stateRootHash: DigestHex, block: BlockContext): ExecutionOutcome {
    if (stateRootHash.toLowerCase() !== this.currentRoot) {
      // the node always builds on its latest block; another parent would fork the chain
      throw new Error(`execution on state root hash ${stateRootHash}: only the latest state (${this.currentRoot}) can be built on`);
    }
    const item = this.itemOf(request);
    this.engine.blocktime = block.timestampMs;
    this.engine.blockHeight = BigInt(block.height);
    this.engine.parentBlockHash = block.parentHash ? fromHex(block.parentHash, "parent block hash") : new Uint8Array(32);
    this.engine.proposer = accountHashOf(publicKeyFromHex(block.proposer));
    const batches: StateCommit[] = [];
    // the values the execution replaces, as they were in the parent block: what effects report additions against
    const prior = new Map<string, StoredValue | undefined>();
    const state = this.engine.state;
    const stop = state.onCommit((writes, prunes) => {
      for (const id of writes.keys()) if (!prior.has(id)) prior.set(id, state.readById(id));
      if (prunes) for (const id of prunes.keys()) if (!prior.has(id)) prior.set(id, state.readById(id));
      if (this.persist) batches.push(encodeCommit(writes, prunes));
    });
    let result: ExecutionResult;
    try {
      result = this.engine.execute(item);
    } finally {
      stop();
    }
    this.currentRoot = this.remember();
    return {
      stateRootHash: this.currentRoot,
      errorMessage: result.error ? result.error.message : null,
      limit: result.gasLimit,
      consumed: result.gas,
      cost: result.cost,
      refund: result.refund,
      transfers: result.transfers.map((t) => this.transferJson(t)),
      // amounts added are told against the parent block's state
      effects: effectsJson(result.journal, (key) => {
        const id = keyId(key);
        return prior.has(id) ? prior.get(id) : this.history.view(stateRootHash)!.read(key);
      }),
      messages: result.messages.map((m) => messageJson(m.raw)),
      commits: this.persist ? batches : undefined,
    };
  }

  private transferJson(formatted: string): TransferJson {
    return transferJsonAt((key) => this.engine.state.read(key), parseKey(formatted), formatted);
  }

  auctionAt(stateRootHash: DigestHex): AuctionRecords | QueryMiss {
    const view = this.view(stateRootHash);
    if (!view) return { miss: "RootNotFound" };
    return auctionRecordsAt(this.engine, view, stateRootHash);
  }

  speculate(request: ExecutionRequest & { kind: "deploy" }, tip: SpeculationTip): SpeculativeOutcome {
    if (tip.stateRootHash.toLowerCase() !== this.currentRoot) throw new Error(`speculative execution on state root hash ${tip.stateRootHash}: only the latest state (${this.currentRoot}) can be dry-run`);
    return speculateOnEngine(this.engine, deployItemOfDeploy(request.wire), tip);
  }

  query(stateRootHash: DigestHex, key: string, path: string[]): QueryFound | QueryMiss {
    const view = this.view(stateRootHash);
    if (!view) return { miss: "RootNotFound" };
    let base: Key;
    try {
      base = queryKey(key);
    } catch (e) {
      return { miss: "Failed", message: (e as Error).message };
    }
    const trace: Key[] = [];
    const found = queryState(view, base, path, trace);
    if ("miss" in found) return found;
    return {
      storedValue: storedValueJson(found as StoredValue) as StoredValueJson,
      merkleProof: encodeStateProofs(this.history.proofs(stateRootHash, trace)),
    };
  }

  balance(stateRootHash: DigestHex, purseUref: string): BalanceFound | QueryMiss {
    const view = this.view(stateRootHash);
    if (!view) return { miss: "RootNotFound" };
    const motes = purseBalance(view, purseUref);
    if (typeof motes !== "bigint") return motes;
    const proof = this.history.proofs(stateRootHash, [balanceKey(parseURef(purseUref).addr)]);
    return { motes, merkleProof: encodeStateProofs(proof) };
  }

  endEra(stateRootHash: DigestHex, block: BlockContext, proposers: readonly string[]): EraEndOutcome {
    if (stateRootHash.toLowerCase() !== this.currentRoot) {
      throw new Error(`era end on state root hash ${stateRootHash}: only the latest state (${this.currentRoot}) can be built on`);
    }
    const batches: StateCommit[] = [];
    const stop = this.engine.state.onCommit((writes, prunes) => {
      if (this.persist) batches.push(encodeCommit(writes, prunes));
    });
    let eraEnd: EraEndOutcome["eraEnd"];
    try {
      eraEnd = endEngineEra(this.engine, block, proposers);
    } finally {
      stop();
    }
    this.currentRoot = this.remember();
    return { stateRootHash: this.currentRoot, eraEnd, commits: this.persist ? batches : undefined };
  }

  replay(commits: StateCommit[], stateRootHash: DigestHex): void {
    for (const commit of commits) {
      const { writes, prunes } = decodeCommit(commit);
      this.engine.state.commit(writes, prunes);
    }
    const root = this.remember();
    if (root !== stateRootHash.toLowerCase()) {
      throw new Error(`replaying the stored block gave state root hash ${root}, but the block records ${stateRootHash}: the data directory does not match this engine or genesis`);
    }
    this.currentRoot = root;
  }
}

/** 2.0 InitiatorAddr's Display, as the transaction acceptor's messages print it. */
function initiatorDisplay(request: ExecutionRequest): string {
  if (request.kind === "deploy") return `public key ${request.wire.header.account.hex}`;
  const i = request.wire.initiator;
  return i.publicKey ? `public key ${i.publicKey.hex}` : `account hash ${toHex(i.accountHash!)}`;
}

export function encodeCommit(writes: ReadonlyMap<string, StateEntry>, prunes?: ReadonlyMap<string, Key>): StateCommit {
  const out: StateCommit = [];
  for (const entry of writes.values()) out.push([toHex(encodeKey(entry.key)), toHex(encodeStoredValue(entry.value))]);
  if (prunes) for (const key of prunes.values()) out.push([toHex(encodeKey(key)), null]);
  return out;
}

export function decodeCommit(commit: StateCommit): { writes: Map<string, StateEntry>; prunes: Map<string, Key> } {
  const writes = new Map<string, StateEntry>();
  const prunes = new Map<string, Key>();
  for (const [keyHex, valueHex] of commit) {
    const key = decodeKey(fromHex(keyHex, "persisted key"));
    if (valueHex === null) prunes.set(keyId(key), key);
    else writes.set(keyId(key), { key, value: decodeStoredValue(fromHex(valueHex, "persisted value")) });
  }
  return { writes, prunes };
}
