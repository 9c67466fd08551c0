// The build's source maps (scripts/build/source-map.ts): kept beside every artifact, adding nothing to
// the deployed wasm, and right: every call to a host function maps to a source line that names that
// host function, or, for API code inlined into a contract, the contract's line calling that API
// function (checked against the source files on disk, not the map's own copy).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContract, type Artifact } from "../scripts/build.ts";
import { compile } from "../scripts/build/compile.ts";
import { CONTRACTS } from "../scripts/build/contracts.ts";
import { ROOT } from "../scripts/build/paths.ts";
import { decodeModule } from "../host/wasm/decode.ts";
import { functionAt } from "../host/wasm/offset_map.ts";
import { OP } from "../host/wasm/opcodes.ts";
import { type CasperSourceMap, SourceMapError, SourceMapIndex } from "../host/debug/source-map.ts";
import { registerSourceMap } from "../host/debug/registry.ts";

const ENTRIES = [...CONTRACTS.map((c) => c.entry), "tests/contracts/faulty.ts", "tests/contracts/messenger.ts"];

/** The text of `file` (as the compiler names it) at `line`, read from disk. */
function lineOnDisk(file: string, line: number): string {
  const where = file.startsWith("~lib/") ? path.join(ROOT, "node_modules/assemblyscript/std/assembly", file.slice(5)) : path.join(ROOT, file);
  return readFileSync(where, "utf8").split("\n")[line - 1];
}

describe("source maps of the build", () => {
  it.each(ENTRIES)("%s: the release module is byte for byte what a build without source maps ships, with no custom section", async (entry) => {
    const withMap = await compile(entry, "release");
    const without = await compile(entry, "release", { sourceMap: false });
    expect(Buffer.from(withMap.wasm).equals(Buffer.from(without.wasm))).toBe(true);
    expect(decodeModule(withMap.wasm).sections.filter((s) => s.kind === "custom")).toEqual([]);
    expect(withMap.sourceMap!.x_casper_as.wasmSha256).toBe(createHash("sha256").update(withMap.wasm).digest("hex"));
  });

  it.each(ENTRIES)("%s: each call of a host function maps to a line naming it (or the contract's call of the API function inlined there)", async (entry) => {
    const { wasm, sourceMap } = await compile(entry, "release");
    const index = new SourceMapIndex(sourceMap!);
    const module = decodeModule(wasm);
    const importSection = module.sections.find((s) => s.kind === "import");
    const hostFunctions = importSection?.kind === "import" ? importSection.imports.filter((i) => i.desc.kind === "func").map((i) => i.field) : [];
    const calls: { offset: number; callee: string }[] = [];
    decodeModule(wasm, { onInstruction: (_b, ins, offset) => void (ins.opcode === OP.call && ins.index! < hostFunctions.length && calls.push({ offset, callee: hostFunctions[ins.index!] })) });
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      const where = index.locate(call.offset, functionAt(wasm, call.offset));
      expect(where.source, `${call.callee} at 0x${call.offset.toString(16)}`).toBeDefined();
      const text = lineOnDisk(where.source!.file, where.source!.line);
      const named = where.inlined ? where.inlined.replace(/[<#].*$/, "") : call.callee;
      expect(text, `${call.callee} at 0x${call.offset.toString(16)} -> ${where.source!.file}:${where.source!.line}`).toContain(named);
      // a contract's own line is never library code, and the map's copy of it is the file's
      if (!where.library) expect(where.text).toBe(text.trim());
    }
  });

  it("names the functions the release module does not carry, by index", async () => {
    const { wasm, sourceMap } = await compile("assembly/contracts/keys_manager.ts", "release");
    const index = new SourceMapIndex(sourceMap!);
    const exports = decodeModule(wasm).sections.find((s) => s.kind === "export");
    const byName = new Map(exports?.kind === "export" ? exports.exports.map((e) => [e.name, e.index]) : []);
    for (const ep of ["call", "set_key_weight", "set_all"]) expect(index.functionName(byName.get(ep)!)).toBe(ep);
  });

  describe("written by the build", () => {
    let outDir: string;
    let artifact: Artifact;
    beforeAll(async () => {
      outDir = await mkdtemp(path.join(os.tmpdir(), "casper-as-maps-"));
      artifact = await buildContract(CONTRACTS.find((c) => c.name === "delegate")!, { outDir });
    });
    afterAll(async () => rm(outDir, { recursive: true, force: true }));

    it("beside the release and debug modules, pointing at the sources from their folder", async () => {
      for (const [wasmFile, mapFile] of [[artifact.path, artifact.mapPath], [artifact.debugPath, artifact.debugMapPath]]) {
        expect(mapFile).toBe(`${wasmFile}.map`);
        const map = JSON.parse(await readFile(mapFile, "utf8")) as CasperSourceMap;
        expect(map.file).toBe("delegate.wasm");
        expect(map.x_casper_as.wasmSha256).toBe(createHash("sha256").update(await readFile(wasmFile)).digest("hex"));
        expect(path.resolve(path.dirname(mapFile), map.sourceRoot!, "assembly/contracts/delegate.ts")).toBe(path.join(ROOT, "assembly/contracts/delegate.ts"));
        expect(map.sources).toContain("assembly/contracts/delegate.ts");
        // library text is left out, the contract's own is kept
        const own = map.sources.indexOf("assembly/contracts/delegate.ts");
        expect(map.sourcesContent![own]).toBe(readFileSync(path.join(ROOT, "assembly/contracts/delegate.ts"), "utf8"));
        expect(map.sourcesContent![map.sources.indexOf("assembly/runtime.ts")]).toBeNull();
      }
      expect(registerSourceMap(artifact.mapPath).wasmSha256).toBe(createHash("sha256").update(artifact.wasm).digest("hex"));
    });

    it("a file that is not a casper-as map is refused, naming it and why", () => {
      expect(() => registerSourceMap(JSON.stringify({ version: 3, sources: [], names: [], mappings: "" }))).toThrow(SourceMapError);
      expect(() => registerSourceMap(JSON.stringify({ version: 3, sources: [], names: [], mappings: "" }))).toThrow(/x_casper_as\.wasmSha256 is missing/);
      expect(() => registerSourceMap(JSON.stringify({ version: 2 }))).toThrow(/version 2, expected 3/);
    });
  });
});
