// What every built artifact must pass before the build writes it:
//   1. valid WebAssembly under wabt with only MVP features (no sign-ext, bulk memory, ...; a 2.x-only
//      module may use sign-extension, which 2.0 accepts),
//   2. Casper's own rules (host/wasm/check.ts: memory section, no start, no float op, only known
//      env.casper_* imports with the right signatures, Casper's limits), for the protocol the contract
//      declares (casper.build.json), else for 1.5.8, the strictest: what passes runs on 1.5.x and 2.x
//      networks; for 2.0.0 when the module needs 2.x (protocol-needs.ts: a 2.x-only import or operator),
//      which the report then says. A declared protocol the module cannot run on is a problem naming why
//      (e.g. declared 1.5.8 but it imports casper_emit_message),
//   3. no import that only test builds of casper-node serve (casper_print),
//   4. an exported `call` function, and an exported function for every entry point `call` installs
//      (learned by a dry install against a recording host, given sample install args). A contract
//      (kind "contract") must install at least one version in that dry install; an installer that stops
//      for want of an argument is named, rather than passing with nothing checked.
import wabtInit from "wabt";
import { testSupportOnlyImports } from "../../host/ffi/imports.ts";
import { checkCasperWasm } from "../../host/wasm/check.ts";
import { readSections, WasmFormatError } from "./wasm-sections.ts";
import { dryInstall, type DryInstall } from "./dry-install.ts";
import { checkProtocol, protocolNeeds, type ProtocolNeeds } from "./protocol-needs.ts";

export interface Problem {
  code: string;
  message: string;
}

export interface CheckReport {
  problems: Problem[];
  /** entry points installed by `call` (empty for session code), when the dry install ran */
  entryPoints: string[];
  dryRun?: DryInstall;
  /** the protocols that can run it (absent when the bytes are not a wasm module) */
  needs?: ProtocolNeeds;
}

const MVP_ONLY = {
  exceptions: false,
  mutable_globals: false,
  sat_float_to_int: false,
  sign_extension: false,
  simd: false,
  threads: false,
  function_references: false,
  multi_value: false,
  tail_call: false,
  bulk_memory: false,
  reference_types: false,
  annotations: false,
  code_metadata: false,
  gc: false,
  memory64: false,
  extended_const: false,
  relaxed_simd: false,
};

let wabt: Awaited<ReturnType<typeof wabtInit>> | undefined;

/** wabt's verdict with MVP features only (plus sign-extension when `signExtension`): null when valid, else its message. */
export async function wabtMvpError(wasm: Uint8Array, signExtension = false): Promise<string | null> {
  wabt ??= await wabtInit();
  let module: ReturnType<typeof wabt.readWasm> | undefined;
  try {
    module = wabt.readWasm(new Uint8Array(wasm), { readDebugNames: false, ...MVP_ONLY, sign_extension: signExtension });
    module.validate();
    return null;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).trim();
  } finally {
    module?.destroy();
  }
}

export interface CheckOptions {
  /**
   * the protocol the contract declares it is for (casper.build.json): checked against what the module
   * needs. Absent: the module's imports and operators decide (protocol-needs.ts).
   */
  protocol?: "1.5.8" | "2.0.0";
  /** where the declaration is, for the message (e.g. "casper.build.json contracts.cep18.protocol") */
  declaredIn?: string;
  /** "contract": `call` must install a contract; "session" (default): it may */
  kind?: "session" | "contract";
  /** sample named args for the dry install (value bytes by name) */
  installArgs?: ReadonlyMap<string, Uint8Array>;
}

// ApiError codes of a revert for want of an argument (casper-types api_error.rs)
const ARG_ERRORS = new Set([2, 3]);
const ADD_VERSION_IMPORTS = new Set([
  "casper_add_contract_version",
  "casper_add_contract_version_with_message_topics",
  "casper_add_package_version_with_message_topics",
]);

export async function checkArtifact(wasm: Uint8Array, options: CheckOptions = {}): Promise<CheckReport> {
  const problems: Problem[] = [];
  let needs: ProtocolNeeds | undefined;
  try {
    needs = protocolNeeds(wasm);
  } catch {
    // not decodable: the checks below say why
  }
  const protocol = options.protocol ?? (needs ? checkProtocol(needs) : "1.5.8");
  if (needs && options.protocol) {
    const declared = `${options.declaredIn ?? "the declared protocol"} is ${options.protocol}`;
    if (options.protocol === "1.5.8" && needs.needs2x.length > 0) {
      problems.push({ code: "ProtocolMismatch", message: `${declared} but the module is Casper 2.x only: ${needs.needs2x.join(", ")}` });
    } else if (options.protocol === "2.0.0" && needs.needs15x.length > 0) {
      problems.push({ code: "ProtocolMismatch", message: `${declared} but the module is Casper 1.5.x only: ${needs.needs15x.join(", ")}` });
    }
  }
  const wabtError = await wabtMvpError(wasm, protocol === "2.0.0");
  if (wabtError !== null) problems.push({ code: "NotMvpWasm", message: `not valid MVP WebAssembly (wabt): ${wabtError}` });
  for (const issue of checkCasperWasm(wasm, { protocol })) problems.push({ code: issue.code, message: issue.message });

  let sections;
  try {
    sections = readSections(wasm);
  } catch (e) {
    if (!(e instanceof WasmFormatError)) throw e;
    problems.push({ code: "Malformed", message: e.message });
    return { problems, entryPoints: [], needs };
  }
  // the local engine serves these (as casper-node's test-support build does); a network refuses the module
  for (const name of testSupportOnlyImports(sections.imports.filter((i) => i.module === "env").map((i) => i.name))) {
    problems.push({
      code: "TestSupportOnlyImport",
      message: `imports ${name}, which only test builds of casper-node serve (v1.5.8 v1_resolver.rs, feature "test-support"): a network refuses this module — keep runtime.print out of contracts you ship`,
    });
  }
  const exportedFunctions = new Set(sections.exports.filter((e) => e.kind === "func").map((e) => e.name));
  if (!exportedFunctions.has("call")) {
    problems.push({ code: "MissingCall", message: "exports no `call` function: Casper runs session code and installers through `call`" });
  }
  // a dry install needs a module that instantiates and has `call`
  if (problems.length > 0) return { problems, entryPoints: [], needs };

  let dryRun: DryInstall;
  try {
    dryRun = dryInstall(wasm, protocol, options.installArgs);
  } catch (e) {
    problems.push({ code: "DryInstallFailed", message: `dry install of \`call\` failed: ${e instanceof Error ? e.message : String(e)}` });
    return { problems, entryPoints: [], needs };
  }
  const entryPoints = [...new Set(dryRun.installed.flat())];
  const addsVersions = sections.imports.some((i) => i.module === "env" && ADD_VERSION_IMPORTS.has(i.name));
  if (dryRun.installed.length === 0 && (options.kind === "contract" || addsVersions)) {
    const stoppedForArgs = dryRun.outcome === "reverted" && ARG_ERRORS.has(dryRun.revertCode ?? 0) && dryRun.argsAsked.length > 0;
    if (stoppedForArgs) {
      problems.push({
        code: "InstallNeedsArgs",
        message: `the dry install of \`call\` stopped (revert ${dryRun.revertCode}) for want of install args (it asked for: ${[...new Set(dryRun.argsAsked)].join(", ")}), so its entry points went unchecked: give sample args in casper.build.json (contracts.<name>.installArgs)`,
      });
    } else if (options.kind === "contract") {
      problems.push({ code: "InstallsNothing", message: `\`call\` installs no contract in the build's dry install (it ${dryRun.outcome}${dryRun.detail ? `: ${dryRun.detail}` : ""})` });
    }
  }
  for (const name of entryPoints) {
    if (!exportedFunctions.has(name)) {
      problems.push({ code: "MissingEntryPointExport", message: `\`call\` installs entry point "${name}" but the module exports no function "${name}"` });
    }
  }
  return { problems, entryPoints, dryRun, needs };
}
