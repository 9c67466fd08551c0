// The engine's own running copy of a metered module, with the gas counter inlined. Engine-internal: the
// module casper-node produces (gas_injector.ts: `i32.const cost; call $gas` at each metered block) is
// what is stored, sized and charged; this copy only changes how the engine counts, not what it counts.
//
// Each `i32.const C; call $gas` becomes
//     global.get $left; f64.const C; f64.sub; local.tee $t; f64.const 0; f64.lt
//     if  i32.const C; call $gas          ;; the same two instruction objects: the exact path
//     else local.get $t; global.set $left
//     end
// `$left` (an imported mutable f64 global, env."casper-as:gas-left") is the gas the host lets the wasm spend before it must check
// the limit (the meter's allowance: limit - used, capped below 2^53); it is only written on the fast
// path, so when `call $gas` runs `$left` still holds what was left before this block: the host folds
// the difference (the blocks charged inline, each within the allowance, so none could have failed)
// into the meter, then charges C exactly as before — failing exactly where the node's charge_gas fails.
// Calls to $gas that are not a `i32.const; call` pair (the memory.grow helper) stay plain calls.
// f64: every value is an integer of magnitude below 2^53 (allowance < 2^53 - 2^33, costs are u32),
// so the arithmetic is exact, and JS reads the global as a plain number.

import { decodeModule } from "./decode.ts";
import { encodeModule } from "./encode.ts";
import { F64, findSection, type FuncType, type Instruction, moduleImports, type WasmModule } from "./module.ts";
import { OP } from "./opcodes.ts";
import { type InstructionTracking, protocolFeatures, type ProtocolVersion } from "./preprocess.ts";

const F64_SUB = 0xa1;
const F64_LT = 0x63;

/** The import (module "env") of the allowance global, a mutable f64. */
export const GAS_LEFT_IMPORT = "casper-as:gas-left";

function f64Bytes(value: number): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return bytes;
}

/**
 * The inlined copy of a metered module's bytes (the output of preprocess.ts or a stored contract), or
 * undefined when the module does not import env.gas. `tracking` records instruction offsets (offset_map.ts).
 */
export function inlineGasCounter(bytes: Uint8Array, protocol: ProtocolVersion, tracking?: InstructionTracking): Uint8Array<ArrayBuffer> | undefined {
  const onInstruction = tracking ? (_body: number, ins: Instruction, offset: number) => void tracking.original.set(ins, offset) : undefined;
  const module = decodeModule(bytes, { features: protocolFeatures(protocol), onInstruction });
  if (!inlineInto(module)) return undefined;
  const bodies = findSection(module, "code")?.bodies ?? [];
  const out = encodeModule(module, tracking ? { onInstructionOffset: (b, i, offset) => void tracking.emitted.push({ offset, body: b, ins: bodies[b].code[i] }) } : {});
  return out;
}

/** Rewrites `module` in place; false when it does not import env.gas. */
function inlineInto(module: WasmModule): boolean {
  const funcImports = moduleImports(module).filter((i) => i.desc.kind === "func");
  const gasFunction = funcImports.findIndex((i) => i.module === "env" && i.field === "gas");
  if (gasFunction < 0) return false;

  // the global: imported after the other imports. Global imports come first in the global index space and
  // the module has none (instantiation_rules.ts refuses them), so it is global 0 and the module's own
  // globals move up by one. Imported, not defined: instantiating costs nothing more, and one
  // WebAssembly.Global serves every instance (host/runtime/dispatch.ts).
  const imports = findSection(module, "import")!; // it imports env.gas
  imports.imports.push({ module: "env", field: GAS_LEFT_IMPORT, desc: { kind: "global", global: { valType: F64, mutable: true } } });
  const left = 0;
  const shift = (ins: Instruction) => {
    if (ins.opcode === OP.global_get || ins.opcode === OP.global_set) ins.index! += 1;
  };
  for (const g of findSection(module, "global")?.globals ?? []) g.init.forEach(shift);
  for (const seg of findSection(module, "element")?.segments ?? []) seg.offset?.forEach(shift);
  for (const seg of findSection(module, "data")?.segments ?? []) seg.offset?.forEach(shift);
  for (const e of findSection(module, "export")?.exports ?? []) if (e.kind === "global") e.index += 1;
  for (const body of findSection(module, "code")?.bodies ?? []) body.code.forEach(shift);

  const types: FuncType[] = findSection(module, "type")?.types ?? [];
  const typeIndices = findSection(module, "function")?.typeIndices ?? [];
  for (const [b, body] of (findSection(module, "code")?.bodies ?? []).entries()) {
    const code = body.code;
    let pairs = 0;
    for (let i = 0; i + 1 < code.length; i++) if (isGasPair(code, i, gasFunction)) pairs++;
    if (pairs === 0) continue;
    const t = (types[typeIndices[b]]?.params.length ?? 0) + body.locals.reduce((n, g) => n + g.count, 0);
    body.locals = [...body.locals, { count: 1, type: F64 }];
    const out: Instruction[] = [];
    for (let i = 0; i < code.length; i++) {
      if (i + 1 < code.length && isGasPair(code, i, gasFunction)) {
        const cost = (code[i].value as number) >>> 0;
        out.push(
          { opcode: OP.global_get, index: left },
          { opcode: OP.f64_const, bytes: f64Bytes(cost) },
          { opcode: F64_SUB },
          { opcode: OP.local_tee, index: t },
          { opcode: OP.f64_const, bytes: f64Bytes(0) },
          { opcode: F64_LT },
          { opcode: OP.if, blockType: { kind: "empty" } },
          code[i],
          code[i + 1],
          { opcode: OP.else },
          { opcode: OP.local_get, index: t },
          { opcode: OP.global_set, index: left },
          { opcode: OP.end },
        );
        i++;
      } else out.push(code[i]);
    }
    body.code = out;
  }
  return true;
}

function isGasPair(code: readonly Instruction[], i: number, gasFunction: number): boolean {
  return code[i].opcode === OP.i32_const && code[i + 1].opcode === OP.call && code[i + 1].index === gasFunction;
}
