// The hooks gas metering (issue 5) plugs into: every host call, metered write, system contract call
// and instrumented-wasm gas call reaches the phase's Meter; a meter that runs out ends the session
// with the node's out-of-gas error, keeping only the payment.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { execErrors } from "../host/runtime/errors.ts";
import type { Meter } from "../host/runtime/meter.ts";
import { Phase } from "../host/state/address-generator.ts";
import { artifact } from "./helpers/engine-artifacts.ts";

const { CLValue } = sdk;

class CountingMeter implements Meter {
  readonly active = true;
  readonly metersStorage = true;
  used = 0n;
  host: string[] = [];
  storage: number[] = [];
  system: string[] = [];
  wasm = 0n;
  constructor(readonly limit: bigint) {}
  private add(n: bigint) {
    if (this.used + n > this.limit) {
      this.used = this.limit;
      throw execErrors.gasLimit();
    }
    this.used += n;
  }
  chargeWasm(cost: number) {
    this.wasm += BigInt(cost);
    this.add(BigInt(cost));
  }
  chargeHost(name: string) {
    this.host.push(name);
    this.add(1000n);
  }
  chargeStorage(bytes: number) {
    this.storage.push(bytes);
    this.add(BigInt(bytes));
  }
  chargeSystem(contract: string, entryPoint: string) {
    this.system.push(`${contract}.${entryPoint}`);
    this.add(1_000_000n);
  }
  setUsed(used: bigint) {
    this.used = used;
  }
}

describe("meter hooks", () => {
  it("every host call, storage write and wasm gas call reaches the session's meter; the result's gas is its total", () => {
    const meters: CountingMeter[] = [];
    const engine = new Engine({ protocol: "1.5.8", meter: (phase, limit) => {
      const m = new CountingMeter(limit);
      if (phase === Phase.Session) meters.push(m);
      return m;
    } });
    const r = engine.runSession("alice", artifact("keys_manager"), undefined, { payment: 100n * 10n ** 9n }).expectSuccess();
    const m = meters[0];
    expect(m.host).toEqual(r.trace.map((t) => t.name));
    expect(m.wasm).toBeGreaterThan(0n); // the module ran instrumented (env.gas)
    // put_key adds (name, key) to the account; add_contract_version writes wasm, contract and package
    expect(m.storage.length).toBeGreaterThanOrEqual(6);
    expect(r.gas).toBe(m.used);
    // the payment purse paid gas * price; the rest came back at the 1.5.8 ratio
    const paid = 100n * 10n ** 9n;
    expect(r.cost).toBe(paid - ((paid - r.gas) * 99n) / 100n);
  });

  it("system calls made by the code are charged, those a host function makes for it are not", () => {
    let session: CountingMeter | undefined;
    const engine = new Engine({ meter: (phase, limit) => (phase === Phase.Session ? (session = new CountingMeter(limit)) : new CountingMeter(limit)) });
    engine.runSession("alice", artifact("keys_manager"), undefined, { payment: 100n * 10n ** 9n }).expectSuccess();
    engine.callByName("alice", "keys_manager", "set_key_weight", { account: CLValue.newCLPublicKey(engine.key("bob").publicKey), weight: CLValue.newCLUint8(1) }, { payment: 100n * 10n ** 9n }).expectSuccess();
    expect(session!.system).toEqual([]);
    // a native transfer runs no metered code at all
    engine.transfer("alice", "bob", 10n ** 12n).expectSuccess();
  });

  it("running out of gas: the node's error, session effects dropped, payment kept", () => {
    const engine = new Engine({ protocol: "1.5.8", meter: (phase, limit) => new CountingMeter(phase === Phase.Session ? 5_000n : limit) });
    const before = engine.balance("alice");
    const r = engine.runSession("alice", artifact("keys_manager"));
    r.expectError("GasLimit", "Out of gas error");
    expect(engine.account("alice").namedKeys).toEqual({});
    expect(engine.balance("alice")).toBeLessThan(before);
  });
});
