// Casper's JSON time formats (humantime durations, RFC 3339 timestamps) as the node reads and writes
// them, and the local network's genesis config with the keys `npm run node -- --keys` writes.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { DEFAULT_ACCOUNTS, deriveKey, GenesisConfigError, readGenesisConfig } from "../host/node/genesis-config.ts";
import { formatTimeDiff, formatTimestamp, parseTimeDiff, parseTimestamp } from "../host/bytesrepr/time-format.ts";
import { loadGenesisConfig, writeGenesisKeys } from "../scripts/cli/genesis-keys.ts";
import { loadSecretKey } from "../scripts/cli/keys.ts";
import { tempDirsRemovedAfterEach } from "./helpers/temp-dirs.ts";

const { Duration } = sdk;

describe("TimeDiff (humantime)", () => {
  it("formats like humantime's format_duration", () => {
    expect(formatTimeDiff(0n)).toBe("0s");
    expect(formatTimeDiff(1_800_000n)).toBe("30m");
    expect(formatTimeDiff(7_200_000n)).toBe("2h");
    expect(formatTimeDiff(7_201_000n)).toBe("2h 1s");
    expect(formatTimeDiff(90_061_001n)).toBe("1day 1h 1m 1s 1ms");
    expect(formatTimeDiff(2n * 86_400_000n)).toBe("2days");
    expect(formatTimeDiff(31_557_600_000n)).toBe("1year");
  });
  it("parses what casper-js-sdk writes, and humantime's unit names", () => {
    for (const ms of [1_800_000, 3_600_000, 5_400_000, 61_000]) {
      expect(parseTimeDiff(new Duration(ms).toJSON())).toBe(BigInt(ms));
    }
    expect(parseTimeDiff("1h 30m")).toBe(5_400_000n);
    expect(parseTimeDiff("2 hours")).toBe(7_200_000n);
    expect(parseTimeDiff("1day 2h")).toBe(93_600_000n);
    expect(parseTimeDiff("1500us")).toBe(1n);
    expect(parseTimeDiff("1M")).toBe(2_630_016_000n);
  });
  it("refuses bad durations naming the part", () => {
    expect(() => parseTimeDiff("")).toThrow("empty duration");
    expect(() => parseTimeDiff("5 fortnights")).toThrow("unknown unit 'fortnights'");
    expect(() => parseTimeDiff("h5")).toThrow("expected <number><unit> at 'h5'");
  });
});

describe("Timestamp (RFC 3339, milliseconds)", () => {
  it("round-trips", () => {
    const ms = parseTimestamp("2020-11-17T00:39:24.072Z");
    expect(ms).toBe(BigInt(Date.UTC(2020, 10, 17, 0, 39, 24, 72)));
    expect(formatTimestamp(ms)).toBe("2020-11-17T00:39:24.072Z");
    expect(parseTimestamp("2020-11-17T00:39:24Z")).toBe(BigInt(Date.UTC(2020, 10, 17, 0, 39, 24)));
  });
  it("refuses what is not a UTC RFC 3339 time", () => {
    expect(() => parseTimestamp("2020-02-30T00:00:00Z")).toThrow("no such date or time");
    expect(() => parseTimestamp("2020-11-17 00:39")).toThrow("expected e.g. 2020-11-17T00:39:24.072Z");
    expect(() => parseTimestamp(5)).toThrow("expected an RFC 3339 timestamp string");
  });
});

describe("genesis config", () => {
  it("defaults: a faucet, a validator and four users, with keys derived from the seed", () => {
    const c = readGenesisConfig({});
    expect(c.chainspec.chainName).toBe("casper-net-1");
    expect(c.accounts.map((a) => a.name)).toEqual(DEFAULT_ACCOUNTS.map((a) => a.name));
    expect(c.accounts.find((a) => a.name === "faucet")!.balanceMotes).toBe(1_000_000_000_000_000_000n);
    expect(c.accounts.find((a) => a.name === "validator-1")!.validator).toEqual({ bondedMotes: 500_000_000_000_000n, delegationRate: 10 });
    // Same seed, same keys; another seed, other keys.
    expect(readGenesisConfig({}).accounts[0].publicKeyHex).toBe(c.accounts[0].publicKeyHex);
    expect(readGenesisConfig({ seed: "other" }).accounts[0].publicKeyHex).not.toBe(c.accounts[0].publicKeyHex);
    expect(deriveKey("casper-as", "faucet", "ed25519").publicKey.toHex()).toBe(c.accounts[0].publicKeyHex);
  });
  it("a config with its own chain name, limits and accounts (secp256k1, or a public key only)", () => {
    const given = "0119bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1";
    const c = readGenesisConfig({
      chain_name: "my-net",
      chainspec: { max_ttl: "1h", max_deploy_size: 2048 },
      accounts: [
        { name: "faucet", balance: "1000", algorithm: "secp256k1" },
        { name: "mine", balance: 5, public_key: given, validator: { bonded_amount: "7", delegation_rate: 3 } },
      ],
    });
    expect(c.chainspec).toMatchObject({ chainName: "my-net", maxTtlMs: 3_600_000n, maxDeploySize: 2048 });
    expect(c.accounts[0].publicKeyHex.slice(0, 2)).toBe("02");
    expect(c.accounts[1]).toMatchObject({ publicKeyHex: given, balanceMotes: 5n, secretKey: undefined, validator: { bondedMotes: 7n, delegationRate: 3 } });
  });
  it("refuses bad configs naming the field", () => {
    const bad: [unknown, string][] = [
      [{ chain: "x" }, "config: unknown field 'chain'"],
      [{ accounts: [{ name: "a b", balance: "1" }] }, "config.accounts[0].name 'a b' must be letters"],
      [{ accounts: [{ name: "a", balance: "-1" }] }, "config.accounts[0].balance: expected motes"],
      [{ accounts: [{ name: "a", balance: "1" }, { name: "a", balance: "1" }] }, "the name 'a' is used twice"],
      [{ accounts: [{ name: "a", balance: "1", public_key: "01zz" }] }, "config.accounts[0].public_key: '01zz' is not a public key"],
      [{ accounts: [{ name: "v", balance: "1", validator: { bonded_amount: "5", delegation_rate: 101 } }] }, "delegation_rate: expected a whole percentage 0..100"],
      [{ chainspec: { max_ttl: "forever" } }, "config.chainspec.max_ttl: invalid duration 'forever'"],
      [{ accounts: [{ name: "a", balance: "1" }] }, "no account has a 'validator' entry"],
    ];
    for (const [json, message] of bad) {
      expect(() => readGenesisConfig(json), message).toThrow(GenesisConfigError);
      expect(() => readGenesisConfig(json), message).toThrow(message);
    }
  });
  it("--config errors: missing file, not JSON", () => {
    expect(() => loadGenesisConfig("/nonexistent/net.json")).toThrow("cannot read --config /nonexistent/net.json: no such file");
  });
});

describe("--keys DIR", () => {
  const genesisKeysDir = tempDirsRemovedAfterEach("casper-as-genesis-");

  it("writes DIR/<name>/secret_key.pem and public_key_hex for each derived account, faucet included", () => {
    const dir = genesisKeysDir();
    const config = readGenesisConfig({});
    writeGenesisKeys(config, dir);
    expect(readdirSync(dir).sort()).toEqual(config.accounts.map((a) => a.name).sort());
    for (const account of config.accounts) {
      expect(readFileSync(join(dir, account.name, "public_key_hex"), "utf8")).toBe(account.publicKeyHex);
      expect(loadSecretKey(join(dir, account.name)).publicKey.toHex()).toBe(account.publicKeyHex);
    }
    // Writing again (a restart) gives the same files.
    writeGenesisKeys(config, dir);
    expect(loadSecretKey(join(dir, "faucet")).publicKey.toHex()).toBe(config.accounts[0].publicKeyHex);
  });
});
