// The contract schema the build writes beside a class-form contract's wasm: valid against the Casper
// Contract Schema format (tests/fixtures/casper-contract-schema, checked with ajv, which also accepts
// the format's own examples and refuses broken copies), and true to the contract: every entry point, arg,
// type, access and context of the schema is what the installed contract has on the engine, the named
// keys it lists are the ones the installer and the contract create, and the errors are the contract's.
import { readFileSync } from "node:fs";
import AjvModule from "ajv";
import sdk from "casper-js-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { clTypeToString } from "../host/bytesrepr/cl-type.ts";
import { clTypeOfSchema } from "../scripts/client/index.ts";
import type { ContractSchema } from "../scripts/build/transform/schema.ts";
import { classContract } from "./helpers/class-contracts.ts";

const { CLValue } = sdk;
// ajv is CommonJS: its class is the module's default export under ESM
const Ajv = ((AjvModule as unknown as { default?: typeof AjvModule }).default ?? AjvModule) as typeof AjvModule;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/casper-contract-schema/${name}`, import.meta.url), "utf8"));
const validate = new Ajv({ allErrors: true, strict: false }).compile(fixture("json-schema.json"));
const errorsOf = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`));

describe("the format's JSON schema (tests/fixtures/casper-contract-schema)", () => {
  it("accepts the format's own examples", () => {
    expect(errorsOf(fixture("erc20_schema.json"))).toEqual([]);
    expect(errorsOf(fixture("dns_schema.json"))).toEqual([]);
  });

  it("refuses broken copies: a missing field, an unknown access, a malformed type, a discriminant out of range", () => {
    const broken = (change: (d: Record<string, any>) => void) => {
      const d = fixture("erc20_schema.json");
      change(d);
      return errorsOf(d);
    };
    expect(broken((d) => delete d.entry_points)).not.toEqual([]);
    expect(broken((d) => (d.entry_points[0].access = "private"))).not.toEqual([]);
    expect(broken((d) => (d.entry_points[0].arguments[0].ty = { Option: 5 }))).not.toEqual([]);
    expect(broken((d) => (d.entry_points[0].arguments[0].ty = { Tuple2: ["U8"] }))).not.toEqual([]);
    expect(broken((d) => (d.errors[0].discriminant = 70000))).not.toEqual([]);
    expect(broken((d) => (d.entry_points[0].is_mutable = "yes"))).not.toEqual([]);
  });
});

describe.each([
  ["keys_manager", "assembly/contracts/keys_manager.ts"],
  ["class_token", "tests/contracts/class_token.ts"],
])("the schema of %s", (name, entry) => {
  let schema: ContractSchema;
  let wasm: Uint8Array;
  beforeAll(async () => {
    const c = await classContract(entry);
    schema = c.contract!.schema;
    wasm = c.wasm;
  }, 60_000);

  it("is valid against the format's JSON schema", () => {
    expect(errorsOf(JSON.parse(JSON.stringify(schema)))).toEqual([]);
    expect(schema.casper_contract_schema_version).toBe(1);
    expect(schema.toolchain).toMatch(/^casper-as .* \(AssemblyScript 0\.28\.\d+\)$/);
  });

  it("describes the installed contract's entry points exactly", () => {
    const engine = new Engine();
    const args: Record<string, InstanceType<typeof CLValue>> =
      name === "class_token" ? { name: CLValue.newCLString("S"), total_supply: CLValue.newCLUInt256(1n) } : {};
    engine.runSession("alice", wasm, args, { payment: 500n * 1_000_000_000n }).expectSuccess();
    const contractKey = schema.named_keys.account.find((k) => k.value === "contract_hash")!.name.replace("{name}", "S");
    const installed = engine.entryPoints("alice", contractKey);
    expect([...installed.keys()].sort()).toEqual(schema.entry_points.map((e) => e.name).sort());
    for (const ep of schema.entry_points) {
      const actual = installed.get(ep.name)!;
      expect(actual.args.map((a) => `${a.name}: ${clTypeToString(a.clType)}`), ep.name).toEqual(ep.arguments.map((a) => `${a.name}: ${clTypeToString(clTypeOfSchema(a.ty))}`));
      expect(clTypeToString(actual.ret), ep.name).toBe(clTypeToString(clTypeOfSchema(ep.return_ty)));
      expect(actual.entryPointType, ep.name).toBe(ep.is_contract_context ? "Contract" : "Session");
      expect(actual.access, ep.name).toEqual(ep.access === "public" ? { kind: "Public" } : { kind: "Groups", groups: ep.access.groups });
    }
    // the named keys it lists: the installer's in the account, the contract's own (value fields set by the constructor or init)
    expect(Object.keys(engine.account("alice").namedKeys).sort()).toEqual(schema.named_keys.account.map((k) => k.name.replace("{name}", "S")).sort());
    const contractKeys = [...engine.namedKeys(engine.account("alice").namedKeys[contractKey]).keys()];
    for (const k of schema.named_keys.contract.filter((c) => c.kind !== "value" && c.kind !== "named_key" && c.kind !== "events")) expect(contractKeys).toContain(k.name);
  });

  if (name === "keys_manager") {
    it("keys_manager: its errors with their codes and descriptions, its Caller entry points, no install args", () => {
      expect(schema.errors.map((e) => [e.name, e.discriminant])).toEqual([
        ["PermissionDenied", 2], ["ThresholdViolation", 3], ["MaxKeysLimit", 4], ["DuplicateKey", 5],
        ["KeyManagementThreshold", 6], ["DeploymentThreshold", 7], ["InsufficientTotalWeight", 8],
      ]);
      expect(schema.errors[0].description).toBe("the deploy's approvals weigh less than the key management threshold");
      expect(schema.entry_points.every((e) => !e.is_contract_context)).toBe(true);
      expect(schema.call).toEqual({ wasm_file_name: "keys_manager.wasm", description: "Manages the calling account's associated keys and action thresholds.", arguments: [] });
      expect(schema.named_keys.account).toEqual([{ name: "keys_manager", value: "contract_hash" }, { name: "keys_manager_hash", value: "contract_hash_uref" }]);
    });
  } else {
    it("class_token: install args (optional ones marked), events as struct types, mappings with their item keys", () => {
      expect(schema.call!.arguments.map((a) => [a.name, a.ty, a.optional])).toEqual([
        ["name", "String", false], ["total_supply", "U256", false], ["events_mode", "U8", true], ["admin_list", { List: "Key" }, true],
      ]);
      expect(schema.events.map((e) => e.name)).toEqual(["Mint", "Burn", "SetAllowance", "IncreaseAllowance", "DecreaseAllowance", "Transfer", "TransferFrom", "ChangeSecurity"]);
      const transfer = schema.types.find((t) => t.struct.name === "Transfer")!.struct;
      expect(transfer.description).toBe("Tokens moved from `sender` to `recipient`.");
      expect(transfer.members.map((m) => [m.name, m.ty])).toEqual([["sender", "Key"], ["recipient", "Key"], ["amount", "U256"]]);
      expect(schema.types.find((t) => t.struct.name === "ChangeSecurity")!.struct.members[1].ty).toEqual({ Map: { key: "Key", value: "U8" } });
      const dict = (n: string) => schema.named_keys.contract.find((k) => k.name === n);
      expect(dict("balances")).toEqual({ name: "balances", kind: "dictionary", key_ty: "Key", ty: "U256", item_key: "base64" });
      expect(dict("allowances")).toEqual({ name: "allowances", kind: "dictionary", key_ty: { Tuple2: ["Key", "Key"] }, ty: "U256", item_key: "blake2b_hex" });
      expect(dict("by_text")!.item_key).toBe("text");
      expect(dict("by_account")!.item_key).toBe("base64");
      expect(dict("package")).toEqual({ name: "package", kind: "named_key", ty: "Key" });
      const opt = schema.entry_points.find((e) => e.name === "optional_args")!;
      expect(opt.arguments.map((a) => [a.name, a.optional])).toEqual([["required", false], ["maybe", true], ["level", true], ["lenient", true], ["plain", true]]);
      expect(schema.entry_points.find((e) => e.name === "balance_of")!).toMatchObject({ is_mutable: false, return_ty: "U256", description: "The balance of `address`." });
      expect(schema.errors.find((e) => e.name === "AlreadyInitialized")).toEqual({ name: "AlreadyInitialized", description: "init ran already", discriminant: 60015 });
    });
  }
});
