// The AssemblyScript transform of the class form (README.md here). After asc has parsed every source it
// reads the @contract / @event / @errors declarations (analyze.ts), reports every mistake as a compile
// error at the declaration at fault, and otherwise replaces each such source by its generated form
// (generate.ts) before the compiler resolves anything. The build runs it in-process
// (scripts/build/compile.ts); `asc --transform scripts/build/transform/index.ts` under tsx works too.
import path from "node:path";
import * as as from "assemblyscript";
import { ROOT } from "../paths.ts";
import { Analyzer, libraryPrefixFor } from "./analyze.ts";
import { applyEdits, contractEdits, eventEdits, eventNameBytes, eventSchemaBlob, generatedImportPath, type Edit } from "./generate.ts";
import { contractSchema, type ContractSchema } from "./schema.ts";
import type { AnyNode } from "./ast.ts";
import type { ContractModel } from "./model.ts";

export const LIBRARY_DIR = path.join(ROOT, "assembly");

export interface TransformOptions {
  /** directory asc resolves sources against (asc's baseDir; the build's cwd) */
  baseDir?: string;
  /** wasm file name written into the schema's `call` */
  wasmFileName?: string;
  /** schema `toolchain` */
  toolchain?: string;
}

/** What the transform made of the entry file of a class-form contract. */
export interface ContractOutput {
  model: ContractModel;
  schema: ContractSchema;
  /** the rewritten source of each file it changed, by normalized path */
  generated: Map<string, string>;
  /** the serialized entry points `call` installs */
  entryPoints: Uint8Array;
}

export default class CasperContractTransform {
  /** set after afterParse when the entry file holds a @contract class */
  contract: ContractOutput | null = null;
  /** the rewritten sources (contracts and events), by normalized path */
  readonly generated = new Map<string, string>();
  /** the static data the generated code holds (entry point tables, event names and schemas): no pointers in it */
  readonly opaqueData: Uint8Array[] = [];
  /** of those, the pre-encoded names ([u32 length][UTF-8]) */
  readonly names: Uint8Array[] = [];
  private readonly baseDir: string;

  constructor(private readonly options: TransformOptions = {}) {
    this.baseDir = options.baseDir ?? process.cwd();
  }

  afterParse(parser: AnyNode): void {
    const analyzer = new Analyzer(parser.sources, { libraryPrefix: libraryPrefixFor(LIBRARY_DIR, this.baseDir) });
    const declarations = analyzer.analyze();
    for (const d of analyzer.warnings) parser.warning(as.DiagnosticCode.Transform_0_1, d.node.range, "casper-as", d.message);
    if (analyzer.diagnostics.length > 0) {
      for (const d of analyzer.diagnostics) parser.error(as.DiagnosticCode.Transform_0_1, d.node.range, "casper-as", d.message);
      return;
    }
    for (const [source, decl] of declarations) {
      const edits: Edit[] = decl.events.flatMap(eventEdits);
      for (const e of decl.events) this.opaqueData.push(eventNameBytes(e), eventSchemaBlob(e));
      const appended: string[] = [];
      let contract: ReturnType<typeof contractEdits> | null = null;
      if (decl.contract) {
        contract = contractEdits(decl.contract);
        edits.push(...contract.edits);
        this.opaqueData.push(contract.entryPoints, contract.entityEntryPoints, ...contract.names);
        this.names.push(...contract.names);
        appended.push(contract.appended);
      }
      const file = path.resolve(this.baseDir, source.normalizedPath);
      const text = `${applyEdits(source.text, edits)}\nimport * as __casper from ${JSON.stringify(generatedImportPath(file, LIBRARY_DIR))};\n${appended.join("\n")}\n`;
      this.reparse(parser, source, text);
      this.generated.set(source.normalizedPath, text);
      if (decl.contract && contract) {
        const c = decl.contract;
        const wasm = this.options.wasmFileName ?? `${path.basename(source.normalizedPath, ".ts")}.wasm`;
        this.contract = {
          model: c,
          schema: contractSchema(c, analyzer.eventsVisibleIn(source), analyzer.errorsVisibleIn(source), wasm, this.options.toolchain ?? "casper-as"),
          generated: this.generated,
          entryPoints: contract.entryPoints,
        };
      }
    }
  }

  /** Replaces `source` by a parse of `text` under the same path (the parser skips paths it has done). */
  private reparse(parser: AnyNode, source: AnyNode, text: string): void {
    const sources = parser.sources as AnyNode[];
    sources.splice(sources.indexOf(source), 1);
    parser.donelog.delete(source.internalPath);
    parser.parseFile(text, source.normalizedPath, source.sourceKind === 1);
  }
}
