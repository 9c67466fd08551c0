// Real proofs from the local node, over HTTP: every answer that carries `merkle_proof` sends the hex of
// Vec<TrieMerkleProof<Key, StoredValue>> (one proof per key read, as casper-node 2.0 and its sidecar
// send it: rpc_sidecar/src/rpcs/state.rs, node/src/components/binary_port.rs), and a client checks it
// with host/state/merkle-proofs.ts against the state root hash of the block it asked about. A
// tampered proof, or one checked against another block's root, is refused. The same holds with the
// engine in 1.5.8 mode.
import sdk from "casper-js-sdk";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { parseKey } from "../host/bytesrepr/key.ts";
import { createLocalNetwork } from "../host/node/local-network.ts";
import { readGenesisConfig } from "../host/node/genesis-config.ts";
import { storedValueJson } from "../host/node/stored-value-json.ts";
import { checkStateProofs, decodeStateProofs, MerkleProofError, validateBalanceProof, validateQueryProof } from "../host/state/merkle-proofs.ts";
import { buildSessionWasm, buildTransfer } from "../scripts/cli/build-signed.ts";
import { args, CHAIN, dictionarySession, ED_KEY, NOW, OTHER_KEY, plan, SECP_KEY } from "./helpers/node-deploys.ts";
import { rawCall, startTestNode, type TestNode } from "./helpers/node-server.ts";

let t: TestNode;
const GENESIS_BALANCE = 1_000_000_000_000n;
const secpAccount = () => SECP_KEY.publicKey.accountHash().toPrefixedString();

async function call(method: string, params: unknown): Promise<any> {
  const answer = await rawCall(t.url, method, params);
  if (answer.body.error) throw new Error(`${method}: ${JSON.stringify(answer.body.error)}`);
  return answer.body.result;
}

async function rootAt(height: number): Promise<string> {
  return (await call("chain_get_state_root_hash", { block_identifier: { Height: height } })).state_root_hash;
}

beforeAll(async () => {
  t = await startTestNode([
    { publicKeyHex: ED_KEY.publicKey.toHex(), balance: GENESIS_BALANCE },
    { publicKeyHex: SECP_KEY.publicKey.toHex(), balance: GENESIS_BALANCE },
  ]);
  // block 1: SECP's account gets the named key "dict" (a dictionary seed) and the item "alice" = 5
  const made = buildSessionWasm(plan({ keys: [SECP_KEY] }), dictionarySession(), args());
  await call("account_put_deploy", { deploy: made.json });
  // block 2: a transfer from ED
  const transfer = buildTransfer(plan({ paymentMotes: 100_000_000n }), OTHER_KEY.publicKey, 2_500_000_000n, 1);
  await call("account_put_deploy", { deploy: transfer.json });
  expect(t.node.chain.height).toBe(2);
});
afterAll(async () => t.close());

describe("merkle_proof in the node's answers", () => {
  it("query_global_state along a path: one proof per key, each to the block's root, the last one the value", async () => {
    const root = await rootAt(2);
    const r = await call("query_global_state", { state_identifier: { BlockHeight: 2 }, key: secpAccount(), path: ["dict"] });
    const proofs = checkStateProofs(root, r.merkle_proof);
    expect(proofs.map((p) => p.storedValue.kind)).toEqual(["Account", "CLValue"]);
    expect(storedValueJson(proofs[1].storedValue)).toEqual(r.stored_value);
    validateQueryProof(root, r.merkle_proof, parseKey(secpAccount()), ["dict"], proofs[1].storedValue);
  });

  it("at every height, the account's proof is to that block's root, and to no other block's", async () => {
    const roots = [await rootAt(0), await rootAt(1), await rootAt(2)];
    expect(new Set(roots).size).toBe(3);
    for (let h = 0; h <= 2; h++) {
      const r = await call("query_global_state", { state_identifier: { BlockHeight: h }, key: secpAccount(), path: [] });
      const [proof] = checkStateProofs(roots[h], r.merkle_proof);
      expect(storedValueJson(proof.storedValue)).toEqual(r.stored_value);
      for (const other of roots.filter((_, i) => i !== h)) expect(() => checkStateProofs(other, r.merkle_proof)).toThrow(MerkleProofError);
    }
  });

  it("state_get_item, state_get_account_info and state_get_entity prove the account", async () => {
    const root = await rootAt(2);
    const item = await call("state_get_item", { state_root_hash: root, key: secpAccount(), path: [] });
    expect(checkStateProofs(root, item.merkle_proof)).toHaveLength(1);
    const info = await call("state_get_account_info", { account_identifier: SECP_KEY.publicKey.toHex(), block_identifier: { Height: 2 } });
    const [accountProof] = checkStateProofs(root, info.merkle_proof);
    expect(storedValueJson(accountProof.storedValue)).toEqual({ Account: info.account });
    const entity = await call("state_get_entity", { entity_identifier: { PublicKey: SECP_KEY.publicKey.toHex() }, block_identifier: { Height: 2 } });
    expect(entity.merkle_proof).toBe(info.merkle_proof);
  });

  it("state_get_balance proves the purse's balance entry; query_balance carries no proof, as in 2.0", async () => {
    const root = await rootAt(2);
    const purse = t.backend.engine.account(ED_KEY.publicKey.toHex()).mainPurse;
    const r = await call("state_get_balance", { state_root_hash: root, purse_uref: purse });
    const [proof] = checkStateProofs(root, r.merkle_proof);
    validateBalanceProof(root, proof, parseKey(purse), BigInt(r.balance_value));
    expect(BigInt(r.balance_value)).toBeLessThan(GENESIS_BALANCE);
    const q = await call("query_balance", { purse_identifier: { main_purse_under_public_key: ED_KEY.publicKey.toHex() } });
    expect(Object.keys(q).sort()).toEqual(["api_version", "balance"]);
  });

  it("state_get_dictionary_item proves the dictionary entry (by seed URef and by named key)", async () => {
    const root = await rootAt(2);
    const seed = t.backend.engine.account(SECP_KEY.publicKey.toHex()).namedKeys.dict;
    const byUref = await call("state_get_dictionary_item", { state_root_hash: root, dictionary_identifier: { URef: { seed_uref: seed, dictionary_item_key: "alice" } } });
    const [proof] = checkStateProofs(root, byUref.merkle_proof);
    expect(`dictionary-${Buffer.from(proof.key.subarray(1)).toString("hex")}`).toBe(byUref.dictionary_key);
    expect(proof.storedValue.kind).toBe("CLValue"); // the stored DictionaryValue wrapper, as the trie holds it
    const byName = await call("state_get_dictionary_item", {
      state_root_hash: root,
      dictionary_identifier: { AccountNamedKey: { key: secpAccount(), dictionary_name: "dict", dictionary_item_key: "alice" } },
    });
    expect(byName.merkle_proof).toBe(byUref.merkle_proof);
  });

  it("a tampered proof from an answer is refused with a clear error", async () => {
    const root = await rootAt(2);
    const r = await call("state_get_item", { state_root_hash: root, key: secpAccount(), path: [] });
    const bytes = Buffer.from(r.merkle_proof, "hex");
    bytes[bytes.length - 5] ^= 0xff;
    expect(() => checkStateProofs(root, bytes)).toThrow(/The proof hash is invalid\. \(proof 1 of 1, for account-hash-[0-9a-f]{64}, hashes to [0-9a-f]{64}, not to the state root hash [0-9a-f]{64}\)/);
    expect(decodeStateProofs(bytes)).toHaveLength(1); // well-formed, just not of this root
  });
});

describe("the same in 1.5.8 mode", () => {
  it("state roots are trie roots and the proofs check", async () => {
    const config = readGenesisConfig({ chain_name: CHAIN, accounts: [
      { name: "user", balance: GENESIS_BALANCE.toString(), public_key: ED_KEY.publicKey.toHex() },
      { name: "validator-1", balance: `${10n ** 15n}`, validator: { bonded_amount: `${5n * 10n ** 14n}`, delegation_rate: 10 } },
    ] });
    const net = createLocalNetwork({ config, clock: () => BigInt(NOW.getTime()) + 1_000n, engine: { protocol: "1.5.8" } });
    onTestFinished(() => net.close());
    const transfer = buildTransfer(plan({ paymentMotes: 100_000_000n }), OTHER_KEY.publicKey, 2_500_000_000n, 1);
    await net.node.call("account_put_deploy", { deploy: transfer.json });
    const root = net.node.chain.latest().stateRootHash;
    const purse = net.backend.engine.account(ED_KEY.publicKey.toHex()).mainPurse;
    const r = (await net.node.call("state_get_balance", { state_root_hash: root, purse_uref: purse })) as { balance_value: string; merkle_proof: string };
    const [proof] = checkStateProofs(root, r.merkle_proof);
    validateBalanceProof(root, proof, parseKey(purse), BigInt(r.balance_value));
    const other = sdk.PublicKey.fromHex(OTHER_KEY.publicKey.toHex()).accountHash().toPrefixedString();
    const q = (await net.node.call("query_global_state", { key: other, path: [] })) as { merkle_proof: string };
    expect(checkStateProofs(root, q.merkle_proof)[0].storedValue.kind).toBe("Account");
  });
});
