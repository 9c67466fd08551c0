// {{contract}}, a CEP-18 token, on casper-as's local engine: installed by alice with the whole supply, then
// transfers, allowances and the standard's errors, read back from the contract's dictionaries.
import sdk from "casper-js-sdk";
import type { CLValue as SdkCLValue } from "casper-js-sdk";
import { beforeEach, describe, expect, it } from "vitest";
import { CSPR, Engine, readContract } from "casper-as";

const { CLValue, Key } = sdk;
const SUPPLY = 10n ** 18n;

describe("{{contract}}", () => {
  let engine: Engine;
  let token: string; // hash-…

  const account = (name: string) => CLValue.newCLKey(Key.newKey(engine.account(name).accountHash));
  /** the `balances` item of a holder: base64 of its Key's bytes (as Casper's CEP-18 names it) */
  const balanceOf = (name: string): bigint => {
    const item = Buffer.from(account(name).bytes()).toString("base64");
    try {
      return BigInt(engine.dictionaryItem(token, item, "balances").toString());
    } catch (e) {
      if (/no dictionary item/.test(String(e))) return 0n;
      throw e;
    }
  };
  const call = (from: string, entryPoint: string, args: Record<string, SdkCLValue>) => engine.callByHash(from, token, entryPoint, args, { payment: 5n * CSPR });

  beforeEach(() => {
    engine = new Engine();
    engine.runSession("alice", readContract("{{contract}}"), {
      name: CLValue.newCLString("MyToken"),
      symbol: CLValue.newCLString("MTK"),
      decimals: CLValue.newCLUint8(9),
      total_supply: CLValue.newCLUInt256(SUPPLY),
      events_mode: CLValue.newCLUint8(1),
      enable_mint_burn: CLValue.newCLUint8(1),
    }, { payment: 100n * CSPR }).expectSuccess();
    token = engine.account("alice").namedKeys.cep18_contract_hash_MyToken;
  });

  it("gives the installer the supply, and transfers", () => {
    expect(balanceOf("alice")).toBe(SUPPLY);
    call("alice", "transfer", { recipient: account("bob"), amount: CLValue.newCLUInt256(1000n) }).expectSuccess();
    expect(balanceOf("bob")).toBe(1000n);
    expect(balanceOf("alice")).toBe(SUPPLY - 1000n);
  });

  it("moves an approved amount with transfer_from, no more", () => {
    call("alice", "approve", { spender: account("bob"), amount: CLValue.newCLUInt256(500n) }).expectSuccess();
    call("bob", "transfer_from", { owner: account("alice"), recipient: account("carol"), amount: CLValue.newCLUInt256(300n) }).expectSuccess();
    expect(balanceOf("carol")).toBe(300n);
    call("bob", "transfer_from", { owner: account("alice"), recipient: account("carol"), amount: CLValue.newCLUInt256(300n) }).expectRevert(60002, { user: true }); // InsufficientAllowance
  });

  it("refuses to send more than a balance, with the standard's error, naming where", () => {
    const r = call("bob", "transfer", { recipient: account("carol"), amount: CLValue.newCLUInt256(1n) });
    r.expectRevert(60001, { user: true }); // InsufficientBalance
    expect(r.errorSite).toMatch(/^assembly\/contracts\/{{contract}}\.ts:\d+:\d+ in /);
  });
});
