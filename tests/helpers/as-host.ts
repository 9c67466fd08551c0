// A small stand-in for the Casper host, to drive AssemblyScript modules in unit tests of the contract
// API: named args, the host buffer, revert/ret, blake2b, and recording of every other host call.
// It follows casper-node v1.5.8 runtime/mod.rs where the API depends on it (status codes, host
// buffer rules, how names are passed); the full engine lives in host/.
import { blake2b } from "@noble/hashes/blake2b";
import { HOST_IMPORTS } from "../../host/ffi/imports.ts";
import { instantiateWithMemory } from "../../scripts/build/instantiate.ts";

export class Revert extends Error {
  constructor(readonly code: number) {
    super(`revert ${code}`);
  }
}

export class Return extends Error {
  constructor(readonly bytes: Uint8Array) {
    super("ret");
  }
}

export interface HostCall {
  name: string;
  args: number[];
}

export type Outcome =
  | { kind: "returned" }
  | { kind: "reverted"; code: number }
  | { kind: "ret"; bytes: Uint8Array }
  | { kind: "trapped"; message: string };

type HostFn = (...args: number[]) => number | void;

export const API_ERROR = { MissingArgument: 2, InvalidArgument: 3, OutOfMemory: 20, BufferTooSmall: 32, HostBufferEmpty: 33, HostBufferFull: 34 };

export class StubHost {
  /** named args: raw bytes of each CLValue's value */
  args = new Map<string, Uint8Array>();
  calls: HostCall[] = [];
  hostBuffer: Uint8Array | null = null;
  memory!: WebAssembly.Memory;
  /** replaces or adds host functions */
  overrides: Record<string, HostFn> = {};
  /** extra import modules (e.g. a test probe's output channel) */
  extraImports: Record<string, Record<string, HostFn>> = {};

  bytes(ptr: number, len: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, ptr, len).slice();
  }

  write(ptr: number, data: Uint8Array): void {
    new Uint8Array(this.memory.buffer, ptr, data.length).set(data);
  }

  u32(ptr: number, value: number): void {
    new DataView(this.memory.buffer).setUint32(ptr, value >>> 0, true);
  }

  /** Puts `data` in the host buffer (the engine rejects a second value until it is read). */
  setHostBuffer(data: Uint8Array): number {
    if (this.hostBuffer !== null) return API_ERROR.HostBufferFull;
    this.hostBuffer = data;
    return 0;
  }

  callsTo(name: string): HostCall[] {
    return this.calls.filter((c) => c.name === name);
  }

  private defaults(): Record<string, HostFn> {
    const utf8 = (ptr: number, len: number) => new TextDecoder().decode(this.bytes(ptr, len));
    return {
      casper_revert: (code) => {
        throw new Revert(code >>> 0);
      },
      casper_ret: (ptr, len) => {
        throw new Return(this.bytes(ptr, len));
      },
      // casper-node v1.5.8 runtime/mod.rs get_named_arg_size / get_named_arg: raw UTF-8 names
      casper_get_named_arg_size: (namePtr, nameLen, sizePtr) => {
        const arg = this.args.get(utf8(namePtr, nameLen));
        if (!arg) return API_ERROR.MissingArgument;
        this.u32(sizePtr, arg.length);
        return 0;
      },
      casper_get_named_arg: (namePtr, nameLen, dest, destSize) => {
        const arg = this.args.get(utf8(namePtr, nameLen));
        if (!arg) return API_ERROR.MissingArgument;
        if (arg.length > destSize) return API_ERROR.OutOfMemory;
        this.write(dest, arg.subarray(0, destSize));
        return 0;
      },
      casper_read_host_buffer: (dest, destSize, writtenPtr) => {
        const data = this.hostBuffer;
        this.hostBuffer = null;
        if (data === null) return API_ERROR.HostBufferEmpty;
        if (data.length > destSize) return API_ERROR.BufferTooSmall;
        this.write(dest, data);
        this.u32(writtenPtr, data.length);
        return 0;
      },
      casper_blake2b: (inPtr, inLen, outPtr, outLen) => {
        if (outLen !== 32) return API_ERROR.BufferTooSmall;
        this.write(outPtr, blake2b(this.bytes(inPtr, inLen), { dkLen: 32 }));
        return 0;
      },
    };
  }

  imports(): WebAssembly.Imports {
    const defaults = this.defaults();
    const env: Record<string, HostFn> = {};
    for (const imp of HOST_IMPORTS) {
      const impl = this.overrides[imp.name] ?? defaults[imp.name];
      env[imp.name] = (...args: number[]) => {
        this.calls.push({ name: imp.name, args });
        if (impl) return impl(...args);
        return imp.result === "i32" ? 0 : undefined;
      };
    }
    return { env, ...this.extraImports };
  }

  instantiate(wasm: Uint8Array): WebAssembly.Instance {
    // the module's memory is handed in as env.memory, as Casper's preprocessing does
    const { instance, memory } = instantiateWithMemory(wasm, this.imports());
    this.memory = memory;
    return instance;
  }

  /** Instantiates `wasm` and runs export `entry` to its end. */
  run(wasm: Uint8Array, entry = "call"): Outcome {
    const instance = this.instantiate(wasm);
    return this.invoke(instance, entry);
  }

  invoke(instance: WebAssembly.Instance, entry: string, ...params: number[]): Outcome {
    const fn = instance.exports[entry];
    if (typeof fn !== "function") throw new Error(`module exports no function ${entry}`);
    try {
      (fn as (...a: number[]) => unknown)(...params);
      return { kind: "returned" };
    } catch (e) {
      if (e instanceof Revert) return { kind: "reverted", code: e.code };
      if (e instanceof Return) return { kind: "ret", bytes: e.bytes };
      if (e instanceof WebAssembly.RuntimeError) return { kind: "trapped", message: e.message };
      throw e;
    }
  }
}

/** bytesrepr String as the host reads names (u32 length + UTF-8). */
export function decodeBytesreprString(bytes: Uint8Array): string {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  if (n + 4 !== bytes.length) throw new Error(`not exactly one bytesrepr String (${bytes.length} bytes, length field ${n})`);
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(4));
}
