// The context of one call frame: whose code runs (base key), its named keys and URef access rights,
// its args, and the global-state operations with their checks, as casper-node v1.5.8
// core/runtime_context/mod.rs defines them (validate_readable/addable/writeable, forged-reference
// checks, metered writes, named keys, associated keys, dictionaries).

import type { Account } from "../bytesrepr/account.ts";
import { CLT, clTypeEquals, clTypeToString, clTuple2 } from "../bytesrepr/cl-type.ts";
import { type CLValue, clv, encodeCLValue, readCLValue } from "../bytesrepr/cl-value.ts";
import type { Contract, ContractPackage } from "../bytesrepr/contract.ts";
import type { EntryPointType } from "../bytesrepr/entry-points.ts";
import { bytesEqual, toHex } from "../bytesrepr/hex.ts";
import {
  AccessRights, type Key, KeyTag, type URef, accessRightsName, accountKey, balanceKey, dictionaryKey, displayKey,
  displayURef, encodeKey, formatKey, hashKey, type KeyWithId, keyAsHash, keyAsURef, keysEqual, readKey, urefKey,
} from "../bytesrepr/key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import type { NamedArg } from "../bytesrepr/runtime-args.ts";
import { type StoredValue, storedValueSerializedLength, storedValueTypeName } from "../bytesrepr/stored-value.ts";
import { utf8Encode } from "../bytesrepr/utf8.ts";
import { ByteWriter } from "../bytesrepr/writer.ts";
import { blake2b256 } from "../crypto/hash.ts";
import { AddError } from "../state/tracking-copy.ts";
import { ContextAccessRights } from "./access-rights.ts";
import { availableOf, heldAmount } from "./balance-holds.ts";
import { ExecError, execErrors } from "./errors.ts";
import type { Execution } from "./execution.ts";
import { ACCOUNT_CONTEXT_RULES } from "./protocol/account-context.ts";
import { type AccessingContext, KEY_ACCESS_RULES, type KeyAccessRules } from "./protocol/key-access.ts";
import { rulesFor } from "./protocol/by-protocol.ts";

export const DICTIONARY_ITEM_KEY_MAX_LENGTH = 128;

/** AddKeyFailure / RemoveKeyFailure / UpdateKeyFailure / SetThresholdFailure codes (account.rs). */
export const AddKeyFailure = { MaxKeysLimit: 1, DuplicateKey: 2, PermissionDenied: 3 } as const;
export const RemoveKeyFailure = { MissingKey: 1, PermissionDenied: 2, ThresholdViolation: 3 } as const;
export const UpdateKeyFailure = { MissingKey: 1, PermissionDenied: 2, ThresholdViolation: 3 } as const;
export const SetThresholdFailure = { KeyManagementThreshold: 1, DeploymentThreshold: 2, PermissionDeniedError: 3, InsufficientTotalWeight: 4 } as const;

/** A key-management failure the host function returns to wasm as its number. */
export class KeyManagementFailure extends Error {
  constructor(readonly code: number) {
    super(`key management failure ${code}`);
  }
}

const NAMED_KEY_TYPE = clTuple2(CLT.String, CLT.Key);

export class RuntimeContext {
  constructor(
    readonly exec: Execution,
    /** the account or contract whose context this is */
    readonly baseKey: Key,
    readonly entryPointType: EntryPointType,
    /** this context's named keys (a working copy; put_key also writes them to global state) */
    public namedKeys: Map<string, Key>,
    readonly accessRights: ContextAccessRights,
    public args: readonly NamedArg[],
    /** main purse spending limit: the deploy's `amount` arg (runtime_context remaining_spending_limit) */
    public remainingSpendingLimit: bigint,
  ) {}

  /**
   * 2.0 runtime_context `payment_purse`: set when this frame gets the payment purse from handle
   * payment, inherited by the frames it calls afterwards (new_from_self), never passed back up.
   */
  paymentPurse: URef | undefined;

  newFromSelf(baseKey: Key, entryPointType: EntryPointType, namedKeys: Map<string, Key>, accessRights: ContextAccessRights, args: readonly NamedArg[]): RuntimeContext {
    const child = new RuntimeContext(this.exec, baseKey, entryPointType, namedKeys, accessRights, args, this.remainingSpendingLimit);
    child.paymentPurse = this.paymentPurse;
    return child;
  }

  get account(): Account {
    return this.exec.account;
  }

  /** `get_caller`: the deploy's account, whatever the depth. */
  get caller(): Uint8Array {
    return this.exec.account.accountHash;
  }

  // ---- access checks ---------------------------------------------------------------------------

  validateURef(u: URef): void {
    if (!this.accessRights.has(u)) throw execErrors.forgedReference(displayURef(u));
  }

  validateKey(key: Key): void {
    const u = keyAsURef(key);
    if (u) this.validateURef(u);
  }

  /** Who may read, add to or write which keys is a protocol rule (protocol/key-access.ts). */
  private accessing: { rules: KeyAccessRules; ctx: AccessingContext } | undefined;

  private keyAccess(): { rules: KeyAccessRules; ctx: AccessingContext } {
    if (this.accessing) return this.accessing;
    const base = this.baseKey;
    const exec = this.exec;
    const isSystem = () => {
      const h = keyAsHash(base);
      return h !== undefined && exec.systemContractName(h) !== undefined;
    };
    return (this.accessing = { rules: rulesFor(KEY_ACCESS_RULES, exec.config.protocol), ctx: { baseKey: base, isSystem } });
  }

  isReadable(key: Key): boolean {
    const { rules, ctx } = this.keyAccess();
    return rules.readable(key, ctx);
  }

  isAddable(key: Key): boolean {
    const { rules, ctx } = this.keyAccess();
    return rules.addable(key, ctx);
  }

  isWriteable(key: Key): boolean {
    const { rules, ctx } = this.keyAccess();
    return rules.writeable(key, ctx);
  }

  private validateReadable(key: Key): void {
    if (!this.isReadable(key)) throw execErrors.invalidAccess(accessRightsName(AccessRights.READ));
  }

  private validateAddable(key: Key): void {
    if (!this.isAddable(key)) throw execErrors.invalidAccess(accessRightsName(AccessRights.ADD));
  }

  private validateWriteable(key: Key): void {
    if (!this.isWriteable(key)) throw execErrors.invalidAccess(accessRightsName(AccessRights.WRITE));
  }

  /** `validate_cl_value`: only a top-level Key, URef or (String, Key) is checked for forgery. */
  validateCLValue(v: CLValue): void {
    const t = v.clType;
    try {
      if (t.kind === "Key") this.validateKey(decodeExact(v, (r) => readKey(r)));
      else if (t.kind === "URef") this.validateKey(urefKey(decodeExact(v, (r) => readURefOnly(r))));
      else if (clTypeEquals(t, NAMED_KEY_TYPE)) {
        this.validateKey(decodeExact(v, (r) => (r.string(), readKey(r))));
      }
    } catch (e) {
      if (e instanceof ExecError) throw e;
      throw execErrors.clValue(`CLValue error: ${(e as Error).message}`);
    }
  }

  /** `validate_value`: CLValues as above; an Account's or Contract's named keys. */
  validateValue(v: StoredValue): void {
    if (v.kind === "CLValue") this.validateCLValue(v.value);
    else if (v.kind === "Account") for (const k of v.account.namedKeys.values()) this.validateKey(k);
    else if (v.kind === "Contract") for (const k of v.contract.namedKeys.values()) this.validateKey(k);
  }

  // ---- reads -------------------------------------------------------------------------------------

  /** `read_gs`: checked read; dictionary entries are unwrapped to their CLValue. `id`: the key's keyId when the caller has it. */
  readGs(key: Key, id?: string): StoredValue | undefined {
    this.validateReadable(key);
    this.validateKey(key);
    const v = id === undefined ? this.exec.state.read(key) : this.exec.state.readById(id);
    if (!v) return undefined;
    return key.tag === KeyTag.Dictionary ? unwrapDictionaryValue(v) : v;
  }

  /** `read_gs_direct`: no access checks (used by the system for balances). */
  readGsDirect(key: Key): StoredValue | undefined {
    return this.exec.state.read(key);
  }

  readContract(hash: Uint8Array): Contract {
    const v = this.readGsTyped(hashKey(hash), "Contract");
    return (v as Extract<StoredValue, { kind: "Contract" }>).contract;
  }

  readContractPackage(hash: Uint8Array): ContractPackage {
    const v = this.readGsTyped(hashKey(hash), "ContractPackage");
    return (v as Extract<StoredValue, { kind: "ContractPackage" }>).pkg;
  }

  /** `read_gs_typed`: KeyNotFound if absent, FunctionNotFound("Type mismatch ...") if another kind. */
  readGsTyped(key: Key, kind: StoredValue["kind"]): StoredValue {
    const v = this.readGs(key);
    if (!v) throw execErrors.keyNotFound(displayKey(key));
    if (v.kind !== kind) {
      throw execErrors.functionNotFound(`Type mismatch for value under ${displayKey(key)}: expected ${kind}, found ${storedValueTypeName(v)}`);
    }
    return v;
  }

  // ---- writes ------------------------------------------------------------------------------------

  /** runtime_context charge_gas_storage: nothing is charged while a system contract runs */
  private get chargesStorage(): boolean {
    if (!this.exec.meter.metersStorage) return false;
    if (this.systemContext === undefined) {
      const h = keyAsHash(this.baseKey);
      this.systemContext = h !== undefined && this.exec.systemContractName(h) !== undefined;
    }
    return !this.systemContext;
  }
  private systemContext: boolean | undefined;

  private chargeStorage(value: StoredValue): void {
    if (this.chargesStorage) this.exec.meter.chargeStorage(storedValueSerializedLength(value));
  }

  /** `prune_gs_unsafe` (2.0): the key is deleted when the execution's effects are committed; not charged. */
  pruneGsUnsafe(key: Key, id?: string): void {
    this.exec.state.prune(key, id);
  }

  /** `metered_write_gs_unsafe`: the ONE point where metered writes reach the tracking copy. */
  writeGsUnsafe(key: Key, value: StoredValue): void {
    this.chargeStorage(value);
    this.exec.state.write(key, value);
  }

  /**
   * `metered_emit_message` (2.0): a message's records as tracking_copy `emit_message` writes them (its
   * checksum, its topic's summary, the block's count), paid for by one storage charge of their summed
   * serialized lengths (`bytes`). Keys come with their ids.
   */
  writeMessageRecords(bytes: number, checksum: KeyWithId, checksumValue: StoredValue, topic: KeyWithId, summaryValue: StoredValue, count: KeyWithId, countValue: StoredValue): void {
    if (this.chargesStorage) this.exec.meter.chargeStorage(bytes);
    const state = this.exec.state;
    state.write(checksum.key, checksumValue, checksum.id);
    state.write(topic.key, summaryValue, topic.id);
    state.write(count.key, countValue, count.id);
  }

  /** `metered_write_gs`: writeable URef, not forged, value not carrying forged keys. */
  writeGs(key: Key, value: StoredValue): void {
    this.validateWriteable(key);
    this.validateKey(key);
    this.validateValue(value);
    this.writeGsUnsafe(key, value);
  }

  addGsUnsafe(key: Key, value: StoredValue): void {
    this.chargeStorage(value);
    try {
      this.exec.state.add(key, value);
    } catch (e) {
      if (!(e instanceof AddError)) throw e;
      if (e.reason === "KeyNotFound") throw execErrors.keyNotFound(displayKey(key));
      if (e.reason === "TypeMismatch") throw new ExecError("TypeMismatch", e.message);
      throw execErrors.bytesRepr(e.message);
    }
  }

  /** `metered_add_gs` */
  addGs(key: Key, value: StoredValue): void {
    this.validateAddable(key);
    this.validateKey(key);
    this.validateValue(value);
    this.addGsUnsafe(key, value);
  }

  // ---- URefs and addresses -----------------------------------------------------------------------

  /** `new_uref`: a fresh READ_ADD_WRITE URef holding `value`, added to this context's rights. */
  newURef(value: StoredValue): URef {
    const u: URef = { addr: this.exec.addressGenerator.createAddress(), rights: AccessRights.READ_ADD_WRITE };
    this.accessRights.extend([u]);
    this.writeGs(urefKey(u), value);
    return u;
  }

  newUnitURef(): URef {
    return this.newURef({ kind: "CLValue", value: clv.unit() });
  }

  newHashAddress(): Uint8Array {
    return this.exec.addressGenerator.newHashAddress();
  }

  // ---- named keys --------------------------------------------------------------------------------

  /** `put_key`: add (name, key) to the base key's named keys in global state, then to the context. */
  putKey(name: string, key: Key): void {
    const value: StoredValue = { kind: "CLValue", value: namedKeyCLValue(name, key) };
    this.validateValue(value);
    this.addGsUnsafe(this.baseKey, value);
    const u = keyAsURef(key);
    if (u) this.accessRights.extend([u]);
    this.namedKeys.set(name, key);
  }

  /** `remove_key`: drop the name from the context and from the account's or contract's named keys. */
  removeKey(name: string): void {
    const base = this.baseKey;
    if (base.tag === KeyTag.Account) {
      const v = this.readGsTyped(base, "Account") as Extract<StoredValue, { kind: "Account" }>;
      const nk = new Map(v.account.namedKeys);
      nk.delete(name);
      this.namedKeys.delete(name);
      const next: StoredValue = { kind: "Account", account: { ...v.account, namedKeys: nk } };
      this.validateValue(next);
      this.writeGsUnsafe(base, next);
    } else if (base.tag === KeyTag.Hash) {
      const contract = this.readContract(base.data);
      this.namedKeys.delete(name);
      if (!contract.namedKeys.has(name)) return;
      const nk = new Map(contract.namedKeys);
      nk.delete(name);
      this.writeGsUnsafe(base, { kind: "Contract", contract: { ...contract, namedKeys: nk } });
    } else {
      this.namedKeys.delete(name);
    }
  }

  // ---- account management (only in the account's own context) -----------------------------------

  /** `is_valid_context`: the base key is the deploy's account. */
  isValidAccountContext(): boolean {
    return keysEqual(this.baseKey, accountKey(this.account.accountHash));
  }

  /** `get_main_purse`: the deploy account's main purse; which contexts get it is a protocol rule (account-context.ts). */
  getMainPurse(): URef {
    if (rulesFor(ACCOUNT_CONTEXT_RULES, this.exec.config.protocol).mainPurse === "account-context" && !this.isValidAccountContext()) {
      throw execErrors.invalidContext();
    }
    return this.account.mainPurse;
  }

  /**
   * The account a key-management operation changes, and where it lives (account-context.ts):
   * 1.5.8 the deploy's account, PermissionDenied (`denied`) outside its context; 2.0 the Account
   * under this frame's context key (`at`: the key itself, or set_action_threshold's
   * Key::Account(context hash)), PermissionDenied only for a Caller-type frame outside an account.
   */
  private keyManagementTarget(denied: number, at: "context-key" | "account-key" = "context-key"): { key: Key; account: () => Account } {
    const base = this.baseKey;
    if (rulesFor(ACCOUNT_CONTEXT_RULES, this.exec.config.protocol).keyManagement === "account-context") {
      if (!this.isValidAccountContext()) throw new KeyManagementFailure(denied);
      const key = accountKey(this.account.accountHash);
      return { key, account: () => this.currentAccount() };
    }
    if (this.entryPointType === "Session" && base.tag !== KeyTag.Account) throw new KeyManagementFailure(denied);
    const key = at === "account-key" ? accountKey(base.data.subarray(0, 32)) : base;
    return {
      key,
      account: () => {
        // 2.0 Key::is_readable: accounts and contracts are readable by anyone
        const v = this.readGsDirect(key);
        if (!v) throw execErrors.keyNotFound(displayKey(key));
        if (v.kind !== "Account") throw execErrors.trackingCopyTypeMismatch("Account", storedValueTypeName(v));
        return v.account;
      },
    };
  }

  private currentAccount(): Account {
    const v = this.readGsTyped(accountKey(this.account.accountHash), "Account") as Extract<StoredValue, { kind: "Account" }>;
    return v.account;
  }

  private writeAccount(a: Account, key: Key = accountKey(a.accountHash)): void {
    const value: StoredValue = { kind: "Account", account: a };
    this.validateValue(value);
    this.writeGsUnsafe(key, value);
  }

  /** Weight of the deploy's approvals against this account's keys (saturating u8 sum). */
  authorizationWeight(a: Account): number {
    let total = 0;
    for (const k of this.exec.authorizationKeys) total = Math.min(255, total + (a.associatedKeys.get(k) ?? 0));
    return total;
  }

  isAuthorizedByAdmin(): boolean {
    for (const k of this.exec.authorizationKeys) if (this.exec.config.administrators.has(k)) return true;
    return false;
  }

  /** `can_manage_keys` (runtime/mod.rs): on a public chain, approvals' weight >= key management threshold. */
  canManageKeys(): boolean {
    const admins = this.exec.config.administrators;
    if (admins.size === 0) return this.authorizationWeight(this.account) >= this.account.actionThresholds.keyManagement;
    if (admins.has(toHex(this.caller))) return true;
    return this.isAuthorizedByAdmin();
  }

  addAssociatedKey(hash: Uint8Array, weight: number): void {
    const target = this.keyManagementTarget(AddKeyFailure.PermissionDenied);
    const a = target.account();
    if (a.associatedKeys.size >= this.exec.config.maxAssociatedKeys) throw new KeyManagementFailure(AddKeyFailure.MaxKeysLimit);
    const id = toHex(hash);
    if (a.associatedKeys.has(id)) throw new KeyManagementFailure(AddKeyFailure.DuplicateKey);
    const keys = new Map(a.associatedKeys);
    keys.set(id, weight);
    this.writeAccount({ ...a, associatedKeys: keys }, target.key);
  }

  removeAssociatedKey(hash: Uint8Array): void {
    const target = this.keyManagementTarget(RemoveKeyFailure.PermissionDenied);
    if (this.authorizationWeight(this.account) < this.account.actionThresholds.keyManagement) {
      throw new KeyManagementFailure(RemoveKeyFailure.PermissionDenied);
    }
    const a = target.account();
    const id = toHex(hash);
    if (a.associatedKeys.has(id)) {
      // account.rs can_remove_key: the remaining weight must still meet both thresholds
      const without = totalWeightExcluding(a, id);
      if (without < a.actionThresholds.deployment || without < a.actionThresholds.keyManagement) {
        throw new KeyManagementFailure(RemoveKeyFailure.ThresholdViolation);
      }
    } else {
      throw new KeyManagementFailure(RemoveKeyFailure.MissingKey);
    }
    const keys = new Map(a.associatedKeys);
    keys.delete(id);
    this.writeAccount({ ...a, associatedKeys: keys }, target.key);
  }

  updateAssociatedKey(hash: Uint8Array, weight: number): void {
    const target = this.keyManagementTarget(UpdateKeyFailure.PermissionDenied);
    if (this.authorizationWeight(this.account) < this.account.actionThresholds.keyManagement) {
      throw new KeyManagementFailure(UpdateKeyFailure.PermissionDenied);
    }
    const a = target.account();
    const id = toHex(hash);
    const current = a.associatedKeys.get(id);
    if (current === undefined) throw new KeyManagementFailure(UpdateKeyFailure.MissingKey);
    if (weight < current) {
      // account.rs can_update_key: lowering a weight must keep both thresholds reachable
      const total = Math.min(255, totalWeightExcluding(a, id) + weight);
      if (total < a.actionThresholds.deployment || total < a.actionThresholds.keyManagement) {
        throw new KeyManagementFailure(UpdateKeyFailure.ThresholdViolation);
      }
    }
    const keys = new Map(a.associatedKeys);
    keys.set(id, weight);
    this.writeAccount({ ...a, associatedKeys: keys }, target.key);
  }

  /** action 0 = Deployment, 1 = KeyManagement (account/action_type.rs); 2.0's UpgradeManagement (2) is InvalidContext on an account. */
  setActionThreshold(action: number, threshold: number): void {
    const target = this.keyManagementTarget(SetThresholdFailure.PermissionDeniedError, "account-key");
    const a = target.account();
    if (rulesFor(ACCOUNT_CONTEXT_RULES, this.exec.config.protocol).invalidContextActionTypes.includes(action)) throw execErrors.invalidContext();
    if (!this.isAuthorizedByAdmin()) {
      // account.rs can_set_threshold: the new threshold may not exceed the total weight
      let total = 0;
      for (const w of a.associatedKeys.values()) total = Math.min(255, total + w);
      if (threshold > total) throw new KeyManagementFailure(SetThresholdFailure.InsufficientTotalWeight);
    }
    const t = a.actionThresholds;
    if (action === 0 && threshold > t.keyManagement) throw new KeyManagementFailure(SetThresholdFailure.DeploymentThreshold);
    if (action === 1 && t.deployment > threshold) throw new KeyManagementFailure(SetThresholdFailure.KeyManagementThreshold);
    const next = action === 0 ? { ...t, deployment: threshold } : { ...t, keyManagement: threshold };
    this.writeAccount({ ...a, actionThresholds: next }, target.key);
  }

  // ---- packages ------------------------------------------------------------------------------------

  /** `get_validated_contract_package`: the caller must hold the package's access key. */
  getValidatedContractPackage(packageHash: Uint8Array): ContractPackage {
    const key = hashKey(packageHash);
    this.validateKey(key);
    const pkg = this.readContractPackage(packageHash);
    if (!this.isAuthorizedByAdmin()) this.validateURef(pkg.accessKey);
    return pkg;
  }

  // ---- dictionaries ------------------------------------------------------------------------------

  dictionaryGet(seed: URef, itemKey: string): CLValue | undefined {
    const k = urefKey(seed);
    this.validateReadable(k);
    this.validateKey(k);
    const itemBytes = utf8Encode(itemKey);
    if (itemBytes.length > DICTIONARY_ITEM_KEY_MAX_LENGTH) throw execErrors.dictionaryItemKeyExceedsLength();
    return this.dictionaryRead(dictionaryAddress(seed.addr, itemBytes));
  }

  dictionaryRead(key: Key): CLValue | undefined {
    const v = this.exec.state.read(key);
    if (!v) return undefined;
    const unwrapped = key.tag === KeyTag.Dictionary ? unwrapDictionaryValue(v) : v;
    if (unwrapped.kind !== "CLValue") {
      throw new ExecError("TypeMismatch", `Type mismatch. Expected CLValue but found ${storedValueTypeName(unwrapped)}.`);
    }
    return unwrapped.value;
  }

  dictionaryPut(seed: URef, itemKey: string, value: CLValue): void {
    const itemBytes = utf8Encode(itemKey);
    if (itemBytes.length > DICTIONARY_ITEM_KEY_MAX_LENGTH) throw execErrors.dictionaryItemKeyExceedsLength();
    this.validateWriteable(urefKey(seed));
    this.validateURef(seed);
    this.validateCLValue(value);
    const wrapped = wrapDictionaryValue(value, seed.addr, itemBytes);
    this.writeGsUnsafe(dictionaryAddress(seed.addr, itemBytes), { kind: "CLValue", value: wrapped });
  }

  // ---- balances ------------------------------------------------------------------------------------

  /**
   * The available balance (2.0 `available_balance`): the total less any hold this phase placed on
   * the purse (none in 1.5.8, where it is the total).
   */
  availableBalance(purse: URef): bigint | undefined {
    const total = this.readBalance(purse);
    if (total === undefined) return undefined;
    // 2.0: less the purse's balance hold (a processing hold of the running transaction's cost)
    return availableOf(total, heldAmount(this.exec.state, purse.addr, this.exec.blocktime));
  }

  /** The balance under Key::Balance(purse address), or undefined if no such purse. */
  readBalance(purse: URef): bigint | undefined {
    const v = this.readGsDirect(balanceKey(purse.addr));
    if (!v) return undefined;
    if (v.kind !== "CLValue" || v.value.clType.kind !== "U512") throw new ExecError("UnexpectedStoredValueVariant", "Unexpected variant of a stored value");
    return decodeExact(v.value, (r) => r.bigUint(64, "U512"));
  }
}

function totalWeightExcluding(a: Account, id: string): number {
  let total = 0;
  for (const [k, w] of a.associatedKeys) if (k !== id) total = Math.min(255, total + w);
  return total;
}

function readURefOnly(r: ByteReader): URef {
  const addr = r.raw(32, "URef.addr");
  const rights = r.u8("URef.access_rights");
  if (rights > 7) throw new Error(`invalid access rights bits ${rights}`);
  return { addr, rights };
}

function decodeExact<T>(v: CLValue, read: (r: ByteReader) => T): T {
  const r = new ByteReader(v.bytes);
  const out = read(r);
  r.expectEnd(clTypeToString(v.clType));
  return out;
}

export function namedKeyCLValue(name: string, key: Key): CLValue {
  const w = new ByteWriter(40 + name.length);
  w.string(name).raw(encodeKey(key));
  return { clType: NAMED_KEY_TYPE, bytes: w.toBytes() };
}

/** Key::dictionary (key.rs): blake2b-256(seed URef address ++ item key bytes). */
export function dictionaryAddress(seedAddr: Uint8Array, itemKeyBytes: Uint8Array): Key {
  return dictionaryKey(blake2b256(seedAddr, itemKeyBytes));
}

/** DictionaryValue (runtime_context/dictionary.rs): (CLValue, seed addr Bytes, item key Bytes) as a CLValue of type Any. */
export function wrapDictionaryValue(value: CLValue, seedAddr: Uint8Array, itemKeyBytes: Uint8Array): CLValue {
  const w = new ByteWriter(value.bytes.length + 80);
  w.raw(encodeCLValue(value)).lengthPrefixed(seedAddr).lengthPrefixed(itemKeyBytes);
  return { clType: CLT.Any, bytes: w.toBytes() };
}

/** `handle_stored_value`: a CLValue under a Key::Dictionary is a DictionaryValue; return the inner value. */
export function unwrapDictionaryValue(v: StoredValue): StoredValue {
  if (v.kind !== "CLValue") return v;
  if (v.value.clType.kind !== "Any") {
    throw execErrors.clValue(`CLValue error: type mismatch: expected Any, found ${clTypeToString(v.value.clType)}`);
  }
  const r = new ByteReader(v.value.bytes);
  const inner = readCLValue(r, "DictionaryValue.cl_value");
  r.lengthPrefixed("DictionaryValue.seed_uref_addr");
  r.lengthPrefixed("DictionaryValue.dictionary_item_key_bytes");
  r.expectEnd("DictionaryValue");
  return { kind: "CLValue", value: inner };
}

export { formatKey, bytesEqual };
