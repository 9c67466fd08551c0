// The local node's JSON-RPC methods: the ones casper-js-sdk's RpcClient uses to deploy, call, transfer,
// delegate and read results back, with casper-node 2.0's result shapes (api_version "2.0.0") and
// error codes. Verification of what clients send is the node's own (verify-deploy.ts,
// verify-transaction.ts); state and execution come from an EngineBackend.
import sdk from "casper-js-sdk";
import { stringify as stringifyToml } from "smol-toml";
import { ByteWriter, blake2b256, fromHex, toHex } from "./bytes.ts";
import { BlockProducer, deploySubmission, type ProducerSite, transactionSubmission } from "./block-producer.ts";
import { blockHeaderJson, blockJson, Chain, minimalBlockInfo, type ChainBlock, type ChainStorage } from "./chain.ts";
import type { NodeChainspec } from "./chainspec.ts";
import type { AnnouncementListener, NodeAnnouncement } from "./events/announcements.ts";
import { readDeployJson, type WireDeploy } from "./deploy-json.ts";
import { isQueryMiss, type BalanceFound, type EngineBackend, type QueryFound, type QueryMiss } from "./engine-backend.ts";
import type { LegacyBlock } from "./storage/legacy-data.ts";
import type { StoredItem } from "./storage/chain-records.ts";
import { missingBlockOrStateRoot, RpcFailure } from "./rpc-errors.ts";
import { expectNoParams, hex32, invalid, oneVariant, parseOrInvalid, readParams } from "./rpc-params.ts";
import { formatTimeDiff, formatTimestamp } from "../bytesrepr/time-format.ts";
import { rpcMethods } from "./rpc/methods.ts";
import type { NodeRpcContext } from "./rpc/context.ts";
import { nodeRequestFailure } from "./rpc/sidecar-errors.ts";
import { blockStateIdentifier, resolveStateRoot } from "./rpc/state-root.ts";
import { readTransactionV1Json, type WireTransactionV1 } from "./transaction-json.ts";
import { ADVANCE_ERAS_METHOD, advanceErasRpc } from "./local-node-eras.ts";
import { checkDeployConfig, checkDeployCryptographyOffThread, checkDeployExpiry } from "./verify-deploy.ts";
import { checkTransactionConfig, checkTransactionCryptographyOffThread, checkTransactionExpiry } from "./verify-transaction.ts";

const { PublicKey } = sdk;

export interface LocalNodeOptions {
  chainspec: NodeChainspec;
  backend: EngineBackend;
  /** The node's clock in ms since the epoch; tests pass a fixed one. */
  clock?: () => bigint;
  /** Hex public key that proposes blocks (default: a fixed ed25519 key of the local node). */
  proposer?: string;
  buildVersion?: string;
  /** Time of the genesis block, ms since the epoch (default: the clock at start). */
  genesisTimestampMs?: bigint;
  /** Where the chain is kept (storage/node-storage.ts: LMDB, in the data directory or a temporary one). */
  storage: { records: ChainStorage & ProducerSite["pool"]; seal(): Promise<void> };
  /** block mode: deploys are pooled and executed in a block every `blockTimeMs` ms (default: a block per deploy, at once) */
  blockTimeMs?: number;
}

type Handler = (params: unknown) => Promise<unknown>;

export class LocalNode {
  readonly chainspec: NodeChainspec;
  readonly chain: Chain;
  private readonly backend: EngineBackend;
  private readonly clock: () => bigint;
  private readonly startedAt: bigint;
  private readonly buildVersion: string;
  private readonly methods: Map<string, Handler>;
  /** executes accepted deploys in blocks, one at a time, and answers once they are on disk */
  readonly producer: BlockProducer;
  private readonly listeners: AnnouncementListener[] = [];

  constructor(options: LocalNodeOptions) {
    this.chainspec = options.chainspec;
    this.backend = options.backend;
    this.clock = options.clock ?? (() => BigInt(Date.now()));
    this.startedAt = this.clock();
    this.buildVersion = options.buildVersion ?? `${options.chainspec.protocolVersion}-casper-as-local`;
    const genesisTime = options.genesisTimestampMs ?? this.startedAt;
    this.chain = new Chain(options.storage.records, this.backend.genesisStateRootHash(), genesisTime, options.chainspec.protocolVersion, options.proposer ?? LOCAL_PROPOSER);
    this.producer = new BlockProducer({
      chain: this.chain,
      backend: this.backend,
      chainspec: this.chainspec,
      clock: this.clock,
      announce: (a) => this.announce(a),
      pool: options.storage.records,
      seal: () => options.storage.seal(),
    }, options.blockTimeMs);
    this.methods = new Map<string, Handler>([
      ["info_get_status", async (p) => this.infoGetStatus(p)],
      ["info_get_chainspec", async (p) => this.infoGetChainspec(p)],
      ["chain_get_block", async (p) => this.chainGetBlock(p)],
      ["chain_get_state_root_hash", async (p) => this.chainGetStateRootHash(p)],
      ["account_put_deploy", (p) => this.accountPutDeploy(p)],
      ["info_get_deploy", async (p) => this.infoGetDeploy(p)],
      ["account_put_transaction", (p) => this.accountPutTransaction(p)],
      ["info_get_transaction", async (p) => this.infoGetTransaction(p)],
      ["query_global_state", (p) => this.queryGlobalState(p)],
      ["state_get_item", (p) => this.stateGetItem(p)],
      ["state_get_account_info", (p) => this.stateGetAccountInfo(p)],
      ["state_get_entity", (p) => this.stateGetEntity(p)],
      ["state_get_balance", (p) => this.stateGetBalance(p)],
      ["state_get_dictionary_item", (p) => this.stateGetDictionaryItem(p)],
      ["state_get_trie", async (p) => this.stateGetTrie(p)],
      // the local node's own extension (not a Casper method): end eras now (local-node-eras.ts)
      [ADVANCE_ERAS_METHOD, (p) => advanceErasRpc(this, p)],
    ]);
    for (const [name, handler] of rpcMethods(this.rpcContext())) this.methods.set(name, handler);
  }

  /** What the method groups of rpc/ see of the node. */
  private rpcContext(): NodeRpcContext {
    return {
      apiVersion: this.apiVersion,
      chainspec: this.chainspec,
      chain: this.chain,
      backend: this.backend,
      now: () => this.clock(),
      blockFor: (identifier) => this.blockFor(identifier),
      read: (stateRootHash, key, path) => this.read(stateRootHash, key, path),
      inTurn: (work) => this.producer.inTurn(work),
    };
  }

  get apiVersion(): string {
    return this.chainspec.protocolVersion;
  }

  methodNames(): string[] {
    return [...this.methods.keys()];
  }

  /**
   * Takes in one block of a format-2 data directory being converted: its state changes are re-applied
   * by the backend, which checks the state root hash, and the block is rebuilt with the same contents,
   * hence the same hash. Nothing is executed again.
   */
  importLegacyBlock(record: LegacyBlock): void {
    if (!this.backend.replay) throw new Error("this backend cannot take in saved blocks");
    if (record.height !== this.chain.height + 1) throw new Error(`saved block ${record.height} does not follow block ${this.chain.height}`);
    this.backend.replay(record.commits, record.stateRootHash, record.height);
    if (record.eraEnd) this.chain.appendSwitch(record.stateRootHash, record.timestampMs, record.eraEnd);
    else this.chain.appendExecuted(record.stateRootHash, record.timestampMs, record.lane, record.item!);
  }

  /** Stops the node's timers (block mode); what was accepted is on disk. */
  async stop(): Promise<void> {
    this.producer.stop();
    await this.producer.whenDurable();
  }

  /** Calls `listener` with what the node announces from now on (accepted transactions, new blocks); it must not throw. */
  onAnnouncement(listener: AnnouncementListener): void {
    this.listeners.push(listener);
  }

  /** Tells the listeners (the event stream) about `announcement`. */
  announce(announcement: NodeAnnouncement): void {
    for (const listener of this.listeners) listener(announcement);
  }

  /** Runs one method; throws RpcFailure for every error a client should see. */
  async call(method: string, params: unknown): Promise<unknown> {
    const handler = this.methods.get(method);
    if (!handler) throw new RpcFailure("MethodNotFound", `'${method}' is not a supported json-rpc method on this server`);
    return handler(params);
  }

  // ---------------------------------------------------------------- info

  private infoGetStatus(params: unknown) {
    expectNoParams(params);
    const latest = this.chain.latest();
    return {
      api_version: this.apiVersion,
      protocol_version: this.chainspec.protocolVersion,
      peers: [],
      build_version: this.buildVersion,
      chainspec_name: this.chainspec.chainName,
      starting_state_root_hash: this.chain.genesis().stateRootHash,
      last_added_block_info: minimalBlockInfo(latest),
      our_public_signing_key: this.chain.proposer,
      round_length: null,
      next_upgrade: null,
      uptime: formatTimeDiff(this.clock() - this.startedAt),
      reactor_state: "Validate",
      last_progress: formatTimestamp(latest.timestampMs),
      available_block_range: { low: 0, high: this.chain.height },
      block_sync: { historical: null, forward: null },
      latest_switch_block_hash: this.chain.lastSwitchBlock().hash,
    };
  }

  private infoGetChainspec(params: unknown) {
    expectNoParams(params);
    return {
      api_version: this.apiVersion,
      chainspec_bytes: {
        chainspec_bytes: toHex(new TextEncoder().encode(chainspecToml(this.chainspec, this.backend.chainspecCosts?.()))),
        maybe_genesis_accounts_bytes: null,
        maybe_global_state_bytes: null,
      },
    };
  }

  // ---------------------------------------------------------------- blocks

  private chainGetBlock(params: unknown) {
    const p = readParams(params, [{ name: "block_identifier", required: false }], true);
    const block = this.blockFor(p.block_identifier);
    return { api_version: this.apiVersion, block_with_signatures: { block: blockJson(block), proofs: [] } };
  }

  private chainGetStateRootHash(params: unknown) {
    const p = readParams(params, [{ name: "block_identifier", required: false }], true);
    return { api_version: this.apiVersion, state_root_hash: this.blockFor(p.block_identifier).stateRootHash };
  }

  /** Resolves a BlockIdentifier ({"Hash": hex} | {"Height": n}); absent means the latest block. */
  private blockFor(identifier: unknown): ChainBlock {
    if (identifier === undefined || identifier === null) return this.chain.latest();
    const [kind, value] = oneVariant(identifier, ["Hash", "Height"], "block_identifier");
    const block = kind === "Hash" ? this.chain.withHash(hex32(value, "block_identifier.Hash")) : this.chain.atHeight(heightOf(value));
    if (!block) throw this.noSuchBlock();
    return block;
  }

  private noSuchBlock(): RpcFailure {
    return new RpcFailure("NoSuchBlock", missingBlockOrStateRoot("no block found for the provided identifier", 0, this.chain.height));
  }

  // ---------------------------------------------------------------- deploys and transactions

  private async accountPutDeploy(params: unknown) {
    const p = readParams(params, [{ name: "deploy", required: true }]);
    const wire = parseOrInvalid(() => readDeployJson(p.deploy));
    await this.acceptDeploy(wire, p.deploy);
    return { api_version: this.apiVersion, deploy_hash: toHex(wire.hash) };
  }

  private async acceptDeploy(wire: WireDeploy, json: unknown): Promise<void> {
    const now = this.clock();
    // (signatures are checked on a worker thread: this one executes)
    const early = checkDeployConfig(wire, this.chainspec, now) ?? checkDeployExpiry(wire, now) ?? (await checkDeployCryptographyOffThread(wire));
    if (early) throw new RpcFailure("InvalidDeploy", early);
    await this.producer.accept(deploySubmission(wire, json), "InvalidDeploy");
  }

  private async accountPutTransaction(params: unknown) {
    const p = readParams(params, [{ name: "transaction", required: true }]);
    const [variant, inner] = oneVariant(p.transaction, ["Version1", "Deploy"], "transaction");
    if (variant === "Deploy") {
      const wire = parseOrInvalid(() => readDeployJson(inner));
      await this.acceptDeploy(wire, inner);
      return { api_version: this.apiVersion, transaction_hash: { Deploy: toHex(wire.hash) } };
    }
    const wire = parseOrInvalid(() => readTransactionV1Json(inner));
    await this.acceptTransaction(wire, inner);
    return { api_version: this.apiVersion, transaction_hash: { Version1: toHex(wire.hash) } };
  }

  private async acceptTransaction(wire: WireTransactionV1, json: unknown): Promise<void> {
    const now = this.clock();
    const early = checkTransactionConfig(wire, this.chainspec, now) ?? checkTransactionExpiry(wire, now) ?? (await checkTransactionCryptographyOffThread(wire));
    if (early) throw new RpcFailure("InvalidTransaction", early);
    await this.producer.accept(transactionSubmission(wire, json), "InvalidTransaction");
  }

  /** Runs `fn` after every execution or era end already queued, one at a time. */
  inTurn<T>(fn: () => Promise<T>): Promise<T> {
    return this.producer.inTurn(fn);
  }

  /**
   * Ends the current era `count` times, each with a switch block (no transactions, `era_end` with the
   * next era's validator weights and the era's rewards): the auction's era step runs as on chain, so
   * unbonds are paid after the unbonding delay and validator sets change after the auction delay.
   */
  async endEras(count = 1): Promise<ChainBlock[]> {
    const endEra = this.backend.endEra?.bind(this.backend);
    if (!endEra) throw new RpcFailure("InternalError", "this node's backend has no eras");
    const blocks: ChainBlock[] = [];
    for (let i = 0; i < count; i++) {
      const ended = await this.producer.ownBlock(async () => {
        const parent = this.chain.latest();
        const timestampMs = this.chain.nextBlockTime(this.clock());
        const era = this.chain.currentEra;
        // every block of the era earns its proposer a production reward, the switch block too
        const proposers = new Map(this.chain.eraProposerCounts());
        proposers.set(this.chain.proposer, (proposers.get(this.chain.proposer) ?? 0) + 1);
        const outcome = await endEra(parent.stateRootHash, {
          height: parent.height + 1, timestampMs, eraId: era, proposer: this.chain.proposer, protocolVersion: this.chainspec.protocolVersion,
        }, proposers);
        const block = this.chain.appendSwitch(outcome.stateRootHash, timestampMs, outcome.eraEnd);
        return { block, stepEffects: outcome.stepEffects, era };
      });
      // once on disk: 2.0 contract_runtime/utils.rs announces the step's success (Step) before the
      // switch block (BlockAdded, main_reactor.rs), each on the event stream
      if (ended.stepEffects) this.announce({ kind: "Step", eraId: ended.era, effects: ended.stepEffects });
      this.announce({ kind: "BlockAdded", block: ended.block, processed: [] });
      blocks.push(ended.block);
    }
    return blocks;
  }

  private infoGetDeploy(params: unknown) {
    const p = readParams(params, [{ name: "deploy_hash", required: true }, { name: "finalized_approvals", required: false }]);
    const hash = hex32(p.deploy_hash, "deploy_hash");
    const item = this.chain.item(hash);
    // sidecar error.rs `NoDeployWithHash(DeployHash)`: DeployHash's Display
    if (!item) throw new RpcFailure("NoSuchDeploy", `no deploy for hash deploy-hash(${digestDisplay(hash)})`);
    if (item.kind !== "deploy") throw new RpcFailure("VariantMismatch", "found a transaction when searching for a deploy");
    // a deploy waiting in the pool (block mode) has no execution info yet
    return { api_version: this.apiVersion, deploy: item.json, execution_info: executionInfo(item) };
  }

  private infoGetTransaction(params: unknown) {
    const p = readParams(params, [{ name: "transaction_hash", required: true }, { name: "finalized_approvals", required: false }]);
    const [variant, value] = oneVariant(p.transaction_hash, ["Version1", "Deploy"], "transaction_hash");
    const hash = hex32(value, `transaction_hash.${variant}`);
    const item = this.chain.item(hash);
    const wanted = variant === "Deploy" ? "deploy" : "transactionV1";
    if (!item || item.kind !== wanted) {
      // sidecar error.rs `NoTransactionWithHash(TransactionHash)`: TransactionHash's Display
      const display = variant === "Deploy" ? `deploy-hash(${digestDisplay(hash)})` : `transaction-v1-hash(${digestDisplay(hash)})`;
      throw new RpcFailure("NoSuchTransaction", `no transaction for hash ${display}`);
    }
    return {
      api_version: this.apiVersion,
      transaction: item.kind === "deploy" ? { Deploy: item.json } : { Version1: item.json },
      execution_info: executionInfo(item),
    };
  }

  // ---------------------------------------------------------------- global state
  // Errors as the 2.0 sidecar gives them for the node's global-state requests (casper-node 2.0
  // binary_port.rs; casper-sidecar feat-2.0 rpcs/state.rs and error.rs): a state the node cannot
  // resolve is `NodeRequest(what, UnknownStateRootHash)`, a value not there is `GlobalStateEntryNotFound`.

  /** query_global_state's GlobalStateIdentifier: a block it names must exist (the sidecar reads its header first). */
  private stateFor(identifier: unknown): { stateRootHash: string; block: ChainBlock | null } {
    if (identifier === undefined || identifier === null) return { stateRootHash: this.chain.latest().stateRootHash, block: null };
    const [kind, value] = oneVariant(identifier, ["BlockHash", "BlockHeight", "StateRootHash"], "state_identifier");
    if (kind === "StateRootHash") return { stateRootHash: hex32(value, "state_identifier.StateRootHash"), block: null };
    const block = kind === "BlockHash" ? this.chain.withHash(hex32(value, "state_identifier.BlockHash")) : this.chain.atHeight(heightOf(value));
    if (!block) throw this.noSuchBlock();
    return { stateRootHash: block.stateRootHash, block };
  }

  /** The state root of a block named by an optional BlockIdentifier, as the node resolves it; unknown: the request fails. */
  private stateOfBlock(identifier: unknown, what: string): string {
    const root = resolveStateRoot(this.chain, blockStateIdentifier(identifier));
    if (root === undefined) throw nodeRequestFailure(what, "UnknownStateRootHash");
    return root;
  }

  /** The value and the Merkle proofs of the keys read for it. */
  private async read(stateRootHash: string, key: string, path: string[], what = "global state item"): Promise<QueryFound> {
    const result = await this.backend.query(stateRootHash, key, path);
    if (isQueryMiss(result)) throw this.queryFailure(result, what);
    return result;
  }

  private queryFailure(miss: QueryMiss, what: string): RpcFailure {
    switch (miss.miss) {
      case "RootNotFound":
        return nodeRequestFailure(what, "UnknownStateRootHash");
      case "ValueNotFound":
        return new RpcFailure("QueryFailed", "value was not found in the global state");
      case "Failed":
        return nodeRequestFailure(what, "QueryFailedToExecute");
    }
  }

  /** casper-sidecar 2.0 rpcs/state.rs GetTrie: a trie node's bytes by its digest (null when unknown). */
  private stateGetTrie(params: unknown) {
    const p = readParams(params, [{ name: "trie_key", required: true }]);
    const digest = hex32(p.trie_key, "trie_key");
    const bytes = this.backend.trieNode?.(digest);
    return { api_version: this.apiVersion, maybe_trie_bytes: bytes ? toHex(bytes) : null };
  }

  private async queryGlobalState(params: unknown) {
    const p = readParams(params, [
      { name: "state_identifier", required: false },
      { name: "key", required: true },
      { name: "path", required: false },
    ]);
    const key = formattedKey(p.key);
    const path = pathOf(p.path);
    const { stateRootHash, block } = this.stateFor(p.state_identifier);
    const found = await this.read(stateRootHash, key, path);
    return {
      api_version: this.apiVersion,
      block_header: block ? { Version2: blockHeaderJson(block) } : null,
      stored_value: found.storedValue,
      merkle_proof: found.merkleProof,
    };
  }

  private async stateGetItem(params: unknown) {
    const p = readParams(params, [
      { name: "state_root_hash", required: true },
      { name: "key", required: true },
      { name: "path", required: false },
    ]);
    const found = await this.read(hex32(p.state_root_hash, "state_root_hash"), formattedKey(p.key), pathOf(p.path));
    return { api_version: this.apiVersion, stored_value: found.storedValue, merkle_proof: found.merkleProof };
  }

  /** The stored value under an account hash at `stateRootHash` with its proof, or undefined when there is none. */
  private async accountValue(stateRootHash: string, accountHashKey: string, what: string): Promise<QueryFound | undefined> {
    const result = await this.backend.query(stateRootHash, accountHashKey, []);
    if (isQueryMiss(result)) {
      if (result.miss === "ValueNotFound") return undefined;
      throw this.queryFailure(result, what);
    }
    return result;
  }

  private async stateGetAccountInfo(params: unknown) {
    const p = readParams(params, [{ name: "account_identifier", required: true }, { name: "block_identifier", required: false }]);
    const key = accountKeyOf(p.account_identifier, "account_identifier");
    const root = this.stateOfBlock(p.block_identifier, "account info");
    const value = await this.accountValue(root, key, "account info");
    if (!value) throw new RpcFailure("NoSuchAccount", "the requested account was not found");
    if (!value.storedValue.Account) throw new RpcFailure("AccountMigratedToEntity", "the requested account has been migrated to an addressable entity");
    return { api_version: this.apiVersion, account: value.storedValue.Account, merkle_proof: value.merkleProof };
  }

  /** state_get_entity: a legacy account, or a contract (with its wasm when asked); addressable entities do not exist (disabled on 2.0 networks). */
  private async stateGetEntity(params: unknown) {
    const p = readParams(params, [
      { name: "entity_identifier", required: true },
      { name: "block_identifier", required: false },
      { name: "include_bytecode", required: false },
    ]);
    const [kind, value] = oneVariant(p.entity_identifier, ["ContractHash", "PublicKey", "AccountHash", "EntityAddr"], "entity_identifier");
    const notFound = () => new RpcFailure("NoSuchAddressableEntity", "the requested addressable entity was not found");
    if (kind === "EntityAddr") {
      if (typeof value !== "string" || !/^entity-(account|contract|system)-[0-9a-fA-F]{64}$/.test(value)) {
        throw invalid(`entity_identifier.EntityAddr: expected entity-account-, entity-contract- or entity-system-<64 hex>, got ${JSON.stringify(value)}`);
      }
    }
    const root = this.stateOfBlock(p.block_identifier, "entity");
    // binary_port.rs get_entity reads Key::AddressableEntity, which holds nothing while entities are disabled
    if (kind === "EntityAddr") throw notFound();
    if (kind === "ContractHash") {
      const m = typeof value === "string" ? /^contract-([0-9a-fA-F]{64})$/.exec(value) : null;
      if (!m) throw invalid(`entity_identifier.ContractHash: expected contract-<64 hex>, got ${JSON.stringify(value)}`);
      const found = await this.backend.query(root, `hash-${m[1].toLowerCase()}`, []);
      if (isQueryMiss(found)) {
        if (found.miss === "ValueNotFound") throw notFound();
        throw this.queryFailure(found, "entity");
      }
      if (!found.storedValue.Contract) throw nodeRequestFailure("entity", "InternalNodeError");
      const contract = found.storedValue.Contract as { contract_wasm_hash: string };
      let wasm: unknown = null;
      if (p.include_bytecode === true) {
        const code = await this.backend.query(root, contract.contract_wasm_hash.replace(/^contract-wasm-/, "hash-"), []);
        if (isQueryMiss(code)) throw notFound(); // binary_port.rs get_contract: no wasm, no answer
        wasm = { wasm: code.storedValue.ContractWasm, merkle_proof: code.merkleProof };
      }
      return { api_version: this.apiVersion, entity: { Contract: { contract, wasm } }, merkle_proof: found.merkleProof };
    }
    const account = await this.accountValue(root, accountKeyOf(value, `entity_identifier.${kind}`), "entity");
    if (!account?.storedValue.Account) throw notFound();
    // casper-sidecar rpcs/common.rs EntityWithBackwardCompat::Account
    return { api_version: this.apiVersion, entity: { Account: account.storedValue.Account }, merkle_proof: account.merkleProof };
  }

  private async stateGetBalance(params: unknown) {
    const p = readParams(params, [{ name: "state_root_hash", required: true }, { name: "purse_uref", required: true }]);
    const stateRootHash = hex32(p.state_root_hash, "state_root_hash");
    if (typeof p.purse_uref !== "string" || !UREF.test(p.purse_uref)) {
      throw new RpcFailure("FailedToParseGetBalanceURef", `the requested purse URef was invalid: ${JSON.stringify(p.purse_uref)}`);
    }
    const { motes, merkleProof } = await this.balanceOf(stateRootHash, p.purse_uref);
    return { api_version: this.apiVersion, balance_value: String(motes), merkle_proof: merkleProof };
  }

  /** The node's balance request for a purse (binary_port.rs get_balance): an unknown purse is PurseNotFound. */
  private async balanceOf(stateRootHash: string, purse: string): Promise<BalanceFound> {
    const result = await this.backend.balance(stateRootHash, purse);
    if (!isQueryMiss(result)) return result;
    if (result.miss === "RootNotFound") throw nodeRequestFailure("balance", "UnknownStateRootHash");
    if (result.miss === "ValueNotFound") throw nodeRequestFailure("balance", "PurseNotFound");
    throw nodeRequestFailure("balance", "QueryFailedToExecute");
  }

  private async stateGetDictionaryItem(params: unknown) {
    const p = readParams(params, [{ name: "state_root_hash", required: true }, { name: "dictionary_identifier", required: true }]);
    const stateRootHash = hex32(p.state_root_hash, "state_root_hash");
    const dictionaryKey = await this.dictionaryKeyOf(p.dictionary_identifier, stateRootHash);
    const found = await this.read(stateRootHash, dictionaryKey, [], "dictionary item");
    return { api_version: this.apiVersion, dictionary_key: dictionaryKey, stored_value: found.storedValue, merkle_proof: found.merkleProof };
  }

  /**
   * A DictionaryIdentifier to its "dictionary-…" key (types key.rs `Key::dictionary`), as the sidecar
   * parses it (rpcs/state.rs GetDictionaryItem: a malformed key is -32002) and the node finds the seed
   * URef (binary_port.rs get_dictionary_item_by_legacy_named_key: no such holder or name, or not a
   * URef, is DictionaryURefNotFound).
   */
  private async dictionaryKeyOf(identifier: unknown, stateRootHash: string): Promise<string> {
    const variants = ["AccountNamedKey", "ContractNamedKey", "EntityNamedKey", "URef", "Dictionary"];
    const [kind, value] = oneVariant(identifier, variants, "dictionary_identifier");
    const invalidKey = (detail: string) => new RpcFailure("FailedToParseQueryKey", `the provided dictionary key was invalid: ${detail}`);
    if (kind === "Dictionary") {
      if (typeof value !== "string") throw invalid("dictionary_identifier.Dictionary: expected a string");
      if (!/^dictionary-[0-9a-fA-F]{64}$/.test(value)) {
        throw invalidKey(/^[a-z-]+-[0-9a-fA-F]{64}/.test(value) ? "not a dictionary key" : `cannot parse ${JSON.stringify(value)} as a key`);
      }
      return value.toLowerCase();
    }
    const v = value as Record<string, unknown>;
    const itemKey = v?.dictionary_item_key;
    if (typeof itemKey !== "string") throw invalid(`dictionary_identifier.${kind}: missing field \`dictionary_item_key\``);
    let seed: string;
    if (kind === "URef") {
      if (typeof v.seed_uref !== "string") throw invalid("dictionary_identifier.URef: missing field `seed_uref`");
      if (!UREF.test(v.seed_uref)) throw invalidKey(`cannot parse ${JSON.stringify(v.seed_uref)} as a URef`);
      seed = v.seed_uref;
    } else {
      if (typeof v.key !== "string" || typeof v.dictionary_name !== "string") {
        throw invalid(`dictionary_identifier.${kind}: expected key and dictionary_name strings`);
      }
      const holderPattern = { AccountNamedKey: /^account-hash-([0-9a-fA-F]{64})$/, ContractNamedKey: /^hash-([0-9a-fA-F]{64})$/, EntityNamedKey: /^entity-(account|contract|system)-([0-9a-fA-F]{64})$/ }[kind]!;
      if (!holderPattern.test(v.key)) throw invalidKey(`cannot parse ${JSON.stringify(v.key)} for ${kind}`);
      const uRefNotFound = () => nodeRequestFailure("dictionary item", "DictionaryURefNotFound");
      // an entity's named keys are NamedKey records, which do not exist while entities are disabled
      if (kind === "EntityNamedKey") throw uRefNotFound();
      const holder = await this.backend.query(stateRootHash, v.key.toLowerCase(), []);
      if (isQueryMiss(holder)) {
        if (holder.miss === "Failed") throw nodeRequestFailure("dictionary item", "QueryFailedToExecute");
        throw uRefNotFound(); // the node answers a missing root here as a missing seed URef too
      }
      const record = (holder.storedValue.Account ?? holder.storedValue.Contract) as { named_keys?: { name: string; key: string }[] } | undefined;
      const named = record?.named_keys?.find((k) => k.name === v.dictionary_name);
      if (!named || !UREF.test(named.key)) throw uRefNotFound();
      seed = named.key;
    }
    const address = blake2b256(new ByteWriter().raw(fromHex(seed.slice(5, 69), "seed_uref")).raw(new TextEncoder().encode(itemKey)).toBytes());
    return `dictionary-${toHex(address)}`;
  }
}

/**
 * The proposer of every block when the node is given none: a fixed ed25519 key (secret =
 * blake2b256("casper-as local node proposer")). The system key "00" would be more honest, but
 * casper-js-sdk cannot parse it in a block's `proposer`.
 */
const LOCAL_PROPOSER = sdk.PrivateKey.fromHex(
  toHex(blake2b256(new TextEncoder().encode("casper-as local node proposer"))),
  sdk.KeyAlgorithm.ED25519,
).publicKey.toHex();

const UREF = /^uref-([0-9a-fA-F]{64})-([0-7]{3})$/;
const KEY_PREFIXES = [
  "account-hash-", "hash-", "uref-", "transfer-", "deploy-", "era-", "bid-", "balance-", "withdraw-", "dictionary-",
  "system-contract-registry-", "era-summary-", "unbond-", "chainspec-registry-", "checksum-registry-",
  "contract-package-", "contract-wasm-", "contract-",
];

/** A formatted Key, as serde reads the `key` param (casper-types Key::from_formatted_str): a bad one is Invalid params. */
function formattedKey(value: unknown): string {
  // casper-types 2.0 key.rs formats Key tag 10 as "system-entity-registry-" (1.x: "system-contract-registry-")
  if (typeof value === "string") value = value.replace(/^system-entity-registry-/, "system-contract-registry-");
  if (typeof value !== "string" || !KEY_PREFIXES.some((p) => value.startsWith(p))) {
    throw invalid(`key: failed to parse ${JSON.stringify(value)} as a formatted Key`);
  }
  try {
    sdk.Key.newKey(value);
  } catch (e) {
    throw invalid(`key: failed to parse ${JSON.stringify(value)} as a formatted Key: ${(e as Error).message}`);
  }
  return value;
}

/** casper-types Digest's Display (`{:10}` of its hex: the first and last 4 digits), as error texts print hashes. */
function digestDisplay(hex: string): string {
  return `${hex.slice(0, 4)}..${hex.slice(-4)}`;
}

function pathOf(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((s) => typeof s === "string")) throw invalid("path: expected an array of strings");
  return value;
}

function heightOf(value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) throw invalid(`block height: expected a u64, got ${JSON.stringify(value)}`);
  return value;
}

/** A public key hex or "account-hash-…" to the "account-hash-…" key of the account. */
function accountKeyOf(value: unknown, where: string): string {
  if (typeof value === "string" && /^account-hash-[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase();
  try {
    return PublicKey.fromHex(String(value)).accountHash().toPrefixedString();
  } catch {
    throw invalid(`${where}: expected a public key hex or an account-hash-… string, got ${JSON.stringify(value)}`);
  }
}

function executionInfo(item: StoredItem) {
  if (item.blockHash === undefined) return null;
  return { block_hash: item.blockHash, block_height: item.blockHeight, execution_result: item.executionResult };
}

/** The chainspec.toml the node reports through info_get_chainspec (the settings it enforces). */
function chainspecToml(spec: NodeChainspec, costs?: Record<string, unknown>): string {
  // the engine's cost tables as a 2.0 chainspec.toml holds them ([wasm.v1], [storage_costs], [system_costs])
  const costTables = costs ? `\n${stringifyToml(costs)}\n` : "";
  return [
    "[protocol]",
    `version = '${spec.protocolVersion}'`,
    "",
    "[network]",
    `name = '${spec.chainName}'`,
    "",
    "[core]",
    `max_associated_keys = ${spec.maxAssociatedKeys}`,
    "",
    "[deploys]",
    `max_ttl = '${formatTimeDiff(spec.maxTtlMs)}'`,
    `max_dependencies = ${spec.maxDependencies}`,
    `max_deploy_size = ${spec.maxDeploySize}`,
    `block_gas_limit = ${spec.blockGasLimit}`,
    `payment_args_max_length = ${spec.paymentArgsMaxLength}`,
    `session_args_max_length = ${spec.sessionArgsMaxLength}`,
    `native_transfer_minimum_motes = ${spec.nativeTransferMinimumMotes}`,
    "",
  ].join("\n") + costTables;
}
