// Hand-written WAT modules for engine tests: a data-segment builder and the `env.casper_*` import
// declarations (from the shared import table), compiled with wabt.

import wabtInit from "wabt";
import { HOST_IMPORTS_BY_NAME } from "../../host/ffi/imports.ts";

const wabt = await wabtInit();

export function compileWat(src: string): Uint8Array {
  const mod = wabt.parseWat("test.wat", src);
  try {
    mod.validate();
    return new Uint8Array(mod.toBinary({}).buffer);
  } finally {
    mod.destroy();
  }
}

/** `(import "env" "casper_x" (func $casper_x (param ...) (result i32)))` for each name. */
export function imports(...names: string[]): string {
  return names
    .map((n) => {
      const imp = HOST_IMPORTS_BY_NAME.get(n);
      if (!imp) throw new Error(`unknown host import ${n}`);
      const params = imp.params.map(() => "i32").join(" ");
      const result = imp.result === "i32" ? " (result i32)" : "";
      return `(import "env" "${n}" (func $${n} (param ${params})${result}))`;
    })
    .join("\n  ");
}

export interface Ptr {
  readonly ptr: number;
  readonly len: number;
}

/** Lays out byte strings in linear memory from offset 1024 and renders them as data segments. */
export class Data {
  private readonly parts: { offset: number; bytes: Uint8Array }[] = [];
  private next = 1024;

  bytes(b: Uint8Array): Ptr {
    const offset = this.next;
    this.parts.push({ offset, bytes: b });
    this.next = offset + b.length + ((8 - (b.length % 8)) % 8) + 8;
    return { ptr: offset, len: b.length };
  }

  /** raw UTF-8 (named arg names, dictionary item keys, print text) */
  utf8(s: string): Ptr {
    return this.bytes(new TextEncoder().encode(s));
  }

  /** a serialized String: u32 length + UTF-8 (names for get_key / put_key / entry points) */
  string(s: string): Ptr {
    const body = new TextEncoder().encode(s);
    const out = new Uint8Array(4 + body.length);
    new DataView(out.buffer).setUint32(0, body.length, true);
    out.set(body, 4);
    return this.bytes(out);
  }

  /** free scratch space of n bytes */
  scratch(n: number): Ptr {
    return this.bytes(new Uint8Array(n));
  }

  wat(): string {
    return this.parts
      .map(({ offset, bytes }) => `(data (i32.const ${offset}) "${[...bytes].map((b) => "\\" + b.toString(16).padStart(2, "0")).join("")}")`)
      .join("\n  ");
  }
}

/** A module with one page of memory, the given imports, data and functions. */
export function module(opts: { imports: string[]; data: Data; body: string }): Uint8Array {
  return compileWat(`(module
  ${imports(...opts.imports)}
  (memory 1)
  ${opts.data.wat()}
  ${opts.body}
)`);
}

/**
 * WAT helpers for probes that hand results back with casper_ret (needs the casper_ret import):
 * $ret_bytes(ptr, len) returns List<U8> of that memory, $ret_i32(v) returns an I32.
 * They use memory from 8000 up.
 */
export const RET_HELPERS = `
  (func $ret_bytes (param $ptr i32) (param $len i32) (local $i i32)
    (i32.store (i32.const 8000) (i32.add (local.get $len) (i32.const 4)))
    (i32.store (i32.const 8004) (local.get $len))
    (block $done (loop $copy
      (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
      (i32.store8 (i32.add (i32.const 8008) (local.get $i)) (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $copy)))
    (i32.store8 (i32.add (i32.const 8008) (local.get $len)) (i32.const 14))
    (i32.store8 (i32.add (i32.const 8009) (local.get $len)) (i32.const 3))
    (call $casper_ret (i32.const 8000) (i32.add (local.get $len) (i32.const 10))))
  (func $ret_i32 (param $v i32)
    (i32.store (i32.const 8000) (i32.const 4))
    (i32.store (i32.const 8004) (local.get $v))
    (i32.store8 (i32.const 8008) (i32.const 1))
    (call $casper_ret (i32.const 8000) (i32.const 9)))`;
