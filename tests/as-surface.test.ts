// Every method of the AssemblyScript value types compiles and answers as documented
// (tests/probes/surface.ts runs one check per line and reports each as one byte).
import { describe, expect, it } from "vitest";
import { StubHost } from "./helpers/as-host.ts";
import { compileModule } from "./helpers/as-build.ts";

describe("value type surface", () => {
  it("passes every check of tests/probes/surface.ts", async () => {
    const wasm = await compileModule("tests/probes/surface.ts");
    const host = new StubHost();
    let results: Uint8Array | undefined;
    host.extraImports.probe = { out: (ptr: number, len: number) => void (results = host.bytes(ptr, len)) };
    expect(host.run(wasm, "run")).toEqual({ kind: "returned" });
    expect(results).toBeDefined();
    const failed = [...results!].flatMap((ok, i) => (ok === 1 ? [] : [i + 1]));
    expect(failed, "failed checks (1-based, in source order)").toEqual([]);
    expect(results!.length).toBe(49);
  });
});
