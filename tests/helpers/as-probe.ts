// Drives tests/probes/bytesrepr.ts: passes bytes and strings in, collects what the probe emits
// (probe.out) or the decode error it reports (probe.err); a trap is reported as such.
import { StubHost } from "./as-host.ts";
import { compileModule } from "./as-build.ts";

export const PROBE_ENTRY = "tests/probes/bytesrepr.ts";

/** Type kinds of the probe's `roundtrip` / `cltype` / `namedArg` (its `dispatch` switch). */
export const KINDS = {
  bool: 0,
  i32: 1,
  i64: 2,
  u8: 3,
  u32: 4,
  u64: 5,
  U128: 6,
  U256: 7,
  U512: 8,
  Unit: 9,
  String: 10,
  Key: 11,
  URef: 12,
  PublicKey: 13,
  AccountHash: 14,
  "Option<U512>": 15,
  "List<u64>": 16,
  "List<String>": 17,
  "Map<String,U512>": 18,
  "Map<u64,Key>": 19,
  "Result<String,u32>": 20,
  "Result<Unit,String>": 21,
  "Tuple1<bool>": 22,
  "Tuple2<String,U512>": 23,
  "Tuple3<u8,PublicKey,Option<u64>>": 24,
  "Option<List<Map<String,U512>>>": 25,
  "List<PublicKey>": 26,
  "List<List<u8>>": 27,
  ContractHash: 28,
  ContractPackageHash: 29,
  "Option<Key>": 30,
  "List<Unit>": 31,
  "Map<PublicKey,U512>": 32,
  "Result<List<URef>,Tuple2<i32,i64>>": 33,
  CLValue: 40,
  RuntimeArgs: 41,
  EntryPoints: 42,
} as const;
export type Kind = keyof typeof KINDS;

export type ProbeResult = { out: Uint8Array } | { err: number } | { trap: string } | { revert: number } | { none: true };

export type ProbeArg = Uint8Array | string | number | bigint;

export class Probe {
  private constructor(private readonly wasm: Uint8Array) {}

  static async load(): Promise<Probe> {
    return new Probe(await compileModule(PROBE_ENTRY));
  }

  /**
   * Calls export `fn` on a fresh instance. Uint8Array arguments become (ptr, len), strings become an
   * AssemblyScript string pointer, numbers and bigints pass as they are. `args` are named args.
   */
  call(fn: string, params: ProbeArg[] = [], args: Record<string, Uint8Array> = {}): ProbeResult {
    const host = new StubHost();
    for (const [k, v] of Object.entries(args)) host.args.set(k, v);
    let result: ProbeResult = { none: true };
    host.extraImports.probe = {
      out: (ptr: number, len: number) => {
        result = { out: host.bytes(ptr, len) };
      },
      err: (code: number) => {
        result = { err: code };
      },
    };
    const instance = host.instantiate(this.wasm);
    const exports = instance.exports as Record<string, (...a: unknown[]) => number>;
    const flat: unknown[] = [];
    for (const p of params) {
      if (p instanceof Uint8Array) {
        const ptr = exports.alloc(p.length);
        host.write(ptr, p);
        flat.push(ptr, p.length);
      } else if (typeof p === "string") {
        const ptr = exports.newString(p.length);
        const view = new DataView(host.memory.buffer);
        for (let i = 0; i < p.length; i++) view.setUint16(ptr + 2 * i, p.charCodeAt(i), true);
        flat.push(ptr);
      } else flat.push(p);
    }
    const outcome = host.invoke(instance, fn, ...(flat as number[]));
    if (outcome.kind === "trapped") return { trap: outcome.message };
    if (outcome.kind === "reverted") return { revert: outcome.code };
    return result;
  }

  roundtrip(kind: Kind, bytes: Uint8Array): ProbeResult {
    return this.call("roundtrip", [KINDS[kind], bytes]);
  }

  /** runtime.decodeOrRevert: a value as `out`, or the bytesrepr error as `revert`. */
  exact(kind: Kind, bytes: Uint8Array): ProbeResult {
    return this.call("exact", [KINDS[kind], bytes]);
  }

  cltype(kind: Kind): ProbeResult {
    return this.call("cltype", [KINDS[kind]]);
  }

  namedArg(kind: Kind, value?: Uint8Array): ProbeResult {
    return this.call("namedArg", [KINDS[kind]], value === undefined ? {} : { value });
  }
}

/** UTF-16 units emitted by the probe, as a JS string. */
export function utf16(bytes: Uint8Array): string {
  let s = "";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < bytes.length; i += 2) s += String.fromCharCode(view.getUint16(i, true));
  return s;
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
export const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));
