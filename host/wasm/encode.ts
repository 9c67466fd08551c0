// WasmModule -> wasm binary, sections in list order, LEB128 integers in their shortest form (as casper-wasm
// writes them). A module decoded from canonically encoded bytes encodes back to the same bytes.

import { ByteWriter } from "./bytes.ts";
import type { ConstExpr, Instruction, Limits, Section, WasmModule } from "./module.ts";
import { opcodeInfo, opcodeName } from "./opcodes.ts";

export interface EncodeOptions {
  /**
   * Called with the output offset of every instruction of every function body (defined-function index,
   * instruction index, byte offset). Used to locate instructions in V8 trap stack traces.
   */
  onInstructionOffset?: (bodyIndex: number, instrIndex: number, offset: number) => void;
}

function writeLimits(w: ByteWriter, l: Limits): void {
  const flags = (l.max !== undefined ? 1 : 0) | (l.shared ? 2 : 0);
  w.u8(flags);
  w.u32(l.min);
  if (l.max !== undefined) w.u32(l.max);
}

export function writeInstruction(w: ByteWriter, ins: Instruction): void {
  const op = ins.opcode;
  if (op > 0xffff) {
    w.u8(op >>> 16);
    w.u32(op & 0xffff);
  } else {
    w.u8(op);
  }
  const info = opcodeInfo(op);
  if (!info) throw new Error(`cannot encode unknown opcode ${opcodeName(op)}`);
  switch (info.immediate) {
    case "none":
      return;
    case "block": {
      const bt = ins.blockType!;
      if (bt.kind === "empty") w.u8(0x40);
      else if (bt.kind === "value") w.u8(bt.type);
      else w.s33(bt.index);
      return;
    }
    case "label":
    case "func":
    case "index":
      w.u32(ins.index!);
      return;
    case "index2":
    case "call_indirect":
      w.u32(ins.index!);
      w.u32(ins.index2!);
      return;
    case "br_table": {
      const t = ins.targets!;
      w.u32(t.length);
      for (let i = 0; i < t.length; i++) w.u32(t[i]);
      w.u32(ins.defaultTarget!);
      return;
    }
    case "memarg":
      w.u32(ins.align!);
      w.u32(ins.offset!);
      return;
    case "memarg_lane":
      w.u32(ins.align!);
      w.u32(ins.offset!);
      w.u8(ins.lane!);
      return;
    case "memory_byte":
    case "ref_null":
    case "byte":
      w.u8(ins.index ?? 0);
      return;
    case "i32":
      w.s32(ins.value as number);
      return;
    case "i64":
      w.s64(ins.value as bigint);
      return;
    case "f32":
    case "f64":
    case "v128":
    case "shuffle":
      w.bytes(ins.bytes!);
      return;
    case "lane":
      w.u8(ins.lane!);
      return;
    case "select_t":
      w.u32(ins.valTypes!.length);
      for (const t of ins.valTypes!) w.u8(t);
      return;
  }
}

function writeExpr(w: ByteWriter, expr: ConstExpr): void {
  for (const ins of expr) writeInstruction(w, ins);
}

function writeSectionContent(w: ByteWriter, s: Section, options: EncodeOptions, sectionStart: number): void {
  switch (s.kind) {
    case "custom":
      w.name(s.name);
      w.bytes(s.payload);
      return;
    case "type":
      w.u32(s.types.length);
      for (const t of s.types) {
        w.u8(0x60);
        w.u32(t.params.length);
        for (const p of t.params) w.u8(p);
        w.u32(t.results.length);
        for (const r of t.results) w.u8(r);
      }
      return;
    case "import":
      w.u32(s.imports.length);
      for (const imp of s.imports) {
        w.name(imp.module);
        w.name(imp.field);
        const d = imp.desc;
        switch (d.kind) {
          case "func":
            w.u8(0);
            w.u32(d.typeIndex);
            break;
          case "table":
            w.u8(1);
            w.u8(d.table.elemType);
            writeLimits(w, d.table.limits);
            break;
          case "memory":
            w.u8(2);
            writeLimits(w, d.limits);
            break;
          case "global":
            w.u8(3);
            w.u8(d.global.valType);
            w.u8(d.global.mutable ? 1 : 0);
            break;
        }
      }
      return;
    case "function":
      w.u32(s.typeIndices.length);
      for (const t of s.typeIndices) w.u32(t);
      return;
    case "table":
      w.u32(s.tables.length);
      for (const t of s.tables) {
        w.u8(t.elemType);
        writeLimits(w, t.limits);
      }
      return;
    case "memory":
      w.u32(s.memories.length);
      for (const m of s.memories) writeLimits(w, m);
      return;
    case "global":
      w.u32(s.globals.length);
      for (const g of s.globals) {
        w.u8(g.type.valType);
        w.u8(g.type.mutable ? 1 : 0);
        writeExpr(w, g.init);
      }
      return;
    case "export":
      w.u32(s.exports.length);
      for (const e of s.exports) {
        w.name(e.name);
        w.u8(["func", "table", "memory", "global"].indexOf(e.kind));
        w.u32(e.index);
      }
      return;
    case "start":
      w.u32(s.functionIndex);
      return;
    case "element":
      w.u32(s.segments.length);
      for (const seg of s.segments) {
        if (seg.raw) {
          w.bytes(seg.raw);
          continue;
        }
        w.u32(0);
        writeExpr(w, seg.offset);
        w.u32(seg.functionIndices.length);
        for (const f of seg.functionIndices) w.u32(f);
      }
      return;
    case "code": {
      w.u32(s.bodies.length);
      s.bodies.forEach((body, bodyIndex) => {
        // bodies are size-prefixed: encode into a scratch writer, then copy
        const b = new ByteWriter(256);
        b.u32(body.locals.length);
        for (const l of body.locals) {
          b.u32(l.count);
          b.u8(l.type);
        }
        const offsets: number[] | undefined = options.onInstructionOffset ? [] : undefined;
        for (const ins of body.code) {
          offsets?.push(b.length);
          writeInstruction(b, ins);
        }
        w.u32(b.length);
        const base = sectionStart + w.length;
        if (offsets) offsets.forEach((o, i) => options.onInstructionOffset!(bodyIndex, i, base + o));
        w.bytes(b.finish());
      });
      return;
    }
    case "data":
      w.u32(s.segments.length);
      for (const seg of s.segments) {
        w.u32(seg.flags);
        if (seg.flags === 2) w.u32(seg.memoryIndex);
        if (seg.offset) writeExpr(w, seg.offset);
        w.u32(seg.bytes.length);
        w.bytes(seg.bytes);
      }
      return;
    case "datacount":
      w.u32(s.count);
      return;
  }
}

export function encodeModule(module: WasmModule, options: EncodeOptions = {}): Uint8Array<ArrayBuffer> {
  const out = new ByteWriter(4096);
  out.bytes(Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00));
  for (const s of module.sections) {
    const content = new ByteWriter(1024);
    // the content's absolute start is needed for instruction offsets: compute it after the size prefix
    let contentStart = 0;
    if (options.onInstructionOffset && s.kind === "code") {
      // encode once to learn the size, then again with the real base offset
      const probe = new ByteWriter(1024);
      writeSectionContent(probe, s, {}, 0);
      const sizeLen = lebLength(probe.length);
      contentStart = out.length + 1 + sizeLen;
    }
    writeSectionContent(content, s, options, contentStart);
    out.u8(s.id);
    out.u32(content.length);
    out.bytes(content.finish());
  }
  return out.finish();
}

function lebLength(n: number): number {
  let len = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    len++;
  }
  return len;
}
