// The local node against Casper 2.0's official OpenRPC documents (casper-sidecar's rpc_schema.json and
// speculative_rpc_schema.json, host/node/rpc/openrpc/): on a chain with history (a contract package,
// a dictionary item, a transfer, a delegation, a failed deploy), every method of both documents is
// called with parameters taken from the node's own chain — themselves checked against the document's
// params schemas — and every answer is validated by ajv against the method's result schema. A method
// of the document the node does not serve yet is listed in NOT_YET and must answer "Method not found".
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import sdk from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeStoredValue } from "../host/bytesrepr/stored-value.ts";
import { parseKey } from "../host/bytesrepr/key.ts";
import { checkStateProofs, validateBalanceProof, validateQueryProof } from "../host/state/merkle-proofs.ts";
import { buildContractCall, buildNativeDelegate, buildSessionWasm, buildTransfer } from "../scripts/cli/build-signed.ts";
import { ED_KEY, OTHER_KEY, SECP_KEY, WASM, args } from "./helpers/node-deploys.ts";
import { CSPR, buildHistory, fresh, revertingSession, type History } from "./helpers/node-history.ts";
import { methodNames, paramsErrors, resultErrors } from "./helpers/node-openrpc.ts";
import { rawCall } from "./helpers/node-server.ts";

const { Args, CLValue } = sdk;

/** Methods of the documents that wait for the 2.0 auction and eras on the local node (issue 18, part 2). */
const NOT_YET = [
  "state_get_auction_info", "state_get_auction_info_v2", "chain_get_era_summary", "chain_get_era_info_by_switch_block",
  "info_get_reward", "info_get_validator_changes",
];

let h: History;
beforeAll(async () => {
  h = await buildHistory();
}, 120_000);
afterAll(async () => h?.t.close());

const validated = new Set<string>();

/** Calls `method` with named `params` (valid per the document) and validates the result; returns it. */
async function conform(method: string, params: Record<string, unknown> = {}): Promise<any> {
  expect(paramsErrors(method, params), `${method} params`).toEqual([]);
  const answer = await rawCall(h.t.url, method, params);
  expect(answer.body.error, `${method} ${JSON.stringify(params)}`).toBeUndefined();
  expect(resultErrors(method, answer.body.result), `${method} result`).toEqual([]);
  validated.add(method);
  return answer.body.result;
}

const pk = () => ED_KEY.publicKey.toHex();
const accountHash = () => ED_KEY.publicKey.accountHash().toPrefixedString();

describe("the documents", () => {
  it("are the sidecar's, patched only as host/node/rpc/openrpc/README.md says (sha256)", () => {
    const sha = (name: string) => createHash("sha256").update(readFileSync(new URL(`../host/node/rpc/openrpc/${name}`, import.meta.url))).digest("hex");
    expect(sha("rpc_schema.json")).toBe("498606f6e9aa7841efcd52a2d257517db78ebb0175ff96093c2bb765c7791a8c");
    expect(sha("speculative_rpc_schema.json")).toBe("29e786ab6cf8380749fb0f37f7264c569a6ccd5da929a52dae55213dd8eae487");
  });
});

describe("every method answers in the shape of the 2.0 OpenRPC document", () => {
  it("info: status, chainspec, peers (none: a one-node network), rpc.discover (the document itself)", async () => {
    const status = await conform("info_get_status");
    expect(status.last_added_block_info.height).toBe(h.failed.height);
    await conform("info_get_chainspec");
    expect((await conform("info_get_peers")).peers).toEqual([]);
    const discover = (await rawCall(h.t.url, "rpc.discover", [])).body.result;
    expect(discover.name).toBe("OpenRPC Schema");
    expect(discover.schema.methods.map((m: { name: string }) => m.name)).toEqual(methodNames("rpc"));
  });

  it("blocks: chain_get_block, chain_get_state_root_hash, chain_get_block_transfers by hash, height and latest", async () => {
    for (const block_identifier of [undefined, { Height: 0 }, { Height: h.transfer.height }, { Hash: h.transfer.blockHash }]) {
      const params = block_identifier ? { block_identifier } : {};
      await conform("chain_get_block", params);
      await conform("chain_get_state_root_hash", params);
      await conform("chain_get_block_transfers", params);
    }
  });

  it("deploys and transactions: put, then info by deploy hash and by transaction hash (Deploy and Version1)", async () => {
    const deploy = buildSessionWasm(fresh(), WASM, args());
    expect((await conform("account_put_deploy", { deploy: deploy.json })).deploy_hash).toBe(deploy.hash);
    const v1 = buildNativeDelegate(fresh({ keys: [SECP_KEY], paymentMotes: 2_500_000_000n, transaction: true }), sdk.PublicKey.fromHex(h.validator), 500n * CSPR);
    expect((await conform("account_put_transaction", { transaction: { Version1: v1.json } })).transaction_hash).toEqual({ Version1: v1.hash });
    const asTransaction = buildTransfer(fresh({ paymentMotes: 100_000_000n }), OTHER_KEY.publicKey, 3n * CSPR, 12);
    await conform("account_put_transaction", { transaction: { Deploy: asTransaction.json } });
    for (const hash of [h.install.hash, h.transfer.hash, h.failed.hash, deploy.hash]) {
      await conform("info_get_deploy", { deploy_hash: hash });
      await conform("info_get_deploy", { deploy_hash: hash, finalized_approvals: true });
      await conform("info_get_transaction", { transaction_hash: { Deploy: hash } });
    }
    for (const hash of [h.delegate.hash, v1.hash]) await conform("info_get_transaction", { transaction_hash: { Version1: hash } });
  });

  it("accounts and entities by public key and account hash, at the latest block and at a past one", async () => {
    for (const block_identifier of [undefined, { Height: h.install.height }, { Hash: h.transfer.blockHash }]) {
      const at = block_identifier ? { block_identifier } : {};
      await conform("state_get_account_info", { account_identifier: pk(), ...at });
      await conform("state_get_account_info", { account_identifier: accountHash(), ...at });
      await conform("state_get_entity", { entity_identifier: { PublicKey: pk() }, ...at });
      await conform("state_get_entity", { entity_identifier: { AccountHash: accountHash() }, ...at });
    }
  });

  it("state_get_package: the contract package keys_manager installed", async () => {
    const answer = await conform("state_get_package", { package_identifier: { ContractPackageHash: h.packageHash } });
    expect(answer.package.ContractPackage.versions).toHaveLength(1);
    await conform("state_get_package", { package_identifier: { ContractPackageHash: h.packageHash }, block_identifier: { Height: h.install.height } });
  });

  it("global state: query_global_state with every state identifier, state_get_item, dictionary items four ways", async () => {
    const root = (await conform("chain_get_state_root_hash", {})).state_root_hash;
    const keys = [accountHash(), h.contractHash, h.packageHash.replace("contract-package-", "hash-"), h.bidAddrKey];
    for (const key of keys) {
      await conform("query_global_state", { key });
      await conform("query_global_state", { key, state_identifier: { StateRootHash: root } });
      await conform("query_global_state", { key, state_identifier: { BlockHeight: h.failed.height }, path: [] });
      // every key exists from the delegation's block on
      await conform("query_global_state", { key, state_identifier: { BlockHash: h.delegate.blockHash } });
      await conform("state_get_item", { state_root_hash: root, key, path: [] });
    }
    await conform("query_global_state", { key: accountHash(), path: ["keys_manager"] });
    const seed = h.dictionarySeed;
    const dictionaryItems = [
      { URef: { seed_uref: seed, dictionary_item_key: "apple" } },
      { AccountNamedKey: { key: accountHash(), dictionary_name: "dict", dictionary_item_key: "apple" } },
    ];
    for (const dictionary_identifier of dictionaryItems) {
      const item = await conform("state_get_dictionary_item", { state_root_hash: root, dictionary_identifier });
      expect(item.stored_value.CLValue.parsed).toBe(77);
      await conform("state_get_dictionary_item", { state_root_hash: root, dictionary_identifier: { Dictionary: item.dictionary_key } });
    }
  });

  it("balances: query_balance and query_balance_details for every purse identifier, state_get_balance", async () => {
    const account = (await conform("state_get_account_info", { account_identifier: pk() })).account;
    const root = (await conform("chain_get_state_root_hash", {})).state_root_hash;
    const purses = [
      { main_purse_under_public_key: pk() },
      { main_purse_under_account_hash: accountHash() },
      { main_purse_under_entity_addr: `entity-account-${ED_KEY.publicKey.accountHash().toHex()}` },
      { purse_uref: account.main_purse },
    ];
    for (const purse_identifier of purses) {
      const balance = await conform("query_balance", { purse_identifier });
      const details = await conform("query_balance_details", { purse_identifier });
      expect(details.total_balance).toBe(balance.balance);
      for (const state_identifier of [{ BlockHeight: h.install.height }, { StateRootHash: root }, { BlockHash: h.transfer.blockHash }]) {
        await conform("query_balance", { purse_identifier, state_identifier });
        await conform("query_balance_details", { purse_identifier, state_identifier });
      }
    }
    await conform("state_get_balance", { state_root_hash: root, purse_uref: account.main_purse });
  });

  it("speculative_exec and speculative_exec_txn: a session, a stored contract call, a transfer, a failing session", async () => {
    const deploys = [
      buildSessionWasm(fresh(), WASM, args()),
      buildContractCall(fresh({ paymentMotes: 5n * CSPR }), { by: "name", name: "keys_manager" }, "set_key_weight", Args.fromMap({
        account: CLValue.newCLPublicKey(ED_KEY.publicKey),
        weight: CLValue.newCLUint8(1),
      })),
      buildTransfer(fresh({ paymentMotes: 100_000_000n }), OTHER_KEY.publicKey, 4n * CSPR, 13),
      buildSessionWasm(fresh({ paymentMotes: 3n * CSPR }), revertingSession(), Args.fromMap({})),
    ];
    for (const d of deploys) {
      await conform("speculative_exec", { deploy: d.json });
      await conform("speculative_exec_txn", { transaction: { Deploy: d.json } });
    }
  });
});

describe("the new methods' Merkle proofs hash to the block's state root (host/state/merkle-proofs.ts, casper-types validate_*_proof)", () => {
  it("query_balance_details' total_balance_proof proves the purse's balance entry", async () => {
    const root = (await conform("chain_get_state_root_hash", { block_identifier: { Height: h.install.height } })).state_root_hash;
    const details = await conform("query_balance_details", { purse_identifier: { main_purse_under_public_key: pk() }, state_identifier: { StateRootHash: root } });
    const [proof] = checkStateProofs(root, details.total_balance_proof);
    const purse = (await conform("state_get_account_info", { account_identifier: pk() })).account.main_purse;
    validateBalanceProof(root, proof, parseKey(purse), BigInt(details.total_balance));
  });

  it("state_get_package's merkle_proof proves the package under its hash", async () => {
    const root = (await conform("chain_get_state_root_hash")).state_root_hash;
    const answer = await conform("state_get_package", { package_identifier: { ContractPackageHash: h.packageHash } });
    const proofs = checkStateProofs(root, answer.merkle_proof);
    expect(proofs).toHaveLength(1);
    const packageKey = parseKey(h.packageHash.replace("contract-package-", "hash-"));
    validateQueryProof(root, proofs, packageKey, [], proofs[0].storedValue);
    expect(decodeStoredValue(proofs[0].value).kind).toBe("ContractPackage");
  });
});

describe("casper-js-sdk 5.0.12 parses every answer of the new methods", () => {
  const rpc = () => new sdk.RpcClient(new sdk.HttpHandler(h.t.url, "fetch"));

  it("chain_get_block_transfers: the transfer of a block, none in others", async () => {
    const withTransfer = await rpc().getBlockTransfersByHeight(h.transfer.height);
    expect(withTransfer.blockHash).toBe(h.transfer.blockHash);
    expect(withTransfer.transfers).toHaveLength(1);
    expect(withTransfer.transfers[0].amount.toString()).toBe(String(7n * CSPR));
    expect(withTransfer.transfers[0].to?.toPrefixedString()).toBe(OTHER_KEY.publicKey.accountHash().toPrefixedString());
    const installBlock = (await conform("chain_get_block", { block_identifier: { Height: h.install.height } })).block_with_signatures.block.Version2.hash;
    expect((await rpc().getBlockTransfersByHash(installBlock)).transfers).toEqual([]);
    // a failed execution records no transfer (storage.rs successful_transfers)
    expect((await rpc().getBlockTransfersByHeight(h.failed.height)).transfers).toEqual([]);
    expect((await rpc().getLatestBlockTransfers()).blockHash).toBe((await conform("chain_get_block")).block_with_signatures.block.Version2.hash);
  });

  it("info_get_peers: none", async () => {
    expect((await rpc().getPeers()).peers).toEqual([]);
  });

  it("query_balance_details: total = available = query_balance, no holds", async () => {
    const purse = sdk.PurseIdentifier.fromPublicKey(ED_KEY.publicKey);
    const details = await rpc().queryLatestBalanceDetails(purse);
    const balance = await rpc().queryLatestBalance(purse);
    expect(details.totalBalance.toString()).toBe(balance.balance.toString());
    expect(details.availableBalance.toString()).toBe(details.totalBalance.toString());
    expect(details.holds).toEqual([]);
    expect(BigInt(details.totalBalance.toString())).toBe(h.t.backend.engine.balance(ED_KEY.publicKey.toHex()));
    const atInstall = await rpc().queryBalanceDetailsByBlockHeight(purse, h.install.height);
    expect(BigInt(atInstall.totalBalance.toString())).toBeGreaterThan(BigInt(details.totalBalance.toString()));
  });

  it("SpeculativeClient.speculativeExec: the dry run's result, as the SDK reads it", async () => {
    const signed = buildTransfer(fresh({ paymentMotes: 100_000_000n }), OTHER_KEY.publicKey, 5n * CSPR, 31);
    if (signed.kind !== "deploy") throw new Error("deploy expected");
    const client = new sdk.SpeculativeClient(new sdk.HttpHandler(h.t.url, "fetch"));
    const result = await client.speculativeExec("1", signed.deploy);
    expect(result.executionResult?.blockHash.toHex()).toBe((await conform("chain_get_block")).block_with_signatures.block.Version2.hash);
    expect(result.executionResult?.transfers).toHaveLength(1);
    expect(result.executionResult?.transfers[0].amount.toString()).toBe(String(5n * CSPR));
    expect(String(result.executionResult?.consumed)).toBe("100000000");
    expect(result.executionResult?.errorMessage ?? null).toBeNull();
  });
});

describe("bad parameters get the 2.0 sidecar's errors (casper-sidecar feat-2.0 rpcs/error.rs, error_code.rs)", () => {
  const NO_PARAMS = { code: -32602, message: "Invalid params", data: "'params' field should be an empty Array '[]', an empty Object '{}' or absent" };
  const NO_STATE = (what: string) => ({ code: -32012, message: "No such state root", data: `request for ${what} has failed: could not find the provided state root hash` });
  const NOT_FOUND = { code: -32003, message: "Query failed", data: "value was not found in the global state" };
  const NO_ENTITY = { code: -32020, message: "No such addressable entity", data: "the requested addressable entity was not found" };
  const NO_PURSE = { code: -32026, message: "Purse not found", data: "request for balance has failed: purse was not found for given identifier" };
  const noBlock = () => ({ code: -32001, message: "No such block", data: { message: "no block found for the provided identifier", available_block_range: { low: 0, high: h.t.node.chain.height } } });
  /** serde's refusal: the data starts as the sidecar's does, the reason is the node's own */
  const PARAMS = expect.objectContaining({ code: -32602, message: "Invalid params", data: expect.stringMatching(/^Failed to parse 'params' field: /) });
  const missing = "ab".repeat(32);
  const nobody = () => sdk.PrivateKey.fromHex("44".repeat(32), sdk.KeyAlgorithm.ED25519).publicKey;
  const root = async () => (await conform("chain_get_state_root_hash")).state_root_hash;

  async function refused(method: string, params: unknown, expected: unknown) {
    const answer = await rawCall(h.t.url, method, params);
    expect(answer.body.result, `${method} ${JSON.stringify(params)}`).toBeUndefined();
    expect(answer.body.error, `${method} ${JSON.stringify(params)}`).toEqual(expected);
  }

  it("methods without params refuse params", async () => {
    for (const method of ["info_get_status", "info_get_chainspec", "info_get_peers", "rpc.discover"]) await refused(method, [1], NO_PARAMS);
  });

  it("blocks: an unknown block is -32001 with the available range", async () => {
    await refused("chain_get_block", { block_identifier: { Height: 10_000 } }, noBlock());
    await refused("chain_get_state_root_hash", { block_identifier: { Hash: missing } }, noBlock());
    await refused("chain_get_block_transfers", { block_identifier: { Height: 10_000 } }, noBlock());
    await refused("chain_get_block_transfers", { block_identifier: { Height: -1 } }, PARAMS);
  });

  it("deploys and transactions", async () => {
    await refused("account_put_deploy", {}, { code: -32602, message: "Invalid params", data: "Failed to parse 'params' field: missing field `deploy`" });
    await refused("account_put_transaction", { transaction: { Version2: {} } }, PARAMS);
    await refused("info_get_deploy", { deploy_hash: missing }, { code: -32000, message: "No such deploy", data: "no deploy for hash deploy-hash(abab..abab)" });
    await refused("info_get_deploy", { deploy_hash: h.delegate.hash }, { code: -32015, message: "Variant mismatch internal error", data: "found a transaction when searching for a deploy" });
    await refused("info_get_transaction", { transaction_hash: { Deploy: missing } }, { code: -32014, message: "No such transaction", data: "no transaction for hash deploy-hash(abab..abab)" });
  });

  it("accounts and entities", async () => {
    await refused("state_get_account_info", { account_identifier: nobody().toHex() }, { code: -32009, message: "No such account", data: "the requested account was not found" });
    await refused("state_get_account_info", { account_identifier: pk(), block_identifier: { Height: 10_000 } }, NO_STATE("account info"));
    await refused("state_get_account_info", { account_identifier: "xyz" }, PARAMS);
    await refused("state_get_entity", { entity_identifier: { PublicKey: nobody().toHex() } }, NO_ENTITY);
    await refused("state_get_entity", { entity_identifier: { EntityAddr: `entity-account-${ED_KEY.publicKey.accountHash().toHex()}` } }, NO_ENTITY);
    await refused("state_get_entity", { entity_identifier: { ContractHash: `contract-${missing}` } }, NO_ENTITY);
    await refused("state_get_entity", { entity_identifier: { AccountHash: accountHash() }, block_identifier: { Hash: missing } }, NO_STATE("entity"));
  });

  it("packages", async () => {
    await refused("state_get_package", { package_identifier: { ContractPackageHash: `contract-package-${missing}` } }, NO_ENTITY);
    await refused("state_get_package", { package_identifier: { PackageAddr: `package-${missing}` } }, NO_ENTITY);
    await refused("state_get_package", { package_identifier: { ContractPackageHash: missing } }, PARAMS);
    await refused("state_get_package", { package_identifier: { ContractPackageHash: h.packageHash }, block_identifier: { Height: 10_000 } }, NO_STATE("package"));
    // a contract's hash is no package: the node's InternalError (binary_port.rs get_contract_package)
    await refused("state_get_package", { package_identifier: { ContractPackageHash: h.contractHash.replace("hash-", "contract-package-") } }, {
      code: -32018, message: "Node request failure", data: "request for package has failed: node reported internal error",
    });
  });

  it("global state", async () => {
    await refused("query_global_state", { key: "nonsense-key" }, PARAMS);
    await refused("query_global_state", { key: `hash-${missing}` }, NOT_FOUND);
    await refused("query_global_state", { key: accountHash(), path: ["nope"] }, NOT_FOUND);
    await refused("query_global_state", { key: accountHash(), state_identifier: { StateRootHash: missing } }, NO_STATE("global state item"));
    await refused("query_global_state", { key: accountHash(), state_identifier: { BlockHeight: 10_000 } }, noBlock());
    await refused("state_get_item", { state_root_hash: missing, key: accountHash() }, NO_STATE("global state item"));
    await refused("state_get_item", { state_root_hash: await root(), key: `hash-${missing}` }, NOT_FOUND);
  });

  it("dictionary items", async () => {
    const at = await root();
    const item = (identifier: unknown) => ({ state_root_hash: at, dictionary_identifier: identifier });
    await refused("state_get_dictionary_item", item({ Dictionary: `hash-${missing}` }), { code: -32002, message: "Failed to parse query key", data: "the provided dictionary key was invalid: not a dictionary key" });
    await refused("state_get_dictionary_item", item({ AccountNamedKey: { key: "nonsense", dictionary_name: "dict", dictionary_item_key: "apple" } }), expect.objectContaining({ code: -32002, message: "Failed to parse query key" }));
    await refused("state_get_dictionary_item", item({ AccountNamedKey: { key: accountHash(), dictionary_name: "nope", dictionary_item_key: "apple" } }), {
      code: -32018, message: "Node request failure", data: "request for dictionary item has failed: dictionary URef not found",
    });
    await refused("state_get_dictionary_item", item({ URef: { seed_uref: h.dictionarySeed, dictionary_item_key: "pear" } }), NOT_FOUND);
    await refused("state_get_dictionary_item", { state_root_hash: missing, dictionary_identifier: { URef: { seed_uref: h.dictionarySeed, dictionary_item_key: "apple" } } }, NO_STATE("dictionary item"));
  });

  it("balances", async () => {
    for (const method of ["query_balance", "query_balance_details"]) {
      await refused(method, { purse_identifier: { main_purse_under_public_key: nobody().toHex() } }, NO_PURSE);
      await refused(method, { purse_identifier: { purse_uref: `uref-${missing}-007` } }, NO_PURSE);
      await refused(method, { purse_identifier: { main_purse_under_public_key: pk() }, state_identifier: { StateRootHash: missing } }, NO_STATE("balance"));
      // an unknown block: the node answers nothing, the sidecar expected a balance
      await refused(method, { purse_identifier: { main_purse_under_public_key: pk() }, state_identifier: { BlockHeight: 10_000 } }, {
        code: -32018, message: "Node request failure", data: "request for balance has failed: unexpectedly received an empty envelope",
      });
      // a contract has no main purse (balance.rs purse_uref: TrackingCopyError::Authorization, FailedQuery)
      await refused(method, { purse_identifier: { main_purse_under_entity_addr: h.contractHash.replace("hash-", "entity-contract-") } }, {
        code: -32004, message: "Query failed to execute", data: "request for balance has failed: the provided global state query failed to execute",
      });
      await refused(method, { purse_identifier: { purse_uref: "uref-xyz" } }, PARAMS);
      await refused(method, {}, { code: -32602, message: "Invalid params", data: "Failed to parse 'params' field: missing field `purse_identifier`" });
    }
    await refused("state_get_balance", { state_root_hash: await root(), purse_uref: `uref-${missing}-007` }, NO_PURSE);
    await refused("state_get_balance", { state_root_hash: missing, purse_uref: `uref-${missing}-007` }, NO_STATE("balance"));
    await refused("state_get_balance", { state_root_hash: await root(), purse_uref: "nonsense" }, expect.objectContaining({ code: -32005, message: "Failed to parse get-balance URef" }));
  });
});

describe("coverage", () => {
  it("every method of both documents was validated above, except the ones still to come, which are not served", async () => {
    const all = [...methodNames("rpc"), ...methodNames("speculative")];
    const missing = all.filter((m) => !validated.has(m));
    expect(missing.sort()).toEqual([...NOT_YET].sort());
    for (const method of NOT_YET) expect((await rawCall(h.t.url, method, [])).body.error.code).toBe(-32601);
  });
});
