// The typed clients the build generates (build/<name>.client.ts, from the schema): the same client class
// against the local engine (synchronous results) and through the local node over JSON-RPC (a Deploy, and
// a Casper 2.0 TransactionV1), args checked against the schema before anything is sent, results and
// events decoded.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import sdk from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { ClientError, EngineTransport, NetworkTransport } from "../scripts/client/index.ts";
import { generateClient } from "../scripts/client/generate.ts";
import { ROOT } from "../scripts/build/paths.ts";
import { classContract } from "./helpers/class-contracts.ts";
import { startTestNode, type TestNode } from "./helpers/node-server.ts";
import { CHAIN, ED_KEY, SECP_KEY } from "./helpers/node-deploys.ts";

const { CLValue, Key } = sdk;
const CSPR = 1_000_000_000n;
const CLIENT_DIR = path.join(ROOT, "build", "test-clients");

// the generated clients, written as the build writes them and imported as a user would (their types
// are checked by the TypeScript compiler below)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let token: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let keysManager: any;
let tokenWasm: Uint8Array;
let keysManagerWasm: Uint8Array;

beforeAll(async () => {
  mkdirSync(CLIENT_DIR, { recursive: true });
  for (const [name, entry] of [["class_token", "tests/contracts/class_token.ts"], ["keys_manager", "assembly/contracts/keys_manager.ts"]] as const) {
    const c = await classContract(entry);
    const clientFile = path.join(CLIENT_DIR, `${name}.client.ts`);
    writeFileSync(clientFile, generateClient(c.contract!.schema, { contractName: name, clientFile, root: ROOT }));
    if (name === "class_token") tokenWasm = c.wasm;
    else keysManagerWasm = c.wasm;
  }
  token = await import(pathToFileURL(path.join(CLIENT_DIR, "class_token.client.ts")).href);
  keysManager = await import(pathToFileURL(path.join(CLIENT_DIR, "keys_manager.client.ts")).href);
}, 60_000);

describe("a generated client's types", () => {
  it("type-check a correct use, and name each wrong arg, missing arg and unknown entry point (tsc)", () => {
    const usage = path.join(CLIENT_DIR, "usage.ts");
    writeFileSync(
      usage,
      [
        `import { ClassTokenClient } from "./class_token.client.ts";`,
        `import type { Transport } from "../../scripts/client/index.ts";`,
        `declare const t: Transport<number>;`,
        `const c = new ClassTokenClient(t);`,
        `const ok: number = c.transfer({ recipient: "account-hash-00", amount: 5n }) + c.optional_args({ required: 1 });`,
        `c.transfer({ recipient: "account-hash-00", amount: true });`, // line 6: amount is not a BigNumberInput
        `c.transfer({ amount: 1 });`, // line 7: recipient missing
        `c.steal({});`, // line 8: no such entry point
        `c.math128({ op: "add", a: 1, b: 2 });`, // line 9: op is a u8: a number
        `c.install(new Uint8Array(), { name: "x" });`, // line 10: total_supply missing
        `export { ok };`,
      ].join("\n"),
    );
    const program = ts.createProgram([usage], {
      target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true, noEmit: true, skipLibCheck: true, allowImportingTsExtensions: true, esModuleInterop: true, types: ["node"],
    });
    const errors = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === usage);
    const lines = errors.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1);
    if (lines.includes(1)) throw new Error(errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("\n"));
    expect([...new Set(lines)].sort((a, b) => a - b)).toEqual([6, 7, 8, 9, 10]);
    const inClients = ts.getPreEmitDiagnostics(program).filter((d) => d.file && d.file.fileName.endsWith(".client.ts"));
    expect(inClients.map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "))).toEqual([]);
  }, 60_000);
});

describe("a generated client on the local engine", () => {
  let engine: Engine;
  const accountKey = (name: string) => `account-hash-${engine.account(name).accountHash.slice(13)}`;
  const balance = (contract: string, who: string) =>
    BigInt(engine.dictionaryItem(contract, Buffer.from(CLValue.newCLKey(Key.newKey(engine.account(who).accountHash)).bytes()).toString("base64"), "balances").toString());

  beforeAll(() => {
    engine = new Engine();
  });

  it("installs, calls with typed args (bigint, number, SDK objects, formatted keys), and decodes the events", () => {
    const byName = new EngineTransport(engine, "alice", { by: "name", name: "token_contract_C" }, { payment: 100n * CSPR });
    const client = new token.ClassTokenClient(byName);
    client.install(tokenWasm, { name: "C", total_supply: 1_000n, events_mode: 1 }).expectSuccess();
    const contract = engine.account("alice").namedKeys.token_contract_C;
    client.transfer({ recipient: accountKey("bob"), amount: 250 }).expectSuccess();
    client.transfer({ recipient: Key.newKey(engine.account("carol").accountHash), amount: "50" }).expectSuccess();
    expect([balance(contract, "alice"), balance(contract, "bob"), balance(contract, "carol")]).toEqual([700n, 250n, 50n]);
    // another account, the contract by hash
    const bob = new token.ClassTokenClient(new EngineTransport(engine, "bob", { by: "hash", hash: contract }, { payment: 100n * CSPR }));
    bob.transfer({ recipient: accountKey("alice"), amount: 251n }).expectRevert(60001, { user: true });
    // optional args left out, given, null
    client.optional_args({ required: 3, level: 4, maybe: null }).expectSuccess();
    expect(engine.value(contract, ["last"]).toString()).toBe("3 null 4 null none");
    client.optional_args({ required: 3, maybe: [accountKey("bob")], lenient: 2n ** 255n }).expectSuccess();
    expect(engine.value(contract, ["last"]).toString()).toBe(`3 1 7 ${2n ** 255n} none`);
    // events: Mint (init), then the two transfers
    const event = (i: number) => token.decodeClassTokenEvent(new Uint8Array(engine.dictionaryItem(contract, String(i), "__events").bytes()).subarray(4));
    expect(event(0)).toEqual({ name: "Mint", data: { recipient: accountKey("alice"), amount: 1_000n } });
    expect(event(2)).toEqual({ name: "Transfer", data: { sender: accountKey("alice"), recipient: accountKey("carol"), amount: 50n } });
  });

  it("keys_manager's client: a PublicKey object and a list of them", () => {
    const client = new keysManager.KeysManagerClient(new EngineTransport(engine, "alice", { by: "name", name: "keys_manager" }));
    client.install(keysManagerWasm, {}).expectSuccess();
    client.set_key_weight({ account: engine.key("bob").publicKey, weight: 2 }).expectSuccess();
    client.set_all({ deployment_threshold: 1, key_management_threshold: 2, accounts: [engine.key("carol").publicKeyHex], weights: [1] }).expectSuccess();
    expect(engine.account("alice").associatedKeys).toEqual({
      [engine.account("alice").accountHash.slice(13)]: 1,
      [engine.account("bob").accountHash.slice(13)]: 2,
      [engine.account("carol").accountHash.slice(13)]: 1,
    });
  });

  it("refuses, before sending anything, an unknown entry point or arg, a missing arg, a value of the wrong type", () => {
    const client = new token.ClassTokenClient(new EngineTransport(engine, "alice", { by: "name", name: "token_contract_C" }));
    const root = engine.stateRootHash();
    expect(() => client.$invoke("steal", {})).toThrow(ClientError);
    expect(() => client.$invoke("steal", {})).toThrow(/class_token has no entry point 'steal' \(entry points: init, balance_of/);
    expect(() => client.transfer({ recipient: "account-hash-00", amount: 1 } as never)).toThrow(/arg 'recipient': can't parse 'account-hash-00' as a key/);
    expect(() => client.transfer({ amount: 1 } as never)).toThrow(/class_token\.transfer: missing arg 'recipient' \(Key\)/);
    expect(() => client.transfer({ recipient: "account-hash-" + "00".repeat(32), amount: 1, memo: "x" } as never)).toThrow(/unknown arg 'memo' \(args: recipient, amount\)/);
    expect(() => client.transfer({ recipient: "account-hash-" + "00".repeat(32), amount: -1 })).toThrow(/arg 'amount': can't parse '-1' as u256: expected a non-negative integer/);
    expect(() => client.math128({ op: 0, a: 2n ** 128n, b: 0 })).toThrow(/arg 'a'.*out of range for u128/);
    expect(() => client.put_account({ key: "ab", value: 1 })).toThrow(/arg 'key'.*provided 1 bytes but specified a byte_array of 32 bytes/);
    expect(engine.stateRootHash()).toBe(root);
  });
});

describe("a generated client through the local node (JSON-RPC)", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode([
      { publicKeyHex: ED_KEY.publicKey.toHex(), balance: 10_000n * CSPR },
      { publicKeyHex: SECP_KEY.publicKey.toHex(), balance: 10_000n * CSPR },
    ], true);
  }, 60_000);
  afterAll(async () => {
    await node?.close();
  });

  it("installs with a Deploy, calls with a Deploy and with a TransactionV1; the node executed each as the engine would", async () => {
    const edAccount = `account-hash-${ED_KEY.publicKey.accountHash().toHex()}`;
    const secpAccount = `account-hash-${SECP_KEY.publicKey.accountHash().toHex()}`;
    const transport = (transaction: boolean, contract = { by: "name" as const, name: "token_contract_N" }) =>
      new NetworkTransport({ nodeUrl: node.url, chainName: CHAIN, keys: [ED_KEY], contract, paymentMotes: 50n * CSPR, installPaymentMotes: 600n * CSPR, transaction, waitMs: 10_000, pollMs: 50 });
    const deploys = new token.ClassTokenClient(transport(false));
    const installed = await deploys.install(tokenWasm, { name: "N", total_supply: 500n });
    expect(installed.kind).toBe("deploy");
    expect(installed.execution).toMatchObject({ executed: true, success: true });
    const sent = await deploys.transfer({ recipient: secpAccount, amount: 120n });
    expect(sent.execution).toMatchObject({ executed: true, success: true });
    const tx = new token.ClassTokenClient(transport(true));
    const viaTransaction = await tx.transfer({ recipient: secpAccount, amount: 30 });
    expect(viaTransaction.kind).toBe("transaction");
    expect(viaTransaction.execution).toMatchObject({ executed: true, success: true });
    const failed = await tx.transfer({ recipient: secpAccount, amount: 1_000n });
    expect(failed.execution).toMatchObject({ executed: true, success: false, errorMessage: "User error: 60001" });

    const engine = node.backend.engine;
    const contract = engine.account(ED_KEY.publicKey.toHex()).namedKeys.token_contract_N;
    const balance = (account: string) =>
      BigInt(engine.dictionaryItem(contract, Buffer.from(CLValue.newCLKey(Key.newKey(account)).bytes()).toString("base64"), "balances").toString());
    expect([balance(edAccount), balance(secpAccount)]).toEqual([350n, 150n]);
    // nothing reaches the node for a call the schema refuses
    await expect(Promise.resolve().then(() => tx.transfer({ recipient: secpAccount } as never))).rejects.toThrow(/missing arg 'amount'/);
  });
});
