// Named args with the codes a contract chooses: a missing argument and bytes that are not one T each
// revert with a code of the caller's choice (by default MissingArgument (2) and InvalidArgument (3), as
// Rust's runtime::get_named_arg), and optional arguments (absent: null or a default). cep18 utils.rs
// get_named_arg_with_user_errors / get_optional_named_arg_with_user_errors are the models: with
// `invalid` = ARG_ABSENT, bytes that are not one T count as an absent argument, as cep18's optional
// arguments do.
import { unwrapOrRevert, revert } from "../errors";
import * as env from "../env";
import { HOST_OUT } from "../bytes/scratch";
import { nameBytes, nameLength, nameText } from "../bytes/names";
import { Reader } from "../bytes/reader";
import { decode, decodeOrRevert } from "../bytes/codec";
import { namedArgSize } from "../runtime";

/** `invalid` code meaning: bytes that are not one T make the argument absent. */
export const ARG_ABSENT: u32 = 0xffffffff;

/** The bytes of argument `name` in a new block (size in HOST_OUT), after namedArgSize gave `size` >= 0. */
function readArgBytes(name: usize, size: i32): usize {
  const dest = heap.alloc(<usize>size);
  if (size > 0) unwrapOrRevert(env.casper_get_named_arg(nameText(name), nameLength(name), dest, <usize>size));
  return dest;
}

/** Exactly one T from `size` bytes at `p`, or null (ARG_ABSENT) / a revert with `invalid`. */
function decodeArg<T>(p: usize, size: u32, invalid: u32): T | null {
  if (invalid == ARG_ABSENT) {
    const r = new Reader(p, size);
    const v = decode<T>(r);
    return r.finish() ? v : null;
  }
  return decodeOrRevert<T>(p, size, invalid);
}

/** Argument `name` as a T: missing reverts with `missing`, bytes that are not one T with `invalid`. */
// @ts-ignore: decorator
@inline export function argWithCodes<T>(name: string, missing: u32, invalid: u32): T {
  return argWithCodesAt<T>(nameBytes(name), missing, invalid);
}

export function argWithCodesAt<T>(name: usize, missing: u32, invalid: u32): T {
  const size = namedArgSize(name);
  if (size < 0) revert(missing);
  return decodeOrRevert<T>(readArgBytes(name, size), <u32>size, invalid);
}

/** Optional argument `name` (a reference type): null when absent (or, with ARG_ABSENT, not one T). */
// @ts-ignore: decorator
@inline export function optionalArg<T>(name: string, invalid: u32): T | null {
  return optionalArgAt<T>(nameBytes(name), invalid);
}

export function optionalArgAt<T>(name: usize, invalid: u32): T | null {
  const size = namedArgSize(name);
  if (size < 0) return null;
  return decodeArg<T>(readArgBytes(name, size), <u32>size, invalid);
}

/** Optional argument `name` of a number or bool type: `fallback` when absent (or, with ARG_ABSENT, not one T). */
// @ts-ignore: decorator
@inline export function argOr<T>(name: string, fallback: T, invalid: u32): T {
  return argOrAt<T>(nameBytes(name), fallback, invalid);
}

export function argOrAt<T>(name: usize, fallback: T, invalid: u32): T {
  const size = namedArgSize(name);
  if (size < 0) return fallback;
  const p = readArgBytes(name, size);
  if (invalid == ARG_ABSENT) {
    const r = new Reader(p, <u32>size);
    const v = decode<T>(r);
    return r.finish() ? v : fallback;
  }
  return decodeOrRevert<T>(p, <u32>size, invalid);
}

/** Whether the caller passed argument `name`. */
// @ts-ignore: decorator
@inline export function hasArg(name: string): bool {
  return namedArgSize(nameBytes(name)) >= 0;
}
