// The delegate session and the keys_manager contract, driven by a stub host: what they send to the host
// (bytes compared with casper-js-sdk and with host/bytesrepr's codecs), and how they react to each host
// answer, following the Rust originals (../shared/casper/seed-session-vs-contract.md).
import { beforeAll, describe, expect, it } from "vitest";
import sdk from "casper-js-sdk";
import { StubHost, decodeBytesreprString } from "./helpers/as-host.ts";
import { compileContract, compileModule } from "./helpers/as-build.ts";
import { decodeEntryPoints, encodeEntryPoints, type EntryPoint } from "../host/bytesrepr/entry-points.ts";
import { CLT, clList } from "../host/bytesrepr/cl-type.ts";
import { clv, clvAs } from "../host/bytesrepr/cl-value.ts";
import { decodeRuntimeArgs, getArg } from "../host/bytesrepr/runtime-args.ts";

const { CLValue, CLValueParser, Args, PrivateKey, KeyAlgorithm, Key, KeyTypeID, Hash } = sdk;

const ed25519 = PrivateKey.fromHex("11".repeat(32), KeyAlgorithm.ED25519).publicKey;
const secp256k1 = PrivateKey.fromHex("22".repeat(32), KeyAlgorithm.SECP256K1).publicKey;
const AUCTION = new Uint8Array(32).fill(0xaa);
const USER = 65536;

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

let delegate: Uint8Array;
// keys_manager twice: the class form (assembly/contracts/keys_manager.ts, what the build ships) and the same
// contract written by hand (tests/contracts/keys_manager_handwritten.ts); every keys_manager test runs on both
const keysManagerBuilds: Record<string, Uint8Array> = {};
beforeAll(async () => {
  [delegate, keysManagerBuilds["class form"], keysManagerBuilds["hand-written"]] = await Promise.all([
    compileContract("delegate"),
    compileContract("keys_manager"),
    compileModule("tests/contracts/keys_manager_handwritten.ts"),
  ]);
});

describe("delegate", () => {
  function host(amount = "500000000000"): StubHost {
    const h = new StubHost();
    h.args.set("delegator", CLValue.newCLPublicKey(ed25519).bytes());
    h.args.set("validator", CLValue.newCLPublicKey(secp256k1).bytes());
    h.args.set("amount", CLValue.newCLUInt512(amount).bytes());
    h.overrides.casper_get_system_contract = (index, dest, size) => {
      if (index !== 3) return 29; // InvalidSystemContract
      if (size < 32) return 32;
      h.write(dest, AUCTION);
      return 0;
    };
    // the auction answers with the delegated amount (a U512)
    h.overrides.casper_call_contract = (_h, _hs, _e, _es, _a, _as, resultSizePtr) => {
      const result = CLValue.newCLUInt512(amount).bytes();
      h.setHostBuffer(result);
      h.u32(resultSizePtr, result.length);
      return 0;
    };
    return h;
  }

  it("calls the auction's delegate entry point with the three args, encoded as casper-js-sdk does", () => {
    const h = host();
    expect(h.run(delegate)).toEqual({ kind: "returned" });
    const calls = h.callsTo("casper_call_contract");
    expect(calls).toHaveLength(1);
    const [hashPtr, hashLen, epPtr, epLen, argsPtr, argsLen] = calls[0].args;
    expect(hex(h.bytes(hashPtr, hashLen))).toBe(hex(AUCTION));
    expect(decodeBytesreprString(h.bytes(epPtr, epLen))).toBe("delegate");
    const expected = Args.fromMap({
      delegator: CLValue.newCLPublicKey(ed25519),
      validator: CLValue.newCLPublicKey(secp256k1),
      amount: CLValue.newCLUInt512("500000000000"),
    }).toBytes();
    expect(hex(h.bytes(argsPtr, argsLen))).toBe(hex(expected));
    expect(h.callsTo("casper_get_system_contract")[0].args[0]).toBe(3);
  });

  it("passes the largest U512 through unchanged (beyond casper-js-sdk's 256-bit limit)", () => {
    const max = 2n ** 512n - 1n;
    const h = host();
    h.args.set("amount", clv.u512(max).bytes);
    h.overrides.casper_call_contract = (_a, _b, _c, _d, _e, _f, resultSizePtr) => {
      h.setHostBuffer(clv.u512(max).bytes);
      h.u32(resultSizePtr, 65);
      return 0;
    };
    expect(h.run(delegate)).toEqual({ kind: "returned" });
    const [, , , , argsPtr, argsLen] = h.callsTo("casper_call_contract")[0].args;
    const amount = getArg(decodeRuntimeArgs(h.bytes(argsPtr, argsLen)), "amount")!;
    expect(clvAs.u512(amount)).toBe(max);
  });

  it.each(["delegator", "validator", "amount"])("reverts with MissingArgument (2) without %s", (name) => {
    const h = host();
    h.args.delete(name);
    expect(h.run(delegate)).toEqual({ kind: "reverted", code: 2 });
    expect(h.callsTo("casper_call_contract")).toHaveLength(0);
  });

  it.each([
    ["a delegator with an unknown key tag", "delegator", Uint8Array.of(3, ...new Uint8Array(32))],
    ["a truncated ed25519 key", "delegator", CLValue.newCLPublicKey(ed25519).bytes().subarray(0, 20)],
    ["a key with a byte left over", "validator", Uint8Array.of(...CLValue.newCLPublicKey(secp256k1).bytes(), 0)],
    ["an empty validator", "validator", new Uint8Array()],
    ["a U512 claiming 65 bytes", "amount", Uint8Array.of(65, ...new Uint8Array(65).fill(1))],
    ["a truncated U512", "amount", Uint8Array.of(8, 1, 2, 3)],
    ["a U512 with a byte left over", "amount", Uint8Array.of(1, 5, 0)],
  ])("reverts with InvalidArgument (3) for %s", (_what, name, bytes) => {
    const h = host();
    h.args.set(name, bytes);
    expect(h.run(delegate)).toEqual({ kind: "reverted", code: 3 });
    expect(h.callsTo("casper_call_contract")).toHaveLength(0);
  });

  it("reverts like Rust's call_contract::<U512> when the auction returns no U512", () => {
    const h = host();
    h.overrides.casper_call_contract = (_a, _b, _c, _d, _e, _f, resultSizePtr) => {
      h.u32(resultSizePtr, 0); // nothing returned: deserializing U512 from no bytes
      return 0;
    };
    expect(h.run(delegate)).toEqual({ kind: "reverted", code: 17 }); // EarlyEndOfStream
  });

  it("reverts with the host's error when the auction call fails", () => {
    const h = host();
    h.overrides.casper_call_contract = () => 64512 + 45; // Auction DelegationAmountTooSmall
    expect(h.run(delegate)).toEqual({ kind: "reverted", code: 64512 + 45 });
  });

  it("reverts with the host's error when the auction hash is missing", () => {
    const h = host();
    h.overrides.casper_get_system_contract = () => 38; // MissingSystemContractHash
    expect(h.run(delegate)).toEqual({ kind: "reverted", code: 38 });
  });
});

describe.each(["class form", "hand-written"])("keys_manager (%s) install (call)", (build) => {
  let keysManager: Uint8Array;
  beforeAll(() => {
    keysManager = keysManagerBuilds[build];
  });
  const PACKAGE = new Uint8Array(32).fill(0x51);
  const ACCESS = new Uint8Array(32).fill(0x52);
  const CONTRACT = new Uint8Array(32).fill(0x53);
  const NEW_UREF = new Uint8Array(33).fill(0x54);
  NEW_UREF[32] = 7;

  function installHost(): StubHost {
    const h = new StubHost();
    h.overrides.casper_create_contract_package_at_hash = (hashPtr, accessPtr) => {
      h.write(hashPtr, PACKAGE);
      h.write(accessPtr, ACCESS);
    };
    h.overrides.casper_add_contract_version = (_p, _ps, versionPtr, _e, _es, _n, _ns, outPtr, outSize, writtenPtr) => {
      if (outSize < 32) return 32;
      h.write(outPtr, CONTRACT);
      h.u32(writtenPtr, 32);
      h.u32(versionPtr, 1);
      return 0;
    };
    h.overrides.casper_new_uref = (urefPtr) => h.write(urefPtr, NEW_UREF);
    return h;
  }

  const session = (name: string, args: EntryPoint["args"]): EntryPoint => ({
    name,
    args,
    ret: CLT.Unit,
    access: { kind: "Public" },
    entryPointType: "Session",
  });

  it("creates a locked package and adds one version with the four Session entry points (stored as Rust stores them)", () => {
    const h = installHost();
    expect(h.run(keysManager)).toEqual({ kind: "returned" });
    const create = h.callsTo("casper_create_contract_package_at_hash");
    expect(create).toHaveLength(1);
    expect(create[0].args[2]).toBe(1); // locked
    const add = h.callsTo("casper_add_contract_version");
    expect(add).toHaveLength(1);
    const [pkgPtr, pkgLen, , epPtr, epLen, nkPtr, nkLen] = add[0].args;
    expect(hex(h.bytes(pkgPtr, pkgLen))).toBe(hex(PACKAGE));
    const expected = encodeEntryPoints([
      session("set_key_weight", [
        { name: "account", clType: CLT.PublicKey },
        { name: "weight", clType: CLT.U8 },
      ]),
      session("set_deployment_threshold", [{ name: "weight", clType: CLT.U8 }]),
      session("set_key_management_threshold", [{ name: "weight", clType: CLT.U8 }]),
      session("set_all", [
        { name: "deployment_threshold", clType: CLT.U8 },
        { name: "key_management_threshold", clType: CLT.U8 },
        { name: "accounts", clType: clList(CLT.PublicKey) },
        { name: "weights", clType: clList(CLT.U8) },
      ]),
    ]);
    // the host reads the entry points into a BTreeMap: what it stores is the sorted encoding
    const sent = decodeEntryPoints(h.bytes(epPtr, epLen));
    expect(sent.size).toBe(4);
    expect(hex(encodeEntryPoints(sent))).toBe(hex(expected));
    expect(hex(h.bytes(nkPtr, nkLen))).toBe("00000000"); // no named keys
  });

  it("names the contract hash and a URef holding it (ByteArray(32)) in the account", () => {
    const h = installHost();
    h.run(keysManager);
    const newURef = h.callsTo("casper_new_uref");
    expect(newURef).toHaveLength(1);
    const [, valuePtr, valueLen] = newURef[0].args;
    expect(hex(h.bytes(valuePtr, valueLen))).toBe(hex(CLValueParser.toBytesWithType(CLValue.newCLByteArray(CONTRACT))));
    const puts = h.callsTo("casper_put_key").map((c) => ({
      name: decodeBytesreprString(h.bytes(c.args[0], c.args[1])),
      key: hex(h.bytes(c.args[2], c.args[3])),
    }));
    expect(puts).toEqual([
      { name: "keys_manager", key: hex(Key.createByType(hex(CONTRACT), KeyTypeID.Hash).bytes()) },
      { name: "keys_manager_hash", key: "02" + hex(NEW_UREF) },
    ]);
  });

  it("reverts with the host's error when adding the version fails", () => {
    const h = installHost();
    h.overrides.casper_add_contract_version = () => 64768 + 1; // ContractHeader PreviouslyUsedVersion
    expect(h.run(keysManager)).toEqual({ kind: "reverted", code: 64768 + 1 });
    expect(h.callsTo("casper_put_key")).toHaveLength(0);
  });
});

describe.each(["class form", "hand-written"])("keys_manager (%s) entry points", (build) => {
  let keysManager: Uint8Array;
  beforeAll(() => {
    keysManager = keysManagerBuilds[build];
  });
  const accountHash = (pk: InstanceType<typeof sdk.PublicKey>) => hex(pk.accountHash().toBytes());

  /** Host whose account functions answer from `answers` (default 0 = success). */
  function host(answers: Partial<Record<string, number>> = {}): StubHost {
    const h = new StubHost();
    for (const name of ["casper_add_associated_key", "casper_update_associated_key", "casper_remove_associated_key", "casper_set_action_threshold"]) {
      h.overrides[name] = () => answers[name] ?? 0;
    }
    return h;
  }

  /** The account calls made, as readable tuples. */
  function accountCalls(h: StubHost): string[] {
    return h.calls
      .filter((c) => /associated_key|set_action_threshold/.test(c.name))
      .map((c) => {
        if (c.name === "casper_set_action_threshold") return `threshold ${c.args[0]} ${c.args[1]}`;
        const who = hex(h.bytes(c.args[0], c.args[1]));
        const verb = c.name.replace("casper_", "").replace("_associated_key", "");
        return c.name === "casper_remove_associated_key" ? `${verb} ${who}` : `${verb} ${who} ${c.args[2]}`;
      });
  }

  it("set_key_weight updates the key's weight (account hash from blake2b, as casper-js-sdk)", () => {
    for (const pk of [ed25519, secp256k1]) {
      const h = host();
      h.args.set("account", CLValue.newCLPublicKey(pk).bytes());
      h.args.set("weight", CLValue.newCLUint8(3).bytes());
      expect(h.run(keysManager, "set_key_weight")).toEqual({ kind: "returned" });
      expect(accountCalls(h)).toEqual([`update ${accountHash(pk)} 3`]);
    }
  });

  it("set_key_weight adds the key when it is missing (update says MissingKey)", () => {
    const h = host({ casper_update_associated_key: 1 });
    h.args.set("account", CLValue.newCLPublicKey(ed25519).bytes());
    h.args.set("weight", CLValue.newCLUint8(2).bytes());
    expect(h.run(keysManager, "set_key_weight")).toEqual({ kind: "returned" });
    expect(accountCalls(h)).toEqual([`update ${accountHash(ed25519)} 2`, `add ${accountHash(ed25519)} 2`]);
  });

  it("set_key_weight with weight 0 removes the key, and a missing key is fine", () => {
    const h = host({ casper_remove_associated_key: 1 }); // MissingKey
    h.args.set("account", CLValue.newCLPublicKey(secp256k1).bytes());
    h.args.set("weight", CLValue.newCLUint8(0).bytes());
    expect(h.run(keysManager, "set_key_weight")).toEqual({ kind: "returned" });
    expect(accountCalls(h)).toEqual([`remove ${accountHash(secp256k1)}`]);
  });

  it.each([
    ["remove PermissionDenied", { casper_remove_associated_key: 2 }, 0, USER + 2],
    ["remove ThresholdViolation", { casper_remove_associated_key: 3 }, 0, USER + 3],
    ["update PermissionDenied", { casper_update_associated_key: 2 }, 1, USER + 2],
    ["update ThresholdViolation", { casper_update_associated_key: 3 }, 1, USER + 3],
    ["add MaxKeysLimit", { casper_update_associated_key: 1, casper_add_associated_key: 1 }, 1, USER + 4],
    ["add DuplicateKey", { casper_update_associated_key: 1, casper_add_associated_key: 2 }, 1, USER + 5],
    ["add PermissionDenied", { casper_update_associated_key: 1, casper_add_associated_key: 3 }, 1, USER + 2],
    ["an unknown update failure", { casper_update_associated_key: 9 }, 1, 31], // Rust: TryFrom fails -> Unhandled
  ])("set_key_weight reverts as the Rust contract on %s", (_what, answers, weight, code) => {
    const h = host(answers);
    h.args.set("account", CLValue.newCLPublicKey(ed25519).bytes());
    h.args.set("weight", CLValue.newCLUint8(weight).bytes());
    expect(h.run(keysManager, "set_key_weight")).toEqual({ kind: "reverted", code });
  });

  it.each([
    ["set_deployment_threshold", 0],
    ["set_key_management_threshold", 1],
  ])("%s sets action %i's threshold from `weight`", (entry, action) => {
    const h = host();
    h.args.set("weight", CLValue.newCLUint8(2).bytes());
    expect(h.run(keysManager, entry)).toEqual({ kind: "returned" });
    expect(accountCalls(h)).toEqual([`threshold ${action} 2`]);
  });

  it.each([
    [1, USER + 6],
    [2, USER + 7],
    [3, USER + 2],
    [4, USER + 8],
    [5, 31],
  ])("set_deployment_threshold maps failure %i to revert %i", (failure, code) => {
    const h = host({ casper_set_action_threshold: failure });
    h.args.set("weight", CLValue.newCLUint8(1).bytes());
    expect(h.run(keysManager, "set_deployment_threshold")).toEqual({ kind: "reverted", code });
  });

  it("set_all updates each (account, weight) pair, then the key-management threshold, then deployment", () => {
    const h = host({ casper_update_associated_key: 1 });
    h.args.set("deployment_threshold", CLValue.newCLUint8(2).bytes());
    h.args.set("key_management_threshold", CLValue.newCLUint8(3).bytes());
    h.args.set("accounts", CLValue.newCLList(sdk.CLTypePublicKey, [CLValue.newCLPublicKey(ed25519), CLValue.newCLPublicKey(secp256k1)]).bytes());
    h.args.set("weights", CLValue.newCLList(sdk.CLTypeUInt8, [CLValue.newCLUint8(1), CLValue.newCLUint8(0), CLValue.newCLUint8(9)]).bytes());
    expect(h.run(keysManager, "set_all")).toEqual({ kind: "returned" });
    // zip stops at the shorter list: the third weight has no account
    expect(accountCalls(h)).toEqual([
      `update ${accountHash(ed25519)} 1`,
      `add ${accountHash(ed25519)} 1`,
      `remove ${accountHash(secp256k1)}`,
      "threshold 1 3",
      "threshold 0 2",
    ]);
  });

  it("set_all with empty lists only sets the thresholds", () => {
    const h = host();
    h.args.set("deployment_threshold", CLValue.newCLUint8(1).bytes());
    h.args.set("key_management_threshold", CLValue.newCLUint8(1).bytes());
    h.args.set("accounts", CLValue.newCLList(sdk.CLTypePublicKey, []).bytes());
    h.args.set("weights", CLValue.newCLList(sdk.CLTypeUInt8, []).bytes());
    expect(h.run(keysManager, "set_all")).toEqual({ kind: "returned" });
    expect(accountCalls(h)).toEqual(["threshold 1 1", "threshold 0 1"]);
  });

  it("set_all reverts with InvalidArgument (3) when `weights` is not a List<U8>", () => {
    const h = host();
    h.args.set("deployment_threshold", CLValue.newCLUint8(1).bytes());
    h.args.set("key_management_threshold", CLValue.newCLUint8(1).bytes());
    h.args.set("accounts", CLValue.newCLList(sdk.CLTypePublicKey, []).bytes());
    h.args.set("weights", Uint8Array.of(2, 0, 0, 0, 1)); // count 2, one item
    expect(h.run(keysManager, "set_all")).toEqual({ kind: "reverted", code: 3 });
    expect(accountCalls(h)).toEqual([]);
  });

  it.each(["set_key_weight", "set_deployment_threshold", "set_all"])("%s reverts with MissingArgument (2) without args", (entry) => {
    expect(host().run(keysManager, entry)).toEqual({ kind: "reverted", code: 2 });
  });
});
