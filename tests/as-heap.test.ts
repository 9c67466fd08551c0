// The module heap (assembly/rt/casper_heap.ts: one bump allocator for the contract API and the
// AssemblyScript runtime) and the Writer growing at its top (assembly/bytes/writer.ts), driven through
// tests/probes/heap.ts against the stand-in host (memory handed in as env.memory, maximum 64 pages
// as Casper's preprocessing sets it).
import { beforeAll, describe, expect, it } from "vitest";
import sdk from "casper-js-sdk";
import { StubHost, type Outcome } from "./helpers/as-host.ts";
import { compileModule } from "./helpers/as-build.ts";
import { hex } from "./helpers/as-probe.ts";

const { Args, CLValue } = sdk;

let wasm: Uint8Array;
beforeAll(async () => {
  wasm = await compileModule("tests/probes/heap.ts");
});

/** Runs export `fn` on a fresh instance; `text` (if given) is passed as an AssemblyScript string. */
function run(fn: string, param?: number | string): { outcome: Outcome; outputs: Uint8Array[] } {
  const host = new StubHost();
  const outputs: Uint8Array[] = [];
  host.extraImports.probe = { out: (ptr: number, len: number) => void outputs.push(host.bytes(ptr, len)) };
  const instance = host.instantiate(wasm);
  const params: number[] = [];
  if (typeof param === "number") params.push(param);
  else if (typeof param === "string") {
    const ptr = (instance.exports.newString as (units: number) => number)(param.length);
    const view = new DataView(host.memory.buffer);
    for (let i = 0; i < param.length; i++) view.setUint16(ptr + 2 * i, param.charCodeAt(i), true);
    params.push(ptr);
  }
  return { outcome: host.invoke(instance, fn, ...params), outputs };
}

const u32 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);

describe("the heap", () => {
  it("hands out consecutive blocks, in one page to start with", () => {
    const { outcome, outputs } = run("consecutive");
    expect(outcome).toEqual({ kind: "returned" });
    expect(outputs.map(u32)).toEqual([3, 1]);
  });

  it("grows the memory for a block that does not fit, and hands it out zeroed", () => {
    const { outcome, outputs } = run("growsZeroed", 200_000);
    expect(outcome).toEqual({ kind: "returned" });
    expect(u32(outputs[0])).toBe(0);
    expect(u32(outputs[1])).toBeGreaterThanOrEqual(4); // 200 000 bytes past the static data: 4 pages at least
  });

  it("traps on a size past the address space instead of wrapping around", () => {
    const { outcome, outputs } = run("wrapsAround");
    expect(outcome).toMatchObject({ kind: "trapped", message: expect.stringMatching(/unreachable/) });
    expect(outputs).toEqual([]);
  });

  it("past Casper's 64 pages the block cannot be used: touching it traps", () => {
    const { outcome, outputs } = run("pastTheMaximum");
    expect(outcome).toMatchObject({ kind: "trapped", message: expect.stringMatching(/out of bounds/) });
    expect(outputs).toEqual([]);
  });

  it("heap.reset starts over at the same address, with the memory zeroed again", () => {
    expect(run("resets").outputs.map(u32)).toEqual([1, 1]);
  });

  it("serves the standard library (__new/__renew): an Array grown by push, concatenated strings", () => {
    const { outcome, outputs } = run("standardLibrary");
    expect(outcome).toEqual({ kind: "returned" });
    expect(outputs.slice(0, 3).map(u32)).toEqual([1000, 499_500, 50]);
    expect(hex(outputs[3])).toBe("4100420043004400");
  });
});

describe("Writer at the heap top", () => {
  it("two writers written in turn, with a block allocated between writes, each keep their own bytes", () => {
    const { outcome, outputs } = run("interleaved");
    expect(outcome).toEqual({ kind: "returned" });
    expect(outputs.map(hex)).toEqual(["0102030405eeeeee06", "b1b2060708090a0b0c0d", "eeeeee"]);
  });

  it("encodes text in place and gives back the room it did not use", () => {
    for (const s of ["", "plain", "héllo wörld", "日本語", "🙂 x"]) {
      const { outcome, outputs } = run("stringInPlace", s);
      expect(outcome).toEqual({ kind: "returned" });
      // bytesrepr String: u32 UTF-8 byte length + UTF-8 (the SDK writes UTF-16 lengths for non-ASCII text)
      const utf8 = new TextEncoder().encode(s);
      expect(hex(outputs[0]), s).toBe("55" + hex(new Uint8Array(new Uint32Array([utf8.length]).buffer)) + hex(utf8));
      expect(u32(outputs[1]), s).toBe(0);
    }
  });

  it("RuntimeArgs whose values are made between inserts equal the SDK's Args", () => {
    const { outputs } = run("argsWithAllocations");
    const expected = Args.fromMap({
      a: CLValue.newCLUInt512(1),
      b: CLValue.newCLUInt512(0x1234),
      c: CLValue.newCLUInt512(7),
      d: CLValue.newCLString("text"),
    }).toBytes();
    expect(hex(outputs[0])).toBe(hex(expected));
  });
});
