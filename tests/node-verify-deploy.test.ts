// The node's checks on a deploy before execution (casper-node 2.0 transaction_acceptor.rs, Deploy
// is_config_compliant and validate_deploy): a good deploy passes; each kind of bad deploy is refused
// with the node's own message (transaction_acceptor/error.rs `invalid transaction: <InvalidDeploy>`,
// types/src/transaction/deploy/error.rs). Deploys are built and
// signed by casper-js-sdk; hashes are also checked against casper-node's published example.
import { describe, expect, it } from "vitest";
import { toHex } from "../host/node/bytes.ts";
import { chainspecWith } from "../host/node/chainspec.ts";
import { deployBodyHash, deployHeaderHash, readDeployJson } from "../host/node/deploy-json.ts";
import {
  checkDeployConfig,
  checkDeployCryptography,
  checkDeployExpiry,
  verifyDeployStateless,
} from "../host/node/verify-deploy.ts";
import {
  CASPER_NODE_EXAMPLE_DEPLOY,
  CHAIN,
  ED_KEY,
  jsonCopy,
  NOW,
  OTHER_KEY,
  SECP_KEY,
  sessionDeploy,
  transferDeploy,
  WASM,
} from "./helpers/node-deploys.ts";

const spec = chainspecWith({ chainName: CHAIN });
const now = BigInt(NOW.getTime());
type DeployJson = Record<string, any>;
const verify = (json: unknown, at = now) => verifyDeployStateless(readDeployJson(json), spec, at);

describe("the node's deploy bytes", () => {
  it("reproduce casper-node's example deploy hash and body hash, and its signature verifies", () => {
    const wire = readDeployJson(CASPER_NODE_EXAMPLE_DEPLOY);
    expect(toHex(deployHeaderHash(wire))).toBe(CASPER_NODE_EXAMPLE_DEPLOY.hash);
    expect(toHex(deployBodyHash(wire))).toBe(CASPER_NODE_EXAMPLE_DEPLOY.header.body_hash);
    expect(checkDeployCryptography(wire)).toBeNull();
  });

  it("agree with casper-js-sdk's hash, body hash and serialized length", () => {
    for (const signed of [sessionDeploy(), transferDeploy(), sessionDeploy({ keys: [SECP_KEY, ED_KEY] })]) {
      if (signed.kind !== "deploy") throw new Error("expected a deploy");
      const wire = readDeployJson(signed.json);
      expect(toHex(deployHeaderHash(wire))).toBe(signed.deploy.hash.toHex());
      expect(toHex(deployBodyHash(wire))).toBe(signed.deploy.header.bodyHash!.toHex());
      expect(wire.serializedLength).toBe(signed.deploy.toBytes().length);
    }
  });
});

describe("accepted", () => {
  it("a deploy signed by ed25519, by secp256k1, and by both", () => {
    expect(verify(sessionDeploy().json)).toBeNull();
    expect(verify(sessionDeploy({ keys: [SECP_KEY] }).json)).toBeNull();
    expect(verify(sessionDeploy({ keys: [ED_KEY, SECP_KEY, OTHER_KEY] }).json)).toBeNull();
  });
  it("a native transfer of exactly the minimum", () => {
    expect(verify(transferDeploy(2_500_000_000n).json)).toBeNull();
  });
  it("a timestamp up to the 2 s leeway in the future, and a deploy at the last instant of its TTL", () => {
    expect(verify(sessionDeploy().json, now - 2_000n)).toBeNull();
    expect(verify(sessionDeploy().json, now + 30n * 60_000n)).toBeNull();
  });
});

describe("refused with the node's message", () => {
  it("tampered body: the session args changed after signing", () => {
    const json = jsonCopy(sessionDeploy().json) as DeployJson;
    json.session.ModuleBytes.args[0][1].bytes = "0800000000000000";
    expect(verify(json)).toBe("invalid transaction: the provided body hash does not match the actual hash of the body");
  });
  it("tampered body: other wasm", () => {
    const json = jsonCopy(sessionDeploy().json) as DeployJson;
    json.session.ModuleBytes.module_bytes = toHex(WASM) + "00";
    expect(verify(json)).toMatch(/body hash does not match/);
  });
  it("tampered header: gas price changed (body hash still right, deploy hash wrong)", () => {
    const json = jsonCopy(sessionDeploy().json) as DeployJson;
    json.header.gas_price = 2;
    expect(verify(json)).toBe("invalid transaction: the provided hash does not match the actual hash of the deploy");
  });
  it("tampered header with a matching forged hash: the signature no longer verifies", () => {
    const json = jsonCopy(sessionDeploy().json) as DeployJson;
    json.header.gas_price = 3;
    json.hash = toHex(deployHeaderHash(readDeployJson(json)));
    expect(verify(json)).toBe(
      "invalid transaction: the approval at index 0 is invalid: asymmetric key error: failed to verify Ed25519 signature",
    );
  });
  it("bad signature: one bit flipped (ed25519 and secp256k1)", () => {
    for (const [key, text] of [
      [ED_KEY, "failed to verify Ed25519 signature"],
      [SECP_KEY, "failed to verify secp256k1 signature"],
    ] as const) {
      const json = jsonCopy(sessionDeploy({ keys: [key] }).json) as DeployJson;
      const sig = json.approvals[0].signature as string;
      json.approvals[0].signature = sig.slice(0, 20) + (sig[20] === "0" ? "1" : "0") + sig.slice(21);
      expect(verify(json)).toContain(text);
    }
  });
  it("a signature from another key claimed for the signer", () => {
    const good = sessionDeploy({ keys: [ED_KEY, OTHER_KEY] }).json as DeployJson;
    const json = jsonCopy(good);
    const edHex = ED_KEY.publicKey.toHex();
    const mine = json.approvals.find((a: any) => a.signer === edHex);
    const theirs = json.approvals.find((a: any) => a.signer !== edHex);
    mine.signature = theirs.signature;
    expect(verify(json)).toMatch(/^invalid transaction: the approval at index \d is invalid: asymmetric key error: failed to verify Ed25519 signature$/);
  });
  it("an ed25519 signature on a secp256k1 signer", () => {
    const json = jsonCopy(sessionDeploy({ keys: [SECP_KEY] }).json) as DeployJson;
    json.approvals[0].signature = (sessionDeploy().json as DeployJson).approvals[0].signature;
    expect(verify(json)).toMatch(/type mismatch between Sig::Ed25519\(.+\) and PubKey::Secp256k1\(.+\)/);
  });
  it("no approvals", () => {
    const json = jsonCopy(sessionDeploy().json) as DeployJson;
    json.approvals = [];
    expect(verify(json)).toBe("invalid transaction: the deploy has no approvals");
  });
  it("wrong chain", () => {
    const json = sessionDeploy({ chainName: "casper-test" }).json;
    expect(verify(json)).toBe(`invalid transaction: invalid chain name: expected ${CHAIN}, got casper-test`);
  });
  it("expired TTL", () => {
    const wire = readDeployJson(sessionDeploy().json);
    const later = now + 30n * 60_000n + 1n;
    expect(checkDeployConfig(wire, spec, later)).toBeNull();
    expect(checkDeployExpiry(wire, later)).toBe(
      "transaction received by the node expired at 2025-06-01T12:30:00.000Z with node's time at 2025-06-01T12:30:00.001Z",
    );
    expect(verify(sessionDeploy().json, later)).toMatch(/^transaction received by the node expired at/);
  });
  it("TTL above the chainspec's 2h", () => {
    const json = sessionDeploy({ ttlMs: 2 * 3_600_000 + 1_000 }).json;
    expect(verify(json)).toBe("invalid transaction: time-to-live of 2h 1s exceeds limit of 2h");
  });
  it("timestamp in the future beyond the leeway", () => {
    expect(verify(sessionDeploy().json, now - 2_001n)).toBe(
      "invalid transaction: timestamp of 2025-06-01T12:00:00.000Z is later than node's timestamp of " +
        "2025-06-01T11:59:57.999Z plus leeway of 2s",
    );
  });
  it("oversized: no wasm lane takes it (2.0 picks a lane by payment, size and args; the largest takes 750,000 bytes)", () => {
    const big = new Uint8Array(750_001);
    big.set(WASM);
    expect(verify(sessionDeploy({}, big).json)).toBe("invalid transaction: chainspec didnt have any wasm lanes defined which is required for wasm based deploys");
    // a payment above every wasm lane's gas limit (1,000,000 CSPR at most) is no lane match either
    expect(verify(sessionDeploy({ paymentMotes: 1_000_000_000_000_001n }).json)).toBe("invalid transaction: chainspec didnt have any wasm lanes defined which is required for wasm based deploys");
  });
  it("oversized transfer: above the native mint lane's 2048 bytes", () => {
    const json = jsonCopy(transferDeploy().json) as DeployJson;
    json.session.Transfer.args.push(["memo", { cl_type: { List: "U8" }, bytes: "d0070000" + "00".repeat(2000) }]);
    const size = readDeployJson(json).serializedLength;
    expect(checkDeployConfig(readDeployJson(json), spec, now)).toBe(`invalid transaction: deploy size too large: deploy size of ${size} bytes exceeds limit of 2048`);
  });
  it("any dependency (2.0 no longer supports them)", () => {
    const json = jsonCopy(sessionDeploy().json) as DeployJson;
    json.header.dependencies = ["00".repeat(32)];
    expect(verify(json)).toBe("invalid transaction: dependencies no longer supported");
  });
  it("a gas price under the chain's minimum (1)", () => {
    const json = jsonCopy(sessionDeploy().json) as DeployJson;
    json.header.gas_price = 0;
    expect(checkDeployConfig(readDeployJson(json), spec, now)).toBe("invalid transaction: received a deploy with gas price tolerance 0 but this chain will only go as low as 1");
  });
  it("payment without an amount, or with an amount that is not a U512", () => {
    const missing = jsonCopy(sessionDeploy().json) as DeployJson;
    missing.payment.ModuleBytes.args = [];
    // (1.5.8 had a trailing space in this message; 2.0's has none)
    expect(verify(missing)).toBe("invalid transaction: missing payment 'amount' runtime argument");
    const wrongType = jsonCopy(sessionDeploy().json) as DeployJson;
    wrongType.payment.ModuleBytes.args[0][1] = { cl_type: "U64", bytes: "00f9029500000000" };
    expect(verify(wrongType)).toBe("invalid transaction: failed to parse payment 'amount' as U512");
  });
  it("payment above the block gas limit (2.0 [transactions] block_gas_limit)", () => {
    const huge = chainspecWith({ chainName: CHAIN, wasmLanes: [{ id: 3, maxTransactionLength: 750_000, maxArgsLength: 2048, maxGasLimit: 10n ** 15n }] });
    expect(checkDeployConfig(readDeployJson(sessionDeploy({ paymentMotes: 1_625_000_000_001n }).json), huge, now)).toBe(
      "invalid transaction: payment amount of 1625000000001 exceeds the block gas limit of 1625000000000",
    );
  });
  it("payment under the baseline (2.5 CSPR) or zero", () => {
    expect(verify(sessionDeploy({ paymentMotes: 2_499_999_999n }).json)).toBe("invalid transaction: invalid payment amount");
    const zero = jsonCopy(sessionDeploy().json) as DeployJson;
    zero.payment.ModuleBytes.args[0][1] = { cl_type: "U512", bytes: "00" };
    expect(checkDeployConfig(readDeployJson(zero), spec, now)).toBe("invalid transaction: invalid payment amount");
  });
  it("session args longer than 1024 bytes", () => {
    const json = jsonCopy(sessionDeploy().json) as DeployJson;
    // 4 (count) + 8 ("blob") + 4 (length) + 4 + 1010 (the list) + 2 (List(U8) type) = 1032 bytes.
    json.session.ModuleBytes.args = [["blob", { cl_type: { List: "U8" }, bytes: "f2030000" + "00".repeat(1010) }]];
    expect(checkDeployConfig(readDeployJson(json), spec, now)).toBe(
      "invalid transaction: serialized session code runtime args of 1032 exceeds limit of 1024",
    );
  });
  it("a transfer below 2.5 CSPR", () => {
    expect(verify(transferDeploy(2_499_999_999n).json)).toBe(
      "invalid transaction: insufficient transfer amount; minimum: 2500000000 attempted: 2499999999",
    );
  });
  it("more approvals than max_associated_keys", () => {
    const small = chainspecWith({ chainName: CHAIN, maxAssociatedKeys: 2 });
    const wire = readDeployJson(sessionDeploy({ keys: [ED_KEY, SECP_KEY, OTHER_KEY] }).json);
    expect(checkDeployConfig(wire, small, now)).toBe("invalid transaction: number of approvals 3 exceeds the maximum number of associated keys 2");
  });
});

describe("malformed deploy JSON is a TypeError naming the field (the RPC layer's Invalid params)", () => {
  const cases: [string, (j: DeployJson) => void, RegExp][] = [
    ["hash not hex", (j) => (j.hash = "zz"), /deploy\.hash: 'zz' is not valid hex/],
    ["hash too short", (j) => (j.hash = "abcd"), /deploy\.hash: expected 32 bytes, got 2/],
    ["bad account", (j) => (j.header.account = "03" + "11".repeat(32)), /deploy\.header\.account: invalid public key tag 3/],
    ["bad ttl", (j) => (j.header.ttl = "30 parsecs"), /deploy\.header\.ttl: invalid duration '30 parsecs': unknown unit 'parsecs'/],
    ["bad timestamp", (j) => (j.header.timestamp = "yesterday"), /deploy\.header\.timestamp: invalid timestamp 'yesterday'/],
    ["unknown item", (j) => (j.session = { Bogus: {} }), /deploy\.session: expected one of ModuleBytes, /],
    ["bad cl_type", (j) => (j.session.ModuleBytes.args[0][1].cl_type = "U7"), /deploy\.session\.ModuleBytes\.args\[0\] 'x'\.cl_type: unknown CLType 'U7'/],
    [
      "cl_type nested past casper-types' depth limit (50)",
      (j) => (j.session.ModuleBytes.args[0][1].cl_type = Array.from({ length: 5000 }).reduce((t) => ({ Option: t }), "U8")),
      /deploy\.session\.ModuleBytes\.args\[0\] 'x'\.cl_type(\.Option){51}: CLType nested deeper than 50/,
    ],
    ["short signature", (j) => (j.approvals[0].signature = "01abcd"), /deploy\.approvals\[0\]\.signature: Ed25519 signature must be 64 bytes after the tag, got 2/],
  ];
  for (const [name, mutate, message] of cases) {
    it(name, () => {
      const json = jsonCopy(sessionDeploy().json) as DeployJson;
      mutate(json);
      expect(() => readDeployJson(json)).toThrow(message);
    });
  }
});
