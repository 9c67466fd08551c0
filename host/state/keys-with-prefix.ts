// `keys_with_prefix` (casper-node 2.0 global_state StateReader): every key whose serialized bytes start
// with a prefix, in key byte order, as a state layered of tracking copies over global state sees it
// (a key written in a copy counts, a key pruned in a copy does not). The auction of 2.0 finds a
// validator's delegators, reservations and unbonds this way (BidAddr prefixes).

import { type Key, keyId } from "../bytesrepr/key.ts";
import { GlobalState, type StateReader } from "./global-state.ts";
import { TrackingCopy } from "./tracking-copy.ts";

/** `prefixHex`: the prefix bytes in lowercase hex (a key id starts with them: tag byte, then payload). */
export function keysWithPrefix(state: StateReader, prefixHex: string): Key[] {
  // the first layer that mentions an id decides it: written (its key) or pruned (undefined)
  const seen = new Map<string, Key | undefined>();
  let s: StateReader = state;
  while (s instanceof TrackingCopy) {
    for (const [id, e] of s.writes) if (id.startsWith(prefixHex) && !seen.has(id)) seen.set(id, e.value === undefined ? undefined : e.key);
    s = s.parent;
  }
  if (!(s instanceof GlobalState)) throw new Error("keysWithPrefix: the state is neither a tracking copy nor global state");
  for (const e of s.entriesWithIdPrefix(prefixHex)) {
    const id = keyId(e.key);
    if (!seen.has(id)) seen.set(id, e.key);
  }
  const out: [string, Key][] = [];
  for (const [id, key] of seen) if (key) out.push([id, key]);
  // ids are the key bytes in hex: their string order is the byte order (the trie's)
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return out.map(([, key]) => key);
}
