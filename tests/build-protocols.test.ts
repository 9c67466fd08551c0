// The build marks each artifact with the Casper protocols that can run it (scripts/build/protocol-needs.ts):
// a 2.x-only import (host/ffi/imports.ts, from casper-node 2.0's resolver) or a sign-extension operator (which
// only 2.0's decoder accepts) makes a module 2.x only, an import 2.0 removed makes it 1.5.x only; the checks
// then follow that protocol, the report says so, and the reason names the import.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContract, BuildError, formatArtifactTable, type Artifact } from "../scripts/build.ts";
import type { ContractSource } from "../scripts/build/contracts.ts";
import { checkArtifact } from "../scripts/build/checks.ts";
import { protocolNeeds, refusalFor } from "../scripts/build/protocol-needs.ts";
import { CLT } from "../host/bytesrepr/cl-type.ts";
import { encodeEntryPoints } from "../host/bytesrepr/entry-points.ts";
import { artifact } from "./helpers/engine-artifacts.ts";
import { wat } from "./helpers/wasm-helpers.ts";
import { Engine } from "../host/engine/engine.ts";
import sdk from "casper-js-sdk";

const { CLValue } = sdk;

const MESSENGER: ContractSource = { name: "messenger", entry: "tests/contracts/messenger.ts", kind: "contract", classForm: false };

/** A session importing `imports` (name -> wasm signature) and calling nothing but revert. */
function importing(imports: Record<string, string>, body = "(call $revert (i32.const 1))", features = {}): Uint8Array {
  const decls = Object.entries(imports).map(([name, sig], i) => `(import "env" "${name}" (func $f${i} ${sig}))`);
  return wat(`(module (import "env" "casper_revert" (func $revert (param i32))) ${decls.join(" ")}
    (memory (export "memory") 1) (func $call ${body}) (export "call" (func $call)))`, features);
}
const EMIT = { casper_emit_message: "(param i32 i32 i32 i32) (result i32)" };
const RECORD_ERA = { casper_record_era_info: "(param i32 i32 i32 i32) (result i32)" };

describe("protocolNeeds", () => {
  it("the seed contracts run on 1.5.x and 2.x", () => {
    for (const name of ["delegate", "keys_manager"] as const) {
      expect(protocolNeeds(artifact(name))).toEqual({ target: "1.5.x and 2.x", needs2x: [], needs15x: [] });
    }
  });

  it("a 2.x-only import, a sign-extension operator, a 1.5.x-only import, and both", () => {
    expect(protocolNeeds(importing(EMIT))).toEqual({ target: "2.x only", needs2x: ["imports casper_emit_message"], needs15x: [] });
    const signExt = protocolNeeds(importing({}, "(call $revert (i32.extend16_s (i32.const 1)))", { sign_extension: true }));
    expect(signExt.target).toBe("2.x only");
    expect(signExt.needs2x).toEqual([expect.stringMatching(/^uses sign-extension operators \(i32\.extend16_s .* in function body #0\)$/)]);
    expect(protocolNeeds(importing(RECORD_ERA))).toEqual({ target: "1.5.x only", needs2x: [], needs15x: ["imports casper_record_era_info"] });
    expect(protocolNeeds(importing({ ...EMIT, ...RECORD_ERA })).target).toBe("neither");
    // not a module: the decoder's error, for the checks to report
    expect(() => protocolNeeds(Uint8Array.of(1, 2, 3))).toThrow();
  });

  it("a node's api_version decides whether it can run the module", () => {
    const v2 = protocolNeeds(importing(EMIT));
    expect(refusalFor(v2, "1.5.8")).toBe("it is Casper 2.x only (imports casper_emit_message) and the node runs 1.5.8");
    expect(refusalFor(v2, "2.0.0")).toBeNull();
    expect(refusalFor(protocolNeeds(importing(RECORD_ERA)), "2.0.3")).toBe("it is Casper 1.5.x only (imports casper_record_era_info) and the node runs 2.0.3");
    expect(refusalFor(protocolNeeds(artifact("keys_manager")), "1.5.8")).toBeNull();
    expect(refusalFor(v2, "")).toBeNull(); // nothing known
  });
});

describe("checks follow the module's protocol", () => {
  it("a 2.x-only import passes the 2.0.0 checks (its signature still checked); 1.5.8 would refuse it", async () => {
    const ok = await checkArtifact(importing(EMIT));
    expect(ok.problems).toEqual([]);
    expect(ok.needs?.target).toBe("2.x only");
    const wrong = await checkArtifact(importing({ casper_emit_message: "(param i32 i32) (result i32)" }));
    expect(wrong.problems).toEqual([expect.objectContaining({ code: "Interpreter", message: expect.stringContaining("for entry casper_emit_message") })]);
  });

  it("a module no protocol runs is refused, naming the import the other protocol removed", async () => {
    const { problems } = await checkArtifact(importing({ ...EMIT, ...RECORD_ERA }));
    expect(problems).toEqual([
      expect.objectContaining({ message: "Function: host module doesn't export function with name casper_record_era_info (it exists in Casper 1.5.8, not in 2.0.0)" }),
    ]);
  });

  it("the dry install reads 2.0 entry points given to *_with_message_topics and finds a missing export", async () => {
    // EntityEntryPoints (casper-node 2.0 addressable_entity/entry_points.rs): the 1.5 bytes of each entry point + payment byte
    const legacy = encodeEntryPoints([{ name: "go", args: [], ret: CLT.Unit, access: { kind: "Public" }, entryPointType: "Contract" }]);
    const eps = Uint8Array.of(...legacy, 0);
    const data = [...eps].map((b) => `\\${b.toString(16).padStart(2, "0")}`).join("");
    const installer = (exported: string[]) =>
      wat(`(module
        (import "env" "casper_add_contract_version_with_message_topics" (func $add (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
        (memory (export "memory") 1)
        (data (i32.const 1024) "${data}")
        (func $call (drop (call $add (i32.const 0) (i32.const 32) (i32.const 64) (i32.const 1024) (i32.const ${eps.length})
          (i32.const 2048) (i32.const 4) (i32.const 2048) (i32.const 4) (i32.const 128) (i32.const 32))))
        ${exported.map((n) => `(func (export "${n}"))`).join("\n")}
        (export "call" (func $call)))`);
    const good = await checkArtifact(installer(["go"]));
    expect(good.problems).toEqual([]);
    expect(good.entryPoints).toEqual(["go"]);
    const missing = await checkArtifact(installer([]));
    expect(missing.problems).toEqual([{ code: "MissingEntryPointExport", message: expect.stringMatching(/"go"/) }]);
  });
});

describe("building a 2.x-only contract", () => {
  let outDir: string;
  let messenger: Artifact;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), "casper-as-build-protocols-"));
    messenger = await buildContract(MESSENGER, { outDir });
  }, 120_000);
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("marks it 2.x only and the report names the imports that make it so", () => {
    expect(messenger.needs.target).toBe("2.x only");
    expect(messenger.needs.needs2x).toContain("imports casper_emit_message");
    expect(messenger.needs.needs2x).toContain("imports casper_add_contract_version_with_message_topics");
    expect([...messenger.entryPoints].sort()).toEqual(["add_topic", "block_info", "callers", "emit", "emit_bytes", "hashes", "protocol_version", "verify"]);
    const table = formatArtifactTable([messenger]).split("\n");
    expect(table.find((l) => l.includes("messenger.wasm"))).toMatch(/\s2\.x only\s/);
    expect(table).toContain(`messenger: Casper 2.x only: ${messenger.needs.needs2x.join(", ")}`);
  });
});

// casper.build.json may declare the protocol a contract is for: the module is checked against it, and a
// class-form contract declared 2.0.0 is compiled as a 2.x build (CASPER_2X): its installer adds the version
// through add_contract_version_with_message_topics (casper-contract 5.x's way) instead of the 1.5 import.
describe("a declared protocol", () => {
  let outDir: string;
  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), "casper-as-build-declared-"));
  });
  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it("a 2.x-only module declared for 1.5.8 fails the build, naming the declaration and the imports; no artifact is left", async () => {
    const declared = { ...MESSENGER, protocol: "1.5.8", protocolDeclaredIn: "casper.build.json contracts.messenger.protocol" } as const;
    const err = await buildContract(declared, { outDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildError);
    expect((err as Error).message).toMatch(/ProtocolMismatch: casper\.build\.json contracts\.messenger\.protocol is 1\.5\.8 but the module is Casper 2\.x only: .*imports casper_emit_message/);
    expect(existsSync(path.join(outDir, "messenger.wasm"))).toBe(false);
  }, 120_000);

  it("a module declared for 2.0.0 that imports what 2.0 removed is refused; a session declared 2.0.0 may run on both", async () => {
    const { problems } = await checkArtifact(importing(RECORD_ERA), { protocol: "2.0.0", declaredIn: "x" });
    expect(problems).toContainEqual({ code: "ProtocolMismatch", message: "x is 2.0.0 but the module is Casper 1.5.x only: imports casper_record_era_info" });
    expect((await checkArtifact(artifact("delegate"), { protocol: "2.0.0" })).problems).toEqual([]);
  });

  it("keys_manager declared 2.0.0 installs through add_contract_version_with_message_topics with the same entry points, and runs on 2.0", async () => {
    const km: ContractSource = { name: "keys_manager", entry: "assembly/contracts/keys_manager.ts", kind: "contract", classForm: true, protocol: "2.0.0" };
    const built = await buildContract(km, { outDir });
    expect(built.imports).toContain("env.casper_add_contract_version_with_message_topics");
    expect(built.imports).not.toContain("env.casper_add_contract_version");
    expect(built.needs.target).toBe("2.x only");
    expect([...built.entryPoints].sort()).toEqual(["set_all", "set_deployment_threshold", "set_key_management_threshold", "set_key_weight"]);
    const engine = new Engine({ protocol: "2.0.0" });
    engine.runSession("alice", built.wasm, {}, { payment: 100n * 10n ** 9n }).expectSuccess();
    const contract = engine.account("alice").namedKeys.keys_manager;
    const weight = { weight: CLValue.newCLUint8(3) };
    engine.callByHash("alice", contract, "set_key_management_threshold", weight).expectRevert(65536 + 8); // InsufficientTotalWeight, as the 1.5 build
    expect(() => new Engine({ protocol: "1.5.8" }).runSession("alice", built.wasm, {}, { payment: 100n * 10n ** 9n }).expectSuccess()).toThrow();
  }, 120_000);
});
