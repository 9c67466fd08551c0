// casper-as contract API: import everything from here.
//   import { runtime, storage, account, system, PublicKey, U512, RuntimeArgs } from "../index";
import * as runtime from "./runtime";
import * as storage from "./storage";
import * as account from "./account";
import * as system from "./system";
export { runtime, storage, account, system };
export { ApiError, revert, unwrapOrRevert } from "./errors";
export { Writer } from "./bytes/writer";
export { Reader } from "./bytes/reader";
export { encode, decode, writeCLType, clTypeOf, equals } from "./bytes/codec";
export { CLType, CLTypeTag } from "./types/cl_type";
export { Unit } from "./types/unit";
export { U512 } from "./types/u512";
export { u128 as U128, u256 as U256 } from "as-bignum/assembly";
export { ByteArray, Bytes32, AccountHash, ContractHash, ContractPackageHash } from "./types/byte_array";
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
export { EntryPoint, EntryPoints, EntryPointAccess, EntryPointType, Parameter } from "./types/entry_points";
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
export { addMessageTopic, emitMessageString, emitMessageBytes } from "./messages";
export * from "./contract/index";
