// What the code the build generates for a class-form contract calls (scripts/build/transform): one
// import, `import * as __casper from ".../contract/generated"`, whatever names the contract itself uses.
// Not for contracts to import.
export { nameBytes } from "../bytes/names";
export { Writer } from "../bytes/writer";
export { encode } from "../bytes/codec";
export { Key } from "../types/key";
export { Unit } from "../types/unit";
export { RuntimeArgs } from "../types/runtime_args";
export { ApiError } from "../errors";
export { CASPER_2X } from "../protocol";
export { namedArg, ret, callContractNamed, hasKeyNamed, putKeyNamed } from "../runtime";
export { argWithCodesAt, optionalArgAt, argOrAt, ARG_ABSENT } from "./args";
export { NamedSlot, slotAt, readField, writeField, readNamedKeyField, readOptionalNamedKeyField, writeNamedKeyField, writeOptionalNamedKeyField, createDictionary } from "./state";
export {
  beginInstall,
  endInstall,
  createPackage,
  packageHashOf,
  accessURefOf,
  addVersion,
  addEntityVersion,
  endTopics,
  contractHashOf,
  versionOf,
  createGroup,
  upgrade,
  nameInstalled,
  nameStart,
  nameText,
  nameArg,
  nameEnd,
} from "./install";
export { AutoItemKey, TextItemKey, Base64ItemKey, HexItemKey, HashItemKey } from "./mapping";
