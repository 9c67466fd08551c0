// Hostile input found by fuzzing (issue 14), each answered as casper-node answers it:
// - a session `call` export that takes parameters: casper-wasmi invokes exports with no arguments and
//   check_function_args traps (UnexpectedSignature) before anything runs; no JavaScript error text;
// - every revert code named as casper-types 2.0 api_error.rs `From<u32>` names it (above the user
//   range: Unhandled, not "Mint error");
// - unknown JSON fields in a Deploy / TransactionV1: casper-types derives Deserialize with
//   deny_unknown_fields, so the node refuses them (Invalid params) and stores nothing.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { describeApiError } from "../host/runtime/api-error.ts";
import { compileWat } from "./helpers/engine-wat.ts";
import { jsonCopy, plan, sessionDeploy, ED_KEY } from "./helpers/node-deploys.ts";
import { rawCall, startTestNode, type TestNode } from "./helpers/node-server.ts";
import { buildNativeDelegate } from "../scripts/cli/build-signed.ts";

const CSPR = 1_000_000_000n;

describe("a `call` export that takes parameters", () => {
  for (const param of ["i32", "i64", "f64", "i32 i64"]) {
    it(`(param ${param}): trap UnexpectedSignature before it runs, in casper-wasmi's words`, () => {
      const engine = new Engine();
      const wasm = compileWat(`(module (memory 1) (func (export "call") (param ${param}) (drop (i32.add (i32.const 1) (i32.const 2)))))`);
      const r = engine.runSession("alice", wasm, {}, { payment: 3n * CSPR });
      expect(r.success).toBe(false);
      expect(r.error!.message).toBe("Interpreter error: trap: Code(UnexpectedSignature)");
      expect(r.error!.message).not.toMatch(/BigInt|Cannot convert|undefined/);
    });
  }
});

// casper-types 2.0 api_error.rs: the constants and `impl From<u32> for ApiError`, written out again here
const RESERVED_ERROR_MAX = 0xffff;
const POS_ERROR_OFFSET = RESERVED_ERROR_MAX - 0xff; // 65280
const USER_ERROR_MIN = RESERVED_ERROR_MAX + 1;
const USER_ERROR_MAX = 2 * RESERVED_ERROR_MAX + 1;
const MINT_ERROR_MIN = 65024;
const HEADER_ERROR_MIN = 64768;
const AUCTION_ERROR_MIN = 64512;

function rustVariant(value: number): string {
  if (value >= 1 && value <= 50) return "Standard";
  if (value >= USER_ERROR_MIN && value <= USER_ERROR_MAX) return "User";
  if (value >= POS_ERROR_OFFSET && value <= RESERVED_ERROR_MAX) return "HandlePayment";
  if (value >= MINT_ERROR_MIN && value <= POS_ERROR_OFFSET - 1) return "Mint";
  if (value >= HEADER_ERROR_MIN && value <= HEADER_ERROR_MIN + 0xff) return "ContractHeader";
  if (value >= AUCTION_ERROR_MIN && value <= AUCTION_ERROR_MIN + 0xff) return "Auction";
  return "Unhandled";
}

describe("revert codes: every u32 named as casper-types' ApiError names it", () => {
  it("the range boundaries", () => {
    const table: [number, string][] = [
      [0, "ApiError::Unhandled [31]"],
      [1, "ApiError::None [1]"],
      [50, "ApiError::InvalidCallerInfoRequest [50]"],
      [51, "ApiError::Unhandled [31]"],
      [64511, "ApiError::Unhandled [31]"],
      [64512, "ApiError::AuctionError(MissingKey) [64512]"],
      [64767, "ApiError::AuctionError(Unknown(255)) [64767]"],
      [64768, "Contract header error: 0"],
      [65023, "Contract header error: 255"],
      [65024, "Mint error: 0"],
      [65279, "Mint error: 255"],
      [65280, "Handle Payment error: 0"],
      [65535, "Handle Payment error: 255"],
      [65536, "User error: 0"],
      [131071, "User error: 65535"],
      [131072, "ApiError::Unhandled [31]"],
      [200_000, "ApiError::Unhandled [31]"],
      [0xffff_ffff, "ApiError::Unhandled [31]"],
    ];
    for (const [code, message] of table) expect([code, describeApiError(code).message]).toEqual([code, message]);
  });

  it("any u32 falls in the variant api_error.rs gives it", () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 64000, max: 140_000 })), (code) => {
        const info = describeApiError(code);
        const expected = rustVariant(code);
        if (expected === "Unhandled") expect(info.message).toBe("ApiError::Unhandled [31]");
        else expect(info.group).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("unknown JSON fields in a deploy or transaction are refused, as casper-types' deny_unknown_fields refuses them", () => {
  let node: TestNode;
  beforeAll(async () => {
    node = await startTestNode([{ publicKeyHex: ED_KEY.publicKey.toHex(), balance: 1000n * CSPR }]);
  });
  afterAll(async () => {
    await node?.close();
  });

  type Json = Record<string, any>;
  const deployCases: [string, (d: Json) => void, RegExp][] = [
    ["in the deploy", (d) => (d.extra = 1), /deploy: unknown field `extra`, expected one of `hash`, `header`, `payment`, `session`, `approvals`/],
    ["in its header", (d) => (d.header.memo = "x"), /deploy\.header: unknown field `memo`, expected one of `account`, /],
    ["in the session item", (d) => (d.session.ModuleBytes.entry_point = "call"), /deploy\.session\.ModuleBytes: unknown field `entry_point`, expected `module_bytes` or `args`/],
    ["in an approval", (d) => (d.approvals[0].note = "hi"), /deploy\.approvals\[0\]: unknown field `note`, expected `signer` or `signature`/],
  ];
  for (const [where, mutate, message] of deployCases) {
    it(`a Deploy with one ${where}: Invalid params, nothing stored`, async () => {
      const signed = sessionDeploy({ timestamp: new Date() });
      const json = jsonCopy(signed.json) as Json;
      mutate(json);
      const answer = await rawCall(node.url, "account_put_deploy", { deploy: json });
      expect(answer.body.error?.code).toBe(-32602);
      expect(JSON.stringify(answer.body.error)).toMatch(message);
      const lookup = await rawCall(node.url, "info_get_deploy", { deploy_hash: signed.hash });
      expect(lookup.body.error?.code).toBe(-32000);
    });
  }

  const transactionCases: [string, (t: Json) => void, RegExp][] = [
    ["in the payload", (t) => (t.payload.tip = 1), /transaction\.payload: unknown field `tip`, expected one of `initiator_addr`, /],
    ["in its pricing mode", (t) => (t.payload.pricing_mode.PaymentLimited.max = 1), /PaymentLimited: unknown field `max`, expected one of `payment_amount`, /],
    ["in an approval", (t) => (t.approvals[0].note = "hi"), /transaction\.approvals\[0\]: unknown field `note`, expected `signer` or `signature`/],
  ];
  for (const [where, mutate, message] of transactionCases) {
    it(`a TransactionV1 with one ${where}: Invalid params, nothing stored`, async () => {
      const signed = buildNativeDelegate(plan({ transaction: true, timestamp: new Date() }), ED_KEY.publicKey, 500n * CSPR);
      const json = jsonCopy(signed.json) as Json;
      mutate(json);
      const answer = await rawCall(node.url, "account_put_transaction", { transaction: { Version1: json } });
      expect(answer.body.error?.code).toBe(-32602);
      expect(JSON.stringify(answer.body.error)).toMatch(message);
      const lookup = await rawCall(node.url, "info_get_transaction", { transaction_hash: { Version1: signed.hash } });
      expect(lookup.body.error?.code).toBe(-32014);
    });
  }
});

describe("a secp256k1 public key that is no point on the curve (keys_manager's Rust build refuses it: InvalidArgument)", () => {
  it("the CLI refuses it in a typed arg and as --to / --validator, before anything is signed", async () => {
    const { parseArgs } = await import("../scripts/cli/typed-args.ts");
    const { publicKeyArg } = await import("../scripts/cli/command-context.ts");
    const offCurve = `02${"00".repeat(33)}`;
    expect(() => parseArgs([`account:public_key='${offCurve}'`])).toThrow(/it is not a point on the secp256k1 curve/);
    expect(() => parseArgs([`accounts:list<public_key>='["${offCurve}"]'`])).toThrow(/it is not a point on the secp256k1 curve/);
    expect(() => publicKeyArg(`0203${"ff".repeat(32)}`, "--to")).toThrow(/--to: '0203f+' is not a valid public key: it is not a point on the secp256k1 curve/);
    // a real key passes
    const erin = new Engine().key("erin").publicKeyHex;
    expect(() => parseArgs([`account:public_key='${erin}'`])).not.toThrow();
  });
});

describe("a module V8 would refuse: refused in casper-wasmi's words (validation/src/func.rs, lib.rs; module.rs instantiation), never V8's", async () => {
  const wabt = await (await import("wabt")).default();
  /** WAT to bytes without validating (wabt would refuse these modules). */
  const unchecked = (src: string) => {
    const m = wabt.parseWat("bad.wat", src);
    try {
      return new Uint8Array(m.toBinary({}).buffer);
    } finally {
      m.destroy();
    }
  };
  const cases: [string, string, RegExp][] = [
    ["a local index past the locals", `(func (export "call") (local i32) (drop (local.get 5)))`,
      /^Interpreter error: Function #\d+ reading\/validation error: At instruction GetLocal\(5\)\(@\d+\): Trying to access local with index 5 when there are only 1 locals$/],
    ["an i64 where an i32 is expected", `(func (export "call") (drop (i32.add (i32.const 1) (i64.const 2))))`,
      /^Interpreter error: Function #\d+ reading\/validation error: At instruction I32Add\(@\d+\): Expected value of type Specific\(I32\) on top of stack\. Got Specific\(I64\)$/],
    ["a value left on the stack at the end", `(func (export "call") (i32.const 1))`,
      /^Interpreter error: Function #\d+ reading\/validation error: At instruction End\(@\d+\): Unexpected stack height 1, expected 0$/],
    ["an alignment larger than the access", `(func (export "call") (drop (i32.load align=8 (i32.const 0))))`,
      /^Interpreter error: Function #\d+ reading\/validation error: At instruction I32Load\(3, 0\)\(@\d+\): Too large memory alignment 2\^3 \(expected at most 4\)$/],
    ["a data segment past the memory", `(data (i32.const 65530) "0123456789") (func (export "call") (drop (i32.const 1)))`,
      /^Interpreter error: trying to access region \[65530\.\.65540\] in memory \[0\.\.65536\]$/],
  ];
  for (const [what, body, message] of cases) {
    it(what, () => {
      const engine = new Engine();
      const r = engine.runSession("alice", unchecked(`(module (memory 1) ${body})`), {}, { payment: 3n * CSPR });
      expect(r.success).toBe(false);
      expect(r.error!.message).toMatch(message);
      expect(r.error!.message).not.toMatch(/WebAssembly|Compiling function|@\+|fallthru/);
    });
  }
});
