// {{contract}} on casper-as's local engine: the release wasm the build wrote, as a node runs it.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { Engine, readContract } from "casper-as";

const { CLValue } = sdk;

describe("{{contract}}", () => {
  it("stores its message under the account's named key", () => {
    const engine = new Engine();
    engine.runSession("alice", readContract("{{contract}}"), { message: CLValue.newCLString("hello, Casper") }).expectSuccess();
    const key = engine.account("alice").namedKeys.message;
    expect(engine.value(key).toString()).toBe("hello, Casper");
  });

  it("without its argument it reverts with MissingArgument, naming the line that asked for it", () => {
    const r = new Engine().runSession("alice", readContract("{{contract}}"));
    r.expectRevert(2); // ApiError::MissingArgument [2], as the node words it
    expect(r.errorSite).toMatch(/^assembly\/contracts\/{{contract}}\.ts:\d+:\d+ in call, calling getNamedArg</);
  });
});
