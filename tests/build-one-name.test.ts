// A module with a single literal name: asc's optimizer specializes nameBytes to it (the call is left with no
// operand), which once crashed the build's pre-encoding of names (scripts/build/static-names.ts) with a
// JavaScript TypeError. The build now leaves that call to the run-time encoder: same bytes to the host.
import { describe, expect, it } from "vitest";
import { StubHost, decodeBytesreprString } from "./helpers/as-host.ts";
import { compileModule } from "./helpers/as-build.ts";

describe("a module that names exactly one thing", () => {
  it("builds, and the host gets the name's UTF-8", { timeout: 120_000 }, async () => {
    const wasm = await compileModule("tests/probes/one_name.ts");
    const host = new StubHost();
    expect(host.run(wasm)).toEqual({ kind: "returned" });
    expect(host.callsTo("casper_put_key").map((c) => decodeBytesreprString(host.bytes(c.args[0], c.args[1])))).toEqual(["the only name ✓"]);
  });
});
