// host/crypto/hash.ts: blake2b-256 on hash-wasm (once ready) gives @noble/hashes' digest (the path used
// before it is ready) for every length around blake2b's 128-byte block and for input in parts, and the
// RFC 7693 / casper-types digest.rs vectors.
import { blake2b } from "@noble/hashes/blake2";
import { describe, expect, it } from "vitest";
import { blake2b256, fastHashReady } from "../host/crypto/hash.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

describe("blake2b256 (host/crypto/hash.ts)", () => {
  it("the WebAssembly hasher agrees with @noble/hashes, whole and in parts", async () => {
    await fastHashReady;
    const data = Uint8Array.from({ length: 9000 }, (_, i) => (i * 131 + 7) & 0xff);
    for (const n of [0, 1, 31, 32, 33, 127, 128, 129, 255, 256, 257, 1000, 8704, 9000]) {
      const input = data.subarray(0, n);
      const expected = hex(blake2b(input, { dkLen: 32 }));
      expect(hex(blake2b256(input))).toBe(expected);
      expect(hex(blake2b256(input.subarray(0, n >> 1), input.subarray(n >> 1)))).toBe(expected);
    }
    // digest.rs hash_known: blake2b-256 of "abc"
    expect(hex(blake2b256(new TextEncoder().encode("abc")))).toBe("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    // each digest is its own copy (the hasher's memory is reused)
    const a = blake2b256(data.subarray(0, 1));
    const b = blake2b256(data.subarray(0, 2));
    expect(hex(a)).toBe(hex(blake2b(data.subarray(0, 1), { dkLen: 32 })));
    expect(hex(a)).not.toBe(hex(b));
  });
});
