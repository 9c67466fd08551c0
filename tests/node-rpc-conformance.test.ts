// The local node against Casper 2.0's official OpenRPC documents (casper-sidecar's rpc_schema.json and
// speculative_rpc_schema.json, host/node/rpc/openrpc/): on a chain with history (a contract package,
// a dictionary item, a transfer, a delegation, a new validator's bid, a failed deploy, three ended
// eras), every method of both documents is called with parameters taken from the node's own chain —
// themselves checked against the document's params schemas — and every answer is validated by ajv
// against the method's result schema; the coverage test fails if one is left out.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import sdk from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeStoredValue } from "../host/bytesrepr/stored-value.ts";
import { parseKey } from "../host/bytesrepr/key.ts";
import { checkStateProofs, validateBalanceProof, validateQueryProof } from "../host/state/merkle-proofs.ts";
import { buildContractCall, buildNativeDelegate, buildSessionWasm, buildTransfer } from "../scripts/cli/build-signed.ts";
import { ED_KEY, OTHER_KEY, SECP_KEY, WASM, args } from "./helpers/node-deploys.ts";
import { CSPR, ERAS_ENDED, buildHistory, fresh, revertingSession, type History } from "./helpers/node-history.ts";
import { methodNames, paramsErrors, resultErrors } from "./helpers/node-openrpc.ts";
import { rawCall } from "./helpers/node-server.ts";

const { Args, CLValue } = sdk;


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
    expect(status.last_added_block_info.height).toBe(h.t.node.chain.height);
    expect(status.latest_switch_block_hash).toBe(h.switchBlocks[ERAS_ENDED - 1].hash);
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

describe("the auction and the eras, as 2.0 reports them", () => {
  const v1 = () => h.validator;
  const delegator = () => SECP_KEY.publicKey.toHex();
  const weightsOf = (eraValidators: any[], era: number) =>
    Object.fromEntries(eraValidators.find((e) => e.era_id === era).validator_weights.map((w: any) => [w.public_key, w.weight]));

  it("state_get_auction_info_v2: every record, and each era's validators with their total stake", async () => {
    const latest = await conform("state_get_auction_info_v2");
    const state = latest.auction_state;
    expect(state.block_height).toBe(h.t.node.chain.height);
    const kinds = state.bids.map((b: any) => `${Object.keys(b.bid)[0]}:${b.public_key}`).sort();
    expect(kinds).toEqual([`Delegator:${v1()}`, `Validator:${v1()}`, `Validator:${h.newValidator}`].sort());
    // each record is what global state holds under its BidAddr key
    const stored = (await conform("query_global_state", { key: h.bidAddrKey })).stored_value.BidKind;
    expect(state.bids.find((b: any) => b.bid.Delegator)?.bid).toEqual(stored);
    // era 3 is current; the snapshot holds it and auction_delay (1) eras ahead, plus the one before
    expect(state.era_validators.map((e: any) => e.era_id)).toEqual([2, 3, 4]);
    // at the last switch block, the weights of the era it chose are the bids as they stood: the
    // validator's stake plus its delegator's
    const atSwitch = (await conform("state_get_auction_info_v2", { block_identifier: { Hash: h.switchBlocks[ERAS_ENDED - 1].hash } })).auction_state;
    const bidOf = (who: string, kind: string) => BigInt(atSwitch.bids.find((b: any) => b.public_key === who && b.bid[kind]).bid[kind].staked_amount);
    expect(weightsOf(atSwitch.era_validators, ERAS_ENDED + 1)).toEqual({
      [v1()]: String(bidOf(v1(), "Validator") + bidOf(v1(), "Delegator")),
      [h.newValidator]: String(20_000n * CSPR),
    });
    // before the new bid, only the genesis validator, in eras 0 and 1
    const early = (await conform("state_get_auction_info_v2", { block_identifier: { Height: h.delegate.height } })).auction_state;
    expect(early.era_validators.map((e: any) => [e.era_id, e.validator_weights.map((w: any) => w.public_key)])).toEqual([[0, [v1()]], [1, [v1()]]]);
    await conform("state_get_auction_info_v2", { block_identifier: { Hash: h.switchBlocks[0].hash } });
  });

  it("state_get_auction_info: the 1.x shape, one Bid per validator with its public-key delegators", async () => {
    const v2 = (await conform("state_get_auction_info_v2")).auction_state;
    const state = (await conform("state_get_auction_info")).auction_state;
    expect({ ...state, bids: undefined }).toEqual({ ...v2, bids: undefined });
    expect(state.bids.map((b: any) => b.public_key)).toEqual([v1(), h.newValidator].sort());
    const genesisBid = state.bids.find((b: any) => b.public_key === v1()).bid;
    const delegation = v2.bids.find((b: any) => b.bid.Delegator).bid.Delegator;
    expect(genesisBid.delegators).toEqual([{
      delegator_public_key: delegator(),
      delegator: {
        delegator_public_key: delegator(), staked_amount: delegation.staked_amount, bonding_purse: delegation.bonding_purse,
        validator_public_key: v1(), vesting_schedule: null,
      },
    }]);
    expect(state.bids.find((b: any) => b.public_key === h.newValidator).bid).toMatchObject({ staked_amount: String(20_000n * CSPR), delegation_rate: 5, delegators: [] });
    await conform("state_get_auction_info", { block_identifier: { Height: 0 } });
  });

  it("chain_get_era_summary and chain_get_era_info_by_switch_block: the era's EraInfo, proven; its allocations share out the switch block's rewards", async () => {
    const latest = (await conform("chain_get_era_summary")).era_summary;
    const lastSwitch = h.switchBlocks[ERAS_ENDED - 1];
    expect(latest).toMatchObject({ block_hash: lastSwitch.hash, era_id: lastSwitch.era_id });
    const eraEnd = (await conform("chain_get_block", { block_identifier: { Hash: lastSwitch.hash } })).block_with_signatures.block.Version2.header.era_end;
    const shares = new Map<string, bigint>();
    for (const a of latest.stored_value.EraInfo.seigniorage_allocations) {
      const { validator_public_key, amount } = (a.Validator ?? a.DelegatorKind) as { validator_public_key: string; amount: string };
      shares.set(validator_public_key, (shares.get(validator_public_key) ?? 0n) + BigInt(amount));
    }
    for (const [validator, amounts] of Object.entries(eraEnd.rewards as Record<string, string[]>)) expect(shares.get(validator)).toBe(BigInt(amounts[0]));
    // the proof is the trie's for Key::EraSummary at that state
    const direct = await conform("query_global_state", { key: `era-summary-${"00".repeat(32)}`, state_identifier: { StateRootHash: latest.state_root_hash } });
    expect(latest.merkle_proof).toBe(direct.merkle_proof);
    expect(latest.stored_value).toEqual(direct.stored_value);
    for (const s of h.switchBlocks) {
      const bySwitch = (await conform("chain_get_era_info_by_switch_block", { block_identifier: { Hash: s.hash } })).era_summary;
      expect(bySwitch).toMatchObject({ block_hash: s.hash, era_id: s.era_id });
      expect((await conform("chain_get_era_summary", { block_identifier: { Height: s.height } })).era_summary.era_id).toBe(s.era_id);
    }
    // a block that ends no era has no era info; no params: the latest switch block
    expect((await conform("chain_get_era_info_by_switch_block", { block_identifier: { Height: h.install.height } })).era_summary).toBeNull();
    expect((await conform("chain_get_era_info_by_switch_block")).era_summary.block_hash).toBe(lastSwitch.hash);
  });

  it("info_get_reward: the validator's and the delegator's parts of an era's rewards (detail.rs reward)", async () => {
    const era = ERAS_ENDED - 1; // the delegation is in the snapshot of era 2 (made in era 0, auction_delay 1)
    const s = h.switchBlocks[era];
    const header = (await conform("chain_get_block", { block_identifier: { Hash: s.hash } })).block_with_signatures.block.Version2.header;
    const total = BigInt(header.era_end.rewards[v1()][0]);
    const weights = weightsOf((await conform("state_get_auction_info_v2", { block_identifier: { Height: s.height - 1 } })).auction_state.era_validators, era);
    const delegated = BigInt((await conform("state_get_auction_info_v2", { block_identifier: { Height: s.height - 1 } })).auction_state.bids.find((b: any) => b.bid.Delegator).bid.Delegator.staked_amount);
    // a delegator's share: reward x stake / total stake x (1 - delegation rate 10%), rounded down
    const delegatorPart = (total * delegated * 90n) / (BigInt(weights[v1()]) * 100n);
    const validatorAnswer = await conform("info_get_reward", { validator: v1(), era_identifier: { Era: era } });
    expect(validatorAnswer).toEqual({ api_version: "2.0.0", reward_amount: String(total - delegatorPart), era_id: era, delegation_rate: 10, switch_block_hash: s.hash });
    const delegatorAnswer = await conform("info_get_reward", { validator: v1(), delegator: delegator(), era_identifier: { Block: { Hash: s.hash } } });
    expect(delegatorAnswer.reward_amount).toBe(String(delegatorPart));
    // no era: the latest switch block; a block of an era: that era's switch block
    expect((await conform("info_get_reward", { validator: v1() })).switch_block_hash).toBe(h.switchBlocks[ERAS_ENDED - 1].hash);
    expect((await conform("info_get_reward", { validator: v1(), era_identifier: { Block: { Height: h.install.height } } })).switch_block_hash).toBe(h.switchBlocks[0].hash);
    // a delegator the validator does not have gets nothing
    const nobody = sdk.PrivateKey.fromHex("44".repeat(32), sdk.KeyAlgorithm.ED25519).publicKey.toHex();
    expect((await conform("info_get_reward", { validator: v1(), delegator: nobody, era_identifier: { Era: era } })).reward_amount).toBe("0");
  });

  it("info_get_validator_changes: the new validator Added in the era it joined (the open eras 1..3); GET /validator-changes agrees", async () => {
    const changes = await conform("info_get_validator_changes");
    expect(changes.changes).toEqual([{ public_key: h.newValidator, status_changes: [{ era_id: 2, validator_change: "Added" }] }]);
    const rest = await fetch(h.t.url.replace(/\/rpc$/, "/validator-changes"));
    expect(await rest.json()).toEqual(changes);
  });

  it("bad parameters: the sidecar's errors", async () => {
    const refused = async (method: string, params: unknown) => (await rawCall(h.t.url, method, params)).body.error;
    const noBlock = { code: -32001, message: "No such block", data: { message: "no block found for the provided identifier", available_block_range: { low: 0, high: h.t.node.chain.height } } };
    for (const method of ["state_get_auction_info", "state_get_auction_info_v2", "chain_get_era_summary", "chain_get_era_info_by_switch_block"]) {
      expect(await refused(method, { block_identifier: { Height: 10_000 } })).toEqual(noBlock);
      expect(await refused(method, { block_identifier: { Nope: 1 } })).toMatchObject({ code: -32602, message: "Invalid params" });
    }
    // no EraInfo before the first era ends
    expect(await refused("chain_get_era_summary", { block_identifier: { Height: h.install.height } })).toEqual({ code: -32003, message: "Query failed", data: "value was not found in the global state" });
    expect(await refused("info_get_reward", { validator: v1(), era_identifier: { Era: 99 } })).toEqual({
      code: -32023, message: "Switch block not found", data: "request for rewards has failed: the switch block for the requested era was not found",
    });
    const noReward = { code: -32022, message: "No rewards found", data: "the requested reward was not found" };
    // era 0's switch block rewards only the genesis validator
    expect(await refused("info_get_reward", { validator: h.newValidator, era_identifier: { Era: 0 } })).toEqual(noReward);
    expect(await refused("info_get_reward", {})).toEqual({ code: -32602, message: "Invalid params", data: "Failed to parse 'params' field: missing field `validator`" });
    expect(await refused("info_get_reward", { validator: "xyz" })).toMatchObject({ code: -32602 });
    expect(await refused("info_get_validator_changes", [1])).toMatchObject({ code: -32602 });
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

describe("casper-js-sdk 5.0.12 parses the auction, era and reward answers", () => {
  const rpc = () => new sdk.RpcClient(new sdk.HttpHandler(h.t.url, "fetch"));

  it("auction info (v1 and v2), era summary and era info, rewards, validator changes", async () => {
    const v2 = await rpc().getLatestAuctionInfoV2();
    expect(v2.auctionState.bids).toHaveLength(3);
    // getLatestAuctionInfo, what a staking page calls first: the delegation is there, with its stake
    const info = await rpc().getLatestAuctionInfo();
    const delegation = info.auctionState.bids.find((b) => b.bid.delegator)!.bid.delegator!;
    expect(delegation.validatorPublicKey.toHex()).toBe(h.validator);
    const raw = (await conform("state_get_auction_info_v2")).auction_state.bids.find((b: any) => b.bid.Delegator).bid.Delegator;
    expect(delegation.stakedAmount.toString()).toBe(raw.staked_amount);
    const v1 = await rpc().getLatestAuctionInfoV1();
    expect(v1.auctionState.bids.map((b: any) => b.publicKey.toHex()).sort()).toEqual([h.validator, h.newValidator].sort());
    const summary = await rpc().getEraSummaryLatest();
    expect(summary.eraSummary.eraID).toBe(ERAS_ENDED - 1);
    expect((await rpc().getEraInfoLatest()).eraSummary.blockHash.toHex()).toBe(h.switchBlocks[ERAS_ENDED - 1].hash);
    const reward = await rpc().getValidatorRewardByEraID(sdk.PublicKey.fromHex(h.validator), ERAS_ENDED - 1);
    expect(reward.eraID).toBe(ERAS_ENDED - 1);
    expect(reward.switchBlockHash.toHex()).toBe(h.switchBlocks[ERAS_ENDED - 1].hash);
    const delegated = await rpc().getLatestDelegatorReward(sdk.PublicKey.fromHex(h.validator), SECP_KEY.publicKey);
    expect(BigInt(delegated.rewardAmount.toString())).toBeGreaterThan(0n);
    const changes = await rpc().getValidatorChangesInfo();
    expect(changes.changes.map((c) => [c.publicKey.toHex(), c.statusChanges.map((s) => [s.eraID, s.validatorState])])).toEqual([[h.newValidator, [[2, "Added"]]]]);
  });
});

describe("coverage", () => {
  it("every method of both documents was validated above", () => {
    const all = [...methodNames("rpc"), ...methodNames("speculative")];
    expect(all.filter((m) => !validated.has(m))).toEqual([]);
    expect(all).toHaveLength(27);
  });
});
