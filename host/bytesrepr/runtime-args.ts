// RuntimeArgs = Vec<NamedArg> = u32 count, then (String name, CLValue) pairs, in the caller's order
// (runtime_args.rs). Lookup returns the first arg with the name, like `RuntimeArgs::get`.

import sdk from "casper-js-sdk";
import { type CLValue, readCLValue, writeCLValue } from "./cl-value.ts";
import { ByteReader, decodeAll } from "./reader.ts";
import { ByteWriter, encodeWith } from "./writer.ts";

export interface NamedArg {
  readonly name: string;
  readonly value: CLValue;
}

export type RuntimeArgs = readonly NamedArg[];

export function readRuntimeArgs(r: ByteReader): NamedArg[] {
  const n = r.u32("RuntimeArgs.length");
  const out: NamedArg[] = [];
  for (let i = 0; i < n; i++) {
    const name = r.string("RuntimeArgs name");
    out.push({ name, value: readCLValue(r, `RuntimeArgs[${name}]`) });
  }
  return out;
}

export function writeRuntimeArgs(w: ByteWriter, args: RuntimeArgs): void {
  w.u32(args.length);
  for (const a of args) {
    w.string(a.name);
    writeCLValue(w, a.value);
  }
}

export const encodeRuntimeArgs = (args: RuntimeArgs): Uint8Array => encodeWith((w) => writeRuntimeArgs(w, args), 128);
export const decodeRuntimeArgs = (bytes: Uint8Array): NamedArg[] => decodeAll(bytes, "RuntimeArgs", readRuntimeArgs);

export function getArg(args: RuntimeArgs, name: string): CLValue | undefined {
  for (const a of args) if (a.name === name) return a.value;
  return undefined;
}

export type SdkArgs = InstanceType<typeof sdk.Args>;

/** RuntimeArgs from the SDK's Args, through the SDK's own serialization. */
export function fromSdkArgs(args: SdkArgs): NamedArg[] {
  return decodeRuntimeArgs(args.toBytes());
}
