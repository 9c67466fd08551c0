// Reads at past state roots over many blocks: what query_balance and state_get_account_info answer at
// block h equals what the engine held right after block h, for every h (each read walks the Merkle
// trie from block h's root); and executing is only possible on the latest state.
import sdk from "casper-js-sdk";
import { describe, expect, it, onTestFinished } from "vitest";
import { readGenesisConfig } from "../host/node/genesis-config.ts";
import { createLocalNetwork } from "../host/node/local-network.ts";
import { buildTransfer } from "../scripts/cli/build-signed.ts";

const CSPR = 1_000_000_000n;

describe("state history", () => {
  it("every block's balances and accounts read back at its height", async () => {
    const config = readGenesisConfig({});
    const start = BigInt(Date.UTC(2030, 0, 1));
    const net = createLocalNetwork({ config, clock: () => start, engine: { metered: false } });
    onTestFinished(() => net.close());
    const faucet = config.accounts.find((a) => a.name === "faucet")!;
    const users = config.accounts.filter((a) => a.name.startsWith("user-"));
    const watched = [faucet, ...users].map((a) => a.publicKeyHex);
    const expected: bigint[][] = [watched.map((pk) => net.backend.engine.balance(pk))];
    const blocks = 135;
    const newcomer = sdk.PrivateKey.fromHex("77".repeat(32), sdk.KeyAlgorithm.ED25519).publicKey;
    for (let i = 1; i <= blocks; i++) {
      // block 100 sends to a key with no account: the transfer creates it there
      const to = i === 100 ? newcomer : users[i % users.length].secretKey!.publicKey;
      const signed = buildTransfer({ chainName: config.chainspec.chainName, keys: [faucet.secretKey!], paymentMotes: 100_000_000n, timestamp: new Date(Number(start) - 100_000 + i) }, to, 3n * CSPR + BigInt(i), i);
      await net.node.call("account_put_deploy", { deploy: signed.json });
      expected.push(watched.map((pk) => net.backend.engine.balance(pk)));
    }
    expect(net.node.chain.height).toBe(blocks);
    for (let h = 0; h <= blocks; h++) {
      const got: bigint[] = [];
      for (const pk of watched) {
        const r = (await net.node.call("query_balance", { state_identifier: { BlockHeight: h }, purse_identifier: { main_purse_under_public_key: pk } })) as { balance: string };
        got.push(BigInt(r.balance));
      }
      expect(got, `block ${h}`).toEqual(expected[h]);
    }
    // a key written at one block reads as absent before it: the account block 100's transfer created
    const created = newcomer.accountHash().toPrefixedString();
    expect(await net.node.call("query_global_state", { state_identifier: { BlockHeight: 100 }, key: created, path: [] })).toHaveProperty("stored_value.Account");
    await expect(net.node.call("query_global_state", { state_identifier: { BlockHeight: 99 }, key: created, path: [] })).rejects.toThrow(/value was not found in the global state/);
  }, 60_000);

  it("execution builds only on the latest state", () => {
    const net = createLocalNetwork({ config: readGenesisConfig({}), engine: { metered: false } });
    onTestFinished(() => net.close());
    const genesis = net.backend.genesisStateRootHash();
    expect(() => net.backend.execute({ kind: "deploy", hash: "00".repeat(32), wire: {} as never }, "ab".repeat(32), { height: 1, timestampMs: 0n, eraId: 0, proposer: net.backend.proposerPublicKey, protocolVersion: "2.0.0" }))
      .toThrow(`execution on state root hash ${"ab".repeat(32)}: only the latest state (${genesis}) can be built on`);
  });
});
