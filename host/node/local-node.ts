// The local node's JSON-RPC methods: the ones casper-js-sdk's RpcClient uses to deploy, call, transfer,
// delegate and read results back, with casper-node 2.0's result shapes (api_version "2.0.0") and
// error codes. Verification of what clients send is the node's own (verify-deploy.ts,
// verify-transaction.ts); state and execution come from an EngineBackend.
import sdk from "casper-js-sdk";
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
import { readTransactionV1Json, type WireTransactionV1 } from "./transaction-json.ts";
import { ADVANCE_ERAS_METHOD, advanceErasRpc } from "./local-node-eras.ts";
import { checkDeployConfig, checkDeployCryptography, checkDeployExpiry } from "./verify-deploy.ts";
import { checkTransactionConfig, checkTransactionCryptography, checkTransactionExpiry } from "./verify-transaction.ts";

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
      ["query_balance", (p) => this.queryBalance(p)],
      ["state_get_balance", (p) => this.stateGetBalance(p)],
      ["state_get_dictionary_item", (p) => this.stateGetDictionaryItem(p)],
      // the local node's own extension (not a Casper method): end eras now (local-node-eras.ts)
      [ADVANCE_ERAS_METHOD, (p) => advanceErasRpc(this, p)],
    ]);
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
      latest_switch_block_hash: this.chain.genesis().hash,
    };
  }

  private infoGetChainspec(params: unknown) {
    expectNoParams(params);
    return {
      api_version: this.apiVersion,
      chainspec_bytes: {
        chainspec_bytes: toHex(new TextEncoder().encode(chainspecToml(this.chainspec))),
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
    const early = checkDeployConfig(wire, this.chainspec, now) ?? checkDeployExpiry(wire, now) ?? checkDeployCryptography(wire);
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
    const early = checkTransactionConfig(wire, this.chainspec, now) ?? checkTransactionExpiry(wire, now) ?? checkTransactionCryptography(wire);
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
      blocks.push(await this.producer.ownBlock(async () => {
        const parent = this.chain.latest();
        const timestampMs = this.chain.nextBlockTime(this.clock());
        const era = this.chain.currentEra;
        // every block of the era earns its proposer a production reward, the switch block too
        const proposers = new Map(this.chain.eraProposerCounts());
        proposers.set(this.chain.proposer, (proposers.get(this.chain.proposer) ?? 0) + 1);
        const outcome = await endEra(parent.stateRootHash, {
          height: parent.height + 1, timestampMs, eraId: era, proposer: this.chain.proposer, protocolVersion: this.chainspec.protocolVersion,
        }, proposers);
        return this.chain.appendSwitch(outcome.stateRootHash, timestampMs, outcome.eraEnd);
      }));
    }
    return blocks;
  }

  private infoGetDeploy(params: unknown) {
    const p = readParams(params, [{ name: "deploy_hash", required: true }, { name: "finalized_approvals", required: false }]);
    const hash = hex32(p.deploy_hash, "deploy_hash");
    const item = this.chain.item(hash);
    if (!item) throw new RpcFailure("NoSuchDeploy", `no deploy for hash ${hash}`);
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
    if (!item || item.kind !== wanted) throw new RpcFailure("NoSuchTransaction", `no transaction for hash ${hash}`);
    return {
      api_version: this.apiVersion,
      transaction: item.kind === "deploy" ? { Deploy: item.json } : { Version1: item.json },
      execution_info: executionInfo(item),
    };
  }

  // ---------------------------------------------------------------- global state

  /** Resolves a GlobalStateIdentifier to a state root hash and, for block identifiers, the block. */
  private stateFor(identifier: unknown): { stateRootHash: string; block: ChainBlock | null } {
    if (identifier === undefined || identifier === null) return { stateRootHash: this.chain.latest().stateRootHash, block: null };
    const [kind, value] = oneVariant(identifier, ["BlockHash", "BlockHeight", "StateRootHash"], "state_identifier");
    if (kind === "StateRootHash") return { stateRootHash: hex32(value, "state_identifier.StateRootHash"), block: null };
    const block = kind === "BlockHash" ? this.chain.withHash(hex32(value, "state_identifier.BlockHash")) : this.chain.atHeight(heightOf(value));
    if (!block) throw this.noSuchBlock();
    return { stateRootHash: block.stateRootHash, block };
  }

  /** The value and the Merkle proofs of the keys read for it. */
  private async read(stateRootHash: string, key: string, path: string[]): Promise<QueryFound> {
    const result = await this.backend.query(stateRootHash, key, path);
    if (isQueryMiss(result)) throw this.queryFailure(result, stateRootHash);
    return result;
  }

  private queryFailure(miss: QueryMiss, stateRootHash: string): RpcFailure {
    switch (miss.miss) {
      case "RootNotFound":
        return new RpcFailure("NoSuchStateRoot", missingBlockOrStateRoot(`failed to get state root at ${stateRootHash}`, 0, this.chain.height));
      case "ValueNotFound":
        return new RpcFailure("QueryFailed", miss.message || "value was not found in the global state");
      case "Failed":
        return new RpcFailure("QueryFailedToExecute", miss.message);
    }
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

  /** The account record at `stateRootHash` with its Merkle proof, or NoSuchAccount. */
  private async account(stateRootHash: string, accountHashKey: string): Promise<{ account: Record<string, unknown>; merkleProof: string }> {
    const result = await this.backend.query(stateRootHash, accountHashKey, []);
    if (isQueryMiss(result)) {
      if (result.miss === "ValueNotFound") throw new RpcFailure("NoSuchAccount", "the requested account was not found");
      throw this.queryFailure(result, stateRootHash);
    }
    const account = result.storedValue.Account;
    if (!account || typeof account !== "object") throw new RpcFailure("NoSuchAccount", "the requested account was not found");
    return { account: account as Record<string, unknown>, merkleProof: result.merkleProof };
  }

  private async stateGetAccountInfo(params: unknown) {
    const p = readParams(params, [{ name: "account_identifier", required: true }, { name: "block_identifier", required: false }]);
    const key = accountKeyOf(p.account_identifier, "account_identifier");
    const block = this.blockFor(p.block_identifier);
    const { account, merkleProof } = await this.account(block.stateRootHash, key);
    return { api_version: this.apiVersion, account, merkle_proof: merkleProof };
  }

  private async stateGetEntity(params: unknown) {
    const p = readParams(params, [
      { name: "entity_identifier", required: true },
      { name: "block_identifier", required: false },
      { name: "include_bytecode", required: false },
    ]);
    const [kind, value] = oneVariant(p.entity_identifier, ["PublicKey", "AccountHash", "EntityAddr"], "entity_identifier");
    if (kind === "EntityAddr") {
      // Addressable entities are disabled on Casper 2.0 mainnet and testnet; accounts stay legacy accounts.
      throw new RpcFailure("NoSuchAccount", "the requested account was not found");
    }
    const key = accountKeyOf(value, `entity_identifier.${kind}`);
    const block = this.blockFor(p.block_identifier);
    const { account, merkleProof } = await this.account(block.stateRootHash, key);
    return { api_version: this.apiVersion, entity: { LegacyAccount: account }, merkle_proof: merkleProof };
  }

  private async queryBalance(params: unknown) {
    const p = readParams(params, [{ name: "state_identifier", required: false }, { name: "purse_identifier", required: true }]);
    const { stateRootHash } = this.stateFor(p.state_identifier);
    const purse = await this.purseOf(p.purse_identifier, stateRootHash);
    return { api_version: this.apiVersion, balance: String((await this.balanceOf(stateRootHash, purse)).motes) };
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

  private async balanceOf(stateRootHash: string, purse: string): Promise<BalanceFound> {
    const result = await this.backend.balance(stateRootHash, purse);
    if (!isQueryMiss(result)) return result;
    if (result.miss === "RootNotFound") throw this.queryFailure(result, stateRootHash);
    if (result.miss === "ValueNotFound") throw new RpcFailure("FailedToGetBalance", `failed for purse ${purse}: ${result.message}`);
    throw new RpcFailure("GetBalanceFailedToExecute", `failed to execute for purse ${purse}: ${result.message}`);
  }

  /** A PurseIdentifier: a purse URef, or the main purse of an account. */
  private async purseOf(identifier: unknown, stateRootHash: string): Promise<string> {
    const variants = ["main_purse_under_public_key", "main_purse_under_account_hash", "main_purse_under_entity_addr", "purse_uref"];
    const [kind, value] = oneVariant(identifier, variants, "purse_identifier");
    if (kind === "purse_uref") {
      if (typeof value !== "string" || !UREF.test(value)) {
        throw new RpcFailure("FailedToParseGetBalanceURef", `the requested purse URef was invalid: ${JSON.stringify(value)}`);
      }
      return value;
    }
    if (kind === "main_purse_under_entity_addr") throw new RpcFailure("NoSuchMainPurse", "the requested main purse was not found");
    const key = accountKeyOf(value, `purse_identifier.${kind}`);
    const result = await this.backend.query(stateRootHash, key, []);
    if (isQueryMiss(result)) {
      if (result.miss === "ValueNotFound") throw new RpcFailure("NoSuchMainPurse", "the requested main purse was not found");
      throw this.queryFailure(result, stateRootHash);
    }
    const purse = (result.storedValue.Account as { main_purse?: unknown } | undefined)?.main_purse;
    if (typeof purse !== "string") throw new RpcFailure("NoSuchMainPurse", "the requested main purse was not found");
    return purse;
  }

  private async stateGetDictionaryItem(params: unknown) {
    const p = readParams(params, [{ name: "state_root_hash", required: true }, { name: "dictionary_identifier", required: true }]);
    const stateRootHash = hex32(p.state_root_hash, "state_root_hash");
    const dictionaryKey = await this.dictionaryKeyOf(p.dictionary_identifier, stateRootHash);
    const found = await this.read(stateRootHash, dictionaryKey, []);
    return { api_version: this.apiVersion, dictionary_key: dictionaryKey, stored_value: found.storedValue, merkle_proof: found.merkleProof };
  }

  /** A DictionaryIdentifier to its "dictionary-…" key (v1.5.8 types/src/key.rs `Key::dictionary`). */
  private async dictionaryKeyOf(identifier: unknown, stateRootHash: string): Promise<string> {
    const variants = ["AccountNamedKey", "ContractNamedKey", "EntityNamedKey", "URef", "Dictionary"];
    const [kind, value] = oneVariant(identifier, variants, "dictionary_identifier");
    if (kind === "Dictionary") {
      if (typeof value !== "string" || !/^dictionary-[0-9a-fA-F]{64}$/.test(value)) {
        throw new RpcFailure("FailedToParseQueryKey", `the provided dictionary key was invalid: ${JSON.stringify(value)}`);
      }
      return value.toLowerCase();
    }
    const v = value as Record<string, unknown>;
    const itemKey = v?.dictionary_item_key;
    if (typeof itemKey !== "string") throw invalid(`dictionary_identifier.${kind}: missing field \`dictionary_item_key\``);
    let seed: unknown;
    if (kind === "URef") {
      seed = v.seed_uref;
    } else {
      if (kind === "EntityNamedKey") throw new RpcFailure("FailedToGetDictionaryURef", "the provided dictionary key points at an unexpected type: EntityNamedKey");
      if (typeof v.key !== "string" || typeof v.dictionary_name !== "string") {
        throw invalid(`dictionary_identifier.${kind}: expected key and dictionary_name strings`);
      }
      const holder = (await this.read(stateRootHash, v.key, [])).storedValue;
      const record = (holder.Account ?? holder.Contract) as { named_keys?: { name: string; key: string }[] } | undefined;
      if (!record) throw new RpcFailure("FailedToGetDictionaryURef", `expected account or contract, but got ${Object.keys(holder)[0]}`);
      const named = record.named_keys?.find((k) => k.name === v.dictionary_name);
      if (!named) throw new RpcFailure("FailedToGetDictionaryURef", "the provided dictionary name doesn't exist");
      seed = named.key;
    }
    const m = typeof seed === "string" ? UREF.exec(seed) : null;
    if (!m) throw new RpcFailure("FailedToGetDictionaryURef", `the provided dictionary value is not a URef: ${JSON.stringify(seed)}`);
    const address = blake2b256(new ByteWriter().raw(fromHex(m[1], "seed_uref")).raw(new TextEncoder().encode(itemKey)).toBytes());
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

function formattedKey(value: unknown): string {
  if (typeof value !== "string" || !KEY_PREFIXES.some((p) => value.startsWith(p))) {
    throw new RpcFailure("FailedToParseQueryKey", `failed to parse key: ${JSON.stringify(value)}`);
  }
  try {
    sdk.Key.newKey(value);
  } catch (e) {
    throw new RpcFailure("FailedToParseQueryKey", `failed to parse key ${JSON.stringify(value)}: ${(e as Error).message}`);
  }
  return value;
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
function chainspecToml(spec: NodeChainspec): string {
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
  ].join("\n");
}
