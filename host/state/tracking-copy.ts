// A tracking copy: reads fall through to its parent, writes are buffered and journaled, and nothing
// reaches the parent until `commitTo` (casper-node core/tracking_copy). Forks give the payment /
// session / finalize layering of a deploy: a failed session is simply dropped.

import { CLT, clTypeToString } from "../bytesrepr/cl-type.ts";
import { type CLValue, clv } from "../bytesrepr/cl-value.ts";
import { type Key, formatKey, keyId, readKey } from "../bytesrepr/key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import { type StoredValue, storedValueTypeName } from "../bytesrepr/stored-value.ts";
import type { GlobalState, StateReader, StateWrite } from "./global-state.ts";

export type TransformKind = "Write" | "AddInt32" | "AddUInt64" | "AddUInt128" | "AddUInt256" | "AddUInt512" | "AddKeys" | "Prune";

export interface JournalEntry {
  readonly key: Key;
  readonly transform: TransformKind;
  /** the value after the transform (undefined after a Prune) */
  readonly value: StoredValue | undefined;
  /** for AddKeys: the named key added */
  readonly namedKey?: { readonly name: string; readonly key: Key };
}

/** Failure of `add` (tracking_copy AddResult): the node turns these into execution errors. */
export class AddError extends Error {
  constructor(message: string, readonly reason: "KeyNotFound" | "TypeMismatch" | "Serialization") {
    super(message);
    this.name = "AddError";
  }
}

const NUMERIC_ADD: Record<string, { transform: TransformKind; read: (r: ByteReader) => bigint }> = {
  I32: { transform: "AddInt32", read: (r) => BigInt(r.i32()) },
  U64: { transform: "AddUInt64", read: (r) => r.u64() },
  U128: { transform: "AddUInt128", read: (r) => r.bigUint(16, "U128") },
  U256: { transform: "AddUInt256", read: (r) => r.bigUint(32, "U256") },
  U512: { transform: "AddUInt512", read: (r) => r.bigUint(64, "U512") },
};

export class TrackingCopy implements StateReader {
  // (assigned only by mergeInto, which may hand a child's larger map and journal to its parent)
  private ownWrites = new Map<string, StateWrite>();
  private ownJournal: JournalEntry[] = [];

  /** buffered writes; a pruned key holds `value: undefined` (reads then find nothing) */
  get writes(): Map<string, StateWrite> {
    return this.ownWrites;
  }

  /** every transform in order (the effects) */
  get journal(): JournalEntry[] {
    return this.ownJournal;
  }

  constructor(readonly parent: StateReader) {}

  readById(id: string): StoredValue | undefined {
    const own = this.ownWrites.get(id);
    return own ? own.value : this.parent.readById(id);
  }

  read(key: Key): StoredValue | undefined {
    return this.readById(keyId(key));
  }

  /** `id`: the key's keyId when the caller has it already */
  write(key: Key, value: StoredValue, id: string = keyId(key)): void {
    // one object is both the buffered write and the journal entry (both are immutable)
    const entry: JournalEntry = { key, transform: "Write", value };
    this.ownWrites.set(id, entry);
    this.ownJournal.push(entry);
  }

  /** `TrackingCopy::prune` (casper-node 2.0): the key is deleted when the copy is committed. */
  prune(key: Key, id: string = keyId(key)): void {
    const entry: JournalEntry = { key, transform: "Prune", value: undefined };
    this.ownWrites.set(id, entry);
    this.ownJournal.push(entry);
  }

  /**
   * `TrackingCopy::add`: numeric CLValues are added with wrapping arithmetic (transform.rs
   * wrapping_addition) onto an integer CLValue; a (String, Key) tuple is added as a named key to an
   * Account or Contract.
   */
  add(key: Key, value: StoredValue): void {
    const current = this.read(key);
    if (!current) throw new AddError(`Key ${formatKey(key)} not found`, "KeyNotFound");
    if (value.kind !== "CLValue") {
      throw new AddError(`Type mismatch: expected I32, U64, U128, U256, U512 or (String, Key) tuple, found ${storedValueTypeName(value)}`, "TypeMismatch");
    }
    const t = value.value.clType;
    const numeric = NUMERIC_ADD[t.kind];
    if (numeric) {
      const delta = decodeWhole(value.value, numeric.read);
      const next = addToInteger(current, delta);
      const entry: JournalEntry = { key, transform: numeric.transform, value: next };
      this.writes.set(keyId(key), entry);
      this.journal.push(entry);
      return;
    }
    if (t.kind === "Tuple2" && t.items[0].kind === "String" && t.items[1].kind === "Key") {
      const { name, key: nk } = decodeWhole(value.value, (r) => ({ name: r.string(), key: readKey(r) }));
      let next: StoredValue;
      if (current.kind === "Account") {
        const m = new Map(current.account.namedKeys);
        m.set(name, nk);
        next = { kind: "Account", account: { ...current.account, namedKeys: m } };
      } else if (current.kind === "Contract") {
        const m = new Map(current.contract.namedKeys);
        m.set(name, nk);
        next = { kind: "Contract", contract: { ...current.contract, namedKeys: m } };
      } else {
        throw new AddError(`Type mismatch: expected Contract or Account, found ${storedValueTypeName(current)}`, "TypeMismatch");
      }
      this.writes.set(keyId(key), { key, value: next });
      this.journal.push({ key, transform: "AddKeys", value: next, namedKey: { name, key: nk } });
      return;
    }
    throw new AddError(`Type mismatch: expected I32, U64, U128, U256, U512 or (String, Key) tuple, found ${clTypeToString(t)}`, "TypeMismatch");
  }

  fork(): TrackingCopy {
    return new TrackingCopy(this);
  }

  /**
   * Push this copy's writes and journal into its parent tracking copy; this copy is spent then (not
   * written again). The smaller side is copied into the larger: a session that wrote much, into a
   * parent that holds a few payment writes, hands its own map and journal over.
   */
  mergeInto(parent: TrackingCopy): void {
    const mine = this.ownWrites;
    const theirs = parent.ownWrites;
    if (mine.size > theirs.size) {
      // the parent's writes are older: kept where this copy did not write the same key
      theirs.forEach((e, id) => {
        if (!mine.has(id)) mine.set(id, e);
      });
      parent.ownWrites = mine;
      parent.ownJournal = parent.ownJournal.length === 0 ? this.ownJournal : parent.ownJournal.concat(this.ownJournal);
      this.ownWrites = new Map();
      this.ownJournal = [];
      return;
    }
    // forEach: no [id, entry] array per write, as for-of over entries makes
    mine.forEach((e, id) => theirs.set(id, e));
    for (const j of this.ownJournal) parent.ownJournal.push(j);
  }

  commitTo(state: GlobalState): void {
    state.commit(this.writes);
  }
}

function decodeWhole<T>(v: CLValue, read: (r: ByteReader) => T): T {
  const r = new ByteReader(v.bytes);
  try {
    const out = read(r);
    r.expectEnd(clTypeToString(v.clType));
    return out;
  } catch (e) {
    throw new AddError(`Serialization error: ${(e as Error).message}`, "Serialization");
  }
}

const INT_BITS: Record<string, { bits: number; signed: boolean; make: (n: bigint) => CLValue; read: (r: ByteReader) => bigint }> = {
  I32: { bits: 32, signed: true, make: (n) => clv.i32(Number(n)), read: (r) => BigInt(r.i32()) },
  I64: { bits: 64, signed: true, make: (n) => ({ clType: CLT.I64, bytes: i64Bytes(n) }), read: (r) => r.i64() },
  U8: { bits: 8, signed: false, make: (n) => clv.u8(Number(n)), read: (r) => BigInt(r.u8()) },
  U32: { bits: 32, signed: false, make: (n) => clv.u32(Number(n)), read: (r) => BigInt(r.u32()) },
  U64: { bits: 64, signed: false, make: (n) => clv.u64(n), read: (r) => r.u64() },
  U128: { bits: 128, signed: false, make: (n) => bigUintValue(CLT.U128, n, 16), read: (r) => r.bigUint(16, "U128") },
  U256: { bits: 256, signed: false, make: (n) => bigUintValue(CLT.U256, n, 32), read: (r) => r.bigUint(32, "U256") },
  U512: { bits: 512, signed: false, make: (n) => clv.u512(n), read: (r) => r.bigUint(64, "U512") },
};

function i64Bytes(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, n, true);
  return b;
}

function bigUintValue(clType: typeof CLT.U128 | typeof CLT.U256, n: bigint, size: number): CLValue {
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.push(Number(n & 0xffn));
    n >>= 8n;
  }
  if (bytes.length > size) throw new Error("unreachable: wrapped value too wide");
  return { clType, bytes: new Uint8Array([bytes.length, ...bytes]) };
}

/** transform.rs wrapping_addition: the stored integer type decides the width; the delta is cast to it. */
function addToInteger(current: StoredValue, delta: bigint): StoredValue {
  if (current.kind !== "CLValue") {
    throw new AddError(`Type mismatch: expected CLValue, found ${storedValueTypeName(current)}`, "TypeMismatch");
  }
  const spec = INT_BITS[current.value.clType.kind];
  if (!spec) {
    throw new AddError(`Type mismatch: expected integral type, found ${clTypeToString(current.value.clType)}`, "TypeMismatch");
  }
  const value = decodeWhole(current.value, spec.read);
  const sum = spec.signed ? BigInt.asIntN(spec.bits, value + delta) : BigInt.asUintN(spec.bits, value + delta);
  return { kind: "CLValue", value: spec.make(sum) };
}
