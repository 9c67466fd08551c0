// Test probe: installing contracts through the API (storage.newContract / newLockedContract /
// addContractVersion), and, as a control, the decoding casper-contract 1.5 used (and this API did before
// it was fixed): the contract hash taken from `bytes_written` bytes of the output. Driven by
// tests/as-install-protocols.test.ts against hosts that do and do not write `bytes_written`.
import * as env from "../../assembly/env";
import { runtime, storage, Key, Map, EntryPoint, EntryPoints, ContractHash, Writer, encode, revert } from "../../assembly/index";

@external("probe", "out")
declare function out(ptr: usize, len: u32): void;

function emit<T>(v: T): void {
  const w = new Writer();
  encode<T>(w, v);
  out(w.ptr, w.len);
}

function entryPoints(): EntryPoints {
  return new EntryPoints().addEntryPoint(new EntryPoint("go"));
}

export function newContract(): void {
  const c = storage.newContract(entryPoints(), null, "pkg", "access");
  emit<ContractHash>(c.contractHash);
  emit<u32>(c.contractVersion);
}

export function newLockedContract(): void {
  const c = storage.newLockedContract(entryPoints());
  runtime.putKey("contract", Key.hash(c.contractHash));
  emit<ContractHash>(c.contractHash);
  emit<u32>(c.contractVersion);
}

export function addContractVersion(): void {
  const pkg = storage.createContractPackageAtHash();
  const c = storage.addContractVersion(pkg.packageHash, entryPoints(), new Map<string, Key>());
  emit<ContractHash>(c.contractHash);
  emit<u32>(c.contractVersion);
}

/** casper-contract 1.5's add_contract_version: `total_bytes` starts at 0, the output is truncated to it. */
export function bytesWrittenControl(): void {
  const pkg = storage.createContractPackageAtHash();
  const eps = entryPoints().bytes;
  const named = new Writer().u32(0);
  const output = heap.alloc(64);
  const version = heap.alloc(4);
  const totalBytes = heap.alloc(4); // zeroed, as Rust's `let mut total_bytes: usize = 0`
  const status = env.casper_add_contract_version(pkg.packageHash.ptr, 32, version, eps.ptr, eps.len, named.ptr, named.len, output, 64, totalBytes);
  if (status != 0) revert(<u32>status);
  emit<ContractHash>(runtime.decodeOrRevert<ContractHash>(output, load<u32>(totalBytes)));
}
