// `npm run call` with a contract schema: the entry point and every --arg checked before anything is
// signed (unknown entry point or arg, another type, a missing required arg), --unchecked to skip it,
// --schema to name the file, a schema found by the named key (templates with {arg} included), and the
// entry points listed by --help.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../scripts/cli.ts";
import { buildSchemas, schemaForNamedKey } from "../scripts/cli/contract-schemas.ts";
import { ED_KEY, SECP_KEY } from "./helpers/node-deploys.ts";
import { classContract } from "./helpers/class-contracts.ts";
import { tempDirRemovedAfterAll } from "./helpers/temp-dirs.ts";

const CHAIN = "casper-net-1";
const dir = tempDirRemovedAfterAll("casper-as-cli-schema-");
const keyFile = join(dir, "secret_key.pem");
let tokenSchema: string;

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

beforeAll(async () => {
  writeFileSync(keyFile, ED_KEY.toPem());
  const c = await classContract("tests/contracts/class_token.ts");
  tokenSchema = join(dir, "class_token.schema.json");
  writeFileSync(tokenSchema, JSON.stringify(c.contract!.schema));
}, 60_000);

const signing = ["--key", keyFile, "--payment", "3cspr", "--chain", CHAIN, "--dry-run"];

describe("call, checked against the contract's schema", () => {
  it("a call that matches the schema is signed", async () => {
    const r = await cli("call", "keys_manager", "set_key_weight", "--arg", `account:public_key='${SECP_KEY.publicKey.toHex()}'`, "--arg", "weight:u8='2'", ...signing);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).session.StoredContractByName.entry_point).toBe("set_key_weight");
  });

  it("refuses an unknown entry point, an unknown arg, an arg of another type, a missing arg: exit 2, nothing signed", async () => {
    const cases: [string[], RegExp][] = [
      [["set_weight"], /keys_manager \(build\/keys_manager\.schema\.json\) has no entry point 'set_weight'; it has: set_key_weight, set_deployment_threshold/],
      [["set_deployment_threshold", "--arg", "weight:u8='1'", "--arg", "memo:string='x'"], /set_deployment_threshold takes no arg 'memo'.*its args: weight:u8/],
      [["set_deployment_threshold", "--arg", "weight:u32='1'"], /arg 'weight' of set_deployment_threshold is U8 \(--arg weight:u8='…'\), not u32/],
      [["set_all", "--arg", "deployment_threshold:u8='1'", "--arg", "key_management_threshold:u8='1'", "--arg", "weights:list<u8>='[1]'", "--arg", "accounts:list<account_hash>='[]'"],
        /arg 'accounts' of set_all is List<PublicKey> \(--arg accounts:list<public_key>='…'\), not list<account_hash>/],
      [["set_key_weight", "--arg", "weight:u8='1'"], /set_key_weight needs --arg account:public_key='…'/],
    ];
    for (const [args, message] of cases) {
      const r = await cli("call", "keys_manager", ...args, ...signing);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.err).toMatch(message);
      expect(r.out).toBe("");
    }
  });

  it("--unchecked sends what it is given; a contract by hash has no schema unless --schema names one", async () => {
    expect((await cli("call", "keys_manager", "set_key_weight", "--unchecked", ...signing)).code).toBe(0);
    expect((await cli("call", `hash-${"cd".repeat(32)}`, "anything", ...signing)).code).toBe(0);
    const r = await cli("call", `hash-${"cd".repeat(32)}`, "anything", "--schema", tokenSchema, ...signing);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/class_token \(.*class_token\.schema\.json\) has no entry point 'anything'/);
    expect((await cli("call", "x", "y", "--schema", join(dir, "nope.json"), ...signing)).err).toMatch(/--schema .*nope\.json: ENOENT/);
  });

  it("--schema checks a class-form contract's optional args and its types", async () => {
    const call = (...args: string[]) => cli("call", "token_contract_X", "optional_args", "--schema", tokenSchema, ...args, ...signing);
    expect((await call("--arg", "required:u32='1'")).code).toBe(0);
    expect((await call("--arg", "required:u32='1'", "--arg", "lenient:u256='5'", "--arg", "maybe:list<key>='[]'")).code).toBe(0);
    expect((await call("--arg", "lenient:u256='5'")).err).toMatch(/optional_args needs --arg required:u32='…'/);
  });

  it("finds the schema by the named key: a literal name, or a name made from an install arg ({name})", () => {
    // the build's schemas and the test's copy of class_token's
    const schemas = [...buildSchemas(), ...buildSchemas(dir)];
    const found = (name: string, pkg = false) => schemaForNamedKey(name, pkg, schemas)?.schema.contract_name;
    expect(found("keys_manager")).toBe("keys_manager");
    expect(found("keys_manager_hash")).toBeUndefined(); // a URef holding the hash, not the contract's key
    expect(found("token_contract_Gold")).toBe("class_token");
    expect(found("token_package_Gold", true)).toBe("class_token");
    expect(found("token_package_Gold")).toBeUndefined();
    expect(found("token_contract_")).toBeUndefined(); // {name} stands for at least one character
  });

  it("--help lists the entry points with their args", async () => {
    const all = await cli("call", "--help");
    expect(all.out).toContain("Entry points of keys_manager (build/keys_manager.schema.json):");
    expect(all.out).toContain("  set_all(deployment_threshold: U8, key_management_threshold: U8, accounts: List<PublicKey>, weights: List<U8>)");
    const one = await cli("call", "token_contract_X", "--schema", tokenSchema, "--help");
    expect(one.out).toContain("  optional_args(required: U32, maybe?: List<Key>, level?: U8, lenient?: U256, plain?: String)");
    expect(one.out).toContain("  balance_of(address: Key) -> U256  The balance of `address`.");
    expect(one.out).not.toContain("Entry points of keys_manager");
  });
});
