// PublicKey.isOnCurve (assembly/types/secp256k1_point.ts): the test casper-types makes when it decodes a
// Secp256k1 key (k256 from_sec1_bytes), checked against @noble/curves on fixed and generated keys. Not
// wired into decoding: the cost in bytes and gas is in assembly/README.md ("PublicKey and the curve").
import fc from "fast-check";
import { secp256k1 } from "@noble/curves/secp256k1";
import { beforeAll, describe, expect, it } from "vitest";
import { compileModule } from "./helpers/as-build.ts";
import { StubHost } from "./helpers/as-host.ts";

let onCurve: (serialized: Uint8Array) => boolean;

beforeAll(async () => {
  const wasm = await compileModule("tests/probes/curve.ts");
  const host = new StubHost();
  const instance = host.instantiate(wasm);
  const exports = instance.exports as { buffer(): number; onCurve(ptr: number): number };
  onCurve = (serialized) => {
    const ptr = exports.buffer();
    host.write(ptr, serialized);
    return exports.onCurve(ptr) === 1;
  };
});

const fromHex = (hex: string) => Uint8Array.from(Buffer.from(hex, "hex"));
function nobleAccepts(sec1: Uint8Array): boolean {
  try {
    secp256k1.ProjectivePoint.fromHex(sec1).assertValidity();
    return true;
  } catch {
    return false;
  }
}

describe("PublicKey.isOnCurve", () => {
  const P = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";
  const G = "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
  const cases: [string, string, boolean][] = [
    ["the generator, even y", `0202${G}`, true],
    ["the generator, odd y", `0203${G}`, true],
    ["the all-zero key the CLI refuses", `02${"00".repeat(33)}`, false],
    ["x = 0 (no point: 7 is not a square)", `0202${"00".repeat(32)}`, false],
    ["x = p (not a field element)", `0202${P}`, false],
    ["x = 2^256 - 1", `0203${"ff".repeat(32)}`, false],
    ["prefix 04 (uncompressed) with 32 bytes", `0204${G}`, false],
  ];
  for (const [what, hex, expected] of cases) {
    it(what, () => {
      const key = fromHex(hex);
      expect(onCurve(key)).toBe(expected);
      expect(nobleAccepts(key.subarray(1))).toBe(expected);
    });
  }

  it("agrees with @noble/curves on any x, either prefix", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (x, odd) => {
        const key = Uint8Array.from([2, odd ? 3 : 2, ...x]);
        expect(onCurve(key)).toBe(nobleAccepts(key.subarray(1)));
      }),
      { numRuns: 200 },
    );
  });

  it("ed25519 and system keys: true (length is what decoding checks)", () => {
    expect(onCurve(fromHex(`01${"ab".repeat(32)}`))).toBe(true);
    expect(onCurve(fromHex("00"))).toBe(true);
  });
});
