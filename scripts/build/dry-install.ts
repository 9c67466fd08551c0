// Runs a module's `call` against a recording stand-in for the Casper host, to learn which entry
// points it installs: the EntryPoints bytes handed to casper_add_contract_version. Host functions
// answer "success" with zeroed outputs, except the few an installer needs real answers from.
// Session code usually reverts early (no arguments were passed): that is a normal outcome here.
import { HOST_IMPORTS } from "../../host/ffi/imports.ts";
import { decodeEntryPoints } from "../../host/bytesrepr/entry-points.ts";
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

export function dryInstall(wasm: Uint8Array): DryInstall {
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
    installed.push([...decodeEntryPoints(bytes).values()].map((ep) => ep.name));
    const view = new DataView(mem().buffer);
    view.setUint32(versionPtr, installed.length, true);
    if (outSize < 32) return 32; // BufferTooSmall
    new Uint8Array(mem().buffer, outPtr, 32).fill(0x33);
    view.setUint32(writtenPtr, 32, true);
    return 0;
  };
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
