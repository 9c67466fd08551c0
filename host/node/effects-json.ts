// An execution's effects in casper-node 2.0's JSON (types/src/execution/effects.rs, transform_v2.rs,
// transform_kind.rs): one {"key", "kind"} per committed write, in execution order. Writes carry the
// stored value; additions carry the amount added (the engine journals the value after the addition,
// so the amount is the difference from the value before, wrapping at the type's width); named keys
// added to an account or contract are {"AddKeys": [{name, key}]}. Keys are normalized as the node's
// tracking copy normalizes them (a URef key without access rights).
import { formatKeyFor2x, type Key, KeyTag, keyId, urefKey, keyAsURef } from "../bytesrepr/key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import type { StoredValue } from "../bytesrepr/stored-value.ts";
import type { JournalEntry } from "../state/tracking-copy.ts";
import { small, type Json } from "./cl-value-json.ts";
import type { EffectJson } from "./engine-backend.ts";
import { storedValueJson } from "./stored-value-json.ts";

const WIDTH: Record<string, { bits: number; signed: boolean; read: (r: ByteReader) => bigint }> = {
  I32: { bits: 32, signed: true, read: (r) => BigInt(r.i32()) },
  I64: { bits: 64, signed: true, read: (r) => r.i64() },
  U8: { bits: 8, signed: false, read: (r) => BigInt(r.u8()) },
  U32: { bits: 32, signed: false, read: (r) => BigInt(r.u32()) },
  U64: { bits: 64, signed: false, read: (r) => r.u64() },
  U128: { bits: 128, signed: false, read: (r) => r.bigUint(16, "U128") },
  U256: { bits: 256, signed: false, read: (r) => r.bigUint(32, "U256") },
  U512: { bits: 512, signed: false, read: (r) => r.bigUint(64, "U512") },
};

/** `before(key)`: the value under the key before the execution (its pre-state). */
export function effectsJson(journal: readonly JournalEntry[], before: (key: Key) => StoredValue | undefined): EffectJson[] {
  const latest = new Map<string, StoredValue | undefined>();
  const previous = (key: Key) => {
    const id = keyId(key);
    return latest.has(id) ? latest.get(id) : before(key);
  };
  const out: EffectJson[] = [];
  for (const j of journal) {
    out.push({ key: formatKeyFor2x(normalized(j.key)), kind: transformJson(j, previous(j.key)) });
    latest.set(keyId(j.key), j.value);
  }
  return out;
}

function normalized(key: Key): Key {
  const u = key.tag === KeyTag.URef ? keyAsURef(key) : undefined;
  return u ? urefKey({ addr: u.addr, rights: 0 }) : key;
}

function transformJson(j: JournalEntry, prior: StoredValue | undefined): Json {
  switch (j.transform) {
    case "Write":
      return { Write: storedValueJson(j.value!) };
    case "Prune":
      // 2.0 TransformKindV2::Prune(Key)
      return { Prune: formatKeyFor2x(j.key) };
    case "AddKeys": {
      const nk = j.namedKey!;
      return { AddKeys: [{ name: nk.name, key: formatKeyFor2x(nk.key) }] };
    }
    default: {
      const added = addedAmount(prior, j.value!);
      // serde: i32 and u64 are JSON numbers, U128/U256/U512 decimal strings
      const shown: Json = j.transform === "AddInt32" ? Number(BigInt.asIntN(32, added)) : j.transform === "AddUInt64" ? small(BigInt.asUintN(64, added)) : BigInt.asUintN(widthOf(j.transform), added).toString();
      return { [j.transform]: shown };
    }
  }
}

const widthOf = (t: string) => (t === "AddUInt128" ? 128 : t === "AddUInt256" ? 256 : 512);

/** after - before in the stored integer's width (a wrapping addition's operand). */
function addedAmount(prior: StoredValue | undefined, after: StoredValue): bigint {
  const a = integerOf(after);
  const b = prior ? integerOf(prior) : undefined;
  if (!a) return 0n;
  const diff = a.value - (b && b.kind === a.kind ? b.value : 0n);
  const w = WIDTH[a.kind];
  return w.signed ? BigInt.asIntN(w.bits, diff) : BigInt.asUintN(w.bits, diff);
}

function integerOf(v: StoredValue): { kind: string; value: bigint } | undefined {
  if (v.kind !== "CLValue") return undefined;
  const w = WIDTH[v.value.clType.kind];
  if (!w) return undefined;
  try {
    return { kind: v.value.clType.kind, value: w.read(new ByteReader(v.value.bytes)) };
  } catch {
    return undefined;
  }
}
