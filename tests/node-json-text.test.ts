// host/node/json-text.ts: the stored text of an item whose client JSON was already written out (block
// mode writes a deploy's JSON once, for the pool, the pending item and the executed item) is the text
// toStoredJsonText writes for the whole item, and reads back to the same value.
import { describe, expect, it } from "vitest";
import { fromStoredJsonText, storedJsonTextWithField, toStoredJsonText } from "../host/node/json-text.ts";

describe("storedJsonTextWithField", () => {
  const deployJson = { hash: "ab".repeat(32), header: { account: "01" + "cd".repeat(32), ttl: "30m", dependencies: [] }, approvals: [{ signer: "01", signature: "02" }], session: { Transfer: { args: [["amount", { cl_type: "U512", bytes: "0400e1f505", parsed: "100000000" }]] } } };
  const cases: Record<string, unknown>[] = [
    { kind: "deploy", hash: "ab".repeat(32), json: deployJson },
    { kind: "deploy", hash: "ab", json: deployJson, executionResult: { Version2: { cost: "1", effects: [{ key: "k", kind: { AddUInt512: "5" } }] } }, blockHash: "ef".repeat(32), blockHeight: 7 },
    // fields JSON.stringify leaves out, wherever they are
    { skipped: undefined, kind: "transactionV1", fn: () => 1, json: deployJson, sym: Symbol("s"), blockHash: undefined, n: null },
    // bigints anywhere: the whole goes through the tagging replacer, each field alike
    { kind: "deploy", json: deployJson, executionResult: { limit: 5n, nested: [1n, { x: 2n ** 70n }] }, blockHeight: 3 },
    { json: deployJson },
    { json: { a: 1n } },
    { first: 1, json: "a string", last: [undefined, 2] },
  ];
  it("writes the text toStoredJsonText writes for the whole, and reads back the same value", () => {
    for (const item of cases) {
      const whole = toStoredJsonText(item);
      const built = storedJsonTextWithField(item, "json", toStoredJsonText(item.json));
      expect(built).toBe(whole);
      expect(fromStoredJsonText(built)).toEqual(fromStoredJsonText(whole));
    }
  });
  it("uses the given text for the field (it is not written again)", () => {
    expect(storedJsonTextWithField({ a: 1, json: { b: 2 }, c: 3 }, "json", '{"b":2}')).toBe('{"a":1,"json":{"b":2},"c":3}');
    expect(storedJsonTextWithField({ a: 1, json: { b: 2 } }, "json", '"given"')).toBe('{"a":1,"json":"given"}');
  });
});
