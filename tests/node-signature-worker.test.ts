// The node checks Ed25519 approvals on a worker thread (host/node/ed25519-worker.ts); its answers must
// be the ones of the check in this thread (signatures.ts `verifySignature`, itself tested against
// casper-node's texts in node-verify-deploy.test.ts) for valid, tampered and malformed signatures,
// keys of another kind, and many checks at once (batched to the worker).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { parsePublicKeyHex, parseSignatureHex, verifySignature, verifySignatureOffThread } from "../host/node/signatures.ts";

const { PrivateKey, KeyAlgorithm } = sdk;

function signed(algorithm: (typeof KeyAlgorithm)[keyof typeof KeyAlgorithm], message: Uint8Array) {
  const key = PrivateKey.generate(algorithm);
  const raw = key.signAndAddAlgorithmBytes(message);
  return { signer: parsePublicKeyHex(key.publicKey.toHex(), "signer"), signature: parseSignatureHex(Buffer.from(raw).toString("hex"), "signature") };
}

describe("Ed25519 approvals checked on a worker thread", () => {
  it("answer as the check in this thread: valid, tampered, other message, other key, other kind, secp256k1", async () => {
    const message = randomBytes(32);
    const ed = signed(KeyAlgorithm.ED25519, message);
    const other = signed(KeyAlgorithm.ED25519, message);
    const secp = signed(KeyAlgorithm.SECP256K1, message);
    const tampered = { ...ed.signature, bytes: Uint8Array.from(ed.signature.bytes) };
    tampered.bytes[10] ^= 1;
    const junk = { ...ed.signature, bytes: Uint8Array.from([1, ...new Array(64).fill(255)]) };
    const cases: [string, Uint8Array, typeof ed.signature, typeof ed.signer][] = [
      ["valid", message, ed.signature, ed.signer],
      ["tampered", message, tampered, ed.signer],
      ["not canonical", message, junk, ed.signer],
      ["another message", randomBytes(32), ed.signature, ed.signer],
      ["another key", message, ed.signature, other.signer],
      ["a secp256k1 signature for an ed25519 key", message, secp.signature, ed.signer],
      ["secp256k1, valid", message, secp.signature, secp.signer],
    ];
    for (const [name, m, signature, signer] of cases) {
      expect(await verifySignatureOffThread(m, signature, signer), name).toBe(verifySignature(m, signature, signer));
    }
    expect(await verifySignatureOffThread(message, ed.signature, ed.signer)).toBeNull();
    expect(await verifySignatureOffThread(message, tampered, ed.signer)).toBe("asymmetric key error: failed to verify Ed25519 signature");
  });

  it("many checks at once come back each with its own answer", async () => {
    const items = Array.from({ length: 200 }, (_, i) => {
      const message = randomBytes(32);
      const s = signed(KeyAlgorithm.ED25519, message);
      if (i % 3 === 0) s.signature.bytes[5] ^= 0x80;
      return { message, ...s, valid: i % 3 !== 0 };
    });
    const answers = await Promise.all(items.map((x) => verifySignatureOffThread(x.message, x.signature, x.signer)));
    expect(answers.map((a) => a === null)).toEqual(items.map((x) => x.valid));
  });

  it("keeps the process alive while an answer is awaited, not after: a script that awaits a check gets it, then exits by itself", () => {
    const worker = fileURLToPath(new URL("../host/node/ed25519-worker.ts", import.meta.url));
    const script = `import { verifyEd25519OffThread } from ${JSON.stringify(worker)};
const ok = await verifyEd25519OffThread(new Uint8Array(32), new Uint8Array(1), new Uint8Array(64));
console.log("checked", ok);`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { timeout: 20_000, encoding: "utf8" });
    expect(r.error, "the script did not exit within 20 s: the worker holds the event loop").toBeUndefined();
    expect(r.stdout.trim()).toBe("checked false");
    expect(r.status).toBe(0);
  }, 30_000);
});
