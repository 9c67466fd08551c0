// Keys by prefix over a layered state: tracking copies over global state, the newest write of a key
// winning (TrackingCopy::get_keys_by_prefix reads its cache over the trie the same way). Ids are the
// normalized keys' hex (keyId), so a prefix of key bytes is a prefix of ids.

import { keyId } from "../bytesrepr/key.ts";
import { GlobalState, type StateEntry, type StateReader, type StateWrite } from "./global-state.ts";
import { TrackingCopy } from "./tracking-copy.ts";

/** Every entry whose key id starts with `idPrefix`, in id (i.e. key byte) order. */
export function entriesWithIdPrefix(state: StateReader, idPrefix: string): StateEntry[] {
  const found = new Map<string, StateWrite>(); // a pruned key (no value) hides what lies below it
  let s: StateReader = state;
  while (s instanceof TrackingCopy) {
    for (const [id, e] of s.writes) if (id.startsWith(idPrefix) && !found.has(id)) found.set(id, e);
    s = s.parent;
  }
  if (!(s instanceof GlobalState)) throw new Error("entriesWithIdPrefix: the state is neither a tracking copy nor global state");
  for (const e of s.entriesWithIdPrefix(idPrefix)) {
    const id = keyId(e.key);
    if (!found.has(id)) found.set(id, e);
  }
  return [...found.keys()].sort().map((id) => found.get(id)!).filter((e): e is StateEntry => e.value !== undefined);
}
