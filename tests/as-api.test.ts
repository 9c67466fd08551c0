// The runtime / storage / account / system API against a stub host (tests/probes/api.ts): what each
// function sends to the host (names, keys, CLValues: bytes checked with casper-js-sdk), what it makes
// of the host's answers, and the ApiError it reverts with, as casper-contract v1.5.8 does.
import { beforeAll, describe, expect, it } from "vitest";
import sdk from "casper-js-sdk";
import { blake2b } from "@noble/hashes/blake2b";
import { StubHost, decodeBytesreprString, type Outcome } from "./helpers/as-host.ts";
import { compileModule } from "./helpers/as-build.ts";
import { hex } from "./helpers/as-probe.ts";
import { decodeEntryPoints } from "../host/bytesrepr/entry-points.ts";

const { CLValue, CLValueParser, Key, KeyTypeID, PrivateKey, KeyAlgorithm } = sdk;

const H = (b: number) => new Uint8Array(32).fill(b);
const uref = (b: number, rights = 7) => Uint8Array.of(...H(b), rights);
const withType = (v: InstanceType<typeof sdk.CLValue>) => hex(CLValueParser.toBytesWithType(v));
const str = (s: string) => CLValue.newCLString(s);

let wasm: Uint8Array;
beforeAll(async () => {
  wasm = await compileModule("tests/probes/api.ts");
});

interface Probed {
  host: StubHost;
  outcome: Outcome;
  outputs: string[];
}

/** Runs export `fn` with a stub host prepared by `setup`. */
function probe(fn: string, setup: (h: StubHost) => void = () => {}, ...params: number[]): Probed {
  const host = new StubHost();
  const outputs: string[] = [];
  host.extraImports.probe = { out: (ptr: number, len: number) => void outputs.push(hex(host.bytes(ptr, len))) };
  setup(host);
  const instance = host.instantiate(wasm);
  const outcome = host.invoke(instance, fn, ...params);
  return { host, outcome, outputs };
}

/** A host function that leaves `value` in the host buffer and writes its size at `sizePtr` (argument `index`). */
function answers(h: StubHost, name: string, value: Uint8Array, sizeArg: number, status = 0) {
  h.overrides[name] = (...a: number[]) => {
    if (status !== 0) return status;
    h.setHostBuffer(value);
    h.u32(a[sizeArg], value.length);
    return 0;
  };
}

const nameOf = (h: StubHost, c: { args: number[] }, i = 0) => decodeBytesreprString(h.bytes(c.args[i], c.args[i + 1]));

describe("runtime", () => {
  it("getCaller reads the account hash the host leaves in its buffer", () => {
    const r = probe("caller", (h) => answers(h, "casper_get_caller", H(9), 0));
    expect(r.outcome).toEqual({ kind: "returned" });
    expect(r.outputs).toEqual([hex(H(9))]);
  });

  it("getBlocktime and getPhase read what the host writes; an unknown phase is Formatting (18)", () => {
    const setup = (phase: number) => (h: StubHost) => {
      h.overrides.casper_get_blocktime = (p) => void new DataView(h.memory.buffer).setBigUint64(p, 1_700_000_000_123n, true);
      h.overrides.casper_get_phase = (p) => void h.write(p, Uint8Array.of(phase));
    };
    expect(probe("blocktimeAndPhase", setup(2)).outputs).toEqual([hex(CLValue.newCLUint64("1700000000123").bytes()), "02"]);
    expect(probe("blocktimeAndPhase", setup(4)).outcome).toEqual({ kind: "reverted", code: 18 });
  });

  it("getKey / hasKey / removeKey / listNamedKeys pass bytesrepr names and decode the keys", () => {
    const present = Key.createByType(hex(H(1)), KeyTypeID.Hash).bytes();
    const named = CLValue.newCLMap(sdk.CLTypeString, sdk.CLTypeKey);
    named.map!.append(str("a"), CLValue.newCLKey(Key.createByType(hex(H(2)), KeyTypeID.Account)));
    const r = probe("keys", (h) => {
      h.overrides.casper_get_key = (namePtr, nameLen, out, outSize, written) => {
        if (nameOf(h, { args: [namePtr, nameLen] }) !== "present") return 24; // MissingKey
        if (outSize < present.length) return 32;
        h.write(out, present);
        h.u32(written, present.length);
        return 0;
      };
      h.overrides.casper_has_key = (p, n) => (nameOf(h, { args: [p, n] }) === "present" ? 0 : 1);
      h.overrides.casper_load_named_keys = (total, size) => {
        h.setHostBuffer(named.bytes());
        h.u32(total, 1);
        h.u32(size, named.bytes().length);
        return 0;
      };
    });
    expect(r.outcome).toEqual({ kind: "returned" });
    expect(r.outputs).toEqual(["01" + hex(present), "00", "01", hex(named.bytes())]);
    expect(r.host.callsTo("casper_remove_key").map((c) => nameOf(r.host, c))).toEqual(["present"]);
  });

  it("listAuthorizationKeys: none without reading the buffer, else the account hashes", () => {
    const none = probe("authorizationKeys", (h) => (h.overrides.casper_load_authorization_keys = (total) => {
        h.u32(total, 0);
        return 0;
      }));
    expect(none.outputs).toEqual(["00000000"]);
    expect(none.host.callsTo("casper_read_host_buffer")).toHaveLength(0);
    const two = Uint8Array.of(2, 0, 0, 0, ...H(1), ...H(2));
    const r = probe("authorizationKeys", (h) => {
      h.overrides.casper_load_authorization_keys = (total, size) => {
        h.setHostBuffer(two);
        h.u32(total, 2);
        h.u32(size, two.length);
        return 0;
      };
    });
    expect(r.outputs).toEqual([hex(two)]);
  });

  it("getNamedArgSize gives -1 for a missing arg; getNamedArgBytes the raw bytes", () => {
    const r = probe("argSizes", (h) => h.args.set("present", Uint8Array.of(1, 2, 3)));
    expect(r.outputs).toEqual(["03000000", "ffffffff", "010203"]);
  });

  it("ret hands the host a CLValue of the value", () => {
    expect(probe("retU512").outcome).toEqual({ kind: "ret", bytes: CLValueParser.toBytesWithType(CLValue.newCLUInt512("1234567")) });
    expect(probe("retCLValue").outcome).toEqual({ kind: "ret", bytes: CLValueParser.toBytesWithType(str("done")) });
  });

  it("callVersionedContract sends the package, Option<u32> version, entry point and args; decodes the result", () => {
    for (const version of [-1, 3]) {
      const r = probe("callVersioned", (h) => answers(h, "casper_call_versioned_contract", str("hi").bytes(), 8), version);
      expect(r.outcome).toEqual({ kind: "returned" });
      expect(r.outputs).toEqual([hex(str("hi").bytes())]);
      const [pkg, pkgLen, v, vLen, ep, epLen, args, argsLen] = r.host.callsTo("casper_call_versioned_contract")[0].args;
      expect(hex(r.host.bytes(pkg, pkgLen))).toBe(hex(new Uint8Array(32)));
      expect(hex(r.host.bytes(v, vLen))).toBe(version < 0 ? "00" : "0103000000");
      expect(decodeBytesreprString(r.host.bytes(ep, epLen))).toBe("greet");
      expect(hex(r.host.bytes(args, argsLen))).toBe(hex(sdk.Args.fromMap({ n: CLValue.newCLUint64(5) }).toBytes()));
    }
  });

  it("callContract<Unit> accepts an empty result; a result with bytes is LeftOverBytes (19)", () => {
    const empty = probe("callUnit", (h) => (h.overrides.casper_call_contract = (...a) => {
        h.u32(a[6], 0);
        return 0;
      }));
    expect(empty.outcome).toEqual({ kind: "returned" });
    expect(empty.host.callsTo("casper_read_host_buffer")).toHaveLength(0);
    expect(probe("callUnit", (h) => answers(h, "casper_call_contract", Uint8Array.of(1), 6)).outcome).toEqual({ kind: "reverted", code: 19 });
  });

  it("isValidURef, blake2b and randomBytes ask the host", () => {
    const r = probe("validURef", (h) => {
      h.args.set("uref", uref(4));
      h.overrides.casper_is_valid_uref = (p, n) => (hex(h.bytes(p, n)) === hex(uref(4)) ? 1 : 0);
    });
    expect(r.outputs).toEqual(["01"]);
    const hs = probe("hashes", (h) => (h.overrides.casper_random_bytes = (p, n) => {
        h.write(p, new Uint8Array(n).fill(0x5a));
        return 0;
      }));
    expect(hs.outputs).toEqual([hex(blake2b(new TextEncoder().encode("abc"), { dkLen: 32 })), hex(new Uint8Array(32).fill(0x5a))]);
  });

  it("print passes the text as a bytesrepr String", () => {
    const r = probe("printIt");
    expect(r.host.callsTo("casper_print").map((c) => nameOf(r.host, c))).toEqual(["hello ✓"]);
  });
});

describe("storage", () => {
  it("newURef sends the CLValue and returns the host's URef", () => {
    const r = probe("newURef", (h) => (h.overrides.casper_new_uref = (out) => void h.write(out, uref(3))));
    expect(r.outputs).toEqual([hex(uref(3))]);
    const [, v, n] = r.host.callsTo("casper_new_uref")[0].args;
    expect(hex(r.host.bytes(v, n))).toBe(withType(CLValue.newCLUint64(7)));
  });

  it("write and add address the URef's Key with CLValues", () => {
    const r = probe("writeAndAdd", (h) => h.args.set("uref", uref(8, 7)));
    const key = "02" + hex(uref(8, 7));
    const [k1, k1n, v1, v1n] = r.host.callsTo("casper_write")[0].args;
    expect([hex(r.host.bytes(k1, k1n)), hex(r.host.bytes(v1, v1n))]).toEqual([key, withType(str("value"))]);
    const [k2, k2n, v2, v2n] = r.host.callsTo("casper_add")[0].args;
    expect([hex(r.host.bytes(k2, k2n)), hex(r.host.bytes(v2, v2n))]).toEqual([key, withType(CLValue.newCLUInt512(10))]);
  });

  it("read: Some(value), None for ValueNotFound, a revert with the bytesrepr error for another type", () => {
    const setup = (value: Uint8Array | null) => (h: StubHost) => {
      h.args.set("uref", uref(1));
      h.overrides.casper_read_value = (_k, _n, size) => {
        if (!value) return 6;
        h.setHostBuffer(value);
        h.u32(size, value.length);
        return 0;
      };
    };
    expect(probe("readIt", setup(CLValue.newCLUint64(7).bytes())).outputs).toEqual(["01" + hex(CLValue.newCLUint64(7).bytes())]);
    expect(probe("readIt", setup(null)).outputs).toEqual(["00"]);
    expect(probe("readIt", setup(Uint8Array.of(1, 2))).outcome).toEqual({ kind: "reverted", code: 17 });
    // readOrRevert: ValueNotFound (6) when absent, Read (5) when not a T
    expect(probe("readOrRevertIt", setup(null)).outcome).toEqual({ kind: "reverted", code: 6 });
    expect(probe("readOrRevertIt", setup(Uint8Array.of(1, 2))).outcome).toEqual({ kind: "reverted", code: 5 });
    const byKey = probe("readKey", (h) => {
      h.args.set("key", Key.createByType(hex(H(2)), KeyTypeID.Hash).bytes());
      answers(h, "casper_read_value", str("v").bytes(), 2);
    });
    expect(byKey.outputs).toEqual(["01" + hex(str("v").bytes())]);
    const [kp, kn] = byKey.host.callsTo("casper_read_value")[0].args;
    expect(hex(byKey.host.bytes(kp, kn))).toBe("01" + hex(H(2)));
  });

  it("dictionaries: seed named in the context, raw item keys, Err(InvalidArgument) for an empty name", () => {
    const seed = uref(6);
    const r = probe("dictionaries", (h) => {
      h.overrides.casper_has_key = () => 1;
      answers(h, "casper_new_dictionary", seed, 0);
      h.overrides.casper_get_key = (_p, _n, out, _s, written) => {
        h.write(out, Uint8Array.of(2, ...seed));
        h.u32(written, 34);
        return 0;
      };
      h.overrides.casper_dictionary_get = (_u, _un, kp, kn, size) => {
        const itemKey = new TextDecoder().decode(h.bytes(kp, kn));
        if (itemKey !== "item") return 6;
        h.setHostBuffer(str("x").bytes());
        h.u32(size, str("x").bytes().length);
        return 0;
      };
    });
    expect(r.outcome).toEqual({ kind: "returned" });
    expect(r.outputs).toEqual(["01", "01" + hex(str("x").bytes()), "00", "03000000"]);
    const h = r.host;
    expect(h.callsTo("casper_put_key").map((c) => [nameOf(h, c), hex(h.bytes(c.args[2], c.args[3]))])).toEqual([["dict", "02" + hex(seed)]]);
    const puts = h.callsTo("casper_dictionary_put").map((c) => [new TextDecoder().decode(h.bytes(c.args[2], c.args[3])), hex(h.bytes(c.args[4], c.args[5]))]);
    expect(puts).toEqual([
      ["item", withType(str("x"))],
      ["n", withType(CLValue.newCLUint8(1))],
    ]);
  });

  it("an item key over 128 bytes reverts with DictionaryItemKeyExceedsLength (36) before the host call", () => {
    const r = probe("longItemKey", (h) => h.args.set("uref", uref(1)));
    expect(r.outcome).toEqual({ kind: "reverted", code: 36 });
    expect(r.host.callsTo("casper_dictionary_put")).toHaveLength(0);
  });

  it("dictionaryRead refuses other keys with UnexpectedKeyVariant (9)", () => {
    expect(probe("dictionaryRead", (h) => h.args.set("key", Key.createByType(hex(H(1)), KeyTypeID.Hash).bytes())).outcome).toEqual({ kind: "reverted", code: 9 });
    const r = probe("dictionaryRead", (h) => {
      h.args.set("key", Key.createByType(hex(H(1)), KeyTypeID.Dictionary).bytes());
      answers(h, "casper_dictionary_read", CLValue.newCLUint64(3).bytes(), 2);
    });
    expect(r.outputs).toEqual(["01" + hex(CLValue.newCLUint64(3).bytes())]);
  });

  it("newContract names the package hash and access URef, passes entry points and named keys", () => {
    let versions = 0;
    const r = probe("contracts", (h) => {
      h.overrides.casper_create_contract_package_at_hash = (hash, access, locked) => {
        h.write(hash, H(0x40 + locked));
        h.write(access, H(0x50));
      };
      h.overrides.casper_add_contract_version = (_p, _pn, version, _e, _en, _n, _nn, out, _os, written) => {
        h.write(out, H(0x60 + versions));
        h.u32(written, 32);
        h.u32(version, ++versions);
        return 0;
      };
    });
    expect(r.outcome).toEqual({ kind: "returned" });
    expect(r.outputs).toEqual([hex(H(0x60)), "01000000", hex(H(0x40)), hex(uref(0x50)), "02000000", "00000000", "00000000"]);
    const h = r.host;
    expect(h.callsTo("casper_create_contract_package_at_hash").map((c) => c.args[2])).toEqual([0, 0]);
    expect(h.callsTo("casper_put_key").map((c) => [nameOf(h, c), hex(h.bytes(c.args[2], c.args[3]))])).toEqual([
      ["pkg", "01" + hex(H(0x40))],
      ["access", "02" + hex(uref(0x50))],
    ]);
    const [, , , ep, epn, nk, nkn] = h.callsTo("casper_add_contract_version")[0].args;
    expect([...decodeEntryPoints(h.bytes(ep, epn)).keys()]).toEqual(["go"]);
    const named = CLValue.newCLMap(sdk.CLTypeString, sdk.CLTypeKey);
    named.map!.append(str("k"), CLValue.newCLKey(Key.createByType(`uref-${hex(new Uint8Array(32))}-007`, KeyTypeID.URef)));
    expect(hex(h.bytes(nk, nkn))).toBe(hex(named.bytes()));
  });

  it("user groups: label as bytesrepr String, new URefs decoded, host errors returned", () => {
    const two = Uint8Array.of(2, 0, 0, 0, ...uref(1), ...uref(2));
    const r = probe("groups", (h) => {
      answers(h, "casper_create_contract_user_group", two, 7);
      h.overrides.casper_provision_contract_user_group_uref = () => 64768 + 6; // ContractHeader GroupDoesNotExist
      h.overrides.casper_remove_contract_user_group_urefs = () => 64768 + 7;
      h.overrides.casper_remove_contract_user_group = () => 0;
    });
    expect(r.outputs).toEqual([hex(two), "00", hex(new Uint8Array(Uint32Array.of(64768 + 7).buffer)), "00000000"]);
    expect(nameOf(r.host, r.host.callsTo("casper_create_contract_user_group")[0], 2)).toBe("admins");
    const [, , , , n, existing, existingLen] = r.host.callsTo("casper_create_contract_user_group")[0].args;
    expect(n).toBe(2);
    expect(hex(r.host.bytes(existing, existingLen))).toBe("00000000");
  });
});

describe("account", () => {
  it("returns the host's failure numbers, and the main purse", () => {
    const r = probe("accountCalls", (h) => {
      h.overrides.casper_add_associated_key = () => 2;
      h.overrides.casper_update_associated_key = () => 0;
      h.overrides.casper_remove_associated_key = () => 3;
      h.overrides.casper_set_action_threshold = () => 4;
      h.overrides.casper_get_main_purse = (p) => void h.write(p, uref(7));
    });
    expect(r.outputs).toEqual(["02000000", "00000000", "03000000", "04000000", hex(uref(7))]);
    expect(r.host.callsTo("casper_set_action_threshold")[0].args).toEqual([1, 3]);
    expect(hex(r.host.bytes(r.host.callsTo("casper_add_associated_key")[0].args[0], 32))).toBe(hex(new Uint8Array(32)));
  });

  it("a failure number outside the enum reverts with Unhandled (31)", () => {
    expect(probe("accountCalls", (h) => (h.overrides.casper_add_associated_key = () => 4)).outcome).toEqual({ kind: "reverted", code: 31 });
  });
});

describe("system", () => {
  it("asks for each system contract by index 0..3", () => {
    const r = probe("systemContracts", (h) => (h.overrides.casper_get_system_contract = (i, p) => {
        h.write(p, H(i + 1));
        return 0;
      }));
    expect(r.outputs).toEqual([1, 2, 3, 4].map((b) => hex(H(b))));
    expect(r.host.callsTo("casper_get_system_contract").map((c) => c.args[0])).toEqual([0, 1, 2, 3]);
  });

  it("purses and balances: None for InvalidPurse (12)", () => {
    const r = probe("purses", (h) => {
      h.overrides.casper_create_purse = (p) => {
        h.write(p, uref(3));
        return 0;
      };
      h.overrides.casper_get_main_purse = (p) => void h.write(p, uref(4));
      h.overrides.casper_get_balance = (p, _n, size) => {
        if (h.bytes(p, 1)[0] === 4) return 12;
        const b = CLValue.newCLUInt512("1000000000000").bytes();
        h.setHostBuffer(b);
        h.u32(size, b.length);
        return 0;
      };
    });
    expect(r.outputs).toEqual([hex(uref(3)), "01" + hex(CLValue.newCLUInt512("1000000000000").bytes()), "00"]);
  });

  it("transfers: Ok(TransferredTo), Err(Transfer) for another answer, Err(host error); amount and id as Rust sends them", () => {
    const pk = PrivateKey.fromHex("11".repeat(32), KeyAlgorithm.ED25519).publicKey;
    const r = probe("transfers", (h) => {
      h.args.set("uref", uref(5));
      h.args.set("pk", CLValue.newCLPublicKey(pk).bytes());
      h.overrides.casper_transfer_to_account = (...a) => {
        h.u32(a[6], 1);
        return 0;
      };
      h.overrides.casper_transfer_from_purse_to_purse = () => 14;
      h.overrides.casper_transfer_from_purse_to_account = (...a) => {
        h.u32(a[8], 7);
        return 0;
      };
    });
    expect(r.outputs).toEqual(["01", "01000000", "0e000000", "00"]);
    const [t, tn, amount, an, id, idn] = r.host.callsTo("casper_transfer_to_account")[0].args;
    expect(hex(r.host.bytes(t, tn))).toBe(hex(new Uint8Array(32)));
    expect(hex(r.host.bytes(amount, an))).toBe(hex(CLValue.newCLUInt512("2500000000").bytes()));
    expect(hex(r.host.bytes(id, idn))).toBe(hex(sdk.CLValue.newCLOption(CLValue.newCLUint64(42)).bytes()));
    const toKey = r.host.callsTo("casper_transfer_from_purse_to_account")[0].args;
    expect(hex(r.host.bytes(toKey[2], toKey[3]))).toBe(hex(pk.accountHash().toBytes()));
    expect(hex(r.host.bytes(toKey[6], toKey[7]))).toBe("00");
  });

  it("a failed transfer's unwrapOrRevert reverts with the host's error", () => {
    expect(probe("transferOrRevert", (h) => (h.overrides.casper_transfer_to_account = () => 65024 + 2)).outcome).toEqual({ kind: "reverted", code: 65024 + 2 });
  });
});
