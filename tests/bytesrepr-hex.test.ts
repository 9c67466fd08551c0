// host/bytesrepr/hex.ts toHex: lowercase, two digits a byte, for every length and for views into a
// larger buffer (a key's bytes are often a subarray of a value's or of wasm memory).
import { describe, expect, it } from "vitest";
import { fromHex, toHex } from "../host/bytesrepr/hex.ts";

const reference = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

describe("toHex", () => {
  it("writes each byte as two lowercase digits, whole arrays and views at any offset", () => {
    const big = Uint8Array.from({ length: 300 }, (_, i) => (i * 89 + 3) & 0xff);
    for (let n = 0; n <= 70; n++) {
      for (const offset of [0, 1, 7, 33]) {
        const view = big.subarray(offset, offset + n);
        expect(toHex(view)).toBe(reference(view));
        expect(fromHex(toHex(view))).toEqual(Uint8Array.from(view));
      }
    }
    expect(toHex(Uint8Array.from([0, 0x0f, 0xf0, 0xff, 0xab, 0xcd, 0xef, 0x10, 0x01]))).toBe("000ff0ffabcdef1001");
    // a view over shared memory (wasm memory can be shared) and a Buffer give the same text
    const shared = new Uint8Array(new SharedArrayBuffer(64));
    shared.set(big.subarray(0, 64));
    expect(toHex(shared.subarray(5, 45))).toBe(reference(big.subarray(5, 45)));
    expect(toHex(Buffer.from(big.subarray(0, 40)))).toBe(reference(big.subarray(0, 40)));
  });
});
