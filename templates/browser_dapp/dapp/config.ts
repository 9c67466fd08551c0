// What the page is given (served as /dapp-config.json by vite.config.ts): the node's URLs, the chain, the
// account the page acts for with the development key it signs with, and what its buttons send. Built in
// Node from the keys `npx casper-as node --keys keys/local` writes.
import { readFileSync } from "node:fs";
import path from "node:path";

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

export interface DappSettings {
  nodeUrl: string;
  chainName: string;
  /** where the node wrote its genesis accounts' keys */
  keysDir: string;
  account?: string;
  recipient?: string;
}

/** The page's settings: the account's development key, the recipient's public key, the payments. */
export function dappConfig(s: DappSettings): DappConfig {
  const account = s.account ?? "user-1";
  const recipient = s.recipient ?? "user-2";
  const read = (who: string, file: string) => {
    const where = path.join(s.keysDir, who, file);
    try {
      return readFileSync(where, "utf8").trim();
    } catch {
      throw new Error(`${where} is missing: start the node with npx casper-as node --keys ${s.keysDir}`);
    }
  };
  return {
    nodeUrl: s.nodeUrl,
    eventsUrl: s.nodeUrl.replace(/\/rpc\/?$/, "/events"),
    chainName: s.chainName,
    account: { name: account, publicKey: read(account, "public_key_hex"), secretKeyPem: `${read(account, "secret_key.pem")}\n` },
    recipient: { name: recipient, publicKey: read(recipient, "public_key_hex") },
    // 2.5 CSPR: the native transfer minimum; 0.1 CSPR: the chainspec's fixed transfer cost
    transfer: { amountMotes: "2500000000", paymentMotes: "100000000" },
    // 2.5 CSPR: the smallest payment a Casper 2.0 node accepts (set_key_weight uses far less gas)
    keysManager: { namedKey: "keys_manager", entryPoint: "set_key_weight", weight: 1, paymentMotes: "2500000000" },
  };
}
