// The CLI's commands end to end: what --dry-run signs (checked by the node's own verifier), what is
// sent to the local node on 127.0.0.1 (on the engine) and read back, and each failure the issue names —
// missing key file, wrong chain, unreachable node, rejected deploy (the node's code and message),
// timeout — with nothing sent twice.
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sdk from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDeployJson } from "../host/node/deploy-json.ts";
import { readTransactionV1Json } from "../host/node/transaction-json.ts";
import { verifyDeployStateless } from "../host/node/verify-deploy.ts";
import { verifyTransactionStateless } from "../host/node/verify-transaction.ts";
import { main, COMMANDS } from "../scripts/cli.ts";
import { writeKeyFiles } from "../scripts/cli/keys.ts";
import { GAS_REPORT_PATH, gasReportPath, paymentForWasm } from "../scripts/cli/default-payment.ts";
import { NodeClient, NodeError } from "../scripts/cli/node-client.ts";
import { CHAIN, ED_KEY, OTHER_KEY, SECP_KEY, WASM } from "./helpers/node-deploys.ts";
import { startTestNode, type TestNode } from "./helpers/node-server.ts";
import { wat } from "./helpers/wasm-helpers.ts";
import { tempDirRemovedAfterAll } from "./helpers/temp-dirs.ts";

const dir = tempDirRemovedAfterAll("casper-as-cli-cmd-");
const alice = join(dir, "alice");
const bob = join(dir, "bob");
const wasmPath = join(dir, "session.wasm");
let t: TestNode;

/** A gas report for the wasm as built now (the committed one may describe an older build), with roomy figures. */
const reportPath = join(dir, "gas-report.json");
const savedReportEnv = process.env.CASPER_AS_GAS_REPORT;

beforeAll(async () => {
  const sha = (name: string) => {
    const bytes = readFileSync(join(process.cwd(), "build", `${name}.wasm`));
    return `${bytes.length} B sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  };
  const figure = (cspr: number) => ({ gas: 1, payment: cspr * 1_000_000_000 });
  writeFileSync(reportPath, JSON.stringify({
    artifacts: { "keys_manager.wasm": sha("keys_manager"), "delegate.wasm": sha("delegate") },
    "2.0.0": {
      // at least 2.5 CSPR each: the 2.0 acceptor refuses a smaller payment (deploy.rs is_config_compliant)
      "keys_manager:install": figure(20), "keys_manager:set_key_weight": figure(3), "keys_manager:set_all": figure(4), "delegate:call": figure(6),
    },
  }));
  process.env.CASPER_AS_GAS_REPORT = reportPath;
  writeKeyFiles(ED_KEY, alice);
  writeKeyFiles(SECP_KEY, bob);
  writeFileSync(wasmPath, WASM);
  t = await startTestNode([
    { publicKeyHex: ED_KEY.publicKey.toHex(), balance: 5_000_000_000_000n },
    { publicKeyHex: SECP_KEY.publicKey.toHex(), balance: 7n },
  ], true);
});
afterAll(async () => {
  if (savedReportEnv === undefined) delete process.env.CASPER_AS_GAS_REPORT;
  else process.env.CASPER_AS_GAS_REPORT = savedReportEnv;
  await t.close();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const local = () => ["--node", t.url, "--chain", CHAIN];
const nodeNow = () => BigInt(Date.now());

describe("--dry-run signs and prints, sends nothing", () => {
  it("deploy: a Deploy the node's verifier accepts, with the typed args", async () => {
    const before = t.node.chain.height;
    const r = await cli("deploy", wasmPath, "--key", alice, "--payment", "3cspr", "--chain", CHAIN, "--dry-run",
      "--arg", "weight:u8='3'", "--arg", `accounts:list<account_hash>='["account-hash-${"ab".repeat(32)}"]'`);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(verifyDeployStateless(readDeployJson(json), t.node.chainspec, nodeNow())).toBeNull();
    expect(json.header.chain_name).toBe(CHAIN);
    expect(json.payment.ModuleBytes.args[0][1]).toMatchObject({ cl_type: "U512", bytes: "04005ed0b2" });
    expect(json.session.ModuleBytes.args.map((a: any[]) => a[0])).toEqual(["weight", "accounts"]);
    expect(json.session.ModuleBytes.args[1][1].cl_type).toEqual({ List: { ByteArray: 32 } });
    expect(r.err).toMatch(/dry run: deploy [0-9a-f]{64} signed for 'casper-net-1', nothing sent/);
    expect(t.node.chain.height).toBe(before);
  });

  it("--transaction: a TransactionV1 the node's verifier accepts", async () => {
    const r = await cli("deploy", wasmPath, "--key", alice, "--payment", "3cspr", "--chain", CHAIN, "--dry-run", "--transaction");
    expect(r.code).toBe(0);
    expect(verifyTransactionStateless(readTransactionV1Json(JSON.parse(r.out)), t.node.chainspec, nodeNow())).toBeNull();
  });

  it("multi-signature: every --key signs; --account sets whose deploy it is", async () => {
    const r = await cli("call", "keys_manager", "set_all", "--unchecked", "--key", bob, "--key", alice, "--account", ED_KEY.publicKey.toHex(),
      "--payment", "3cspr", "--chain", CHAIN, "--dry-run");
    const json = JSON.parse(r.out);
    expect(json.header.account).toBe(ED_KEY.publicKey.toHex());
    expect(json.approvals.map((a: any) => a.signer).sort()).toEqual([ED_KEY.publicKey.toHex(), SECP_KEY.publicKey.toHex()].sort());
    expect(verifyDeployStateless(readDeployJson(json), t.node.chainspec, nodeNow())).toBeNull();
  });

  it("call: by named key, by hash, through a package with a version", async () => {
    const session = async (...extra: string[]) =>
      JSON.parse((await cli("call", ...extra, "--unchecked", "--key", alice, "--payment", "1cspr", "--chain", CHAIN, "--dry-run")).out).session;
    expect(await session("keys_manager", "set_key_weight")).toHaveProperty("StoredContractByName.name", "keys_manager");
    expect(await session(`hash-${"cd".repeat(32)}`, "ep")).toHaveProperty("StoredContractByHash.hash", "cd".repeat(32));
    const pkg = await session("kp", "ep", "--package", "--version", "2");
    expect(pkg.StoredVersionedContractByName).toMatchObject({ name: "kp", version: 2, entry_point: "ep" });
  });

  it("delegate: delegate.wasm with delegator, validator and the amount in motes", async () => {
    const r = await cli("delegate", "--validator", OTHER_KEY.publicKey.toHex(), "--amount", "500cspr", "--wasm", wasmPath,
      "--key", alice, "--payment", "5cspr", "--chain", CHAIN, "--dry-run");
    expect(r.code).toBe(0);
    const a = Object.fromEntries(JSON.parse(r.out).session.ModuleBytes.args.map((x: any[]) => [x[0], x[1]]));
    expect(Object.keys(a)).toEqual(["delegator", "validator", "amount"]);
    expect(a.delegator.bytes).toBe(ED_KEY.publicKey.toHex());
    expect(a.validator.bytes).toBe(OTHER_KEY.publicKey.toHex());
    expect(a.amount).toEqual({ cl_type: "U512", bytes: "050088526a74" }); // 500_000_000_000 = 0x746a528800
  });

  it("undelegate: a call to the auction's undelegate by hash; a local chain needs --auction to sign offline", async () => {
    const auction = "ef".repeat(32);
    const r = await cli("undelegate", "--validator", OTHER_KEY.publicKey.toHex(), "--amount", "100cspr", "--auction", `hash-${auction}`,
      "--key", alice, "--payment", "3cspr", "--chain", CHAIN, "--dry-run");
    expect(JSON.parse(r.out).session.StoredContractByHash).toMatchObject({ hash: auction, entry_point: "undelegate" });
    const without = await cli("undelegate", "--validator", OTHER_KEY.publicKey.toHex(), "--amount", "100cspr", "--key", alice,
      "--payment", "3cspr", "--chain", CHAIN, "--dry-run");
    expect(without.code).toBe(2);
    expect(without.err).toContain("needs --auction <hash>");
  });

  it("native delegate and transfer with --transaction default their payment to the chainspec's fixed costs", async () => {
    const d = JSON.parse((await cli("delegate", "--validator", OTHER_KEY.publicKey.toHex(), "--amount", "500cspr", "--transaction",
      "--key", alice, "--chain", CHAIN, "--dry-run")).out);
    expect(d.payload.pricing_mode.PaymentLimited.payment_amount).toBe(2_500_000_000);
    expect(d.payload.fields.entry_point).toBe("Delegate");
    const tr = JSON.parse((await cli("transfer", "--to", OTHER_KEY.publicKey.toHex(), "--amount", "3cspr", "--key", alice, "--chain", CHAIN, "--dry-run")).out);
    expect(tr.payment.ModuleBytes.args[0][1].bytes).toBe("0400e1f505"); // 100_000_000 motes
  });
});

describe("default payments come from the gas report (Casper 2.0.0 figures)", () => {
  const figure = (key: string) => String(JSON.parse(readFileSync(reportPath, "utf8"))["2.0.0"][key].payment);

  it("the committed scripts/gas-report.json is the default and has a figure for each deploy the CLI looks up", () => {
    delete process.env.CASPER_AS_GAS_REPORT;
    expect(gasReportPath()).toBe(GAS_REPORT_PATH);
    process.env.CASPER_AS_GAS_REPORT = reportPath;
    expect(gasReportPath()).toBe(reportPath);
    const committed = JSON.parse(readFileSync(GAS_REPORT_PATH, "utf8"))["2.0.0"];
    for (const key of ["keys_manager:install", "keys_manager:set_key_weight", "keys_manager:set_all", "delegate:call"]) {
      expect(Number.isSafeInteger(committed[key].payment), key).toBe(true);
      expect(committed[key].payment).toBeGreaterThan(committed[key].gas);
    }
  });

  // a U512's bytes: a length byte, then that many little-endian bytes
  const paymentOf = (json: any) => {
    const b = Buffer.from(json.payment.ModuleBytes.args.find((a: any[]) => a[0] === "amount")[1].bytes, "hex");
    return [...b.subarray(1, 1 + b[0])].reduceRight((n, byte) => n * 256n + BigInt(byte), 0n).toString();
  };
  const kmPath = join(process.cwd(), "build", "keys_manager.wasm");

  it("deploy of a measured contract, call of a measured entry point, delegate.wasm: the report's payment, said on stderr", async () => {
    const d = await cli("deploy", kmPath, "--key", alice, "--chain", CHAIN, "--dry-run");
    expect(d.code, d.err).toBe(0);
    expect(paymentOf(JSON.parse(d.out))).toBe(figure("keys_manager:install"));
    expect(d.err).toContain("the gas report's figure for keys_manager:install (Casper 2.0.0: measured gas x 1.5); --payment overrides it");
    const c = await cli("call", "keys_manager", "set_all", "--unchecked", "--key", alice, "--chain", CHAIN, "--dry-run");
    expect(paymentOf(JSON.parse(c.out))).toBe(figure("keys_manager:set_all"));
    const g = await cli("delegate", "--validator", OTHER_KEY.publicKey.toHex(), "--amount", "500cspr", "--key", alice, "--chain", CHAIN, "--dry-run");
    expect(paymentOf(JSON.parse(g.out))).toBe(figure("delegate:call"));
    // --payment wins
    const own = await cli("deploy", kmPath, "--key", alice, "--payment", "77cspr", "--chain", CHAIN, "--dry-run");
    expect(paymentOf(JSON.parse(own.out))).toBe("77000000000");
  });

  it("no default where the report has no figure, or measured another build of the wasm", async () => {
    const byHash = await cli("call", `hash-${"cd".repeat(32)}`, "ep", "--key", alice, "--chain", CHAIN, "--dry-run");
    expect(byHash.code).toBe(2);
    expect(byHash.err).toContain("--payment is required: a contract given by hash has no gas figure; pass e.g. --payment 5cspr");
    // the schema refuses an unknown entry point before any payment is looked for; unchecked, the report has no figure
    const refused = await cli("call", "keys_manager", "no_such_entry_point", "--key", alice, "--chain", CHAIN, "--dry-run");
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("keys_manager (build/keys_manager.schema.json) has no entry point 'no_such_entry_point'");
    const unknown = await cli("call", "keys_manager", "no_such_entry_point", "--unchecked", "--key", alice, "--chain", CHAIN, "--dry-run");
    expect(unknown.err).toContain(`no gas figure for keys_manager.no_such_entry_point in ${reportPath}`);
    const rebuilt = join(dir, "keys_manager.wasm");
    writeFileSync(rebuilt, Buffer.concat([readFileSync(kmPath), Buffer.from([0, 2, 1, 0x78])])); // one more custom section (size 2: name length 1, "x")
    const other = await cli("deploy", rebuilt, "--key", alice, "--chain", CHAIN, "--dry-run");
    expect(other.code).toBe(2);
    expect(other.err).toContain(`${rebuilt} is not the keys_manager.wasm the gas report measured`);
    expect(paymentForWasm(kmPath, readFileSync(kmPath), join(dir, "no-report.json"))).toBe(`there is no gas report (${join(dir, "no-report.json")}; npm run gas -- --update writes it)`);
  });
});

describe("sending to a node and reading back", () => {
  it("transfer --wait: hash, explorer line, result in its block; status and balance read it back", async () => {
    const r = await cli("transfer", "--to", OTHER_KEY.publicKey.toHex(), "--amount", "2.5cspr", "--id", "7", "--key", alice, ...local(), "--wait");
    expect(r.code).toBe(0);
    const hash = /Deploy hash: ([0-9a-f]{64})/.exec(r.out)![1];
    expect(r.out).toContain("Explorer: none for chain 'casper-net-1'");
    expect(r.out).toMatch(new RegExp(`Result:  success in block ${t.node.chain.height} \\(${t.node.chain.latest().hash}\\)`));
    expect((t.node.chain.item(hash) as { blockHeight?: number } | undefined)?.blockHeight).toBe(t.node.chain.height);
    // the engine moved the motes: 2.5 CSPR to a new account
    expect(t.backend.engine.balance(OTHER_KEY.publicKey.toHex())).toBe(2_500_000_000n);
    const status = await cli("status", hash, "--node", t.url, "--chain", CHAIN);
    expect(status.code).toBe(0);
    expect(status.out).toContain(`Deploy hash: ${hash}`);
    expect(status.out).toContain("Result:  success");
  });

  it("a transaction (--transaction) is sent with account_put_transaction and read back with status --transaction", async () => {
    const r = await cli("deploy", wasmPath, "--key", alice, "--payment", "3cspr", ...local(), "--transaction", "--wait");
    expect(r.code).toBe(0);
    const hash = /Transaction hash: ([0-9a-f]{64})/.exec(r.out)![1];
    expect(t.node.chain.item(hash)?.kind).toBe("transactionV1");
    expect((await cli("status", hash, "--transaction", "--node", t.url)).out).toContain("Result:  success");
  });

  it("balance and account", async () => {
    const b = await cli("balance", "--key", bob, "--node", t.url);
    expect(b).toMatchObject({ code: 0, out: "Balance: 0.000000007 CSPR (7 motes)" });
    const a = await cli("account", ED_KEY.publicKey.toHex(), "--node", t.url);
    expect(a.code).toBe(0);
    expect(a.out).toContain(`Account:    ${ED_KEY.publicKey.accountHash().toPrefixedString()}`);
    expect(a.out).toContain("Thresholds: deployment 1, key management 1");
  });

  it("testnet deploys link to cspr.live", async () => {
    const { explorerLink } = await import("../scripts/cli/execution-report.ts");
    expect(explorerLink("casper-test", "deploy", "ab")).toBe("https://testnet.cspr.live/deploy/ab");
    expect(explorerLink("casper-test", "transaction", "ab")).toBe("https://testnet.cspr.live/transaction/ab");
  });
});

describe("the CLI's commands on the engine: a contract's life", () => {
  const kmPath = join(process.cwd(), "build", "keys_manager.wasm");
  const delegatePath = join(process.cwd(), "build", "delegate.wasm");

  it("deploy keys_manager, call set_key_weight with a typed arg, read it back with account", async () => {
    const installed = await cli("deploy", kmPath, "--key", alice, ...local(), "--wait"); // the gas report's payment
    expect(installed.code, installed.err).toBe(0);
    expect(installed.out).toMatch(/Result:  success in block \d+/);
    const named = await cli("account", "--key", alice, "--node", t.url);
    expect(named.out).toMatch(/keys_manager = hash-[0-9a-f]{64}/);
    const called = await cli("call", "keys_manager", "set_key_weight", "--arg", `account:public_key='${SECP_KEY.publicKey.toHex()}'`, "--arg", "weight:u8='2'",
      "--key", alice, ...local(), "--wait");
    expect(called.code, called.err).toBe(0);
    const account = await cli("account", ED_KEY.publicKey.toHex(), "--node", t.url, "--json");
    expect(JSON.parse(account.out).associated_keys).toContainEqual({ account_hash: SECP_KEY.publicKey.accountHash().toPrefixedString(), weight: 2 });
  });

  it("call --package --version: refused before sending to a 2.x node (its acceptor refuses named versions), sent without it", async () => {
    const pkgHash = "ab".repeat(32);
    const refused = await cli("call", `hash-${pkgHash}`, "ep", "--package", "--version", "1", "--key", alice, "--payment", "3cspr", ...local());
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`--version 1: the node at ${t.url} runs Casper 2.0.0, which refuses a call naming a package version`);
    // what the CLI refused, the node refuses too (transaction_acceptor.rs TargetingPackageVersionNotSupported)
    const signed = JSON.parse((await cli("call", `hash-${pkgHash}`, "ep", "--package", "--version", "1", "--key", alice, "--payment", "3cspr", "--chain", CHAIN, "--dry-run")).out);
    expect(verifyDeployStateless(readDeployJson(signed), t.node.chainspec, nodeNow())).toBe("invalid transaction: passing `version` in payment and session Versioned variants is not supported");
    // without --version (and --no-fork: the dry run would stop it) it reaches the node (which then finds no package at that hash)
    const sent = await cli("call", `hash-${pkgHash}`, "ep", "--package", "--key", alice, "--payment", "3cspr", "--no-fork", ...local());
    expect(sent.err).toContain(`package at ${pkgHash} does not exist`);
  });

  it("a call that fails: the dry run stops it (nothing sent); sent anyway with --no-fork: exit code 1 and the error named as the node names it; status says the same", async () => {
    // --unchecked: the schema would refuse a call without its args before the dry run
    const height = t.node.chain.height;
    const stopped = await cli("call", "keys_manager", "set_key_weight", "--unchecked", "--key", alice, ...local(), "--wait");
    expect(stopped.code).toBe(2);
    expect(stopped.err).toMatch(/the dry run at block \d+ of 'casper-net-1' \(http:\/\/127\.0\.0\.1:\d+\/rpc\) fails: ApiError::MissingArgument \[2\]; nothing was sent/);
    expect(t.node.chain.height).toBe(height);
    const r = await cli("call", "keys_manager", "set_key_weight", "--unchecked", "--key", alice, "--payment", "3cspr", "--no-fork", ...local(), "--wait");
    expect(r.code).toBe(1);
    expect(r.out).toContain("ApiError::MissingArgument [2]");
    const hash = /Deploy hash: ([0-9a-f]{64})/.exec(r.out)![1];
    const status = await cli("status", hash, "--node", t.url);
    expect(status.code).toBe(1);
    expect(status.out).toContain("ApiError::MissingArgument [2]");
  });

  it("delegate (delegate.wasm) and undelegate (the auction hash read from the node's registry), then native delegate", async () => {
    const validator = t.validator;
    const d = await cli("delegate", "--validator", validator, "--amount", "600cspr", "--wasm", delegatePath, "--key", alice, ...local(), "--wait");
    expect(d.code, d.err).toBe(0);
    expect(t.backend.engine.stakeOf(ED_KEY.publicKey.toHex(), validator)).toBe(600n * 1_000_000_000n);
    const u = await cli("undelegate", "--validator", validator, "--amount", "100cspr", "--key", alice, "--payment", "3cspr", ...local(), "--wait");
    expect(u.code, u.err).toBe(0);
    expect(t.backend.engine.stakeOf(ED_KEY.publicKey.toHex(), validator)).toBe(500n * 1_000_000_000n);
    const n = await cli("delegate", "--validator", validator, "--amount", "500cspr", "--transaction", "--key", alice, ...local(), "--wait");
    expect(n.code, n.err).toBe(0);
    expect(t.backend.engine.stakeOf(ED_KEY.publicKey.toHex(), validator)).toBe(1_000n * 1_000_000_000n);
  });
});

describe("failures, each with a clear message", () => {
  it("missing key file", async () => {
    const r = await cli("transfer", "--to", OTHER_KEY.publicKey.toHex(), "--amount", "3cspr", "--key", join(dir, "carol"), ...local());
    expect(r.code).toBe(1);
    expect(r.err).toContain(`key file not found: ${join(dir, "carol")} (create a key pair with: npm run keygen -- --out <dir>)`);
  });

  it("wrong chain name: refused before anything is sent", async () => {
    const before = t.node.chain.height;
    const r = await cli("transfer", "--to", OTHER_KEY.publicKey.toHex(), "--amount", "3cspr", "--key", alice, "--node", t.url, "--chain", "casper-test");
    expect(r.code).toBe(2);
    expect(r.err).toContain(`wrong chain: the deploy is for 'casper-test' but the node at ${t.url} runs 'casper-net-1' (pass --chain casper-net-1)`);
    expect(t.node.chain.height).toBe(before);
  });

  it("unreachable node: says why", async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await cli("balance", ED_KEY.publicKey.toHex(), "--node", `http://127.0.0.1:${port}/rpc`);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`query_balance: cannot reach the node at http://127.0.0.1:${port}/rpc: connection refused on 127.0.0.1:${port} (is the node running?)`);
  });

  it("rejected deploy: the node's code, message and reason", async () => {
    // bob's account holds 7 motes: the dry run's balance check refuses it first; with --no-fork the node does
    const checked = await cli("deploy", wasmPath, "--key", bob, "--payment", "3cspr", ...local());
    expect(checked.code).toBe(2);
    expect(checked.err).toMatch(/the account's balance 0\.000000007 CSPR \(7 motes\) at block \d+ of 'casper-net-1' .* cannot cover the payment 3 CSPR \(3000000000 motes\): fund it first/);
    const r = await cli("deploy", wasmPath, "--key", bob, "--payment", "3cspr", "--no-fork", ...local());
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`account_put_deploy: the node refused it with error -32008 "Invalid Deploy": insufficient balance in public key ${SECP_KEY.publicKey.toHex()} at state root hash [0-9a-f]{64} of block [0-9a-f]{64} at height \\d+`));
  });

  it("timeout while waiting for a deploy that does not execute", async () => {
    const r = await cli("status", "12".repeat(32), "--node", t.url, "--wait", "--timeout", "1s");
    expect(r.code).toBe(1);
    expect(r.err).toContain(`deploy ${"12".repeat(32)} was not executed within 1 s; it may still execute before its TTL ends`);
  });

  it("bad usage: typed arg, missing payment, unknown option, bad amount, bad public key", async () => {
    const bad = async (argv: string[], message: string) => {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.err).toContain(message);
    };
    await bad(["deploy", wasmPath, "--key", alice, "--payment", "1cspr", "--arg", "w:u8='300'"], "arg 'w' (u8): 300 is out of range for u8 (0 to 255)");
    await bad(["deploy", wasmPath, "--key", alice, "--no-fork"], `--payment is required: no gas figure for session.wasm in ${reportPath}; pass e.g. --payment 5cspr`);
    await bad(["transfer", "--frobnicate"], "unknown option '--frobnicate' (see: npm run casper -- transfer --help)");
    await bad(["transfer", "--to", OTHER_KEY.publicKey.toHex(), "--amount", "1.5", "--key", alice], "not a whole number of motes (did you mean 1.5cspr?)");
    await bad(["delegate", "--validator", "01abc", "--amount", "1cspr", "--key", alice], "--validator: '01abc' is not a public key");
    await bad(["deploy", join(dir, "missing.wasm"), "--key", alice, "--payment", "1cspr"], "missing.wasm not found");
    await bad(["deploy", join(dir, "alice", "public_key_hex"), "--key", alice, "--payment", "1cspr"], "public_key_hex is not a wasm module");
    const printing = join(dir, "printing.wasm");
    writeFileSync(printing, wat(`(module (import "env" "casper_print" (func (param i32 i32))) (memory 1) (func (export "call")))`));
    await bad(["deploy", printing, "--key", alice, "--payment", "1cspr"], "printing.wasm imports casper_print, which only test builds of casper-node serve");
    const floating = join(dir, "floating.wasm");
    writeFileSync(floating, wat(`(module (memory 1) (func (export "call") (drop (f64.add (f64.const 1) (f64.const 2)))))`));
    await bad(["deploy", floating, "--key", alice, "--payment", "1cspr"], "floating.wasm: a Casper node would refuse this module (OperationForbiddenByGasRules)");
    await bad(["deploy", wasmPath, "--key", alice, "--payment", "1cspr", "--ttl", "3h"], "--ttl 3h is longer than the 2h Casper networks accept");
  });

  it("every command has --help", async () => {
    for (const c of COMMANDS) {
      const r = await cli(c.spec.name, "--help");
      expect(r.code).toBe(0);
      expect(r.out).toContain(`Usage: npm run casper -- ${c.spec.name}`);
    }
    expect((await cli("--help")).out).toContain("Commands:");
    expect((await cli("nope")).code).toBe(2);
  });
});

describe("nothing is sent twice", () => {
  let hung: Server;
  let requests: string[];
  let url: string;
  beforeAll(async () => {
    requests = [];
    // A node that reads requests and never answers.
    hung = createServer((req) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => requests.push(JSON.parse(body).method));
    });
    await new Promise<void>((r) => hung.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/rpc`;
  });
  afterAll(async () => {
    hung.closeAllConnections();
    await new Promise<void>((r) => hung.close(() => r()));
  });

  it("a send that times out is not repeated, and the message says how to check it", async () => {
    const client = new NodeClient(url, { requestTimeoutMs: 200, retryDelayMs: 10 });
    const deploy = sdk.Deploy.fromJSON(JSON.parse((await cli("deploy", wasmPath, "--key", alice, "--payment", "1cspr", "--chain", CHAIN, "--dry-run")).out));
    const error = await client.send("account_put_deploy", deploy.hash.toHex(), (rpc) => rpc.putDeploy(deploy)).catch((e) => e);
    expect(error).toBeInstanceOf(NodeError);
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain(`It may or may not have reached the node: check with \`npm run status -- ${deploy.hash.toHex()}`);
    await new Promise((r) => setTimeout(r, 50));
    expect(requests.filter((m) => m === "account_put_deploy")).toHaveLength(1);
  });

  it("a read that times out is retried (it is idempotent)", async () => {
    requests.length = 0;
    const client = new NodeClient(url, { requestTimeoutMs: 100, readRetries: 2, retryDelayMs: 10 });
    const error = await client.read("info_get_status", (rpc) => rpc.getStatus()).catch((e) => e);
    expect(error.kind).toBe("timeout");
    await new Promise((r) => setTimeout(r, 50));
    expect(requests.filter((m) => m === "info_get_status")).toHaveLength(3);
  });
});
