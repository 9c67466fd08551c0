// A local node with a chain that has history, for the JSON-RPC conformance tests: a contract package
// installed (keys_manager), a dictionary with an item, a native transfer, a delegation (a 2.0 native
// Delegate TransactionV1), a second validator's bid (a native AddBid), a failed deploy, then three
// ended eras (local_node_advance_eras): the delegation and the new validator reach the validator set
// (auction_delay 1) and the eras' rewards are paid. Each step goes through account_put_* and is
// checked executed; what the tests need to name (hashes, keys, heights) is handed back.
import sdk from "casper-js-sdk";
import { buildNativeDelegate, buildSessionWasm, buildTransfer, type Signed } from "../../scripts/cli/build-signed.ts";
import { artifact } from "./engine-artifacts.ts";
import { Data, module } from "./engine-wat.ts";
import { ED_KEY, NOW, OTHER_KEY, SECP_KEY, plan } from "./node-deploys.ts";
import { rpcResult, startTestNode, type TestNode } from "./node-server.ts";

const { Args, CLValue, NativeAddBidBuilder, Timestamp, TransactionV1 } = sdk;
/** ended after the history's transactions */
export const ERAS_ENDED = 3;
export const CSPR = 1_000_000_000n;

/** A session that makes a dictionary `dict` (a named key of the account) holding "apple" -> 77u64. */
export function dictionarySession(): Uint8Array {
  const d = new Data();
  const name = d.string("dict");
  const item = d.utf8("apple");
  // a CLValue as dictionary_put takes it: its bytes (u32 length, then the u64) and its CLType tag (U64 = 5)
  const clValue = d.bytes(new Uint8Array([8, 0, 0, 0, 77, 0, 0, 0, 0, 0, 0, 0, 5]));
  return module({
    imports: ["casper_new_dictionary", "casper_read_host_buffer", "casper_put_key", "casper_dictionary_put"],
    data: d,
    body: `(func (export "call")
      (if (call $casper_new_dictionary (i32.const 200)) (then unreachable))
      (if (call $casper_read_host_buffer (i32.const 101) (i32.const 33) (i32.const 208)) (then unreachable))
      (i32.store8 (i32.const 100) (i32.const 2))
      (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 100) (i32.const 34))
      (if (call $casper_dictionary_put (i32.const 101) (i32.const 33) (i32.const ${item.ptr}) (i32.const ${item.len}) (i32.const ${clValue.ptr}) (i32.const ${clValue.len})) (then unreachable)))`,
  });
}

/** A session that reverts with User error 7 after doing some work. */
export function revertingSession(): Uint8Array {
  return module({
    imports: ["casper_revert"],
    data: new Data(),
    body: `(func (export "call") (drop (i32.add (i32.const 1) (i32.const 2))) (call $casper_revert (i32.const ${65536 + 7})))`,
  });
}

/** A 2.0 native AddBid by SECP_KEY for itself (casper-js-sdk's builder, signed as the CLI signs). */
function nativeAddBid(amount: bigint, delegationRate: number): Signed {
  const p = fresh({ keys: [SECP_KEY] });
  const tx = new NativeAddBidBuilder()
    .from(SECP_KEY.publicKey).validator(SECP_KEY.publicKey).amount(amount.toString()).delegationRate(delegationRate)
    .chainName(p.chainName).timestamp(new Timestamp(p.timestamp!)).ttl(p.ttlMs!).payment(2_500_000_000, 1)
    .build();
  tx.sign(SECP_KEY);
  const v1 = tx.getTransactionV1()!;
  return { kind: "transaction", hash: v1.hash.toHex(), transaction: v1, json: TransactionV1.toJSON(v1) };
}

export interface History {
  t: TestNode;
  /** blocks of each step */
  install: { hash: string; height: number };
  dictionary: { hash: string; height: number };
  transfer: { hash: string; height: number; blockHash: string };
  delegate: { hash: string; height: number; blockHash: string };
  failed: { hash: string; height: number };
  addBid: { hash: string; height: number };
  /** the switch blocks that ended eras 0, 1, 2 */
  switchBlocks: { hash: string; height: number; era_id: number }[];
  /** the public key of the validator the AddBid made (SECP_KEY's) */
  newValidator: string;
  contractHash: string;
  packageHash: string;
  dictionarySeed: string;
  /** a 2.0 bid record's key (`bid-addr-…`) the delegation wrote */
  bidAddrKey: string;
  validator: string;
}

let seq = 0;
/** A plan with its own timestamp, so each signed item has its own hash. */
export function fresh(overrides: Parameters<typeof plan>[0] = {}) {
  seq += 1;
  return plan({ timestamp: new Date(NOW.getTime() - 60_000 + seq), ...overrides });
}

export async function send(t: TestNode, signed: Signed): Promise<{ hash: string; height: number; blockHash: string; result: any }> {
  if (signed.kind === "deploy") {
    await rpcResult(t.url, "account_put_deploy", { deploy: signed.json });
    const info = (await rpcResult(t.url, "info_get_deploy", { deploy_hash: signed.hash })).execution_info;
    return { hash: signed.hash, height: info.block_height, blockHash: info.block_hash, result: info.execution_result.Version2 };
  }
  await rpcResult(t.url, "account_put_transaction", { transaction: { Version1: signed.json } });
  const info = (await rpcResult(t.url, "info_get_transaction", { transaction_hash: { Version1: signed.hash } })).execution_info;
  return { hash: signed.hash, height: info.block_height, blockHash: info.block_hash, result: info.execution_result.Version2 };
}

function succeeded(step: string, r: { result: any }) {
  if (r.result.error_message !== null) throw new Error(`${step} failed: ${r.result.error_message}`);
}

export async function buildHistory(): Promise<History> {
  const t = await startTestNode([
    { publicKeyHex: ED_KEY.publicKey.toHex(), balance: 100_000n * CSPR },
    { publicKeyHex: SECP_KEY.publicKey.toHex(), balance: 100_000n * CSPR },
  ]);
  const install = await send(t, buildSessionWasm(fresh({ paymentMotes: 50n * CSPR }), artifact("keys_manager"), Args.fromMap({})));
  succeeded("install", install);
  const dictionary = await send(t, buildSessionWasm(fresh({ paymentMotes: 5n * CSPR }), dictionarySession(), Args.fromMap({})));
  succeeded("dictionary", dictionary);
  const transfer = await send(t, buildTransfer(fresh({ paymentMotes: 100_000_000n }), OTHER_KEY.publicKey, 7n * CSPR, 11));
  succeeded("transfer", transfer);
  const validator = sdk.PublicKey.fromHex(t.validator);
  const delegate = await send(t, buildNativeDelegate(fresh({ keys: [SECP_KEY], paymentMotes: 2_500_000_000n, transaction: true }), validator, 600n * CSPR));
  succeeded("delegate", delegate);
  const addBid = await send(t, nativeAddBid(20_000n * CSPR, 5));
  succeeded("add bid", addBid);
  const failed = await send(t, buildSessionWasm(fresh({ paymentMotes: 3n * CSPR }), revertingSession(), Args.fromMap({ x: CLValue.newCLUint64(1) })));
  if (failed.result.error_message !== "User error: 7") throw new Error(`the reverting session gave ${failed.result.error_message}`);
  const { switch_blocks: switchBlocks } = await rpcResult(t.url, "local_node_advance_eras", { count: ERAS_ENDED });

  const account = (await rpcResult(t.url, "state_get_account_info", { account_identifier: ED_KEY.publicKey.toHex() })).account;
  const named = Object.fromEntries(account.named_keys.map((k: { name: string; key: string }) => [k.name, k.key]));
  const contractHash = named.keys_manager as string;
  const contract = (await rpcResult(t.url, "query_global_state", { key: contractHash, path: [] })).stored_value.Contract;
  return {
    t,
    install: { hash: install.hash, height: install.height },
    dictionary: { hash: dictionary.hash, height: dictionary.height },
    transfer: { hash: transfer.hash, height: transfer.height, blockHash: transfer.blockHash },
    delegate: { hash: delegate.hash, height: delegate.height, blockHash: delegate.blockHash },
    failed: { hash: failed.hash, height: failed.height },
    addBid: { hash: addBid.hash, height: addBid.height },
    switchBlocks,
    newValidator: SECP_KEY.publicKey.toHex(),
    contractHash,
    packageHash: contract.contract_package_hash,
    dictionarySeed: named.dict,
    bidAddrKey: delegate.result.effects.find((e: { key: string }) => e.key.startsWith("bid-addr-")).key,
    validator: t.validator,
  };
}
