// The contract API's static scratch memory, in one file so that it comes first in static data:
// with the build's memoryBase (asconfig.json) these addresses stay below 64, where an address takes a
// 1-byte constant in the code (every use of them is one byte shorter).
import { Reader } from "./reader";

/** Where host functions write back u32s (sizes, versions, counts): read right after each call. */
export const HOST_OUT: usize = memory.data(8, 4);

/** The Reader of decodeOrRevert (bytes/codec.ts): pos, end, error. */
// @ts-ignore: decorator
@lazy export const DECODE_READER: usize = memory.data(offsetof<Reader>(), 4);

/** What a Reader hands out for bytes that are not there: 64 zero bytes (never written). */
// @ts-ignore: decorator
@lazy export const ZEROS: usize = memory.data(64, 4);
