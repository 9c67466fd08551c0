// Runs a module's `call` against a recording stand-in for the Casper host, to learn which entry
// points it installs: the EntryPoints bytes handed to casper_add_contract_version (1.5 encoding) or
// to 2.0's casper_add_{contract,package}_version_with_message_topics (EntityEntryPoints). Host functions
// answer "success" with zeroed outputs, except the few an installer needs real answers from.
// Session code usually reverts early (no arguments were passed): that is a normal outcome here.
import { HOST_IMPORTS } from "../../host/ffi/imports.ts";
import { decodeEntryPoints, readParameter } from "../../host/bytesrepr/entry-points.ts";
import { readCLType } from "../../host/bytesrepr/cl-type.ts";
import { BytesreprError } from "../../host/bytesrepr/errors.ts";
import { decodeAll, type ByteReader } from "../../host/bytesrepr/reader.ts";
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
  // casper-node 2.0 runtime/externals.rs: BufferTooSmall below 32 bytes of output; the version and hash written
  const addWithTopics = (...a: number[]) => {
    const [, , versionPtr, epPtr, epSize, , , , , outPtr, outSize] = a;
    installed.push(entityEntryPointNames(new Uint8Array(mem().buffer, epPtr, epSize).slice()));
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

/**
 * Entry point names of 2.0-encoded EntryPoints (casper-node 2.0 addressable_entity/entry_points.rs: each
 * EntityEntryPoint is name, args, ret, access (1 Public, 2 Groups, 3 Template), type (0, 1, 0x80), payment (0..2)).
 */
function entityEntryPointNames(bytes: Uint8Array): string[] {
  return decodeAll(bytes, "EntityEntryPoints", (r: ByteReader) => {
    const names: string[] = [];
    for (let n = r.u32("EntityEntryPoints.length"); n > 0; n--) {
      r.string("EntityEntryPoints key");
      const name = r.string("EntityEntryPoint.name");
      for (let a = r.u32(`EntityEntryPoint(${name}).args.length`); a > 0; a--) readParameter(r);
      readCLType(r, `EntityEntryPoint(${name}).ret`);
      const access = r.u8(`EntityEntryPoint(${name}).access`);
      if (access === 2) for (let g = r.u32("groups.length"); g > 0; g--) r.string("group");
      else if (access !== 1 && access !== 3) throw new BytesreprError("Formatting", `EntityEntryPoint(${name}).access`, `unknown tag ${access}`);
      const type = r.u8(`EntityEntryPoint(${name}).entry_point_type`);
      if (type !== 0 && type !== 1 && type !== 0x80) throw new BytesreprError("Formatting", `EntityEntryPoint(${name}).entry_point_type`, `unknown tag ${type}`);
      const payment = r.u8(`EntityEntryPoint(${name}).entry_point_payment`);
      if (payment > 2) throw new BytesreprError("Formatting", `EntityEntryPoint(${name}).entry_point_payment`, `unknown tag ${payment}`);
      names.push(name);
    }
    return names;
  });
}
