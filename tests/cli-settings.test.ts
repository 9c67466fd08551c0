// The network commands' settings (scripts/cli/settings.ts): node, chain, signing key and default
// payment from the command line, the environment (CASPER_AS_*), casper-as.config.json or package.json's
// "casper" field, then the defaults; --verbose says where each came from. End to end against the local
// node: a command with no network options at all runs from the configuration alone.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../scripts/cli.ts";
import type { Io } from "../scripts/cli/command-context.ts";
import { writeKeyFiles } from "../scripts/cli/keys.ts";
import { parseCommandLine, UsageError } from "../scripts/cli/options.ts";
import { describeSettings, findProjectConfig, resolveSettings, TESTNET_CHAIN, TESTNET_NODE } from "../scripts/cli/settings.ts";
import { spec as transferSpec } from "../scripts/cli/commands/transfer.ts";
import { CHAIN, ED_KEY, WASM } from "./helpers/node-deploys.ts";
import { NATIVE_TRANSFER_PAYMENT } from "../scripts/cli/commands/transfer.ts";
import { startTestNode, type TestNode } from "./helpers/node-server.ts";
import { tempDirRemovedAfterAll } from "./helpers/temp-dirs.ts";

/** A U512's bytes as casper-node writes them: a length byte, then little-endian without trailing zeros. */
function u512Hex(n: bigint): string {
  const bytes: number[] = [];
  for (let v = n; v > 0n; v >>= 8n) bytes.push(Number(v & 0xffn));
  return [bytes.length, ...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const root = tempDirRemovedAfterAll("casper-as-settings-");
const parse = (argv: string[]) => parseCommandLine(transferSpec, argv);

function project(name: string, files: Record<string, unknown>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "sub", "deeper"), { recursive: true });
  for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
}

describe("where each setting comes from", () => {
  const dir = project("plain", { "casper-as.config.json": { node: "http://config:1/rpc", chain: "config-chain", key: "keys/me", payment: "4cspr" }, "package.json": { name: "x" } });

  it("the option, then the environment, then the configuration, then the default", () => {
    const env = { CASPER_AS_NODE: "http://env:2/rpc", CASPER_AS_KEY: ["/a/one", "/a/two"].join(":") };
    const s = resolveSettings(parse(["--chain", "flag-chain"]), { env, cwd: join(dir, "sub", "deeper") });
    expect(s.node).toEqual({ value: "http://env:2/rpc", from: "CASPER_AS_NODE" });
    expect(s.chain).toEqual({ value: "flag-chain", from: "--chain" });
    expect(s.key).toEqual({ value: ["/a/one", "/a/two"], from: "CASPER_AS_KEY" });
    expect(s.payment).toEqual({ value: "4cspr", from: `casper-as.config.json (${join(dir, "casper-as.config.json")})` });
    const fromConfig = resolveSettings(parse([]), { env: {}, cwd: dir });
    expect(fromConfig.node.value).toBe("http://config:1/rpc");
    expect(fromConfig.key.value).toEqual([join(dir, "keys/me")]); // relative to the config's folder
    const none = resolveSettings(parse([]), { env: {}, cwd: project("bare", { "package.json": { name: "y" } }) });
    expect(none.node).toEqual({ value: TESTNET_NODE, from: "default (the public testnet)" });
    expect(none.chain).toEqual({ value: TESTNET_CHAIN, from: "default (the public testnet)" });
    expect(none.key).toEqual({ value: [], from: "not set" });
    expect(none.payment).toBeUndefined();
    expect(resolveSettings(parse(["--key", "k1", "--key", "k2"]), { env: {}, cwd: dir }).key).toEqual({ value: ["k1", "k2"], from: "--key" });
  });

  it("package.json's casper field; the search stops at the first package.json; CASPER_AS_CONFIG names a file", () => {
    const pkg = project("pkg", { "package.json": { name: "z", casper: { chain: "pkg-chain" } } });
    expect(findProjectConfig(join(pkg, "sub"))).toMatchObject({ label: 'package.json "casper"', chain: "pkg-chain" });
    // a nested package without the field: the outer configuration is not used
    const outer = project("outer", { "casper-as.config.json": { chain: "outer" } });
    writeFileSync(join(outer, "sub", "package.json"), JSON.stringify({ name: "inner" }));
    expect(findProjectConfig(join(outer, "sub", "deeper"))).toBeUndefined();
    const named = join(root, "ci.json");
    writeFileSync(named, JSON.stringify({ node: "http://ci/rpc" }));
    expect(resolveSettings(parse([]), { env: { CASPER_AS_CONFIG: named }, cwd: root }).node).toEqual({ value: "http://ci/rpc", from: `ci.json (${named})` });
    expect(() => resolveSettings(parse([]), { env: { CASPER_AS_CONFIG: join(root, "missing.json") }, cwd: root })).toThrow(/CASPER_AS_CONFIG names .*missing\.json, which does not exist/);
  });

  it("a bad configuration is refused, naming the file and the field", () => {
    const cases: [unknown, RegExp][] = [
      ["{ not json", /casper-as\.config\.json is not valid JSON/],
      [{ nodes: "x" }, /unknown field "nodes" \(fields: node, chain, key, payment\)/],
      [{ chain: "" }, /"chain" must be a non-empty string/],
      [{ key: [] }, /"key" must be a path or a list of paths/],
      [[1, 2], /expected an object with node, chain, key, payment/],
    ];
    cases.forEach(([content, message], i) => {
      const dir = project(`bad${i}`, { "casper-as.config.json": content });
      expect(() => findProjectConfig(dir)).toThrow(UsageError);
      expect(() => findProjectConfig(dir)).toThrow(message);
    });
  });

  it("--verbose lines name each setting's source, for the settings the command takes", () => {
    const s = resolveSettings(parse(["--node", "http://n/rpc"]), { env: { CASPER_AS_PAYMENT: "3cspr" }, cwd: dir });
    expect(describeSettings(s, () => true)).toEqual([
      "node:    http://n/rpc  (from --node)",
      `chain:   config-chain  (from casper-as.config.json (${join(dir, "casper-as.config.json")}))`,
      `key:     ${join(dir, "keys/me")}  (from casper-as.config.json (${join(dir, "casper-as.config.json")}))`,
      "payment: 3cspr  (from CASPER_AS_PAYMENT; a native transfer or transaction pays its fixed cost unless --payment says otherwise)",
    ]);
    expect(describeSettings(s, (n) => n === "node")).toHaveLength(1);
  });
});

describe("commands run from the configuration alone (local node)", () => {
  let t: TestNode;
  const dir = join(root, "e2e");
  const saved = { ...process.env };
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } satisfies Io, out, err };
  };
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    writeKeyFiles(ED_KEY, join(dir, "keys", "alice"));
    t = await startTestNode([{ publicKeyHex: ED_KEY.publicKey.toHex(), balance: 5_000_000_000_000n }], true);
    writeFileSync(join(dir, "casper-as.config.json"), JSON.stringify({ node: t.url, chain: CHAIN, key: "keys/alice", payment: "3cspr" }));
    process.env.CASPER_AS_CONFIG = join(dir, "casper-as.config.json");
  });
  afterAll(async () => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    await t.close();
  });

  it("balance and transfer with no --node, --chain or --key; --verbose says where they came from", async () => {
    const b = io();
    expect(await main(["balance", "--verbose"], b.io)).toBe(0);
    expect(b.out).toEqual(["Balance: 5000 CSPR (5000000000000 motes)"]);
    expect(b.err[0]).toBe(`node:    ${t.url}  (from casper-as.config.json (${join(dir, "casper-as.config.json")}))`);
    expect(b.err.some((l) => l.startsWith(`chain:   ${CHAIN}  (from casper-as.config.json`))).toBe(true);
    const tr = io();
    expect(await main(["transfer", "--to", "01" + "ab".repeat(32), "--amount", "3cspr", "--wait", "--verbose"], tr.io)).toBe(0);
    expect(tr.out.some((l) => /success in block/.test(l))).toBe(true);
    expect(tr.err.find((l) => l.startsWith("payment: 3cspr  (from casper-as.config.json"))).toBeDefined();
    // a native transfer's payment is its fixed cost, whatever the configured default
    const dry = io();
    expect(await main(["transfer", "--to", "01" + "ab".repeat(32), "--amount", "3cspr", "--dry-run"], dry.io)).toBe(0);
    expect(JSON.stringify(JSON.parse(dry.out.join("\n")).payment)).toContain(`"bytes":"${u512Hex(NATIVE_TRANSFER_PAYMENT)}"`);
    // a wasm deploy takes the configured default
    const wasmFile = join(dir, "session.wasm");
    writeFileSync(wasmFile, WASM);
    const deploy = io();
    expect(await main(["deploy", wasmFile, "--dry-run"], deploy.io)).toBe(0);
    expect(deploy.err).toContain(`payment: 3 CSPR (3000000000 motes), from casper-as.config.json (${join(dir, "casper-as.config.json")}); --payment overrides it`);
    expect(JSON.stringify(JSON.parse(deploy.out.join("\n")).payment)).toContain(`"bytes":"${u512Hex(3_000_000_000n)}"`);
  });

  it("the environment overrides the configuration; a read with a configured chain checks the node runs it", async () => {
    process.env.CASPER_AS_CHAIN = "other-chain";
    try {
      const r = io();
      expect(await main(["balance"], r.io)).toBe(2);
      expect(r.err.join("\n")).toMatch(new RegExp(`wrong chain: the deploy is for 'other-chain' but the node at .* runs '${CHAIN}'`));
    } finally {
      delete process.env.CASPER_AS_CHAIN;
    }
  });
});
