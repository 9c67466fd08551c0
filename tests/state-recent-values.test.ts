// The bounded global state's value cache (host/state/recent-values.ts): at most its cap held, what is
// used kept, the newest value of a key the one read, and "known absent" told from "not cached".
import { describe, expect, it } from "vitest";
import { RecentValues } from "../host/state/recent-values.ts";
import type { StoredValue } from "../host/bytesrepr/stored-value.ts";

const value = (n: number): StoredValue => ({ kind: "CLValue", value: { clType: { kind: "U64" }, bytes: new Uint8Array([n, 0, 0, 0, 0, 0, 0, 0]) } }) as StoredValue;

describe("RecentValues", () => {
  it("answers undefined for a key never set, null for a key set as absent, else the value", () => {
    const c = new RecentValues(8);
    expect(c.get("a")).toBeUndefined();
    c.set("a", undefined);
    expect(c.get("a")).toBeNull();
    c.set("b", value(1));
    expect(c.get("b")).toEqual(value(1));
  });

  it("holds at most its cap, dropping what was not used since the generation before", () => {
    const c = new RecentValues(10);
    for (let i = 0; i < 1000; i++) {
      c.set(`k${i}`, value(i & 0xff));
      expect(c.size).toBeLessThanOrEqual(10);
    }
    expect(c.get("k999")).toEqual(value(999 & 0xff));
    expect(c.get("k0")).toBeUndefined();
  });

  it("keeps a key that is read again and again while new keys stream through", () => {
    const c = new RecentValues(10);
    c.set("hot", value(7));
    for (let i = 0; i < 1000; i++) {
      c.set(`cold${i}`, value(1));
      expect(c.get("hot"), `after ${i} cold keys`).toEqual(value(7));
    }
  });

  it("reads the newest value of a key, whichever generation held the older ones", () => {
    const c = new RecentValues(4);
    c.set("x", value(1));
    c.set("y", value(0)); // "x" and "y" fill the first generation
    c.set("x", value(2)); // rewritten in place
    c.set("z", value(0)); // a new generation: "x" (2) is in the older one now
    expect(c.get("x")).toEqual(value(2));
    c.set("x", value(3)); // newest in the recent generation, the older one still holds 2
    c.set("w", value(0));
    c.set("v", value(0)); // another rotation
    expect(c.get("x")).toEqual(value(3));
    c.set("x", undefined); // pruned
    expect(c.get("x")).toBeNull();
  });

  it("forgets everything on clear", () => {
    const c = new RecentValues(4);
    c.set("a", value(1));
    c.clear();
    expect(c.get("a")).toBeUndefined();
    expect(c.size).toBe(0);
  });
});
