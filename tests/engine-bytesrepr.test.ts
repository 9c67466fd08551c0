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
  const access = ep.access.kind === "Public" ? new Uint8Array([1]) : cat(new Uint8Array([2]), u32le(ep.access.groups.length), ...ep.access.groups.map(str));
  return cat(str(ep.name), u32le(ep.args.length), ...params, encodeCLType(ep.ret), access, new Uint8Array([ep.entryPointType === "Session" ? 0 : 1]));
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
