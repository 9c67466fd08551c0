// casper-cep18-js-client@1.0.3, the CEP-18 client Casper publishes (tests/oracles/cep18-js-client: its own
// casper-js-sdk 2), against our CEP-18 on the local node (Casper 2.0.0): the client builds and signs every
// deploy (install with our wasm in place of its embedded Rust build, transfer, approve, transfer_from,
// increase/decrease_allowance, mint, burn, change_security), they go to the node as the client's SDK sends
// them (account_put_deploy), and the client reads the token back its own way (state_get_dictionary_item
// with its own item keys for balances and allowances, state_get_item for name, symbol, decimals, total
// supply, events mode and the mint flag). Nothing but the contract is ours.
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifact } from "./helpers/engine-artifacts.ts";
import { startTestNode, type TestNode } from "./helpers/node-server.ts";
import { CHAIN } from "./helpers/node-deploys.ts";
import { summarizeExecution } from "../scripts/cli/execution-report.ts";

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { cep18, sdk } = require("./oracles/cep18-js-client/index.cjs") as { cep18: any; sdk: any };

const CSPR = 1_000_000_000n;
const keyPair = (seedHex: string) => {
  const seed = Buffer.from(seedHex, "hex");
  return sdk.Keys.Ed25519.parseKeyPair(sdk.Keys.Ed25519.privateToPublicKey(seed), seed);
};
const ALICE = keyPair("11".repeat(32));
const BOB = keyPair("33".repeat(32));
const CAROL = keyPair("44".repeat(32));

describe.each(["cep18", "cep18_2x"] as const)("casper-cep18-js-client against our %s on the local node (2.0.0)", (build) => {
  let node: TestNode;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let client: any;

  /** Sends a deploy the client built (with its SDK's RPC client) and waits until the node executed it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function send(deploy: any): Promise<ReturnType<typeof summarizeExecution>> {
    const rpc = new sdk.CasperServiceByJsonRPC(node.url);
    const { deploy_hash: hash } = await rpc.deploy(deploy);
    for (let i = 0; i < 200; i++) {
      const res = await fetch(node.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "info_get_deploy", params: { deploy_hash: hash } }) });
      const summary = summarizeExecution(((await res.json()) as { result: unknown }).result);
      if (summary.executed) return summary;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`deploy ${hash} was not executed`);
  }
  const PAY = 5n * CSPR;
  const ok = async (deploy: unknown) => expect(await send(deploy)).toMatchObject({ executed: true, success: true });

  beforeAll(async () => {
    node = await startTestNode([ALICE, BOB, CAROL].map((k) => ({ publicKeyHex: k.publicKey.toHex().toLowerCase(), balance: 10_000n * CSPR })), true);
    client = new cep18.CEP18Client(node.url, CHAIN);
    const install = client.install(
      artifact(build),
      { name: "ClientToken", symbol: "CLT", decimals: 6, totalSupply: 1_000_000, eventsMode: cep18.EVENTS_MODE.CES, enableMintAndBurn: true },
      600n * CSPR,
      ALICE.publicKey,
      CHAIN,
      [ALICE],
    );
    await ok(install);
    const named = node.backend.engine.account(ALICE.publicKey.toHex().toLowerCase()).namedKeys;
    client.setContractHash(named.cep18_contract_hash_ClientToken, named.cep18_contract_package_ClientToken);
  }, 120_000);
  afterAll(async () => {
    await node?.close();
  });

  it("reads the installed token as the client reads Rust's: name, symbol, decimals, supply, events mode, mint flag, the installer's balance", async () => {
    expect(await client.name()).toBe("ClientToken");
    expect(await client.symbol()).toBe("CLT");
    expect((await client.decimals()).toNumber()).toBe(6);
    expect((await client.totalSupply()).toString()).toBe("1000000");
    expect(await client.eventsMode()).toBe("CES");
    expect(await client.isMintAndBurnEnabled()).toBe(true);
    expect((await client.balanceOf(ALICE.publicKey)).toString()).toBe("1000000");
    expect((await client.balanceOf(BOB.publicKey)).toString()).toBe("0");
  });

  it("transfer, approve, transfer_from, increase and decrease allowance: the client's deploys run, its queries see the result", async () => {
    await ok(client.transfer({ recipient: BOB.publicKey, amount: 1_000 }, PAY, ALICE.publicKey, CHAIN, [ALICE]));
    expect((await client.balanceOf(BOB.publicKey)).toString()).toBe("1000");
    await ok(client.approve({ spender: CAROL.publicKey, amount: 500 }, PAY, BOB.publicKey, CHAIN, [BOB]));
    expect((await client.allowances(BOB.publicKey, CAROL.publicKey)).toString()).toBe("500");
    await ok(client.transferFrom({ owner: BOB.publicKey, recipient: CAROL.publicKey, amount: 200 }, PAY, CAROL.publicKey, CHAIN, [CAROL]));
    expect((await client.balanceOf(BOB.publicKey)).toString()).toBe("800");
    expect((await client.balanceOf(CAROL.publicKey)).toString()).toBe("200");
    expect((await client.allowances(BOB.publicKey, CAROL.publicKey)).toString()).toBe("300");
    await ok(client.increaseAllowance({ spender: CAROL.publicKey, amount: 50 }, PAY, BOB.publicKey, CHAIN, [BOB]));
    expect((await client.allowances(BOB.publicKey, CAROL.publicKey)).toString()).toBe("350");
    await ok(client.decreaseAllowance({ spender: CAROL.publicKey, amount: 1_000 }, PAY, BOB.publicKey, CHAIN, [BOB]));
    expect((await client.allowances(BOB.publicKey, CAROL.publicKey)).toString()).toBe("0");
  });

  it("the token's errors reach the client as Rust's would: its ERROR_CODES name them", async () => {
    const failed = await send(client.transfer({ recipient: ALICE.publicKey, amount: 10_000 }, PAY, CAROL.publicKey, CHAIN, [CAROL]));
    expect(failed).toMatchObject({ executed: true, success: false, errorMessage: "User error: 60001" });
    expect(cep18.ERROR_CODES[60001]).toMatch(/balance/i);
    const self = await send(client.transfer({ recipient: CAROL.publicKey, amount: 1 }, PAY, CAROL.publicKey, CHAIN, [CAROL]));
    expect(self.errorMessage).toBe("User error: 60017");
    expect((await client.balanceOf(CAROL.publicKey)).toString()).toBe("200");
  });

  it("mint, burn and change_security with the client's own arg encodings", async () => {
    await ok(client.mint({ owner: CAROL.publicKey, amount: 5 }, PAY, ALICE.publicKey, CHAIN, [ALICE]));
    expect((await client.totalSupply()).toString()).toBe("1000005");
    expect((await client.balanceOf(CAROL.publicKey)).toString()).toBe("205");
    const refused = await send(client.mint({ owner: BOB.publicKey, amount: 5 }, PAY, BOB.publicKey, CHAIN, [BOB]));
    expect(refused.errorMessage).toBe("User error: 60010");
    await ok(client.changeSecurity({ minterList: [BOB.publicKey] }, PAY, ALICE.publicKey, CHAIN, [ALICE]));
    await ok(client.mint({ owner: BOB.publicKey, amount: 5 }, PAY, BOB.publicKey, CHAIN, [BOB]));
    await ok(client.burn({ owner: BOB.publicKey, amount: 805 }, PAY, BOB.publicKey, CHAIN, [BOB]));
    expect((await client.balanceOf(BOB.publicKey)).toString()).toBe("0");
    expect((await client.totalSupply()).toString()).toBe("999205"); // + 5 minted by bob - 805 burnt
  });
});
