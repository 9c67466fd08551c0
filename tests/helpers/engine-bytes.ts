// Independent byte builders for tests: written from the bytesrepr rules (u32 LE lengths, UTF-8
// strings) and casper-js-sdk's own encoders, never from the engine's codecs under test.

import sdk from "casper-js-sdk";

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
export const unhex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, "hex"));

export function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

export function str(s: string): Uint8Array {
  const body = new TextEncoder().encode(s);
  return cat(u32le(body.length), body);
}

export function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** CLType bytes straight from the SDK. */
export const sdkType = {
  u8: () => sdk.CLTypeUInt8.toBytes(),
  unit: () => sdk.CLTypeUnit.toBytes(),
  publicKey: () => sdk.CLTypePublicKey.toBytes(),
  list: (inner: { toBytes(): Uint8Array }) => new sdk.CLTypeList(inner as never).toBytes(),
};
