// assembly/env.ts declares every VM1 host function exactly as host/ffi/imports.ts lists them:
// same names, same number of parameters, same results.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { HOST_IMPORTS } from "../host/ffi/imports.ts";

const source = readFileSync(new URL("../assembly/env.ts", import.meta.url), "utf8");

interface Declared {
  external: string;
  name: string;
  params: string[];
  result: string;
}

function declarations(text: string): Declared[] {
  const re = /@external\("env",\s*"([^"]+)"\)\s*export declare function (\w+)\(([^)]*)\):\s*(\w+);/g;
  return [...text.matchAll(re)].map((m) => ({
    external: m[1],
    name: m[2],
    params: m[3].trim() === "" ? [] : m[3].split(",").map((p) => p.trim()),
    result: m[4],
  }));
}

describe("assembly/env.ts", () => {
  const declared = declarations(source);

  it("declares each of the 60 host functions once, under its own name", () => {
    expect(declared).toHaveLength(HOST_IMPORTS.length);
    expect(HOST_IMPORTS).toHaveLength(60);
    expect(new Set(declared.map((d) => d.external)).size).toBe(declared.length);
    for (const d of declared) expect(d.name).toBe(d.external);
    expect(declared.map((d) => d.external).sort()).toEqual(HOST_IMPORTS.map((i) => i.name).sort());
    // nothing declared outside the recognised pattern
    expect(source.match(/@external/g)).toHaveLength(declared.length);
  });

  it("gives each the parameter count and result of host/ffi/imports.ts, all i32-sized", () => {
    for (const imp of HOST_IMPORTS) {
      const d = declared.find((x) => x.external === imp.name)!;
      expect(d.params.length, imp.name).toBe(imp.params.length);
      for (const p of d.params) expect(p, imp.name).toMatch(/:\s*(usize|u32)$/);
      expect(d.result, imp.name).toBe(imp.result === "i32" ? "i32" : "void");
    }
  });

  it("marks the functions a 1.5 node lacks", () => {
    for (const imp of HOST_IMPORTS) {
      const line = source.split("\n").find((l) => l.includes(`function ${imp.name}(`))!;
      expect(line.includes("// 2.x only"), imp.name).toBe(!imp.v1);
      expect(line.includes("// 1.5.x only"), imp.name).toBe(!imp.v2);
    }
  });
});
