// casper-as contract API: import everything from here.
//   import { runtime, storage, account, system, PublicKey, U512, RuntimeArgs } from "../index";
import * as runtime from "./runtime";
import * as storage from "./storage";
import * as account from "./account";
import * as system from "./system";
import * as cryptography from "./cryptography";
export { runtime, storage, account, system, cryptography };
export { ApiError, revert, unwrapOrRevert } from "./errors";
export { CASPER_2X } from "./protocol";
export { Writer } from "./bytes/writer";
export { Reader } from "./bytes/reader";
export { encode, decode, writeCLType, clTypeOf, equals } from "./bytes/codec";
export { CLType, CLTypeTag } from "./types/cl_type";
export { Unit } from "./types/unit";
export { U512 } from "./types/u512";
export { u128 as U128, u256 as U256 } from "as-bignum/assembly";
export { ByteArray, Bytes32, AccountHash, ContractHash, ContractPackageHash, Digest } from "./types/byte_array";
export { ProtocolVersion } from "./types/protocol_version";
export { Signature } from "./types/signature";
export { CallStackElement, CallStackElementTag, CallerInfo, CallerInfoKind, CallerInfoField } from "./types/caller";
export { HashAlgorithm } from "./cryptography";
export { URef, AccessRights } from "./types/uref";
export { Key, KeyTag } from "./types/key";
export { PublicKey, PublicKeyTag } from "./types/public_key";
export { Option } from "./types/option";
export { Result } from "./types/result";
export { List } from "./types/list";
export { Map } from "./types/map";
export { NamedKeys } from "./types/named_keys";
export { Tuple1, Tuple2, Tuple3 } from "./types/tuple";
export { CLValue } from "./types/cl_value";
export { RuntimeArgs } from "./types/runtime_args";
export { EntryPoint, EntryPoints, EntityEntryPoints, EntryPointAccess, EntryPointType, EntryPointPayment, Parameter } from "./types/entry_points";
export { MessageTopics, MessageTopicOperation } from "./types/message_topics";
export { ensure, ensureOr, fail } from "./require";
export { checkedAdd, checkedSub, checkedMul, saturatingAdd, saturatingSub, maxOf, isZero, compareNumbers } from "./checked";
export {
  newURefBytes,
  newURefCLValue,
  writeBytes,
  writeCLValue,
  dictionaryGetAt,
  dictionaryPutAt,
  dictionaryPutBytesAt,
  dictionaryKey,
  readNamed,
  readURef,
  clValueOfBytes,
} from "./storage_bytes";
export * from "./contract/index";
