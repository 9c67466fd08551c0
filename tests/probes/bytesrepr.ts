// Test probe (not a contract): exposes the contract API's codecs to tests/as-*.test.ts, which
// compare them with casper-js-sdk. Results go out through the `probe` import module, so the probe
// needs no JS bindings. Built with the contracts' flags by tests/helpers/as-build.ts.
import {
  runtime,
  Writer,
  Reader,
  encode,
  decode,
  writeCLType,
  Unit,
  U512,
  U128,
  U256,
  AccountHash,
  ContractHash,
  ContractPackageHash,
  ByteArray,
  URef,
  Key,
  PublicKey,
  Option,
  Result,
  List,
  Map,
  Tuple1,
  Tuple2,
  Tuple3,
  CLValue,
  CLType,
  RuntimeArgs,
  EntryPoint,
  EntryPoints,
  EntryPointAccess,
  EntryPointType,
} from "../../assembly/index";

@external("probe", "out")
declare function out(ptr: usize, len: u32): void;
@external("probe", "err")
declare function err(code: u32): void;

/** A heap block for the test to write input into. */
export function alloc(n: u32): usize {
  return heap.alloc(n);
}

/** A string object of `units` UTF-16 units, for the test to fill. */
export function newString(units: u32): usize {
  return __new(<usize>units << 1, idof<string>());
}

function emit(w: Writer): void {
  out(w.ptr, w.len);
}

function emitString(s: string): void {
  out(changetype<usize>(s), <u32>s.length << 1);
}

/** Decodes exactly one T from the input and encodes it again. */
function roundtripOf<T>(ptr: usize, len: u32): void {
  const r = new Reader(ptr, len);
  const v = decode<T>(r);
  if (!r.finish()) {
    err(r.error);
    return;
  }
  const w = new Writer();
  encode<T>(w, v);
  emit(w);
}

function typeOf<T>(): void {
  const w = new Writer();
  writeCLType<T>(w);
  emit(w);
}

/** runtime.decodeOrRevert<T> of the input (reverting with the bytesrepr error), encoded again. */
function exactOf<T>(ptr: usize, len: u32): void {
  const v = runtime.decodeOrRevert<T>(ptr, len);
  const w = new Writer();
  encode<T>(w, v);
  emit(w);
}

/** runtime.getNamedArg<T>("value"), encoded again. */
function argOf<T>(): void {
  const v = runtime.getNamedArg<T>("value");
  const w = new Writer();
  encode<T>(w, v);
  emit(w);
}

// Kinds: keep in step with KINDS in tests/helpers/as-probe.ts.
type NestedMap = Map<string, U512>;

function dispatch(kind: u32, ptr: usize, len: u32, mode: u32): void {
  // mode 0: roundtrip, 1: CLType, 2: named arg, 3: decodeOrRevert
  switch (kind) {
    case 0: mode == 0 ? roundtripOf<bool>(ptr, len) : mode == 1 ? typeOf<bool>() : mode == 2 ? argOf<bool>() : exactOf<bool>(ptr, len); break;
    case 1: mode == 0 ? roundtripOf<i32>(ptr, len) : mode == 1 ? typeOf<i32>() : mode == 2 ? argOf<i32>() : exactOf<i32>(ptr, len); break;
    case 2: mode == 0 ? roundtripOf<i64>(ptr, len) : mode == 1 ? typeOf<i64>() : mode == 2 ? argOf<i64>() : exactOf<i64>(ptr, len); break;
    case 3: mode == 0 ? roundtripOf<u8>(ptr, len) : mode == 1 ? typeOf<u8>() : mode == 2 ? argOf<u8>() : exactOf<u8>(ptr, len); break;
    case 4: mode == 0 ? roundtripOf<u32>(ptr, len) : mode == 1 ? typeOf<u32>() : mode == 2 ? argOf<u32>() : exactOf<u32>(ptr, len); break;
    case 5: mode == 0 ? roundtripOf<u64>(ptr, len) : mode == 1 ? typeOf<u64>() : mode == 2 ? argOf<u64>() : exactOf<u64>(ptr, len); break;
    case 6: mode == 0 ? roundtripOf<U128>(ptr, len) : mode == 1 ? typeOf<U128>() : mode == 2 ? argOf<U128>() : exactOf<U128>(ptr, len); break;
    case 7: mode == 0 ? roundtripOf<U256>(ptr, len) : mode == 1 ? typeOf<U256>() : mode == 2 ? argOf<U256>() : exactOf<U256>(ptr, len); break;
    case 8: mode == 0 ? roundtripOf<U512>(ptr, len) : mode == 1 ? typeOf<U512>() : mode == 2 ? argOf<U512>() : exactOf<U512>(ptr, len); break;
    case 9: mode == 0 ? roundtripOf<Unit>(ptr, len) : mode == 1 ? typeOf<Unit>() : mode == 2 ? argOf<Unit>() : exactOf<Unit>(ptr, len); break;
    case 10: mode == 0 ? roundtripOf<string>(ptr, len) : mode == 1 ? typeOf<string>() : mode == 2 ? argOf<string>() : exactOf<string>(ptr, len); break;
    case 11: mode == 0 ? roundtripOf<Key>(ptr, len) : mode == 1 ? typeOf<Key>() : mode == 2 ? argOf<Key>() : exactOf<Key>(ptr, len); break;
    case 12: mode == 0 ? roundtripOf<URef>(ptr, len) : mode == 1 ? typeOf<URef>() : mode == 2 ? argOf<URef>() : exactOf<URef>(ptr, len); break;
    case 13: mode == 0 ? roundtripOf<PublicKey>(ptr, len) : mode == 1 ? typeOf<PublicKey>() : mode == 2 ? argOf<PublicKey>() : exactOf<PublicKey>(ptr, len); break;
    case 14: mode == 0 ? roundtripOf<AccountHash>(ptr, len) : mode == 1 ? typeOf<AccountHash>() : mode == 2 ? argOf<AccountHash>() : exactOf<AccountHash>(ptr, len); break;
    case 15: mode == 0 ? roundtripOf<Option<U512>>(ptr, len) : mode == 1 ? typeOf<Option<U512>>() : mode == 2 ? argOf<Option<U512>>() : exactOf<Option<U512>>(ptr, len); break;
    case 16: mode == 0 ? roundtripOf<List<u64>>(ptr, len) : mode == 1 ? typeOf<List<u64>>() : mode == 2 ? argOf<List<u64>>() : exactOf<List<u64>>(ptr, len); break;
    case 17: mode == 0 ? roundtripOf<List<string>>(ptr, len) : mode == 1 ? typeOf<List<string>>() : mode == 2 ? argOf<List<string>>() : exactOf<List<string>>(ptr, len); break;
    case 18: mode == 0 ? roundtripOf<Map<string, U512>>(ptr, len) : mode == 1 ? typeOf<Map<string, U512>>() : mode == 2 ? argOf<Map<string, U512>>() : exactOf<Map<string, U512>>(ptr, len); break;
    case 19: mode == 0 ? roundtripOf<Map<u64, Key>>(ptr, len) : mode == 1 ? typeOf<Map<u64, Key>>() : mode == 2 ? argOf<Map<u64, Key>>() : exactOf<Map<u64, Key>>(ptr, len); break;
    case 20: mode == 0 ? roundtripOf<Result<string, u32>>(ptr, len) : mode == 1 ? typeOf<Result<string, u32>>() : mode == 2 ? argOf<Result<string, u32>>() : exactOf<Result<string, u32>>(ptr, len); break;
    case 21: mode == 0 ? roundtripOf<Result<Unit, string>>(ptr, len) : mode == 1 ? typeOf<Result<Unit, string>>() : mode == 2 ? argOf<Result<Unit, string>>() : exactOf<Result<Unit, string>>(ptr, len); break;
    case 22: mode == 0 ? roundtripOf<Tuple1<bool>>(ptr, len) : mode == 1 ? typeOf<Tuple1<bool>>() : mode == 2 ? argOf<Tuple1<bool>>() : exactOf<Tuple1<bool>>(ptr, len); break;
    case 23: mode == 0 ? roundtripOf<Tuple2<string, U512>>(ptr, len) : mode == 1 ? typeOf<Tuple2<string, U512>>() : mode == 2 ? argOf<Tuple2<string, U512>>() : exactOf<Tuple2<string, U512>>(ptr, len); break;
    case 24: mode == 0 ? roundtripOf<Tuple3<u8, PublicKey, Option<u64>>>(ptr, len) : mode == 1 ? typeOf<Tuple3<u8, PublicKey, Option<u64>>>() : mode == 2 ? argOf<Tuple3<u8, PublicKey, Option<u64>>>() : exactOf<Tuple3<u8, PublicKey, Option<u64>>>(ptr, len); break;
    case 25: mode == 0 ? roundtripOf<Option<List<NestedMap>>>(ptr, len) : mode == 1 ? typeOf<Option<List<NestedMap>>>() : mode == 2 ? argOf<Option<List<NestedMap>>>() : exactOf<Option<List<NestedMap>>>(ptr, len); break;
    case 26: mode == 0 ? roundtripOf<List<PublicKey>>(ptr, len) : mode == 1 ? typeOf<List<PublicKey>>() : mode == 2 ? argOf<List<PublicKey>>() : exactOf<List<PublicKey>>(ptr, len); break;
    case 27: mode == 0 ? roundtripOf<List<List<u8>>>(ptr, len) : mode == 1 ? typeOf<List<List<u8>>>() : mode == 2 ? argOf<List<List<u8>>>() : exactOf<List<List<u8>>>(ptr, len); break;
    case 28: mode == 0 ? roundtripOf<ContractHash>(ptr, len) : mode == 1 ? typeOf<ContractHash>() : mode == 2 ? argOf<ContractHash>() : exactOf<ContractHash>(ptr, len); break;
    case 29: mode == 0 ? roundtripOf<ContractPackageHash>(ptr, len) : mode == 1 ? typeOf<ContractPackageHash>() : mode == 2 ? argOf<ContractPackageHash>() : exactOf<ContractPackageHash>(ptr, len); break;
    case 30: mode == 0 ? roundtripOf<Option<Key>>(ptr, len) : mode == 1 ? typeOf<Option<Key>>() : mode == 2 ? argOf<Option<Key>>() : exactOf<Option<Key>>(ptr, len); break;
    case 31: mode == 0 ? roundtripOf<List<Unit>>(ptr, len) : mode == 1 ? typeOf<List<Unit>>() : mode == 2 ? argOf<List<Unit>>() : exactOf<List<Unit>>(ptr, len); break;
    case 32: mode == 0 ? roundtripOf<Map<PublicKey, U512>>(ptr, len) : mode == 1 ? typeOf<Map<PublicKey, U512>>() : mode == 2 ? argOf<Map<PublicKey, U512>>() : exactOf<Map<PublicKey, U512>>(ptr, len); break;
    case 33: mode == 0 ? roundtripOf<Result<List<URef>, Tuple2<i32, i64>>>(ptr, len) : mode == 1 ? typeOf<Result<List<URef>, Tuple2<i32, i64>>>() : mode == 2 ? argOf<Result<List<URef>, Tuple2<i32, i64>>>() : exactOf<Result<List<URef>, Tuple2<i32, i64>>>(ptr, len); break;
    // not CL types: no CLType
    case 40: if (mode == 0) roundtripOf<CLValue>(ptr, len); else if (mode == 2) argOf<CLValue>(); else if (mode == 3) exactOf<CLValue>(ptr, len); break;
    case 41: if (mode == 0) roundtripOf<RuntimeArgs>(ptr, len); else if (mode == 2) argOf<RuntimeArgs>(); else if (mode == 3) exactOf<RuntimeArgs>(ptr, len); break;
    case 42: if (mode == 0) roundtripOf<EntryPoints>(ptr, len); else if (mode == 2) argOf<EntryPoints>(); else if (mode == 3) exactOf<EntryPoints>(ptr, len); break;
    default: unreachable();
  }
}

export function roundtrip(kind: u32, ptr: usize, len: u32): void {
  dispatch(kind, ptr, len, 0);
}

export function cltype(kind: u32): void {
  dispatch(kind, 0, 0, 1);
}

/** runtime.decodeOrRevert of kind `kind` on the input (a revert carries the bytesrepr error). */
export function exact(kind: u32, ptr: usize, len: u32): void {
  dispatch(kind, ptr, len, 3);
}

/** runtime.getNamedArg of kind `kind` for the arg named "value". */
export function namedArg(kind: u32): void {
  dispatch(kind, 0, 0, 2);
}

// ---- values built on the AssemblyScript side ----

/** U512 of a decimal string (err 3 when not one), encoded. */
export function u512FromString(s: string): void {
  const v = U512.fromString(s);
  if (v === null) {
    err(3);
    return;
  }
  const w = new Writer();
  v!.encode(w);
  emit(w);
}

function readU512(ptr: usize, len: u32): U512 | null {
  const r = new Reader(ptr, len);
  const v = decode<U512>(r);
  if (!r.finish()) {
    err(r.error);
    return null;
  }
  return v;
}

/** Decimal digits of a serialized U512. */
export function u512ToString(ptr: usize, len: u32): void {
  const v = readU512(ptr, len);
  if (v !== null) emitString(v!.toString());
}

/** a (op) b on two serialized U512: 0 add, 1 sub, 2 mul, 3 div, 4 rem, 5 cmp; err 1 on overflow / division by zero. */
export function u512Op(op: u32, a: usize, aLen: u32, b: usize, bLen: u32): void {
  const x = readU512(a, aLen);
  const y = readU512(b, bLen);
  if (x === null || y === null) return;
  const p = x!;
  const q = y!;
  let r: U512 | null = null;
  if (op == 0) r = p.checkedAdd(q);
  else if (op == 1) r = p.checkedSub(q);
  else if (op == 2) r = p.checkedMul(q);
  else if (op == 3) r = p.checkedDiv(q);
  else if (op == 4) r = p.checkedRem(q);
  else {
    const w = new Writer();
    w.u32(<u32>(p.cmp(q) + 1));
    emit(w);
    return;
  }
  if (r === null) {
    err(1);
    return;
  }
  const w = new Writer();
  r!.encode(w);
  emit(w);
}

/** Decimal digits of a serialized U128 / U256 (as-bignum). */
export function u128ToString(ptr: usize, len: u32): void {
  const r = new Reader(ptr, len);
  const v = decode<U128>(r);
  if (!r.finish()) err(r.error);
  else emitString(v.toString());
}

export function u256ToString(ptr: usize, len: u32): void {
  const r = new Reader(ptr, len);
  const v = decode<U256>(r);
  if (!r.finish()) err(r.error);
  else emitString(v.toString());
}

/** U128 / U256 from two / four u64 limbs (least significant first), encoded. */
export function u128FromLimbs(lo: u64, hi: u64): void {
  const w = new Writer();
  encode<U128>(w, new U128(lo, hi));
  emit(w);
}

export function u256FromLimbs(a: u64, b: u64, c: u64, d: u64): void {
  const w = new Writer();
  encode<U256>(w, new U256(a, b, c, d));
  emit(w);
}

/** A serialized String decoded, as UTF-16 units. */
export function stringDecode(ptr: usize, len: u32): void {
  const r = new Reader(ptr, len);
  const s = decode<string>(r);
  if (!r.finish()) err(r.error);
  else emitString(s);
}

/** An AssemblyScript string, encoded. */
export function stringEncode(s: string): void {
  const w = new Writer();
  encode<string>(w, s);
  emit(w);
}

/** A serialized PublicKey: its tag, then its account hash (host blake2b). */
export function publicKeyInfo(ptr: usize, len: u32): void {
  const r = new Reader(ptr, len);
  const pk = decode<PublicKey>(r);
  if (!r.finish()) {
    err(r.error);
    return;
  }
  const w = new Writer();
  w.u8(pk.tag);
  pk.toAccountHash().encode(w);
  emit(w);
}

/** Keys built from parts: 0 account, 1 hash, 2 uref (rights), 5 era info, 10.. singletons. */
export function keyBuild(variant: u32, payload: usize, payloadLength: u32, rights: u8, era: u64): void {
  let key: Key;
  if (variant == 0) key = Key.account(changetype<AccountHash>(payload));
  else if (variant == 1) key = Key.hash(changetype<ContractHash>(payload));
  else if (variant == 2) key = Key.uref(URef.new(payload, rights));
  else if (variant == 5) key = Key.eraInfo(era);
  else if (variant >= 10 && variant != 12) key = Key.singleton(<u8>variant);
  else key = Key.fromPayload(<u8>variant, payload);
  const w = new Writer();
  key.encode(w);
  emit(w);
}

/** A serialized Key: tag, then what the typed accessors give (account / hash / uref bytes or nothing). */
export function keyInfo(ptr: usize, len: u32): void {
  const r = new Reader(ptr, len);
  const key = decode<Key>(r);
  if (!r.finish()) {
    err(r.error);
    return;
  }
  const w = new Writer();
  w.u8(key.tag);
  const account = key.intoAccount();
  const hash = key.intoHash();
  const uref = key.intoURef();
  if (account !== null) account.encode(w);
  if (hash !== null) hash.encode(w);
  if (uref !== null) uref.encode(w);
  emit(w);
}

/** List<u64> of 0, 1000, 2000, ... (n items), encoded. */
export function listU64(n: u32): void {
  const list = new List<u64>(0);
  for (let i: u32 = 0; i < n; i++) list.push(<u64>i * 1000);
  const w = new Writer();
  list.encode(w);
  emit(w);
}

/** Map<string, U512> built by inserting "b"=2, "a"=1, "c"=3, then "a"=10 again: sorted, replaced. */
export function mapSorted(): void {
  const map = new Map<string, U512>();
  map.set("b", U512.fromU64(2)).set("a", U512.fromU64(1)).set("c", U512.fromU64(3)).set("a", U512.fromU64(10));
  const w = new Writer();
  map.encode(w);
  emit(w);
}

/** Option<List<Map<string, U512>>>: Some([{"x": 7}, {}]), encoded. */
export function nestedValue(): void {
  const m = new Map<string, U512>().set("x", U512.fromU64(7));
  const list = new List<Map<string, U512>>().push(m).push(new Map<string, U512>());
  const w = new Writer();
  Option.some<List<Map<string, U512>>>(list).encode(w);
  emit(w);
}

/** Result Ok("ok") and Err(7u32) of Result<string, u32>, then Tuple3(1u8, "two", 3u64), encoded one after the other. */
export function resultsAndTuples(): void {
  const w = new Writer();
  Result.ok<string, u32>("ok").encode(w);
  Result.err<string, u32>(7).encode(w);
  new Tuple1<bool>(true).encode(w);
  new Tuple2<i32, i64>(-1, -2).encode(w);
  new Tuple3<u8, string, u64>(1, "two", 3).encode(w);
  emit(w);
}

/** CLValue.from of several values, one after the other: u64 7, "hi", Option<U512> None, ByteArray(3). */
export function clValues(): void {
  const w = new Writer();
  CLValue.from<u64>(7).encode(w);
  CLValue.from<string>("hi").encode(w);
  CLValue.from<Option<U512>>(Option.none<U512>()).encode(w);
  CLValue.from<ByteArray>(ByteArray.copyOf(memory.data<u8>([1, 2, 3]), 3)).encode(w);
  emit(w);
}

/** A serialized CLValue read as a u64: the value, or err with CLTypeMismatch / bytesrepr code. */
export function clValueToU64(ptr: usize, len: u32): void {
  const r = new Reader(ptr, len);
  const v = decode<CLValue>(r);
  if (!r.finish()) {
    err(r.error);
    return;
  }
  const x = v.to<u64>();
  if (x.isNone) {
    err(v.error);
    return;
  }
  const w = new Writer();
  w.u64(x.unwrap());
  emit(w);
}

/** RuntimeArgs { "amount": U512 2500000000, "target": AccountHash 0x11.., "id": Option<u64> Some(9) }. */
export function runtimeArgs(): void {
  const args = new RuntimeArgs()
    .insert<U512>("amount", U512.fromU64(2500000000))
    .insert<AccountHash>("target", AccountHash.fromPtr(memory.data<u8>([0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11])))
    .insert<Option<u64>>("id", Option.some<u64>(9));
  emit(args.bytes);
}

/** The CLValue named `name` in serialized RuntimeArgs (err 6 when absent). */
export function runtimeArgGet(ptr: usize, len: u32, name: string): void {
  const r = new Reader(ptr, len);
  const args = decode<RuntimeArgs>(r);
  if (!r.finish()) {
    err(r.error);
    return;
  }
  const v = args.get(name);
  if (v === null) {
    err(6);
    return;
  }
  const w = new Writer();
  v.encode(w);
  emit(w);
}

/** Entry points: a Contract one with a group access and a ByteArray/Map parameter, and a Session one. */
export function entryPoints(): void {
  const groups = new List<string>().push("admin").push("ops");
  const eps = new EntryPoints()
    .addEntryPoint(
      new EntryPoint("transfer", CLType.U512, EntryPointAccess.groups(groups), EntryPointType.Contract)
        .param("to", CLType.byteArray(32))
        .param("meta", CLType.map(CLType.String, CLType.option(CLType.U64))),
    )
    .addEntryPoint(new EntryPoint("ping"));
  emit(eps.bytes);
}

/** CLType descriptors built at run time: Result<Tuple3<Key, URef, Any>, Tuple2<Bool, I32>>, Tuple1<List<PublicKey>>. */
export function runtimeCLTypes(): void {
  const w = new Writer();
  CLType.result(CLType.tuple3(CLType.Key, CLType.URef, CLType.Any), CLType.tuple2(CLType.Bool, CLType.I32)).encode(w);
  CLType.tuple1(CLType.list(CLType.PublicKey)).encode(w);
  emit(w);
}

/** A serialized CLType checked and copied (err with the bytesrepr code when malformed). */
export function clTypeCheck(ptr: usize, len: u32): void {
  const r = new Reader(ptr, len);
  const t = CLType.decode(r);
  if (t === null || !r.finish()) {
    err(r.error);
    return;
  }
  const w = new Writer();
  t.encode(w);
  emit(w);
}
