// Test probe (not a contract) for the build's pre-encoding of literal names
// (scripts/build/static-names.ts): host-visible names must be the same with and without it.
import { runtime, Key, AccountHash, RuntimeArgs, Writer, encode } from "../../assembly/index";

@external("probe", "out")
declare function out(ptr: usize, len: u32): void;

const HASH = memory.data<u8>([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32]);

export function call(): void {
  const key = Key.account(changetype<AccountHash>(HASH));
  runtime.putKey("plain", key);
  runtime.putKey("plain", key); // the same literal twice
  runtime.putKey("héllo wörld", key); // non-ASCII that fits in place
  runtime.putKey("日本語日本語日本語日本語日本語日本語", key); // 18 units, 54 bytes: does not fit, stays run-time
  runtime.putKey("", key);
  // a literal also used as a string value: it must keep its UTF-16 object
  const shared = "shared";
  runtime.putKey(shared, key);
  const w = new Writer();
  encode<string>(w, shared);
  out(w.ptr, w.len);
  // a name that is not a literal
  runtime.putKey("dyn-" + String.fromCharCode(65 + <i32>runtime.getNamedArg<u8>("n")), key);
  const args = new RuntimeArgs().insert<u8>("arg", 1);
  out(args.bytes.ptr, args.bytes.len);
}
