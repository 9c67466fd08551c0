// What the example dApp needs before a page can use it, done from Node with casper-js-sdk: the local
// node answers, the page's account exists, keys_manager is installed under that account (deployed
// once from build/keys_manager.wasm, with the gas report's payment), and the page's settings: the
// node's URLs, the chain, the account and the development key the page signs with.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sdk from "casper-js-sdk";
import { buildSessionWasm } from "../../scripts/cli/build-signed.ts";
import { loadSecretKey } from "../../scripts/cli/keys.ts";
import { reportedPayment } from "../../scripts/gas/report.ts";

const { RpcClient, HttpHandler, Args, PublicKey } = sdk;

/** What the page is given (served as /dapp-config.json). */
export interface DappConfig {
  /** JSON-RPC endpoint, e.g. http://127.0.0.1:7777/rpc */
  nodeUrl: string;
  /** the node's event stream, e.g. http://127.0.0.1:7777/events */
  eventsUrl: string;
  chainName: string;
  /** the account the page acts for, and the development key it signs with */
  account: { name: string; publicKey: string; secretKeyPem: string };
  /** whom the page's transfer pays, and whose key keys_manager adds to the account */
  recipient: { name: string; publicKey: string };
  transfer: { amountMotes: string; paymentMotes: string };
  keysManager: { namedKey: string; entryPoint: string; weight: number; paymentMotes: string };
}

export interface SetupOptions {
  /** e.g. http://127.0.0.1:7777/rpc */
  nodeUrl: string;
  /** where `npm run node -- --keys DIR` wrote the genesis keys */
  keysDir: string;
  /** the genesis account the page acts for (default user-1) */
  account?: string;
  /** the genesis account it pays and adds as an associated key (default user-2) */
  recipient?: string;
  log?: (line: string) => void;
}

const ROOT = new URL("../..", import.meta.url).pathname;
const KEYS_MANAGER_WASM = join(ROOT, "build", "keys_manager.wasm");
const PROTOCOL = "2.0.0";

export class SetupError extends Error {}

/** Checks the node, installs keys_manager for the account if it has none, and returns the page's settings. */
export async function prepareDapp(options: SetupOptions): Promise<DappConfig> {
  const log = options.log ?? (() => {});
  const accountName = options.account ?? "user-1";
  const recipientName = options.recipient ?? "user-2";
  const rpc = new RpcClient(new HttpHandler(options.nodeUrl, "fetch"));
  let chainName: string;
  try {
    chainName = (await rpc.getStatus()).chainSpecName;
  } catch (e) {
    throw new SetupError(`the node at ${options.nodeUrl} does not answer (${(e as Error).message}); start it with: npm run node -- --keys ${options.keysDir}`);
  }
  const key = loadSecretKey(join(options.keysDir, accountName));
  const recipient = PublicKey.fromHex(readFileSync(join(options.keysDir, recipientName, "public_key_hex"), "utf8").trim());
  const namedKeys = (await rpc.getAccountInfo(null, { publicKey: key.publicKey } as never)).account.namedKeys.map((k) => k.name);

  if (!namedKeys.includes("keys_manager")) {
    const payment = reportedPayment(PROTOCOL, "keys_manager:install");
    if (payment === undefined) throw new SetupError("scripts/gas-report.json has no keys_manager:install payment (run npm run gas -- --update)");
    let wasm: Uint8Array;
    try {
      wasm = new Uint8Array(readFileSync(KEYS_MANAGER_WASM));
    } catch {
      throw new SetupError(`${KEYS_MANAGER_WASM} is missing: run npm run build`);
    }
    const signed = buildSessionWasm({ chainName, keys: [key], paymentMotes: payment }, wasm, Args.fromMap({}));
    if (signed.kind !== "deploy") throw new SetupError("expected a Deploy");
    await rpc.putDeploy(signed.deploy);
    const result = (await rpc.getDeploy(signed.hash)).executionInfo;
    if (!result || result.executionResult.errorMessage) {
      throw new SetupError(`installing keys_manager failed: ${result?.executionResult.errorMessage ?? "not executed"}`);
    }
    log(`installed keys_manager for ${accountName} in block ${result.blockHeight} (deploy ${signed.hash})`);
  } else {
    log(`${accountName} already has keys_manager`);
  }

  const setKeyWeight = reportedPayment(PROTOCOL, "keys_manager:set_key_weight");
  if (setKeyWeight === undefined) throw new SetupError("scripts/gas-report.json has no keys_manager:set_key_weight payment");
  return {
    nodeUrl: options.nodeUrl,
    eventsUrl: options.nodeUrl.replace(/\/rpc\/?$/, "/events"),
    chainName,
    account: { name: accountName, publicKey: key.publicKey.toHex(), secretKeyPem: readFileSync(join(options.keysDir, accountName, "secret_key.pem"), "utf8") },
    recipient: { name: recipientName, publicKey: recipient.toHex() },
    // 2.5 CSPR: the native transfer minimum; 0.1 CSPR: the chainspec's fixed transfer cost
    transfer: { amountMotes: "2500000000", paymentMotes: "100000000" },
    keysManager: { namedKey: "keys_manager", entryPoint: "set_key_weight", weight: 1, paymentMotes: setKeyWeight.toString() },
  };
}
