// Amounts (motes or CSPR) and key files: keygen's files round-trip through casper-js-sdk for both
// algorithms; loading refuses missing and wrong files with a clear message.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { AmountError, formatMotes, parseAmount } from "../scripts/cli/amount.ts";
import { generateKey, KeyFileError, loadSecretKey, writeKeyFiles } from "../scripts/cli/keys.ts";
import { main } from "../scripts/cli.ts";
import { tempDirsRemovedAfterEach } from "./helpers/temp-dirs.ts";

const { PrivateKey, PublicKey, KeyAlgorithm } = sdk;
const tmp = tempDirsRemovedAfterEach("casper-as-cli-");

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe("amounts", () => {
  it("bare integers are motes; the cspr suffix multiplies by 10^9", () => {
    expect(parseAmount("2500000000")).toBe(2_500_000_000n);
    expect(parseAmount("500cspr")).toBe(500_000_000_000n);
    expect(parseAmount("2.5 CSPR")).toBe(2_500_000_000n);
    expect(parseAmount("0.000000001cspr")).toBe(1n);
    expect(parseAmount("500_000_000_000")).toBe(500_000_000_000n);
    expect(parseAmount("42motes")).toBe(42n);
  });
  it("refuses what is not an exact amount", () => {
    for (const [text, message] of [
      ["-5", /can't read '-5' as an amount/],
      ["1.5", /not a whole number of motes \(did you mean 1\.5cspr\?\)/],
      ["0.0000000001cspr", /more than 9 decimals/],
      ["5 eth", /can't read/],
      ["", /can't read/],
      [`${2n ** 512n}`, /larger than a U512/],
    ] as const) {
      expect(() => parseAmount(text, "--amount"), text).toThrow(AmountError);
      expect(() => parseAmount(text, "--amount"), text).toThrow(message);
    }
  });
  it("formats motes as CSPR", () => {
    expect(formatMotes(2_500_000_000n)).toBe("2.5 CSPR (2500000000 motes)");
    expect(formatMotes(1n)).toBe("0.000000001 CSPR (1 motes)");
  });
});

describe("keygen", () => {
  for (const algorithm of ["ed25519", "secp256k1"] as const) {
    it(`${algorithm}: the three files round-trip through casper-js-sdk`, async () => {
      const dir = join(tmp(), "k");
      const { io, out } = capture();
      expect(await main(["keygen", "--algorithm", algorithm, "--out", dir], io)).toBe(0);
      const hexFile = readFileSync(join(dir, "public_key_hex"), "utf8");
      const alg = algorithm === "ed25519" ? KeyAlgorithm.ED25519 : KeyAlgorithm.SECP256K1;
      const secret = PrivateKey.fromPem(readFileSync(join(dir, "secret_key.pem"), "utf8"), alg);
      const publicFromPem = PublicKey.fromPem(readFileSync(join(dir, "public_key.pem"), "utf8"), alg);
      expect(secret.publicKey.toHex()).toBe(hexFile);
      expect(publicFromPem.toHex()).toBe(hexFile);
      expect(hexFile.slice(0, 2)).toBe(algorithm === "ed25519" ? "01" : "02");
      expect(out).toEqual([`Public key:   ${hexFile}`, `Account hash: ${PublicKey.fromHex(hexFile).accountHash().toPrefixedString()}`]);
      expect(statSync(join(dir, "secret_key.pem")).mode & 0o777).toBe(0o600);
      // The CLI's own loader reads it back (by directory and by file), and it signs verifiably.
      for (const path of [dir, join(dir, "secret_key.pem")]) {
        const loaded = loadSecretKey(path);
        const message = new Uint8Array(32).fill(9);
        expect(PublicKey.fromHex(hexFile).verifySignature(message, loaded.signAndAddAlgorithmBytes(message))).toBe(true);
      }
    });
  }

  it("refuses to overwrite keys unless --force", async () => {
    const dir = tmp();
    const { io } = capture();
    expect(await main(["keygen", "--out", dir], io)).toBe(0);
    const first = readFileSync(join(dir, "public_key_hex"), "utf8");
    const second = capture();
    expect(await main(["keygen", "--out", dir], second.io)).toBe(2);
    expect(second.err.join("\n")).toMatch(/refusing to overwrite .*secret_key\.pem.*--force/);
    expect(readFileSync(join(dir, "public_key_hex"), "utf8")).toBe(first);
    expect(await main(["keygen", "--out", dir, "--force"], capture().io)).toBe(0);
    expect(readFileSync(join(dir, "public_key_hex"), "utf8")).not.toBe(first);
  });

  it("refuses an unknown algorithm", async () => {
    const { io, err } = capture();
    expect(await main(["keygen", "--algorithm", "rsa", "--out", tmp()], io)).toBe(2);
    expect(err.join("\n")).toContain("unknown key algorithm 'rsa': use ed25519 or secp256k1");
  });
});

describe("loading a secret key", () => {
  it("a missing file names the path and how to make one", () => {
    const path = join(tmp(), "nope", "secret_key.pem");
    expect(() => loadSecretKey(path)).toThrow(KeyFileError);
    expect(() => loadSecretKey(path)).toThrow(`key file not found: ${path} (create a key pair with: npm run keygen -- --out <dir>)`);
  });
  it("a public key, a non-PEM file, or a corrupt PEM is refused with what it is", () => {
    const dir = tmp();
    const files = writeKeyFiles(generateKey("ed25519"), dir);
    expect(() => loadSecretKey(files.publicKeyPath)).toThrow(/is a public key; pass the secret_key\.pem/);
    writeFileSync(join(dir, "notes.txt"), "hello");
    expect(() => loadSecretKey(join(dir, "notes.txt"))).toThrow(/is not a PEM file/);
    writeFileSync(join(dir, "bad.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    expect(() => loadSecretKey(join(dir, "bad.pem"))).toThrow(/is not a valid ed25519 secret key/);
  });
});
