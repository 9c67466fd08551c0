// The local node's backend: host/'s Engine behind the EngineBackend interface. Genesis comes from the
// node's config (accounts, balances, validators with their stake and delegation rate, chain name,
// genesis time; the first validator proposes every block and receives the fees). The state root hash
// is the root of the engine's Merkle trie, as casper-node's; the global state under the roots the node
// keeps stays readable (state-history.ts), and reads come with their Merkle proofs. Executions run on
// the latest state with the block's time and proposer, a block of them committed once. With a trie
// store on disk (the node's data directory) the state is bounded in memory and a restart goes on from
// the latest root stored, nothing replayed.
import { balanceKey, decodeKey, keyId, parseKey, parseURef, type Key } from "../bytesrepr/key.ts";
import { fromHex, toHex } from "../bytesrepr/hex.ts";
import { accountHashOf, publicKeyFromHex } from "../bytesrepr/public-key.ts";
import { decodeStoredValue, type StoredValue } from "../bytesrepr/stored-value.ts";
import type { DeployItem } from "../engine/deploy-item.ts";
import { Engine, type EngineOptions } from "../engine/engine.ts";
import type { ExecutionResult } from "../engine/result.ts";
import { GlobalState, type StateEntry } from "../state/global-state.ts";
import { encodeStateProofs } from "../state/merkle-proofs.ts";
import type { TrieStore } from "../state/trie/store.ts";
import type {
  BalanceFound, BlockContext, BlockExecution, DigestHex, EngineBackend, EraEndOutcome, ExecutionOutcome, ExecutionRequest, ItemOutcome, QueryFound, QueryMiss,
  SpeculationTip, SpeculativeOutcome, StateCommit, StoredValueJson, TransferJson,
} from "./engine-backend.ts";
import { endEngineEra } from "./engine-eras.ts";
import { speculateOnEngine } from "./engine-speculation.ts";
import { auctionRecordsAt, type AuctionRecords } from "./engine-auction-state.ts";
import { effectsJson } from "./effects-json.ts";
import { messageJson } from "./message-json.ts";
import { deployItemOfDeploy, deployItemOfTransaction, UnsupportedTransaction } from "./execution-items.ts";
import type { GenesisConfig } from "./genesis-config.ts";
import { checkAgainstState, type AcceptorContext } from "./state-checks.ts";
import { RecordedRoots, type RootIndex, StateHistory } from "./state-history.ts";
import { purseBalance, queryKey, queryState, type StateView } from "./state-query.ts";
import { storedValueJson } from "./stored-value-json.ts";
import { transferJson } from "./transfer-json.ts";

export interface EngineNodeBackendOptions {
  /** genesis block time, ms since the Unix epoch (what casper_get_blocktime returns at genesis) */
  genesisTimestampMs: bigint;
  /** further engine options (e.g. `metered: false`); genesis fields come from the config */
  engine?: Omit<EngineOptions, "accounts" | "validators" | "chainName" | "blockTime" | "proposer" | "globalState">;
  /**
   * Global state on disk (the node's data directory): a bounded state over `store`; `latestRoot`, the
   * chain's latest state root when restarting (genesis is then rebuilt in memory only, to check it).
   * Absent: an indexed state in memory.
   */
  stored?: StoredState;
  /** which past state roots are readable (default: every root this backend made, kept in memory) */
  roots?: RootIndex;
}

export interface StoredState {
  store: TrieStore;
  latestRoot?: DigestHex;
  /** called once a block's root is committed (the store's history window: rows of retired nodes) */
  sealBlock?(height: number): void;
}

export class EngineNodeBackend implements EngineBackend {
  readonly engine: Engine;
  /** hex public key of the block proposer: the config's first validator */
  readonly proposerPublicKey: string;
  private readonly history: StateHistory;
  private readonly genesisRoot: DigestHex;
  private currentRoot: DigestHex;
  private readonly sealBlock: ((height: number) => void) | undefined;

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
      // a restart rebuilds genesis in memory, to check it against the chain's; a first start writes it to the store
      globalState: options.stored ? new GlobalState({ bounded: true, store: options.stored.latestRoot ? undefined : options.stored.store }) : undefined,
    });
    this.sealBlock = options.stored?.sealBlock;
    this.history = new StateHistory(this.engine.state, options.roots ?? new RecordedRoots());
    this.genesisRoot = this.remember();
    if (options.stored?.latestRoot) {
      this.engine.state.moveTo(options.stored.store, fromHex(options.stored.latestRoot, "latest state root hash"));
      this.currentRoot = this.remember();
    } else {
      this.sealBlock?.(0);
      this.currentRoot = this.genesisRoot;
    }
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

  chainspecCosts(): Record<string, unknown> {
    const { wasm, storage_costs, system_costs } = this.engine.config.chainspec as unknown as Record<string, Record<string, unknown>>;
    const { opcode_cost_model: _model, messages_limits, ...v1 } = wasm;
    return { wasm: { v1, ...(messages_limits ? { messages_limits } : {}) }, storage_costs, system_costs };
  }

  trieNode(digest: DigestHex): Uint8Array | undefined {
    return this.engine.state.trieNodes.getRaw(fromHex(digest, "trie_key"));
  }

  private view(stateRootHash: DigestHex): StateView | undefined {
    return this.history.view(stateRootHash);
  }

  /**
   * A deploy's item, built from its verified bytes alone: the one its acceptance check built is the one
   * its execution runs (kept by the request's identity until then; a DeployItem is read-only).
   */
  private readonly deployItems = new WeakMap<ExecutionRequest, DeployItem>();

  private itemOf(request: ExecutionRequest): DeployItem {
    if (request.kind === "deploy") {
      let item = this.deployItems.get(request);
      if (!item) this.deployItems.set(request, (item = deployItemOfDeploy(request.wire)));
      return item;
    }
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
    const { stateRootHash: root, outcomes } = this.executeBlock([request], stateRootHash, block);
    return { ...outcomes[0], stateRootHash: root };
  }

  /** Executes the requests one after the other in one block, and commits the block's root once. */
  executeBlock(requests: readonly ExecutionRequest[], stateRootHash: DigestHex, block: BlockContext): BlockExecution {
    if (stateRootHash.toLowerCase() !== this.currentRoot) {
      // the node always builds on its latest block; another parent would fork the chain
      throw new Error(`execution on state root hash ${stateRootHash}: only the latest state (${this.currentRoot}) can be built on`);
    }
    const items = requests.map((r) => this.itemOf(r));
    this.engine.blocktime = block.timestampMs;
    this.engine.blockHeight = BigInt(block.height);
    this.engine.parentBlockHash = block.parentHash ? fromHex(block.parentHash, "parent block hash") : new Uint8Array(32);
    this.engine.proposer = accountHashOf(publicKeyFromHex(block.proposer));
    const outcomes = items.map((item) => this.executeOne(item));
    this.currentRoot = this.remember();
    this.sealBlock?.(block.height);
    return { stateRootHash: this.currentRoot, outcomes };
  }

  private executeOne(item: DeployItem): ItemOutcome {
    // the values the execution replaces, as they were before it: what effects report additions against
    const prior = new Map<string, StoredValue | undefined>();
    const state = this.engine.state;
    const stop = state.onCommit((writes, prunes) => {
      for (const id of writes.keys()) if (!prior.has(id)) prior.set(id, state.readById(id));
      if (prunes) for (const id of prunes.keys()) if (!prior.has(id)) prior.set(id, state.readById(id));
    });
    let result: ExecutionResult;
    try {
      result = this.engine.execute(item);
    } finally {
      stop();
    }
    return {
      errorMessage: result.error ? result.error.message : null,
      limit: result.gasLimit,
      consumed: result.gas,
      // ExecutionResultV2.cost: the gas limit times the price, at least the minimum cost (cost_to_use);
      // the account paid cost - refund
      cost: result.reportedCost,
      refund: result.refund,
      transfers: result.transfers.map((t) => transferJson(t.raw)),
      // amounts added are told against the value before the execution (a key it did not commit is unchanged)
      effects: effectsJson(result.journal, (key) => {
        const id = keyId(key);
        return prior.has(id) ? prior.get(id) : state.read(key);
      }),
      messages: result.messages.map((m) => messageJson(m.raw)),
    };
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

  endEra(stateRootHash: DigestHex, block: BlockContext, blocksByProposer: ReadonlyMap<string, number>): EraEndOutcome {
    if (stateRootHash.toLowerCase() !== this.currentRoot) {
      throw new Error(`era end on state root hash ${stateRootHash}: only the latest state (${this.currentRoot}) can be built on`);
    }
    const ended = endEngineEra(this.engine, block, blocksByProposer);
    this.currentRoot = this.remember();
    this.sealBlock?.(block.height);
    const stepEffects = effectsJson(ended.step.journal, ended.step.before);
    return { stateRootHash: this.currentRoot, eraEnd: ended.eraEnd, stepEffects };
  }

  replay(commits: StateCommit[], stateRootHash: DigestHex, height: number): void {
    for (const commit of commits) {
      const { writes, prunes } = decodeCommit(commit);
      this.engine.state.commit(writes, prunes);
    }
    const root = this.remember();
    if (root !== stateRootHash.toLowerCase()) {
      throw new Error(`replaying the stored block gave state root hash ${root}, but the block records ${stateRootHash}: the data directory does not match this engine or genesis`);
    }
    this.sealBlock?.(height);
    this.currentRoot = root;
  }
}

/** 2.0 InitiatorAddr's Display, as the transaction acceptor's messages print it. */
function initiatorDisplay(request: ExecutionRequest): string {
  if (request.kind === "deploy") return `public key ${request.wire.header.account.hex}`;
  const i = request.wire.initiator;
  return i.publicKey ? `public key ${i.publicKey.hex}` : `account hash ${toHex(i.accountHash!)}`;
}

/** A legacy (format 2) data directory's saved commit, read back for its conversion. */
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
