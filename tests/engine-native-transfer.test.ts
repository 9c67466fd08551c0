// A native transfer's bad arguments on both protocols, side by side. 1.5.8 (engine_state/mod.rs
// `transfer`, TransferRuntimeArgsBuilder of execution_engine/src/core/engine_state/
// executable_deploy_item.rs): each is a revert with an ApiError, and the transfer cost is charged.
// 2.0 (storage/src/global_state/state/mod.rs `transfer`, storage/src/system/transfer.rs): each is a
// TransferError, worded by its Display, with no effect but the processing hold written and pruned
// and the mint lane's cost paid; `id` may be left out. Built as DeployItems, so the arguments are
// exactly what a client could send.
import { describe, expect, it } from "vitest";
import { CLT } from "../host/bytesrepr/cl-type.ts";
import { type CLValue, clv } from "../host/bytesrepr/cl-value.ts";
import { hashKey, parseURef } from "../host/bytesrepr/key.ts";
import type { NamedArg } from "../host/bytesrepr/runtime-args.ts";
import { ByteWriter } from "../host/bytesrepr/writer.ts";
import type { DeployItem } from "../host/engine/deploy-item.ts";
import { Engine } from "../host/engine/engine.ts";

const CSPR = 1_000_000_000n;
const TRANSFER_COST = 100_000_000n; // 1.5.8 wasmless_transfer_cost; 2.0 mint_costs.transfer
let nonce = 0;

function transferItem(engine: Engine, args: NamedArg[]): DeployItem {
  const alice = engine.key("alice").accountHash;
  const hash = new Uint8Array(32);
  hash[0] = 0xfe;
  new DataView(hash.buffer).setUint32(28, ++nonce);
  return {
    address: alice,
    authorizationKeys: new Set([Buffer.from(alice).toString("hex")]),
    payment: { kind: "ModuleBytes", moduleBytes: new Uint8Array(0), args: [{ name: "amount", value: clv.u512(TRANSFER_COST) }] },
    session: { kind: "Transfer", args },
    deployHash: hash,
    gasPrice: 1n,
  };
}

const u64 = (n: bigint) => new ByteWriter(8).u64(n).toBytes();
const someId = (n: bigint): CLValue => clv.option(CLT.U64, u64(n));
const arg = (name: string, value: CLValue): NamedArg => ({ name, value });

describe.each(["1.5.8", "2.0.0"] as const)("native transfer arguments (protocol %s)", (protocol) => {
  const fresh = () => {
    const engine = new Engine({ protocol });
    const bob = engine.key("bob").accountHash;
    return { engine, bob, amount: arg("amount", clv.u512(10n * CSPR)), toBob: arg("target", clv.byteArray(bob)) };
  };

  /** Runs the item; checks only the cost left alice and nothing else changed but the fee. */
  function failing(engine: Engine, args: NamedArg[]) {
    const before = { alice: engine.balance("alice"), bob: engine.balance("bob"), proposer: engine.balance("proposer") };
    const r = engine.execute(transferItem(engine, args));
    expect(r.success).toBe(false);
    expect(r.precondition).toBe(false);
    expect(engine.balance("alice")).toBe(before.alice - TRANSFER_COST);
    expect(engine.balance("bob")).toBe(before.bob);
    expect(engine.balance("proposer")).toBe(before.proposer + TRANSFER_COST);
    expect(r.transfers).toEqual([]);
    if (protocol === "2.0.0") {
      // the lane left nothing: the hold (written, pruned) and the fee's two balance changes
      expect(r.journal.map((j) => `${j.transform} ${j.key.tag}`)).toEqual(["Write 22", "Prune 22", "Write 6", "AddUInt512 6"]);
      expect([r.gas, r.reportedCost, r.refund]).toEqual([TRANSFER_COST, TRANSFER_COST, 0n]);
    }
    return r.error!;
  }

  it("no target, or a target of a type it cannot be", () => {
    const { engine, amount } = fresh();
    const missing = failing(engine, [amount, arg("id", someId(1n))]);
    const wrongType = failing(engine, [amount, arg("target", clv.string("bob")), arg("id", someId(1n))]);
    if (protocol === "1.5.8") {
      expect(missing.message).toBe("ApiError::MissingArgument [2]");
      expect(wrongType.message).toBe("ApiError::InvalidArgument [3]");
    } else {
      expect([missing.kind, missing.message]).toEqual(["Transfer", "Missing argument"]);
      expect(wrongType.message).toBe("Invalid argument");
    }
  });

  it("a Key target that is no account, a URef target that is no purse", () => {
    const { engine, amount } = fresh();
    const contractKey = hashKey(new Uint8Array(32).fill(7));
    const notAccount = failing(engine, [amount, arg("target", clv.key(contractKey)), arg("id", someId(1n))]);
    const notPurse = failing(engine, [amount, arg("target", clv.uref({ addr: new Uint8Array(32).fill(9), rights: 7 })), arg("id", someId(1n))]);
    if (protocol === "1.5.8") {
      expect(notAccount.message).toBe("ApiError::Transfer [14]");
      expect(notPurse.message).toBe("ApiError::InvalidPurse [12]");
    } else {
      // TransferError::UnexpectedKeyVariant(Key): "Invalid key {Key's Display}"
      expect(notAccount.message).toBe(`Invalid key Key::Hash(${"07".repeat(32)})`);
      expect(notPurse.message).toBe("Invalid purse");
    }
  });

  it("a source the account does not hold, or the target purse itself", () => {
    const { engine, amount, toBob } = fresh();
    const forgedAddr = new Uint8Array(32).fill(5);
    const forged = failing(engine, [arg("source", clv.uref({ addr: forgedAddr, rights: 7 })), toBob, amount, arg("id", someId(1n))]);
    const main = parseURef(engine.account("alice").mainPurse);
    const same = failing(engine, [arg("target", clv.uref(main)), amount, arg("id", someId(1n))]);
    expect(forged.message).toBe(`Forged reference: URef(${"05".repeat(32)}, READ_ADD_WRITE)`);
    expect(same.message).toBe(protocol === "1.5.8" ? "ApiError::InvalidPurse [12]" : "Invalid purse");
  });

  it("the id: 1.5.8 requires an Option<u64>; 2.0 reads a missing one as None, and names the type it got", () => {
    const { engine, amount, toBob } = fresh();
    const wrongType = failing(engine, [amount, toBob, arg("id", clv.u64(1n))]);
    expect(wrongType.message).toBe(protocol === "1.5.8" ? "ApiError::CLTypeMismatch [16]" : "Type mismatch: Expected Option(U64) but found U64.");
    const before = engine.balance("bob");
    const noId = engine.execute(transferItem(engine, [amount, toBob]));
    if (protocol === "1.5.8") {
      expect(noId.error?.message).toBe("ApiError::MissingArgument [2]");
      expect(engine.balance("bob")).toBe(before);
    } else {
      noId.expectSuccess();
      expect(engine.balance("bob")).toBe(before + 10n * CSPR);
      expect(noId.transfers[0]).toMatchObject({ amount: 10n * CSPR, id: undefined, gas: TRANSFER_COST });
    }
  });
});
