// The API added for writing contracts like CEP-18 (tests/contracts/api_gaps_probe.ts on a stub host):
// dictionaries keyed by bytes and the Key::Dictionary of an item, values stored from their bytes with a
// CLType of the caller's choice or as a prebuilt CLValue, a typed read by named key with CEP-18's revert
// codes, Key's order (Rust's derived Ord, as BTreeMap<Key, _> sorts), Map.remove, U512.max, and checks
// that stay in release builds. Bytes are compared with casper-js-sdk's and @noble/hashes' output.
import { blake2b } from "@noble/hashes/blake2b";
import sdk from "casper-js-sdk";
import { beforeAll, describe, expect, it } from "vitest";
import { StubHost, decodeBytesreprString, type Outcome } from "./helpers/as-host.ts";
import { compileModule } from "./helpers/as-build.ts";
import { hex } from "./helpers/as-probe.ts";

const { CLValue, CLValueParser, Key, CLTypeKey, CLTypeUInt8 } = sdk;
const withType = (v: InstanceType<typeof CLValue>) => hex(CLValueParser.toBytesWithType(v));
const SEED = Uint8Array.of(...new Uint8Array(32).fill(0x5e), 7);

let wasm: Uint8Array;
beforeAll(async () => {
  wasm = await compileModule("tests/contracts/api_gaps_probe.ts");
});

function probe(fn: string, setup: (h: StubHost) => void = () => {}): { host: StubHost; outcome: Outcome; outputs: string[] } {
  const host = new StubHost();
  const outputs: string[] = [];
  host.extraImports.probe = { out: (ptr: number, len: number) => void outputs.push(hex(host.bytes(ptr, len))) };
  setup(host);
  const outcome = host.run(wasm, fn);
  return { host, outcome, outputs };
}

const utf8 = (s: string) => new TextEncoder().encode(s);
/** a String arg whose length prefix is its UTF-8 length (casper-js-sdk 5 writes UTF-16 units) */
const stringArg = (s: string) => Uint8Array.of(...new Uint8Array(new Uint32Array([utf8(s).length]).buffer), ...utf8(s));

describe("dictionaries keyed by bytes", () => {
  it("the Key::Dictionary of an item: tag 9, blake2b-256 of the seed's address and the item key's bytes (key.rs Key::dictionary)", () => {
    for (const item of ["", "abc", "héllo", "x".repeat(128)]) {
      const r = probe("dictionary_key", (h) => {
        h.args.set("seed", SEED);
        h.args.set("key", stringArg(item));
      });
      expect(r.outcome).toEqual({ kind: "returned" });
      expect(r.outputs).toEqual(["09" + hex(blake2b(Uint8Array.of(...SEED.subarray(0, 32), ...utf8(item)), { dkLen: 32 }))]);
    }
  });

  it("put and get pass the item key as raw bytes, values as CLValues (typed, or bytes with a chosen CLType); over 128 bytes reverts with 36", () => {
    const r = probe("dictionary_put_get", (h) => {
      h.args.set("seed", SEED);
      h.args.set("key", stringArg("kéy"));
      h.overrides.casper_dictionary_get = (_u, _us, _k, _ks, sizePtr) => {
        const v = CLValue.newCLUint64(5).bytes();
        h.setHostBuffer(v);
        h.u32(sizePtr, v.length);
        return 0;
      };
    });
    expect(r.outcome).toEqual({ kind: "returned" });
    const puts = r.host.callsTo("casper_dictionary_put").map((c) => ({ seed: hex(r.host.bytes(c.args[0], c.args[1])), key: r.host.bytes(c.args[2], c.args[3]), value: hex(r.host.bytes(c.args[4], c.args[5])) }));
    expect(puts.map((p) => [p.seed, hex(p.key)])).toEqual([[hex(SEED), hex(utf8("kéy"))], [hex(SEED), hex(utf8("kéy"))]]);
    expect(puts[0].value).toBe(withType(CLValue.newCLUint64(5)));
    expect(puts[1].value).toBe(withType(CLValue.newCLList(CLTypeUInt8, [1, 2, 3].map((n) => CLValue.newCLUint8(n)))));
    const get = r.host.callsTo("casper_dictionary_get")[0];
    expect(hex(r.host.bytes(get.args[2], get.args[3]))).toBe(hex(utf8("kéy")));
    expect(r.outputs).toEqual(["01" + hex(CLValue.newCLUint64(5).bytes())]);
    const long = probe("dictionary_put_get", (h) => {
      h.args.set("seed", SEED);
      h.args.set("key", stringArg("é".repeat(65))); // 130 bytes
    });
    expect(long.outcome).toEqual({ kind: "reverted", code: 36 });
    expect(long.host.callsTo("casper_dictionary_put")).toEqual([]);
  });
});

describe("values from their bytes, or a prebuilt CLValue", () => {
  it("new_uref and write get the CLValue made of the bytes and the chosen CLType", () => {
    const r = probe("raw_urefs", (h) => {
      h.overrides.casper_new_uref = (urefPtr) => h.write(urefPtr, SEED);
    });
    expect(r.outcome).toEqual({ kind: "returned" });
    const news = r.host.callsTo("casper_new_uref").map((c) => hex(r.host.bytes(c.args[1], c.args[2])));
    const list = (items: number[]) => withType(CLValue.newCLList(CLTypeUInt8, items.map((n) => CLValue.newCLUint8(n))));
    expect(news[0]).toBe(list([7, 8, 9]));
    // CLValue.from<string>: the String as Casper writes it (UTF-8 length)
    expect(news[1]).toBe(hex(Uint8Array.of(7, 0, 0, 0, ...stringArg("hé"), 10)));
    const writes = r.host.callsTo("casper_write").map((c) => [hex(r.host.bytes(c.args[0], c.args[1])), hex(r.host.bytes(c.args[2], c.args[3]))]);
    expect(writes).toEqual([
      ["02" + hex(SEED), list([])],
      ["02" + hex(SEED), withType(CLValue.newCLUint64(7))],
    ]);
  });
});

describe("readNamed: a typed value by named key, with CEP-18's codes (utils.rs read_from)", () => {
  const setup = (key: Uint8Array | null, value: Uint8Array | null) => (h: StubHost) => {
    h.overrides.casper_get_key = (_n, _ns, out, _os, sizePtr) => {
      if (!key) return 24; // MissingKey
      h.write(out, key);
      h.u32(sizePtr, key.length);
      return 0;
    };
    h.overrides.casper_read_value = (_k, _ks, sizePtr) => {
      if (!value) return 6; // ValueNotFound
      h.setHostBuffer(value);
      h.u32(sizePtr, value.length);
      return 0;
    };
  };
  const urefKey = Uint8Array.of(2, ...SEED);
  it("reads it", () => {
    const r = probe("read_named", setup(urefKey, CLValue.newCLUint64(42).bytes()));
    expect(r.outputs).toEqual([hex(CLValue.newCLUint64(42).bytes())]);
    const name = r.host.callsTo("casper_get_key")[0];
    expect(decodeBytesreprString(r.host.bytes(name.args[0], name.args[1]))).toBe("counter");
  });
  it.each([
    ["no such named key: MissingKey (24)", null, new Uint8Array(8), 24],
    ["a key that is not a URef: UnexpectedKeyVariant (9)", Uint8Array.of(1, ...new Uint8Array(32)), new Uint8Array(8), 9],
    ["no value: None (1)", urefKey, null, 1],
    ["bytes that are not one u64: their bytesrepr error (EarlyEndOfStream 17)", urefKey, new Uint8Array(3), 17],
    ["bytes left over: LeftOverBytes (19)", urefKey, new Uint8Array(9), 19],
  ])("%s", (_what, key, value, code) => {
    expect(probe("read_named", setup(key, value)).outcome).toEqual({ kind: "reverted", code });
  });
});

describe("Key's order, Map.remove, U512.max", () => {
  it("a Map<Key, _> is sorted as Rust's derived Ord: variant, then EraInfo by number, the others byte by byte", () => {
    const keys = [
      Key.newKey(`hash-${"00".repeat(31)}01`),
      Key.newKey(`account-hash-${"ff".repeat(32)}`),
      Key.newKey("era-256"),
      Key.newKey(`uref-${"aa".repeat(32)}-007`),
      Key.newKey("era-1"),
      Key.newKey(`account-hash-${"01".repeat(32)}`),
      Key.newKey(`uref-${"aa".repeat(32)}-001`),
      Key.newKey(`hash-${"00".repeat(32)}`),
    ];
    const r = probe("key_order", (h) => h.args.set("keys", CLValue.newCLList(CLTypeKey, keys.map((k) => CLValue.newCLKey(k))).bytes()));
    expect(r.outcome).toEqual({ kind: "returned" });
    const expected = [5, 1, 7, 0, 6, 3, 4, 2]; // indices of `keys` in Rust's order
    const bytes = expected.flatMap((i) => [...keys[i].bytes(), i]);
    expect(r.outputs).toEqual([hex(Uint8Array.of(8, 0, 0, 0, ...bytes))]);
  });

  it("Map.remove drops a key and its value, keeping the order; a missing key is false", () => {
    const r = probe("map_remove");
    const map = (pairs: [string, number][]) =>
      hex(Uint8Array.of(...new Uint8Array(new Uint32Array([pairs.length]).buffer), ...pairs.flatMap(([k, v]) => [...stringArg(k), ...new Uint8Array(new Uint32Array([v]).buffer)])));
    expect(r.outputs).toEqual(["01", "00", map([["a", 1], ["c", 3]])]);
  });

  it("U512.max is 2^512 - 1", () => {
    expect(probe("u512_max").outputs).toEqual(["40" + "ff".repeat(64)]);
  });
});

describe("checks that stay in release builds", () => {
  const run = (which: number) => probe("checks", (h) => h.args.set("which", Uint8Array.of(which))).outcome;
  it("ensure reverts with its code, fail with the user error, assert traps (the release build keeps asserts)", () => {
    expect(run(0)).toEqual({ kind: "reverted", code: 77 });
    expect(run(1)).toEqual({ kind: "reverted", code: 65536 + 5 });
    expect(run(2)).toMatchObject({ kind: "trapped" });
    expect(run(3)).toEqual({ kind: "returned" });
  });
});

describe("messages (Casper 2.x: casper_manage_message_topic, casper_emit_message)", () => {
  it("a topic registered with MessageTopicOperation::Add; String, Bytes and @event payloads as casper-types 2.0 MessagePayload; the host's status returned", () => {
    const to = CLValue.newCLKey(Key.newKey(`account-hash-${"42".repeat(32)}`));
    const r = probe("messages", (h) => {
      h.args.set("to", to.bytes());
      let n = 0;
      h.overrides.casper_emit_message = () => (++n === 3 ? 43 : 0); // the third: MessageTopicNotRegistered (casper-types 2.0 api_error.rs)
    });
    expect(r.outcome).toEqual({ kind: "returned" });
    const u32 = (n: number) => hex(new Uint8Array(new Uint32Array([n]).buffer));
    expect(r.outputs).toEqual([u32(0), u32(0), u32(0), u32(43), u32(3)]); // an empty topic: InvalidArgument, nothing sent
    const manage = r.host.callsTo("casper_manage_message_topic")[0];
    expect(new TextDecoder().decode(r.host.bytes(manage.args[0], manage.args[1]))).toBe("payments");
    expect(hex(r.host.bytes(manage.args[2], manage.args[3]))).toBe("00");
    const sent = r.host.callsTo("casper_emit_message").map((c) => [new TextDecoder().decode(r.host.bytes(c.args[0], c.args[1])), hex(r.host.bytes(c.args[2], c.args[3]))]);
    const event = Uint8Array.of(...stringArg("event_Paid"), ...to.bytes(), ...CLValue.newCLUInt512(500).bytes());
    expect(sent).toEqual([
      ["payments", "00" + hex(stringArg("hé"))], // MESSAGE_PAYLOAD_STRING_TAG 0 + String
      ["payments", "01" + u32(3) + "010203"], // MESSAGE_PAYLOAD_BYTES_TAG 1 + Bytes
      ["payments", "01" + u32(event.length) + hex(event)], // the same bytes a CES event holds
    ]);
  });
});
