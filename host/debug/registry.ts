// Which source map describes a wasm: maps are found by the sha256 of the module they describe (the
// build writes it into each map). A map is registered explicitly (`registerSourceMap`), or found in the
// build folders: by default `build/` and `build/debug/` under the current directory, where
// `casper-as build` writes them, so a test that reads build/x.wasm gets source locations without asking.
// Folders are read again only when a file in them changed.

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { checkSourceMap, type CasperSourceMap, SourceMapIndex } from "./source-map.ts";

const bySha = new Map<string, SourceMapIndex>();
const shaOf = new WeakMap<Uint8Array, string>();
const directories: string[] = [];
const seen = new Map<string, number>(); // map file -> mtime read

/** The sha256 (hex) of a module's bytes. */
export function wasmSha256(wasm: Uint8Array): string {
  let sha = shaOf.get(wasm);
  if (!sha) {
    sha = createHash("sha256").update(wasm).digest("hex");
    shaOf.set(wasm, sha);
  }
  return sha;
}

/** Registers a map (a parsed map, its JSON text, or the path of a .wasm.map file). */
export function registerSourceMap(map: CasperSourceMap | string): SourceMapIndex {
  let parsed: CasperSourceMap;
  if (typeof map === "string") {
    const isJson = map.trimStart().startsWith("{");
    parsed = checkSourceMap(JSON.parse(isJson ? map : readFileSync(map, "utf8")), isJson ? "source map" : map);
  } else {
    parsed = checkSourceMap(map, "source map");
  }
  const index = new SourceMapIndex(parsed);
  bySha.set(index.wasmSha256, index);
  return index;
}

/** Adds a folder searched for `*.wasm.map` files (besides `build/` and `build/debug/` of the current directory). */
export function addSourceMapDirectory(dir: string): void {
  const abs = path.resolve(dir);
  if (!directories.includes(abs)) directories.push(abs);
}

function searchDirectories(): string[] {
  const cwd = process.cwd();
  return [...new Set([path.join(cwd, "build"), path.join(cwd, "build", "debug"), ...directories])];
}

/** Reads the map files of the search folders that are new or changed; a file that is not a casper-as map is skipped. */
function scan(): void {
  for (const dir of searchDirectories()) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.endsWith(".wasm.map")) continue;
      const file = path.join(dir, name);
      let mtime: number;
      try {
        mtime = statSync(file).mtimeMs;
      } catch {
        continue;
      }
      if (seen.get(file) === mtime) continue;
      seen.set(file, mtime);
      try {
        registerSourceMap(file);
      } catch {
        // not ours, or being written: looked at again when it changes
      }
    }
  }
}

/** The source map of `wasm`, if one is registered or found in the build folders. */
export function sourceMapFor(wasm: Uint8Array): SourceMapIndex | undefined {
  const sha = wasmSha256(wasm);
  let hit = bySha.get(sha);
  if (!hit) {
    scan();
    hit = bySha.get(sha);
  }
  return hit;
}
