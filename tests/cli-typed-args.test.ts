// The CLI's typed args: every CL type the contract API supports, checked against casper-js-sdk's own
// constructors (same bytes, same CLType) and against Casper byte encodings written out by hand; and
// bad input, each refused with a message naming the arg and what was expected.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { ArgError, parseArg, parseArgs, parseArgType, typeName } from "../scripts/cli/typed-args.ts";
import { buildSessionWasm } from "../scripts/cli/build-signed.ts";
import { ByteReader } from "../host/bytesrepr/reader.ts";
import { encodeWith } from "../host/bytesrepr/writer.ts";
import { chainspecWith } from "../host/node/chainspec.ts";
import { readDeployJson } from "../host/node/deploy-json.ts";
import { deployItemOfDeploy } from "../host/node/execution-items.ts";
import { verifyDeployStateless } from "../host/node/verify-deploy.ts";
import { CHAIN, NOW, plan, WASM } from "./helpers/node-deploys.ts";

const { CLValue, Key, URef, PublicKey, CLTypeUInt8, CLTypeString, CLTypeUInt64, CLTypeUInt32, CLTypeBool } = sdk;

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const H = "0a".repeat(32);
const PK_ED = "0119bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1";
const PK_SECP = "0203b2f8c0613d2d866948c46e296f09faed9b029110d424d19d488a0c39a811ebbc";

function same(arg: string, expected: InstanceType<typeof CLValue>) {
  const { value } = parseArg(arg);
  expect(hex(value.bytes())).toBe(hex(expected.bytes()));
  expect(value.getType().toString()).toBe(expected.getType().toString());
  return value;
}

describe("simple types match casper-js-sdk's constructors", () => {
  it("bool", () => {
    same("x:bool='true'", CLValue.newCLValueBool(true));
    same("x:Bool='F'", CLValue.newCLValueBool(false));
    same("x:BOOL='t'", CLValue.newCLValueBool(true));
  });
  it("signed integers, including bounds", () => {
    same("x:i32='-1'", CLValue.newCLInt32(-1));
    same("x:i32='2147483647'", CLValue.newCLInt32(2147483647));
    same("x:i32='-2147483648'", CLValue.newCLInt32(-2147483648));
    same("x:i64='-9223372036854775808'", CLValue.newCLInt64("-9223372036854775808"));
    expect(hex(parseArg("x:i32='-1'").value.bytes())).toBe("ffffffff");
  });
  it("unsigned integers, including bounds", () => {
    same("x:u8='255'", CLValue.newCLUint8(255));
    same("x:u32='4294967295'", CLValue.newCLUInt32(4294967295));
    same("x:u64='18446744073709551615'", CLValue.newCLUint64("18446744073709551615"));
    same("x:u128='340282366920938463463374607431768211455'", CLValue.newCLUInt128("340282366920938463463374607431768211455"));
    same("x:u256='7'", CLValue.newCLUInt256(7));
    same("x:u512='1000'", CLValue.newCLUInt512(1000));
    // U512 is a length byte then little-endian bytes: 1000 = 0x03e8.
    expect(hex(parseArg("x:u512='1000'").value.bytes())).toBe("02e803");
    expect(hex(parseArg("x:u512='0'").value.bytes())).toBe("00");
  });
  it("unit and string", () => {
    same("x:unit=''", CLValue.newCLUnit());
    same("x:string='a value'", CLValue.newCLString("a value"));
    expect(hex(parseArg("x:string='abc'").value.bytes())).toBe("03000000616263");
    same("x:string=''", CLValue.newCLString(""));
    same("x:string='it''s'", CLValue.newCLString("it''s"));
  });
  it("key in its account, hash and uref forms", () => {
    same(`x:key='account-hash-${H}'`, CLValue.newCLKey(Key.newKey(`account-hash-${H}`)));
    same(`x:key='hash-${H}'`, CLValue.newCLKey(Key.newKey(`hash-${H}`)));
    same(`x:key='uref-${H}-007'`, CLValue.newCLKey(Key.newKey(`uref-${H}-007`)));
    expect(hex(parseArg(`x:key='hash-${H}'`).value.bytes())).toBe(`01${H}`);
  });
  it("uref, account_hash (a 32-byte array), public_key (ed25519 and secp256k1)", () => {
    same(`x:uref='uref-${H}-007'`, CLValue.newCLUref(URef.fromString(`uref-${H}-007`)));
    expect(hex(parseArg(`x:uref='uref-${H}-007'`).value.bytes())).toBe(`${H}07`);
    same(`x:account_hash='account-hash-${H}'`, CLValue.newCLByteArray(Buffer.from(H, "hex")));
    same(`x:public_key='${PK_ED}'`, CLValue.newCLPublicKey(PublicKey.fromHex(PK_ED)));
    same(`x:public_key='${PK_SECP}'`, CLValue.newCLPublicKey(PublicKey.fromHex(PK_SECP)));
  });
  it("byte_list and byte_array_N", () => {
    same("x:byte_list='010203'", CLValue.newCLList(CLTypeUInt8, [1, 2, 3].map((b) => CLValue.newCLUint8(b))));
    expect(hex(parseArg("x:byte_list='010203'").value.bytes())).toBe("03000000010203");
    same("x:byte_array_5='0102030405'", CLValue.newCLByteArray(Uint8Array.of(1, 2, 3, 4, 5)));
    same(`x:byte_array_32='${H}'`, CLValue.newCLByteArray(Buffer.from(H, "hex")));
  });
});

describe("options", () => {
  it("opt_ prefix: Some with quotes, None with bare null", () => {
    same("x:opt_u8='1'", CLValue.newCLOption(CLValue.newCLUint8(1)));
    same("x:OPT_U8=null", CLValue.newCLOption(null, CLTypeUInt8));
    expect(hex(parseArg("x:opt_u8=null").value.bytes())).toBe("00");
    expect(hex(parseArg("x:opt_u8='1'").value.bytes())).toBe("0101");
  });
  it("a quoted 'null' is the string null, as in casper-client", () => {
    same("x:opt_string='null'", CLValue.newCLOption(CLValue.newCLString("null")));
  });
  it("option<T> is the same as opt_T, and composes", () => {
    same("x:option<u64>='5'", CLValue.newCLOption(CLValue.newCLUint64(5)));
    same("x:option<string>=null", CLValue.newCLOption(null, CLTypeString));
    same("x:opt_byte_array_2='abcd'", CLValue.newCLOption(CLValue.newCLByteArray(Uint8Array.of(0xab, 0xcd))));
  });
});

describe("composite types take JSON between the quotes", () => {
  it("list", () => {
    same("x:list<u32>='[1,2]'", CLValue.newCLList(CLTypeUInt32, [CLValue.newCLUInt32(1), CLValue.newCLUInt32(2)]));
    expect(hex(parseArg("x:list<u32>='[1,2]'").value.bytes())).toBe("020000000100000002000000");
    same("x:list<string>='[]'", CLValue.newCLList(CLTypeString, []));
    same(`x:list<public_key>='["${PK_ED}"]'`, CLValue.newCLList(sdk.CLTypePublicKey, [CLValue.newCLPublicKey(PublicKey.fromHex(PK_ED))]));
    same('x:list<opt_u64>=\'[null, "18446744073709551615"]\'', CLValue.newCLList(new sdk.CLTypeOption(CLTypeUInt64), [
      CLValue.newCLOption(null, CLTypeUInt64),
      CLValue.newCLOption(CLValue.newCLUint64("18446744073709551615")),
    ]));
  });
  it("map: entries sorted by key like a BTreeMap, from an object or from pairs", () => {
    const expected = CLValue.newCLMap(CLTypeString, CLTypeUInt64);
    expected.map!.append(CLValue.newCLString("a"), CLValue.newCLUint64(1));
    expected.map!.append(CLValue.newCLString("b"), CLValue.newCLUint64(2));
    same(`x:map<string,u64>='{"b":2,"a":1}'`, expected);
    same(`x:map<string,u64>='[["b",2],["a",1]]'`, expected);
    // Integer keys sort numerically, not by their bytes: 2 before 256.
    const v = parseArg(`x:map<u32,bool>='[[256,true],[2,false]]'`).value;
    expect(hex(v.bytes())).toBe("02000000" + "0200000000" + "0001000001");
  });
  it("tuple1, tuple2, tuple3", () => {
    same("x:tuple1<u8>='[7]'", CLValue.newCLTuple1(CLValue.newCLUint8(7)));
    same(`x:tuple2<string,bool>='["k", true]'`, CLValue.newCLTuple2(CLValue.newCLString("k"), CLValue.newCLValueBool(true)));
    same(`x:tuple3<u8,string,u512>='[1,"two","3"]'`, CLValue.newCLTuple3(CLValue.newCLUint8(1), CLValue.newCLString("two"), CLValue.newCLUInt512(3)));
  });
  it("result ok and err", () => {
    same(`x:result<u64,string>='{"ok":5}'`, CLValue.newCLResult(CLTypeUInt64, CLTypeString, CLValue.newCLUint64(5), true));
    same(`x:result<u64,string>='{"err":"bad"}'`, CLValue.newCLResult(CLTypeUInt64, CLTypeString, CLValue.newCLString("bad"), false));
    expect(hex(parseArg(`x:result<u64,string>='{"ok":5}'`).value.bytes())).toBe("010500000000000000");
  });
  it("nesting", () => {
    const v = parseArg(`x:map<string,list<tuple2<bool,u8>>>='{"k":[[true,1]]}'`).value;
    const inner = CLValue.newCLList(new sdk.CLTypeTuple2(CLTypeBool, CLTypeUInt8), [CLValue.newCLTuple2(CLValue.newCLValueBool(true), CLValue.newCLUint8(1))]);
    const expected = CLValue.newCLMap(CLTypeString, inner.getType());
    expected.map!.append(CLValue.newCLString("k"), inner);
    expect(hex(v.bytes())).toBe(hex(expected.bytes()));
  });
});

describe("type spellings", () => {
  it("canonical names round-trip", () => {
    for (const t of ["u512", "option<u8>", "list<map<string,u64>>", "tuple3<u8,bool,key>", "result<unit,string>", "byte_array_32"]) {
      expect(typeName(parseArgType(t))).toBe(t);
    }
    expect(typeName(parseArgType("opt_list<u8>"))).toBe("option<list<u8>>");
    expect(typeName(parseArgType("Map< String , U64 >"))).toBe("map<string,u64>");
  });
});

describe("bad input is refused with the arg and the expectation named", () => {
  const refuse = (arg: string, ...parts: (string | RegExp)[]) => {
    let error: unknown;
    try {
      parseArg(arg);
    } catch (e) {
      error = e;
    }
    expect(error, arg).toBeInstanceOf(ArgError);
    for (const p of parts) expect((error as Error).message).toMatch(p);
  };
  it("shape of the arg", () => {
    refuse("amount", "NAME:TYPE='VALUE'");
    refuse("amount:u512", "NAME:TYPE='VALUE'");
    refuse(":u8='1'", "NAME:TYPE='VALUE'");
    refuse("amount:u512=5", "arg 'amount'", "single quotes");
    refuse("amount:u512=null", "arg 'amount'", "single quotes");
  });
  it("unknown types", () => {
    refuse("x:u9='1'", "arg 'x'", "'u9' is not a type");
    refuse("x:list<u8='[1]'", "arg 'x'", "expected '>'");
    refuse("x:map<u8>='{}'", "arg 'x'", "expected ','");
  });
  it("numbers", () => {
    refuse("x:u8='256'", "arg 'x' (u8)", "out of range");
    refuse("x:u64='-1'", "arg 'x' (u64)", "non-negative integer");
    refuse("x:i32='2147483648'", "out of range");
    refuse("x:u512='12cspr'", "arg 'x' (u512)", "can't parse '12cspr'");
    refuse("x:u32=''", "can't parse ''");
    refuse("x:list<u64>='[18446744073709551615]'", "not an exact integer", "as strings");
  });
  it("bool, unit", () => {
    refuse("x:bool='yes'", "arg 'x' (bool)", "'true' or 'false'");
    refuse("x:unit='x'", "should be ''");
  });
  it("keys, urefs, hashes, public keys, bytes", () => {
    refuse("x:key='hash-abc'", "arg 'x' (key)", "hash-<64 hex>");
    refuse(`x:key='${H}'`, "can't parse");
    refuse(`x:uref='uref-${H}-009'`, "access rights");
    refuse(`x:account_hash='${H}'`, "account-hash-<64 hex>");
    refuse("x:public_key='01abcd'", "public key");
    refuse(`x:public_key='03${H}'`, "public key");
    refuse("x:byte_array_4='010203'", "provided 3 bytes but specified a byte_array of 4 bytes");
    refuse("x:byte_list='0g'", "expected hex");
  });
  it("composites", () => {
    refuse("x:list<u8>='1,2'", "arg 'x' (list<u8>)", "JSON");
    refuse("x:list<u8>='[1,\"x\"]'", "value[1]", "can't parse 'x'");
    refuse("x:tuple2<u8,u8>='[1]'", "array of 2 values");
    refuse(`x:result<u8,u8>='{"maybe":1}'`, `{"ok": value}`);
    refuse(`x:map<u8,u8>='[[1,1],[1,2]]'`, "duplicate key");
    refuse(`x:map<u8,u8>='5'`, "JSON object");
  });
  it("an arg given twice", () => {
    expect(() => parseArgs(["a:u8='1'", "a:u8='2'"])).toThrow(/arg 'a' is given twice/);
  });
});

describe("parseArgs", () => {
  it("builds SDK Args in order, whose bytes are the named args", () => {
    const { args } = parseArgs(["target:account_hash='account-hash-" + H + "'", "amount:u512='2500000000'"]);
    const expected = sdk.Args.fromMap({
      target: CLValue.newCLByteArray(Buffer.from(H, "hex")),
      amount: CLValue.newCLUInt512("2500000000"),
    });
    expect(hex(args.toBytes())).toBe(hex(expected.toBytes()));
  });
});

describe("non-ASCII strings: a u32 count of UTF-8 bytes, as Casper encodes a String", () => {
  // Independent reference: the engine's own bytesrepr writer (host/bytesrepr, casper-types' rule).
  const casperString = (s: string) => hex(encodeWith((w) => w.string(s), 16));
  const text = "héllo € 😀";

  it("casper-js-sdk 5.0.12 gets it wrong (the reason for the CLI's own String)", () => {
    // the SDK counts UTF-16 code units: 10 here, for 15 UTF-8 bytes
    expect(hex(CLValue.newCLString(text).bytes()).slice(0, 8)).toBe("0a000000");
    expect(new TextEncoder().encode(text).length).toBe(15);
  });

  it("a string arg, alone and inside list, option, map, tuple and result", () => {
    expect(hex(parseArg(`x:string='${text}'`).value.bytes())).toBe(casperString(text));
    expect(hex(parseArg(`x:list<string>='["${text}","a"]'`).value.bytes())).toBe(`02000000${casperString(text)}${casperString("a")}`);
    expect(hex(parseArg(`x:opt_string='${text}'`).value.bytes())).toBe(`01${casperString(text)}`);
    expect(hex(parseArg(`x:map<string,string>='{"ü":"${text}"}'`).value.bytes())).toBe(`01000000${casperString("ü")}${casperString(text)}`);
    expect(hex(parseArg(`x:tuple2<string,u8>='["${text}",1]'`).value.bytes())).toBe(`${casperString(text)}01`);
    expect(hex(parseArg(`x:result<string,u8>='{"ok":"${text}"}'`).value.bytes())).toBe(`01${casperString(text)}`);
  });

  it("a deploy carrying it: the JSON bytes are right and the node's verifier (which recomputes the hashes from the JSON) accepts it", () => {
    const { args } = parseArgs([`greeting:string='${text}'`]);
    const signed = buildSessionWasm(plan(), WASM, args);
    const json = signed.json as { session: { ModuleBytes: { args: [string, { bytes: string }][] } } };
    expect(json.session.ModuleBytes.args[0][1].bytes).toBe(casperString(text));
    expect(verifyDeployStateless(readDeployJson(signed.json), chainspecWith({ chainName: CHAIN }), BigInt(NOW.getTime()) + 1000n)).toBeNull();
    // and the engine reads back the same text from those bytes
    const item = deployItemOfDeploy(readDeployJson(signed.json));
    const value = item.session.args.find((a) => a.name === "greeting")!.value;
    expect(new ByteReader(value.bytes).string()).toBe(text);
  });
});
