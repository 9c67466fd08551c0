// casper_get_block_info (Casper 2.0; execution_engine/src/runtime/mod.rs `get_block_info` of the 2.0.0
// release): one field of the block the code runs in, as its bytesrepr bytes at dest_ptr. Fields:
// 0 block time (u64), 1 block height (u64), 2 parent block hash (32), 3 state root hash (32),
// 4 protocol version (3 x u32), 5 addressable entity enabled (bool). Any other index traps with
// InvalidImputedOperation. The charge is the base cost only (externals.rs charges [0, 0]).

import { ByteWriter } from "../bytesrepr/writer.ts";
import { execErrors } from "./errors.ts";
import type { HostFn } from "./dispatch.ts";
import type { Runtime } from "./runtime.ts";

const FIELDS = ["block_time", "block_height", "parent_block_hash", "state_hash", "protocol_version", "addressable_entity"];

function fieldBytes(rt: Runtime, field: number): Uint8Array | undefined {
  const exec = rt.exec;
  const w = new ByteWriter(32);
  switch (field) {
    case 0: return w.u64(exec.blocktime).toBytes();
    case 1: return w.u64(exec.block.height).toBytes();
    case 2: return exec.block.parentHash.slice();
    case 3: return exec.block.stateHash().slice();
    case 4: {
      const pv = exec.config.protocolVersion;
      return w.u32(pv.major).u32(pv.minor).u32(pv.patch).toBytes();
    }
    case 5: return w.bool(exec.config.enableAddressableEntity).toBytes();
    default: return undefined;
  }
}

export const HOST_BLOCK_INFO: Record<string, HostFn> = {
  casper_get_block_info(rt, [field, destPtr], t) {
    const bytes = fieldBytes(rt, field);
    if (t) t.detail = { field: FIELDS[field] ?? field };
    if (!bytes) throw execErrors.invalidImputedOperation();
    rt.setMem(destPtr, bytes);
  },
};
