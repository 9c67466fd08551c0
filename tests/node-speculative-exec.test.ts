// speculative_exec and speculative_exec_txn, as a 2.0 node runs them (casper-node 2.0 binary_port.rs
// TrySpeculativeExec, contract_runtime/operations.rs speculatively_execute; errors as casper-sidecar
// feat-2.0 rpcs/speculative_exec.rs gives them): the acceptor's checks, then the session alone on the
// tip's state. The dry run reports the same outcome and gas as executing the same deploy for real,
// and changes nothing: state root hash, balances, height and the record of executed deploys are the
// same before and after.
import sdk from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContractCall, buildNativeDelegate, buildSessionWasm, buildTransfer, type Signed } from "../scripts/cli/build-signed.ts";
import { engineErrorDebug } from "../host/node/engine-error-debug.ts";
import { sidecarRejection } from "../host/node/rpc/sidecar-rejections.ts";
import { AuctionError, MintError, apiError } from "../host/runtime/api-error.ts";
import { ExecError, execErrors } from "../host/runtime/errors.ts";
import { Data, module } from "./helpers/engine-wat.ts";
import { ED_KEY, OTHER_KEY, SECP_KEY, WASM, args, jsonCopy } from "./helpers/node-deploys.ts";
import { CSPR, buildHistory, fresh, revertingSession, type History } from "./helpers/node-history.ts";
import { rawCall, rpcResult } from "./helpers/node-server.ts";

const { Args, CLValue } = sdk;

let h: History;
beforeAll(async () => {
  h = await buildHistory();
}, 120_000);
afterAll(async () => h?.t.close());

const url = () => h.t.url;

/** What a dry run must leave alone. */
async function snapshot() {
  const purses = [ED_KEY, OTHER_KEY, SECP_KEY].map((k) => k.publicKey.toHex()).concat(h.validator);
  const balances: Record<string, string> = {};
  for (const pk of purses) {
    const answer = await rawCall(url(), "query_balance", { purse_identifier: { main_purse_under_public_key: pk } });
    balances[pk] = answer.body.result?.balance ?? "none";
  }
  return {
    root: (await rpcResult(url(), "chain_get_state_root_hash")).state_root_hash,
    height: (await rpcResult(url(), "info_get_status")).last_added_block_info.height,
    engineRoot: h.t.backend.engine.stateRootHash(),
    balances,
  };
}

async function speculate(signed: Signed, method: "speculative_exec" | "speculative_exec_txn" = "speculative_exec") {
  const params = method === "speculative_exec" ? { deploy: signed.json } : { transaction: { Deploy: signed.json } };
  return (await rpcResult(url(), method, params)).execution_result;
}

async function execute(signed: Signed) {
  await rpcResult(url(), "account_put_deploy", { deploy: signed.json });
  return (await rpcResult(url(), "info_get_deploy", { deploy_hash: signed.hash })).execution_info.execution_result.Version2;
}

/** A session that stores a 3,000-byte value: more storage gas (2.0: 1,117,587 a byte) than 3 CSPR buys. */
function storageHeavySession(): Uint8Array {
  const d = new Data();
  const body = new Uint8Array(4 + 4 + 3000 + 2);
  const view = new DataView(body.buffer);
  view.setUint32(0, 4 + 3000, true); // the CLValue's bytes: a List<U8> of 3000
  view.setUint32(4, 3000, true);
  body.set([14, 3], 8 + 3000); // CLType List(U8)
  const value = d.bytes(body);
  return module({
    imports: ["casper_new_uref"],
    data: d,
    body: `(func (export "call") (call $casper_new_uref (i32.const 100) (i32.const ${value.ptr}) (i32.const ${value.len})))`,
  });
}

/** A session that stores casper_get_blocktime under the named key "t" (a U64 CLValue). */
function blocktimeSession(): Uint8Array {
  const d = new Data();
  const name = d.string("t");
  return module({
    imports: ["casper_get_blocktime", "casper_new_uref", "casper_put_key"],
    data: d,
    body: `(func (export "call")
      (call $casper_get_blocktime (i32.const 300))
      ;; a U64 CLValue at 200: u32 length 8, the 8 bytes, tag 5
      (i32.store (i32.const 200) (i32.const 8))
      (i64.store (i32.const 204) (i64.load (i32.const 300)))
      (i32.store8 (i32.const 212) (i32.const 5))
      (call $casper_new_uref (i32.const 100) (i32.const 200) (i32.const 13))
      (i32.store8 (i32.const 99) (i32.const 2))
      (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 99) (i32.const 34)))`,
  });
}

describe("a dry run gives what executing gives, and changes nothing", () => {
  const cases: [string, () => Signed, (spec: any, real: any) => void][] = [
    ["a session wasm", () => buildSessionWasm(fresh(), WASM, args()), (spec) => expect(spec.error).toBeNull()],
    ["a stored contract called by name (keys_manager set_key_weight)", () => buildContractCall(fresh({ paymentMotes: 5n * CSPR }), { by: "name", name: "keys_manager" }, "set_key_weight", Args.fromMap({
      account: CLValue.newCLPublicKey(OTHER_KEY.publicKey),
      weight: CLValue.newCLUint8(1),
    })), (spec) => {
      expect(spec.error).toBeNull();
      // the session's own writes: the account gets the associated key
      expect(spec.effects.some((e: any) => e.key === ED_KEY.publicKey.accountHash().toPrefixedString() && e.kind.Write?.Account)).toBe(true);
    }],
    ["a session that reverts (User error 7)", () => buildSessionWasm(fresh({ paymentMotes: 3n * CSPR }), revertingSession(), Args.fromMap({})), (spec, real) => {
      expect(real.error_message).toBe("User error: 7");
      // Rust's Debug of the engine error (contract_runtime/utils.rs spec_exec_from_wasm_v1_result)
      expect(spec.error).toBe("Exec(Revert(ApiError::User(7) [65543]))");
      expect(spec.effects).toEqual([]);
    }],
    ["a session that runs out of gas", () => buildSessionWasm(fresh({ paymentMotes: 3n * CSPR }), storageHeavySession(), Args.fromMap({})), (spec, real) => {
      expect(real.error_message).toBe("Out of gas error");
      expect(spec.error).toBe("Exec(GasLimit)");
    }],
    ["a native transfer", () => buildTransfer(fresh({ paymentMotes: 100_000_000n }), OTHER_KEY.publicKey, 4n * CSPR, 21), (spec, real) => {
      expect(spec.error).toBeNull();
      expect(spec.transfers).toHaveLength(1);
      const { transaction_hash, ...transfer } = spec.transfers[0].Version2;
      const { transaction_hash: realHash, ...realTransfer } = real.transfers[0].Version2;
      expect(transaction_hash).toEqual(realHash);
      expect(transfer).toEqual(realTransfer);
    }],
  ];

  for (const [name, build, check] of cases) {
    it(name, async () => {
      const signed = build();
      const before = await snapshot();
      const spec = await speculate(signed);
      const again = await speculate(signed, "speculative_exec_txn");
      expect(again).toEqual(spec);
      expect(await snapshot()).toEqual(before);
      // nothing recorded either: the deploy is unknown until it is sent
      expect((await rawCall(url(), "info_get_deploy", { deploy_hash: signed.hash })).body.error.code).toBe(-32000);
      expect(spec.block_hash).toBe((await rpcResult(url(), "chain_get_block")).block_with_signatures.block.Version2.hash);

      const real = await execute(signed);
      expect(spec.consumed).toBe(real.consumed);
      expect(spec.limit).toBe(real.limit);
      expect(spec.error === null).toBe(real.error_message === null);
      expect(spec.messages).toEqual([]);
      check(spec, real);
    });
  }

  it("dry runs and deploys sent together all answer; each dry run names a block of the chain", async () => {
    const puts = Array.from({ length: 4 }, () => buildSessionWasm(fresh(), WASM, args()));
    const dry = Array.from({ length: 4 }, () => buildSessionWasm(fresh(), WASM, args()));
    const answers = await Promise.all([
      ...puts.map((d) => rawCall(url(), "account_put_deploy", { deploy: d.json })),
      ...dry.map((d) => rawCall(url(), "speculative_exec", { deploy: d.json })),
    ]);
    for (const a of answers) expect(a.body.error).toBeUndefined();
    for (const a of answers.slice(puts.length)) expect(h.t.node.chain.withHash(a.body.result.execution_result.block_hash)).toBeDefined();
  });

  it("the session sees the tip's block time plus minimum_block_time (16384 ms in the 2.0 chainspec)", async () => {
    const signed = buildSessionWasm(fresh(), blocktimeSession(), Args.fromMap({}));
    const tip = (await rpcResult(url(), "chain_get_block")).block_with_signatures.block.Version2.header;
    const spec = await speculate(signed);
    expect(spec.error).toBeNull();
    const written = spec.effects.find((e: any) => e.kind.Write?.CLValue?.cl_type === "U64");
    expect(written.kind.Write.CLValue.parsed).toBe(Date.parse(tip.timestamp) + 16_384);
  });
});

describe("refused as the 2.0 sidecar refuses (-32018, the acceptor's reason in the sidecar's words)", () => {
  const failure = (reason: string) => ({
    code: -32018,
    message: "Node request failure",
    data: `request for speculatively executing a transaction has failed: ${reason}`,
  });
  const invalid = (text: string) => failure(`could not execute the provided transaction: ${text}`);

  async function refusal(method: string, params: unknown) {
    const before = await snapshot();
    const answer = await rawCall(url(), method, params);
    expect(await snapshot()).toEqual(before);
    return answer.body.error;
  }

  it("a TransactionV1: 2.0 dry-runs Deploys only (ReceivedV1Transaction), after the acceptor's checks", async () => {
    const v1 = buildNativeDelegate(fresh({ keys: [SECP_KEY], transaction: true }), sdk.PublicKey.fromHex(h.validator), 500n * CSPR);
    expect(await refusal("speculative_exec_txn", { transaction: { Version1: v1.json } })).toEqual(failure("received v1 transaction for speculative execution"));
    const wrongChain = buildSessionWasm(fresh({ chainName: "casper-test", transaction: true }), WASM, args());
    expect(await refusal("speculative_exec_txn", { transaction: { Version1: wrongChain.json } })).toEqual(invalid("The transaction sent to the network had an invalid chain name"));
  });

  it("the same checks as account_put_deploy: hashes, chain name, expiry, signatures, the account and its keys", async () => {
    const tampered = jsonCopy(buildSessionWasm(fresh(), WASM, args()).json) as any;
    tampered.session.ModuleBytes.args[0][1].bytes = "0800000000000000";
    expect(await refusal("speculative_exec", { deploy: tampered })).toEqual(invalid("The deploy had an invalid body hash"));
    const other = buildSessionWasm(fresh({ chainName: "casper-test" }), WASM, args());
    expect(await refusal("speculative_exec", { deploy: other.json })).toEqual(invalid("The deploy had an invalid chain name"));
    const expired = buildSessionWasm(fresh({ timestamp: new Date(Date.UTC(2025, 0, 1)), ttlMs: 60_000 }), WASM, args());
    expect(await refusal("speculative_exec", { deploy: expired.json })).toEqual(invalid("transaction has expired"));
    const strangerKey = sdk.PrivateKey.fromHex("55".repeat(32), sdk.KeyAlgorithm.ED25519); // not a key of ED_KEY's account
    const stranger = buildSessionWasm(fresh({ keys: [strangerKey], initiator: ED_KEY.publicKey }), WASM, args());
    expect(await refusal("speculative_exec", { deploy: stranger.json })).toEqual(invalid("invalid associated keys"));
    const nobody = sdk.PrivateKey.fromHex("77".repeat(32), sdk.KeyAlgorithm.ED25519);
    const unknown = buildSessionWasm(fresh({ keys: [nobody] }), WASM, args());
    expect(await refusal("speculative_exec", { deploy: unknown.json })).toEqual(invalid("no such addressable entity"));
    const noContract = buildContractCall(fresh(), { by: "hash", hash: "12".repeat(32) }, "call", Args.fromMap({}));
    expect(await refusal("speculative_exec_txn", { transaction: { Deploy: noContract.json } })).toEqual(invalid("no such contract at hash"));
  });

  it("bad params: -32602, as serde reads them", async () => {
    expect(await refusal("speculative_exec", {})).toMatchObject({ code: -32602, message: "Invalid params", data: "Failed to parse 'params' field: missing field `deploy`" });
    expect(await refusal("speculative_exec", { deploy: { hash: "00" } })).toMatchObject({ code: -32602, message: "Invalid params" });
    expect(await refusal("speculative_exec_txn", { transaction: { Version2: {} } })).toMatchObject({ code: -32602, message: "Invalid params" });
    expect(await refusal("speculative_exec", { deploy: buildSessionWasm(fresh(), WASM, args()).json, block_identifier: null })).toMatchObject({ code: -32602 });
  });
});

describe("how a dry run words an engine error and a refusal", () => {
  it("engine errors as Rust's Debug prints them (api_error.rs impl Debug, derived Debug of engine_state::Error)", () => {
    expect(engineErrorDebug(ExecError.revert(2))).toBe("Exec(Revert(ApiError::MissingArgument [2]))");
    expect(engineErrorDebug(ExecError.revert(apiError.user(0)))).toBe("Exec(Revert(ApiError::User(0) [65536]))");
    expect(engineErrorDebug(ExecError.revert(apiError.mint(MintError.InsufficientFunds)))).toBe("Exec(Revert(ApiError::Mint(InsufficientFunds) [65024]))");
    expect(engineErrorDebug(ExecError.revert(apiError.auction(AuctionError.DelegationAmountTooSmall)))).toBe("Exec(Revert(ApiError::AuctionError(DelegationAmountTooSmall) [64557]))");
    expect(engineErrorDebug(ExecError.trap("Unreachable"))).toBe('Exec(Interpreter("trap: Code(Unreachable)"))');
    expect(engineErrorDebug(execErrors.gasLimit())).toBe("Exec(GasLimit)");
    expect(engineErrorDebug(execErrors.namedKeyNotFound("counter"))).toBe('Exec(NamedKeyNotFound("counter"))');
  });

  it("the acceptor's refusals in the sidecar's words (node_client.rs InvalidTransactionOrDeploy)", () => {
    expect(sidecarRejection("invalid deploy: insufficient transfer amount; minimum: 2500000000 attempted: 1")).toBe("The deploy sent to the network had an insufficient transfer amount");
    expect(sidecarRejection("insufficient deploy signature weight")).toBe("insufficient signature weight");
    expect(sidecarRejection("insufficient balance in account with hash ab")).toBe("insufficient balance");
    expect(sidecarRejection("invalid transaction: the transaction has empty module bytes")).toBe("The transaction sent to the network had empty module bytes");
    expect(sidecarRejection("something no rule knows")).toBe("The transaction or deploy sent to the network was invalid for an unspecified reason");
  });
});
