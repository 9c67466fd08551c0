// Sample install args for the build's dry install (dry-install.ts): a class-form contract gets a value
// of each required install arg's CL type (zeros, empty lists, None, the text "sample"); a hand-written
// installer gets the args casper.build.json gives it, in the CLI's NAME:TYPE='VALUE' form.
import { ByteWriter } from "../../host/bytesrepr/writer.ts";
import type { CLType } from "../../host/bytesrepr/cl-type.ts";
import { parseArgs } from "../cli/typed-args.ts";
import type { ArgModel } from "./transform/model.ts";

/** The bytesrepr of a plausible value of `t`. */
export function sampleValue(t: CLType, w = new ByteWriter()): ByteWriter {
  switch (t.kind) {
    case "Bool":
    case "U8":
    case "U128":
    case "U256":
    case "U512":
      return w.u8(0);
    case "I32":
    case "U32":
      return w.u32(0);
    case "I64":
    case "U64":
      return w.u64(0n);
    case "Unit":
      return w;
    case "String":
      return w.string("sample");
    case "Key":
      return w.u8(0).raw(new Uint8Array(32)); // Key::Account
    case "URef":
      return w.raw(new Uint8Array(32)).u8(7);
    case "PublicKey":
      return w.u8(1).raw(new Uint8Array(32)); // Ed25519
    case "Option":
      return w.u8(0);
    case "List":
    case "Map":
      return w.u32(0);
    case "ByteArray":
      return w.raw(new Uint8Array(t.size));
    case "Result":
      return sampleValue(t.ok, w.u8(1));
    case "Tuple1":
    case "Tuple2":
    case "Tuple3":
      for (const item of t.items) sampleValue(item, w);
      return w;
    case "Any":
      return w;
  }
}

/** Samples of a class-form contract's required install args. */
export function sampleInstallArgs(args: readonly ArgModel[]): Map<string, Uint8Array> {
  return new Map(args.filter((a) => a.presence === "required").map((a) => [a.name, sampleValue(a.type.cl).toBytes()]));
}

/** casper.build.json's installArgs (NAME:TYPE='VALUE') as value bytes by name. */
export function configuredInstallArgs(args: readonly string[]): Map<string, Uint8Array> {
  return new Map(parseArgs([...args]).parsed.map((p) => [p.name, p.value.bytes()]));
}
