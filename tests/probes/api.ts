// Test probe (not a contract): one export per corner of the runtime / storage / account / system API,
// driven by tests/as-api.test.ts against a stub host. Results go out through `probe.out`.
import {
  runtime,
  storage,
  account,
  system,
  Writer,
  encode,
  U512,
  Unit,
  URef,
  Key,
  PublicKey,
  AccountHash,
  ContractHash,
  ContractPackageHash,
  Option,
  List,
  Map,
  NamedKeys,
  CLValue,
  RuntimeArgs,
  EntryPoint,
  EntryPoints,
  CLType,
} from "../../assembly/index";

@external("probe", "out")
declare function out(ptr: usize, len: u32): void;

function emit<T>(v: T): void {
  const w = new Writer();
  encode<T>(w, v);
  out(w.ptr, w.len);
}

const HASH_A = memory.data(32);

function urefArg(): URef {
  return runtime.getNamedArg<URef>("uref");
}

// ---- runtime ----
export function caller(): void {
  emit<AccountHash>(runtime.getCaller());
}
export function blocktimeAndPhase(): void {
  emit<u64>(runtime.getBlocktime());
  emit<u8>(runtime.getPhase());
}
export function keys(): void {
  const k = runtime.getKey("present");
  emit<Option<Key>>(Option.fromNullable<Key>(k));
  emit<Option<Key>>(Option.fromNullable<Key>(runtime.getKey("absent")));
  emit<bool>(runtime.hasKey("present"));
  runtime.removeKey("present");
  emit<Map<string, Key>>(runtime.listNamedKeys());
}
export function authorizationKeys(): void {
  emit<List<AccountHash>>(runtime.listAuthorizationKeys());
}
export function argSizes(): void {
  emit<i32>(runtime.getNamedArgSize("present"));
  emit<i32>(runtime.getNamedArgSize("absent"));
  const bytes = runtime.getNamedArgBytes("present");
  out(bytes.ptr, bytes.length);
}
export function retU512(): void {
  runtime.ret<U512>(U512.fromU64(1234567));
}
export function retCLValue(): void {
  runtime.retCLValue(CLValue.from<string>("done"));
}
export function callVersioned(version: i32): void {
  const args = new RuntimeArgs().insert<u64>("n", 5);
  const v = version < 0 ? Option.none<u32>() : Option.some<u32>(<u32>version);
  const pkg = changetype<ContractPackageHash>(HASH_A);
  emit<string>(runtime.callVersionedContract<string>(pkg, v, "greet", args));
}
export function callUnit(): void {
  runtime.callContract<Unit>(changetype<ContractHash>(HASH_A), "nothing", new RuntimeArgs());
}
export function validURef(): void {
  emit<bool>(runtime.isValidURef(urefArg()));
}
export function hashes(): void {
  const data = memory.data<u8>([97, 98, 99]);
  const h = runtime.blake2b(data, 3);
  out(h.ptr, h.length);
  const r = runtime.randomBytes();
  out(r.ptr, r.length);
}
export function printIt(): void {
  runtime.print("hello ✓");
}

// ---- storage ----
export function newURef(): void {
  emit<URef>(storage.newURef<u64>(7));
}
export function writeAndAdd(): void {
  const uref = urefArg();
  storage.write<string>(uref, "value");
  storage.add<U512>(uref, U512.fromU64(10));
}
export function readIt(): void {
  emit<Option<u64>>(storage.read<u64>(urefArg()));
}
export function readOrRevertIt(): void {
  emit<u64>(storage.readOrRevert<u64>(urefArg()));
}
export function readKey(): void {
  emit<Option<string>>(storage.readFromKey<string>(runtime.getNamedArg<Key>("key")));
}
export function dictionaries(): void {
  const seed = storage.newDictionary("dict");
  emit<bool>(seed.isOk);
  const uref = seed.unwrap();
  storage.dictionaryPut<string>(uref, "item", "x");
  emit<Option<string>>(storage.dictionaryGet<string>(uref, "item"));
  emit<Option<string>>(storage.namedDictionaryGet<string>("dict", "other"));
  storage.namedDictionaryPut<u8>("dict", "n", 1);
  const again = storage.newDictionary("");
  emit<u32>(again.unwrapErr());
}
export function longItemKey(): void {
  storage.dictionaryPut<u8>(urefArg(), "k".repeat(129), 1);
}
export function dictionaryRead(): void {
  emit<Option<u64>>(storage.dictionaryRead<u64>(runtime.getNamedArg<Key>("key")));
}
export function contracts(): void {
  const eps = new EntryPoints().addEntryPoint(new EntryPoint("go").param("x", CLType.U8));
  const named: NamedKeys = new Map<string, Key>().set("k", Key.uref(URef.new(HASH_A, 7)));
  const c = storage.newContract(eps, named, "pkg", "access");
  emit<ContractHash>(c.contractHash);
  emit<u32>(c.contractVersion);
  const pkg = storage.createContractPackageAtHash();
  emit<ContractPackageHash>(pkg.packageHash);
  emit<URef>(pkg.accessURef);
  const v2 = storage.addContractVersion(pkg.packageHash, eps, new Map<string, Key>());
  emit<u32>(v2.contractVersion);
  emit<u32>(storage.disableContractVersion(pkg.packageHash, v2.contractHash));
  emit<u32>(storage.enableContractVersion(pkg.packageHash, v2.contractHash));
}
export function groups(): void {
  const pkg = changetype<ContractPackageHash>(HASH_A);
  const urefs = storage.createContractUserGroup(pkg, "admins", 2, new List<URef>());
  emit<List<URef>>(urefs);
  const more = storage.provisionContractUserGroupURef(pkg, "admins");
  emit<bool>(more.isOk);
  emit<u32>(storage.removeContractUserGroupURefs(pkg, "admins", urefs));
  emit<u32>(storage.removeContractUserGroup(pkg, "admins"));
}

// ---- account ----
export function accountCalls(): void {
  const who = changetype<AccountHash>(HASH_A);
  emit<u32>(account.addAssociatedKey(who, 1));
  emit<u32>(account.updateAssociatedKey(who, 2));
  emit<u32>(account.removeAssociatedKey(who));
  emit<u32>(account.setActionThreshold(account.ActionType.KeyManagement, 3));
  emit<URef>(account.getMainPurse());
}

// ---- system ----
export function systemContracts(): void {
  emit<ContractHash>(system.getMint());
  emit<ContractHash>(system.getHandlePayment());
  emit<ContractHash>(system.getStandardPayment());
  emit<ContractHash>(system.getAuction());
}
export function purses(): void {
  const purse = system.createPurse();
  emit<URef>(purse);
  emit<Option<U512>>(Option.fromNullable<U512>(system.getPurseBalance(purse)));
  emit<Option<U512>>(Option.fromNullable<U512>(system.getBalance()));
}
export function transfers(): void {
  const who = changetype<AccountHash>(HASH_A);
  const r = system.transferToAccount(who, U512.fromU64(2500000000), Option.some<u64>(42));
  emit<bool>(r.isOk);
  emit<u32>(r.isOk ? r.unwrap() : r.unwrapErr());
  const p = system.transferFromPurseToPurse(urefArg(), urefArg(), U512.fromU64(1), Option.none<u64>());
  emit<u32>(p);
  const pk = runtime.getNamedArg<PublicKey>("pk");
  const q = system.transferFromPurseToPublicKey(urefArg(), pk, U512.fromU64(3), Option.none<u64>());
  emit<bool>(q.isOk);
}
export function transferOrRevert(): void {
  system.transferToAccount(changetype<AccountHash>(HASH_A), U512.fromU64(1), Option.none<u64>()).unwrapOrRevert();
}
