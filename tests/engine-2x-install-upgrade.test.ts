// Who may add a contract version (host/runtime/protocol/install-upgrade.ts), both protocols side by side.
// casper-node 2.0: execution_engine/src/engine_state/execution_kind.rs (ExecutionKind::new: a Deploy's
// module bytes are `Deploy`, a TransactionV1 session is `InstallerUpgrader` only when marked
// is_install_upgrade, else `Standard`, custom payment bytes are `Standard`, stored calls `Stored`),
// execution/executor.rs (Standard => AllowInstallUpgrade::Forbidden), runtime/mod.rs
// add_contract_version_by_contract_package (-> ApiError::NotAllowedToAddContractVersion, 48).
// 1.5.8 has no such rule.
import sdk from "casper-js-sdk";
import { describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { type DeployItem, deployItemFromSdk } from "../host/engine/deploy-item.ts";
import { makeDeploy, sessionItems } from "../host/engine/deploys.ts";
import { deployItemOfTransaction } from "../host/node/execution-items.ts";
import { readTransactionV1Json } from "../host/node/transaction-json.ts";
import { buildSessionWasm } from "../scripts/cli/build-signed.ts";
import { cat, entryPointsBytes, str, u32le } from "./helpers/engine-bytes.ts";
import { contractModule } from "./helpers/engine-contracts.ts";
import { Data, module } from "./helpers/engine-wat.ts";
import { args, plan, WASM } from "./helpers/node-deploys.ts";

const { CLValue } = sdk;
const CSPR = 1_000_000_000n;
const NOT_ALLOWED = 48;

/**
 * Session code: a new package and a version of it (with message topics when `topics`), named
 * `name`; a non-zero status from the host function reverts with it.
 */
function installer(name: string, topics = false): Uint8Array {
  const d = new Data();
  // the *_with_message_topics imports take 2.0 EntityEntryPoints (with the payment byte)
  const eps = d.bytes(entryPointsBytes([{ name: "noop", type: "contract" }], { entity: topics }));
  const nk = d.bytes(u32le(0));
  const t = d.bytes(cat(u32le(1), str("events"), new Uint8Array([0])));
  const n = d.string(name);
  const add = topics
    ? `(call $casper_add_contract_version_with_message_topics (i32.const 100) (i32.const 32) (i32.const 180) (i32.const ${eps.ptr}) (i32.const ${eps.len})
        (i32.const ${nk.ptr}) (i32.const 4) (i32.const ${t.ptr}) (i32.const ${t.len}) (i32.const 200) (i32.const 32))`
    : `(call $casper_add_contract_version (i32.const 100) (i32.const 32) (i32.const 180) (i32.const ${eps.ptr}) (i32.const ${eps.len})
        (i32.const ${nk.ptr}) (i32.const 4) (i32.const 200) (i32.const 32) (i32.const 184))`;
  return module({
    imports: ["casper_create_contract_package_at_hash", topics ? "casper_add_contract_version_with_message_topics" : "casper_add_contract_version", "casper_put_key", "casper_revert"],
    data: d,
    body: `(func (export "noop") nop)
  (func (export "call") (local $r i32)
    (call $casper_create_contract_package_at_hash (i32.const 100) (i32.const 140) (i32.const 0))
    (local.set $r ${add})
    (if (local.get $r) (then (call $casper_revert (local.get $r))))
    (i32.store8 (i32.const 199) (i32.const 1))
    (call $casper_put_key (i32.const ${n.ptr}) (i32.const ${n.len}) (i32.const 199) (i32.const 33)))`,
  });
}

/** The engine's DeployItem of a session, as a legacy Deploy or as a TransactionV1 (marked or not). */
function item(engine: Engine, wasm: Uint8Array, as: "deploy" | "v1" | "v1-install-upgrade"): DeployItem {
  const base = deployItemFromSdk(makeDeploy(engine.params("alice"), sessionItems.moduleBytes(wasm)));
  return as === "deploy" ? base : { ...base, transactionV1: { isInstallUpgrade: as === "v1-install-upgrade" } };
}

describe.each(["1.5.8", "2.0.0"] as const)("adding a contract version on %s", (protocol) => {
  it("a Deploy's session and a V1 session marked is_install_upgrade may; an unmarked V1 session may only on 1.5.8", () => {
    const engine = new Engine({ protocol });
    engine.execute(item(engine, installer("by_deploy"), "deploy")).expectSuccess();
    engine.execute(item(engine, installer("by_marked_v1"), "v1-install-upgrade")).expectSuccess();
    const unmarked = engine.execute(item(engine, installer("by_v1"), "v1"));
    const named = engine.account("alice").namedKeys;
    expect(named.by_deploy).toMatch(/^hash-/);
    expect(named.by_marked_v1).toMatch(/^hash-/);
    if (protocol === "1.5.8") {
      unmarked.expectSuccess();
      expect(named.by_v1).toMatch(/^hash-/);
    } else {
      unmarked.expectRevert(NOT_ALLOWED);
      expect(unmarked.error!.message).toBe("ApiError::NotAllowedToAddContractVersion [48]");
      expect(named.by_v1).toBeUndefined();
      // the trace shows the host function returned the status (it is no execution error by itself)
      expect(unmarked.trace.find((t) => t.name === "casper_add_contract_version")!.result).toBe(NOT_ALLOWED);
    }
  });

  it.runIf(protocol === "2.0.0")("add_contract_version_with_message_topics follows the same rule", () => {
    const engine = new Engine({ protocol });
    engine.execute(item(engine, installer("topical", true), "v1")).expectRevert(NOT_ALLOWED);
    engine.execute(item(engine, installer("topical", true), "v1-install-upgrade")).expectSuccess();
  });

  it("a stored contract called by an unmarked V1 transaction may (ExecutionKind::Stored)", () => {
    const engine = new Engine({ protocol });
    // `upgrade` is a Session entry point: it runs in the account's context, which holds the package's
    // access URef (probe_access), and adds a version to the probe's own package
    const d = new Data();
    const pkgName = d.string("up_package");
    const eps = d.bytes(entryPointsBytes([{ name: "upgrade", type: "session" }]));
    const nk = d.bytes(u32le(0));
    engine.runSession("alice", contractModule({
      name: "up",
      data: d,
      entryPoints: [{ name: "upgrade", type: "session" }],
      imports: ["casper_get_key", "casper_revert"],
      functions: `(func (export "upgrade") (local $r i32)
    (if (call $casper_get_key (i32.const ${pkgName.ptr}) (i32.const ${pkgName.len}) (i32.const 600) (i32.const 40) (i32.const 640)) (then unreachable))
    (local.set $r (call $casper_add_contract_version (i32.const 601) (i32.const 32) (i32.const 680) (i32.const ${eps.ptr}) (i32.const ${eps.len})
      (i32.const ${nk.ptr}) (i32.const 4) (i32.const 700) (i32.const 32) (i32.const 684)))
    (if (local.get $r) (then (call $casper_revert (local.get $r)))))`,
    })).expectSuccess();
    const stored = deployItemFromSdk(makeDeploy(engine.params("alice"), sessionItems.byName("up", "upgrade")));
    engine.execute({ ...stored, transactionV1: { isInstallUpgrade: false } }).expectSuccess();
    expect(engine.packageOf("alice", "up").versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it("custom payment code is never an installer on 2.0 (its module bytes are ExecutionKind::Standard)", () => {
    const engine = new Engine({ protocol });
    // payment code: pay the `amount` arg into the payment purse, then try to add a version
    const d = new Data();
    const hp = d.string("get_payment_purse");
    const amountName = d.utf8("amount");
    const noArgs = d.bytes(u32le(0));
    const eps = d.bytes(entryPointsBytes([{ name: "noop", type: "contract" }]));
    const nk = d.bytes(u32le(0));
    const payment = module({
      imports: ["casper_get_main_purse", "casper_get_system_contract", "casper_call_contract", "casper_read_host_buffer", "casper_get_named_arg",
        "casper_transfer_from_purse_to_purse", "casper_create_contract_package_at_hash", "casper_add_contract_version", "casper_revert"],
      data: d,
      body: `(func (export "noop") nop)
  (func (export "call") (local $r i32)
    (call $casper_get_main_purse (i32.const 300))
    (if (call $casper_get_system_contract (i32.const 1) (i32.const 400) (i32.const 32)) (then unreachable))
    (if (call $casper_call_contract (i32.const 400) (i32.const 32) (i32.const ${hp.ptr}) (i32.const ${hp.len}) (i32.const ${noArgs.ptr}) (i32.const 4) (i32.const 440))
      (then unreachable))
    (if (call $casper_read_host_buffer (i32.const 500) (i32.const 33) (i32.const 444)) (then unreachable))
    (if (call $casper_get_named_arg (i32.const ${amountName.ptr}) (i32.const ${amountName.len}) (i32.const 560) (i32.const 6)) (then unreachable))
    (local.set $r (call $casper_transfer_from_purse_to_purse (i32.const 300) (i32.const 33) (i32.const 500) (i32.const 33) (i32.const 560) (i32.const 6) (i32.const 600) (i32.const 1)))
    (if (local.get $r) (then (call $casper_revert (local.get $r))))
    (call $casper_create_contract_package_at_hash (i32.const 100) (i32.const 140) (i32.const 0))
    (local.set $r (call $casper_add_contract_version (i32.const 100) (i32.const 32) (i32.const 180) (i32.const ${eps.ptr}) (i32.const ${eps.len})
      (i32.const ${nk.ptr}) (i32.const 4) (i32.const 200) (i32.const 32) (i32.const 184)))
    (if (local.get $r) (then (call $casper_revert (local.get $r)))))`,
    });
    // 5 CSPR as a U512 is 5 bytes long; the arg is read into a 6-byte buffer (length byte + 5)
    const amount = CLValue.newCLUInt512((5n * CSPR).toString());
    expect(amount.bytes().length).toBe(6);
    const session = sessionItems.moduleBytes(module({ imports: [], data: new Data(), body: `(func (export "call") nop)` }));
    const r = engine.execute(makeDeploy({ ...engine.params("alice"), payment: sessionItems.moduleBytes(payment, { amount }) }, session));
    if (protocol === "1.5.8") r.expectSuccess();
    else {
      r.expectRevert(NOT_ALLOWED);
      expect(r.cost).toBe(2_500_000_000n); // the custom payment failed: the baseline penalty
    }
  });
});

describe("the local node marks a TransactionV1 session with its is_install_upgrade", () => {
  it("DeployItem.transactionV1 from the transaction (execution-items.ts)", () => {
    const auction = () => new Uint8Array(32);
    const of = (installUpgrade: boolean) => {
      const signed = buildSessionWasm(plan({ transaction: true }), WASM, args(), installUpgrade);
      if (signed.kind !== "transaction") throw new Error("expected a TransactionV1");
      return deployItemOfTransaction(readTransactionV1Json(signed.json), auction);
    };
    expect(of(true).transactionV1).toEqual({ isInstallUpgrade: true, nativeAuction: false });
    expect(of(false).transactionV1).toEqual({ isInstallUpgrade: false, nativeAuction: false });
  });
});
