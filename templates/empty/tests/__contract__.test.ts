// {{contract}} on casper-as's local engine: the release wasm the build wrote, as a node runs it.
import { describe, expect, it } from "vitest";
import { Engine, readContract } from "casper-as";

describe("{{contract}}", () => {
  it("installs, and counts its pings", () => {
    const engine = new Engine(); // a fresh local chain: alice, bob, … funded
    engine.runSession("alice", readContract("{{contract}}")).expectSuccess();
    expect(engine.account("alice").namedKeys["{{contract}}"]).toMatch(/^hash-/);
    engine.callByName("alice", "{{contract}}", "ping").expectSuccess();
    const r = engine.callByName("alice", "{{contract}}", "ping").expectSuccess();
    const pings = engine.contract("alice", "{{contract}}").namedKeys.get("pings")!; // the contract under alice's named key
    expect(engine.value(pings).toString()).toBe("2");
    expect(r.gas).toBeGreaterThan(0n);
  });

  it("refuses an entry point it does not have, as a node does", () => {
    const engine = new Engine();
    engine.runSession("alice", readContract("{{contract}}")).expectSuccess();
    engine.callByName("alice", "{{contract}}", "pong").expectError("NoSuchMethod");
  });
});
