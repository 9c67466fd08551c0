// What `npm run build` finds and how it checks it: contracts by folder convention (a file, or a folder
// with index.ts), casper.build.json's folders and per-contract settings (name, protocol, kind, installArgs)
// and its mistakes; an installer that needs install args is dry-installed with them (class form: samples of
// its args' types; hand-written: the configured ones) rather than passing unchecked; asc's warnings come
// back with the build; a module that never touches memory still gets the memory Casper requires.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { discoverContracts, readBuildConfig, BuildConfigError } from "../scripts/build/contracts.ts";
import { buildAll } from "../scripts/build.ts";
import { compile } from "../scripts/build/compile.ts";
import { checkArtifact } from "../scripts/build/checks.ts";
import { configuredInstallArgs } from "../scripts/build/sample-args.ts";
import { readSections } from "../scripts/build/wasm-sections.ts";
import { ROOT } from "../scripts/build/paths.ts";

const tmp = mkdtempSync(path.join(tmpdir(), "casper-as-discovery-"));
// sources the build compiles must resolve ../../assembly: they live under build/ in the repository
const cases = path.join(ROOT, "build", "discovery-cases");
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  rmSync(cases, { recursive: true, force: true });
});

function tree(root: string, files: Record<string, string>): string {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), text);
  }
  return root;
}

describe("contracts found by convention", () => {
  it("the repository's: delegate (a session) and keys_manager (a class-form contract)", () => {
    const found = discoverContracts();
    expect(found.map((c) => [c.name, c.entry, c.kind, c.protocol, c.classForm])).toEqual([
      ["delegate", "assembly/contracts/delegate.ts", "session", undefined, false],
      ["keys_manager", "assembly/contracts/keys_manager.ts", "contract", undefined, true],
    ]);
  });

  it("every .ts file and every folder with an index.ts of the folders; settings per contract", () => {
    const root = tree(path.join(tmp, "repo"), {
      "contracts/a.ts": "export function call(): void {}",
      "contracts/b/index.ts": "@contract({})\nclass B {}",
      "contracts/b/helper.ts": "",
      "contracts/c/readme.md": "",
      "contracts/types.d.ts": "",
      "more/d.ts": "",
    });
    const found = discoverContracts({ folders: ["contracts", "more"], contracts: { a: { name: "alpha", protocol: "2.0.0", kind: "contract", installArgs: ["n:u8='1'"] } } }, root);
    expect(found.map((c) => [c.name, c.entry, c.kind, c.protocol])).toEqual([
      ["alpha", "contracts/a.ts", "contract", "2.0.0"],
      ["b", "contracts/b/index.ts", "contract", undefined],
      ["d", "more/d.ts", "session", undefined],
    ]);
    expect(found[0].installArgs).toEqual(["n:u8='1'"]);
    expect(found[0].protocolDeclaredIn).toBe("casper.build.json contracts.a.protocol");
  });

  it("names every mistake in casper.build.json", () => {
    const config = (text: string) => {
      const f = path.join(tmp, `config-${Math.random()}.json`);
      writeFileSync(f, text);
      return () => readBuildConfig(f);
    };
    expect(config("{")).toThrow(/is not valid JSON/);
    expect(config(`{"folder": []}`)).toThrow(/unknown field 'folder' \(fields: folders, contracts\)/);
    expect(config(`{"contracts": {"x": {"protocol": "1.6"}}}`)).toThrow(/contracts\.x\.protocol must be "1\.5\.8" or "2\.0\.0"/);
    expect(config(`{"contracts": {"x": {"kind": "library"}}}`)).toThrow(/contracts\.x\.kind must be "session" or "contract"/);
    expect(config(`{"contracts": {"x": {"name": "a/b"}}}`)).toThrow(/contracts\.x\.name must be a file name/);
    expect(config(`{"contracts": {"x": {"installArgs": "n:u8='1'"}}}`)).toThrow(/installArgs must be a list/);
    expect(config(`{"contracts": {"x": {"colour": 1}}}`)).toThrow(/unknown field 'colour'/);
    const root = tree(path.join(tmp, "repo2"), { "contracts/a.ts": "", "contracts/b.ts": "" });
    expect(() => discoverContracts({ folders: ["contracts"], contracts: { z: {} } }, root)).toThrow(/contracts\.z matches no contract/);
    expect(() => discoverContracts({ folders: ["contracts"], contracts: { a: { name: "b" } } }, root)).toThrow(BuildConfigError);
    expect(() => discoverContracts({ folders: ["contracts"], contracts: { a: { name: "b" } } }, root)).toThrow(/two contracts build to b\.wasm: contracts\/a\.ts and contracts\/b\.ts/);
  });
});

describe("the build's checks of installers that need args", () => {
  // a hand-written installer that reads a `name` arg and names the contract after it
  const HAND = `import { runtime, storage, EntryPoint, EntryPoints, CLType, EntryPointAccess, EntryPointType, Key } from "../../../assembly/index";
export function hello(): void {}
export function call(): void {
  const name = runtime.getNamedArg<string>("name");
  const eps = new EntryPoints().addEntryPoint(new EntryPoint("hello", CLType.Unit, EntryPointAccess.Public, EntryPointType.Contract))
    .addEntryPoint(new EntryPoint("missing", CLType.Unit, EntryPointAccess.Public, EntryPointType.Contract));
  const c = storage.newContract(eps);
  runtime.putKey(name, Key.hash(c.contractHash));
}
`;

  it("an installer stopped for want of args is named instead of passing with nothing checked; with sample args its exports are checked", async () => {
    tree(cases, { "contracts/hand.ts": HAND });
    const wasm = (await compile(path.join(cases, "contracts/hand.ts"), "release")).wasm;
    const bare = await checkArtifact(wasm);
    expect(bare.problems.map((p) => p.code)).toEqual(["InstallNeedsArgs"]);
    expect(bare.problems[0].message).toMatch(/stopped \(revert 2\) for want of install args \(it asked for: name\).*casper\.build\.json/);
    const withArgs = await checkArtifact(wasm, { installArgs: configuredInstallArgs(["name:string='x'"]) });
    expect(withArgs.problems.map((p) => [p.code, p.message])).toEqual([["MissingEntryPointExport", '`call` installs entry point "missing" but the module exports no function "missing"']]);
    // kind "contract": a `call` that installs nothing is a problem, for want of args or not
    const delegate = (await compile(path.join(ROOT, "assembly/contracts/delegate.ts"), "release")).wasm;
    expect((await checkArtifact(delegate, { kind: "contract" })).problems.map((p) => p.code)).toEqual(["InstallNeedsArgs"]);
    expect((await checkArtifact(delegate, { kind: "session" })).problems).toEqual([]);
    tree(cases, { "reverts.ts": `import { revert } from "../../assembly/index";\nexport function call(): void {\n  revert(7);\n}\n` });
    const reverts = (await compile(path.join(cases, "reverts.ts"), "release")).wasm;
    const nothing = (await checkArtifact(reverts, { kind: "contract" })).problems;
    expect(nothing.map((p) => [p.code, p.message])).toEqual([["InstallsNothing", "`call` installs no contract in the build's dry install (it reverted: revert 7)"]]);
  });

  it("buildAll uses casper.build.json's installArgs, and a class-form contract's samples", async () => {
    tree(cases, {
      "contracts/named.ts": HAND.replace(`.addEntryPoint(new EntryPoint("missing", CLType.Unit, EntryPointAccess.Public, EntryPointType.Contract))`, ""),
      "contracts/token.ts": `import { U256 } from "../../../assembly/index";\n@contract({ keys: { contractHash: "t_{name}" } })\nclass T {\n  supply: U256;\n  constructor(name: string, supply: U256) { this.supply = supply; }\n  @entryPoint\n  get_supply(): U256 { return this.supply; }\n}\n`,
    });
    const rel = path.relative(ROOT, path.join(cases, "contracts")).split(path.sep).join("/");
    const contracts = discoverContracts({ folders: [rel], contracts: { named: { kind: "contract", installArgs: ["name:string='x'"] }, hand: { kind: "contract" } } });
    const outDir = path.join(tmp, "out");
    const built = await buildAll(["named", "token"], { outDir }, contracts);
    expect(built.map((a) => [a.name, a.entryPoints])).toEqual([["named", ["hello"]], ["token", ["get_supply"]]]);
    await expect(buildAll(["hand"], { outDir }, contracts)).rejects.toThrow(/hand \(release\) fails the artifact checks:\n {2}- InstallNeedsArgs/);
  }, 60_000);
});

describe("compiling", () => {
  it("gives asc's warnings and notes back with the module", async () => {
    tree(cases, { "warn.ts": `import { runtime } from "../../assembly/index";\nexport function call(): void {\n  const k = runtime.getNamedArg<string>("k");\n  runtime.removeKey(k!);\n}\n` });
    const c = await compile(path.join(cases, "warn.ts"), "release");
    expect(c.diagnostics).toMatch(/INFO AS210: Expression is never 'null'/);
    expect(c.diagnostics).toMatch(/warn\.ts\(4,/);
  });

  it("gives a module that never touches memory the memory section Casper requires", async () => {
    tree(cases, { "nomem.ts": `import { revert } from "../../assembly/index";\nexport function call(): void {\n  revert(7);\n}\n` });
    const { wasm } = await compile(path.join(cases, "nomem.ts"), "release");
    expect(readSections(wasm).hasMemorySection).toBe(true);
    expect((await checkArtifact(wasm)).problems).toEqual([]);
    expect(readSections(wasm).exports.map((e) => e.name)).toEqual(["call"]);
  });
});
