// Runs a module's `call` against a recording stand-in for the Casper host, to learn which entry
// points it installs: the EntryPoints bytes handed to casper_add_contract_version (1.5 encoding) or
// to 2.0's casper_add_{contract,package}_version_with_message_topics (EntityEntryPoints). Host functions
// answer "success" with zeroed outputs, except the few an installer needs real answers from.
// Session code usually reverts early (no arguments were passed): that is a normal outcome here.
import { HOST_IMPORTS } from "../../host/ffi/imports.ts";
import { CONTRACT_ENTRY_POINTS_2_0, decodeEntryPoints, ENTITY_ENTRY_POINTS_2_0, ENTRY_POINTS_1_5 } from "../../host/bytesrepr/entry-points.ts";
import { instantiateWithMemory } from "./instantiate.ts";

export interface DryInstall {
  /** how `call` ended */
  outcome: "returned" | "reverted" | "trapped";
  /** revert code, or trap message */
  detail?: string;
  /** entry point names of every contract version added, in order */
  installed: string[][];
}

class Stop extends Error {
  constructor(readonly outcome: "reverted", readonly detail: string) {
    super(detail);
  }
}

/**
 * `protocol`: how casper_add_contract_version's entry points are read (2.0 reads its 2.0 tags: Factory,
 * Template); the *_with_message_topics imports always take 2.0's EntityEntryPoints.
 */
export function dryInstall(wasm: Uint8Array, protocol: "1.5.8" | "2.0.0" = "1.5.8"): DryInstall {
  let memory: WebAssembly.Memory | undefined;
  const mem = () => {
    if (!memory) throw new Error("module has no memory");
    return memory;
  };
  const installed: string[][] = [];
  const env: Record<string, (...args: number[]) => number | void> = {};
  for (const imp of HOST_IMPORTS) {
    env[imp.name] = () => (imp.result === "i32" ? 0 : undefined);
  }
  env.casper_revert = (code: number) => {
    throw new Stop("reverted", `revert ${code >>> 0}`);
  };
  env.casper_ret = () => {
    throw new Stop("reverted", "ret");
  };
  env.casper_create_contract_package_at_hash = (hashPtr: number, accessPtr: number) => {
    new Uint8Array(mem().buffer, hashPtr, 32).fill(0x11);
    new Uint8Array(mem().buffer, accessPtr, 32).fill(0x22);
  };
  env.casper_add_contract_version = (...a: number[]) => {
    const [, , versionPtr, epPtr, epSize, , , outPtr, outSize, writtenPtr] = a;
    const bytes = new Uint8Array(mem().buffer, epPtr, epSize).slice();
    installed.push([...decodeEntryPoints(bytes, protocol === "1.5.8" ? ENTRY_POINTS_1_5 : CONTRACT_ENTRY_POINTS_2_0).values()].map((ep) => ep.name));
    const view = new DataView(mem().buffer);
    view.setUint32(versionPtr, installed.length, true);
    if (outSize < 32) return 32; // BufferTooSmall
    new Uint8Array(mem().buffer, outPtr, 32).fill(0x33);
    view.setUint32(writtenPtr, 32, true);
    return 0;
  };
  // casper-node 2.0 runtime/externals.rs: BufferTooSmall below 32 bytes of output; the version and hash written
  const addWithTopics = (...a: number[]) => {
    const [, , versionPtr, epPtr, epSize, , , , , outPtr, outSize] = a;
    installed.push([...decodeEntryPoints(new Uint8Array(mem().buffer, epPtr, epSize).slice(), ENTITY_ENTRY_POINTS_2_0).values()].map((ep) => ep.name));
    new DataView(mem().buffer).setUint32(versionPtr, installed.length, true);
    if (outSize < 32) return 32; // BufferTooSmall
    new Uint8Array(mem().buffer, outPtr, 32).fill(0x33);
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
    return { outcome: "returned", installed };
  } catch (e) {
    if (e instanceof Stop) return { outcome: e.outcome, detail: e.detail, installed };
    if (e instanceof WebAssembly.RuntimeError) return { outcome: "trapped", detail: e.message, installed };
    throw e;
  }
}

