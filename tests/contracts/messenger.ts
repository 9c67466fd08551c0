// Test contract (Casper 2.x only): installs through storage.newContractWithMessageTopics with topic "events"
// and offers one entry point per 2.0 host function family, for the engine tests in 2.0 mode and for the
// build's protocol marking (tests/build-protocols.test.ts, tests/engine-as-2x.test.ts). Not part of `npm run build`.
import {
  runtime,
  storage,
  cryptography,
  revert,
  Key,
  CLType,
  EntryPoint,
  EntityEntryPoints,
  EntryPointAccess,
  EntryPointType,
  MessageTopics,
  PublicKey,
  Signature,
  Digest,
  AccountHash,
  ContractHash,
  ContractPackageHash,
  Tuple3,
  Option,
  List,
  ByteArray,
  HashAlgorithm,
} from "../../assembly/index";

function check(status: u32): void {
  if (status != 0) revert(status);
}

/** emits arg `text` (String) on "events" */
export function emit(): void {
  check(runtime.emitMessage("events", runtime.getNamedArg<string>("text")));
}

/** emits arg `data` (List<U8>) as a Bytes payload on `topic` */
export function emit_bytes(): void {
  const data = runtime.getNamedArg<List<u8>>("data");
  const bytes = new ByteArray(heap.alloc(data.length), data.length);
  for (let i: u32 = 0; i < data.length; i++) store<u8>(bytes.ptr + i, data.at(i));
  check(runtime.emitMessage(runtime.getNamedArg<string>("topic"), bytes));
}

/** registers topic `topic` */
export function add_topic(): void {
  check(runtime.manageMessageTopic(runtime.getNamedArg<string>("topic")));
}

/** returns verifySignature's code for args message (ByteArray), signature (ByteArray(65)), public_key */
export function verify(): void {
  const message = runtime.getNamedArgBytes("message");
  const signature = runtime.getNamedArgBytes("signature");
  const key = runtime.getNamedArg<PublicKey>("public_key");
  runtime.ret<u32>(cryptography.verifySignature(message.ptr, message.length, Signature.fromBytes(signature.ptr, signature.length), key));
}

/** returns (blake2b, blake3, sha256) of arg data */
export function hashes(): void {
  const data = runtime.getNamedArgBytes("data");
  const b2 = cryptography.genericHash(data.ptr, data.length, HashAlgorithm.Blake2b);
  const b3 = cryptography.genericHash(data.ptr, data.length, HashAlgorithm.Blake3);
  const s2 = cryptography.genericHash(data.ptr, data.length, HashAlgorithm.Sha256);
  runtime.ret<Tuple3<Digest, Digest, Digest>>(
    new Tuple3<Digest, Digest, Digest>(changetype<Digest>(b2.ptr), changetype<Digest>(b3.ptr), changetype<Digest>(s2.ptr)),
  );
}

/** returns (height, parent hash, state hash) */
export function block_info(): void {
  runtime.ret<Tuple3<u64, Digest, Digest>>(new Tuple3<u64, Digest, Digest>(runtime.getBlockHeight(), runtime.getParentBlockHash(), runtime.getStateHash()));
}

/** returns the protocol version (major, minor, patch) */
export function protocol_version(): void {
  const v = runtime.getProtocolVersion();
  runtime.ret<Tuple3<u32, u32, u32>>(new Tuple3<u32, u32, u32>(v.major, v.minor, v.patch));
}

/** returns (initiator, immediate caller's package, immediate caller's account) */
export function callers(): void {
  const initiator = runtime.getCallInitiator().unwrapOrRevert();
  const immediate = runtime.getImmediateCallerInfo().unwrapOrRevert();
  runtime.ret<Tuple3<AccountHash, Option<ContractPackageHash>, Option<AccountHash>>>(
    new Tuple3<AccountHash, Option<ContractPackageHash>, Option<AccountHash>>(
      initiator,
      Option.fromNullable<ContractPackageHash>(immediate.contractPackageHash),
      Option.fromNullable<AccountHash>(immediate.accountHash),
    ),
  );
}

export function call(): void {
  const entryPoints = new EntityEntryPoints()
    .addEntryPoint(new EntryPoint("emit", CLType.Unit, EntryPointAccess.Public, EntryPointType.Called).param("text", CLType.String))
    .addEntryPoint(
      new EntryPoint("emit_bytes", CLType.Unit, EntryPointAccess.Public, EntryPointType.Called)
        .param("topic", CLType.String)
        .param("data", CLType.list(CLType.U8)),
    )
    .addEntryPoint(new EntryPoint("add_topic", CLType.Unit, EntryPointAccess.Public, EntryPointType.Called).param("topic", CLType.String))
    .addEntryPoint(new EntryPoint("verify", CLType.U32, EntryPointAccess.Public, EntryPointType.Called))
    .addEntryPoint(new EntryPoint("hashes", CLType.Any, EntryPointAccess.Public, EntryPointType.Called))
    .addEntryPoint(new EntryPoint("block_info", CLType.Any, EntryPointAccess.Public, EntryPointType.Called))
    .addEntryPoint(new EntryPoint("protocol_version", CLType.Any, EntryPointAccess.Public, EntryPointType.Called))
    .addEntryPoint(new EntryPoint("callers", CLType.Any, EntryPointAccess.Public, EntryPointType.Called));
  const topics = new MessageTopics().add("events");
  const installed = storage.newContractWithMessageTopics(entryPoints, null, "messenger_package", "messenger_access", topics);
  runtime.putKey("messenger", Key.hash(installed.contractHash));
}
