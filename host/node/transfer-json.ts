// A transfer an execution recorded, in the 2.0 JSON of `Transfer::Version2`'s inner object
// (types/src/transfer/transfer_v2.rs): from, to, source, target, amount, gas, id. 2.0 keeps transfers
// in the execution result only (no Transfer record in global state), so this is built from the
// engine's record.
import { formatURef } from "../bytesrepr/key.ts";
import type { TransferRecord } from "../bytesrepr/records.ts";
import type { TransferJson } from "./engine-backend.ts";
import { accountHashString } from "./stored-value-json.ts";

export function transferJson(t: TransferRecord): TransferJson {
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
