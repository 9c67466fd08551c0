// The delegate sessions the auction tests run: the AssemblyScript build (build/delegate.wasm, from
// `npm run build`) and the hand-written WAT module (tests/fixtures/delegate.wat, compiled with wabt).
import { readFileSync } from "node:fs";
import sdk from "casper-js-sdk";
import { Data, compileWat, module } from "./engine-wat.ts";
import { artifact } from "./engine-artifacts.ts";

export const delegateWasm = (): Uint8Array => artifact("delegate");

export const delegateWat = (): Uint8Array => compileWat(readFileSync(new URL("../fixtures/delegate.wat", import.meta.url), "utf8"));

/**
 * Session code that makes a purse of its own for 2.0's purse delegators: create_purse, move `motes`
 * from the main purse into it (the deploy needs an `amount` arg of at least `motes`: the session's
 * spending limit), and put_key it under `name` with READ_ADD_WRITE.
 */
export function purseMakerWasm(name: string, motes: bigint): Uint8Array {
  const data = new Data();
  const key = data.string(name);
  const amount = data.bytes(sdk.CLValue.newCLUInt512(motes.toString()).bytes());
  const noId = data.bytes(Uint8Array.of(0)); // Option<u64>::None
  return module({
    imports: ["casper_create_purse", "casper_get_main_purse", "casper_transfer_from_purse_to_purse", "casper_put_key", "casper_revert"],
    data,
    body: `
    (func (export "call") (local $r i32)
      ;; 300: Key::URef tag, 301..334: the new purse's URef
      (i32.store8 (i32.const 300) (i32.const 2))
      (local.set $r (call $casper_create_purse (i32.const 301) (i32.const 33)))
      (if (local.get $r) (then (call $casper_revert (local.get $r))))
      (call $casper_get_main_purse (i32.const 400))
      (local.set $r (call $casper_transfer_from_purse_to_purse (i32.const 400) (i32.const 33) (i32.const 301) (i32.const 33)
        (i32.const ${amount.ptr}) (i32.const ${amount.len}) (i32.const ${noId.ptr}) (i32.const 1)))
      (if (local.get $r) (then (call $casper_revert (local.get $r))))
      (call $casper_put_key (i32.const ${key.ptr}) (i32.const ${key.len}) (i32.const 300) (i32.const 34)))`,
  });
}
