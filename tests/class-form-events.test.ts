// @event classes emit Casper Event Standard events byte for byte as Rust's casper-event-standard does:
// the class-form token (tests/contracts/class_token.ts, with CEP-18's eight events) and Rust's CEP-18
// (cep18 v1.1.0, casper-event-standard 0.4) run side by side on the engine, and their __events_schema,
// version, count and each event they both emit are compared as bytes. (The Rust build installs on 1.5.8
// only — casper-contract 1.x reads add_contract_version's bytes_written, which 2.0 never writes — so the
// side-by-side runs there; our contract's events are the same on both protocols, checked below.) Both contracts' events are then
// parsed by the CES parser dApps use (@make-software/ces-js-parser 1.3.3 from npm, with its own
// casper-js-sdk 2: tests/oracles/ces-js-parser), and by the generated client's decoder.
import { createRequire } from "node:module";
import sdk from "casper-js-sdk";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Engine, type EngineSnapshot } from "../host/engine/engine.ts";
import { classContract } from "./helpers/class-contracts.ts";
import { cep18Wasm } from "./helpers/rust-contracts.ts";
import { decodeEvent, type ClientSchema } from "../scripts/client/index.ts";

const { CLValue, CLValueParser, Key, CLTypeKey } = sdk;
type SdkCLValue = InstanceType<typeof CLValue>;

// the oracle: the npm parser with the casper-js-sdk 2 it is built for
const oracle = createRequire(import.meta.url)("./oracles/ces-js-parser/index.cjs") as {
  ces: {
    parseSchemasFromBytes(bytes: Uint8Array): Record<string, { property: string; value: unknown }[]>;
    parseEventNameAndData(rawEventHex: string, schemas: Record<string, unknown>): { name: string; data: Record<string, unknown> };
  };
  sdk: { CLValueParsers: { toBytes(v: unknown): { unwrap(): Uint8Array } } };
};

const CSPR = 1_000_000_000n;
const SUPPLY = 1_000_000_000_000n;
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const u256 = (n: bigint) => CLValue.newCLUInt256(n);

describe.each(["1.5.8"] as const)("CES events, class form and Rust CEP-18 side by side, protocol %s", (protocol) => {
  let engine: Engine;
  let installed: EngineSnapshot;
  let ours: string;
  let rust: string;
  let schema: ClientSchema;

  const accountKey = (name: string) => CLValue.newCLKey(Key.newKey(engine.account(name).accountHash));
  /** the stored CLValue (u32 length, bytes, CLType) of a contract's named value */
  const storedBytes = (contract: string, name: string) => hex(CLValueParser.toBytesWithType(engine.value(contract, [name])));
  const eventValue = (contract: string, i: number) => engine.dictionaryItem(contract, String(i), "__events");
  /** the event's own bytes (the Bytes value without its u32 length) */
  const eventBytes = (contract: string, i: number) => new Uint8Array(eventValue(contract, i).bytes()).subarray(4);
  const count = (contract: string) => Number(engine.value(contract, ["__events_length"]).toString());

  beforeAll(async () => {
    const compiled = await classContract("tests/contracts/class_token.ts");
    schema = compiled.contract!.schema;
    engine = new Engine({ protocol });
    engine
      .runSession("alice", cep18Wasm(), {
        name: CLValue.newCLString("RustToken"),
        symbol: CLValue.newCLString("RT"),
        decimals: CLValue.newCLUint8(9),
        total_supply: u256(SUPPLY),
        events_mode: CLValue.newCLUint8(1),
        enable_mint_burn: CLValue.newCLUint8(1),
      }, { payment: 500n * CSPR })
      .expectSuccess();
    rust = engine.account("alice").namedKeys.cep18_contract_hash_RustToken;
    engine
      .runSession("alice", compiled.wasm, { name: CLValue.newCLString("T"), total_supply: u256(SUPPLY), events_mode: CLValue.newCLUint8(1) }, { payment: 500n * CSPR })
      .expectSuccess();
    ours = engine.account("alice").namedKeys.token_contract_T;
    installed = engine.snapshot();
  }, 120_000);

  beforeEach(() => engine.restore(installed));

  const both = (entryPoint: string, args: Record<string, SdkCLValue>, oursArgs = args) => {
    engine.callByHash("alice", rust, entryPoint, args, { payment: 10n * CSPR }).expectSuccess();
    engine.callByHash("alice", ours, entryPoint, oursArgs, { payment: 10n * CSPR }).expectSuccess();
  };

  it("the same CES named keys: __events_schema, __events_ces_version and the count, byte for byte", () => {
    for (const name of ["__events_schema", "__events_ces_version", "__events_length"]) expect(storedBytes(ours, name), name).toBe(storedBytes(rust, name));
    expect(engine.value(ours, ["__events_ces_version"]).toString()).toBe("1.1");
    expect(engine.namedKey(ours, "__events").tag).toBe(engine.namedKey(rust, "__events").tag);
  });

  it("init's Mint, then Transfer and SetAllowance: the same event bytes under the same indices", () => {
    expect(count(ours)).toBe(1);
    expect(hex(eventBytes(ours, 0))).toBe(hex(eventBytes(rust, 0)));
    // the value's CLType is List(U8): casper_types::bytesrepr::Bytes
    expect(hex(CLValueParser.toBytesWithType(eventValue(ours, 0)))).toBe(hex(CLValueParser.toBytesWithType(eventValue(rust, 0))));
    both("transfer", { recipient: accountKey("bob"), amount: u256(12_345n) });
    both("approve", { spender: accountKey("carol"), amount: u256(77n) });
    expect([count(ours), count(rust)]).toEqual([3, 3]);
    for (const i of [1, 2]) expect(hex(eventBytes(ours, i)), `event ${i}`).toBe(hex(eventBytes(rust, i)));
    // and they are what they should be: String "event_Transfer", sender, recipient, amount
    const expected = Buffer.concat([
      CLValue.newCLString("event_Transfer").bytes(),
      accountKey("alice").bytes(),
      accountKey("bob").bytes(),
      u256(12_345n).bytes(),
    ]);
    expect(hex(eventBytes(ours, 1))).toBe(hex(expected));
  });

  it("ChangeSecurity's map is sorted as Rust's BTreeMap<Key, _> (variant, then bytes), whatever the order it was filled in", () => {
    const hashKey = CLValue.newCLKey(Key.newKey(`hash-${"00".repeat(31)}01`));
    const keys = [hashKey, accountKey("carol"), accountKey("bob"), accountKey("dave")];
    engine.callByHash("alice", rust, "change_security", { minter_list: CLValue.newCLList(CLTypeKey, keys) }, { payment: 10n * CSPR }).expectSuccess();
    engine.callByHash("alice", ours, "change_security", { keys: CLValue.newCLList(CLTypeKey, keys), badge: CLValue.newCLUint8(1) }, { payment: 10n * CSPR }).expectSuccess();
    expect(hex(eventBytes(ours, 1))).toBe(hex(eventBytes(rust, 1)));
  });

  it("the npm CES parser (ces-js-parser 1.3.3) reads our schema and events, and Rust's, alike", () => {
    both("transfer", { recipient: accountKey("bob"), amount: u256(12_345n) });
    // the stored value's bytes as they are (casper-js-sdk 5 cannot re-encode a value typed with Any)
    const stored = engine.query(ours, ["__events_schema"]);
    if (stored.kind !== "CLValue") throw new Error("__events_schema is not a CLValue");
    const schemas = oracle.ces.parseSchemasFromBytes(stored.value.bytes);
    expect(Object.keys(schemas).sort()).toEqual(["Burn", "ChangeSecurity", "DecreaseAllowance", "IncreaseAllowance", "Mint", "SetAllowance", "Transfer", "TransferFrom"]);
    expect(schemas.Transfer.map((f) => f.property)).toEqual(["sender", "recipient", "amount"]);
    expect(schemas.ChangeSecurity.map((f) => f.property)).toEqual(["admin", "sec_change_map"]);
    const parse = (contract: string, i: number) => oracle.ces.parseEventNameAndData(hex(CLValueParser.toBytesWithType(eventValue(contract, i))), schemas);
    for (const contract of [ours, rust]) {
      const mint = parse(contract, 0);
      expect(mint.name).toBe("Mint");
      const transfer = parse(contract, 1);
      expect(transfer.name).toBe("Transfer");
      // each field, re-encoded by the parser's SDK, is what casper-js-sdk 5 encodes
      const field = (name: string) => hex(oracle.sdk.CLValueParsers.toBytes(transfer.data[name]).unwrap());
      expect(field("sender")).toBe(hex(accountKey("alice").bytes()));
      expect(field("recipient")).toBe(hex(accountKey("bob").bytes()));
      expect(field("amount")).toBe(hex(u256(12_345n).bytes()));
      expect(hex(oracle.sdk.CLValueParsers.toBytes(mint.data.amount).unwrap())).toBe(hex(u256(SUPPLY).bytes()));
    }
  });

  it("the generated client's decoder reads them from the schema the build wrote", () => {
    both("transfer", { recipient: accountKey("bob"), amount: u256(12_345n) });
    for (const contract of [ours, rust]) {
      expect(decodeEvent(schema, eventBytes(contract, 1))).toEqual({
        name: "Transfer",
        data: { sender: `account-hash-${engine.account("alice").accountHash.slice(13)}`, recipient: `account-hash-${engine.account("bob").accountHash.slice(13)}`, amount: 12_345n },
      });
    }
    expect(() => decodeEvent(schema, eventBytes(ours, 1).subarray(0, 20))).toThrow(/EarlyEndOfStream|need/);
  });
});

describe("CES events of the class form on 2.0.0: the bytes the 1.5.8 run compared with Rust's", () => {
  it("the same schema, version, count and event bytes on both protocols", async () => {
    const { wasm } = await classContract("tests/contracts/class_token.ts");
    const run = (protocol: "1.5.8" | "2.0.0") => {
      const engine = new Engine({ protocol });
      engine.runSession("alice", wasm, { name: CLValue.newCLString("T"), total_supply: u256(SUPPLY), events_mode: CLValue.newCLUint8(1) }, { payment: 500n * CSPR }).expectSuccess();
      const contract = engine.account("alice").namedKeys.token_contract_T;
      const bob = CLValue.newCLKey(Key.newKey(engine.account("bob").accountHash));
      engine.callByHash("alice", contract, "transfer", { recipient: bob, amount: u256(12_345n) }, { payment: 10n * CSPR }).expectSuccess();
      const stored = (name: string) => {
        const v = engine.query(contract, [name]);
        if (v.kind !== "CLValue") throw new Error(name);
        return hex(v.value.bytes);
      };
      return [stored("__events_schema"), stored("__events_ces_version"), stored("__events_length"), ...[0, 1].map((i) => hex(CLValueParser.toBytesWithType(engine.dictionaryItem(contract, String(i), "__events"))))];
    };
    expect(run("2.0.0")).toEqual(run("1.5.8"));
  }, 60_000);
});
