// Byte agreement of the AssemblyScript contract API with casper-js-sdk, for every CL type: values the
// SDK encodes decode and re-encode to the same bytes on the AS side, CLType descriptors match, values
// built in AS encode as the SDK encodes them, and malformed bytes give the bytesrepr error casper-node
// v1.5.8 gives (EarlyEndOfStream 17, Formatting 18, LeftOverBytes 19, ExceededRecursionDepth 39), never
// a trap.
import { beforeAll, describe, expect, it } from "vitest";
import sdk from "casper-js-sdk";
import { blake2b } from "@noble/hashes/blake2b";
import { Probe, KINDS, type Kind, hex, unhex, utf16 } from "./helpers/as-probe.ts";
import { clv } from "../host/bytesrepr/cl-value.ts";
import { decodeEntryPoints, encodeEntryPoints } from "../host/bytesrepr/entry-points.ts";
import { CLT, clByteArray, clMap, clOption } from "../host/bytesrepr/cl-type.ts";

const { CLValue, CLValueParser, Args, PrivateKey, KeyAlgorithm, Key, URef } = sdk;
const T = sdk; // CLType constants and classes
type V = InstanceType<typeof sdk.CLValue>;

const ed = PrivateKey.fromHex("11".repeat(32), KeyAlgorithm.ED25519).publicKey;
const secp = PrivateKey.fromHex("22".repeat(32), KeyAlgorithm.SECP256K1).publicKey;
const H32 = "ab".repeat(32);

const u512 = (n: bigint | string) => CLValue.newCLUInt512(n.toString());
const str = (s: string) => CLValue.newCLString(s);
const key = (src: string, type: number) => CLValue.newCLKey(Key.createByType(src, type));
const list = (t: ConstructorParameters<typeof sdk.CLTypeList>[0], items: V[]) => CLValue.newCLList(t, items);
function map(k: ConstructorParameters<typeof sdk.CLTypeMap>[0], v: ConstructorParameters<typeof sdk.CLTypeMap>[1], pairs: [V, V][]): V {
  const m = CLValue.newCLMap(k, v);
  for (const [a, b] of pairs) m.map!.append(a, b);
  return m;
}
const some = (v: V) => CLValue.newCLOption(v);
const none = (t: ConstructorParameters<typeof sdk.CLTypeOption>[0]) => CLValue.newCLOption(null, t);
const LONG = "casper-".repeat(1500) + "é😀";

/**
 * A value given by its bytes and CLType. For non-ASCII strings: casper-js-sdk 5.0.12 writes a String's
 * length as its count of UTF-16 units, not of UTF-8 bytes as Rust does (CLValueString.bytes), so
 * those come from host/bytesrepr's writer instead.
 */
const raw = (bytes: Uint8Array, type: Uint8Array) => ({ bytes: () => bytes, getType: () => ({ toBytes: () => type }) }) as unknown as V;
const ustr = (s: string) => raw(clv.string(s).bytes, Uint8Array.of(10));

/** Values of each kind, built with casper-js-sdk (edge values included). */
const SAMPLES: Partial<Record<Kind, V[]>> = {
  bool: [CLValue.newCLValueBool(false), CLValue.newCLValueBool(true)],
  i32: [0, -1, 1, 2 ** 31 - 1, -(2 ** 31)].map((n) => CLValue.newCLInt32(n)),
  i64: ["0", "-1", "9223372036854775807", "-9223372036854775808"].map((n) => CLValue.newCLInt64(n)),
  u8: [0, 1, 255].map((n) => CLValue.newCLUint8(n)),
  u32: [0, 1, 2 ** 32 - 1].map((n) => CLValue.newCLUInt32(n)),
  u64: ["0", "1", "18446744073709551615"].map((n) => CLValue.newCLUint64(n)),
  U128: ["0", "1", "256", (2n ** 128n - 1n).toString()].map((n) => CLValue.newCLUInt128(n)),
  U256: ["0", "255", (2n ** 200n).toString(), (2n ** 256n - 1n).toString()].map((n) => CLValue.newCLUInt256(n)),
  U512: [0n, 1n, 255n, 256n, 500_000_000_000n, 2n ** 256n - 1n].map(u512),
  Unit: [CLValue.newCLUnit()],
  String: [...["", "a", "delegate"].map(str), ...["héllo wörld ✓", "😀 astral", LONG].map(ustr)],
  Key: [
    key(H32, T.KeyTypeID.Account),
    key(H32, T.KeyTypeID.Hash),
    ...[0, 1, 2, 3, 4, 5, 6, 7].map((r) => key(`uref-${H32}-00${r}`, T.KeyTypeID.URef)),
    key(H32, T.KeyTypeID.Transfer),
    key(H32, T.KeyTypeID.DeployInfo),
    key("era-0", T.KeyTypeID.EraId),
    raw(Uint8Array.of(5, 255, 255, 255, 255, 255, 255, 255, 255), Uint8Array.of(11)),
    key(H32, T.KeyTypeID.Balance),
    key(H32, T.KeyTypeID.Bid),
    key(H32, T.KeyTypeID.Withdraw),
    key(H32, T.KeyTypeID.Dictionary),
    key("00".repeat(32), T.KeyTypeID.SystemContractRegistry),
    key("00".repeat(32), T.KeyTypeID.EraSummary),
    key(H32, T.KeyTypeID.Unbond),
    key("00".repeat(32), T.KeyTypeID.ChainspecRegistry),
    key("00".repeat(32), T.KeyTypeID.ChecksumRegistry),
  ],
  URef: [0, 1, 2, 3, 4, 5, 6, 7].map((r) => CLValue.newCLUref(new URef(unhex(H32), r))),
  PublicKey: [CLValue.newCLPublicKey(ed), CLValue.newCLPublicKey(secp)],
  AccountHash: [CLValue.newCLByteArray(ed.accountHash().toBytes())],
  ContractHash: [CLValue.newCLByteArray(new Uint8Array(32).fill(7))],
  ContractPackageHash: [CLValue.newCLByteArray(new Uint8Array(32))],
  "Option<U512>": [none(T.CLTypeUInt512), some(u512(0n)), some(u512(2n ** 255n))],
  "List<u64>": [list(T.CLTypeUInt64, []), list(T.CLTypeUInt64, ["0", "1", "18446744073709551615"].map((n) => CLValue.newCLUint64(n)))],
  "List<String>": [list(T.CLTypeString, []), list(T.CLTypeString, ["", "x", "casper-".repeat(1500)].map(str))],
  "Map<String,U512>": [
    map(T.CLTypeString, T.CLTypeUInt512, []),
    map(T.CLTypeString, T.CLTypeUInt512, [
      [str(""), u512(0n)],
      [str("a"), u512(1n)],
      [str("aa"), u512(2n)],
      [str("b"), u512(3n)],
    ]),
  ],
  "Map<u64,Key>": [
    map(T.CLTypeUInt64, T.CLTypeKey, [
      [CLValue.newCLUint64(1), key(H32, T.KeyTypeID.Hash)],
      [CLValue.newCLUint64(256), key(`uref-${H32}-007`, T.KeyTypeID.URef)],
    ]),
  ],
  "Result<String,u32>": [
    CLValue.newCLResult(T.CLTypeString, T.CLTypeUInt32, str("ok"), true),
    CLValue.newCLResult(T.CLTypeString, T.CLTypeUInt32, CLValue.newCLUInt32(7), false),
  ],
  "Result<Unit,String>": [
    CLValue.newCLResult(T.CLTypeUnit, T.CLTypeString, CLValue.newCLUnit(), true),
    CLValue.newCLResult(T.CLTypeUnit, T.CLTypeString, str("bad"), false),
  ],
  "Tuple1<bool>": [CLValue.newCLTuple1(CLValue.newCLValueBool(true))],
  "Tuple2<String,U512>": [CLValue.newCLTuple2(str("x"), u512(12345n))],
  "Tuple3<u8,PublicKey,Option<u64>>": [
    CLValue.newCLTuple3(CLValue.newCLUint8(9), CLValue.newCLPublicKey(secp), none(T.CLTypeUInt64)),
    CLValue.newCLTuple3(CLValue.newCLUint8(0), CLValue.newCLPublicKey(ed), some(CLValue.newCLUint64(5))),
  ],
  "Option<List<Map<String,U512>>>": [
    none(new T.CLTypeList(new T.CLTypeMap(T.CLTypeString, T.CLTypeUInt512))),
    some(list(new T.CLTypeMap(T.CLTypeString, T.CLTypeUInt512), [])),
    some(
      list(new T.CLTypeMap(T.CLTypeString, T.CLTypeUInt512), [
        map(T.CLTypeString, T.CLTypeUInt512, [[str("x"), u512(7n)]]),
        map(T.CLTypeString, T.CLTypeUInt512, []),
      ]),
    ),
  ],
  "List<PublicKey>": [list(T.CLTypePublicKey, [CLValue.newCLPublicKey(ed), CLValue.newCLPublicKey(secp)])],
  "List<List<u8>>": [list(new T.CLTypeList(T.CLTypeUInt8), [list(T.CLTypeUInt8, []), list(T.CLTypeUInt8, [1, 2, 255].map((n) => CLValue.newCLUint8(n)))])],
  "Option<Key>": [none(T.CLTypeKey), some(key(H32, T.KeyTypeID.Account))],
  "List<Unit>": [list(T.CLTypeUnit, []), list(T.CLTypeUnit, [CLValue.newCLUnit(), CLValue.newCLUnit(), CLValue.newCLUnit()])],
  "Map<PublicKey,U512>": [
    map(T.CLTypePublicKey, T.CLTypeUInt512, [
      [CLValue.newCLPublicKey(secp), u512(1n)],
      [CLValue.newCLPublicKey(ed), u512(2n)],
    ]),
  ],
  "Result<List<URef>,Tuple2<i32,i64>>": [
    CLValue.newCLResult(new T.CLTypeList(T.CLTypeUref), new T.CLTypeTuple2(T.CLTypeInt32, T.CLTypeInt64), list(T.CLTypeUref, [CLValue.newCLUref(new URef(unhex(H32), 7))]), true),
    CLValue.newCLResult(new T.CLTypeList(T.CLTypeUref), new T.CLTypeTuple2(T.CLTypeInt32, T.CLTypeInt64), CLValue.newCLTuple2(CLValue.newCLInt32(-5), CLValue.newCLInt64("-6")), false),
  ],
};

/** U512 bytes by definition (length byte + little-endian, no trailing zeros): for values beyond the SDK's 256 bits. */
function u512Bytes(n: bigint): Uint8Array {
  const out: number[] = [];
  while (n > 0n) {
    out.push(Number(n & 0xffn));
    n >>= 8n;
  }
  return Uint8Array.of(out.length, ...out);
}

let probe: Probe;
beforeAll(async () => {
  probe = await Probe.load();
});

const out = (r: ReturnType<Probe["call"]>): string => {
  if (!("out" in r)) throw new Error(`expected output, got ${JSON.stringify(r)}`);
  return hex(r.out);
};

describe("every CL type: SDK bytes decode and re-encode identically, CLType descriptors match", () => {
  for (const [kind, values] of Object.entries(SAMPLES) as [Kind, V[]][]) {
    it(kind, () => {
      for (const v of values) expect(out(probe.roundtrip(kind, v.bytes()))).toBe(hex(v.bytes()));
      expect(out(probe.cltype(kind))).toBe(hex(values[0].getType().toBytes()));
    });
  }

  it("U512 up to 2^512 - 1 (beyond what casper-js-sdk encodes)", () => {
    for (const n of [2n ** 256n, 2n ** 511n, 2n ** 512n - 1n]) {
      expect(out(probe.roundtrip("U512", u512Bytes(n)))).toBe(hex(u512Bytes(n)));
      expect(out(probe.roundtrip("U512", clv.u512(n).bytes))).toBe(hex(u512Bytes(n)));
    }
  });

  it("CLValue: SDK CLValues with their types decode and re-encode identically", () => {
    for (const v of [CLValue.newCLUint64(7), str("hi"), SAMPLES["Option<List<Map<String,U512>>>"]![2], CLValue.newCLByteArray(Uint8Array.of(1, 2, 3))]) {
      const bytes = CLValueParser.toBytesWithType(v);
      expect(out(probe.roundtrip("CLValue", bytes))).toBe(hex(bytes));
    }
  });

  it("RuntimeArgs: SDK args decode and re-encode identically, in their order", () => {
    const args = Args.fromMap({ zeta: CLValue.newCLUint8(1), alpha: u512(500_000_000_000n), key: key(H32, T.KeyTypeID.Account) });
    expect(out(probe.roundtrip("RuntimeArgs", args.toBytes()))).toBe(hex(args.toBytes()));
    expect(out(probe.roundtrip("RuntimeArgs", Args.fromMap({}).toBytes()))).toBe("00000000");
  });

  it("EntryPoints: host/bytesrepr's encoding decodes and re-encodes identically", () => {
    const bytes = encodeEntryPoints([
      { name: "a", args: [{ name: "x", clType: clOption(CLT.U512) }], ret: CLT.Unit, access: { kind: "Public" }, entryPointType: "Session" },
      { name: "b", args: [], ret: clMap(CLT.String, clByteArray(32)), access: { kind: "Groups", groups: ["g1", ""] }, entryPointType: "Contract" },
    ]);
    expect(out(probe.roundtrip("EntryPoints", bytes))).toBe(hex(bytes));
  });
});

describe("what Rust's decoders normalise", () => {
  it("Map keys of an ordered type come out sorted, a repeated key keeping its last value", () => {
    // (casper-js-sdk's map refuses a repeated key: the bytes are written out here)
    const entry = (k: string, v: bigint) => [...str(k).bytes(), ...u512(v).bytes()];
    const unsorted = Uint8Array.of(3, 0, 0, 0, ...entry("b", 2n), ...entry("a", 1n), ...entry("b", 9n));
    const sorted = map(T.CLTypeString, T.CLTypeUInt512, [
      [str("a"), u512(1n)],
      [str("b"), u512(9n)],
    ]);
    expect(out(probe.roundtrip("Map<String,U512>", unsorted))).toBe(hex(sorted.bytes()));
    // u64 keys sort by value, not by their little-endian bytes
    const byValue = map(T.CLTypeUInt64, T.CLTypeKey, [
      [CLValue.newCLUint64(256), key(H32, T.KeyTypeID.Hash)],
      [CLValue.newCLUint64(1), key(H32, T.KeyTypeID.Account)],
    ]);
    const expected = map(T.CLTypeUInt64, T.CLTypeKey, [
      [CLValue.newCLUint64(1), key(H32, T.KeyTypeID.Account)],
      [CLValue.newCLUint64(256), key(H32, T.KeyTypeID.Hash)],
    ]);
    expect(out(probe.roundtrip("Map<u64,Key>", byValue.bytes()))).toBe(hex(expected.bytes()));
  });

  it("U512 with trailing zero bytes decodes (as uint.rs accepts it) and re-encodes canonically", () => {
    expect(out(probe.roundtrip("U512", Uint8Array.of(3, 5, 0, 0)))).toBe("0105");
    expect(out(probe.roundtrip("U512", Uint8Array.of(64, ...new Uint8Array(64))))).toBe("00");
  });

  it("registry keys' padding is dropped (written back as zeros)", () => {
    for (const tag of [10, 11, 13, 14]) {
      expect(out(probe.roundtrip("Key", Uint8Array.of(tag, ...new Uint8Array(32).fill(0xab))))).toBe(hex(Uint8Array.of(tag, ...new Uint8Array(32))));
    }
  });
});

describe("malformed bytes: the bytesrepr error, never a trap", () => {
  it("every strict prefix of every sample is EarlyEndOfStream (17)", () => {
    for (const [kind, values] of Object.entries(SAMPLES) as [Kind, V[]][]) {
      for (const v of values) {
        const b = v.bytes();
        for (let n = 0; n < b.length; n += b.length > 200 ? 97 : 1) {
          expect(probe.roundtrip(kind, b.subarray(0, n)), `${kind} ${hex(b)} cut at ${n}`).toEqual({ err: 17 });
        }
      }
    }
  });

  it("a byte left over after any sample is LeftOverBytes (19)", () => {
    for (const [kind, values] of Object.entries(SAMPLES) as [Kind, V[]][]) {
      for (const v of values) expect(probe.roundtrip(kind, Uint8Array.of(...v.bytes(), 0)), kind).toEqual({ err: 19 });
    }
  });

  it.each([
    ["bool 2", "bool", [2]],
    ["Option tag 2", "Option<U512>", [2, 0]],
    ["Result tag 2", "Result<String,u32>", [2, 0, 0, 0, 0]],
    ["Key tag 15 (not in 1.5.8)", "Key", [15, ...new Uint8Array(32)]],
    ["URef rights 8", "URef", [...new Uint8Array(32), 8]],
    ["URef rights 255 inside a Key", "Key", [2, ...new Uint8Array(32), 255]],
    ["PublicKey tag 3", "PublicKey", [3, ...new Uint8Array(33)]],
    ["U512 longer than 64 bytes", "U512", [65, ...new Uint8Array(65).fill(1)]],
    ["U256 longer than 32 bytes", "U256", [33, ...new Uint8Array(33).fill(1)]],
    ["U128 longer than 16 bytes", "U128", [17, ...new Uint8Array(17).fill(1)]],
    ["String 0xff", "String", [1, 0, 0, 0, 0xff]],
    ["String overlong '/'", "String", [2, 0, 0, 0, 0xc0, 0xaf]],
    ["String UTF-16 surrogate", "String", [3, 0, 0, 0, 0xed, 0xa0, 0x80]],
    ["String above U+10FFFF", "String", [4, 0, 0, 0, 0xf4, 0x90, 0x80, 0x80]],
    ["String cut inside a character", "String", [2, 0, 0, 0, 0xe2, 0x82]],
    ["String continuation byte first", "String", [1, 0, 0, 0, 0x80]],
  ] as [string, Kind, number[]][])("%s is Formatting (18)", (_what, kind, bytes) => {
    expect(probe.roundtrip(kind, Uint8Array.from(bytes))).toEqual({ err: 18 });
  });

  it("a list claiming 2^32 - 1 items in a few bytes is EarlyEndOfStream, without reserving memory for them", () => {
    expect(probe.roundtrip("List<u64>", Uint8Array.of(255, 255, 255, 255, 1, 2, 3))).toEqual({ err: 17 });
    expect(probe.roundtrip("List<String>", Uint8Array.of(255, 255, 255, 255))).toEqual({ err: 17 });
    expect(probe.roundtrip("Map<String,U512>", Uint8Array.of(255, 255, 255, 255, 0))).toEqual({ err: 17 });
  });

  it("zero-byte items (Unit) claiming more slots than wasm memory holds: OutOfMemory (20), not a trap", () => {
    expect(probe.roundtrip("List<Unit>", Uint8Array.of(255, 255, 255, 255))).toEqual({ err: 20 });
    expect(out(probe.roundtrip("List<Unit>", Uint8Array.of(16, 39, 0, 0)))).toBe("10270000"); // 10000 units
  });

  it("CLValue: an unknown CLType tag is Formatting; a CLType nested 51 deep is ExceededRecursionDepth (39)", () => {
    expect(probe.roundtrip("CLValue", Uint8Array.of(0, 0, 0, 0, 23))).toEqual({ err: 18 });
    const deep = (n: number) => Uint8Array.of(0, 0, 0, 0, ...new Array(n).fill(13), 9); // Option^n<Unit>
    expect(probe.roundtrip("CLValue", deep(49))).toEqual({ out: deep(49) });
    expect(probe.roundtrip("CLValue", deep(50))).toEqual({ err: 39 });
    expect(probe.call("clTypeCheck", [Uint8Array.of(...new Array(50).fill(14), 3)])).toEqual({ err: 39 });
    expect(probe.call("clTypeCheck", [Uint8Array.of(...new Array(49).fill(14), 3)])).toEqual({ out: Uint8Array.of(...new Array(49).fill(14), 3) });
  });

  it("random bytes never trap: each kind gives either a value or a bytesrepr error", () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (const kind of Object.keys(KINDS) as Kind[]) {
      for (let i = 0; i < 150; i++) {
        const n = i % 70;
        const bytes = Uint8Array.from({ length: n }, () => (i % 3 === 0 ? rand() % 4 : rand()));
        const r = probe.roundtrip(kind, bytes);
        const ok = "out" in r || ("err" in r && [17, 18, 19, 20, 39].includes(r.err));
        expect(ok, `${kind} ${hex(bytes)} -> ${JSON.stringify(r)}`).toBe(true);
      }
    }
  });
});

describe("values built in AssemblyScript encode as casper-js-sdk encodes them", () => {
  it("U512 from decimal strings, and back to decimal", () => {
    for (const n of [0n, 1n, 10n, 255n, 256n, 2n ** 64n, 10n ** 30n, 2n ** 256n - 1n]) {
      expect(out(probe.call("u512FromString", [n.toString()]))).toBe(hex(u512(n).bytes()));
      expect(utf16((probe.call("u512ToString", [u512(n).bytes()]) as { out: Uint8Array }).out)).toBe(n.toString());
    }
    const max = 2n ** 512n - 1n;
    expect(out(probe.call("u512FromString", [max.toString()]))).toBe(hex(u512Bytes(max)));
    expect(utf16((probe.call("u512ToString", [u512Bytes(max)]) as { out: Uint8Array }).out)).toBe(max.toString());
    expect(probe.call("u512FromString", [(max + 1n).toString()])).toEqual({ err: 3 });
    expect(probe.call("u512FromString", [""])).toEqual({ err: 3 });
    expect(probe.call("u512FromString", ["12a"])).toEqual({ err: 3 });
  });

  it("U512 arithmetic agrees with bigint, overflow and division by zero included", () => {
    const MAX = 2n ** 512n - 1n;
    let seed = 7n;
    const rnd = (bits: bigint) => {
      seed = (seed * 6364136223846793005n + 1442695040888963407n) & (2n ** 64n - 1n);
      let v = 0n;
      for (let i = 0n; i < bits; i += 64n) v = (v << 64n) | (seed = (seed * 6364136223846793005n + 1n) & (2n ** 64n - 1n));
      return v & ((1n << bits) - 1n);
    };
    const pairs: [bigint, bigint][] = [
      [0n, 0n],
      [MAX, 1n],
      [MAX, MAX],
      [1n, MAX],
      [2n ** 256n, 2n ** 256n],
      [2n ** 255n, 2n ** 257n],
      [MAX, 2n ** 511n],
      [123456789n, 0n],
    ];
    for (let i = 0; i < 40; i++) pairs.push([rnd(BigInt(64 + (i * 37) % 448)), rnd(BigInt(1 + (i * 53) % 511))]);
    for (const [a, b] of pairs) {
      const expected = [a + b, a - b, a * b, b === 0n ? -1n : a / b, b === 0n ? -1n : a % b];
      expected.forEach((e, op) => {
        const r = probe.call("u512Op", [op, u512Bytes(a), u512Bytes(b)]);
        if (e < 0n || e > MAX) expect(r, `${a} op${op} ${b}`).toEqual({ err: 1 });
        else expect(out(r), `${a} op${op} ${b}`).toBe(hex(u512Bytes(e)));
      });
      const cmp = (probe.call("u512Op", [5, u512Bytes(a), u512Bytes(b)]) as { out: Uint8Array }).out[0] - 1;
      expect(cmp).toBe(a < b ? -1 : a > b ? 1 : 0);
    }
  });

  it("U128 and U256 (as-bignum) from limbs, and decoded to decimal", () => {
    const limbs = (n: bigint, k: number) => Array.from({ length: k }, (_, i) => (n >> BigInt(64 * i)) & (2n ** 64n - 1n));
    for (const n of [0n, 1n, 2n ** 64n, 2n ** 128n - 1n]) {
      expect(out(probe.call("u128FromLimbs", limbs(n, 2)))).toBe(hex(CLValue.newCLUInt128(n.toString()).bytes()));
      expect(utf16((probe.call("u128ToString", [CLValue.newCLUInt128(n.toString()).bytes()]) as { out: Uint8Array }).out)).toBe(n.toString());
    }
    for (const n of [0n, 2n ** 200n + 5n, 2n ** 256n - 1n]) {
      expect(out(probe.call("u256FromLimbs", limbs(n, 4)))).toBe(hex(CLValue.newCLUInt256(n.toString()).bytes()));
      expect(utf16((probe.call("u256ToString", [CLValue.newCLUInt256(n.toString()).bytes()]) as { out: Uint8Array }).out)).toBe(n.toString());
    }
  });

  it("strings: AS strings encode as the SDK encodes them, SDK strings decode to the same text", () => {
    for (const s of ["", "amount", "casper-".repeat(1500)]) {
      expect(out(probe.call("stringEncode", [s]))).toBe(hex(str(s).bytes()));
      expect(utf16((probe.call("stringDecode", [str(s).bytes()]) as { out: Uint8Array }).out)).toBe(s);
    }
    // non-ASCII: u32 UTF-8 byte length + UTF-8 (what Rust writes; the SDK's length field is wrong here)
    const utf8String = (s: string) => {
      const b = new TextEncoder().encode(s);
      return Uint8Array.of(...new Uint8Array(new Uint32Array([b.length]).buffer), ...b);
    };
    for (const s of ["héllo wörld ✓", "日本語", "😀 and 🇫🇷", "\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}", LONG]) {
      expect(out(probe.call("stringEncode", [s]))).toBe(hex(utf8String(s)));
      expect(utf16((probe.call("stringDecode", [utf8String(s)]) as { out: Uint8Array }).out)).toBe(s);
    }
    // a lone surrogate cannot be UTF-8: it becomes U+FFFD, as TextEncoder does
    expect(out(probe.call("stringEncode", ["a\ud800b"]))).toBe(hex(utf8String("a\ufffdb")));
    expect(out(probe.call("stringEncode", ["\udc00"]))).toBe(hex(utf8String("\ufffd")));
    expect(out(probe.call("stringEncode", ["x\ud83d"]))).toBe(hex(utf8String("x\ufffd")));
  });

  it("PublicKey: tag and account hash (blake2b of the algorithm name, 0, raw key) as the SDK computes it", () => {
    for (const pk of [ed, secp]) {
      const r = (probe.call("publicKeyInfo", [CLValue.newCLPublicKey(pk).bytes()]) as { out: Uint8Array }).out;
      expect(r[0]).toBe(pk.cryptoAlg === KeyAlgorithm.ED25519 ? 1 : 2);
      expect(hex(r.subarray(1))).toBe(hex(pk.accountHash().toBytes()));
    }
    // the system key: tag 0, no bytes; account-hash.rs hashes "system" ++ 0
    const sys = (probe.call("publicKeyInfo", [Uint8Array.of(0)]) as { out: Uint8Array }).out;
    expect(hex(sys)).toBe("00" + hex(blake2b(Uint8Array.of(...new TextEncoder().encode("system"), 0), { dkLen: 32 })));
  });

  it("Key: every 1.5.8 variant built from its parts, and read back through the typed accessors", () => {
    const payload = unhex(H32);
    const cases: [number, V][] = [
      [0, key(H32, T.KeyTypeID.Account)],
      [1, key(H32, T.KeyTypeID.Hash)],
      [3, key(H32, T.KeyTypeID.Transfer)],
      [4, key(H32, T.KeyTypeID.DeployInfo)],
      [6, key(H32, T.KeyTypeID.Balance)],
      [7, key(H32, T.KeyTypeID.Bid)],
      [8, key(H32, T.KeyTypeID.Withdraw)],
      [9, key(H32, T.KeyTypeID.Dictionary)],
      [10, key("00".repeat(32), T.KeyTypeID.SystemContractRegistry)],
      [11, key("00".repeat(32), T.KeyTypeID.EraSummary)],
      [12, key(H32, T.KeyTypeID.Unbond)],
      [13, key("00".repeat(32), T.KeyTypeID.ChainspecRegistry)],
      [14, key("00".repeat(32), T.KeyTypeID.ChecksumRegistry)],
    ];
    for (const [variant, v] of cases) expect(out(probe.call("keyBuild", [variant, payload, 0, 0n])), `variant ${variant}`).toBe(hex(v.bytes()));
    for (let rights = 0; rights < 8; rights++) {
      expect(out(probe.call("keyBuild", [2, payload, rights, 0n]))).toBe(hex(key(`uref-${H32}-00${rights}`, T.KeyTypeID.URef).bytes()));
    }
    expect(out(probe.call("keyBuild", [5, payload, 0, 42n]))).toBe(hex(key("era-42", T.KeyTypeID.EraId).bytes()));
    expect(out(probe.call("keyBuild", [5, payload, 0, 2n ** 64n - 1n]))).toBe("05ffffffffffffffff");
    expect(out(probe.call("keyInfo", [key(H32, T.KeyTypeID.Account).bytes()]))).toBe("00" + H32);
    expect(out(probe.call("keyInfo", [key(H32, T.KeyTypeID.Hash).bytes()]))).toBe("01" + H32);
    expect(out(probe.call("keyInfo", [key(`uref-${H32}-005`, T.KeyTypeID.URef).bytes()]))).toBe("02" + H32 + "05");
    expect(out(probe.call("keyInfo", [key(H32, T.KeyTypeID.Dictionary).bytes()]))).toBe("09");
  });

  it("List, Map (sorted on insert, replacing), nested Option<List<Map>>", () => {
    expect(out(probe.call("listU64", [0]))).toBe(hex(list(T.CLTypeUInt64, []).bytes()));
    expect(out(probe.call("listU64", [40]))).toBe(hex(list(T.CLTypeUInt64, Array.from({ length: 40 }, (_, i) => CLValue.newCLUint64(i * 1000))).bytes()));
    expect(out(probe.call("mapSorted"))).toBe(
      hex(map(T.CLTypeString, T.CLTypeUInt512, [
        [str("a"), u512(10n)],
        [str("b"), u512(2n)],
        [str("c"), u512(3n)],
      ]).bytes()),
    );
    expect(out(probe.call("nestedValue"))).toBe(hex(SAMPLES["Option<List<Map<String,U512>>>"]![2].bytes()));
  });

  it("Result Ok/Err and Tuple1-3", () => {
    const expected = [
      CLValue.newCLResult(T.CLTypeString, T.CLTypeUInt32, str("ok"), true),
      CLValue.newCLResult(T.CLTypeString, T.CLTypeUInt32, CLValue.newCLUInt32(7), false),
      CLValue.newCLTuple1(CLValue.newCLValueBool(true)),
      CLValue.newCLTuple2(CLValue.newCLInt32(-1), CLValue.newCLInt64(-2)),
      CLValue.newCLTuple3(CLValue.newCLUint8(1), str("two"), CLValue.newCLUint64(3)),
    ];
    expect(out(probe.call("resultsAndTuples"))).toBe(expected.map((v) => hex(v.bytes())).join(""));
  });

  it("CLValue.from: value bytes with their CLType (ByteArray(N) from the value's length)", () => {
    const expected = [CLValue.newCLUint64(7), str("hi"), none(T.CLTypeUInt512), CLValue.newCLByteArray(Uint8Array.of(1, 2, 3))];
    expect(out(probe.call("clValues"))).toBe(expected.map((v) => hex(CLValueParser.toBytesWithType(v))).join(""));
  });

  it("CLValue.to<T>: the value, CLTypeMismatch (16) for another type, the bytesrepr error for bad bytes", () => {
    expect(out(probe.call("clValueToU64", [CLValueParser.toBytesWithType(CLValue.newCLUint64("18446744073709551615"))]))).toBe("ffffffffffffffff");
    expect(probe.call("clValueToU64", [CLValueParser.toBytesWithType(CLValue.newCLUInt32(1))])).toEqual({ err: 16 });
    expect(probe.call("clValueToU64", [Uint8Array.of(9, 0, 0, 0, ...new Uint8Array(9), 5)])).toEqual({ err: 19 });
  });

  it("RuntimeArgs built in AS equal the SDK's Args, and are looked up by name", () => {
    const expected = Args.fromMap({
      amount: u512(2_500_000_000n),
      target: CLValue.newCLByteArray(new Uint8Array(32).fill(0x11)),
      id: some(CLValue.newCLUint64(9)),
    }).toBytes();
    expect(out(probe.call("runtimeArgs"))).toBe(hex(expected));
    expect(out(probe.call("runtimeArgGet", [expected, "target"]))).toBe(hex(CLValueParser.toBytesWithType(CLValue.newCLByteArray(new Uint8Array(32).fill(0x11)))));
    expect(probe.call("runtimeArgGet", [expected, "missing"])).toEqual({ err: 6 });
  });

  it("EntryPoints with groups, ByteArray and Map parameters, as host/bytesrepr encodes them", () => {
    const expected = encodeEntryPoints([
      {
        name: "transfer",
        args: [
          { name: "to", clType: clByteArray(32) },
          { name: "meta", clType: clMap(CLT.String, clOption(CLT.U64)) },
        ],
        ret: CLT.U512,
        access: { kind: "Groups", groups: ["admin", "ops"] },
        entryPointType: "Contract",
      },
      { name: "ping", args: [], ret: CLT.Unit, access: { kind: "Public" }, entryPointType: "Contract" },
    ]);
    // the AS side keeps insertion order (the host sorts): compare as the host stores them
    const sent = (probe.call("entryPoints") as { out: Uint8Array }).out;
    expect(out(probe.roundtrip("EntryPoints", sent))).toBe(hex(sent));
    const sorted = encodeEntryPoints(decodeEntryPoints(sent));
    expect(hex(sorted)).toBe(hex(expected));
  });

  it("CLType descriptors built at run time", () => {
    const expected = [
      new T.CLTypeResult(new T.CLTypeTuple3(T.CLTypeKey, T.CLTypeUref, T.CLTypeAny), new T.CLTypeTuple2(T.CLTypeBool, T.CLTypeInt32)),
      new T.CLTypeTuple1(new T.CLTypeList(T.CLTypePublicKey)),
    ];
    expect(out(probe.call("runtimeCLTypes"))).toBe(expected.map((t) => hex(t.toBytes())).join(""));
  });
});

describe("runtime.getNamedArg<T>: Rust's get_named_arg", () => {
  for (const [kind, values] of Object.entries(SAMPLES) as [Kind, V[]][]) {
    it(`${kind}: the value; missing -> MissingArgument (2); bad or left-over bytes -> InvalidArgument (3)`, () => {
      const v = values[values.length - 1].bytes();
      expect(out(probe.namedArg(kind, v))).toBe(hex(v));
      expect(probe.namedArg(kind)).toEqual({ revert: 2 });
      expect(probe.namedArg(kind, Uint8Array.of(...v, 7))).toEqual({ revert: 3 });
      if (v.length > 0) expect(probe.namedArg(kind, v.subarray(0, v.length - 1))).toEqual({ revert: 3 });
    });
  }
});

describe("runtime.decodeOrRevert<T>: Rust's bytesrepr::deserialize(..).unwrap_or_revert()", () => {
  // PublicKey and U128/U256/U512 check their length from their first byte without a Reader
  // (bytes/codec.ts decodeOrRevert); every other type goes through a Reader. Both must give what the
  // Reader's decode + finish gives: the same value, or a revert with the same bytesrepr error.
  const agrees = (kind: Kind, bytes: Uint8Array) => {
    const viaReader = probe.roundtrip(kind, bytes);
    const exact = probe.exact(kind, bytes);
    expect(exact, `${kind} ${hex(bytes)}`).toEqual("err" in viaReader ? { revert: viaReader.err } : viaReader);
  };

  it("agrees with the Reader on every sample, each strict prefix and a byte left over", () => {
    for (const [kind, values] of Object.entries(SAMPLES) as [Kind, V[]][]) {
      for (const v of values) {
        const b = v.bytes();
        agrees(kind, b);
        agrees(kind, Uint8Array.of(...b, 0));
        for (let n = 0; n < b.length; n += b.length > 200 ? 97 : 1) agrees(kind, b.subarray(0, n));
      }
    }
  });

  it.each([
    ["PublicKey", []],
    ["PublicKey", [3]],
    ["PublicKey", [3, ...new Uint8Array(33)]],
    ["PublicKey", [255, ...new Uint8Array(40)]],
    ["PublicKey", [0, 0]],
    ["PublicKey", [1, ...new Uint8Array(31)]],
    ["PublicKey", [2, ...new Uint8Array(34)]],
    ["U512", []],
    ["U512", [65, ...new Uint8Array(65).fill(1)]],
    ["U512", [64, ...new Uint8Array(63).fill(1)]],
    ["U512", [64, ...new Uint8Array(64).fill(0xff)]],
    ["U512", [0, 0]],
    ["U256", [33, ...new Uint8Array(33).fill(1)]],
    ["U256", [32, ...new Uint8Array(32).fill(0xff)]],
    ["U128", [17, ...new Uint8Array(17).fill(1)]],
    ["U128", [2, 1]],
  ] as [Kind, number[]][])("%s %j: the Reader's value or error", (kind, bytes) => {
    agrees(kind, Uint8Array.from(bytes));
  });

  it("random bytes: the Reader's value or error, for every kind", () => {
    let seed = 777;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    for (const kind of Object.keys(KINDS) as Kind[]) {
      for (let i = 0; i < 60; i++) {
        const n = i % 70;
        // small first bytes make valid tags and short lengths, so both outcomes occur
        agrees(kind, Uint8Array.from({ length: n }, (_, j) => (j === 0 || i % 3 === 0 ? rand() % 4 : rand())));
      }
    }
  });
});
