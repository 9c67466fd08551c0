// Test probe (not a contract): the API added for the class form and CEP-18, one export per function,
// driven by tests/as-api-gaps.test.ts against a stub host. Results go out through `probe.out`.
import {
  runtime,
  storage,
  Writer,
  encode,
  Key,
  URef,
  U512,
  Map,
  List,
  CLValue,
  CLType,
  dictionaryKey,
  dictionaryGetAt,
  dictionaryPutAt,
  dictionaryPutBytesAt,
  newURefBytes,
  newURefCLValue,
  writeBytes,
  writeCLValue,
  readNamed,
  ensure,
  fail,
  Option,
  ByteArray,
  emitEventMessage,
} from "../../assembly/index";

@external("probe", "out")
declare function out(ptr: usize, len: u32): void;

function emit<T>(v: T): void {
  const w = new Writer();
  encode<T>(w, v);
  out(w.ptr, w.len);
}

function seed(): URef {
  return runtime.getNamedArg<URef>("seed");
}

/** The item key of arg `key` (raw bytes of a String arg's text). */
function itemKey(): Writer {
  const w = new Writer();
  const s = runtime.getNamedArg<string>("key");
  w.string(s);
  return w;
}

export function dictionary_key(): void {
  const k = itemKey();
  emit<Key>(dictionaryKey(seed(), k.ptr + 4, k.len - 4));
}

export function dictionary_put_get(): void {
  const k = itemKey();
  dictionaryPutAt<u64>(seed(), k.ptr + 4, k.len - 4, 5);
  dictionaryPutBytesAt(seed(), k.ptr + 4, k.len - 4, memory.data<u8>([3, 0, 0, 0, 1, 2, 3]), 7, changetype<CLType>(memory.data<u8>([14, 3])));
  emit<Option<u64>>(dictionaryGetAt<u64>(seed(), k.ptr + 4, k.len - 4));
}

export function raw_urefs(): void {
  const list = changetype<CLType>(memory.data<u8>([14, 3]));
  const u = newURefBytes(memory.data<u8>([3, 0, 0, 0, 7, 8, 9]), 7, list);
  writeBytes(u, memory.data<u8>([0, 0, 0, 0]), 4, list);
  const v = newURefCLValue(CLValue.from<string>("hé"));
  writeCLValue(v, CLValue.from<u64>(7));
}

export function read_named(): void {
  emit<u64>(readNamed<u64>("counter"));
}

/** Arg `keys` (List<Key>) into a Map<Key, u8> (value: the index) and out in its order. */
export function key_order(): void {
  const keys = runtime.getNamedArg<List<Key>>("keys");
  const m = new Map<Key, u8>();
  for (let i: u32 = 0; i < keys.length; i++) m.set(keys.at(i), <u8>i);
  emit<Map<Key, u8>>(m);
}

export function map_remove(): void {
  const m = new Map<string, u32>();
  m.set("c", 3).set("a", 1).set("b", 2);
  emit<bool>(m.remove("b"));
  emit<bool>(m.remove("zz"));
  emit<Map<string, u32>>(m);
}

export function checks(): void {
  const which = runtime.getNamedArg<u8>("which");
  if (which == 0) ensure(false, 77);
  else if (which == 1) fail(5);
  else if (which == 2) assert(false, "stays in release builds");
  else if (which == 3) ensure(true, 77);
}

export function u512_max(): void {
  emit<U512>(U512.max());
}

// ---- messages (Casper 2.x)
@event
class Paid {
  constructor(public to: Key, public amount: U512) {}
}

export function messages(): void {
  emit<u32>(runtime.manageMessageTopic("payments"));
  emit<u32>(runtime.emitMessage<string>("payments", "hé"));
  emit<u32>(runtime.emitMessage<ByteArray>("payments", new ByteArray(memory.data<u8>([1, 2, 3]), 3)));
  emit<u32>(emitEventMessage<Paid>("payments", new Paid(runtime.getNamedArg<Key>("to"), U512.fromU64(500))));
  emit<u32>(runtime.emitMessage<string>("", "x"));
}
