// The toolkit as another project uses it: `npm pack`, then for each template a project created by the
// packed `casper-as init` in a temporary folder outside the repository, installed from the tarball with
// `npm ci --offline` (npm's cache only: what this repository's own install fetched), then its own
// `npm test` (build + its vitest tests on the engine) and `casper-as gas`, and removed.
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTemplates } from "../scripts/init.ts";

const REPO = path.resolve(import.meta.dirname, "..");
const work = mkdtempSync(path.join(os.tmpdir(), "casper-as-pack-"));
let tarball: string;
let packed: string; // the extracted package: its bin is the one a project gets

/** npm and the project's commands, offline: nothing but npm's cache. */
const env = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", npm_config_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", CASPER_AS_PROJECT: "" };
delete (env as Record<string, string | undefined>).CASPER_AS_PROJECT;
delete (env as Record<string, string | undefined>).CASPER_AS_METERED; // the project's tests run as a user's do

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", timeout: 240_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

beforeAll(() => {
  // prepack compiles host/ and scripts/ to dist/; postpack removes it again
  const out = run("npm", ["pack", "--pack-destination", work, "--silent"], REPO).stdout.trim().split("\n").pop()!;
  tarball = path.join(work, out);
  packed = path.join(work, "package-contents");
  mkdirSync(packed);
  execFileSync("tar", ["xzf", tarball, "-C", packed, "--strip-components", "1"]);
}, 300_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm pack", () => {
  it("packs the compiled engine and CLI with their types, the contract API, the templates; no tests, no TypeScript sources of host/", () => {
    const pkg = JSON.parse(readFileSync(path.join(packed, "package.json"), "utf8"));
    for (const [entry, target] of Object.entries(pkg.exports as Record<string, string | { types: string; import: string }>)) {
      const files = typeof target === "string" ? [target] : [target.types, target.import];
      for (const f of files) expect(existsSync(path.join(packed, f)), `${entry}: ${f}`).toBe(true);
    }
    expect(existsSync(path.join(packed, "assembly", "index.ts"))).toBe(true);
    expect(existsSync(path.join(packed, "dist", "lock.json"))).toBe(true);
    expect(existsSync(path.join(packed, "tests"))).toBe(false);
    expect(existsSync(path.join(packed, "host"))).toBe(false);
    expect(existsSync(path.join(REPO, "dist"))).toBe(false); // postpack cleaned up
  });
});

describe.each(listTemplates().map((t) => t.name))("a project from the %s template", (template) => {
  const dir = path.join(work, `my-${template.replace(/_/g, "-")}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is created by the packed init, installs offline from the tarball, and its tests and gas run", () => {
    const init = run(process.execPath, [path.join(packed, "bin", "casper-as.js"), "init", dir, "--template", template, "--from", tarball], work);
    expect(init.stdout).toContain(`created ${dir}`);
    const files = readdirSync(dir);
    for (const f of [".gitignore", "README.md", "asconfig.json", "package.json", "package-lock.json", "assembly", "tests"]) expect(files).toContain(f);
    const gitignore = readFileSync(path.join(dir, ".gitignore"), "utf8").split("\n");
    for (const ignored of ["node_modules/", "build/", "keys/", "*.pem"]) expect(gitignore).toContain(ignored);
    const readme = readFileSync(path.join(dir, "README.md"), "utf8");
    expect(readme).toContain("npm install && npm start");
    expect(readme).toContain("npm test");
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg.devDependencies["casper-as"]).toBe(`file:../${path.basename(tarball)}`);

    run("npm", ["ci", "--offline"], dir);
    expect(existsSync(path.join(dir, "node_modules", ".bin", "casper-as"))).toBe(true);

    const test = run("npm", ["test"], dir);
    expect(test.stdout).toMatch(/Tests\s+\d+ passed/);
    expect(test.stdout).not.toMatch(/failed/);
    for (const f of readdirSync(path.join(dir, "assembly", "contracts"))) {
      const name = f.replace(/\.ts$/, "");
      expect(existsSync(path.join(dir, "build", `${name}.wasm`))).toBe(true);
      expect(existsSync(path.join(dir, "build", `${name}.wasm.map`))).toBe(true);
    }

    const gas = JSON.parse(run("npx", ["casper-as", "gas", "--json"], dir).stdout) as { key: string; gas?: string; error?: string }[];
    expect(gas.length).toBeGreaterThan(0);
    for (const m of gas) expect(m.error, m.key).toBeUndefined();

    // a template with a page: it bundles for the browser (casper-js-sdk's browser build included)
    if (existsSync(path.join(dir, "vite.config.ts"))) {
      run("npx", ["vite", "build", "--outDir", path.join(dir, "build", "dapp"), "--emptyOutDir", "--logLevel", "warn"], dir);
      expect(readdirSync(path.join(dir, "build", "dapp"))).toContain("index.html");
    }
  });
});
