// Runs a module's `call` against a recording stand-in for the Casper host, to learn which entry
// points it installs: the EntryPoints bytes handed to casper_add_contract_version (1.5 encoding) or
// to 2.0's casper_add_{contract,package}_version_with_message_topics (EntityEntryPoints). Host functions
// answer "success" with zeroed outputs, except those an installer needs real answers from: named args
// (the sample install args it is given; others are missing), the host buffer, named keys (none: an
// installer sees a fresh account, so it installs rather than upgrades), new URefs and dictionaries.
// Session code usually reverts early (no arguments were passed): that is a normal outcome here.
import { HOST_IMPORTS } from "../../host/ffi/imports.ts";
import { CONTRACT_ENTRY_POINTS_2_0, decodeEntryPoints, ENTITY_ENTRY_POINTS_2_0, ENTRY_POINTS_1_5 } from "../../host/bytesrepr/entry-points.ts";
import { instantiateWithMemory } from "./instantiate.ts";

export interface DryInstall {
  /** how `call` ended */
  outcome: "returned" | "reverted" | "trapped";
  /** revert code, or trap message */
  detail?: string;
  /** the revert code, when it reverted */
  revertCode?: number;
  /** entry point names of every contract version added, in order */
  installed: string[][];
  /** names of the args `call` asked for */
  argsAsked: string[];
}

class Stop extends Error {
  constructor(readonly outcome: "reverted", readonly detail: string, readonly code?: number) {
    super(detail);
  }
}

// ApiError codes the stand-in answers with (casper-types api_error.rs)
const MISSING_ARGUMENT = 2;
const MISSING_KEY = 24;
const HOST_BUFFER_EMPTY = 33;

/**
 * `call` of `wasm` with the named args `args` (each arg's value bytes). `protocol`: how
 * casper_add_contract_version's entry points are read (2.0 reads its 2.0 tags: Factory, Template); the
 * *_with_message_topics imports always take 2.0's EntityEntryPoints.
 */
export function dryInstall(wasm: Uint8Array, protocol: "1.5.8" | "2.0.0" = "1.5.8", args: ReadonlyMap<string, Uint8Array> = new Map()): DryInstall {
  let memory: WebAssembly.Memory | undefined;
  const mem = () => {
    if (!memory) throw new Error("module has no memory");
    return memory;
  };
  const bytes = (ptr: number, len: number) => new Uint8Array(mem().buffer, ptr, len);
  const view = () => new DataView(mem().buffer);
  const text = (ptr: number, len: number) => new TextDecoder().decode(bytes(ptr, len));
  const installed: string[][] = [];
  const argsAsked: string[] = [];
  let hostBuffer: Uint8Array | null = null;
  let urefs = 0;
  const newURef = () => {
    const u = new Uint8Array(33).fill(0x40 + (++urefs % 0x40));
    u[32] = 7;
    return u;
  };
  const env: Record<string, (...args: number[]) => number | void> = {};
  for (const imp of HOST_IMPORTS) {
    env[imp.name] = () => (imp.result === "i32" ? 0 : undefined);
  }
  env.casper_revert = (code: number) => {
    throw new Stop("reverted", `revert ${code >>> 0}`, code >>> 0);
  };
  env.casper_ret = () => {
    throw new Stop("reverted", "ret");
  };
  env.casper_get_named_arg_size = (namePtr: number, nameLen: number, sizePtr: number) => {
    const name = text(namePtr, nameLen);
    argsAsked.push(name);
    const value = args.get(name);
    if (!value) return MISSING_ARGUMENT;
    view().setUint32(sizePtr, value.length, true);
    return 0;
  };
  env.casper_get_named_arg = (namePtr: number, nameLen: number, dest: number, size: number) => {
    const value = args.get(text(namePtr, nameLen));
    if (!value) return MISSING_ARGUMENT;
    bytes(dest, Math.min(size, value.length)).set(value.subarray(0, size));
    return 0;
  };
  const toHostBuffer = (data: Uint8Array, sizePtr: number) => {
    hostBuffer = data;
    view().setUint32(sizePtr, data.length, true);
    return 0;
  };
  env.casper_read_host_buffer = (dest: number, size: number, writtenPtr: number) => {
    if (!hostBuffer) return HOST_BUFFER_EMPTY;
    const n = Math.min(size, hostBuffer.length);
    bytes(dest, n).set(hostBuffer.subarray(0, n));
    view().setUint32(writtenPtr, n, true);
    hostBuffer = null;
    return 0;
  };
  env.casper_has_key = () => 1;
  env.casper_get_key = () => MISSING_KEY;
  env.casper_new_uref = (urefPtr: number) => {
    bytes(urefPtr, 33).set(newURef());
  };
  env.casper_new_dictionary = (sizePtr: number) => toHostBuffer(newURef(), sizePtr);
  env.casper_create_contract_user_group = (...a: number[]) => {
    const [, , , , numNewURefs, , , sizePtr] = a;
    const list = new Uint8Array(4 + 33 * numNewURefs);
    new DataView(list.buffer).setUint32(0, numNewURefs, true);
    for (let i = 0; i < numNewURefs; i++) list.set(newURef(), 4 + 33 * i);
    return toHostBuffer(list, sizePtr);
  };
  env.casper_create_contract_package_at_hash = (hashPtr: number, accessPtr: number) => {
    bytes(hashPtr, 32).fill(0x11);
    bytes(accessPtr, 32).fill(0x22);
  };
  env.casper_add_contract_version = (...a: number[]) => {
    const [, , versionPtr, epPtr, epSize, , , outPtr, outSize, writtenPtr] = a;
    const eps = bytes(epPtr, epSize).slice();
    installed.push([...decodeEntryPoints(eps, protocol === "1.5.8" ? ENTRY_POINTS_1_5 : CONTRACT_ENTRY_POINTS_2_0).values()].map((ep) => ep.name));
    view().setUint32(versionPtr, installed.length, true);
    if (outSize < 32) return 32; // BufferTooSmall
    bytes(outPtr, 32).fill(0x33);
    view().setUint32(writtenPtr, 32, true);
    return 0;
  };
  // casper-node 2.0 runtime/externals.rs: BufferTooSmall below 32 bytes of output; the version and hash written
  const addWithTopics = (...a: number[]) => {
    const [, , versionPtr, epPtr, epSize, , , , , outPtr, outSize] = a;
    installed.push([...decodeEntryPoints(bytes(epPtr, epSize).slice(), ENTITY_ENTRY_POINTS_2_0).values()].map((ep) => ep.name));
    view().setUint32(versionPtr, installed.length, true);
    if (outSize < 32) return 32; // BufferTooSmall
    bytes(outPtr, 32).fill(0x33);
    return 0;
  };
  env.casper_add_contract_version_with_message_topics = addWithTopics;
  env.casper_add_package_version_with_message_topics = addWithTopics;
  const instantiated = instantiateWithMemory(wasm, { env });
  memory = instantiated.memory;
  const instance = instantiated.instance;
  const call = instance.exports.call;
  if (typeof call !== "function") throw new Error("module exports no `call` function");
  try {
    (call as () => void)();
    return { outcome: "returned", installed, argsAsked };
  } catch (e) {
    if (e instanceof Stop) return { outcome: e.outcome, detail: e.detail, revertCode: e.code, installed, argsAsked };
    if (e instanceof WebAssembly.RuntimeError) return { outcome: "trapped", detail: e.message, installed, argsAsked };
    throw e;
  }
}

