// Casper's own CEP-18 integration tests (casper-ecosystem/cep18 v1.1.0, commit 6ec9d34, tests/src: install.rs,
// migration.rs, allowance.rs, transfer.rs, mint_and_burn.rs and utility/installer_request_builders.rs), ported
// to vitest test by test, assertion by assertion, and run against each token with only the contract swapped:
// the Rust build (1.5.8: its casper-contract 1.x cannot install on 2.0, tests/rust-cep18.test.ts) and ours
// (cep18.wasm on 1.5.8 and 2.0.0, cep18_2x.wasm on 2.0.0). Running the port against the Rust build shows the
// port is right; running it against ours shows ours passes Casper's own tests.
//
// Mapping: casper-engine-test-support's DEFAULT_ACCOUNT_ADDR is the engine's "default" account; ACCOUNT_1 and
// ACCOUNT_2 (secp256k1 keys in the Rust constants) are the engine's secp256k1 accounts "erin" and "frank";
// `builder.exec(r).expect_success().commit()` is `expectSuccess()`; `get_error()` matching
// `ApiError::User(n)` is `expectRevert(n, { user: true })`; the test contract is tests/contracts/
// cep18_test_contract.ts, the class-form port of cep18-test-contract (its `result` named key read as Rust's
// get_test_result does).
import sdk from "casper-js-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine, type EngineSnapshot } from "../host/engine/engine.ts";
import { testKey } from "../host/engine/keys.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { cep18Wasm } from "./helpers/rust-contracts.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { classContract } from "./helpers/class-contracts.ts";

const { CLValue, Key } = sdk;
type SdkCLValue = InstanceType<typeof CLValue>;

// tests/src/utility/constants.rs
const TOKEN_NAME = "CasperTest";
const TOKEN_SYMBOL = "CSPRT";
const TOKEN_DECIMALS = 100;
const TOKEN_TOTAL_SUPPLY = 1_000_000_000n;
const TRANSFER_AMOUNT_1 = 200_001n;
const TRANSFER_AMOUNT_2 = 19_999n;
const ALLOWANCE_AMOUNT_1 = 456_789n;
const ALLOWANCE_AMOUNT_2 = 87_654n;
const TOKEN_OWNER_AMOUNT_1 = 1_000_000n;
const TOKEN_OWNER_AMOUNT_2 = 2_000_000n;
const ERROR_INSUFFICIENT_BALANCE = 60001;
const ERROR_INSUFFICIENT_ALLOWANCE = 60002;
const ERROR_OVERFLOW = 60003;
const U256_MAX = 2n ** 256n - 1n;

const CSPR = 1_000_000_000n;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

/** Key values as the Rust tests build them. */
type K = SdkCLValue;
const keyOf = (s: string): K => CLValue.newCLKey(Key.newKey(s));
const TOKEN_OWNER_ADDRESS_1 = keyOf(`account-hash-${"2a".repeat(32)}`); // Key::Account(AccountHash::new([42; 32]))
const TOKEN_OWNER_ADDRESS_2 = keyOf(`hash-${"2a".repeat(32)}`); // Key::Hash([42; 32])
const u256 = (n: bigint) => CLValue.newCLUInt256(n);
const isAccount = (k: K) => bytes(k)[0] === 0;
const bytes = (k: K) => Buffer.from(k.bytes());

/** installer_request_builders.rs invert_cep18_address: Account <-> Hash with the same 32 bytes. */
function invert_cep18_address(address: K): K {
  const b = bytes(address);
  if (b[0] === 0) return keyOf(`hash-${hex(b.subarray(1))}`);
  if (b[0] === 1) return keyOf(`account-hash-${hex(b.subarray(1))}`);
  throw new Error("Unsupported Key variant");
}

interface Token {
  readonly label: string;
  readonly protocol: "1.5.8" | "2.0.0";
  readonly wasm: () => Uint8Array;
}
const TOKENS: Token[] = [
  { label: "Rust cep18.wasm (v1.1.0)", protocol: "1.5.8", wasm: cep18Wasm },
  { label: "ours, cep18.wasm", protocol: "1.5.8", wasm: () => artifact("cep18") },
  { label: "ours, cep18.wasm", protocol: "2.0.0", wasm: () => artifact("cep18") },
  { label: "ours, cep18_2x.wasm", protocol: "2.0.0", wasm: () => artifact("cep18_2x") },
];

let testContractWasm: Uint8Array;
beforeAll(async () => {
  testContractWasm = (await classContract("tests/contracts/cep18_test_contract.ts")).wasm;
}, 120_000);

describe.each(TOKENS)("Casper's CEP-18 tests against $label on $protocol", (token) => {
  // setup_with_args, once per set of install args; each test starts from a restored snapshot
  const setups = new Map<string, { engine: Engine; snapshot: EngineSnapshot; ctx: TestContext }>();

  interface TestContext {
    cep18_token: string; // hash-… of the contract
    cep18_test_contract_package: string; // hash-… of the package
  }
  let builder: Engine;

  const DEFAULT_ACCOUNT_ADDR = () => keyOf(builder.account("default").accountHash);
  const ACCOUNT_1_ADDR = () => keyOf(builder.account("erin").accountHash);
  const ACCOUNT_2_ADDR = () => keyOf(builder.account("frank").accountHash);
  /** the engine account of a Key::Account (the test's sender) */
  const accountName = (k: K) => {
    const h = hex(bytes(k).subarray(1));
    for (const name of ["default", "erin", "frank"]) if (builder.account(name).accountHash === `account-hash-${h}`) return name;
    throw new Error(`no account ${h}`);
  };

  function setup_with_args(args: Record<string, SdkCLValue>): TestContext {
    const id = JSON.stringify(Object.fromEntries(Object.entries(args).map(([k, v]) => [k, hex(v.bytes())])));
    let s = setups.get(id);
    if (!s) {
      const engine = new Engine({ protocol: token.protocol });
      // the Rust setup funds ACCOUNT_1/2 with transfers; the engine's accounts start funded
      engine.runSession("default", token.wasm(), args, { payment: 600n * CSPR }).expectSuccess();
      engine.runSession("default", testContractWasm, {}, { payment: 100n * CSPR }).expectSuccess();
      const named = engine.account("default").namedKeys;
      const ctx = { cep18_token: named.cep18_contract_hash_CasperTest, cep18_test_contract_package: named.cep18_test_contract };
      expect(ctx.cep18_token).toMatch(/^hash-/);
      s = { engine, snapshot: engine.snapshot(), ctx };
      setups.set(id, s);
    }
    s.engine.restore(s.snapshot);
    builder = s.engine;
    return s.ctx;
  }
  const setup = () =>
    setup_with_args({
      name: CLValue.newCLString(TOKEN_NAME),
      symbol: CLValue.newCLString(TOKEN_SYMBOL),
      decimals: CLValue.newCLUint8(TOKEN_DECIMALS),
      total_supply: u256(TOKEN_TOTAL_SUPPLY),
    });
  const baseArgs = () => ({
    name: CLValue.newCLString(TOKEN_NAME),
    symbol: CLValue.newCLString(TOKEN_SYMBOL),
    decimals: CLValue.newCLUint8(TOKEN_DECIMALS),
    total_supply: u256(TOKEN_TOTAL_SUPPLY),
  });

  const PAY = { payment: 10n * CSPR };
  const contract_call_by_hash = (sender: K, contract: string, entryPoint: string, args: Record<string, SdkCLValue>) =>
    builder.callByHash(accountName(sender), contract, entryPoint, args, PAY);
  const versioned_contract_call_by_hash = (pkg: string, entryPoint: string, args: Record<string, SdkCLValue>) =>
    builder.callVersionedByHash("default", pkg, entryPoint, args, undefined, PAY);

  /** get_test_result: the test contract's latest enabled version's `result`. */
  function get_test_result(ctx: TestContext): bigint {
    const pkg = builder.contractPackage(ctx.cep18_test_contract_package);
    const enabled = pkg.versions.filter((v) => !pkg.disabledVersions.some((d) => d.version === v.version));
    const latest = enabled[enabled.length - 1];
    return BigInt(builder.value(`hash-${hex(latest.contractHash)}`, ["result"]).toString());
  }
  function cep18_check_total_supply(ctx: TestContext): bigint {
    versioned_contract_call_by_hash(ctx.cep18_test_contract_package, "check_total_supply", { token_contract: keyOf(ctx.cep18_token) }).expectSuccess();
    return get_test_result(ctx);
  }
  function cep18_check_balance_of(ctx: TestContext, address: K): bigint {
    versioned_contract_call_by_hash(ctx.cep18_test_contract_package, "check_balance_of", { token_contract: keyOf(ctx.cep18_token), address }).expectSuccess();
    return get_test_result(ctx);
  }
  function cep18_check_allowance_of(ctx: TestContext, owner: K, spender: K): bigint {
    versioned_contract_call_by_hash(ctx.cep18_test_contract_package, "check_allowance_of", { token_contract: keyOf(ctx.cep18_token), owner, spender }).expectSuccess();
    return get_test_result(ctx);
  }
  const get_value = (contract: string, name: string) => builder.value(contract, [name]);

  function make_cep18_transfer_request(ctx: TestContext, sender: K, recipient: K, amount: bigint): ExecutionResult {
    if (isAccount(sender)) return contract_call_by_hash(sender, ctx.cep18_token, "transfer", { amount: u256(amount), recipient });
    return versioned_contract_call_by_hash(`hash-${hex(bytes(sender).subarray(1))}`, "transfer_as_stored_contract", {
      token_contract: keyOf(ctx.cep18_token),
      amount: u256(amount),
      recipient,
    });
  }
  function make_cep18_approve_request(ctx: TestContext, sender: K, spender: K, amount: bigint): ExecutionResult {
    if (isAccount(sender)) return contract_call_by_hash(sender, ctx.cep18_token, "approve", { spender, amount: u256(amount) });
    return versioned_contract_call_by_hash(`hash-${hex(bytes(sender).subarray(1))}`, "approve_as_stored_contract", {
      token_contract: keyOf(ctx.cep18_token),
      spender,
      amount: u256(amount),
    });
  }

  function test_cep18_transfer(ctx: TestContext, sender1: K, recipient1: K, sender2: K, recipient2: K) {
    const sender_balance_before = cep18_check_balance_of(ctx, sender1);
    expect(sender_balance_before).not.toBe(0n);
    expect(cep18_check_balance_of(ctx, recipient1)).toBe(0n);
    expect(cep18_check_balance_of(ctx, recipient1)).toBe(0n);

    make_cep18_transfer_request(ctx, sender1, recipient1, TRANSFER_AMOUNT_1).expectSuccess();
    const account_1_balance_after = cep18_check_balance_of(ctx, recipient1);
    expect(account_1_balance_after).toBe(TRANSFER_AMOUNT_1);
    const account_1_balance_before = account_1_balance_after;
    const sender_balance_after = cep18_check_balance_of(ctx, sender1);
    expect(sender_balance_after).toBe(sender_balance_before - TRANSFER_AMOUNT_1);

    make_cep18_transfer_request(ctx, sender2, recipient2, TRANSFER_AMOUNT_2).expectSuccess();
    expect(cep18_check_balance_of(ctx, sender1)).toBe(sender_balance_after);
    const account_1_after = cep18_check_balance_of(ctx, recipient1);
    expect(account_1_after < account_1_balance_before).toBe(true);
    expect(account_1_after).toBe(TRANSFER_AMOUNT_1 - TRANSFER_AMOUNT_2);
    expect(cep18_check_balance_of(ctx, recipient2)).toBe(TRANSFER_AMOUNT_2);
  }

  function test_approve_for(ctx: TestContext, sender: K, owner: K, spender: K) {
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(0n);
    make_cep18_approve_request(ctx, sender, spender, ALLOWANCE_AMOUNT_1).expectSuccess();
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(ALLOWANCE_AMOUNT_1);
    expect(BigInt(get_value(ctx.cep18_token, "total_supply").toString())).toBe(TOKEN_TOTAL_SUPPLY);
    // Approve overwrites existing amount rather than increase it
    make_cep18_approve_request(ctx, sender, spender, ALLOWANCE_AMOUNT_2).expectSuccess();
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(ALLOWANCE_AMOUNT_2);
    // Swap Key::Account into Hash and other way
    expect(cep18_check_allowance_of(ctx, owner, invert_cep18_address(spender))).toBe(0n);
    expect(BigInt(get_value(ctx.cep18_token, "total_supply").toString())).toBe(TOKEN_TOTAL_SUPPLY);
  }

  const testPackageKey = (ctx: TestContext) => keyOf(ctx.cep18_test_contract_package);

  // ---------------------------------------------------------------- install.rs
  it("should_have_queryable_properties", () => {
    const ctx = setup();
    expect(get_value(ctx.cep18_token, "name").toString()).toBe(TOKEN_NAME);
    expect(get_value(ctx.cep18_token, "symbol").toString()).toBe(TOKEN_SYMBOL);
    expect(Number(get_value(ctx.cep18_token, "decimals").toString())).toBe(TOKEN_DECIMALS);
    const total_supply = BigInt(get_value(ctx.cep18_token, "total_supply").toString());
    expect(total_supply).toBe(TOKEN_TOTAL_SUPPLY);
    const owner_key = DEFAULT_ACCOUNT_ADDR();
    expect(cep18_check_balance_of(ctx, owner_key)).toBe(total_supply);
    expect(cep18_check_balance_of(ctx, keyOf(ctx.cep18_token))).toBe(0n);
    // Ensures that Account and Contract ownership is respected
    expect(cep18_check_balance_of(ctx, invert_cep18_address(owner_key))).toBe(0n);
  });

  it("should_not_store_balances_or_allowances_under_account_after_install", () => {
    setup();
    const named = builder.account("default").namedKeys;
    expect(named).not.toHaveProperty("balances");
    expect(named).not.toHaveProperty("allowances");
  });

  // ---------------------------------------------------------------- migration.rs
  it("should_upgrade_contract_version", () => {
    setup();
    const version = () => Number(builder.value(builder.account("default").namedKeys.cep18_contract_version_CasperTest).toString());
    const version_0 = version();
    builder.runSession("default", token.wasm(), baseArgs(), { payment: 600n * CSPR }).expectSuccess();
    expect(version_0 < version()).toBe(true);
  });

  // ---------------------------------------------------------------- allowance.rs
  it("should_approve_funds_contract_to_account", () => {
    const ctx = setup();
    test_approve_for(ctx, testPackageKey(ctx), testPackageKey(ctx), DEFAULT_ACCOUNT_ADDR());
  });

  it("should_approve_funds_contract_to_contract", () => {
    const ctx = setup();
    test_approve_for(ctx, testPackageKey(ctx), testPackageKey(ctx), TOKEN_OWNER_ADDRESS_2);
  });

  it("should_approve_funds_account_to_account", () => {
    const ctx = setup();
    test_approve_for(ctx, DEFAULT_ACCOUNT_ADDR(), DEFAULT_ACCOUNT_ADDR(), ACCOUNT_1_ADDR());
  });

  it("should_approve_funds_account_to_contract", () => {
    const ctx = setup();
    test_approve_for(ctx, DEFAULT_ACCOUNT_ADDR(), DEFAULT_ACCOUNT_ADDR(), TOKEN_OWNER_ADDRESS_2);
  });

  it("should_not_transfer_from_without_enough_allowance", () => {
    const ctx = setup();
    const owner = DEFAULT_ACCOUNT_ADDR();
    const recipient = ACCOUNT_1_ADDR();
    expect(cep18_check_allowance_of(ctx, owner, recipient)).toBe(0n);
    contract_call_by_hash(owner, ctx.cep18_token, "approve", { owner, spender: recipient, amount: u256(ALLOWANCE_AMOUNT_1) }).expectSuccess();
    expect(cep18_check_allowance_of(ctx, owner, recipient)).toBe(ALLOWANCE_AMOUNT_1);
    contract_call_by_hash(owner, ctx.cep18_token, "transfer_from", { owner, recipient, amount: u256(ALLOWANCE_AMOUNT_1 + 1n) })
      .expectRevert(ERROR_INSUFFICIENT_ALLOWANCE, { user: true });
  });

  it("test_decrease_allowance", () => {
    const ctx = setup();
    const sender = DEFAULT_ACCOUNT_ADDR();
    const owner = DEFAULT_ACCOUNT_ADDR();
    const spender = TOKEN_OWNER_ADDRESS_2;
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(0n);
    make_cep18_approve_request(ctx, sender, spender, ALLOWANCE_AMOUNT_1).expectSuccess();
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(ALLOWANCE_AMOUNT_1);
    contract_call_by_hash(sender, ctx.cep18_token, "decrease_allowance", { spender, amount: u256(ALLOWANCE_AMOUNT_2) }).expectSuccess();
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(ALLOWANCE_AMOUNT_1 - ALLOWANCE_AMOUNT_2);
    contract_call_by_hash(sender, ctx.cep18_token, "increase_allowance", { spender, amount: u256(ALLOWANCE_AMOUNT_1) }).expectSuccess();
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(ALLOWANCE_AMOUNT_1 * 2n - ALLOWANCE_AMOUNT_2);
  });

  // ---------------------------------------------------------------- transfer.rs
  it("should_transfer_full_owned_amount", () => {
    const ctx = setup();
    const initial_supply = TOKEN_TOTAL_SUPPLY;
    expect(cep18_check_balance_of(ctx, DEFAULT_ACCOUNT_ADDR())).toBe(initial_supply);
    expect(cep18_check_balance_of(ctx, ACCOUNT_1_ADDR())).toBe(0n);
    contract_call_by_hash(DEFAULT_ACCOUNT_ADDR(), ctx.cep18_token, "transfer", { recipient: ACCOUNT_1_ADDR(), amount: u256(initial_supply) }).expectSuccess();
    expect(cep18_check_balance_of(ctx, ACCOUNT_1_ADDR())).toBe(initial_supply);
    expect(cep18_check_balance_of(ctx, DEFAULT_ACCOUNT_ADDR())).toBe(0n);
    expect(BigInt(get_value(ctx.cep18_token, "total_supply").toString())).toBe(initial_supply);
  });

  it("should_not_transfer_more_than_owned_balance", () => {
    const ctx = setup();
    const initial_supply = TOKEN_TOTAL_SUPPLY;
    const transfer_amount = initial_supply + 1n;
    const owner_balance_before = cep18_check_balance_of(ctx, DEFAULT_ACCOUNT_ADDR());
    expect(owner_balance_before).toBe(initial_supply);
    expect(transfer_amount > owner_balance_before).toBe(true);
    const account_1_balance_before = cep18_check_balance_of(ctx, ACCOUNT_1_ADDR());
    expect(account_1_balance_before).toBe(0n);
    contract_call_by_hash(DEFAULT_ACCOUNT_ADDR(), ctx.cep18_token, "transfer", { recipient: ACCOUNT_1_ADDR(), amount: u256(transfer_amount) })
      .expectRevert(ERROR_INSUFFICIENT_BALANCE, { user: true });
    expect(cep18_check_balance_of(ctx, ACCOUNT_1_ADDR())).toBe(account_1_balance_before);
    expect(cep18_check_balance_of(ctx, DEFAULT_ACCOUNT_ADDR())).toBe(initial_supply);
    expect(BigInt(get_value(ctx.cep18_token, "total_supply").toString())).toBe(initial_supply);
  });

  it("should_transfer_from_from_account_to_account", () => {
    const ctx = setup();
    const owner = DEFAULT_ACCOUNT_ADDR();
    const spender = ACCOUNT_1_ADDR();
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(0n);
    contract_call_by_hash(owner, ctx.cep18_token, "approve", { owner, spender, amount: u256(ALLOWANCE_AMOUNT_1) }).expectSuccess();
    const account_1_balance_before = cep18_check_balance_of(ctx, owner);
    expect(account_1_balance_before).toBe(TOKEN_TOTAL_SUPPLY);
    const account_1_allowance_before = cep18_check_allowance_of(ctx, owner, spender);
    expect(account_1_allowance_before).toBe(ALLOWANCE_AMOUNT_1);
    contract_call_by_hash(spender, ctx.cep18_token, "transfer_from", { owner, recipient: spender, amount: u256(ALLOWANCE_AMOUNT_1) }).expectSuccess();
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(account_1_allowance_before - ALLOWANCE_AMOUNT_1);
    expect(cep18_check_balance_of(ctx, owner)).toBe(account_1_balance_before - ALLOWANCE_AMOUNT_1);
  });

  it("should_transfer_from_account_by_contract", () => {
    const ctx = setup();
    const owner = DEFAULT_ACCOUNT_ADDR();
    const spender = testPackageKey(ctx);
    const recipient = ACCOUNT_1_ADDR();
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(0n);
    contract_call_by_hash(owner, ctx.cep18_token, "approve", { owner, spender, amount: u256(ALLOWANCE_AMOUNT_1) }).expectSuccess();
    const owner_balance_before = cep18_check_balance_of(ctx, owner);
    expect(owner_balance_before).toBe(TOKEN_TOTAL_SUPPLY);
    const spender_allowance_before = cep18_check_allowance_of(ctx, owner, spender);
    expect(spender_allowance_before).toBe(ALLOWANCE_AMOUNT_1);
    versioned_contract_call_by_hash(ctx.cep18_test_contract_package, "transfer_from_as_stored_contract", {
      token_contract: keyOf(ctx.cep18_token),
      owner,
      recipient,
      amount: u256(ALLOWANCE_AMOUNT_1),
    }).expectSuccess();
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(spender_allowance_before - ALLOWANCE_AMOUNT_1);
    expect(cep18_check_balance_of(ctx, owner)).toBe(owner_balance_before - ALLOWANCE_AMOUNT_1);
  });

  it("should_not_be_able_to_own_transfer", () => {
    const ctx = setup();
    const sender = DEFAULT_ACCOUNT_ADDR();
    const recipient = DEFAULT_ACCOUNT_ADDR();
    expect(cep18_check_balance_of(ctx, sender)).toBe(cep18_check_balance_of(ctx, recipient));
    make_cep18_transfer_request(ctx, sender, recipient, TRANSFER_AMOUNT_1).expectRevert(60017, { user: true });
  });

  it("should_not_be_able_to_own_transfer_from", () => {
    const ctx = setup();
    const owner = DEFAULT_ACCOUNT_ADDR();
    const spender = DEFAULT_ACCOUNT_ADDR();
    const sender = DEFAULT_ACCOUNT_ADDR();
    const recipient = DEFAULT_ACCOUNT_ADDR();
    make_cep18_approve_request(ctx, sender, spender, ALLOWANCE_AMOUNT_1).expectRevert(60017, { user: true });
    expect(cep18_check_balance_of(ctx, sender)).toBe(cep18_check_balance_of(ctx, recipient));
    contract_call_by_hash(sender, ctx.cep18_token, "transfer_from", { owner, recipient, amount: u256(TRANSFER_AMOUNT_1) }).expectRevert(60017, { user: true });
  });

  it("should_verify_zero_amount_transfer_is_noop", () => {
    const ctx = setup();
    const sender = DEFAULT_ACCOUNT_ADDR();
    const recipient = ACCOUNT_1_ADDR();
    const sender_balance_before = cep18_check_balance_of(ctx, sender);
    const recipient_balance_before = cep18_check_balance_of(ctx, recipient);
    make_cep18_transfer_request(ctx, sender, recipient, 0n).expectSuccess();
    expect(cep18_check_balance_of(ctx, sender)).toBe(sender_balance_before);
    expect(cep18_check_balance_of(ctx, recipient)).toBe(recipient_balance_before);
  });

  it("should_verify_zero_amount_transfer_from_is_noop", () => {
    const ctx = setup();
    const owner = DEFAULT_ACCOUNT_ADDR();
    const spender = ACCOUNT_1_ADDR();
    const recipient = ACCOUNT_2_ADDR();
    make_cep18_approve_request(ctx, owner, spender, 1n).expectSuccess();
    const spender_allowance_before = cep18_check_allowance_of(ctx, owner, spender);
    const owner_balance_before = cep18_check_balance_of(ctx, owner);
    const recipient_balance_before = cep18_check_balance_of(ctx, recipient);
    contract_call_by_hash(owner, ctx.cep18_token, "transfer_from", { owner, recipient, amount: u256(0n) }).expectSuccess();
    expect(cep18_check_balance_of(ctx, owner)).toBe(owner_balance_before);
    expect(cep18_check_balance_of(ctx, recipient)).toBe(recipient_balance_before);
    expect(cep18_check_allowance_of(ctx, owner, spender)).toBe(spender_allowance_before);
  });

  it("should_transfer_contract_to_contract", () => {
    const ctx = setup();
    test_cep18_transfer(ctx, DEFAULT_ACCOUNT_ADDR(), testPackageKey(ctx), testPackageKey(ctx), TOKEN_OWNER_ADDRESS_2);
  });

  it("should_transfer_contract_to_account", () => {
    const ctx = setup();
    test_cep18_transfer(ctx, DEFAULT_ACCOUNT_ADDR(), testPackageKey(ctx), testPackageKey(ctx), ACCOUNT_1_ADDR());
  });

  it("should_transfer_account_to_contract", () => {
    const ctx = setup();
    test_cep18_transfer(ctx, DEFAULT_ACCOUNT_ADDR(), ACCOUNT_1_ADDR(), ACCOUNT_1_ADDR(), testPackageKey(ctx));
  });

  it("should_transfer_account_to_account", () => {
    const ctx = setup();
    test_cep18_transfer(ctx, DEFAULT_ACCOUNT_ADDR(), ACCOUNT_1_ADDR(), ACCOUNT_1_ADDR(), ACCOUNT_2_ADDR());
  });

  // ---------------------------------------------------------------- mint_and_burn.rs
  // `ENABLE_MINT_BURN => true` passes a bool: its one byte 1 reads as the u8 1
  const withMintBurn = (on: boolean, extra: Record<string, SdkCLValue> = {}) => setup_with_args({ ...baseArgs(), enable_mint_burn: CLValue.newCLValueBool(on), ...extra });
  const mint = (ctx: TestContext, by: K, owner: K, amount: bigint) => contract_call_by_hash(by, ctx.cep18_token, "mint", { owner, amount: u256(amount) });
  const burn = (ctx: TestContext, by: K, owner: K, amount: bigint) => contract_call_by_hash(by, ctx.cep18_token, "burn", { owner, amount: u256(amount) });

  it("test_mint_and_burn_tokens", () => {
    const mint_amount = 1n;
    const ctx = withMintBurn(true);
    mint(ctx, DEFAULT_ACCOUNT_ADDR(), TOKEN_OWNER_ADDRESS_1, TOKEN_OWNER_AMOUNT_1).expectSuccess();
    mint(ctx, DEFAULT_ACCOUNT_ADDR(), TOKEN_OWNER_ADDRESS_2, TOKEN_OWNER_AMOUNT_2).expectSuccess();
    expect(cep18_check_balance_of(ctx, DEFAULT_ACCOUNT_ADDR())).toBe(TOKEN_TOTAL_SUPPLY);
    expect(cep18_check_balance_of(ctx, TOKEN_OWNER_ADDRESS_1)).toBe(TOKEN_OWNER_AMOUNT_1);
    expect(cep18_check_balance_of(ctx, TOKEN_OWNER_ADDRESS_2)).toBe(TOKEN_OWNER_AMOUNT_2);
    const total_supply_before_mint = cep18_check_total_supply(ctx);
    mint(ctx, DEFAULT_ACCOUNT_ADDR(), TOKEN_OWNER_ADDRESS_1, mint_amount).expectSuccess();
    expect(cep18_check_balance_of(ctx, TOKEN_OWNER_ADDRESS_1)).toBe(TOKEN_OWNER_AMOUNT_1 + mint_amount);
    expect(cep18_check_balance_of(ctx, TOKEN_OWNER_ADDRESS_2)).toBe(TOKEN_OWNER_AMOUNT_2);
    const total_supply_after_mint = cep18_check_total_supply(ctx);
    expect(total_supply_after_mint).toBe(total_supply_before_mint + mint_amount);
    const total_supply_before_burn = total_supply_after_mint;
    burn(ctx, DEFAULT_ACCOUNT_ADDR(), DEFAULT_ACCOUNT_ADDR(), mint_amount).expectSuccess();
    expect(cep18_check_balance_of(ctx, DEFAULT_ACCOUNT_ADDR())).toBe(999_999_999n);
    expect(cep18_check_balance_of(ctx, TOKEN_OWNER_ADDRESS_2)).toBe(TOKEN_OWNER_AMOUNT_2);
    const total_supply_after_burn = cep18_check_total_supply(ctx);
    expect(total_supply_after_burn).toBe(total_supply_before_burn - mint_amount);
    expect(total_supply_after_burn).toBe(total_supply_before_mint);
  });

  it("test_should_not_mint_above_limits", () => {
    const ctx = withMintBurn(true);
    mint(ctx, DEFAULT_ACCOUNT_ADDR(), TOKEN_OWNER_ADDRESS_1, TOKEN_OWNER_AMOUNT_1).expectSuccess();
    mint(ctx, DEFAULT_ACCOUNT_ADDR(), TOKEN_OWNER_ADDRESS_2, TOKEN_OWNER_AMOUNT_2).expectSuccess();
    expect(cep18_check_balance_of(ctx, TOKEN_OWNER_ADDRESS_1)).toBe(TOKEN_OWNER_AMOUNT_1);
    mint(ctx, DEFAULT_ACCOUNT_ADDR(), TOKEN_OWNER_ADDRESS_1, U256_MAX).expectRevert(ERROR_OVERFLOW, { user: true });
  });

  it("test_should_not_burn_above_balance", () => {
    const ctx = withMintBurn(true);
    burn(ctx, DEFAULT_ACCOUNT_ADDR(), DEFAULT_ACCOUNT_ADDR(), TOKEN_TOTAL_SUPPLY + 1n).expectRevert(ERROR_INSUFFICIENT_BALANCE, { user: true });
  });

  it("test_should_not_mint_or_burn_with_entrypoint_disabled", () => {
    const ctx = withMintBurn(false);
    mint(ctx, DEFAULT_ACCOUNT_ADDR(), TOKEN_OWNER_ADDRESS_1, 1n).expectRevert(60016, { user: true });
    burn(ctx, DEFAULT_ACCOUNT_ADDR(), TOKEN_OWNER_ADDRESS_1, 1n).expectRevert(60016, { user: true });
  });

  it("test_security_no_rights", () => {
    const ctx = withMintBurn(true);
    mint(ctx, ACCOUNT_1_ADDR(), ACCOUNT_1_ADDR(), 1n).expectRevert(60010, { user: true });
    mint(ctx, DEFAULT_ACCOUNT_ADDR(), ACCOUNT_1_ADDR(), 1n).expectSuccess();
    burn(ctx, ACCOUNT_1_ADDR(), ACCOUNT_1_ADDR(), 1n).expectSuccess();
  });

  it("test_security_minter_rights", () => {
    const ctx = withMintBurn(true, { minter_list: CLValue.newCLList(sdk.CLTypeKey, [keyOf(`account-hash-${testKey("erin").accountHashHex}`)]) });
    mint(ctx, ACCOUNT_1_ADDR(), TOKEN_OWNER_ADDRESS_1, 1n).expectSuccess();
  });

  it("test_security_burner_rights", () => {
    const ctx = withMintBurn(true);
    mint(ctx, ACCOUNT_1_ADDR(), TOKEN_OWNER_ADDRESS_1, 1n).expectRevert(60010, { user: true });
    // mint by admin
    mint(ctx, DEFAULT_ACCOUNT_ADDR(), DEFAULT_ACCOUNT_ADDR(), 1n).expectSuccess();
    // any user can burn
    burn(ctx, DEFAULT_ACCOUNT_ADDR(), DEFAULT_ACCOUNT_ADDR(), 1n).expectSuccess();
  });

  it("test_change_security", () => {
    const ctx = withMintBurn(true, { admin_list: CLValue.newCLList(sdk.CLTypeKey, [keyOf(`account-hash-${testKey("erin").accountHashHex}`)]) });
    contract_call_by_hash(ACCOUNT_1_ADDR(), ctx.cep18_token, "change_security", { none_list: CLValue.newCLList(sdk.CLTypeKey, [DEFAULT_ACCOUNT_ADDR()]) }).expectSuccess();
    mint(ctx, DEFAULT_ACCOUNT_ADDR(), TOKEN_OWNER_ADDRESS_1, 1n).expectRevert(60010, { user: true });
  });
});
