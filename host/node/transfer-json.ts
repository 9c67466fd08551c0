// A transfer record the engine wrote, in the 2.0 JSON of `Transfer::Version2`'s inner object
// (types/src/transfer/transfer_v2.rs): from, to, source, target, amount, gas, id.
import { formatURef, type Key } from "../bytesrepr/key.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import type { TransferJson } from "./engine-backend.ts";
import { accountHashString } from "./stored-value-json.ts";

/** The transfer under `key` as `read` sees it (the committed state, or an execution's own view). */
export function transferJsonAt(read: (key: Key) => StoredValue | undefined, key: Key, label: string): TransferJson {
  const v = read(key);
  if (!v || v.kind !== "Transfer") throw new Error(`the engine reported ${label} but stored no Transfer there`);
  const t = v.transfer;
  return {
    from: { AccountHash: accountHashString(t.from) },
    to: t.to ? accountHashString(t.to) : null,
    source: formatURef(t.source),
    target: formatURef(t.target),
    amount: t.amount.toString(),
    gas: t.gas.toString(),
    id: t.id === undefined ? null : Number(t.id),
  };
}
