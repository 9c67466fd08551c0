// The node's checks on a Casper 2.0 TransactionV1 (casper-node 2.0 transaction_acceptor): payload
// bytes rebuilt independently must hash to casper-js-sdk's transaction hash for every target the CLI
// builds; a good transaction passes; tampering, bad signatures, wrong chain, expiry, entry point
// rules and the transfer minimum are refused with the node's text.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { toHex } from "../host/node/bytes.ts";
import { chainspecWith } from "../host/node/chainspec.ts";
import { calltable, readTransactionV1Json, transactionV1PayloadHash } from "../host/node/transaction-json.ts";
import { checkTransactionConfig, checkTransactionExpiry, verifyTransactionStateless } from "../host/node/verify-transaction.ts";
import {
  buildContractCall,
  buildNativeDelegate,
  buildSessionWasm,
  buildTransfer,
  buildUndelegate,
  type Signed,
} from "../scripts/cli/build-signed.ts";
import { args, CHAIN, ED_KEY, jsonCopy, NOW, OTHER_KEY, plan, SECP_KEY, WASM } from "./helpers/node-deploys.ts";

const spec = chainspecWith({ chainName: CHAIN });
const now = BigInt(NOW.getTime());
type Json = Record<string, any>;
const txPlan = (o = {}) => plan({ transaction: true, ...o });
const verify = (json: unknown, at = now) => verifyTransactionStateless(readTransactionV1Json(json), spec, at);
const session = (o = {}): Signed => buildSessionWasm(txPlan(o), WASM, args());

function v1(signed: Signed) {
  if (signed.kind !== "transaction") throw new Error("expected a TransactionV1");
  return signed;
}

describe("payload bytes", () => {
  it("the calltable envelope: field count, (index, offset) pairs, payload length, payload", () => {
    expect(toHex(calltable([Uint8Array.of(7), Uint8Array.of(1, 2)]))).toBe(
      "02000000" + "0000" + "00000000" + "0100" + "01000000" + "03000000" + "07" + "0102",
    );
  });
  it("hash to casper-js-sdk's hash for every kind of transaction the CLI builds", () => {
    const built: Signed[] = [
      session(),
      buildSessionWasm(txPlan(), WASM, args(), true),
      buildContractCall(txPlan(), { by: "hash", hash: "ab".repeat(32) }, "set_all", args()),
      buildContractCall(txPlan(), { by: "name", name: "keys_manager" }, "set_all", args()),
      buildContractCall(txPlan(), { by: "packageHash", hash: "cd".repeat(32), version: 2 }, "ep", args()),
      buildContractCall(txPlan(), { by: "packageName", name: "pkg" }, "ep", args()),
      buildTransfer(txPlan({ paymentMotes: 100_000_000n }), OTHER_KEY.publicKey, 2_500_000_000n, 9),
      buildNativeDelegate(txPlan(), OTHER_KEY.publicKey, 500_000_000_000n),
      buildUndelegate(txPlan(), OTHER_KEY.publicKey, 1_000n),
      session({ keys: [SECP_KEY, ED_KEY] }),
    ];
    for (const [i, signed] of built.map(v1).entries()) {
      const wire = readTransactionV1Json(signed.json);
      expect(toHex(transactionV1PayloadHash(wire))).toBe(signed.transaction.hash.toHex());
      // the one with an explicit package version is well formed, but the 2.0 acceptor refuses it
      // (transaction_acceptor.rs: InvalidTransactionV1::TargetingPackageVersionNotSupported)
      expect(verify(signed.json)).toBe(i === 4
        ? "invalid transaction: passing `version` in TransactionInvocationTarget::ByPackageHash or TransactionInvocationTarget::ByPackageName is not supported"
        : null);
    }
  });
});

describe("refused with the node's message", () => {
  it("tampered payload: the chain name of a signed transaction changed", () => {
    const json = jsonCopy(session().json) as Json;
    json.payload.fields.args.Named[0][1].bytes = "0800000000000000";
    expect(verify(json)).toBe("invalid transaction: the provided hash does not match the actual hash of the transaction");
  });
  it("bad signature", () => {
    const json = jsonCopy(session({ keys: [SECP_KEY] }).json) as Json;
    const sig = json.approvals[0].signature as string;
    json.approvals[0].signature = sig.slice(0, 30) + (sig[30] === "a" ? "b" : "a") + sig.slice(31);
    expect(verify(json)).toBe(
      "invalid transaction: the transaction approval at index 0 is invalid: asymmetric key error: failed to verify secp256k1 signature: signature error",
    );
  });
  it("no approvals", () => {
    const json = jsonCopy(session().json) as Json;
    json.approvals = [];
    expect(verify(json)).toBe("invalid transaction: the transaction has no approvals");
  });
  it("wrong chain", () => {
    expect(verify(session({ chainName: "casper" }).json)).toBe(`invalid transaction: invalid chain name: expected ${CHAIN}, got casper`);
  });
  it("expired", () => {
    const later = now + 30n * 60_000n + 5n;
    expect(checkTransactionExpiry(readTransactionV1Json(session().json), later)).toBe(
      "transaction received by the node expired at 2025-06-01T12:30:00.000Z with node's time at 2025-06-01T12:30:00.005Z",
    );
  });
  it("future timestamp and excessive TTL", () => {
    expect(verify(session().json, now - 60_000n)).toMatch(/^invalid transaction: timestamp of 2025-06-01T12:00:00.000Z is later than node's validation timestamp of 2025-06-01T11:59:00.000Z plus leeway of 2s$/);
    expect(verify(session({ ttlMs: 3 * 3_600_000 }).json)).toBe("invalid transaction: time-to-live of 3h exceeds limit of 2h");
  });
  it("a transfer below the minimum, or without an amount", () => {
    const low = buildTransfer(txPlan({ paymentMotes: 100_000_000n }), OTHER_KEY.publicKey, 1_000n);
    expect(verify(low.json)).toBe("invalid transaction: insufficient transfer amount; minimum: 2500000000 attempted: 1000");
    const none = jsonCopy(low.json) as Json;
    none.payload.fields.args.Named = none.payload.fields.args.Named.filter((a: any[]) => a[0] !== "amount");
    expect(checkTransactionConfig(readTransactionV1Json(none), spec, now)).toBe("invalid transaction: missing required runtime argument 'amount'");
  });
  it("entry point rules: session must call, stored must be custom, native cannot call", () => {
    const s = jsonCopy(session().json) as Json;
    s.payload.fields.entry_point = "Transfer";
    expect(checkTransactionConfig(readTransactionV1Json(s), spec, now)).toBe("invalid transaction: entry point must be custom: transfer");
    const stored = jsonCopy(buildContractCall(txPlan(), { by: "name", name: "c" }, "ep", args()).json) as Json;
    stored.payload.fields.entry_point = "Call";
    expect(checkTransactionConfig(readTransactionV1Json(stored), spec, now)).toBe("invalid transaction: entry point must be custom: call");
    const native = jsonCopy(buildNativeDelegate(txPlan(), OTHER_KEY.publicKey, 1n).json) as Json;
    native.payload.fields.entry_point = "Call";
    expect(checkTransactionConfig(readTransactionV1Json(native), spec, now)).toBe("invalid transaction: entry point cannot be call");
    native.payload.fields.entry_point = { Custom: "x" };
    expect(checkTransactionConfig(readTransactionV1Json(native), spec, now)).toBe("invalid transaction: entry point cannot be custom: custom(x)");
  });
  it("empty module bytes, zero payment, a pricing mode this chain does not take", () => {
    const empty = jsonCopy(session().json) as Json;
    empty.payload.fields.target.Session.module_bytes = "";
    expect(checkTransactionConfig(readTransactionV1Json(empty), spec, now)).toBe("invalid transaction: the transaction has empty module bytes");
    const zero = jsonCopy(session().json) as Json;
    zero.payload.pricing_mode.PaymentLimited.payment_amount = 0;
    expect(checkTransactionConfig(readTransactionV1Json(zero), spec, now)).toBe("invalid transaction: invalid payment amount");
    const fixed = jsonCopy(session().json) as Json;
    fixed.payload.pricing_mode = { Fixed: { gas_price_tolerance: 1, additional_computation_factor: 0 } };
    expect(checkTransactionConfig(readTransactionV1Json(fixed), spec, now)).toBe("invalid transaction: received a transaction with an invalid mode fixed pricing 1 0");
  });
});

describe("malformed TransactionV1 JSON names the field", () => {
  it("bad fields", () => {
    const cases: [(j: Json) => void, RegExp][] = [
      [(j) => (j.payload.initiator_addr = { Nobody: 1 }), /initiator_addr: expected PublicKey or AccountHash/],
      [(j) => (j.payload.fields.scheduling = { FutureEra: 3 }), /scheduling: only "Standard" is supported/],
      [(j) => (j.payload.fields.extra = 1), /unknown field 'extra'/],
      [(j) => (j.payload.pricing_mode.PaymentLimited.gas_price_tolerance = 300), /gas_price_tolerance: expected a u8/],
      [(j) => (j.payload.fields.target = { Session: { module_bytes: "00", runtime: "VmCasperV9", is_install_upgrade: false } }), /runtime: expected "VmCasperV1" or VmCasperV2/],
    ];
    for (const [mutate, message] of cases) {
      const json = jsonCopy(session().json) as Json;
      mutate(json);
      expect(() => readTransactionV1Json(json)).toThrow(message);
    }
  });
  it("a TransactionV1 the SDK itself refuses to read is still read by the node, so it can be refused with a reason", () => {
    const json = jsonCopy(session().json) as Json;
    json.payload.chain_name = "tampered";
    expect(() => sdk.TransactionV1.fromJSON(json)).toThrow();
    expect(verify(json)).toBe(`invalid transaction: invalid chain name: expected ${CHAIN}, got tampered`);
  });
});
