import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { BytesreprError } from "../host/bytesrepr/errors.ts";
import { CLT, clList, clMap, clOption, clResult, clTuple3, clByteArray, decodeCLType, encodeCLType, type CLType } from "../host/bytesrepr/cl-type.ts";
import { decodeEntryPoints, encodeEntryPoints, type EntryPoint } from "../host/bytesrepr/entry-points.ts";
import { cat, hex, str, u32le } from "./helpers/engine-bytes.ts";

const { CLTypeParser } = sdk;

describe("CLType codec", () => {
  const cases: [CLType, string][] = [
    [CLT.U512, "U512"],
    [clList(CLT.PublicKey), "List (PublicKey)"],
    [clOption(clByteArray(32)), "Option (ByteArray: 32)"],
    [clResult(CLT.Unit, CLT.U8), "Result"],
    [clMap(CLT.String, CLT.Key), "Map"],
    [clTuple3(CLT.U8, CLT.String, clList(CLT.U64)), "Tuple3"],
  ];
  it.each(cases)("encodes %j exactly as casper-js-sdk parses it", (t) => {
    const bytes = encodeCLType(t);
    const parsed = CLTypeParser.matchBytesToCLType(bytes);
    expect(parsed.bytes.length).toBe(0);
    expect(hex(parsed.result.toBytes())).toBe(hex(bytes));
    expect(decodeCLType(bytes)).toEqual(t);
  });

  it("rejects an unknown tag, truncation and nesting past depth 50", () => {
    expect(() => decodeCLType(new Uint8Array([23]))).toThrow(/formatting/);
    expect(() => decodeCLType(new Uint8Array([15, 1, 0]))).toThrow(/early end of stream/);
    const deep = new Uint8Array(51).fill(13);
    deep[50] = 0;
    expect(() => decodeCLType(deep)).toThrow(BytesreprError);
    expect(() => decodeCLType(deep)).toThrow(/exceeded recursion depth/);
    const ok = new Uint8Array(50).fill(13);
    ok[49] = 0;
    expect(decodeCLType(ok).kind).toBe("Option");
  });
});

// The keys_manager contract of the seed declares these four entry points.
const keysManager: EntryPoint[] = [
  { name: "set_key_weight", args: [{ name: "account", clType: CLT.PublicKey }, { name: "weight", clType: CLT.U8 }], ret: CLT.Unit, access: { kind: "Public" }, entryPointType: "Session" },
  { name: "set_deployment_threshold", args: [{ name: "weight", clType: CLT.U8 }], ret: CLT.Unit, access: { kind: "Public" }, entryPointType: "Session" },
  { name: "set_key_management_threshold", args: [{ name: "weight", clType: CLT.U8 }], ret: CLT.Unit, access: { kind: "Public" }, entryPointType: "Session" },
  {
    name: "set_all",
    args: [
      { name: "deployment_threshold", clType: CLT.U8 },
      { name: "key_management_threshold", clType: CLT.U8 },
      { name: "accounts", clType: clList(CLT.PublicKey) },
      { name: "weights", clType: clList(CLT.U8) },
    ],
    ret: CLT.Unit,
    access: { kind: "Public" },
    entryPointType: "Session",
  },
];

// contracts.rs layout, built by hand: name, Vec<Parameter>, ret CLType, access tag (1 Public,
// 2 Groups + Vec<String>), entry point type byte (0 Session, 1 Contract).
function expectedEntryPoint(ep: EntryPoint): Uint8Array {
  const params = ep.args.map((p) => cat(str(p.name), encodeCLType(p.clType)));
  const access = ep.access.kind === "Groups" ? cat(new Uint8Array([2]), u32le(ep.access.groups.length), ...ep.access.groups.map(str)) : new Uint8Array([ep.access.kind === "Public" ? 1 : 3]);
  return cat(str(ep.name), u32le(ep.args.length), ...params, encodeCLType(ep.ret), access, new Uint8Array([{ Session: 0, Contract: 1, Factory: 0x80 }[ep.entryPointType]]));
}

describe("EntryPoints codec", () => {
  it("encodes keys_manager's entry points sorted by name, in the node's layout", () => {
    const sorted = [...keysManager].sort((a, b) => (a.name < b.name ? -1 : 1));
    const expected = cat(u32le(4), ...sorted.map((ep) => cat(str(ep.name), expectedEntryPoint(ep))));
    expect(hex(encodeEntryPoints(keysManager))).toBe(hex(expected));
    // List(PublicKey) inside matches the SDK's own bytes for that type
    expect(hex(expected)).toContain(hex(new sdk.CLTypeList(sdk.CLTypePublicKey).toBytes()));
  });

  it("decodes what it encodes, including group access and contract type", () => {
    const eps: EntryPoint[] = [
      ...keysManager,
      { name: "admin", args: [], ret: clResult(CLT.Unit, CLT.U32), access: { kind: "Groups", groups: ["admins", "ops"] }, entryPointType: "Contract" },
    ];
    const decoded = decodeEntryPoints(encodeEntryPoints(eps));
    expect([...decoded.keys()]).toEqual(["admin", "set_all", "set_deployment_threshold", "set_key_management_threshold", "set_key_weight"]);
    expect(decoded.get("admin")).toEqual(eps[4]);
    expect(decoded.get("set_all")).toEqual(keysManager[3]);
  });

  it("accepts unsorted input (a wasm may pass it so) and a later duplicate wins", () => {
    const a = expectedEntryPoint(keysManager[1]);
    const b = expectedEntryPoint(keysManager[0]);
    const bytes = cat(u32le(3), str("z"), a, str("a"), b, str("z"), b);
    const decoded = decodeEntryPoints(bytes);
    expect([...decoded.keys()]).toEqual(["a", "z"]);
    expect(decoded.get("z")!.name).toBe("set_key_weight");
  });

  it("names what is wrong in malformed input", () => {
    const good = encodeEntryPoints(keysManager);
    expect(() => decodeEntryPoints(good.subarray(0, good.length - 1))).toThrow(/early end of stream/);
    expect(() => decodeEntryPoints(cat(good, new Uint8Array([0])))).toThrow(/left-over bytes/);
    const badAccess = cat(u32le(1), str("x"), str("x"), u32le(0), encodeCLType(CLT.Unit), new Uint8Array([3, 0]));
    expect(() => decodeEntryPoints(badAccess)).toThrow(/EntryPointAccess.*unknown tag 3/);
    const badType = cat(u32le(1), str("x"), str("x"), u32le(0), encodeCLType(CLT.Unit), new Uint8Array([1, 2]));
    expect(() => decodeEntryPoints(badType)).toThrow(/entry_point_type.*unknown tag 2/);
    const badUtf8 = cat(u32le(1), u32le(1), new Uint8Array([0xff]));
    expect(() => decodeEntryPoints(badUtf8)).toThrow(/invalid UTF-8/);
  });
});

// ---- keys, values, args and accounts against casper-js-sdk ------------------------------------

import { clv, decodeCLValue, encodeCLValue, fromSdkCLValue, toSdkCLValue } from "../host/bytesrepr/cl-value.ts";
import { attenuateURefs, extractURefs } from "../host/bytesrepr/cl-value-urefs.ts";
import { decodeKey, encodeKey, formatKey, formatKeyFor2x, parseKey } from "../host/bytesrepr/key.ts";
import { utf8DecodeLossy, utf8DecodeStrict, utf8DecodeStrictAt, utf8Encode } from "../host/bytesrepr/utf8.ts";
import { accountHashOf } from "../host/bytesrepr/public-key.ts";
import { decodeRuntimeArgs, encodeRuntimeArgs } from "../host/bytesrepr/runtime-args.ts";
import { createAccount, decodeAccount, encodeAccount } from "../host/bytesrepr/account.ts";
import { encodeStoredValue, storedValueSerializedLength } from "../host/bytesrepr/stored-value.ts";
import { clBytes } from "./helpers/engine-bytes.ts";

const { CLValue: V, Key, PrivateKey, KeyAlgorithm, Args, URef: SdkURef } = sdk;

describe("Key", () => {
  const formatted = [
    "account-hash-" + "0a".repeat(32),
    "hash-" + "0b".repeat(32),
    "uref-" + "0c".repeat(32) + "-007",
    "uref-" + "0c".repeat(32) + "-001",
    "balance-" + "0d".repeat(32),
    "dictionary-" + "0e".repeat(32),
    "deploy-" + "0f".repeat(32),
    "transfer-" + "1a".repeat(32),
    "era-42",
  ];
  it.each(formatted)("%s: same bytes as casper-js-sdk, formats back the same", (s) => {
    const key = parseKey(s);
    expect(hex(encodeKey(key))).toBe(hex(Key.newKey(s).bytes()));
    expect(formatKey(key)).toBe(s);
    expect(formatKey(decodeKey(Key.newKey(s).bytes()))).toBe(s);
  });

  it("Key tag 10 as each protocol names it: 1.x system-contract-registry-, 2.0 system-entity-registry- (casper-types 2.0 key.rs); both parse to the same bytes", () => {
    const v1 = "system-contract-registry-" + "00".repeat(32);
    const v2 = "system-entity-registry-" + "00".repeat(32);
    const key = parseKey(v1);
    expect(hex(encodeKey(key))).toBe(hex(Key.newKey(v1).bytes()));
    expect(formatKey(key)).toBe(v1);
    expect(formatKeyFor2x(key)).toBe(v2);
    expect(hex(encodeKey(parseKey(v2)))).toBe(hex(encodeKey(key)));
    // every other tag formats the same on both
    expect(formatKeyFor2x(parseKey("hash-" + "0b".repeat(32)))).toBe("hash-" + "0b".repeat(32));
  });

  it("rejects unknown tags, bad access rights and bad strings", () => {
    expect(() => decodeKey(new Uint8Array([25, ...new Uint8Array(32)]))).toThrow(/unknown Key tag 25/);
    // Key::BidAddr (15, 2.0): the BidAddr's own tag sets its length; an unknown one is refused
    expect(() => decodeKey(new Uint8Array([15, 10, ...new Uint8Array(32)]))).toThrow(/unknown BidAddr tag 10/);
    expect(decodeKey(new Uint8Array([15, 1, ...new Uint8Array(32).fill(7)])).data).toHaveLength(33);
    expect(() => decodeKey(new Uint8Array([2, ...new Uint8Array(32), 8]))).toThrow(/access rights/);
    expect(() => decodeKey(new Uint8Array([1, 0, 0]))).toThrow(/early end of stream/);
    expect(() => parseKey("hash-zz")).toThrow(/64 hex digits/);
    expect(() => parseKey("wat-" + "00".repeat(32))).toThrow(/unknown prefix/);
  });
});

describe("CLValue, RuntimeArgs, account hashes", () => {
  const alice = PrivateKey.fromHex("11".repeat(32), KeyAlgorithm.ED25519).publicKey;
  const erin = PrivateKey.fromHex("22".repeat(32), KeyAlgorithm.SECP256K1).publicKey;
  const values = [
    V.newCLUInt512("123456789012345678901234567890"),
    V.newCLUInt512("0"),
    V.newCLString("hello"),
    V.newCLPublicKey(alice),
    V.newCLPublicKey(erin),
    V.newCLOption(V.newCLUint64(7)),
    V.newCLList(sdk.CLTypeUInt8, [V.newCLUint8(1), V.newCLUint8(2)]),
    V.newCLKey(Key.newKey("hash-" + "ab".repeat(32))),
  ];
  it.each(values.map((v) => [v.type.toString(), v]))("%s: bytes as the SDK writes them, and back to an equal SDK value", (_t, v) => {
    const mine = fromSdkCLValue(v as never);
    expect(hex(encodeCLValue(mine))).toBe(hex(clBytes(v as never)));
    expect(hex(clBytes(toSdkCLValue(mine)))).toBe(hex(clBytes(v as never)));
  });

  it("String length prefixes count UTF-8 bytes (bytesrepr.rs), also where casper-js-sdk 5.0.12 counts UTF-16 units", () => {
    const v = clv.string("héllo");
    expect(hex(v.bytes)).toBe("06000000" + hex(new TextEncoder().encode("héllo")));
    expect(toSdkCLValue(v).toString()).toBe("héllo");
    // the SDK's own encoding of a non-ASCII string is one byte short in its length prefix
    expect(hex(V.newCLString("héllo").bytes()).slice(0, 8)).toBe("05000000");
  });

  it("a leading byte order mark stays part of the string, as Rust's String::from_utf8 keeps it", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61]);
    expect(utf8DecodeStrict(bytes)).toBe("\ufeffa");
    expect(utf8Encode(utf8DecodeStrict(bytes)!)).toEqual(bytes);
    expect(utf8DecodeLossy(bytes)).toBe("\ufeffa");
  });

  it("a string read in place from a memory decodes as the whole-array decoder does (ASCII, beyond ASCII, invalid, short and long)", () => {
    const samples = ["", "a", "transfer: 1000 motes", "\u007f~ ", "caf\u00e9", "\u00ff", "\u{1f600} ok", "\ufeffa", "x".repeat(64), "y".repeat(65), "\u00e9".repeat(40)];
    const bad = [[0x80], [0x61, 0xc3], [0xed, 0xa0, 0x80], [0xff, 0x61], [...Array(70).fill(0x61), 0xc0, 0x80]];
    for (const bytes of [...samples.map((t) => utf8Encode(t)), ...bad.map((b) => new Uint8Array(b))]) {
      const memory = new Uint8Array(bytes.length + 7).fill(0xfe); // the bytes around are not UTF-8
      memory.set(bytes, 3);
      const inPlace = utf8DecodeStrictAt(memory, 3, bytes.length);
      expect(inPlace).toBe(utf8DecodeStrict(bytes));
      if (inPlace !== undefined) expect(utf8Encode(inPlace)).toEqual(bytes);
    }
    expect(utf8DecodeStrictAt(utf8Encode("caf\u00e9"), 0, 5)).toBe("caf\u00e9");
    expect(utf8DecodeStrictAt(new Uint8Array([0x61, 0xe9]), 0, 2)).toBeUndefined(); // Latin-1 é is not UTF-8
  });

  it("engine-built values equal the SDK's", () => {
    expect(hex(encodeCLValue(clv.u512(10n ** 30n)))).toBe(hex(clBytes(V.newCLUInt512((10n ** 30n).toString()))));
    expect(hex(encodeCLValue(clv.u64(2n ** 64n - 1n)))).toBe(hex(clBytes(V.newCLUint64((2n ** 64n - 1n).toString()))));
    expect(hex(encodeCLValue(clv.string("x")))).toBe(hex(clBytes(V.newCLString("x"))));
    expect(hex(encodeCLValue(clv.unit()))).toBe(hex(clBytes(V.newCLUnit())));
  });

  it("RuntimeArgs: the SDK's bytes decode and encode back identically, order kept", () => {
    const args = Args.fromMap({ zeta: V.newCLUint8(1), alpha: V.newCLString("a"), amount: V.newCLUInt512("5") });
    const decoded = decodeRuntimeArgs(args.toBytes());
    expect(decoded.map((a) => a.name)).toEqual(["zeta", "alpha", "amount"]);
    expect(hex(encodeRuntimeArgs(decoded))).toBe(hex(args.toBytes()));
    expect(() => decodeCLValue(new Uint8Array([5, 0, 0, 0, 1]))).toThrow(/early end of stream/);
  });

  it("account hashes are the SDK's for ed25519 and secp256k1 keys", () => {
    expect(hex(accountHashOf(alice.bytes()))).toBe(alice.accountHash().toHex());
    expect(hex(accountHashOf(erin.bytes()))).toBe(erin.accountHash().toHex());
  });

  it("Account: account.rs layout (hash, named keys, main purse, associated keys, thresholds)", () => {
    const hash = new Uint8Array(32).fill(5);
    const purse = { addr: new Uint8Array(32).fill(6), rights: 7 };
    const a = { ...createAccount(hash, purse, new Map([["b", parseKey("hash-" + "01".repeat(32))], ["a", parseKey("era-1")]])), actionThresholds: { deployment: 1, keyManagement: 2 } };
    const bytes = encodeAccount(a);
    const expected = cat(
      hash,
      u32le(2), str("a"), Key.newKey("era-1").bytes(), str("b"), Key.newKey("hash-" + "01".repeat(32)).bytes(),
      purse.addr, new Uint8Array([7]),
      u32le(1), hash, new Uint8Array([1]),
      new Uint8Array([1, 2]),
    );
    expect(hex(bytes)).toBe(hex(expected));
    expect(decodeAccount(bytes)).toEqual(a);
  });

  it("an account's storage-gas length (counted, not encoded) is its serialized length: the SDK's key bytes, UTF-8 names", () => {
    const hash = new Uint8Array(32).fill(5);
    const purse = { addr: new Uint8Array(32).fill(6), rights: 7 };
    const names: [string, string][] = [["é-ß", "era-1"], ["b", "hash-" + "01".repeat(32)], ["ключ", "uref-" + "02".repeat(32) + "-007"], ["", "dictionary-" + "03".repeat(32)], ["🦀", "balance-" + "04".repeat(32)]];
    for (let n = 0; n <= names.length; n++) {
      const namedKeys = new Map(names.slice(0, n).map(([name, key]) => [name, parseKey(key)]));
      const base = createAccount(hash, purse, namedKeys);
      const associatedKeys = new Map([...base.associatedKeys, ...Array.from({ length: n }, (_, i): [string, number] => ["ab".repeat(31) + i.toString(16).padStart(2, "0"), i + 1])]);
      const account = { ...base, associatedKeys };
      const expected = cat(
        hash,
        u32le(n), ...[...names.slice(0, n)].sort(([x], [y]) => Buffer.compare(Buffer.from(x), Buffer.from(y))).flatMap(([name, key]) => [str(name), Key.newKey(key).bytes()]),
        purse.addr, new Uint8Array([7]),
        u32le(associatedKeys.size), ...[...associatedKeys].sort(([x], [y]) => (x < y ? -1 : 1)).flatMap(([k, w]) => [Buffer.from(k, "hex"), new Uint8Array([w])]),
        new Uint8Array([1, 1]),
      );
      expect(hex(encodeAccount(account))).toBe(hex(expected));
      expect(storedValueSerializedLength({ kind: "Account", account })).toBe(1 + expected.length);
      expect(storedValueSerializedLength({ kind: "Account", account })).toBe(encodeStoredValue({ kind: "Account", account }).length);
    }
  });
});

describe("URefs inside values (runtime/utils.rs rewrite_urefs)", () => {
  const a = "uref-" + "aa".repeat(32) + "-007";
  const b = "uref-" + "bb".repeat(32) + "-005";
  const ur = (s: string) => V.newCLUref(SdkURef.fromString(s));
  const found = (v: InstanceType<typeof V>) => extractURefs(fromSdkCLValue(v)).map((u) => `uref-${hex(u.addr)}-00${u.rights}`);
  it("finds them one level deep in the shapes the node handles", () => {
    expect(found(ur(a))).toEqual([a]);
    expect(found(V.newCLKey(Key.newKey(b)))).toEqual([b]);
    expect(found(V.newCLOption(ur(a)))).toEqual([a]);
    expect(found(V.newCLList(sdk.CLTypeKey, [V.newCLKey(Key.newKey(a)), V.newCLKey(Key.newKey("hash-" + "00".repeat(32))), V.newCLKey(Key.newKey(b))]))).toEqual([a, b]);
    expect(found(V.newCLTuple2(ur(a), V.newCLUInt512("1")))).toEqual([a]);
    expect(found(V.newCLResult(sdk.CLTypeUref, sdk.CLTypeString, ur(b), true))).toEqual([b]);
  });
  it("ignores shapes it does not handle (nested, tuple3), like the node", () => {
    expect(found(V.newCLList(new sdk.CLTypeOption(sdk.CLTypeUref), [V.newCLOption(ur(a))]))).toEqual([]);
    expect(found(V.newCLTuple3(ur(a), ur(b), V.newCLUint8(1)))).toEqual([]);
    expect(found(V.newCLString(a))).toEqual([]);
  });
  it("attenuates only the given address", () => {
    const list = fromSdkCLValue(V.newCLList(sdk.CLTypeUref, [ur(a), ur(b)]));
    const out = attenuateURefs(list, new Uint8Array(32).fill(0xaa), 2);
    expect(extractURefs(out).map((u) => u.rights)).toEqual([5, 5]);
    expect(extractURefs(list).map((u) => u.rights)).toEqual([7, 5]);
  });
});
