// The delegate sessions the auction tests run: the AssemblyScript build (build/delegate.wasm, from
// `npm run build`) and the hand-written WAT module (tests/fixtures/delegate.wat, compiled with wabt).
import { readFileSync } from "node:fs";
import { compileWat } from "./engine-wat.ts";
import { artifact } from "./engine-artifacts.ts";

export const delegateWasm = (): Uint8Array => artifact("delegate");

export const delegateWat = (): Uint8Array => compileWat(readFileSync(new URL("../fixtures/delegate.wat", import.meta.url), "utf8"));
