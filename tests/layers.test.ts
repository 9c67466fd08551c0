// The layers run one way (the developers' guide): scripts -> host/node -> host/engine -> host/fork, host/debug ->
// host/system, host/wasm, host/gas -> host/runtime -> host/state -> host/bytesrepr -> host/ffi, host/crypto; and
// assembly/ stands apart (a contract imports only the AssemblyScript API and its libraries). This test
// reads every relative import and fails on one that points up the list, across siblings, or out of
// assembly/, naming the file and the import.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** host/ folders, top layer first; folders on one line are siblings and may not import each other. */
const HOST_LAYERS: readonly (readonly string[])[] = [
  ["node"],
  ["engine"],
  // fork mode's state source (the engine opens forks; it reads only state and bytesrepr) and errors and gas in
  // source terms (the engine's results use it; it reads the runtime's wasm levels and host/wasm's offset maps)
  ["fork", "debug"],
  ["system", "wasm"],
  ["gas"],
  ["runtime"],
  ["state"],
  ["bytesrepr"],
  ["ffi", "crypto"],
];
const RANK = new Map(HOST_LAYERS.flatMap((names, rank) => names.map((n) => [n, rank] as const)));

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    if (name === "node_modules") continue;
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sources(path));
    else if (name.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** Relative import specifiers of a TypeScript file (static and dynamic, type-only included). */
function importsOf(file: string): string[] {
  return importSpecifiers(readFileSync(join(ROOT, file), "utf8"));
}

function importSpecifiers(source: string): string[] {
  // comments may quote imports (examples): drop them first
  const text = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) found.push(m[1]);
  return found;
}

function resolveImport(file: string, spec: string): string {
  return normalize(join(dirname(file), spec));
}

/** The imports of one host/ file that break the layering, as readable lines. */
function hostViolations(file: string, specs: readonly string[]): string[] {
  const wrong: string[] = [];
  const from = file.split("/")[1];
  for (const spec of specs) {
    const target = resolveImport(file, spec);
    const [top, folder] = target.split("/");
    if (top !== "host") {
      wrong.push(`${file}: imports ${target} (outside host/)`);
      continue;
    }
    if (folder === from || folder.endsWith(".ts")) continue;
    const a = RANK.get(from), b = RANK.get(folder);
    if (a === undefined || b === undefined) continue; // a folder with no place: its own test fails
    if (b <= a) wrong.push(`${file}: host/${from} imports host/${folder} (${b < a ? "an upper layer" : "a sibling"}): ${spec}`);
  }
  return wrong;
}

describe("layers", () => {
  it("every host/ folder has a place in the layer list", () => {
    const folders = readdirSync(join(ROOT, "host")).filter((n) => statSync(join(ROOT, "host", n)).isDirectory());
    expect(folders.filter((f) => !RANK.has(f))).toEqual([]);
  });

  it("host/ imports only its own layer or layers below, never scripts/, tests/ or assembly/", () => {
    expect(sources("host").flatMap((file) => hostViolations(file, importsOf(file)))).toEqual([]);
  });

  it("assembly/ imports nothing outside assembly/", () => {
    const wrong: string[] = [];
    for (const file of sources("assembly")) {
      for (const spec of importsOf(file)) {
        const target = resolveImport(file, spec);
        if (relative("assembly", target).startsWith("..")) wrong.push(`${file}: imports ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("the check names an upward, a sibling and an outside import, and passes a downward one", () => {
    const file = "host/runtime/example.ts";
    const specs = importSpecifiers(`
      import { a } from "../engine/engine.ts";
      import type { B } from "../state/global-state.ts";
      // import { c } from "../node/local-node.ts";  (a comment: not an import)
      const d = await import("../../scripts/cli.ts");`);
    expect(hostViolations(file, specs)).toEqual([
      "host/runtime/example.ts: host/runtime imports host/engine (an upper layer): ../engine/engine.ts",
      "host/runtime/example.ts: imports scripts/cli.ts (outside host/)",
    ]);
    expect(hostViolations("host/system/x.ts", ["../wasm/module.ts"])).toEqual([
      "host/system/x.ts: host/system imports host/wasm (a sibling): ../wasm/module.ts",
    ]);
  });
});
