// A wrong class-form declaration is a compile error at the declaration at fault: the build fails with
// asc's diagnostic (file(line,column), the source line) and a message naming the entry point, parameter,
// field or type. Each case compiles a small contract written to build/transform-cases/.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compile, CompileError } from "../scripts/build/compile.ts";
import { ROOT } from "../scripts/build/paths.ts";

const DIR = path.join(ROOT, "build", "transform-cases");
const HEADER = `import { Key, U256, List, Mapping, PublicKey, ByteArray } from "../../assembly/index";\n`;

beforeAll(() => mkdirSync(DIR, { recursive: true }));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** Compiles `body` (after the import line) as `name`.ts; returns asc's message, or "" when it compiles. */
async function compileError(name: string, body: string, files: Record<string, string> = {}): Promise<string> {
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(DIR, f), text);
  const file = path.join(DIR, `${name}.ts`);
  writeFileSync(file, HEADER + body);
  try {
    await compile(file, "release");
    return "";
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return e.message;
  }
}

/** The location asc prints for line `line` (1-based, counting the import line) of case `name`. */
const at = (name: string, line: number) => new RegExp(`in build/transform-cases/${name}\\.ts\\(${line},\\d+\\)`);

describe("class-form declarations the build refuses", () => {
  it("an unsupported parameter type, named with its entry point and parameter", async () => {
    const msg = await compileError("bad_param", `@contract({})\nclass C {\n  @entryPoint\n  pay(to: Key, amount: f64): void {}\n}\n`);
    expect(msg).toMatch(/entry point 'pay': parameter 'amount' has type 'f64', which is not supported: 'f64' has no CL type/);
    expect(msg).toMatch(at("bad_param", 5));
  });

  it("a local class, a ByteArray, an enum and an @event class are not parameter types; nor a nullable number return", async () => {
    const msg = await compileError(
      "bad_params",
      `class Thing {}\nenum Color { Red }\n@event\nclass Paid {\n  constructor(public amount: U256) {}\n}\n@contract({})\nclass C {\n  @entryPoint\n  a(t: Thing, b: ByteArray, c: Color, d: Paid, e: List<Thing>): void {}\n}\n`,
    );
    expect(msg).toMatch(/parameter 't' has type 'Thing', which is not supported: 'Thing' has no CL type the build knows/);
    expect(msg).toMatch(/parameter 'b' has type 'ByteArray'.*run-time length/);
    expect(msg).toMatch(/parameter 'c' has type 'Color'.*enum/);
    expect(msg).toMatch(/parameter 'd' has type 'Paid'.*@event class/);
    expect(msg).toMatch(/parameter 'e' has type 'List<Thing>'/);
    expect(msg).toMatch(at("bad_params", 11));
  });

  it("two entry points with one name", async () => {
    const msg = await compileError("duplicate", `@contract({})\nclass C {\n  @entryPoint\n  a(): void {}\n  @entryPoint({ name: "a" })\n  b(): void {}\n}\n`);
    expect(msg).toMatch(/two entry points are named 'a' \(methods 'a' and 'b'\)/);
    expect(msg).toMatch(at("duplicate", 6));
  });

  it("an event field type with no CL type", async () => {
    const msg = await compileError("bad_event", `@event\nclass Paid {\n  constructor(public who: Key, public amount: f32) {}\n}\n`);
    expect(msg).toMatch(/event 'Paid': field 'amount' has type 'f32', which has no CL type/);
    expect(msg).toMatch(at("bad_event", 4));
  });

  it("an entry point whose export would clash: with a function of the file, with the installer `call`", async () => {
    const msg = await compileError(
      "clash",
      `export function transfer(): void {}\n@contract({})\nclass C {\n  @entryPoint\n  transfer(): void {}\n  @entryPoint\n  call(): void {}\n}\n`,
    );
    expect(msg).toMatch(/entry point 'transfer' is exported as function 'transfer', which clashes with the function 'transfer' at line 2/);
    expect(msg).toMatch(/entry point 'call' would clash with the installer/);
    const own = await compileError("own_call", `export function call(): void {}\n@contract({})\nclass C {}\n`);
    expect(own).toMatch(/the build exports the installer as `call`, which clashes with the function 'call' at line 2/);
  });

  it("state fields: an initializer, a nullable value, an unknown item-key derivation, two fields on one named key", async () => {
    const msg = await compileError(
      "fields",
      `@contract({})\nclass C {\n  total: U256 = U256.Zero;\n  owner: Key | null;\n  m: Mapping<Key, U256, Key>;\n  @named("x") a: u8;\n  @named("x") b: u8;\n}\n`,
    );
    expect(msg).toMatch(/field 'total': a state field takes its value in the constructor/);
    expect(msg).toMatch(/field 'owner': a value field cannot be nullable/);
    expect(msg).toMatch(/field 'm': 'Key' is not an item-key derivation/);
    expect(msg).toMatch(/fields 'a' and 'b' are both the named key 'x'/);
  });

  it("options: an unknown option, a named key template naming no install arg, an undeclared access group, a bad type", async () => {
    const msg = await compileError(
      "options",
      `@contract({ keys: { contractHash: "c_{nme}" }, colour: "red" })\nclass C {\n  constructor(name: string) {}\n  @entryPoint({ access: ["admins"], type: "session2" })\n  a(): void {}\n}\n`,
    );
    expect(msg).toMatch(/unknown option 'colour'/);
    expect(msg).toMatch(/'\{nme\}' names no install arg \(the constructor's parameters: name\)/);
    expect(msg).toMatch(/access group 'admins' is not declared/);
    expect(msg).toMatch(/type must be "called".*or "caller"/);
  });

  it("arg options: a code for an optional arg's absence, absent-when-invalid for a required arg, an unknown parameter", async () => {
    const msg = await compileError(
      "arg_options",
      `@contract({})\nclass C {\n  @entryPoint({ args: { a: { invalid: "absent" }, b: { missing: 5 }, z: {} } })\n  f(a: u8, b: u8 = 1): void {}\n}\n`,
    );
    expect(msg).toMatch(/invalid: "absent" is for optional parameters \('a' is required\)/);
    expect(msg).toMatch(/parameter 'b' is optional, so it is never missing/);
    expect(msg).toMatch(/args names 'z', which is not one of its parameters \(a, b\)/);
  });

  it("the init entry point needs a value for each required parameter", async () => {
    const msg = await compileError("init", `@contract({})\nclass C {\n  constructor(supply: U256) {}\n  @entryPoint\n  init(supply: U256, owner: Key): void {}\n}\n`);
    expect(msg).toMatch(/the installer calls 'init' but has no value for its parameter 'owner'/);
  });

  it("@errors: a member beyond 65535, or not a number", async () => {
    const msg = await compileError("errors", `const N = 3;\n@errors\nenum E { A = 70000, B = N }\n`);
    expect(msg).toMatch(/member 'A' = 70000 is not a user error code/);
    expect(msg).toMatch(/member 'B' needs a number/);
  });

  it("a @contract class exported, generic, or in a file the build does not compile directly; private and static entry points", async () => {
    const msg = await compileError("shape", `@contract({})\nexport class C {\n  @entryPoint\n  private a(): void {}\n  @entryPoint\n  static b(): void {}\n}\n`);
    expect(msg).toMatch(/must not be exported/);
    expect(msg).toMatch(/entry point 'a': an entry point must be public/);
    expect(msg).toMatch(/entry point 'b': an entry point is an instance method, not static/);
    const imported = await compileError("imports_contract", `import { X } from "./other_contract";\nexport function call(): void {}\n`, {
      "other_contract.ts": `${HEADER}@contract({})\nexport class X {}\n`,
    });
    expect(imported).toMatch(/must be in the file the build compiles/);
  });

  it("a correct declaration compiles (the cases above fail for their own reasons); a contract named nowhere is warned about", async () => {
    expect(await compileError("fine", `@contract({})\nclass C {\n  @entryPoint\n  pay(to: Key, amount: U256, memo: string | null, n: u8 = 2): U256 { return amount; }\n}\n`)).toBe("");
    const { diagnostics } = await compile(path.join(DIR, "fine.ts"), "release");
    expect(diagnostics).toMatch(/WARNING AS109: Transform 'casper-as': @contract class 'C': the installer names the contract nowhere/);
    writeFileSync(path.join(DIR, "named.ts"), HEADER + `@contract({ keys: { contractHash: "c" } })\nclass C {}\n`);
    expect((await compile(path.join(DIR, "named.ts"), "release")).diagnostics).toBe("");
  });
});
