// A class-form contract (tests/contracts/class_token.ts) on the local engine, on both protocols: what the
// generated installer names and stores, the init call, the upgrade path, optional args and args with
// chosen codes, mappings keyed by each kind of CL type (their item keys computed here with casper-js-sdk's
// bytes and node's base64 / hex / blake2b, as a client would), and checked arithmetic at the bounds.
import { blake2b } from "@noble/hashes/blake2b";
import sdk from "casper-js-sdk";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Engine, type EngineSnapshot } from "../host/engine/engine.ts";
import { classContract } from "./helpers/class-contracts.ts";
import { utf8StringValue } from "../scripts/cli/typed-args.ts";
import { ByteWriter } from "../host/bytesrepr/writer.ts";

const { CLValue, Key, CLTypeKey } = sdk;
type SdkCLValue = InstanceType<typeof CLValue>;

const CSPR = 1_000_000_000n;
const PAYMENT = { payment: 100n * CSPR };
const NAME = "T";
const SUPPLY = 1_000_000n;
const ERR = { InsufficientBalance: 60001, Overflow: 60003, AlreadyInitialized: 60015, CannotTargetSelfUser: 60017, RequiredMissing: 100, RequiredInvalid: 101, Underflow: 102 };
// casper-types api_error.rs
const MISSING_ARGUMENT = 2;
const INVALID_ARGUMENT = 3;
const DICTIONARY_ITEM_KEY_EXCEEDS_LENGTH = 36;

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const bytesOf = (v: SdkCLValue) => new Uint8Array(v.bytes());
const u256 = (n: bigint) => CLValue.newCLUInt256(n);
const MAX128 = 2n ** 128n - 1n;
const MAX256 = 2n ** 256n - 1n;
const MAX512 = 2n ** 512n - 1n;

/** A U512 CLValue of any size (casper-js-sdk 5 refuses to encode more than 256 bits): its bytes written here. */
function u512(n: bigint): SdkCLValue {
  const v = CLValue.newCLUInt512(0n);
  const encoded = new ByteWriter().bigUint(n, 64, "U512").toBytes();
  (v as unknown as { ui512: { bytes(): Uint8Array; toString(): string } }).ui512 = { bytes: () => encoded, toString: () => n.toString() };
  return v;
}

describe.each(["1.5.8", "2.0.0"] as const)("class-form token on protocol %s", (protocol) => {
  let wasm: Uint8Array;
  let engine: Engine;
  let installed: EngineSnapshot;
  let contract: string; // hash-…

  const accountKey = (name: string) => CLValue.newCLKey(Key.newKey(engine.account(name).accountHash));
  const call = (entryPoint: string, args: Record<string, SdkCLValue> = {}, from = "alice") => engine.callByHash(from, contract, entryPoint, args, PAYMENT);
  const named = (name: string) => engine.value(contract, [name]);
  const item = (dict: string, itemKey: string) => engine.dictionaryItem(contract, itemKey, dict);
  const install = (args: Record<string, SdkCLValue> = {}, from = "alice") =>
    engine.runSession(from, wasm, { name: CLValue.newCLString(NAME), total_supply: u256(SUPPLY), events_mode: CLValue.newCLUint8(1), ...args }, { payment: 500n * CSPR });

  beforeAll(async () => {
    wasm = (await classContract("tests/contracts/class_token.ts")).wasm;
    engine = new Engine({ protocol });
    install().expectSuccess();
    contract = engine.account("alice").namedKeys[`token_contract_${NAME}`];
    installed = engine.snapshot();
  }, 60_000);

  beforeEach(() => engine.restore(installed));

  it("install: the account's four keys named after the `name` install arg; an upgradable package with one version", () => {
    const keys = engine.account("alice").namedKeys;
    expect(Object.keys(keys).sort()).toEqual([`token_access_${NAME}`, `token_contract_${NAME}`, `token_package_${NAME}`, `token_version_${NAME}`]);
    expect(keys[`token_access_${NAME}`]).toMatch(/^uref-[0-9a-f]{64}-007$/);
    expect(engine.value(keys[`token_version_${NAME}`]).toString()).toBe("1");
    const pkg = engine.contractPackage(keys[`token_package_${NAME}`]);
    expect(pkg.locked).toBe(false);
    expect(pkg.versions.map((v) => `hash-${hex(v.contractHash)}`)).toEqual([contract]);
    expect(`uref-${hex(pkg.accessKey.addr)}-007`).toBe(keys[`token_access_${NAME}`]);
  });

  it("the constructor's fields and every Mapping are the contract's named keys; init named the package and gave the supply to the installer", () => {
    const keys = [...engine.namedKeys(contract).keys()].sort();
    expect(keys).toEqual(
      [
        "name", "total_supply", "events_mode", "package", "last",
        "balances", "allowances", "by_account", "by_public_key", "by_number", "by_text", "by_integer",
        "__events", "__events_length", "__events_schema", "__events_ces_version",
      ].sort(),
    );
    expect(named("name").toString()).toBe(NAME);
    expect(named("total_supply").toString()).toBe(SUPPLY.toString());
    expect(named("events_mode").toString()).toBe("1");
    expect(named("last").toString()).toBe("init");
    // @namedKey: the named key is the package's Key::Hash itself, as cep18's init put_key(package_hash)
    expect(`hash-${hex(engine.namedKey(contract, "package").data)}`).toBe(engine.account("alice").namedKeys[`token_package_${NAME}`]);
    expect(item("balances", Buffer.from(bytesOf(accountKey("alice"))).toString("base64")).toString()).toBe(SUPPLY.toString());
  });

  it("a second init reverts with the contract's error and changes nothing", () => {
    const r = call("init", { total_supply: u256(5n), package_hash: accountKey("bob") }).expectRevert(ERR.AlreadyInitialized, { user: true });
    expect(r.effects.namedKeys).toEqual([]);
    expect(item("balances", Buffer.from(bytesOf(accountKey("alice"))).toString("base64")).toString()).toBe(SUPPLY.toString());
  });

  it("optional install args reach init only when given (admin_list)", () => {
    const r = install({ name: CLValue.newCLString("U"), admin_list: CLValue.newCLList(CLTypeKey, [accountKey("bob"), accountKey("carol")]) });
    r.expectSuccess();
    const other = engine.account("alice").namedKeys.token_contract_U;
    expect(engine.value(other, ["last"]).toString()).toBe("init admins 2");
    expect(engine.value(other, ["events_mode"]).toString()).toBe("1");
    // events_mode absent: its default 0, so no CES keys
    engine.runSession("alice", wasm, { name: CLValue.newCLString("V"), total_supply: u256(1n) }, { payment: 500n * CSPR }).expectSuccess();
    const plain = engine.account("alice").namedKeys.token_contract_V;
    expect(engine.value(plain, ["events_mode"]).toString()).toBe("0");
    expect([...engine.namedKeys(plain).keys()].some((k) => k.startsWith("__events"))).toBe(false);
    // an events_mode of the wrong type counts as absent (the contract's args option, as cep18's install)
    install({ name: CLValue.newCLString("X"), events_mode: CLValue.newCLString("1") }).expectSuccess();
    expect(engine.value(engine.account("alice").namedKeys.token_contract_X, ["events_mode"]).toString()).toBe("0");
  });

  it("an install arg of the wrong type reverts with InvalidArgument; a missing one with MissingArgument", () => {
    engine.runSession("bob", wasm, { name: CLValue.newCLString("W") }, { payment: 500n * CSPR }).expectRevert(MISSING_ARGUMENT);
    engine.runSession("bob", wasm, { name: CLValue.newCLString("W"), total_supply: CLValue.newCLString("1") }, { payment: 500n * CSPR }).expectRevert(INVALID_ARGUMENT);
    expect(engine.account("bob").namedKeys).toEqual({});
  });

  it("upgrade: the installer run again by the holder of the access key adds version 2 to the package, disables version 1, keeps the state", () => {
    const before = engine.account("alice").namedKeys;
    install().expectSuccess();
    const after = engine.account("alice").namedKeys;
    expect(after[`token_package_${NAME}`]).toBe(before[`token_package_${NAME}`]);
    expect(after[`token_contract_${NAME}`]).not.toBe(contract);
    expect(engine.value(after[`token_version_${NAME}`]).toString()).toBe("2");
    const pkg = engine.contractPackage(after[`token_package_${NAME}`]);
    expect(pkg.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(pkg.disabledVersions.length).toBe(1);
    // the new version carries the old named keys over: the same balances dictionary
    const v2 = after[`token_contract_${NAME}`];
    expect([...engine.namedKeys(v2).keys()].sort()).toEqual([...engine.namedKeys(contract).keys()].sort());
    expect(engine.callByHash("alice", v2, "transfer", { recipient: accountKey("bob"), amount: u256(10n) }, PAYMENT).success).toBe(true);
    expect(engine.dictionaryItem(v2, Buffer.from(bytesOf(accountKey("bob"))).toString("base64"), "balances").toString()).toBe("10");
    // the disabled version refuses calls
    expect(call("transfer", { recipient: accountKey("bob"), amount: u256(1n) }).success).toBe(false);
  });

  describe("args", () => {
    const last = () => named("last").toString();
    it("required only: the defaults and nulls of the others", () => {
      call("optional_args", { required: CLValue.newCLUInt32(5) }).expectSuccess();
      expect(last()).toBe("5 null 7 null none");
    });
    it("every optional arg given", () => {
      call("optional_args", {
        required: CLValue.newCLUInt32(6),
        maybe: CLValue.newCLList(CLTypeKey, [accountKey("bob"), accountKey("carol"), accountKey("dave")]),
        level: CLValue.newCLUint8(9),
        lenient: u256(123n),
        plain: CLValue.newCLString("x"),
      }).expectSuccess();
      expect(last()).toBe("6 3 9 123 x");
    });
    it("a required arg with chosen codes: missing and mistyped revert with them", () => {
      call("optional_args", {}).expectRevert(ERR.RequiredMissing, { user: true });
      call("optional_args", { required: CLValue.newCLUint8(5) }).expectRevert(ERR.RequiredInvalid, { user: true });
    });
    it("optional args of the wrong type revert with InvalidArgument, unless declared absent-when-invalid", () => {
      call("optional_args", { required: CLValue.newCLUInt32(5), maybe: CLValue.newCLString("no") }).expectRevert(INVALID_ARGUMENT);
      call("optional_args", { required: CLValue.newCLUInt32(5), level: CLValue.newCLUInt32(9) }).expectRevert(INVALID_ARGUMENT);
      call("optional_args", { required: CLValue.newCLUInt32(5), lenient: CLValue.newCLString("no") }).expectSuccess();
      expect(last()).toBe("5 null 7 null none");
    });
    it("plain required args: MissingArgument (2) and InvalidArgument (3), as Rust's get_named_arg", () => {
      call("transfer", { amount: u256(1n) }).expectRevert(MISSING_ARGUMENT);
      call("transfer", { recipient: accountKey("bob"), amount: CLValue.newCLUint64(1) }).expectRevert(INVALID_ARGUMENT);
    });
  });

  describe("mappings: each key type, each item-key derivation", () => {
    it("Key, base64 of its bytes (cep18 balances)", () => {
      call("put_key", { key: accountKey("bob"), value: u256(42n) }).expectSuccess();
      expect(item("balances", Buffer.from(bytesOf(accountKey("bob"))).toString("base64")).toString()).toBe("42");
      const hashKey = CLValue.newCLKey(Key.newKey(`hash-${"ab".repeat(32)}`));
      call("put_key", { key: hashKey, value: u256(7n) }).expectSuccess();
      expect(item("balances", Buffer.from(bytesOf(hashKey)).toString("base64")).toString()).toBe("7");
    });
    it("Tuple2<Key, Key>, hex of blake2b-256 of both keys' bytes (cep18 allowances)", () => {
      call("put_pair", { owner: accountKey("bob"), spender: accountKey("carol"), value: u256(9n) }).expectSuccess();
      const itemKey = hex(blake2b(Buffer.concat([bytesOf(accountKey("bob")), bytesOf(accountKey("carol"))]), { dkLen: 32 }));
      expect(item("allowances", itemKey).toString()).toBe("9");
      call("approve", { spender: accountKey("dave"), amount: u256(11n) }).expectSuccess();
      const approved = hex(blake2b(Buffer.concat([bytesOf(accountKey("alice")), bytesOf(accountKey("dave"))]), { dkLen: 32 }));
      expect(item("allowances", approved).toString()).toBe("11");
    });
    it("AccountHash (auto: base64 of its 32 bytes)", () => {
      const hash = new Uint8Array(32).fill(0xfe);
      call("put_account", { key: CLValue.newCLByteArray(hash), value: CLValue.newCLUint64(77) }).expectSuccess();
      expect(item("by_account", Buffer.from(hash).toString("base64")).toString()).toBe("77");
    });
    it("PublicKey, hex of its bytes (tag included), ed25519 and secp256k1", () => {
      for (const who of ["bob", "erin"]) {
        const pk = CLValue.newCLPublicKey(engine.key(who).publicKey);
        call("put_public_key", { key: pk, value: CLValue.newCLString(`v-${who}`) }).expectSuccess();
        expect(item("by_public_key", hex(bytesOf(pk))).toString()).toBe(`v-${who}`);
      }
    });
    it("U256, hex of blake2b-256 of its bytesrepr", () => {
      for (const n of [0n, 1n, MAX256]) {
        call("put_number", { key: u256(n), value: CLValue.newCLValueBool(true) }).expectSuccess();
        expect(item("by_number", hex(blake2b(bytesOf(u256(n)), { dkLen: 32 }))).toString()).toBe("true");
      }
    });
    it("string (auto: the text itself, UTF-8), read back in the contract", () => {
      // (casper-js-sdk 5 writes a String's length in UTF-16 units: utf8StringValue writes it as Casper does)
      call("put_text", { key: utf8StringValue("héllo wörld"), value: CLValue.newCLUInt32(5) }).expectSuccess();
      expect(item("by_text", "héllo wörld").toString()).toBe("5");
      call("copy_text", { from: utf8StringValue("héllo wörld"), to: CLValue.newCLString("copy") }).expectSuccess();
      expect(item("by_text", "copy").toString()).toBe("6");
      // ensure(): the contract's own code when the item is absent
      call("copy_text", { from: CLValue.newCLString("nothing"), to: CLValue.newCLString("x") }).expectRevert(1, { user: true });
    });
    it("u64 (auto: decimal)", () => {
      for (const n of [0n, 42n, 2n ** 64n - 1n]) {
        call("put_integer", { key: CLValue.newCLUint64(n), value: CLValue.newCLString(`n${n}`) }).expectSuccess();
        expect(item("by_integer", n.toString()).toString()).toBe(`n${n}`);
      }
    });
    it("an item key over 128 bytes reverts with DictionaryItemKeyExceedsLength (36), as Rust's dictionary_put", () => {
      call("put_text", { key: CLValue.newCLString("x".repeat(128)), value: CLValue.newCLUInt32(1) }).expectSuccess();
      call("put_text", { key: CLValue.newCLString("x".repeat(129)), value: CLValue.newCLUInt32(1) }).expectRevert(DICTIONARY_ITEM_KEY_EXCEEDS_LENGTH);
    });
  });

  describe("checked arithmetic at the bounds (revert codes the contract picks)", () => {
    const widths = [
      ["math128", "r128", MAX128, (n: bigint) => CLValue.newCLUInt128(n)],
      ["math256", "r256", MAX256, u256],
      ["math512", "r512", MAX512, u512],
    ] as const;
    it.each(widths)("%s", (entry, field, max, v) => {
      const op = (o: number, a: bigint, b: bigint) => call(entry, { op: CLValue.newCLUint8(o), a: v(a), b: v(b) });
      const result = () => BigInt(named(field).toString());
      op(0, max - 1n, 1n).expectSuccess();
      expect(result()).toBe(max);
      op(0, max, 1n).expectRevert(ERR.Overflow, { user: true });
      op(0, 1n, max).expectRevert(ERR.Overflow, { user: true });
      op(1, 5n, 5n).expectSuccess();
      expect(result()).toBe(0n);
      op(1, 0n, 1n).expectRevert(ERR.Underflow, { user: true });
      op(1, max, max - 1n).expectSuccess();
      expect(result()).toBe(1n);
      const half = 1n << BigInt((max.toString(2).length) / 2);
      op(2, half - 1n, half + 1n).expectSuccess(); // (2^(n/2))^2 - 1 = max
      expect(result()).toBe(max);
      op(2, half, half).expectRevert(ERR.Overflow, { user: true });
      op(2, max, 0n).expectSuccess();
      expect(result()).toBe(0n);
      op(2, 3n, max / 3n).expectSuccess();
      expect(result()).toBe(max);
      op(2, 2n, max / 2n + 1n).expectRevert(ERR.Overflow, { user: true });
      op(3, max, 1n).expectSuccess();
      expect(result()).toBe(max);
      op(4, 1n, 2n).expectSuccess();
      expect(result()).toBe(0n);
    });
    it("maxOf / U512.max: 2^128-1, 2^256-1, 2^512-1", () => {
      call("maxima").expectSuccess();
      expect(BigInt(named("r128").toString())).toBe(MAX128);
      expect(BigInt(named("r256").toString())).toBe(MAX256);
      expect(BigInt(named("r512").toString())).toBe(MAX512);
    });
  });

  it("transfer: balances move, a self-transfer and an overdraft revert with the contract's errors", () => {
    call("transfer", { recipient: accountKey("bob"), amount: u256(100n) }).expectSuccess();
    const balance = (who: string) => BigInt(item("balances", Buffer.from(bytesOf(accountKey(who))).toString("base64")).toString());
    expect(balance("alice")).toBe(SUPPLY - 100n);
    expect(balance("bob")).toBe(100n);
    call("transfer", { recipient: accountKey("alice"), amount: u256(1n) }).expectRevert(ERR.CannotTargetSelfUser, { user: true });
    call("transfer", { recipient: accountKey("alice"), amount: u256(101n) }, "bob").expectRevert(ERR.InsufficientBalance, { user: true });
    expect(balance("bob")).toBe(100n);
  });
});
