// The page's settings (dapp/config.ts) from the keys the local node writes.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { dappConfig } from "../dapp/config.ts";

const { PrivateKey, KeyAlgorithm } = sdk;

describe("the dApp's settings", () => {
  it("carry the account's development key and the recipient's public key, the node's event stream", async () => {
    const keys = mkdtempSync(join(tmpdir(), "dapp-keys-"));
    const written: Record<string, string> = {};
    for (const who of ["user-1", "user-2"]) {
      const key = await PrivateKey.generate(KeyAlgorithm.ED25519);
      mkdirSync(join(keys, who));
      writeFileSync(join(keys, who, "secret_key.pem"), key.toPem());
      writeFileSync(join(keys, who, "public_key_hex"), key.publicKey.toHex());
      written[who] = key.publicKey.toHex();
    }
    const c = dappConfig({ nodeUrl: "http://127.0.0.1:7777/rpc", chainName: "casper-net-1", keysDir: keys });
    expect(c.eventsUrl).toBe("http://127.0.0.1:7777/events");
    expect(c.account.publicKey).toBe(written["user-1"]);
    expect(PrivateKey.fromPem(c.account.secretKeyPem, KeyAlgorithm.ED25519).publicKey.toHex()).toBe(written["user-1"]);
    expect(c.recipient.publicKey).toBe(written["user-2"]);
  });

  it("says how to get the keys when they are missing", () => {
    expect(() => dappConfig({ nodeUrl: "http://x/rpc", chainName: "c", keysDir: "no-such-dir" })).toThrow(/npx casper-as node --keys no-such-dir/);
  });
});
