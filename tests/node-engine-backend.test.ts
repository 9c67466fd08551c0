// The local node's backend on the engine, method by method: genesis from the node's config, block
// time and proposer handed to the engine, reads at past state roots, the acceptor's state checks with
// casper-node's texts, stored values and effects in the node's JSON (checked against casper-js-sdk's
// parsing and bytes and against the engine's own state), execution results (the 2.0 refund rule),
// TransactionV1s of every kind the engine runs, and the system contract registry.
import sdk from "casper-js-sdk";
import type { PrivateKey as SdkPrivateKey } from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clTypeJson, parsedJson } from "../host/node/cl-value-json.ts";
import { auctionValueJson } from "../host/node/auction-json.ts";
import { encodeEraInfo } from "../host/bytesrepr/auction/records.ts";
import { decodeCLType } from "../host/bytesrepr/cl-type.ts";
import { makeDeploy } from "../host/engine/deploys.ts";
import { parseTimestamp } from "../host/bytesrepr/time-format.ts";
import { buildContractCall, buildSessionWasm, buildTransfer, buildUndelegate, buildNativeDelegate, type Signed, type SigningPlan } from "../scripts/cli/build-signed.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { clBytes } from "./helpers/engine-bytes.ts";
import { Data, module } from "./helpers/engine-wat.ts";
import { CHAIN, ED_KEY, NOW, OTHER_KEY, SECP_KEY } from "./helpers/node-deploys.ts";
import { rawCall, startTestNode, type TestNode } from "./helpers/node-server.ts";

const { Args, CLValue, CLTypeString, CLTypeUInt64, CLTypeKey } = sdk;
const fromTimestampText = (text: string) => Number(parseTimestamp(text));
const CSPR = 1_000_000_000n;
const BALANCE = 100_000n * CSPR;

let t: TestNode;
let stamp = 0;
/** Distinct timestamps keep deploys with the same body distinct. */
const nextTime = () => new Date(NOW.getTime() + ++stamp);
const plan = (keys: SdkPrivateKey[], paymentMotes = 2_500_000_000n, extra: Partial<SigningPlan> = {}): SigningPlan => ({ chainName: CHAIN, keys, paymentMotes, timestamp: nextTime(), ...extra });

beforeAll(async () => {
  t = await startTestNode([
    { publicKeyHex: ED_KEY.publicKey.toHex(), balance: BALANCE },
    { publicKeyHex: SECP_KEY.publicKey.toHex(), balance: BALANCE },
  ]);
});
afterAll(async () => t.close());

async function call(method: string, params?: unknown): Promise<any> {
  const answer = await rawCall(t.url, method, params);
  if (answer.body.error) throw Object.assign(new Error(JSON.stringify(answer.body.error)), { rpc: answer.body.error });
  return answer.body.result;
}

async function refusal(method: string, params: unknown): Promise<{ code: number; message: string; data: string }> {
  const answer = await rawCall(t.url, method, params);
  if (!answer.body.error) throw new Error(`${method} was accepted`);
  return answer.body.error;
}

/** Sends and returns the 2.0 execution result JSON. */
async function run(signed: Signed): Promise<any> {
  if (signed.kind === "deploy") {
    await call("account_put_deploy", { deploy: signed.json });
    return (await call("info_get_deploy", { deploy_hash: signed.hash })).execution_info.execution_result.Version2;
  }
  await call("account_put_transaction", { transaction: { Version1: signed.json } });
  return (await call("info_get_transaction", { transaction_hash: { Version1: signed.hash } })).execution_info.execution_result.Version2;
}

const balanceOf = async (publicKeyHex: string, stateIdentifier?: unknown) =>
  BigInt((await call("query_balance", { ...(stateIdentifier ? { state_identifier: stateIdentifier } : {}), purse_identifier: { main_purse_under_public_key: publicKeyHex } })).balance);

/** A session that stores casper_get_blocktime as a U64 under the named key "time". */
function blocktimeSession(): Uint8Array {
  const d = new Data();
  const name = d.string("time");
  return module({
    imports: ["casper_get_blocktime", "casper_new_uref", "casper_put_key"],
    data: d,
    body: `(func (export "call")
      ;; CLValue U64 at 300: u32 length 8, the 8 bytes, type tag 5
      (i32.store (i32.const 300) (i32.const 8))
      (call $casper_get_blocktime (i32.const 304))
      (i32.store8 (i32.const 312) (i32.const 5))
      (call $casper_new_uref (i32.const 401) (i32.const 300) (i32.const 13))
      (i32.store8 (i32.const 400) (i32.const 2))
      (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 400) (i32.const 34)))`,
  });
}

describe("genesis from the node's config", () => {
  it("accounts hold their configured balances; the validator is bonded with its stake and delegation rate", async () => {
    expect(await balanceOf(ED_KEY.publicKey.toHex())).toBe(BALANCE);
    const validator = t.config.accounts.find((a) => a.validator)!;
    expect(await balanceOf(validator.publicKeyHex)).toBe(validator.balanceMotes);
    // 2.0: a ValidatorBid under Key::BidAddr (tag 01 + account hash), genesis limits 0 .. u64::MAX
    const bid = (await call("query_global_state", { key: `bid-addr-01${sdk.PublicKey.fromHex(validator.publicKeyHex).accountHash().toHex()}`, path: [] })).stored_value.BidKind.Validator;
    expect(bid).toMatchObject({
      validator_public_key: validator.publicKeyHex, staked_amount: String(validator.validator!.bondedMotes), delegation_rate: 10, inactive: false,
      minimum_delegation_amount: 0, reserved_slots: 0,
    });
    // u64::MAX, written as exact digits (JSON.parse here rounds it to a double)
    expect(bid.maximum_delegation_amount).toBe(18446744073709551615);
    expect(bid.bonding_purse).toMatch(/^uref-[0-9a-f]{64}-007$/);
  });

  it("the genesis block carries the genesis time and state root; blocks are proposed by the validator", async () => {
    const genesis = (await call("chain_get_block", { block_identifier: { Height: 0 } })).block_with_signatures.block.Version2;
    expect(fromTimestampText(genesis.header.timestamp)).toBe(NOW.getTime() + 1000);
    expect(genesis.header.state_root_hash).toBe(t.backend.genesisStateRootHash());
    expect(genesis.header.proposer).toBe(t.validator);
  });

  it("the system contract registry answers through query_global_state, each entry a stored Contract", async () => {
    const registry = (await call("query_global_state", { key: `system-contract-registry-${"00".repeat(32)}`, path: [] })).stored_value.CLValue;
    expect(registry.cl_type).toEqual({ Map: { key: "String", value: { ByteArray: 32 } } });
    expect(registry.parsed.map((e: any) => e.key)).toEqual(["auction", "handle payment", "mint", "standard payment"]);
    for (const { key, value } of registry.parsed) {
      expect(`hash-${value}`).toBe(t.backend.engine.systemContract(key));
      const contract = (await call("query_global_state", { key: `hash-${value}`, path: [] })).stored_value.Contract;
      expect(contract.contract_package_hash).toMatch(/^contract-package-[0-9a-f]{64}$/);
    }
  });
});

describe("execution: block time, proposer, results", () => {
  it("the session sees its block's timestamp; the proposer's purse gets the fee; cost + refund = payment, refund = 75% of the unused gas", async () => {
    const validatorBefore = await balanceOf(t.validator);
    const result = await run(buildSessionWasm(plan([ED_KEY], 3n * CSPR), blocktimeSession(), Args.fromMap({})));
    expect(result.error_message).toBeNull();
    const block = (await call("chain_get_block")).block_with_signatures.block.Version2;
    const stored = (await call("query_global_state", { key: ED_KEY.publicKey.accountHash().toPrefixedString(), path: ["time"] })).stored_value.CLValue;
    expect(stored.cl_type).toBe("U64");
    expect(stored.parsed).toBe(fromTimestampText(block.header.timestamp));

    const [limit, consumed, cost, refund] = [result.limit, result.consumed, result.cost, result.refund].map(BigInt);
    expect(limit).toBe(3n * CSPR); // gas price 1
    expect(consumed).toBeGreaterThan(0n);
    expect(cost + refund).toBe(3n * CSPR);
    expect(refund).toBe(((limit - consumed) * 75n) / 100n); // 2.0 chainspec refund_ratio [75, 100]
    expect((await balanceOf(t.validator)) - validatorBefore).toBe(cost);
  });

  it("a failing session is named as the node names it; the state keeps only the payment", async () => {
    const before = await balanceOf(ED_KEY.publicKey.toHex());
    // keys_manager's set_key_weight without its args: ApiError::MissingArgument
    await run(buildSessionWasm(plan([ED_KEY], 50n * CSPR), artifact("keys_manager"), Args.fromMap({})));
    const mid = await balanceOf(ED_KEY.publicKey.toHex());
    const result = await run(buildContractCall(plan([ED_KEY], 3n * CSPR), { by: "name", name: "keys_manager" }, "set_key_weight", Args.fromMap({})));
    expect(result.error_message).toBe("ApiError::MissingArgument [2]");
    expect(mid - (await balanceOf(ED_KEY.publicKey.toHex()))).toBe(BigInt(result.cost));
    expect(mid).toBeLessThan(before);
  });

  it("transfers and effects in the 2.0 JSON: the target purse gets AddUInt512 of the amount, new records are Writes", async () => {
    const target = sdk.PrivateKey.fromHex("55".repeat(32), sdk.KeyAlgorithm.ED25519).publicKey;
    const result = await run(buildTransfer(plan([ED_KEY], 100_000_000n), target, 4n * CSPR, 42));
    expect(result.error_message).toBeNull();
    expect(result.transfers).toHaveLength(1);
    const transfer = result.transfers[0].Version2;
    expect(transfer).toMatchObject({ from: { AccountHash: ED_KEY.publicKey.accountHash().toPrefixedString() }, to: target.accountHash().toPrefixedString(), amount: String(4n * CSPR), id: 42 });
    const targetPurse = (await call("state_get_account_info", { account_identifier: target.toHex() })).account.main_purse as string;
    expect(transfer.target.slice(0, 69)).toBe(targetPurse.slice(0, 69));
    const byKey = (key: string) => result.effects.filter((e: any) => e.key === key);
    const balanceKey = `balance-${targetPurse.slice(5, 69)}`;
    // the new purse's balance is written (0), then the amount is added
    expect(byKey(balanceKey).map((e: any) => e.kind)).toContainEqual({ AddUInt512: String(4n * CSPR) });
    expect(byKey(target.accountHash().toPrefixedString())[0].kind.Write.Account.main_purse).toBe(targetPurse);
    // URef keys come out normalized (no access rights), as the node's tracking copy writes them
    for (const e of result.effects) if (e.key.startsWith("uref-")) expect(e.key).toMatch(/-000$/);
    // the Transfer record itself is queryable and the SDK parses it
    const transferKey = result.effects.find((e: any) => e.key.startsWith("transfer-")).key;
    const rpc = new sdk.RpcClient(new sdk.HttpHandler(t.url, "fetch"));
    const record = (await rpc.queryLatestGlobalState(transferKey, [])).storedValue.transfer!;
    expect(record).toBeDefined();
    expect((await call("query_global_state", { key: transferKey, path: [] })).stored_value.Transfer).toMatchObject({ amount: String(4n * CSPR), id: 42, gas: "0" });
  });

  it("reads at a past state root see that state; an unknown root is -32012", async () => {
    const target = sdk.PrivateKey.fromHex("66".repeat(32), sdk.KeyAlgorithm.ED25519).publicKey;
    const height = t.node.chain.height;
    await run(buildTransfer(plan([ED_KEY], 100_000_000n), target, 3n * CSPR, 1));
    expect(await balanceOf(target.toHex())).toBe(3n * CSPR);
    const error = await refusal("query_balance", { state_identifier: { BlockHeight: height }, purse_identifier: { main_purse_under_public_key: target.toHex() } });
    // no account yet: the 2.0 node's balance request finds no purse (binary_port.rs get_balance, sidecar PurseNotFound)
    expect(error).toEqual({ code: -32026, message: "Purse not found", data: "request for balance has failed: purse was not found for given identifier" });
    const pastAccount = await refusal("state_get_account_info", { account_identifier: target.toHex(), block_identifier: { Height: height } });
    expect(pastAccount.code).toBe(-32009);
    const root = (await call("chain_get_state_root_hash", { block_identifier: { Height: height } })).state_root_hash;
    expect((await call("state_get_item", { state_root_hash: root, key: ED_KEY.publicKey.accountHash().toPrefixedString(), path: [] })).stored_value.Account).toBeDefined();
    expect((await refusal("state_get_item", { state_root_hash: "ab".repeat(32), key: ED_KEY.publicKey.accountHash().toPrefixedString() })).code).toBe(-32012);
  });
});

describe("stored values in the node's JSON, as casper-js-sdk parses them", () => {
  it("Contract, ContractPackage, ContractWasm; no DeployInfo on 2.0", async () => {
    const rpc = new sdk.RpcClient(new sdk.HttpHandler(t.url, "fetch"));
    const named = Object.fromEntries((await rpc.getAccountInfo(null, { publicKey: ED_KEY.publicKey } as never)).account.namedKeys.map((k) => [k.name, k.key.toPrefixedString()]));
    const contractJson = (await call("query_global_state", { key: named.keys_manager, path: [] })).stored_value.Contract;
    const engineContract = t.backend.engine.contract(named.keys_manager);
    expect(contractJson.entry_points.map((e: any) => e.name)).toEqual([...engineContract.entryPoints.keys()].sort());
    expect(contractJson.entry_points[0]).toMatchObject({ access: "Public", entry_point_type: "Caller" });
    expect(contractJson.entry_points.find((e: any) => e.name === "set_key_weight").args).toEqual([
      { name: "account", cl_type: "PublicKey" },
      { name: "weight", cl_type: "U8" },
    ]);
    expect(contractJson.protocol_version).toBe("2.0.0");
    const parsed = (await rpc.queryLatestGlobalState(named.keys_manager, [])).storedValue.contract!;
    expect(parsed.contractPackageHash.toPrefixedString()).toBe(contractJson.contract_package_hash);

    const packageKey = contractJson.contract_package_hash.replace("contract-package-", "hash-");
    const pkg = (await call("query_global_state", { key: packageKey, path: [] })).stored_value.ContractPackage;
    expect(pkg).toMatchObject({ lock_status: "Locked", disabled_versions: [], groups: [], versions: [{ protocol_version_major: 2, contract_version: 1, contract_hash: `contract-${named.keys_manager.slice(5)}` }] });
    expect((await rpc.queryLatestGlobalState(packageKey, [])).storedValue.contractPackage?.versions).toHaveLength(1);
    // "contract-package-…" names the record in JSON but is no Key: queries take "hash-…" (2.0 key.rs has no such
    // prefix; the 2.0 sidecar reads `key` as a Key, so a bad one is Invalid params)
    expect((await refusal("query_global_state", { key: contractJson.contract_package_hash, path: [] })).code).toBe(-32602);

    const wasm = (await call("query_global_state", { key: contractJson.contract_wasm_hash.replace("contract-wasm-", "hash-"), path: [] })).stored_value.ContractWasm;
    expect(wasm.bytes).toMatch(/^0061736d01000000/);

    // casper-node 2.0 writes no DeployInfo record for a wasm deploy (operations.rs: the execution result
    // carries what 1.5.8 stored under Key::DeployInfo), so the query finds nothing
    const someDeploy = t.node.chain.atHeight(1)!.transactions.values().next().value![0] as { Deploy: string };
    const missing = await refusal("query_global_state", { key: `deploy-${someDeploy.Deploy}`, path: [] });
    expect(missing).toEqual({ code: -32003, message: "Query failed", data: "value was not found in the global state" });
  });

  it("a query path goes through named keys and Key values; when it cannot, the 2.0 node says only that nothing was found", async () => {
    const account = ED_KEY.publicKey.accountHash().toPrefixedString();
    // keys_manager_hash holds a URef whose value is the contract hash bytes; keys_manager is a Key::Hash
    expect(Object.keys((await call("query_global_state", { key: account, path: ["keys_manager"] })).stored_value)).toEqual(["Contract"]);
    // the tracking copy's reason ("Name nope not found in Account at path: …") stays in the node's log: its binary
    // port answers NotFound (binary_port.rs get_global_state_item), the sidecar GlobalStateEntryNotFound
    const nothing = { code: -32003, message: "Query failed", data: "value was not found in the global state" };
    expect(await refusal("query_global_state", { key: account, path: ["nope"] })).toEqual(nothing);
    expect(await refusal("query_global_state", { key: account, path: ["keys_manager", "x", "y"] })).toEqual(nothing);
    expect(t.backend.query(t.node.chain.latest().stateRootHash, account, ["keys_manager", "x", "y"])).toEqual({
      miss: "ValueNotFound",
      message: `Name x not found in Contract at path: Key::Account(${account.slice(13)})/keys_manager`,
    });
  });

  it("CLValues: cl_type in serde's form, parsed as jsonrepr.rs reads the bytes", () => {
    const check = (v: InstanceType<typeof CLValue>, clType: unknown, parsed: unknown) => {
      const bytes = v.bytes();
      const type = decodeCLType(v.getType().toBytes());
      expect(clTypeJson(type)).toEqual(clType);
      expect(parsedJson({ clType: type, bytes })).toEqual(parsed);
    };
    check(CLValue.newCLUInt512("123456789012345678901234567890"), "U512", "123456789012345678901234567890");
    check(CLValue.newCLUint64("18446744073709551615"), "U64", 18446744073709551615n); // written as exact digits
    check(CLValue.newCLUint64(7), "U64", 7);
    check(CLValue.newCLInt32(-5), "I32", -5);
    check(CLValue.newCLUnit(), "Unit", null);
    check(CLValue.newCLString("héllo"), "String", null); // the SDK's wrong length prefix does not read as a String
    check(CLValue.newCLOption(null, CLTypeString), { Option: "String" }, null);
    check(CLValue.newCLOption(CLValue.newCLUint64(1), CLTypeUInt64), { Option: "U64" }, 1);
    check(CLValue.newCLList(CLTypeUInt64, [CLValue.newCLUint64(1), CLValue.newCLUint64(2)]), { List: "U64" }, [1, 2]);
    check(CLValue.newCLByteArray(new Uint8Array([1, 2, 255])), { ByteArray: 3 }, "0102ff");
    check(CLValue.newCLKey(sdk.Key.newKey(`hash-${"ab".repeat(32)}`)), "Key", `hash-${"ab".repeat(32)}`);
    check(CLValue.newCLUref(sdk.URef.fromString(`uref-${"cd".repeat(32)}-007`)), "URef", `uref-${"cd".repeat(32)}-007`);
    check(CLValue.newCLPublicKey(ED_KEY.publicKey), "PublicKey", ED_KEY.publicKey.toHex());
    check(CLValue.newCLTuple2(CLValue.newCLValueBool(true), CLValue.newCLUint8(9)), { Tuple2: ["Bool", "U8"] }, [true, 9]);
    check(CLValue.newCLResult(CLTypeString, CLTypeUInt64, CLValue.newCLUint64(3), false), { Result: { ok: "String", err: "U64" } }, { Err: 3 });
    const map = CLValue.newCLMap(CLTypeKey, CLTypeUInt64);
    map.map!.append(CLValue.newCLKey(sdk.Key.newKey(`hash-${"01".repeat(32)}`)), CLValue.newCLUint64(5));
    check(map, { Map: { key: "Key", value: "U64" } }, [{ key: `hash-${"01".repeat(32)}`, value: 5 }]);
    // bytes that do not read as the type, or leave a remainder: null
    expect(parsedJson({ clType: decodeCLType(new Uint8Array([5])), bytes: new Uint8Array([1, 2, 3]) })).toBeNull();
    expect(parsedJson({ clType: decodeCLType(new Uint8Array([3])), bytes: new Uint8Array([1, 2]) })).toBeNull();
  });

  it("auction records: EraInfo (from the auction's encoder), Withdraw (bytes laid out by hand), and bytes that do not decode", () => {
    const v = ED_KEY.publicKey.bytes();
    const d = SECP_KEY.publicKey.bytes();
    const eraInfo = encodeEraInfo([
      { kind: "Validator", validatorPublicKey: v, amount: 5n },
      { kind: "Delegator", delegatorPublicKey: d, validatorPublicKey: v, amount: 7n },
    ]);
    expect(auctionValueJson("EraInfo", eraInfo)).toEqual({ EraInfo: { seigniorage_allocations: [
      { Validator: { validator_public_key: ED_KEY.publicKey.toHex(), amount: "5" } },
      { Delegator: { delegator_public_key: SECP_KEY.publicKey.toHex(), validator_public_key: ED_KEY.publicKey.toHex(), amount: "7" } },
    ] } });
    // Vec<WithdrawPurse>: u32 count; bonding purse (32 bytes + rights), validator, unbonder, era (u64), amount (U512)
    const purse = new Uint8Array(33).fill(0xab);
    purse[32] = 7;
    const withdraw = Buffer.concat([Buffer.from([1, 0, 0, 0]), purse, v, d, Buffer.from([3, 0, 0, 0, 0, 0, 0, 0]), Buffer.from([1, 9])]);
    expect(auctionValueJson("Withdraw", withdraw)).toEqual({ Withdraw: [{
      bonding_purse: `uref-${"ab".repeat(32)}-007`, validator_public_key: ED_KEY.publicKey.toHex(), unbonder_public_key: SECP_KEY.publicKey.toHex(), era_of_creation: 3, amount: "9",
    }] });
    const bad = auctionValueJson("Bid", new Uint8Array([9, 9]));
    expect(bad).toEqual({ Bid: { undecoded_bytes: "0909", error: expect.stringContaining("PublicKey") } });
  });

  it("a u64 above 2^53 reaches the client as exact digits", async () => {
    const d = new Data();
    const name = d.string("big");
    const value = d.bytes(clBytes(CLValue.newCLUint64("18446744073709551615")));
    const wasm = module({
      imports: ["casper_new_uref", "casper_put_key"],
      data: d,
      body: `(func (export "call")
        (call $casper_new_uref (i32.const 401) (i32.const ${value.ptr}) (i32.const ${value.len}))
        (i32.store8 (i32.const 400) (i32.const 2))
        (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 400) (i32.const 34)))`,
    });
    expect((await run(buildSessionWasm(plan([SECP_KEY]), wasm, Args.fromMap({})))).error_message).toBeNull();
    const text = await (await fetch(t.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "query_global_state", params: { key: SECP_KEY.publicKey.accountHash().toPrefixedString(), path: ["big"] } }),
    })).text();
    expect(text).toContain('"parsed":18446744073709551615');
  });
});

describe("the acceptor's state checks, with casper-node's texts (-32008 / -32016)", () => {
  const tail = /^(.*) at state root hash [0-9a-f]{64} of block [0-9a-f]{64} at height \d+$/;
  const refusedDeploy = async (deploy: InstanceType<typeof sdk.Deploy>) => {
    const error = await refusal("account_put_deploy", { deploy: sdk.Deploy.toJSON(deploy) });
    expect(error.code).toBe(-32008);
    return tail.exec(error.data)![1];
  };
  const refused = async (signed: Signed) => {
    const error = signed.kind === "deploy"
      ? await refusal("account_put_deploy", { deploy: signed.json })
      : await refusal("account_put_transaction", { transaction: { Version1: signed.json } });
    expect(error.code).toBe(signed.kind === "deploy" ? -32008 : -32016);
    return tail.exec(error.data)![1];
  };
  const unknownKey = sdk.PrivateKey.fromHex("77".repeat(32), sdk.KeyAlgorithm.ED25519);
  const deployParams = (extra: object = {}) => ({ account: ED_KEY.publicKey, signers: [ED_KEY], chainName: CHAIN, timestamp: nextTime(), ...extra });

  it("the account: missing, an approval that is not its key, too little weight, too little balance", async () => {
    const wasm = blocktimeSession();
    expect(await refused(buildSessionWasm(plan([unknownKey]), wasm, Args.fromMap({})))).toBe(`account with hash ${unknownKey.publicKey.accountHash().toHex()} does not exist`);
    expect(await refused(buildSessionWasm(plan([unknownKey], undefined, { transaction: true }), wasm, Args.fromMap({})))).toBe(`addressable entity under public key ${unknownKey.publicKey.toHex()} does not exist`);
    expect(await refused(buildSessionWasm(plan([OTHER_KEY], undefined, { initiator: SECP_KEY.publicKey }), wasm, Args.fromMap({})))).toBe("account authorization invalid");
    // an account funded with exactly 2.5 CSPR may send one deploy; what it pays leaves less than 2.5
    const poor = sdk.PrivateKey.fromHex("88".repeat(32), sdk.KeyAlgorithm.ED25519);
    await run(buildTransfer(plan([ED_KEY], 100_000_000n), poor.publicKey, 2_500_000_000n, 5));
    expect((await run(buildSessionWasm(plan([poor]), wasm, Args.fromMap({})))).error_message).toBeNull();
    expect(await balanceOf(poor.publicKey.toHex())).toBeLessThan(2_500_000_000n);
    expect(await refused(buildSessionWasm(plan([poor]), wasm, Args.fromMap({})))).toBe(`insufficient balance in account with hash ${poor.publicKey.accountHash().toHex()}`);
    expect(await refused(buildSessionWasm(plan([poor], undefined, { transaction: true }), wasm, Args.fromMap({})))).toBe(`insufficient balance in public key ${poor.publicKey.toHex()}`);
  });

  it("payment: the amount must be there and be a U512; a transfer is no payment", async () => {
    const session = sdk.ExecutableDeployItem.newModuleBytes(blocktimeSession(), Args.fromMap({}));
    const payment = (args: Record<string, InstanceType<typeof CLValue>>) => sdk.ExecutableDeployItem.newModuleBytes(new Uint8Array(0), Args.fromMap(args));
    // the amount's presence and type are configuration checks (deploy.rs is_config_compliant), made first
    const missing = await refusal("account_put_deploy", { deploy: sdk.Deploy.toJSON(makeDeploy(deployParams({ payment: payment({}) }), session)) });
    expect(missing.data).toMatch(/^invalid deploy: missing payment 'amount' runtime argument/);
    const notU512 = await refusal("account_put_deploy", { deploy: sdk.Deploy.toJSON(makeDeploy(deployParams({ payment: payment({ amount: CLValue.newCLUint64(5) }) }), session)) });
    expect(notU512.data).toBe("invalid deploy: failed to parse payment 'amount' as U512");
    const transferPayment = new sdk.ExecutableDeployItem();
    transferPayment.transfer = sdk.TransferDeployItem.newTransfer("2500000000", OTHER_KEY.publicKey, null, "1");
    expect(await refusedDeploy(makeDeploy(deployParams({ payment: transferPayment }), session))).toBe("transfer is not valid for payment code");
  });

  it("session: contracts, entry points, packages and versions named by hash must exist", async () => {
    const km = t.backend.engine.account(ED_KEY.publicKey.accountHash().toHex()).namedKeys.keys_manager.slice(5);
    const pkg = Buffer.from(t.backend.engine.contract(`hash-${km}`).contractPackageHash).toString("hex");
    const nowhere = "ee".repeat(32);
    const args = Args.fromMap({});
    expect(await refused(buildContractCall(plan([ED_KEY]), { by: "hash", hash: nowhere }, "x", args))).toBe(`contract at ${nowhere} does not exist`);
    expect(await refused(buildContractCall(plan([ED_KEY]), { by: "hash", hash: km }, "nope", args))).toBe("contract does not have nope");
    expect(await refused(buildContractCall(plan([ED_KEY], undefined, { transaction: true }), { by: "hash", hash: km }, "nope", args))).toBe("contract does not have entry point 'nope'");
    expect(await refused(buildContractCall(plan([ED_KEY]), { by: "packageHash", hash: nowhere }, "x", args))).toBe(`contract package at ${nowhere} does not exist`);
    expect(await refused(buildContractCall(plan([ED_KEY], undefined, { transaction: true }), { by: "packageHash", hash: nowhere }, "x", args))).toBe(`package at ${nowhere} does not exist`);
    // casper-node 2.0 transaction_acceptor.rs: any explicit version is refused (TargetingPackageVersionNotSupported)
    const deployV7 = buildContractCall(plan([ED_KEY]), { by: "packageHash", hash: pkg, version: 7 }, "set_all", args);
    expect(await refusal("account_put_deploy", { deploy: deployV7.json })).toMatchObject({
      code: -32008, data: "invalid transaction: passing `version` in payment and session Versioned variants is not supported",
    });
    const txV1 = buildContractCall(plan([ED_KEY], undefined, { transaction: true }), { by: "packageHash", hash: pkg, version: 1 }, "set_all", args);
    expect(await refusal("account_put_transaction", { transaction: { Version1: txV1.json } })).toMatchObject({
      code: -32016,
      data: "invalid transaction: passing `version` in TransactionInvocationTarget::ByPackageHash or TransactionInvocationTarget::ByPackageName is not supported",
    });
    // by name: not checked before execution (named keys may change), so it runs and fails there
    const byName = await run(buildContractCall(plan([ED_KEY]), { by: "name", name: "no_such_key" }, "x", args));
    expect(byName.error_message).toMatch(/no_such_key/);
  });

  it("nothing refused changed the chain", async () => {
    const before = t.node.chain.height;
    await refused(buildSessionWasm(plan([unknownKey]), blocktimeSession(), Args.fromMap({})));
    expect(t.node.chain.height).toBe(before);
  });
});

describe("TransactionV1s on the engine", () => {
  it("a stored call by name and by package hash (its current version)", async () => {
    const ka = Args.fromMap({ account: CLValue.newCLPublicKey(OTHER_KEY.publicKey), weight: CLValue.newCLUint8(1) });
    const byName = await run(buildContractCall(plan([ED_KEY], 3n * CSPR, { transaction: true }), { by: "name", name: "keys_manager" }, "set_key_weight", ka));
    expect(byName.error_message).toBeNull();
    expect(byName.initiator).toEqual({ PublicKey: ED_KEY.publicKey.toHex() });
    const keys = (await call("state_get_account_info", { account_identifier: ED_KEY.publicKey.toHex() })).account.associated_keys.map((k: any) => k.account_hash);
    expect(keys).toContain(OTHER_KEY.publicKey.accountHash().toPrefixedString());

    const km = t.backend.engine.account(ED_KEY.publicKey.accountHash().toHex()).namedKeys.keys_manager.slice(5);
    const pkg = Buffer.from(t.backend.engine.contract(`hash-${km}`).contractPackageHash).toString("hex");
    const remove = Args.fromMap({ account: CLValue.newCLPublicKey(OTHER_KEY.publicKey), weight: CLValue.newCLUint8(0) });
    expect((await run(buildContractCall(plan([ED_KEY], 3n * CSPR, { transaction: true }), { by: "packageHash", hash: pkg }, "set_key_weight", remove))).error_message).toBeNull();
    const after = (await call("state_get_account_info", { account_identifier: ED_KEY.publicKey.toHex() })).account.associated_keys.map((k: any) => k.account_hash);
    expect(after).not.toContain(OTHER_KEY.publicKey.accountHash().toPrefixedString());
  });

  it("a native transfer (no id: 2.0 makes it optional), and native delegate then undelegate through the auction", async () => {
    const to = sdk.PrivateKey.fromHex("99".repeat(32), sdk.KeyAlgorithm.ED25519).publicKey;
    const transfer = new sdk.NativeTransferBuilder().from(SECP_KEY.publicKey).target(to).amount((3n * CSPR).toString()).chainName(CHAIN)
      .timestamp(new sdk.Timestamp(nextTime())).payment(100_000_000, 1).build();
    transfer.sign(SECP_KEY);
    const v1 = transfer.getTransactionV1()!;
    const result = await run({ kind: "transaction", hash: v1.hash.toHex(), transaction: v1, json: sdk.TransactionV1.toJSON(v1) });
    expect(result.error_message).toBeNull();
    expect(result.transfers[0].Version2).toMatchObject({ amount: String(3n * CSPR), id: null, transaction_hash: { Version1: v1.hash.toHex() } });
    expect(await balanceOf(to.toHex())).toBe(3n * CSPR);

    const validator = sdk.PublicKey.fromHex(t.validator);
    // 2.0: each delegation is its own DelegatorBid under Key::BidAddr (tag 02 + validator + delegator account hashes)
    const delegationKey = `bid-addr-02${validator.accountHash().toHex()}${SECP_KEY.publicKey.accountHash().toHex()}`;
    const stake = async () => (await call("query_global_state", { key: delegationKey, path: [] })).stored_value.BidKind.Delegator.staked_amount;
    expect((await run(buildNativeDelegate(plan([SECP_KEY], 2_500_000_000n, { transaction: true }), validator, 800n * CSPR))).error_message).toBeNull();
    expect(await stake()).toBe(String(800n * CSPR));
    expect((await run(buildUndelegate(plan([SECP_KEY], 2_500_000_000n, { transaction: true }), validator, 300n * CSPR))).error_message).toBeNull();
    expect(await stake()).toBe(String(500n * CSPR));
    // the unbond waits under BidAddr::UnbondAccount (tag 07 + validator + unbonder), one entry per era
    const unbond = (await call("query_global_state", { key: `bid-addr-07${validator.accountHash().toHex()}${SECP_KEY.publicKey.accountHash().toHex()}`, path: [] })).stored_value.BidKind.Unbond;
    expect(unbond).toMatchObject({ validator_public_key: validator.toHex(), unbond_kind: { DelegatedPublicKey: SECP_KEY.publicKey.toHex() } });
    expect(unbond.eras).toEqual([expect.objectContaining({ era_of_creation: 0, amount: String(300n * CSPR), new_validator: null })]);
  });

  it("a legacy undelegate Deploy calls the auction contract by the hash the registry gives", async () => {
    const auction = t.backend.engine.systemContract("auction").slice(5);
    const validator = sdk.PublicKey.fromHex(t.validator);
    expect((await run(buildUndelegate(plan([SECP_KEY], 3n * CSPR), validator, 100n * CSPR, auction))).error_message).toBeNull();
  });

  it("a native ChangeBidPublicKey runs the 2.0 auction's \" change_bid_public_key\" (a key with no bid: ValidatorNotFound)", async () => {
    const tx = new sdk.NativeChangeBidPublicKeyBuilder().from(SECP_KEY.publicKey).previousPublicKey(SECP_KEY.publicKey).newPublicKey(OTHER_KEY.publicKey)
      .chainName(CHAIN).timestamp(new sdk.Timestamp(nextTime())).payment(10_000_000_000, 1).build(); // auction_costs.change_bid_public_key: 5 CSPR
    tx.sign(SECP_KEY);
    const v1 = tx.getTransactionV1()!;
    const result = await run({ kind: "transaction", hash: v1.hash.toHex(), transaction: v1, json: sdk.TransactionV1.toJSON(v1) });
    expect(result.error_message).toBe("ApiError::AuctionError(ValidatorNotFound) [64519]");
  });
});
