// Names as the host takes them: a bytesrepr String, u32 byte length + UTF-8. Every name and string
// the API sends goes through `nameBytes`, the one place that encodes UTF-16 to UTF-8 at run time.
// For a string literal the build does that at compile time instead (scripts/build/static-names.ts
// replaces `nameBytes(<literal>)` with the address of the pre-encoded bytes), so a contract whose
// names are all literals carries neither the encoder nor the UTF-16 copies of its names.
import { writeUtf8, MAX_UTF8_PER_UNIT } from "./utf8";

/**
 * [u32 length][UTF-8 bytes] of `s` in a new block (read-only for callers: for literals the build
 * points at static data instead).
 */
export function nameBytes(s: string): usize {
  const p = heap.alloc(4 + <usize>s.length * MAX_UTF8_PER_UNIT);
  store<u32>(p, writeUtf8(s, p + 4));
  return p;
}

/** Byte length of the UTF-8 text of a name made by `nameBytes`. */
// @ts-ignore: decorator
@inline export function nameLength(name: usize): u32 {
  return load<u32>(name);
}

/** Address of the UTF-8 text of a name made by `nameBytes`. */
// @ts-ignore: decorator
@inline export function nameText(name: usize): usize {
  return name + 4;
}

/** Byte length of the whole bytesrepr String (length field included). */
// @ts-ignore: decorator
@inline export function nameSerializedLength(name: usize): u32 {
  return 4 + load<u32>(name);
}
