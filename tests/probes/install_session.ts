// Test session (not a contract): installs through the API on the engine, or (case 0) decodes the new
// contract hash by `bytes_written` as casper-contract 1.5 did, the control that must fail on a 2.0 host.
// Argument `case` (u8): 0 control, 1 newContract, 2 newLockedContract, 3 addContractVersion. The new
// contract's hash is named "contract". Driven by tests/engine-as-2x.test.ts.
import * as env from "../../assembly/env";
import { runtime, storage, Key, Map, EntryPoint, EntryPoints, ContractHash, Writer, revert } from "../../assembly/index";

export function go(): void {}

function entryPoints(): EntryPoints {
  return new EntryPoints().addEntryPoint(new EntryPoint("go"));
}

export function call(): void {
  const which = runtime.getNamedArg<u8>("case");
  let hash: ContractHash;
  if (which == 0) {
    const pkg = storage.createContractPackageAtHash();
    const eps = entryPoints().bytes;
    const named = new Writer().u32(0);
    const output = heap.alloc(64);
    const version = heap.alloc(4);
    const totalBytes = heap.alloc(4); // zeroed, as Rust's `let mut total_bytes: usize = 0`
    const status = env.casper_add_contract_version(pkg.packageHash.ptr, 32, version, eps.ptr, eps.len, named.ptr, named.len, output, 64, totalBytes);
    if (status != 0) revert(<u32>status);
    hash = runtime.decodeOrRevert<ContractHash>(output, load<u32>(totalBytes));
  } else if (which == 1) {
    hash = storage.newContract(entryPoints(), null, "pkg", "access").contractHash;
  } else if (which == 2) {
    hash = storage.newLockedContract(entryPoints()).contractHash;
  } else {
    const pkg = storage.createContractPackageAtHash();
    hash = storage.addContractVersion(pkg.packageHash, entryPoints(), new Map<string, Key>()).contractHash;
  }
  runtime.putKey("contract", Key.hash(hash));
}
