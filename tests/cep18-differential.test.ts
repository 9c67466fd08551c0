// The AssemblyScript CEP-18 (assembly/standards/cep18) against Casper's Rust CEP-18 v1.1.0 (the
// casper-cep18-js-client@1.0.3 build of casper-ecosystem/cep18 6ec9d34), deploy by deploy.
//
// One sequence of deploys (SEQUENCE below: every entry point, every security role, every user error,
// allowance edge cases, zero amounts, self-transfers, amounts near U256::MAX, bad args, calls from session
// code, from another contract and from stored session code, a second init, the upgrade, installs that fail)
// runs in separate engines against each token. After every deploy the test takes an observation of each
// world: the outcome (success, or the error kind and message: `User error: 60001`, `ApiError::...`),
// the return value, every holder's balance and security badge and every pair's allowance read through
// dictionary queries (present or absent), the contract's named keys with their values, the CES events
// (`__events` items and `__events_length`), the test contract's stored `result`, the installer's named keys
// and the package's versions. World-specific hashes (the token's contract and package) are replaced by
// names; everything else must be equal.
//
// Protocols. The Rust build's casper-contract 1.x reads the new contract hash's length from
// add_contract_version's bytes_written, which casper-node 2.0 never writes (2.0.0
// execution_engine/src/runtime/externals.rs AddContractVersion): it cannot install on 2.0 (ApiError 17,
// tests/rust-cep18.test.ts). So the Rust comparison runs on 1.5.8, and on 2.0.0 our two builds (cep18.wasm,
// which runs on both protocols, and the Casper 2.x build cep18_2x.wasm) run the same sequence and must
// observe what ours observed on 1.5.8, step for step, but for the step a 2.0 rule changes, which the test
// names: a Session (Caller) entry point of a stored contract calling the token is StoredSession {account}
// on 1.5.8 (v1.5.8 execution_engine/src/core/runtime/mod.rs execute_contract) and a contract call like any
// other on 2.0 (2.0 runtime/mod.rs execute_contract pushes Caller::SmartContract for every call, read as
// StoredContract {package}); cep18 utils.rs call_stack_element_to_address then names the account on 1.5.8
// and the calling package on 2.0.
import sdk from "casper-js-sdk";
import { blake2b } from "@noble/hashes/blake2b";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { formatKey, keyAsURef } from "../host/bytesrepr/key.ts";
import { dictionaryAddress, unwrapDictionaryValue } from "../host/runtime/context.ts";
import { clTypeToString } from "../host/bytesrepr/cl-type.ts";
import { cep18Wasm } from "./helpers/rust-contracts.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { classContract } from "./helpers/class-contracts.ts";
import { compileModule } from "./helpers/as-build.ts";

const { CLValue, Key } = sdk;
type SdkCLValue = InstanceType<typeof CLValue>;

const CSPR = 1_000_000_000n;
const MAX = 2n ** 256n - 1n;
const NAME = "DiffToken";
const SUPPLY = 10n ** 24n;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** One engine with one token installed by alice, and the test contract. */
interface World {
  readonly label: string;
  readonly engine: Engine;
  readonly wasm: Uint8Array;
  /** hash-… of the token's current version, and of its package */
  token: string;
  tokenPackage: string;
  /** hash-… of the test contract's package and contract */
  testPackage: string;
  testContract: string;
  /** every contract hash the token had, for the names in observations */
  tokenVersions: string[];
}

const ACCOUNTS = ["alice", "bob", "carol", "dave", "erin"] as const;
type Holder = (typeof ACCOUNTS)[number] | "testPackage" | "aliceAsHash" | "owner42" | "hash42" | "uref";

/** The Key of a holder in world `w` (an account, the test contract's package, and Keys nobody controls). */
function holderKey(w: World, h: Holder): SdkCLValue {
  switch (h) {
    case "testPackage":
      return CLValue.newCLKey(Key.newKey(w.testPackage));
    case "aliceAsHash": // cep18 tests invert_cep18_address: Key::Hash with an account's bytes
      return CLValue.newCLKey(Key.newKey(`hash-${w.engine.account("alice").accountHash.slice(13)}`));
    case "owner42": // tests/src/utility/constants.rs TOKEN_OWNER_ADDRESS_1 / _2
      return CLValue.newCLKey(Key.newKey(`account-hash-${"2a".repeat(32)}`));
    case "hash42":
      return CLValue.newCLKey(Key.newKey(`hash-${"2a".repeat(32)}`));
    case "uref": // a recipient that is neither an account nor a contract: the Rust token takes any Key
      return CLValue.newCLKey(Key.newKey(`uref-${"07".repeat(32)}-007`));
    default:
      return CLValue.newCLKey(Key.newKey(w.engine.account(h).accountHash));
  }
}
const HOLDERS: Holder[] = [...ACCOUNTS, "testPackage", "aliceAsHash", "owner42", "hash42", "uref"];

const u256 = (n: bigint) => CLValue.newCLUInt256(n);
const keyList = (w: World, hs: Holder[]) => CLValue.newCLList(sdk.CLTypeKey, hs.map((h) => holderKey(w, h)));
const bytesOf = (v: SdkCLValue) => Buffer.from(v.bytes());

/** A deploy of the sequence: what it does in world `w`. */
interface Step {
  readonly what: string;
  readonly run: (w: World) => ExecutionResult;
  /** a 2.0 rule changes this step's outcome: it runs on a copy of the state, which is then put back */
  readonly protocolSensitive?: string;
}

const PAY = 10n * CSPR;
const call = (from: string, entryPoint: string, args: (w: World) => Record<string, SdkCLValue> = () => ({})) => (w: World) =>
  w.engine.callByHash(from, w.token, entryPoint, args(w), { payment: PAY });
const viaTestContract = (entryPoint: string, args: (w: World) => Record<string, SdkCLValue>) => (w: World) =>
  w.engine.callVersionedByHash("alice", w.testPackage, entryPoint, { token_contract: CLValue.newCLKey(Key.newKey(w.token)), ...args(w) }, undefined, { payment: PAY });
/** A call of carol's second token, "Plain" (installed by the sequence). */
const callPlain = (from: string, entryPoint: string, args: (w: World) => Record<string, SdkCLValue> = () => ({})) => (w: World) =>
  w.engine.callByHash(from, w.engine.account("carol").namedKeys.cep18_contract_hash_Plain, entryPoint, args(w), { payment: PAY });
const install = (from: string, args: (w: World) => Record<string, SdkCLValue>) => (w: World) => w.engine.runSession(from, w.wasm, args(w), { payment: 600n * CSPR });

const installArgs = (extra: Record<string, SdkCLValue> = {}) => ({
  name: CLValue.newCLString(NAME),
  symbol: CLValue.newCLString("DIFF"),
  decimals: CLValue.newCLUint8(9),
  total_supply: u256(SUPPLY),
  ...extra,
});

let sessionWasm: Uint8Array;
let testContractWasm: Uint8Array;
const viaSession = (from: string, entryPoint: string, args: (w: World) => Record<string, SdkCLValue>) => (w: World) =>
  w.engine.runSession(from, sessionWasm, { token_contract: CLValue.newCLKey(Key.newKey(w.token)), entry_point: CLValue.newCLString(entryPoint), ...args(w) }, { payment: PAY });

const h = (name: Holder) => (w: World) => holderKey(w, name);

/** The sequence: at least 50 deploys, each compared in every world. */
const SEQUENCE: Step[] = [
  // ---- read-only entry points and their return values
  { what: "name", run: call("bob", "name") },
  { what: "symbol", run: call("bob", "symbol") },
  { what: "decimals", run: call("bob", "decimals") },
  { what: "total_supply", run: call("bob", "total_supply") },
  { what: "balance_of alice", run: call("bob", "balance_of", (w) => ({ address: h("alice")(w) })) },
  { what: "balance_of: address missing -> MissingArgument", run: call("bob", "balance_of") },
  { what: "balance_of: address not a Key -> InvalidArgument", run: call("bob", "balance_of", () => ({ address: u256(1n) })) },
  { what: "check_total_supply from the test contract", run: viaTestContract("check_total_supply", () => ({})) },
  { what: "check_balance_of alice from the test contract", run: viaTestContract("check_balance_of", (w) => ({ address: h("alice")(w) })) },
  // ---- transfer
  { what: "transfer alice -> bob 1000", run: call("alice", "transfer", (w) => ({ recipient: h("bob")(w), amount: u256(1000n) })) },
  { what: "transfer to oneself -> CannotTargetSelfUser", run: call("bob", "transfer", (w) => ({ recipient: h("bob")(w), amount: u256(1n) })) },
  { what: "transfer to oneself without an amount -> CannotTargetSelfUser (checked before the amount is read)", run: call("bob", "transfer", (w) => ({ recipient: h("bob")(w) })) },
  { what: "transfer more than the balance -> InsufficientBalance", run: call("bob", "transfer", (w) => ({ recipient: h("alice")(w), amount: u256(1001n) })) },
  { what: "transfer 0 to carol (an event, no balance written)", run: call("alice", "transfer", (w) => ({ recipient: h("carol")(w), amount: u256(0n) })) },
  { what: "transfer: amount missing", run: call("bob", "transfer", (w) => ({ recipient: h("alice")(w) })) },
  { what: "transfer: amount a String", run: call("bob", "transfer", (w) => ({ recipient: h("alice")(w), amount: CLValue.newCLString("1") })) },
  { what: "transfer: amount a U512", run: call("bob", "transfer", (w) => ({ recipient: h("alice")(w), amount: CLValue.newCLUInt512(1n) })) },
  { what: "transfer: recipient a U256", run: call("bob", "transfer", () => ({ recipient: u256(1n), amount: u256(1n) })) },
  { what: "transfer: recipient missing", run: call("bob", "transfer", () => ({ amount: u256(1n) })) },
  { what: "transfer to a URef Key (neither account nor contract)", run: call("alice", "transfer", (w) => ({ recipient: h("uref")(w), amount: u256(5n) })) },
  { what: "transfer to a Key::Hash with alice's bytes", run: call("alice", "transfer", (w) => ({ recipient: h("aliceAsHash")(w), amount: u256(6n) })) },
  { what: "transfer to the test contract's package", run: call("alice", "transfer", (w) => ({ recipient: h("testPackage")(w), amount: u256(500n) })) },
  { what: "transfer_as_stored_contract: the package pays dave 100", run: viaTestContract("transfer_as_stored_contract", (w) => ({ recipient: h("dave")(w), amount: u256(100n) })) },
  { what: "transfer_as_stored_contract: more than the package holds", run: viaTestContract("transfer_as_stored_contract", (w) => ({ recipient: h("dave")(w), amount: u256(401n) })) },
  { what: "session code: bob's session transfers 7 to erin", run: viaSession("bob", "transfer", (w) => ({ recipient: h("erin")(w), amount: u256(7n) })) },
  { what: "session code: bob's session transfers more than he has", run: viaSession("bob", "transfer", (w) => ({ recipient: h("erin")(w), amount: u256(10_000n) })) },
  {
    what: "transfer_as_stored_session: alice calls a Session entry point that transfers 3 to dave",
    run: viaTestContract("transfer_as_stored_session", (w) => ({ recipient: h("dave")(w), amount: u256(3n) })),
    protocolSensitive: "1.5.8 pushes StoredSession {account}: alice pays; 2.0 pushes a contract call: the test package pays",
  },
  // ---- allowances
  { what: "approve alice -> carol 500", run: call("alice", "approve", (w) => ({ spender: h("carol")(w), amount: u256(500n) })) },
  { what: "approve oneself -> CannotTargetSelfUser", run: call("alice", "approve", (w) => ({ spender: h("alice")(w), amount: u256(1n) })) },
  { what: "approve oneself without an amount -> CannotTargetSelfUser first", run: call("alice", "approve", (w) => ({ spender: h("alice")(w) })) },
  { what: "approve: amount missing", run: call("alice", "approve", (w) => ({ spender: h("bob")(w) })) },
  { what: "allowance alice/carol", run: call("bob", "allowance", (w) => ({ owner: h("alice")(w), spender: h("carol")(w) })) },
  { what: "allowance: spender missing and owner not a Key -> the spender is read first", run: call("bob", "allowance", () => ({ owner: u256(1n) })) },
  { what: "check_allowance_of alice/carol from the test contract", run: viaTestContract("check_allowance_of", (w) => ({ owner: h("alice")(w), spender: h("carol")(w) })) },
  { what: "increase_allowance carol +50", run: call("alice", "increase_allowance", (w) => ({ spender: h("carol")(w), amount: u256(50n) })) },
  { what: "increase_allowance oneself -> CannotTargetSelfUser", run: call("alice", "increase_allowance", (w) => ({ spender: h("alice")(w), amount: u256(50n) })) },
  { what: "approve bob -> dave U256::MAX - 1", run: call("bob", "approve", (w) => ({ spender: h("dave")(w), amount: u256(MAX - 1n) })) },
  { what: "increase_allowance bob/dave +10 saturates at U256::MAX", run: call("bob", "increase_allowance", (w) => ({ spender: h("dave")(w), amount: u256(10n) })) },
  { what: "decrease_allowance alice/carol by 10^9 saturates at 0", run: call("alice", "decrease_allowance", (w) => ({ spender: h("carol")(w), amount: u256(10n ** 9n) })) },
  { what: "decrease_allowance oneself -> CannotTargetSelfUser", run: call("alice", "decrease_allowance", (w) => ({ spender: h("alice")(w), amount: u256(1n) })) },
  { what: "decrease_allowance of a pair never approved (0 stays 0, written)", run: call("erin", "decrease_allowance", (w) => ({ spender: h("bob")(w), amount: u256(1n) })) },
  { what: "approve alice -> carol 300", run: call("alice", "approve", (w) => ({ spender: h("carol")(w), amount: u256(300n) })) },
  { what: "transfer_from carol: alice -> dave 200", run: call("carol", "transfer_from", (w) => ({ owner: h("alice")(w), recipient: h("dave")(w), amount: u256(200n) })) },
  { what: "transfer_from beyond the allowance -> InsufficientAllowance", run: call("carol", "transfer_from", (w) => ({ owner: h("alice")(w), recipient: h("dave")(w), amount: u256(101n) })) },
  { what: "transfer_from to the owner -> CannotTargetSelfUser", run: call("carol", "transfer_from", (w) => ({ owner: h("alice")(w), recipient: h("alice")(w), amount: u256(1n) })) },
  { what: "transfer_from of 0 without an allowance: returns early, no event", run: call("erin", "transfer_from", (w) => ({ owner: h("alice")(w), recipient: h("erin")(w), amount: u256(0n) })) },
  { what: "transfer_from: the spender as recipient", run: call("carol", "transfer_from", (w) => ({ owner: h("alice")(w), recipient: h("carol")(w), amount: u256(100n) })) },
  { what: "transfer_from: owner missing", run: call("carol", "transfer_from", (w) => ({ recipient: h("dave")(w), amount: u256(1n) })) },
  { what: "approve alice -> the test package 50", run: call("alice", "approve", (w) => ({ spender: h("testPackage")(w), amount: u256(50n) })) },
  { what: "transfer_from_as_stored_contract: the package spends alice's allowance", run: viaTestContract("transfer_from_as_stored_contract", (w) => ({ owner: h("alice")(w), recipient: h("bob")(w), amount: u256(20n) })) },
  { what: "approve_as_stored_contract: the package lets bob spend 10", run: viaTestContract("approve_as_stored_contract", (w) => ({ spender: h("bob")(w), amount: u256(10n) })) },
  { what: "transfer_from bob: from the package to carol", run: call("bob", "transfer_from", (w) => ({ owner: h("testPackage")(w), recipient: h("carol")(w), amount: u256(10n) })) },
  { what: "bob approves carol 10^30", run: call("bob", "approve", (w) => ({ spender: h("carol")(w), amount: u256(10n ** 30n) })) },
  { what: "transfer_from with an allowance above the balance -> InsufficientBalance", run: call("carol", "transfer_from", (w) => ({ owner: h("bob")(w), recipient: h("dave")(w), amount: u256(10n ** 20n) })) },
  { what: "session code: carol's session spends bob's allowance", run: viaSession("carol", "transfer_from", (w) => ({ owner: h("bob")(w), recipient: h("erin")(w), amount: u256(1n) })) },
  // ---- mint, burn, security
  { what: "mint by the admin (alice) to bob", run: call("alice", "mint", (w) => ({ owner: h("bob")(w), amount: u256(1000n) })) },
  { what: "mint by bob (no badge) -> InsufficientRights", run: call("bob", "mint", (w) => ({ owner: h("bob")(w), amount: u256(1n) })) },
  { what: "mint by bob without args -> InsufficientRights before the args", run: call("bob", "mint") },
  { what: "mint by carol (a minter from the install's minter_list)", run: call("carol", "mint", (w) => ({ owner: h("carol")(w), amount: u256(5n) })) },
  { what: "mint by dave (an admin from the install's admin_list)", run: call("dave", "mint", (w) => ({ owner: h("hash42")(w), amount: u256(2_000_000n) })) },
  { what: "mint: amount missing", run: call("alice", "mint", (w) => ({ owner: h("bob")(w) })) },
  { what: "mint U256::MAX to bob -> Overflow (his balance)", run: call("alice", "mint", (w) => ({ owner: h("bob")(w), amount: u256(MAX) })) },
  { what: "mint up to a total supply of U256::MAX", run: (w) => call("alice", "mint", () => ({ owner: h("owner42")(w), amount: u256(MAX - totalSupply(w)) }))(w) },
  { what: "mint 1 to a fresh holder -> Overflow (the total supply)", run: call("alice", "mint", (w) => ({ owner: h("erin")(w), amount: u256(1n) })) },
  { what: "burn someone else's tokens -> InvalidBurnTarget", run: call("bob", "burn", (w) => ({ owner: h("alice")(w), amount: u256(1n) })) },
  { what: "burn more than one has -> InsufficientBalance", run: call("bob", "burn", (w) => ({ owner: h("bob")(w), amount: u256(10n ** 12n) })) },
  { what: "burn 7 of one's own", run: call("bob", "burn", (w) => ({ owner: h("bob")(w), amount: u256(7n) })) },
  { what: "burn: owner missing", run: call("bob", "burn", () => ({ amount: u256(1n) })) },
  { what: "change_security by bob (no badge) -> InsufficientRights", run: call("bob", "change_security", (w) => ({ admin_list: keyList(w, ["bob"]) })) },
  { what: "change_security by carol (a minter) -> InsufficientRights", run: call("carol", "change_security", (w) => ({ admin_list: keyList(w, ["carol"]) })) },
  {
    what: "change_security by alice: bob minter and admin (admin wins), carol none, herself left out",
    run: call("alice", "change_security", (w) => ({ minter_list: keyList(w, ["bob", "erin"]), admin_list: keyList(w, ["bob", "alice"]), none_list: keyList(w, ["carol"]) })),
  },
  { what: "mint by carol, now none -> InsufficientRights", run: call("carol", "mint", (w) => ({ owner: h("carol")(w), amount: u256(1n) })) },
  { what: "mint by bob, now an admin (the burn left room under U256::MAX)", run: call("bob", "mint", (w) => ({ owner: h("bob")(w), amount: u256(7n) })) },
  { what: "change_security: admin_list a U256 -> InvalidAdminList", run: call("alice", "change_security", () => ({ admin_list: u256(1n) })) },
  { what: "change_security: minter_list a String -> InvalidMinterList", run: call("alice", "change_security", () => ({ minter_list: CLValue.newCLString("x") })) },
  { what: "change_security: none_list a u8 -> InvalidNoneList", run: call("alice", "change_security", () => ({ none_list: CLValue.newCLUint8(1) })) },
  { what: "change_security: an empty admin_list (just the caller's own removal: an empty map)", run: call("alice", "change_security", () => ({ admin_list: CLValue.newCLList(sdk.CLTypeKey, []) })) },
  { what: "change_security by erin (a minter) -> InsufficientRights", run: call("erin", "change_security", (w) => ({ none_list: keyList(w, ["alice"]) })) },
  { what: "change_security by dave: alice none; an admin may remove another", run: call("dave", "change_security", (w) => ({ none_list: keyList(w, ["alice", "testPackage"]) })) },
  { what: "mint by alice, now none -> InsufficientRights", run: call("alice", "mint", (w) => ({ owner: h("alice")(w), amount: u256(1n) })) },
  // ---- init again, unknown entry point
  { what: "init called again -> AlreadyInitialized", run: call("alice", "init", (w) => ({ package_hash: CLValue.newCLKey(Key.newKey(w.tokenPackage)), total_supply: u256(1n) })) },
  { what: "init called again without args -> AlreadyInitialized before the args", run: call("bob", "init") },
  { what: "an entry point the token does not have", run: call("bob", "approve_all") },
  // ---- the upgrade path and installs that fail
  { what: "upgrade: alice runs the installer again under the same name", run: install("alice", () => installArgs()) },
  { what: "transfer through the upgraded version", run: call("bob", "transfer", (w) => ({ recipient: h("carol")(w), amount: u256(1n) })) },
  { what: "upgrade: the name missing", run: install("alice", () => ({ symbol: CLValue.newCLString("X") })) },
  { what: "install by bob: total_supply missing", run: install("bob", () => ({ name: CLValue.newCLString("Other"), symbol: CLValue.newCLString("O"), decimals: CLValue.newCLUint8(0) })) },
  { what: "install by bob: decimals a U32", run: install("bob", () => ({ ...installArgs(), name: CLValue.newCLString("Other"), decimals: CLValue.newCLUInt32(9) })) },
  { what: "install by bob: events_mode 7 -> InvalidEventsMode from init", run: install("bob", () => installArgs({ name: CLValue.newCLString("Other"), events_mode: CLValue.newCLUint8(7) })) },
  { what: "install by bob: events_mode a String", run: install("bob", () => installArgs({ name: CLValue.newCLString("Other"), events_mode: CLValue.newCLString("1") })) },
  { what: "install by bob: admin_list a Key", run: (w) => install("bob", () => installArgs({ name: CLValue.newCLString("Other"), admin_list: h("bob")(w) }))(w) },
  { what: "install by bob: minter_list a U256", run: install("bob", () => installArgs({ name: CLValue.newCLString("Other"), minter_list: u256(0n) })) },
  { what: "install by erin: enable_mint_burn a bool (one byte 1: a valid u8)", run: install("erin", () => installArgs({ name: CLValue.newCLString("Fourth"), enable_mint_burn: CLValue.newCLValueBool(true) })) },
  { what: "install by carol: a token with only the required args (no events, no mint and burn)", run: install("carol", () => installArgs({ name: CLValue.newCLString("Plain") })) },
  { what: "mint on the plain token -> MintBurnDisabled", run: callPlain("carol", "mint", (w) => ({ owner: h("carol")(w), amount: u256(1n) })) },
  { what: "burn on the plain token -> MintBurnDisabled before the args", run: callPlain("carol", "burn") },
  { what: "change_security on the plain token -> MintBurnDisabled", run: callPlain("carol", "change_security", (w) => ({ admin_list: keyList(w, ["bob"]) })) },
  { what: "transfer on the plain token (no events)", run: callPlain("carol", "transfer", (w) => ({ recipient: h("bob")(w), amount: u256(1n) })) },
  { what: "install by bob: enable_mint_burn a String", run: install("bob", () => installArgs({ name: CLValue.newCLString("Other"), enable_mint_burn: CLValue.newCLString("1") })) },
];

function totalSupply(w: World): bigint {
  return BigInt(w.engine.value(w.token, ["total_supply"]).toString());
}

/** Replaces the world's own hashes by names, so observations of two worlds compare. */
function normalizer(w: World): (text: string) => string {
  const names = new Map<string, string>([[w.tokenPackage.slice(5), "<token package>"]]);
  w.tokenVersions.forEach((c, i) => names.set(c.slice(5), `<token v${i + 1}>`));
  return (text) => {
    let out = text;
    for (const [hexText, name] of names) out = out.split(hexText).join(name);
    return out;
  };
}

/** The dictionary item keys of the holders (base64 of the Key: balances.rs) and of each pair (hex of blake2b: allowances.rs). */
const itemKeyCache = new WeakMap<World, { holders: [string, string][]; pairs: [string, string][] }>();
function itemKeys(w: World) {
  let cached = itemKeyCache.get(w);
  if (!cached) {
    const keys = HOLDERS.map((x) => [x, bytesOf(holderKey(w, x))] as const);
    cached = {
      holders: keys.map(([name, k]) => [name, k.toString("base64")]),
      pairs: keys.flatMap(([o, ok]) => keys.map(([s, sk]) => [`${o}/${s}`, Buffer.from(blake2b256(Buffer.concat([ok, sk]))).toString("hex")] as [string, string])),
    };
    itemKeyCache.set(w, cached);
  }
  return cached;
}

/** Everything a step may have changed, as text. */
function observe(w: World, r: ExecutionResult): Record<string, unknown> {
  const e = w.engine;
  const norm = normalizer(w);
  // a dictionary item as the node's state query reads it (runtime/context.ts dictionaryAddress), absent or CLType:bytes
  const seeds = new Map<string, Uint8Array>();
  const dict = (dictionary: string, item: string, token = w.token): string => {
    let seed = seeds.get(`${token}/${dictionary}`);
    if (!seed) {
      seed = keyAsURef(e.namedKey(token, dictionary))!.addr;
      seeds.set(`${token}/${dictionary}`, seed);
    }
    const stored = e.state.read(dictionaryAddress(seed, Buffer.from(item)));
    if (!stored) return "absent";
    const v = unwrapDictionaryValue(stored);
    if (v.kind !== "CLValue") throw new Error(`${dictionary}/${item} holds a ${v.kind}`);
    return `${clTypeToString(v.value.clType)}:${hex(v.value.bytes)}`;
  };
  const items = itemKeys(w);
  const balances = Object.fromEntries(items.holders.map(([name, item]) => [name, dict("balances", item)]));
  const badges = Object.fromEntries(items.holders.map(([name, item]) => [name, dict("security_badges", item)]));
  const allowances: Record<string, string> = {};
  for (const [pair, item] of items.pairs) {
    const v = dict("allowances", item);
    if (v !== "absent") allowances[pair] = v;
  }
  const named: Record<string, string> = {};
  for (const [name, key] of e.namedKeys(w.token)) {
    if (["balances", "allowances", "security_badges", "__events"].includes(name)) named[name] = "dictionary";
    else if (key.tag === 2 /* URef */) {
      const v = e.value(formatKey(key));
      named[name] = `${v.type.toString()}:${hex(v.bytes())}`;
    } else named[name] = norm(formatKey(key));
  }
  const events: string[] = [];
  if (named.__events_length) {
    const n = Number(e.value(w.token, ["__events_length"]).toString());
    for (let i = 0; i < n; i++) events.push(norm(hex(e.dictionaryItem(w.token, String(i), "__events").bytes())));
  }
  const installer = Object.fromEntries(
    Object.entries(e.account("alice").namedKeys)
      .filter(([name]) => name.startsWith("cep18_"))
      .map(([name, key]) => [name, key.startsWith("uref-") ? `${e.value(key).type.toString()}:${hex(e.value(key).bytes())}` : norm(key)]),
  );
  const pkg = e.contractPackage(w.tokenPackage);
  let result = "absent";
  try {
    const v = e.value(w.testContract, ["result"]);
    result = `${v.type.toString()}:${hex(v.bytes())}`;
  } catch {
    // not written yet
  }
  // carol's second token, once the sequence installed it: its named keys and balances
  const plainToken = e.account("carol").namedKeys.cep18_contract_hash_Plain;
  const plain = plainToken
    ? {
        named: [...e.namedKeys(plainToken).keys()].sort(),
        balances: Object.fromEntries(items.holders.map(([name, item]) => [name, dict("balances", item, plainToken)])),
        total_supply: e.value(plainToken, ["total_supply"]).toString(),
      }
    : null;
  return {
    plain,
    outcome: r.success ? "success" : `${r.error!.kind}: ${norm(r.error!.message)}`,
    returned: r.returned ? `${clTypeToString(r.returned.clType)}:${hex(r.returned.bytes)}` : null,
    balances,
    badges,
    allowances,
    named,
    events,
    installer,
    versions: pkg.versions.map((v) => `${v.version}:${norm(hex(v.contractHash))}`),
    disabled: pkg.disabledVersions.map((v) => v.version),
    result,
  };
}

const blake2b256 = (b: Uint8Array) => blake2b(b, { dkLen: 32 });

/** A world: the engine, the token installed by alice (events on, mint and burn on, carol a minter, dave an admin), the test contract. */
function world(label: string, protocol: "1.5.8" | "2.0.0", wasm: Uint8Array): World {
  const engine = new Engine({ protocol });
  const key = (name: string) => CLValue.newCLKey(Key.newKey(engine.account(name).accountHash));
  const args = installArgs({
    events_mode: CLValue.newCLUint8(1),
    enable_mint_burn: CLValue.newCLUint8(1),
    minter_list: CLValue.newCLList(sdk.CLTypeKey, [key("carol")]),
    admin_list: CLValue.newCLList(sdk.CLTypeKey, [key("dave")]),
  });
  engine.runSession("alice", wasm, args, { payment: 600n * CSPR }).expectSuccess();
  engine.runSession("alice", testContractWasm, {}, { payment: 100n * CSPR }).expectSuccess();
  const named = engine.account("alice").namedKeys;
  const testPackage = named.cep18_test_contract;
  const pkg = engine.contractPackage(testPackage);
  const w: World = {
    label,
    engine,
    wasm,
    token: named[`cep18_contract_hash_${NAME}`],
    tokenPackage: named[`cep18_contract_package_${NAME}`],
    testPackage,
    testContract: `hash-${hex(pkg.versions[pkg.versions.length - 1].contractHash)}`,
    tokenVersions: [],
  };
  w.tokenVersions.push(w.token);
  return w;
}

/** Runs step `s` in `w`, following an upgrade to the new contract hash; returns its observation. */
function step(w: World, s: Step): Record<string, unknown> {
  const r = s.run(w);
  const current = w.engine.account("alice").namedKeys[`cep18_contract_hash_${NAME}`];
  if (current !== w.token) {
    w.token = current;
    w.tokenVersions.push(current);
  }
  return observe(w, r);
}

describe("CEP-18: ours and Rust's, deploy by deploy", () => {
  const runs: Record<string, Record<string, unknown>[]> = {};
  let entryPoints: Record<string, string[]> = {};

  beforeAll(async () => {
    sessionWasm = await compileModule("tests/contracts/cep18_session.ts");
    testContractWasm = (await classContract("tests/contracts/cep18_test_contract.ts")).wasm;
    const worlds = [
      world("rust 1.5.8", "1.5.8", cep18Wasm()),
      world("ours 1.5.8", "1.5.8", artifact("cep18")),
      world("ours 2.0.0", "2.0.0", artifact("cep18")),
      world("ours (2.x build) 2.0.0", "2.0.0", artifact("cep18_2x")),
    ];
    entryPoints = Object.fromEntries(
      worlds.map((w) => [
        w.label,
        [...w.engine.entryPoints(w.token).values()].map(
          (ep) => `${ep.name}(${ep.args.map((a) => `${a.name}: ${clTypeToString(a.clType)}`).join(", ")}) -> ${clTypeToString(ep.ret)} ${ep.access.kind} ${ep.entryPointType}`,
        ),
      ]),
    );
    for (const w of worlds) runs[w.label] = [observe(w, w.engine.callByHash("bob", w.token, "name", {}, { payment: PAY }))];
    for (const s of SEQUENCE) {
      for (const w of worlds) {
        if (s.protocolSensitive) {
          const saved = w.engine.snapshot();
          runs[w.label].push(step(w, s));
          w.engine.restore(saved);
        } else runs[w.label].push(step(w, s));
      }
    }
  }, 600_000);

  it(`the sequence has ${SEQUENCE.length} deploys covering every entry point`, () => {
    expect(SEQUENCE.length).toBeGreaterThanOrEqual(50);
  });

  it("the sequence reaches every user error of the Rust token that a deploy can reach, both arg errors, and success", () => {
    const outcomes = new Set(runs["rust 1.5.8"].map((o) => o.outcome as string));
    const codes = [60001, 60002, 60003, 60006, 60010, 60011, 60012, 60013, 60014, 60015, 60016, 60017, 60018];
    for (const c of codes) expect(outcomes).toContain(`Revert: User error: ${c}`);
    expect(outcomes).toContain("Revert: ApiError::MissingArgument [2]");
    expect(outcomes).toContain("Revert: ApiError::InvalidArgument [3]");
    expect(outcomes).toContain("success");
    // and every entry point ran successfully at least once
    const eps = ["init", "name", "symbol", "decimals", "total_supply", "balance_of", "allowance", "approve", "increase_allowance", "decrease_allowance", "transfer", "transfer_from", "mint", "burn", "change_security"];
    for (const ep of eps) {
      const ran = ep === "init" || SEQUENCE.some((s, i) => s.what.split(/[ :]/)[0] === ep && runs["rust 1.5.8"][i + 1].outcome === "success");
      expect({ ep, ran }).toEqual({ ep, ran: true });
    }
  });

  it("a deploy that fails leaves the token's state as it was (bad args, missing args, lacking rights, overflow, a second init, failed installs)", () => {
    const failed: string[] = [];
    for (const label of Object.keys(runs)) {
      const run = runs[label];
      for (let i = 1; i < run.length; i++) {
        if (run[i].outcome === "success" || SEQUENCE[i - 1].protocolSensitive) continue;
        if (label === "rust 1.5.8") failed.push(SEQUENCE[i - 1].what);
        const { outcome: _o, returned: _r, ...after } = run[i];
        // the state before: the last step that kept its effects (a protocol-sensitive step is put back)
        let j = i - 1;
        while (j > 0 && SEQUENCE[j - 1].protocolSensitive) j--;
        const { outcome: _o2, returned: _r2, ...before } = run[j];
        expect({ label, what: SEQUENCE[i - 1].what, ...after }).toEqual({ label, what: SEQUENCE[i - 1].what, ...before });
      }
    }
    expect(failed.length).toBeGreaterThanOrEqual(40);
  });

  it("the step a 2.0 rule changes: a Session entry point's transfer is the account's on 1.5.8, the calling package's on 2.0", () => {
    const i = SEQUENCE.findIndex((s) => s.protocolSensitive) + 1;
    const moved = (label: string) => {
      const before = runs[label][i - 1].balances as Record<string, string>;
      const after = runs[label][i].balances as Record<string, string>;
      return Object.fromEntries(HOLDERS.filter((x) => before[x] !== after[x]).map((x) => [x, [before[x], after[x]]]));
    };
    const rust = moved("rust 1.5.8");
    expect(Object.keys(rust).sort()).toEqual(["alice", "dave"]);
    expect(moved("ours 1.5.8")).toEqual(rust);
    for (const label of ["ours 2.0.0", "ours (2.x build) 2.0.0"]) {
      expect(runs[label][i].outcome).toBe("success");
      expect(Object.keys(moved(label)).sort()).toEqual(["dave", "testPackage"]);
    }
  });

  it("the installed entry point table is Rust's, on both protocols and both builds", () => {
    expect(entryPoints["ours 1.5.8"]).toEqual(entryPoints["rust 1.5.8"]);
    expect(entryPoints["ours 2.0.0"]).toEqual(entryPoints["rust 1.5.8"]);
    expect(entryPoints["ours (2.x build) 2.0.0"]).toEqual(entryPoints["rust 1.5.8"]);
  });

  it("on 1.5.8, every deploy has the same outcome and leaves the same state as with Rust's token", () => {
    const rust = runs["rust 1.5.8"];
    const ours = runs["ours 1.5.8"];
    for (let i = 0; i < rust.length; i++) {
      const what = i === 0 ? "after the install" : `deploy ${i}: ${SEQUENCE[i - 1].what}`;
      expect({ what, ...ours[i] }).toEqual({ what, ...rust[i] });
    }
  });

  it("on 2.0.0, both our builds observe what ours did on 1.5.8, but where a 2.0 rule differs (named)", () => {
    const base = runs["ours 1.5.8"];
    for (const label of ["ours 2.0.0", "ours (2.x build) 2.0.0"]) {
      const run = runs[label];
      for (let i = 0; i < base.length; i++) {
        const s = i === 0 ? undefined : SEQUENCE[i - 1];
        const what = `${label} ${i === 0 ? "after the install" : `deploy ${i}: ${s!.what}`}`;
        if (s?.protocolSensitive) {
          expect({ what, ...run[i] }).not.toEqual({ what, ...base[i] });
          continue;
        }
        expect({ what, ...run[i] }).toEqual({ what, ...base[i] });
      }
    }
  });
});
