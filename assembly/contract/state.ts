// A class-form contract's state: each field is a named key of the contract. A value field (`total_supply:
// U256`) is a URef holding the value; a @namedKey field (`package_hash: Key`) is the named key itself; a
// Mapping field is a dictionary. The build turns each field into accessors over a NamedSlot: a static
// slot with the name and, once looked up, the URef, so that one call reads a named key at most once.
import { ApiError, revert } from "../errors";
import { HOST_OUT } from "../bytes/scratch";
import { Key } from "../types/key";
import { URef } from "../types/uref";
import * as env from "../env";
import { getKeyNamed, removeKeyNamed } from "../runtime";
import { newURef, write } from "../storage";
import { readURef } from "../storage_bytes";
import { decodeHostBuffer } from "../runtime";
import { isInstalling, putContractKey } from "./install";

/** A static slot the build reserves per field: the name (made by nameBytes) and the URef once known (0 before). */
@unmanaged
export class NamedSlot {
  name: usize;
  uref: usize;
}

/** The slot at `at` (8 static bytes) for the name `name`. */
// @ts-ignore: decorator
@inline export function slotAt(at: usize, name: usize): NamedSlot {
  const s = changetype<NamedSlot>(at);
  s.name = name;
  return s;
}

/**
 * The URef of the slot's named key, or 0 when there is none (not yet created in this install, or no such
 * key in the current context). A key that is not a URef reverts with UnexpectedKeyVariant (9).
 */
export function slotURef(s: NamedSlot): usize {
  let u = s.uref;
  if (u == 0 && !isInstalling()) {
    const key = getKeyNamed(s.name);
    if (key !== null) {
      const uref = key.intoURef();
      if (uref === null) revert(ApiError.UnexpectedKeyVariant);
      u = changetype<usize>(uref);
      s.uref = u;
    }
  }
  return u;
}

/** The slot's URef; reverts with MissingKey (24) when there is none (cep18 utils.rs get_uref). */
export function requireURef(s: NamedSlot): URef {
  const u = slotURef(s);
  if (u == 0) revert(ApiError.MissingKey);
  return changetype<URef>(u);
}

/** A value field's value (cep18 utils.rs read_from: no value: None (1); bytes that are not one T: their bytesrepr error). */
export function readField<T>(s: NamedSlot): T {
  return readURef<T>(requireURef(s));
}

/**
 * Sets a value field: writes its URef, or, when it has none yet (installing, or a new key), stores the
 * value in a new URef named after the field in the contract's named keys.
 */
export function writeField<T>(s: NamedSlot, value: T): void {
  const u = slotURef(s);
  if (u != 0) {
    write<T>(changetype<URef>(u), value);
    return;
  }
  const uref = newURef<T>(value);
  putContractKey(s.name, Key.uref(uref));
  s.uref = changetype<usize>(uref);
}

/** A @namedKey field: the named key itself; MissingKey (24) when absent. */
export function readNamedKeyField(name: usize): Key {
  const key = isInstalling() ? null : getKeyNamed(name);
  if (key === null) revert(ApiError.MissingKey);
  return key!;
}

/** A @namedKey field typed `Key | null`: null when absent. */
export function readOptionalNamedKeyField(name: usize): Key | null {
  return isInstalling() ? null : getKeyNamed(name);
}

/** Sets a @namedKey field (put_key in the contract's named keys). */
export function writeNamedKeyField(name: usize, key: Key): void {
  putContractKey(name, key);
}

/** Sets a @namedKey field typed `Key | null`: null removes the named key (remove_key). */
export function writeOptionalNamedKeyField(name: usize, key: Key | null): void {
  if (key !== null) putContractKey(name, key);
  else if (!isInstalling()) removeKeyNamed(name);
}

/**
 * Creates the dictionary of a Mapping field: a new seed URef named after the field in the contract's
 * named keys (what Rust's storage::new_dictionary does, put_key included).
 */
export function createDictionary(s: NamedSlot): void {
  const status = env.casper_new_dictionary(HOST_OUT);
  if (status != 0) revert(<u32>status);
  const uref = decodeHostBuffer<URef>(load<u32>(HOST_OUT));
  putContractKey(s.name, Key.uref(uref));
  s.uref = changetype<usize>(uref);
}
