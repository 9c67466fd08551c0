// One call frame: a running wasm instance (or a native system contract) with its context, host
// buffer and call stack (casper-node v1.5.8 core/runtime/mod.rs `Runtime`). Contract calls create a
// child Runtime; errors propagate up and end the whole execution, as on chain.

import { type CLValue, clv, clValueInto, readCLValue } from "../bytesrepr/cl-value.ts";
import { extractURefs, attenuateURefs } from "../bytesrepr/cl-value-urefs.ts";
import { CLT, clTypeEquals, clTypeToString } from "../bytesrepr/cl-type.ts";
import type { Contract, ContractPackage } from "../bytesrepr/contract.ts";
import { currentContractVersion, isContractEnabled, isVersionDisabled, lookupContractHash } from "../bytesrepr/contract.ts";
import type { EntryPoint } from "../bytesrepr/entry-points.ts";
import { BytesreprError } from "../bytesrepr/errors.ts";
import { toHex } from "../bytesrepr/hex.ts";
import { AccessRights, type Key, type URef, accountKey, hashKey, keyAsHash, keysEqual, readURef } from "../bytesrepr/key.ts";
import { SYSTEM_ACCOUNT_HASH } from "../bytesrepr/public-key.ts";
import { ByteReader } from "../bytesrepr/reader.ts";
import type { NamedArg } from "../bytesrepr/runtime-args.ts";
import { utf8DecodeStrict } from "../bytesrepr/utf8.ts";
import { ContextAccessRights } from "./access-rights.ts";
import { ApiErrorCode, HandlePaymentError, apiError } from "./api-error.ts";
import { type CallStackElement, RuntimeStack } from "./call-stack.ts";
import { RuntimeContext } from "./context.ts";
import { buildImports } from "./dispatch.ts";
import { ExecError, execErrors, toExecError } from "./errors.ts";
import { acquireMemory, releaseMemory } from "./memory-pool.ts";
import { NO_SUCH_ENTRY_POINT } from "./meter.ts";
import { noteWasmExit } from "./wasm-stack.ts";
import type { LoadedModule } from "./modules.ts";
import { rulesFor } from "./protocol/by-protocol.ts";
import { CONTRACT_CALL_RULES, type ContractCallRules } from "./protocol/contract-calls.ts";

/** Thrown by casper_ret: unwinds the wasm, carrying the URefs returned (execution::Error::Ret). */
export class RetSignal extends Error {
  constructor(readonly urefs: readonly URef[]) {
    super("Return");
  }
}

type CallTarget =
  | { readonly kind: "contract"; readonly contractHash: Uint8Array }
  | { readonly kind: "package"; readonly packageHash: Uint8Array; readonly version: number | undefined }
  | { readonly kind: "packageVersion"; readonly packageHash: Uint8Array; readonly major: number; readonly version: number };

export class Runtime {
  hostBuffer: CLValue | undefined;
  memory: WebAssembly.Memory | undefined;
  private view: Uint8Array | undefined;
  /** the module running in this frame (add_contract_version stores it) */
  loaded: LoadedModule | undefined;
  /** the export it runs (for error locations) */
  entryPoint = "";
  /** > 0 while a host function runs system contract calls on the wasm's behalf (host_function_flag.rs) */
  hostScope: number;

  constructor(
    public context: RuntimeContext,
    public stack: RuntimeStack,
    /** 0 for the deploy's own code, +1 per nested call (for traces) */
    readonly depth: number,
    hostScope = 0,
  ) {
    this.hostScope = hostScope;
  }

  get exec() {
    return this.context.exec;
  }

  // ---- wasm memory ---------------------------------------------------------------------------------

  mem(): Uint8Array {
    // a view goes stale (length 0) when memory.grow detaches the old buffer
    if (!this.view || this.view.byteLength === 0) {
      if (!this.memory) throw execErrors.wasmPreprocessing("Memory section should exist");
      this.view = new Uint8Array(this.memory.buffer);
    }
    return this.view;
  }

  /** checked_memory_slice: an out-of-bounds region is an interpreter (memory) error. */
  region(ptr: number, size: number): Uint8Array {
    const start = this.memIndex(ptr, size);
    return this.mem().subarray(start, start + (size >>> 0));
  }

  /** Where `region(ptr, size)` starts in `mem()`, after the same bounds check (no view made). */
  memIndex(ptr: number, size: number): number {
    const mem = this.mem();
    const start = ptr >>> 0;
    const end = start + (size >>> 0);
    if (end > mem.length) {
      // casper-wasmi Error::Memory; its String form is the bare message (src/lib.rs From<Error> for String)
      throw ExecError.interpreter(`trying to access region [${start}..${end}] in memory [0..${mem.length}]`);
    }
    return start;
  }

  bytesFromMem(ptr: number, size: number): Uint8Array {
    const start = this.memIndex(ptr, size);
    return this.mem().slice(start, start + (size >>> 0));
  }

  setMem(ptr: number, bytes: Uint8Array): void {
    this.region(ptr, bytes.length).set(bytes);
  }

  writeU32(ptr: number, v: number): void {
    const b = this.region(ptr, 4);
    b[0] = v & 0xff;
    b[1] = (v >>> 8) & 0xff;
    b[2] = (v >>> 16) & 0xff;
    b[3] = (v >>> 24) & 0xff;
  }

  /** Some host functions write a `usize` (8 bytes on the node's x86_64 host), not a u32. */
  writeUsize(ptr: number, v: number): void {
    const b = this.region(ptr, 8);
    b.fill(0);
    b[0] = v & 0xff;
    b[1] = (v >>> 8) & 0xff;
    b[2] = (v >>> 16) & 0xff;
    b[3] = (v >>> 24) & 0xff;
  }

  /** t_from_mem: decode exactly `size` bytes; a decoding failure is a BytesRepr execution error. */
  fromMem<T>(ptr: number, size: number, what: string, read: (r: ByteReader) => T): T {
    // a copy: decoded values keep views into these bytes, and the memory is reused after the call
    return this.fromBytes(this.bytesFromMem(ptr, size), what, read);
  }

  /** Decode bytes already copied out of memory (BytesRepr execution error on failure). */
  fromBytes<T>(bytes: Uint8Array, what: string, read: (r: ByteReader) => T): T {
    try {
      const r = new ByteReader(bytes);
      const v = read(r);
      r.expectEnd(what);
      return v;
    } catch (e) {
      if (e instanceof BytesreprError) throw execErrors.bytesRepr(e.message);
      throw e;
    }
  }

  stringFromMem(ptr: number, size: number, what = "String"): string {
    return this.fromMem(ptr, size, what, (r) => r.string(what));
  }

  clValueFromMem(ptr: number, size: number): CLValue {
    return this.fromMem(ptr, size, "CLValue", (r) => readCLValue(r));
  }

  // ---- host buffer ---------------------------------------------------------------------------------

  canWriteHostBuffer(): boolean {
    return this.hostBuffer === undefined;
  }

  takeHostBuffer(): CLValue | undefined {
    const v = this.hostBuffer;
    this.hostBuffer = undefined;
    return v;
  }

  // ---- system checks -------------------------------------------------------------------------------

  isSystemContractKey(key: Key): boolean {
    const h = keyAsHash(key);
    return h !== undefined && this.exec.systemContractName(h) !== undefined;
  }

  /** `is_system_immediate_caller`: the frame that called this one is the system account or a system contract. */
  isSystemImmediateCaller(): boolean {
    const prev = this.stack.previous();
    if (!prev) return false;
    if (prev.kind === "Session") return toHex(prev.accountHash) === toHex(SYSTEM_ACCOUNT_HASH);
    return this.exec.systemContractName(prev.contractHash) !== undefined;
  }

  /** The ONE point where a system contract entry point is charged (runtime `charge_system_contract_call`). */
  chargeSystemContractCall(contract: string, entryPoint: string): void {
    if (this.hostScope > 0 || this.isSystemImmediateCaller()) return;
    if (toHex(this.context.caller) === toHex(SYSTEM_ACCOUNT_HASH)) return;
    this.exec.meter.chargeSystem(contract, entryPoint);
  }

  inHostScope<T>(fn: () => T): T {
    this.hostScope++;
    try {
      return fn();
    } finally {
      this.hostScope--;
    }
  }

  // ---- running code --------------------------------------------------------------------------------

  /** Instantiate `loaded` with this frame as its host and run export `name`. */
  private runInstance(module: LoadedModule, name: string): RetSignal | undefined {
    // the copy with the gas counter inlined, when the meter offers an allowance and is not a profiler
    // (which attributes each block's charge from its `call $gas`)
    const meter = this.exec.meter;
    const loaded = (meter.wasmAllowance && !meter.chargeWasmIn && module.inlineGas?.()) || module;
    this.loaded = loaded;
    this.entryPoint = name;
    const memory = acquireMemory(loaded.memory);
    this.memory = memory;
    this.view = undefined;
    let detach: (() => void) | undefined;
    try {
      let instance: WebAssembly.Instance;
      try {
        const built = buildImports(this, loaded);
        detach = built.detach;
        instance = new WebAssembly.Instance(loaded.module, built.imports);
      } catch (e) {
        throw ExecError.interpreter(`Instantiation: ${(e as Error).message}`);
      }
      const fn = instance.exports[name];
      // casper-wasmi module.rs invoke_export: Error::Function, whose String form is the bare message
      if (typeof fn !== "function") throw ExecError.interpreter(`Module doesn't have export ${name}`);
      // casper-wasmi runner.rs check_function_args: the export is invoked with no arguments, so one that
      // takes parameters traps before it runs (a JS call would pass `undefined`, or throw for an i64)
      if (fn.length !== 0) throw ExecError.trap("UnexpectedSignature");
      try {
        (fn as () => void)();
        return undefined;
      } catch (e) {
        if (e instanceof RetSignal) return e;
        const error = toExecError(e);
        // a trap (or a JavaScript error) in this module: its own stack has the frames
        if (error !== e) {
          const cause = e instanceof WebAssembly.RuntimeError || e instanceof RangeError ? { kind: "trap" as const, message: (e as Error).message } : { kind: "host" as const, name: "a host function" };
          noteWasmExit(error, this, { module: loaded, entryPoint: name, depth: this.depth, cause }, e as Error);
        }
        throw error;
      }
    } finally {
      detach?.();
      this.view = undefined;
      this.memory = undefined;
      releaseMemory(loaded.memory, memory);
    }
  }

  /** Session or payment module bytes: run `call` in the account's context (execute_module_bytes). */
  executeModuleBytes(loaded: LoadedModule): CLValue {
    const mainPurse = this.context.account.mainPurse;
    this.context.args = attenuateArgs(this.context.args, mainPurse.addr);
    const ret = this.runInstance(loaded, "call");
    if (!ret) return this.takeHostBuffer() ?? clv.unit();
    const value = this.takeHostBuffer();
    if (!value) throw execErrors.expectedReturnValue();
    return value;
  }

  callContract(contractHash: Uint8Array, entryPoint: string, args: readonly NamedArg[]): CLValue {
    return this.executeContract({ kind: "contract", contractHash }, entryPoint, args);
  }

  callVersionedContract(packageHash: Uint8Array, version: number | undefined, entryPoint: string, args: readonly NamedArg[]): CLValue {
    return this.executeContract({ kind: "package", packageHash, version }, entryPoint, args);
  }

  /** Casper 2.0 casper_call_package_version: the version (major, version) of a package. */
  callPackageVersion(packageHash: Uint8Array, major: number, version: number, entryPoint: string, args: readonly NamedArg[]): CLValue {
    return this.executeContract({ kind: "packageVersion", packageHash, major, version }, entryPoint, args);
  }

  private resolve(target: CallTarget, rules: ContractCallRules): { contract: Contract; contractHash: Uint8Array; pkg: ContractPackage } {
    const ctx = this.context;
    if (target.kind === "packageVersion") return resolvePackageVersion(ctx, target.packageHash, { major: target.major, version: target.version });
    if (target.kind === "contract") {
      const contract = ctx.readContract(target.contractHash);
      const pkg = ctx.readContractPackage(contract.contractPackageHash);
      // system contract hashes stay callable whatever their package says
      if (this.exec.systemContractName(target.contractHash) === undefined && !isContractEnabled(pkg, target.contractHash)) {
        throw execErrors.disabledContract();
      }
      return { contract, contractHash: target.contractHash, pkg };
    }
    // 2.0 refuses an explicit version before reading the package (contract-calls.ts)
    if (target.version !== undefined && rules.explicitVersion === "revert") {
      throw ExecError.revert(ApiErrorCode.UnexpectedContractRefVariant, this.exec.config.protocol);
    }
    const pkg = ctx.readContractPackage(target.packageHash);
    const major = this.exec.config.protocolVersion.major;
    const key = target.version !== undefined ? { major, version: target.version } : currentContractVersion(pkg);
    if (!key) throw execErrors.noActiveContractVersions();
    const contractHash = lookupContractHash(pkg, key);
    if (!contractHash) throw execErrors.invalidContractVersion(`${key.major}.${key.version}`);
    return { contract: ctx.readContract(contractHash), contractHash, pkg };
  }

  /** `execute_contract` (runtime/mod.rs): checks, context selection, then wasm or a native system contract. */
  private executeContract(target: CallTarget, entryPointName: string, args: readonly NamedArg[]): CLValue {
    const ctx = this.context;
    const exec = this.exec;
    const rules = rulesFor(CONTRACT_CALL_RULES, exec.config.protocol);
    const { contract, contractHash, pkg } = this.resolve(target, rules);

    const entryPoint = contract.entryPoints.get(entryPointName);
    if (!entryPoint) {
      // casper-node 2.0 runtime/mod.rs execute_contract: calling a system contract's missing entry
      // point costs system_costs.no_such_entrypoint (1.5.8 has no such cost: the meter charges 0)
      const systemName = exec.systemContractName(contractHash);
      if (systemName !== undefined) this.chargeSystemContractCall(systemName, NO_SUCH_ENTRY_POINT);
      throw execErrors.noSuchMethod(entryPointName);
    }
    this.validateEntryPointAccess(pkg, entryPoint);

    if (exec.config.strictArgumentChecking) checkArgs(entryPoint, args);

    if (exec.config.administrators.size > 0 && !isContractEnabled(pkg, contractHash) && exec.systemContractName(contractHash) === undefined) {
      throw execErrors.disabledContract();
    }

    // Session (2.0: Caller) entry points run in the caller's context; Contract (Called) and Factory
    // ones in the contract's. Code in a contract's context may not call back into Session code
    // (get_context_key_for_contract_call, both protocols).
    let contextKey: Key;
    if (entryPoint.entryPointType === "Session") {
      if (ctx.entryPointType !== "Session") throw execErrors.invalidContext();
      contextKey = ctx.baseKey;
    } else {
      contextKey = hashKey(contractHash);
    }

    const pv = exec.config.protocolVersion;
    if (rules.checkProtocolMajorVersion && contract.protocolVersion.major !== pv.major) {
      throw execErrors.incompatibleProtocolMajorVersion(pv.major, contract.protocolVersion.major);
    }

    // a Session entry point sees the account as it was when the phase started (1.5.8
    // `self.context.account()`, 2.0 the runtime footprint), a contract its own named keys
    let namedKeys: Map<string, Key>;
    let accessRights: ContextAccessRights;
    if (entryPoint.entryPointType === "Session") {
      namedKeys = new Map(ctx.account.namedKeys);
      accessRights = accountAccessRights(ctx.account.accountHash, ctx.account.namedKeys, ctx.account.mainPurse);
    } else {
      namedKeys = new Map(contract.namedKeys);
      accessRights = contractAccessRights(contractHash, contract.namedKeys);
    }
    const element: CallStackElement = rules.frameFor(entryPoint.entryPointType) === "StoredSession"
      ? { kind: "StoredSession", accountHash: ctx.account.accountHash, packageHash: contract.contractPackageHash, contractHash }
      : { kind: "StoredContract", packageHash: contract.contractPackageHash, contractHash };
    const stack = this.stack.push(element);

    const isSystemAccount = toHex(ctx.caller) === toHex(SYSTEM_ACCOUNT_HASH);
    const isCallerSystemContract = this.isSystemContractKey(ctx.accessRights.contextKey);
    const isCallingSystemContract = this.isSystemContractKey(contextKey);
    // main purse URefs are attenuated when a normal account or contract calls a normal contract
    const contextArgs = !isSystemAccount && !isCallerSystemContract && !isCallingSystemContract
      ? attenuateArgs(args, ctx.account.mainPurse.addr)
      : args;

    const argURefs: URef[] = [];
    for (const a of contextArgs) {
      const urefs = extractURefsChecked(a.value);
      if (!isCallerSystemContract || !isCallingSystemContract) for (const u of urefs) ctx.validateURef(u);
      argURefs.push(...urefs);
    }
    accessRights.extend(argURefs);

    const childContext = ctx.newFromSelf(contextKey, entryPoint.entryPointType, namedKeys, accessRights, contextArgs);
    const child = new Runtime(childContext, stack, this.depth + 1, this.hostScope);

    const systemName = keyAsHash(contextKey) ? exec.systemContractName(keyAsHash(contextKey)!) : undefined;
    if (systemName !== undefined && systemName !== "standard payment") {
      const sys = exec.system.byName(systemName);
      if (!sys) throw execErrors.missingSystemContractHash(systemName);
      child.chargeSystemContractCall(systemName, entryPoint.name);
      const ret = sys.call(child, entryPoint.name, contextArgs);
      ctx.accessRights.extend(extractURefsChecked(ret));
      // 2.0 call_host_handle_payment: the caller's context remembers the payment purse it obtained
      if (rules.guardPaymentPurse && systemName === "handle payment" && entryPoint.name === "get_payment_purse") {
        ctx.paymentPurse ??= clValueInto(ret, CLT.URef, (r) => readURef(r));
      }
      if (systemName === "mint") ctx.remainingSpendingLimit = childContext.remainingSpendingLimit;
      return ret;
    }

    const wasm = ctx.readGs(hashKey(contract.contractWasmHash));
    if (!wasm) throw execErrors.keyNotFound(`Key::Hash(${toHex(contract.contractWasmHash)})`);
    if (wasm.kind !== "ContractWasm") throw execErrors.invalidContractWasm(toHex(contract.contractWasmHash));
    const loaded = exec.modules.loadStored(wasm.wasm);

    const ret = child.runInstance(loaded, entryPoint.name);
    const sessionToSession = ctx.entryPointType === "Session" && childContext.entryPointType === "Session";
    if (!ret) {
      if (sessionToSession) ctx.namedKeys = new Map(childContext.namedKeys);
      ctx.remainingSpendingLimit = childContext.remainingSpendingLimit;
      return child.takeHostBuffer() ?? clv.unit();
    }
    ctx.accessRights.extend(ret.urefs);
    if (sessionToSession) ctx.namedKeys = new Map(childContext.namedKeys);
    const value = child.takeHostBuffer();
    if (!value) throw execErrors.expectedReturnValue();
    return value;
  }

  /**
   * `validate_group_membership` (1.5.8) / `validate_entry_point_access` (2.0): a Groups entry point
   * needs a URef of one of its groups; a Template one (2.0 only) is never callable.
   */
  private validateEntryPointAccess(pkg: ContractPackage, entryPoint: EntryPoint): void {
    const access = entryPoint.access;
    if (access.kind === "Public") return;
    if (access.kind === "Template") throw execErrors.templateMethod(entryPoint.name);
    if (access.groups.length === 0) throw execErrors.invalidContext();
    for (const g of access.groups) {
      const urefs = pkg.groups.get(g);
      if (urefs?.some((u) => this.context.accessRights.has(u))) return;
    }
    throw execErrors.invalidContext();
  }

  /**
   * 2.0 put_key / call_contract_host_buffer / call_versioned_contract_host_buffer: once this frame
   * holds the payment purse, persisting it or passing it on reverts (contract-calls.ts).
   */
  guardPaymentPurse(urefs: readonly URef[]): void {
    const purse = this.context.paymentPurse;
    if (!purse || !rulesFor(CONTRACT_CALL_RULES, this.exec.config.protocol).guardPaymentPurse) return;
    const addr = toHex(purse.addr);
    if (urefs.some((u) => toHex(u.addr) === addr)) {
      throw ExecError.revert(apiError.handlePayment(HandlePaymentError.AttemptToPersistPaymentPurse), this.exec.config.protocol);
    }
  }
}

/**
 * 2.0 execute_contract, CallContractIdentifier::PackageVersion (runtime/mod.rs): the package as
 * tracking_copy `get_package` finds it (a missing one: "Value not found"), the exact version or
 * MissingEntityVersion, enabled or DisabledEntityVersion, and a Contract under its hash or KeyNotFound.
 */
function resolvePackageVersion(ctx: RuntimeContext, packageHash: Uint8Array, key: { major: number; version: number }): { contract: Contract; contractHash: Uint8Array; pkg: ContractPackage } {
  const v = ctx.readGsDirect(hashKey(packageHash));
  if (!v || v.kind !== "ContractPackage") throw execErrors.trackingCopy("Value not found");
  const pkg = v.pkg;
  const display = `${key.major}.${key.version}`;
  const contractHash = pkg.versions.find((v) => v.major === key.major && v.version === key.version)?.contractHash;
  if (!contractHash) throw execErrors.missingEntityVersion(display);
  if (isVersionDisabled(pkg, key)) throw execErrors.disabledEntityVersion(display);
  const c = ctx.readGs(hashKey(contractHash));
  if (!c || c.kind !== "Contract") throw execErrors.keyNotFound(`Key::Hash(${toHex(contractHash)})`);
  return { contract: c.contract, contractHash, pkg };
}

/** Strict argument checking (runtime/mod.rs, off in the production chainspecs). */
function checkArgs(ep: EntryPoint, args: readonly NamedArg[]): void {
  for (const p of ep.args) {
    const a = args.find((x) => x.name === p.name);
    if (a) {
      if (!clTypeEquals(a.value.clType, p.clType)) {
        throw execErrors.typeMismatch(clTypeToString(p.clType), clTypeToString(a.value.clType));
      }
    } else if (p.clType.kind !== "Option") {
      throw execErrors.missingArgument(p.name);
    }
  }
}

export function extractURefsChecked(v: CLValue): URef[] {
  try {
    return extractURefs(v);
  } catch (e) {
    if (e instanceof BytesreprError) throw execErrors.clValue(`CLValue error: ${e.message}`);
    throw e;
  }
}

/** utils.rs attenuate_uref_in_args: the main purse passed as an arg loses WRITE. */
export function attenuateArgs(args: readonly NamedArg[], mainPurseAddr: Uint8Array): NamedArg[] {
  return args.map((a) => {
    try {
      const v = attenuateURefs(a.value, mainPurseAddr, AccessRights.WRITE);
      return v === a.value ? a : { name: a.name, value: v };
    } catch (e) {
      if (e instanceof BytesreprError) throw execErrors.clValue(`CLValue error: ${e.message}`);
      throw e;
    }
  });
}

/** Account::extract_access_rights: named-key URefs plus the main purse. */
export function accountAccessRights(accountHash: Uint8Array, namedKeys: ReadonlyMap<string, Key>, mainPurse: URef): ContextAccessRights {
  const r = new ContextAccessRights(accountKey(accountHash));
  for (const k of namedKeys.values()) if (k.tag === 2) r.extend([{ addr: k.data.subarray(0, 32), rights: k.data[32] }]);
  r.extend([mainPurse]);
  return r;
}

/** Contract::extract_access_rights: named-key URefs. */
export function contractAccessRights(contractHash: Uint8Array, namedKeys: ReadonlyMap<string, Key>): ContextAccessRights {
  const r = new ContextAccessRights(hashKey(contractHash));
  for (const k of namedKeys.values()) if (k.tag === 2) r.extend([{ addr: k.data.subarray(0, 32), rights: k.data[32] }]);
  return r;
}

export { keysEqual, utf8DecodeStrict, RuntimeContext };
