// Genesis: the system account, the system contracts and the funded accounts, installed in casper-node
// v1.5.8's order (engine_state/genesis.rs `install`: mint, payment purse, accounts, auction, handle
// payment, standard payment), with addresses from an AddressGenerator seeded by the genesis config
// hash in the System phase. Defaults follow casper-engine-test-support where it has one.

import { createAccount } from "../bytesrepr/account.ts";
import { CLT, clByteArray, clMap } from "../bytesrepr/cl-type.ts";
import { type CLValue, clv } from "../bytesrepr/cl-value.ts";
import type { Contract, ContractPackage, ProtocolVersion } from "../bytesrepr/contract.ts";
import { toEntryPointsMap } from "../bytesrepr/entry-points.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { AccessRights, type Key, type URef, accountKey, balanceKey, hashKey, keyId, systemContractRegistryKey, urefKey } from "../bytesrepr/key.ts";
import { SYSTEM_ACCOUNT_HASH, accountHashOf } from "../bytesrepr/public-key.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import { utf8Encode } from "../bytesrepr/utf8.ts";
import { ByteWriter } from "../bytesrepr/writer.ts";
import { blake2b256 } from "../crypto/hash.ts";
import { AddressGenerator, Phase } from "../state/address-generator.ts";
import type { GlobalState } from "../state/global-state.ts";
import type { AuctionGenesisConfig, GenesisInstaller, SystemContract, SystemContracts } from "../runtime/system-api.ts";

export const CSPR = 1_000_000_000n;

export interface GenesisAccount {
  /** a name to find the account by in the test API ("alice", "default", ...) */
  readonly name?: string;
  /** serialized public key (tag + raw) */
  readonly publicKey: Uint8Array;
  readonly balance: bigint;
}

export interface GenesisValidator {
  readonly name?: string;
  readonly publicKey: Uint8Array;
  /** account balance besides the stake */
  readonly balance: bigint;
  /** bonded amount (motes) */
  readonly stake: bigint;
  /** delegation rate, percent (0..=100) */
  readonly delegationRate: number;
}

export interface GenesisSpec {
  readonly chainName: string;
  readonly accounts: readonly GenesisAccount[];
  readonly validators: readonly GenesisValidator[];
  /** the proposer whose main purse receives fees (an account of `accounts`) */
  readonly proposer: Uint8Array;
  readonly roundSeigniorageRate: readonly [bigint, bigint];
  readonly protocolVersion: ProtocolVersion;
  /** genesis time, ms since the Unix epoch */
  readonly timestamp: bigint;
  /** the auction's chainspec values (validator slots, delays, locked funds period) */
  readonly auction: AuctionGenesisConfig;
}

/** The installer handed to each system contract (and to the auction of issue 4). */
export interface EngineGenesisInstaller extends GenesisInstaller {
  readonly spec: GenesisSpec;
  readonly addressGenerator: AddressGenerator;
}

/** Genesis config hash: blake2b of the chain name and the funded keys, so different setups get different addresses. */
function genesisConfigHash(spec: GenesisSpec): Uint8Array {
  const w = new ByteWriter(256);
  w.string(spec.chainName);
  for (const a of spec.accounts) w.raw(a.publicKey).bigUint(a.balance, 64);
  for (const v of spec.validators) w.raw(v.publicKey).bigUint(v.balance, 64).bigUint(v.stake, 64).u8(v.delegationRate);
  return blake2b256(utf8Encode("casper-as genesis"), w.toBytes());
}

export interface GenesisResult {
  /** registry name -> contract hash */
  readonly systemContracts: ReadonlyMap<string, Uint8Array>;
  readonly totalSupply: bigint;
}

export function installGenesis(state: GlobalState, spec: GenesisSpec, system: SystemContracts): GenesisResult {
  const gen = new AddressGenerator(genesisConfigHash(spec), Phase.System);
  const writes: [Key, StoredValue][] = [];
  const write = (key: Key, value: StoredValue) => writes.push([key, value]);
  const registry = new Map<string, Uint8Array>();
  let totalSupply = 0n;

  // the system account: its purse is the all-zero address (genesis.rs GenesisInstaller::new)
  write(accountKey(SYSTEM_ACCOUNT_HASH), { kind: "Account", account: createAccount(SYSTEM_ACCOUNT_HASH, { addr: new Uint8Array(32), rights: AccessRights.READ_ADD_WRITE }) });

  const createPurse = (balance: bigint): URef => {
    const addr = gen.createAddress();
    write(balanceKey(addr), { kind: "CLValue", value: clv.u512(balance) });
    const purse: URef = { addr, rights: AccessRights.READ_ADD_WRITE };
    write(urefKey(purse), { kind: "CLValue", value: clv.unit() });
    totalSupply += balance;
    return purse;
  };

  let paymentPurse: URef = { addr: new Uint8Array(32), rights: AccessRights.READ_ADD_WRITE };
  const installer: EngineGenesisInstaller = {
    spec,
    addressGenerator: gen,
    get paymentPurse() {
      return paymentPurse;
    },
    roundSeigniorageRate: spec.roundSeigniorageRate,
    validators: spec.validators,
    auction: spec.auction,
    timestamp: spec.timestamp,
    createPurse,
    newURef(value: CLValue): URef {
      const u = gen.newURef(AccessRights.READ_ADD_WRITE);
      write(urefKey(u), { kind: "CLValue", value });
      return u;
    },
    write,
    contractHash: (name: string) => registry.get(name),
  };

  const storeContract = (sys: SystemContract) => {
    const namedKeys = sys.install(installer);
    const accessKey = gen.newURef(AccessRights.READ_ADD_WRITE);
    const wasmHash = gen.newHashAddress();
    const contractHash = gen.newHashAddress();
    const packageHash = gen.newHashAddress();
    const contract: Contract = {
      contractPackageHash: packageHash,
      contractWasmHash: wasmHash,
      namedKeys,
      entryPoints: toEntryPointsMap(sys.entryPoints()),
      protocolVersion: spec.protocolVersion,
    };
    const pkg: ContractPackage = {
      accessKey,
      versions: [{ major: spec.protocolVersion.major, version: 1, contractHash }],
      disabledVersions: [],
      groups: new Map(),
      locked: false,
    };
    write(hashKey(wasmHash), { kind: "ContractWasm", wasm: new Uint8Array(0) });
    write(hashKey(contractHash), { kind: "Contract", contract });
    write(hashKey(packageHash), { kind: "ContractPackage", pkg });
    registry.set(sys.name, contractHash);
  };

  const require = (name: string) => {
    const c = system.byName(name);
    if (!c) throw new Error(`genesis: no "${name}" system contract`);
    return c;
  };

  storeContract(require("mint"));
  paymentPurse = createPurse(0n);
  for (const a of [...spec.accounts, ...spec.validators]) {
    const hash = accountHashOf(a.publicKey);
    write(accountKey(hash), { kind: "Account", account: createAccount(hash, createPurse(a.balance)) });
  }
  // the system account gets its own main purse (GenesisAccount::system(), created last among accounts)
  write(accountKey(SYSTEM_ACCOUNT_HASH), { kind: "Account", account: createAccount(SYSTEM_ACCOUNT_HASH, createPurse(0n)) });
  storeContract(require("auction"));
  storeContract(require("handle payment"));
  storeContract(require("standard payment"));

  // the mint's total_supply: what genesis put in purses
  const mint = writes.find(([k, v]) => k.tag === 1 && v.kind === "Contract" && toHex(k.data) === toHex(registry.get("mint")!))!;
  const supplyKey = (mint[1] as Extract<StoredValue, { kind: "Contract" }>).contract.namedKeys.get("total_supply")!;
  write(supplyKey, { kind: "CLValue", value: clv.u512(totalSupply) });

  write(systemContractRegistryKey, { kind: "CLValue", value: registryCLValue(registry) });
  state.commit(new Map(writes.map(([key, value]) => [keyId(key), { key, value }])));
  return { systemContracts: registry, totalSupply };
}

/** BTreeMap<String, ContractHash> as a CLValue (Map(String, ByteArray(32)), names sorted). */
export function registryCLValue(registry: ReadonlyMap<string, Uint8Array>): CLValue {
  const names = [...registry.keys()].sort();
  const w = new ByteWriter(64 * names.length);
  w.u32(names.length);
  for (const n of names) w.string(n).raw(registry.get(n)!);
  return { clType: clMap(CLT.String, clByteArray(32)), bytes: w.toBytes() };
}
