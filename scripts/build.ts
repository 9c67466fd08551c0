// `npm run build`: compiles every contract found by scripts/build/contracts.ts to build/<name>.wasm
// (release) and build/debug/<name>.wasm (names kept), checks each artifact (scripts/build/checks.ts)
// and prints a table. A class-form contract also gets build/<name>.schema.json (its Casper Contract
// Schema), build/<name>.client.ts (a typed client generated from it) and, for reading, the code the
// transform generated under build/debug/generated/. A failed check stops the build and leaves no
// artifact for that contract. asc's warnings are printed. Other scripts call `buildAll()`;
// `tsx scripts/build.ts [name...]` is the CLI.
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CONTRACTS, BuildConfigError, type ContractSource } from "./build/contracts.ts";
import { compile, CompileError, type Compiled, type Target } from "./build/compile.ts";
import { checkArtifact } from "./build/checks.ts";
import { readSections } from "./build/wasm-sections.ts";
import { configuredInstallArgs, sampleInstallArgs } from "./build/sample-args.ts";
import { BUILD_DIR, ROOT } from "./build/paths.ts";
import { generateClient } from "./client/generate.ts";
import type { ContractSchema } from "./build/transform/schema.ts";
import { describeNeeds, type ProtocolNeeds } from "./build/protocol-needs.ts";

export interface Artifact {
  name: string;
  /** absolute path of the release module */
  path: string;
  /** absolute path of the debug module */
  debugPath: string;
  wasm: Uint8Array;
  debugWasm: Uint8Array;
  /** host functions imported by the release module */
  imports: string[];
  /** exported names of the release module */
  exports: string[];
  /** entry points `call` installs (empty for session code) */
  entryPoints: string[];
  /** the contract's schema (class form), written beside the wasm */
  schema: ContractSchema | null;
  /** absolute path of the schema file, when there is one */
  schemaPath: string | null;
  /** asc's warnings, when it had any */
  diagnostics: string;
  /** wall-clock milliseconds of this contract's build (both variants and the checks) */
  millis: number;
  /** the Casper protocols that can run the release module, and why (scripts/build/protocol-needs.ts) */
  needs: ProtocolNeeds;
}

export class BuildError extends Error {}

async function buildVariant(contract: ContractSource, target: Target): Promise<Compiled & { entryPoints: string[]; needs: ProtocolNeeds }> {
  const compiled = await compile(contract.entry, target, { name: contract.name, protocol: contract.protocol });
  const installArgs = compiled.contract
    ? sampleInstallArgs(compiled.contract.model.installArgs)
    : contract.installArgs
      ? configuredInstallArgs(contract.installArgs)
      : undefined;
  const report = await checkArtifact(compiled.wasm, { protocol: contract.protocol, kind: contract.kind, installArgs, declaredIn: contract.protocolDeclaredIn });
  const problems = [...report.problems];
  if (compiled.contract && problems.length === 0) {
    // the transform's own promise: `call` installs exactly the declared entry points
    const declared = compiled.contract.model.entryPoints.map((e) => e.name).sort();
    const installed = [...report.entryPoints].sort();
    if (JSON.stringify(declared) !== JSON.stringify(installed)) {
      problems.push({ code: "EntryPointsDiffer", message: `declared entry points ${declared.join(", ")} but \`call\` installs ${installed.join(", ")}` });
    }
  }
  if (problems.length > 0) {
    const lines = problems.map((p) => `  - ${p.code}: ${p.message}`).join("\n");
    throw new BuildError(`${contract.name} (${target}) fails the artifact checks:\n${lines}`);
  }
  return { ...compiled, entryPoints: report.entryPoints, needs: report.needs! };
}

export interface BuildOptions {
  /** where the release modules go (default build/); debug ones go to its debug/ folder */
  outDir?: string;
}

/** Writes through a temporary file, so a reader never sees a half-written file. */
async function writeAtomically(file: string, bytes: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, file);
}

/** Builds and checks one contract, writes its modules (and schema, client, generated code). */
export async function buildContract(contract: ContractSource, options: BuildOptions = {}): Promise<Artifact> {
  const started = performance.now();
  const outDir = options.outDir ?? BUILD_DIR;
  const file = path.join(outDir, `${contract.name}.wasm`);
  const debugFile = path.join(outDir, "debug", `${contract.name}.wasm`);
  const schemaFile = path.join(outDir, `${contract.name}.schema.json`);
  const clientFile = path.join(outDir, `${contract.name}.client.ts`);
  try {
    const release = await buildVariant(contract, "release");
    const debug = await buildVariant(contract, "debug");
    await mkdir(path.dirname(debugFile), { recursive: true });
    await writeAtomically(file, release.wasm);
    await writeAtomically(debugFile, debug.wasm);
    const schema = release.contract?.schema ?? null;
    if (schema) {
      await writeAtomically(schemaFile, `${JSON.stringify(schema, null, 2)}\n`);
      await writeAtomically(clientFile, generateClient(schema, { contractName: contract.name, clientFile, root: ROOT }));
      for (const [source, text] of release.generated) {
        const out = path.join(outDir, "debug", "generated", source.replace(/^(\.\.\/)+/, ""));
        await mkdir(path.dirname(out), { recursive: true });
        await writeAtomically(out, text);
      }
    } else {
      await rm(schemaFile, { force: true });
      await rm(clientFile, { force: true });
    }
    const sections = readSections(release.wasm);
    return {
      name: contract.name,
      path: file,
      debugPath: debugFile,
      wasm: release.wasm,
      debugWasm: debug.wasm,
      imports: sections.imports.map((i) => `${i.module}.${i.name}`),
      exports: sections.exports.map((e) => e.name),
      entryPoints: release.entryPoints,
      schema,
      schemaPath: schema ? schemaFile : null,
      diagnostics: release.diagnostics,
      millis: performance.now() - started,
      needs: release.needs,
    };
  } catch (e) {
    // never leave a stale artifact next to a failed build
    for (const f of [file, debugFile, schemaFile, clientFile]) await rm(f, { force: true });
    throw e;
  }
}

/** Builds every contract of CONTRACTS (or `only` of them); throws BuildError / CompileError on the first failure. */
export async function buildAll(only?: readonly string[], options: BuildOptions = {}, contracts: readonly ContractSource[] = CONTRACTS): Promise<Artifact[]> {
  const selected = only?.length ? contracts.filter((c) => only.includes(c.name)) : contracts;
  if (only?.length && selected.length !== only.length) {
    const known = new Set(contracts.map((c) => c.name));
    throw new BuildError(`unknown contract(s): ${only.filter((n) => !known.has(n)).join(", ")} (known: ${[...known].join(", ")})`);
  }
  const artifacts: Artifact[] = [];
  for (const contract of selected) artifacts.push(await buildContract(contract, options));
  return artifacts;
}

/** The table `npm run build` prints. */
export function formatArtifactTable(artifacts: readonly Artifact[]): string {
  const rows = artifacts.map((a) => [
    path.relative(ROOT, a.path),
    String(a.wasm.length),
    String(a.debugWasm.length),
    String(a.imports.length),
    `${(a.millis / 1000).toFixed(1)} s`,
    a.needs.target === "1.5.x and 2.x" ? "1.5.x, 2.x" : a.needs.target,
    a.exports.filter((e) => e !== "memory").join(" "),
  ]);
  const header = ["artifact", "bytes", "debug bytes", "imports", "time", "runs on", "exports"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
  const imported = artifacts.map((a) => `${a.name} imports: ${a.imports.map((i) => i.replace(/^env\.casper_/, "")).join(", ")}`);
  const protocols = artifacts.filter((a) => a.needs.target !== "1.5.x and 2.x").map((a) => `${a.name}: ${describeNeeds(a.needs)}`);
  const schemas = artifacts.filter((a) => a.schemaPath).map((a) => `${a.name}: ${path.relative(ROOT, a.schemaPath!)} (${a.schema!.entry_points.length} entry points), ${path.relative(ROOT, a.schemaPath!.replace(/\.schema\.json$/, ".client.ts"))}`);
  return [line(header), ...rows.map(line), "", ...imported, ...(protocols.length ? ["", ...protocols] : []), ...(schemas.length ? ["", ...schemas] : [])].join("\n");
}

async function main(): Promise<void> {
  const started = performance.now();
  try {
    const artifacts = await buildAll(process.argv.slice(2));
    for (const a of artifacts) if (a.diagnostics) console.warn(`asc on ${a.name}:\n${a.diagnostics}\n`);
    console.log(formatArtifactTable(artifacts));
    console.log(`\nbuilt ${artifacts.length} contract(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    if (e instanceof BuildError || e instanceof CompileError || e instanceof BuildConfigError) {
      console.error(`build failed: ${e.message}`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
