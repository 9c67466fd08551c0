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

/** EntryPoint bytes as contracts.rs lays them out, written by hand for tests. */
export interface EpSpec {
  name: string;
  args?: [string, Uint8Array][];
  ret?: Uint8Array;
  /** "public", "template" (2.0, tag 3) or the list of group labels */
  access?: "public" | "template" | string[];
  /** session = 2.0's Caller (0), contract = Called (1), factory = 2.0's Factory (0x80) */
  type: "session" | "contract" | "factory";
  /** 2.0 EntityEntryPoint's EntryPointPayment byte (default 0 = Caller), written when `entity` is set */
  payment?: number;
}

/**
 * EntryPoints bytes: 1.x / 2.0 contracts.rs layout, or with `{ entity: true }` the 2.0
 * addressable_entity/entry_points.rs EntityEntryPoint layout (an EntryPointPayment byte after each).
 */
export function entryPointsBytes(eps: EpSpec[], options: { entity?: boolean } = {}): Uint8Array {
  const sorted = [...eps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const one = (e: EpSpec) => {
    const args = e.args ?? [];
    const access = !e.access || e.access === "public" ? new Uint8Array([1]) : e.access === "template" ? new Uint8Array([3]) : cat(new Uint8Array([2]), u32le(e.access.length), ...e.access.map(str));
    const type = new Uint8Array([e.type === "session" ? 0 : e.type === "contract" ? 1 : 0x80]);
    const payment = options.entity ? new Uint8Array([e.payment ?? 0]) : new Uint8Array(0);
    return cat(str(e.name), str(e.name), u32le(args.length), ...args.map(([n, t]) => cat(str(n), t)), e.ret ?? sdk.CLTypeUnit.toBytes(), access, type, payment);
  };
  return cat(u32le(sorted.length), ...sorted.map(one));
}

/** A serialized CLValue (u32 length + bytes + type) from the SDK. */
export function clBytes(v: InstanceType<typeof sdk.CLValue>): Uint8Array {
  return sdk.CLValueParser.toBytesWithType(v);
}

/** RuntimeArgs bytes from the SDK. */
export function argsBytes(args: Record<string, InstanceType<typeof sdk.CLValue>>): Uint8Array {
  return sdk.Args.fromMap(args).toBytes();
}

/** Key bytes from the SDK (`hash-…`, `uref-…-007`, `account-hash-…`). */
export function keyBytes(formatted: string): Uint8Array {
  return sdk.Key.newKey(formatted).bytes();
}
