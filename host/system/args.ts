// Typed named args for native system contracts (runtime/mod.rs `get_named_argument`): a missing arg
// reverts with MissingArgument, a wrong type or undecodable value with InvalidArgument.

import { CLT, type CLType, clByteArray, clOption, clTypeEquals } from "../bytesrepr/cl-type.ts";
import { type URef, readURef } from "../bytesrepr/key.ts";
import { readPublicKey } from "../bytesrepr/public-key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { type NamedArg, getArg } from "../bytesrepr/runtime-args.ts";
import { ApiErrorCode } from "../runtime/api-error.ts";
import { ExecError } from "../runtime/errors.ts";

export function namedArg<T>(args: readonly NamedArg[], name: string, type: CLType, read: (r: ByteReader) => T): T {
  const v = getArg(args, name);
  if (!v) throw ExecError.revert(ApiErrorCode.MissingArgument);
  if (!clTypeEquals(v.clType, type)) throw ExecError.revert(ApiErrorCode.InvalidArgument);
  try {
    const r = new ByteReader(v.bytes);
    const out = read(r);
    r.expectEnd(name);
    return out;
  } catch {
    throw ExecError.revert(ApiErrorCode.InvalidArgument);
  }
}

function readOption<T>(r: ByteReader, read: (r: ByteReader) => T): T | undefined {
  const tag = r.u8("Option tag");
  if (tag === 0) return undefined;
  if (tag === 1) return read(r);
  throw new Error(`invalid Option tag ${tag}`);
}

export const arg = {
  u512: (args: readonly NamedArg[], name: string) => namedArg(args, name, CLT.U512, (r) => r.bigUint(64, "U512")),
  u64: (args: readonly NamedArg[], name: string) => namedArg(args, name, CLT.U64, (r) => r.u64()),
  u8: (args: readonly NamedArg[], name: string) => namedArg(args, name, CLT.U8, (r) => r.u8()),
  uref: (args: readonly NamedArg[], name: string): URef => namedArg(args, name, CLT.URef, (r) => readURef(r)),
  accountHash: (args: readonly NamedArg[], name: string) => namedArg(args, name, clByteArray(32), (r) => r.raw(32)),
  publicKey: (args: readonly NamedArg[], name: string) => namedArg(args, name, CLT.PublicKey, (r) => readPublicKey(r)),
  optionAccountHash: (args: readonly NamedArg[], name: string) => namedArg(args, name, clOption(clByteArray(32)), (r) => readOption(r, (x) => x.raw(32))),
  optionU64: (args: readonly NamedArg[], name: string) => namedArg(args, name, clOption(CLT.U64), (r) => readOption(r, (x) => x.u64())),
};
