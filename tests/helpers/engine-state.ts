// Global-state diffs for tests: which keys changed between two points.
import { encodeStoredValue } from "../../host/bytesrepr/stored-value.ts";
import { formatKey } from "../../host/bytesrepr/key.ts";
import type { Engine } from "../../host/engine/engine.ts";

export type StateImage = Map<string, string>;

export function image(engine: Engine): StateImage {
  const out = new Map<string, string>();
  for (const { key, value } of engine.state.all().values()) out.set(formatKey(key), Buffer.from(encodeStoredValue(value)).toString("hex"));
  return out;
}

/** Formatted keys added, removed or changed between two images, sorted. */
export function changedKeys(before: StateImage, after: StateImage): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((k) => before.get(k) !== after.get(k)).sort();
}

export function balanceKeyOf(engine: Engine, who: string): string {
  const purse = engine.account(who).mainPurse; // uref-<addr>-007
  return `balance-${purse.slice(5, 69)}`;
}
