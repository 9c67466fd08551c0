// What every built artifact must pass before the build writes it:
//   1. valid WebAssembly under wabt with only MVP features (no sign-ext, bulk memory, ...),
//   2. Casper's own rules (host/wasm/check.ts: memory section, no start, no float op, only known
//      env.casper_* imports with the right signatures, Casper's limits), for protocol 1.5.8, the
//      strictest: what passes runs on 1.5.x and 2.x networks,
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

export interface Problem {
  code: string;
  message: string;
}

export interface CheckReport {
  problems: Problem[];
  /** entry points installed by `call` (empty for session code), when the dry install ran */
  entryPoints: string[];
  dryRun?: DryInstall;
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

/** wabt's verdict with MVP features only: null when valid, else its message. */
export async function wabtMvpError(wasm: Uint8Array): Promise<string | null> {
  wabt ??= await wabtInit();
  let module: ReturnType<typeof wabt.readWasm> | undefined;
  try {
    module = wabt.readWasm(new Uint8Array(wasm), { readDebugNames: false, ...MVP_ONLY });
    module.validate();
    return null;
  } catch (e) {
    return (e instanceof Error ? e.message : String(e)).trim();
  } finally {
    module?.destroy();
  }
}

export interface CheckOptions {
  /** the oldest protocol the module must run on (default 1.5.8: then it runs on 1.5.x and 2.x) */
  protocol?: "1.5.8" | "2.0.0";
  /** "contract": `call` must install a contract; "session" (default): it may */
  kind?: "session" | "contract";
  /** sample named args for the dry install (value bytes by name) */
  installArgs?: ReadonlyMap<string, Uint8Array>;
}

// ApiError codes of a revert for want of an argument (casper-types api_error.rs)
const ARG_ERRORS = new Set([2, 3]);

export async function checkArtifact(wasm: Uint8Array, options: CheckOptions = {}): Promise<CheckReport> {
  const problems: Problem[] = [];
  const wabtError = await wabtMvpError(wasm);
  if (wabtError !== null) problems.push({ code: "NotMvpWasm", message: `not valid MVP WebAssembly (wabt): ${wabtError}` });
  for (const issue of checkCasperWasm(wasm, { protocol: options.protocol ?? "1.5.8" })) problems.push({ code: issue.code, message: issue.message });

  let sections;
  try {
    sections = readSections(wasm);
  } catch (e) {
    if (!(e instanceof WasmFormatError)) throw e;
    problems.push({ code: "Malformed", message: e.message });
    return { problems, entryPoints: [] };
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
  if (problems.length > 0) return { problems, entryPoints: [] };

  let dryRun: DryInstall;
  try {
    dryRun = dryInstall(wasm, options.installArgs);
  } catch (e) {
    problems.push({ code: "DryInstallFailed", message: `dry install of \`call\` failed: ${e instanceof Error ? e.message : String(e)}` });
    return { problems, entryPoints: [] };
  }
  const entryPoints = [...new Set(dryRun.installed.flat())];
  const addsVersions = sections.imports.some((i) => i.module === "env" && i.name === "casper_add_contract_version");
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
  return { problems, entryPoints, dryRun };
}
