// Checks that stay in release builds, and the contract's own errors. AssemblyScript's `assert` is a trap
// in builds made without --noAssert (the project's release target keeps it: asconfig.json); `ensure`
// reverts with a code the caller can read instead, as Rust's `if !cond { runtime::revert(e) }`.
import { ApiError, revert } from "./errors";

/** Reverts with `code` (an ApiError code, or ApiError.User(n)) unless `condition` holds. */
// @ts-ignore: decorator
@inline export function ensure(condition: bool, code: u32): void {
  if (!condition) revert(code);
}

/** Reverts with the contract's own error n: `User error: n` (65536 + n). Takes a member of an @errors enum. */
// @ts-ignore: decorator
@inline export function fail(userError: i32): void {
  revert(ApiError.User(<u16>userError));
}

/** Reverts with the contract's own error n unless `condition` holds. */
// @ts-ignore: decorator
@inline export function ensureOr(condition: bool, userError: i32): void {
  if (!condition) revert(ApiError.User(<u16>userError));
}
