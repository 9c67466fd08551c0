// The Rust-built CEP-18 fungible token (casper-cep18-js-client@1.0.3's cep18.wasm = casper-ecosystem/cep18
// v1.1.0, commit 6ec9d34) run unchanged on the local engine: install with the client's args, the named keys
// and dictionaries it creates, transfers, allowances, mint/burn with its security badges, its own user
// errors, CES events, and its upgrade path (a second install with the same name adds a version and disables
// the first). Expectations come from the contract's sources (cep18/src/*.rs) and the client's TS, computed
// here with casper-js-sdk and @noble/hashes, not read back from the engine.
import { blake2b } from "@noble/hashes/blake2b";
import sdk from "casper-js-sdk";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Engine, type EngineSnapshot } from "../host/engine/engine.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { clTypeToString } from "../host/bytesrepr/cl-type.ts";
import { argsBytes } from "./helpers/engine-bytes.ts";
import { contractModule } from "./helpers/engine-contracts.ts";
import { Data } from "./helpers/engine-wat.ts";
import { CEP18_CLIENT, cep18Wasm, packageTarball, untar } from "./helpers/rust-contracts.ts";

const { CLValue, Key } = sdk;
type SdkCLValue = InstanceType<typeof CLValue>;

const CSPR = 1_000_000_000n;
const INSTALL_PAYMENT = 500n * CSPR;
const CALL_PAYMENT = 5n * CSPR; // the client README's payment for transfer/approve

// cep18/src/error.rs (v1.1.0); the client's ERROR_CODES are the same numbers
const ERR = {
  InsufficientBalance: 60001,
  InsufficientAllowance: 60002,
  InsufficientRights: 60010,
  AlreadyInitialized: 60015,
  MintBurnDisabled: 60016,
  CannotTargetSelfUser: 60017,
  InvalidBurnTarget: 60018,
} as const;
// casper-types api_error.rs
const MISSING_ARGUMENT = 2;
const INVALID_ARGUMENT = 3;

const NAME = "CasperAsToken";
const SYMBOL = "CAT";
const DECIMALS = 9;
const SUPPLY = 1_000_000_000_000n;

const bytesOf = (v: SdkCLValue) => Buffer.from(v.bytes());
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("CEP-18 helper: the pinned npm tarball", () => {
  it("yields the 199,540-byte cep18.wasm; a different pinned integrity or a damaged tarball is refused loudly", () => {
    const wasm = cep18Wasm();
    expect(wasm.length).toBe(199_540);
    expect(() => packageTarball({ ...CEP18_CLIENT, integrity: "sha512-AAAA" })).toThrow(/does not match the pinned integrity/);
    expect(() => untar(new Uint8Array([1, 2, 3]))).toThrow();
  });
});

// This build's casper-contract (1.x toolchain) decodes the new contract hash with the length it finds at
// add_contract_version's bytes_written pointer, which a 2.0 node never writes (2.0.0
// execution_engine/src/runtime/externals.rs AddContractVersion): on 2.0 the install reverts, as below.
describe("CEP-18 (Rust, cep18 v1.1.0) on protocol 2.0.0", () => {
  it("the install reverts with ApiError::EarlyEndOfStream [17]: casper_add_contract_version leaves bytes_written unwritten", () => {
    const args = { name: CLValue.newCLString(NAME), symbol: CLValue.newCLString(SYMBOL), decimals: CLValue.newCLUint8(DECIMALS), total_supply: CLValue.newCLUInt256(SUPPLY) };
    const v2 = new Engine({ protocol: "2.0.0" }).runSession("alice", cep18Wasm(), args, { payment: INSTALL_PAYMENT });
    v2.expectRevert(17);
    const call = v2.trace.find((e) => e.name === "casper_add_contract_version");
    expect(call?.result).toBe(0); // the host call succeeded: the contract's own decoding failed
    new Engine({ protocol: "1.5.8" }).runSession("alice", cep18Wasm(), args, { payment: INSTALL_PAYMENT }).expectSuccess();
  });
});

// metered and once unmetered (metering must not change what the contract computes)
const RUNS = [["1.5.8", true], ["1.5.8", false]] as const;

describe.each(RUNS)("CEP-18 (Rust, cep18 v1.1.0) on protocol %s, metered %s", (protocol, metered) => {
  const wasm = cep18Wasm();
  let engine: Engine;
  let installed: EngineSnapshot;
  let install: ExecutionResult;
  let contractHash: string; // hash-…
  let packageHash: string;

  /** Key::Account of a test account, as the client builds it (CLValueBuilder.key(publicKey)). */
  const accountKey = (name: string) => CLValue.newCLKey(Key.newKey(engine.account(name).accountHash));
  /** balances item key: base64 of the Key's bytes (cep18/src/balances.rs make_dictionary_item_key). */
  const balanceItem = (key: SdkCLValue) => bytesOf(key).toString("base64");
  /** allowances item key: hex(blake2b-256(owner Key bytes ‖ spender Key bytes)) (allowances.rs). */
  const allowanceItem = (owner: SdkCLValue, spender: SdkCLValue) =>
    hex(blake2b(Buffer.concat([bytesOf(owner), bytesOf(spender)]), { dkLen: 32 }));
  const u256 = (n: bigint) => CLValue.newCLUInt256(n);

  /** A dictionary item of the contract as a bigint, 0 when absent (the contract's unwrap_or_default). */
  const dictU256 = (dict: string, item: string): bigint => {
    let v: SdkCLValue;
    try {
      v = engine.dictionaryItem(contractHash, item, dict);
    } catch (e) {
      if (/no dictionary item/.test(String(e))) return 0n;
      throw e;
    }
    expect(v.type.toString()).toBe("U256");
    return BigInt(v.toString());
  };
  const balanceOf = (name: string) => dictU256("balances", balanceItem(accountKey(name)));
  const allowance = (owner: string, spender: string) => dictU256("allowances", allowanceItem(accountKey(owner), accountKey(spender)));
  const namedValue = (name: string) => engine.value(contractHash, [name]);

  const call = (from: string, entryPoint: string, args: Record<string, SdkCLValue>) =>
    engine.callByHash(from, contractHash, entryPoint, args, { payment: CALL_PAYMENT });

  const installArgs = (extra: Record<string, SdkCLValue> = {}) => ({
    name: CLValue.newCLString(NAME),
    symbol: CLValue.newCLString(SYMBOL),
    decimals: CLValue.newCLUint8(DECIMALS),
    total_supply: u256(SUPPLY),
    ...extra,
  });

  beforeAll(() => {
    engine = new Engine({ protocol, metered });
    // the client's install(): name, symbol, decimals, total_supply, and the optional events_mode / enable_mint_burn
    install = engine.runSession("alice", wasm, installArgs({ events_mode: CLValue.newCLUint8(1), enable_mint_burn: CLValue.newCLUint8(1) }), { payment: INSTALL_PAYMENT });
    install.expectSuccess();
    contractHash = engine.account("alice").namedKeys[`cep18_contract_hash_${NAME}`];
    packageHash = engine.account("alice").namedKeys[`cep18_contract_package_${NAME}`];
    installed = engine.snapshot();
  });

  beforeEach(() => engine.restore(installed));

  it("install: the four named keys on the installing account (main.rs install_contract)", () => {
    const named = engine.account("alice").namedKeys;
    expect(Object.keys(named).sort()).toEqual(
      [`cep18_contract_hash_${NAME}`, `cep18_contract_package_${NAME}`, `cep18_contract_package_access_${NAME}`, `cep18_contract_version_${NAME}`].sort(),
    );
    expect(contractHash).toMatch(/^hash-[0-9a-f]{64}$/);
    expect(packageHash).toMatch(/^hash-[0-9a-f]{64}$/);
    expect(named[`cep18_contract_package_access_${NAME}`]).toMatch(/^uref-[0-9a-f]{64}-007$/);
    const version = engine.value(named[`cep18_contract_version_${NAME}`]);
    expect(version.type.toString()).toBe("U32");
    expect(version.toString()).toBe("1");

    const pkg = engine.contractPackage(packageHash);
    expect(pkg.locked).toBe(false);
    expect(pkg.versions.map((v) => [v.version, `hash-${hex(v.contractHash)}`])).toEqual([[1, contractHash]]);
    expect(pkg.disabledVersions).toEqual([]);
    expect(`uref-${hex(pkg.accessKey.addr)}-007`).toBe(named[`cep18_contract_package_access_${NAME}`]);
    expect(hex(engine.contract(contractHash).contractPackageHash)).toBe(packageHash.slice(5));
  });

  it("install: the contract's named keys, values and dictionaries (install_contract + init + CES init_events)", () => {
    expect([...engine.namedKeys(contractHash).keys()].sort()).toEqual(
      [
        "name", "symbol", "decimals", "total_supply", "events_mode", "enable_mint_burn", // install_contract
        "package_hash", "allowances", "balances", "security_badges", // init
        "__events", "__events_length", "__events_schema", "__events_ces_version", // casper-event-standard init
      ].sort(),
    );
    expect(namedValue("name").toString()).toBe(NAME);
    expect(namedValue("symbol").toString()).toBe(SYMBOL);
    expect(namedValue("decimals").type.toString()).toBe("U8");
    expect(namedValue("decimals").toString()).toBe(String(DECIMALS));
    expect(namedValue("total_supply").type.toString()).toBe("U256");
    expect(BigInt(namedValue("total_supply").toString())).toBe(SUPPLY);
    expect(namedValue("events_mode").toString()).toBe("1");
    expect(namedValue("enable_mint_burn").toString()).toBe("1");
    // init stores the package hash it is given: Key::Hash of the package
    expect(engine.namedKey(contractHash, "package_hash")).toEqual(engine.namedKey("alice", `cep18_contract_package_${NAME}`));

    // the whole supply is the installer's, under base64(Key::Account bytes); nobody else has any
    expect(balanceItem(accountKey("alice"))).toMatch(/^AC[A-Za-z0-9+/]{42}$/); // tag 0 + 32 bytes, 44 chars
    expect(balanceOf("alice")).toBe(SUPPLY);
    expect(balanceOf("bob")).toBe(0n);
    // a Key::Hash with alice's bytes is another holder (install.rs should_have_queryable_properties)
    const inverted = CLValue.newCLKey(Key.newKey(`hash-${engine.account("alice").accountHash.slice(13)}`));
    expect(dictU256("balances", balanceItem(inverted))).toBe(0n);
    // the installer is Admin (SecurityBadge 0) in security_badges
    const badge = engine.dictionaryItem(contractHash, balanceItem(accountKey("alice")), "security_badges");
    expect([badge.type.toString(), badge.toString()]).toEqual(["U8", "0"]);
  });

  it("install: the entry points as cep18/src/entry_points.rs declares them", () => {
    const eps = engine.entryPoints(contractHash);
    expect([...eps.keys()]).toEqual([
      "allowance", "approve", "balance_of", "burn", "change_security", "decimals", "decrease_allowance",
      "increase_allowance", "init", "mint", "name", "symbol", "total_supply", "transfer", "transfer_from",
    ]);
    const sig = (name: string) => {
      const ep = eps.get(name)!;
      return `${ep.args.map((a) => `${a.name}: ${clTypeToString(a.clType)}`).join(", ")} -> ${clTypeToString(ep.ret)} ${ep.access.kind} ${ep.entryPointType}`;
    };
    expect(sig("transfer")).toBe("recipient: Key, amount: U256 -> Unit Public Contract");
    expect(sig("transfer_from")).toBe("owner: Key, recipient: Key, amount: U256 -> Unit Public Contract");
    expect(sig("approve")).toBe("spender: Key, amount: U256 -> Unit Public Contract");
    expect(sig("allowance")).toBe("owner: Key, spender: Key -> U256 Public Contract");
    expect(sig("balance_of")).toBe("address: Key -> U256 Public Contract");
    expect(sig("decimals")).toBe(" -> U8 Public Contract");
    expect(sig("name")).toBe(" -> String Public Contract");
    expect(sig("init")).toBe(" -> Unit Public Contract");
    expect(sig("change_security")).toBe(" -> Unit Public Contract"); // its lists are optional args, not declared
  });

  it("transfer through StoredContractByHash and StoredContractByName: balances move exactly, the supply stays", () => {
    call("alice", "transfer", { recipient: accountKey("bob"), amount: u256(1_000n) }).expectSuccess();
    expect(balanceOf("alice")).toBe(SUPPLY - 1_000n);
    expect(balanceOf("bob")).toBe(1_000n);

    engine
      .callByName("bob", `cep18_contract_hash_${NAME}`, "transfer", { recipient: accountKey("carol"), amount: u256(400n) }, { payment: CALL_PAYMENT })
      .expectError("NamedKeyNotFound"); // bob has no such named key: the name is alice's
    engine
      .callByName("alice", `cep18_contract_hash_${NAME}`, "transfer", { recipient: accountKey("carol"), amount: u256(400n) }, { payment: CALL_PAYMENT })
      .expectSuccess();
    call("bob", "transfer", { recipient: accountKey("carol"), amount: u256(250n) }).expectSuccess();
    expect([balanceOf("alice"), balanceOf("bob"), balanceOf("carol")]).toEqual([SUPPLY - 1_400n, 750n, 650n]);
    expect(BigInt(namedValue("total_supply").toString())).toBe(SUPPLY);
  });

  it("transfer failures: the contract's user errors, nothing changed but the payment", () => {
    call("alice", "transfer", { recipient: accountKey("bob"), amount: u256(10n) }).expectSuccess();
    const before = engine.stateRootHash();
    const bobMotes = engine.balance("bob");

    const over = call("bob", "transfer", { recipient: accountKey("alice"), amount: u256(11n) });
    over.expectRevert(ERR.InsufficientBalance, { user: true });
    expect(over.error!.message).toBe("User error: 60001");
    expect(engine.balance("bob")).toBe(bobMotes - over.cost);
    expect(over.cost).toBeGreaterThan(0n);

    call("bob", "transfer", { recipient: accountKey("bob"), amount: u256(1n) }).expectRevert(ERR.CannotTargetSelfUser, { user: true });
    // args the contract reads with runtime::get_named_arg: missing -> MissingArgument, wrong type -> InvalidArgument
    call("bob", "transfer", { recipient: accountKey("alice") }).expectRevert(MISSING_ARGUMENT);
    call("bob", "transfer", { recipient: accountKey("alice"), amount: CLValue.newCLString("1") }).expectRevert(INVALID_ARGUMENT);
    // init runs once: a second call finds `allowances` and reverts
    call("alice", "init", {}).expectRevert(ERR.AlreadyInitialized, { user: true });

    expect([balanceOf("alice"), balanceOf("bob")]).toEqual([SUPPLY - 10n, 10n]);
    expect(before).not.toBe(engine.stateRootHash()); // the payments did move motes
  });

  it("approve, allowance, transfer_from by the spender; insufficient allowance is refused", () => {
    call("alice", "approve", { spender: accountKey("carol"), amount: u256(500n) }).expectSuccess();
    expect(allowance("alice", "carol")).toBe(500n);
    expect(allowance("carol", "alice")).toBe(0n);

    call("carol", "transfer_from", { owner: accountKey("alice"), recipient: accountKey("dave"), amount: u256(300n) }).expectSuccess();
    expect([balanceOf("alice"), balanceOf("dave"), balanceOf("carol"), allowance("alice", "carol")]).toEqual([SUPPLY - 300n, 300n, 0n, 200n]);

    const over = call("carol", "transfer_from", { owner: accountKey("alice"), recipient: accountKey("dave"), amount: u256(201n) });
    over.expectRevert(ERR.InsufficientAllowance, { user: true });
    // someone else's allowance is not carol's
    call("dave", "transfer_from", { owner: accountKey("alice"), recipient: accountKey("dave"), amount: u256(1n) }).expectRevert(ERR.InsufficientAllowance, { user: true });
    call("alice", "approve", { spender: accountKey("alice"), amount: u256(1n) }).expectRevert(ERR.CannotTargetSelfUser, { user: true });

    call("alice", "increase_allowance", { spender: accountKey("carol"), amount: u256(50n) }).expectSuccess();
    expect(allowance("alice", "carol")).toBe(250n);
    call("alice", "decrease_allowance", { spender: accountKey("carol"), amount: u256(1_000n) }).expectSuccess(); // saturating_sub
    expect(allowance("alice", "carol")).toBe(0n);
    expect([balanceOf("alice"), balanceOf("dave")]).toEqual([SUPPLY - 300n, 300n]);
  });

  it("an owner whose allowance exceeds the balance: transfer_from fails with InsufficientBalance", () => {
    call("alice", "transfer", { recipient: accountKey("bob"), amount: u256(100n) }).expectSuccess();
    call("bob", "approve", { spender: accountKey("carol"), amount: u256(1_000n) }).expectSuccess();
    call("carol", "transfer_from", { owner: accountKey("bob"), recipient: accountKey("dave"), amount: u256(101n) })
      .expectRevert(ERR.InsufficientBalance, { user: true });
    expect([balanceOf("bob"), allowance("bob", "carol")]).toEqual([100n, 1_000n]);
  });

  it("mint and burn with security badges: admin mints, others are refused, burning only one's own", () => {
    call("alice", "mint", { owner: accountKey("bob"), amount: u256(77n) }).expectSuccess();
    expect(balanceOf("bob")).toBe(77n);
    expect(BigInt(namedValue("total_supply").toString())).toBe(SUPPLY + 77n);

    call("bob", "mint", { owner: accountKey("bob"), amount: u256(1n) }).expectRevert(ERR.InsufficientRights, { user: true });
    call("bob", "burn", { owner: accountKey("alice"), amount: u256(1n) }).expectRevert(ERR.InvalidBurnTarget, { user: true });
    call("bob", "burn", { owner: accountKey("bob"), amount: u256(78n) }).expectRevert(ERR.InsufficientBalance, { user: true });
    call("bob", "burn", { owner: accountKey("bob"), amount: u256(7n) }).expectSuccess();
    expect(balanceOf("bob")).toBe(70n);
    expect(BigInt(namedValue("total_supply").toString())).toBe(SUPPLY + 70n);

    // change_security: make bob a minter (badge 1), then he may mint
    call("alice", "change_security", { minter_list: CLValue.newCLList(sdk.CLTypeKey, [accountKey("bob")]) }).expectSuccess();
    expect(engine.dictionaryItem(contractHash, balanceItem(accountKey("bob")), "security_badges").toString()).toBe("1");
    call("bob", "mint", { owner: accountKey("carol"), amount: u256(5n) }).expectSuccess();
    expect(balanceOf("carol")).toBe(5n);
    // a minter is not an admin
    call("bob", "change_security", { admin_list: CLValue.newCLList(sdk.CLTypeKey, [accountKey("bob")]) }).expectRevert(ERR.InsufficientRights, { user: true });
  });

  it("CES events (events_mode 1): the Mint of init and each Transfer, bytes as casper-event-standard writes them", () => {
    const eventsLength = () => Number(namedValue("__events_length").toString());
    const event = (i: number) => {
      const v = engine.dictionaryItem(contractHash, String(i), "__events");
      expect(v.type.toString()).toBe(new sdk.CLTypeList(sdk.CLTypeUInt8).toString()); // casper_types::bytesrepr::Bytes
      return bytesOf(v).subarray(4); // drop the u32 length
    };
    expect(eventsLength()).toBe(1);
    expect(event(0)).toEqual(Buffer.concat([bytesOf(CLValue.newCLString("event_Mint")), bytesOf(accountKey("alice")), bytesOf(u256(SUPPLY))]));

    call("alice", "transfer", { recipient: accountKey("bob"), amount: u256(12_345n) }).expectSuccess();
    expect(eventsLength()).toBe(2);
    expect(event(1)).toEqual(
      Buffer.concat([bytesOf(CLValue.newCLString("event_Transfer")), bytesOf(accountKey("alice")), bytesOf(accountKey("bob")), bytesOf(u256(12_345n))]),
    );
    // a failed transfer emits nothing
    call("bob", "transfer", { recipient: accountKey("alice"), amount: u256(12_346n) }).expectRevert(ERR.InsufficientBalance, { user: true });
    expect(eventsLength()).toBe(2);
  });

  it("installed with only the four required args: no events, mint and burn disabled", () => {
    const r = engine.runSession("bob", wasm, { ...installArgs(), name: CLValue.newCLString("Plain") }, { payment: INSTALL_PAYMENT });
    r.expectSuccess();
    const plain = engine.account("bob").namedKeys.cep18_contract_hash_Plain;
    expect(engine.value(plain, ["events_mode"]).toString()).toBe("0");
    expect(engine.value(plain, ["enable_mint_burn"]).toString()).toBe("0");
    expect([...engine.namedKeys(plain).keys()].some((k) => k.startsWith("__events"))).toBe(false);
    engine.callByHash("bob", plain, "mint", { owner: accountKey("bob"), amount: u256(1n) }, { payment: CALL_PAYMENT })
      .expectRevert(ERR.MintBurnDisabled, { user: true });
    // a missing required install arg reverts the install: nothing stays on the account
    const missing = engine.runSession("carol", wasm, { name: CLValue.newCLString("X"), symbol: CLValue.newCLString("X"), decimals: CLValue.newCLUint8(0) }, { payment: INSTALL_PAYMENT });
    missing.expectRevert(MISSING_ARGUMENT);
    expect(engine.account("carol").namedKeys).toEqual({});
  });

  it("upgrade: installing again under the same name adds version 2, disables version 1, keeps the state", () => {
    call("alice", "transfer", { recipient: accountKey("bob"), amount: u256(5n) }).expectSuccess();
    const v1 = contractHash;
    engine.runSession("alice", wasm, installArgs(), { payment: INSTALL_PAYMENT }).expectSuccess();
    const named = engine.account("alice").namedKeys;
    const v2 = named[`cep18_contract_hash_${NAME}`];
    expect(v2).not.toBe(v1);
    expect(named[`cep18_contract_package_${NAME}`]).toBe(packageHash);
    expect(engine.value(named[`cep18_contract_version_${NAME}`]).toString()).toBe("2");
    const pkg = engine.contractPackage(packageHash);
    expect(pkg.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(pkg.disabledVersions.map((v) => v.version)).toEqual([1]);
    // add_contract_version carries the previous version's named keys (runtime/mod.rs), so balances survive
    expect([...engine.namedKeys(v2).keys()].sort()).toEqual([...engine.namedKeys(v1).keys()].sort());

    contractHash = v2;
    call("bob", "transfer", { recipient: accountKey("carol"), amount: u256(2n) }).expectSuccess();
    expect([balanceOf("bob"), balanceOf("carol")]).toEqual([3n, 2n]);
    contractHash = v1;
    call("bob", "transfer", { recipient: accountKey("carol"), amount: u256(1n) }).expectError("DisabledContract");
    const byVersion1 = engine.callVersionedByHash("bob", packageHash, "transfer", { recipient: accountKey("carol"), amount: u256(1n) }, 1, { payment: CALL_PAYMENT });
    // 1.5.8 looks the deploy's version up (disabled: InvalidContractVersion); 2.0's acceptor refuses
    // any explicit version (transaction_acceptor.rs TargetingPackageVersionNotSupported)
    if (protocol === "1.5.8") byVersion1.expectError("InvalidContractVersion");
    else byVersion1.expectError("InvalidDeploy", "passing `version` in payment and session Versioned variants is not supported");
    engine.callVersionedByHash("bob", packageHash, "transfer", { recipient: accountKey("carol"), amount: u256(1n) }, undefined, { payment: CALL_PAYMENT })
      .expectSuccess();
    contractHash = v2;
    expect([balanceOf("bob"), balanceOf("carol")]).toEqual([2n, 3n]);
    contractHash = v1;
  });

  it("a contract as the caller: CEP-18's immediate caller is the calling contract's package (StoredContract); from a Session entry point the account (1.5.8 StoredSession) or, on 2.0, the package too (every call pushes StoredContract)", () => {
    // a WAT proxy whose two entry points call the token's `transfer` (recipient dave, 10 tokens)
    const data = new Data();
    const token = data.bytes(Buffer.from(contractHash.slice(5), "hex"));
    const entryPoint = data.string("transfer");
    const args = data.bytes(argsBytes({ recipient: accountKey("dave"), amount: u256(10n) }));
    const pay = (name: string) => `
      (func (export "${name}") (local $r i32)
        (local.set $r (call $casper_call_contract (i32.const ${token.ptr}) (i32.const 32) (i32.const ${entryPoint.ptr}) (i32.const ${entryPoint.len})
          (i32.const ${args.ptr}) (i32.const ${args.len}) (i32.const 600)))
        (if (local.get $r) (then (call $casper_revert (local.get $r)))))`;
    const proxy = contractModule({
      name: "proxy",
      entryPoints: [{ name: "pay_as_contract", type: "contract" }, { name: "pay_as_session", type: "session" }],
      imports: ["casper_call_contract", "casper_revert"],
      data,
      functions: pay("pay_as_contract") + pay("pay_as_session"),
    });
    engine.runSession("carol", proxy, {}, { payment: 50n * CSPR }).expectSuccess();
    const proxyPackage = CLValue.newCLKey(Key.newKey(engine.account("carol").namedKeys.proxy_package));
    const holding = () => dictU256("balances", balanceItem(proxyPackage));

    // the proxy's package holds nothing yet: the token sees it (not carol) as the sender
    engine.callByName("carol", "proxy", "pay_as_contract", {}, { payment: CALL_PAYMENT }).expectRevert(ERR.InsufficientBalance, { user: true });
    call("alice", "transfer", { recipient: proxyPackage, amount: u256(25n) }).expectSuccess();
    engine.callByName("carol", "proxy", "pay_as_contract", {}, { payment: CALL_PAYMENT }).expectSuccess();
    expect([holding(), balanceOf("dave"), balanceOf("carol")]).toEqual([15n, 10n, 0n]);

    if (protocol === "1.5.8") {
      // 1.5.8 (core/runtime/mod.rs execute_contract): a Session entry point pushes StoredSession
      // {account}, which cep18 utils.rs call_stack_element_to_address reads as the account: carol pays
      engine.callByName("carol", "proxy", "pay_as_session", {}, { payment: CALL_PAYMENT }).expectRevert(ERR.InsufficientBalance, { user: true });
      call("alice", "transfer", { recipient: accountKey("carol"), amount: u256(10n) }).expectSuccess();
      engine.callByName("carol", "proxy", "pay_as_session", {}, { payment: CALL_PAYMENT }).expectSuccess();
      expect([holding(), balanceOf("dave"), balanceOf("carol")]).toEqual([15n, 20n, 0n]);
    } else {
      // 2.0 (runtime/mod.rs execute_contract): every call pushes Caller::SmartContract, read back as
      // StoredContract {package}: the Session (Caller) entry point spends the package's tokens too
      expect(balanceOf("carol")).toBe(0n);
      engine.callByName("carol", "proxy", "pay_as_session", {}, { payment: CALL_PAYMENT }).expectSuccess();
      expect([holding(), balanceOf("dave"), balanceOf("carol")]).toEqual([5n, 20n, 0n]);
      engine.callByName("carol", "proxy", "pay_as_session", {}, { payment: CALL_PAYMENT }).expectRevert(ERR.InsufficientBalance, { user: true });
    }
  });

  it.skipIf(!metered)("gas: the install pays for ~195 KB of stored wasm; identical transfers cost identical gas", () => {
    expect(install.gas).toBeGreaterThan(100n * CSPR); // storage of the contract wasm dominates
    expect(install.gasBreakdown.storage).toBeGreaterThan(install.gas / 2n);
    const t1 = call("alice", "transfer", { recipient: accountKey("bob"), amount: u256(1_000n) }).expectSuccess();
    const t2 = call("alice", "transfer", { recipient: accountKey("carol"), amount: u256(1_000n) }).expectSuccess();
    const t3 = call("alice", "transfer", { recipient: accountKey("dave"), amount: u256(1_000n) }).expectSuccess();
    expect(t2.gas).toBe(t3.gas);
    expect(t1.gas).toBeGreaterThan(0n);
    expect(t1.gas).toBeLessThan(CALL_PAYMENT);
  });
});
