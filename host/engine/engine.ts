// The local Casper engine: global state after genesis, deploy execution, queries, and the test API
// (named accounts, one-call deploys, balances, named keys, dictionaries, snapshots).

import sdk from "casper-js-sdk";
import type { Account } from "../bytesrepr/account.ts";
import { type CLValue, type SdkCLValue, toSdkCLValue } from "../bytesrepr/cl-value.ts";
import type { Contract, ContractPackage } from "../bytesrepr/contract.ts";
import type { EntryPoint } from "../bytesrepr/entry-points.ts";
import { fromHex, toHex } from "../bytesrepr/hex.ts";
import {
  type Key, type URef, KeyTag, accountKey, balanceKey, formatKey, hashKey, keyAsURef, parseKey, parseURef, urefKey,
} from "../bytesrepr/key.ts";
import { accountHashOf, publicKeyFromHex } from "../bytesrepr/public-key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import { utf8Encode } from "../bytesrepr/utf8.ts";
import type { ChainspecOverrides } from "../gas/chainspec.ts";
import { dictionaryAddress, unwrapDictionaryValue } from "../runtime/context.ts";
import { type Meter, NO_METER } from "../runtime/meter.ts";
import { GasMeter } from "../gas/gas_meter.ts";
import type { SystemContract } from "../runtime/system-api.ts";
import type { LoadedModule } from "../runtime/modules.ts";
import type { ModuleOrigin } from "../debug/error-origin.ts";
import { GlobalState, type StateSnapshot } from "../state/global-state.ts";
import { SystemContractSet } from "../system/index.ts";
import { type EngineConfig, type Protocol, resolveConfig } from "./config.ts";
import { auctionGenesisConfig } from "../system/auction/genesis.ts";
import * as staking from "./staking.ts";
import type { BidOptions, BidView, EraOptions, Staker, StakingOptions, UnbondView, ValidatorWeight } from "./staking.ts";
import { type DeployItem, type SdkDeploy, deployItemFromSdk } from "./deploy-item.ts";
import { type ArgsInput, type DeployParams, makeDeploy, sessionItems } from "./deploys.ts";
import { type ChainContext, executeDeploy } from "./execute.ts";
import { CSPR, type GenesisSpec, installGenesis } from "./genesis.ts";
import { type KeyAlgorithmName, type SdkPrivateKey, type SdkPublicKey, type TestKey, DEFAULT_ACCOUNT_NAME, ED25519_TEST_ACCOUNTS, PROPOSER_ACCOUNT_NAME, SECP256K1_TEST_ACCOUNTS, testKey } from "./keys.ts";
import { EngineModuleLoader } from "./module-loader.ts";
import type { ExecutionResult } from "./result.ts";
import type { Fork, ForkOptions } from "../fork/open-fork.ts";
import { ForkSession, forkCostOverrides, forkedChain, mergeDeep, openForkedEngineOptions } from "./fork-session.ts";

export interface AccountSpec {
  /** the name the test API finds it by; with no publicKey the key is the deterministic test key of that name */
  readonly name: string;
  /** a key you hold (casper-js-sdk PrivateKey): the account signs test-API deploys with it (e.g. on a fork) */
  readonly secretKey?: SdkPrivateKey;
  readonly algorithm?: KeyAlgorithmName;
  /** public key hex (tag + raw), to fund a key you hold */
  readonly publicKey?: string;
  /** motes */
  readonly balance?: bigint;
}

export interface ValidatorSpec extends AccountSpec {
  /** bonded amount, motes */
  readonly stake?: bigint;
  /** percent, 0..=100 */
  readonly delegationRate?: number;
}

export interface EngineOptions {
  /** chainspec values and 2.0 differences; behaviour is casper-node 1.5.8's (default "2.0.0") */
  readonly protocol?: Protocol;
  /** deep-partial chainspec overrides (host/gas/chainspec.ts keys), e.g. { core: { max_associated_keys: 10 } } */
  readonly chainspec?: ChainspecOverrides;
  /** deploys' header.chain_name (default "casper-test") */
  readonly chainName?: string;
  /** funded accounts; default: default, proposer, alice, bob, carol, dave (ed25519), erin, frank (secp256k1) */
  readonly accounts?: readonly AccountSpec[];
  /** genesis validators; default validator-1 and validator-2 */
  readonly validators?: readonly ValidatorSpec[];
  /** shortcuts for chainspec core values */
  readonly minimumDelegationAmount?: bigint;
  readonly maxAssociatedKeys?: number;
  /** block time of the first block, ms since the Unix epoch (default 2025-01-01T00:00:00Z) */
  readonly blockTime?: bigint | Date;
  /** height of the block deploys execute in (default 1) and its parent's hash (default 32 zero bytes): casper_get_block_info */
  readonly blockHeight?: bigint;
  readonly parentBlockHash?: Uint8Array;
  /** record a trace of host calls in every result (default true) */
  readonly trace?: boolean;
  /** the proposer account's name (default "proposer") */
  readonly proposer?: string;
  /** the standard payment of the test API's deploys when a call gives none (default TEST_DEFAULT_PAYMENT, 10 CSPR) */
  readonly defaultPayment?: bigint;
  /** replace a native system contract (the auction of issue 4 plugs in here) */
  readonly systemContracts?: readonly SystemContract[];
  /**
   * charge gas as the chain does (instrumented wasm, host function, storage and system costs of the
   * protocol's chainspec; out of gas ends the session). Default true, unless the environment variable
   * CASPER_AS_METERED is 0/false/off.
   */
  readonly metered?: boolean;
  /** a custom meter for each execution phase (replaces the chainspec meter) */
  readonly meter?: (phase: number, gasLimit: bigint) => Meter;
  /** instrument modules with gas counting (env.gas -> Meter.chargeWasm); default: when metered or a meter is given */
  readonly meteredWasm?: boolean;
  /**
   * run against a remote network's state (host/fork: `await openFork({ node, block })`, or
   * `await Engine.fork(...)`): no genesis; `accounts` only name keys (they are not funded); reads go
   * through `engine.fork.run(() => …)`, which fetches what a run needs and runs it again
   */
  readonly fork?: Fork;
  /** called as each deploy starts executing (a gas profiler keeps the last deploy's charges) */
  readonly onDeploy?: () => void;
  /**
   * the global state genesis is installed in (default: a new indexed one in memory); the local node
   * passes a bounded one whose trie lives in its data directory
   */
  readonly globalState?: GlobalState;
}

/** Balances of the default genesis (motes). casper-engine-test-support gives its two accounts 10^17. */
export const DEFAULT_ACCOUNT_BALANCE = 100_000_000_000_000_000n;
export const TEST_ACCOUNT_BALANCE = 10_000_000n * CSPR;
export const DEFAULT_VALIDATOR_STAKE = 1_000_000n * CSPR;
export const DEFAULT_VALIDATOR_BALANCE = 10_000n * CSPR;
export const DEFAULT_CHAIN_NAME = "casper-test";
export const DEFAULT_BLOCK_TIME = BigInt(Date.UTC(2025, 0, 1));
/** Purses labelled with their owner's name or key in results (genesis accounts, then new accounts up to this many). */
const MAX_PURSE_LABELS = 10_000;

/**
 * The test API's payment when a deploy names none: 10 CSPR covers installing and calling the seed
 * contracts (keys_manager install ≈ 6.7 CSPR, delegate ≈ 2.9 CSPR); bigger installs pass `payment`.
 * Over-payment is refunded at the protocol's ratio (99% in 1.5.8, 75% in 2.0.0).
 */
export const TEST_DEFAULT_PAYMENT = 10n * CSPR;

/** EngineOptions.metered's default: true unless CASPER_AS_METERED is 0, false, off or no. */
export function meteredByDefault(): boolean {
  const v = process.env.CASPER_AS_METERED?.trim().toLowerCase();
  return !(v === "0" || v === "false" || v === "off" || v === "no");
}

export function defaultAccounts(): AccountSpec[] {
  return [
    { name: DEFAULT_ACCOUNT_NAME, balance: DEFAULT_ACCOUNT_BALANCE },
    { name: PROPOSER_ACCOUNT_NAME, balance: DEFAULT_ACCOUNT_BALANCE },
    ...ED25519_TEST_ACCOUNTS.map((name) => ({ name, algorithm: "ed25519" as const, balance: TEST_ACCOUNT_BALANCE })),
    ...SECP256K1_TEST_ACCOUNTS.map((name) => ({ name, algorithm: "secp256k1" as const, balance: TEST_ACCOUNT_BALANCE })),
  ];
}

export function defaultValidators(): ValidatorSpec[] {
  return [
    { name: "validator-1", stake: DEFAULT_VALIDATOR_STAKE, delegationRate: 10, balance: DEFAULT_VALIDATOR_BALANCE },
    { name: "validator-2", stake: DEFAULT_VALIDATOR_STAKE, delegationRate: 5, balance: DEFAULT_VALIDATOR_BALANCE },
  ];
}

/** A readable account. */
export interface AccountView {
  readonly name?: string;
  readonly accountHash: string;
  readonly mainPurse: string;
  readonly namedKeys: Readonly<Record<string, string>>;
  /** account hash (hex) -> weight */
  readonly associatedKeys: Readonly<Record<string, number>>;
  readonly actionThresholds: { readonly deployment: number; readonly keyManagement: number };
}

/** Who a deploy is from / signed by: a test account name or a TestKey. */
export type Signer = string | TestKey;

export interface RunOptions {
  /** keys that sign (default: the sender alone); their weights count against the thresholds */
  readonly signers?: readonly Signer[];
  /** standard payment amount, motes (default 2.5 CSPR) */
  readonly payment?: bigint;
  readonly gasPrice?: number;
}

export interface EngineSnapshot {
  readonly state: StateSnapshot;
  readonly blockTime: bigint;
  readonly deployCounter: number;
}

export class Engine implements ChainContext {
  readonly config: EngineConfig;
  readonly protocol: Protocol;
  readonly chainName: string;
  readonly state: GlobalState;
  readonly system: SystemContractSet;
  readonly modules: EngineModuleLoader;
  readonly trace: boolean;
  readonly genesis: GenesisSpec;
  /** hash of each system contract, by registry name */
  readonly systemContracts: ReadonlyMap<string, Uint8Array>;
  proposer: Uint8Array;
  blocktime: bigint;
  /** the block deploys execute in: its height and parent hash (casper_get_block_info fields 1 and 2) */
  blockHeight: bigint;
  parentBlockHash: Uint8Array;
  private deployCounter = 0;
  private readonly names = new Map<string, TestKey>();
  private readonly purseLabels = new Map<string, string>();
  private readonly meterFactory: (phase: number, gasLimit: bigint) => Meter;
  private readonly onDeploy?: () => void;
  /** gas is charged (see EngineOptions.metered) */
  readonly metered: boolean;
  /** standard payment of test-API deploys that give none (EngineOptions.defaultPayment) */
  readonly defaultPayment: bigint;
  /** on a fork (EngineOptions.fork): its node, block, and `run` */
  readonly fork?: ForkSession;

  /**
   * An engine on the state of a remote network at a block (default its latest), e.g.
   * `await Engine.fork({ node: "http://127.0.0.1:7777/rpc", block: 12 })`; see host/fork/README.md.
   */
  static async fork(options: ForkOptions & Omit<EngineOptions, "fork">): Promise<Engine> {
    return new Engine(await openForkedEngineOptions(options));
  }

  constructor(options: EngineOptions = {}) {
    this.protocol = options.fork ? "2.0.0" : options.protocol ?? "2.0.0";
    // a fork prices as its node does: the node's cost tables, then the caller's overrides
    const overrides: Record<string, unknown> = options.fork ? mergeDeep(forkCostOverrides(options.fork.chainspecToml), options.chainspec ?? {}) : { ...(options.chainspec ?? {}) };
    const core: Record<string, unknown> = { ...((overrides.core as Record<string, unknown>) ?? {}) };
    if (options.minimumDelegationAmount !== undefined) core.minimum_delegation_amount = options.minimumDelegationAmount;
    if (options.maxAssociatedKeys !== undefined) core.max_associated_keys = options.maxAssociatedKeys;
    if (Object.keys(core).length) overrides.core = core;
    this.config = resolveConfig(this.protocol, overrides);
    this.chainName = options.fork?.chainName ?? options.chainName ?? DEFAULT_CHAIN_NAME;
    this.trace = options.trace ?? true;
    this.metered = options.meter !== undefined || (options.metered ?? meteredByDefault());
    this.defaultPayment = options.defaultPayment ?? TEST_DEFAULT_PAYMENT;
    const chainspec = this.config.chainspec;
    this.meterFactory = options.meter ?? (this.metered ? (_phase, limit) => new GasMeter(chainspec, limit) : () => NO_METER);
    this.onDeploy = options.onDeploy;
    this.blocktime = options.blockTime instanceof Date ? BigInt(options.blockTime.getTime()) : options.blockTime ?? DEFAULT_BLOCK_TIME;
    this.blockHeight = options.blockHeight ?? 1n;
    this.parentBlockHash = options.parentBlockHash ?? new Uint8Array(32);
    let system = SystemContractSet.forProtocol(this.protocol);
    for (const c of options.systemContracts ?? []) system = system.with(c);
    this.system = system;
    this.modules = new EngineModuleLoader(this.protocol, options.meteredWasm ?? this.metered, this.config.runtime.maxMemoryPages, chainspec);

    if (options.fork) {
      // a fork's state is the remote's: no genesis, and the accounts given only name keys
      for (const a of options.accounts ?? []) this.register(a);
      const chain = forkedChain(options.fork, this.config);
      this.state = options.fork.state;
      this.systemContracts = chain.systemContracts;
      this.proposer = chain.proposer;
      this.blocktime = chain.blocktime;
      this.blockHeight = chain.blockHeight;
      this.parentBlockHash = chain.parentBlockHash;
      this.genesis = { chainName: this.chainName, accounts: [], validators: [], proposer: this.proposer, roundSeigniorageRate: [0n, 1n], protocolVersion: this.config.runtime.protocolVersion, timestamp: this.blocktime, auction: auctionGenesisConfig(this.config.chainspec.core) };
      this.fork = new ForkSession(this, options.fork);
      return;
    }
    const accounts = (options.accounts ?? defaultAccounts()).map((a) => this.register(a));
    const validators = (options.validators ?? defaultValidators()).map((v) => {
      const { key: k } = this.register(v);
      return { name: v.name, publicKey: k.publicKeyBytes, balance: v.balance ?? DEFAULT_VALIDATOR_BALANCE, stake: v.stake ?? DEFAULT_VALIDATOR_STAKE, delegationRate: v.delegationRate ?? 10 };
    });
    const proposerName = options.proposer ?? PROPOSER_ACCOUNT_NAME;
    const proposer = this.names.get(proposerName);
    if (!proposer) throw new Error(`the proposer "${proposerName}" is not a genesis account`);
    this.proposer = proposer.accountHash;
    const [numer, denom] = this.config.chainspec.core.round_seigniorage_rate;
    const pv = this.config.runtime.protocolVersion;
    this.genesis = {
      chainName: this.chainName,
      accounts: accounts.map(({ spec, key }) => ({ name: spec.name, publicKey: key.publicKeyBytes, balance: spec.balance ?? TEST_ACCOUNT_BALANCE })),
      validators,
      proposer: this.proposer,
      roundSeigniorageRate: [BigInt(numer), BigInt(denom)],
      protocolVersion: pv,
      timestamp: this.blocktime,
      auction: auctionGenesisConfig(this.config.chainspec.core),
    };
    this.state = options.globalState ?? new GlobalState();
    this.systemContracts = installGenesis(this.state, this.genesis, this.system).systemContracts;
    this.labelPurses();
  }

  static create(options?: EngineOptions): Engine {
    return new Engine(options);
  }

  private register(spec: AccountSpec): { spec: AccountSpec; key: TestKey } {
    let key: TestKey;
    if (spec.secretKey) {
      const publicKeyBytes = fromHex(spec.secretKey.publicKey.toHex());
      const hash = accountHashOf(publicKeyBytes);
      key = { name: spec.name, algorithm: publicKeyBytes[0] === 2 ? "secp256k1" : "ed25519", privateKey: spec.secretKey, publicKey: spec.secretKey.publicKey, publicKeyBytes, publicKeyHex: toHex(publicKeyBytes), accountHash: hash, accountHashHex: toHex(hash) };
    } else if (spec.publicKey) {
      const pk = publicKeyFromHex(spec.publicKey);
      const sdkKey = sdk.PublicKey.fromHex(spec.publicKey);
      const hash = accountHashOf(pk);
      // a funded key held elsewhere: no private key here (it cannot sign test deploys)
      key = { name: spec.name, algorithm: pk[0] === 2 ? "secp256k1" : "ed25519", privateKey: undefined as never, publicKey: sdkKey, publicKeyBytes: pk, publicKeyHex: toHex(pk), accountHash: hash, accountHashHex: toHex(hash) };
    } else {
      key = testKey(spec.name, spec.algorithm);
    }
    if (this.names.has(spec.name)) throw new Error(`genesis: account name "${spec.name}" is used twice`);
    this.names.set(spec.name, key);
    return { spec, key };
  }

  // ---- ChainContext --------------------------------------------------------------------------------

  meterFor(phase: number, gasLimit: bigint): Meter {
    return this.meterFactory(phase, gasLimit);
  }

  purseOwner(addrHex: string): string | undefined {
    return this.purseLabels.get(addrHex);
  }

  originOf(module: LoadedModule): ModuleOrigin | undefined {
    return this.modules.originOf(module);
  }

  private labelPurses(): void {
    for (const [name, key] of this.names) {
      const a = this.readAccount(key.accountHash);
      if (a) this.purseLabels.set(toHex(a.mainPurse.addr), name);
      this.purseLabels.set(`account:${key.accountHashHex}`, name);
    }
    const hp = this.contractByHash(this.systemContracts.get("handle payment")!);
    const pp = keyAsURef(hp.namedKeys.get("payment_purse")!);
    if (pp) this.purseLabels.set(toHex(pp.addr), "handle payment's payment purse");
  }

  // ---- accounts and keys -----------------------------------------------------------------------------

  /** The key of a genesis account by name, or the deterministic test key of any name. */
  key(name: string, algorithm?: KeyAlgorithmName): TestKey {
    return this.names.get(name) ?? testKey(name, algorithm);
  }

  private signer(s: Signer): TestKey {
    return typeof s === "string" ? this.key(s) : s;
  }

  private resolveAccountHash(who: string | Uint8Array | TestKey): Uint8Array {
    if (who instanceof Uint8Array) return who;
    if (typeof who !== "string") return who.accountHash;
    const named = this.names.get(who);
    if (named) return named.accountHash;
    if (who.startsWith("account-hash-")) return fromHex(who.slice(13));
    if (/^[0-9a-fA-F]{64}$/.test(who)) return fromHex(who);
    if (/^0[12][0-9a-fA-F]+$/.test(who)) return accountHashOf(publicKeyFromHex(who));
    throw new Error(`unknown account "${who}" (a genesis name, account-hash-…, a 64-hex account hash or a public key hex)`);
  }

  readAccount(who: string | Uint8Array | TestKey): Account | undefined {
    const v = this.state.read(accountKey(this.resolveAccountHash(who)));
    return v?.kind === "Account" ? v.account : undefined;
  }

  private requireAccount(who: string | Uint8Array | TestKey): Account {
    const a = this.readAccount(who);
    if (!a) throw new Error(`no account for ${typeof who === "string" ? `"${who}"` : toHex(this.resolveAccountHash(who))}`);
    return a;
  }

  /** Named keys, associated keys and thresholds of an account, readably. */
  account(who: string | Uint8Array | TestKey): AccountView {
    const a = this.requireAccount(who);
    const name = [...this.names].find(([, k]) => toHex(k.accountHash) === toHex(a.accountHash))?.[0];
    return {
      name,
      accountHash: `account-hash-${toHex(a.accountHash)}`,
      mainPurse: formatKey(urefKey(a.mainPurse)),
      namedKeys: Object.fromEntries([...a.namedKeys].map(([n, k]) => [n, formatKey(k)])),
      associatedKeys: Object.fromEntries(a.associatedKeys),
      actionThresholds: { ...a.actionThresholds },
    };
  }

  /** Balance in motes: of an account's main purse (name, hash, key), or of a purse (`uref-…`, a URef or a Key::URef). */
  balance(who: string | Uint8Array | TestKey | URef | Key): bigint {
    let purse: URef;
    if (typeof who === "string" && who.startsWith("uref-")) purse = parseURef(who);
    else if (typeof who === "object" && "tag" in who && "data" in who) {
      const u = keyAsURef(who);
      if (!u) throw new Error(`${formatKey(who)} is not a purse URef`);
      purse = u;
    } else if (typeof who === "object" && !(who instanceof Uint8Array) && "addr" in who) purse = who;
    else purse = this.requireAccount(who as string | Uint8Array | TestKey).mainPurse;
    const v = this.state.read(balanceKey(purse.addr));
    if (!v || v.kind !== "CLValue") throw new Error(`no purse ${formatKey(urefKey(purse))}`);
    return new ByteReader(v.value.bytes).bigUint(64, "U512");
  }

  /** `hash-…` of a system contract: "mint", "handle payment", "standard payment", "auction". */
  systemContract(name: string): string {
    const h = this.systemContracts.get(name);
    if (!h) throw new Error(`no system contract "${name}"`);
    return `hash-${toHex(h)}`;
  }

  /** The package of a contract (`hash-…` of the contract, or an account's named key to it). */
  packageOf(ref: string | Key, namedKey?: string): ContractPackage {
    return this.contractPackage(hashKey(this.contract(ref, namedKey).contractPackageHash));
  }

  /** Named keys of an account (by name/hash) or of a contract (`hash-…`). */
  namedKeys(owner: string | Uint8Array | TestKey): ReadonlyMap<string, Key> {
    if (typeof owner === "string" && owner.startsWith("hash-")) return this.contract(owner).namedKeys;
    return this.requireAccount(owner).namedKeys;
  }

  namedKey(owner: string | Uint8Array | TestKey, name: string): Key {
    const k = this.namedKeys(owner).get(name);
    if (!k) throw new Error(`no named key "${name}" on ${typeof owner === "string" ? owner : "that account"}`);
    return k;
  }

  private contractByHash(hash: Uint8Array): Contract {
    const v = this.state.read(hashKey(hash));
    if (!v || v.kind !== "Contract") throw new Error(`no contract under hash-${toHex(hash)}`);
    return v.contract;
  }

  /** A contract by `hash-…`, or by an account's named key: contract("alice", "keys_manager"). */
  contract(ref: string | Key, namedKey?: string): Contract {
    const key = namedKey !== undefined ? this.namedKey(ref as string, namedKey) : typeof ref === "string" ? parseKey(ref) : ref;
    if (key.tag !== KeyTag.Hash) throw new Error(`${formatKey(key)} is not a contract hash`);
    return this.contractByHash(key.data);
  }

  contractPackage(ref: string | Key): ContractPackage {
    const key = typeof ref === "string" ? parseKey(ref) : ref;
    const v = this.state.read(key);
    if (!v || v.kind !== "ContractPackage") throw new Error(`no contract package under ${formatKey(key)}`);
    return v.pkg;
  }

  /** The entry points of a contract (see `contract`). */
  entryPoints(ref: string | Key, namedKey?: string): ReadonlyMap<string, EntryPoint> {
    return this.contract(ref, namedKey).entryPoints;
  }

  /**
   * query_global_state: the value under `key`, following `path` through named keys (of an account or
   * contract) like the node's query does.
   */
  query(key: string | Key, path: readonly string[] = []): StoredValue {
    let k = typeof key === "string" ? parseKey(key) : key;
    let v = this.state.read(k);
    const walked: string[] = [formatKey(k)];
    for (const name of path) {
      if (!v) break;
      const nk = v.kind === "Account" ? v.account.namedKeys : v.kind === "Contract" ? v.contract.namedKeys : undefined;
      if (!nk) throw new Error(`query: ${walked.join("/")} is a ${v.kind}, which has no named keys (path "${name}")`);
      const next = nk.get(name);
      if (!next) throw new Error(`query: no named key "${name}" under ${walked.join("/")}`);
      k = next;
      walked.push(name);
      v = this.state.read(k);
    }
    if (!v) throw new Error(`query: no value under ${walked.join("/")}`);
    return k.tag === KeyTag.Dictionary ? unwrapDictionaryValue(v) : v;
  }

  /** A CLValue in global state (following `path`), as the SDK's CLValue. */
  value(key: string | Key, path: readonly string[] = []): SdkCLValue {
    const v = this.query(key, path);
    if (v.kind !== "CLValue") throw new Error(`query: the value is a ${v.kind}, not a CLValue`);
    return toSdkCLValue(v.value);
  }

  /** A dictionary item by its seed URef (`uref-…`), or by a named key of an account/contract holding the seed. */
  dictionaryItem(seed: string | URef, itemKey: string, dictionaryName?: string): SdkCLValue {
    let u: URef;
    if (dictionaryName !== undefined) {
      const k = this.namedKey(seed as string, dictionaryName);
      const found = keyAsURef(k);
      if (!found) throw new Error(`named key "${dictionaryName}" is not a URef (dictionary seed)`);
      u = found;
    } else {
      u = typeof seed === "string" ? parseURef(seed) : seed;
    }
    const v = this.state.read(dictionaryAddress(u.addr, utf8Encode(itemKey)));
    if (!v) throw new Error(`no dictionary item "${itemKey}" in ${formatKey(urefKey(u))}`);
    const inner = unwrapDictionaryValue(v);
    if (inner.kind !== "CLValue") throw new Error("dictionary item is not a CLValue");
    return toSdkCLValue(inner.value as CLValue);
  }

  stateRootHash(): string {
    return toHex(this.state.rootHash);
  }

  // ---- time, snapshots ----------------------------------------------------------------------------

  advanceTime(ms: bigint | number): void {
    this.blocktime += BigInt(ms);
  }

  snapshot(): EngineSnapshot {
    return { state: this.state.snapshot(), blockTime: this.blocktime, deployCounter: this.deployCounter };
  }

  restore(s: EngineSnapshot): void {
    this.state.restore(s.state);
    this.blocktime = s.blockTime;
    this.deployCounter = s.deployCounter;
  }

  // ---- deploys ------------------------------------------------------------------------------------

  /** Execute an SDK Deploy (or a DeployItem) against the current state; effects are committed. */
  execute(deploy: SdkDeploy | DeployItem): ExecutionResult {
    const item = "approvals" in deploy ? deployItemFromSdk(deploy as SdkDeploy) : (deploy as DeployItem);
    this.onDeploy?.();
    if (this.fork) return this.fork.execute(() => executeDeploy(this, item));
    const result = executeDeploy(this, item);
    this.afterDeploy(result);
    return result;
  }

  private afterDeploy(result: ExecutionResult): void {
    // label purses of accounts created by transfers, for readable balance effects (a bounded number:
    // the local node runs millions of deploys on one engine)
    if (this.purseLabels.size >= MAX_PURSE_LABELS) return;
    for (const j of result.journal) {
      if (j.key.tag !== KeyTag.Account || j.value?.kind !== "Account") continue;
      const a = this.readAccount(j.key.data);
      if (a && !this.purseLabels.has(toHex(a.mainPurse.addr))) this.purseLabels.set(toHex(a.mainPurse.addr), formatKey(j.key));
    }
  }

  /** Deploy parameters for a deploy from `from` (signed by `signers`, default `from`). */
  params(from: Signer, options: RunOptions = {}): DeployParams {
    const sender = this.signer(from);
    const signers = (options.signers ?? [from]).map((s) => this.signer(s));
    for (const s of signers) if (!s.privateKey) throw new Error(`account "${s.name}" has no private key here and cannot sign`);
    // unique, increasing timestamps keep every built deploy's hash distinct
    const timestamp = new Date(Number(this.blocktime) + this.deployCounter++);
    return {
      account: sender.publicKey as SdkPublicKey,
      signers: signers.map((s) => s.privateKey),
      chainName: this.chainName,
      paymentAmount: options.payment ?? this.defaultPayment,
      gasPrice: options.gasPrice,
      timestamp,
    };
  }

  /** Run session wasm (`call`) from an account. */
  runSession(from: Signer, wasm: Uint8Array, args?: ArgsInput, options?: RunOptions): ExecutionResult {
    return this.execute(makeDeploy(this.params(from, options), sessionItems.moduleBytes(wasm, args)));
  }

  /** Call an entry point of a contract the account holds under a named key (StoredContractByName). */
  callByName(from: Signer, name: string, entryPoint: string, args?: ArgsInput, options?: RunOptions): ExecutionResult {
    return this.execute(makeDeploy(this.params(from, options), sessionItems.byName(name, entryPoint, args)));
  }

  /** StoredContractByHash: `hash` as `hash-…` or 64 hex digits. */
  callByHash(from: Signer, hash: string, entryPoint: string, args?: ArgsInput, options?: RunOptions): ExecutionResult {
    return this.execute(makeDeploy(this.params(from, options), sessionItems.byHash(hash.replace(/^hash-/, ""), entryPoint, args)));
  }

  callVersionedByName(from: Signer, name: string, entryPoint: string, args?: ArgsInput, version?: number, options?: RunOptions): ExecutionResult {
    return this.execute(makeDeploy(this.params(from, options), sessionItems.versionedByName(name, entryPoint, args, version)));
  }

  callVersionedByHash(from: Signer, packageHash: string, entryPoint: string, args?: ArgsInput, version?: number, options?: RunOptions): ExecutionResult {
    return this.execute(makeDeploy(this.params(from, options), sessionItems.versionedByHash(packageHash.replace(/^hash-/, ""), entryPoint, args, version)));
  }

  // ---- staking: the auction of the engine's protocol, host/engine/staking.ts ----------------------

  /** Delegate `amount` motes from `delegator` to `validator` (a deploy from the delegator calling the auction's `delegate`, or `options.wasm`). */
  delegate(delegator: Staker, validator: Staker, amount: bigint, options?: StakingOptions): ExecutionResult {
    return staking.delegate(this, delegator, validator, amount, options);
  }

  undelegate(delegator: Staker, validator: Staker, amount: bigint, options?: StakingOptions): ExecutionResult {
    return staking.undelegate(this, delegator, validator, amount, options);
  }

  redelegate(delegator: Staker, validator: Staker, newValidator: Staker, amount: bigint, options?: StakingOptions): ExecutionResult {
    return staking.redelegate(this, delegator, validator, newValidator, amount, options);
  }

  /** add_bid; 2.0 takes `options.minimumDelegationAmount`, `maximumDelegationAmount`, `reservedSlots`. */
  addBid(validator: Staker, amount: bigint, delegationRate: number, options?: BidOptions): ExecutionResult {
    return staking.addBid(this, validator, amount, delegationRate, options);
  }

  /** 2.0: move a validator's bid and its delegations to another public key. */
  changeBidPublicKey(validator: Staker, newPublicKey: Staker, options?: StakingOptions): ExecutionResult {
    return staking.changeBidPublicKey(this, validator, newPublicKey, options);
  }

  /** 2.0: reserve delegator slots of `validator`, each with its own delegation rate. */
  addReservations(validator: Staker, reservations: readonly { delegator: Staker; delegationRate: number }[], options?: StakingOptions): ExecutionResult {
    return staking.addReservations(this, validator, reservations, options);
  }

  /** 2.0: cancel reservations of `validator`'s delegator slots. */
  cancelReservations(validator: Staker, delegators: readonly Staker[], options?: StakingOptions): ExecutionResult {
    return staking.cancelReservations(this, validator, delegators, options);
  }

  withdrawBid(validator: Staker, amount: bigint, options?: StakingOptions): ExecutionResult {
    return staking.withdrawBid(this, validator, amount, options);
  }

  activateBid(validator: Staker, options?: StakingOptions): ExecutionResult {
    return staking.activateBid(this, validator, options);
  }

  /** End `n` eras (run_auction each: unbonds paid out, validator set recomputed); block time moves by era_duration each. */
  advanceEras(n = 1, options?: EraOptions): void {
    staking.advanceEras(this, n, options);
  }

  eraId(): bigint {
    return staking.eraId(this);
  }

  /** `delegator`'s stake with `validator` in motes (0 if none; the validator's own stake if both are the same). */
  stakeOf(delegator: Staker, validator: Staker): bigint {
    return staking.stakeOf(this, delegator, validator);
  }

  /** The validator set of an era (default: the current one), with weights. */
  validators(era?: bigint): ValidatorWeight[] {
    return staking.validators(this, era);
  }

  bids(): BidView[] {
    return staking.bids(this);
  }

  bid(validator: Staker): BidView | undefined {
    return staking.bid(this, validator);
  }

  unbonds(): UnbondView[] {
    return staking.unbonds(this);
  }

  /** The test-account name of a public key (hex), if it is one. */
  nameOfKey(publicKeyHex: string): string | undefined {
    const hex = publicKeyHex.toLowerCase();
    for (const [name, k] of this.names) if (k.publicKeyHex === hex) return name;
    return undefined;
  }

  /** A native transfer of `amount` motes to an account (created if new). */
  transfer(from: Signer, to: Signer, amount: bigint, options: RunOptions & { id?: bigint } = {}): ExecutionResult {
    return this.execute(makeDeploy(this.params(from, options), sessionItems.transfer(this.signer(to).publicKey as SdkPublicKey, amount, options.id ?? 0n)));
  }
}

export { CSPR };
