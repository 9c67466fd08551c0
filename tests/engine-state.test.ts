// Global state, tracking copies and deterministic addresses.
import { blake2b } from "@noble/hashes/blake2";
import { describe, expect, it } from "vitest";
import { clv } from "../host/bytesrepr/cl-value.ts";
import { createAccount } from "../host/bytesrepr/account.ts";
import { accountKey, urefKey } from "../host/bytesrepr/key.ts";
import { AddressGenerator, Phase } from "../host/state/address-generator.ts";
import { GlobalState } from "../host/state/global-state.ts";
import { AddError, TrackingCopy } from "../host/state/tracking-copy.ts";
import { namedKeyCLValue } from "../host/runtime/context.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const u = (n: number) => ({ addr: new Uint8Array(32).fill(n), rights: 7 });

describe("address generator", () => {
  it("is ChaCha20 from the seed: the all-zero key gives RFC 8439's first keystream block (rand_chacha's true values)", () => {
    const g = AddressGenerator.fromRngSeed(new Uint8Array(32));
    expect(hex(g.createAddress())).toBe("76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7");
  });

  it("seeds with blake2b-256(deploy hash ++ phase) and hashes addresses for contract hashes", () => {
    const deployHash = new Uint8Array(32).fill(1);
    const seed = blake2b(new Uint8Array([...deployHash, Phase.Session]), { dkLen: 32 });
    const a = new AddressGenerator(deployHash, Phase.Session);
    const b = AddressGenerator.fromRngSeed(seed);
    const first = a.createAddress();
    expect(hex(first)).toBe(hex(b.createAddress()));
    expect(hex(a.newHashAddress())).toBe(hex(blake2b(b.createAddress(), { dkLen: 32 })));
    // another phase, another stream
    expect(hex(new AddressGenerator(deployHash, Phase.Payment).createAddress())).not.toBe(hex(first));
  });
});

describe("tracking copies", () => {
  it("reads fall through, writes stay until committed, forks layer", () => {
    const state = new GlobalState();
    state.put(urefKey(u(1)), { kind: "CLValue", value: clv.u8(1) });
    const tc = new TrackingCopy(state);
    expect(tc.read(urefKey(u(1)))).toEqual({ kind: "CLValue", value: clv.u8(1) });
    tc.write(urefKey(u(2)), { kind: "CLValue", value: clv.u8(2) });
    const fork = tc.fork();
    fork.write(urefKey(u(3)), { kind: "CLValue", value: clv.u8(3) });
    expect(tc.read(urefKey(u(3)))).toBeUndefined();
    expect(state.read(urefKey(u(2)))).toBeUndefined();
    fork.mergeInto(tc);
    tc.commitTo(state);
    expect(state.read(urefKey(u(3)))).toEqual({ kind: "CLValue", value: clv.u8(3) });
    // keys are normalized: a URef with other rights is the same entry
    expect(state.read(urefKey({ addr: u(3).addr, rights: 1 }))).toBeDefined();
  });

  it("a merge gives the parent the same writes and journal whichever side is larger (the child's write or prune of a key wins, the journal runs parent then child)", () => {
    const v = (n: number) => ({ kind: "CLValue" as const, value: clv.u8(n) });
    // parent and child sizes on both sides of the point where the parent adopts the child's map
    for (const [parentWrites, childWrites] of [[3, 1], [3, 2], [3, 3], [3, 40], [0, 20], [30, 29], [30, 31], [5, 100]]) {
      const state = new GlobalState();
      state.put(urefKey(u(200)), v(200));
      const parent = new TrackingCopy(state);
      for (let i = 0; i < parentWrites; i++) parent.write(urefKey(u(i)), v(i));
      parent.write(urefKey(u(1)), v(101)); // a key written twice: the journal keeps both
      const child = parent.fork();
      for (let i = 0; i < childWrites; i++) child.write(urefKey(u(150 - i)), v(i + 1));
      child.write(urefKey(u(0)), v(77)); // over the parent's write
      child.prune(urefKey(u(200))); // a prune of a committed key
      const expectedJournal = [...parent.journal, ...child.journal].map((j) => [hex(j.key.data), j.transform]);
      child.mergeInto(parent);
      expect(parent.journal.map((j) => [hex(j.key.data), j.transform])).toEqual(expectedJournal);
      expect(parent.read(urefKey(u(0)))).toEqual(v(77));
      expect(parent.read(urefKey(u(1)))).toEqual(v(101));
      expect(parent.read(urefKey(u(200)))).toBeUndefined();
      for (let i = 2; i < parentWrites; i++) expect(parent.read(urefKey(u(i)))).toEqual(v(i));
      for (let i = 0; i < childWrites; i++) expect(parent.read(urefKey(u(150 - i)))).toEqual(v(i + 1));
      const keys = new Set([...Array(parentWrites).keys(), 1, 0, 200, ...Array.from({ length: childWrites }, (_, i) => 150 - i)]);
      expect(parent.writes.size).toBe(keys.size);
      parent.commitTo(state);
      expect(state.read(urefKey(u(200)))).toBeUndefined();
      expect(state.read(urefKey(u(0)))).toEqual(v(77));
    }
  });

  it("add: wrapping integer addition in the stored type, named keys onto an account, errors otherwise", () => {
    const state = new GlobalState();
    const max512 = (1n << 512n) - 1n;
    state.put(urefKey(u(1)), { kind: "CLValue", value: clv.u512(max512) });
    state.put(urefKey(u(2)), { kind: "CLValue", value: clv.i32(-5) });
    state.put(urefKey(u(3)), { kind: "CLValue", value: clv.string("x") });
    const acct = createAccount(new Uint8Array(32).fill(9), u(4));
    state.put(accountKey(acct.accountHash), { kind: "Account", account: acct });
    const tc = new TrackingCopy(state);
    tc.add(urefKey(u(1)), { kind: "CLValue", value: clv.u512(2n) });
    expect(tc.read(urefKey(u(1)))).toEqual({ kind: "CLValue", value: clv.u512(1n) });
    tc.add(urefKey(u(2)), { kind: "CLValue", value: clv.i32(3) });
    expect(tc.read(urefKey(u(2)))).toEqual({ kind: "CLValue", value: clv.i32(-2) });
    tc.add(accountKey(acct.accountHash), { kind: "CLValue", value: namedKeyCLValue("k", urefKey(u(5))) });
    const a = tc.read(accountKey(acct.accountHash));
    expect(a?.kind === "Account" && [...a.account.namedKeys.keys()]).toEqual(["k"]);
    expect(tc.journal.map((j) => j.transform)).toEqual(["AddUInt512", "AddInt32", "AddKeys"]);
    expect(() => tc.add(urefKey(u(3)), { kind: "CLValue", value: clv.u512(1n) })).toThrow(AddError);
    expect(() => tc.add(urefKey(u(3)), { kind: "CLValue", value: clv.u512(1n) })).toThrow(/expected integral type, found String/);
    expect(() => tc.add(urefKey(u(8)), { kind: "CLValue", value: clv.u512(1n) })).toThrow(/not found/);
    expect(() => tc.add(urefKey(u(1)), { kind: "CLValue", value: clv.string("no") })).toThrow(/found String/);
  });

  it("snapshots are copy-on-write: later commits do not leak into them", () => {
    const state = new GlobalState();
    state.put(urefKey(u(1)), { kind: "CLValue", value: clv.u8(1) });
    const s = state.snapshot();
    const root = hex(state.rootHash);
    state.put(urefKey(u(1)), { kind: "CLValue", value: clv.u8(2) });
    state.put(urefKey(u(2)), { kind: "CLValue", value: clv.u8(3) });
    expect(s.entries.size).toBe(1);
    state.restore(s);
    expect(state.read(urefKey(u(1)))).toEqual({ kind: "CLValue", value: clv.u8(1) });
    expect(state.read(urefKey(u(2)))).toBeUndefined();
    expect(hex(state.rootHash)).toBe(root);
  });
});
