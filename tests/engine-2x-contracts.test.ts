// Where 1.5.8 and 2.0.0 store contracts differently, side by side: casper_add_contract_version's
// outputs (1.5.8 execution_engine/src/core/runtime/mod.rs add_contract_version writes bytes_written and
// checks output_size; 2.0.0 runtime/externals.rs AddContractVersion does neither), the entry point
// formats each accepts, casper_read_value of a ContractPackage (types/src/stored_value.rs
// TryFrom<StoredValue> for CLValue in both), and the imports only one of them serves.
import { describe, expect, it } from "vitest";
import { Engine } from "../host/engine/engine.ts";
import { storedValueJson } from "../host/node/stored-value-json.ts";
import { cat, entryPointsBytes, hex, str, u32le, type EpSpec } from "./helpers/engine-bytes.ts";
import { Data, RET_HELPERS, module } from "./helpers/engine-wat.ts";

const PROTOCOLS = ["1.5.8", "2.0.0"] as const;
const i32Of = (b: Uint8Array, at = 0) => new DataView(b.buffer, b.byteOffset + at).getInt32(0, true);

/**
 * Session code: a new package, add_contract_version with the given entry points, output_size
 * `outSize`, bytes_written pre-filled with 0xABABABAB; returns [status, bytes_written word, version,
 * 32 bytes at the output] and puts the hash under `probe` when the call succeeded.
 */
function addVersionProbe(eps: Uint8Array, outSize: number, exports: string[] = ["noop"]): Uint8Array {
  const d = new Data();
  const e = d.bytes(eps);
  const nk = d.bytes(u32le(0));
  const name = d.string("probe");
  return module({
    imports: ["casper_create_contract_package_at_hash", "casper_add_contract_version", "casper_put_key", "casper_ret"],
    data: d,
    body: `${RET_HELPERS}
  ${exports.map((x) => `(func (export "${x}") nop)`).join("\n  ")}
  (func (export "call")
    (call $casper_create_contract_package_at_hash (i32.const 100) (i32.const 140) (i32.const 0))
    (i32.store (i32.const 404) (i32.const 0xABABABAB))
    (i32.store (i32.const 400) (call $casper_add_contract_version (i32.const 100) (i32.const 32) (i32.const 408)
      (i32.const ${e.ptr}) (i32.const ${e.len}) (i32.const ${nk.ptr}) (i32.const 4) (i32.const 413) (i32.const ${outSize}) (i32.const 404)))
    (i32.store8 (i32.const 412) (i32.const 1))
    (if (i32.eqz (i32.load (i32.const 400))) (then
      (call $casper_put_key (i32.const ${name.ptr}) (i32.const ${name.len}) (i32.const 412) (i32.const 33))))
    (call $ret_bytes (i32.const 400) (i32.const 45)))`,
  });
}

const NOOP: EpSpec[] = [{ name: "noop", type: "contract" }];

describe("casper_add_contract_version, side by side", () => {
  it("1.5.8 writes bytes_written = 32; 2.0.0 leaves it as it was (what breaks code that decodes with it)", () => {
    for (const protocol of PROTOCOLS) {
      const engine = new Engine({ protocol });
      const out = engine.runSession("alice", addVersionProbe(entryPointsBytes(NOOP), 32)).expectSuccess().returned!.bytes.subarray(4);
      const contract = engine.account("alice").namedKeys.probe.slice(5);
      expect(i32Of(out)).toBe(0);
      expect(i32Of(out, 8)).toBe(1); // version
      expect(hex(out.subarray(13, 45))).toBe(contract);
      expect((i32Of(out, 4) >>> 0).toString(16)).toBe(protocol === "1.5.8" ? "20" : "abababab");
    }
  });

  it("output_size < 32: 1.5.8 stores the version, then returns BufferTooSmall; 2.0.0 ignores output_size and writes the hash", () => {
    for (const protocol of PROTOCOLS) {
      const engine = new Engine({ protocol });
      const r = engine.runSession("alice", addVersionProbe(entryPointsBytes(NOOP), 8)).expectSuccess();
      const out = r.returned!.bytes.subarray(4);
      expect(i32Of(out)).toBe(protocol === "1.5.8" ? 32 : 0);
      // the package has its version 1 either way
      expect(r.journal.some((j) => j.value?.kind === "Contract")).toBe(true);
      if (protocol === "2.0.0") expect(hex(out.subarray(13, 45))).toBe(engine.account("alice").namedKeys.probe.slice(5));
    }
  });

  it("entry point formats: 2.0.0 reads Factory (0x80) and Template access (3) in the legacy format and stores them; 1.5.8 refuses both", () => {
    const eps = entryPointsBytes([{ name: "make", type: "factory" }, { name: "tpl", type: "contract", access: "template" }]);
    const v1 = new Engine({ protocol: "1.5.8" }).runSession("alice", addVersionProbe(eps, 32, ["make", "tpl"]));
    v1.expectError("BytesRepr", /entry_point_type|EntryPointAccess/);
    const engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", addVersionProbe(eps, 32, ["make", "tpl"])).expectSuccess();
    const contract = engine.account("alice").namedKeys.probe;
    const stored = engine.entryPoints(contract);
    expect(stored.get("make")?.entryPointType).toBe("Factory");
    expect(stored.get("tpl")?.access).toEqual({ kind: "Template" });
    // as a 2.0 node reports the Contract (serde of EntryPointType / EntryPointAccess)
    const json = storedValueJson(engine.query(contract)) as { Contract: { entry_points: { name: string; entry_point_type: string; access: unknown }[] } };
    expect(json.Contract.entry_points.map((e) => [e.name, e.entry_point_type, e.access])).toEqual([["make", "Factory", "Public"], ["tpl", "Called", "Template"]]);
    // a Template entry point cannot be called (runtime/mod.rs validate_entry_point_access)
    engine.callByHash("alice", contract, "tpl").expectError("TemplateMethod", "Error calling a template entry point: tpl");
    // 2.0 contract entry points carry no payment byte: the EntityEntryPoint format here is malformed
    const entity = entryPointsBytes(NOOP, { entity: true });
    engine.runSession("alice", addVersionProbe(entity, 32)).expectError("BytesRepr", /left-over bytes/);
  });

  it("2.0.0 keys the stored entry points by their own names (contracts.rs From<EntityEntryPoints>); 1.5.8 by the map key on the wire", () => {
    // map key "alias", entry point named "noop"
    const eps = cat(u32le(1), str("alias"), str("noop"), u32le(0), new Uint8Array([9, 1, 1]));
    for (const protocol of PROTOCOLS) {
      const engine = new Engine({ protocol });
      engine.runSession("alice", addVersionProbe(eps, 32, ["noop", "alias"])).expectSuccess();
      expect([...engine.entryPoints(engine.account("alice").namedKeys.probe).keys()]).toEqual([protocol === "1.5.8" ? "alias" : "noop"]);
    }
  });
});

/** Session code: read_value of the Key bytes given; returns [status, size, value bytes…]. */
function readValueProbe(key: Uint8Array): Uint8Array {
  const d = new Data();
  const k = d.bytes(key);
  return module({
    imports: ["casper_read_value", "casper_read_host_buffer", "casper_ret"],
    data: d,
    body: `${RET_HELPERS}
  (func (export "call")
    (i32.store (i32.const 400) (call $casper_read_value (i32.const ${k.ptr}) (i32.const ${k.len}) (i32.const 404)))
    (drop (call $casper_read_host_buffer (i32.const 408) (i32.load (i32.const 404)) (i32.const 396)))
    (call $ret_bytes (i32.const 400) (i32.add (i32.const 8) (i32.load (i32.const 404)))))`,
  });
}

describe("casper_read_value of a contract package, side by side", () => {
  it("both protocols return the ContractPackage's bytes as a CLValue (stored_value.rs); a Contract is a TypeMismatch, worded per protocol", () => {
    for (const protocol of PROTOCOLS) {
      const engine = new Engine({ protocol });
      engine.runSession("alice", addVersionProbe(entryPointsBytes(NOOP), 32)).expectSuccess();
      const contract = engine.account("alice").namedKeys.probe;
      const pkgHash = engine.contract(contract).contractPackageHash;
      const pkg = engine.contractPackage(`hash-${hex(pkgHash)}`);
      const out = engine.runSession("alice", readValueProbe(cat(new Uint8Array([1]), pkgHash))).expectSuccess().returned!.bytes.subarray(4);
      // access key URef, versions {(major, 1) -> contract}, no disabled versions, no groups, unlocked
      const major = protocol === "1.5.8" ? 1 : 2;
      const expected = cat(pkg.accessKey.addr, new Uint8Array([7]), u32le(1), u32le(major), u32le(1), Buffer.from(contract.slice(5), "hex"), u32le(0), u32le(0), new Uint8Array([0]));
      expect(i32Of(out)).toBe(0);
      expect(hex(out.subarray(8))).toBe(hex(expected));
      const mismatch = engine.runSession("alice", readValueProbe(cat(new Uint8Array([1]), Buffer.from(contract.slice(5), "hex"))));
      mismatch.expectError("TypeMismatch", `Type mismatch. Expected ${protocol === "1.5.8" ? "CLValue" : "StoredValue"} but found Contract.`);
    }
  });
});

describe("imports served by one protocol only", () => {
  it("casper_record_transfer and casper_record_era_info exist in 1.5.8 only; the 2.0 imports in 2.0.0 only", () => {
    for (const name of ["casper_record_transfer", "casper_record_era_info"]) {
      const wasm = module({ imports: [name], data: new Data(), body: `(func (export "call") nop)` });
      new Engine({ protocol: "2.0.0" }).runSession("alice", wasm).expectError("Interpreter", `host module doesn't export function with name ${name}`);
      new Engine({ protocol: "1.5.8" }).runSession("alice", wasm).expectSuccess();
    }
    for (const name of ["casper_emit_message", "casper_manage_message_topic", "casper_call_package_version", "casper_get_block_info", "casper_load_caller_information", "casper_verify_signature", "casper_recover_secp256k1", "casper_generic_hash", "casper_add_contract_version_with_message_topics", "casper_add_package_version_with_message_topics"]) {
      const wasm = module({ imports: [name], data: new Data(), body: `(func (export "call") nop)` });
      new Engine({ protocol: "1.5.8" }).runSession("alice", wasm).expectError("Interpreter", `Interpreter error: Function: host module doesn't export function with name ${name}`);
      new Engine({ protocol: "2.0.0" }).runSession("alice", wasm).expectSuccess();
    }
  });
});
