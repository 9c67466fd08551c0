// The build's compile-time UTF-8 for literal names (scripts/build/static-names.ts): the host sees the
// same names with and without it, literals it cannot rewrite safely are left to the run-time encoder,
// and a contract whose names are all literals ships without the encoder.
import { beforeAll, describe, expect, it } from "vitest";
import asc from "assemblyscript/asc";
import binaryen from "assemblyscript/binaryen";
import path from "node:path";
import { StubHost, decodeBytesreprString } from "./helpers/as-host.ts";
import { compileModule } from "./helpers/as-build.ts";
import { preEncodeStaticNames, foldNameLengths, NAME_BYTES_FUNCTION } from "../scripts/build/static-names.ts";
import { decodeModule } from "../host/wasm/decode.ts";
import { findSection } from "../host/wasm/module.ts";
import { postProcess } from "../scripts/build/post-process.ts";
import { compile, keepNameBytes } from "../scripts/build/compile.ts";
import CasperContractTransform from "../scripts/build/transform/index.ts";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { ASCONFIG, ROOT } from "../scripts/build/paths.ts";
import { CONTRACTS } from "../scripts/build/contracts.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const PROBE = "assembly/probe/names.ts";

interface Run {
  names: string[];
  outputs: string[];
}

function run(wasm: Uint8Array): Run {
  const host = new StubHost();
  host.args.set("n", Uint8Array.of(2));
  const outputs: string[] = [];
  host.extraImports.probe = { out: (ptr: number, len: number) => void outputs.push(Buffer.from(host.bytes(ptr, len)).toString("hex")) };
  expect(host.run(wasm)).toEqual({ kind: "returned" });
  const names = host.callsTo("casper_put_key").map((c) => decodeBytesreprString(host.bytes(c.args[0], c.args[1])));
  return { names, outputs };
}

/** asc output before any post-processing, with names (through the build's transforms, as compile.ts runs asc). */
async function ascOutput(entry: string): Promise<Uint8Array> {
  let wasm: Uint8Array | undefined;
  const { error } = await asc.main([path.join(ROOT, entry), "--config", ASCONFIG, "--target", "release", "--debug", "-o", "out.wasm"], {
    transforms: [new CasperContractTransform(), keepNameBytes] as never[],
    writeFile: (name, contents) => {
      if (name.endsWith(".wasm")) wasm = contents as Uint8Array;
    },
  });
  if (error || !wasm) throw error ?? new Error("no output");
  return wasm;
}

const functionNames = (wasm: Uint8Array): string[] => {
  const m = binaryen.readBinary(wasm);
  try {
    return Array.from({ length: m.getNumFunctions() }, (_, i) => binaryen.getFunctionInfo(m.getFunctionByIndex(i)).name);
  } finally {
    m.dispose();
  }
};

let withPass: Uint8Array;
let withoutPass: Uint8Array;
beforeAll(async () => {
  [withPass, withoutPass] = await Promise.all([compileModule(PROBE), compileModule(PROBE, "release", { staticNames: false })]);
});

describe("pre-encoded literal names", () => {
  it("give the host the same names and bytes as the run-time encoder", () => {
    const a = run(withPass);
    const b = run(withoutPass);
    expect(a).toEqual(b);
    expect(a.names).toEqual(["plain", "plain", "héllo wörld", "日本語日本語日本語日本語日本語日本語", "", "shared", "dyn-C"]);
    // the shared literal still encodes as a String value; the args carry the pre-encoded name
    expect(a.outputs[0]).toBe("06000000736861726564");
    expect(a.outputs[1]).toBe("010000000300000061726701000000" + "0103");
  });

  it("rewrite only literals used for nothing else and whose UTF-8 fits in their place", async () => {
    const module = binaryen.readBinary(await ascOutput(PROBE));
    try {
      const report = preEncodeStaticNames(module);
      // plain x2, héllo wörld, "n", "arg"
      expect(report.folded).toBe(5);
      expect([...report.reasons.values()].sort()).toEqual([
        expect.stringMatching(/^address also used elsewhere/), // "": also the start of "dyn-" + ...
        expect.stringMatching(/^address also used elsewhere/), // "shared": also a String value (the Writer encodes it itself)
        "its UTF-8 does not fit in place of its UTF-16", // 日本語 x6
      ]);
      expect(report.kept).toBe(4); // "", 日本語, "dyn-" + x (not a literal), shared
      expect(module.validate()).toBeTruthy();
    } finally {
      module.dispose();
    }
  });

  it("leave no encoder in a release contract whose names are all literals, and keep it in one that needs it", async () => {
    const released = async (entry: string) => postProcess(await ascOutput(entry), { optimizeLevel: 3, shrinkLevel: 2, keepNames: true });
    // every contract the build finds: the encoder is gone exactly when the pass could pre-encode every name
    for (const c of CONTRACTS) {
      const module = binaryen.readBinary(await ascOutput(c.entry));
      const report = preEncodeStaticNames(module);
      module.dispose();
      const names = functionNames(await released(c.entry));
      if (report.kept === 0) expect(names, c.name).not.toContain(NAME_BYTES_FUNCTION);
      else expect(names, `${c.name}: ${[...report.reasons.values()].join("; ")}`).toContain(NAME_BYTES_FUNCTION);
    }
    for (const name of ["delegate", "keys_manager"]) expect(functionNames(await released(CONTRACTS.find((c) => c.name === name)!.entry)), name).not.toContain(NAME_BYTES_FUNCTION);
    // the probe above still needs it
    expect(functionNames(await released(PROBE))).toContain(NAME_BYTES_FUNCTION);
  });

  it("pre-encode a contract that names exactly one literal (the optimizer would fold it into the encoder otherwise)", async () => {
    const dir = path.join(ROOT, "build", "static-names-cases");
    mkdirSync(dir, { recursive: true });
    try {
      const file = path.join(dir, "one_name.ts");
      writeFileSync(file, `import { runtime } from "../../assembly/index";\nexport function call(): void {\n  runtime.removeKey("only");\n}\n`);
      const { wasm } = await compile(file, "release");
      const host = new StubHost();
      expect(host.run(wasm)).toEqual({ kind: "returned" });
      expect(host.callsTo("casper_remove_key").map((c) => decodeBytesreprString(host.bytes(c.args[0], c.args[1])))).toEqual(["only"]);
      expect(functionNames(wasm)).not.toContain(NAME_BYTES_FUNCTION);
      const exports = findSection(decodeModule(wasm), "export")!.exports.map((e) => e.name);
      expect(exports).toEqual(["call"]); // the export that kept the encoder whole while asc optimized is gone
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("pack the pre-encoded names of a contract into one data segment, back to back", async () => {
    const delegate = CONTRACTS.find((c) => c.name === "delegate")!;
    const segments = findSection(decodeModule(await compileModule(delegate.entry)), "data")!.segments;
    const bytesrepr = (s: string) => [...new Uint8Array(new Uint32Array([s.length]).buffer), ...new TextEncoder().encode(s)];
    expect(segments).toHaveLength(1);
    expect(hex(segments[0].bytes)).toBe(hex(Uint8Array.from(["delegator", "validator", "amount", "delegate"].flatMap(bytesrepr))));
  });

  it("fold loads of a pre-encoded name's length into its value, and only those", () => {
    const m = new binaryen.Module();
    try {
      m.setMemory(1, -1, null, []);
      const load = (offset: number, ptr: number) => m.drop(m.i32.load(offset, 0, m.i32.const(ptr)));
      m.addFunction(
        "f",
        binaryen.none,
        binaryen.none,
        [],
        m.block(null, [load(0, 100), load(4, 96), load(0, 104), m.drop(m.i32.load8_u(0, 0, m.i32.const(100)))]),
      );
      // the u32 at 100 (directly, or as 96 + offset 4) is the length of a name: 7
      expect(foldNameLengths(m, new Map([[100, 7]]))).toBe(2);
      const text = m.emitText();
      expect(text.match(/\(i32\.const 7\)/g)).toHaveLength(2);
      expect(text.match(/\(i32\.load\b/g)).toHaveLength(1); // the word at 104 is not a name's length
      expect(text).toContain("i32.load8_u"); // a byte load is not a length
      expect(m.validate()).toBeTruthy();
    } finally {
      m.dispose();
    }
  });

  it("leave a module without the encoder untouched", () => {
    const raw = new binaryen.Module();
    expect(preEncodeStaticNames(raw)).toEqual({ folded: 0, kept: 0, reasons: new Map(), names: new Map() });
    raw.dispose();
  });
});
