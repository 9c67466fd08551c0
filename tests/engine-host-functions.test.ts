// VM1 host functions from hand-written WAT: return codes, the host buffer, access rights and forged
// references, storage and dictionaries, account and chain queries. Codes are casper-types'
// ApiError numbers; hashes are computed independently (@noble/hashes, casper-js-sdk).
import { blake2b } from "@noble/hashes/blake2";
import sdk from "casper-js-sdk";
import { beforeEach, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import type { ExecutionResult } from "../host/engine/result.ts";
import { clBytes, keyBytes } from "./helpers/engine-bytes.ts";
import { Data, RET_HELPERS, module } from "./helpers/engine-wat.ts";

const { CLValue } = sdk;
const API = { ValueNotFound: 6, InvalidSystemContract: 29, PurseNotCreated: 30, BufferTooSmall: 32, HostBufferEmpty: 33, HostBufferFull: 34, MissingKey: 24, DictionaryItemKeyExceedsLength: 36, InvalidDictionaryItemKey: 37 };

/** A session probe: `body` runs in `call`, with the given imports plus casper_ret and the ret helpers. */
function probe(d: Data, imports: string[], body: string, extra = ""): Uint8Array {
  return module({ imports: [...new Set([...imports, "casper_ret"])], data: d, body: `${RET_HELPERS}\n${extra}\n(func (export "call") (local $r i32) ${body})` });
}

const returnedBytes = (r: ExecutionResult) => Buffer.from(r.returned!.bytes.subarray(4)).toString("hex");
const returnedI32 = (r: ExecutionResult) => new DataView(r.returned!.bytes.buffer, r.returned!.bytes.byteOffset).getInt32(0, true);

describe("host functions", () => {
  let engine: Engine;
  beforeEach(() => {
    engine = new Engine();
  });

  it("host buffer: read_value leaves the value there; a second result is HostBufferFull; reading empties it", () => {
    const d = new Data();
    const value = d.bytes(clBytes(CLValue.newCLString("hi")));
    const body = `
      (call $casper_new_uref (i32.const 100) (i32.const ${value.ptr}) (i32.const ${value.len}))
      (i32.store8 (i32.const 99) (i32.const 2))
      (if (call $casper_read_value (i32.const 99) (i32.const 34) (i32.const 200)) (then unreachable))
      ;; the buffer is full: a second read is refused with HostBufferFull
      (local.set $r (call $casper_read_value (i32.const 99) (i32.const 34) (i32.const 204)))
      (if (i32.ne (local.get $r) (i32.const ${API.HostBufferFull})) (then (call $ret_i32 (local.get $r))))
      ;; a too small destination: BufferTooSmall, and the value is gone
      (local.set $r (call $casper_read_host_buffer (i32.const 300) (i32.const 2) (i32.const 208)))
      (if (i32.ne (local.get $r) (i32.const ${API.BufferTooSmall})) (then (call $ret_i32 (local.get $r))))
      (local.set $r (call $casper_read_host_buffer (i32.const 300) (i32.const 64) (i32.const 208)))
      (if (i32.ne (local.get $r) (i32.const ${API.HostBufferEmpty})) (then (call $ret_i32 (local.get $r))))
      ;; read again properly
      (drop (call $casper_read_value (i32.const 99) (i32.const 34) (i32.const 200)))
      (if (call $casper_read_host_buffer (i32.const 300) (i32.load (i32.const 200)) (i32.const 208)) (then unreachable))
      (call $ret_bytes (i32.const 300) (i32.load (i32.const 208)))`;
    const r = engine.runSession("alice", probe(d, ["casper_new_uref", "casper_read_value", "casper_read_host_buffer"], body)).expectSuccess();
    expect(returnedBytes(r)).toBe("020000006869"); // the String's bytes: u32 length + "hi"
  });

  it("get_key / has_key: MissingKey, BufferTooSmall, and the key bytes", () => {
    engine.runSession("alice", probe(new Data(), [], `(nop)`)).expectSuccess();
    const d = new Data();
    const missing = d.string("nope");
    const body = `
      (local.set $r (call $casper_get_key (i32.const ${missing.ptr}) (i32.const ${missing.len}) (i32.const 300) (i32.const 40) (i32.const 200)))
      (if (i32.ne (local.get $r) (i32.const ${API.MissingKey})) (then (call $ret_i32 (local.get $r))))
      (if (i32.ne (call $casper_has_key (i32.const ${missing.ptr}) (i32.const ${missing.len})) (i32.const 1)) (then unreachable))
      (call $casper_put_key (i32.const ${missing.ptr}) (i32.const ${missing.len}) (i32.const ${d.bytes(keyBytes("hash-" + "cd".repeat(32))).ptr}) (i32.const 33))
      (if (call $casper_has_key (i32.const ${missing.ptr}) (i32.const ${missing.len})) (then unreachable))
      (local.set $r (call $casper_get_key (i32.const ${missing.ptr}) (i32.const ${missing.len}) (i32.const 300) (i32.const 32) (i32.const 200)))
      (if (i32.ne (local.get $r) (i32.const ${API.BufferTooSmall})) (then (call $ret_i32 (local.get $r))))
      (if (call $casper_get_key (i32.const ${missing.ptr}) (i32.const ${missing.len}) (i32.const 300) (i32.const 40) (i32.const 200)) (then unreachable))
      (call $ret_bytes (i32.const 300) (i32.load (i32.const 200)))`;
    const r = engine.runSession("alice", probe(d, ["casper_get_key", "casper_has_key", "casper_put_key"], body)).expectSuccess();
    expect(returnedBytes(r)).toBe("01" + "cd".repeat(32));
    expect(engine.account("alice").namedKeys.nope).toBe("hash-" + "cd".repeat(32));
  });

  it("URef rights: a URef the context does not hold is a forged reference; missing rights are InvalidAccess", () => {
    const d = new Data();
    const value = d.bytes(clBytes(CLValue.newCLUint8(1)));
    const forged = d.bytes(keyBytes(`uref-${"11".repeat(32)}-007`));
    const write = (ptr: string) => `(call $casper_write ${ptr} (i32.const 34) (i32.const ${value.ptr}) (i32.const ${value.len}))`;
    engine.runSession("alice", probe(d, ["casper_write"], write(`(i32.const ${forged.ptr})`)))
      .expectError("ForgedReference", `Forged reference: URef(${"11".repeat(32)}, READ_ADD_WRITE)`);
    // its own new URef, but presented READ-only: writing needs WRITE
    const body = `
      (call $casper_new_uref (i32.const 100) (i32.const ${value.ptr}) (i32.const ${value.len}))
      (i32.store8 (i32.const 99) (i32.const 2))
      (i32.store8 (i32.const 132) (i32.const 1))
      ${write("(i32.const 99)")}`;
    engine.runSession("alice", probe(d, ["casper_new_uref", "casper_write"], body)).expectError("InvalidAccess", "Invalid access rights: WRITE");
    // reading another account, or a balance, directly: 1.5.8 refuses (runtime_context is_readable); 2.0
    // lets any context read them (types/src/key.rs is_readable; host/runtime/protocol/key-access.ts):
    // an Account is then no CLValue, a balance that does not exist is ValueNotFound (6)
    const other = d.bytes(keyBytes(`account-hash-${engine.key("bob").publicKey.accountHash().toHex()}`));
    const balance = d.bytes(keyBytes(`balance-${"22".repeat(32)}`));
    const readOther = probe(d, ["casper_read_value"], `(drop (call $casper_read_value (i32.const ${other.ptr}) (i32.const 33) (i32.const 200)))`);
    const readBalance = probe(d, ["casper_read_value"], `(call $ret_i32 (call $casper_read_value (i32.const ${balance.ptr}) (i32.const 33) (i32.const 200)))`);
    const v1 = new Engine({ protocol: "1.5.8" });
    v1.runSession("alice", readOther).expectError("InvalidAccess", "READ");
    v1.runSession("alice", readBalance).expectError("InvalidAccess", "READ");
    expect(engine.config.runtime.protocol).toBe("2.0.0");
    engine.runSession("alice", readOther).expectError("TypeMismatch", /Type mismatch\. Expected .* but found Account\./);
    expect(returnedI32(engine.runSession("alice", readBalance).expectSuccess())).toBe(6);
    // is_valid_uref says which is which
    const valid = `
      (call $casper_new_uref (i32.const 100) (i32.const ${value.ptr}) (i32.const ${value.len}))
      (call $ret_i32 (i32.add (i32.mul (i32.const 10) (call $casper_is_valid_uref (i32.const 100) (i32.const 33)))
                              (call $casper_is_valid_uref (i32.const ${forged.ptr + 1}) (i32.const 33))))`;
    expect(returnedI32(engine.runSession("alice", probe(d, ["casper_new_uref", "casper_is_valid_uref"], valid)).expectSuccess())).toBe(10);
  });

  it("casper_add: wrapping integer addition; a value that is not a number is a type mismatch", () => {
    const d = new Data();
    const start = d.bytes(clBytes(CLValue.newCLUInt512("1000")));
    const delta = d.bytes(clBytes(CLValue.newCLUInt512("234")));
    const name = d.string("counter");
    const body = `
      (call $casper_new_uref (i32.const 100) (i32.const ${start.ptr}) (i32.const ${start.len}))
      (i32.store8 (i32.const 99) (i32.const 2))
      (call $casper_add (i32.const 99) (i32.const 34) (i32.const ${delta.ptr}) (i32.const ${delta.len}))
      (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 99) (i32.const 34))`;
    engine.runSession("alice", probe(d, ["casper_new_uref", "casper_add", "casper_put_key"], body)).expectSuccess();
    expect(engine.value(engine.account("alice").namedKeys.counter).toString()).toBe("1234");
    const text = d.bytes(clBytes(CLValue.newCLString("x")));
    const bad = `
      (call $casper_new_uref (i32.const 100) (i32.const ${text.ptr}) (i32.const ${text.len}))
      (i32.store8 (i32.const 99) (i32.const 2))
      (call $casper_add (i32.const 99) (i32.const 34) (i32.const ${delta.ptr}) (i32.const ${delta.len}))`;
    engine.runSession("alice", probe(d, ["casper_new_uref", "casper_add"], bad)).expectError("TypeMismatch");
  });

  it("dictionaries: new_dictionary, put, get, read by key; item key limits", () => {
    const d = new Data();
    const dictName = d.string("dict");
    const item = d.utf8("apple");
    const value = d.bytes(clBytes(CLValue.newCLUint64(77)));
    const long = d.utf8("k".repeat(129));
    const badUtf8 = d.bytes(new Uint8Array([0xc3, 0x28]));
    const body = `
      (if (call $casper_new_dictionary (i32.const 200)) (then unreachable))
      (if (call $casper_read_host_buffer (i32.const 101) (i32.const 33) (i32.const 208)) (then unreachable))
      (i32.store8 (i32.const 100) (i32.const 2))
      (call $casper_put_key (i32.const ${dictName.ptr}) (i32.const ${dictName.len}) (i32.const 100) (i32.const 34))
      (if (call $casper_dictionary_put (i32.const 101) (i32.const 33) (i32.const ${item.ptr}) (i32.const ${item.len}) (i32.const ${value.ptr}) (i32.const ${value.len})) (then unreachable))
      (local.set $r (call $casper_dictionary_put (i32.const 101) (i32.const 33) (i32.const ${long.ptr}) (i32.const ${long.len}) (i32.const ${value.ptr}) (i32.const ${value.len})))
      (if (i32.ne (local.get $r) (i32.const ${API.DictionaryItemKeyExceedsLength})) (then (call $ret_i32 (local.get $r))))
      (local.set $r (call $casper_dictionary_put (i32.const 101) (i32.const 33) (i32.const ${badUtf8.ptr}) (i32.const 2) (i32.const ${value.ptr}) (i32.const ${value.len})))
      (if (i32.ne (local.get $r) (i32.const ${API.InvalidDictionaryItemKey})) (then (call $ret_i32 (local.get $r))))
      (local.set $r (call $casper_dictionary_get (i32.const 101) (i32.const 33) (i32.const ${long.ptr}) (i32.const 4) (i32.const 204)))
      (if (i32.ne (local.get $r) (i32.const ${API.ValueNotFound})) (then (call $ret_i32 (local.get $r))))
      (if (call $casper_dictionary_get (i32.const 101) (i32.const 33) (i32.const ${item.ptr}) (i32.const ${item.len}) (i32.const 204)) (then unreachable))
      (if (call $casper_read_host_buffer (i32.const 400) (i32.const 8) (i32.const 208)) (then unreachable))
      (call $ret_bytes (i32.const 400) (i32.load (i32.const 208)))`;
    const r = engine.runSession("alice", probe(d, ["casper_new_dictionary", "casper_read_host_buffer", "casper_put_key", "casper_dictionary_put", "casper_dictionary_get"], body)).expectSuccess();
    expect(returnedBytes(r)).toBe("4d00000000000000");
    const seed = engine.account("alice").namedKeys.dict;
    expect(engine.dictionaryItem(seed, "apple").toString()).toBe("77");
    expect(engine.dictionaryItem("alice", "apple", "dict").toString()).toBe("77");
    // the dictionary key is blake2b-256(seed address ++ item key) (key.rs Key::dictionary)
    const addr = Buffer.from(seed.slice(5, 69), "hex");
    const expected = Buffer.from(blake2b(Buffer.concat([addr, Buffer.from("apple")]), { dkLen: 32 })).toString("hex");
    expect(engine.query(`dictionary-${expected}`).kind).toBe("CLValue");
  });

  it("caller, authorization keys, block time, phase, random bytes, blake2b, print", () => {
    const d = new Data();
    const input = d.utf8("casper");
    const text = d.string("hello from wasm");
    const calls = (what: string) => probe(d, ["casper_get_caller", "casper_read_host_buffer", "casper_load_authorization_keys", "casper_get_blocktime", "casper_get_phase", "casper_random_bytes", "casper_blake2b", "casper_print"], what);
    const caller = engine.runSession("alice", calls(`
      (if (call $casper_get_caller (i32.const 200)) (then unreachable))
      (if (i32.ne (i32.load (i32.const 204)) (i32.const 0)) (then unreachable))
      (if (call $casper_read_host_buffer (i32.const 300) (i32.load (i32.const 200)) (i32.const 208)) (then unreachable))
      (call $ret_bytes (i32.const 300) (i32.const 32))`)).expectSuccess();
    expect(returnedBytes(caller)).toBe(engine.key("alice").publicKey.accountHash().toHex());

    const keys = engine.runSession("alice", calls(`
      (if (call $casper_load_authorization_keys (i32.const 200) (i32.const 204)) (then unreachable))
      (if (call $casper_read_host_buffer (i32.const 300) (i32.load (i32.const 204)) (i32.const 208)) (then unreachable))
      (call $ret_bytes (i32.const 300) (i32.load (i32.const 208)))`), undefined, { signers: ["alice"] }).expectSuccess();
    expect(returnedBytes(keys)).toBe("01000000" + engine.key("alice").publicKey.accountHash().toHex());

    engine.advanceTime(1234);
    const time = engine.runSession("alice", calls(`(call $casper_get_blocktime (i32.const 300)) (call $ret_bytes (i32.const 300) (i32.const 8))`)).expectSuccess();
    expect(Buffer.from(returnedBytes(time), "hex").readBigUInt64LE()).toBe(engine.blocktime);

    const phase = engine.runSession("alice", calls(`(call $casper_get_phase (i32.const 300)) (call $ret_bytes (i32.const 300) (i32.const 1))`)).expectSuccess();
    expect(returnedBytes(phase)).toBe("02"); // Phase::Session

    const random = engine.runSession("alice", calls(`
      (if (i32.ne (call $casper_random_bytes (i32.const 300) (i32.const 31)) (i32.const ${API.BufferTooSmall})) (then unreachable))
      (if (call $casper_random_bytes (i32.const 300) (i32.const 32)) (then unreachable))
      (call $ret_bytes (i32.const 300) (i32.const 32))`)).expectSuccess();
    expect(returnedBytes(random)).toMatch(/^[0-9a-f]{64}$/);

    const hash = engine.runSession("alice", calls(`
      (if (call $casper_blake2b (i32.const ${input.ptr}) (i32.const ${input.len}) (i32.const 300) (i32.const 32)) (then unreachable))
      (call $ret_bytes (i32.const 300) (i32.const 32))`)).expectSuccess();
    expect(returnedBytes(hash)).toBe(Buffer.from(blake2b(Buffer.from("casper"), { dkLen: 32 })).toString("hex"));

    const printed = engine.runSession("alice", calls(`(call $casper_print (i32.const ${text.ptr}) (i32.const ${text.len}))`)).expectSuccess();
    expect(printed.prints).toEqual(["hello from wasm"]);
  });

  it("get_system_contract: the registry's hashes for indexes 0..3 (mint, handle payment, standard payment, auction)", () => {
    const d = new Data();
    const body = (i: number) => `
      (local.set $r (call $casper_get_system_contract (i32.const ${i}) (i32.const 300) (i32.const 32)))
      (if (local.get $r) (then (call $ret_i32 (local.get $r))))
      (call $ret_bytes (i32.const 300) (i32.const 32))`;
    const names = ["mint", "handle payment", "standard payment", "auction"];
    for (let i = 0; i < 4; i++) {
      const r = engine.runSession("alice", probe(d, ["casper_get_system_contract"], body(i))).expectSuccess();
      expect(returnedBytes(r)).toBe(Buffer.from(engine.systemContracts.get(names[i])!).toString("hex"));
      expect(engine.contract(`hash-${returnedBytes(r)}`).entryPoints.size).toBeGreaterThan(0);
    }
    const r = engine.runSession("alice", probe(d, ["casper_get_system_contract"], body(4))).expectSuccess();
    expect(returnedI32(r)).toBe(API.InvalidSystemContract);
  });

  it("create_purse, get_balance, transfer_from_purse_to_purse within the spending limit", () => {
    const d = new Data();
    const amount = d.bytes(CLValue.newCLUInt512("5000").bytes());
    const none = d.bytes(new Uint8Array([0]));
    const purseName = d.string("savings");
    const body = `
      (local.set $r (call $casper_create_purse (i32.const 101) (i32.const 32)))
      (if (i32.ne (local.get $r) (i32.const ${API.PurseNotCreated})) (then (call $ret_i32 (local.get $r))))
      (if (call $casper_create_purse (i32.const 101) (i32.const 33)) (then unreachable))
      (i32.store8 (i32.const 100) (i32.const 2))
      (call $casper_put_key (i32.const ${purseName.ptr}) (i32.const ${purseName.len}) (i32.const 100) (i32.const 34))
      (call $casper_get_main_purse (i32.const 200))
      (local.set $r (call $casper_transfer_from_purse_to_purse (i32.const 200) (i32.const 33) (i32.const 101) (i32.const 33) (i32.const ${amount.ptr}) (i32.const ${amount.len}) (i32.const ${none.ptr}) (i32.const 1)))
      (if (local.get $r) (then (call $ret_i32 (local.get $r))))
      (if (call $casper_get_balance (i32.const 101) (i32.const 33) (i32.const 300)) (then unreachable))
      (if (call $casper_read_host_buffer (i32.const 400) (i32.const 64) (i32.const 308)) (then unreachable))
      (call $ret_bytes (i32.const 400) (i32.load (i32.const 308)))`;
    const wasm = probe(d, ["casper_create_purse", "casper_put_key", "casper_get_main_purse", "casper_transfer_from_purse_to_purse", "casper_get_balance", "casper_read_host_buffer"], body);
    const r = engine.runSession("alice", wasm, { amount: CLValue.newCLUInt512("5000") }).expectSuccess();
    expect(returnedBytes(r)).toBe(Buffer.from(CLValue.newCLUInt512("5000").bytes()).toString("hex"));
    expect(engine.balance(engine.account("alice").namedKeys.savings)).toBe(5000n);
    // over the spending limit: the mint's UnapprovedSpendingAmount (Mint error 21 = 65045)
    const over = engine.runSession("alice", wasm, { amount: CLValue.newCLUInt512("4999") });
    expect(returnedI32(over.expectSuccess())).toBe(65024 + 21);
  });

  it("load_call_stack: the session's own frame", () => {
    const d = new Data();
    const body = `
      (if (call $casper_load_call_stack (i32.const 200) (i32.const 204)) (then unreachable))
      (if (call $casper_read_host_buffer (i32.const 300) (i32.load (i32.const 204)) (i32.const 208)) (then unreachable))
      (call $ret_bytes (i32.const 300) (i32.load (i32.const 208)))`;
    const r = engine.runSession("alice", probe(d, ["casper_load_call_stack", "casper_read_host_buffer"], body)).expectSuccess();
    // Vec<CallStackElement>: 1 element, Session tag 0, the account hash
    expect(returnedBytes(r)).toBe("01000000" + "00" + engine.key("alice").publicKey.accountHash().toHex());
  });

  it("revert codes are named as the node names them", () => {
    const d = new Data();
    const revert = (code: number) => engine.runSession("alice", module({ imports: ["casper_revert"], data: d, body: `(func (export "call") (call $casper_revert (i32.const ${code})))` }));
    expect(revert(2).error).toMatchObject({ kind: "Revert", code: 2, name: "MissingArgument", message: "ApiError::MissingArgument [2]" });
    expect(revert(65536 + 5).error).toMatchObject({ code: 65541, name: "User", message: "User error: 5" });
    expect(revert(65024).error).toMatchObject({ name: "InsufficientFunds", message: "Mint error: 0" });
    expect(revert(64512 + 45).error).toMatchObject({ name: "DelegationAmountTooSmall", message: "ApiError::AuctionError(DelegationAmountTooSmall) [64557]" });
    expect(revert(0).error).toMatchObject({ code: 31, name: "Unhandled", message: "ApiError::Unhandled [31]" });
    expect(revert(36).error!.message).toBe("ApiError::DictionaryItemKeyTooLarge [36]");
  });
});
