// Test probe (not a contract): touches every method of the value types so that all of them are
// compiled (asc only type-checks what a module uses) and checks what they answer. Each check emits
// one byte, 1 for a pass; tests/as-surface.test.ts expects only 1s.
import {
  ApiError,
  Writer,
  Reader,
  decode,
  equals,
  clTypeOf,
  U512,
  Unit,
  ByteArray,
  AccountHash,
  ContractHash,
  ContractPackageHash,
  URef,
  AccessRights,
  Key,
  KeyTag,
  PublicKey,
  PublicKeyTag,
  Option,
  Result,
  List,
  Map,
  Tuple2,
  CLValue,
  CLType,
  CLTypeTag,
  RuntimeArgs,
  EntryPoint,
  EntryPoints,
  EntryPointAccess,
  EntryPointType,
  EntryPointPayment,
  EntityEntryPoints,
  Parameter,
} from "../../assembly/index";

@external("probe", "out")
declare function out(ptr: usize, len: u32): void;

// (created in `run`: a top-level `new` would need a start function, which the build refuses)
let RESULTS: Writer | null = null;
function check(ok: bool): void {
  RESULTS!.u8(ok ? 1 : 0);
}

const BYTES32 = memory.data<u8>([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32]);

export function run(): void {
  RESULTS = new Writer();
  // errors
  check(ApiError.User(8) == 65544 && ApiError.Auction(1) == 64513 && ApiError.Mint(0) == 65024);
  check(ApiError.HandlePayment(255) == 65535 && ApiError.ContractHeader(2) == 64770);
  check(ApiError.fromHost(51) == ApiError.Unhandled && ApiError.fromHost(0) == ApiError.Unhandled && ApiError.fromHost(65536 + 9) == 65545);
  check(ApiError.fromHost(41) == ApiError.MessageTopicAlreadyRegistered && ApiError.fromHost(50) == ApiError.InvalidCallerInfoRequest);

  // U512 operators
  const a = U512.fromU64(1000);
  const b = U512.fromU64(7);
  check((a + b).toU64() == 1007 && (a - b).toU64() == 993 && (a * b).toU64() == 7000);
  check((a / b).toU64() == 142 && (a % b).toU64() == 6);
  check(a > b && b < a && a >= a && a <= a && a == U512.fromU64(1000) && a != b);
  check(U512.zero().isZero() && a.fitsU64() && !(U512.fromString("18446744073709551616")!).fitsU64());
  check(a.clone().equals(a) && U512.fromBytesLE(memory.data<u8>([0x10, 0x27]), 2).toU64() == 10000);
  check(a.toString() == "1000" && U512.zero().toString() == "0");

  // byte arrays and hashes
  const ba = ByteArray.copyOf(BYTES32, 4);
  check(ba.length == 4 && ba.at(3) == 4 && ba.equals(ByteArray.copyOf(BYTES32, 4)) && !ba.equals(ByteArray.copyOf(BYTES32, 3)));
  const ah = AccountHash.fromPtr(BYTES32);
  check(ah.at(31) == 32 && ah.toByteArray().length == 32 && ah.equals(changetype<AccountHash>(BYTES32)));
  const ch = ContractHash.fromPtr(BYTES32);
  check(ch.equals(changetype<ContractHash>(BYTES32)));

  // URef
  const u = URef.new(BYTES32, AccessRights.READ_ADD_WRITE);
  check(u.accessRights == 7 && u.isReadable() && u.isWriteable() && u.isAddable());
  check(u.intoRead().accessRights == AccessRights.READ && u.intoWrite().accessRights == AccessRights.WRITE && u.intoAdd().accessRights == AccessRights.ADD);
  check(u.removeAccessRights().accessRights == AccessRights.NONE && u.intoReadAddWrite().equals(u) && !u.intoRead().isWriteable());
  check(u.withAccessRights(AccessRights.READ_WRITE).accessRights == 3 && load<u8>(u.addr) == 1);

  // Key
  const k = Key.uref(u);
  check(k.tag == KeyTag.URef && k.isURef() && k.length == 34 && k.intoURef()!.equals(u) && k.intoAccount() === null && k.intoHash() === null);
  check(k.clone().equals(k) && !k.equals(Key.account(ah)));
  check(Key.hash(ch).intoHash()!.equals(ch) && Key.packageHash(changetype<ContractPackageHash>(BYTES32)).tag == KeyTag.Hash);
  check(Key.account(ah).intoAccount()!.equals(ah) && Key.eraInfo(9).length == 9 && Key.singleton(KeyTag.EraSummary).length == 33);
  check(Key.account(ah).intoPackageHash() === null && load<u8>(Key.account(ah).payload) == 1);

  // PublicKey
  const pk = PublicKey.fromRaw(PublicKeyTag.Ed25519, BYTES32);
  check(pk.tag == 1 && pk.length == 33 && load<u8>(pk.raw) == 1 && pk.equals(PublicKey.fromRaw(1, BYTES32)) && !pk.equals(PublicKey.fromRaw(2, BYTES32)));
  check(PublicKey.fromRaw(PublicKeyTag.System, 0).length == 1);

  // Option / Result
  const some = Option.some<u32>(5);
  const none = Option.none<u32>();
  check(some.isSome && none.isNone && some.unwrap() == 5 && none.unwrapOr(9) == 9 && some.unwrapOrRevert() == 5 && some.unwrapOrRevertWith(3) == 5);
  check(some.equals(Option.some<u32>(5)) && !some.equals(none) && none.equals(Option.none<u32>()));
  const ok = Result.ok<string, u32>("fine");
  const err = Result.err<string, u32>(7);
  check(ok.isOk && err.isErr && ok.unwrap() == "fine" && err.unwrapErr() == 7 && ok.unwrapOrRevert() == "fine" && ok.unwrapOrRevertWith(1) == "fine");
  check(ok.equals(Result.ok<string, u32>("fine")) && !ok.equals(err) && err.equals(Result.err<string, u32>(7)));

  // List / Map / Tuple
  const list = List.from<u32>([3, 1, 2]);
  list.insert(1, 9);
  list[0] = 4;
  check(list.length == 4 && list[0] == 4 && list.at(1) == 9 && list.at(3) == 2 && list.indexOf(2) == 3 && list.includes(9) && !list.includes(3));
  check(list.equals(List.from<u32>([4, 9, 1, 2])) && !list.equals(List.from<u32>([4, 9, 1])));
  const map = new Map<string, u32>().set("b", 2).set("a", 1);
  check(map.size == 2 && map.keyAt(0) == "a" && map.valueAt(1) == 2 && map.has("b") && !map.has("c") && map.get("a").unwrap() == 1 && map.get("z").isNone);
  check(map.indexOf("b") == 1 && map.equals(new Map<string, u32>().set("a", 1).set("b", 2)));
  const keyed = new Map<Key, u8>().set(Key.account(ah), 1).set(k, 2).set(Key.account(ah), 3);
  check(keyed.size == 2 && keyed.keyAt(0).tag == KeyTag.Account && keyed.valueAt(0) == 3);
  const t = new Tuple2<u8, string>(1, "x");
  check(t.first == 1 && t.second == "x" && t.equals(new Tuple2<u8, string>(1, "x")) && equals<Unit>(Unit.value, Unit.value));

  // CLType
  check(clTypeOf<Map<string, Option<U512>>>().equals(CLType.map(CLType.String, CLType.option(CLType.U512))));
  check(clTypeOf<List<PublicKey>>().length == 2 && CLType.list(CLType.U8).tag == CLTypeTag.List && CLType.byteArray(32).length == 5);
  check(clTypeOf<Tuple2<u8, string>>().equals(CLType.tuple2(CLType.U8, CLType.String)) && CLType.Bool.tag == 0 && CLType.I64.tag == 2 && CLType.U32.tag == 4);
  check(CLType.U64.tag == 5 && CLType.U128.tag == 6 && CLType.U256.tag == 7 && CLType.Unit.tag == 9 && CLType.Key.tag == 11 && CLType.URef.tag == 12 && CLType.I32.tag == 1);

  // CLValue
  const cv = CLValue.from<U512>(a);
  check(cv.into<U512>() == a && cv.to<u64>().isNone && cv.error == ApiError.CLTypeMismatch && cv.equals(CLValue.from<U512>(U512.fromU64(1000))));
  const bcv = CLValue.from<ByteArray>(ba);
  check(bcv.type.equals(CLType.byteArray(4)));

  // RuntimeArgs
  const args = new RuntimeArgs().insert<u8>("x", 1).insertCLValue("y", cv);
  check(args.length == 2 && args.get("y")!.equals(cv) && args.get("x")!.into<u8>() == 1 && args.get("z") === null);

  // EntryPoints
  const groups = EntryPointAccess.groups(List.from<string>(["g1", "g2"]));
  check(!groups.isPublic && groups.groupNames.length == 2 && groups.groupNames.at(1) == "g2" && EntryPointAccess.Public.isPublic);
  const ep = new EntryPoint("run", CLType.Unit, groups, EntryPointType.Session).addParameter(new Parameter("p", CLType.Key)).param("q", CLType.U8);
  check(ep.name == "run" && ep.parameterCount == 2);
  const eps = new EntryPoints().addEntryPoint(ep).addEntryPoint(new EntryPoint("stop"));
  const names = eps.names();
  check(eps.length == 2 && names.at(0) == "run" && names.at(1) == "stop");
  const w = new Writer();
  eps.encode(w);
  const again = decode<EntryPoints>(new Reader(w.ptr, w.len));
  check(again.length == 2 && again.names().at(1) == "stop");
  check(new Reader(w.ptr, w.len).remaining == w.len);
  // 2.0: entry point payment, Factory, Template, EntityEntryPoints
  const factory = new EntryPoint("make", CLType.Unit, EntryPointAccess.Template, EntryPointType.Factory, EntryPointPayment.SelfOnward);
  check(factory.entryPointType == 0x80 && factory.payment == 2 && factory.access.isTemplate && !factory.access.isPublic && factory.access.groupNames.length == 0);
  check(ep.entryPointType == EntryPointType.Caller && ep.payment == EntryPointPayment.Caller && ep.ret.equals(CLType.Unit) && ep.access.groupNames.length == 2);
  const entity = new EntityEntryPoints().addEntryPoint(factory).addEntryPoint(ep);
  const we = new Writer();
  entity.encode(we);
  const entityAgain = decode<EntityEntryPoints>(new Reader(we.ptr, we.len));
  check(entity.length == 2 && entityAgain.length == 2 && entityAgain.names().at(0) == "make");

  out(RESULTS!.ptr, RESULTS!.len);
}
