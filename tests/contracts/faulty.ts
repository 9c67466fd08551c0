// Test contract: a stored contract whose entry points fail in each way a contract can (a trap, a memory
// fault, deep recursion, gas running out, a user error, a missing argument), and a session entry `call`
// that installs it under the named key "faulty". For the error locations of tests/engine-error-origin.test.ts:
// the lines the tests expect are marked `// <- name`, keep them on their own lines. Not part of `npm run build`.
import { runtime, storage, revert, ApiError, Key, CLType, EntryPoint, EntryPoints, EntryPointAccess, EntryPointType } from "../../assembly/index";

let depth: u32 = 0;

function checkInvariant(ok: bool): void {
  if (!ok) unreachable(); // <- unreachable
}

export function trap_unreachable(): void {
  checkInvariant(runtime.getBlocktime() == 0);
}

export function trap_memory(): void {
  const far: usize = 0xfffffff0;
  depth = load<u32>(far); // <- memory
}

function recurse(n: u32): u32 {
  depth = n;
  return recurse(n + 1) + 1; // <- recurse
}

export function deep_recursion(): void {
  depth = recurse(0);
}

export function burn_gas(): void {
  let i: u32 = 0;
  while (i != 0xffffffff) i += depth + 1; // <- loop
}

export function user_error(): void {
  revert(ApiError.User(42)); // <- user error
}

export function needs_arg(): void {
  depth = runtime.getNamedArg<u32>("n"); // <- getNamedArg
}

export function call(): void {
  const contract = (name: string): EntryPoint => new EntryPoint(name, CLType.Unit, EntryPointAccess.Public, EntryPointType.Contract);
  const entryPoints = new EntryPoints()
    .addEntryPoint(contract("trap_unreachable"))
    .addEntryPoint(contract("trap_memory"))
    .addEntryPoint(contract("deep_recursion"))
    .addEntryPoint(contract("burn_gas"))
    .addEntryPoint(contract("user_error"))
    .addEntryPoint(contract("needs_arg").param("n", CLType.U32));
  const installed = storage.newContract(entryPoints);
  runtime.putKey("faulty", Key.hash(installed.contractHash));
}
