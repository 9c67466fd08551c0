// The block a contract runs in: casper-node 2.0 `casper_get_block_info(field_idx, dest_ptr)` (2.x only;
// host side execution_engine/src/runtime/mod.rs get_block_info, contract side contract_api/runtime.rs).
// The host writes the field's bytesrepr at dest_ptr and says nothing of its length: each reader here
// hands it room for exactly its field. Field 0 is the block time, which runtime.getBlocktime reads
// through the 1.5-compatible `casper_get_blocktime` (as Rust's get_blocktime does).
import * as env from "./env";
import { ApiError, revert } from "./errors";
import { Digest } from "./types/byte_array";
import { ProtocolVersion, PROTOCOL_VERSION_SERIALIZED_LENGTH } from "./types/protocol_version";

export namespace BlockInfoField {
  export const BlockTime: u8 = 0;
  export const BlockHeight: u8 = 1;
  export const ParentBlockHash: u8 = 2;
  export const StateHash: u8 = 3;
  export const ProtocolVersion: u8 = 4;
  export const AddressableEntity: u8 = 5;
}

function blockInfo(field: u8, size: u32): usize {
  const p = heap.alloc(size);
  env.casper_get_block_info(field, p);
  return p;
}

/** The current block's height. */
export function getBlockHeight(): u64 {
  return load<u64>(blockInfo(BlockInfoField.BlockHeight, 8));
}

/** The parent block's hash. */
export function getParentBlockHash(): Digest {
  return changetype<Digest>(blockInfo(BlockInfoField.ParentBlockHash, 32));
}

/** The state root hash the block executes on. */
export function getStateHash(): Digest {
  return changetype<Digest>(blockInfo(BlockInfoField.StateHash, 32));
}

/** The network's protocol version (2.0.0 on today's networks). */
export function getProtocolVersion(): ProtocolVersion {
  return changetype<ProtocolVersion>(blockInfo(BlockInfoField.ProtocolVersion, PROTOCOL_VERSION_SERIALIZED_LENGTH));
}

/** Whether addressable entities are on (false in the legacy mode networks run). A byte other than 0/1 reverts with Formatting (18), as Rust's bool. */
export function getAddressableEntity(): bool {
  const b = load<u8>(blockInfo(BlockInfoField.AddressableEntity, 1));
  if (b > 1) revert(ApiError.Formatting);
  return b == 1;
}
