// Test probe (not a contract): the 2.x wrappers of the contract API (messages, installs with message
// topics, block info, call stack and caller information, cryptography, callPackageVersion), driven by
// tests/as-api-2x.test.ts against the stand-in host. Results go out through `probe.out`.
import {
  runtime,
  storage,
  cryptography,
  Writer,
  encode,
  Key,
  URef,
  Map,
  List,
  Option,
  ByteArray,
  AccountHash,
  ContractHash,
  ContractPackageHash,
  Digest,
  PublicKey,
  Signature,
  CallStackElement,
  CallerInfo,
  RuntimeArgs,
  CLType,
  EntryPoint,
  EntityEntryPoints,
  EntryPointAccess,
  EntryPointType,
  EntryPointPayment,
  MessageTopics,
  HashAlgorithm,
} from "../../assembly/index";

@external("probe", "out")
declare function out(ptr: usize, len: u32): void;

function emit<T>(v: T): void {
  const w = new Writer();
  encode<T>(w, v);
  out(w.ptr, w.len);
}

function emitBytes(b: ByteArray): void {
  out(b.ptr, b.length);
}

const HASH_A = memory.data(32);

// ---- messages ----
export function emitString(): void {
  emit<u32>(runtime.emitMessage("events", "hello ✓"));
}
export function emitBytesPayload(): void {
  emit<u32>(runtime.emitMessage("events", new ByteArray(memory.data<u8>([1, 2, 3]), 3)));
}
export function emitEmptyTopic(): void {
  emit<u32>(runtime.emitMessage("", "x"));
}
/** topic and text from named args: the run-time encoder rather than pre-encoded literals */
export function emitFromArgs(): void {
  emit<u32>(runtime.emitMessage(runtime.getNamedArg<string>("topic"), runtime.getNamedArg<string>("text")));
}
export function manageTopic(): void {
  emit<u32>(runtime.manageMessageTopic("events"));
  emit<u32>(runtime.manageMessageTopic(""));
}

// ---- installs with message topics ----
function entityEntryPoints(): EntityEntryPoints {
  return new EntityEntryPoints()
    .addEntryPoint(new EntryPoint("transfer", CLType.Unit, EntryPointAccess.Public, EntryPointType.Called).param("amount", CLType.U512))
    .addEntryPoint(new EntryPoint("pay_for_me", CLType.U8, EntryPointAccess.Public, EntryPointType.Called, EntryPointPayment.SelfOnward))
    .addEntryPoint(new EntryPoint("make", CLType.Unit, EntryPointAccess.Template, EntryPointType.Factory, EntryPointPayment.DirectInvocationOnly));
}
export function installWithTopics(): void {
  const topics = new MessageTopics().add("events").add("transfers");
  const named = new Map<string, Key>().set("k", Key.uref(URef.new(HASH_A, 7)));
  const c = storage.newContractWithMessageTopics(entityEntryPoints(), named, "pkg", "access", topics);
  emit<ContractHash>(c.contractHash);
  emit<u32>(c.contractVersion);
}
export function installLockedNoTopics(): void {
  const c = storage.newLockedContractWithMessageTopics(entityEntryPoints());
  emit<ContractHash>(c.contractHash);
}
export function upgradeWithTopics(viaPackage: i32): void {
  const pkg = changetype<ContractPackageHash>(HASH_A);
  const topics = new MessageTopics().add("events");
  const c = viaPackage != 0
    ? storage.addPackageVersionWithMessageTopics(pkg, entityEntryPoints(), new Map<string, Key>(), topics)
    : storage.addContractVersionWithMessageTopics(pkg, entityEntryPoints(), new Map<string, Key>(), topics);
  emit<ContractHash>(c.contractHash);
  emit<u32>(c.contractVersion);
}

// ---- block info ----
export function blockInfo(): void {
  emit<u64>(runtime.getBlockHeight());
  emit<Digest>(runtime.getParentBlockHash());
  emit<Digest>(runtime.getStateHash());
  const v = runtime.getProtocolVersion();
  emit<u32>(v.major);
  emit<u32>(v.minor);
  emit<u32>(v.patch);
}
export function addressableEntity(): void {
  emit<bool>(runtime.getAddressableEntity());
}

// ---- call stack and caller information ----
export function callStack(): void {
  const stack = runtime.getCallStack();
  emit<List<CallStackElement>>(stack);
  const immediate = runtime.getImmediateCaller();
  emit<Option<CallStackElement>>(Option.fromNullable<CallStackElement>(immediate));
  if (immediate !== null) {
    emit<Option<AccountHash>>(Option.fromNullable<AccountHash>(immediate.accountHash));
    emit<Option<ContractPackageHash>>(Option.fromNullable<ContractPackageHash>(immediate.contractPackageHash));
    emit<Option<ContractHash>>(Option.fromNullable<ContractHash>(immediate.contractHash));
  }
}
export function callerInformation(action: i32): void {
  emit<List<CallerInfo>>(runtime.loadCallerInformation(<u8>action));
}
export function callStackInfo(): void {
  const stack = runtime.getCallStackInfo();
  emit<u32>(stack.length);
  for (let i: u32 = 0; i < stack.length; i++) {
    const c = stack.at(i);
    emit<u8>(c.kind);
    emit<Option<AccountHash>>(Option.fromNullable<AccountHash>(c.accountHash));
    emit<Option<ContractPackageHash>>(Option.fromNullable<ContractPackageHash>(c.contractPackageHash));
    emit<Option<ContractHash>>(Option.fromNullable<ContractHash>(c.contractHash));
  }
}
export function initiator(): void {
  const r = runtime.getCallInitiator();
  emit<bool>(r.isOk);
  if (r.isOk) emit<AccountHash>(r.unwrap());
  else emit<u32>(r.unwrapErr());
}
export function immediateInfo(): void {
  const r = runtime.getImmediateCallerInfo();
  emit<bool>(r.isOk);
  if (!r.isOk) {
    emit<u32>(r.unwrapErr());
    return;
  }
  const c = r.unwrap();
  emit<u8>(c.kind);
  emit<Option<ContractPackageHash>>(Option.fromNullable<ContractPackageHash>(c.contractPackageHash));
  emit<Option<ContractHash>>(Option.fromNullable<ContractHash>(c.contractHash));
}

// ---- cryptography ----
export function hashes(): void {
  const data = memory.data<u8>([97, 98, 99]);
  emitBytes(cryptography.genericHash(data, 3, HashAlgorithm.Blake2b));
  emitBytes(cryptography.genericHash(data, 3, HashAlgorithm.Blake3));
  emitBytes(cryptography.genericHash(data, 3, HashAlgorithm.Sha256));
}
export function hashUnknown(): void {
  emitBytes(cryptography.genericHash(memory.data<u8>([1]), 1, 3));
}
export function verify(): void {
  const message = runtime.getNamedArgBytes("message");
  const signature = runtime.getNamedArgBytes("signature");
  const key = runtime.getNamedArg<PublicKey>("key");
  emit<u32>(cryptography.verifySignature(message.ptr, message.length, Signature.fromBytes(signature.ptr, signature.length), key));
}
export function recover(recoveryId: i32): void {
  const message = runtime.getNamedArgBytes("message");
  const signature = runtime.getNamedArgBytes("signature");
  const r = cryptography.recoverSecp256k1(message.ptr, message.length, Signature.fromBytes(signature.ptr, signature.length), <u8>recoveryId);
  emit<bool>(r.isOk);
  if (r.isOk) emit<PublicKey>(r.unwrap());
  else emit<u32>(r.unwrapErr());
}

// ---- calls ----
export function callPackage(): void {
  const args = new RuntimeArgs().insert<u64>("n", 5);
  emit<string>(runtime.callPackageVersion<string>(changetype<ContractPackageHash>(HASH_A), 2, 3, "greet", args));
}
