// The local node's JSON-RPC protocol, driven by casper-js-sdk's own RpcClient (and raw HTTP where the
// SDK cannot send the bad input): every method's result parses unchanged in the SDK; the envelope
// errors, casper-node's error codes and messages; the node keeps serving after each bad request.
// The node runs on the local engine (host/), so what it answers is what the engine executed and holds.
import { blake2b } from "@noble/hashes/blake2b";
import sdk from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../host/node/rpc-server.ts";
import { CHAIN, dictionarySession, ED_KEY, jsonCopy, NOW, OTHER_KEY, SECP_KEY, sessionDeploy, transferDeploy, WASM, args, plan } from "./helpers/node-deploys.ts";
import { rawCall, rawPost, rpcError, startTestNode, type TestNode } from "./helpers/node-server.ts";
import { buildSessionWasm, buildTransfer } from "../scripts/cli/build-signed.ts";

const { RpcClient, HttpHandler, PurseIdentifier, EntityIdentifier, Transaction } = sdk;

let t: TestNode;
let rpc: InstanceType<typeof RpcClient>;
const purseOwner = ED_KEY.publicKey;
const GENESIS_BALANCE = 1_000_000_000_000n;

beforeAll(async () => {
  t = await startTestNode([
    { publicKeyHex: ED_KEY.publicKey.toHex(), balance: GENESIS_BALANCE },
    { publicKeyHex: SECP_KEY.publicKey.toHex(), balance: GENESIS_BALANCE },
  ]);
  rpc = new RpcClient(new HttpHandler(t.url, "fetch"));
});

afterAll(async () => t.close());

async function stillServing() {
  const status = await rpc.getStatus();
  expect(status.chainSpecName).toBe(CHAIN);
}

describe("results casper-js-sdk parses unchanged", () => {
  it("info_get_status", async () => {
    const s = await rpc.getStatus();
    expect(s.apiVersion).toBe("2.0.0");
    expect(s.chainSpecName).toBe(CHAIN);
    expect(s.lastAddedBlockInfo.height).toBe(t.node.chain.height);
    expect(s.startingStateRootHash).toBe(t.backend.genesisStateRootHash());
  });

  it("chain_get_block and chain_get_state_root_hash (latest, by height, by hash)", async () => {
    const latest = await rpc.getLatestBlock();
    expect(latest.block.height).toBe(t.node.chain.height);
    const genesis = await rpc.getBlockByHeight(0);
    expect(genesis.block.hash.toHex()).toBe(t.node.chain.genesis().hash);
    expect((await rpc.getBlockByHash(genesis.block.hash.toHex())).block.height).toBe(0);
    expect((await rpc.getStateRootHashByHeight(0)).stateRootHash.toHex()).toBe(t.backend.genesisStateRootHash());
  });

  it("info_get_chainspec: the chainspec TOML names the chain", async () => {
    const c = await rpc.getChainspec();
    const toml = Buffer.from(c.chainspecBytes.chainspecBytes!, "hex").toString("utf8");
    expect(toml).toContain(`name = '${CHAIN}'`);
    expect(toml).toContain("max_deploy_size = 1048576");
  });

  it("account_put_deploy, then info_get_deploy and info_get_transaction read it back with its block", async () => {
    const signed = sessionDeploy();
    if (signed.kind !== "deploy") throw new Error("deploy expected");
    const put = await rpc.putDeploy(signed.deploy);
    expect(put.deployHash.toHex()).toBe(signed.hash);
    const got = await rpc.getDeploy(signed.hash);
    expect(got.deploy.hash.toHex()).toBe(signed.hash);
    expect(got.executionInfo?.blockHeight).toBe(t.node.chain.height);
    expect(got.executionInfo?.executionResult.errorMessage ?? null).toBeNull();
    const block = await rpc.getBlockByHeight(got.executionInfo!.blockHeight);
    expect(block.block.hash.toHex()).toBe(got.executionInfo!.blockHash.toHex());
    const asTx = await rpc.getTransactionByDeployHash(signed.hash);
    expect(asTx.transaction.hash.toHex()).toBe(signed.hash);
    // The engine ran it: the block's state root is the engine's state after it.
    expect(block.block.stateRootHash.toHex()).toBe(t.backend.latestStateRootHash());
    expect(BigInt(got.executionInfo!.executionResult.consumed)).toBeGreaterThan(0n);
  });

  it("account_put_transaction and info_get_transaction for a TransactionV1", async () => {
    const signed = buildSessionWasm(plan({ transaction: true }), WASM, args());
    if (signed.kind !== "transaction") throw new Error("transaction expected");
    const put = await rpc.putTransaction(Transaction.fromTransactionV1(signed.transaction));
    expect(put.transactionHash.toHex()).toBe(signed.hash);
    const got = await rpc.getTransactionByTransactionHash(signed.hash);
    expect(got.transaction.hash.toHex()).toBe(signed.hash);
    expect(got.executionInfo?.blockHeight).toBe(t.node.chain.height);
  });

  it("state_get_account_info, state_get_entity, query_global_state, query_balance, state_get_balance", async () => {
    const account = await rpc.getAccountInfo(null, { publicKey: purseOwner } as never);
    expect(account.account.accountHash.toPrefixedString()).toBe(purseOwner.accountHash().toPrefixedString());
    // 2.0 answers a legacy account as {"Account": …} (casper-sidecar rpcs/common.rs EntityWithBackwardCompat);
    // casper-js-sdk 5.0.12 reads only "LegacyAccount" (an older 2.0 RC's name): it parses the answer, finds no account
    const entity = await rpc.getLatestEntity(EntityIdentifier.fromPublicKey(purseOwner));
    expect(entity.entity.legacyAccount).toBeUndefined();
    expect(entity.rawJSON.entity.Account.main_purse).toBe(account.account.mainPurse.toPrefixedString());
    const state = await rpc.queryLatestGlobalState(purseOwner.accountHash().toPrefixedString(), []);
    expect(state.storedValue.account?.accountHash.toPrefixedString()).toBe(purseOwner.accountHash().toPrefixedString());
    // the deploys above were paid from this purse; at genesis it held exactly what the config says
    const balance = await rpc.queryLatestBalance(PurseIdentifier.fromPublicKey(purseOwner));
    expect(BigInt(balance.balance.toString())).toBeLessThan(GENESIS_BALANCE);
    expect(BigInt(balance.balance.toString())).toBe(t.backend.engine.balance(purseOwner.toHex()));
    const byPurse = await rpc.getLatestBalance(account.account.mainPurse.toPrefixedString());
    expect(byPurse.balanceValue.toString()).toBe(balance.balance.toString());
    const atGenesis = await rawCall(t.url, "query_balance", { state_identifier: { BlockHeight: 0 }, purse_identifier: { main_purse_under_public_key: purseOwner.toHex() } });
    expect(atGenesis.body.result.balance).toBe(String(GENESIS_BALANCE));
  });

  it("state_get_dictionary_item: the node derives the dictionary key as blake2b256(seed URef address ‖ item key)", async () => {
    const made = buildSessionWasm(plan({ keys: [SECP_KEY] }), dictionarySession(), args());
    if (made.kind !== "deploy") throw new Error("deploy expected");
    await rpc.putDeploy(made.deploy);
    expect((await rpc.getDeploy(made.hash)).executionInfo?.executionResult.errorMessage ?? null).toBeNull();
    const account = await rpc.getAccountInfo(null, { publicKey: SECP_KEY.publicKey } as never);
    const seedUref = account.account.namedKeys.find((k) => k.name === "dict")!.key.toPrefixedString();
    const seed = seedUref.slice("uref-".length, "uref-".length + 64);
    const expectedKey = `dictionary-${Buffer.from(blake2b(Buffer.concat([Buffer.from(seed, "hex"), Buffer.from("alice")]), { dkLen: 32 })).toString("hex")}`;
    const byUref = await rpc.getDictionaryItem(null, seedUref, "alice");
    expect(byUref.dictionaryKey).toBe(expectedKey);
    expect(byUref.storedValue.clValue?.toString()).toBe("5");
    const byNamedKey = await rpc.getDictionaryItemByIdentifier(null, new sdk.ParamDictionaryIdentifier(
      new sdk.AccountNamedKey(SECP_KEY.publicKey.accountHash().toPrefixedString(), "dict", "alice"),
    ));
    expect(byNamedKey.dictionaryKey).toBe(expectedKey);
  });
});

describe("deploys are never executed twice", () => {
  it("the same deploy sent again is acknowledged and not executed again", async () => {
    const signed = transferDeploy();
    if (signed.kind !== "deploy") throw new Error("deploy expected");
    await rpc.putDeploy(signed.deploy);
    const height = t.node.chain.height;
    const root = t.backend.latestStateRootHash();
    const received = (await rpc.queryLatestBalance(PurseIdentifier.fromPublicKey(OTHER_KEY.publicKey))).balance.toString();
    expect(received).toBe("2500000000");
    const again = await rpc.putDeploy(signed.deploy);
    expect(again.deployHash.toHex()).toBe(signed.hash);
    expect(t.node.chain.height).toBe(height);
    expect(t.backend.latestStateRootHash()).toBe(root);
    expect((await rpc.queryLatestBalance(PurseIdentifier.fromPublicKey(OTHER_KEY.publicKey))).balance.toString()).toBe(received);
  });
});

describe("refused with casper-node's codes; the node keeps serving", () => {
  it("a tampered deploy: -32008 Invalid Deploy, with the acceptor's reason", async () => {
    const json = jsonCopy(sessionDeploy({ keys: [SECP_KEY] }).json) as any;
    json.session.ModuleBytes.args[0][1].bytes = "0900000000000000";
    const answer = await rawCall(t.url, "account_put_deploy", { deploy: json });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32008, message: "Invalid Deploy", data: "invalid deploy: the provided body hash does not match the actual hash of the body" },
    });
    await stillServing();
  });

  it("a deploy for another chain, through the SDK: -32008 naming both chains", async () => {
    const signed = sessionDeploy({ chainName: "casper-test" });
    if (signed.kind !== "deploy") throw new Error("deploy expected");
    const error = await rpcError(() => rpc.putDeploy(signed.deploy));
    expect(error).toEqual({ code: -32008, message: "Invalid Deploy", data: `invalid deploy: invalid chain name: expected ${CHAIN}, got casper-test` });
    await stillServing();
  });

  it("an expired deploy: -32008 with the expiry and the node's time", async () => {
    const signed = sessionDeploy({ timestamp: new Date(NOW.getTime() - 3_600_000) });
    if (signed.kind !== "deploy") throw new Error("deploy expected");
    const error = await rpcError(() => rpc.putDeploy(signed.deploy));
    expect(error.code).toBe(-32008);
    expect(error.data).toBe("deploy received by the node expired at 2025-06-01T11:30:00.000Z with node's time at 2025-06-01T12:00:01.000Z");
    await stillServing();
  });

  it("a failed state check (the engine's verdict) names the state root and block it was made at", async () => {
    // ED_KEY's account, signed by a key that is not one of its associated keys
    const signed = sessionDeploy({ keys: [OTHER_KEY], initiator: ED_KEY.publicKey, timestamp: new Date(NOW.getTime() + 5) });
    if (signed.kind !== "deploy") throw new Error("deploy expected");
    const tip = t.node.chain.latest();
    const error = await rpcError(() => rpc.putDeploy(signed.deploy));
    expect(error).toEqual({
      code: -32008,
      message: "Invalid Deploy",
      data: `account authorization invalid at state root hash ${tip.stateRootHash} of block ${tip.hash} at height ${tip.height}`,
    });
    expect(t.node.chain.height).toBe(tip.height);
  });

  it("a tampered TransactionV1: -32016 Invalid transaction", async () => {
    const json = jsonCopy(buildTransfer(plan({ transaction: true, paymentMotes: 100_000_000n }), OTHER_KEY.publicKey, 3_000_000_000n).json) as any;
    json.payload.ttl = "31m";
    const answer = await rawCall(t.url, "account_put_transaction", { transaction: { Version1: json } });
    expect(answer.body.error).toEqual({
      code: -32016,
      message: "Invalid transaction",
      data: "invalid transaction: the provided hash does not match the actual hash of the transaction",
    });
  });

  it("unknown deploy, transaction and block: -32000, -32014, -32001", async () => {
    const missing = "ab".repeat(32);
    // the sidecar prints the hash as casper-types' Display does (Digest: first and last 4 hex digits)
    expect(await rpcError(() => rpc.getDeploy(missing))).toEqual({ code: -32000, message: "No such deploy", data: "no deploy for hash deploy-hash(abab..abab)" });
    expect(await rpcError(() => rpc.getTransactionByTransactionHash(missing))).toEqual({
      code: -32014, message: "No such transaction", data: "no transaction for hash transaction-v1-hash(abab..abab)",
    });
    const block = await rpcError(() => rpc.getBlockByHeight(10_000));
    expect(block.code).toBe(-32001);
    expect(block.message).toBe("No such block");
    expect(block.data).toEqual({ message: "no block found for the provided identifier", available_block_range: { low: 0, high: t.node.chain.height } });
  });

  it("queries: unparsable key -32602, missing value -32003, unknown state root -32012, unknown account -32009", async () => {
    // the 2.0 sidecar reads `key` as a casper-types Key: a bad one fails the params
    expect((await rawCall(t.url, "query_global_state", { key: "nonsense-key", path: [] })).body.error.code).toBe(-32602);
    const missing = await rpcError(() => rpc.queryLatestGlobalState(`hash-${"cd".repeat(32)}`, []));
    expect(missing).toEqual({ code: -32003, message: "Query failed", data: "value was not found in the global state" });
    const root = await rawCall(t.url, "query_global_state", { state_identifier: { StateRootHash: "ef".repeat(32) }, key: `hash-${"cd".repeat(32)}` });
    expect(root.body.error).toEqual({ code: -32012, message: "No such state root", data: "request for global state item has failed: could not find the provided state root hash" });
    const nobody = sdk.PrivateKey.fromHex("44".repeat(32), sdk.KeyAlgorithm.ED25519).publicKey;
    const account = await rpcError(() => rpc.getAccountInfo(null, { publicKey: nobody } as never));
    expect(account).toEqual({ code: -32009, message: "No such account", data: "the requested account was not found" });
    await stillServing();
  });
});

describe("the JSON-RPC envelope, as casper-json-rpc answers it", () => {
  it("malformed JSON: -32700 Parse error with id null", async () => {
    const answer = await rawPost(t.url, '{"jsonrpc":"2.0","id":1,"method":');
    expect(answer.status).toBe(200);
    expect(answer.body.id).toBeNull();
    expect(answer.body.error.code).toBe(-32700);
    expect(answer.body.error.message).toBe("Parse error");
    expect(typeof answer.body.error.data).toBe("string");
    await stillServing();
  });

  it("a batch or a scalar body: -32700, casper-node takes one request object", async () => {
    expect((await rawPost(t.url, "[]")).body.error).toEqual({ code: -32700, message: "Parse error", data: "invalid type: sequence, expected a map" });
    expect((await rawPost(t.url, "42")).body.error.code).toBe(-32700);
  });

  it("invalid requests: -32600 Invalid Request with the reason", async () => {
    const cases: [unknown, string][] = [
      [{ id: 1, method: "info_get_status" }, "Missing 'jsonrpc' field"],
      [{ jsonrpc: "1.0", id: 1, method: "info_get_status" }, "Expected 'jsonrpc' to be '2.0', but got '1.0'"],
      [{ jsonrpc: 2, id: 1, method: "info_get_status" }, "Expected 'jsonrpc' to be a String with value '2.0', but got a Number '2'"],
      [{ jsonrpc: "2.0", id: 1 }, "Missing 'method' field"],
      [{ jsonrpc: "2.0", id: 1, method: 7 }, "Expected 'method' to be a String"],
      [{ jsonrpc: "2.0", id: 1, method: "info_get_status", params: "x" }, "If present, 'params' must be an Array or Object, but was a String"],
      [{ jsonrpc: "2.0", id: true, method: "info_get_status" }, "'id' should be a string or integer"],
      [{ jsonrpc: "2.0", id: 1.5, method: "info_get_status" }, "'id' must not contain fractional parts if it is a number"],
    ];
    for (const [request, data] of cases) {
      const answer = await rawPost(t.url, request);
      expect(answer.body.error, JSON.stringify(request)).toEqual({ code: -32600, message: "Invalid Request", data });
    }
    await stillServing();
  });

  it("a request without an id: HTTP 400 with the node's message", async () => {
    const answer = await rawPost(t.url, { jsonrpc: "2.0", method: "info_get_status" });
    expect(answer).toEqual({ status: 400, body: { message: "The request is missing the 'id' field" } });
  });

  it("unknown method: -32601 Method not found, naming it", async () => {
    const answer = await rawCall(t.url, "info_get_everything", [], "abc");
    expect(answer.body).toEqual({
      jsonrpc: "2.0",
      id: "abc",
      error: { code: -32601, message: "Method not found", data: "'info_get_everything' is not a supported json-rpc method on this server" },
    });
    await stillServing();
  });

  it("invalid params: -32602 Invalid params, as the node words it", async () => {
    const expectInvalid = async (method: string, params: unknown, data: string) => {
      const answer = await rawCall(t.url, method, params);
      expect(answer.body.error, `${method} ${JSON.stringify(params)}`).toEqual({ code: -32602, message: "Invalid params", data });
    };
    await expectInvalid("account_put_deploy", {}, "Failed to parse 'params' field: missing field `deploy`");
    await expectInvalid("account_put_deploy", { deploy: {}, extra: 1 }, "Failed to parse 'params' field: unknown field `extra`, expected `deploy`");
    await expectInvalid("account_put_deploy", { deploy: { hash: "00" } }, "Failed to parse 'params' field: deploy.header: missing");
    await expectInvalid("info_get_status", [1], "'params' field should be an empty Array '[]', an empty Object '{}' or absent");
    await expectInvalid("info_get_deploy", { deploy_hash: "xyz" }, 'Failed to parse \'params\' field: deploy_hash: expected a 32-byte hex digest, got "xyz"');
    await expectInvalid("chain_get_block", { block_identifier: { Era: 1 } }, 'Failed to parse \'params\' field: block_identifier: unknown variant "Era", expected one of `Hash`, `Height`');
    const missing = await rawPost(t.url, { jsonrpc: "2.0", id: 1, method: "account_put_deploy" });
    expect(missing.body.error).toEqual({ code: -32602, message: "Invalid params", data: "Missing 'params' field" });
    await stillServing();
  });

  it("positional params work like named ones", async () => {
    const byName = await rawCall(t.url, "chain_get_state_root_hash", { block_identifier: { Height: 0 } });
    const byPosition = await rawCall(t.url, "chain_get_state_root_hash", [{ Height: 0 }]);
    expect(byPosition.body.result).toEqual(byName.body.result);
  });

  it("HTTP-level refusals: wrong path, wrong method, missing or wrong content type, body too large", async () => {
    const base = t.url.replace(/\/rpc$/, "");
    expect((await fetch(`${base}/nope`, { method: "POST" })).status).toBe(404);
    const get = await fetch(t.url);
    expect(get.status).toBe(405);
    expect(await rawPost(t.url, "{}", null)).toEqual({ status: 400, body: { message: "The request's content-type is not set" } });
    expect(await rawPost(t.url, "{}", "text/plain")).toEqual({ status: 415, body: { message: "The request's content-type is not supported" } });
    const huge = await rawPost(t.url, `"${"a".repeat(MAX_BODY_BYTES)}"`);
    expect(huge).toEqual({ status: 413, body: { message: `The request payload exceeds the maximum allowed of ${MAX_BODY_BYTES} bytes` } });
    await stillServing();
  });
});

describe("a known deploy hash is no pass", () => {
  it("an executed deploy resent with a forged approval is still refused", async () => {
    const signed = sessionDeploy({ keys: [SECP_KEY] });
    if (signed.kind !== "deploy") throw new Error("deploy expected");
    await rpc.putDeploy(signed.deploy);
    const forged = jsonCopy(signed.json) as any;
    forged.approvals[0].signature = (sessionDeploy().json as any).approvals[0].signature;
    const answer = await rawCall(t.url, "account_put_deploy", { deploy: forged });
    expect(answer.body.error.code).toBe(-32008);
    expect(answer.body.error.data).toMatch(/the approval at index 0 is invalid/);
  });
});
