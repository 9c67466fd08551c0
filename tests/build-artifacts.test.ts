// `npm run build` end to end (into a temporary folder): both contracts build, pass every check, and are
// described in the printed table.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildAll, BuildError, formatArtifactTable, type Artifact } from "../scripts/build.ts";
import { checkArtifact } from "../scripts/build/checks.ts";
import { readSections } from "../scripts/build/wasm-sections.ts";
import { CONTRACTS } from "../scripts/build/contracts.ts";
import { compileEntry } from "../scripts/build/compile.ts";

let outDir: string;
let artifacts: Artifact[];

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), "casper-as-build-"));
  artifacts = await buildAll(undefined, { outDir });
}, 120_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

/** Ids and names of a module's custom sections. */
function customSections(wasm: Uint8Array): string[] {
  const names: string[] = [];
  let pos = 8;
  const leb = () => {
    let v = 0;
    for (let shift = 0; ; shift += 7) {
      const b = wasm[pos++];
      v |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
  };
  while (pos < wasm.length) {
    const id = wasm[pos++];
    const size = leb();
    const end = pos + size;
    if (id === 0) {
      const n = leb();
      names.push(new TextDecoder().decode(wasm.subarray(pos, pos + n)));
    }
    pos = end;
  }
  return names;
}

describe("buildAll", () => {
  it("builds every contract of the list, release and debug, and writes them", async () => {
    expect(artifacts.map((a) => a.name)).toEqual(CONTRACTS.map((c) => c.name));
    for (const a of artifacts) {
      expect(a.path).toBe(path.join(outDir, `${a.name}.wasm`));
      expect(a.debugPath).toBe(path.join(outDir, "debug", `${a.name}.wasm`));
      expect(new Uint8Array(await readFile(a.path))).toEqual(a.wasm);
      expect(new Uint8Array(await readFile(a.debugPath))).toEqual(a.debugWasm);
    }
  });

  it("ships modules that pass every check, release and debug alike", async () => {
    for (const a of artifacts) {
      expect((await checkArtifact(a.wasm)).problems, a.name).toEqual([]);
      expect((await checkArtifact(a.debugWasm)).problems, `${a.name} debug`).toEqual([]);
    }
  });

  it("delegate is session code: `call` only (no memory export: Casper turns the memory into an import), installing nothing", () => {
    const d = artifacts.find((a) => a.name === "delegate")!;
    expect(d.exports).toEqual(["call"]);
    expect(d.entryPoints).toEqual([]);
    expect(d.imports.every((i) => i.startsWith("env.casper_"))).toBe(true);
  });

  it("keys_manager installs its four entry points and exports each", () => {
    const k = artifacts.find((a) => a.name === "keys_manager")!;
    const expected = ["set_all", "set_deployment_threshold", "set_key_management_threshold", "set_key_weight"];
    expect([...k.entryPoints].sort()).toEqual(expected);
    expect([...k.exports].sort()).toEqual(["call", ...expected].sort());
  });

  it("writes a class-form contract's schema and typed client beside its wasm, and none for hand-written code", async () => {
    const k = artifacts.find((a) => a.name === "keys_manager")!;
    expect(k.schemaPath).toBe(path.join(outDir, "keys_manager.schema.json"));
    expect(JSON.parse(await readFile(k.schemaPath!, "utf8"))).toEqual(k.schema);
    expect(k.schema!.entry_points.map((e) => e.name).sort()).toEqual([...k.entryPoints].sort());
    expect(await readFile(path.join(outDir, "keys_manager.client.ts"), "utf8")).toContain("export class KeysManagerClient<R> extends ContractClient<R>");
    // the code the transform generated, for reading
    expect(await readFile(path.join(outDir, "debug", "generated", "assembly", "contracts", "keys_manager.ts"), "utf8")).toMatch(/export function set_key_weight\(\): void \{/);
    const d = artifacts.find((a) => a.name === "delegate")!;
    expect(d.schema).toBeNull();
    await expect(readFile(path.join(outDir, "delegate.schema.json"))).rejects.toThrow(/ENOENT/);
  });

  it("meets issue 2's size goals: delegate under 1 KB, keys_manager under 4 KB", () => {
    const size = (name: string) => artifacts.find((a) => a.name === name)!.wasm.length;
    expect(size("delegate")).toBeLessThan(1024);
    expect(size("keys_manager")).toBeLessThan(4096);
  });

  it("the class form costs no more than 5% over the same contract written by hand (keys_manager)", async () => {
    const hand = await compileEntry("tests/contracts/keys_manager_handwritten.ts", "release");
    const classForm = artifacts.find((a) => a.name === "keys_manager")!.wasm;
    expect(classForm.length).toBeLessThanOrEqual(Math.floor(hand.length * 1.05));
  });

  it("keeps names in the debug variant only; no start section in either", () => {
    for (const a of artifacts) {
      expect(customSections(a.debugWasm)).toContain("name");
      expect(customSections(a.wasm)).not.toContain("name");
      expect(readSections(a.wasm).hasStartSection).toBe(false);
      expect(readSections(a.debugWasm).hasStartSection).toBe(false);
    }
  });

  it("prints a table with each artifact's size, import count and exports", () => {
    const table = formatArtifactTable(artifacts);
    for (const a of artifacts) {
      const row = table.split("\n").find((l) => l.includes(`${a.name}.wasm`))!;
      expect(row).toContain(String(a.wasm.length));
      expect(row).toContain(String(a.debugWasm.length));
      expect(row).toContain(String(a.imports.length));
      expect(row).toContain("call");
    }
    expect(table.split("\n")[0]).toMatch(/artifact\s+bytes\s+debug bytes\s+imports\s+time\s+runs on\s+exports/);
  });

  it("builds a single contract by name, and names an unknown one", async () => {
    const only = await buildAll(["delegate"], { outDir });
    expect(only.map((a) => a.name)).toEqual(["delegate"]);
    await expect(buildAll(["nope"], { outDir })).rejects.toThrow(BuildError);
    await expect(buildAll(["nope"], { outDir })).rejects.toThrow(/unknown contract\(s\): nope/);
  });
});
